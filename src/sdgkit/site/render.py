"""Every HTML page of the site, rendered from the project in memory.

:func:`site_plan` prepares, once per build, what all pages share (per language: the index of
goals and indicators, translations, number formats, addresses). Indicator pages are rendered
with the indicator's data-service view (:func:`indicator_page`, called where the data files
are made, so the data is prepared once); every other page comes from :func:`site_pages`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import jinja2
from markupsafe import Markup, escape

from sdgkit import __version__
from sdgkit.assemble import Project
from sdgkit.config.models import MapLayer, SiteConfig
from sdgkit.dataservice.folder_files import human_size
from sdgkit.dataservice.geojson_layers import has_geocodes
from sdgkit.dataservice.translate import Translator
from sdgkit.dataservice.views import IndicatorView
from sdgkit.derive.progress_rollup import ProgressRollup
from sdgkit.derive.progress_series import IndicatorProgress, indicator_progress
from sdgkit.formats.geojson import LayerCodes
from sdgkit.formats.schema import MetadataSchema
from sdgkit.site import explorer as explorer_data
from sdgkit.site import panels as panel_data
from sdgkit.site.assets import bundle_digest, explorer_installed
from sdgkit.site.index import GoalEntry, IndicatorEntry, SiteIndex, build_index
from sdgkit.site.locale import Formats, language_name, text_direction
from sdgkit.site.maps import MAP_COLOURS, NO_VALUE_COLOUR, MapText, map_svg, region_fields
from sdgkit.site.maps import OBJECT as TOPOLOGY_OBJECT
from sdgkit.site.markup import inline_markdown, markdown, plain_text
from sdgkit.site.metadata_tabs import metadata_tabs
from sdgkit.site.progress_view import Wording, indicator_progress_view, status_bars, summary_view, untranslated
from sdgkit.site.sources import Document, SiteSources
from sdgkit.site.svg_chart import ChartSpec, ChartText, Line, Series, render_svg
from sdgkit.site.templates import template_environment
from sdgkit.site.ui_text import UiText
from sdgkit.site.urls import Urls, address_of, base_path, file_of, relocate


@dataclass(slots=True)
class Language:
    """What every page of one language shares."""

    code: str
    name: str
    direction: str
    urls: Urls
    ui: UiText
    formats: Formats
    index: SiteIndex
    #: the data service's translations of this language (breakdown names and values)
    translator: Translator | None = None


@dataclass(slots=True)
class SitePlan:
    """Everything the pages are rendered from, prepared once per build (picklable for workers)."""

    config: SiteConfig
    sources: SiteSources
    schema: MetadataSchema | None
    languages: dict[str, Language]
    base: str
    #: the map layers whose boundaries could be read (a GeoJSON file is written only for these)
    map_layers: list[MapLayer] = field(default_factory=list)
    #: the explorer's bundle is installed (``npm run build``): indicator pages load it
    explorer: bool = False
    _environment: jinja2.Environment | None = None

    @property
    def environment(self) -> jinja2.Environment:
        if self._environment is None:
            self._environment = template_environment(self.sources.templates, self.sources.theme_templates)
        return self._environment

    def fingerprint(self) -> str:
        """Changes whenever anything every indicator page shows changes (for the render cache)."""
        digest = hashlib.sha256(__version__.encode())
        digest.update(bundle_digest().encode())
        digest.update(self.config.site.model_dump_json().encode())
        for name, text in sorted({**self.sources.theme_templates, **self.sources.templates}.items()):
            digest.update(name.encode() + text.encode())
        for language in self.languages.values():
            for entry in [*language.index.sequence, *language.index.standalone]:
                digest.update(repr(entry).encode())
        return digest.hexdigest()


def site_plan(project: Project, sources: SiteSources, translators: Sequence[Translator]) -> SitePlan:
    config = project.config
    default = config.default_language
    progress = progress_statuses(project)
    languages = {}
    for translator in translators:
        code = translator.language
        urls = Urls(code)
        ui = UiText(project.catalog, code, fallbacks=tuple(dict.fromkeys((default, "en"))))
        ui.settings = _settings(config, ui)
        languages[code] = Language(code, language_name(code), text_direction(code), urls, ui,
                                   Formats(config.site.number_locale(code), config.site.decimal_separator),
                                   build_index(project, translator, urls, progress), translator)
    return SitePlan(config, sources, project.schema, languages, base_path(config.site.base_url),
                    map_layers=[codes.layer for codes in project.layers], explorer=explorer_installed())


def progress_statuses(project: Project) -> dict[str, IndicatorProgress]:
    """Every indicator's progress, computed once per build for the lists of every language (the goal pages)."""
    config = project.config
    found = {indicator.id.slug: indicator_progress(indicator, config.indicator_options, config.progress)
             for indicator in project.sorted_indicators()}
    return {slug: progress for slug, progress in found.items() if progress is not None}


