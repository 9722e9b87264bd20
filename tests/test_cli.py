"""The command line: output shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sdgkit.cli import main


def _repo(root: Path, csv: str = "Year,Sex,Value\n2015,,1\n2015,F,2\n") -> Path:
    (root / "data").mkdir(parents=True)
    (root / "meta").mkdir()
    (root / "config_data.yml").write_text(
        "languages: [en]\ntranslations:\n  - class: TranslationInputYaml\n    source: translations\n")
    (root / "data" / "indicator_1-1-1.csv").write_text(csv)
    (root / "meta" / "1-1-1.md").write_text(
        "---\nreporting_status: complete\ndata_non_statistical: false\ngraph_title: T\ngraph_type: line\n---\n")
    (root / "_prose.yml").write_text("prose:\n  metadata:\n    meta:\n      - name: graph_title\n")
    return root


def test_clean_repository_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(_repo(tmp_path)), "--no-color"]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_errors_exit_one_and_are_grouped_by_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path, "Year,Sex,Value\n2015,,abc\n")
    assert main(["check", str(repo), "--no-color"]) == 1
    out = capsys.readouterr().out
    assert "data/indicator_1-1-1.csv" in out
    assert "2:3" in out and "[data-value-not-numeric]" in out
    assert out.strip().endswith("in 1 file.")


def test_messages_in_another_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path, "Year,Sex,Value\n2015,,abc\n")
    assert main(["check", str(repo), "--no-color"]) == 1
    english = capsys.readouterr().out
    assert main(["check", str(repo), "--no-color", "--lang", "fr"]) == 1
    french = capsys.readouterr().out
    assert french != english and "[data-value-not-numeric]" in french and "abc" in french
    main(["check", str(repo), "--format", "json", "--lang", "es"])
    issue = json.loads(capsys.readouterr().out)["issues"][0]
    assert issue["code"] == "data-value-not-numeric" and issue["message"] not in english


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "Year,Sex,Value\n2019/20,,1\n")
    assert main(["check", str(repo)]) == 0
    assert main(["check", str(repo), "--strict"]) == 1


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path, "Year,Sex,Value\n2015,F ,1\n")
    main(["check", str(repo), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    issue = next(i for i in document["issues"] if i["code"] == "csv-cell-whitespace")
    assert (issue["file"], issue["line"], issue["column"], issue["value"]) == (
        "data/indicator_1-1-1.csv", 2, 2, "F ")


def test_configuration_error_exits_two(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "config_data.yml").write_text("languages: [en\n")
    assert main(["check", str(repo)]) == 2


def test_missing_path_and_usage_errors_exit_two(tmp_path: Path) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 2
    assert main(["check", "--format", "xml"]) == 2
    assert main([]) == 2


def test_codes_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes"]) == 0
    assert "data-missing-value-column" in capsys.readouterr().out
