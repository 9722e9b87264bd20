"""The documentation site of a data service build: output pages and the two reports.

Open SDG's builder writes a small static site next to its outputs
(``sdg-build:sdg/OutputDocumentationService.py``): an overview, one page of example
endpoints per output, a disaggregation report (``sdg/DisaggregationReportService.py``)
and, when ``docs_metadata_fields`` is set, a metadata report
(``sdg/MetadataReportService.py``). People bookmark those pages and download the CSVs,
so file names, the page set, table columns and CSV columns follow the incumbent; the
look is sdgkit's own: plain accessible HTML, one inline style sheet, nothing remote.

Everything here is pure: :func:`documentation_pages` returns ``{path → bytes}`` with
paths relative to the documentation folder (``docs_subfolder`` of the site folder);
writing them is the caller's job.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath
from typing import Any

import jinja2
import pandas as pd

from sdgkit.config.models import MapLayer, SiteConfig
from sdgkit.dataservice.geojson_layers import geojson_path, has_geocodes
from sdgkit.dataservice.views import IndicatorView, Translate

__all__ = [
    "EndpointSection",
    "OutputDoc",
    "csvw_output_doc",
    "data_packages_output_doc",
    "documentation_pages",
    "geojson_output_doc",
    "open_sdg_output_doc",
    "slugify",
    "standard_outputs",
]

#: How many indicators an output page shows as examples (the incumbent stops after three).
EXAMPLE_INDICATORS = 3
#: Page names the documentation always uses; an output page may not take them.
_RESERVED = ("index", "disaggregations", "metadata")
#: Columns a "combination" (the incumbent's Series) is never told apart by.
_YEAR_VALUE = ("Year", "Value")


# ---------------------------------------------------------------------------------------
# Outputs: what each output page documents
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EndpointSection:
    """A group of example endpoints on an output page.

    ``paths`` are relative to the build folder (``en/data/1-1-1.csv``); the page turns
    them into links. ``more`` says the list is a sample ("etc."), not every file.
    """

    title: str
    description: str
    paths: tuple[str, ...]
    more: bool = False


@dataclass(frozen=True, slots=True)
class OutputDoc:
    """One output of the build as its documentation page presents it.

    ``slug`` names the page (``{slug}.html``); the incumbent derives it from the title,
    so :func:`slugify` of the title keeps old links working.
    """

    title: str
    slug: str
    description: str
    sections: tuple[EndpointSection, ...]
    about_url: str | None = None


def open_sdg_output_doc(config: SiteConfig, views: Sequence[IndicatorView]) -> OutputDoc:
    """The page for the JSON/CSV files an Open SDG site reads (``OutputOpenSdg``)."""
    examples = _open_sdg_examples(views)
    zip_name = config.indicator_export_filename
    per_indicator = [
        ("Headlines", 'CSV/JSON files containing "headline" (aggregated only) data for indicators',
         ("headline/{id}.csv", "headline/{id}.json")),
        ("Data", "CSV/JSON files containing fully disaggregated data for indicators",
         ("data/{id}.csv", "data/{id}.json")),
        ("Edges", 'CSV/JSON files containing "edges" (relationships between disaggregations) data for indicators',
         ("edges/{id}.csv", "edges/{id}.json")),
        ("Combined edges and data", 'JSON files containing both the fully-disaggregated and "edges" data above',
         ("comb/{id}.json",)),
        ("Metadata", "JSON files containing metadata for the indicators", ("meta/{id}.json",)),
    ]
    once = [
        ("Zip file of CSV data", "Zip files containing all indicators in CSV form", (f"zip/{zip_name}.zip",)),
        ("Zip file information", "JSON file containing information about the above-mentioned zip files",
         ("zip/all_indicators.json",)),
        ("Reporting status", "JSON file containing information about the reporting status of the indicators",
         ("stats/reporting.json",)),
        ("Translations", "JSON file containing all the translations used in the platform",
         ("translations/translations.json",)),
    ]
    sections = [_section(title, text, patterns, config.languages, examples) for title, text, patterns in per_indicator]
    sections += [_section(title, text, patterns, config.languages, None) for title, text, patterns in once]
    return OutputDoc("Open SDG output", slugify("Open SDG output"),
                     "This output includes a variety of endpoints designed to support the Open SDG platform.",
                     tuple(sections), "https://open-sdg.readthedocs.io")


def data_packages_output_doc(config: SiteConfig, views: Sequence[IndicatorView]) -> OutputDoc:
    """The page for the frictionless data packages (``OutputDataPackage``)."""
    return _package_doc("Data packages", "data-packages", config, views,
                        "This output produces data packages for each indicator.",
                        "https://specs.frictionlessdata.io/data-package/")


def csvw_output_doc(config: SiteConfig, views: Sequence[IndicatorView]) -> OutputDoc:
    """The page for CSVW packages (``OutputCsvw``); only for builds that write them."""
    return _package_doc("CSVW", "csvw", config, views,
                        "This output produces CSVW packages for each indicator.",
                        "https://www.w3.org/TR/tabular-data-primer/")


def geojson_output_doc(layer: MapLayer, config: SiteConfig, views: Sequence[IndicatorView]) -> OutputDoc:
    """The page for one map layer (``OutputGeoJson``): indicators with data under its id column."""
    examples = [view.slug for view in views if has_geocodes(view, layer)][:EXAMPLE_INDICATORS]
    pattern = geojson_path(layer, "{id}")
    title = f"GeoJSON output - {layer.output_subfolder}"
    section = _section("GeoJSON files", "One GeoJSON file per indicator with geocoded data",
                       (pattern,), config.languages, examples)
    return OutputDoc(title, slugify(title),
                     "This output contains GeoJSON for those indicators that have geocoded data.", (section,),
                     "https://geojson.org/")


def standard_outputs(config: SiteConfig, views: Sequence[IndicatorView]) -> list[OutputDoc]:
    """The outputs every sdgkit build writes, in the incumbent's order.

    Open SDG output, one GeoJSON output per map layer, then data packages
    (``sdg-build:sdg/open_sdg.py open_sdg_prep``). CSVW is left to the caller
    (:func:`csvw_output_doc`) so that no page links to files that were not written.
    """
    outputs = [open_sdg_output_doc(config, views)]
    outputs += [geojson_output_doc(layer, config, views) for layer in config.map_layers]
    outputs.append(data_packages_output_doc(config, views))
    return outputs


def _package_doc(title: str, folder: str, config: SiteConfig, views: Sequence[IndicatorView],
                 description: str, about: str) -> OutputDoc:
    # The incumbent shows the first two indicators (OutputBase.get_documentation_indicator_ids).
    examples = [view.slug for view in views[:2]]
    sections = (
        _section("Descriptors", "The package descriptor of each indicator",
                 (f"{folder}/{{id}}/datapackage.json",), config.languages, examples),
        _section("Data", "The data of each indicator as CSV", (f"{folder}/{{id}}/data.csv",),
                 config.languages, examples),
        _section("All indicators", "One package describing every indicator", (f"{folder}/all.json",),
                 config.languages, None),
    )
    return OutputDoc(title, slugify(title), description, sections, about)


def _section(title: str, description: str, patterns: Sequence[str], languages: Sequence[str],
             indicators: Sequence[str] | None) -> EndpointSection:
    """Example paths per language; ``indicators=None`` for files that exist once per language."""
    ids = [None] if indicators is None else list(indicators)
    paths = tuple(f"{language}/{pattern.format(id=indicator)}" for language in languages
                  for indicator in ids for pattern in patterns)
    return EndpointSection(title, description, paths, more=indicators is not None)


def _open_sdg_examples(views: Sequence[IndicatorView]) -> list[str]:
    """Up to three indicators with edges and a headline, else the first two (the incumbent's rule)."""
    rich = [view.slug for view in views if view.edges and not view.headline.empty]
    return rich[:EXAMPLE_INDICATORS] if rich else [view.slug for view in views[:2]]


# ---------------------------------------------------------------------------------------
# File names
# ---------------------------------------------------------------------------------------

#: Characters NFKD does not reduce to ASCII, spelled as python-slugify (via unidecode) spells
#: them; typographic quotes vanish there (generated quotes are removed), dashes separate.
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE",
                        "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
                        "ı": "i", "–": "-", "—": "-", "‘": "", "’": "", "“": "", "”": ""})


