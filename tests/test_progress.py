"""The progress measure (Statistics Canada, as Open SDG 2.4, and Eurostat's thresholds), pinned.

Four layers: the worked examples of the reference (§5.5–§5.6) and of ``docs/progress.md``,
computed from ``tests/fixtures/progress``; one test per branch of
:func:`sdgkit.derive.progress.assess`; the score maps compared with the incumbent's literal
formulas (which round 7.1429, 4.2857 and 4.1667, so only to 1e-3); and properties that must
hold for any series (monotone, symmetric, scores in range, statuses that agree with scores).
Choosing the rows of a series is tested in ``tests/test_progress_series.py``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sdgkit.assemble import Project
from sdgkit.check import load_project
from sdgkit.derive.progress import (
    DETERIORATION,
    EUROSTAT,
    LIMIT_EXPONENT,
    LIMITED,
    METHODS,
    MODERATE,
    NOT_AVAILABLE,
    STATCAN,
    STATUSES,
    SUBSTANTIAL,
    TARGET_ACHIEVED,
    ZERO_REPLACEMENT,
    Assessment,
    Direction,
    Method,
    Settings,
    Thresholds,
    _score_with_target,
    _score_without_target,
    assess,
    cagr,
    combine,
    limit_coefficient,
    status_of_score,
)
from sdgkit.derive.progress_rollup import ProgressSummary, rollup, summarise
from sdgkit.derive.progress_series import IndicatorProgress, indicator_progress
from sdgkit.validate.catalog import CATALOG
from sdgkit.validate.progress import REASONS

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "progress"


# --- helpers ------------------------------------------------------------------------------------


def _assess(points: Mapping[int, float], method: Method = STATCAN, **options: Any) -> Assessment:
    """``assess`` on ``{year: value}``, with ``Settings`` given as keywords."""
    return assess(list(points), list(points.values()), Settings(**options), method)


def _codes(assessment: Assessment) -> list[str]:
    return [note.code for note in assessment.notes]


def _band_of_score(score: float) -> str:
    """The status bands of reference §5.5, written out independently of the code."""
    if score >= 2.5:
        return SUBSTANTIAL
    if score >= 0:
        return MODERATE
    if score >= -2.5:
        return LIMITED
    return DETERIORATION


def _band_of_progress(progress: float, thresholds: Thresholds) -> str:
    """The status of a progress value from the thresholds (reference §5.4), before any score."""
    if progress >= thresholds.high:
        return SUBSTANTIAL
    if progress >= thresholds.med:
        return MODERATE
    if progress >= thresholds.low:
        return LIMITED
    return DETERIORATION


def _incumbent_without_target(progress: float, coefficient: float = 1.0) -> float:
    """Open SDG 2.4's score without a target, literally as in reference §5.5 (thresholds scaled by c)."""
    high, med, low = 0.015 * coefficient, 0.005 * coefficient, 0.0 * coefficient
    if progress < low:
        return max(125 * progress - 2.5, -5.0)
    if coefficient == 0:
        return 5.0
    if progress >= high:
        return min(500 * progress / coefficient - 5, 5.0)
    if progress >= med:
        return 250 * progress / coefficient - 1.25
    return 500 * progress / coefficient - 2.5


def _incumbent_with_target(progress: float) -> float:
    """Open SDG 2.4's score with a target, literally as in reference §5.5 (rounded slopes)."""
    if progress >= 0.6:
        return min(7.1429 * progress - 4.2857, 5.0)
    return max(4.1667 * progress - 2.5, -5.0)


#: a required growth of about 5 % a year: 100 in 2015 to this target in 2030
TARGET_5_PERCENT = 100 * 1.05**15


def _with_progress(progress: float, method: Method = STATCAN, *, target: bool) -> Assessment:
    """A two-year series (2015, 2016) built so that its progress value is ``progress``."""
    if not target:
        return _assess({2015: 100.0, 2016: 100.0 * (1 + progress)}, method, direction="positive")
    required = cagr(TARGET_5_PERCENT, 100.0, 2030, 2015)
    return _assess({2015: 100.0, 2016: 100.0 * (1 + progress * required)}, method,
                   direction="positive", target=TARGET_5_PERCENT)


@cache
def _fixture() -> Project:
    project = load_project(FIXTURE).project
    assert project is not None
    return project


def _fixture_progress(slug: str) -> IndicatorProgress | None:
    project = _fixture()
    return indicator_progress(project.indicators[slug], project.config.indicator_options, project.config.progress)


def _computed(slug: str) -> IndicatorProgress:
    progress = _fixture_progress(slug)
    assert progress is not None and progress.automatic
    return progress


# --- worked examples: reference §5.5–§5.6 ------------------------------------------------------


def test_reference_1_5_4_is_on_track_with_score_5() -> None:
    progress = _computed("1-5-4")
    (series,) = progress.series
    a = series.assessment
    assert series.tag == "1-5-4 / Total / A"
    assert series.points == ((2015, 5.0), (2016, 6.0))
    assert (a.kind, a.base_value, a.current_value, a.target, a.target_year) == ("with-target", 5.0, 6.0, 9.0, 2030)
    assert a.observed_growth == pytest.approx(0.2)
    assert a.required_growth == pytest.approx(1.8 ** (1 / 15) - 1)
    assert a.required_growth == pytest.approx(0.04, abs=1e-4)
    assert a.progress_value == pytest.approx(0.2 / (1.8 ** (1 / 15) - 1))
    assert a.progress_value == pytest.approx(5.0, abs=0.01)
    assert (a.status, a.score) == (SUBSTANTIAL, 5.0)
    assert (progress.status, progress.score) == (SUBSTANTIAL, 5.0)


