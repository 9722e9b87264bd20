"""What the indicator explorer receives: a configuration in the page and a compact data file.

The page stays complete without JavaScript (the static panels); the explorer
(``frontend/explorer``, bundled into ``assets/vendor/explorer.js``) reads the configuration
from ``<script type="application/json" class="explorer-config">`` and fetches only this
indicator's data, column-oriented and dictionary-encoded so a 24,000-row indicator is a few
tens of KB gzipped and filters compare integers. Every chart setting that depends on the
unit or series is resolved here, with the same rules as the static panels
(:mod:`sdgkit.site.panels`), so the two never disagree. ``frontend/README.md`` is the contract.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sdgkit.config.site_options import SiteOptions
from sdgkit.dataservice.views import IndicatorView
from sdgkit.derive.status import natural_key
from sdgkit.site import panels as panel_data
from sdgkit.site.goals import GOAL_COLOURS

#: Open SDG's ``accessible`` colour set: each has at least 3:1 contrast against white and black
ACCESSIBLE_COLOURS = ("#cd7a00", "#339966", "#9966cc", "#8d4d57", "#a33600", "#054ce6")
DATA_FOLDER = "explorer"
YEAR = "Year"
VALUE = "Value"

#: explorer text name -> (translation key, placeholder renames from ``%name`` to ``{name}``)
TEXT_KEYS: dict[str, str] = {
    "series": "indicator.series", "unit": "indicator.unit_of_measurement", "select_all": "indicator.select_all",
    "clear": "indicator.clear_all", "clear_selections": "indicator.clear_selections", "chart": "indicator.chart",
    "table": "indicator.table", "map": "indicator.map", "download_csv": "sdgkit.download_selection",
    "download_image": "indicator.download_chart_image", "too_many": "sdgkit.too_many_lines",
    "available_when": "indicator.variable_hint", "no_options": "indicator.no_data_hint",
    "no_data": "status.no_data_available", "yes": "indicator.affirmative", "no": "indicator.negative",
    "year": "sdgkit.period", "added": "sdgkit.announce_added", "removed": "sdgkit.announce_removed",
    "unit_changed": "sdgkit.announce_unit", "series_changed": "sdgkit.announce_series",
    "breakdowns": "indicator.sub_categories", "headline": "indicator.headline_data", "footnotes": "indicator.footnote",
    "map_year": "sdgkit.period", "map_no_value": "status.no_data_available", "map_legend": "sdgkit.map_legend",
    "sort": "sdgkit.sort_by", "loading": "indicator.loading", "filter_values": "sdgkit.filter_values",
    "chart_summary": "sdgkit.chart_summary", "series_help": "indicator.series_help",
}
_PERCENT_NAME = re.compile(r"%(\w+)")


@dataclass(frozen=True, slots=True)
class ExplorerPage:
    """The explorer's two halves for one indicator page: the configuration and the data file."""

    config: dict[str, Any]
    data_path: str
    data: bytes


def fields_of(view: IndicatorView, series_column: str, unit_column: str, ignored: Sequence[str]) -> list[str]:
    """Breakdown columns the explorer filters on: edge parents first, then their children, then the rest."""
    columns = [c for c in view.disaggregations if c not in (series_column, unit_column) and c not in ignored]
    parents = [c for c in columns if any(edge[0] == c for edge in view.edges)]
    children = [c for c in columns if c not in parents and any(edge[1] == c for edge in view.edges)]
    return [*parents, *children, *(c for c in columns if c not in parents and c not in children)]


