"""Reporting and disaggregation status statistics, as Open SDG's builder computes them.

Sources: ``sdg-build:sdg/stats.py`` (reporting) and
``sdg-build:sdg/DisaggregationStatusService.py`` (disaggregation), described in the
reference §2.5–§2.6. Inputs are plain metadata mappings so the functions stay pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

NOT_SPECIFIED = "status.not_specified"
DISAGGREGATION_STATUSES = ("complete", "inprogress", "notstarted", "notapplicable")


def in_scope(metadata: Mapping[str, Any]) -> bool:
    """Standalone and placeholder indicators are left out of every statistic."""
    return not metadata.get("standalone") and not metadata.get("placeholder")


def disaggregation_status(expected: Sequence[str], actual: Sequence[str]) -> str:
    """How far the data covers the breakdowns the metadata expects."""
    if not expected:
        return "notapplicable"
    found = [column for column in expected if column in actual]
    if len(found) == len(expected) and len(actual) >= len(expected):
        return "complete"
    return "inprogress" if actual and found else "notstarted"


def reporting_statistics(metadata: Sequence[Mapping[str, Any]], extra_fields: Sequence[str]) -> dict[str, Any]:
    """The content of ``stats/reporting.json`` for the given indicators' metadata, in order."""
    statuses = list(dict.fromkeys(str(m.get("reporting_status", NOT_SPECIFIED)) for m in metadata))
    counted = [m for m in metadata if in_scope(m)]
    result: dict[str, Any] = {
        "statuses": [{"value": status} for status in statuses],
        "overall": _group_entry(counted, statuses),
        "goals": [{"goal": goal, **_group_entry(members, statuses)}
                  for goal, members in _groups(counted, "goal_number")],
        "extra_fields": {field: [{field: value, **_group_entry(members, statuses)}
                                 for value, members in _groups(counted, field)]
                         for field in extra_fields},
    }
    return result


def _group_entry(members: Sequence[Mapping[str, Any]], statuses: Sequence[str]) -> dict[str, Any]:
    total = len(members)
    counts = {status: 0 for status in statuses}
    for member in members:
        counts[str(member.get("reporting_status", NOT_SPECIFIED))] += 1
    return {"statuses": [{"status": s, "count": c, "percentage": round(100 * c / total, 3) if total else 0}
                         for s, c in counts.items()],
            "totals": {"total": total}}


def _groups(members: Sequence[Mapping[str, Any]], field: str) -> list[tuple[Any, list[Mapping[str, Any]]]]:
    """Members grouped by a field, sorted; all-numeric values become numbers (goals as ints)."""
    values = [_value(member.get(field)) for member in members]
    numeric = bool(values) and all(_is_number(value) for value in values)
    keys: list[Any] = [_to_number(v) for v in values] if numeric else values
    grouped: dict[Any, list[Mapping[str, Any]]] = {}
    for key, member in zip(keys, members, strict=True):
        grouped.setdefault(key, []).append(member)
    return sorted(grouped.items(), key=lambda item: item[0])


def _value(raw: Any) -> str:
    return NOT_SPECIFIED if raw in (None, "") else str(raw)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _to_number(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() else number
