"""Which series of an indicator are assessed, and their points (reference §5.1–§5.2).

Each item of ``progress_calculation_options`` selects one time series: a unit, a series
and breakdown values (``disaggregation``); without items the headline is assessed.
The ``Progress`` column, when present, replaces ``Value`` for the calculation only.
sdgkit also assesses each value of the breakdowns named in ``progress_breakdowns``
("leave no one behind"), which the incumbent does not do.

Problems become :class:`~sdgkit.derive.progress.Note` values: a series that cannot be
selected is ``not_available`` with a reason, never an exception that stops a build.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sdgkit.config.models import IndicatorOptions, ProgressConfig
from sdgkit.derive.progress import (
    METHODS,
    NOT_AVAILABLE,
    Assessment,
    Method,
    Note,
    Settings,
    Thresholds,
    assess,
    combine,
)
from sdgkit.model.indicator import Indicator, ObservationTable, Role

#: more values than this in one ``progress_breakdowns`` column are not assessed one by one
MAX_BREAKDOWN_VALUES = 100


class _ThresholdsOption(BaseModel):
    model_config = ConfigDict(extra="forbid")
    high: float
    med: float
    low: float

    @model_validator(mode="after")
    def _ordered(self) -> _ThresholdsOption:
        if not self.low < self.med < self.high:
            raise ValueError("the thresholds must be in order: low < med < high")
        return self


class _Filter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str
    value: str

    @field_validator("value", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class ProgressOption(BaseModel):
    """One item of ``progress_calculation_options``: which series, and how to assess it."""

    model_config = ConfigDict(extra="forbid")
    series: str | None = None
    unit: str | None = None
    disaggregation: list[_Filter] = Field(default_factory=list)
    direction: Literal["positive", "negative"] = "negative"
    base_year: int | None = None
    target_year: int | None = None
    target: float | None = None
    limit: float | None = None
    progress_thresholds: _ThresholdsOption | None = None

    @field_validator("disaggregation", mode="before")
    @classmethod
    def _mapping_allowed(cls, value: Any) -> Any:
        """``{Sex: Female}`` is accepted as well as the incumbent's ``[{field: Sex, value: Female}]``."""
        if isinstance(value, Mapping):
            return [{"field": key, "value": item} for key, item in value.items()]
        return [] if value is None else value

    @field_validator("direction", mode="before")
    @classmethod
    def _any_case(cls, value: Any) -> Any:
        """``Positive`` means ``positive``: a capital letter must not turn the conclusion around."""
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("series", "unit", mode="before")
    @classmethod
    def _scalar_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    def settings(self, defaults: ProgressConfig) -> Settings:
        thresholds = self.progress_thresholds
        return Settings(direction=self.direction,
                        base_year=self.base_year if self.base_year is not None else defaults.base_year,
                        target_year=self.target_year if self.target_year is not None else defaults.target_year,
                        target=self.target, limit=self.limit,
                        thresholds=Thresholds(thresholds.high, thresholds.med, thresholds.low) if thresholds else None)

    @property
    def filters(self) -> list[tuple[str, str]]:
        return [(item.field, item.value) for item in self.disaggregation]


@dataclass(frozen=True, slots=True)
class BreakdownProgress:
    """One value of a breakdown (``Sex = Female``) assessed like its series."""

    field: str
    value: str
    assessment: Assessment
    points: tuple[tuple[int, float], ...]


@dataclass(frozen=True, slots=True)
class SeriesProgress:
    """One assessed series: what was selected, its points and its assessment."""

    tag: str
    unit: str | None
    series: str | None
    disaggregation: tuple[tuple[str, str], ...]
    assessment: Assessment
    points: tuple[tuple[int, float], ...]
    breakdowns: tuple[BreakdownProgress, ...] = ()


@dataclass(frozen=True, slots=True)
class IndicatorProgress:
    """An indicator's progress status: computed (with every series behind it) or set by hand."""

    status: str
    score: float | None = None
    automatic: bool = False
    method: str = "statcan"
    series: tuple[SeriesProgress, ...] = ()
    notes: tuple[Note, ...] = ()


