"""The files an SDMX output needs besides the data: its DSD, its column map and its code map.

They are read once per output, through :class:`~sdgkit.formats.files.RepoFiles` (the one reader
of repository files), and never downloaded: the incumbent accepts URLs for all three, sdgkit
asks for a copy in the repository instead. A map that cannot be read is reported and treated
as empty, so the mapping report still shows what every row needs; a DSD that cannot be read
stops the output, because nothing can be checked without it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field

from sdgkit.formats.files import RepoFiles
from sdgkit.sdmx.options import CodeMapEntry, SdmxOutputOptions
from sdgkit.sdmx.structure import Dsd, global_dsd, load_dsd
from sdgkit.validate.issues import Issue


class SdmxInputError(ValueError):
    """The output cannot be made: its DSD is missing or unreadable."""


@dataclass(frozen=True, slots=True)
class SdmxInputs:
    """Everything an SDMX output reads besides the indicators."""

    dsd: Dsd
    #: national column name → DSD concept
    column_map: Mapping[str, str] = field(default_factory=dict)
    #: concept → national label → code
    code_map: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: problems with the maps, in plain language (the maps were read as far as possible)
    problems: tuple[str, ...] = ()


def load_inputs(options: SdmxOutputOptions, files: RepoFiles | None = None) -> SdmxInputs:
    """The DSD and maps of ``options``; ``files`` is needed when any of them is a file path."""
    problems: list[str] = []
    dsd = _dsd(options.dsd, files)
    column_map = _column_map(options.column_map, files, problems)
    code_map = _code_map(options.code_map, files, problems)
    return SdmxInputs(dsd, column_map, code_map, tuple(problems))


def _dsd(path: str | None, files: RepoFiles | None) -> Dsd:
    if path is None:
        return global_dsd()
    raw = _read(path, files)
    if isinstance(raw, str):
        raise SdmxInputError(f"DSD {path}: {raw}")
    try:
        return load_dsd(raw)
    except ValueError as error:
        raise SdmxInputError(f"DSD {path}: {error}") from error


def _read(path: str, files: RepoFiles | None) -> bytes | str:
    """The file's bytes, or why they cannot be had."""
    if path.startswith(("http://", "https://")):
        return "sdgkit does not download files; save a copy in the repository and give its path"
    if files is None:
        return "no repository to read it from"
    if not files.exists(path):
        return "file not found in the repository"
    raw = files.read_bytes(path)
    return raw.message if isinstance(raw, Issue) else raw


def _csv_rows(path: str, files: RepoFiles | None, columns: tuple[str, ...],
              problems: list[str]) -> list[dict[str, str]]:
    """Rows of a map file keyed by lower-case column name; problems noted, never raised."""
    raw = _read(path, files)
    if isinstance(raw, str):
        problems.append(f"{path}: {raw}")
        return []
    text = raw.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    header = {name.strip().lower() for name in reader.fieldnames or []}
    missing = [name for name in columns if name.lower() not in header]
    if missing:
        problems.append(f"{path}: the header needs the columns {', '.join(columns)} "
                        f"(missing: {', '.join(missing)})")
        return []
    return [{str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k is not None} for row in reader]


def _column_map(source: str | dict[str, str] | None, files: RepoFiles | None,
                problems: list[str]) -> dict[str, str]:
    if source is None:
        return {}
    if isinstance(source, dict):
        return dict(source)
    rows = _csv_rows(source, files, ("Text", "Value"), problems)
    return {row["text"]: row["value"] for row in rows if row["text"] and row["value"]}


def _code_map(source: str | list[CodeMapEntry] | None, files: RepoFiles | None,
              problems: list[str]) -> dict[str, dict[str, str]]:
    if source is None:
        return {}
    if isinstance(source, list):
        lines = [(entry.dimension, entry.text, entry.value) for entry in source]
    else:
        rows = _csv_rows(source, files, ("Text", "Dimension", "Value"), problems)
        lines = [(row["dimension"], row["text"], row["value"]) for row in rows]
    mapped: dict[str, dict[str, str]] = {}
    for concept, text, code in lines:
        if concept and text:
            mapped.setdefault(concept, {})[text] = code
    return mapped