def test_reference_1_5_3_is_deterioration_with_score_minus_5() -> None:
    progress = _computed("1-5-3")
    (series,) = progress.series
    a = series.assessment
    assert series.tag == "1-5-3 / Percent / A / X"
    assert series.points == ((2015, 10.0), (2016, 30.0))
    assert (a.direction, a.sign) == (-1, 1)
    assert a.observed_growth == pytest.approx(2.0)
    assert a.required_growth == pytest.approx(0.1 ** (1 / 15) - 1)
    assert a.required_growth == pytest.approx(-0.142, abs=1e-3)
    assert a.progress_value == pytest.approx(-2.0 / (1 - 0.1 ** (1 / 15)))
    assert a.progress_value == pytest.approx(-14.05, abs=0.01)
    assert (a.status, a.score) == (DETERIORATION, -5.0)
    assert (progress.status, progress.score) == (DETERIORATION, -5.0)


def test_reference_1_1_1_manual_status_is_passed_through() -> None:
    progress = _fixture_progress("1-1-1")
    assert progress is not None
    assert (progress.status, progress.score, progress.automatic, progress.series) == (TARGET_ACHIEVED, None, False, ())


def test_canada_example_with_a_limit() -> None:
    """``indicator_calculation_components.yml`` of Statistics Canada (reference §5.5)."""
    a = _assess({2015: 90.0, 2021: 93.2}, direction="positive", limit=100)
    assert a.limit_coefficient == pytest.approx(1 - 0.9**4.44)
    assert a.progress_value == pytest.approx(0.0058400, abs=5e-8)
    assert a.score == pytest.approx(2.8153866, abs=5e-8)
    assert a.status == SUBSTANTIAL
    assert a.score == pytest.approx(_incumbent_without_target(a.progress_value or 0, a.limit_coefficient), abs=1e-9)


# --- worked examples of docs/progress.md, from the fixture --------------------------------------


def test_docs_example_1_3_1_limit() -> None:
    a = _computed("1-3-1").series[0].assessment
    c = 1 - (90 / 100) ** 4.44
    assert a.limit_coefficient == pytest.approx(c) and round(c, 6) == 0.373622
    assert a.thresholds is not None
    assert a.thresholds.as_dict() == pytest.approx({"high": 0.015 * c, "med": 0.005 * c, "low": 0.0})
    assert round(a.thresholds.high, 7) == 0.0056043
    assert a.observed_growth == pytest.approx((93.2 / 90) ** (1 / 6) - 1)
    assert a.score == pytest.approx(500 * (a.progress_value or 0) / c - 5)
    assert round(a.score or 0, 4) == 2.8154


def test_docs_example_6_1_1_two_series_and_their_mean() -> None:
    progress = _computed("6-1-1")
    safely, basic = progress.series
    assert safely.tag == "6-1-1 / Safely managed drinking water"
    assert (safely.assessment.status, safely.assessment.score) == (TARGET_ACHIEVED, 5.0)
    b = basic.assessment
    assert b.observed_growth == pytest.approx((71.5 / 70) ** (1 / 5) - 1)
    assert round(b.observed_growth or 0, 6) == 0.004249
    assert b.required_growth == pytest.approx((100 / 70) ** (1 / 15) - 1)
    assert round(b.required_growth or 0, 6) == 0.024063
    assert round(b.progress_value or 0, 4) == 0.1766
    assert b.score == pytest.approx(25 / 6 * (b.progress_value or 0) - 2.5)
    assert (b.status, round(b.score or 0, 4)) == (LIMITED, -1.7642)
    assert progress.score == pytest.approx((5 + (b.score or 0)) / 2)
    assert (progress.status, round(progress.score or 0, 4)) == (MODERATE, 1.6179)


def test_docs_example_3_2_1_by_sex() -> None:
    (series,) = _computed("3-2-1").series
    a = series.assessment
    assert (a.base_year, a.base_value, a.current_year, a.current_value) == (2015, 4.8, 2019, 4.2)
    assert round(a.progress_value or 0, 6) == 0.032832
    assert (a.status, a.score) == (SUBSTANTIAL, 5.0)
    by_sex = {b.value: b.assessment for b in series.breakdowns}
    assert [b.field for b in series.breakdowns] == ["Sex", "Sex"] and list(by_sex) == ["Female", "Male"]
    female, male = by_sex["Female"], by_sex["Male"]
    assert round(female.progress_value or 0, 6) == 0.069395
    assert (female.status, female.score) == (SUBSTANTIAL, 5.0)
    assert male.progress_value == pytest.approx(1 - (5.4 / 5.2) ** (1 / 4))
    assert round(male.progress_value or 0, 6) == -0.009480
    assert male.score == pytest.approx(125 * (male.progress_value or 0) - 2.5)
    assert (male.status, round(male.score or 0, 4)) == (DETERIORATION, -3.6850)


def test_docs_examples_of_the_progress_column_and_opposite_signs() -> None:
    a = _computed("8-1-1").series[0].assessment
    assert (a.base_value, a.current_value) == (98.5, 101.5)
    assert round(a.progress_value or 0, 6) == 0.007529
    assert a.score == pytest.approx(250 * (a.progress_value or 0) - 1.25)
    assert (a.status, round(a.score or 0, 4)) == (MODERATE, 0.6322)
    unable = _computed("8-2-1")
    assert (unable.status, unable.score, unable.series[0].assessment.reason) == (NOT_AVAILABLE, None, "opposite-signs")
    empty = _computed("2-1-1")
    assert (empty.status, empty.series[0].assessment.reason) == (NOT_AVAILABLE, "no-data")