def slugify(text: str) -> str:
    """A file-name slug as python-slugify makes it, so incumbent file names are kept.

    Quotes become dashes, accents are dropped, commas between digits vanish
    (``1,000`` → ``1000``), every other run of non-alphanumerics is one dash. Scripts
    other than Latin are not transliterated (python-slugify uses unidecode) and drop out.
    """
    text = re.sub(r"[\'\"]+", "-", text).translate(_LATIN)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"(?<=\d),(?=\d)", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(slots=True)
class _Names:
    """Unique page names within one report, in the order the incumbent hands them out."""

    used: set[str] = field(default_factory=set)

    def page(self, title: str, prefix: str = "") -> str:
        # Incumbent: slug, one "_" on a clash, cut at 100. sdgkit cuts first and keeps
        # adding "_" so that a third clash (or a cut one) cannot overwrite a page.
        slug = (prefix + slugify(title))[:100]
        while slug in self.used:
            slug += "_"
        self.used.add(slug)
        return slug + ".html"


def _csv_name(page: str, prefix: str = "") -> str:
    return prefix + page.removesuffix(".html") + ".csv"


# ---------------------------------------------------------------------------------------
# Tables: one model for the HTML table and its CSV
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Link:
    text: str
    href: str | None = None


_Cell = tuple[_Link, ...]


