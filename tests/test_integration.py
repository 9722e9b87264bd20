"""End to end: the real UK repository and the Open SDG starter, checked as users will."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from sdgkit.check import check
from sdgkit.validate.issues import Severity


@pytest.fixture(scope="module")
def uk_result(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from tests.conftest import shared_fixture

    return check(shared_fixture("uk-sdg-data"))


def test_starter_has_no_errors(starter_repo: Path) -> None:
    result = check(starter_repo)
    counts = result.report.counts()
    assert counts[Severity.ERROR] == 0
    assert result.project is not None
    assert len(result.project.indicators) == 247  # every indicator-config file
    # the two remote sources of the starter's config are reported with their local alternative
    assert result.report.codes()["config-remote-source"] == 2
    spanish = result.project.indicators["1-1-1"].translations["es"]
    assert spanish["SDG_GOAL"].startswith("Meta 1")


def test_uk_reads_every_indicator(uk_result) -> None:  # type: ignore[no-untyped-def]
    project = uk_result.project
    assert project is not None
    with_data = [i for i in project.indicators.values() if i.data is not None]
    assert len(with_data) == 268
    assert sum(len(i.data.frame) for i in with_data) == 204009


def test_uk_category_none_is_not_a_total(uk_result) -> None:  # type: ignore[no-untyped-def]
    frame = uk_result.project.indicators["16-1-4"].data.frame
    assert (frame["Highest qualification"] == "None").sum() == 1


def test_uk_known_problems_under_the_right_codes(uk_result) -> None:  # type: ignore[no-untyped-def]
    report = uk_result.report
    by_file: dict[str, Counter[str]] = {}
    for issue in report:
        by_file.setdefault(issue.file or "", Counter())[issue.code] += 1
    assert by_file["data/indicator_3-3-5.csv"]["file-leading-blank-lines"] == 1
    assert by_file["data/indicator_6-3-2.csv"]["csv-blank-row"] == 1
    assert by_file["meta/3-9-1.md"]["file-leading-blank-lines"] == 1
    # standalone: true pasted inside a folded text block becomes part of the text
    assert by_file["meta/archived-11-6-1.md"]["metadata-invalid-setting"] == 1
    duplicated = {i.file for i in report if i.code in ("data-duplicate-observation", "data-conflicting-observation")}
    assert len(duplicated) == 14
    assert report.codes()["data-period-not-year"] > 0
    periods = [i for i in report if i.code == "data-period-not-year" and i.file == "data/indicator_1-2-1.csv"]
    assert all(i.line and i.column == 1 for i in periods)


def test_uk_remote_sources_name_local_alternatives(uk_result) -> None:  # type: ignore[no-untyped-def]
    remote = [i for i in uk_result.report if i.code == "config-remote-source"]
    assert len(remote) == 4
    assert all(i.file == "config_data.yml" and i.line for i in remote)
    assert all("geojson_file" in i.hint or "source:" in i.hint for i in remote)


def test_uk_issues_all_located(uk_result) -> None:  # type: ignore[no-untyped-def]
    for issue in uk_result.report:
        if issue.code.startswith(("data-", "csv-")):
            assert issue.file and issue.line, issue


def test_cli_json_on_uk_validates_against_schema(tmp_path: Path) -> None:
    from tests.conftest import shared_fixture

    jsonschema = pytest.importorskip("jsonschema")
    repo = shared_fixture("uk-sdg-data")
    done = subprocess.run([sys.executable, "-m", "sdgkit", "check", str(repo), "--format", "json", "--strict"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)
    schema_path = Path(__file__).resolve().parents[1] / "src/sdgkit/schemas/check-report.schema.json"
    jsonschema.validate(document, json.loads(schema_path.read_text()))
    assert document["summary"]["errors"] > 0  # the UK's warnings, made errors by --strict
    assert "Traceback" not in done.stderr
