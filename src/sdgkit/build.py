"""``sdgkit build`` as a library call: the whole pipeline in one readable function.

config → read → assemble → validate (:func:`sdgkit.check.check`) → derive and render
(:func:`render`, a generator of ``(path, bytes)``, nothing written) → write
(:func:`sdgkit.write.write_tree`, into a fresh folder swapped in at the end). The
preview server can call :func:`render` and keep the files in memory instead.

A build with validation errors stops before writing; with ``keep_going`` it writes
every indicator that has no error of its own (and the site-wide files).
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sdgkit.assemble import Project
from sdgkit.check import check
from sdgkit.config.models import SiteConfig
from sdgkit.dataservice.cache import RenderCache, build_fingerprint, cache_folder, indicator_key
from sdgkit.dataservice.documentation import documentation_pages
from sdgkit.dataservice.folder_files import disaggregation_file, folder_files, translations_file
from sdgkit.dataservice.geojson_layers import geojson_bytes, geojson_path, indicator_geojson
from sdgkit.dataservice.indicator_files import IndicatorOutput, indicator_files
from sdgkit.dataservice.prepare import indicator_views
from sdgkit.dataservice.translate import Translator
from sdgkit.dataservice.views import Translate
from sdgkit.derive.progress_rollup import rollup
from sdgkit.derive.status import reporting_statistics
from sdgkit.formats.geojson import LayerCodes
from sdgkit.model.indicator import Indicator
from sdgkit.sdmx.outputs import sdmx_build
from sdgkit.site.assets import theme_assets
from sdgkit.site.maps import layer_topology
from sdgkit.site.render import SitePlan, indicator_page, site_pages, site_plan, sitemap, topology_path
from sdgkit.site.search import SearchIndexError, search_files
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue, Report, Severity
from sdgkit.write import UnsafeOutputError, WriteSummary, check_output_folder, write_tree

UNTRANSLATED = "untranslated"
#: where the data service's documentation pages go in a site build (Open SDG puts them at the root)
DOCS_FOLDER = "data-docs"

#: ``progress(done, total)`` after each indicator
Progress = Callable[[int, int], None]


@dataclass(slots=True)
class BuildResult:
    """What happened: the issues, whether anything was written, and the figures."""

    report: Report
    config_failed: bool = False
    written: bool = False
    out: Path | None = None
    indicators: int = 0
    #: indicators rendered in this build (the others came unchanged from the cache)
    rendered: int = 0
    skipped: list[str] = field(default_factory=list)
    summary: WriteSummary = field(default_factory=WriteSummary)
    seconds: float = 0.0


def build(path: Path, out: Path | None = None, *, config_file: str | None = None, keep_going: bool = False,
          strict: bool = False, jobs: int = 1, use_cache: bool = True,
          progress: Progress | None = None, site: bool = True) -> BuildResult:
    """Check the repository, then write its site (or with ``site=False`` only its data service)
    to ``out`` (default: the configured ``site_dir``)."""
    started = time.perf_counter()
    checked = check(path, config_file)
    report = checked.report.strict() if strict else checked.report
    result = BuildResult(report, config_failed=checked.config_failed)
    project = checked.project
    if project is None or checked.config_failed or (report.has_errors and not keep_going):
        return result
    result.out = out if out is not None else path / project.config.site_dir
    try:
        check_output_folder(result.out, path)
    except UnsafeOutputError as refusal:
        report.extend([make_issue("build-output-unsafe", value=str(result.out), reason=str(refusal))])
        result.config_failed = True
        return result
    indicators, result.skipped = buildable(project, report)
    result.indicators = len(indicators)
    cache = RenderCache(cache_folder(result.out)) if use_cache else None
    render_issues: list[Issue] = []
    try:
        result.summary = write_tree(render(project, indicators, progress, jobs, cache, site=site,
                                           issues=render_issues), result.out)
    except OSError as failure:  # disk full, no permission: reported, the previous output is intact
        report.extend([make_issue("build-write-failed", value=str(result.out),
                                  reason=failure.strerror or str(failure))])
        result.config_failed = True
        return result
    report.extend(render_issues)
    result.rendered = len(indicators) - cache.hits if cache else len(indicators)
    result.written = True
    result.seconds = time.perf_counter() - started
    return result


def buildable(project: Project, report: Report) -> tuple[list[Indicator], list[str]]:
    """Indicators in site order, without those that have errors of their own (``--keep-going``)."""
    failing = {issue.indicator for issue in report if issue.severity is Severity.ERROR and issue.indicator}
    ordered = project.sorted_indicators()
    return [i for i in ordered if i.id.slug not in failing], [i.id.slug for i in ordered if i.id.slug in failing]


def render(project: Project, indicators: Sequence[Indicator], progress: Progress | None = None,
           jobs: int = 1, cache: RenderCache | None = None, *, site: bool = True,
           issues: list[Issue] | None = None, state: RenderState | None = None,
           slow_files: bool = True) -> Iterator[tuple[str, bytes]]:
    """Every file of the site as ``(path relative to the output, content)``; nothing is written.

    With ``site=False`` only the data service (Open SDG's data repository output). With
    ``jobs > 1`` indicators are rendered in that many processes (they are independent);
    with a ``cache``, indicators whose inputs did not change since the last build are not
    rendered again. Problems found while rendering (the search index) are added to ``issues``.
    A ``state`` is filled with what is needed to render part of the site again later (the
    preview server); ``slow_files=False`` leaves out the documentation pages and the search
    index (:func:`documentation_files`, :func:`search_index`) for the caller to make later.
    """
    config = project.config
    translators = [Translator.from_catalog(project.catalog, language) for language in config.languages]
    plan = site_plan(project, project.site, translators) if site else None
    folders = output_folders(config)
    collected: dict[str, list[IndicatorOutput]] = {folder: [] for folder in folders}
    rendered = _cached(indicators, translators, project, jobs, cache, plan) if cache else \
        _rendered(indicators, translators, config, jobs, project.layers, plan)
    pages: list[tuple[str, bytes]] = []
    for done, outputs in enumerate(rendered, start=1):
        files = take_indicator_files(folders, outputs)
        for name, content in files:
            if name.endswith(".html"):
                pages.append((name, content))
            yield name, content
        for folder, output in zip(folders, outputs, strict=True):
            collected[folder].append(output)
        if state is not None:
            state.outputs[outputs[0].view.slug] = outputs
            state.files[outputs[0].view.slug] = [name for name, _ in files]
        if progress is not None:
            progress(done, len(indicators))
    if state is not None:
        state.translators, state.plan = translators, plan
    yield from shared_files(project, translators, plan, collected, pages, site=site, issues=issues,
                            slow_files=slow_files)


# --- the parts of render(), public so the preview server (sdgkit serve) renders part of a site again ---

@dataclass(slots=True)
class RenderState:
    """What :func:`render` used and made, kept on request so one indicator can be rendered again later."""

    translators: list[Translator] = field(default_factory=list)
    plan: SitePlan | None = None
    #: slug → its outputs (untranslated first, then each language), reduced to what :func:`shared_files` needs
    outputs: dict[str, list[IndicatorOutput]] = field(default_factory=dict)
    #: slug → the paths of the indicator's own files, as :func:`render` yielded them
    files: dict[str, list[str]] = field(default_factory=dict)


def output_folders(config: SiteConfig) -> list[str]:
    """The data service's folders, in the order of :func:`render_indicator`'s outputs."""
    return [UNTRANSLATED, *config.languages]


def take_indicator_files(folders: Sequence[str], outputs: Sequence[IndicatorOutput]) -> list[tuple[str, bytes]]:
    """One indicator's files with their folder in front (``en/data/1-1-1.csv``).

    The outputs then keep only what the folder-wide files need (the zip takes the data CSV),
    so a whole site's outputs fit in memory until :func:`shared_files` is made.
    """
    files: list[tuple[str, bytes]] = []
    for folder, output in zip(folders, outputs, strict=True):
        files += _prefixed(folder, output.files.items())
        output.files = {name: content for name, content in output.files.items() if name.startswith("data/")}
    return files


def shared_files(project: Project, translators: Sequence[Translator], plan: SitePlan | None,
                 collected: Mapping[str, Sequence[IndicatorOutput]], pages: list[tuple[str, bytes]], *,
                 site: bool = True, issues: list[Issue] | None = None,
                 slow_files: bool = True) -> Iterator[tuple[str, bytes]]:
    """The files made from all indicators together: folder-wide files, documentation, site pages.

    ``collected`` maps each of :func:`output_folders` to the outputs of the indicators built, in
    site order; ``pages`` are the indicators' pages (the site's other pages are added to it).
    """
    config = project.config
    disaggregation = disaggregation_file(collected[UNTRANSLATED], config)
    zips: dict[tuple[int, ...], bytes] = {}
    archives: dict[str, int] = {}
    for folder, translator in zip(output_folders(config), [None, *translators], strict=True):
        language = translator.language if translator is not None else None
        translations = translations_file(project.catalog, language, config.languages)
        files = folder_files(collected[folder], config, project.schema, translations, disaggregation, zips)
        archives[folder] = len(files.get(f"zip/{config.indicator_export_filename}.zip", b""))
        yield from _prefixed(folder, files.items())
    if slow_files:
        yield from documentation_files(project, translators, collected[UNTRANSLATED], site=site)
        yield from sdmx_files(project, collected[UNTRANSLATED], site=site, issues=issues)
    if plan is not None and plan.explorer:
        for codes in project.layers:
            for translator in translators:
                yield topology_path(codes.layer, translator.language), layer_topology(codes, translator)
    if plan is not None:
        yield from _site_files(plan, collected, disaggregation, archives, pages,
                               issues if issues is not None else [], search=slow_files)


def documentation_files(project: Project, translators: Sequence[Translator],
                        untranslated: Sequence[IndicatorOutput], *, site: bool = True) -> Iterator[tuple[str, bytes]]:
    """The data service's documentation pages, in their folder (slow on large sites: thousands of pages)."""
    folder = documentation_folder(project.config, site=site)
    config = project.config.model_copy(update={"docs_subfolder": folder or None,
                                               "map_layers": [codes.layer for codes in project.layers]})
    documentation = documentation_pages(config, [output.view for output in untranslated],
                                        {translator.language: translator for translator in translators})
    yield from _prefixed(folder, documentation.items())


