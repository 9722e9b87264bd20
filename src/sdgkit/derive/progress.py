"""Progress of one time series towards its target: Statistics Canada's method, as Open SDG 2.4 runs it.

The method compares compound annual growth rates (CAGR). Without a target, the observed
growth in the desired direction is compared with fixed rates (1.5 % and 0.5 % a year),
scaled down by a *limit coefficient* when the base value is close to a natural limit
(e.g. 100 %). With a target, the observed growth is divided by the growth required to
reach the target in the target year. Each series gets a status and a score from −5 to 5;
an indicator's score is the mean of its series' scores (reference §5.3–§5.5, and
``docs/progress.md`` for worked examples).

Everything here is pure arithmetic on ``(year, value)`` points so that it can be tested
exhaustively; choosing the points from an indicator's data is
:mod:`sdgkit.derive.progress_series`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

TARGET_ACHIEVED = "target_achieved"
SUBSTANTIAL = "substantial_progress"
MODERATE = "moderate_progress"
LIMITED = "limited_progress"
DETERIORATION = "deterioration"
NOT_AVAILABLE = "not_available"
#: computed statuses, best first
STATUSES = (TARGET_ACHIEVED, SUBSTANTIAL, MODERATE, LIMITED, DETERIORATION, NOT_AVAILABLE)

#: Open SDG replaces a zero base or target by this (an exponential model cannot start from 0)
ZERO_REPLACEMENT = 0.001
#: exponent of the limit coefficient (Statistics Canada)
LIMIT_EXPONENT = 4.44
MIN_SCORE, MAX_SCORE = -5.0, 5.0
#: score bands: the lowest score of each status (reference §5.5)
SCORE_BANDS = ((2.5, SUBSTANTIAL), (0.0, MODERATE), (-2.5, LIMITED), (MIN_SCORE, DETERIORATION))

Direction = Literal["positive", "negative"]
Kind = Literal["with-target", "without-target"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Lowest progress value for substantial, moderate and limited progress; below ``low`` is deterioration."""

    high: float
    med: float
    low: float

    def as_dict(self) -> dict[str, float]:
        return {"high": self.high, "med": self.med, "low": self.low}

    def scaled(self, coefficient: float) -> Thresholds:
        return Thresholds(self.high * coefficient, self.med * coefficient, self.low * coefficient)


@dataclass(frozen=True, slots=True)
class Method:
    """A set of thresholds for both kinds of series; the formulas are shared."""

    name: str
    without_target: Thresholds
    with_target: Thresholds
    source: str


#: Statistics Canada, as shipped in Open SDG 2.4.0 (reference §5.4)
STATCAN = Method("statcan", Thresholds(0.015, 0.005, 0.0), Thresholds(0.95, 0.6, 0.0),
                 "Statistics Canada, Sustainable Development Goals Data Hub progress methodology (Open SDG 2.4.0)")
#: Eurostat's EU SDG monitoring report: 1 % a year without a target, and movement away split at −1 %
EUROSTAT = Method("eurostat", Thresholds(0.01, 0.0, -0.01), Thresholds(0.95, 0.6, 0.0),
                  "Eurostat, Sustainable development in the European Union, monitoring report, "
                  "methodological annex (assessment of trends)")
METHODS = {method.name: method for method in (STATCAN, EUROSTAT)}


@dataclass(frozen=True, slots=True)
class Settings:
    """What a statistician configures for one series (``progress_calculation_options`` item)."""

    direction: Direction = "negative"
    base_year: int = 2015
    target_year: int = 2030
    target: float | None = None
    limit: float | None = None
    #: ``progress_thresholds`` overrides, for the kind of series being assessed
    thresholds: Thresholds | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """Something the statistician should know about an assessment (becomes a ``progress-*`` issue)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Assessment:
    """One series' assessment and every number behind it (``indicator_calculation_components``)."""

    status: str
    score: float | None = None
    #: why there is no status (a stable key, see ``docs/progress.md``), when ``status`` is not_available
    reason: str | None = None
    kind: Kind | None = None
    direction: int = -1
    sign: int = 1
    base_year: int | None = None
    base_value: float | None = None
    current_year: int | None = None
    current_value: float | None = None
    target: float | None = None
    target_year: int | None = None
    limit: float | None = None
    limit_coefficient: float = 1.0
    observed_growth: float | None = None
    required_growth: float | None = None
    progress_value: float | None = None
    thresholds: Thresholds | None = None
    notes: tuple[Note, ...] = ()

    @property
    def target_achieved(self) -> bool:
        return self.status == TARGET_ACHIEVED


