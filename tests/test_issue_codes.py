"""Every issue code in the catalogue is raised by a tiny broken repository, and bad input never crashes.

The repositories are built in ``tmp_path`` by :mod:`tests.broken`: a clean base, then
one breaker per code. Adding a code to the catalogue without adding a breaker fails
``test_every_code_has_a_breaker``.
"""

from __future__ import annotations

import os
import random
import re
import time
from pathlib import Path

import pytest

from sdgkit.build import build
from sdgkit.check import CheckResult, check
from sdgkit.formats.csv_data import read_csv_table
from sdgkit.formats.files import TextFile
from sdgkit.validate.catalog import CATALOG
from sdgkit.validate.issues import Issue, Report, Severity
from tests.broken import (
    BASE_DATA,
    BROKEN,
    BUILD_BROKEN,
    CONFIG,
    DATA,
    GEOJSON,
    META,
    SCHEMA,
    add_map_layer,
    build_base,
    deeply_nested,
    write,
)

#: A placeholder left unfilled by ``make_issue`` shows up as an empty pair of backticks.
_UNFILLED = re.compile(r"``|\{[a-z_]+\}")


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return build_base(tmp_path)


def issues_of(result: CheckResult, code: str) -> list[Issue]:
    return [issue for issue in result.report if issue.code == code]


def assert_all_coded(result: CheckResult) -> None:
    """At least one issue, each with a catalogued code and a readable message."""
    assert len(result.report) > 0, "expected the bad input to be reported"
    for issue in result.report:
        assert issue.code in CATALOG, issue
        assert issue.message and not _UNFILLED.search(issue.message), issue


# --- the base ------------------------------------------------------------------------

def test_clean_base_has_no_errors_or_warnings(base: Path) -> None:
    result = check(base)
    serious = [issue for issue in result.report if issue.severity in (Severity.ERROR, Severity.WARNING)]
    assert serious == []
    assert result.project is not None
    indicator = result.project.indicators["1-1-1"]
    assert indicator.data is not None and len(indicator.data.frame) == 4
    assert indicator.metadata["reporting_status"] == "complete"


# --- one breaker per code ------------------------------------------------------------

def test_every_code_has_a_breaker() -> None:
    missing = sorted(set(CATALOG) - set(BROKEN) - set(BUILD_BROKEN))
    stale = sorted((set(BROKEN) | set(BUILD_BROKEN)) - set(CATALOG))
    assert not missing, f"add a breaker to tests/broken.py for: {', '.join(missing)}"
    assert not stale, f"codes no longer in the catalogue: {', '.join(stale)}"


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_breaker_raises_its_code(code: str, base: Path) -> None:
    BROKEN[code](base)
    result = check(base)
    found = issues_of(result, code)
    assert found, f"{code} was not raised; the report has {dict(result.report.codes())}"
    assert any(issue.severity is CATALOG[code].severity for issue in found), found
    for issue in found:
        assert not _UNFILLED.search(issue.message), issue.message
        assert not _UNFILLED.search(issue.hint), issue.hint
    assert_all_coded(result)


@pytest.mark.parametrize("code", sorted(BUILD_BROKEN))
def test_build_breaker_raises_its_code(code: str, base: Path) -> None:
    out = BUILD_BROKEN[code](base)
    try:
        result = build(base, out)
    finally:
        os.environ.pop("SDGKIT_PAGEFIND", None)
    assert result.written is (CATALOG[code].severity is not Severity.ERROR)
    found = issues_of_report(result.report, code)
    assert found and all(issue.severity is CATALOG[code].severity for issue in found)
    assert all(not _UNFILLED.search(issue.message) for issue in found)


def issues_of_report(report: Report, code: str) -> list[Issue]:
    return [issue for issue in report if issue.code == code]


#: Where representative issues must point: the attributes of at least one issue of the code.
LOCATIONS: dict[str, dict[str, object]] = {
    "csv-ragged-row": {"file": DATA, "line": 3},
    "csv-blank-row": {"file": DATA, "line": 4},
    "data-value-not-numeric": {"file": DATA, "line": 3, "column": 3, "value": "n/a"},
    "data-conflicting-observation": {"file": DATA, "line": 6, "value": "30"},
    "data-geocode-unknown": {"file": DATA, "line": 4, "column": 2, "value": "E9"},
    "file-encoding": {"file": DATA, "line": 6},
    "yaml-syntax": {"file": META, "line": 4, "column": 20},
    "yaml-duplicate-key": {"file": META, "line": 7},
    "config-unknown-key": {"file": CONFIG, "line": 12},
    "config-yaml-syntax": {"file": CONFIG, "line": 2},
}