def _settings(config: SiteConfig, ui: UiText) -> dict[str, str]:
    """Values for ``%country.name``-style placeholders (themselves translatable)."""
    site = config.site
    flat = {"country.name": site.country.name, "country.adjective": site.country.adjective,
            "email_contacts.questions": site.email_contacts.questions or "",
            "email_contacts.suggestions": site.email_contacts.suggestions or "",
            "email_contacts.functional": site.email_contacts.functional or ""}
    return {key: ui.plain(value) if value else value for key, value in flat.items()}


# --- rendering helpers shared by every page --------------------------------------------------

def _render(plan: SitePlan, language: Language, template: str, path: str, **context: Any) -> bytes:
    page = plan.environment.get_template(template)
    return page.render(**_globals(plan, language, path), **context).encode()


def _globals(plan: SitePlan, language: Language, path: str) -> dict[str, Any]:
    site = plan.config.site
    ui = language.ui
    words = _wording(plan, language)
    return {
        "site": site, "config": plan.config, "lang": language.code, "dir": language.direction,
        "language": language, "index": language.index, "path": path, "base": plan.base,
        "t": ui.html, "ta": ui.plain, "url": lambda target: _url(plan.base, target),
        "num": language.formats.number, "md": markdown, "md_inline": inline_markdown,
        "switcher": [(other.code, other.name, _url(plan.base, relocate(path, language.code, other.code)))
                     for other in plan.languages.values()],
        "home": _url(plan.base, language.urls.home()), "version": __version__,
        "site_title": ui.plain(site.title), "logo": _logo(plan, language.code),
        "progress_status": words.status, "progress_heading": words.heading(), "progress_help": words.help(),
    }


def _wording(plan: SitePlan, language: Language) -> Wording:
    """How progress statuses and numbers read in this language."""
    translator = language.translator
    return Wording(language.ui, language.formats, plan.config.site, lambda target: _url(plan.base, target),
                   translator.text if translator is not None else untranslated, rtl=language.direction == "rtl")


def _url(base: str, target: str) -> str:
    if "://" in target or target.startswith(("mailto:", "#", "/")):
        return target
    return base + target


def _logo(plan: SitePlan, language: str) -> Any:
    logos = plan.config.site.logos
    return next((logo for logo in logos if logo.language == language), None) or \
        next((logo for logo in logos if logo.language is None), None)


# --- indicator pages ---------------------------------------------------------------------------

#: above this many cells the tables by breakdown move to their own page (``{indicator}/tables/``),
#: so an indicator page's first load stays small; a reader without JavaScript is one link away
INLINE_BREAKDOWN_CELLS = 1500

def indicator_page(plan: SitePlan, view: IndicatorView, layers: Sequence[LayerCodes] = ()) -> dict[str, bytes]:
    """The indicator's page in the view's language, and the explorer's data file; none for placeholders.

    Paths are relative to the site root.
    """
    language = plan.languages[view.language or plan.config.default_language]
    entry = language.index.by_slug.get(view.slug)
    if entry is None or not entry.linked:
        return {}
    options = plan.config.indicator_options
    meta = view.meta
    country = language.ui.plain(plan.config.site.country.name) if plan.config.site.country.name else ""
    headline_label = str(meta.get("national_geographical_coverage") or country or language.ui.plain("indicator.total"))
    shown = view.complete and view.statistical and view.has_data
    data_panels = panel_data.panels(view, series_column=options.series_column, unit_column=options.unit_column,
                                    headline_label=headline_label) if shown else []
    previous, following = language.index.neighbours(view.slug)
    mapped = [layer for layer in layers if has_geocodes(view, layer.layer)] \
        if data_panels and view.meta.get("data_show_map") is True else []
    explorer = _explorer(plan, language, view, entry, data_panels, headline_label, mapped) if data_panels else None
    tables_page = f"{entry.path}tables/" if _breakdown_cells(data_panels) > INLINE_BREAKDOWN_CELLS else None
    content = _render(
        plan, language, "indicator.html", entry.path, indicator=entry, meta=meta, view=view, explorer=explorer,
        maps=_static_maps(plan, language, view, mapped), tables_page=tables_page,
        goal=language.index.goal(entry.goal), panels=[_panel_context(plan, language, view, p) for p in data_panels],
        show_data=shown, tabs=metadata_tabs(plan.config.site, plan.schema, meta, language.ui, entry.standalone),
        previous=previous if plan.config.site.create_indicators.previous_next_links else None,
        next=following if plan.config.site.create_indicators.previous_next_links else None,
        downloads=_downloads(plan, language, view), footer=_data_footer(plan, language, view, data_panels),
        progress=indicator_progress_view(view.progress, _wording(plan, language), options,
                                         progress_column=options.progress_column in view.data.columns),
    )
    files = {file_of(entry.path): content}
    if tables_page is not None:
        files[file_of(tables_page)] = _render(
            plan, language, "indicator_tables.html", tables_page, indicator=entry, tables_page=tables_page,
            goal=language.index.goal(entry.goal), open_tables=True,
            panels=[_panel_context(plan, language, view, p) for p in data_panels if p.breakdowns])
    if explorer is not None:
        files[explorer.data_path] = explorer.data
    return files