def test_docs_example_rollup_of_the_fixture() -> None:
    project = _fixture()
    pairs = []
    for indicator in project.indicators.values():
        meta = {**indicator.metadata, "goal_number": indicator.id.goal(), "target_number": indicator.id.target()}
        pairs.append((meta, indicator_progress(indicator, project.config.indicator_options, project.config.progress)))
    result = rollup(pairs)
    assert (result.overall.total, result.overall.scored) == (9, 6)
    assert result.overall.score == pytest.approx((2.8153866 + 5 - 5 + 5 + 1.6179053 + 0.6321906) / 6, abs=1e-6)
    assert result.overall.status == MODERATE
    assert result.overall.counts == {TARGET_ACHIEVED: 1, SUBSTANTIAL: 3, MODERATE: 2, LIMITED: 0,
                                      DETERIORATION: 1, NOT_AVAILABLE: 2}
    assert list(result.goals) == ["1", "2", "3", "6", "8"]
    target = result.targets["1.5"]
    assert (target.scored, target.score, target.status) == (2, 0.0, MODERATE)
    assert (result.targets["1.1"].total, result.targets["1.1"].score, result.targets["1.1"].status) == (1, None, None)


def test_the_documentation_names_every_reason_and_code() -> None:
    """``docs/progress.md`` explains every reason a series cannot be assessed and every issue code."""
    text = (ROOT / "docs" / "progress.md").read_text(encoding="utf-8")
    for reason in [*REASONS, "no-data", "no-headline", "many-series", "duplicate-year"]:
        assert f"`{reason}`" in text, reason
    for code in (code for code in CATALOG if code.startswith("progress-")):
        assert f"`{code}`" in text, code
    assert "(issue-codes.md" in text
    for method in METHODS:
        assert f"`{method}`" in text


# --- formulas -----------------------------------------------------------------------------------


def test_cagr() -> None:
    assert cagr(121.0, 100.0, 2017, 2015) == pytest.approx(0.1)
    assert cagr(50.0, 100.0, 2016, 2015) == pytest.approx(-0.5)
    assert cagr(0.0, 5.0, 2020, 2015) == -1.0
    assert cagr(-121.0, -100.0, 2017, 2015) == pytest.approx(0.1)  # a ratio of two negatives


@pytest.mark.parametrize(("base", "limit", "expected"), [
    (200.0, 100.0, 1.0),                              # b = 2L: far from the limit
    (250.0, 100.0, 1.0),                              # b > 2L
    (0.0, 100.0, 1.0),                                # b = 0: as far as can be below
    (50.0, 100.0, 1 - 0.5**LIMIT_EXPONENT),           # b ≤ L
    (90.0, 100.0, 1 - 0.9**4.44),                     # Canada's example
    (100.0, 100.0, 0.0),                              # at the limit
    (150.0, 100.0, 1 - 0.5**LIMIT_EXPONENT),          # L < b < 2L: (2L − b)/L
    (110.0, 100.0, 1 - 0.9**4.44),
    (-90.0, -100.0, 1 - 0.9**4.44),                   # absolute values
    (5.0, 0.0, 1.0),                                  # a limit of 0 means nothing (b ≥ 2·0)
])
def test_limit_coefficient(base: float, limit: float, expected: float) -> None:
    assert LIMIT_EXPONENT == 4.44
    assert limit_coefficient(base, limit) == pytest.approx(expected)


def test_limit_coefficient_is_symmetric_around_the_limit_and_between_0_and_1() -> None:
    for distance in (0.0, 1.0, 10.0, 50.0, 99.0, 100.0):
        below, above = limit_coefficient(100 - distance, 100), limit_coefficient(100 + distance, 100)
        assert below == pytest.approx(above)
        assert 0.0 <= below <= 1.0


def test_the_limit_scales_every_threshold() -> None:
    a = _assess({2015: 90.0, 2016: 90.9}, direction="positive", limit=100)
    c = 1 - 0.9**4.44
    assert a.thresholds == Thresholds(0.015 * c, 0.005 * c, 0.0)
    assert a.progress_value == pytest.approx(0.01)
    # 1 % a year is "moderate" far from a limit but "on track" close to it
    assert _assess({2015: 90.0, 2016: 90.9}, direction="positive").status == MODERATE
    assert a.status == SUBSTANTIAL
    assert a.score == pytest.approx(_incumbent_without_target(0.01, c), abs=1e-9)


@pytest.mark.parametrize(("current", "status", "score"), [
    (100.0, SUBSTANTIAL, 5.0),        # no growth at the limit: on track
    (101.0, SUBSTANTIAL, 5.0),
    (99.0, DETERIORATION, 125 * (0.99 - 1) - 2.5),
])
def test_a_base_at_the_limit_gives_5_unless_it_moves_away(current: float, status: str, score: float) -> None:
    a = _assess({2015: 100.0, 2016: current}, direction="positive", limit=100)
    assert a.limit_coefficient == 0.0
    assert a.status == status and a.score == pytest.approx(score)


def test_the_limit_is_ignored_when_there_is_a_target() -> None:
    with_limit = _assess({2015: 50.0, 2020: 60.0}, direction="positive", target=80, limit=100)
    without = _assess({2015: 50.0, 2020: 60.0}, direction="positive", target=80)
    assert _codes(with_limit) == ["progress-limit-ignored"]
    assert with_limit.notes[0].params == {"limit": 100}
    assert with_limit.limit_coefficient == 1.0
    assert (with_limit.status, with_limit.score, with_limit.progress_value) == (
        without.status, without.score, without.progress_value)
    # the note also comes when the target is already achieved
    assert _codes(_assess({2015: 50.0, 2020: 90.0}, direction="positive", target=80, limit=100)) == [
        "progress-limit-ignored"]


@pytest.mark.parametrize(("points", "direction", "limit", "passed"), [
    ({2015: 120.0, 2016: 121.0}, "positive", 100, True),    # already above a ceiling
    ({2015: 90.0, 2016: 91.0}, "positive", 100, False),
    ({2015: 100.0, 2016: 100.0}, "positive", 100, False),   # at the limit is not beyond it
    ({2015: 5.0, 2016: 4.0}, "negative", 10, True),         # already below a floor
    ({2015: 15.0, 2016: 14.0}, "negative", 10, False),
])
def test_a_base_beyond_the_limit_is_reported(points: dict[int, float], direction: str, limit: float,
                                             passed: bool) -> None:
    a = _assess(points, direction=direction, limit=limit)
    assert ("progress-limit-passed" in _codes(a)) is passed
    assert a.score is not None
    if passed:
        assert a.notes[0].params == {"base": points[2015], "limit": limit}


