"""The site's table of contents in one language: goals → targets → indicators, and their addresses.

Every page needs it (navigation, previous/next, goal lists, the indicator finder), so it is
built once per language from the assembled project, before any page is rendered. Codes
(reporting status, tags) come from the untranslated metadata; names from the translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sdgkit.assemble import Project
from sdgkit.dataservice.prepare import full_metadata
from sdgkit.dataservice.translate import Translator
from sdgkit.dataservice.views import is_standalone
from sdgkit.derive.progress_series import IndicatorProgress
from sdgkit.derive.status import natural_key
from sdgkit.framework import global_framework
from sdgkit.model.indicator import Indicator
from sdgkit.site.goals import goal_colour, text_colour_on
from sdgkit.site.markup import plain_text
from sdgkit.site.urls import Urls


@dataclass(frozen=True, slots=True)
class IndicatorEntry:
    """What a list or a link needs to know about an indicator."""

    slug: str
    number: str
    name: str
    path: str
    status: str
    goal: str | None
    target: str | None
    standalone: bool
    tags: tuple[str, ...] = ()
    placeholder: str | None = None
    description: str = ""
    keywords: str = ""
    global_indicator: bool = False

    @property
    def linked(self) -> bool:
        """Placeholders are listed without a page (Open SDG)."""
        return not self.placeholder


@dataclass(frozen=True, slots=True)
class TargetEntry:
    number: str
    title: str
    indicators: tuple[IndicatorEntry, ...]


@dataclass(frozen=True, slots=True)
class GoalEntry:
    number: str
    title: str
    short: str
    colour: str
    text_colour: str
    path: str
    targets: tuple[TargetEntry, ...]

    @property
    def indicators(self) -> list[IndicatorEntry]:
        return [indicator for target in self.targets for indicator in target.indicators]


@dataclass(slots=True)
class SiteIndex:
    """Goals (all 17, even without indicators yet), standalone indicators, and lookups."""

    language: str
    goals: list[GoalEntry]
    standalone: list[IndicatorEntry]
    by_slug: dict[str, IndicatorEntry] = field(default_factory=dict)
    #: slug → progress status of the indicators that have one; the same in every language, and kept
    #: out of the entries so that a change of one indicator's progress does not change every page
    progress: Mapping[str, IndicatorProgress] = field(default_factory=dict)

    @property
    def sequence(self) -> list[IndicatorEntry]:
        """Indicators with a page, in site order (for previous/next, which skip placeholders)."""
        ordered = [i for goal in self.goals for i in goal.indicators] + self.standalone
        return [indicator for indicator in ordered if indicator.linked]

    def neighbours(self, slug: str) -> tuple[IndicatorEntry | None, IndicatorEntry | None]:
        """Previous and next indicator, wrapping around as Open SDG does."""
        ordered = self.sequence
        position = next((n for n, indicator in enumerate(ordered) if indicator.slug == slug), None)
        if position is None or len(ordered) < 2:
            return None, None
        return ordered[position - 1], ordered[(position + 1) % len(ordered)]

    def goal(self, number: str | None) -> GoalEntry | None:
        return next((goal for goal in self.goals if goal.number == number), None)

    def progress_status(self, slug: str) -> str | None:
        found = self.progress.get(slug)
        return found.status if found is not None else None

    def has_progress(self, goal: GoalEntry) -> bool:
        """Whether any indicator of the goal has a progress status (its page then shows a progress column)."""
        return any(indicator.slug in self.progress for indicator in goal.indicators)


def build_index(project: Project, translator: Translator, urls: Urls,
                progress: Mapping[str, IndicatorProgress] | None = None) -> SiteIndex:
    """The index of ``translator``'s language; ``progress`` is computed once for every language
    (:func:`sdgkit.site.render.site_plan`)."""
    entries = [_entry(indicator, translator, urls, project.config.languages[0])
               for indicator in project.sorted_indicators()]
    goals = [_goal(number, [e for e in entries if e.goal == number and not e.standalone], translator, urls)
             for number in sorted(global_framework().goals, key=natural_key)]
    index = SiteIndex(translator.language, goals, [e for e in entries if e.standalone])
    index.by_slug = {entry.slug: entry for entry in entries}
    index.progress = progress if progress is not None else {}
    return index


def _entry(indicator: Indicator, translator: Translator, urls: Urls, default_language: str) -> IndicatorEntry:
    meta = full_metadata(indicator)
    own = indicator.translations.get(translator.language, {})
    translated = translator.metadata({key: own.get(key, meta.get(key)) for key in _TEXT_FIELDS})
    standalone = is_standalone(meta)
    slug = indicator.id.slug
    name = _text(translated.get("indicator_name")) or translator.text(f"global_indicators.{slug}-title")
    return IndicatorEntry(
        slug=slug, number=indicator.id.number(standalone), name=name, path=urls.indicator(slug, meta.get("permalink")),
        status=str(meta.get("reporting_status") or "notstarted"),
        goal=None if standalone else indicator.id.goal(), target=None if standalone else indicator.id.target(),
        standalone=standalone, tags=_tags(meta.get("tags"), translator),
        placeholder=_text(translated.get("placeholder")) or None,
        description=plain_text(_text(translated.get("national_indicator_description"))),
        keywords=_text(translated.get("data_keywords")),
        global_indicator=slug in global_framework().indicators,
    )


_TEXT_FIELDS = ("indicator_name", "placeholder", "national_indicator_description", "data_keywords")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _tags(raw: Any, translator: Translator) -> tuple[str, ...]:
    values = raw if isinstance(raw, list) else ([raw] if isinstance(raw, str) and raw else [])
    return tuple(translator.text(str(value), ("data",)) for value in values)


def _goal(number: str, entries: Sequence[IndicatorEntry], translator: Translator, urls: Urls) -> GoalEntry:
    by_target: dict[str, list[IndicatorEntry]] = {}
    for entry in entries:
        by_target.setdefault(entry.target or "", []).append(entry)
    targets = tuple(TargetEntry(number=target, indicators=tuple(found),
                                title=translator.text(f"global_targets.{target.replace('.', '-')}-title"))
                    for target, found in by_target.items())
    colour = goal_colour(number)
    return GoalEntry(number=number, title=translator.text(f"global_goals.{number}-title"),
                     short=translator.text(f"global_goals.{number}-short"), colour=colour,
                     text_colour=text_colour_on(colour), path=urls.goal(number), targets=targets)

