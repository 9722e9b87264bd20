"""``sdgkit convert SRC OUT``: SDMX data messages → a new Open SDG repository of CSV files.

The direction follows from ``SRC``: SDMX messages (a file, or a folder of ``.xml``/``.json``
files) become CSV; a repository (a folder with ``data/*.csv``) would become SDMX. Each
direction is one entry of :data:`DIRECTIONS`, so the other one is added beside this one.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from sdgkit.cli.export_command import print_run
from sdgkit.report import print_text
from sdgkit.sdmx.command import ExportError, export_repository
from sdgkit.sdmx.convert import ConvertError, direction_of, sdmx_to_csv
from sdgkit.sdmx.reader import ReadOptions
from sdgkit.validate.issues import Report

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: what each target format needs from the command line; ``SRC``'s kind chooses the entry
DIRECTIONS: dict[str, Callable[[argparse.Namespace], int]] = {}


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "convert", help="convert SDMX data messages into a new repository of Open SDG CSV files",
        description="Convert SDMX data messages (SDMX-ML 2.1 generic or structure-specific, SDMX-JSON) into "
                    "Open SDG CSV files, one per indicator, with the metadata and configuration that make "
                    "OUT a repository that `sdgkit check` accepts. Existing files are never overwritten.")
    parser.add_argument("source", metavar="SRC", help="an SDMX message, or a folder of them (.xml, .json)")
    parser.add_argument("out", metavar="OUT", help="the folder to write (new, or without the files to write)")
    parser.add_argument("--to", choices=sorted(DIRECTIONS), help="the format to write (default: from SRC)")
    parser.add_argument("--dsd", metavar="FILE", help="the DSD of the messages (default: the global SDG DSD)")
    parser.add_argument("--names", action="store_true",
                        help="concept and code names in the CSV instead of ids and codes")
    parser.add_argument("--keep-singletons", action="store_true",
                        help="keep columns that hold one value throughout (such as SERIES)")
    parser.add_argument("--drop", action="append", default=[], metavar="CONCEPT",
                        help="leave out a dimension or attribute (repeat for more)")
    parser.add_argument("--indicator", action="append", default=[], metavar="SERIES=ID",
                        help="the indicator of a series the DSD does not annotate, e.g. SI_POV_DAY1=1-1-1")
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    source = Path(options.source)
    target = options.to or direction_of(source)
    if target is None:
        return _usage(f"{source} is neither an SDMX message, a folder of them, nor a repository with data/*.csv")
    convert = DIRECTIONS.get(target)
    if convert is None:
        return _usage(f"converting {source} to {target.upper()} is not available")
    return convert(options)


def to_csv(options: argparse.Namespace) -> int:
    """SDMX messages → CSV repository; nothing is written when a message has an error."""
    try:
        mapping = _indicator_map(options.indicator)
        read = ReadOptions(indicator_id_map=mapping, drop_dimensions=frozenset(options.drop),
                           drop_singleton_dimensions=not options.keep_singletons, import_codes=not options.names)
        conversion = sdmx_to_csv(Path(options.source), Path(options.out),
                                 dsd=Path(options.dsd) if options.dsd else None, options=read)
    except ConvertError as error:
        return _usage(str(error))
    console = Console(highlight=False, soft_wrap=True)
    if conversion.issues:
        print_text(Report(conversion.issues), console, verbose=False)
    if conversion.failed:
        sys.stderr.write("sdgkit convert: nothing written because of the errors above\n")
        return EXIT_FAILED
    console.print(f"Converted {conversion.messages} SDMX message(s) into {len(conversion.indicators)} "
                  f"indicator(s): {len(conversion.files)} files written in {options.out}.", markup=False)
    console.print(f"Next: sdgkit check {options.out}", markup=False)
    return EXIT_OK


DIRECTIONS["csv"] = to_csv


def to_sdmx(options: argparse.Namespace) -> int:
    """CSV repository → SDMX messages and mapping report (the same as ``sdgkit export sdmx SRC --out OUT``)."""
    try:
        result = export_repository(Path(options.source), Path(options.out))
    except ExportError as error:
        return _usage(str(error))
    return print_run(result, Path(options.out))


DIRECTIONS["sdmx"] = to_sdmx


def _indicator_map(pairs: list[str]) -> dict[str, tuple[str, ...]]:
    """``SERIES=1-1-1`` (or ``SERIES=1.1.1,5.1.1``) pairs as ``indicator_id_map``."""
    mapping: dict[str, tuple[str, ...]] = {}
    for pair in pairs:
        series, separator, ids = pair.partition("=")
        if not separator or not series.strip() or not ids.strip():
            raise ConvertError(f"--indicator {pair}: write SERIES=ID, for example SI_POV_DAY1=1-1-1")
        mapping[series.strip()] = tuple(i.strip().replace(".", "-") for i in ids.split(",") if i.strip())
    return mapping


def _usage(message: str) -> int:
    sys.stderr.write(f"sdgkit convert: {message}\n")
    return EXIT_USAGE
