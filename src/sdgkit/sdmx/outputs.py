"""SDMX output as part of ``sdgkit build`` and ``sdgkit check``: files, the report page, issues.

``sdmx_output`` (a national DSD) and ``sdmx_output_global`` (the global SDG DSD) each give a
folder of SDMX-ML messages in the build (``sdmx/``, ``sdmx-global/``) and a mapping report
page beside the data service's documentation. ``sdgkit check`` maps the same rows and warns,
per indicator, about the rows that would not be exported, with the mapping that would fix it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from pydantic import ValidationError

from sdgkit.assemble import Project
from sdgkit.formats.files import RepoFiles
from sdgkit.sdmx.export import ExportResult, export_sdmx
from sdgkit.sdmx.mapping import MappedIndicator, MappingContext, map_indicator
from sdgkit.sdmx.options import SdmxOutputOptions, configured_outputs
from sdgkit.sdmx.report import build_report, render_html
from sdgkit.sdmx.sources import SdmxInputError, load_inputs
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

#: reasons listed in one ``sdmx-rows-not-exported`` warning (the report page has them all)
REASONS_SHOWN = 3


@dataclass(slots=True)
class SdmxBuild:
    """What the build writes for SDMX and what went wrong on the way."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    results: list[ExportResult] = field(default_factory=list)


def outputs_of(project: Project) -> tuple[list[SdmxOutputOptions], list[Issue]]:
    """The configured SDMX outputs; a wrong setting is an issue, not a traceback."""
    config = project.config
    try:
        return configured_outputs(config.sdmx_output, config.sdmx_output_global), []
    except ValidationError as error:
        problem = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}" for e in error.errors())
        return [], [make_issue("sdmx-output-invalid", value=problem)]


def prepared_time() -> datetime:
    """The ``Prepared`` time of the messages: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def sdmx_build(project: Project, built: Sequence[str], report_folder: str,
               prepared: datetime | None = None) -> SdmxBuild:
    """Every SDMX output of the build, for the indicators ``built`` (``--keep-going`` skips some)."""
    result = SdmxBuild()
    options, result.issues = outputs_of(project)
    if not options:
        return result
    only = replace(project, indicators={slug: project.indicators[slug] for slug in built if slug in project.indicators})
    files = _repository_files(project)
    for option in options:
        try:
            export = export_sdmx(only, option, prepared or prepared_time(), files)
        except SdmxInputError as failure:
            result.issues.append(make_issue("sdmx-output-failed", value=option.output_subfolder, reason=str(failure)))
            continue
        result.results.append(export)
        result.files += list(export.output_files())
        page = _report_path(report_folder, option)
        result.files.append((page, render_html(export.report, title=f"SDMX mapping report: {option.output_subfolder}")
                             .encode("utf-8")))
        result.issues += [make_issue("sdmx-output-problem", value=option.output_subfolder, problem=problem)
                          for problem in export.report.problems]
    return result


def _report_path(folder: str, option: SdmxOutputOptions) -> str:
    name = f"sdmx-mapping-{option.output_subfolder.strip('/').replace('/', '-')}.html"
    return f"{folder}/{name}" if folder else name


def _repository_files(project: Project) -> RepoFiles | None:
    return RepoFiles(project.root) if project.root is not None else None


def check_sdmx(project: Project) -> list[Issue]:
    """Warnings, per indicator, about the rows a configured SDMX output would leave out."""
    options, issues = outputs_of(project)
    files = _repository_files(project)
    for option in options:
        try:
            context = MappingContext.create(load_inputs(option, files), option)
        except SdmxInputError as failure:
            issues.append(make_issue("sdmx-output-failed", value=option.output_subfolder, reason=str(failure)))
            continue
        for indicator in project.sorted_indicators():
            table = indicator.data
            if table is None or table.frame.empty:
                continue
            mapped = map_indicator(indicator.id.slug, table.frame, indicator.metadata, context, table.lines, table.file)
            issues += _not_exported(mapped, option)
    return issues


def _not_exported(mapped: MappedIndicator, option: SdmxOutputOptions) -> Iterator[Issue]:
    """The indicator's reasons as the mapping report counts them, the most frequent first."""
    if not mapped.dropped:
        return
    (summary,) = build_report([mapped], option.output_subfolder, "").indicators
    shown = summary.reasons[:REASONS_SHOWN]
    more = len(summary.reasons) - len(shown)
    listed = "; ".join(f"{reason.reason} ({reason.rows} rows)" for reason in shown)
    hints = [reason.fix for reason in shown if reason.fix]
    first = min(row.line for row in mapped.dropped)
    yield make_issue("sdmx-rows-not-exported", file=mapped.file, line=first, indicator=mapped.indicator,
                     count=len(mapped.dropped), total=mapped.rows, output=option.output_subfolder,
                     reasons=listed + (f"; and {more} more reason(s)" if more > 0 else ""),
                     fixes=" ".join(hints) or "See the SDMX mapping report of the build.")
