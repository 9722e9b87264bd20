"""Headline and edges: the incumbent's algorithms, pinned by examples and properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sdgkit.derive.edges import edges
from sdgkit.derive.headline import headline

NON_DISAGGREGATION = ["Year", "Units", "Series", "Value", "GeoCode"]
BREAKDOWNS = ["Sex", "Age", "Location", "Region"]


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["Year", "Units", *BREAKDOWNS, "Value"])
    return frame.astype(object).where(frame.notna(), np.nan)


def test_headline_is_the_total_per_unit() -> None:
    frame = _frame([
        {"Year": "2015", "Units": "%", "Value": 1.0},
        {"Year": "2015", "Units": "n", "Value": 10.0},
        {"Year": "2015", "Units": "%", "Sex": "F", "Value": 2.0},
    ])
    result = headline(frame, NON_DISAGGREGATION)
    assert list(result.columns) == ["Year", "Units", "Value"]
    assert result["Value"].tolist() == [1.0, 10.0]


def test_edges_follow_the_documented_example() -> None:
    # Location and Region only appear with Sex; Region only with Location
    frame = _frame([
        {"Year": "2015", "Value": 1.0},
        {"Year": "2015", "Sex": "F", "Value": 1.0},
        {"Year": "2015", "Sex": "F", "Location": "Urban", "Value": 1.0},
        {"Year": "2015", "Sex": "F", "Location": "Urban", "Region": "North", "Value": 1.0},
        {"Year": "2015", "Age": "0-15", "Value": 1.0},
    ])
    assert edges(frame, NON_DISAGGREGATION) == [("Sex", "Location"), ("Location", "Region")]


def test_columns_that_always_appear_together_make_the_left_one_parent() -> None:
    frame = _frame([{"Year": "2015", "Sex": "F", "Age": "1", "Value": 1.0}, {"Year": "2015", "Value": 2.0}])
    assert edges(frame, NON_DISAGGREGATION) == [("Sex", "Age")]


cells = st.one_of(st.none(), st.sampled_from(["A", "B", "None", "NA"]))
rows = st.lists(st.fixed_dictionaries({
    "Year": st.sampled_from(["2015", "2016"]), "Units": st.sampled_from(["%", "n"]),
    "Sex": cells, "Age": cells, "Location": cells, "Region": cells,
    "Value": st.floats(allow_nan=False, allow_infinity=False, width=32)}), min_size=1, max_size=30)


@settings(max_examples=150, deadline=None)
@given(rows)
def test_properties_of_headline_and_edges(data: list[dict[str, object]]) -> None:
    frame = _frame(data)
    shuffled = frame.sample(frac=1.0, random_state=np.random.RandomState(len(data)))
    result = headline(frame, NON_DISAGGREGATION)
    # the headline is a subset of the rows, with their values unchanged
    assert set(result.index) <= set(frame.index)
    assert (result["Value"] == frame.loc[result.index, "Value"]).all()
    assert frame.loc[result.index, BREAKDOWNS].isna().all().all()
    # neither depends on row order
    assert set(headline(shuffled, NON_DISAGGREGATION).index) == set(result.index)
    assert edges(shuffled, NON_DISAGGREGATION) == edges(frame, NON_DISAGGREGATION)
    # an edge never points back at an ancestor
    found = edges(frame, NON_DISAGGREGATION)
    assert not {(child, parent) for parent, child in found} & set(found)
