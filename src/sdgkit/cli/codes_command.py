"""``sdgkit codes``: the catalogue of issue codes (and ``docs/issue-codes.md``)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sdgkit.report import catalog_markdown, catalog_rows
from sdgkit.validate.catalog import CATALOG


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("codes", help="list the issue codes sdgkit can report")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    if options.format == "markdown":
        sys.stdout.write(catalog_markdown())
    elif options.format == "json":
        entries = [{"code": k.code, "severity": k.severity.value, "title": k.title,
                    "explanation": k.explanation} for k in CATALOG.values()]
        sys.stdout.write(json.dumps(entries, ensure_ascii=False, indent=2) + "\n")
    else:
        for code, severity, title in catalog_rows():
            sys.stdout.write(f"{code:<36} {severity:<8} {title}\n")
    return 0