def cagr(value: float, base: float, year: float, base_year: float) -> float:
    """Compound annual growth rate from ``base`` in ``base_year`` to ``value`` in ``year``.

    The ratio must not be negative (callers check signs first); a zero ratio is −100 %.
    """
    return float((value / base) ** (1 / (year - base_year)) - 1)


def limit_coefficient(base: float, limit: float) -> float:
    """How much of the usual growth is required when the base is close to a limit (1 far away, 0 at it)."""
    b, cap = abs(base), abs(limit)
    if b >= 2 * cap:
        return 1.0
    if b <= cap:
        return float(1 - (b / cap) ** LIMIT_EXPONENT)
    return float(1 - ((2 * cap - b) / cap) ** LIMIT_EXPONENT)


def assess(years: Sequence[int], values: Sequence[float], settings: Settings,
           method: Method = STATCAN) -> Assessment:
    """The assessment of one series given as points (one value per year, any order)."""
    points = sorted(zip(years, values, strict=True))
    direction = 1 if settings.direction == "positive" else -1
    if not points:
        return Assessment(NOT_AVAILABLE, reason="no-data", direction=direction)
    current_year, current_value = points[-1]
    base = _base_point(points, settings.base_year)
    common: dict[str, Any] = {"direction": direction, "current_year": current_year, "current_value": current_value,
                              "target": settings.target, "target_year": settings.target_year,
                              "limit": settings.limit}
    if base is None:
        return Assessment(NOT_AVAILABLE, reason="no-base-year", **common)
    base_year, base_value = base
    common["base_year"] = base_year
    notes: list[Note] = []
    if base_value == 0:
        notes.append(Note("progress-zero-replaced", {"what": "base value", "year": base_year}))
        base_value = ZERO_REPLACEMENT
    common["base_value"] = base_value
    common["sign"] = -1 if base_value < 0 else 1
    if current_year - base_year < 1:
        return Assessment(NOT_AVAILABLE, reason="too-few-years", notes=tuple(notes), **common)
    if _opposite_signs(base_value, current_value):
        return Assessment(NOT_AVAILABLE, reason="opposite-signs", notes=tuple(notes), **common)
    if settings.target is None:
        return _without_target(settings, method, common, notes)
    return _with_target(settings, method, common, notes)


def _opposite_signs(first: float, second: float) -> bool:
    """One value below 0 and the other above (0 is neither). Compared directly, not through the
    product, which underflows to −0.0 for tiny values and would let a negative ratio reach :func:`cagr`."""
    return (first < 0 < second) or (second < 0 < first)


def _base_point(points: Sequence[tuple[int, float]], base_year: int) -> tuple[int, float] | None:
    """The configured base year if it has a value, else the first later year that has one."""
    return next(((year, value) for year, value in points if year >= base_year), None)


def _without_target(settings: Settings, method: Method, common: dict[str, Any],
                    notes: list[Note]) -> Assessment:
    """Method 1: observed growth in the desired direction against fixed rates, scaled near a limit."""
    base, current = common["base_value"], common["current_value"]
    coefficient = 1.0
    if settings.limit is not None:
        coefficient = limit_coefficient(base, settings.limit)
        if _beyond_limit(base, settings.limit, common["direction"]):
            notes.append(Note("progress-limit-passed", {"base": base, "limit": settings.limit}))
    growth = cagr(current, base, common["current_year"], common["base_year"])
    progress = common["sign"] * common["direction"] * growth
    thresholds = (settings.thresholds or method.without_target).scaled(coefficient)
    score = _score_without_target(progress, thresholds, coefficient)
    return Assessment(_band(score), score, kind="without-target", limit_coefficient=coefficient,
                      observed_growth=growth, progress_value=progress, thresholds=thresholds,
                      notes=tuple(notes), **common)


def _beyond_limit(base: float, limit: float, direction: int) -> bool:
    """The base already lies past the limit in the desired direction (the limit cannot mean much)."""
    return base > limit if direction > 0 else base < limit


