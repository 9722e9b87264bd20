"""Issues in the reader's language: translated titles, messages and hints.

The catalogue (:mod:`sdgkit.validate.catalog`) is written in English and stays the
reference: codes, severities and the JSON report never change with the language.
Each other language is one file, ``translations/<lang>.yml`` next to this module,
mapping a code to its ``title``, ``message`` and ``hint`` templates. An issue keeps
the parameters its English text was filled with (:attr:`Issue.params`), so the same
issue can be worded again in any of these languages, for example by the browser
editor.

Only title, message and hint are translated. The explanations stay English: they
are reference documentation (``docs/issue-codes.md`` is generated from them),
longer and changed more often, and a translation that lags behind would mislead.

Anything this module cannot translate is shown in English: an unknown language, a
code the language file lacks, a broken template, an issue made without parameters.
Showing English is always better than failing to show the issue.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from dataclasses import replace
from importlib import resources
from importlib.resources.abc import Traversable

import yaml

from sdgkit.validate.catalog import CATALOG, fill
from sdgkit.validate.issues import Issue

ENGLISH = "en"
#: The fields of a catalogue entry that a language file may translate.
FIELDS = ("title", "message", "hint")

Templates = Mapping[str, Mapping[str, str]]


def languages() -> tuple[str, ...]:
    """English, then every language that has a translation file, in name order."""
    return (ENGLISH, *_translated_languages())


def localized(issue: Issue, language: str) -> Issue:
    """``issue`` with its message and hint in ``language``; everything else is kept.

    Returns the issue unchanged when there is nothing to translate with: English,
    an unknown language, a code without translation, or an issue that has no
    parameters while the translated templates need some (it was not made by
    :func:`~sdgkit.validate.catalog.make_issue`).
    """
    wanted = _templates(_resolve(language)).get(issue.code)
    if not wanted:
        return issue
    message = wanted.get("message", CATALOG[issue.code].message)
    hint = wanted.get("hint", CATALOG[issue.code].hint)
    if not issue.params and (_placeholders(message) or _placeholders(hint)):
        return issue
    params = dict(issue.params)
    filled_message, filled_hint = _fill(message, params), _fill(hint, params)
    if filled_message is None or filled_hint is None:
        return issue
    return replace(issue, message=filled_message, hint=filled_hint)


def title(code: str, language: str) -> str:
    """The title of ``code`` in ``language``; English when untranslated, the code itself when unknown."""
    translated = _templates(_resolve(language)).get(code, {}).get("title")
    if translated:
        return translated
    kind = CATALOG.get(code)
    return kind.title if kind is not None else code


def _resolve(language: str) -> str:
    """The translated language to use for ``language`` (``fr-CA`` and ``FR`` use ``fr``), or ``en``.

    Only names found by :func:`languages` are ever turned into a file name, so a
    language taken from a browser request cannot point anywhere else.
    """
    known = _translated_languages()
    tag = language.strip().replace("_", "-").lower()
    for candidate in (tag, tag.split("-", 1)[0]):
        if candidate in known:
            return candidate
    return ENGLISH


def _fill(template: str, params: Mapping[str, str]) -> str | None:
    """The filled template, or None when a (hand-edited) translation is not a valid template."""
    try:
        return fill(template, params)
    except (ValueError, IndexError, KeyError, AttributeError, TypeError):
        return None


def _placeholders(template: str) -> set[str]:
    """The names between braces in ``template`` (empty for a template that cannot be parsed)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return set()


def _folder() -> Traversable:
    """Where the language files are; through importlib so it works from a wheel too."""
    return resources.files(__package__ or "sdgkit.validate") / "translations"


@functools.cache
def _translated_languages() -> tuple[str, ...]:
    """The languages with a file in :func:`_folder`, read once per process."""
    folder = _folder()
    if not folder.is_dir():
        return ()
    names = (entry.name for entry in folder.iterdir() if entry.is_file())
    return tuple(sorted(name.removesuffix(".yml") for name in names if name.endswith(".yml")))


@functools.cache
def _templates(language: str) -> Templates:
    """The templates of one language, read once; empty for English or an unreadable file."""
    if language == ENGLISH or language not in _translated_languages():
        return {}
    try:
        raw = yaml.safe_load((_folder() / f"{language}.yml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return _entries(raw)


def _entries(raw: object) -> Templates:
    """The well-formed entries of a language file: known codes, text fields only."""
    if not isinstance(raw, dict):
        return {}
    entries: dict[str, dict[str, str]] = {}
    for code, entry in raw.items():
        if code in CATALOG and isinstance(entry, dict):
            texts = {key: text for key in FIELDS if isinstance(text := entry.get(key), str) and text.strip()}
            if texts:
                entries[code] = texts
    return entries
