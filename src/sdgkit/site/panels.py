"""What a reader sees of an indicator's data without JavaScript: one panel per series and unit.

For each (series, unit) the default view Open SDG starts with — the headline, or when there
is none the minimum starting selection (§4.6 step 9) — becomes a chart and a table, and each
single breakdown gets a table of its values by period. Settings that depend on the unit or
series (``graph_titles``, ``graph_types``, ``precision``, ``graph_limits``, target lines) are
matched as ``getMatchesByUnitSeries`` does (§1.7).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sdgkit.dataservice.views import IndicatorView
from sdgkit.derive.status import natural_key
from sdgkit.site.svg_chart import ChartKind

_KINDS: dict[str, ChartKind] = {"line": "line", "bar": "bar", "binary": "binary"}
MAX_BREAKDOWN_ROWS = 60
MAX_BREAKDOWN_TABLES = 8


@dataclass(frozen=True, slots=True)
class Dataset:
    label: str
    values: tuple[float | None, ...]
    #: observation attributes (footnotes) per period, aligned with values
    notes: tuple[str, ...] = ()
    headline: bool = False


@dataclass(frozen=True, slots=True)
class BreakdownTable:
    """One breakdown's values (rows) by period (columns), the other breakdowns blank."""

    column: str
    periods: tuple[str, ...]
    rows: tuple[Dataset, ...]
    truncated: int = 0


@dataclass(slots=True)
class Panel:
    series: str | None
    unit: str | None
    periods: tuple[str, ...]
    datasets: list[Dataset]
    kind: ChartKind = "line"
    title: str = ""
    precision: int | None = None
    y_min: float | None = None
    y_max: float | None = None
    targets: list[tuple[float, str]] = field(default_factory=list)
    breaks: list[tuple[str, str]] = field(default_factory=list)
    breakdowns: list[BreakdownTable] = field(default_factory=list)
    #: the default view is a selection of breakdowns (no headline)
    selection: str = ""


def matching(items: Any, unit: str | None, series: str | None) -> list[Mapping[str, Any]]:
    """Items of a unit/series-specific setting that apply, most specific first (Open SDG rules)."""
    if not isinstance(items, list):
        return []
    candidates = [item for item in items if isinstance(item, Mapping)]
    exact = [i for i in candidates if (i.get("unit") or i.get("series"))
             and (unit is None or i.get("unit") == unit) and (series is None or i.get("series") == series)]
    if exact:
        return exact
    partial = [i for i in candidates if (i.get("series") and i.get("series") == series and not i.get("unit"))
               or (i.get("unit") and i.get("unit") == unit and not i.get("series"))]
    return partial or [i for i in candidates if not i.get("unit") and not i.get("series")]


def panels(view: IndicatorView, *, series_column: str, unit_column: str, headline_label: str) -> list[Panel]:
    """One panel per (series, unit) present in the data, in data order."""
    data = view.data
    if data.empty or "Value" not in data.columns or "Year" not in data.columns:
        return []
    breakdowns = [c for c in view.disaggregations if c not in (series_column, unit_column)]
    result = []
    for (series, unit), rows in _groups(data, series_column, unit_column):
        panel = _panel(rows, breakdowns, view, series, unit, headline_label)
        if panel.datasets:
            result.append(panel)
    return result


def _groups(data: pd.DataFrame, series_column: str, unit_column: str) -> list[tuple[tuple[str | None, str | None],
                                                                                   pd.DataFrame]]:
    keys = [c for c in (series_column, unit_column) if c in data.columns]
    if not keys:
        return [((None, None), data)]
    groups = []
    for values, rows in data.groupby(keys, sort=False, dropna=False):
        named = dict(zip(keys, values if isinstance(values, tuple) else (values,), strict=True))
        groups.append(((_label(named.get(series_column)), _label(named.get(unit_column))), rows))
    return groups


