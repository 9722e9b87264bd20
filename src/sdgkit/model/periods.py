"""The grammar of time periods found in the ``Year`` column.

Real repositories hold far more than plain years: the UK data has 28,962 periods
such as ``2019 Q1``, ``2019 01``, ``2019-2020``, ``2019 to 2020``, ``2019/20 [Note 1]``.
Each period form is a named pattern; a site accepts the forms it means to use
(``periods: accept: [...]`` in sdgkit.yml) and may add its own patterns. Every
recognised period is placed on the time axis at its first year, as the incumbent's
progress code does with ``Year[:4]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: A trailing note such as ``[Note 1]`` or ``(baseline)`` is not part of the period.
_NOTE_SUFFIX = re.compile(r"\s*(\[[^\]]*\]|\([^)]*\))\s*$")


@dataclass(frozen=True, slots=True)
class PeriodForm:
    """A named period form; ``pattern`` must capture the first year as group ``year``."""

    kind: str
    label: str
    pattern: re.Pattern[str]


def _form(kind: str, label: str, pattern: str) -> PeriodForm:
    return PeriodForm(kind, label, re.compile(pattern, re.IGNORECASE))


_Y = r"(?P<year>\d{4})"
_FY = r"\d{4}\s*/\s*(?:\d{2}|\d{4})"
BUILT_IN_FORMS: tuple[PeriodForm, ...] = (
    _form("year", "year", rf"^{_Y}(?:\.0+)?$"),
    _form("quarter", "quarter", rf"^{_Y}[ -]?Q[1-4]$"),
    _form("month", "month", rf"^{_Y}[ -](?:0[1-9]|1[0-2])$"),
    _form("financial-year", "financial year", rf"^{_Y}\s*(?:/\s*(?:\d{{2}}|\d{{4}})|-\d{{2}})$"),
    _form("year-range", "range of years",
          rf"^(?=\d{{4}})(?P<year>\d{{4}})(?:\s*/\s*\d{{2,4}})?\s*(?:to|-|–)\s*(?:{_FY}|\d{{4}})$"),
    _form("date-range", "range of dates",
          r"^\d{1,2}\s+[A-Za-z]+(?:\s+\d{4})?\s+to\s+\d{1,2}\s+[A-Za-z]+\s+(?P<year>\d{4})$"),
    _form("date", "date", rf"^{_Y}-\d{{2}}-\d{{2}}$"),
)


#: Accepting this kind silences periods that carry a note, such as ``2019 [Note 1]``.
NOTE_KIND = "note"


@dataclass(frozen=True, slots=True)
class ParsedPeriod:
    """How a ``Year`` cell was understood."""

    text: str
    year: int | None
    form: PeriodForm | None
    #: the text ended with a note such as ``[Note 1]``, which belongs in a footnote column
    noted: bool = False

    @property
    def recognised(self) -> bool:
        return self.form is not None


class PeriodGrammar:
    """Parses ``Year`` cells; results are cached because values repeat heavily."""

    def __init__(self, forms: Sequence[PeriodForm] = BUILT_IN_FORMS,
                 accepted: Iterable[str] = ("year",)) -> None:
        self.forms = tuple(forms)
        self.accepted = frozenset(accepted)
        self._cache: dict[str, ParsedPeriod] = {}

    def parse(self, text: str) -> ParsedPeriod:
        cached = self._cache.get(text)
        if cached is None:
            cached = self._cache[text] = self._parse(text)
        return cached

    def _parse(self, text: str) -> ParsedPeriod:
        stripped = text.strip()
        for candidate, noted in ((stripped, False), (_NOTE_SUFFIX.sub("", stripped), True)):
            for form in self.forms:
                match = form.pattern.match(candidate)
                if match:
                    year = match.groupdict().get("year")
                    return ParsedPeriod(text, int(year) if year else None, form, noted)
        return ParsedPeriod(text, None, None)

    def is_accepted(self, parsed: ParsedPeriod) -> bool:
        """Accepted forms raise no issue; a note in the period needs ``note`` accepted too."""
        if parsed.form is None or parsed.form.kind not in self.accepted:
            return False
        return not parsed.noted or NOTE_KIND in self.accepted

    @classmethod
    def with_custom(cls, patterns: Iterable[tuple[str, str]],
                    accepted: Iterable[str]) -> PeriodGrammar:
        """Built-in forms plus the site's own ``(name, regex)`` patterns (accepted)."""
        custom = [_form(name, name, regex) for name, regex in patterns]
        accepted_kinds = set(accepted) | {name for name, _ in patterns}
        return cls((*BUILT_IN_FORMS, *custom), accepted_kinds)
