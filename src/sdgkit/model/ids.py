"""Indicator identity: slugs (``1-2-1``), numbers (``1.2.1``) and the sort keys.

Open SDG derives an indicator's id from its file names (``indicator_1-2-1.csv``,
``meta/1-2-1.md``). Two sort keys exist in the incumbent and both are reproduced:
the build writes ``indicator_sort_order`` (``01-02-01``) into metadata, while the
site orders goals, targets and indicators with ``010201`` (letters doubled, ``a`` →
``aa``) unless an indicator sets ``sort`` (Open SDG ``plugins:sdg_variables.rb``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: An id is used in web addresses and file names, so it stays simple.
_VALID_SLUG = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$")
#: goal-target-indicator, e.g. 1-2-1, 1-a-2, 17-18-1.
_SDG_SHAPE = re.compile(r"^(\d{1,2})-([0-9]{1,2}|[a-z])-(\d{1,2})$")


@dataclass(frozen=True, slots=True, order=False)
class IndicatorId:
    """A parsed indicator id; ``slug`` is the canonical dash form."""

    slug: str

    @property
    def parts(self) -> list[str]:
        return self.slug.split("-")

    @property
    def is_sdg_shaped(self) -> bool:
        """True for goal-target-indicator ids such as ``1-a-2``."""
        return _SDG_SHAPE.match(self.slug) is not None

    def number(self, standalone: bool = False) -> str:
        """Dotted number shown to readers; standalone indicators keep their raw id."""
        return self.slug if standalone else self.slug.replace("-", ".")

    def goal(self, standalone: bool = False) -> str:
        """Goal part of the id (the whole id for standalone indicators)."""
        return self.slug if standalone else self.parts[0]

    def target(self, standalone: bool = False) -> str:
        """Target as a dotted number (``1.2``), or the whole id for standalone ones."""
        if standalone:
            return self.slug
        return ".".join(self.parts[:2])

    def build_sort_order(self) -> str:
        """``indicator_sort_order`` as sdg-build writes it: parts zero-padded, dash-joined."""
        return "-".join(part.zfill(2) for part in self.slug.split("-"))

    def site_sort_key(self, override: str | None = None) -> str:
        """Key the site orders by: one-character parts padded (``1``→``01``, ``a``→``aa``)."""
        if override:
            return override
        return "".join(_pad_sort_part(part) for part in self.parts)

    def __str__(self) -> str:
        return self.slug


def _pad_sort_part(part: str) -> str:
    if len(part) != 1:
        return part
    return "0" + part if part.isdigit() else part * 2


def parse_indicator_id(raw: str) -> IndicatorId | None:
    """Parse ``1.2.1``, ``1-2-1`` or a national id; ``None`` when it cannot be an id.

    Dots become dashes (the number form), surrounding whitespace is ignored.
    """
    slug = raw.strip().replace(".", "-")
    if not _VALID_SLUG.match(slug):
        return None
    return IndicatorId(slug)


def id_from_filename(stem: str, prefix: str = "indicator_") -> str:
    """Indicator id text of a data file name: ``indicator_1-1-1`` → ``1-1-1``.

    Only the ``indicator_`` prefix is removed, as ``InputCsvData`` does; other names
    (``archived-1-a-1``) are ids as they are.
    """
    return stem[len(prefix):] if prefix and stem.startswith(prefix) else stem
