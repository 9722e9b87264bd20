"""The command line: parses options, calls the library, prints, exits.

The library never prints or exits; this package does nothing else. Exit codes:
0 ok, 1 validation failed, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sdgkit import __version__
from sdgkit.cli import (
    build_command,
    check_command,
    codes_command,
    convert_command,
    export_command,
    new_command,
    serve_command,
    users_command,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdgkit", description="Read, validate and publish Open SDG data repositories.")
    parser.add_argument("--version", action="version", version=f"sdgkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check_command.add_parser(commands)
    build_command.add_parser(commands)
    codes_command.add_parser(commands)
    new_command.add_parser(commands)
    serve_command.add_parser(commands)
    convert_command.add_parser(commands)
    export_command.add_parser(commands)
    users_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``sdgkit`` console script and ``python -m sdgkit``."""
    parser = build_parser()
    try:
        options = parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits 2 on usage errors and 0 on --help/--version
        return int(stop.code or 0)
    if options.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    code: int = options.run(options)
    return code