@dataclass(frozen=True, slots=True)
class _Column:
    name: str
    numeric: bool = False
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class _Table:
    id: str
    caption: str
    columns: tuple[_Column, ...]
    rows: tuple[tuple[_Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class _Section:
    """A heading, an optional CSV download and a table, as on every report page."""

    heading: str
    anchor: str
    table: _Table
    csv_name: str
    download_label: str


@dataclass(frozen=True, slots=True)
class _Page:
    filename: str
    title: str
    sections: tuple[_Section, ...]
    crumbs: tuple[_Link, ...]


def _text(value: str) -> _Cell:
    return (_Link(value),)


def _number(value: int) -> _Cell:
    return (_Link(str(value)),)


def _csv_bytes(table: _Table) -> bytes:
    """The table as the incumbent's CSV: header row, links reduced to their text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.name for column in table.columns])
    writer.writerows([", ".join(link.text for link in cell) for cell in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8")


def _size(count: int) -> str:
    """A file size for people, in decimal units as the incumbent showed it."""
    if count < 1000:
        return f"{count} bytes"
    size = count / 1000
    for unit in ("kB", "MB"):
        if size < 1000:
            return f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def _bcp47(language: str) -> str:
    """``nb_NO`` (Open SDG spelling) → ``nb-NO`` (HTML ``lang``)."""
    return language.replace("_", "-")


# ---------------------------------------------------------------------------------------
# Shared context: indicators, links, translations
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    config: SiteConfig
    views: tuple[IndicatorView, ...]
    translators: Mapping[str, Translate]

    def indicator(self, slug: str) -> _Cell:
        """``#1-1-1``, linked to the site's indicator page when ``docs_indicator_url`` is set."""
        url = self.config.docs_indicator_url
        return (_Link("#" + slug, url.replace("[id]", slug) if url else None),)

    @property
    def languages(self) -> list[str]:
        """Translation columns of the disaggregation report (all languages, or none)."""
        return list(self.config.languages) if self.config.docs_translate_disaggregations else []

    def translated(self, language: str, text: str, group: str) -> str:
        """Open SDG looks a breakdown up in its own group first, then in ``data``."""
        translate = self.translators.get(language)
        if translate is None:
            return text
        found = translate(text, group)
        return found if found != text else translate(text, "data")

    def language_cells(self, text: str, group: str) -> tuple[_Cell, ...]:
        return tuple(_text(self.translated(language, text, group)) for language in self.languages)

    def language_columns(self) -> tuple[_Column, ...]:
        return tuple(_Column(language, lang=_bcp47(language)) for language in self.languages)


# ---------------------------------------------------------------------------------------
# Disaggregation report
# ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Value:
    """One value of a breakdown (or metadata field) and where it is used."""

    name: str
    owner: str
    filename: str
    combinations: int = 0
    indicators: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class _Field:
    """One breakdown column (or metadata field) across all indicators."""

    name: str
    label: str
    filename: str
    values: dict[str, _Value] = field(default_factory=dict)
    indicators: dict[str, None] = field(default_factory=dict)

    def add(self, value: str, indicator: str, names: _Names, prefix: str) -> None:
        if value not in self.values:
            self.values[value] = _Value(value, self.name, names.page(value, prefix))
        entry = self.values[value]
        entry.combinations += 1
        entry.indicators[indicator] = entry.indicators.get(indicator, 0) + 1
        self.indicators[indicator] = None


def _report_columns(view: IndicatorView, extra: Sequence[str]) -> list[str]:
    """Breakdowns of an indicator, plus ``docs_extra_disaggregations`` (e.g. Series, Units)."""
    skip = set(_YEAR_VALUE) | set(view.observation_attributes)
    return [str(c) for c in view.data.columns
            if c not in skip and (c not in view.non_disaggregation or c in extra)]


def _combinations(view: IndicatorView) -> tuple[list[str], list[tuple[str, ...]]]:
    """Distinct rows apart from Year and Value: the incumbent's "series", sorted, blanks as ``""``.

    The incumbent groups by every column but Year and Value; sdgkit leaves observation
    attributes (footnotes) out, because a footnote does not make a new breakdown.
    """
    skip = set(_YEAR_VALUE) | set(view.observation_attributes)
    columns = [str(c) for c in view.data.columns if c not in skip]
    if view.data.empty or not columns:
        return columns, []
    distinct = view.data[columns].drop_duplicates()  # few distinct rows: only those are turned into text
    rows = {tuple("" if pd.isna(cell) else str(cell) for cell in row)
            for row in distinct.itertuples(index=False, name=None)}
    return columns, sorted(rows)


def _disaggregation_store(context: _Context) -> dict[str, _Field]:
    """Every breakdown and value, built in the incumbent's order so ``_`` suffixes match."""
    names = _Names()
    store: dict[str, _Field] = {}
    extra = context.config.docs_extra_disaggregations
    for view in context.views:
        if view.standalone or not (view.statistical and view.complete):  # as the incumbent's reports
            continue
        wanted = set(_report_columns(view, extra))
        columns, combinations = _combinations(view)
        for combination in combinations:
            for column, value in zip(columns, combination, strict=True):
                if column not in wanted:
                    continue
                if column not in store:
                    store[column] = _Field(column, column, names.page(column, "disaggregation--"))
                if value:
                    store[column].add(value, view.slug, names, "disaggregation-value--")
    return store


def _disaggregation_pages(context: _Context) -> list[_Page]:
    store = _disaggregation_store(context)
    home = (_Link("Overview", "index.html"),)
    report = (*home, _Link("Disaggregation report", "disaggregations.html"))
    pages = [_Page("disaggregations.html", "Disaggregation report",
                   (_by_disaggregation(context, store), _disaggregations_by_indicator(context, store)), home)]
    for item in store.values():
        pages.append(_disaggregation_page(context, item, report))
        crumbs = (*report, _Link(item.name, item.filename))
        pages += [_disaggregation_value_page(context, value, crumbs) for value in item.values.values()]
    return pages


def _by_disaggregation(context: _Context, store: Mapping[str, _Field]) -> _Section:
    used = sorted((item for item in store.values() if item.values), key=lambda item: item.filename)
    rows = tuple((((_Link(item.name, item.filename),), *context.language_cells(item.name, item.name),
                   _number(len(item.indicators)), _number(len(item.values)))) for item in used)
    columns = (_Column("Disaggregation"), *context.language_columns(),
               _Column("Number of indicators", True), _Column("Number of values", True))
    table = _Table("disaggregation-table", "Disaggregations used in the data", columns, rows)
    return _Section("By disaggregation", "by-disaggregation", table, "disaggregation-report.csv",
                    "Download CSV of disaggregations")


def _disaggregations_by_indicator(context: _Context, store: Mapping[str, _Field]) -> _Section:
    rows = []
    for view in context.views:
        used = [item for item in store.values() if view.slug in item.indicators]
        if used:
            links = tuple(_Link(item.name, item.filename) for item in used)
            rows.append((context.indicator(view.slug), links, _number(len(used))))
    columns = (_Column("Indicator"), _Column("Disaggregations"), _Column("Number of disaggregations", True))
    table = _Table("indicator-table", "Disaggregations of each indicator", columns, tuple(rows))
    return _Section("By indicator", "by-indicator", table, "disaggregation-by-indicator-report.csv",
                    "Download CSV of indicators")


def _disaggregation_page(context: _Context, item: _Field, crumbs: tuple[_Link, ...]) -> _Page:
    values = sorted(item.values.values(), key=lambda value: value.filename)
    rows = tuple((((_Link(value.name, value.filename),), *context.language_cells(value.name, item.name),
                   _number(value.combinations), _number(len(value.indicators)))) for value in values)
    columns = (_Column("Value"), *context.language_columns(),
               _Column("Disaggregation combinations using this value", True), _Column("Number of indicators", True))
    values_table = _Table("values-table", f"Values of {item.name}", columns, rows)
    indicators = _Table("indicators-table", f"Indicators using {item.name}", (_Column("Indicator"),),
                        _indicator_rows(context, item.indicators))
    return _Page(item.filename, f"Disaggregation: {item.name}", (
        _Section("Values used in disaggregation", "values-used", values_table,
                 _csv_name(item.filename, "values--"), "Download CSV of values used in this disaggregation"),
        _Section("Indicators using disaggregation", "indicators-using", indicators,
                 _csv_name(item.filename, "indicators--"), "Download CSV of indicators using this disaggregation"),
    ), crumbs)


def _disaggregation_value_page(context: _Context, value: _Value, crumbs: tuple[_Link, ...]) -> _Page:
    rows = tuple((*_indicator_row(context, slug), _number(value.indicators[slug]))
                 for slug in _site_order(context, value.indicators))
    columns = (_Column("Indicator"), _Column("Disaggregation combinations using this value", True))
    table = _Table("disaggregation-value-table", f"Indicators using {value.owner}: {value.name}", columns, rows)
    section = _Section("Indicators using this value", "indicators-using", table, _csv_name(value.filename),
                       "Download CSV of indicators using this disaggregation value")
    return _Page(value.filename, f"{value.owner}: {value.name}", (section,), crumbs)


def _site_order(context: _Context, slugs: Iterable[str]) -> list[str]:
    """Indicators in site order (the incumbent sorted ``#10-1-1`` before ``#2-1-1`` as text)."""
    wanted = set(slugs)
    return [view.slug for view in context.views if view.slug in wanted]


def _indicator_row(context: _Context, slug: str) -> tuple[_Cell]:
    return (context.indicator(slug),)


def _indicator_rows(context: _Context, slugs: Iterable[str]) -> tuple[tuple[_Cell, ...], ...]:
    return tuple(_indicator_row(context, slug) for slug in _site_order(context, slugs))


# ---------------------------------------------------------------------------------------
# Metadata report
# ---------------------------------------------------------------------------------------


def _metadata_text(value: Any) -> str:
    """A metadata value as the report shows it; ``""`` for blanks.

    ``False`` counts as blank, as in the incumbent (``data_non_statistical: false`` is
    everywhere and says nothing); lists are shown joined, mappings as JSON.
    """
    if value is None or value is False or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_metadata_text(item) for item in value if _metadata_text(item))
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return str(value).strip()


def _metadata_views(context: _Context) -> list[IndicatorView]:
    return [view for view in context.views if not view.standalone and not view.meta.get("placeholder")]


def _metadata_store(context: _Context) -> dict[str, _Field]:
    """Every configured field and the values indicators give it, in configuration order."""
    names = _Names()
    store = {spec.key: _Field(spec.key, spec.label, names.page(spec.key, "metadata--"))
             for spec in context.config.docs_metadata_fields}
    for view in _metadata_views(context):
        for item in store.values():
            text = _metadata_text(view.meta.get(item.name))
            if text:
                item.add(text, view.slug, names, "metadata-value--")
    return store


def _metadata_pages(context: _Context) -> list[_Page]:
    store = _metadata_store(context)
    home = (_Link("Overview", "index.html"),)
    report = (*home, _Link("Metadata report", "metadata.html"))
    pages = [_Page("metadata.html", "Metadata report",
                   (_by_metadata_field(store), _metadata_by_indicator(context, store)), home)]
    for item in store.values():
        pages.append(_metadata_field_page(context, item, report))
        crumbs = (*report, _Link(item.label, item.filename))
        pages += [_metadata_value_page(context, item, value, crumbs) for value in item.values.values()]
    return pages


def _by_metadata_field(store: Mapping[str, _Field]) -> _Section:
    rows = tuple(((_Link(item.label, item.filename),), _number(len(item.indicators)), _number(len(item.values)))
                 for item in store.values() if item.values)
    columns = (_Column("Metadata field"), _Column("Number of indicators", True), _Column("Number of values", True))
    table = _Table("metadata-field-table", "Metadata fields used by the indicators", columns, rows)
    return _Section("By metadata field", "by-metadata-field", table, "metadata_field-report.csv",
                    "Download CSV of metadata fields")


def _metadata_by_indicator(context: _Context, store: Mapping[str, _Field]) -> _Section:
    rows = []
    for view in _metadata_views(context):
        cells = tuple(_metadata_cell(item, view.slug) for item in store.values())
        if any(cells):
            rows.append((context.indicator(view.slug), *cells))
    columns = (_Column("Indicator"), *(_Column(item.label) for item in store.values()))
    table = _Table("metadata-indicator-table", "Metadata of each indicator", columns, tuple(rows))
    return _Section("By indicator", "by-indicator", table, "metadata_field-by-indicator-report.csv",
                    "Download CSV of indicators")


def _metadata_cell(item: _Field, slug: str) -> _Cell:
    return tuple(_Link(value.name, value.filename) for value in item.values.values() if slug in value.indicators)


def _metadata_field_page(context: _Context, item: _Field, crumbs: tuple[_Link, ...]) -> _Page:
    values = sorted(item.values.values(), key=lambda value: value.filename)
    rows = tuple(((_Link(value.name, value.filename),), _number(len(value.indicators))) for value in values)
    columns = (_Column("Value"), _Column("Number of indicators", True))
    values_table = _Table("values-table", f"Values of {item.label}", columns, rows)
    indicators = _Table("indicators-table", f"Indicators with {item.label}", (_Column("Indicator"),),
                        _indicator_rows(context, item.indicators))
    return _Page(item.filename, f"Metadata field: {item.label}", (
        _Section("Values used in metadata field", "values-used", values_table,
                 _csv_name(item.filename, "values--"), "Download CSV of values used in this metadata field"),
        _Section("Indicators using metadata field", "indicators-using", indicators,
                 _csv_name(item.filename, "indicators--"), "Download CSV of indicators using this metadata field"),
    ), crumbs)


def _metadata_value_page(context: _Context, item: _Field, value: _Value, crumbs: tuple[_Link, ...]) -> _Page:
    table = _Table("metadata-field-value-table", f"Indicators with {item.label}: {value.name}",
                   (_Column("Indicator"),), _indicator_rows(context, value.indicators))
    section = _Section("Indicators using this value", "indicators-using", table, _csv_name(value.filename),
                       "Download CSV of indicators using this metadata field value")
    return _Page(value.filename, f"{item.label}: {value.name}", (section,), crumbs)


# ---------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------


@cache
def _environment() -> jinja2.Environment:
    """Templates ship with the package; autoescape everywhere, so no value can inject markup."""
    return jinja2.Environment(loader=jinja2.PackageLoader("sdgkit.dataservice", "templates"),
                              autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _render(template: str, config: SiteConfig, **values: Any) -> bytes:
    html = _environment().get_template(template).render(branding=config.docs_branding, **values)
    return html.encode("utf-8")


def _data_prefix(config: SiteConfig) -> str:
    """How a documentation page reaches the build folder.

    With ``docs_baseurl`` links are absolute (``/base/en/…``, or the URL as given);
    without, they are relative, climbing out of ``docs_subfolder`` (the incumbent
    linked ``en/…`` from inside the subfolder, which did not resolve).
    """
    base = config.docs_baseurl.strip()
    if base:
        base = base if "://" in base or base.startswith("/") else "/" + base
        return base if base.endswith("/") else base + "/"
    depth = len([part for part in PurePosixPath(config.docs_subfolder or ".").parts if part not in (".", "/")])
    return "../" * depth


def _render_report_page(config: SiteConfig, page: _Page) -> dict[str, bytes]:
    files = {section.csv_name: _csv_bytes(section.table) for section in page.sections}
    sizes = {name: _size(len(data)) for name, data in files.items()}
    files[page.filename] = _render("report.html", config, title=page.title, page=page, sizes=sizes)
    return files


def _output_pages(config: SiteConfig, outputs: Sequence[OutputDoc]) -> list[tuple[OutputDoc, str]]:
    names = _Names(set(_RESERVED))
    return [(output, names.page(output.slug)) for output in outputs]


def documentation_pages(config: SiteConfig, views: Sequence[IndicatorView],
                        translators: Mapping[str, Translate],
                        outputs: Sequence[OutputDoc] | None = None) -> dict[str, bytes]:
    """Every file of the documentation site: ``{path relative to the docs folder: bytes}``.

    ``views`` are the untranslated views in site order; ``translators`` has one
    :data:`Translate` per configured language (used for the translation columns of the
    disaggregation report); ``outputs`` defaults to :func:`standard_outputs`.
    """
    context = _Context(config, tuple(views), translators)
    pages = _output_pages(config, standard_outputs(config, views) if outputs is None else outputs)
    files = {name: _render("output.html", config, title=doc.title, doc=doc, prefix=_data_prefix(config))
             for doc, name in pages}
    report_pages = _disaggregation_pages(context)
    if config.docs_metadata_fields:
        report_pages += _metadata_pages(context)
    for page in report_pages:
        files.update(_render_report_page(config, page))
    files["index.html"] = _render("index.html", config, title="Overview", intro=config.docs_intro,
                                  outputs=pages, metadata=bool(config.docs_metadata_fields))
    return files
