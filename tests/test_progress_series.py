"""Which rows a progress assessment uses, and the options that choose them (reference §5.1–§5.2).

Each item of ``progress_calculation_options`` selects one time series; problems become
``progress-*`` notes and a ``not_available`` series, never an exception. The tables are
typed by the real CSV reader, so blanks, periods such as ``2015-16`` and the ``Progress``
column behave as they do in a repository.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sdgkit.check import load_project
from sdgkit.config.models import IndicatorOptions, ProgressConfig
from sdgkit.derive.progress import (
    DETERIORATION,
    EUROSTAT,
    LIMITED,
    MODERATE,
    NOT_AVAILABLE,
    STATCAN,
    SUBSTANTIAL,
    TARGET_ACHIEVED,
    Thresholds,
)
from sdgkit.derive.progress_series import (
    MAX_BREAKDOWN_VALUES,
    IndicatorProgress,
    ProgressOption,
    SeriesProgress,
    indicator_progress,
    parse_options,
    series_tag,
)
from sdgkit.formats.csv_data import read_csv_table
from sdgkit.formats.files import TextFile
from sdgkit.model.ids import IndicatorId
from sdgkit.model.indicator import Indicator, ObservationTable
from sdgkit.model.observations import type_table
from sdgkit.model.periods import PeriodGrammar

OPTIONS = IndicatorOptions()
FIXTURE = Path(__file__).parent / "fixtures" / "progress"


def _table(csv: str, options: IndicatorOptions = OPTIONS) -> ObservationTable:
    """The CSV as a repository would give it: text cells, blanks missing, periods at their first year."""
    table, _ = read_csv_table(TextFile("data/indicator_1-1-1.csv", csv, "utf-8"))
    assert table is not None
    typed, _ = type_table(table, options, PeriodGrammar(), "1-1-1")
    return typed


def _progress(csv: str | None, *, options: IndicatorOptions = OPTIONS, config: ProgressConfig | None = None,
              **meta: Any) -> IndicatorProgress:
    """Indicator 1-1-1 with ``auto_progress_calculation: true`` and the given metadata."""
    indicator = Indicator(IndicatorId("1-1-1"), metadata={"auto_progress_calculation": True, **meta},
                          data=None if csv is None else _table(csv, options))
    progress = indicator_progress(indicator, options, config or ProgressConfig())
    assert progress is not None
    return progress


def _only(progress: IndicatorProgress) -> SeriesProgress:
    (series,) = progress.series
    return series


def _codes(progress: IndicatorProgress) -> list[str]:
    return [note.code for note in progress.notes]


UNITS = """Year,Units,Sex,Value
2015,Percent,,10
2020,Percent,,8
2015,Number,,1000
2020,Number,,900
2015,Percent,Female,12
2020,Percent,Female,9
2015,Percent,Male,8
2020,Percent,Male,7
"""


# --- options -------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, [], "", {"direction": "positive"}])
def test_no_options_mean_the_headline_with_the_defaults(raw: Any) -> None:
    items, notes = parse_options(raw)
    assert notes == []
    assert items == [ProgressOption()]
    assert (items[0].direction, items[0].filters, items[0].target) == ("negative", [], None)


@pytest.mark.parametrize(("item", "problem"), [
    ({"direction": "up"}, "direction"),
    ({"target": "nine"}, "target"),
    ({"progress_thresholds": {"high": 0.1, "med": 0.5, "low": 0.0}}, "low < med < high"),
    ({"progress_thresholds": {"high": 0.5, "med": 0.5, "low": 0.0}}, "low < med < high"),
    ({"progress_thresholds": {"high": 0.5, "med": 0.2}}, "low"),
    ({"directon": "positive"}, "directon"),
    ({"disaggregation": [{"field": "Sex"}]}, "value"),
    ("positive", "item"),
])
def test_invalid_items_are_reported_and_left_out(item: Any, problem: str) -> None:
    items, notes = parse_options([{"direction": "positive", "unit": "Percent"}, item])
    assert [i.unit for i in items] == ["Percent"]
    assert [n.code for n in notes] == ["progress-option-invalid"]
    assert notes[0].params["item"] == 2
    assert problem in notes[0].params["problem"]


def test_when_no_item_is_usable_nothing_is_assessed() -> None:
    items, notes = parse_options([{"direction": "sideways"}])
    assert items == [] and [n.code for n in notes] == ["progress-option-invalid"]


def test_direction_is_read_in_any_case() -> None:
    (item,), notes = parse_options([{"direction": " Positive"}])
    assert item.direction == "positive" and notes == []


def test_an_invalid_item_is_reported_by_the_indicator() -> None:
    progress = _progress("Year,Value\n2015,10\n2020,8\n", progress_calculation_options=[{"target": "nine"}])
    assert _codes(progress) == ["progress-option-invalid"]
    assert progress.status == NOT_AVAILABLE and progress.series == ()  # never a conclusion from defaults


def test_a_valid_item_with_every_option() -> None:
    (item,), notes = parse_options([{
        "series": "SI_POV", "unit": "Percent", "disaggregation": [{"field": "Sex", "value": "Female"}],
        "direction": "positive", "base_year": 2010, "target_year": 2025, "target": 3, "limit": 100,
        "progress_thresholds": {"high": 0.9, "med": 0.5, "low": 0.1}}])
    assert notes == []
    assert item.filters == [("Sex", "Female")]
    chosen = item.settings(ProgressConfig())
    assert (chosen.direction, chosen.base_year, chosen.target_year, chosen.target, chosen.limit) == (
        "positive", 2010, 2025, 3.0, 100.0)
    assert chosen.thresholds == Thresholds(0.9, 0.5, 0.1)


def test_the_mapping_form_of_disaggregation_and_numbers_as_text() -> None:
    (item,), notes = parse_options([{"disaggregation": {"Sex": "Female", "Age": 15}, "unit": 100, "series": 2.5}])
    assert notes == []
    assert item.filters == [("Sex", "Female"), ("Age", "15")]
    assert (item.unit, item.series) == ("100", "2.5")
    assert parse_options([{"disaggregation": None}])[0][0].filters == []


def test_site_defaults_fill_what_an_item_leaves_out() -> None:
    site = ProgressConfig(base_year=2010, target_year=2040)
    assert (ProgressOption().settings(site).base_year, ProgressOption().settings(site).target_year) == (2010, 2040)
    own = ProgressOption(base_year=2016, target_year=2025).settings(site)
    assert (own.base_year, own.target_year) == (2016, 2025)


def test_series_tag() -> None:
    item = ProgressOption(series="SI_POV", unit="Percent",
                          disaggregation=[{"field": "Sex", "value": "Female"}, {"field": "Age", "value": "15-24"}])
    assert series_tag("1-2-1", item) == "1-2-1 / SI_POV / Percent / Female / 15-24"
    assert series_tag("1-2-1", ProgressOption()) == "1-2-1"


# --- choosing the rows -----------------------------------------------------------------------------


def test_the_headline_is_assessed_without_options() -> None:
    series = _only(_progress("Year,Sex,Value\n2015,,10\n2020,,8\n2015,Female,12\n2020,Female,6\n"))
    assert series.tag == "1-1-1" and series.points == ((2015, 10.0), (2020, 8.0))


def test_a_unit_filter() -> None:
    series = _only(_progress(UNITS, progress_calculation_options=[{"unit": "Number"}]))
    assert series.points == ((2015, 1000.0), (2020, 900.0))
    assert series.tag == "1-1-1 / Number" and series.unit == "Number"


def test_several_units_left_are_many_series() -> None:
    progress = _progress(UNITS)
    series = _only(progress)
    assert (series.assessment.status, series.assessment.reason, series.points) == (NOT_AVAILABLE, "many-series", ())
    assert _codes(progress) == ["progress-many-series"]
    assert progress.notes[0].params == {"series": "1-1-1", "column": "Units", "values": "Number, Percent"}
    assert progress.status == NOT_AVAILABLE and progress.score is None


def test_a_total_and_a_breakdown_value_are_never_joined_into_one_series() -> None:
    """Regression: blanks did not count as a value, so a unit given on some rows only (or a skipped
    filter) joined two series into one when their years did not overlap."""
    progress = _progress("Year,Units,Value\n2015,,10\n2016,,9\n2018,Percent,30\n2020,Percent,20\n")
    assert _only(progress).assessment.reason == "many-series"
    assert progress.notes[0].params == {"series": "1-1-1", "column": "Units", "values": "Percent, (blank)"}


def test_a_series_filter() -> None:
    csv = "Year,Series,Value\n2015,A,1\n2020,A,2\n2015,B,5\n2020,B,4\n"
    series = _only(_progress(csv, progress_calculation_options=[{"series": "B"}]))
    assert series.points == ((2015, 5.0), (2020, 4.0))


def test_a_disaggregation_filter() -> None:
    series = _only(_progress(UNITS, progress_calculation_options=[
        {"unit": "Percent", "disaggregation": [{"field": "Sex", "value": "Female"}]}]))
    assert series.points == ((2015, 12.0), (2020, 9.0))
    assert series.tag == "1-1-1 / Percent / Female" and series.disaggregation == (("Sex", "Female"),)


def test_the_total_over_the_breakdowns_not_chosen() -> None:
    csv = """Year,Sex,Age,Value
