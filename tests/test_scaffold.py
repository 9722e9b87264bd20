"""``sdgkit new`` and the embedded demo: the repositories they write check clean and build."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
import yaml

from sdgkit.build import build
from sdgkit.check import check
from sdgkit.cli import new_command
from sdgkit.formats.yaml_text import front_matter
from sdgkit.framework import global_framework
from sdgkit.scaffold import (
    DEMO_COUNTRY,
    DEMO_LANGUAGES,
    ScaffoldError,
    demo_repository,
    new_repository,
    repository_files,
)
from sdgkit.scaffold.demo import INDICATORS
from sdgkit.scaffold.options import make_options
from sdgkit.validate.issues import Issue, Severity

DEMO_IDS = [indicator.slug for indicator in INDICATORS]
CREATED = date(2025, 3, 1)


def _meta(path: Path) -> tuple[dict[str, object], str]:
    """Front matter and body of a Markdown file with YAML front matter."""
    split = front_matter(path.read_text(encoding="utf-8"))
    assert not isinstance(split, str), f"{path}: {split}"
    header, body, _ = split
    fields = yaml.safe_load(header)
    assert isinstance(fields, dict)
    return fields, body


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _problems(target: Path) -> list[str]:
    """Every error and warning of the real ``sdgkit check``, as ``code file`` lines."""
    result = check(target)
    return [f"{issue.code} {issue.file}" for issue in result.report
            if issue.severity in (Severity.ERROR, Severity.WARNING) and not _theme_untranslated(issue)]


#: languages in which sdgkit's default theme ships its own interface text
THEME_LANGUAGES = frozenset({"en", "fr", "es", "ar"})


def _theme_untranslated(issue: Issue) -> bool:
    """Expected and honest: the theme's few own texts fall back (visibly) in other languages."""
    return issue.code == "site-untranslated-text" and issue.value not in THEME_LANGUAGES


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("demo") / "repo"
    demo_repository(target)
    return target


