"""From an indicator's data to SDMX series, with the exact reason for every row left out.

The rules are the incumbent's (sdg-build ``OutputSdmxMl``): rename ``Value``, ``Units``,
``Series`` and ``Year`` to their SDMX concepts, apply the column map then the code map, and
fill every key and attribute from the row, else the indicator's metadata field of the same id,
else ``default_values``, else a built-in default. The incumbent drops non-conforming rows with
a count; sdgkit keeps, for every row, *every* reason that stops it (a row may have several) and
the mapping that would fix each one, so the report can say which few lines of ``column_map``
or ``code_map`` would unlock the most data. Nothing here reads files or writes: it is pure.

A ``SERIES`` is never invented: without one in the row, metadata or ``default_values``, the
series code is taken from the DSD only when its annotations tie exactly one series to the
indicator. Rows that would collide in SDMX (two values for one key and period, or two values
of a series attribute for one series) are dropped and reported, because sdmx1 would silently
keep one of them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from sdgkit.sdmx.options import SdmxOutputOptions
from sdgkit.sdmx.periods import is_time_period, period_hint
from sdgkit.sdmx.sources import SdmxInputs
from sdgkit.sdmx.structure import TOTAL, Component, Dsd, global_content_constraints

#: the incumbent renames these before applying the column map
FIXED_RENAMES = {"Value": "OBS_VALUE", "Units": "UNIT_MEASURE", "Series": "SERIES", "Year": "TIME_PERIOD"}
DIMENSION_DEFAULTS = {"FREQ": "A", "REPORTING_TYPE": "N"}
ATTRIBUTE_DEFAULTS = {"UNIT_MULT": "0", "UNIT_MEASURE": "NUMBER", "OBS_STATUS": "A"}
SERIES = "SERIES"


class Kind(StrEnum):
    """Why a row cannot be exported."""

    UNMAPPED_COLUMN = "unmapped-column"
    CONFLICTING_COLUMNS = "conflicting-columns"
    UNKNOWN_CODE = "unknown-code"
    NO_SERIES = "no-series"
    SERIES_NOT_CONSTRAINED = "series-not-in-constraints"
    CONSTRAINT = "content-constraint"
    TIME_PERIOD = "time-period"
    NO_VALUE = "no-value"
    SERIES_ATTRIBUTE_CONFLICT = "series-attribute-conflict"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class Blocker:
    """One reason that stops a row; equal blockers are counted together in the report."""

    kind: Kind
    #: the DSD concept concerned (the column name for an unmapped column)
    concept: str = ""
    value: str = ""
    #: where the value came from: data, metadata, default_values, default
    origin: str = "data"
    #: the SERIES code a content constraint belongs to
    series: str = ""
    #: allowed codes, candidate codes, or the other columns of a conflict
    options: tuple[str, ...] = ()
    #: what sdgkit guesses the fix is (a concept for a column, a code for a value)
    guess: str = ""
    #: the indicator, for reasons fixed per indicator
    indicator: str = ""
    #: computed once: the same blocker is counted for thousands of rows
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.kind, self.concept, self.value, self.origin, self.series,
                                                self.options, self.guess, self.indicator)))

    def __hash__(self) -> int:
        return self._hash

    def message(self) -> str:
        """The reason, in plain language."""
        return _MESSAGES[self.kind](self)

    def fix(self) -> str | None:
        """The mapping that would remove this reason, or ``None`` when no mapping can."""
        return _FIXES[self.kind](self)

    def grouped(self) -> Blocker:
        """The blocker the report counts this one under: periods are grouped by the kind of mistake."""
        if self.kind is Kind.TIME_PERIOD and self.value:
            return replace(self, value="")
        return self


@dataclass(frozen=True, slots=True)
class Observation:
    time: str
    value: str
    #: observation-level attributes, in DSD order
    attributes: Mapping[str, str]
    #: source line of the row (0 when unknown)
    line: int = 0


@dataclass(slots=True)
class Series:
    #: every dimension but time, in DSD key order
    key: Mapping[str, str]
    #: series-level attributes, in DSD order
    attributes: Mapping[str, str]
    observations: list[Observation] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DroppedRow:
    line: int
    blockers: tuple[Blocker, ...]
    #: the row this one collides with (duplicates and series-attribute conflicts)
    related_line: int | None = None


@dataclass(slots=True)
class MappedIndicator:
    """One indicator, mapped: the series to write and the rows that could not be."""

    indicator: str
    file: str | None
    rows: int
    series: list[Series] = field(default_factory=list)
    dropped: list[DroppedRow] = field(default_factory=list)
    #: things written differently than the data says, that do not stop rows
    notes: list[str] = field(default_factory=list)

    @property
    def exported(self) -> int:
        return sum(len(series.observations) for series in self.series)


@dataclass(frozen=True, slots=True)
class Fallback:
    """The value a concept takes when the row has none, and where it came from."""

    value: str | None
    origin: str


@dataclass(slots=True)
class MappingContext:
    """What every indicator of one output shares; built once per output."""

    dsd: Dsd
    options: SdmxOutputOptions
    column_map: Mapping[str, str]
    code_map: Mapping[str, Mapping[str, str]]
    #: SERIES code → allowed codes per concept (``None``: any); empty when not enforced
    constraints: Mapping[str, Mapping[str, tuple[str, ...] | None]]
    #: indicator slug → SERIES codes the DSD ties to it
    series_of_indicator: Mapping[str, tuple[str, ...]]
    _names: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def create(cls, inputs: SdmxInputs, options: SdmxOutputOptions) -> MappingContext:
        constraints = global_content_constraints() if options.global_content_constraints else {}
        by_indicator: dict[str, list[str]] = {}
        for code, indicators in inputs.dsd.indicator_of_series().items():
            for indicator in indicators:
                by_indicator.setdefault(indicator, []).append(code)
        return cls(inputs.dsd, options, inputs.column_map, inputs.code_map, constraints,
                   {key: tuple(codes) for key, codes in by_indicator.items()})

    @property
    def concepts(self) -> dict[str, Component]:
        """Every concept a column can map to (the time dimension and the measure have no component)."""
        return {c.id: c for c in (*self.dsd.dimensions, *self.dsd.attributes)}

    def code_named(self, concept: str, text: str, among: Iterable[str] | None = None) -> str:
        """The code of ``concept`` whose id or name reads like ``text`` (a suggestion), or ``""``."""
        names = self._names.get(concept)
        if names is None:
            component = self.dsd.component(concept)
            names = _name_index(component.codes.values() if component else ())
            self._names[concept] = names
        found = names.get(_normal(text), "")
        allowed = set(among) if among is not None else None
        return found if allowed is None or found in allowed else ""

    def concept_named(self, column: str) -> str:
        """The DSD concept whose id or name reads like the column name, or ``""``."""
        wanted = {_normal(column), _normal(re.sub(r"\(.*?\)", "", column))}
        for component in self.concepts.values():
            candidates = {_normal(component.id), *(_normal(name) for name in component.names.values())}
            if wanted & candidates:
                return component.id
        return ""


_FILLERS = frozenset({"of", "the", "and", "or", "a", "an", "years", "year", "old", "aged"})


def _normal(text: str) -> str:
    """Lower case, content words only: ``Unit measure`` and ``UNIT_MEASURE`` compare equal, so do
    ``25 to 49`` and ``25 to 49 years old``."""
    words = re.findall(r"[^\W_]+", text.casefold())
    return " ".join(word for word in words if word not in _FILLERS)


def _name_index(codes: Iterable[Any]) -> dict[str, str]:
    index: dict[str, str] = {}
    for code in codes:
        for text in (code.id, *code.names.values(), re.sub(r"\(.*?\)|\[.*?\]", "", code.name())):
            index.setdefault(_normal(text), code.id)
    index.pop("", None)
    return index


# --- the mapping ---------------------------------------------------------------------------------


def map_indicator(indicator: str, frame: pd.DataFrame, metadata: Mapping[str, Any], context: MappingContext,
                  lines: Sequence[int] | np.ndarray | None = None, file: str | None = None) -> MappedIndicator:
    """Map one indicator's untranslated data to SDMX series; every row is exported or explained."""
    run = _Run(indicator, frame.reset_index(drop=True), metadata, context, lines)
    run.check_all()
    mapped = MappedIndicator(indicator, file, len(run.frame), notes=run.notes)
    run.assemble(mapped)
    return mapped