def _breakdown_cells(data_panels: Sequence[panel_data.Panel]) -> int:
    return sum(len(table.rows) * len(table.periods) for panel in data_panels for table in panel.breakdowns)


def _static_maps(plan: SitePlan, language: Language, view: IndicatorView,
                 layers: Sequence[LayerCodes]) -> list[tuple[str, Markup]]:
    """(label, SVG) of each map layer with data: the latest year, what a reader sees without JavaScript."""
    ui, options = language.ui, plan.config.indicator_options
    found = []
    for layer in layers:
        label = _layer_label(plan, language, layer.layer)
        text = MapText(title=label, no_data=ui.plain("status.no_data_available"), legend=ui.plain("sdgkit.map_legend"),
                       description=explorer_data.braced(ui.plain("sdgkit.map_description")))
        svg = map_svg(view, layer, text=text, number=language.formats.number, direction=language.direction,
                      translate=language.translator,
                      series_column=options.series_column, unit_column=options.unit_column)
        if svg is not None:
            found.append((label, Markup(svg)))  # noqa: S704 (built with every text escaped)
    return found


def _layer_label(plan: SitePlan, language: Language, layer: MapLayer) -> str:
    """The site's label of a map layer (``site.map_layers``), else its sub-folder's name."""
    for item in plan.config.site.map_layers:
        if item.subfolder == layer.output_subfolder and item.label:
            return language.ui.plain(item.label)
    return layer.output_subfolder.replace("_", " ").capitalize()


def _map_config(plan: SitePlan, language: Language, view: IndicatorView,
                layers: Sequence[LayerCodes]) -> dict[str, Any] | None:
    """The explorer's map: each layer's boundaries (shared by every indicator), colours, region breakdowns."""
    if not layers:
        return None
    options = plan.config.site.map_options
    regions = dict.fromkeys(field for layer in layers for field in region_fields(view, layer))
    return {
        "layers": [{"label": _layer_label(plan, language, layer.layer), "object": TOPOLOGY_OBJECT,
                    "topology": _url(plan.base, topology_path(layer.layer, language.code)), "id_property": "id",
                    "name_property": "name", "id_replacements": layer.layer.id_replacements} for layer in layers],
        "colours": options.colorRange or list(MAP_COLOURS), "no_value_colour": options.noValueColor or NO_VALUE_COLOUR,
        "region_fields": list(regions),
        "script": _url(plan.base, "assets/vendor/map.js"), "style": _url(plan.base, "assets/vendor/map.css"),
    }


def topology_path(layer: MapLayer, language: str) -> str:
    """Where a layer's simplified boundaries are, region names in ``language``, for every indicator."""
    return f"maps/{language}/{layer.output_subfolder}.topo.json"


