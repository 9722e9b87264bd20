"""Edges between disaggregations, as Open SDG's builder finds them (``sdg-build:sdg/edges.py``).

An edge ``parent → child`` says the child breakdown only has values where the parent
has one (``Region`` only within ``Location``), so the site can hide the child filter
until a parent value is chosen. Columns are compared pairwise in column order; two
columns that always appear together make the left-most the parent. Finally an edge
from a grandparent is dropped when the child has a closer parent.
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import combinations

import numpy as np
import pandas as pd

from sdgkit.derive.headline import disaggregation_columns

Edge = tuple[str, str]


def edges(frame: pd.DataFrame, non_disaggregation: Collection[str]) -> list[Edge]:
    """``(parent, child)`` pairs in the incumbent's order."""
    columns = disaggregation_columns(frame, non_disaggregation)
    present = {column: frame[column].notna().to_numpy() for column in columns}
    found = [edge for a, b in combinations(columns, 2) if (edge := _edge(a, b, present)) is not None]
    return _without_grandparents(found)


def _edge(a: str, b: str, present: dict[str, np.ndarray]) -> Edge | None:
    has_a, has_b = present[a], present[b]
    a_without_b = bool((has_a & ~has_b).any())
    b_without_a = bool((has_b & ~has_a).any())
    a_used, b_used = bool(has_a.any()), bool(has_b.any())
    if a_without_b and not b_without_a and b_used:
        return (a, b)
    if b_without_a and not a_without_b and a_used:
        return (b, a)
    if not a_without_b and not b_without_a and a_used and b_used:
        return (a, b)
    return None


def _without_grandparents(found: list[Edge]) -> list[Edge]:
    """Drop ``ancestor → child`` where the ancestor is a parent's (transitive) parent."""
    parents: dict[str, set[str]] = {}
    for parent, child in found:
        parents.setdefault(child, set()).add(parent)

    def ancestors(column: str, seen: set[str]) -> set[str]:
        result: set[str] = set()
        for parent in parents.get(column, set()) - seen:
            result |= {parent} | ancestors(parent, seen | {parent})
        return result

    indirect = {child: set().union(*(ancestors(p, {child, p}) for p in direct))
                for child, direct in parents.items()}
    return [(parent, child) for parent, child in found if parent not in indirect[child]]
