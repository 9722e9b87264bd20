"""Progress through the whole pipeline: ``sdgkit check`` issues and the data service's files.

The arithmetic is pinned in ``test_progress.py``; here the fixture ``tests/fixtures/progress``
and a copy of the UK repository configured as a statistician would are checked and built.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from sdgkit.build import build
from sdgkit.check import check
from sdgkit.validate.issues import Severity
from tests.test_build import assert_outputs_match_schemas

PROGRESS = Path(__file__).parent / "fixtures" / "progress"

#: what every indicator of the fixture shows (docs/progress.md works the numbers out by hand)
EXPECTED = {
    "1-1-1": "target_achieved",        # set by hand
    "1-3-1": "substantial_progress",   # no target, limit 100: Canada's example, score 2.815
    "1-5-3": "deterioration",          # target 1, lower is better, 10 → 30
    "1-5-4": "substantial_progress",   # target 9, higher is better, 5 → 6
    "2-1-1": "not_available",          # no data
    "3-2-1": "substantial_progress",   # headline falls 4.8 → 4.2, lower is better
    "6-1-1": "moderate_progress",      # mean of 5 (target achieved) and −1.76
    "8-1-1": "moderate_progress",      # assessed on the Progress column, not on Value
    "8-2-1": "not_available",          # values change sign
}


@pytest.fixture
def progress_repo(tmp_path: Path) -> Path:
    target = tmp_path / "progress"
    shutil.copytree(PROGRESS, target)
    return target


def _front_matter(path: Path, extra: str) -> None:
    """Add YAML lines at the top of a Markdown metadata file's front matter."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    path.write_text("---\n" + extra.strip("\n") + "\n" + text[4:], encoding="utf-8")


def test_check_reports_what_cannot_be_assessed_at_the_setting() -> None:
    report = check(PROGRESS).report
    progress = [issue for issue in report if issue.code.startswith("progress-")]
    assert {(issue.code, issue.indicator) for issue in progress} == {
        ("progress-no-data", "2-1-1"), ("progress-cannot-assess", "8-2-1")}
    opposite = next(issue for issue in progress if issue.indicator == "8-2-1")
    assert opposite.file == "meta/8-2-1.md"
    assert opposite.line == 7  # the line of `progress_calculation_options`
    assert "opposite signs" in opposite.message and "Progress" in opposite.hint
    assert not report.has_errors


def test_data_service_writes_status_components_and_rollup(tmp_path: Path) -> None:
    result = build(PROGRESS, tmp_path / "out", site=False)
    assert result.written
    out = tmp_path / "out"
    for language in ("en", "fr", "untranslated"):
        statuses = {slug: json.loads((out / language / "meta" / f"{slug}.json").read_bytes()).get("progress_status")
                    for slug in EXPECTED}
        assert statuses == EXPECTED
    components = json.loads((out / "en" / "indicator_calculation_components.json").read_bytes())
    assert components == yaml.safe_load((out / "en" / "indicator_calculation_components.yml").read_bytes())
    assert "1-1-1" not in components  # set by hand: nothing was computed
    canada = components["1-3-1"]["1-3-1"]
    assert canada["progress_value"] == pytest.approx(0.0058400, abs=1e-7)
    assert canada["score"] == pytest.approx(2.8153866, abs=1e-6)
    assert (canada["base_year"], canada["base_value"], canada["current_year"], canada["current_value"]) == \
        (2015, 90.0, 2021, 93.2)
    by_sex = components["3-2-1"]["3-2-1"]["breakdowns"]["Sex"]
    assert set(by_sex) == {"Female", "Male"}
    assert by_sex["Male"]["status"] == "deterioration"  # 5.2 → 5.4 while lower is better
    assert components["8-2-1"]["8-2-1"]["reason"] == "opposite-signs"
    rollup = json.loads((out / "en" / "stats" / "progress.json").read_bytes())
    counts = {entry["status"]: entry["count"] for entry in rollup["overall"]["statuses"]}
    assert counts == {"target_achieved": 1, "substantial_progress": 3, "moderate_progress": 2,
                      "limited_progress": 0, "deterioration": 1, "not_available": 2}
    assert rollup["overall"]["scored"] == 6
    assert [goal["goal"] for goal in rollup["goals"]] == ["1", "2", "3", "6", "8"]
    assert assert_outputs_match_schemas(out) > 0


def test_wrong_settings_become_warnings_and_nothing_stops(progress_repo: Path) -> None:
    _front_matter(progress_repo / "meta" / "1-1-1.md", "")  # unchanged line numbers elsewhere
    (progress_repo / "meta" / "1-1-1.md").write_text(
        "---\nindicator_name: Set by hand\ngraph_type: line\ngraph_title: Set by hand\n"
        "reporting_status: complete\nprogress_status: great\n---\n", encoding="utf-8")
    _front_matter(progress_repo / "meta" / "1-5-4.md", "progress_status: deterioration")
    meta = progress_repo / "meta" / "1-3-1.md"
    meta.write_text(meta.read_text(encoding="utf-8").replace("direction: positive", "direction: upward"),
                    encoding="utf-8")
    report = check(progress_repo).report
    found = {(issue.code, issue.indicator): issue for issue in report if issue.code.startswith("progress-")}
    unknown = found[("progress-status-unknown", "1-1-1")]
    assert unknown.line == 6 and "great" in unknown.message
    assert found[("progress-status-overridden", "1-5-4")].severity is Severity.INFO
    invalid = found[("progress-option-invalid", "1-3-1")]
    assert "item 1" in invalid.message.lower() and "direction" in invalid.message
    assert not report.has_errors
    result = build(progress_repo, progress_repo.parent / "out", site=False)
    assert result.written


