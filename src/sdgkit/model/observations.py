"""Typing a CSV table into an :class:`ObservationTable`: roles, periods and numbers.

``Year`` is typed first (each period placed at its first year through the period
grammar), ``Value`` last (a float, blank = missing). Problems found while typing are
issues with the line of the first offending row; repeats of the same value are
counted in one issue rather than repeated thousands of times.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sdgkit.config.models import IndicatorOptions
from sdgkit.formats.csv_data import CsvTable
from sdgkit.model.indicator import ObservationTable, Role
from sdgkit.model.periods import NOTE_KIND, ParsedPeriod, PeriodGrammar
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue
from sdgkit.validate.wording import in_rows

YEAR, VALUE, GEOCODE = "Year", "Value", "GeoCode"


def column_roles(columns: list[str], options: IndicatorOptions) -> dict[str, Role]:
    """Role of each column from the site's ``indicator_options``."""
    fixed = {YEAR: Role.TIME, VALUE: Role.VALUE, GEOCODE: Role.GEOCODE,
             options.unit_column: Role.UNIT, options.series_column: Role.SERIES}
    observation = set(options.observation_attributes)
    series_level = set(options.non_disaggregation_columns) | {options.progress_column}
    roles: dict[str, Role] = {}
    for column in columns:
        if column in fixed:
            roles[column] = fixed[column]
        elif column in observation:
            roles[column] = Role.OBSERVATION_ATTRIBUTE
        elif column in series_level:
            roles[column] = Role.SERIES_ATTRIBUTE
        else:
            roles[column] = Role.DIMENSION
    return roles


def type_table(table: CsvTable, options: IndicatorOptions, grammar: PeriodGrammar,
               indicator: str) -> tuple[ObservationTable, list[Issue]]:
    """Give the table's columns their roles and types, reporting what cannot be typed."""
    frame = table.frame  # the reader's own frame: typed in place, not copied
    if frame.columns.has_duplicates:  # reported by the reader; the first column of a name wins
        frame = frame.loc[:, ~frame.columns.duplicated()].copy()
    issues = _missing_columns(table, indicator)
    if VALUE in frame.columns:
        frame[VALUE], value_issues = _numeric_values(frame[VALUE], table, indicator)
        issues += value_issues
    else:
        frame[VALUE] = np.nan
    if YEAR in frame.columns:
        years, year_issues = _period_years(frame, table, grammar, indicator)
        issues += year_issues
    else:
        years = pd.Series(pd.array([pd.NA] * len(frame), dtype="Int64"), index=frame.index)
    roles = column_roles(list(frame.columns), options)
    return ObservationTable(table.path, frame, roles, years, table.lines), issues


def _missing_columns(table: CsvTable, indicator: str) -> list[Issue]:
    issues = []
    near = _near_misses(table.header)
    for name, code in ((YEAR, "data-missing-year-column"), (VALUE, "data-missing-value-column")):
        if name not in table.header:
            hint = near.get(name.lower())
            issues.append(make_issue(code, file=table.path, line=table.header_line,
                                     indicator=indicator, near=f" (there is a column `{hint}`)" if hint else ""))
    return issues


def _near_misses(header: list[str]) -> dict[str, str]:
    """Columns that are ``Year``/``Value`` but for case or spaces: ``{"year": "year "}``."""
    return {name.strip().lower(): name for name in header if name.strip().lower() in ("year", "value")}


def _numeric_values(raw: pd.Series, table: CsvTable, indicator: str) -> tuple[pd.Series, list[Issue]]:
    numbers = pd.to_numeric(raw, errors="coerce").astype("float64")
    bad = raw.notna() & (numbers.isna() | ~np.isfinite(numbers))
    issues = []
    if bad.any():
        for value, positions in _first_positions(raw[bad]).items():
            issues.append(make_issue("data-value-not-numeric", file=table.path, line=table.line_of(positions[0]),
                                     column=_column_number(table, VALUE), value=value, indicator=indicator,
                                     more=in_rows(len(positions))))
        numbers[bad] = np.nan
    return numbers, issues


def _period_years(frame: pd.DataFrame, table: CsvTable, grammar: PeriodGrammar,
                  indicator: str) -> tuple[pd.Series, list[Issue]]:
    codes, distinct = pd.factorize(frame[YEAR])  # periods repeat: parse each text once
    parsed = {str(text): grammar.parse(str(text)) for text in distinct}
    results = list(parsed.values())
    year_of_code = pd.array([r.year for r in results] + [None], dtype="Int64")
    years = pd.Series(year_of_code[codes], index=frame.index)  # code -1 (blank) takes the last, <NA>
    issues = _blank_year_issues(frame, table, indicator)
    bad = [code for code, result in enumerate(results) if not grammar.is_accepted(result)]
    if bad:
        positions = np.flatnonzero(np.isin(codes, bad))
        first = {results[code].text: positions[codes[positions] == code].tolist() for code in bad}
        issues += _period_issues(first, parsed, table, indicator)
    return years, issues


def _blank_year_issues(frame: pd.DataFrame, table: CsvTable, indicator: str) -> list[Issue]:
    blank = frame[YEAR].isna() & frame[VALUE].notna()
    if not blank.any():
        return []
    positions = np.flatnonzero(blank.to_numpy())
    return [make_issue("data-year-blank", file=table.path, line=table.line_of(int(positions[0])),
                       column=_column_number(table, YEAR), indicator=indicator, more=in_rows(len(positions)))]


def _period_issues(first: dict[str, list[int]], parsed: dict[str, ParsedPeriod], table: CsvTable,
                   indicator: str) -> list[Issue]:
    """One issue per period form (and per unrecognised text), at its first row."""
    by_form: dict[str, list[tuple[str, list[int]]]] = {}
    for text, positions in first.items():
        by_form.setdefault(_kind_id(parsed[text]), []).append((text, positions))
    issues = []
    for kind, entries in by_form.items():
        text, positions = min(entries, key=lambda entry: entry[1][0])
        count = sum(len(p) for _, p in entries)
        result = parsed[text]
        form = result.form
        common: dict[str, Any] = {"file": table.path, "line": table.line_of(positions[0]), "value": text,
                  "column": _column_number(table, YEAR), "indicator": indicator, "more": in_rows(count)}
        if form is None:
            issues.append(make_issue("data-period-unrecognised", **common))
        else:
            label = f"{form.label} with a note" if result.noted else form.label
            issues.append(make_issue("data-period-not-year", kind=label, kind_id=kind, year=result.year, **common))
    return issues


def _kind_id(parsed: ParsedPeriod) -> str:
    """The period kind to accept to silence this period (``note`` for noted periods)."""
    if parsed.form is None:
        return f"?{parsed.text}"
    return NOTE_KIND if parsed.noted else parsed.form.kind


def _first_positions(values: pd.Series) -> dict[str, list[int]]:
    """Positions (0-based row order) of each distinct value, in order of appearance."""
    groups = values.groupby(values, sort=False).indices
    ordered = sorted(groups.items(), key=lambda item: int(item[1][0]))
    return {str(value): values.index[members].tolist() for value, members in ordered}


def _column_number(table: CsvTable, name: str) -> int | None:
    return table.header.index(name) + 1 if name in table.header else None