def indicator_progress(indicator: Indicator, options: IndicatorOptions,
                       defaults: ProgressConfig) -> IndicatorProgress | None:
    """The indicator's progress, or ``None`` when it has neither a manual nor an automatic status."""
    meta = indicator.metadata
    manual = meta.get("progress_status")
    if meta.get("auto_progress_calculation") is not True:
        return IndicatorProgress(status=str(manual)) if manual not in (None, "") else None
    method = METHODS[defaults.method]
    items, notes = parse_options(meta.get("progress_calculation_options"))
    if manual not in (None, ""):
        notes.append(Note("progress-status-overridden", {"manual": manual}))
    breakdowns = _breakdown_fields(meta.get("progress_breakdowns"))
    series = tuple(_series_progress(indicator, item, options, defaults, method, breakdowns, notes)
                   for item in items)
    status, score = combine([entry.assessment for entry in series])
    for entry in series:
        notes += entry.assessment.notes
    return IndicatorProgress(status, score, automatic=True, method=method.name, series=series, notes=tuple(notes))


def parse_options(raw: Any) -> tuple[list[ProgressOption], list[Note]]:
    """The configured items, each checked; a wrong item is reported and left out.

    No item at all means one default item, the headline series; items that are all wrong mean
    none (the status is then not available), so that a typo never publishes a conclusion drawn
    with defaults the statistician did not choose (such as "lower is better")."""
    if not isinstance(raw, list) or not raw:
        return [ProgressOption()], []
    items: list[ProgressOption] = []
    notes: list[Note] = []
    for number, entry in enumerate(raw, start=1):
        try:
            items.append(ProgressOption.model_validate(entry))
        except ValidationError as error:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}"
                                 for e in error.errors())
            notes.append(Note("progress-option-invalid", {"item": number, "problem": problems}))
    return items, notes


def _breakdown_fields(raw: Any) -> list[str]:
    if isinstance(raw, str) and raw:
        return [raw]
    return [str(item) for item in raw if item not in (None, "")] if isinstance(raw, list) else []


def _series_progress(indicator: Indicator, item: ProgressOption, options: IndicatorOptions,
                     defaults: ProgressConfig, method: Method, breakdowns: Sequence[str],
                     notes: list[Note]) -> SeriesProgress:
    tag = series_tag(indicator.id.slug, item)
    settings = item.settings(defaults)
    table = indicator.data
    if table is None or table.frame.empty:
        notes.append(Note("progress-no-data", {"series": tag}))
        return SeriesProgress(tag, item.unit, item.series, tuple(item.filters),
                              Assessment(NOT_AVAILABLE, reason="no-data"), ())
    selected = _select(table, item, options, tag, notes)
    if isinstance(selected, str):
        return SeriesProgress(tag, item.unit, item.series, tuple(item.filters),
                              Assessment(NOT_AVAILABLE, reason=selected), ())
    points = tuple(selected)
    assessment = assess([year for year, _ in points], [value for _, value in points], settings, method)
    if assessment.reason is not None:
        notes.append(Note("progress-cannot-assess", {"series": tag, "reason": assessment.reason}))
    return SeriesProgress(tag, item.unit, item.series, tuple(item.filters), assessment, points,
                          tuple(_breakdowns(table, item, options, settings, method, breakdowns, tag)))


def series_tag(slug: str, item: ProgressOption) -> str:
    """How the incumbent names a series in messages and in ``indicator_calculation_components``."""
    parts = [slug, item.series, item.unit, *(value for _, value in item.filters)]
    return " / ".join(part for part in parts if part)


# --- choosing the rows (``SeriesProgress.filter_data``) -------------------------------------

Points = list[tuple[int, float]]


