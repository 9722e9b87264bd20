"""Maps of indicator pages (``site/maps.py``): the layer topology and the build-time SVG map."""

from __future__ import annotations

import gzip
import json
import math
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sdgkit.config.models import IndicatorOptions, MapLayer
from sdgkit.dataservice.views import IndicatorView
from sdgkit.formats.files import RepoFiles
from sdgkit.formats.geojson import LayerCodes, read_layer_codes
from sdgkit.site import maps
from sdgkit.site.maps import MAP_COLOURS, NO_VALUE_COLOUR, MapText, layer_topology, map_svg, region_fields
from tests.conftest import shared_fixture

NAN = np.nan
SVG = "{http://www.w3.org/2000/svg}"
SQUARES = Path(__file__).parent / "fixtures" / "maps" / "squares.geojson"
#: quantile cases the explorer's map (frontend/map/scale.test.mjs) is checked against too
QUANTILE_CASES = json.loads((SQUARES.parent / "quantile-cases.json").read_text(encoding="utf-8"))
UK_BOUNDARY = "geojsons/Local_Authority_Districts_December_2016_GB_BUC_2022_539803951565169620.geojson"
NON_BREAKDOWNS = IndicatorOptions().non_disaggregation_columns


def view(columns: dict[str, list[Any]], slug: str = "1-1-1") -> IndicatorView:
    """A view as the build makes it: text columns object with NaN for blanks, Value float."""
    data = pd.DataFrame({name: pd.Series(cells, dtype=object) for name, cells in columns.items()})
    data["Value"] = data["Value"].astype("float64")
    return IndicatorView(slug=slug, language="en", meta={}, data=data, headline=pd.DataFrame(), edges=[],
                         non_disaggregation=tuple(c for c in data.columns if c in NON_BREAKDOWNS),
                         observation_attributes=(), complete=True, statistical=True)


def squares(**settings: Any) -> LayerCodes:
    """The hand-made layer: four touching squares, a two-island region and three unusable features."""
    collection = json.loads(SQUARES.read_text(encoding="utf-8"))
    config = MapLayer(geojson_file="squares.geojson", name_property="label", id_property="code", **settings)
    ids = {f["properties"]["code"] for f in collection["features"]}
    return LayerCodes(config, "squares.geojson", ids, collection)


def uk_layer() -> LayerCodes:
    root = shared_fixture("uk-sdg-data")
    config = MapLayer(geojson_file=UK_BOUNDARY, name_property="LAD16NM", id_property="LAD16CD",
                      output_subfolder="local_authorities")
    codes, _ = read_layer_codes(RepoFiles(root), config, UK_BOUNDARY)
    assert codes is not None
    return codes


def uk_view(slug: str) -> IndicatorView:
    root = shared_fixture("uk-sdg-data")
    data = pd.read_csv(root / "data" / f"indicator_{slug}.csv", dtype=str, keep_default_na=False)
    data = data.replace("", NAN).astype(object)
    data["Value"] = data["Value"].astype("float64")
    return IndicatorView(slug=slug, language=None, meta={}, data=data, headline=pd.DataFrame(), edges=[],
                         non_disaggregation=tuple(c for c in data.columns if c in NON_BREAKDOWNS),
                         observation_attributes=(), complete=True, statistical=True)


def decoded(topology: dict[str, Any]) -> list[tuple[str, str, list[list[list[float]]]]]:
    """(id, name, rings as [lon, lat] lists) of every geometry: TopoJSON decoded independently of the code."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0.0
        line = []
        for dx, dy in arc:
            x, y = (x + dx, y + dy) if transform else (dx, dy)
            line.append([x * transform["scale"][0] + transform["translate"][0],
                         y * transform["scale"][1] + transform["translate"][1]] if transform else [x, y])
        arcs.append(line)
    result = []
    for geometry in topology["objects"]["regions"]["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        rings = []
        for polygon in polygons:
            for ring in polygon:
                points: list[list[float]] = []
                for index in ring:
                    piece = arcs[index] if index >= 0 else arcs[~index][::-1]
                    points.extend(piece if not points else piece[1:])
                rings.append(points)
        result.append((geometry["properties"]["id"], geometry["properties"]["name"], rings))
    return result


def parsed(svg: str | None) -> ET.Element:
    assert svg is not None
    return ET.fromstring(svg)  # noqa: S314 (our own output)


def fills(svg: str | None) -> dict[str, str]:
    """Region tooltip → fill of the group the region's path is in."""
    root = parsed(svg)
    found = {}
    for group in root.iter(f"{SVG}g"):
        for path in group.findall(f"{SVG}path"):
            title = path.find(f"{SVG}title")
            assert title is not None and title.text
            found[title.text] = group.attrib["fill"]
    return found


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


