"""``sdgkit build`` as a library call: the whole pipeline in one readable function.

config → read → assemble → validate (:func:`sdgkit.check.check`) → derive and render
(:func:`render`, a generator of ``(path, bytes)``, nothing written) → write
(:func:`sdgkit.write.write_tree`, into a fresh folder swapped in at the end). The
preview server can call :func:`render` and keep the files in memory instead.

A build with validation errors stops before writing; with ``keep_going`` it writes
every indicator that has no error of its own (and the site-wide files).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sdgkit.assemble import Project
from sdgkit.check import check
from sdgkit.dataservice.folder_files import disaggregation_file, folder_files, translations_file
from sdgkit.dataservice.indicator_files import IndicatorOutput, indicator_files
from sdgkit.dataservice.prepare import indicator_views
from sdgkit.dataservice.translate import Translator
from sdgkit.model.indicator import Indicator
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Report, Severity
from sdgkit.write import UnsafeOutputError, WriteSummary, check_output_folder, write_tree

UNTRANSLATED = "untranslated"

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
    skipped: list[str] = field(default_factory=list)
    summary: WriteSummary = field(default_factory=WriteSummary)
    seconds: float = 0.0


def build(path: Path, out: Path | None = None, *, config_file: str | None = None, keep_going: bool = False,
          strict: bool = False, progress: Progress | None = None) -> BuildResult:
    """Check the repository, then write its data service to ``out`` (default: the configured ``site_dir``)."""
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
    indicators, result.skipped = _buildable(project, report)
    result.indicators = len(indicators)
    result.summary = write_tree(render(project, indicators, progress), result.out)
    result.written = True
    result.seconds = time.perf_counter() - started
    return result


def _buildable(project: Project, report: Report) -> tuple[list[Indicator], list[str]]:
    """Indicators in site order, without those that have errors of their own (``--keep-going``)."""
    failing = {issue.indicator for issue in report if issue.severity is Severity.ERROR and issue.indicator}
    ordered = project.sorted_indicators()
    return [i for i in ordered if i.id.slug not in failing], [i.id.slug for i in ordered if i.id.slug in failing]


def render(project: Project, indicators: Sequence[Indicator], progress: Progress | None = None,
           ) -> Iterator[tuple[str, bytes]]:
    """Every file of the data service as ``(path relative to the output, content)``; nothing is written."""
    config = project.config
    translators = [Translator.from_catalog(project.catalog, language) for language in config.languages]
    folders = [UNTRANSLATED, *config.languages]
    collected: dict[str, list[IndicatorOutput]] = {folder: [] for folder in folders}
    for done, indicator in enumerate(indicators, start=1):
        views = indicator_views(indicator, translators, config.indicator_options)
        first: IndicatorOutput | None = None
        for folder, view in zip(folders, views, strict=True):
            output = indicator_files(view, config.indicator_options, config.datapackage, same_data=first)
            first = first or output
            yield from _prefixed(folder, output.files.items())
            collected[folder].append(output)
        for folder in folders:  # keep only what the folder-wide files need (the zip takes the data CSV)
            last = collected[folder][-1]
            last.files = {name: content for name, content in last.files.items() if name.startswith("data/")}
        if progress is not None:
            progress(done, len(indicators))
    disaggregation = disaggregation_file(collected[UNTRANSLATED], config)
    zips: dict[tuple[int, ...], bytes] = {}
    for folder, translator in zip(folders, [None, *translators], strict=True):
        language = translator.language if translator is not None else None
        translations = translations_file(project.catalog, language, config.languages)
        files = folder_files(collected[folder], config, project.schema, translations, disaggregation, zips)
        yield from _prefixed(folder, files.items())


def _prefixed(folder: str, files: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
    for name, content in files:
        yield f"{folder}/{name}", content
