"""Frictionless data packages: one per indicator and ``all.json`` (the site orders its filters from it).

Field types follow the typed output table (``integer``, ``number``, ``string``) as the
frictionless inference the incumbent uses would find them; every breakdown column, and
the series and unit columns, lists its values in ``constraints.enum`` (data order, then
``""`` for "total"). ``datapackage: {sorting: alphabetical}`` sorts fields by name and
values as text, as the incumbent does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from sdgkit.config.models import IndicatorOptions
from sdgkit.dataservice.tabular import distinct_values
from sdgkit.dataservice.views import IndicatorView

RESOURCE = {"profile": "tabular-data-resource", "format": "csv", "encoding": "utf-8"}


def table_schema(view: IndicatorView, options: IndicatorOptions, alphabetical: bool,
                 title: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A Table Schema of the view's data; ``title`` maps column names to their labels."""
    enumerated = set(view.disaggregations) | set(view.observation_attributes) | \
        {options.series_column, options.unit_column}
    fields = [_field(view.data[name], str(name), name in enumerated, alphabetical, title)
              for name in view.data.columns]
    if alphabetical:
        fields.sort(key=lambda field: str(field["name"]))
    return {"fields": fields}


def _field(column: pd.Series, name: str, enumerate_values: bool, alphabetical: bool,
           title: Mapping[str, str] | None) -> dict[str, Any]:
    distinct = [v.item() if isinstance(v, np.generic) else v for v in distinct_values(column)]
    field: dict[str, Any] = {"name": name, "type": _type(column, distinct)}
    if enumerate_values:
        values = list(distinct)
        if alphabetical:
            values.sort(key=str)
        field["constraints"] = {"enum": [*values, ""]}
    field["title"] = title.get(name, name) if title else name
    return field


def _type(column: pd.Series, distinct: list[Any]) -> str:
    if pd.api.types.is_integer_dtype(column.dtype):
        return "integer"
    if pd.api.types.is_float_dtype(column.dtype):
        return "number"
    return "integer" if distinct and all(isinstance(value, int) for value in distinct) else "string"


def indicator_package(view: IndicatorView, schema: dict[str, Any], properties: Mapping[str, Any]) -> dict[str, Any]:
    """``data-packages/{id}/datapackage.json``."""
    resource = {"path": "data.csv", "name": "data", **RESOURCE, "schema": schema}
    return {**properties, "name": view.slug, "title": _title(view), "resources": [resource]}


def all_package(entries: Sequence[tuple[IndicatorView, dict[str, Any]]], title: str) -> dict[str, Any]:
    """``data-packages/all.json``: one resource per indicator, pointing at its ``data.csv``."""
    resources = [{"path": f"{view.slug}/data.csv", "name": view.slug, "title": _title(view), **RESOURCE,
                  "schema": schema} for view, schema in entries]
    return {"name": "all", "title": title, "resources": resources}


def _title(view: IndicatorView) -> str:
    name = view.meta.get("indicator_name")
    return str(name) if name else view.slug