def compact_data(data: pd.DataFrame, ignored: Sequence[str] = ()) -> bytes:
    """The data dictionary-encoded by column (``frontend/README.md``); ``Year`` values in time order."""
    columns: dict[str, Any] = {}
    for name in data.columns:
        if name == VALUE or name in ignored:
            continue
        columns[name] = _encoded(data[name], chronological=name == YEAR)
    values = [_number(v) for v in data[VALUE].tolist()] if VALUE in data.columns else []
    body = {"rows": len(data), "columns": columns, "value": values}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _encoded(column: pd.Series, *, chronological: bool) -> dict[str, Any]:
    texts = [_text(value) for value in column.tolist()]
    order = list(dict.fromkeys(t for t in texts if t is not None))
    if chronological:
        order.sort(key=natural_key)
    position = {text: index for index, text in enumerate(order)}
    return {"values": order, "codes": [-1 if t is None else position[t] for t in texts]}


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text != "" else None


def _number(value: Any) -> float | int | None:
    """A JSON number; blanks and the non-finite values a CSV can hold ("inf") are no value."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def settings(panels: Sequence[panel_data.Panel], meta: Mapping[str, Any], plain: Any,
             computation_units: str) -> list[dict[str, Any]]:
    """One item per (series, unit): chart kind, title, axis, precision, limits and lines, resolved."""
    stack = meta.get("graph_stacked_disaggregation")
    return [{
        "series": panel.series, "unit": panel.unit, "kind": panel.kind,
        "stack_field": str(stack) if panel.kind == "stacked" and stack else None,
        "title": plain(panel.title) if panel.title else "",
        "y_label": plain(panel.unit or computation_units) if (panel.unit or computation_units) else "",
        "precision": panel.precision, "y_min": panel.y_min, "y_max": panel.y_max,
        "lines": [*({"value": value, "label": plain(label), "vertical": False} for value, label in panel.targets),
                  *({"value": value, "label": plain(label), "vertical": True} for value, label in panel.breaks),
                  *annotation_lines(meta.get("graph_annotations"), panel.unit, panel.series, plain)],
    } for panel in panels]


def annotation_lines(items: Any, unit: str | None, series: str | None, plain: Any) -> list[dict[str, Any]]:
    """``graph_annotations`` that apply to this unit/series, as labelled horizontal or vertical lines."""
    lines = []
    for item in panel_data.matching(items, unit, series):
        value = item.get("value")
        if value is None:
            continue
        label = item.get("label")
        text = label.get("content") if isinstance(label, Mapping) else item.get("label_content") or label
        vertical = item.get("mode") == "vertical" or item.get("preset") == "series_break"
        lines.append({"value": str(value) if vertical else _float(value), "label": plain(str(text)) if text else "",
                      "vertical": vertical})
    return [line for line in lines if line["value"] is not None]


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def start_values(meta: Mapping[str, Any]) -> list[dict[str, str]]:
    """``data_start_values`` as ``[{field, value}]``, malformed items left out (check reports them)."""
    items = meta.get("data_start_values")
    if not isinstance(items, list):
        return []
    return [{"field": str(i["field"]), "value": str(i["value"])} for i in items
            if isinstance(i, Mapping) and i.get("field") is not None and i.get("value") is not None]


def colours(site: SiteOptions, goal_colour: str | None) -> list[str]:
    """The chart colour set (Open SDG ``graph_color_set``/``graph_color_list``/``graph_color_number``)."""
    chosen = site.graph_color_set
    palette = list(ACCESSIBLE_COLOURS)
    if chosen == "custom" and site.graph_color_list:
        palette = [f"#{c.lstrip('#')}" for c in site.graph_color_list]
    elif chosen == "sdg":
        palette = list(GOAL_COLOURS.values())
    elif chosen == "goal" and goal_colour:
        palette = [goal_colour, *ACCESSIBLE_COLOURS]
    number = site.graph_color_number
    return palette[:number] if number else palette


def interface_text(plain: Any) -> dict[str, str]:
    """The explorer's texts in the page language, placeholders written ``{name}``."""
    return {name: braced(plain(key)) for name, key in TEXT_KEYS.items()}


def braced(text: str) -> str:
    """Translation placeholders (``%field``) written as the explorer fills them (``{field}``)."""
    return _PERCENT_NAME.sub(r"{\1}", text)
