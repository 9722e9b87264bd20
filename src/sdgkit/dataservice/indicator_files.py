"""The files of one indicator in one language folder (reference §2.1–2.2).

``data``, ``edges`` and ``headline`` as CSV and JSON, ``comb`` (data + edges, what an
indicator page fetches), ``meta`` and the indicator's data package. The data JSON is
serialised once and spliced into ``comb``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sdgkit.config.models import IndicatorOptions
from sdgkit.dataservice.datapackage import indicator_package, table_schema
from sdgkit.dataservice.tabular import column_lists, csv_bytes, json_bytes, records
from sdgkit.dataservice.views import IndicatorView

Files = dict[str, bytes]


@dataclass(slots=True)
class IndicatorOutput:
    """An indicator's files, plus what the folder-wide files need from it."""

    view: IndicatorView
    files: Files = field(default_factory=dict)
    headline: list[dict[str, Any]] = field(default_factory=list)
    package_schema: dict[str, Any] = field(default_factory=dict)


def indicator_files(view: IndicatorView, options: IndicatorOptions, package: Mapping[str, Any],
                    same_data: IndicatorOutput | None = None) -> IndicatorOutput:
    """Every per-indicator file of the view, keyed by path relative to the language folder.

    ``same_data`` is another language's output of the very same table (nothing in the data
    needed translating): its data files are reused rather than serialised again.
    """
    if same_data is not None and same_data.view.data is view.data:
        tables, headline, schema = _renamed(same_data.files, same_data.view.slug), same_data.headline, \
            same_data.package_schema
    else:
        tables, headline, schema = _table_files(view), records(view.headline), \
            table_schema(view, options, package.get("sorting") == "alphabetical")
    slug = view.slug
    files: Files = {
        **tables,
        f"meta/{slug}.json": json_bytes(view.meta),
        f"data-packages/{slug}/datapackage.json": json_bytes(
            indicator_package(view, schema, _package_properties(package))),
    }
    return IndicatorOutput(view, files, headline, schema)


TABLE_FILES = ("data/{}.csv", "data/{}.json", "edges/{}.csv", "edges/{}.json", "headline/{}.csv",
               "headline/{}.json", "comb/{}.json", "data-packages/{}/data.csv")


def _renamed(files: Files, slug: str) -> Files:
    return {pattern.format(slug): files[pattern.format(slug)] for pattern in TABLE_FILES}


def _table_files(view: IndicatorView) -> Files:
    """The files made from the data table alone (the same in every language that translates nothing)."""
    slug = view.slug
    columns = column_lists(view.data)
    data_csv = csv_bytes(view.data, list(columns.values()) if isinstance(columns, dict) else None)
    data_json = json_bytes(columns)
    edges_json = json_bytes(_edges_json(view))
    return {
        f"data/{slug}.csv": data_csv,
        f"data/{slug}.json": data_json,
        f"edges/{slug}.csv": csv_bytes(_edges_frame(view)),
        f"edges/{slug}.json": edges_json,
        f"headline/{slug}.csv": csv_bytes(view.headline),
        f"headline/{slug}.json": json_bytes(records(view.headline)),
        f"comb/{slug}.json": b'{"data":' + data_json + b',"edges":' + edges_json + b"}",
        f"data-packages/{slug}/data.csv": data_csv,
    }


def _edges_json(view: IndicatorView) -> dict[str, list[str]] | list[Any]:
    """``{"From": [...], "To": [...]}``, or ``[]`` when there are no edges (as the incumbent)."""
    if not view.edges:
        return []
    return {"From": [parent for parent, _ in view.edges], "To": [child for _, child in view.edges]}


def _edges_frame(view: IndicatorView) -> pd.DataFrame:
    return pd.DataFrame(view.edges, columns=["From", "To"])


def _package_properties(package: Mapping[str, Any]) -> dict[str, Any]:
    """Common properties from ``datapackage:`` in the configuration (``sorting`` is ours, not theirs)."""
    properties = package.get("package_properties")
    return dict(properties) if isinstance(properties, Mapping) else {}
