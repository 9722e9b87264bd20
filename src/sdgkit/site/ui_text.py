"""User-interface strings: translation keys in the sdg-translations layout, with visible fallbacks.

A key is looked up in the page's language, then in the site's default language, then in
English; text that had to fall back is marked with its own ``lang`` so a reader (and a
screen reader) sees it is not in the page's language, and ``sdgkit check`` lists the keys.
Open SDG's ``%country.name``-style placeholders are replaced with site settings.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from sdgkit.i18n.catalog import Catalog
from sdgkit.site.markup import sanitise

_KEY = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+$")
_PLACEHOLDER = re.compile(r"%([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)")


def looks_like_key(text: str) -> bool:
    """``menu.about`` is a key; ``About us`` or a URL is text."""
    return bool(_KEY.match(text)) and "/" not in text and not text.endswith(".")


@dataclass(slots=True)
class UiText:
    """Translations for one page language."""

    catalog: Catalog
    language: str
    fallbacks: tuple[str, ...] = ("en",)
    #: values for ``%placeholder`` substitution (``country.name`` → "Demoland")
    settings: Mapping[str, str] = field(default_factory=dict)

    def lookup(self, key: str) -> tuple[str, str] | None:
        """``(text, language it is in)`` or ``None`` when no language has the key."""
        for language in (self.language, *self.fallbacks):
            text = self.catalog.get(language, key)
            if text is not None:
                return self._substituted(text), language
        return None

    def plain(self, text: str, **params: Any) -> str:
        """The translation of a key (or ``text`` itself when it is not a key), as plain text."""
        found = self.lookup(text) if looks_like_key(text) else None
        result = found[0] if found else (self._substituted(text) if not looks_like_key(text) else text)
        return html.unescape(_with_params(result, params))

    def html(self, text: str, **params: Any) -> Markup:
        """Like :meth:`plain` but as safe HTML (translations may hold links, so they are sanitised,
        not escaped), wrapped in ``<span lang>`` when it fell back to another language."""
        found = self.lookup(text) if looks_like_key(text) else None
        if found is None:
            if looks_like_key(text):  # a key nobody translated: show it, marked, rather than nothing
                return Markup('<span class="i18n-missing">{}</span>').format(text)
            return sanitise(_with_params(self._substituted(text), params))
        value, language = found
        shown = sanitise(_with_params(value, params))
        if language == self.language:
            return shown
        return Markup('<span lang="{}" class="i18n-fallback">{}</span>').format(language, shown)

    def _substituted(self, text: str) -> str:
        if "%" not in text:
            return text
        return _PLACEHOLDER.sub(lambda match: self.settings.get(match.group(1), match.group(0)), text)


def _with_params(text: str, params: Mapping[str, Any]) -> str:
    """Open SDG style ``%field`` parameters inside a translation (``Disaggregation by %field``)."""
    for name, value in params.items():
        text = text.replace(f"%{name}", str(value))
    return text

