"""The editor's own texts in the user's language: ``translations/<lang>/<group>.yml``.

Groups split the texts by who shows them: ``pages`` for the server-rendered shell, ``grid``
for the data grid's script (``static/editor.js``), ``form`` for the metadata and page form
(``static/form.js``). Scripts get their groups as JSON in the page (``#editor-texts``), so
there is one catalogue per language and no text written twice. A key missing in a language
falls back to English, then to the key itself, so a half-finished translation still works.

The language is the user's, not the site's: ``?lang=`` (remembered in a cookie), else the
browser's ``Accept-Language``, else English.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError, negotiate_locale

FOLDER = Path(__file__).parent / "translations"
DEFAULT = "en"
COOKIE = "sdgkit_editor_lang"
SCRIPT_GROUPS = ("grid", "form")

Texts = dict[str, dict[str, str]]


@cache
def languages() -> tuple[str, ...]:
    """The languages the editor speaks (a folder each), English first."""
    found = sorted(p.name for p in FOLDER.iterdir() if p.is_dir() and any(p.glob("*.yml")))
    return (DEFAULT, *[code for code in found if code != DEFAULT])


@cache
def _catalogue(language: str) -> Texts:
    groups: Texts = {}
    for file in sorted((FOLDER / language).glob("*.yml")):
        loaded = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        groups[file.stem] = {str(key): str(value) for key, value in loaded.items()}
    return groups


def texts(language: str) -> Texts:
    """Every group in ``language``, each key falling back to English."""
    english = _catalogue(DEFAULT)
    own = _catalogue(language) if language in languages() else {}
    return {group: {**entries, **own.get(group, {})} for group, entries in english.items()}


@dataclass(frozen=True, slots=True)
class Translator:
    """``t("pages.sign_in", name=...)``: a text of the user's language with its ``{placeholders}`` filled."""

    language: str

    def __call__(self, key: str, **params: object) -> str:
        group, _, name = key.partition(".")
        template = texts(self.language).get(group, {}).get(name, key)
        return template.format(**params) if params else template

    @property
    def direction(self) -> str:
        """``rtl`` for Arabic and other right-to-left scripts, else ``ltr``."""
        return direction(self.language)

    def script_texts(self) -> str:
        """The scripts' groups as JSON that is safe inside ``<script type="application/json">``."""
        chosen = {group: entries for group, entries in texts(self.language).items() if group in SCRIPT_GROUPS}
        return json.dumps(chosen, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def direction(language: str) -> str:
    try:
        return "rtl" if Locale.parse(language, sep="-").text_direction == "rtl" else "ltr"
    except (UnknownLocaleError, ValueError):
        return "ltr"


def choose_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    """The user's language: an explicit choice, then the remembered one, then the browser's, then English."""
    for chosen in (query, cookie):
        if chosen in languages():
            return str(chosen)
    wanted = accepted_languages(accept or "")
    return negotiate_locale(wanted, list(languages()), sep="-") or DEFAULT if wanted else DEFAULT


def accepted_languages(header: str) -> list[str]:
    """The tags of an ``Accept-Language`` header, most wanted first (``q=0`` ones dropped)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, rest = part.strip().partition(";")
        quality = 1.0
        if rest.strip().startswith("q="):
            try:
                quality = float(rest.strip()[2:])
            except ValueError:
                continue
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, position, tag))
    return [tag for _q, _p, tag in sorted(ranked)]


def language_names() -> Mapping[str, str]:
    """Each editor language named in itself (``Français``), for the language switcher."""
    return {code: Locale.parse(code).get_display_name(code) or code for code in languages()}