def _explorer(plan: SitePlan, language: Language, view: IndicatorView, entry: IndicatorEntry,
              data_panels: Sequence[panel_data.Panel], headline_label: str,
              layers: Sequence[LayerCodes]) -> explorer_data.ExplorerPage | None:
    """The explorer's configuration and data for this page; ``None`` when the bundle is not installed."""
    if not plan.explorer:
        return None
    options, site, ui = plan.config.indicator_options, plan.config.site, language.ui
    ignored = site.ignored_disaggregations
    data_path = language.urls.data_file(f"{explorer_data.DATA_FOLDER}/{view.slug}.json")
    goal = language.index.goal(entry.goal)
    columns = view.data.columns
    x_label = str(view.meta.get("x_axis_label") or site.x_axis_label or "")
    colours = explorer_data.colours(site, goal.colour if goal else None)
    config: dict[str, Any] = {
        "id": view.slug, "data": _url(plan.base, data_path), "language": language.code, "dir": language.direction,
        "number_locale": language.formats.locale, "decimal_separator": language.formats.decimal_separator,
        "series": options.series_column if options.series_column in columns else None,
        "unit": options.unit_column if options.unit_column in columns else None,
        "fields": explorer_data.fields_of(view, options.series_column, options.unit_column, ignored),
        "attributes": [a for a in view.observation_attributes if a in columns],
        "geo": layers[0].layer.id_column if layers else None, "edges": [list(edge) for edge in view.edges],
        "start": explorer_data.start_values(view.meta), "headline_label": headline_label,
        "x_label": ui.plain(x_label) if x_label else "",
        "settings": explorer_data.settings(data_panels, view.meta, ui.plain,
                                           str(view.meta.get("computation_units") or "")),
        "colours": colours, "max_lines": 2 * len(colours),
        "headline_colour": site.graph_color_headline,
        "headline_colour_contrast": site.graph_color_headline_high_contrast,
        "csv_name": f"indicator_{view.slug}.csv", "image_name": f"indicator_{view.slug}.png",
        "text": explorer_data.interface_text(ui.plain), "map": _map_config(plan, language, view, layers),
    }
    return explorer_data.ExplorerPage(config, data_path, explorer_data.compact_data(view.data, ignored))


def _panel_context(plan: SitePlan, language: Language, view: IndicatorView, panel: panel_data.Panel) -> dict[str, Any]:
    ui, formats = language.ui, language.formats
    title = ui.plain(panel.title) if panel.title else ""
    unit = panel.unit or str(view.meta.get("computation_units") or "")
    x_label = str(view.meta.get("x_axis_label") or plan.config.site.x_axis_label or "")
    spec = ChartSpec(
        x=panel.periods, series=[Series(d.label, d.values, d.headline) for d in panel.datasets],
        kind=panel.kind, title=title, y_label=ui.plain(unit), x_label=ui.plain(x_label) if x_label else "",
        y_min=panel.y_min, y_max=panel.y_max,
        lines=[*(Line(value, ui.plain(label)) for value, label in panel.targets),
               *(Line(value, ui.plain(label), vertical=True) for value, label in panel.breaks
                 if value in panel.periods)],
    )
    chart_id = "chart-" + hashlib.sha1(f"{view.slug}|{panel.series}|{panel.unit}".encode()).hexdigest()[:8]  # noqa: S324
    svg = render_svg(spec, lambda number: formats.number(number), chart_id=chart_id,
                     text=ChartText(yes=ui.plain("indicator.affirmative"), no=ui.plain("indicator.negative"),
                                    no_data=ui.plain("status.no_data_available"),
                                    summary=ui.plain("sdgkit.chart_summary")),
                     headline_colour=plan.config.site.graph_color_headline)
    notes: dict[str, int] = {}
    return {"panel": panel, "title": title or ui.plain(unit), "unit": unit, "svg": Markup(svg),  # noqa: S704
            "cell": lambda value, note="": _cell(value, note, panel, formats, ui, notes, chart_id),
            "notes": notes, "id": chart_id}


def _cell(value: float | None, note: str, panel: panel_data.Panel, formats: Formats, ui: UiText,
          notes: dict[str, int], prefix: str) -> Markup:
    """A table cell's text: the formatted value, and a footnote marker when the observation has a note."""
    if value is None:
        return Markup('<span aria-label="{}">–</span>').format(ui.plain("status.no_data_available"))
    if panel.kind == "binary":
        text = ui.plain("indicator.affirmative") if value == 1 else ui.plain("indicator.negative")
    else:
        text = formats.number(value, panel.precision)
    if not note:
        return escape(text)
    number = notes.setdefault(note, len(notes) + 1)
    return Markup('{} <sup><a href="#{}-note-{}" class="note-ref">[{}]</a></sup>').format(text, prefix, number, number)