#: Text the message of those issues must contain (the other line it refers to, the counts...).
MESSAGES: dict[str, str] = {
    "csv-ragged-row": "4 cells but the header has 3",
    "data-conflicting-observation": "line 4",
    "yaml-duplicate-key": "first on line 4",
    "config-unknown-key": "langauges",
}


@pytest.mark.parametrize("code", sorted(LOCATIONS))
def test_issue_location(code: str, base: Path) -> None:
    BROKEN[code](base)
    found = issues_of(check(base), code)
    wanted = LOCATIONS[code]
    located = [issue for issue in found if all(getattr(issue, key) == value for key, value in wanted.items())]
    assert located, f"no {code} issue at {wanted}: {found}"
    if code in MESSAGES:
        assert MESSAGES[code] in located[0].message


# --- codes that need special conditions ------------------------------------------------

def test_path_not_found_for_a_file(tmp_path: Path) -> None:
    not_a_folder = write(tmp_path, "notes.txt", "not a repository")
    result = check(not_a_folder)
    assert list(result.report.codes()) == ["path-not-found"]
    assert result.project is None and result.config_failed


def test_file_unreadable_when_the_schema_is_a_folder(base: Path) -> None:
    (base / SCHEMA).unlink()
    (base / SCHEMA).mkdir()
    [issue] = issues_of(check(base), "file-unreadable")
    assert issue.file == SCHEMA


def test_folder_named_like_a_data_file_is_skipped(base: Path) -> None:
    (base / "data" / "indicator_2-1-1.csv").mkdir()
    result = check(base)
    assert not [issue for issue in result.report if issue.severity is not Severity.INFO]


def test_billion_laughs_is_refused_quickly(base: Path) -> None:
    BROKEN["yaml-too-complex"](base)
    start = time.perf_counter()
    result = check(base)
    assert time.perf_counter() - start < 2
    [issue] = issues_of(result, "yaml-too-complex")
    assert issue.file == META


def test_complete_but_non_statistical_indicator_needs_no_data(base: Path) -> None:
    (base / DATA).unlink()
    (base / META).write_text((base / META).read_text().replace("data_non_statistical: false",
                                                               "data_non_statistical: true"))
    codes = check(base).report.codes()
    assert codes["indicator-metadata-without-data"] == 1 and "indicator-complete-without-data" not in codes


def test_geocodes_in_the_boundary_file_are_known(base: Path) -> None:
    add_map_layer(base, GEOJSON)
    assert "data-geocode-unknown" not in check(base).report.codes()