@pytest.fixture(scope="module")
def demo_build(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo-out") / "_site"
    result = build(demo, out, site=False, use_cache=False)
    assert result.written, [issue.message for issue in result.report if issue.severity is Severity.ERROR]
    return out


# --- what is written ---------------------------------------------------------------------------


def test_new_repository_writes_configuration_pages_and_every_indicator(tmp_path: Path) -> None:
    target = tmp_path / "kenya"
    written = new_repository(target, country="Kenya", created=CREATED)
    relative = {path.relative_to(target).as_posix() for path in written}
    assert len(relative) == len(written), "a file was written twice"
    expected = {"sdgkit.yml", "metadata_schema.yml", "README.md", ".gitignore",
                "pages/about.md", "pages/faq.md", "pages/guidance.md", "pages/contact.md", "pages/cookies.md",
                "posts/2025-03-01-welcome.md", "translations/en/general.yml", "translations/en/data.yml"}
    assert expected <= relative
    assert {f"meta/{slug}.md" for slug in global_framework().indicators} <= relative
    assert {f"data/indicator_{slug}.csv" for slug in DEMO_IDS} <= relative
    assert all(path.is_file() for path in written)
    assert "_site/" in (target / ".gitignore").read_text().splitlines()
    assert yaml.safe_load((target / "translations/en/general.yml").read_text()) == {"site_title": "Kenya SDG data"}


def test_metadata_of_indicators_without_data_is_the_starter_default(tmp_path: Path) -> None:
    new_repository(tmp_path / "repo", demo_data=False, created=CREATED)
    files = sorted((tmp_path / "repo" / "meta").glob("*.md"))
    assert len(files) == len(global_framework().indicators)
    for path in files:
        fields, body = _meta(path)
        slug = path.stem
        assert fields["reporting_status"] == "notstarted"
        assert fields["data_non_statistical"] is False
        assert fields["indicator_name"] == f"global_indicators.{slug}-title"
        assert body == ""
    assert not (tmp_path / "repo" / "data").exists()


def test_demo_indicators_are_complete_and_say_they_are_demo_data(tmp_path: Path) -> None:
    new_repository(tmp_path / "repo", country="Kenya", created=CREATED)
    for slug in DEMO_IDS:
        fields, body = _meta(tmp_path / "repo" / "meta" / f"{slug}.md")
        assert fields["reporting_status"] == "complete"
        assert fields["national_geographical_coverage"] == "Kenya"
        for key in ("indicator_name", "graph_title", "graph_type", "computation_units", "source_organisation_1"):
            assert fields[key], key
        assert not str(fields["indicator_name"]).startswith("global_indicators.")
        assert "Demonstration data" in body and "not official statistics" in body
    assert _meta(tmp_path / "repo" / "meta" / "5-1-1.md")[0]["graph_type"] == "binary"


def test_every_metadata_field_written_is_in_the_schema(demo: Path) -> None:
    schema = yaml.safe_load((demo / "metadata_schema.yml").read_text(encoding="utf-8"))
    names = {entry["name"] for entry in schema["prose"]["metadata"]["meta"]}
    for path in sorted((demo / "meta").rglob("*.md")):
        fields, _ = _meta(path)
        assert set(fields) <= names, f"{path}: {set(fields) - names}"


def test_demo_datasets_exercise_each_kind_of_chart(demo: Path) -> None:
    tables = {slug: _rows(demo / "data" / f"indicator_{slug}.csv") for slug in DEMO_IDS}
    for slug, rows in tables.items():
        columns = list(rows[0])
        assert columns[0] == "Year" and columns[-1] == "Value", slug
        assert {row["Year"] for row in rows} == {str(year) for year in range(2015, 2025)}, slug
        assert all(row["Value"] for row in rows), slug
    poverty = tables["1-2-1"]
    assert {"Sex", "Age"} <= set(poverty[0])
    assert sum(1 for row in poverty if not row["Sex"] and not row["Age"]) == 10  # the headline
    assert sum(1 for rows in tables.values() for row in rows if row.get("COMMENT_OBS")) >= 2
    assert {row["Units"] for row in tables["3-2-1"]} == {"Deaths per 1,000 live births", "Number"}
    assert "Series" in tables["3-2-1"][0]
    assert {row["Value"] for row in tables["5-1-1"]} == {"1", "-1"}
    water = tables["6-1-1"]
    assert all(row["GeoCode"] for row in water if row["Region"])
    assert len({row["Region"] for row in water if row["Region"]}) >= 4
    assert all(row["Education level"] and row["Subject"] for row in tables["4-1-1"])  # no headline
    percentages = [float(row["Value"]) for slug in ("1-2-1", "4-1-1", "6-1-1") for row in tables[slug]]
    assert all(0 < value < 100 for value in percentages)


def test_output_is_deterministic() -> None:
    options = make_options(["en", "fr"], "Kenya", True, CREATED)
    assert repository_files(options) == repository_files(options)
    again = make_options(["en", "fr"], "Kenya", True, CREATED)
    assert repository_files(options) == repository_files(again)


def test_pages_and_posts_follow_the_front_matter_contract(demo: Path) -> None:
    documents = [*sorted((demo / "pages").glob("*.md")), *sorted((demo / "posts").glob("*.md"))]
    assert documents
    for path in documents:
        fields, body = _meta(path)
        assert isinstance(fields.get("title"), str) and fields["title"], path
        assert body.strip(), path
        parts = path.name.split(".")
        if len(parts) == 3:  # about.fr.md: a translation, only in its language
            assert fields["language"] == parts[1], path
        else:
            assert "language" not in fields, path
        if path.parent.name == "posts":
            assert fields["date"] == date(2025, 1, 15)
            assert path.name.startswith("2025-01-15-")
            assert isinstance(fields["categories"], list)


# --- refusals ----------------------------------------------------------------------------------


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ScaffoldError, match="not empty"):
        new_repository(tmp_path)
    assert [entry.name for entry in tmp_path.iterdir()] == ["notes.txt"]


def test_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(ScaffoldError, match="is a file"):
        new_repository(tmp_path / "file")