class _Run:
    """The mapping of one indicator: resolved values per concept, blockers per row."""

    def __init__(self, indicator: str, frame: pd.DataFrame, metadata: Mapping[str, Any], context: MappingContext,
                 lines: Sequence[int] | np.ndarray | None) -> None:
        self.indicator = indicator
        self.frame = frame
        self.metadata = metadata
        self.context = context
        self.dsd = context.dsd
        self.size = len(frame)
        self.lines = [int(line) for line in lines] if lines is not None else list(range(2, self.size + 2))
        self.blockers: dict[int, list[Blocker]] = {}
        self.notes: list[str] = []
        self.sources = _sources(frame.columns, context.column_map)
        #: concept → value of each row (``None`` when the row has none)
        self.data: dict[str, list[str | None]] = {}
        #: concept → value of each row after fallbacks (key and attributes)
        self.resolved: dict[str, list[str | None]] = {}
        self.fallbacks: dict[str, Fallback] = {}

    def block(self, rows: Iterable[int], blocker: Blocker) -> None:
        for row in rows:
            self.blockers.setdefault(int(row), []).append(blocker)

    # checks, in the order the reasons are listed

    def check_all(self) -> None:
        self._columns()
        for component in self.dsd.dimensions:
            self._dimension(component)
        for component in self.dsd.attributes:
            self._attribute(component)
        self._time()
        self._values()
        if self.context.constraints:
            self._content_constraints()

    def _columns(self) -> None:
        """Data per concept (code map applied); columns with no DSD concept block or are ignored."""
        concepts = self.context.concepts
        for target, columns in self.sources.items():
            if target in concepts or target == self.dsd.time_dimension:
                self.data[target] = self._combined(target, columns)
            elif target == self.dsd.measure:
                continue  # read as numbers by _values
            else:
                for column in columns:
                    self._unmapped(column, target)

    def _unmapped(self, column: str, target: str) -> None:
        rows = np.flatnonzero(_present(self.frame[column]))
        if not len(rows):
            return
        mapped_to = target if target != column and target not in FIXED_RENAMES.values() else ""
        if self.context.options.constrain_data:
            self.block(rows, Blocker(Kind.UNMAPPED_COLUMN, column, mapped_to,
                                     guess="" if mapped_to else self.context.concept_named(column)))
        else:
            self.notes.append(f"Column `{column}` is not in the DSD and was left out ({len(rows)} rows have a "
                              f"value); rows that differ only by it collide and are reported as duplicates.")

    def _combined(self, concept: str, columns: list[str]) -> list[str | None]:
        """One value per row from one or more source columns; differing values block the row."""
        codes = self.context.code_map.get(concept, {})
        values = [_coded(self.frame[column], codes) for column in columns]
        combined = values[0]
        for other, column in zip(values[1:], columns[1:], strict=True):
            clash = [i for i, (a, b) in enumerate(zip(combined, other, strict=True)) if a and b and a != b]
            self.block(clash, Blocker(Kind.CONFLICTING_COLUMNS, concept, options=(columns[0], column)))
            combined = [a if a is not None else b for a, b in zip(combined, other, strict=True)]
        return combined

    def _dimension(self, component: Component) -> None:
        fallback = self._fallback(component.id, DIMENSION_DEFAULTS.get(component.id, TOTAL))
        if component.id == SERIES and fallback.origin == "default":
            fallback = self._series_fallback()
        values = self._resolve(component, fallback)
        if component.id == SERIES:
            missing = [i for i, value in enumerate(values) if value is None]
            codes = self.context.series_of_indicator.get(self.indicator, ())
            self.block(missing, Blocker(Kind.NO_SERIES, SERIES, options=codes, indicator=self.indicator))

    def _attribute(self, component: Component) -> None:
        if component.level == "dataset":
            if component.id in self.data:
                self.notes.append(f"Column for `{component.id}` left out: it attaches to a whole data set.")
            return
        self._resolve(component, self._fallback(component.id, ATTRIBUTE_DEFAULTS.get(component.id)))

    def _fallback(self, concept: str, default: str | None) -> Fallback:
        """Metadata field of the same id, else ``default_values``, else the built-in default."""
        value = _scalar(self.metadata.get(concept))
        if value is not None:
            return Fallback(value, "metadata")
        configured = self.context.options.default_values.get(concept)
        if configured not in (None, ""):
            return Fallback(configured, "default_values")
        return Fallback(default, "default")

    def _series_fallback(self) -> Fallback:
        codes = self.context.series_of_indicator.get(self.indicator, ())
        return Fallback(codes[0], "DSD") if len(codes) == 1 else Fallback(None, "none")

    def _resolve(self, component: Component, fallback: Fallback) -> list[str | None]:
        """Row value else fallback; codes outside the codelist block (or are noted)."""
        data = self.data.get(component.id)
        values = [fallback.value] * self.size if data is None else [v if v is not None else fallback.value
                                                                     for v in data]
        self.resolved[component.id] = values
        self.fallbacks[component.id] = fallback
        if component.coded:
            self._check_codes(component, values, data, fallback)
        return values

    def _check_codes(self, component: Component, values: list[str | None], data: list[str | None] | None,
                     fallback: Fallback) -> None:
        unknown = {value for value in set(values) if value is not None and value not in component.codes}
        if not unknown:  # the usual case: look at each distinct value once, not at every row
            return
        bad: dict[str, list[int]] = {}
        for i, value in enumerate(values):
            if value in unknown:
                bad.setdefault(value, []).append(i)
        for value, rows in bad.items():
            from_data = data is not None and data[rows[0]] is not None
            origin = "data" if from_data else fallback.origin
            if not self.context.options.constrain_data:
                self.notes.append(f"`{value}` is not a code of {component.id}; written as it is ({len(rows)} rows).")
                continue
            among = self.context.series_of_indicator.get(self.indicator) if component.id == SERIES else None
            guess = self.context.code_named(component.id, value, among)
            self.block(rows, Blocker(Kind.UNKNOWN_CODE, component.id, value, origin,
                                     options=tuple(among or ()), guess=guess, indicator=self.indicator))

    def _time(self) -> None:
        times = self.data.get(self.dsd.time_dimension)
        if times is None:
            self.block(range(self.size), Blocker(Kind.TIME_PERIOD, self.dsd.time_dimension))
            return
        blockers = {value: None if is_time_period(value) else
                    Blocker(Kind.TIME_PERIOD, self.dsd.time_dimension, value, guess=period_hint(value))
                    for value in set(times) if value is not None}
        missing = Blocker(Kind.TIME_PERIOD, self.dsd.time_dimension)
        for i, value in enumerate(times):
            blocker = missing if value is None else blockers[value]
            if blocker is not None:
                self.blockers.setdefault(i, []).append(blocker)

    def _values(self) -> None:
        """The measure as numbers (first column that has one); rows without a number block."""
        self.numbers = np.full(self.size, np.nan)
        for column in self.sources.get(self.dsd.measure, []):
            numbers = pd.to_numeric(self.frame[column], errors="coerce").to_numpy(dtype=float)
            self.numbers = np.where(np.isnan(self.numbers), numbers, self.numbers)
        self.block(np.flatnonzero(np.isnan(self.numbers)), Blocker(Kind.NO_VALUE, self.dsd.measure))

    def _content_constraints(self) -> None:
        """The draft global content constraints of each row's series (checked on valid codes only)."""
        series = self.resolved.get(SERIES)
        if series is None:
            return
        concepts = sorted({c for rules in self.context.constraints.values() for c in rules if c in self.resolved})
        columns = [self.resolved[c] for c in concepts]
        given = [self.data.get(c) or [None] * self.size for c in concepts]
        series_codes = self.dsd.component(SERIES)
        cache: dict[tuple[Any, ...], list[Blocker]] = {}
        for i, code in enumerate(series):
            if code is None or (series_codes is not None and series_codes.coded and code not in series_codes.codes):
                continue
            values = tuple(column[i] for column in columns)
            from_data = tuple(column[i] is not None for column in given)
            found = cache.get((code, values, from_data))
            if found is None:
                found = cache[(code, values, from_data)] = self._constraint_blockers(code, concepts, values, from_data)
            if found:
                self.blockers.setdefault(i, []).extend(found)

    def _constraint_blockers(self, code: str, concepts: list[str], values: tuple[str | None, ...],
                             from_data: tuple[bool, ...]) -> list[Blocker]:
        rules = self.context.constraints.get(code)
        if rules is None:
            return [Blocker(Kind.SERIES_NOT_CONSTRAINED, SERIES, code)]
        found: list[Blocker] = []
        for concept, value, in_data in zip(concepts, values, from_data, strict=True):
            allowed = rules.get(concept)
            component = self.dsd.component(concept)
            if allowed is None or value is None:
                continue
            if component is not None and component.coded and value not in component.codes:
                continue  # already reported as an unknown code
            if value not in allowed:
                origin = "data" if in_data else self.fallbacks[concept].origin
                found.append(Blocker(Kind.CONSTRAINT, concept, value, origin, series=code, options=allowed,
                                     indicator=self.indicator))
        return found

    # assembly

    def assemble(self, mapped: MappedIndicator) -> None:
        """Series of the rows without blockers; collisions dropped with the row they collide with."""
        key_ids = [c.id for c in self.dsd.dimensions]
        series_ids = [c.id for c in self.dsd.attributes_at("series")]
        obs_ids = [c.id for c in self.dsd.attributes_at("observation")]
        # only the rows that are written need their key and attributes (most rows of real data are blocked)
        free = [i for i in range(self.size) if i not in self.blockers]
        position = {i: n for n, i in enumerate(free)}
        keys = _rows(self.resolved, key_ids, free)
        series_attributes = _rows(self.resolved, series_ids, free)
        obs_attributes = _rows(self.resolved, obs_ids, free)
        times = self.data.get(self.dsd.time_dimension) or [None] * self.size
        found: dict[tuple[str | None, ...], tuple[Series, int, dict[str, int]]] = {}
        for i in range(self.size):
            if i in self.blockers:
                mapped.dropped.append(DroppedRow(self.lines[i], tuple(self.blockers[i])))
                continue
            n = position[i]
            self._place(i, keys[n], series_attributes[n], obs_attributes[n], str(times[i]), found, mapped,
                        (key_ids, series_ids, obs_ids))
        mapped.series = [series for series, _, _ in found.values()]

    def _place(self, i: int, key: tuple[str | None, ...], series_values: tuple[str | None, ...],
               obs_values: tuple[str | None, ...], time: str,
               found: dict[tuple[str | None, ...], tuple[Series, int, dict[str, int]]],
               mapped: MappedIndicator, ids: tuple[list[str], list[str], list[str]]) -> None:
        key_ids, series_ids, obs_ids = ids
        entry = found.get(key)
        if entry is None:
            series = Series(_present_pairs(key_ids, key), _present_pairs(series_ids, series_values))
            entry = found[key] = (series, self.lines[i], {})
        series, first_line, times = entry
        clash = _first_difference(series_ids, series_values, series.attributes)
        if clash is not None:
            concept, value = clash
            blocker = Blocker(Kind.SERIES_ATTRIBUTE_CONFLICT, concept, value or "",
                              options=(series.attributes.get(concept, ""),), series=series.key.get(SERIES, ""))
            mapped.dropped.append(DroppedRow(self.lines[i], (blocker,), first_line))
            return
        if time in times:
            blocker = Blocker(Kind.DUPLICATE, self.dsd.time_dimension, series=series.key.get(SERIES, ""))
            mapped.dropped.append(DroppedRow(self.lines[i], (blocker,), times[time]))
            return
        times[time] = self.lines[i]
        series.observations.append(Observation(time, _number(float(self.numbers[i])),
                                               _present_pairs(obs_ids, obs_values), self.lines[i]))