def test_negative_values_take_the_sign_into_account() -> None:
    # -10 → -5: the values rose, which is good when higher is better
    up = _assess({2015: -10.0, 2020: -5.0}, direction="positive")
    assert (up.sign, up.direction) == (-1, 1)
    assert up.observed_growth == pytest.approx(0.5**0.2 - 1)
    assert up.progress_value == pytest.approx(1 - 0.5**0.2)
    assert up.status == SUBSTANTIAL
    down = _assess({2015: -10.0, 2020: -5.0}, direction="negative")
    assert (down.sign, down.direction, down.status) == (-1, -1, DETERIORATION)
    # the same with a target: -10 → -8, aiming at -2 in 2030
    target = _assess({2015: -10.0, 2020: -8.0}, direction="positive", target=-2)
    required = 0.2 ** (1 / 15) - 1
    assert target.required_growth == pytest.approx(required)
    assert target.progress_value == pytest.approx(-(0.8**0.2 - 1) / abs(required))
    assert target.progress_value == pytest.approx(0.4290097)
    assert target.status == LIMITED  # moving the right way, at 43 % of the pace required


def test_a_zero_base_is_replaced() -> None:
    a = _assess({2015: 0.0, 2016: 1.0}, direction="positive")
    assert a.base_value == ZERO_REPLACEMENT == 0.001
    assert _codes(a) == ["progress-zero-replaced"]
    assert a.notes[0].params == {"what": "base value", "year": 2015}
    assert a.observed_growth == pytest.approx(999.0)
    assert (a.status, a.score) == (SUBSTANTIAL, 5.0)


def test_a_zero_target_is_replaced() -> None:
    a = _assess({2015: 10.0, 2020: 5.0}, direction="negative", target=0)
    assert a.target == 0.001
    assert _codes(a) == ["progress-zero-replaced"]
    assert a.notes[0].params == {"what": "target", "year": 2030}
    assert a.required_growth == pytest.approx((0.001 / 10) ** (1 / 15) - 1)
    # a zero target that is reached counts as achieved (0 ≤ 0.001)
    assert _assess({2015: 10.0, 2020: 0.0}, direction="negative", target=0).status == TARGET_ACHIEVED


@pytest.mark.parametrize("points", [{2015: -1.5, 2016: 2.1}, {2015: 3.0, 2020: -0.5}])
def test_opposite_signs_cannot_be_assessed(points: dict[int, float]) -> None:
    a = _assess(points, direction="positive")
    assert (a.status, a.score, a.reason, a.progress_value) == (NOT_AVAILABLE, None, "opposite-signs", None)
    assert a.base_year == 2015 and a.current_value == points[max(points)]


def test_opposite_signs_are_found_even_when_the_product_underflows() -> None:
    """Regression: ``base * current < 0`` is −0.0 for tiny values, which let a negative ratio reach
    the growth rate and raised ``TypeError`` (a complex number) instead of "cannot assess"."""
    a = _assess({2015: 3e-289, 2017: -1.5e-272})
    assert (a.status, a.reason) == (NOT_AVAILABLE, "opposite-signs")
    b = _assess({2015: -3e-289, 2017: -1e-200}, direction="positive", target=1e-300)
    assert (b.status, b.reason) == (NOT_AVAILABLE, "target-opposite-sign")


def test_a_latest_value_of_zero_is_a_fall_of_100_percent() -> None:
    a = _assess({2015: 4.0, 2020: 0.0}, direction="positive")
    assert (a.observed_growth, a.progress_value, a.status, a.score) == (-1.0, -1.0, DETERIORATION, -5.0)
    assert _assess({2015: -4.0, 2020: 0.0}, direction="positive").status == SUBSTANTIAL


@pytest.mark.parametrize("points", [{2015: 5.0}, {2018: 5.0}, {2010: 1.0, 2015: 2.0}])
def test_too_few_years(points: dict[int, float]) -> None:
    a = _assess(points)
    assert (a.status, a.score, a.reason) == (NOT_AVAILABLE, None, "too-few-years")
    assert a.base_year == a.current_year


def test_no_base_year_and_no_data() -> None:
    a = _assess({2010: 1.0, 2014: 2.0})
    assert (a.status, a.reason, a.base_year, a.current_year) == (NOT_AVAILABLE, "no-base-year", None, 2014)
    assert _assess({2010: 1.0, 2014: 2.0}, base_year=2010).status != NOT_AVAILABLE
    assert (_assess({}).status, _assess({}).reason) == (NOT_AVAILABLE, "no-data")


def test_the_base_year_falls_back_to_the_first_later_year() -> None:
    a = _assess({2019: 3.0, 2014: 1.0, 2017: 2.0}, direction="positive")  # any order
    assert (a.base_year, a.base_value, a.current_year, a.current_value) == (2017, 2.0, 2019, 3.0)
    assert a.observed_growth == pytest.approx(1.5**0.5 - 1)
    configured = _assess({2014: 1.0, 2017: 2.0, 2019: 3.0}, base_year=2014)
    assert (configured.base_year, configured.base_value) == (2014, 1.0)


