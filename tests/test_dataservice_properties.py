"""Property tests of the data service: translation never changes a number, order never changes content."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sdgkit.dataservice.tabular import column_lists, csv_bytes, output_frame
from sdgkit.dataservice.translate import Translator

LABELS = st.sampled_from(["female", "male", "urban", "rural", None])
ROWS = st.lists(st.tuples(st.integers(2000, 2030), LABELS, LABELS,
                          st.one_of(st.none(), st.floats(-1e9, 1e9, allow_nan=False))), min_size=1, max_size=30)


def frame_of(rows: list[tuple[int, str | None, str | None, float | None]]) -> pd.DataFrame:
    return pd.DataFrame({
        "Year": pd.Series([str(r[0]) for r in rows], dtype=object),
        "Sex": pd.Series([r[1] if r[1] is not None else np.nan for r in rows], dtype=object),
        "Location": pd.Series([r[2] if r[2] is not None else np.nan for r in rows], dtype=object),
        "Value": pd.Series([r[3] if r[3] is not None else np.nan for r in rows], dtype="float64"),
    })


TRANSLATOR = Translator("fr", {"data.female": "Femmes", "data.male": "Hommes", "data.Sex": "Sexe",
                               "data.2020": "deux mille vingt"},
                        frozenset({"data.female", "data.male", "data.Sex", "data.2020"}))


@settings(max_examples=60, deadline=None)
@given(ROWS)
def test_translation_never_changes_a_number(rows: list[tuple[int, str | None, str | None, float | None]]) -> None:
    typed = output_frame(frame_of(rows))
    translated = TRANSLATOR.frame(typed, {"Year", "Value"})
    assert column_lists(translated)["Value"] == column_lists(typed)["Value"]  # type: ignore[call-overload]
    assert column_lists(translated)["Year"] == column_lists(typed)["Year"]  # type: ignore[call-overload]
    assert "Sexe" in translated.columns


@settings(max_examples=60, deadline=None)
@given(ROWS, st.randoms(use_true_random=False))
def test_row_order_does_not_change_the_rows_written(rows: list[tuple[int, str | None, str | None, float | None]],
                                                    shuffle: object) -> None:
    shuffled = list(rows)
    shuffle.shuffle(shuffled)  # type: ignore[attr-defined]
    written = csv_bytes(output_frame(frame_of(rows))).decode().splitlines()
    again = csv_bytes(output_frame(frame_of(shuffled))).decode().splitlines()
    assert written[0] == again[0] and sorted(written[1:]) == sorted(again[1:])


@settings(max_examples=60, deadline=None)
@given(ROWS)
def test_csv_and_json_hold_the_same_cells(rows: list[tuple[int, str | None, str | None, float | None]]) -> None:
    typed = output_frame(frame_of(rows))
    lists = column_lists(typed)
    assert isinstance(lists, dict)
    reread = pd.read_csv(__import__("io").StringIO(csv_bytes(typed).decode()), dtype=object, keep_default_na=False)
    for column, values in lists.items():
        as_text = ["" if v is None else (repr(v) if isinstance(v, float) else str(v)) for v in values]
        assert reread[column].tolist() == as_text
    json.dumps(lists)  # always serialisable