def _sources(columns: Iterable[Any], column_map: Mapping[str, str]) -> dict[str, list[str]]:
    """Concept → the data columns that give it; the column map's columns first (explicit wins)."""
    explicit: dict[str, list[str]] = {}
    implicit: dict[str, list[str]] = {}
    for column in map(str, columns):
        if column in column_map:
            explicit.setdefault(column_map[column], []).append(column)
        else:
            implicit.setdefault(FIXED_RENAMES.get(column, column), []).append(column)
    for target, found in implicit.items():
        explicit.setdefault(target, []).extend(found)
    return explicit


def _present(column: pd.Series) -> np.ndarray:
    """Cells with a value: blank (and whitespace-only) means missing."""
    mask = column.notna().to_numpy()
    if not pd.api.types.is_numeric_dtype(column):
        # look at each distinct text once: columns repeat a few values over thousands of rows
        blank = [value for value in pd.unique(column[mask]) if not str(value).strip()]
        if blank:
            mask = mask & ~column.isin(blank).to_numpy()
    return mask


def _coded(column: pd.Series, codes: Mapping[str, str]) -> list[str | None]:
    """Text of each cell with the code map applied; ``None`` for blank cells."""
    present = _present(column)
    texts = column.astype(object).where(present, None).tolist()
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        texts = [None if t is None else _number(float(t)) for t in texts]
    if not codes:
        return [None if t is None else str(t) for t in texts]
    return [None if t is None else codes.get(str(t), str(t)) for t in texts]