@pytest.mark.parametrize(("direction", "current", "target", "achieved"), [
    ("negative", 1.0, 1.0, True),     # equality counts
    ("negative", 0.5, 1.0, True),
    ("negative", 1.01, 1.0, False),
    ("positive", 9.0, 9.0, True),
    ("positive", 9.5, 9.0, True),
    ("positive", 8.99, 9.0, False),
])
def test_target_achieved(direction: str, current: float, target: float, achieved: bool) -> None:
    base = 5.0 if direction == "negative" else 7.0
    a = _assess({2015: base, 2020: current}, direction=direction, target=target)
    assert (a.status == TARGET_ACHIEVED) is achieved
    assert a.target_achieved is achieved
    if achieved:
        assert (a.score, a.progress_value, a.kind) == (5.0, None, "with-target")


def test_target_achieved_comes_before_every_other_check_of_the_target() -> None:
    # a target year before the base, or a target of the other sign, do not matter once it is met
    assert _assess({2015: 5.0, 2020: 9.0}, direction="positive", target=9, target_year=2015).status == TARGET_ACHIEVED
    assert _assess({2015: 5.0, 2020: 4.0}, direction="negative", target=-1).status == NOT_AVAILABLE
    assert _assess({2015: 5.0, 2020: 4.0}, direction="positive", target=-1).status == TARGET_ACHIEVED


@pytest.mark.parametrize(("points", "target_year"), [
    ({2015: 5.0, 2020: 6.0}, 2015),
    ({2015: 5.0, 2020: 6.0}, 2010),
    ({2020: 5.0, 2022: 6.0}, 2020),   # the base fell back to 2020
])
def test_target_year_not_after_base(points: dict[int, float], target_year: int) -> None:
    a = _assess(points, direction="positive", target=9, target_year=target_year)
    assert (a.status, a.score, a.reason, a.kind) == (NOT_AVAILABLE, None, "target-year-not-after-base", "with-target")


def test_target_of_the_opposite_sign() -> None:
    a = _assess({2015: -10.0, 2020: -8.0}, direction="positive", target=5)
    assert (a.status, a.reason) == (NOT_AVAILABLE, "target-opposite-sign")
    b = _assess({2015: 10.0, 2020: 12.0}, direction="negative", target=-5)
    assert (b.status, b.reason) == (NOT_AVAILABLE, "target-opposite-sign")


def test_target_equal_to_the_base() -> None:
    a = _assess({2015: 10.0, 2020: 9.0}, direction="positive", target=10)
    assert (a.status, a.score, a.reason) == (NOT_AVAILABLE, None, "target-equals-base")
    assert a.required_growth == 0.0 and a.observed_growth == pytest.approx(0.9**0.2 - 1)


def test_the_settings_are_reported_with_the_assessment() -> None:
    a = _assess({2015: 10.0, 2020: 8.0}, direction="negative", target=2, target_year=2035)
    assert (a.direction, a.sign, a.target, a.target_year, a.kind, a.limit) == (-1, 1, 2.0, 2035, "with-target", None)
    assert a.required_growth == pytest.approx(0.2 ** (1 / 20) - 1)
    b = _assess({2015: 10.0, 2020: 8.0})
    assert (b.direction, b.kind, b.target, b.required_growth, b.thresholds) == (
        -1, "without-target", None, None, STATCAN.without_target)


# --- scores: compared with the incumbent's formulas, at and around every threshold ---------------

COEFFICIENTS = (1.0, 0.6, 1 - 0.9**4.44, 0.05)
#: progress values as multiples of c (the scaled thresholds) ± a little, and absolute ones below 0
RELATIVE = (0.0, 0.0025, 0.005, 0.01, 0.015, 0.0175, 0.02, 0.03, 0.1)
ABSOLUTE = (-1.0, -0.03, -0.02, -0.015, -0.01, -0.001, -1e-9)


def _around(value: float) -> list[float]:
    return [value, math.nextafter(value, -math.inf), value - 1e-7, value + 1e-7]


@pytest.mark.parametrize("coefficient", COEFFICIENTS)
def test_score_without_target_matches_the_incumbent(coefficient: float) -> None:
    thresholds = STATCAN.without_target.scaled(coefficient)
    values = [p for r in RELATIVE for p in _around(r * coefficient)] + list(ABSOLUTE)
    for progress in values:
        ours = _score_without_target(progress, thresholds, coefficient)
        assert ours == pytest.approx(_incumbent_without_target(progress, coefficient), abs=1e-3), progress
        assert status_of_score(ours) == _band_of_progress(progress, thresholds), progress


def test_score_without_target_at_a_limit_coefficient_of_0() -> None:
    thresholds = STATCAN.without_target.scaled(0.0)
    for progress in (0.0, 1e-9, 0.5, -1e-9, -0.01, -0.02, -0.5):
        assert _score_without_target(progress, thresholds, 0.0) == _incumbent_without_target(progress, 0.0)


def test_score_with_target_matches_the_incumbent() -> None:
    values = [p for r in (-2.0, -0.6, -0.3, 0.0, 0.3, 0.6, 0.8, 0.95, 1.1, 1.3, 2.0) for p in _around(r)]
    for progress in values:
        ours = _score_with_target(progress, STATCAN.with_target)
        assert ours == pytest.approx(_incumbent_with_target(progress), abs=1e-3), progress
        assert status_of_score(ours) == _band_of_progress(progress, STATCAN.with_target), progress


@pytest.mark.parametrize(("progress", "score"), [
    (0.015, 2.5), (0.005, 0.0), (0.0, -2.5), (-0.02, -5.0), (0.02, 5.0),
    (0.01, 1.25), (0.0025, -1.25), (-0.01, -3.75), (0.0175, 3.75), (-0.5, -5.0), (0.5, 5.0),
])
def test_score_without_target_anchors(progress: float, score: float) -> None:
    assert _score_without_target(progress, STATCAN.without_target, 1.0) == pytest.approx(score)


@pytest.mark.parametrize(("progress", "score"), [
    (0.95, 2.5), (0.6, 0.0), (0.0, -2.5), (-0.6, -5.0), (1.3, 5.0),
    (0.775, 1.25), (0.3, -1.25), (-0.3, -3.75), (1.125, 3.75), (-3.0, -5.0), (3.0, 5.0),
])
def test_score_with_target_anchors(progress: float, score: float) -> None:
    assert _score_with_target(progress, STATCAN.with_target) == pytest.approx(score)