def sdmx_files(project: Project, untranslated: Sequence[IndicatorOutput], *, site: bool = True,
               issues: list[Issue] | None = None) -> Iterator[tuple[str, bytes]]:
    """The configured SDMX outputs (``sdmx_output``, ``sdmx_output_global``) of the indicators built,
    and their mapping reports beside the documentation pages."""
    made = sdmx_build(project, [output.view.slug for output in untranslated],
                      documentation_folder(project.config, site=site))
    if issues is not None:
        issues.extend(made.issues)
    yield from made.files


def documentation_folder(config: SiteConfig, *, site: bool = True) -> str:
    """Where the documentation pages go (``""``: the root of the output)."""
    return config.docs_subfolder.strip("/") if config.docs_subfolder else (DOCS_FOLDER if site else "")


def search_index(plan: SitePlan, pages: Sequence[tuple[str, bytes]], issues: list[Issue]) -> dict[str, bytes]:
    """The Pagefind bundle of ``pages`` (not the 404 pages nor the root page); a failure becomes an issue."""
    try:
        return search_files([(name, html) for name, html in pages
                             if not name.endswith("404.html") and name != "index.html"], plan.base)
    except SearchIndexError as failure:
        issues.append(make_issue("site-search-failed", reason=str(failure)))
        return {}


