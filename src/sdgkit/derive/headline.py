"""The headline series, as Open SDG's builder computes it (``sdg-build:sdg/data.py filter_headline``).

The headline is the national total: rows where every disaggregation column is blank.
Non-disaggregation columns (``Units``, ``Series``, ``GeoCode``, …) may be filled, so
there is one headline per unit and series; only those columns are kept.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd


def disaggregation_columns(frame: pd.DataFrame, non_disaggregation: Collection[str]) -> list[str]:
    """Columns that break the data down (everything not declared non-disaggregation)."""
    return [column for column in frame.columns if column not in non_disaggregation]


def headline(frame: pd.DataFrame, non_disaggregation: Collection[str]) -> pd.DataFrame:
    """Rows with every disaggregation blank, restricted to the non-disaggregation columns.

    The index of the input is kept, so each headline row can be traced to its source row.
    """
    breakdowns = disaggregation_columns(frame, non_disaggregation)
    is_total = frame[breakdowns].isna().all(axis=1) if breakdowns else pd.Series(True, index=frame.index)
    kept = [column for column in frame.columns if column in non_disaggregation]
    return frame.loc[is_total.to_numpy(), kept]
