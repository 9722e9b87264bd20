"""``sdgkit check`` as a library call: config → read → assemble → validate, in memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sdgkit.assemble import Project, assemble
from sdgkit.config.loading import load_config
from sdgkit.formats.files import RepoFiles
from sdgkit.read import read_sources
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.checks import validate
from sdgkit.validate.issues import Report, Severity


@dataclass(slots=True)
class CheckResult:
    """The report, and the project when the repository could be read at all."""

    report: Report
    project: Project | None
    config_file: str | None = None

    @property
    def config_failed(self) -> bool:
        """True when the configuration itself is broken (exit code 2)."""
        return any(i.code == "path-not-found" or (i.code.startswith("config-") and i.severity is Severity.ERROR)
                   for i in self.report)


def load_project(path: Path, config_file: str | None = None) -> CheckResult:
    """Read and assemble a repository, collecting every issue found on the way."""
    report = Report()
    if not path.is_dir():
        report.extend([make_issue("path-not-found", path=str(path), value=str(path))])
        return CheckResult(report, None)
    return project_from(RepoFiles(path), config_file, report)


def project_from(files: RepoFiles, config_file: str | None = None, report: Report | None = None) -> CheckResult:
    """Read and assemble the repository ``files`` gives access to (on disk, or with unsaved changes)."""
    report = report if report is not None else Report()
    loaded = load_config(files, config_file)
    report.extend(loaded.issues)
    files.max_bytes = int(loaded.config.limits.max_file_mb * 1024 * 1024)
    fragments, read_issues = read_sources(files, loaded.config)
    report.extend(read_issues)
    project, assemble_issues = assemble(loaded.config, fragments)
    report.extend(assemble_issues)
    project.root = files.root
    return CheckResult(report, project, loaded.file)


def check(path: Path, config_file: str | None = None) -> CheckResult:
    """Every check sdgkit makes on a repository."""
    result = load_project(path, config_file)
    if result.project is not None:
        result.report.extend(validate(result.project))
    return result
