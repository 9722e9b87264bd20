"""Rendering a check report: readable text grouped by file, or JSON for machines.

The JSON shape is published as ``schemas/check-report.schema.json`` and tested
against it; the text form is what a statistician reads in a terminal or CI log.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import groupby

from rich.console import Console
from rich.markup import escape

from sdgkit import __version__
from sdgkit.validate.catalog import CATALOG
from sdgkit.validate.issues import Issue, Report, Severity

SCHEMA_ID = "https://sdgkit.org/schemas/check-report.schema.json"
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def report_json(report: Report, *, root: str, config_file: str | None, strict: bool) -> str:
    """The report as JSON (``--format json``)."""
    counts = report.counts()
    document = {
        "$schema": SCHEMA_ID,
        "sdgkit_version": __version__,
        "repository": root,
        "config_file": config_file,
        "strict": strict,
        "summary": {
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
            "files": _files_with_problems(report),
        },
        "issues": [issue.to_dict() for issue in report.sorted()],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def print_text(report: Report, console: Console, *, verbose: bool) -> None:
    """Issues grouped by file, then one summary line."""
    shown = [issue for issue in report.sorted() if verbose or issue.severity is not Severity.INFO]
    for file, issues in groupby(shown, key=lambda issue: issue.file or ""):
        console.print(f"[bold]{escape(file or '(repository)')}[/bold]", highlight=False)
        for issue in issues:
            _print_issue(issue, console)
        console.print()
    console.print(summary_line(report, hidden_info=not verbose), highlight=False)


def _print_issue(issue: Issue, console: Console) -> None:
    where = f"{issue.line}" if issue.line else "-"
    if issue.line and issue.column:
        where += f":{issue.column}"
    style = _STYLE[issue.severity]
    console.print(f"  {where:>9}  [{style}]{issue.severity.value:<7}[/{style}] "
                  f"{escape(issue.message)} [dim]\\[{issue.code}][/dim]", highlight=False)
    if issue.hint:
        console.print(f"  {'':>9}  {'':<7} [dim]{escape(issue.hint)}[/dim]", highlight=False)


def _files_with_problems(report: Report) -> int:
    """Files with at least one error or warning (notes alone do not count)."""
    return len({issue.file for issue in report if issue.file and issue.severity is not Severity.INFO})


def summary_line(report: Report, *, hidden_info: bool = False) -> str:
    counts = report.counts()
    files = _files_with_problems(report)
    text = (f"{_plural(counts[Severity.ERROR], 'error')}, {_plural(counts[Severity.WARNING], 'warning')}"
            f" in {_plural(files, 'file')}")
    if counts[Severity.INFO]:
        text += f"; {_plural(counts[Severity.INFO], 'note')}" + (" (shown with --verbose)" if hidden_info else "")
    return text + "."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def catalog_markdown() -> str:
    """``docs/issue-codes.md``: every code with its severity, meaning and fix."""
    lines = ["# Issue codes", "",
             "Every problem `sdgkit check` reports has one of these stable codes. This page is generated",
             "by `sdgkit codes --format markdown`; a test keeps it in step with the code.", ""]
    for kind in CATALOG.values():
        lines += [f"## `{kind.code}`", "", f"**{kind.title}** — default severity: {kind.severity.value}.", "",
                  kind.explanation, "", f"Message: {_template(kind.message)}", "",
                  f"How to fix: {_template(kind.hint)}", ""]
    return "\n".join(lines)


def _template(text: str) -> str:
    return text.replace("{", "‹").replace("}", "›")


def catalog_rows() -> Iterable[tuple[str, str, str]]:
    return ((kind.code, kind.severity.value, kind.title) for kind in CATALOG.values())
