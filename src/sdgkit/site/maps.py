"""Maps of an indicator page: boundaries for the interactive map, and a map drawn at build time.

Open SDG sends every reader the full GeoJSON boundary of each layer, once per indicator,
with the data inside (the UK's district file is 1 MB of 14-digit coordinates). sdgkit
instead writes each layer's boundary once per site as simplified, quantized TopoJSON
(:func:`layer_topology`, a few tens of KB gzipped) which the explorer's Leaflet map colours
with the data it already has. Because a page must be complete without JavaScript, the same
simplified boundary is also drawn here as a small SVG choropleth of the latest year
(:func:`map_svg`). Both maps share one colour ramp (:data:`MAP_COLOURS`) and one rule for
classes, quantiles of the distinct values (:class:`ColourScale`), so the static map and the
interactive one agree. Quantiles, not Open SDG's equal intervals: one outlier (the City of
London's 10,000 bank branches per 100,000 adults) would put every other region in the first class.

Simplification is relative to the layer's extent, so a detailed boundary and a generalised
one give similar sizes, and it works on the topology's arcs, so neighbours keep a common
border. The topology is built once per boundary and cached: pages of many indicators and
languages share it.
"""

from __future__ import annotations

import bisect
import itertools
import math
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from topojson.core.topology import Topology

from sdgkit.dataservice.geojson_layers import has_geocodes
from sdgkit.dataservice.tabular import json_bytes
from sdgkit.dataservice.views import IndicatorView, Translate
from sdgkit.formats.geojson import LayerCodes

#: light → dark; equal steps in perceived lightness (OKLab), blue-green hues that stay ordered for
#: common colour-vision deficiencies; the darkest four have ≥ 3:1 contrast with white (the last 14.6:1)
MAP_COLOURS: tuple[str, ...] = ("#fbf5b0", "#a8d499", "#63b18e", "#2a8c8c", "#206381", "#263e70", "#2b1d5c")
#: a neutral grey, unlike every (tinted) class; the SVG also hatches it so it does not rest on colour alone
NO_VALUE_COLOUR = "#d9d9d9"
#: the name of the one object of a layer's topology
OBJECT = "regions"

#: simplification tolerance = the layer's extent / this: detail beyond what a map of the whole layer
#: a few thousand pixels wide can show is dropped (UK districts: 1 MB → about 50 KB gzipped)
WEB_DETAIL = 4000
#: the topology's grid: 10,000 steps across the extent (about 120 m for Great Britain)
WEB_GRID = 10_000
#: the static map is at most MAP_SIZE units on its long side, so one unit is about one pixel
MAP_SIZE = 560
SVG_DETAIL = 500
TEXT_COLOUR, BORDER_COLOUR, HATCH_COLOUR = "#333", "#fff", "#8c8c8c"
FONT_SIZE, ROW, SWATCH, GAP = 12, 18, 14, 12
#: average advance of a Latin / a wide (CJK) character at FONT_SIZE, and the extra of bold
CHAR_WIDTH, WIDE_CHAR_WIDTH, BOLD = 6.8, 12.0, 1.1
LEGEND_LINE = 28
#: how many prepared boundaries stay cached (a site has a handful of layers)
CACHE_SIZE = 8


@dataclass(frozen=True, slots=True)
class MapText:
    """Translated words of the static map, so the renderer passes the page language's."""

    title: str = "Map"
    no_data: str = "No data"
    legend: str = "Legend"
    #: placeholders: {what} (series and unit, or the title), {year}, {count}, {total}, {min}, {max}
    description: str = "{what}, {year}: {count} of {total} areas have data, from {min} to {max}."
    #: a region's tooltip: {name}, {value}
    region: str = "{name}: {value}"


@dataclass(frozen=True, slots=True)
class _Shape:
    """One region of the static map: its id, its boundary name and its SVG path."""

    id: str
    name: str
    path: str


@dataclass(frozen=True, slots=True)
class _Outline:
    """The layer projected for the static map (independent of any indicator)."""

    width: int
    height: int
    shapes: tuple[_Shape, ...]