2015,Female,,12
2020,Female,,9
2015,Female,15-24,20
2020,Female,15-24,18
2015,Female,25-64,10
2020,Female,25-64,7
"""
    series = _only(_progress(csv, progress_calculation_options=[{"disaggregation": {"Sex": "Female"}}]))
    assert series.points == ((2015, 12.0), (2020, 9.0))


def test_without_a_total_over_the_other_breakdowns_it_is_many_series() -> None:
    csv = "Year,Sex,Age,Value\n2015,Female,15-24,20\n2020,Female,15-24,18\n2015,Female,25-64,10\n2020,Female,25-64,7\n"
    progress = _progress(csv, progress_calculation_options=[{"disaggregation": {"Sex": "Female"}}])
    assert _only(progress).assessment.reason == "many-series"
    assert progress.notes[0].params["column"] == "Age"


@pytest.mark.parametrize(("option", "column", "wanted", "missing"), [
    ({"disaggregation": {"Region": "North"}}, "Region", "North", "column"),
    ({"series": "SI_POV"}, "Series", "SI_POV", "column"),
    ({"unit": "Percent"}, "Units", "Percent", "column"),
])
def test_a_filter_on_a_missing_column_is_reported_and_skipped(option: dict[str, Any], column: str, wanted: str,
                                                              missing: str) -> None:
    csv = "Year,Sex,Value\n2015,,10\n2020,,8\n2015,Female,12\n2020,Female,9\n"
    progress = _progress(csv, progress_calculation_options=[{**option, "direction": "negative"}])
    assert _codes(progress) == ["progress-filter-not-found"]
    assert progress.notes[0].params == {"series": _only(progress).tag, "column": column, "wanted": wanted,
                                        "missing": missing}
    # the filter is skipped: the headline is assessed
    assert _only(progress).points == ((2015, 10.0), (2020, 8.0))
    assert progress.status == SUBSTANTIAL


def test_a_filter_on_a_missing_value_is_skipped_but_its_column_stays_chosen() -> None:
    """As in Open SDG, the other values of that column are then all kept: a misspelt value never
    silently turns into the assessment of the total."""
    csv = "Year,Sex,Value\n2015,,10\n2020,,8\n2015,Female,12\n2020,Female,9\n"
    progress = _progress(csv, progress_calculation_options=[{"disaggregation": {"Sex": "Femal"}}])
    assert _codes(progress) == ["progress-filter-not-found", "progress-many-series"]
    assert progress.notes[0].params == {"series": "1-1-1 / Femal", "column": "Sex", "wanted": "Femal",
                                        "missing": "value"}
    assert progress.notes[1].params == {"series": "1-1-1 / Femal", "column": "Sex", "values": "Female, (blank)"}
    assert (progress.status, _only(progress).assessment.reason) == (NOT_AVAILABLE, "many-series")
    # with a single value left, that value is assessed
    single = _progress("Year,Sex,Value\n2015,Female,12\n2020,Female,9\n",
                       progress_calculation_options=[{"disaggregation": {"Sex": "Femal"}}])
    assert _only(single).points == ((2015, 12.0), (2020, 9.0))


def test_no_headline() -> None:
    progress = _progress("Year,Sex,Value\n2015,Female,12\n2020,Female,9\n2015,Male,8\n2020,Male,7\n")
    assert (_only(progress).assessment.status, _only(progress).assessment.reason) == (NOT_AVAILABLE, "no-headline")
    assert _codes(progress) == ["progress-no-headline"]
    assert progress.status == NOT_AVAILABLE


def test_duplicate_year() -> None:
    progress = _progress("Year,Value\n2015,10\n2015,11\n2020,8\n")
    assert _only(progress).assessment.reason == "duplicate-year"
    assert _codes(progress) == ["progress-duplicate-year"]
    assert progress.notes[0].params == {"series": "1-1-1", "year": 2015, "first": 10.0, "second": 11.0}


def test_blank_values_are_left_out_and_no_values_is_no_data() -> None:
    assert _only(_progress("Year,Value\n2015,10\n2018,\n2020,8\n")).points == ((2015, 10.0), (2020, 8.0))
    progress = _progress("Year,Value\n2015,\n2020,\n")
    assert _only(progress).assessment.reason == "no-data"
    assert _codes(progress) == ["progress-no-data"]


def test_an_indicator_without_data() -> None:
    progress = _progress(None)
    assert (progress.status, _only(progress).assessment.reason, _codes(progress)) == (
        NOT_AVAILABLE, "no-data", ["progress-no-data"])


def test_the_progress_column_replaces_value() -> None:
    csv = "Year,Progress,Value\n2015,98.5,-1.5\n2016,102.1,2.1\n2017,,1.0\n2019,101.5,1.5\n"
    series = _only(_progress(csv, progress_calculation_options=[{"direction": "positive"}]))
    # blank Progress cells are left out even where Value has a number
    assert series.points == ((2015, 98.5), (2016, 102.1), (2019, 101.5))
    assert series.assessment.status == MODERATE


def test_the_progress_column_can_be_renamed() -> None:
    options = IndicatorOptions(progress_column="For progress")
    csv = "Year,For progress,Value\n2015,100,-1\n2020,90,2\n"
    series = _only(_progress(csv, options=options))
    assert series.points == ((2015, 100.0), (2020, 90.0))
    # a column named Progress is then an ordinary breakdown
    assert _only(_progress("Year,Progress,Value\n2015,,10\n2020,,8\n", options=options)).points == (
        (2015, 10.0), (2020, 8.0))


def test_periods_are_placed_at_their_first_year(tmp_path: Path) -> None:
    """``2015-16`` counts as 2015, as the incumbent's ``Year[:4]`` (through a real repository)."""
    (tmp_path / "data").mkdir()
    (tmp_path / "meta").mkdir()
    (tmp_path / "data" / "indicator_1-1-1.csv").write_text("Year,Value\n2014-15,12\n2015-16,10\n2017-18,8\n")
    (tmp_path / "meta" / "1-1-1.md").write_text("---\nindicator_name: Periods\nreporting_status: complete\n"
                                                "auto_progress_calculation: true\n---\n")
    project = load_project(tmp_path).project
    assert project is not None
    progress = indicator_progress(project.indicators["1-1-1"], project.config.indicator_options,
                                  project.config.progress)
    assert progress is not None
    a = _only(progress).assessment
    assert (a.base_year, a.base_value, a.current_year, a.current_value) == (2015, 10.0, 2017, 8.0)
    assert a.observed_growth == pytest.approx(0.8**0.5 - 1)