def test_accepts_an_empty_folder_and_a_fresh_git_clone(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert new_repository(tmp_path / "empty", demo_data=False, created=CREATED)
    (tmp_path / "clone" / ".git").mkdir(parents=True)
    assert new_repository(tmp_path / "clone", demo_data=False, created=CREATED)


@pytest.mark.parametrize(("languages", "country"), [(["en", "e n"], ""), ([], ""), (["en"], "Bad\x00name")])
def test_invalid_options_write_nothing(tmp_path: Path, languages: list[str], country: str) -> None:
    with pytest.raises(ScaffoldError):
        new_repository(tmp_path / "repo", languages=languages, country=country)
    assert not (tmp_path / "repo").exists()


# --- the real check and build ------------------------------------------------------------------


@pytest.mark.parametrize(("languages", "country", "demo_data"), [
    (("en",), "", True),
    (("en",), "Kenya", False),
    (("fr", "en", "es"), "Côte d'Ivoire", True),
    (("es", "ca"), "Andorra", True),   # ca lacks a few built-in indicator titles
    (("pt", "sw"), "Moçambique", True),  # pt has no built-in translations at all
    (("es", "pt"), "Uruguay", False),  # es corrects a built-in text, which pt then needs too
])
def test_new_repository_checks_clean(tmp_path: Path, languages: Sequence[str], country: str,
                                     demo_data: bool) -> None:
    target = tmp_path / "repo"
    new_repository(target, languages=languages, country=country, demo_data=demo_data, created=CREATED)
    assert _problems(target) == []


def test_demo_checks_clean_in_english_french_and_arabic(demo: Path) -> None:
    config = yaml.safe_load((demo / "sdgkit.yml").read_text(encoding="utf-8"))
    assert config["languages"] == list(DEMO_LANGUAGES) == ["en", "fr", "ar"]
    assert config["site"]["country"]["name"] == DEMO_COUNTRY
    for language in ("fr", "ar"):
        assert (demo / "pages" / f"about.{language}.md").is_file()
        assert (demo / "translations" / language / "general.yml").is_file()
        assert all((demo / "meta" / language / f"{slug}.md").is_file() for slug in DEMO_IDS)
    assert _problems(demo) == []


def test_demo_builds_its_data_service(demo_build: Path) -> None:
    for language in DEMO_LANGUAGES:
        for slug in DEMO_IDS:
            assert (demo_build / language / "data" / f"{slug}.csv").is_file(), (language, slug)
    headlines = {slug: _rows(demo_build / "en" / "headline" / f"{slug}.csv") for slug in DEMO_IDS}
    assert len(headlines["1-2-1"]) == 10
    assert len(headlines["3-2-1"]) == 20  # one per year and unit
    assert len(headlines["5-1-1"]) == 10
    assert len(headlines["6-1-1"]) == 10
    assert headlines["4-1-1"] == []  # only breakdowns


def test_demo_is_translated_in_the_data_service(demo_build: Path) -> None:
    french = json.loads((demo_build / "fr" / "meta" / "1-2-1.json").read_text(encoding="utf-8"))
    assert french["indicator_name"].startswith("Proportion de la population")
    arabic = _rows(demo_build / "ar" / "data" / "1-2-1.csv")
    assert "الجنس" in arabic[0]  # the column Sex, translated by translations/ar/data.yml
    placeholder = json.loads((demo_build / "fr" / "meta" / "1-1-1.json").read_text(encoding="utf-8"))
    assert not placeholder["indicator_name"].startswith("global_indicators.")  # the built-in French title


# --- the command line --------------------------------------------------------------------------


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sdgkit")
    new_command.add_parser(parser.add_subparsers(dest="command"))
    options = parser.parse_args(argv)
    code: int = options.run(options)
    return code


def test_cli_creates_a_repository_and_says_what_next(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my sdg"
    assert _run(["new", str(target), "--language", "en,fr", "--language", "es", "--country", "Peru"]) == 0
    out = capsys.readouterr().out
    count = len([path for path in target.rglob("*") if path.is_file()])
    assert f"Created {count} files" in out
    assert "languages: en, fr, es" in out
    for command in ("sdgkit check", "sdgkit build", "--out", "sdgkit serve"):
        assert command in out
    assert f"'{target}'" in out  # quoted, so the commands can be pasted
    config = yaml.safe_load((target / "sdgkit.yml").read_text(encoding="utf-8"))
    assert config["languages"] == ["en", "fr", "es"]
    assert config["site"]["country"]["name"] == "Peru"


def test_cli_without_demo_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["new", str(tmp_path / "repo"), "--no-demo-data"]) == 0
    assert "no demo data" in capsys.readouterr().out
    assert not (tmp_path / "repo" / "data").exists()


def test_cli_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data.csv").write_text("x")
    assert _run(["new", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "not empty" in captured.err