def _downloads(plan: SitePlan, language: Language, view: IndicatorView) -> list[tuple[str, str]]:
    """(label key, address) of the files a reader can download for this indicator."""
    if not view.has_data:
        return []
    urls, slug = language.urls, view.slug
    found = [("indicator.download_source", urls.data_file(f"data/{slug}.csv")),
             ("indicator.download_headline", urls.data_file(f"headline/{slug}.csv")),
             ("sdgkit.download_json", urls.data_file(f"comb/{slug}.json")),
             ("sdgkit.download_datapackage", urls.data_file(f"data-packages/{slug}/datapackage.json"))]
    for layer in plan.map_layers:
        if has_geocodes(view, layer):
            found.append(("indicator.download_geojson",
                          urls.data_file(f"geojson/{layer.output_subfolder}/{layer.filename_prefix}{slug}.geojson")))
    for item in plan.config.indicator_downloads or []:
        if isinstance(item, dict) and item.get("button_label") and item.get("href"):
            found.append((str(item["button_label"]), urls.data_file(str(item["href"]).replace("[id]", slug))))
    return [(label, _url(plan.base, address)) for label, address in found]


def _data_footer(plan: SitePlan, language: Language, view: IndicatorView,
                 data_panels: Sequence[panel_data.Panel]) -> list[tuple[str, Markup]]:
    """Source, area, unit, copyright, footnote and time-series attributes under the data."""
    meta, ui = view.meta, language.ui
    units = sorted({p.unit for p in data_panels if p.unit}) or [str(meta.get("computation_units") or "")]
    rows: list[tuple[str, Any]] = [
        ("indicator.source", meta.get("source_organisation_1")),
        ("indicator.geographical_area", meta.get("national_geographical_coverage") or plan.config.site.country.name),
        ("indicator.unit_of_measurement", ", ".join(ui.plain(unit) for unit in units if unit)),
        ("metadata_fields.copyright", meta.get("copyright")),
        ("indicator.footnote", meta.get("data_footnote")),
    ]
    for attribute in plan.config.site.time_series_attributes:
        if attribute.field in view.data.columns:
            values = sorted({str(v) for v in view.data[attribute.field].dropna()})
            rows.append((attribute.label, "; ".join(values)))
    return [(label, inline_markdown(str(value))) for label, value in rows if value not in (None, "")]


# --- every other page ------------------------------------------------------------------------------

def site_pages(plan: SitePlan, reporting: Mapping[str, Any], disaggregation: Mapping[str, Any],
               downloads: Mapping[str, tuple[str, int]],
               progress: ProgressRollup | None = None) -> Iterator[tuple[str, bytes]]:
    """Home, goals, reporting status, search, custom pages, news, 404, and the site-wide files.

    ``progress`` rolls up the progress statuses of the indicators built (the home, goal and
    reporting status pages show it when any indicator has a status).
    """
    for language in plan.languages.values():
        yield from _language_pages(plan, language, reporting, disaggregation, downloads.get(language.code),
                                   progress if progress is not None and progress.overall.total else None)
    yield from _root_files(plan)


def _language_pages(plan: SitePlan, language: Language, reporting: Mapping[str, Any],
                    disaggregation: Mapping[str, Any], download: tuple[str, int] | None,
                    progress: ProgressRollup | None) -> Iterator[tuple[str, bytes]]:
    urls = language.urls
    words = _wording(plan, language)
    goals = {goal: summary_view(summary, words) for goal, summary in progress.goals.items()} if progress else {}
    yield file_of(urls.home()), _render(plan, language, "home.html", urls.home(), download=_download(plan, download),
                                        progress=summary_view(progress.overall, words) if progress else None,
                                        goal_progress=goals)
    for goal in language.index.goals:
        yield file_of(goal.path), _render(plan, language, "goal.html", goal.path, goal=goal,
                                          content=_goal_content(plan, goal.number),
                                          **_goal_progress(language.index, goal, progress, words),
                                          **_goal_neighbours(language.index, goal.number))
    status_path = urls.page("reporting-status")
    yield file_of(status_path), _render(plan, language, "reporting.html", status_path, reporting=reporting,
                                        disaggregation=disaggregation,
                                        progress=status_bars(progress) if progress else None)
    search_path = urls.page("search")
    yield file_of(search_path), _render(plan, language, "search.html", search_path)
    yield from _documents(plan, language)
    yield f"{language.code}/404.html", _render(plan, language, "not_found.html", f"{language.code}/404.html")
    yield f"{language.code}/indicators.json", _indicators_json(plan, language)


def _download(plan: SitePlan, download: tuple[str, int] | None) -> dict[str, Any] | None:
    if download is None:
        return None
    return {"url": _url(plan.base, download[0]), "size": human_size(download[1])}


