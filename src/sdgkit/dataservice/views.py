"""What the data service writes about one indicator in one language.

A view is derived once per language from the assembled :class:`~sdgkit.model.indicator.Indicator`
and every renderer (JSON/CSV files, data packages, GeoJSON, documentation) reads it; no
renderer goes back to the model or translates on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sdgkit.derive.progress_series import IndicatorProgress

#: ``translate(text, default_group)``: the text of a translation key, else the text unchanged
#: (Open SDG semantics: ``female`` finds ``data.female`` when the default group is ``data``).
Translate = Callable[[str, str], str]

Edge = tuple[str, str]


def is_standalone(meta: Mapping[str, Any]) -> bool:
    """Open SDG ``is_standalone``: any value but absent or false counts (not an SDG indicator)."""
    return meta.get("standalone") not in (None, False)


@dataclass(frozen=True, slots=True)
class IndicatorView:
    """One indicator as the data service writes it in one language (``None`` = untranslated)."""

    slug: str
    language: str | None
    #: metadata exactly as written to ``meta/{slug}.json`` (translated in a language view)
    meta: dict[str, Any]
    #: the data as written to ``data/{slug}.csv``: column names and breakdown values translated,
    #: text columns hold ``str`` or NaN (blank), ``Value`` holds floats; an empty frame when there is no data
    data: pd.DataFrame
    #: headline rows (every breakdown blank), only the non-disaggregation columns present
    headline: pd.DataFrame
    edges: list[Edge]
    #: names (as they appear in ``data``) of the columns that are not breakdowns: Year, Value, Units, ...
    non_disaggregation: tuple[str, ...]
    #: names (as they appear in ``data``) of the observation attribute columns (footnotes)
    observation_attributes: tuple[str, ...]
    #: Open SDG ``is_complete``: reporting_status complete, or no status and both data and metadata
    complete: bool
    #: Open SDG ``is_statistical``: ``data_non_statistical`` is not set
    statistical: bool
    #: the progress status and, when computed, every number behind it (the same in every language)
    progress: IndicatorProgress | None = None

    @property
    def standalone(self) -> bool:
        return is_standalone(self.meta)

    @property
    def has_data(self) -> bool:
        return not self.data.empty

    @property
    def disaggregations(self) -> list[str]:
        """Breakdown columns, in data order (observation attributes excluded)."""
        skip = set(self.non_disaggregation) | set(self.observation_attributes)
        return [column for column in self.data.columns if column not in skip]
