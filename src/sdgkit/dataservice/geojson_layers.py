"""Map data: one GeoJSON file per indicator and map layer (reference §2.2 "GeoJSON", §2.7).

The Open SDG map (``jquery.sdgMap.js``) fetches
``{lang}/geojson/{output_subfolder}/{filename_prefix}{id}.geojson`` for every layer of the
site and draws every region of the file, so the file is the layer's boundary with the
indicator's data added to the regions that have some. The data of a region is a list of
*series*, one per distinct combination of the columns that are neither ``Year``, ``Value``
nor an observation attribute (``sdg-build:sdg/Indicator.py get_all_series``), blanks
grouped as ``""``; three parallel lists say, for each series, its breakdowns, its values by
year and its footnotes by year.

Shapes follow what the site reads (``leaflet.disaggregationControls.js`` tests blank
breakdowns with ``=== ''``; ``isMapValueInvalid`` drops ``''`` values, so a missing value is
written ``""`` as the incumbent writes it, not ``null``). Regions are built as new objects
that share the boundary's geometry, so the parsed boundary is read once and never copied.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sdgkit.config.models import MapLayer
from sdgkit.dataservice.tabular import json_bytes
from sdgkit.dataservice.views import IndicatorView, Translate
from sdgkit.formats.geojson import LayerCodes

YEAR = "Year"
VALUE = "Value"
#: how the incumbent (and so the site) writes a blank breakdown, a missing value or year
BLANK = ""


@dataclass(frozen=True, slots=True)
class MapSeries:
    """One series of one region: its breakdowns, its values and footnotes by year."""

    disaggregations: dict[str, Any]
    values: dict[str, Any]
    observation_attributes: dict[str, dict[str, Any]]

    @property
    def breadth(self) -> int:
        """How many breakdowns are set: the headline is the series with the fewest."""
        return sum(1 for value in self.disaggregations.values() if value != BLANK)


def geojson_path(layer: MapLayer, slug: str) -> str:
    """Path of the indicator's file for the layer, relative to the language folder."""
    return f"geojson/{layer.output_subfolder}/{layer.filename_prefix}{slug}.geojson"


def indicator_geojson(view: IndicatorView, layer: LayerCodes, translate: Translate, *,
                      copy_unmatched: bool = False) -> dict[str, Any] | None:
    """The layer's boundary with the indicator's data on each region; ``None`` without geocodes.

    As the incumbent, a file is due whenever the ``id_column`` has a value, even if no region
    of this layer matches. Such a file shows nothing on the site (``featuresShouldDisplay``
    skips a layer whose features carry no data, and offers no download for it), so its
    features are left out unless ``copy_unmatched`` asks for the incumbent's full copy; the
    file must still exist because the site fetches every layer and fails if one is missing.
    """
    if not has_geocodes(view, layer.layer):
        return None
    regions = series_by_region(view, layer.layer)
    boundary = layer.features
    features = [_feature(feature, regions, layer.layer, translate) for feature in boundary]
    matched = any(new is not old for new, old in zip(features, boundary, strict=True))
    return _with_features(layer.collection, features if matched or copy_unmatched else [])


def has_geocodes(view: IndicatorView, layer: MapLayer) -> bool:
    """Open SDG ``indicator_has_geocodes``: data with a non-blank ``id_column`` cell."""
    data = view.data
    if data.empty or layer.id_column not in data.columns or YEAR not in data.columns or VALUE not in data.columns:
        return False
    return bool(data[layer.id_column].notna().any())