def _scalar(value: Any) -> str | None:
    """A metadata value usable as a code or attribute (text or number; not lists, not booleans)."""
    if value is None or isinstance(value, bool | list | dict):
        return None
    text = str(value).strip()
    return text or None


def _rows(resolved: Mapping[str, list[str | None]], ids: list[str], rows: list[int]) -> list[tuple[str | None, ...]]:
    """The values of ``ids`` in each of ``rows`` (``None`` where a concept has none)."""
    columns = [[values[i] for i in rows] if (values := resolved.get(concept)) else [None] * len(rows)
               for concept in ids]
    return list(zip(*columns, strict=True)) if columns else [()] * len(rows)


def _present_pairs(ids: list[str], values: tuple[str | None, ...]) -> dict[str, str]:
    return {concept: value for concept, value in zip(ids, values, strict=True) if value is not None}


def _first_difference(ids: list[str], values: tuple[str | None, ...],
                      current: Mapping[str, str]) -> tuple[str, str | None] | None:
    for concept, value in zip(ids, values, strict=True):
        if current.get(concept) != value:
            return concept, value
    return None


def _number(value: float) -> str:
    """The shortest text that reads back as the same float (``100`` rather than ``100.0``)."""
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


# --- words -----------------------------------------------------------------------------------------


def _listed(codes: Iterable[str], limit: int = 6) -> str:
    codes = list(codes)
    shown = ", ".join(codes[:limit])
    return shown + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