@dataclass(slots=True)
class _Prepared:
    """A boundary's full-detail topology, built once; simplified versions derive from it."""

    collection: dict[str, Any]  # kept to check the cache entry is for this very object
    topology: Topology | None
    extent: float
    outline: _Outline | None = None
    web: dict[str, Any] | None = None


_CACHE: OrderedDict[tuple[int, str, str], _Prepared] = OrderedDict()


# --- the topology ---------------------------------------------------------------------------


def layer_topology(layer: LayerCodes, translate: Translate | None = None) -> bytes:
    """The layer's boundaries as compact TopoJSON: one object ``regions``, properties ``id`` and ``name``.

    Ids are text, as the data's geocodes are; ``translate(name, "data")`` gives names in a
    page language, as the incumbent translates region names. Features without a polygon
    are left out: they cannot be drawn.
    """
    prepared = _prepared(layer)
    if prepared.web is None:
        prepared.web = _web_topology(prepared)
    web = prepared.web
    geometries = [{**geometry, "properties": _named(geometry["properties"], translate)}
                  for geometry in web["objects"][OBJECT]["geometries"]]
    return json_bytes({**web, "objects": {OBJECT: {"type": "GeometryCollection", "geometries": geometries}}})


def _named(properties: dict[str, str], translate: Translate | None) -> dict[str, str]:
    if translate is None:
        return properties
    return {"id": properties["id"], "name": translate(properties["name"], "data")}


def _prepared(layer: LayerCodes) -> _Prepared:
    """The cached topology of the layer's boundary, built on first use."""
    key = (id(layer.collection), layer.layer.id_property, layer.layer.name_property)
    found = _CACHE.get(key)
    if found is not None and found.collection is layer.collection:
        _CACHE.move_to_end(key)
        return found
    features = _polygon_features(layer)
    # a fine grid first, so that borders digitised twice with tiny differences become one arc
    topology = Topology({"type": "FeatureCollection", "features": features}, object_name=OBJECT,
                        prequantize=100_000) if features else None
    prepared = _Prepared(layer.collection, topology, _extent(topology))
    _CACHE[key] = prepared
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return prepared


def _polygon_features(layer: LayerCodes) -> list[dict[str, Any]]:
    """Features with a readable (multi)polygon, their properties reduced to ``id`` and ``name``."""
    result = []
    for feature in layer.features:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not _is_polygon(geometry):
            continue
        properties = feature.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        ident = properties.get(layer.layer.id_property)
        code = "" if ident is None else str(ident)
        name = properties.get(layer.layer.name_property)
        result.append({"type": "Feature", "geometry": geometry,
                       "properties": {"id": code, "name": code if name is None else str(name)}})
    return result


def _is_polygon(geometry: Any) -> bool:
    """A Polygon or MultiPolygon with well-formed rings (a broken one must not stop the build)."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return False
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    return isinstance(polygons, list) and bool(polygons) and all(_is_polygon_rings(p) for p in polygons)


def _is_polygon_rings(rings: Any) -> bool:
    """Rings of at least four positions of finite numbers (the GeoJSON minimum)."""
    return isinstance(rings, list) and bool(rings) and all(
        isinstance(ring, list) and len(ring) >= 4 and all(_is_position(point) for point in ring) for ring in rings)


def _is_position(point: Any) -> bool:
    return (isinstance(point, list) and len(point) >= 2 and all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in point[:2]))


def _extent(topology: Topology | None) -> float:
    """The larger side of the layer's bounding box, in degrees (1 when there is nothing)."""
    if topology is None:
        return 1.0
    west, south, east, north = (float(v) for v in topology.output["bbox"])
    return max(east - west, north - south) or 1.0


def _web_topology(prepared: _Prepared) -> dict[str, Any]:
    """Simplified on the arcs (shared borders stay shared), then quantized: what the browser gets."""
    if prepared.topology is None:
        return {"type": "Topology", "objects": {OBJECT: {"type": "GeometryCollection", "geometries": []}},
                "arcs": []}
    simpler = prepared.topology.toposimplify(prepared.extent / WEB_DETAIL).topoquantize(WEB_GRID)
    return _without_flat_rings(_plain(simpler.to_dict()))


