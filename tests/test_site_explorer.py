"""The explorer's inputs: the compact data file and the page configuration (``frontend/README.md``)."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from sdgkit.build import build
from sdgkit.config.site_options import SiteOptions
from sdgkit.schemas.dataservice import load_schema
from sdgkit.site import assets
from sdgkit.site import explorer as ex
from sdgkit.site.panels import Panel

TINY = Path(__file__).parent / "fixtures" / "tiny"


def _decoded(body: dict[str, Any]) -> pd.DataFrame:
    """The table the explorer's ``decode`` rebuilds, for comparison with the data written."""
    columns = {name: [None if code < 0 else column["values"][code] for code in column["codes"]]
               for name, column in body["columns"].items()}
    return pd.DataFrame({**columns, "Value": body["value"]})


def test_compact_data_keeps_every_row_and_blank() -> None:
    data = pd.DataFrame({"Year": [2016.0, 2015.0, 2015.0], "Sex": [None, "Female", "Female"],
                         "Value": [1.5, float("nan"), float("inf")]})
    body = json.loads(ex.compact_data(data))
    jsonschema.validate(body, load_schema("explorer"))
    assert body["rows"] == 3
    assert body["columns"]["Year"] == {"values": ["2015", "2016"], "codes": [1, 0, 0]}  # time order
    assert body["columns"]["Sex"] == {"values": ["Female"], "codes": [-1, 0, 0]}
    assert body["value"] == [1.5, None, None]  # a blank and a non-finite value are no value


def test_compact_data_leaves_ignored_columns_out() -> None:
    data = pd.DataFrame({"Year": [2015], "Internal": ["x"], "Value": [1]})
    assert "Internal" not in json.loads(ex.compact_data(data, ["Internal"]))["columns"]


texts = st.one_of(st.none(), st.sampled_from(["A", "B", "é", "a,b", "\"q\"", "2015-16"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["2015", "2016", "2017-18"]), texts, texts,
                          st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32))),
                min_size=0, max_size=30))
def test_compact_data_decodes_to_the_same_table(rows: list[tuple[str, str | None, str | None, float | None]]) -> None:
    data = pd.DataFrame(rows, columns=["Year", "Sex", "Age", "Value"]) if rows else \
        pd.DataFrame({"Year": [], "Sex": [], "Age": [], "Value": []})
    body = json.loads(ex.compact_data(data))
    jsonschema.validate(body, load_schema("explorer"))
    back = _decoded(body)
    for name in ("Year", "Sex", "Age"):
        assert [None if pd.isna(v) else v for v in back[name].tolist()] == \
            [None if pd.isna(v) else str(v) for v in data[name].tolist()]
    for written, original in zip(back["Value"].tolist(), data["Value"].tolist(), strict=True):
        assert (written is None or math.isnan(written)) if original is None or math.isnan(original) \
            else written == pytest.approx(original)


def test_settings_resolve_lines_and_annotations_per_unit() -> None:
    panel = Panel("S", "Percent", ("2015",), [], kind="bar", title="t", precision=1,
                  targets=[(80.0, "indicator.annotation_2030_target")], breaks=[("2016", "b")])
    meta = {"graph_annotations": [{"unit": "Percent", "value": 50, "label": {"content": "half"}},
                                  {"unit": "Number", "value": 7},
                                  {"value": "2017", "mode": "vertical", "label_content": "change"}]}
    [item] = ex.settings([panel], meta, lambda key: key.upper(), "")
    assert item["kind"] == "bar" and item["precision"] == 1 and item["y_label"] == "PERCENT"
    assert item["lines"] == [{"value": 80.0, "label": "INDICATOR.ANNOTATION_2030_TARGET", "vertical": False},
                             {"value": "2016", "label": "B", "vertical": True},
                             {"value": 50.0, "label": "HALF", "vertical": False}]


def test_start_values_and_colour_sets() -> None:
    assert ex.start_values({"data_start_values": [{"field": "Sex", "value": "Female"}, "junk", {"field": "Age"}]}) \
        == [{"field": "Sex", "value": "Female"}]
    assert ex.colours(SiteOptions(), None) == list(ex.ACCESSIBLE_COLOURS)
    assert ex.colours(SiteOptions(graph_color_set="custom", graph_color_list=["112233", "#445566"]), None) \
        == ["#112233", "#445566"]
    assert ex.colours(SiteOptions(graph_color_set="goal", graph_color_number=2), "#e5243b") == ["#e5243b", "#cd7a00"]
    assert len(ex.colours(SiteOptions(graph_color_set="sdg"), None)) == 17


def test_interface_text_uses_the_explorer_placeholders() -> None:
    hint = "Available when %field is selected"
    text = ex.interface_text(lambda key: hint if key == "indicator.variable_hint" else key)
    assert text["available_when"] == "Available when {field} is selected"
    assert set(text) == set(ex.TEXT_KEYS)


def test_the_built_page_carries_a_configuration_matching_its_data(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assets, "_bundles", lambda: {"explorer.js": b"/* explorer */"})
    repo = tmp_path / "tiny"
    shutil.copytree(TINY, repo)
    build(repo, tmp_path / "out")
    html = HTMLParser((tmp_path / "out" / "en" / "1-1-1" / "index.html").read_text(encoding="utf-8"))
    node = html.css_first("section.data script.explorer-config")
    assert node is not None
    config = json.loads(node.text())
    assert html.css_first('script[src$="assets/vendor/explorer.js"]') is not None
    assert config["data"] == "/en/explorer/1-1-1.json" and config["map"] is None
    body = json.loads((tmp_path / "out" / "en" / "explorer" / "1-1-1.json").read_text(encoding="utf-8"))
    assert set(config["fields"]) <= set(body["columns"])
    assert config["fields"][0] == "Sex"  # the edge's parent first
    assert config["edges"] == [["Sex", "Age"]]
    assert config["max_lines"] == 2 * len(config["colours"])
    assert (tmp_path / "out" / "assets" / "vendor" / "explorer.js").read_bytes() == b"/* explorer */"


def test_without_the_bundle_pages_stay_static(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assets, "_bundles", dict)
    repo = tmp_path / "tiny"
    shutil.copytree(TINY, repo)
    build(repo, tmp_path / "out")
    page = (tmp_path / "out" / "en" / "1-1-1" / "index.html").read_text(encoding="utf-8")
    assert "explorer-config" not in page and "vendor/explorer.js" not in page
    assert not (tmp_path / "out" / "en" / "explorer").exists()