def test_periods_in_an_observation_table() -> None:
    series = _only(_progress("Year,Value\n2015 Q1,10\n2016/17,9\n2018-2019,8\n"))
    assert series.points == ((2015, 10.0), (2016, 9.0), (2018, 8.0))


# --- several series, and by breakdown ----------------------------------------------------------


def test_several_items_are_several_series_and_the_score_is_their_mean() -> None:
    progress = _progress(UNITS, progress_calculation_options=[
        {"unit": "Percent", "direction": "negative"},
        {"unit": "Number", "direction": "positive"},
    ])
    percent, number = progress.series
    assert (percent.tag, number.tag) == ("1-1-1 / Percent", "1-1-1 / Number")
    assert percent.assessment.status == SUBSTANTIAL and number.assessment.status == DETERIORATION
    assert percent.assessment.score is not None and number.assessment.score is not None
    assert progress.score == pytest.approx((percent.assessment.score + number.assessment.score) / 2)


def test_progress_by_breakdown() -> None:
    progress = _progress(UNITS, progress_calculation_options=[{"unit": "Percent"}], progress_breakdowns=["Sex"])
    series = _only(progress)
    assert [(b.field, b.value) for b in series.breakdowns] == [("Sex", "Female"), ("Sex", "Male")]
    female, male = series.breakdowns
    assert female.points == ((2015, 12.0), (2020, 9.0)) and male.points == ((2015, 8.0), (2020, 7.0))
    assert female.assessment.progress_value == pytest.approx(1 - 0.75**0.2)
    # the indicator's status and score come from the series only
    assert progress.score == series.assessment.score
    assert _codes(progress) == []