SQUARE_DATA: dict[str, list[Any]] = {
    "Year":    ["2019", "2020", "2020", "2020", "2020", "2020", "2020"],
    "Region":  ["North West", "North West", "North East", "South West", "Scripted", NAN, "North West"],
    "Sex":     [NAN, NAN, NAN, NAN, NAN, NAN, "Female"],
    "GeoCode": ["R1", "R1", "R2", "R3", "R4", NAN, "R1"],
    "Value":   [99.0, 0.0, 35.0, 70.0, 10.0, 50.0, 1000.0],
}


# ----------------------------------------------------------------------------- the topology

def test_topology_keeps_every_drawable_feature_with_id_and_name() -> None:
    text = layer_topology(squares())
    topology = json.loads(text)
    assert b", " not in text and b": " not in text
    assert topology["type"] == "Topology" and list(topology["objects"]) == ["regions"]
    regions = decoded(topology)
    assert [(code, name) for code, name, _ in regions] == [
        ("R1", "North West"), ("R2", "North East"), ("R3", "South West"),
        ("R4", "<script>alert(1)</script> & Sons"), ("R5", "Islands")]  # no geometry, a point, broken: left out
    for geometry in topology["objects"]["regions"]["geometries"]:
        assert set(geometry) == {"type", "arcs", "properties"} and set(geometry["properties"]) == {"id", "name"}


def test_topology_round_trips_the_shapes() -> None:
    regions = {code: rings for code, _, rings in decoded(json.loads(layer_topology(squares())))}
    west, south, east, north = 0.0, 50.0, 1.0, 51.0
    ring = regions["R3"][0]
    assert ring[0] == pytest.approx(ring[-1]) and len(ring) >= 4
    for lon, lat in ring:  # every corner of the square, on a grid of 1/10,000 of the extent
        assert min(abs(lon - west), abs(lon - east)) < 1e-3 and min(abs(lat - south), abs(lat - north)) < 1e-3
    assert len(regions["R5"]) == 2  # both islands


def test_topology_names_can_be_translated() -> None:
    topology = json.loads(layer_topology(squares(), translate=lambda text, group: f"{group}:{text}"))
    assert topology["objects"]["regions"]["geometries"][0]["properties"] == {"id": "R1", "name": "data:North West"}


def test_topology_of_a_layer_without_polygons_is_empty_but_valid() -> None:
    layer = squares()
    layer.collection = {"type": "FeatureCollection", "features": layer.collection["features"][5:]}
    topology = json.loads(layer_topology(layer))
    assert topology["objects"]["regions"]["geometries"] == [] and topology["arcs"] == []


def test_uk_topology_is_small_and_complete() -> None:
    layer = uk_layer()
    maps._CACHE.clear()
    started = time.perf_counter()
    text = layer_topology(layer)
    elapsed = time.perf_counter() - started
    zipped = len(gzip.compress(text, 9))
    assert elapsed < 5, elapsed
    assert len(text) < 250_000 and 35_000 < zipped < 70_000, (len(text), zipped)
    regions = decoded(json.loads(text))
    assert {code for code, _, _ in regions} == layer.ids and len(regions) == len(layer.features)
    for code, name, rings in regions:
        assert name and rings and all(len(ring) >= 4 for ring in rings), code
        # still in Great Britain: simplification and quantization moved nothing far
        assert all(-9 < lon < 2 and 49 < lat < 61 for ring in rings for lon, lat in ring)


# ----------------------------------------------------------------------------- region fields

def test_region_fields_are_the_breakdowns_the_geocode_determines() -> None:
    data = view({
        "Year":    ["2020"] * 6,
        "Country": ["A", "A", "A", "B", "B", NAN],
        "Region":  [NAN, "North", "North", NAN, NAN, NAN],
        "Sex":     [NAN, "Female", "Male", NAN, NAN, NAN],  # varies within a geocode: a real breakdown
        "Age":     ["15+", "15+", "15+", "15+", "15+", NAN],  # constant: a real breakdown, not a name
        "GeoCode": ["A0", "N1", "N1", "B0", "B0", NAN],
        "Value":   [1, 2, 3, 4, 5, 6],
    })
    assert region_fields(data, squares()) == ["Country", "Region"]