def _plain(output: dict[str, Any]) -> dict[str, Any]:
    """Only what a TopoJSON reader needs, as plain JSON values: no feature ids, no options."""
    geometries = [{"type": g["type"], "arcs": g["arcs"], "properties": g["properties"]}
                  for g in output["objects"][OBJECT]["geometries"] if g.get("type") and g.get("arcs")]
    result: dict[str, Any] = {"type": "Topology", "bbox": [float(v) for v in output["bbox"]]}
    if "transform" in output:
        transform = output["transform"]
        result["transform"] = {"scale": [float(v) for v in transform["scale"]],
                               "translate": [float(v) for v in transform["translate"]]}
    result["objects"] = {OBJECT: {"type": "GeometryCollection", "geometries": geometries}}
    result["arcs"] = [[[int(x), int(y)] for x, y in arc] if "transform" in output else arc
                      for arc in output["arcs"]]
    return result


def _without_flat_rings(topology: dict[str, Any]) -> dict[str, Any]:
    """Rings the grid flattened to no area are dropped (a polygon with its outer ring, a region with its polygons)."""
    arcs = _decoded_arcs(topology)
    geometries = []
    for geometry in topology["objects"][OBJECT]["geometries"]:
        polygons = [kept for polygon in _polygons(geometry) if (kept := _solid_rings(polygon, arcs))]
        if polygons:
            arcs_field = polygons[0] if geometry["type"] == "Polygon" else polygons
            geometries.append({**geometry, "arcs": arcs_field})
    return {**topology, "objects": {OBJECT: {"type": "GeometryCollection", "geometries": geometries}}}


def _solid_rings(polygon: list[list[int]], arcs: Sequence[np.ndarray[Any, Any]]) -> list[list[int]]:
    """The polygon's rings that enclose an area; none when its outer ring does not."""
    kept = [ring for ring in polygon if _area(_ring_points(ring, arcs)) > 0]
    return kept if kept and kept[0] is polygon[0] else []


def _ring_points(ring: list[int], arcs: Sequence[np.ndarray[Any, Any]]) -> np.ndarray[Any, Any]:
    """A ring's points from its arcs (a negative index is the arc reversed; shared ends are not repeated)."""
    pieces = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in ring]
    return np.concatenate([pieces[0], *(piece[1:] for piece in pieces[1:])])


def _area(points: np.ndarray[Any, Any]) -> float:
    """Absolute shoelace area (any unit): zero for a ring that only goes back and forth."""
    x, y = points[:, 0], points[:, 1]
    return abs(float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))) / 2


# --- the static map's geometry -----------------------------------------------------------------


def _outline(layer: LayerCodes) -> _Outline:
    """The layer projected to SVG paths, built once per boundary."""
    prepared = _prepared(layer)
    if prepared.outline is None:
        prepared.outline = _project(prepared)
    return prepared.outline


def _project(prepared: _Prepared) -> _Outline:
    """Equirectangular with x shrunk by cos(mean latitude): shapes look right away from the equator."""
    if prepared.topology is None:
        return _Outline(0, 0, ())
    output = prepared.topology.toposimplify(prepared.extent / SVG_DETAIL).to_dict()
    arcs = _decoded_arcs(output)
    every = np.concatenate(arcs) if arcs else np.zeros((0, 2))
    west, south = every.min(axis=0)
    east, north = every.max(axis=0)
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = MAP_SIZE / (max((east - west) * squeeze, north - south) or 1.0)
    # tenths of a unit, as integers: paths are written with one decimal and no rounding drift
    projected = [np.rint(np.column_stack(((arc[:, 0] - west) * squeeze * scale,
                                          (north - arc[:, 1]) * scale)) * 10).astype(np.int64) for arc in arcs]
    shapes = tuple(_Shape(g["properties"]["id"], g["properties"]["name"], path)
                   for g in output["objects"][OBJECT]["geometries"]
                   if (path := _path(_polygons(g), projected)))
    return _Outline(math.ceil((east - west) * squeeze * scale), math.ceil((north - south) * scale), shapes)