@pytest.mark.parametrize("target", [False, True])
def test_statuses_around_every_threshold_through_assess(target: bool) -> None:
    thresholds = STATCAN.with_target if target else STATCAN.without_target
    for value in (thresholds.high, thresholds.med, thresholds.low):
        above = _with_progress(value + 1e-6, target=target)
        below = _with_progress(value - 1e-6, target=target)
        assert above.progress_value == pytest.approx(value + 1e-6, abs=1e-12)
        assert above.status == _band_of_progress(value + 1e-6, thresholds)
        assert below.status == _band_of_progress(value - 1e-6, thresholds)
        assert above.status != below.status
        assert above.score is not None and below.score is not None
        assert below.score < above.score and above.score - below.score < 0.01


def test_the_score_never_contradicts_the_status_at_a_boundary() -> None:
    # just below a threshold the score stays just below the band's anchor, never on it
    thresholds = STATCAN.without_target
    for value, anchor in ((thresholds.high, 2.5), (thresholds.med, 0.0), (thresholds.low, -2.5)):
        below = _score_without_target(math.nextafter(value, -math.inf), thresholds, 1.0)
        assert below < anchor and _score_without_target(value, thresholds, 1.0) == anchor


def test_status_of_score() -> None:
    assert [status_of_score(s) for s in (5, 2.5, 2.4999, 0, -1e-12, -2.5, -2.5001, -5)] == [
        SUBSTANTIAL, SUBSTANTIAL, MODERATE, MODERATE, LIMITED, LIMITED, DETERIORATION, DETERIORATION]
    assert status_of_score(7) == SUBSTANTIAL and status_of_score(-7) == DETERIORATION


# --- custom thresholds and the Eurostat method ------------------------------------------------------


def test_custom_thresholds_without_target() -> None:
    custom = Thresholds(0.03, 0.01, 0.0)
    a = _assess({2015: 100.0, 2016: 102.0}, direction="positive", thresholds=custom)
    assert a.thresholds == custom
    assert _assess({2015: 100.0, 2016: 102.0}, direction="positive").status == SUBSTANTIAL
    assert a.status == MODERATE and a.score == pytest.approx(1.25)
    # the anchors move with the thresholds
    for progress, score in ((0.03, 2.5), (0.01, 0.0), (0.0, -2.5), (0.05, 5.0), (-0.02, -5.0)):
        assert _score_without_target(progress, custom, 1.0) == pytest.approx(score)


def test_custom_thresholds_are_scaled_by_the_limit_coefficient() -> None:
    custom = Thresholds(0.03, 0.01, 0.0)
    a = _assess({2015: 50.0, 2016: 51.0}, direction="positive", limit=100, thresholds=custom)
    assert a.thresholds == custom.scaled(1 - 0.5**4.44)


def test_custom_thresholds_with_target() -> None:
    custom = Thresholds(0.8, 0.4, 0.1)
    for progress, score in ((0.8, 2.5), (0.4, 0.0), (0.1, -2.5), (1.2, 5.0), (-0.2, -5.0), (0.6, 1.25)):
        assert _score_with_target(progress, custom) == pytest.approx(score)
    a = _with_progress(0.05, target=True)
    assert a.status == LIMITED
    assert assess([2015, 2016], [100.0, 100.0 * (1 + 0.05 * cagr(TARGET_5_PERCENT, 100.0, 2030, 2015))],
                  Settings(direction="positive", target=TARGET_5_PERCENT, thresholds=custom)).status == DETERIORATION


def test_the_methods() -> None:
    assert set(METHODS) == {"statcan", "eurostat"}
    assert STATCAN.without_target == Thresholds(0.015, 0.005, 0.0)
    assert STATCAN.with_target == EUROSTAT.with_target == Thresholds(0.95, 0.6, 0.0)
    assert EUROSTAT.without_target == Thresholds(0.01, 0.0, -0.01)
    assert "Eurostat" in EUROSTAT.source and "Statistics Canada" in STATCAN.source


@pytest.mark.parametrize(("progress", "eurostat", "statcan"), [
    (0.012, SUBSTANTIAL, MODERATE),
    (0.003, MODERATE, LIMITED),
    (-0.005, LIMITED, DETERIORATION),     # Eurostat: "moderate movement away"
    (-0.015, DETERIORATION, DETERIORATION),
    (0.02, SUBSTANTIAL, SUBSTANTIAL),
])
def test_eurostat_thresholds_without_target(progress: float, eurostat: str, statcan: str) -> None:
    assert _with_progress(progress, EUROSTAT, target=False).status == eurostat
    assert _with_progress(progress, STATCAN, target=False).status == statcan


@pytest.mark.parametrize(("progress", "score"), [
    (0.01, 2.5), (0.0, 0.0), (-0.01, -2.5), (-0.03, -5.0), (0.02, 5.0),
    (0.005, 1.25), (-0.005, -1.25), (-0.02, -3.75), (0.015, 3.75),
])
def test_eurostat_score_anchors(progress: float, score: float) -> None:
    assert _score_without_target(progress, EUROSTAT.without_target, 1.0) == pytest.approx(score)


def test_eurostat_with_a_target_is_statcan() -> None:
    for progress in (-0.5, 0.1, 0.7, 1.0, 2.0):
        ours, theirs = _with_progress(progress, EUROSTAT, target=True), _with_progress(progress, target=True)
        assert (ours.status, ours.score) == (theirs.status, theirs.score)


# --- an indicator's status from its series --------------------------------------------------------


def _scored(status: str, score: float | None) -> Assessment:
    return Assessment(status, score)


