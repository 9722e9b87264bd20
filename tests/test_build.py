"""``sdgkit build`` end to end: the real fixtures, bad input, and safe replacement of the output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sdgkit.build import build
from sdgkit.write import MARKER
from tests.broken import DATA, build_base, edit


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_starter_builds_every_language(starter_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(starter_repo, out)
    assert result.written and not result.report.has_errors
    for folder in ("untranslated", "en", "es"):
        metas = json.loads((out / folder / "meta" / "all.json").read_text())
        assert len(metas) == 247
        for slug in metas:
            assert (out / folder / "comb" / f"{slug}.json").is_file()
    spanish = json.loads((out / "es" / "meta" / "1-1-1.json").read_text())
    english = json.loads((out / "en" / "meta" / "1-1-1.json").read_text())
    assert spanish["indicator_name"] != english["indicator_name"]  # global titles translated


def test_uk_builds_without_errors(uk_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(uk_repo, out)
    assert result.written and not result.report.has_errors and not result.skipped
    metas = json.loads((out / "en" / "meta" / "all.json").read_text())
    assert len(metas) == result.indicators == 277
    none_category = json.loads((out / "en" / "data" / "16-1-4.json").read_text())
    assert "None" in none_category["Highest qualification"]  # a category, not a blank
    zip_info = json.loads((out / "en" / "zip" / "all_indicators.json").read_text())
    assert zip_info["size_bytes"] == (out / "en" / "zip" / "all_indicators.zip").stat().st_size > 0
    assert (out / "index.html").is_file()  # documentation at the root, as the UK configures


def test_errors_stop_the_build_and_keep_going_skips_only_the_broken(tmp_path: Path) -> None:
    repo = build_base(tmp_path)
    edit(repo, DATA, "2016,,2\n", "2016,,two\n")
    out = tmp_path / "out"
    stopped = build(repo, out)
    assert not stopped.written and not out.exists() and stopped.report.has_errors
    kept = build(repo, out, keep_going=True)
    assert kept.written and kept.skipped == ["1-1-1"]
    assert not (out / "en" / "data" / "1-1-1.json").exists()


def test_a_failed_build_leaves_the_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = build_base(tmp_path)
    out = tmp_path / "out"
    assert build(repo, out).written
    before = files_under(out)

    def broken_render(*args: object, **kwargs: object) -> object:
        yield "en/data/1-1-1.json", b"{}"
        raise RuntimeError("interrupted")

    monkeypatch.setattr("sdgkit.build.render", broken_render)
    with pytest.raises(RuntimeError):
        build(repo, out)
    assert files_under(out) == before
    staging = [p.name for p in tmp_path.iterdir() if p.name.startswith((".out.new-", ".out.old-"))]
    assert staging == []  # no staging folder left behind


@pytest.mark.parametrize("where", ["repository", "parent", "root", "foreign"])
def test_unsafe_output_folders_are_refused(tmp_path: Path, where: str) -> None:
    repo = build_base(tmp_path)
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("precious")
    out = {"repository": repo, "parent": tmp_path, "root": Path("/"), "foreign": foreign}[where]
    result = build(repo, out)
    assert not result.written and result.config_failed
    assert [i.code for i in result.report if i.code == "build-output-unsafe"]
    assert (foreign / "thesis.docx").read_text() == "precious"


def test_a_previous_build_is_replaced_and_marked(tmp_path: Path) -> None:
    repo = build_base(tmp_path)
    out = tmp_path / "out"
    build(repo, out)
    (out / "stale.json").write_text("{}")
    assert build(repo, out).written
    assert not (out / "stale.json").exists() and (out / MARKER).is_file()


def test_cli_build_summary_and_exit_codes(tmp_path: Path) -> None:
    repo = build_base(tmp_path)
    done = subprocess.run([sys.executable, "-m", "sdgkit", "build", str(repo), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Built 1 indicators" in done.stderr and "files" in done.stderr
    edit(repo, DATA, "2016,,2\n", "2016,,two\n")
    failed = subprocess.run([sys.executable, "-m", "sdgkit", "build", str(repo), "--out", str(tmp_path / "o2")],
                            capture_output=True, text=True, check=False)
    assert failed.returncode == 1 and "Nothing was written" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_parallel_build_writes_the_same_files(tmp_path: Path) -> None:
    repo = tmp_path / "tiny"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tiny", repo)
    build(repo, tmp_path / "one", jobs=1)
    build(repo, tmp_path / "two", jobs=2)
    assert files_under(tmp_path / "one") == files_under(tmp_path / "two")


def assert_outputs_match_schemas(out: Path) -> int:
    """Every JSON file of every language folder validates against its published schema."""
    from jsonschema import Draft202012Validator

    from sdgkit.schemas.dataservice import load_schema, schema_for

    validators: dict[str, Draft202012Validator] = {}
    checked = 0
    for folder in (p for p in out.iterdir() if p.is_dir() and (p / "meta" / "all.json").is_file()):
        for path in folder.rglob("*"):
            name = schema_for(str(path.relative_to(folder)))
            if name is None:
                continue
            validator = validators.setdefault(name, Draft202012Validator(load_schema(name)))
            errors = list(validator.iter_errors(json.loads(path.read_bytes())))
            assert not errors, f"{path.relative_to(out)}: {errors[0].message}"
            checked += 1
    return checked


def test_starter_and_tiny_outputs_validate_against_the_schemas(starter_repo: Path, tmp_path: Path) -> None:
    build(starter_repo, tmp_path / "starter-out")
    assert assert_outputs_match_schemas(tmp_path / "starter-out") >= 3 * 247 * 6
    tiny = tmp_path / "tiny"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tiny", tiny)
    build(tiny, tmp_path / "tiny-out")
    assert assert_outputs_match_schemas(tmp_path / "tiny-out") > 0


def test_uk_outputs_validate_against_the_schemas(uk_repo: Path, tmp_path: Path) -> None:
    build(uk_repo, tmp_path / "out")
    assert assert_outputs_match_schemas(tmp_path / "out") >= 2 * 277 * 6


def test_a_rebuild_renders_only_the_changed_indicator(tmp_path: Path) -> None:
    repo = tmp_path / "tiny"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tiny", repo)
    out = tmp_path / "out"
    first = build(repo, out)
    assert first.rendered == 3
    unchanged = build(repo, out)
    assert unchanged.rendered == 0 and files_under(out) == files_under(tmp_path / "out")
    data = repo / "data" / "indicator_1-2-1.csv"
    data.write_text(data.read_text().replace("2019,Poverty rate,Percent,,,19", "2019,Poverty rate,Percent,,,18"))
    again = build(repo, out)
    assert again.rendered == 1
    assert json.loads((out / "en" / "data" / "1-2-1.json").read_text())["Value"][1] == 18
    fresh = build(repo, tmp_path / "fresh", use_cache=False)
    assert fresh.rendered == 3
    assert files_under(out) == files_under(tmp_path / "fresh")
