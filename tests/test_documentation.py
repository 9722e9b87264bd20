"""The documentation site: what a reader sees on the pages and in the CSV downloads.

Three hand-made indicators: 1-1-1 (Units, Sex, Age, a footnote column and a hostile
value), 10-1-1 (Series, GeoCode, Sex) and 1-2-1 (standalone, so left out of the reports).
"""

from __future__ import annotations

from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sdgkit.config.models import DocsMetadataField, MapLayer, SiteConfig
from sdgkit.dataservice.documentation import (
    EndpointSection,
    OutputDoc,
    documentation_pages,
    slugify,
    standard_outputs,
)
from sdgkit.dataservice.views import IndicatorView, Translate

HOSTILE = '<script>alert("x")</script>'
NA = np.nan

VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "source", "wbr"}


# ---------------------------------------------------------------------------------------
# Fixtures: three small views, as the data service would hand them over (untranslated)
# ---------------------------------------------------------------------------------------


def _frame(columns: list[str], rows: list[list[Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    frame["Value"] = frame["Value"].astype(float)
    return frame


def _view(slug: str, frame: pd.DataFrame, meta: dict[str, Any], *, edges: list[tuple[str, str]],
          non_disaggregation: tuple[str, ...], attributes: tuple[str, ...] = ()) -> IndicatorView:
    breakdowns = [c for c in frame.columns if c not in non_disaggregation and c not in attributes]
    headline = frame[frame[breakdowns].isna().all(axis=1)][list(non_disaggregation)] if len(frame) else frame
    return IndicatorView(slug=slug, language=None, meta=meta, data=frame, headline=headline, edges=edges,
                         non_disaggregation=non_disaggregation, observation_attributes=attributes,
                         complete=True, statistical=True)


def _views() -> list[IndicatorView]:
    first = _frame(["Year", "Units", "Sex", "Age", "COMMENT_OBS", "Value"], [
        ["2015", "Percent", NA, NA, NA, 10], ["2016", "Percent", NA, NA, "Provisional", 11],
        ["2015", "Percent", "Female", NA, NA, 6], ["2016", "Percent", "Female", NA, NA, 7],
        ["2015", "Percent", "Female", "15-24", NA, 3], ["2015", "Percent", "Male", HOSTILE, NA, 4],
    ])
    second = _frame(["Year", "Series", "GeoCode", "Sex", "Value"], [
        ["2015", "SI_POV", NA, NA, 1], ["2015", "SI_POV", "E1", NA, 2],
        ["2015", "SI_POV", NA, "Female", 3], ["2016", "SI_POV", NA, "Female", 4],
    ])
    standalone = _frame(["Year", "Sex", "Value"], [["2015", "Other", 1]])
    return [
        _view("1-1-1", first, {"reporting_status": "complete", "un_designated_tier": "Tier I"},
              edges=[("Sex", "Age")], non_disaggregation=("Year", "Units", "Value"), attributes=("COMMENT_OBS",)),
        _view("10-1-1", second, {"reporting_status": "complete", "un_designated_tier": "Tier II",
                                 "data_non_statistical": False},
              edges=[], non_disaggregation=("Year", "Series", "GeoCode", "Value")),
        _view("1-2-1", standalone, {"reporting_status": "complete", "standalone": True,
                                    "un_designated_tier": "Tier III"},
              edges=[], non_disaggregation=("Year", "Value")),
    ]


def _config(**settings: Any) -> SiteConfig:
    defaults: dict[str, Any] = {"languages": ["en"], "docs_branding": "Data & docs",
                                "docs_intro": "Read <b>this</b> first.",
                                "map_layers": [MapLayer(geojson_file="regions.geojson")]}
    return SiteConfig(**{**defaults, **settings})


def _translator(words: Mapping[str, Mapping[str, str]]) -> Translate:
    def translate(text: str, group: str) -> str:
        return words.get(group, {}).get(text, text)
    return translate


def _build(config: SiteConfig, translators: Mapping[str, Translate] | None = None) -> dict[str, bytes]:
    return documentation_pages(config, _views(), translators or {})


# ---------------------------------------------------------------------------------------
# Reading pages as a reader (stdlib html.parser)
# ---------------------------------------------------------------------------------------


class Page(HTMLParser):
    """Headings, links, ids and tables of one page; fails on unbalanced tags."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.title = ""
        self.headings: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.tables: dict[str, dict[str, Any]] = {}
        self.header_scopes: list[str | None] = []
        self.text: list[str] = []
        self._stack: list[str] = []
        self._capture: list[str] | None = None
        self._table: dict[str, Any] | None = None
        self._row: list[str] | None = None
        self._href: str | None = None
        self.feed(html)
        self.close()
        assert not self._stack, f"unclosed tags: {self._stack}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            assert attributes["id"] not in self.ids, f"duplicate id {attributes['id']}"
            self.ids.add(str(attributes["id"]))
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag not in VOID:
            self._stack.append(tag)
        if tag in {"title", "h1", "h2", "caption", "th", "td", "a"}:
            self._capture = [] if self._capture is None or tag != "a" else self._capture
        if tag == "a":
            self._href = attributes.get("href")
        if tag == "table":
            self._table = {"caption": "", "header": [], "rows": []}
            self.tables[str(attributes.get("id"))] = self._table
        if tag == "tr":
            self._row = []
        if tag == "th":
            self.header_scopes.append(attributes.get("scope"))

    def handle_endtag(self, tag: str) -> None:
        assert self._stack and self._stack[-1] == tag, f"</{tag}> closes <{self._stack[-1:]}>"
        self._stack.pop()
        text = " ".join("".join(self._capture or []).split())
        if tag == "a" and self._href is not None:
            self.links.append((self._href, text))
            self._href = None
        if tag == "title":
            self.title = text
        elif tag in {"h1", "h2"}:
            self.headings.append((tag, text))
        elif tag == "caption" and self._table is not None:
            self._table["caption"] = text
        elif tag in {"th", "td"} and self._row is not None:
            self._row.append(text)
        elif tag == "tr" and self._table is not None and self._row is not None:
            target = "rows" if self._table["header"] else "header"
            self._table[target] = self._row if target == "header" else [*self._table["rows"], self._row]
            self._row = None
        if tag in {"title", "h1", "h2", "caption", "th", "td"}:
            self._capture = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._capture is not None:
            self._capture.append(data)


def _page(files: Mapping[str, bytes], name: str) -> Page:
    return Page(files[name].decode("utf-8"))


def _csv(files: Mapping[str, bytes], name: str) -> str:
    return files[name].decode("utf-8")


# ---------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------


def test_page_set_follows_the_incumbent_names() -> None:
    files = _build(_config())
    assert set(files) == {
        "index.html", "open-sdg-output.html", "geojson-output-regions.html", "data-packages.html",
        "disaggregations.html", "disaggregation-report.csv", "disaggregation-by-indicator-report.csv",
        "disaggregation--sex.html", "values--disaggregation--sex.csv", "indicators--disaggregation--sex.csv",
        "disaggregation--age.html", "values--disaggregation--age.csv", "indicators--disaggregation--age.csv",
        "disaggregation-value--female.html", "disaggregation-value--female.csv",
        "disaggregation-value--male.html", "disaggregation-value--male.csv",
        "disaggregation-value--15-24.html", "disaggregation-value--15-24.csv",
        "disaggregation-value--script-alert-x-script.html", "disaggregation-value--script-alert-x-script.csv",
    }


def test_every_page_is_accessible_html_with_lang_headings_and_scoped_headers() -> None:
    files = _build(_config())
    for name in (n for n in files if n.endswith(".html")):
        page = _page(files, name)
        assert page.lang == "en", name
        assert [level for level, _ in page.headings].count("h1") == 1, name
        assert page.title.endswith(" - Data & docs"), name
        assert all(scope in {"col", "row"} for scope in page.header_scopes), name
        assert all(table["caption"] for table in page.tables.values()), name
        assert b"<script" not in files[name] and b"http://" not in files[name], name
        assert b"stylesheet" not in files[name], name  # no remote or extra CSS: one inline sheet


def test_every_internal_link_resolves() -> None:
    files = _build(_config(docs_subfolder="documentation"))
    for name in (n for n in files if n.endswith(".html")):
        page = _page(files, name)
        for href, text in page.links:
            assert text, f"{name}: empty link text for {href}"
            if href.startswith(("https://", "../")):
                continue  # external references and the build's own files
            target, _, fragment = href.partition("#")
            assert (target or name) in files, f"{name} links to missing {href}"
            if fragment:
                assert fragment in _page(files, target or name).ids, f"{name}: no #{fragment}"


def test_index_lists_outputs_and_reports_with_escaped_config_text() -> None:
    files = _build(_config())
    page = _page(files, "index.html")
    assert [text for level, text in page.headings if level == "h2"] == [
        "Open SDG output", "GeoJSON output - regions", "Data packages", "Disaggregation report"]
    assert ("open-sdg-output.html", "See examples of Open SDG output") in page.links
    assert "Read <b>this</b> first." in "".join(page.text)
    assert b"&lt;b&gt;this&lt;/b&gt;" in files["index.html"]
    assert "metadata.html" not in {href for href, _ in page.links}


def test_open_sdg_output_page_shows_example_endpoints_per_language() -> None:
    files = _build(_config(languages=["en", "fr"], docs_subfolder="documentation"))
    page = _page(files, "open-sdg-output.html")
    assert [text for level, text in page.headings if level == "h2"] == [
        "Headlines", "Data", "Edges", "Combined edges and data", "Metadata", "Zip file of CSV data",
        "Zip file information", "Reporting status", "Translations"]
    hrefs = [href for href, _ in page.links if href.startswith("../")]
    # only 1-1-1 has edges and a headline; links climb out of the docs subfolder
    assert hrefs[:4] == ["../en/headline/1-1-1.csv", "../en/headline/1-1-1.json",
                         "../fr/headline/1-1-1.csv", "../fr/headline/1-1-1.json"]
    assert "../en/meta/1-1-1.json" in hrefs
    assert "../fr/zip/all_indicators.zip" in hrefs and "../en/stats/reporting.json" in hrefs
    geo = [href for href, _ in _page(files, "geojson-output-regions.html").links if href.startswith("../")]
    assert geo == ["../en/geojson/regions/indicator_10-1-1.geojson", "../fr/geojson/regions/indicator_10-1-1.geojson"]


def test_docs_baseurl_makes_data_links_absolute() -> None:
    files = _build(_config(docs_baseurl="sdg-data", docs_subfolder="documentation"))
    hrefs = [href for href, _ in _page(files, "data-packages.html").links]
    assert "/sdg-data/en/data-packages/1-1-1/datapackage.json" in hrefs
    assert "/sdg-data/en/data-packages/all.json" in hrefs


def test_disaggregation_report_tables_and_csvs() -> None:
    files = _build(_config())
    page = _page(files, "disaggregations.html")
    table = page.tables["disaggregation-table"]
    assert table["header"] == ["Disaggregation", "Number of indicators", "Number of values"]
    assert table["rows"] == [["Age", "1", "2"], ["Sex", "2", "2"]]
    assert page.tables["indicator-table"]["rows"] == [["#1-1-1", "Sex, Age", "2"], ["#10-1-1", "Sex", "1"]]
    assert _csv(files, "disaggregation-report.csv") == (
        "Disaggregation,Number of indicators,Number of values\nAge,1,2\nSex,2,2\n")
    assert _csv(files, "disaggregation-by-indicator-report.csv") == (
        'Indicator,Disaggregations,Number of disaggregations\n#1-1-1,"Sex, Age",2\n#10-1-1,Sex,1\n')
    assert ("disaggregation-report.csv", "Download CSV of disaggregations") in page.links


def test_disaggregation_and_value_pages_count_combinations() -> None:
    files = _build(_config())
    sex = _page(files, "disaggregation--sex.html")
    assert sex.headings[0] == ("h1", "Disaggregation: Sex")
    assert sex.tables["values-table"]["rows"] == [["Female", "3", "2"], ["Male", "1", "1"]]
    assert _csv(files, "values--disaggregation--sex.csv") == (
        "Value,Disaggregation combinations using this value,Number of indicators\nFemale,3,2\nMale,1,1\n")
    assert _csv(files, "indicators--disaggregation--sex.csv") == "Indicator\n#1-1-1\n#10-1-1\n"
    female = _page(files, "disaggregation-value--female.html")
    assert female.headings[0] == ("h1", "Sex: Female")
    assert female.tables["disaggregation-value-table"]["rows"] == [["#1-1-1", "2"], ["#10-1-1", "1"]]
    assert _csv(files, "disaggregation-value--female.csv") == (
        "Indicator,Disaggregation combinations using this value\n#1-1-1,2\n#10-1-1,1\n")


def test_hostile_values_are_escaped_everywhere() -> None:
    files = _build(_config())
    page = _page(files, "disaggregation-value--script-alert-x-script.html")
    assert page.headings[0] == ("h1", f"Age: {HOSTILE}")
    assert HOSTILE in _page(files, "disaggregation--age.html").tables["values-table"]["rows"][1][0]
    assert all(b"<script" not in data for name, data in files.items() if name.endswith(".html"))
    assert _csv(files, "values--disaggregation--age.csv").splitlines()[2] == '"<script>alert(""x"")</script>",1,1'


def test_extra_disaggregations_and_translation_columns() -> None:
    words = {"data": {"Sex": "Sexe", "Female": "Femme"}, "Units": {"Percent": "Pour cent"}}
    translators = {"en": _translator({}), "fr": _translator(words)}
    config = _config(languages=["en", "fr"], docs_extra_disaggregations=["Units", "Series"],
                     docs_translate_disaggregations=True)
    files = _build(config, translators)
    assert _csv(files, "disaggregation-report.csv") == (
        "Disaggregation,en,fr,Number of indicators,Number of values\n"
        "Age,Age,Age,1,2\nSeries,Series,Series,1,1\nSex,Sex,Sexe,2,2\nUnits,Units,Units,1,1\n")
    assert _csv(files, "values--disaggregation--units.csv") == (
        "Value,en,fr,Disaggregation combinations using this value,Number of indicators\n"
        "Percent,Percent,Pour cent,4,1\n")
    assert "GeoCode" not in _csv(files, "disaggregation-report.csv")  # still not a breakdown
    assert b'<td lang="fr">Femme</td>' in files["disaggregation--sex.html"]


def test_metadata_report_with_indicator_links() -> None:
    fields = [DocsMetadataField(key="reporting_status", label="Reporting status"),
              DocsMetadataField(key="un_designated_tier", label="Tier"),
              DocsMetadataField(key="data_non_statistical", label="Non-statistical")]
    files = _build(_config(docs_indicator_url="https://example.org/[id]/", docs_metadata_fields=fields))
    assert ("metadata.html", "See metadata report") in _page(files, "index.html").links
    report = _page(files, "metadata.html")
    assert report.tables["metadata-field-table"]["rows"] == [["Reporting status", "2", "1"], ["Tier", "2", "2"]]
    assert _csv(files, "metadata_field-report.csv") == (
        "Metadata field,Number of indicators,Number of values\nReporting status,2,1\nTier,2,2\n")
    assert _csv(files, "metadata_field-by-indicator-report.csv") == (
        "Indicator,Reporting status,Tier,Non-statistical\n#1-1-1,complete,Tier I,\n#10-1-1,complete,Tier II,\n")
    assert ("https://example.org/10-1-1/", "#10-1-1") in report.links
    assert ("metadata-value--tier-ii.html", "Tier II") in report.links
    tier = _page(files, "metadata--un-designated-tier.html")
    assert tier.headings[0] == ("h1", "Metadata field: Tier")
    assert tier.tables["values-table"]["rows"] == [["Tier I", "1"], ["Tier II", "1"]]
    assert _csv(files, "metadata-value--tier-i.csv") == "Indicator\n#1-1-1\n"
    assert "metadata-value--tier-iii.html" not in files  # the standalone indicator is left out
    assert ("https://example.org/1-1-1/", "#1-1-1") in _page(files, "disaggregation-value--female.html").links


def test_clashing_names_get_underscores_and_outputs_can_be_supplied() -> None:
    views = _views()
    clash = _frame(["Year", "Sex", "Group", "Value"], [["2015", "Female", "female", 1]])
    views[1] = _view("10-1-1", clash, {}, edges=[], non_disaggregation=("Year", "Value"))
    section = EndpointSection("Files", "Some files", ("en/x.json",))
    outputs = [*standard_outputs(_config(), views), OutputDoc("Data packages", "data-packages", "Again", (section,))]
    files = documentation_pages(_config(), views, {}, outputs)
    assert "data-packages_.html" in files
    assert _page(files, "disaggregation-value--female_.html").headings[0] == ("h1", "Group: female")


def test_an_empty_site_still_has_its_pages() -> None:
    files = documentation_pages(_config(map_layers=[]), [], {})
    assert set(files) == {"index.html", "open-sdg-output.html", "data-packages.html", "disaggregations.html",
                          "disaggregation-report.csv", "disaggregation-by-indicator-report.csv"}
    assert _csv(files, "disaggregation-report.csv") == "Disaggregation,Number of indicators,Number of values\n"
    assert _page(files, "disaggregations.html").tables == {}  # "none" said in words, not an empty table
    assert "../en/zip/all_indicators.zip" not in files["open-sdg-output.html"].decode()
    assert "en/zip/all_indicators.zip" in files["open-sdg-output.html"].decode()


@pytest.mark.parametrize(("text", "slug"), [
    ("Open SDG output", "open-sdg-output"), ("GeoJSON output - regions", "geojson-output-regions"),
    ("Children's 1,000 Ærø", "children-s-1000-aero"), ("  Åge (15–24) ", "age-15-24"), ("+", ""),
    ("Children’s", "childrens"), ("Straße", "strasse"),
])
def test_slugify_matches_python_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