def test_progress_breakdowns_may_be_one_name() -> None:
    series = _only(_progress(UNITS, progress_calculation_options=[{"unit": "Percent"}], progress_breakdowns="Sex"))
    assert len(series.breakdowns) == 2


def test_a_breakdown_already_chosen_or_absent_is_not_repeated() -> None:
    chosen = [{"unit": "Percent", "disaggregation": {"Sex": "Male"}}]
    series = _only(_progress(UNITS, progress_calculation_options=chosen, progress_breakdowns=["Sex", "Region", ""]))
    assert series.breakdowns == ()


def test_a_breakdown_value_that_cannot_be_assessed_is_not_available_quietly() -> None:
    csv = "Year,Sex,Value\n2015,,10\n2020,,8\n2015,Female,12\n2020,Female,9\n2020,Male,7\n"
    progress = _progress(csv, progress_breakdowns=["Sex"])
    female, male = _only(progress).breakdowns
    assert female.assessment.status == SUBSTANTIAL
    assert (male.assessment.status, male.assessment.reason) == (NOT_AVAILABLE, "too-few-years")
    assert _codes(progress) == []  # a breakdown's gaps show in its table row, not as warnings


def test_breakdown_values_are_capped() -> None:
    rows = "".join(f"2015,V{n:03},1\n2020,V{n:03},2\n" for n in range(MAX_BREAKDOWN_VALUES + 5))
    series = _only(_progress("Year,Place,Value\n2015,,1\n2020,,2\n" + rows, progress_breakdowns=["Place"]))
    assert len(series.breakdowns) == MAX_BREAKDOWN_VALUES