def test_combine_takes_the_mean() -> None:
    assert combine([_scored(SUBSTANTIAL, 3.0), _scored(DETERIORATION, -4.0)]) == (LIMITED, -0.5)
    assert combine([_scored(TARGET_ACHIEVED, 5.0), _scored(LIMITED, -1.0)]) == (MODERATE, 2.0)


def test_combine_target_achieved_only_when_every_scored_series_achieved_it() -> None:
    assert combine([_scored(TARGET_ACHIEVED, 5.0), _scored(TARGET_ACHIEVED, 5.0)]) == (TARGET_ACHIEVED, 5.0)
    assert combine([_scored(TARGET_ACHIEVED, 5.0), _scored(SUBSTANTIAL, 5.0)]) == (SUBSTANTIAL, 5.0)
    # a series that cannot be assessed is left out
    assert combine([_scored(TARGET_ACHIEVED, 5.0), Assessment(NOT_AVAILABLE, reason="no-data")]) == (
        TARGET_ACHIEVED, 5.0)


def test_combine_without_scores() -> None:
    assert combine([]) == (NOT_AVAILABLE, None)
    assert combine([Assessment(NOT_AVAILABLE, reason="no-data"),
                    Assessment(NOT_AVAILABLE, reason="opposite-signs")]) == (NOT_AVAILABLE, None)


# --- roll-ups ------------------------------------------------------------------------------------


def _indicator(status: str, score: float | None = None, automatic: bool = True) -> IndicatorProgress:
    return IndicatorProgress(status, score, automatic=automatic)


def test_summarise_counts_and_averages() -> None:
    summary = summarise([
        _indicator(TARGET_ACHIEVED, 5.0), _indicator(SUBSTANTIAL, 3.0), _indicator(DETERIORATION, -4.0),
        _indicator(TARGET_ACHIEVED, automatic=False), _indicator("challenges_remain", automatic=False),
        _indicator(NOT_AVAILABLE),
    ])
    assert (summary.total, summary.scored) == (6, 3)
    assert summary.score == pytest.approx(4 / 3)
    assert summary.status == MODERATE
    assert list(summary.counts) == [*STATUSES, "challenges_remain"]
    assert summary.counts[TARGET_ACHIEVED] == 2 and summary.counts["challenges_remain"] == 1
    assert summary.as_dict()["statuses"][0] == {"status": TARGET_ACHIEVED, "count": 2}
    assert set(summary.as_dict()) == {"total", "scored", "score", "status", "statuses"}


def test_summarise_target_achieved_and_nothing_scored() -> None:
    achieved = summarise([_indicator(TARGET_ACHIEVED, 5.0), _indicator(DETERIORATION, automatic=False)])
    assert (achieved.status, achieved.score) == (TARGET_ACHIEVED, 5.0)
    empty = summarise([_indicator(TARGET_ACHIEVED, automatic=False)])
    assert (empty.total, empty.scored, empty.score, empty.status) == (1, 0, None, None)
    assert summarise([]) == ProgressSummary(0, dict.fromkeys(STATUSES, 0))


def test_rollup_groups_in_natural_order_and_leaves_out_standalone_and_placeholders() -> None:
    def meta(goal: str, target: str, **extra: Any) -> dict[str, Any]:
        return {"goal_number": goal, "target_number": target, **extra}

    result = rollup([
        (meta("10", "10.1"), _indicator(SUBSTANTIAL, 4.0)),
        (meta("2", "2.10"), _indicator(DETERIORATION, -4.0)),
        (meta("2", "2.a"), _indicator(MODERATE, 1.0)),
        (meta("2", "2.2"), _indicator(LIMITED, -1.0)),
        (meta("1", "1.1", standalone=True), _indicator(DETERIORATION, -5.0)),
        (meta("1", "1.2", placeholder="Coming soon"), _indicator(DETERIORATION, -5.0)),
        (meta("3", "3.1"), None),
        ({}, _indicator(SUBSTANTIAL, 3.0)),
    ])
    assert list(result.goals) == ["2", "10"]
    assert list(result.targets) == ["2.2", "2.10", "2.a", "10.1"]
    assert (result.overall.total, result.overall.scored) == (5, 5)
    assert result.overall.score == pytest.approx(3 / 5)
    assert result.goals["2"].score == pytest.approx(-4 / 3) and result.goals["2"].status == LIMITED
    document = result.as_dict("eurostat")
    assert document["method"] == "eurostat" and document["statuses"] == list(STATUSES)
    assert [g["goal"] for g in document["goals"]] == ["2", "10"]
    assert document["targets"][0]["target"] == "2.2" and document["targets"][0]["total"] == 1


# --- properties ----------------------------------------------------------------------------------

magnitudes = st.floats(min_value=0.1, max_value=1000.0)
ratios = st.floats(min_value=0.05, max_value=20.0)
directions: st.SearchStrategy[Direction] = st.sampled_from(["positive", "negative"])
methods = st.sampled_from([STATCAN, EUROSTAT])
#: a limit coefficient is 0 or at least 2⁻⁵³ (it is 1 − x with x < 1 a double), never subnormal
coefficients = st.one_of(st.just(0.0), st.floats(min_value=2.0**-53, max_value=1.0))


@st.composite
def series_settings(draw: st.DrawFn) -> tuple[list[int], list[float], Settings]:
    """A positive series of 2–5 points from 2013 on, and settings with or without target and limit."""
    years = sorted(draw(st.sets(st.integers(2013, 2035), min_size=2, max_size=5)))
    assume(years[-1] > 2015)
    base = draw(magnitudes)
    values = [base * draw(ratios) for _ in years]
    target = draw(st.one_of(st.none(), magnitudes))
    limit = draw(st.one_of(st.none(), magnitudes))
    chosen = Settings(direction=draw(directions), base_year=2015, target_year=draw(st.integers(2016, 2045)),
                      target=target, limit=limit, thresholds=draw(st.one_of(st.none(), ordered_thresholds())))
    return years, values, chosen