def _site_files(plan: SitePlan, collected: Mapping[str, Sequence[IndicatorOutput]], disaggregation: dict[str, Any],
                archives: dict[str, int], pages: list[tuple[str, bytes]],
                issues: list[Issue], search: bool = True) -> Iterator[tuple[str, bytes]]:
    """The pages that are not indicator pages, the theme's assets, the search index and the sitemap."""
    config = plan.config
    reporting = reporting_statistics([output.view.meta for output in collected[UNTRANSLATED]],
                                     config.reporting_status_extra_fields)
    progress = rollup([(output.view.meta, output.view.progress) for output in collected[UNTRANSLATED]])
    zip_name = f"{config.indicator_export_filename}.zip"
    downloads = {language: (f"{language}/zip/{zip_name}", archives[language]) for language in config.languages}
    for name, content in site_pages(plan, reporting, disaggregation, downloads, progress):
        if name.endswith(".html"):
            pages.append((name, content))
        yield name, content
    yield from theme_assets(plan.sources.static).items()
    if search:
        yield from search_index(plan, pages, issues).items()
    yield "sitemap.xml", sitemap(plan, [name for name, _ in pages])


def render_indicator(indicator: Indicator, translators: Sequence[Translator], config: SiteConfig,
                     layers: Sequence[LayerCodes] = (), plan: SitePlan | None = None) -> list[IndicatorOutput]:
    """One indicator's files: untranslated first, then one output per language (a pure function).

    With a site ``plan`` each language's output also holds the indicator's page.
    """
    outputs: list[IndicatorOutput] = []
    translate_with: list[Translate] = [_untranslated, *translators]
    views = indicator_views(indicator, translators, config.indicator_options, config.progress)
    for view, translate in zip(views, translate_with, strict=True):
        same = outputs[0] if outputs else None
        output = indicator_files(view, config.indicator_options, config.datapackage, same_data=same)
        for layer in layers:
            collection = indicator_geojson(view, layer, translate)
            if collection is not None:
                output.files[geojson_path(layer.layer, view.slug)] = geojson_bytes(collection)
        if plan is not None and view.language is not None:
            for name, content in indicator_page(plan, view, layers).items():
                # paths are relative to the language folder, like the data files
                output.files[name.partition("/")[2]] = content
        outputs.append(output)
    return outputs


