"""``sdgkit convert``: SDMX data messages → a new Open SDG repository of CSV files.

The CSV files are exactly the tables the SDMX inputs give a site (:mod:`sdgkit.sdmx.reader`),
so converting once and reading the messages directly publish the same data. Around them the
smallest repository that ``sdgkit check`` accepts without a warning: a configuration that
names the inputs, translations from the DSD (codes show as names), the SDMX attributes as
non-breakdown columns, the metadata schema of ``sdgkit new`` and a metadata file per indicator.

Nothing is overwritten and nothing is written into the source: a conversion that would touch
an existing file is refused before anything is written. The other direction (a CSV
repository → SDMX) is a separate function that uses the SDMX output.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sdgkit.config.models import IndicatorOptions
from sdgkit.formats.csv_data import CsvTable
from sdgkit.formats.files import RepoFiles
from sdgkit.framework import builtin_translations
from sdgkit.scaffold import templates
from sdgkit.scaffold.metadata import front_matter
from sdgkit.sdmx.reader import (
    DataStructure,
    ReadOptions,
    component_name,
    global_structure,
    load_structure,
    read_message,
)
from sdgkit.sdmx.structure import INDICATOR_ANNOTATION, Dsd
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue, Severity

#: suffixes of the files a folder of SDMX messages is read from
MESSAGE_SUFFIXES = (".xml", ".json")
#: where a national DSD given to the conversion is copied, for the translations
DSD_COPY = "sdmx/dsd.xml"
SCHEMA_FILE = "metadata_schema.yml"


class ConvertError(Exception):
    """The conversion cannot start: a missing source, an unsafe output, an unreadable DSD."""


@dataclass(slots=True)
class Conversion:
    """What a conversion made (relative path → content) or would have made, and its issues."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    indicators: list[str] = field(default_factory=list)
    messages: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(issue.severity is Severity.ERROR for issue in self.issues)


def direction_of(source: Path) -> str | None:
    """``csv`` for SDMX messages (a file, or a folder of them), ``sdmx`` for a CSV repository."""
    if source.is_file():
        return "csv" if source.suffix.lower() in MESSAGE_SUFFIXES else None
    if not source.is_dir():
        return None
    if any(source.glob("data/*.csv")):
        return "sdmx"
    return "csv" if message_files(source) else None


def message_files(source: Path) -> list[Path]:
    """The messages of a source: the file itself, or the ``.xml``/``.json`` files of the folder."""
    if source.is_file():
        return [source]
    return sorted(p for p in source.iterdir() if p.is_file() and p.suffix.lower() in MESSAGE_SUFFIXES)


def sdmx_to_csv(source: Path, out: Path, *, dsd: Path | None = None, options: ReadOptions | None = None,
                write: bool = True) -> Conversion:
    """Convert the messages of ``source`` into a new repository in ``out``.

    Nothing is written when a message has an error (``Conversion.failed``) or ``write`` is false.
    Raises :class:`ConvertError` when the conversion cannot start.
    """
    _check_paths(source, out)
    messages = _messages(source)
    if not messages:
        raise ConvertError(f"{source} holds no SDMX messages (.xml or .json files)")
    structure, dsd_bytes = _structure(dsd)
    conversion = plan_csv_repository(messages, structure, options or ReadOptions(import_codes=True),
                                     dsd_copy=dsd_bytes)
    _refuse_existing(out, conversion.files)
    if write and not conversion.failed:
        write_new_files(out, conversion.files)
    return conversion


def plan_csv_repository(messages: Sequence[tuple[str, bytes | Issue]], structure: DataStructure,
                        options: ReadOptions, *, dsd_copy: bytes | None = None) -> Conversion:
    """The files of the repository (nothing written): tables first, then what makes them a site."""
    conversion = Conversion(messages=len(messages))
    tables: dict[str, CsvTable] = {}
    for path, raw in messages:
        if isinstance(raw, Issue):
            conversion.issues.append(raw)
            continue
        found, issues = read_message(raw, path, structure, options)
        conversion.issues += issues
        for indicator, table in found.items():
            if indicator in tables:
                conversion.issues.append(make_issue("indicator-duplicate-data", file=path, indicator=indicator,
                                                    other=tables[indicator].path))
            tables.setdefault(indicator, table)
    conversion.indicators = sorted(tables)
    conversion.files = _repository_files(tables, structure.dsd, options, dsd_copy)
    return conversion