@st.composite
def ordered_thresholds(draw: st.DrawFn) -> Thresholds:
    """Any ordered thresholds (gaps large enough for float slopes to stay finite)."""
    low = draw(st.floats(min_value=-1.0, max_value=1.0))
    med = low + draw(st.floats(min_value=1e-4, max_value=1.0))
    high = med + draw(st.floats(min_value=1e-4, max_value=1.0))
    return Thresholds(high, med, low)


def _check_consistent(a: Assessment) -> None:
    if a.status == NOT_AVAILABLE:
        assert a.score is None and a.reason is not None
        return
    assert a.score is not None and -5.0 <= a.score <= 5.0
    if a.status == TARGET_ACHIEVED:
        assert a.score == 5.0
        return
    assert a.status == _band_of_score(a.score)
    assert a.progress_value is not None and a.thresholds is not None
    # the status follows the progress value and the (scaled) thresholds, whatever they are
    assert a.status == _band_of_progress(a.progress_value, a.thresholds)


@settings(max_examples=300, deadline=None)
@given(series_settings(), methods, st.booleans())
def test_scores_stay_in_range_and_agree_with_the_status(case: tuple[list[int], list[float], Settings],
                                                         method: Method, negative: bool) -> None:
    years, values, chosen = case
    if negative:
        values = [-v for v in values]
    _check_consistent(assess(years, values, chosen, method))


@settings(max_examples=200, deadline=None)
@given(series_settings(), methods, st.floats(min_value=0.001, max_value=5.0), st.booleans())
def test_a_better_latest_value_never_lowers_the_score(case: tuple[list[int], list[float], Settings],
                                                       method: Method, step: float, negative: bool) -> None:
    years, values, chosen = case
    if negative:
        values = [-v for v in values]
    better = list(values)
    better[-1] = values[-1] + (step if chosen.direction == "positive" else -step) * abs(values[-1])
    assume(better[-1] * values[-1] > 0)  # crossing zero is "opposite signs", not a better value
    worse_score = assess(years, values, chosen, method).score
    better_score = assess(years, better, chosen, method).score
    if worse_score is not None:
        assert better_score is not None
        assert better_score >= worse_score - 1e-9


def _mirrored(chosen: Settings) -> Settings:
    return Settings(direction="negative" if chosen.direction == "positive" else "positive",
                    base_year=chosen.base_year, target_year=chosen.target_year,
                    target=None if chosen.target is None else -chosen.target,
                    limit=None if chosen.limit is None else -chosen.limit, thresholds=chosen.thresholds)


@settings(max_examples=200, deadline=None)
@given(series_settings(), methods)
def test_mirroring_values_and_direction_changes_nothing(case: tuple[list[int], list[float], Settings],
                                                        method: Method) -> None:
    years, values, chosen = case
    original = assess(years, values, chosen, method)
    mirrored = assess(years, [-v for v in values], _mirrored(chosen), method)
    assert (mirrored.status, mirrored.reason) == (original.status, original.reason)
    assert mirrored.score == original.score
    assert mirrored.progress_value == original.progress_value
    assert [n.code for n in mirrored.notes] == [n.code for n in original.notes]


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-3.0, max_value=3.0), ordered_thresholds(), coefficients)
def test_any_ordered_thresholds_keep_scores_and_statuses_in_step(progress: float, thresholds: Thresholds,
                                                                 coefficient: float) -> None:
    scaled = thresholds.scaled(coefficient)
    without = _score_without_target(progress, scaled, coefficient)
    assert -5.0 <= without <= 5.0
    assert status_of_score(without) == _band_of_progress(progress, scaled)
    with_target = _score_with_target(progress, thresholds)
    assert -5.0 <= with_target <= 5.0
    assert status_of_score(with_target) == _band_of_progress(progress, thresholds)


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-3.0, max_value=3.0), st.floats(min_value=-3.0, max_value=3.0), ordered_thresholds())
def test_scores_are_monotone_in_the_progress_value(first: float, second: float, thresholds: Thresholds) -> None:
    low, high = sorted((first, second))
    assert _score_with_target(low, thresholds) <= _score_with_target(high, thresholds)
    assert _score_without_target(low, thresholds, 1.0) <= _score_without_target(high, thresholds, 1.0)


any_values = st.one_of(st.just(0.0), st.sampled_from([-1.0, 1.0, 100.0]),
                      st.floats(allow_nan=False, allow_infinity=False))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(2010, 2040), any_values), max_size=6, unique_by=lambda point: point[0]),
       directions, st.one_of(st.none(), any_values), st.one_of(st.none(), any_values),
       st.integers(2005, 2045), st.integers(2005, 2045), methods)
def test_any_series_gets_a_status_and_never_an_exception(points: list[tuple[int, float]], direction: Direction,
                                                          target: float | None, limit: float | None,
                                                          base_year: int, target_year: int, method: Method) -> None:
    """Zeros, sign changes, huge and tiny values: "cannot assess" at worst, never a crash."""
    chosen = Settings(direction=direction, base_year=base_year,
                      target_year=target_year, target=target, limit=limit)
    a = assess([year for year, _ in points], [value for _, value in points], chosen, method)
    assert a.status in STATUSES
    assert (a.score is None) is (a.status == NOT_AVAILABLE)
    assert a.score is None or -5.0 <= a.score <= 5.0


def test_the_reasons_of_the_code_are_the_documented_ones() -> None:
    """Every ``reason=`` the assessment can give has an explanation for ``progress-cannot-assess``."""
    source = (ROOT / "src" / "sdgkit" / "derive" / "progress.py").read_text(encoding="utf-8")
    produced = set(re.findall(r'reason="([a-z-]+)"', source)) - {"no-data"}
    assert produced == set(REASONS)