def _decoded_arcs(output: dict[str, Any]) -> list[np.ndarray[Any, Any]]:
    """Arcs as absolute (longitude, latitude) arrays, undoing delta encoding and quantization."""
    transform = output.get("transform")
    arcs = [np.asarray(arc, dtype=float).reshape(-1, 2) for arc in output["arcs"]]
    if transform is None:
        return arcs
    scale = np.asarray(transform["scale"], dtype=float)
    translate = np.asarray(transform["translate"], dtype=float)
    return [np.cumsum(arc, axis=0) * scale + translate for arc in arcs]


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """A geometry's polygons, each a list of rings, each a list of arc indexes."""
    arcs = geometry.get("arcs") or []
    return [arcs] if geometry.get("type") == "Polygon" else list(arcs)


def _path(polygons: list[list[list[int]]], projected: Sequence[np.ndarray[Any, Any]]) -> str:
    """SVG path data: every ring as an absolute move then relative lines, in tenths of a unit."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = _ring(ring, projected)
            if points is not None:
                parts.append(points)
    return "".join(parts)


def _ring(ring: list[int], projected: Sequence[np.ndarray[Any, Any]]) -> str | None:
    """One closed ring (None when it collapses to fewer than three points at this scale)."""
    points = _ring_points(ring, projected)
    steps = np.diff(points, axis=0)
    steps = steps[(steps != 0).any(axis=1)]
    if len(steps) < 3:
        return None
    start = points[0]
    moves = " ".join(f"{_tenths(int(dx))} {_tenths(int(dy))}" for dx, dy in steps[:-1])
    return f"M{_tenths(int(start[0]))} {_tenths(int(start[1]))}l{moves}z".replace(" -", "-")


def _tenths(value: int) -> str:
    """An integer number of tenths as the shortest decimal: 12 → 1.2, -5 → -.5, 30 → 3."""
    whole, tenth = divmod(abs(value), 10)
    text = (str(whole) if whole else "") + (f".{tenth}" if tenth else "")
    return ("-" if value < 0 else "") + (text or "0")


# --- which rows the map shows ------------------------------------------------------------------


def region_fields(view: IndicatorView, layer: LayerCodes) -> list[str]:
    """Breakdowns that name the region: their value is fixed by the geocode, and differs between regions.

    In the UK data, ``Country``, ``Region`` and ``Local Authority`` only repeat what
    ``GeoCode`` says, so they are not choices on a map (Open SDG hides such "region
    columns" in its map's breakdown form). A breakdown that is constant over every
    geocoded row (``Sex`` = ``Female`` only) is a real breakdown, not a region name.
    """
    column = layer.layer.id_column
    if not has_geocodes(view, layer.layer):
        return []
    rows = view.data[view.data[column].notna()]
    found = []
    for name in view.disaggregations:
        if name == column:
            continue
        cells = rows[name]
        if cells.isna().all() or cells.nunique(dropna=False) < 2:
            continue
        if int(rows.groupby(column, sort=False)[name].nunique(dropna=False).max()) <= 1:
            found.append(name)
    return found


@dataclass(frozen=True, slots=True)
class _Shown:
    """What the static map shows: one year of one series, a value per region id."""

    year: str
    values: dict[str, float]
    what: str


def _latest_values(view: IndicatorView, layer: LayerCodes, series_column: str,
                   unit_column: str) -> _Shown | None:
    """The headline-like rows of the first series and unit, at the latest year with a region of the layer."""
    settings = layer.layer
    data = view.data
    fixed = set(region_fields(view, layer)) | {settings.id_column}
    others = [name for name in view.disaggregations if name not in fixed]
    values = data["Value"].astype(float)
    rows = data[data[settings.id_column].notna() & np.isfinite(values)]
    if others:
        rows = rows[rows[others].isna().all(axis=1).to_numpy()]
    rows, what = _first_series(rows, [c for c in (series_column, unit_column) if c in data.columns])
    codes = np.array([settings.id_replacements.get(code, code) for code in rows[settings.id_column].astype(str)],
                     dtype=object)
    known = np.array([code in layer.ids for code in codes], dtype=bool)
    if not known.any():
        return None
    years = np.array([_year_text(year) for year in rows["Year"]], dtype=object)[known]
    latest = max(set(years), key=_year_key)
    at_latest = years == latest
    found: dict[str, float] = {}
    for code, value in zip(codes[known][at_latest], rows["Value"].astype(float).to_numpy()[known][at_latest],
                           strict=True):
        found.setdefault(str(code), float(value))  # a repeated region keeps its first value, as the incumbent
    return _Shown(latest, found, what)


def _first_series(rows: pd.DataFrame, columns: list[str]) -> tuple[pd.DataFrame, str]:
    """Rows of the first row's series and unit (the explorer also starts there), and their names."""
    labels = []
    for name in columns:
        if rows.empty:
            break
        first = rows[name].iloc[0]
        rows = rows[rows[name].isna()] if pd.isna(first) else rows[rows[name] == first]
        if not pd.isna(first):
            labels.append(str(first))
    return rows, ", ".join(labels)


def _year_text(year: Any) -> str:
    """A period as the page writes it: whole-number years without ``.0``."""
    if isinstance(year, float) and year.is_integer():
        return str(int(year))
    return str(year)


def _year_key(text: str) -> tuple[float, str]:
    """Periods in time order: by their leading number (``2019``, ``2019 Q2``, ``2019/20``), then as text."""
    digits = ""
    for char in text.strip():
        if not char.isdigit():
            break
        digits += char
    return (float(digits) if digits else -math.inf, text)


# --- classes and colours ------------------------------------------------------------------------

#: the most decimals a legend bound is given to tell it from its neighbour (beyond: shown unrounded)
MAX_DECIMALS = 10


@dataclass(frozen=True, slots=True)
class ColourScale:
    """Quantile classes of a map: its distinct values in order, cut into at most ``colours`` classes.

    Quantiles of the distinct values, not of every value: equal values must share a colour,
    so a value repeated by many regions (0 in many districts) cannot make two breaks coincide
    and leave a class empty, and the breaks are data values, not interpolations. With fewer
    distinct values than colours, each value is a class of its own. The explorer's map builds
    the same scale (``frontend/map/scale.js``); ``tests/fixtures/maps/quantile-cases.json``
    holds cases both must agree on.
    """

    values: tuple[float, ...]
    colours: int = len(MAP_COLOURS)

    @property
    def classes(self) -> int:
        return min(self.colours, len(self.values))

    def rank(self, value: float) -> int:
        """Position of ``value`` among the distinct values (below the minimum: 0, above the maximum: the last)."""
        return min(max(bisect.bisect_right(self.values, value) - 1, 0), len(self.values) - 1)

    def class_of(self, value: float) -> int:
        """The class of ``value``: the i-th holds the distinct values of rank i·n/k (rounded up) to (i+1)·n/k."""
        return self.rank(value) * self.classes // len(self.values)


def colour_scale(values: Iterable[float], colours: int = len(MAP_COLOURS)) -> ColourScale:
    """The scale of ``values`` (missing and infinite ones left out; 0 is a value like any other)."""
    return ColourScale(tuple(sorted({float(v) + 0.0 for v in values if math.isfinite(v)})), colours)


def class_colour(index: int, scale: ColourScale) -> int:
    """The colour (index into the ramp) of class ``index``: the first class is the lightest, the last the darkest.

    Fewer classes than colours are spread over the ramp so that neighbours stay distinct; a
    single value (no scale) takes the middle colour.
    """
    classes, last = scale.classes, scale.colours - 1
    if classes <= 1:
        return scale.colours // 2
    return (2 * index * last + classes - 1) // (2 * (classes - 1))  # index · last / (classes − 1), half up


def colour_class(value: float, scale: ColourScale) -> int:
    """The colour (index into :data:`MAP_COLOURS`) of ``value`` on ``scale``."""
    return class_colour(scale.class_of(value), scale)


def class_bounds(scale: ColourScale) -> list[tuple[float, float]]:
    """The (lowest, highest) data value of each class, as the legend states them."""
    bounds: list[tuple[float, float]] = []
    for rank, value in enumerate(scale.values):
        if rank * scale.classes // len(scale.values) == len(bounds):
            bounds.append((value, value))
        else:
            bounds[-1] = (bounds[-1][0], value)
    return bounds


def legend_decimals(scale: ColourScale) -> int | None:
    """Decimals the legend states class bounds with; ``None``: as they are (a single value, or no way to round).

    Two significant digits of an equal-interval class's width, as the explorer's map also
    rounds, so 1,523.333263 is not shown with false precision; more when that would make two
    neighbouring classes read alike (classes of 10.2 and of 10.4 both "10") or a class's range
    one number (10.2 to 10.4: "10 – 10"). A class may end with the number the next starts
    with ("0 – 14", "14 – 17"), as equal-interval legends do.
    """
    if scale.classes < 2:
        return None
    step = (scale.values[-1] - scale.values[0]) / scale.colours
    decimals = min(6, max(0, 1 - math.floor(math.log10(step))))
    bounds = class_bounds(scale)
    while decimals <= MAX_DECIMALS:
        rows = [(_rounded(low, decimals), _rounded(high, decimals)) for low, high in bounds]
        if (all((a < b) == (low < high) for (a, b), (low, high) in zip(rows, bounds, strict=True))
                and all(row != after for row, after in itertools.pairwise(rows))):
            return decimals
        decimals += 1
    return None


def _rounded(value: float, decimals: int | None) -> float:
    """Half up, as the explorer's map rounds, and never a negative zero."""
    if decimals is None:
        return value
    factor = float(10**decimals)
    return math.floor(value * factor + 0.5) / factor + 0.0


def legend_rows(scale: ColourScale) -> list[tuple[int, float, float]]:
    """(colour index, from, to) of each class, bounds rounded as the legend shows them."""
    decimals = legend_decimals(scale)
    return [(class_colour(i, scale), _rounded(low, decimals), _rounded(high, decimals))
            for i, (low, high) in enumerate(class_bounds(scale))]


# --- the static map ---------------------------------------------------------------------------------


def plain_number(value: float) -> str:
    """A readable default when the renderer passes no formatter: up to two decimals, thousands grouped."""
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def map_svg(view: IndicatorView, layer: LayerCodes, *, text: MapText | None = None,
            number: Callable[[float], str] = plain_number, translate: Translate | None = None,
            map_id: str | None = None, direction: str = "ltr", series_column: str = "Series",
            unit_column: str = "Units") -> str | None:
    """The latest year of the headline-like series on the layer, as inline SVG; ``None`` without data.

    The rows drawn have a geocode and leave blank every breakdown that is not a region
    field (:func:`region_fields`); with several series or units, the first in the data.
    ``number`` formats values (the page's locale and precision), ``translate(name,
    "data")`` region names; ``map_id`` must be unique in the page (the default is built from
    the indicator and the layer's sub-folder). In ``direction="rtl"`` the legend is on the left.
    """
    text = text or MapText()
    shown = _latest_values(view, layer, series_column, unit_column) if has_geocodes(view, layer.layer) else None
    outline = _outline(layer)
    if shown is None or not outline.shapes:
        return None
    ident = _attr(map_id or f"map-{view.slug}-{layer.layer.output_subfolder}")
    scale = colour_scale(shown.values.values())
    rtl = direction == "rtl"
    legend = _legend(text, legend_rows(scale), number, ident, rtl)
    width = outline.width + GAP + legend.width
    height = max(outline.height, legend.height)
    map_x = legend.width + GAP if rtl else 0
    legend_x = 0 if rtl else outline.width + GAP
    legend_dir = ' direction="rtl"' if rtl else ""
    description = _description(text, shown, len(outline.shapes), number)
    return "".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="sdgkit-static-map" font-family="sans-serif" '
        f'font-size="{FONT_SIZE}">',
        f'<title id="{ident}-title">{_text(text.title)}</title><desc id="{ident}-desc">{_text(description)}</desc>',
        _hatch(ident),
        f'<g class="regions" transform="translate({map_x} 0)" stroke="{BORDER_COLOUR}" stroke-width=".4" '
        f'stroke-linejoin="round">',
        *_region_groups(outline, shown.values, scale, text, number, translate, ident),
        "</g>",
        f'<g class="legend" transform="translate({legend_x} 0)" fill="{TEXT_COLOUR}"'
        f'{legend_dir}>{legend.markup}</g>',
        "</svg>",
    ])