def write_new_files(out: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write every file (folders made as needed); the caller has checked that none exists."""
    written = []
    for relative, content in files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
        written.append(path)
    return written


# --- checks before anything is written ------------------------------------------------------

def _check_paths(source: Path, out: Path) -> None:
    if not source.exists():
        raise ConvertError(f"{source} does not exist")
    if out.exists() and not out.is_dir():
        raise ConvertError(f"{out} is a file, not a folder")
    inside = out.resolve()
    folder = source.resolve() if source.is_dir() else None
    if inside == source.resolve() or (folder is not None and inside.is_relative_to(folder)):
        raise ConvertError(f"{out} is inside the source {source}: choose an output folder outside it")


def _refuse_existing(out: Path, files: Mapping[str, str | bytes]) -> None:
    existing = sorted(relative for relative in files if (out / relative).exists())
    if existing:
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise ConvertError(f"{out / existing[0]}{more} already exist(s): sdgkit convert never overwrites files")


def _structure(dsd: Path | None) -> tuple[DataStructure, bytes | None]:
    if dsd is None:
        return global_structure(), None
    try:
        raw = dsd.read_bytes()
        return load_structure(raw), raw
    except OSError as error:
        raise ConvertError(f"cannot read the DSD {dsd}: {error.strerror or error}") from error
    except (ValueError, StopIteration) as error:
        raise ConvertError(f"{dsd} is not a usable DSD: {error}") from error


def _messages(source: Path) -> list[tuple[str, bytes | Issue]]:
    """Each message's bytes (or why it cannot be read), named relative to the source folder."""
    root = source if source.is_dir() else source.parent
    files = RepoFiles(root)
    return [(files.relative(path), files.read_bytes(files.relative(path))) for path in message_files(source)]


# --- the repository around the tables ---------------------------------------------------------

def _repository_files(tables: Mapping[str, CsvTable], dsd: Dsd, options: ReadOptions,
                      dsd_copy: bytes | None) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {f"data/indicator_{slug}.csv": csv_text(table) for slug, table in tables.items()}
    files.update({f"meta/{slug}.md": _metadata(slug, dsd) for slug in tables})
    if dsd_copy is not None:
        files[DSD_COPY] = dsd_copy
    files["config_data.yml"] = _configuration(tables, dsd, options, dsd_copy is not None)
    files[SCHEMA_FILE] = templates.text(SCHEMA_FILE)  # the schema of `sdgkit new`
    return files


def csv_text(table: CsvTable) -> str:
    """The table as an Open SDG CSV file: header, then one row per observation, blank = missing."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.header)
    for row in table.frame.itertuples(index=False, name=None):
        writer.writerow("" if _blank(cell) else str(cell) for cell in row)
    return buffer.getvalue()


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, float) and cell != cell)


def _metadata(slug: str, dsd: Dsd) -> str:
    fields: dict[str, Any] = {"reporting_status": "complete", "data_non_statistical": False,
                              "graph_type": "line", "graph_title": _title(slug, dsd)}
    return front_matter(fields, comment="Written by `sdgkit convert` from SDMX; complete it as you need.")


def _title(slug: str, dsd: Dsd) -> str:
    """The indicator's title from the DSD's series annotations, else the built-in SDG title."""
    series = dsd.component("SERIES")
    number = slug.replace("-", ".")
    for code in series.codes.values() if series is not None else ():
        numbers = [part.strip() for part in code.annotations.get(INDICATOR_ANNOTATION, "").split(",")]
        if number in numbers and code.annotations.get("IndicatorTitle"):
            return code.annotations["IndicatorTitle"]
    return builtin_translations("en").get("global_indicators", {}).get(f"{slug}-title", slug)


def _configuration(tables: Mapping[str, CsvTable], dsd: Dsd, options: ReadOptions, own_dsd: bool) -> str:
    """``config_data.yml``: Open SDG's class names, so Open SDG reads the repository as well."""
    sdmx_translations: dict[str, Any] = {"class": "TranslationInputSdmx"}
    if own_dsd:
        sdmx_translations["source"] = DSD_COPY
    settings: dict[str, Any] = {
        "languages": [options.language],
        "schema_file": SCHEMA_FILE,
        "inputs": [{"class": "InputCsvData", "path_pattern": "data/*-*.csv"},
                   {"class": "InputYamlMdMeta", "path_pattern": "meta/*-*.md"}],
        "translations": [{"class": "TranslationInputSdgTranslations"}, sdmx_translations,
                         {"class": "TranslationInputYaml", "source": "translations"}],
    }
    roles = _column_roles(tables, dsd, options)
    if roles != _column_roles({}, dsd, options):  # only when an attribute column is left
        settings["indicator_options"] = roles
    header = "# Written by `sdgkit convert` from SDMX data. See docs/configuration.md of sdgkit.\n"
    return header + yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, width=1000)


def _column_roles(tables: Mapping[str, CsvTable], dsd: Dsd, options: ReadOptions) -> dict[str, list[str]]:
    """SDMX attributes are not breakdowns: series-level ones describe a series, the others one value.

    Nor are kept single-valued dimensions (``FREQ``, ``REF_AREA``): as breakdowns they would
    leave no row with every breakdown blank, so no headline.
    """
    defaults = IndicatorOptions()
    present = {column for table in tables.values() for column in table.header}
    series = [_column(a.id, dsd, options) for a in dsd.attributes if a.level != "observation"]
    observation = [_column(a.id, dsd, options) for a in dsd.attributes if a.level == "observation"]
    footnotes = _merged(defaults.observation_attributes, observation, present)
    fixed = [name for name in _fixed_columns(tables) if name not in footnotes]  # one role per column
    return {
        "non_disaggregation_columns": _merged(defaults.non_disaggregation_columns, [*series, *fixed], present),
        "observation_attributes": footnotes,
    }


def _fixed_columns(tables: Mapping[str, CsvTable]) -> list[str]:
    """Columns that hold one value in every row of every table that has them."""
    fixed: dict[str, bool] = {}
    for table in tables.values():
        for name in table.header:
            column = table.frame[name]
            one = name not in ("Year", "Value") and bool(column.notna().all()) and column.nunique() == 1
            fixed[name] = fixed.get(name, True) and one
    return [name for name, single in fixed.items() if single]


def _column(concept: str, dsd: Dsd, options: ReadOptions) -> str:
    """The column name the reader gives a concept (its id, or its name without ``import_codes``)."""
    if options.import_codes:
        return concept
    component = dsd.component(concept)
    return component_name(component.names, options.language) if component is not None else concept


def _merged(defaults: list[str], extra: list[str], present: set[str]) -> list[str]:
    return [*defaults, *(name for name in extra if name in present and name not in defaults)]
