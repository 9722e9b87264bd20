"""The files the preview makes after a build rather than during it: documentation pages, search index.

They take seconds on a large site, so every version of the site is served without waiting
for them: the last ones made are kept, by kind, until they are made again. A file of the
build itself always wins over a slow file of the same name, as it does when ``render`` writes
the documentation before the site's pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sdgkit.validate.issues import Issue

DOCUMENTATION, SEARCH = "documentation", "search"


@dataclass(slots=True)
class SlowFiles:
    """Which files of the site are slow files of which kind, and the problems found making them."""

    names: dict[str, frozenset[str]] = field(default_factory=dict)
    problems: dict[str, list[Issue]] = field(default_factory=dict)

    @property
    def issues(self) -> list[Issue]:
        return [issue for problems in self.problems.values() for issue in problems]

    def every_name(self) -> set[str]:
        return set().union(*self.names.values())

    def kept(self, built: Mapping[str, bytes], current: Mapping[str, bytes]) -> dict[str, bytes]:
        """A new version's own files ``built``, with the slow files of the ``current`` version kept."""
        self.names = {kind: frozenset(name for name in names if name in current and name not in built)
                      for kind, names in self.names.items()}
        return {**{name: current[name] for name in self.every_name()}, **built}

    def replaced(self, kind: str, made: Mapping[str, bytes], problems: list[Issue],
                 current: Mapping[str, bytes]) -> dict[str, bytes]:
        """The ``current`` files with the slow files of ``kind`` replaced by those just ``made``."""
        old = self.names.get(kind, frozenset())
        others = self.every_name() - old
        built = {name for name in current if name not in old and name not in others}
        taken = {name: content for name, content in made.items() if name not in built}
        self.names[kind], self.problems[kind] = frozenset(taken), problems
        return {**{name: content for name, content in current.items() if name not in old}, **taken}
