"""Checks of the progress measure: every note of an assessment, as an issue at the setting's line.

The assessment itself is :func:`sdgkit.derive.progress_series.indicator_progress`; the same
function runs again when the build renders, so what ``sdgkit check`` reports is exactly what
the site will show.
"""

from __future__ import annotations

from collections.abc import Iterator

from sdgkit.config.models import SiteConfig
from sdgkit.derive.progress import Note
from sdgkit.derive.progress_series import indicator_progress
from sdgkit.model.indicator import Indicator
from sdgkit.site.progress_view import LABEL_KEYS
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

#: reason → (what happened, what to do), for ``progress-cannot-assess``
REASONS: dict[str, tuple[str, str]] = {
    "no-base-year": ("there is no value in the base year or any later year.",
                     "Set an earlier `base_year` in `progress_calculation_options`, or add data."),
    "too-few-years": ("it needs a value in the base year (or later) and in at least one later year.",
                      "Wait for another year of data, or set an earlier `base_year`."),
    "opposite-signs": ("the base and latest values have opposite signs, so a growth rate means nothing.",
                       "Give values that keep one sign in a `Progress` column (for example 100 + a growth rate)."),
    "target-year-not-after-base": ("the target year is not after the base year.",
                                   "Set `target_year` later than `base_year`."),
    "target-opposite-sign": ("the target and the base value have opposite signs.",
                             "Check `target`, or give values that keep one sign in a `Progress` column."),
    "target-equals-base": ("the target equals the base value, so no growth is required and none can be compared.",
                           "Check `target`; a target already met shows as 'Target achieved'."),
}
#: settings the notes of each code are about (the first one present locates the issue)
_SETTING_OF = {"progress-status-overridden": "progress_status"}


def check_progress(indicator: Indicator, config: SiteConfig) -> list[Issue]:
    """Issues about the indicator's progress status (nothing when it has none)."""
    progress = indicator_progress(indicator, config.indicator_options, config.progress)
    if progress is None:
        return []
    issues = [_issue(indicator, note) for note in progress.notes]
    if not progress.automatic:
        issues += _unknown_status(indicator, progress.status, config)
    return issues


def _issue(indicator: Indicator, note: Note) -> Issue:
    key = _SETTING_OF.get(note.code) or next(
        (k for k in ("progress_calculation_options", "auto_progress_calculation") if k in indicator.field_sources),
        "auto_progress_calculation")
    file, line = indicator.locate(key)
    params = dict(note.params)
    if "column" in params:  # ``column`` is the issue's own column number
        params["data_column"] = params.pop("column")
    if note.code == "progress-cannot-assess":
        explanation, fix = REASONS.get(str(params.get("reason")), (str(params.get("reason")), ""))
        params.update(explanation=explanation, fix=fix)
    return make_issue(note.code, file=file, line=line, indicator=indicator.id.slug, **params)


def _unknown_status(indicator: Indicator, status: str, config: SiteConfig) -> Iterator[Issue]:
    custom = [str(entry.get("value")) for entry in config.site.progress_status.status_types]
    known = [*LABEL_KEYS, *custom]  # the statuses the pages have a label for
    if status not in known:
        file, line = indicator.locate("progress_status")
        yield make_issue("progress-status-unknown", file=file, line=line, indicator=indicator.id.slug,
                         value=status, allowed=", ".join(known))
