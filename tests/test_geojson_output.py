"""The GeoJSON map files of the data service (``dataservice/geojson_layers.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sdgkit.config.models import MapLayer
from sdgkit.dataservice.geojson_layers import geojson_bytes, geojson_path, indicator_geojson, series_by_region
from sdgkit.dataservice.views import IndicatorView
from sdgkit.formats.files import RepoFiles
from sdgkit.formats.geojson import LayerCodes, read_layer_codes
from tests.conftest import shared_fixture

NAN = np.nan
SPECIAL = ("Year", "Series", "Units", "GeoCode", "Value")


def view(columns: dict[str, list[Any]], attributes: tuple[str, ...] = ("COMMENT_OBS",)) -> IndicatorView:
    """A view as the build makes it: Year whole numbers, Value floats, text columns object with NaN."""
    data = pd.DataFrame({name: pd.Series(cells, dtype=object) for name, cells in columns.items()})
    data["Year"] = data["Year"].astype("int64")
    data["Value"] = data["Value"].astype("float64")
    return IndicatorView(slug="1-1-1", language="en", meta={}, data=data, headline=pd.DataFrame(), edges=[],
                         non_disaggregation=tuple(c for c in data.columns if c in SPECIAL),
                         observation_attributes=tuple(c for c in data.columns if c in attributes),
                         complete=True, statistical=True)


def boundary(*regions: tuple[Any, str]) -> dict[str, Any]:
    """A FeatureCollection with one square per (code, name), plus a top-level ``crs``."""
    return {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4326"}},
            "features": [{"type": "Feature", "id": index,
                          "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
                          "properties": {"OBJECTID": index, "code": code, "label": name, "area": 12.5}}
                         for index, (code, name) in enumerate(regions)]}


def layer(collection: dict[str, Any], **settings: Any) -> LayerCodes:
    config = MapLayer(geojson_file="regions.geojson", name_property="label", id_property="code", **settings)
    ids = {str(f["properties"][config.id_property]) for f in collection["features"]}
    return LayerCodes(config, "regions.geojson", ids, collection)


def same(text: str, group: str) -> str:
    return text


def properties(collection: dict[str, Any] | None, index: int) -> dict[str, Any]:
    assert collection is not None
    found: dict[str, Any] = collection["features"][index]["properties"]
    return found


REGIONS = boundary(("E1", "North"), ("E2", "South"), ("E3", "East"))


# ----------------------------------------------------------------------------- when a file is due

def test_path_uses_subfolder_and_prefix() -> None:
    config = MapLayer(geojson_file="x.geojson", output_subfolder="local_authorities", filename_prefix="la_")
    assert geojson_path(config, "3-9-1") == "geojson/local_authorities/la_3-9-1.geojson"
    assert geojson_path(MapLayer(geojson_file="x"), "1-1-1") == "geojson/regions/indicator_1-1-1.geojson"


@pytest.mark.parametrize("columns", [
    {"Year": [2015], "Sex": ["Female"], "Value": [1.0]},             # no GeoCode column
    {"Year": [2015, 2016], "GeoCode": [NAN, NAN], "Value": [1.0, 2.0]},  # GeoCode never filled
    {"Year": [], "GeoCode": [], "Value": []},                        # no rows
])
def test_no_geocodes_means_no_file(columns: dict[str, list[Any]]) -> None:
    assert indicator_geojson(view(columns), layer(REGIONS), same) is None


def test_geocodes_that_match_no_region_give_an_empty_collection() -> None:
    data = view({"Year": [2015], "GeoCode": ["W9"], "Value": [1.0]})
    result = indicator_geojson(data, layer(REGIONS), same)
    assert result == {"type": "FeatureCollection", "crs": REGIONS["crs"], "features": []}


def test_the_incumbents_full_copy_on_request() -> None:
    data = view({"Year": [2015], "GeoCode": ["W9"], "Value": [1.0]})
    result = indicator_geojson(data, layer(REGIONS), same, copy_unmatched=True)
    assert result is not None
    assert all(new is old for new, old in zip(result["features"], REGIONS["features"], strict=True))


# ----------------------------------------------------------------------------- regions with data

def test_matching_region_gets_name_geocode_and_parallel_lists() -> None:
    data = view({"Year": [2015, 2016, 2015], "Sex": [NAN, NAN, "Female"], "GeoCode": ["E2", "E2", "E2"],
                 "Value": [10.0, 11.5, 9.0]})
    result = indicator_geojson(data, layer(REGIONS), same)
    south = properties(result, 1)
    assert list(south) == ["OBJECTID", "area", "disaggregations", "values", "observation_attributes",
                           "name", "geocode"]
    assert south["name"] == "South" and south["geocode"] == "E2"
    assert south["disaggregations"] == [{"Sex": ""}, {"Sex": "Female"}]
    assert south["values"] == [{"2015": 10.0, "2016": 11.5}, {"2015": 9.0}]
    assert south["observation_attributes"] == [{}, {}]


def test_regions_without_data_and_geometry_are_not_copied() -> None:
    data = view({"Year": [2015], "GeoCode": ["E2"], "Value": [1.0]})
    result = indicator_geojson(data, layer(REGIONS), same)
    assert result is not None
    assert result["features"][0] is REGIONS["features"][0]
    assert result["features"][1]["geometry"] is REGIONS["features"][1]["geometry"]
    assert "values" not in REGIONS["features"][1]["properties"]  # the shared boundary is never changed
    assert list(result) == ["type", "crs", "features"]


def test_name_is_translated_with_group_data() -> None:
    seen: list[tuple[str, str]] = []

    def translate(text: str, group: str) -> str:
        seen.append((text, group))
        return "Sud" if text == "South" else text

    data = view({"Year": [2015], "GeoCode": ["E2"], "Value": [1.0]})
    assert properties(indicator_geojson(data, layer(REGIONS), translate), 1)["name"] == "Sud"
    assert seen == [("South", "data")]


def test_name_and_id_properties_called_name_and_geocode_are_kept() -> None:
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": {"name": "North", "geocode": "E1", "pop": 5}}]}
    codes = LayerCodes(MapLayer(geojson_file="g", name_property="name", id_property="geocode"), "g", {"E1"},
                       collection)
    data = view({"Year": [2015], "GeoCode": ["E1"], "Value": [1.0]})
    north = properties(indicator_geojson(data, codes, same), 0)
    assert north["name"] == "North" and north["geocode"] == "E1" and north["pop"] == 5


def test_numeric_region_ids_match_text_geocodes() -> None:
    data = view({"Year": [2015], "GeoCode": ["7"], "Value": [1.0]})
    codes = layer(boundary((7, "Seven")))
    assert properties(indicator_geojson(data, codes, same), 0)["geocode"] == 7


def test_id_replacements_map_data_values_to_geocodes() -> None:
    data = view({"Year": [2015, 2015], "Region": ["South", "South"], "GeoCode": ["South", "Sth"],
                 "Value": [1.0, 2.0]})
    codes = layer(REGIONS, id_replacements={"South": "E2", "Sth": "E2"})
    south = properties(indicator_geojson(data, codes, same), 1)
    assert south["geocode"] == "E2"
    assert south["values"] == [{"2015": 1.0}, {"2015": 2.0}]


def test_geocode_and_excluded_columns_leave_the_breakdowns() -> None:
    data = view({"Year": [2015, 2015], "Series": ["S1", "S1"], "Units": ["Percent", "Percent"],
                 "Region": ["South", "South"], "Sex": ["Male", "Female"], "GeoCode": ["E2", "E2"],
                 "Value": [1.0, 2.0]})
    south = properties(indicator_geojson(data, layer(REGIONS, exclude_columns=["Region"]), same), 1)
    assert south["disaggregations"] == [{"Series": "S1", "Units": "Percent", "Sex": "Female"},
                                        {"Series": "S1", "Units": "Percent", "Sex": "Male"}]


def test_least_broken_down_series_moves_first() -> None:
    data = view({"Year": [2015, 2015, 2015], "Age": [NAN, "15-24", "25-64"], "Sex": ["Female", NAN, NAN],
                 "Area": ["Urban", NAN, NAN], "GeoCode": ["E1", "E1", "E1"], "Value": [1.0, 2.0, 3.0]})
    north = properties(indicator_geojson(data, layer(REGIONS), same), 0)
    # sorted: ("", "Female", "Urban"), ("15-24", "", ""), ("25-64", "", ""); the first of the fewest moves up
    assert north["disaggregations"] == [{"Age": "15-24", "Sex": "", "Area": ""},
                                        {"Age": "", "Sex": "Female", "Area": "Urban"},
                                        {"Age": "25-64", "Sex": "", "Area": ""}]
    assert north["values"] == [{"2015": 2.0}, {"2015": 1.0}, {"2015": 3.0}]


def test_series_line_up_across_regions_whatever_the_row_order() -> None:
    rows = {"Year": [2015, 2015, 2015, 2015], "Sex": ["Male", "Female", "Female", "Male"],
            "GeoCode": ["E1", "E2", "E1", "E2"], "Value": [1.0, 2.0, 3.0, 4.0]}
    result = indicator_geojson(view(rows), layer(REGIONS), same)
    assert properties(result, 0)["disaggregations"] == properties(result, 1)["disaggregations"]
    shuffled = {name: [cells[i] for i in (3, 1, 0, 2)] for name, cells in rows.items()}
    assert indicator_geojson(view(shuffled), layer(REGIONS), same) == result


# ----------------------------------------------------------------------------- cells

def test_blanks_zero_and_missing_values() -> None:
    data = view({"Year": [2015, 2016, 2017], "Sex": [NAN, NAN, NAN], "GeoCode": ["E3", "E3", "E3"],
                 "Value": [0.0, NAN, 2.5]})
    east = properties(indicator_geojson(data, layer(REGIONS), same), 2)
    assert east["disaggregations"] == [{"Sex": ""}]
    # a missing value is "" as the incumbent writes it (the site's isMapValueInvalid drops ""); 0 stays 0
    assert east["values"] == [{"2015": 0.0, "2016": "", "2017": 2.5}]
    assert east["values"][0]["2015"] is not None and east["values"][0]["2015"] == 0


def test_whole_number_values_stay_whole() -> None:
    data = view({"Year": [2011, 2012], "GeoCode": ["E1", "E1"], "Value": [80, 100]})
    data.data["Value"] = data.data["Value"].astype("int64")
    result = indicator_geojson(data, layer(REGIONS), same)
    assert result is not None
    assert b'"values":[{"2011":80,"2012":100}]' in geojson_bytes(result)


def test_years_keep_data_order_and_the_first_of_duplicates() -> None:
    data = view({"Year": [2017, 2015, 2017], "GeoCode": ["E1", "E1", "E1"], "Value": [7.0, 5.0, 70.0]})
    values = properties(indicator_geojson(data, layer(REGIONS), same), 0)["values"]
    assert values == [{"2017": 7.0, "2015": 5.0}] and list(values[0]) == ["2017", "2015"]


def test_observation_attributes_by_year_do_not_split_series() -> None:
    data = view({"Year": [2015, 2016, 2017], "Sex": ["Male", "Male", "Male"], "GeoCode": ["E1", "E1", "E1"],
                 "COMMENT_OBS": ["Provisional", NAN, "Revised"], "SOURCE_DETAIL": ["Survey", "Survey", NAN],
                 "Value": [1.0, 2.0, 3.0]}, attributes=("COMMENT_OBS", "SOURCE_DETAIL"))
    north = properties(indicator_geojson(data, layer(REGIONS), same), 0)
    assert north["disaggregations"] == [{"Sex": "Male"}]
    assert north["observation_attributes"] == [{"2015": {"COMMENT_OBS": "Provisional", "SOURCE_DETAIL": "Survey"},
                                                "2016": {"SOURCE_DETAIL": "Survey"},
                                                "2017": {"COMMENT_OBS": "Revised"}}]


def test_serialised_compact_utf8() -> None:
    data = view({"Year": [2015], "GeoCode": ["E1"], "Value": [1.0]})
    codes = layer(boundary(("E1", "Ynys Môn")))
    text = geojson_bytes(indicator_geojson(data, codes, same) or {}).decode("utf-8")
    assert '"name":"Ynys Môn"' in text and ", " not in text and ": " not in text
    assert json.loads(text)["features"][0]["properties"]["values"] == [{"2015": 1.0}]


def test_read_layer_codes_keeps_the_parsed_boundary(tmp_path: Path) -> None:
    (tmp_path / "g.geojson").write_text(json.dumps(REGIONS), encoding="utf-8")
    codes, issues = read_layer_codes(RepoFiles(tmp_path), MapLayer(geojson_file="g.geojson", name_property="label",
                                                                   id_property="code"), "g.geojson")
    assert issues == [] and codes is not None
    assert codes.ids == {"E1", "E2", "E3"} and codes.collection == REGIONS and codes.features == REGIONS["features"]
    assert LayerCodes(codes.layer, "g").features == []


# ----------------------------------------------------------------------------- real data

UK_BOUNDARY = "geojsons/Local_Authority_Districts_December_2016_GB_BUC_2022_539803951565169620.geojson"


def uk_view(root: Path, slug: str) -> IndicatorView:
    """The untranslated view of a UK CSV: text cells, blanks NaN, Year whole, Value float."""
    data = pd.read_csv(root / "data" / f"indicator_{slug}.csv", dtype=str, keep_default_na=False)
    data = data.replace("", NAN).astype(object)
    data["Year"] = data["Year"].astype("int64")
    data["Value"] = data["Value"].astype("float64")
    return IndicatorView(slug=slug, language=None, meta={}, data=data, headline=pd.DataFrame(), edges=[],
                         non_disaggregation=tuple(c for c in data.columns if c in SPECIAL),
                         observation_attributes=(), complete=True, statistical=True)


def test_uk_local_authorities() -> None:
    root = shared_fixture("uk-sdg-data")
    config = MapLayer(geojson_file=UK_BOUNDARY, name_property="LAD16NM", id_property="LAD16CD",
                      output_subfolder="local_authorities")
    codes, _ = read_layer_codes(RepoFiles(root), config, UK_BOUNDARY)
    assert codes is not None and len(codes.features) > 350
    data = uk_view(root, "3-9-1")
    result = indicator_geojson(data, codes, same)
    assert result is not None and len(result["features"]) == len(codes.features)

    in_data = set(data.data["GeoCode"].dropna())
    with_data = [f for f in result["features"] if "values" in f["properties"]]
    assert {f["properties"]["geocode"] for f in with_data} == in_data & codes.ids
    assert len(with_data) > 300
    for new, old in zip(result["features"], codes.features, strict=True):
        assert new["geometry"] is old["geometry"]
        if "values" not in new["properties"]:
            assert new is old
    hartlepool = next(f["properties"] for f in with_data if f["properties"]["geocode"] == "E06000001")
    assert hartlepool["name"] == "Hartlepool" and "LAD16NM" not in hartlepool and "LAD16CD" not in hartlepool
    assert len(hartlepool["disaggregations"]) == len(hartlepool["values"]) == len(hartlepool["observation_attributes"])
    rows = data.data[data.data["GeoCode"] == "E06000001"]
    assert sum(len(values) for values in hartlepool["values"]) == len(rows.drop_duplicates(
        [c for c in rows.columns if c != "Value"]))
    first = hartlepool["disaggregations"][0]
    match = rows[(rows["Series"] == first["Series"]).to_numpy()]
    assert hartlepool["values"][0] == {str(y): v for y, v in zip(match["Year"], match["Value"], strict=True)}

    series = series_by_region(data, config)
    assert sum(len(items) for code, items in series.items() if code in codes.ids) == sum(
        len(f["properties"]["values"]) for f in with_data)
    assert json.loads(geojson_bytes(result)) == json.loads(json.dumps(result))