def _hatch(ident: str) -> str:
    """The no-data fill: grey with diagonal lines, so it differs from the classes in more than colour."""
    return (f'<defs><pattern id="{ident}-none" width="4" height="4" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="4" height="4" fill="{NO_VALUE_COLOUR}"/>'
            f'<path d="M0 0v4" stroke="{HATCH_COLOUR}" stroke-width="1.2"/></pattern></defs>')


def _region_groups(outline: _Outline, values: dict[str, float], scale: ColourScale, text: MapText,
                   number: Callable[[float], str], translate: Translate | None, ident: str) -> Iterator[str]:
    """One group per fill (each class, then no data): the fill is written once, not per region."""
    groups: list[list[str]] = [[] for _ in range(len(MAP_COLOURS) + 1)]
    for shape in outline.shapes:
        name = translate(shape.name, "data") if translate else shape.name
        value = values.get(shape.id)
        shown = text.no_data if value is None else number(value)
        position = len(MAP_COLOURS) if value is None else colour_class(value, scale)
        groups[position].append(f'<path d="{shape.path}"><title>{_text(_fill(text.region, name=name, value=shown))}'
                                f"</title></path>")
    fills = [*MAP_COLOURS, f"url(#{ident}-none)"]
    for fill, paths in zip(fills, groups, strict=True):
        if paths:
            yield f'<g fill="{fill}">{"".join(paths)}</g>'