def geojson_bytes(collection: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON, as every data service file.

    The incumbent writes ``json.dump`` defaults: a space after every ``,`` and ``:`` and
    non-ASCII escaped. Both are pure overhead in coordinate arrays, which are most of the
    bytes; browsers decode UTF-8 JSON by default, and the numbers are written identically
    (shortest round-trip form), so the site reads the same values.
    """
    return json_bytes(collection)


def series_by_region(view: IndicatorView, layer: MapLayer) -> dict[str, list[MapSeries]]:
    """Every series with a geocode, by geocode (after ``id_replacements``), in sorted order.

    Series are sorted by their text cells with blanks as ``""``, as ``groupby`` sorts the
    incumbent's string columns, so item n means the same breakdown in every region that has
    the same series. Work is per column or per series, never per cell in Python.
    """
    frame = view.data[view.data[layer.id_column].notna()]
    grouping = [column for column in frame.columns
                if column not in (YEAR, VALUE) and column not in view.observation_attributes]
    text = pd.DataFrame({column: _text(frame[column]) for column in grouping})
    years = _text(frame[YEAR]).tolist()
    members = _series_rows(text.groupby(grouping, sort=True).ngroup().to_numpy(), years)
    firsts = [rows[0] for rows in members]
    kept = [column for column in grouping if column != layer.id_column and column not in layer.exclude_columns]
    heads = _rows_cells(frame[kept].iloc[firsts], len(firsts))
    codes = text[layer.id_column].iloc[firsts].tolist()
    values = _cells(frame[VALUE])
    attributes = {column: _cells(frame[column]) for column in view.observation_attributes}
    regions: dict[str, list[MapSeries]] = {}
    for rows, head, code in zip(members, heads, codes, strict=True):
        series = MapSeries(dict(zip(kept, head, strict=True)), {years[row]: values[row] for row in rows},
                           _footnotes(attributes, years, rows))
        regions.setdefault(layer.id_replacements.get(code, code), []).append(series)
    return regions


def _text(column: pd.Series) -> pd.Series:
    """Cells as the incumbent groups them: text, blanks as ``""``."""
    blank = column.isna()
    as_text = column.astype(str)
    return as_text.where(~blank, BLANK) if blank.any() else as_text


def _cells(column: pd.Series) -> list[Any]:
    """Cells as written: plain Python values, blanks (and non-finite numbers) as ``""``."""
    blank = column.isna().to_numpy()
    if column.dtype.kind == "f":
        blank = blank | np.isinf(column.to_numpy())
    return column.astype(object).where(~blank, BLANK).tolist()


def _rows_cells(frame: pd.DataFrame, count: int) -> list[tuple[Any, ...]]:
    """Each row's cells as written (``count`` empty rows when there are no columns)."""
    if not len(frame.columns):
        return [()] * count
    return list(zip(*(_cells(frame[column]) for column in frame.columns), strict=True))


def _series_rows(group_ids: np.ndarray[Any, Any], years: list[str]) -> list[list[int]]:
    """Row positions of each series (series in sorted order, rows in data order), a year's first row only.

    The incumbent's ``Series.add_value`` keeps the first value of a duplicated year
    (sdgkit reports such rows as errors before building).
    """
    first = ~pd.DataFrame({"series": group_ids, "year": years}).duplicated().to_numpy()
    positions = np.flatnonzero(first)
    rows = positions[np.argsort(group_ids[positions], kind="stable")]
    bounds = [0, *(np.flatnonzero(np.diff(group_ids[rows])) + 1).tolist(), len(rows)]
    ordered = rows.tolist()
    return [ordered[start:end] for start, end in itertools.pairwise(bounds)] if ordered else []


def _footnotes(attributes: Mapping[str, list[Any]], years: list[str],
               members: Sequence[int]) -> dict[str, dict[str, Any]]:
    """``{year: {column: text}}`` for the non-blank observation attributes of a series."""
    notes: dict[str, dict[str, Any]] = {}
    for column, cells in attributes.items():
        for row in members:
            if cells[row] != BLANK:
                notes.setdefault(years[row], {})[column] = cells[row]
    return notes


def _feature(feature: Any, regions: Mapping[str, list[MapSeries]], layer: MapLayer, translate: Translate) -> Any:
    """The feature with its region's data, or the very same object when it has none."""
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict) or layer.id_property not in properties:
        return feature
    series = regions.get(str(properties[layer.id_property]))
    if not series:
        return feature
    return {**feature, "properties": _region_properties(properties, series, layer, translate)}


def _region_properties(properties: dict[str, Any], series: list[MapSeries], layer: MapLayer,
                       translate: Translate) -> dict[str, Any]:
    """Boundary properties plus the data, in the incumbent's key order.

    The incumbent assigns ``disaggregations``, ``values``, ``observation_attributes``,
    ``name`` and ``geocode`` on a copy of the properties, then deletes the name and id
    properties unless they are themselves ``name`` or ``geocode`` (``OutputGeoJson.build``).
    """
    ordered = _headline_first(series)
    geocode = properties[layer.id_property]
    name = properties.get(layer.name_property)
    result = dict(properties)
    result["disaggregations"] = [item.disaggregations for item in ordered]
    result["values"] = [item.values for item in ordered]
    result["observation_attributes"] = [item.observation_attributes for item in ordered]
    result["name"] = translate(str(name), "data") if name is not None else str(geocode)
    result["geocode"] = geocode
    for key in (layer.name_property, layer.id_property):
        if key not in ("name", "geocode"):
            result.pop(key, None)
    return result


def _headline_first(series: list[MapSeries]) -> list[MapSeries]:
    """The least broken-down series (the first of equals) moved to the front, as the map starts there."""
    index = min(range(len(series)), key=lambda position: series[position].breadth)
    return [series[index], *series[:index], *series[index + 1:]]


def _with_features(collection: Mapping[str, Any], features: list[Any]) -> dict[str, Any]:
    """The boundary's top-level members in their order, with the new features."""
    if "features" not in collection:
        return {"type": "FeatureCollection", **collection, "features": features}
    return {key: features if key == "features" else value for key, value in collection.items()}