def test_remote_source_is_not_fetched(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("sdgkit tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    BROKEN["config-remote-source"](base)
    [issue] = issues_of(check(base), "config-remote-source")
    assert issue.file == CONFIG and issue.line == 12


# --- bad input never crashes -----------------------------------------------------------

def test_ten_thousand_columns(base: Path) -> None:
    header = ["Year", *(f"Column {n}" for n in range(1, 9999)), "Value"]
    full = ["2015", *(["x"] * 9998), "1"]
    write(base, DATA, ",".join(header) + "\n" + ",".join(full) + "\n" + ",".join(full[:-1]) + "\n")
    result = check(base)
    assert_all_coded(result)
    [issue] = issues_of(result, "csv-ragged-row")
    assert (issue.line, issue.file) == (3, DATA)
    assert result.project is not None
    table = result.project.indicators["1-1-1"].data
    assert table is not None and table.frame.shape == (1, 10_000)


def test_empty_repository_directory(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = check(empty)
    assert "repository-empty" in result.report.codes()
    assert_all_coded(result)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("with_nul", [True, False], ids=["binary", "no-nul-bytes"])
def test_random_bytes_named_csv(base: Path, seed: int, with_nul: bool) -> None:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not cryptography
    low = 0 if with_nul else 1
    write(base, DATA, bytes(rng.randrange(low, 256) for _ in range(4096)))
    result = check(base)
    assert_all_coded(result)
    assert any(issue.file == DATA and issue.severity is Severity.ERROR for issue in result.report)


@pytest.mark.parametrize("text", ["---\n- reporting_status\n- complete\n---\n", "---\njust some text\n---\n",
                                  "---\n42\n---\n"])
def test_metadata_that_is_not_a_mapping(base: Path, text: str) -> None:
    write(base, META, text)
    result = check(base)
    assert_all_coded(result)
    [issue] = issues_of(result, "yaml-not-mapping")
    assert (issue.file, issue.line) == (META, 1)


def test_yaml_metadata_file_that_is_a_list(base: Path) -> None:
    (base / CONFIG).write_text((base / CONFIG).read_text().replace(
        "class: InputYamlMdMeta\n    path_pattern: meta/*-*.md",
        "class: InputYamlMeta\n    path_pattern: meta/*-*.yml"))
    (base / META).unlink()
    write(base, "meta/1-1-1.yml", "- reporting_status: complete\n- graph_type: line\n")
    result = check(base)
    assert_all_coded(result)
    assert issues_of(result, "yaml-not-mapping")[0].file == "meta/1-1-1.yml"


@pytest.mark.parametrize("text", ["- languages\n- en\n", "just text\n", "42\n"])
def test_config_that_is_not_a_mapping(base: Path, text: str) -> None:
    write(base, CONFIG, text)
    result = check(base)
    assert_all_coded(result)
    assert issues_of(result, "config-not-mapping")[0].file == CONFIG
    assert result.config_failed


_NESTED_TARGETS = {
    "metadata": (META, "---\nindicator_name: {}---\n"),
    "metadata-top-level": (META, "---\n{}---\n"),
    "config": (CONFIG, "languages: [en]\ndatapackage: {}"),
    "config-top-level": (CONFIG, "{}"),
    "schema": (SCHEMA, "{}"),
    "translation": ("translations/en/custom.yml", "north: {}"),
}
_NESTED_CODES = {"yaml-syntax", "yaml-too-complex", "config-yaml-syntax"}


@pytest.mark.parametrize("depth", [10_000, 500])
@pytest.mark.parametrize("where", sorted(_NESTED_TARGETS))
def test_deeply_nested_yaml(base: Path, where: str, depth: int) -> None:
    relative, template = _NESTED_TARGETS[where]
    write(base, relative, template.format(deeply_nested(depth)))
    start = time.perf_counter()
    result = check(base)
    assert time.perf_counter() - start < 5
    assert_all_coded(result)
    assert _NESTED_CODES & set(result.report.codes()), dict(result.report.codes())


# --- known bugs: these document sdgkit problems and start passing when they are fixed ---

def test_deeply_nested_geojson_does_not_crash(base: Path) -> None:
    add_map_layer(base, "[" * 100_000 + "]" * 100_000)
    assert issues_of(check(base), "geojson-invalid")


def test_geojson_properties_that_are_not_objects_do_not_crash(base: Path) -> None:
    add_map_layer(base, '{"type": "FeatureCollection", "features": [{"properties": ["code", "name"]}]}')
    assert_all_coded(check(base))


def test_value_only_data_file_does_not_crash(base: Path) -> None:
    write(base, DATA, "Value\n1\n2\n")
    assert "data-missing-year-column" in check(base).report.codes()


def test_empty_data_file_is_not_also_a_leading_blank_line(base: Path) -> None:
    write(base, DATA, "")
    codes = check(base).report.codes()
    assert codes["csv-empty-file"] == 1
    assert "file-leading-blank-lines" not in codes


def test_file_too_large_message_shows_the_sizes(base: Path) -> None:
    BROKEN["file-too-large"](base)
    [issue] = issues_of(check(base), "file-too-large")
    assert "is 0 MB" not in issue.message and "limit of 0 MB" not in issue.message


def test_csv_parse_error_points_at_the_unclosed_quote(base: Path) -> None:
    BROKEN["csv-parse-error"](base)
    [issue] = issues_of(check(base), "csv-parse-error")
    assert issue.line == 2


def test_single_column_file_with_a_leading_blank_line() -> None:
    table, _ = read_csv_table(TextFile(DATA, "\nValue\n \n", "utf-8"))
    assert table is not None
    assert table.frame["Value"].tolist() == [" "]  # not the header text `Value`


def test_unnamed_first_column_header_does_not_shift_the_rows() -> None:
    # found by tests/test_properties.py: header ['', 'a,'] then a cell with a line break
    table, _ = read_csv_table(TextFile(DATA, ',"a,"\nx,"l\nm"\n', "utf-8"))
    assert table is not None
    assert table.frame.fillna("").values.tolist() == [["x", "l\nm"]]


def test_base_data_is_what_the_location_tests_assume() -> None:
    lines = BASE_DATA.splitlines()
    assert lines[0] == "Year,Sex,Value" and lines[2] == "2016,,2" and lines[3] == "2015,Female,3"
