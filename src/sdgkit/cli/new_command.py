"""``sdgkit new DIR``: write a complete repository for a new country, ready to check and build."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from sdgkit.scaffold import ScaffoldError, new_repository
from sdgkit.scaffold.demo import INDICATORS

EXIT_OK, EXIT_USAGE = 0, 2


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "new", help="create a new data repository (configuration, metadata, pages, demo data)",
        description="Create a complete data repository for a new country in DIR (a new or empty folder): "
                    "settings, a metadata file for every global indicator, the site's pages, and demo data.")
    parser.add_argument("path", metavar="DIR", help="folder to create (it must not exist, or be empty)")
    parser.add_argument("--language", action="append", metavar="CODE", dest="languages",
                        help="a language of the site; repeat for more (the first is the default; default: en). "
                             "Commas also work: --language en,fr")
    parser.add_argument("--country", default="", metavar="NAME", help="the country's name, shown on the site")
    parser.add_argument("--no-demo-data", action="store_true",
                        help=f"leave out the {len(INDICATORS)} demonstration datasets")
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    target = Path(options.path)
    languages = _languages(options.languages)
    try:
        written = new_repository(target, languages=languages, country=options.country,
                                 demo_data=not options.no_demo_data)
    except ScaffoldError as error:
        sys.stderr.write(f"sdgkit new: {error}\n")
        return EXIT_USAGE
    sys.stdout.write(_summary(target, written, languages, options))
    return EXIT_OK


def _languages(values: list[str] | None) -> list[str]:
    """``--language en --language fr`` and ``--language en,fr`` both give ``[en, fr]``."""
    if not values:
        return ["en"]
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _summary(target: Path, written: list[Path], languages: list[str], options: argparse.Namespace) -> str:
    """What was made, and the commands to run next (with the folder as typed, so they can be pasted)."""
    demo = "no demo data" if options.no_demo_data else f"demo data for {len(INDICATORS)} indicators"
    folder, site = shlex.quote(str(target)), shlex.quote(str(target / "_site"))
    lines = [f"Created {len(written)} files in {target} (languages: {', '.join(dict.fromkeys(languages))}; "
             f"{demo}).", "", "Next:",
             f"  sdgkit check {folder}",
             f"  sdgkit build {folder} --out {site}",
             f"  sdgkit serve {folder}", ""]
    if not options.country.strip():
        lines.append("Set the country's name in sdgkit.yml (site: country:) and translations/*/general.yml, "
                     "or start again with --country NAME.")
    lines.append(f"Then edit the files as {target / 'README.md'} explains.")
    return "\n".join(lines) + "\n"