def test_eurostat_thresholds_change_the_status_of_slow_growth(progress_repo: Path, tmp_path: Path) -> None:
    """8-1-1 grows 0.75 % a year (98.5 → 101.5 over 4 years): moderate for Statistics Canada
    (0.5 %–1.5 %), moderate for Eurostat too (0–1 %); 1-5-4 is unaffected (it has a target)."""
    config = progress_repo / "config_data.yml"
    config.write_text(config.read_text(encoding="utf-8") + "progress:\n  method: eurostat\n", encoding="utf-8")
    build(progress_repo, tmp_path / "out", site=False)
    components = json.loads((tmp_path / "out" / "en" / "indicator_calculation_components.json").read_bytes())
    assert {entry["method"] for entry in components.values()} == {"eurostat"}
    growth = components["8-1-1"]["8-1-1"]
    assert growth["thresholds"] == {"high": 0.01, "med": 0.0, "low": -0.01}
    assert growth["status"] == "moderate_progress"
    assert components["1-5-4"]["progress_status"] == "substantial_progress"
    male = components["3-2-1"]["3-2-1"]["breakdowns"]["Sex"]["Male"]
    assert male["progress_value"] == pytest.approx(-0.0095, abs=5e-4)  # −0.95 % a year
    assert male["status"] == "limited_progress"  # "moderate movement away" for Eurostat, not deterioration


# --- the UK, configured as a statistician would ---------------------------------------------

UK_SETTINGS = {
    # suicide rate, lower is better, no target, by sex
    "3-4-2": "auto_progress_calculation: true\nprogress_calculation_options:\n  - direction: negative\n"
             "progress_breakdowns: [Sex]",
    # adult smoking, lower is better, the 2030 "smokefree" target of 5 %, by sex
    "3-a-1": "auto_progress_calculation: true\nprogress_calculation_options:\n  - direction: negative\n"
             "    target: 5\nprogress_breakdowns: [Sex]",
    # safe drinking water, higher is better, cannot pass 100 %
    "6-1-1": "auto_progress_calculation: true\nprogress_calculation_options:\n  - direction: positive\n"
             "    limit: 100",
    # women in parliament: two series, so the series must be chosen
    "5-5-1": "auto_progress_calculation: true\nprogress_calculation_options:\n"
             "  - series: House of Commons\n    direction: positive\n    target: 50",
}


def test_uk_indicators_configured_for_progress_build_with_checkable_numbers(uk_repo: Path,
                                                                             tmp_path: Path) -> None:
    for slug, settings in UK_SETTINGS.items():
        _front_matter(uk_repo / "meta" / f"{slug}.md", settings)
    report = check(uk_repo).report
    assert not [issue for issue in report if issue.code.startswith("progress-")]
    build(uk_repo, tmp_path / "uk-out", site=False)
    components = json.loads((tmp_path / "uk-out" / "en" / "indicator_calculation_components.json").read_bytes())
    assert set(components) == set(UK_SETTINGS)
    smoking = components["3-a-1"]["3-a-1"]
    # 17.2 % in 2015, 13.3 % in 2021; 5 % needed by 2030
    assert (smoking["base_value"], smoking["current_value"], smoking["target"]) == (17.2, 13.3, 5.0)
    observed = (13.3 / 17.2) ** (1 / 6) - 1
    required = (5 / 17.2) ** (1 / 15) - 1
    assert smoking["observed_growth"] == pytest.approx(observed)
    assert smoking["required_growth"] == pytest.approx(required)
    assert smoking["progress_value"] == pytest.approx(-1 * observed / abs(required))
    assert smoking["status"] == "limited_progress"
    assert set(smoking["breakdowns"]["Sex"]) == {"Female", "Male"}
    assert components["5-5-1"]["5-5-1 / House of Commons"]["status"] != "not_available"
    water = components["6-1-1"]["6-1-1"]
    assert 0 < water["limit_coefficient"] < 0.01  # 99.9 % is next to the 100 % limit
    meta = json.loads((tmp_path / "uk-out" / "en" / "meta" / "3-a-1.json").read_bytes())
    assert meta["progress_status"] == "limited_progress"


def test_the_progress_column_is_not_a_breakdown(tmp_path: Path) -> None:
    """Open SDG treats ``Progress`` as a breakdown, so an indicator with one has no headline and a
    "Progress" filter unless the site hides it; sdgkit knows the column is for the measure only."""
    build(PROGRESS, tmp_path / "out", site=False)
    headline = json.loads((tmp_path / "out" / "en" / "headline" / "8-1-1.json").read_bytes())
    assert [row["Value"] for row in headline] == [-1.5, 2.1, 1.0, 1.2, 1.5]
    assert json.loads((tmp_path / "out" / "en" / "edges" / "8-1-1.json").read_bytes()) == []


def test_untranslated_progress_texts_are_reported_for_a_language_without_them(progress_repo: Path) -> None:
    """The progress part of a page is worded in Python, not in templates: its texts count too."""
    config = progress_repo / "config_data.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - fr\n", "  - fr\n  - de\n"), encoding="utf-8")

    def untranslated() -> str:
        return next(i.message for i in check(progress_repo).report if i.code == "site-untranslated-text")

    with_progress = untranslated()
    for meta in (progress_repo / "meta").glob("*.md"):
        text = meta.read_text(encoding="utf-8")
        meta.write_text(text.replace("auto_progress_calculation: true", "auto_progress_calculation: false")
                        .replace("progress_status: target_achieved", ""), encoding="utf-8")
    without = untranslated()
    count = int(with_progress.split()[0])
    assert count > int(without.split()[0]) + 40
