"""Progress towards the targets as the pages show it, in one language.

The assessments are computed once per build (:mod:`sdgkit.derive.progress_series`, rolled up
by :mod:`sdgkit.derive.progress_rollup`); this module only turns their codes and numbers into
what a reader sees: a status as an icon *and* a label (never colour alone), a plain sentence,
and for a computed status every number behind it, so that a reader can check the arithmetic
rather than trust a coloured gauge. Text goes through translation keys and numbers through
:class:`~sdgkit.site.locale.Formats`; ``progress_status.status_types`` relabels a status or
adds a site's own (set by hand), as in Open SDG.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from markupsafe import Markup

from sdgkit.config.models import IndicatorOptions
from sdgkit.config.site_options import SiteOptions
from sdgkit.derive.progress import (
    DETERIORATION,
    LIMITED,
    MODERATE,
    NOT_AVAILABLE,
    SUBSTANTIAL,
    TARGET_ACHIEVED,
    Assessment,
)
from sdgkit.derive.progress_rollup import ProgressRollup, ProgressSummary
from sdgkit.derive.progress_series import BreakdownProgress, IndicatorProgress, SeriesProgress
from sdgkit.site.locale import Formats
from sdgkit.site.sparkline import sparkline
from sdgkit.site.ui_text import UiText

#: the sdg-translations label of each status Open SDG knows (older gauges included)
LABEL_KEYS = {
    TARGET_ACHIEVED: "status.target_achieved",
    SUBSTANTIAL: "status.substantial_progress",
    MODERATE: "status.moderate_progress",
    LIMITED: "status.limited_progress",
    DETERIORATION: "status.deterioration",
    NOT_AVAILABLE: "status.progress_not_available",
    "challenges_remain": "status.progress_challenges_remain",
    "approaching_target": "status.progress_approaching_target",
}
@cache
def interface_keys() -> frozenset[str]:
    """Every translation key the progress parts of the pages may show (for ``site-untranslated-text``):
    the status labels and the theme's own ``sdgkit.progress_*`` texts."""
    theme = resources.files("sdgkit") / "themes" / "default" / "translations" / "en" / "sdgkit.yml"
    own = yaml.safe_load(theme.read_text(encoding="utf-8")) or {}
    return frozenset({*LABEL_KEYS.values(), *(f"sdgkit.{key}" for key in own if key.startswith("progress_"))})


#: the glyph inside each computed status's icon: the shapes differ, so the icon does not rely on colour
GLYPHS = {
    TARGET_ACHIEVED: "M4.5 8.5l2.5 2.5 4.5-5",
    SUBSTANTIAL: "M8 12.5V4M4.5 7.5L8 4l3.5 3.5",
    MODERATE: "M5 11l6-6M6 5h5v5",
    LIMITED: "M4 8h8",
    DETERIORATION: "M8 3.5V12M4.5 8.5L8 12l3.5-3.5",
}
#: one sentence per computed status, for the top of an indicator page
SENTENCES = {
    TARGET_ACHIEVED: "sdgkit.progress_sentence_target_achieved",
    SUBSTANTIAL: "sdgkit.progress_sentence_substantial_progress",
    MODERATE: "sdgkit.progress_sentence_moderate_progress",
    LIMITED: "sdgkit.progress_sentence_limited_progress",
    DETERIORATION: "sdgkit.progress_sentence_deterioration",
    NOT_AVAILABLE: "sdgkit.progress_sentence_not_available",
}
METHOD_KEYS = {"statcan": "sdgkit.progress_method_statcan", "eurostat": "sdgkit.progress_method_eurostat"}
_CSS_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
#: an empty cell of a breakdown table
NONE = "–"

DataText = Callable[[str, Sequence[str]], str]


def untranslated(text: str, groups: Sequence[str] = ()) -> str:
    """Data values as written, where no translator is at hand."""
    return text


@dataclass(frozen=True, slots=True)
class StatusView:
    """One status as shown: its label, and the configured image or the built-in icon."""

    value: str
    label: str
    image: str = ""
    alt: str = ""

    @property
    def css(self) -> str:
        """The value as a class name (a site's own status may contain anything)."""
        return _CSS_UNSAFE.sub("-", self.value)

    @property
    def icon(self) -> Markup:
        return status_icon(self.value)


