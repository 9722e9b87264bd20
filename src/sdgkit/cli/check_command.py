"""``sdgkit check [PATH]``: validate a repository and report every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from sdgkit.check import check
from sdgkit.report import print_text, report_json
from sdgkit.validate.issues import Report
from sdgkit.validate.localize import languages, localized


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("check", help="validate an Open SDG data repository",
                                 description="Validate an Open SDG data repository and report every problem.")
    parser.add_argument("path", nargs="?", default=".", help="repository folder (default: current folder)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--config", metavar="FILE", help="configuration file, relative to the repository")
    parser.add_argument("-v", "--verbose", action="store_true", help="also show info-level notes")
    parser.add_argument("--no-color", action="store_true", help="never colour the output")
    parser.add_argument("--lang", choices=languages(), default="en",
                        help="language of the issues' messages and hints (the summary lines stay English)")
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    path = Path(options.path)
    result = check(path, options.config)
    report = result.report.strict() if options.strict else result.report
    if options.lang != "en":
        report = Report([localized(issue, options.lang) for issue in report])
    if options.format == "json":
        sys.stdout.write(report_json(report, root=str(path), config_file=result.config_file,
                                     strict=options.strict) + "\n")
    else:
        console = Console(no_color=options.no_color, highlight=False, soft_wrap=True)
        print_text(report, console, verbose=options.verbose)
    if result.config_failed:
        return 2
    return 1 if report.has_errors else 0
