"""Small phrases shared by several checks, so the same thing is said the same way."""

from __future__ import annotations


def space_position(text: str) -> str:
    """Where a value has surrounding spaces: ``start``, ``end`` or ``start and end``."""
    starts, ends = text != text.lstrip(), text != text.rstrip()
    return "start and end" if starts and ends else ("start" if starts else "end")


def in_rows(count: int) -> str:
    """`` (in N rows)`` when a problem repeats, nothing for a single row."""
    return f" (in {count} rows)" if count > 1 else ""