def _where(blocker: Blocker) -> str:
    return {"data": "in the data", "metadata": f"in the metadata field {blocker.concept}",
            "default_values": "in default_values"}.get(blocker.origin, f"from the {blocker.origin}")


_MESSAGES: dict[Kind, Callable[[Blocker], str]] = {
    Kind.UNMAPPED_COLUMN: lambda b: (f"column `{b.concept}` is mapped to {b.value}, which is not a concept of the DSD"
                                     if b.value else f"column `{b.concept}` has no DSD concept"),
    Kind.CONFLICTING_COLUMNS: lambda b: (f"columns `{b.options[0]}` and `{b.options[1]}` both give {b.concept}, "
                                         "with different values"),
    Kind.UNKNOWN_CODE: lambda b: f"`{b.value}` {_where(b)} is not a code of {b.concept}",
    Kind.NO_SERIES: lambda b: "no SERIES code" + (f" (the DSD ties {_listed(b.options)} to this indicator)"
                                                  if b.options else " (the DSD ties no series to this indicator)"),
    Kind.SERIES_NOT_CONSTRAINED: lambda b: f"series {b.value} is not in the global content constraints",
    Kind.CONSTRAINT: lambda b: (f"{b.concept} `{b.value}` is not allowed for series {b.series} by the global "
                                f"content constraints (allowed: {_listed(b.options)})"),
    Kind.TIME_PERIOD: lambda b: (f"`{b.value}` is not an SDMX time period ({b.guess})" if b.value
                                 else f"periods that are not SDMX time periods ({b.guess})" if b.guess
                                 else "no time period"),
    Kind.NO_VALUE: lambda b: "no value",
    Kind.SERIES_ATTRIBUTE_CONFLICT: lambda b: (f"{b.concept} is `{b.value}` here but `{b.options[0]}` earlier in the "
                                               "same series (a series attribute has one value per series)"),
    Kind.DUPLICATE: lambda b: "a second value for the same series key and period",
}


