"""The global SDG framework shipped with sdgkit: goals, targets, indicators and titles.

The data comes from open-sdg/sdg-translations (MIT, see ``translations/LICENSE``) and
is refreshed with ``tools/import_sdg_translations.py``. Keeping it as package data
means a repository without any translations configured still builds in 26 languages,
offline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

Groups = dict[str, dict[str, str]]


def builtin_languages() -> list[str]:
    """Language codes with built-in translations."""
    folder = resources.files(__package__) / "translations"
    return sorted(item.name.removesuffix(".json") for item in folder.iterdir()
                  if item.name.endswith(".json"))


@cache
def builtin_translations(language: str) -> Groups:
    """``{group: {key: text}}`` of one language, empty when it is not shipped."""
    resource = resources.files(__package__) / "translations" / f"{language}.json"
    if not resource.is_file():
        return {}
    data: Groups = json.loads(resource.read_text(encoding="utf-8"))
    return data


@cache
def theme_translations(language: str) -> Groups:
    """Interface text of the default theme that sdg-translations lacks (``sdgkit.*`` keys)."""
    folder = resources.files("sdgkit") / "themes" / "default" / "translations" / language
    if not folder.is_dir():
        return {}
    groups: Groups = {}
    for item in folder.iterdir():
        if item.name.endswith(".yml"):
            data = yaml.safe_load(item.read_text(encoding="utf-8"))
            groups[item.name.removesuffix(".yml")] = {str(k): str(v) for k, v in (data or {}).items()}
    return groups


@dataclass(frozen=True, slots=True)
class GlobalFramework:
    """Ids (slugs) of the 17 goals, 169 targets and the global indicators."""

    goals: frozenset[str]
    targets: frozenset[str]
    indicators: frozenset[str]


def _ids(group: dict[str, str]) -> frozenset[str]:
    return frozenset(key.removesuffix("-title") for key in group if key.endswith("-title"))


@cache
def global_framework() -> GlobalFramework:
    """The framework as listed in the English titles (the complete reference)."""
    english = builtin_translations("en")
    return GlobalFramework(
        goals=_ids(english["global_goals"]),
        targets=_ids(english["global_targets"]),
        indicators=_ids(english["global_indicators"]),
    )