def status_icon(status: str) -> Markup:
    """A 16×16 inline SVG, hidden from screen readers (the label beside it says the same)."""
    glyph = GLYPHS.get(status)
    if status == NOT_AVAILABLE:
        body = ('<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5" '
                'stroke-dasharray="2.5 2"/>')
    elif glyph is not None:
        body = (f'<circle cx="8" cy="8" r="8" fill="currentColor"/><path class="pi-glyph" d="{glyph}" fill="none" '
                'stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>')
    else:  # a site's own status: a dot in a disc
        body = ('<circle cx="8" cy="8" r="8" fill="currentColor"/>'
                '<circle class="pi-dot" cx="8" cy="8" r="2.5" fill="#fff"/>')
    css = _CSS_UNSAFE.sub("-", status)
    return Markup(f'<svg class="pi pi-{css}" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" '  # noqa: S704
                  f'focusable="false">{body}</svg>')


@dataclass(frozen=True, slots=True)
class Wording:
    """What turns progress codes and numbers into one language's text."""

    ui: UiText
    formats: Formats
    site: SiteOptions
    url: Callable[[str], str] = str
    #: the data service's translation of a data value: ``data(text, groups)``
    data: DataText = untranslated
    #: a right-to-left page: numbers are isolated so that "-4.5%" does not show as "4.5%-"
    rtl: bool = False
    #: ``progress_status.status_types`` by value
    _types: dict[str, Mapping[str, Any]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for entry in self.site.progress_status.status_types:
            if entry.get("value") not in (None, ""):
                self._types[str(entry["value"])] = entry

    def status(self, value: str) -> StatusView:
        """The status with the site's label and image when ``status_types`` has it, else the built-in label."""
        entry = self._types.get(value, {})
        label = str(entry.get("label") or LABEL_KEYS.get(value, value))
        image = str(entry.get("image") or "")
        alt = str(entry.get("alt") or "")
        return StatusView(value, self.ui.plain(label), self.url(image) if image else "",
                          self.ui.plain(alt) if alt else "")

    def number(self, value: float | None) -> str:
        return self._isolated(self.formats.number(_rounded(value))) if value is not None else NONE

    def percent(self, value: float | None) -> str:
        return self._isolated(self.formats.percent(value)) if value is not None else NONE

    def score(self, value: float | None) -> str:
        """Scores and ratios: two decimals."""
        return self._isolated(self.formats.number(value, 2)) if value is not None else NONE

    ratio = score

    def _isolated(self, number: str) -> str:
        """A number as one left-to-right island (Unicode LRI … PDI) in a right-to-left page."""
        return f"\u2066{number}\u2069" if self.rtl else number

    def at(self, value: float | None, year: int | None) -> str:
        """``4.4 in 2015``: a value and its year (years are never grouped like numbers)."""
        if value is None or year is None:
            return NONE
        return self.ui.plain("sdgkit.progress_value_in_year", value=self.number(value), year=year)

    def heading(self) -> str:
        return self.ui.plain(self.site.progress_status.status_heading)

    def help(self) -> str:
        return self.ui.plain(self.site.progress_status.status_help)


def _rounded(value: float | None) -> float | None:
    """Values as published (arithmetic can leave ``93.20000000001``): at most 6 decimals."""
    return None if value is None else round(value, 6)


# --- an indicator page --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Fact:
    """One line of "how this was assessed"."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    value: str
    base: str
    latest: str
    growth: str
    progress: str
    score: str
    status: StatusView
    sparkline: Markup


@dataclass(frozen=True, slots=True)
class BreakdownTable:
    """Each value of one breakdown (``Sex``) assessed like its series: who is left behind."""

    field: str
    caption: str
    progress_header: str
    rows: tuple[BreakdownRow, ...]


@dataclass(frozen=True, slots=True)
class SeriesView:
    title: str
    status: StatusView
    facts: tuple[Fact, ...]
    sparkline: Markup
    breakdowns: tuple[BreakdownTable, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgressView:
    """The "Progress status" section of an indicator page."""

    heading: str
    status: StatusView
    sentence: Markup
    automatic: bool
    score: str = ""
    method: Markup = field(default_factory=Markup)
    series: tuple[SeriesView, ...] = ()


def indicator_progress_view(progress: IndicatorProgress | None, words: Wording, options: IndicatorOptions,
                            *, progress_column: bool = False) -> ProgressView | None:
    """What the indicator page shows of ``progress`` (``None``: the indicator has no progress status).

    ``progress_column``: the data has a ``Progress`` column, which the assessment used instead of ``Value``.
    """
    if progress is None:
        return None
    status = words.status(progress.status)
    if not progress.automatic:
        return ProgressView(words.heading(), status, words.ui.html("sdgkit.progress_sentence_manual"), False)
    series = tuple(_series_view(entry, words, options, progress_column) for entry in progress.series)
    return ProgressView(words.heading(), status, _sentence(progress, words), True,
                        words.score(progress.score) if progress.score is not None else "",
                        words.ui.html(METHOD_KEYS.get(progress.method, METHOD_KEYS["statcan"])), series)


def _sentence(progress: IndicatorProgress, words: Wording) -> Markup:
    """One plain sentence about the status; why there is none; how several series were combined."""
    ui = words.ui
    parts = [ui.html(SENTENCES.get(progress.status, SENTENCES[NOT_AVAILABLE]))]
    scored = [entry for entry in progress.series if entry.assessment.score is not None]
    if len(scored) > 1:
        parts.append(ui.html("sdgkit.progress_sentence_combined", count=words.formats.number(len(scored))))
    if progress.status == NOT_AVAILABLE:
        reasons = dict.fromkeys(entry.assessment.reason for entry in progress.series if entry.assessment.reason)
        parts += [reason_text(reason, ui) for reason in reasons if reason]
    return Markup(" ").join(parts)


def reason_text(reason: str, ui: UiText) -> Markup:
    """Why a series could not be assessed, in plain language (``Assessment.reason`` codes)."""
    return ui.html("sdgkit.progress_reason_" + reason.replace("-", "_"))


def _series_view(entry: SeriesProgress, words: Wording, options: IndicatorOptions,
                 progress_column: bool) -> SeriesView:
    title = series_title(entry, words, options)
    facts = _facts(entry.assessment, words)
    if progress_column and entry.points:
        facts.insert(0, Fact(words.ui.plain("sdgkit.progress_values"),
                             words.ui.plain("sdgkit.progress_values_from_column", column=options.progress_column)))
    tables = tuple(_breakdown_table(column, [b for b in entry.breakdowns if b.field == column], title, words)
                   for column in dict.fromkeys(b.field for b in entry.breakdowns))
    return SeriesView(title, words.status(entry.assessment.status), tuple(facts),
                      _sparkline(entry.points, entry.assessment, title, words), tables)


def series_title(entry: SeriesProgress, words: Wording, options: IndicatorOptions) -> str:
    """Which series was assessed, in the page's language (series, unit, breakdown values)."""
    parts = []
    if entry.series:
        parts.append(words.data(entry.series, (options.series_column, "data")))
    if entry.unit:
        parts.append(words.data(entry.unit, (options.unit_column, "data")))
    for column, value in entry.disaggregation:
        parts.append(f"{words.data(column, (column, 'data'))}: {words.data(value, (column, 'data'))}")
    return ", ".join(parts) or words.ui.plain("sdgkit.progress_headline")


def _facts(a: Assessment, words: Wording) -> list[Fact]:
    """Every number behind one assessment, in the order a reader checks them."""
    ui = words.ui
    facts = [Fact(ui.plain("sdgkit.progress_direction"),
                  ui.plain("sdgkit.progress_increase" if a.direction > 0 else "sdgkit.progress_decrease"))]
    if a.base_year is not None:
        facts += [Fact(ui.plain("sdgkit.progress_base_year"), str(a.base_year)),
                  Fact(ui.plain("sdgkit.progress_base_value"), words.number(a.base_value))]
    if a.current_year is not None:
        facts += [Fact(ui.plain("sdgkit.progress_latest_year"), str(a.current_year)),
                  Fact(ui.plain("sdgkit.progress_latest_value"), words.number(a.current_value))]
    facts += _target_facts(a, words)
    if a.required_growth is not None:
        facts.append(Fact(ui.plain("sdgkit.progress_required_growth"), words.percent(a.required_growth)))
    if a.observed_growth is not None:
        facts.append(Fact(ui.plain("sdgkit.progress_observed_growth"), words.percent(a.observed_growth)))
    if a.progress_value is not None:
        facts.append(Fact(ui.plain(_progress_header(a.kind)), _progress_value(a, words)))
    if a.thresholds is not None and a.progress_value is not None:
        facts.append(Fact(ui.plain("sdgkit.progress_thresholds"), _thresholds(a, words)))
    if a.score is not None:
        facts.append(Fact(ui.plain("sdgkit.progress_score"), words.score(a.score)))
    if a.reason:
        facts.append(Fact(ui.plain("sdgkit.progress_reason"), ui.plain("sdgkit.progress_reason_" +
                                                                       a.reason.replace("-", "_"))))
    return facts


def _target_facts(a: Assessment, words: Wording) -> list[Fact]:
    ui = words.ui
    if a.kind == "with-target" or (a.kind is None and a.target is not None):
        return [Fact(ui.plain("sdgkit.progress_target"), words.number(a.target)),
                Fact(ui.plain("sdgkit.progress_target_year"), str(a.target_year) if a.target_year else NONE)]
    if a.kind != "without-target":
        return []
    facts = [Fact(ui.plain("sdgkit.progress_target"), ui.plain("sdgkit.progress_no_target"))]
    if a.limit is not None:
        facts += [Fact(ui.plain("sdgkit.progress_limit"), words.number(a.limit)),
                  Fact(ui.plain("sdgkit.progress_limit_coefficient"), words.ratio(a.limit_coefficient))]
    return facts


def _progress_header(kind: str | None) -> str:
    return "sdgkit.progress_ratio" if kind == "with-target" else "sdgkit.progress_growth_in_direction"


def _progress_value(a: Assessment, words: Wording) -> str:
    """The ratio of observed to required growth (with a target), or the growth in the desired direction."""
    if a.progress_value is None:
        return NONE
    return words.ratio(a.progress_value) if a.kind == "with-target" else words.percent(a.progress_value)


def _thresholds(a: Assessment, words: Wording) -> str:
    """The thresholds applied (after the limit coefficient), so a reader can place the progress value."""
    assert a.thresholds is not None
    show = words.ratio if a.kind == "with-target" else words.percent
    return " / ".join(show(value) for value in (a.thresholds.high, a.thresholds.med, a.thresholds.low))


def _sparkline(points: Sequence[tuple[int, float]], a: Assessment, name: str, words: Wording) -> Markup:
    """The trend as a small picture, with the numbers it shows as its description."""
    ui = words.ui
    parts = []
    if a.base_year is not None:
        parts.append(ui.plain("sdgkit.progress_trend_base", value=words.at(a.base_value, a.base_year)))
    if a.current_year is not None:
        parts.append(ui.plain("sdgkit.progress_trend_latest", value=words.at(a.current_value, a.current_year)))
    if a.target is not None and a.kind == "with-target":
        parts.append(ui.plain("sdgkit.progress_trend_target", value=words.at(a.target, a.target_year)))
    svg = sparkline(points, ui.plain("sdgkit.progress_trend", name=name), "; ".join(parts),
                    base_year=a.base_year, target=a.target if a.kind == "with-target" else None)
    return Markup(svg)  # noqa: S704 - built here, every text in it escaped


def _breakdown_table(column: str, entries: Sequence[BreakdownProgress], title: str, words: Wording) -> BreakdownTable:
    name = words.data(column, (column, "data"))
    kinds = {entry.assessment.kind for entry in entries if entry.assessment.kind}
    header = words.ui.plain(_progress_header("with-target" if kinds == {"with-target"} else None))
    rows = tuple(_breakdown_row(entry, column, words) for entry in entries)
    return BreakdownTable(name, words.ui.plain("sdgkit.progress_by", field=name, series=title), header, rows)


def _breakdown_row(entry: BreakdownProgress, column: str, words: Wording) -> BreakdownRow:
    a = entry.assessment
    value = words.data(entry.value, (column, "data"))
    return BreakdownRow(value, words.at(a.base_value, a.base_year), words.at(a.current_value, a.current_year),
                        words.percent(a.observed_growth), _progress_value(a, words), words.score(a.score),
                        words.status(a.status), _sparkline(entry.points, a, value, words))


# --- goal, home and reporting status pages ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SummaryView:
    """How a group of indicators is doing: counts per status and, when some have a score, the mean."""

    total: int
    counts: tuple[tuple[StatusView, int], ...]
    scored: int = 0
    score: str = ""
    status: StatusView | None = None


def summary_view(summary: ProgressSummary | None, words: Wording) -> SummaryView | None:
    """``None`` when no indicator of the group has a progress status."""
    if summary is None or summary.total == 0:
        return None
    counts = tuple((words.status(status), count) for status, count in summary.counts.items() if count)
    if summary.score is None or summary.status is None:
        return SummaryView(summary.total, counts)
    return SummaryView(summary.total, counts, summary.scored, words.score(summary.score), words.status(summary.status))


def status_bars(rollup: ProgressRollup) -> dict[str, Any]:
    """Counts in the shape of the reporting status bars (``overall``, then one entry per goal)."""
    return {"overall": _bar(rollup.overall),
            "goals": [{"goal": goal, **_bar(summary)} for goal, summary in rollup.goals.items()]}


def _bar(summary: ProgressSummary) -> dict[str, Any]:
    total = summary.total
    return {"totals": {"total": total},
            "statuses": [{"status": status, "count": count, "percentage": 100 * count / total if total else 0.0}
                         for status, count in summary.counts.items()]}