def test_no_region_fields_without_geocodes() -> None:
    assert region_fields(view({"Year": ["2020"], "Region": ["North"], "Value": [1]}), squares()) == []


def test_uk_region_fields() -> None:
    assert region_fields(uk_view("8-10-1"), uk_layer()) == ["Country", "Region", "Local Authority"]


# ----------------------------------------------------------------------------- the SVG map

def test_values_get_their_class_colour_and_zero_is_data() -> None:
    svg = map_svg(view(SQUARE_DATA), squares())
    found = fills(svg)
    none = "url(#map-1-1-1-regions-none)"
    # four distinct values (0, 10, 35, 70): a class each, spread over the ramp
    assert found["North West: 0"] == MAP_COLOURS[0]       # 0 is the minimum, not "no data"
    assert found["<script>alert(1)</script> & Sons: 10"] == MAP_COLOURS[2]
    assert found["North East: 35"] == MAP_COLOURS[4]
    assert found["South West: 70"] == MAP_COLOURS[6]      # the maximum is in the darkest class
    assert found["Islands: No data"] == none
    assert svg is not None and "1000" not in svg  # the Female row is a breakdown, not the headline-like series


def test_missing_region_uses_the_hatched_no_value_fill() -> None:
    root = parsed(map_svg(view(SQUARE_DATA), squares()))
    pattern = root.find(f"{SVG}defs/{SVG}pattern")
    assert pattern is not None and pattern.attrib["id"] == "map-1-1-1-regions-none"
    rect = pattern.find(f"{SVG}rect")
    assert rect is not None and rect.attrib["fill"] == NO_VALUE_COLOUR


def test_region_names_are_escaped() -> None:
    svg = map_svg(view(SQUARE_DATA), squares())
    assert svg is not None and "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons" in svg
    parsed(svg)  # well-formed XML


def test_text_alternative_and_legend() -> None:
    svg = map_svg(view(SQUARE_DATA), squares(), number=lambda v: f"<{v:.1f}>",
                  text=MapText(title="Carte", no_data="Aucune donnée", legend="Légende",
                               description="{what} {year} {count}/{total} {min}..{max}", region="{name} = {value}"),
                  map_id="m1")
    root = parsed(svg)
    assert root.attrib["role"] == "img" and root.attrib["aria-labelledby"] == "m1-title m1-desc"
    assert root.findtext(f"{SVG}title") == "Carte"
    assert root.findtext(f"{SVG}desc") == "Carte 2020 4/5 <0.0>..<70.0>"
    legend = "".join(root.find(f"{SVG}g[@class='legend']").itertext())  # type: ignore[union-attr]
    assert "Légende" in legend and "<0.0><10.0><35.0><70.0>" in legend and "–" not in legend  # a class per value
    assert "Aucune donnée" in legend
    assert "North East = <35.0>" in fills(svg)


def test_latest_year_first_series_and_unit() -> None:
    data = view({
        "Year":    ["2020", "2020", "2021", "2021", "2022"],
        "Series":  ["S1", "S1", "S1", "S2", "S2"],
        "Units":   ["%", "%", "%", "%", "%"],
        "GeoCode": ["R1", "R2", "R1", "R2", "R2"],
        "Value":   [1, 2, 3, 4, 5],
    })
    found = fills(map_svg(data, squares()))
    assert set(found) == {"North West: 3", "North East: No data", "South West: No data",
                          "<script>alert(1)</script> & Sons: No data", "Islands: No data"}
    assert "S1, %, 2021" in parsed(map_svg(data, squares())).findtext(f"{SVG}desc", "")


def test_id_replacements_and_translated_names() -> None:
    data = view({"Year": ["2020", "2020"], "GeoCode": ["OLD", "R2"], "Value": [1, 2]})
    found = fills(map_svg(data, squares(id_replacements={"OLD": "R1"}), translate=lambda text, group: text.upper()))
    assert found["NORTH WEST: 1"] == MAP_COLOURS[0] and found["NORTH EAST: 2"] == MAP_COLOURS[6]


