"""Build-time translation with Open SDG's key semantics (reference §1.6).

A text is translated when it is a translation key (``group.key``), or when one of the
default groups turns it into one (``female`` → ``data.female``); otherwise it is kept
unchanged, so any text can go through safely. Metadata uses the default group ``data``;
a data cell tries ``{column}.{value}`` then ``data.{value}``; a breakdown column name tries
``{name}.{name}`` then ``data.{name}``. Non-breakdown columns keep their names.
Numbers are never translated.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sdgkit.dataservice.tabular import distinct_values
from sdgkit.i18n.catalog import Catalog

#: SDMX's composite breakdown column is relabelled by the site, never by the build
COMPOSITE_BREAKDOWN = "COMPOSITE_BREAKDOWN"


@dataclass(slots=True)
class Translator:
    """Translations of one language, with the set of keys any language knows."""

    language: str
    texts: dict[str, str] = field(default_factory=dict)
    known: frozenset[str] = frozenset()

    @classmethod
    def from_catalog(cls, catalog: Catalog, language: str) -> Translator:
        known = frozenset(f"{group}.{key}" for groups in catalog.texts.values()
                          for group, entries in groups.items() for key in entries)
        texts = {f"{group}.{key}": text for group, entries in catalog.texts.get(language, {}).items()
                 for key, text in entries.items()}
        return cls(language, texts, known)

    def __call__(self, text: str, default_group: str = "data") -> str:
        return self.text(text, (default_group,))

    def text(self, text: str, groups: Sequence[str] = ()) -> str:
        """The translation of ``text`` (or of ``group.text``), else ``text`` itself."""
        if text in self.known:
            return str(self.texts.get(text, text))
        for group in groups:
            key = f"{group}.{text}"
            if key in self.known:
                return str(self.texts.get(key, text))
        return text

    def value(self, value: Any) -> Any:
        """Metadata values: strings translated with group ``data``; lists and mappings recursively."""
        if isinstance(value, str):
            return self.text(value, ("data",))
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        return value

    def metadata(self, meta: dict[str, Any]) -> dict[str, Any]:
        """Translated metadata (keys are never translated, only values)."""
        return {key: self.value(value) for key, value in meta.items()}

    def frame(self, frame: pd.DataFrame, special_columns: Collection[str]) -> pd.DataFrame:
        """Cells and breakdown column names translated; numbers untouched.

        When translation changes nothing the same frame object is returned, so that the
        caller can reuse what it already derived and serialised from it.
        """
        changed = {name: self._column(frame[name], str(name)) for name in frame.columns}
        names = self.column_names([str(c) for c in frame.columns], special_columns)
        if names == [str(c) for c in frame.columns] and all(column is None for column in changed.values()):
            return frame
        columns = {name: frame[name] if column is None else column for name, column in changed.items()}
        translated = pd.DataFrame(columns, index=frame.index)
        translated.columns = names
        return translated

    def _column(self, column: pd.Series, name: str) -> pd.Series | None:
        """The translated column, or ``None`` when translation changes none of its values."""
        if pd.api.types.is_numeric_dtype(column.dtype):
            return None
        groups = (name, "data")
        distinct = [value for value in distinct_values(column) if isinstance(value, str)]
        mapping = {value: self.text(value, groups) for value in distinct}
        if all(key == text for key, text in mapping.items()):
            return None
        return column.map(lambda value: mapping.get(value, value) if isinstance(value, str) else value)

    def column_names(self, names: Sequence[str], special_columns: Collection[str]) -> list[str]:
        """Translated names; a name that translation makes a duplicate gets ``1``, ``2``… as the incumbent."""
        result: list[str] = []
        for name in names:
            new = name if name in special_columns or name == COMPOSITE_BREAKDOWN else self.text(name, (name, "data"))
            result.append(_unique(new, result))
        return result


def _unique(name: str, taken: list[str]) -> str:
    if name not in taken:
        return name
    number = 1
    while f"{name}{number}" in taken:
        number += 1
    return f"{name}{number}"