def _label(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def periods_of(rows: pd.DataFrame) -> tuple[str, ...]:
    return tuple(sorted({_period(value) for value in rows["Year"].unique()}, key=natural_key))


def _period(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _panel(rows: pd.DataFrame, breakdowns: Sequence[str], view: IndicatorView, series: str | None,
           unit: str | None, headline_label: str) -> Panel:
    present = [c for c in breakdowns if rows[c].notna().any()]
    periods = periods_of(rows)
    blank = rows[present].isna().all(axis=1) if present else pd.Series(True, index=rows.index)
    panel = Panel(series, unit, periods, [])
    if blank.any():
        panel.datasets = [_dataset(rows[blank], periods, headline_label, view, headline=True)]
    else:
        chosen = _minimum_selection(rows, present)
        panel.selection = ", ".join(f"{column}: {value}" for column, value in chosen.items())
        panel.datasets = [_dataset(_exactly(rows, present, chosen), periods, ", ".join(chosen.values()), view)]
    _configure(panel, view.meta)
    panel.breakdowns = _breakdown_tables(rows, present, periods, view)
    return panel


def _minimum_selection(rows: pd.DataFrame, columns: Sequence[str]) -> dict[str, str]:
    """Open SDG ``selectMinimumStartingFields``: the row with fewest breakdowns, ties by values."""
    filled = rows[columns].notna()
    counts = filled.sum(axis=1)
    fewest = rows[counts == counts[counts > 0].min()]
    candidates = sorted(tuple(str(row[c]) if pd.notna(row[c]) else "" for c in columns)
                        for _, row in fewest[columns].iterrows())
    return {column: value for column, value in zip(columns, candidates[0], strict=True) if value}


def _exactly(rows: pd.DataFrame, columns: Sequence[str], chosen: Mapping[str, str]) -> pd.DataFrame:
    mask = pd.Series(True, index=rows.index)
    for column in columns:
        mask &= (rows[column].astype(str) == chosen[column]) if column in chosen else rows[column].isna()
    return rows[mask]


def _dataset(rows: pd.DataFrame, periods: Sequence[str], label: str, view: IndicatorView,
             headline: bool = False) -> Dataset:
    by_period: dict[str, tuple[float | None, str]] = {}
    attributes = [rows[a].tolist() for a in view.observation_attributes if a in rows.columns]
    for position, (year, value) in enumerate(zip(rows["Year"].tolist(), rows["Value"].tolist(), strict=True)):
        number = None if pd.isna(value) else float(value)
        note = "; ".join(str(column[position]) for column in attributes if pd.notna(column[position]))
        by_period.setdefault(_period(year), (number, note))
    return Dataset(label, tuple(by_period.get(p, (None, ""))[0] for p in periods),
                   tuple(by_period.get(p, (None, ""))[1] for p in periods), headline)


def _breakdown_tables(rows: pd.DataFrame, columns: Sequence[str], periods: Sequence[str],
                      view: IndicatorView) -> list[BreakdownTable]:
    """For each breakdown, its values with every other breakdown blank (what one filter shows)."""
    tables = []
    for column in columns[:MAX_BREAKDOWN_TABLES]:
        others = [c for c in columns if c != column]
        alone = rows[rows[column].notna() & (rows[others].isna().all(axis=1) if others else True)]
        if alone.empty:
            continue
        groups = {str(value): members for value, members in alone.groupby(column, sort=False)}
        values = sorted(groups, key=natural_key)
        shown = values[:MAX_BREAKDOWN_ROWS]
        present = set(periods_of(alone))
        own_periods = tuple(p for p in periods if p in present)
        datasets = tuple(_dataset(groups[value], own_periods, value, view) for value in shown)
        tables.append(BreakdownTable(column, own_periods, datasets, len(values) - len(shown)))
    return tables


def _configure(panel: Panel, meta: Mapping[str, Any]) -> None:
    """Chart type, title, precision, limits and lines for this unit/series."""
    unit, series = panel.unit, panel.series
    kind = _first(meta.get("graph_types"), unit, series, "type") or meta.get("graph_type") or "line"
    stacked = kind == "bar" and bool(meta.get("graph_stacked_disaggregation"))
    panel.kind = "stacked" if stacked else _KINDS.get(str(kind), "line")
    panel.title = str(_first(meta.get("graph_titles"), unit, series, "title") or meta.get("graph_title") or "")
    decimals = _first(meta.get("precision"), unit, series, "decimals")
    panel.precision = int(decimals) if isinstance(decimals, (int, float, str)) and str(decimals).isdigit() else None
    limits = matching(meta.get("graph_limits"), unit, series)
    if limits:
        panel.y_min, panel.y_max = _number(limits[0].get("minimum")), _number(limits[0].get("maximum"))
    panel.targets = [(number, str(item.get("label_content") or "indicator.annotation_2030_target"))
                     for item in matching(meta.get("graph_target_lines"), unit, series)
                     if (number := _number(item.get("value"))) is not None]
    panel.breaks = [(str(item.get("value")), str(item.get("label_content") or "indicator.annotation_series_break"))
                    for item in matching(meta.get("graph_series_breaks"), unit, series)]


def _first(items: Any, unit: str | None, series: str | None, key: str) -> Any:
    found = matching(items, unit, series)
    return found[0].get(key) if found else None


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