def test_one_value_takes_the_middle_class() -> None:
    svg = map_svg(view({"Year": ["2020"], "GeoCode": ["R1"], "Value": [5]}), squares())
    assert fills(svg)["North West: 5"] == MAP_COLOURS[3]


@pytest.mark.parametrize("columns", [
    {"Year": ["2020"], "Value": [1.0]},                                  # no geocode column
    {"Year": ["2020"], "GeoCode": ["ZZ"], "Value": [1.0]},               # no region of the layer
    {"Year": ["2020"], "GeoCode": ["R1"], "Value": [NAN]},               # no value
    {"Year": ["2020", "2020"], "Sex": ["F", "M"], "GeoCode": ["R1", "R1"], "Value": [1.0, 2.0]},  # only breakdowns
])
def test_no_map_without_regional_data(columns: dict[str, list[Any]]) -> None:
    assert map_svg(view(columns), squares()) is None


def test_right_to_left_puts_the_legend_on_the_left() -> None:
    root = parsed(map_svg(view(SQUARE_DATA), squares(), direction="rtl"))
    legend = root.find(f"{SVG}g[@class='legend']")
    regions = root.find(f"{SVG}g[@class='regions']")
    assert legend is not None and regions is not None
    assert legend.attrib["transform"] == "translate(0 0)" and legend.attrib["direction"] == "rtl"
    assert regions.attrib["transform"] != "translate(0 0)"


def test_uk_map_is_small() -> None:
    svg = map_svg(uk_view("8-10-1"), uk_layer())
    assert svg is not None and len(svg) < 80_000, len(svg or "")
    root = parsed(svg)
    assert len(root.findall(f"{SVG}g[@class='regions']/{SVG}g/{SVG}path")) == 380
    assert "2021" in root.findtext(f"{SVG}desc", "")


# ----------------------------------------------------------------------------- colours

def test_ramp_is_light_to_dark_and_the_darkest_contrasts_with_white() -> None:
    assert len(MAP_COLOURS) == 7
    lightness = [luminance(colour) for colour in MAP_COLOURS]
    assert lightness == sorted(lightness, reverse=True)
    assert contrast(MAP_COLOURS[-1], "#ffffff") >= 3
    # the no-data grey has no hue, every class has one
    grey = {NO_VALUE_COLOUR[1:3], NO_VALUE_COLOUR[3:5], NO_VALUE_COLOUR[5:7]}
    assert len(grey) == 1
    assert all(len({c[1:3], c[3:5], c[5:7]}) > 1 for c in MAP_COLOURS)


@pytest.mark.parametrize("case", QUANTILE_CASES["cases"], ids=lambda case: case["name"])
def test_quantile_classes_as_the_explorers(case: dict[str, Any]) -> None:
    scale = maps.colour_scale(case["values"], QUANTILE_CASES["colours"])
    assert [maps.colour_class(value, scale) for value in case["values"]] == case["colour"]
    assert [list(bound) for bound in maps.class_bounds(scale)] == case["bounds"]
    assert maps.legend_decimals(scale) == case["decimals"]
    assert [list(row) for row in maps.legend_rows(scale)] == case["legend"]


def test_quantile_classes_are_never_empty_and_the_maximum_is_darkest() -> None:
    values = [0, 0, 0, 0, 0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 10000]
    scale = maps.colour_scale([*values, NAN, math.inf])
    colours = [maps.colour_class(value, scale) for value in values]
    assert sorted(set(colours)) == list(range(len(MAP_COLOURS))) and colours == sorted(colours)
    assert maps.colour_class(10000, scale) == len(MAP_COLOURS) - 1 and maps.colour_class(0, scale) == 0
    assert maps.colour_class(-1, scale) == 0 and maps.colour_class(20000, scale) == len(MAP_COLOURS) - 1
    assert maps.legend_rows(maps.colour_scale([3, 3, 9])) == [(0, 3, 3), (6, 9, 9)]


def test_uk_bank_branches_use_every_class() -> None:
    """8-10-1: the City of London's outlier made every other district the lightest class with equal intervals."""
    colours = set(fills(map_svg(uk_view("8-10-1"), uk_layer())).values())
    assert set(MAP_COLOURS) <= colours