def _select(table: ObservationTable, item: ProgressOption, options: IndicatorOptions, tag: str,
            notes: list[Note]) -> Points | str:
    """The series' ``(year, value)`` points, or the reason why there are none."""
    frame = table.frame
    mask = pd.Series(True, index=frame.index)
    fixed = [(options.unit_column, item.unit), (options.series_column, item.series), *item.filters]
    for column, wanted in fixed:
        if wanted is not None:
            mask = _narrowed(frame, mask, column, wanted, tag, notes)
    filtered = {column for column, _ in item.filters}
    others = [c for c in table.columns_with(Role.DIMENSION) if c not in filtered]
    totals = mask & frame[others].isna().all(axis=1) if others else mask
    if not item.filters and not totals.any():
        notes.append(Note("progress-no-headline", {"series": tag}))
        return "no-headline"
    if totals.any():  # sdgkit: the total over the breakdowns not chosen (the incumbent keeps every row)
        mask = totals
    return _points(table, mask, options, tag, notes)


def _narrowed(frame: pd.DataFrame, mask: pd.Series, column: str, wanted: str, tag: str,
              notes: list[Note]) -> pd.Series:
    """Rows with ``column == wanted``; a missing column or value is reported and the filter skipped."""
    if column not in frame.columns:
        notes.append(Note("progress-filter-not-found", {"series": tag, "column": column, "wanted": wanted,
                                                        "missing": "column"}))
        return mask
    hit = frame[column] == wanted
    if not hit.any():
        notes.append(Note("progress-filter-not-found", {"series": tag, "column": column, "wanted": wanted,
                                                        "missing": "value"}))
        return mask
    return mask & hit


def _points(table: ObservationTable, mask: pd.Series, options: IndicatorOptions, tag: str,
            notes: list[Note]) -> Points | str:
    frame = table.frame.loc[mask.to_numpy()]
    grouping = [c for c in table.columns_with(Role.DIMENSION, Role.UNIT, Role.SERIES) if c in frame.columns]
    for column in grouping:
        # a blank counts as a value (as pandas' ``unique`` in the incumbent): a total and a breakdown
        # value must not be joined into one series
        distinct = [*sorted(map(str, frame[column].dropna().unique()))[:10],
                    *(["(blank)"] if frame[column].isna().any() else [])]
        if len(distinct) > 1:
            notes.append(Note("progress-many-series", {"series": tag, "column": column,
                                                       "values": ", ".join(distinct)}))
            return "many-series"
    values = _values(table, options)[mask.to_numpy()]
    years = table.years[mask.to_numpy()]
    usable = values.notna().to_numpy() & years.notna().to_numpy()
    pairs = list(zip(years[usable].astype(int).tolist(), values[usable].astype(float).tolist(), strict=True))
    seen: dict[int, float] = {}
    for year, value in pairs:
        if year in seen:
            notes.append(Note("progress-duplicate-year", {"series": tag, "year": year,
                                                          "first": seen[year], "second": value}))
            return "duplicate-year"
        seen[year] = value
    if not pairs:
        notes.append(Note("progress-no-data", {"series": tag}))
        return "no-data"
    return sorted(pairs)


def _values(table: ObservationTable, options: IndicatorOptions) -> pd.Series:
    """``Progress`` when the data has that column (blank rows are then left out), else ``Value``."""
    frame = table.frame
    if options.progress_column in frame.columns:
        return pd.to_numeric(frame[options.progress_column], errors="coerce")
    return frame["Value"]


# --- by breakdown (sdgkit) -------------------------------------------------------------------

def _breakdowns(table: ObservationTable, item: ProgressOption, options: IndicatorOptions, settings: Settings,
                method: Method, fields: Sequence[str], tag: str) -> Iterator[BreakdownProgress]:
    chosen = {column for column, _ in item.filters}
    for column in fields:
        if column in chosen or column not in table.frame.columns:
            continue
        values = sorted(str(v) for v in table.frame[column].dropna().unique())[:MAX_BREAKDOWN_VALUES]
        for value in values:
            one = item.model_copy(update={"disaggregation": [*item.disaggregation, _Filter(field=column, value=value)]})
            quiet: list[Note] = []  # the series' own notes are enough; a breakdown's gaps show in its table row
            selected = _select(table, one, options, tag, quiet)
            if isinstance(selected, str):
                yield BreakdownProgress(column, value, Assessment(NOT_AVAILABLE, reason=selected), ())
                continue
            points = tuple(selected)
            yield BreakdownProgress(column, value, assess([y for y, _ in points], [v for _, v in points],
                                                          settings, method), points)
