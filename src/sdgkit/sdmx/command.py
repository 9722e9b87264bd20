"""One SDMX export of a repository into a folder: what ``sdgkit export sdmx`` and
``sdgkit convert --to sdmx`` both do.

The repository is read and assembled (not validated: an export is wanted even while other
problems remain), each configured SDMX output is exported (the global one with its defaults
when none is configured), every message is checked against the SDMX 2.1 schemas and the DSD,
and the messages, the mapping report (text and HTML) are written into a new folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sdgkit.check import load_project
from sdgkit.formats.files import RepoFiles
from sdgkit.sdmx.export import ExportResult, export_sdmx
from sdgkit.sdmx.options import SdmxOutputOptions
from sdgkit.sdmx.outputs import outputs_of, prepared_time
from sdgkit.sdmx.report import render_html, render_text
from sdgkit.sdmx.sources import SdmxInputError
from sdgkit.sdmx.structure import global_dsd
from sdgkit.sdmx.validation import structure_problems, xsd_errors


class ExportError(ValueError):
    """The export cannot start (no repository, a wrong setting, an unreadable DSD, OUT not empty)."""


@dataclass(slots=True)
class ExportRun:
    results: list[ExportResult] = field(default_factory=list)
    #: message file → its problems (XSD errors beyond the two expected ones, codes not in the DSD)
    invalid: dict[str, list[str]] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)


def export_repository(repository: Path, out: Path, *, config_file: str | None = None,
                      validate: bool = True) -> ExportRun:
    """Export every configured SDMX output of ``repository`` into ``out`` (which must be new or empty)."""
    if out.exists() and any(out.iterdir()):
        raise ExportError(f"{out} is not empty; choose a new folder")
    loaded = load_project(repository, config_file)
    project = loaded.project
    if project is None or loaded.config_failed:
        raise ExportError(f"{repository} cannot be read: {next(iter(loaded.report)).message}")
    options, issues = outputs_of(project)
    if issues:
        raise ExportError(issues[0].message)
    options = options or [SdmxOutputOptions.for_global(True)]
    run = ExportRun()
    prepared = prepared_time()
    for option in options:
        try:
            result = export_sdmx(project, option, prepared, RepoFiles(repository))
        except SdmxInputError as failure:
            raise ExportError(f"{option.output_subfolder}: {failure}") from failure
        run.results.append(result)
        if validate:
            run.invalid.update(_problems(result))
    _write(run, out)
    return run


def _problems(result: ExportResult) -> dict[str, list[str]]:
    dsd = global_dsd() if result.options.dsd is None else None
    found: dict[str, list[str]] = {}
    for name, content in result.output_files():
        if not name.endswith(".xml") or "/meta/" in name:
            continue
        problems = xsd_errors(content) + (structure_problems(content, dsd) if dsd is not None else [])
        if problems:
            found[name] = problems
    return found


def _write(run: ExportRun, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for result in run.results:
        for name, content in result.output_files():
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            run.written.append(target)
        folder = result.options.output_subfolder.strip("/")
        for suffix, text in (("txt", render_text(result.report)), ("html", render_html(result.report))):
            target = out / f"{folder}-mapping-report.{suffix}"
            target.write_text(text, encoding="utf-8")
            run.written.append(target)
