"""The one model every later stage reads: indicators with typed observations.

An :class:`Indicator` is assembled from any number of files; its observation table
declares the role of each column so that derivations (headline, edges, statistics)
never guess from column names again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from sdgkit.model.ids import IndicatorId


class Role(StrEnum):
    """What a data column means (SDMX vocabulary where it has a word for it)."""

    TIME = "time"
    VALUE = "value"
    UNIT = "unit"
    SERIES = "series"
    GEOCODE = "geocode"
    DIMENSION = "dimension"
    #: non-disaggregation columns that describe a whole series (``Observation status``, ``COMMENT_TS``)
    SERIES_ATTRIBUTE = "series-attribute"
    #: footnotes attached to single observations (``COMMENT_OBS``)
    OBSERVATION_ATTRIBUTE = "observation-attribute"


@dataclass(slots=True)
class ObservationTable:
    """Observations of one indicator.

    ``frame`` holds text columns (missing = blank = total) and ``Value`` as floats;
    ``years`` is the first year of each row's period (``<NA>`` if unrecognised);
    ``lines`` is the source line of each row in ``file``.
    """

    file: str
    frame: pd.DataFrame
    roles: dict[str, Role]
    years: pd.Series
    lines: np.ndarray

    def columns_with(self, *roles: Role) -> list[str]:
        return [column for column, role in self.roles.items() if role in roles]

    @property
    def key_columns(self) -> list[str]:
        """Columns that identify an observation: all but the value and its footnotes."""
        return [c for c, r in self.roles.items() if r not in (Role.VALUE, Role.OBSERVATION_ATTRIBUTE)]


@dataclass(slots=True)
class Indicator:
    """One indicator: identity, merged metadata, translations of it, and data."""

    id: IndicatorId
    metadata: dict[str, Any] = field(default_factory=dict)
    #: language → fields from language sub-folders (``meta/fr/1-1-1.yml``)
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)
    data: ObservationTable | None = None
    #: files that contributed metadata, in merge order
    meta_files: list[str] = field(default_factory=list)
    #: line of each metadata field in the file that set it: key → (file, line)
    field_sources: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    @property
    def standalone(self) -> bool:
        return self.metadata.get("standalone") is True

    @property
    def number(self) -> str:
        return self.id.number(self.standalone)

    @property
    def is_statistical(self) -> bool:
        """Open SDG ``is_statistical``: true unless ``data_non_statistical`` is set."""
        return self.metadata.get("data_non_statistical") is not True

    @property
    def sort_key(self) -> str:
        override = self.metadata.get("sort")
        return self.id.site_sort_key(str(override) if override else None)

    def locate(self, key: str) -> tuple[str | None, int | None]:
        """File and line of a metadata field, for issues."""
        if key in self.field_sources:
            return self.field_sources[key]
        return (self.meta_files[0] if self.meta_files else None), None