# --- manual and automatic statuses ----------------------------------------------------------------


def _indicator(**meta: Any) -> Indicator:
    return Indicator(IndicatorId("1-1-1"), metadata=meta, data=_table("Year,Value\n2015,10\n2020,8\n"))


def test_a_manual_status_is_passed_through() -> None:
    progress = indicator_progress(_indicator(progress_status="target_achieved"), OPTIONS, ProgressConfig())
    assert progress == IndicatorProgress(status=TARGET_ACHIEVED)
    custom = indicator_progress(_indicator(progress_status="challenges_remain",
                                           auto_progress_calculation=False), OPTIONS, ProgressConfig())
    assert custom is not None and (custom.status, custom.automatic) == ("challenges_remain", False)


@pytest.mark.parametrize("meta", [{}, {"progress_status": ""}, {"auto_progress_calculation": "true"}])
def test_no_status_at_all(meta: dict[str, Any]) -> None:
    assert indicator_progress(_indicator(**meta), OPTIONS, ProgressConfig()) is None


def test_the_computed_status_overrides_a_manual_one() -> None:
    progress = indicator_progress(_indicator(progress_status="deterioration", auto_progress_calculation=True),
                                  OPTIONS, ProgressConfig())
    assert progress is not None and progress.automatic
    assert progress.status == SUBSTANTIAL
    assert _codes(progress) == ["progress-status-overridden"]
    assert progress.notes[0].params == {"manual": "deterioration"}


