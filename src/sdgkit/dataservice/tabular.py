"""Tables and JSON as the data service writes them.

sdgkit reads every cell as text so that nothing is lost (``None`` stays a category,
``01`` keeps its zero). The incumbent reads CSV with pandas' defaults, so its JSON
carries numbers where a column holds only numbers (``"Year": [2015, 2016]``). Sites and
partners rely on that, so :func:`output_frame` gives back numbers for columns made only
of plain numbers, and only those: a column with one text value stays text, and a number
written with a leading zero is text too, because turning it into a number would change it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

VALUE = "Value"
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def output_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with numeric-only text columns turned into numbers (see module docstring)."""
    columns = {name: _typed_column(frame[name]) if name != VALUE else _typed_value(frame[name])
               for name in frame.columns}
    return pd.DataFrame(columns, index=frame.index)


def distinct_values(column: pd.Series) -> list[Any]:
    """Distinct non-blank values in order of first appearance (fast: one hash pass, no copy)."""
    return [value for value in pd.unique(column.to_numpy()) if not _is_blank(value)]


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _typed_column(column: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column.dtype):
        return column
    distinct = distinct_values(column)
    if not distinct or not all(isinstance(value, str) for value in distinct):
        return column
    if all(_INTEGER.fullmatch(value) for value in distinct):
        if column.isna().any():  # pandas would make these floats; years stay whole numbers
            return column.map(int, na_action="ignore").astype(object)
        return column.astype("int64")
    if all(_DECIMAL.fullmatch(value) for value in distinct):
        return column.astype("float64")
    return column


def _typed_value(column: pd.Series) -> pd.Series:
    """``Value`` is float; whole numbers with no blank are written as integers, as pandas does."""
    numbers = pd.to_numeric(column, errors="coerce")
    if len(numbers) and numbers.notna().all() and bool((numbers == np.floor(numbers)).all()) \
            and bool((numbers.abs() < 2**53).all()):
        return numbers.astype("int64")
    return numbers.astype("float64")


def column_lists(frame: pd.DataFrame) -> dict[str, list[Any]] | list[Any]:
    """``orient=list`` JSON: one list per column, blanks as ``null``; ``[]`` for no rows."""
    if frame.empty:
        return []
    return {str(name): _plain_list(frame[name]) for name in frame.columns}


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``orient=records`` JSON: one object per row, blanks as ``null``."""
    if frame.empty:
        return []
    names = [str(name) for name in frame.columns]
    columns = [_plain_list(frame[name]) for name in frame.columns]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _plain_list(column: pd.Series) -> list[Any]:
    """Python values for JSON and CSV: NaN → ``None``, numpy scalars → int/float."""
    if not pd.api.types.is_integer_dtype(column.dtype):
        values = column.to_numpy(dtype=object)
        blank = pd.isna(values)
        if blank.any():
            plain = values.astype(object)
            plain[blank] = None
            return list(plain.tolist())
    return list(column.tolist())


def csv_bytes(frame: pd.DataFrame, columns: Sequence[list[Any]] | None = None) -> bytes:
    """The frame as CSV (UTF-8, LF line ends, blanks for missing), as pandas writes it.

    ``columns`` are the frame's values as :func:`column_lists` made them, when already at hand.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([str(name) for name in frame.columns])
    values = columns if columns is not None else [_plain_list(frame[name]) for name in frame.columns]
    writer.writerows(zip(*values, strict=True))
    return buffer.getvalue().encode("utf-8")


def _default(value: Any) -> Any:
    """JSON for values YAML produces that JSON lacks: dates as ISO 8601 text."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON; NaN and infinities (never valid JSON) become ``null``."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_default)
    except ValueError:
        text = json.dumps(_without_nan(value), ensure_ascii=False, separators=(",", ":"), default=_default)
    return text.encode("utf-8")


def _without_nan(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _without_nan(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_without_nan(item) for item in value]
    return value
