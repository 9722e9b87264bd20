"""Progress rolled up to targets, goals and the whole country (sdgkit; Open SDG has no roll-up).

A group's score is the mean of its indicators' computed scores, read with the same bands
as an indicator's (so a goal is "on track" when its indicators are on average); "target
achieved" only when every scored indicator achieved its target. Counts include manual
statuses, which have no score. Standalone and placeholder indicators are left out, as in
the reporting statistics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sdgkit.derive.progress import STATUSES, TARGET_ACHIEVED, status_of_score
from sdgkit.derive.progress_series import IndicatorProgress
from sdgkit.derive.status import in_scope, natural_key


@dataclass(frozen=True, slots=True)
class ProgressSummary:
    """How the indicators of one group are doing."""

    #: indicators with a progress status (computed or manual)
    total: int = 0
    #: status → number of indicators, computed statuses first (best first), then any custom status
    counts: dict[str, int] = field(default_factory=dict)
    #: indicators with a computed score
    scored: int = 0
    score: float | None = None
    status: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "scored": self.scored, "score": self.score, "status": self.status,
                "statuses": [{"status": status, "count": count} for status, count in self.counts.items()]}


def summarise(progress: Iterable[IndicatorProgress]) -> ProgressSummary:
    """The summary of one group of indicators' progress."""
    members = list(progress)
    counts = {status: 0 for status in STATUSES}
    for member in members:
        counts[member.status] = counts.get(member.status, 0) + 1
    scores = [m.score for m in members if m.score is not None]
    if not scores:
        return ProgressSummary(len(members), counts)
    mean = sum(scores) / len(scores)
    achieved = all(m.status == TARGET_ACHIEVED for m in members if m.score is not None)
    status = TARGET_ACHIEVED if achieved else status_of_score(mean)
    return ProgressSummary(len(members), counts, len(scores), mean, status)


@dataclass(frozen=True, slots=True)
class ProgressRollup:
    """Summaries of the whole site, of each goal and of each target (in natural order)."""

    overall: ProgressSummary
    goals: dict[str, ProgressSummary]
    targets: dict[str, ProgressSummary]

    def as_dict(self, method: str) -> dict[str, Any]:
        """The content of ``stats/progress.json``."""
        return {"method": method, "statuses": list(STATUSES), "overall": self.overall.as_dict(),
                "goals": [{"goal": goal, **summary.as_dict()} for goal, summary in self.goals.items()],
                "targets": [{"target": target, **summary.as_dict()} for target, summary in self.targets.items()]}


def rollup(indicators: Sequence[tuple[Mapping[str, Any], IndicatorProgress | None]]) -> ProgressRollup:
    """Roll up ``(metadata, progress)`` pairs; the metadata gives goal and target numbers."""
    counted = [(meta, progress) for meta, progress in indicators if progress is not None and in_scope(meta)]
    return ProgressRollup(
        overall=summarise(progress for _, progress in counted),
        goals=_grouped(counted, "goal_number"),
        targets=_grouped(counted, "target_number"),
    )


def _grouped(counted: Sequence[tuple[Mapping[str, Any], IndicatorProgress]], key: str) -> dict[str, ProgressSummary]:
    groups: dict[str, list[IndicatorProgress]] = {}
    for meta, progress in counted:
        if meta.get(key) not in (None, ""):
            groups.setdefault(str(meta[key]), []).append(progress)
    return {name: summarise(groups[name]) for name in sorted(groups, key=natural_key)}