@dataclass(frozen=True, slots=True)
class _Legend:
    markup: str
    width: int
    height: int


def _legend(text: MapText, rows: list[tuple[int, float, float]], number: Callable[[float], str],
            ident: str, rtl: bool) -> _Legend:
    """Legend title (wrapped), one swatch per class with its range (one value: that value), and the no-data swatch.

    Right to left, swatches are on the right and texts end at them (``direction="rtl"``
    makes ``x`` the right end of a text).
    """
    title_lines = _wrap(text.legend, LEGEND_LINE)
    labels = [(MAP_COLOURS[colour], number(low) if low == high else f"{number(low)} – {number(high)}")
              for colour, low, high in rows]
    labels.append((f"url(#{ident}-none)", text.no_data))
    width = math.ceil(max([_text_width(line) * BOLD for line in title_lines]
                          + [SWATCH + 6 + _text_width(label) for _, label in labels]))
    title_x, swatch_x, label_x = (width, width - SWATCH, width - SWATCH - 6) if rtl else (0, 0, SWATCH + 6)
    parts = [f'<text x="{title_x}" y="{FONT_SIZE + 2 + ROW * i}" font-weight="bold">{_text(line)}</text>'
             for i, line in enumerate(title_lines)]
    top = ROW * len(title_lines) + 6
    for i, (fill, label) in enumerate(labels):
        y = top + ROW * i
        parts.append(f'<rect x="{swatch_x}" y="{y}" width="{SWATCH}" height="{SWATCH}" fill="{fill}" '
                     f'stroke="{TEXT_COLOUR}" stroke-width=".5"/>'
                     f'<text x="{label_x}" y="{y + SWATCH - 2}">{_text(label)}</text>')
    return _Legend("".join(parts), width, top + ROW * len(labels))


def _text_width(text: str) -> float:
    """Estimated width of a text; the build has no font metrics, so err on the wide side."""
    wide = sum(unicodedata.east_asian_width(char) in "WF" for char in text)
    return wide * WIDE_CHAR_WIDTH + (len(text) - wide) * CHAR_WIDTH


def _wrap(text: str, limit: int) -> list[str]:
    """Words into lines of at most ``limit`` characters (a longer word gets its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _description(text: MapText, shown: _Shown, total: int, number: Callable[[float], str]) -> str:
    values = shown.values.values()
    return _fill(text.description, what=shown.what or text.title, year=shown.year, count=len(shown.values),
                 total=total, min=number(min(values)), max=number(max(values)))


def _fill(template: str, **fields: Any) -> str:
    """A translated template; a translator's broken placeholder must not break the build."""
    try:
        return template.format_map(fields)
    except (KeyError, IndexError, ValueError, AttributeError):
        return template


_NOT_XML = str.maketrans({code: None for code in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]})


def _text(value: str) -> str:
    """Character data: names and titles are user input, so ``<`` and ``&`` must stay text."""
    cleaned = "".join(char for char in value.translate(_NOT_XML) if not 0xD800 <= ord(char) <= 0xDFFF)
    return cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")