def _with_target(settings: Settings, method: Method, common: dict[str, Any], notes: list[Note]) -> Assessment:
    """Method 2: observed growth as a share of the growth the target requires."""
    if settings.limit is not None:
        notes.append(Note("progress-limit-ignored", {"limit": settings.limit}))
    target = float(settings.target) if settings.target is not None else 0.0
    if target == 0:
        notes.append(Note("progress-zero-replaced", {"what": "target", "year": settings.target_year}))
        target = ZERO_REPLACEMENT
    common["target"] = target
    direction, current = common["direction"], common["current_value"]
    if (direction < 0 and current <= target) or (direction > 0 and current >= target):
        return Assessment(TARGET_ACHIEVED, MAX_SCORE, kind="with-target", notes=tuple(notes), **common)
    base, base_year = common["base_value"], common["base_year"]
    if settings.target_year <= base_year:
        return Assessment(NOT_AVAILABLE, reason="target-year-not-after-base", kind="with-target",
                          notes=tuple(notes), **common)
    if _opposite_signs(base, target):
        return Assessment(NOT_AVAILABLE, reason="target-opposite-sign", kind="with-target",
                          notes=tuple(notes), **common)
    observed = cagr(current, base, common["current_year"], base_year)
    required = cagr(target, base, settings.target_year, base_year)
    if required == 0:
        return Assessment(NOT_AVAILABLE, reason="target-equals-base", kind="with-target",
                          observed_growth=observed, required_growth=required, notes=tuple(notes), **common)
    progress = common["sign"] * direction * observed / abs(required)
    thresholds = settings.thresholds or method.with_target
    score = _score_with_target(progress, thresholds)
    return Assessment(_band(score), score, kind="with-target", observed_growth=observed,
                      required_growth=required, progress_value=progress, thresholds=thresholds,
                      notes=tuple(notes), **common)


# --- scores: piecewise-linear maps that put the thresholds at 2.5, 0 and −2.5 ---------------

def _score_without_target(progress: float, thresholds: Thresholds, coefficient: float) -> float:
    """Open SDG 2.4 (defaults): ``125·P − 2.5`` below ``low``, ``500·P/c − 2.5`` up to ``med``,
    ``250·P/c − 1.25`` up to ``high``, ``500·P/c − 5`` above, within [−5, 5]; 5 when c is 0.

    Written as interpolation between the (scaled) thresholds, which is the same map for the
    default thresholds and stays consistent with the status bands for any others.
    """
    low, med, high = thresholds.low, thresholds.med, thresholds.high
    if progress < low:
        # −5 is reached 2 percentage points below ``low`` (Open SDG: slope 125, not scaled by c)
        return _clamped(-2.5 + (progress - low) * 2.5 / 0.02, MIN_SCORE, -2.5)
    if coefficient == 0:
        return MAX_SCORE
    if progress < med:
        return _clamped(-2.5 + (progress - low) * 2.5 / (med - low), -2.5, 0.0)
    if progress < high:
        return _clamped((progress - med) * 2.5 / (high - med), 0.0, 2.5)
    return min(2.5 + (progress - high) * 2.5 / (med - low), MAX_SCORE)


def _score_with_target(progress: float, thresholds: Thresholds) -> float:
    """Open SDG 2.4 (defaults): ``7.1429·R − 4.2857`` from ``med`` up (at most 5) and
    ``4.1667·R − 2.5`` below (at least −5): one slope on each side of ``med``."""
    low, med, high = thresholds.low, thresholds.med, thresholds.high
    rising, falling = 2.5 / (high - med), 2.5 / (med - low)
    if progress >= high:
        return min(2.5 + (progress - high) * rising, MAX_SCORE)
    if progress >= med:
        return _clamped((progress - med) * rising, 0.0, 2.5)
    if progress >= low:
        return _clamped((progress - med) * falling, -2.5, 0.0)
    return _clamped((progress - med) * falling, MIN_SCORE, -2.5)


def _clamped(score: float, lowest: float, below: float) -> float:
    """The score kept inside its band ``[lowest, below)``, so rounding never moves a series into the next status."""
    return min(max(score, lowest), math.nextafter(below, -math.inf))


def _band(score: float) -> str:
    return next(status for lowest, status in SCORE_BANDS if score >= lowest)


def combine(assessments: Sequence[Assessment]) -> tuple[str, float | None]:
    """An indicator's status and score from its series: the mean score, and "target achieved"
    only when every scored series achieved its target."""
    scored = [a for a in assessments if a.score is not None]
    if not scored:
        return NOT_AVAILABLE, None
    mean = sum(a.score for a in scored if a.score is not None) / len(scored)
    if all(a.target_achieved for a in scored):
        return TARGET_ACHIEVED, mean
    return status_of_score(mean), mean


def status_of_score(score: float) -> str:
    """The status of a score in [−5, 5] (scores of 5 without every target achieved are on track)."""
    return _band(max(MIN_SCORE, min(MAX_SCORE, score)))