def _goal_content(plan: SitePlan, number: str) -> Any:
    return next((item for item in plan.config.site.create_goals.goals if str(item.goal) == number), None)


def _goal_progress(index: SiteIndex, goal: GoalEntry, progress: ProgressRollup | None,
                   words: Wording) -> dict[str, Any]:
    """The goal page's progress: a column when any of its indicators has a status, and roll-ups."""
    if progress is None or not index.has_progress(goal):
        return {"progress_column": False, "goal_progress": None, "target_progress": {}}
    targets = {target.number: summary_view(progress.targets.get(target.number), words) for target in goal.targets}
    return {"progress_column": True, "goal_progress": summary_view(progress.goals.get(goal.number), words),
            "target_progress": targets}


def _goal_neighbours(index: SiteIndex, number: str) -> dict[str, Any]:
    goals = index.goals
    position = next(n for n, goal in enumerate(goals) if goal.number == number)
    return {"previous_goal": goals[position - 1], "next_goal": goals[(position + 1) % len(goals)]}


def _documents(plan: SitePlan, language: Language) -> Iterator[tuple[str, bytes]]:
    """Custom pages and news posts of this language (a page without ``language`` is in every one)."""
    pages = _for_language(plan.sources.pages, language.code)
    posts = sorted(_for_language(plan.sources.posts, language.code), key=lambda p: (p.date or date.min, p.name),
                   reverse=True)
    for page in pages:
        path = language.urls.page(page.permalink)
        yield file_of(path), _render(plan, language, "page.html", path, page=page, body=markdown(page.body))
    for post in posts:
        path = language.urls.page(post.permalink)
        yield file_of(path), _render(plan, language, "post.html", path, post=post, body=markdown(post.body),
                                     date=language.formats.date(post.date) if post.date else "")
    if posts:
        news = language.urls.page("news")
        listed = [(post, language.urls.page(post.permalink), language.formats.date(post.date) if post.date else "",
                   plain_text(post.body)[:240]) for post in posts]
        yield file_of(news), _render(plan, language, "news.html", news, posts=listed, categories=_categories(posts))


def _for_language(documents: Sequence[Document], language: str) -> list[Document]:
    """Documents of ``language``; a language-less one only where no translation replaces it."""
    own = {doc.permalink: doc for doc in documents if doc.language == language}
    shared = {doc.permalink: doc for doc in documents if doc.language is None}
    return list({**shared, **own}.values())


def _categories(posts: Sequence[Document]) -> dict[str, list[Document]]:
    found: dict[str, list[Document]] = {}
    for post in posts:
        for category in post.categories:
            found.setdefault(category, []).append(post)
    return dict(sorted(found.items()))


def _indicators_json(plan: SitePlan, language: Language) -> bytes:
    """``indicators.json`` in Open SDG's shape: one entry per goal, with its indicators."""
    def item(entry: IndicatorEntry) -> dict[str, str]:
        return {"id": entry.slug, "number": entry.number, "title": entry.name, "description": entry.description,
                "keywords": entry.keywords, "href": _url(plan.base, entry.path), "status": entry.status}
    goals = [{"goal": {"id": goal.number, "title": goal.title, "indicators": [item(e) for e in goal.indicators
                                                                             if e.linked]}}
             for goal in language.index.goals]
    for entry in language.index.standalone:
        goals.append({"goal": {"id": entry.slug, "title": entry.name, "indicators": [item(entry)]}})
    return json.dumps(goals, ensure_ascii=False, separators=(",", ":")).encode()


def _root_files(plan: SitePlan) -> Iterator[tuple[str, bytes]]:
    default = plan.languages[plan.config.default_language]
    yield "index.html", _render(plan, default, "root.html", "index.html", target=_url(plan.base, default.urls.home()))
    yield "404.html", _render(plan, default, "not_found.html", "404.html")
    yield "robots.txt", _robots(plan)


def _robots(plan: SitePlan) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if plan.config.site.base_url:
        lines.append(f"Sitemap: {plan.config.site.base_url}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode()


def sitemap(plan: SitePlan, paths: Sequence[str]) -> bytes:
    """``sitemap.xml`` of every HTML page written (absolute addresses need ``base_url``)."""
    origin = plan.config.site.base_url.rstrip("/")
    root = origin[: len(origin) - len(plan.base.rstrip("/"))] if origin else ""
    entries = "".join(f"<url><loc>{escape(root + plan.base + address_of(path))}</loc></url>"
                      for path in sorted(paths) if path.endswith(".html") and not path.endswith("404.html"))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>\n").encode()