def _untranslated(text: str, default_group: str = "data") -> str:
    return text


def _rendered(indicators: Sequence[Indicator], translators: Sequence[Translator], config: SiteConfig,
              jobs: int, layers: Sequence[LayerCodes], plan: SitePlan | None) -> Iterator[list[IndicatorOutput]]:
    if jobs <= 1 or len(indicators) < 2 or "fork" not in mp.get_all_start_methods():
        for indicator in indicators:
            yield render_indicator(indicator, translators, config, layers, plan)
        return
    global _WORK  # handed to forked workers by inheritance: nothing big is pickled on the way in
    _WORK = (list(indicators), list(translators), config, list(layers), plan)
    try:
        with mp.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_render_nth, range(len(indicators)), chunksize=4)
    finally:
        _WORK = None


_WORK: tuple[list[Indicator], list[Translator], SiteConfig, list[LayerCodes], SitePlan | None] | None = None


def _cached(indicators: Sequence[Indicator], translators: Sequence[Translator], project: Project, jobs: int,
            cache: RenderCache, plan: SitePlan | None) -> Iterator[list[IndicatorOutput]]:
    """Outputs from the cache where the inputs are unchanged; the others rendered (and cached).

    Cached outputs are loaded one indicator at a time, as they are written, so a rebuild
    holds no more in memory than a full build.
    """
    fingerprint = build_fingerprint(project.config, project.catalog, project.layers,
                                    plan.fingerprint() if plan is not None else "")
    keys = [indicator_key(indicator, fingerprint) for indicator in indicators]
    hits = [cache.matches(indicator.id.slug, key) for indicator, key in zip(indicators, keys, strict=True)]
    missing = [indicator for indicator, hit in zip(indicators, hits, strict=True) if not hit]
    fresh = _rendered(missing, translators, project.config, jobs, project.layers, plan)
    for indicator, key, hit in zip(indicators, keys, hits, strict=True):
        outputs = cache.get(indicator.id.slug, key) if hit else None
        if outputs is None:  # not cached, or the entry went bad since it was matched
            outputs = next(fresh) if not hit else render_indicator(indicator, translators, project.config,
                                                                   project.layers, plan)
            cache.put(indicator.id.slug, key, outputs)
        yield outputs
    cache.prune({indicator.id.slug for indicator in indicators})


def _render_nth(position: int) -> list[IndicatorOutput]:
    assert _WORK is not None, "workers are forked after _WORK is set"
    indicators, translators, config, layers, plan = _WORK
    return render_indicator(indicators[position], translators, config, layers, plan)


def _prefixed(folder: str, files: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
    for name, content in files:
        yield (f"{folder}/{name}" if folder else name), content

