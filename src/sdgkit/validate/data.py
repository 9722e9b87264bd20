"""Checks of observation tables: column order, spaces in values, repeated observations, GeoCodes.

Each check works on distinct values or on pandas' hashing, never cell by cell in
Python, so the whole UK repository (204,000 rows) is checked in a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from sdgkit.formats.csv_data import MAX_REPEATS
from sdgkit.formats.geojson import LayerCodes
from sdgkit.model.indicator import Indicator, ObservationTable, Role
from sdgkit.model.observations import GEOCODE, VALUE, YEAR
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue
from sdgkit.validate.wording import in_rows, space_position


def check_data(indicator: Indicator, layers: list[LayerCodes]) -> list[Issue]:
    table = indicator.data
    if table is None:
        return []
    slug = indicator.id.slug
    if table.frame.empty:
        return [make_issue("data-no-rows", file=table.file, line=1, indicator=slug)]
    return [*_column_order(table, slug), *_cell_whitespace(table, slug), *_duplicates(table, slug),
            *_unknown_geocodes(table, slug, layers)]


def _column_order(table: ObservationTable, slug: str) -> Iterator[Issue]:
    columns = list(table.frame.columns)
    if YEAR in columns and columns[0] != YEAR:
        yield make_issue("data-year-not-first", file=table.file, line=1, column=columns.index(YEAR) + 1,
                         indicator=slug, position=columns.index(YEAR) + 1)
    if VALUE in table.roles and columns[-1] != VALUE and table.frame[VALUE].notna().any():
        yield make_issue("data-value-not-last", file=table.file, line=1, column=columns.index(VALUE) + 1,
                         indicator=slug, position=columns.index(VALUE) + 1, count=len(columns))


def _cell_whitespace(table: ObservationTable, slug: str) -> Iterator[Issue]:
    for number, column in enumerate(table.frame.columns, start=1):
        if table.roles.get(column) is Role.VALUE:
            continue
        values = table.frame[column]
        distinct = [v for v in pd.unique(values.to_numpy()) if isinstance(v, str) and v != v.strip()]
        for value in distinct[:MAX_REPEATS]:
            positions = np.flatnonzero((values == value).to_numpy())
            yield make_issue("csv-cell-whitespace", file=table.file, line=table.lines[positions[0]].item(),
                             column=number, value=value, indicator=slug, name=column, clean=value.strip(),
                             where=space_position(value), more=in_rows(len(positions)))


def _duplicates(table: ObservationTable, slug: str) -> Iterator[Issue]:
    frame = table.frame
    key = [c for c in table.key_columns if c in frame.columns]
    if not key:
        return
    repeated = frame.duplicated(subset=key, keep="first").to_numpy()
    if not repeated.any():
        return
    first_of = _first_positions_of_keys(frame, key)
    repeats = np.flatnonzero(repeated)
    for count, position in enumerate(repeats[:MAX_REPEATS]):
        first = first_of[int(position)]
        value: Any = frame[VALUE].iat[position]
        other: Any = frame[VALUE].iat[first]
        same = (pd.isna(value) and pd.isna(other)) or value == other
        more = f" ({len(repeats)} repeated rows in this file)" if count == 0 and len(repeats) > 1 else ""
        code = "data-duplicate-observation" if same else "data-conflicting-observation"
        yield make_issue(code, file=table.file, line=table.lines[position].item(), indicator=slug,
                         value=_number(value), other=_number(other), first=table.lines[first].item(), more=more)


def _first_positions_of_keys(frame: pd.DataFrame, key: list[str]) -> dict[int, int]:
    """For each row whose key repeats, the position of the first row with that key."""
    dup = frame.duplicated(subset=key, keep=False).to_numpy()
    subset = frame.loc[dup, key].fillna("\x00")
    groups = subset.groupby(key, sort=False, dropna=False).indices
    result: dict[int, int] = {}
    positions = np.flatnonzero(dup)
    for members in groups.values():
        rows = positions[np.asarray(members)]
        for row in rows:
            result[int(row)] = int(rows.min())
    return result


def _unknown_geocodes(table: ObservationTable, slug: str, layers: list[LayerCodes]) -> Iterator[Issue]:
    if not layers or GEOCODE not in table.frame.columns:
        return
    known = set().union(*(layer.ids for layer in layers))
    codes = table.frame[GEOCODE]
    unknown = [code for code in codes.dropna().unique() if code not in known]
    column = list(table.frame.columns).index(GEOCODE) + 1
    for code in unknown[:MAX_REPEATS]:
        positions = np.flatnonzero((codes == code).to_numpy())
        yield make_issue("data-geocode-unknown", file=table.file, line=table.lines[positions[0]].item(),
                         column=column, value=code, indicator=slug, more=in_rows(len(positions)),
                         id_property=layers[0].layer.id_property)


def _number(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "(blank)"
    return f"{value:.15g}" if isinstance(value, float) else str(value)
