"""Which period texts are SDMX time periods (SDMX-ML 2.1 ``ObservationalTimePeriodType``).

A deliberately strict subset of the XSD type: years, year-months, dates, the reporting periods
(``2020-Q1``, ``2020-A1``, ``2020-S2``, ``2020-T3``, ``2020-M07``, ``2020-W05``, ``2020-D032``) and
time ranges (``2015-04-01/P1Y``). Everything accepted here is accepted by the XSD (a test checks
that against the schema itself); the national forms Open SDG accepts (``2015/16``, ``2000 Q1``)
are not SDMX and get a hint towards the SDMX spelling.
"""

from __future__ import annotations

import re
from datetime import date

_OFFSET = r"(?:Z|[+-](?:14:00|(?:0\d|1[0-3]):[0-5]\d))?"
_REPORTING = (r"(?:A1|S[12]|T[1-3]|Q[1-4]|M(?:0[1-9]|1[0-2])|W(?:0[1-9]|[1-4]\d|5[0-3])"
              r"|D(?:0\d[1-9]|[12]\d\d|3[0-5]\d|36[0-6]))")
_DURATION = r"P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?"
_DATE = r"(?P<date>\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))"
_TIME = r"(?:T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?)"

_PATTERNS = (
    re.compile(rf"\d{{4}}{_OFFSET}"),  # gYear
    re.compile(rf"\d{{4}}-(?:0[1-9]|1[0-2]){_OFFSET}"),  # gYearMonth
    re.compile(rf"{_DATE}{_OFFSET}"),  # date
    re.compile(rf"\d{{4}}-{_REPORTING}{_OFFSET}"),  # reporting periods
    re.compile(rf"{_DATE}{_TIME}?{_OFFSET}/{_DURATION}"),  # time range
)
_QUARTER_WITH_SPACE = re.compile(r"(\d{4})\s+Q([1-4])")
_FINANCIAL_YEAR = re.compile(r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})")


def is_time_period(text: str) -> bool:
    """True when ``text`` is written as an SDMX time period."""
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            return _real_date(match.groupdict().get("date"))
    return False


def _real_date(text: str | None) -> bool:
    """``2021-02-30`` has the shape of a date but is not one."""
    if text is None:
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def period_hint(text: str) -> str:
    """How the period could be written in SDMX, when sdgkit can tell."""
    quarter = _QUARTER_WITH_SPACE.fullmatch(text.strip())
    if quarter:
        return f"SDMX writes this quarter {quarter.group(1)}-Q{quarter.group(2)}"
    if _FINANCIAL_YEAR.fullmatch(text.strip()):
        return "SDMX has no financial-year period: use the year, or a time range such as 2015-04-01/P1Y"
    return "SDMX periods look like 2020, 2020-06, 2020-Q1 or 2015-04-01/P1Y"
