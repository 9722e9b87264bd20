"""Problems are data: the issue record, its severity and the report that collects them.

Every check in sdgkit *returns* issues instead of raising or printing, so the same
report feeds the command line, the JSON output and (later) the browser editor. The
catalogue of codes lives in :mod:`sdgkit.validate.catalog`; this module only holds
the shapes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum


class Severity(StrEnum):
    """How serious an issue is; ``error`` fails ``sdgkit check``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Order used when sorting: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in the user's repository, located as exactly as we can.

    ``file`` is relative to the repository root (POSIX separators) so reports are
    the same on every machine; ``line`` and ``column`` are 1-based like editors show.

    ``params`` are the texts the message and hint were filled with, kept so that
    :mod:`sdgkit.validate.localize` can word the issue again in another language.
    They are left out of comparisons (two issues saying the same thing at the same
    place are equal, as before) and out of :meth:`to_dict` (the published JSON
    report does not change).
    """

    code: str
    severity: Severity
    message: str
    hint: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    value: str | None = None
    indicator: str | None = None
    params: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    def sort_key(self) -> tuple[str, int, int, int, str]:
        """Files in name order, then by position, then errors before warnings."""
        return (self.file or "", self.line or 0, self.column or 0, self.severity.rank, self.code)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape documented in ``schemas/check-report.schema.json``."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "indicator": self.indicator,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(slots=True)
class Report:
    """All issues of one run, in the order they were found."""

    issues: list[Issue] = field(default_factory=list)

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    def counts(self) -> Counter[Severity]:
        """Number of issues per severity."""
        return Counter(issue.severity for issue in self.issues)

    def codes(self) -> Counter[str]:
        """Number of issues per code, handy in tests and summaries."""
        return Counter(issue.code for issue in self.issues)

    @property
    def has_errors(self) -> bool:
        return any(issue.severity is Severity.ERROR for issue in self.issues)

    def sorted(self) -> list[Issue]:
        return sorted(self.issues, key=Issue.sort_key)

    def strict(self) -> Report:
        """A copy where warnings count as errors (``--strict``)."""
        return Report(
            [
                replace(issue, severity=Severity.ERROR)
                if issue.severity is Severity.WARNING
                else issue
                for issue in self.issues
            ]
        )
