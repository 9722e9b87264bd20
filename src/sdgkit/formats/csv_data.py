"""Reading indicator data CSVs: strings first, every row with its line number.

This is the one CSV reader; nothing else parses data files. It uses the standard
``csv`` module rather than ``pandas.read_csv`` because a statistician needs the
*physical line* of each problem (blank lines, quoted line breaks and a file that
starts with an empty line all shift pandas' row numbers) and the exact cell count of
each row (pandas pads short rows with blanks, which would silently mean "total").
Reading the whole UK repository this way takes about 0.25 s.

Cells stay text: pandas' default NA parsing would turn the real category ``None``
(UK 16-1-4) into a blank, i.e. a total. Blank cells become missing values, as in
Open SDG (``dtype=str, keep_default_na=False, na_values=[""]``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sdgkit.formats.files import TextFile
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue
from sdgkit.validate.wording import space_position

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

#: Large enough for any real cell, small enough to stop a runaway quote early.
_FIELD_LIMIT = 10 * 1024 * 1024
csv.field_size_limit(_FIELD_LIMIT)
#: At most this many separate issues per file and code; the rest are counted in the last one.
MAX_REPEATS = 20


@dataclass(slots=True)
class CsvTable:
    """A data file as text: header, data frame of strings and source line of each row."""

    path: str
    header: list[str]
    frame: pd.DataFrame
    lines: np.ndarray
    header_line: int = 1

    def line_of(self, position: int) -> int:
        """Physical line of the row at ``position`` (0-based row order)."""
        return int(self.lines[position])


@dataclass(slots=True)
class _Rows:
    cells: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    blank_lines: list[int] = field(default_factory=list)
    ragged: list[tuple[int, int]] = field(default_factory=list)


def read_csv_table(source: TextFile) -> tuple[CsvTable | None, list[Issue]]:
    """Parse a decoded data file; ``None`` when it has no header at all.

    One pass of the ``csv`` module finds the structure (line of every record, cell
    counts, blank rows). A well-formed file is then loaded by pandas' C parser, which
    is three times faster than building rows in Python; a file with blank or ragged
    rows is built from the ``csv`` rows so that bad rows can be left out exactly.
    """
    path, issues = source.path, []
    leading = _count_leading_blank_lines(source.text)
    if leading:
        issues.append(make_issue("file-leading-blank-lines", file=path, line=1, count=leading, what="header row"))
    reader = csv.reader(io.StringIO(source.text, newline=""))
    header, header_line, header_end, parse_issue = _read_header(reader, path)
    if header is None:
        return None, [*issues, parse_issue or make_issue("csv-empty-file", file=path, line=1)]
    issues += _header_issues(header, path, header_line)
    rows, problem = _read_rows(reader, len(header), keep_cells=False)
    if problem is not None:
        issues.append(make_issue("csv-parse-error", file=path, line=problem[0], problem=problem[1]))
    issues += _row_issues(rows, len(header), path)
    clean = problem is None and not rows.blank_lines and not rows.ragged
    frame = _fast_frame(source.text, header_end, len(header), len(rows.lines)) if clean else None
    if frame is None:
        rows = _reread_rows(source.text, len(header))
        frame = _to_frame(header, rows.cells)
    frame.columns = pd.Index(header)
    return CsvTable(path, header, frame, np.asarray(rows.lines, dtype=np.int64), header_line), issues


def _reread_rows(text: str, width: int) -> _Rows:
    reader = csv.reader(io.StringIO(text, newline=""))
    for row in reader:
        if any(cell.strip() for cell in row):
            break
    return _read_rows(reader, width, keep_cells=True)[0]


def _fast_frame(text: str, header_end: int, width: int, expected_rows: int) -> pd.DataFrame | None:
    """pandas' C parser on the rows after the header; ``None`` if it disagrees with the scan.

    pandas is given the text that follows the header record rather than a number of
    lines to skip, so a quoted line break in the header cannot shift the rows.
    """
    body = text[_offset_after_line(text, header_end):]
    if not expected_rows:
        return None
    try:
        frame = pd.read_csv(io.StringIO(body), header=None, dtype=object,
                            keep_default_na=False, na_values=[""], skip_blank_lines=True,
                            names=range(width))
    except (ValueError, pd.errors.ParserError):
        return None
    if len(frame) != expected_rows:
        return None
    return frame


def _offset_after_line(text: str, line: int) -> int:
    """Index of the first character after ``line`` lines, counted as the ``csv`` module does.

    ``\r\n``, ``\r`` and ``\n`` all end a line (``newline=""``), so this agrees with
    ``reader.line_num`` even for a carriage return inside a quoted header cell.
    """
    buffer = io.StringIO(text, newline="")
    for _ in range(line):
        buffer.readline()
    return buffer.tell()


def _count_leading_blank_lines(text: str) -> int:
    for count, line in enumerate(text.split("\n", 50)):
        if line.strip(" \t\r"):
            return count
    return 0  # an empty (or all-blank) file is reported as such, not as blank lines


def _read_header(reader: CsvReader, path: str) -> tuple[list[str] | None, int, int, Issue | None]:
    """The first non-blank record, the line it starts on and the line it ends on."""
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                return row, start, reader.line_num, None
            start = reader.line_num + 1
    except csv.Error as error:
        return None, 0, 0, make_issue("csv-parse-error", file=path, line=start, problem=str(error))
    return None, 0, 0, None


def _read_rows(reader: CsvReader, width: int, *, keep_cells: bool) -> tuple[_Rows, tuple[int, str] | None]:
    rows = _Rows()
    previous_end = reader.line_num
    try:
        for row in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if len(row) == width and any(row):
                rows.lines.append(line)
                if keep_cells:
                    rows.cells.append(row)
            elif not any(cell.strip() for cell in row):
                rows.blank_lines.append(line)
            else:
                rows.ragged.append((line, len(row)))
    except csv.Error as error:
        return rows, (previous_end + 1, str(error))  # where the broken record starts
    return rows, None


def _header_issues(header: list[str], path: str, line: int) -> list[Issue]:
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(header, start=1):
        if not name.strip():
            issues.append(make_issue("csv-empty-column-name", file=path, line=line, column=index,
                                     position=index))
            continue
        if name != name.strip():
            issues.append(make_issue("csv-header-whitespace", file=path, line=line, column=index, value=name,
                                     name=name, clean=name.strip(), where=space_position(name)))
        if name in seen:
            issues.append(make_issue("csv-duplicate-column", file=path, line=line, column=index, value=name,
                                     name=name))
        seen.setdefault(name, index)
    return issues


def _row_issues(rows: _Rows, width: int, path: str) -> list[Issue]:
    issues = [_blank_issue(rows.blank_lines, path)] if rows.blank_lines else []
    for line, found in rows.ragged[:MAX_REPEATS]:
        fix = ("Put values that contain a comma in double quotes, or remove the extra cells."
               if found > width else "Add the missing cells (an empty cell is written as nothing between two commas).")
        issues.append(make_issue("csv-ragged-row", file=path, line=line, found=found, expected=width, fix=fix))
    return issues


def _blank_issue(lines: list[int], path: str) -> Issue:
    more = f" (and {len(lines) - 1} more empty rows, the last on line {lines[-1]})" if len(lines) > 1 else ""
    return make_issue("csv-blank-row", file=path, line=lines[0], more=more)


def _to_frame(header: list[str], cells: list[list[str]]) -> pd.DataFrame:
    """Object columns of strings, blank cells missing; duplicate names kept by position."""
    data: dict[int, np.ndarray] = {}
    for index in range(len(header)):
        column = np.array([row[index] for row in cells], dtype=object)
        column[column == ""] = np.nan
        data[index] = column
    return pd.DataFrame(data, copy=False)
