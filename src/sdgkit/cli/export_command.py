"""``sdgkit export sdmx PATH --out DIR``: a repository's SDMX messages and mapping report, in one command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from sdgkit.sdmx.command import ExportError, ExportRun, export_repository
from sdgkit.sdmx.report import render_text

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "export", help="export a repository's data in another standard (SDMX)",
        description="Export the repository's data as SDMX-ML 2.1 structure-specific messages (one per "
                    "indicator, per goal and for all), following `sdmx_output` / `sdmx_output_global` of the "
                    "configuration (the global SDG DSD when neither is set), with a mapping report that says "
                    "which rows could not be exported and which mappings would unlock them.")
    parser.add_argument("format", choices=("sdmx",), help="the format to export")
    parser.add_argument("path", nargs="?", default=".", help="repository folder (default: current folder)")
    parser.add_argument("--out", required=True, help="a new (or empty) folder for the messages and the report")
    parser.add_argument("--config", metavar="FILE", help="configuration file, relative to the repository")
    parser.add_argument("--no-validate", action="store_true",
                        help="skip the check of every message against the SDMX 2.1 schemas and the DSD")
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    try:
        result = export_repository(Path(options.path), Path(options.out), config_file=options.config,
                                   validate=not options.no_validate)
    except ExportError as error:
        sys.stderr.write(f"sdgkit export: {error}\n")
        return EXIT_USAGE
    return print_run(result, Path(options.out))


def print_run(result: ExportRun, out: Path) -> int:
    """The short report on the terminal (the full one is in the folder); 1 when a message is invalid."""
    console = Console(highlight=False, soft_wrap=True)
    for export in result.results:
        console.print(render_text(export.report, top=5, details=False), markup=False)
    for name, problems in result.invalid.items():
        console.print(f"invalid: {name}: {'; '.join(problems[:3])}", markup=False)
    messages = sum(1 for path in result.written if path.suffix == ".xml")
    console.print(f"Wrote {messages} SDMX message(s) and the mapping report into {out}.", markup=False)
    return EXIT_FAILED if result.invalid else EXIT_OK