def test_a_series_that_cannot_be_assessed_is_reported() -> None:
    progress = _progress("Year,Value\n2015,-1.5\n2016,2.1\n", progress_calculation_options=[{"direction": "positive"}])
    assert _codes(progress) == ["progress-cannot-assess"]
    assert progress.notes[0].params == {"series": "1-1-1", "reason": "opposite-signs"}


def test_the_notes_of_an_assessment_reach_the_indicator() -> None:
    progress = _progress("Year,Value\n2015,0\n2020,3\n", progress_calculation_options=[
        {"direction": "positive", "target": 10, "limit": 100}])
    assert _codes(progress) == ["progress-zero-replaced", "progress-limit-ignored"]


@pytest.mark.parametrize(("method", "thresholds", "status"), [("statcan", STATCAN.without_target, LIMITED),
                                                              ("eurostat", EUROSTAT.without_target, MODERATE)])
def test_the_site_method(method: str, thresholds: Thresholds, status: str) -> None:
    # 100 → 101.5 in 5 years: about 0.3 % a year
    config = ProgressConfig.model_validate({"method": method})
    progress = _progress("Year,Value\n2015,100\n2020,101.5\n", config=config,
                         progress_calculation_options=[{"direction": "positive"}])
    assert progress.method == method
    assert _only(progress).assessment.thresholds == thresholds
    assert progress.status == status


def test_the_site_base_year() -> None:
    progress = _progress("Year,Value\n2010,20\n2015,10\n2020,8\n", config=ProgressConfig(base_year=2010))
    assert _only(progress).assessment.base_year == 2010


# --- the fixture ----------------------------------------------------------------------------------


EXPECTED = {
    "1-1-1": (TARGET_ACHIEVED, None, False),
    "1-3-1": (SUBSTANTIAL, 2.8153866, True),
    "1-5-3": (DETERIORATION, -5.0, True),
    "1-5-4": (SUBSTANTIAL, 5.0, True),
    "2-1-1": (NOT_AVAILABLE, None, True),
    "3-2-1": (SUBSTANTIAL, 5.0, True),
    "6-1-1": (MODERATE, 1.6179053, True),
    "8-1-1": (MODERATE, 0.6321906, True),
    "8-2-1": (NOT_AVAILABLE, None, True),
}


def test_every_indicator_of_the_fixture() -> None:
    project = load_project(FIXTURE).project
    assert project is not None
    found = {}
    for slug, indicator in project.indicators.items():
        progress = indicator_progress(indicator, project.config.indicator_options, project.config.progress)
        assert progress is not None
        found[slug] = (progress.status, None if progress.score is None else round(progress.score, 7),
                       progress.automatic)
    assert found == EXPECTED