def _code_fix(b: Blocker) -> str:
    if b.origin == "data":
        guess = f" (perhaps `{b.guess}`)" if b.guess else ""
        if not guess and b.options:
            guess = f" (series of {b.indicator} in the DSD: {_listed(b.options)})"
        return f"map value `{b.value}` of {b.concept} in code_map{guess}"
    if b.origin == "metadata":
        return f"change the metadata field {b.concept} of {b.indicator} (`{b.value}` is not a code)"
    return f"change {b.concept} `{b.value}` in default_values"


def _constraint_fix(b: Blocker) -> str:
    allowed = f"{b.series} ({_listed(b.options)})"
    if b.origin == "data":
        return f"map {b.concept} `{b.value}` to a code allowed for {allowed} in code_map"
    if b.origin == "metadata":
        return f"set the metadata field {b.concept} of {b.indicator} to a code allowed for {allowed}"
    if b.origin == "default_values":
        return f"set {b.concept} in default_values to a code allowed for {allowed}"
    return f"give {b.concept} a code allowed for {allowed} (a column, the metadata field or default_values)"


def _column_fix(b: Blocker) -> str:
    if b.value:
        return f"map column `{b.concept}` to a concept of the DSD in column_map ({b.value} is not one)"
    if b.guess:
        return f"add `{b.concept}` → `{b.guess}` to column_map"
    return f"map column `{b.concept}` to a DSD concept in column_map"


_FIXES: dict[Kind, Callable[[Blocker], str | None]] = {
    Kind.UNMAPPED_COLUMN: _column_fix,
    Kind.CONFLICTING_COLUMNS: lambda b: (f"map only one of `{b.options[0]}`, `{b.options[1]}` to {b.concept} "
                                         "in column_map"),
    Kind.UNKNOWN_CODE: _code_fix,
    Kind.NO_SERIES: lambda b: (f"give {b.indicator} a SERIES code (metadata field SERIES, or a Series column "
                               "mapped in code_map)"),
    Kind.SERIES_NOT_CONSTRAINED: lambda b: None,
    Kind.CONSTRAINT: lambda b: _constraint_fix(b),
    Kind.TIME_PERIOD: lambda b: None,
    Kind.NO_VALUE: lambda b: None,
    Kind.SERIES_ATTRIBUTE_CONFLICT: lambda b: None,
    Kind.DUPLICATE: lambda b: None,
}
