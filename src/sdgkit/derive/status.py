"""Reporting and disaggregation status statistics, as Open SDG's builder computes them.

Sources: ``sdg-build:sdg/stats.py`` (reporting) and
``sdg-build:sdg/DisaggregationStatusService.py`` (disaggregation), described in the
reference §2.5–§2.6. Inputs are plain metadata mappings so the functions stay pure.
"""

from __future__ import annotations

import re
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


def disaggregation_statistics(indicators: Sequence[tuple[str, Mapping[str, Any], Sequence[str]]],
                              extra_fields: Sequence[str], ignore_out_of_scope: bool) -> dict[str, Any]:
    """The content of ``stats/disaggregation.json``.

    ``indicators`` holds ``(goal, metadata, breakdown columns in the data)`` for every
    indicator in site order. Goals are strings in natural order; percentages are not
    rounded; with ``ignore_out_of_scope`` the not-applicable indicators count nowhere.
    """
    statuses = [s for s in DISAGGREGATION_STATUSES if not (ignore_out_of_scope and s == "notapplicable")]
    overall: list[str] = []
    goals: dict[str, list[str]] = {}
    extras: dict[str, dict[Any, list[str]]] = {field: {} for field in extra_fields}
    for goal, meta, actual in indicators:
        if not in_scope(meta):
            continue
        status = disaggregation_status(_as_list(meta.get("expected_disaggregations")), actual)
        bucket = goals.setdefault(goal, [])
        if ignore_out_of_scope and status == "notapplicable":
            continue
        overall.append(status)
        bucket.append(status)
        for field in extra_fields:
            if meta.get(field) is not None:
                extras[field].setdefault(_hashable(meta[field]), []).append(status)
    return {
        "statuses": [{"value": s, "translation_key": f"status.disaggregation_status_{s}"} for s in statuses],
        "overall": _disaggregation_entry(overall, statuses),
        "goals": [{"goal": goal, **_disaggregation_entry(goals[goal], statuses)}
                  for goal in sorted(goals, key=natural_key)],
        "extra_fields": {field: [{field: value, **_disaggregation_entry(found, statuses)}
                                 for value, found in extras[field].items()] for field in extra_fields},
    }


def _disaggregation_entry(found: Sequence[str], statuses: Sequence[str]) -> dict[str, Any]:
    total = len(found)
    return {"statuses": [{"status": s, "translation_key": f"status.disaggregation_status_{s}",
                          "count": found.count(s), "percentage": 100 * found.count(s) / total if total else 0}
                         for s in statuses],
            "totals": {"total": total}}


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return []


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) else str(value)


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """``2`` before ``10``; digits compare as numbers, other text as text."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part)
