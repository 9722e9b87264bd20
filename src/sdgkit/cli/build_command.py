"""``sdgkit build [PATH] [--out DIR]``: check, then write the data service."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sdgkit.build import BuildResult, build
from sdgkit.report import print_text
from sdgkit.validate.issues import Report, Severity


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("build", help="build the data service (Open SDG-compatible JSON and CSV)",
                                 description="Check the repository, then write its data service.")
    parser.add_argument("path", nargs="?", default=".", help="repository folder (default: current folder)")
    parser.add_argument("--out", metavar="DIR", help="output folder (default: the configured site_dir, `_site`)")
    parser.add_argument("--config", metavar="FILE", help="configuration file, relative to the repository")
    parser.add_argument("--keep-going", action="store_true",
                        help="write every indicator without errors even when others have errors")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--data-only", action="store_true",
                        help="only the data service, laid out as Open SDG's builder does (no web pages)")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                        help="render indicators in N processes at once (default: 1; see docs/cli.md)")
    parser.add_argument("--no-cache", action="store_true",
                        help="render every indicator again instead of reusing unchanged ones from the last build")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every warning, not only errors")
    parser.add_argument("--no-color", action="store_true", help="never colour the output")
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    console = Console(stderr=True, no_color=options.no_color, highlight=False, soft_wrap=True)
    path = Path(options.path)
    out = Path(options.out) if options.out else None
    if console.is_terminal:
        with Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task("indicators", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = build(path, out, config_file=options.config, keep_going=options.keep_going,
                           strict=options.strict, jobs=options.jobs, use_cache=not options.no_cache,
                           progress=advance, site=not options.data_only)
    else:
        result = build(path, out, config_file=options.config, keep_going=options.keep_going,
                       strict=options.strict, jobs=options.jobs, use_cache=not options.no_cache,
                       progress=_plain_progress, site=not options.data_only)
    _report(result, console, options.verbose)
    if result.config_failed:
        return 2
    return 0 if result.written and not result.skipped else 1


def _plain_progress(done: int, total: int) -> None:
    """One line per tenth of the indicators: readable in CI logs, not thousands of lines."""
    step = max(1, total // 10)
    if done == total or done % step == 0:
        sys.stderr.write(f"built {done}/{total} indicators\n")


def _report(result: BuildResult, console: Console, verbose: bool) -> None:
    shown = result.report if verbose or not result.written else _errors_only(result)
    if len(shown) or not result.written:
        print_text(shown, console, verbose=verbose)
    counts = result.report.counts()
    warnings = counts.get(Severity.WARNING, 0)
    if not result.written:
        console.print("[bold red]Nothing was written[/]: fix the errors above "
                      "(or use --keep-going to write the indicators without errors).")
        return
    size = result.summary.bytes / 1_000_000
    console.print(f"[bold green]Built[/] {result.indicators} indicators ({result.rendered} rendered, the others "
                  f"unchanged) into {result.out}: "
                  f"{result.summary.files} files, {size:.1f} MB in {result.seconds:.1f} s; "
                  f"{warnings} warnings (sdgkit check lists them).")
    if result.skipped:
        console.print(f"[bold red]Skipped[/] {len(result.skipped)} indicators with errors: "
                      f"{', '.join(result.skipped)}")


def _errors_only(result: BuildResult) -> Report:
    return Report([issue for issue in result.report if issue.severity is Severity.ERROR])
