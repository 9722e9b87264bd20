"""What a new repository is made for: its languages, its country, and whether it has demo data.

The options are checked before anything is written, so a mistake (a language code the
configuration would reject, a country name with a line break) never leaves half a
repository behind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

#: the same rule as ``SiteConfig.languages``, so a scaffolded ``sdgkit.yml`` always loads
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
#: shown (and easy to find and replace) when no country is given
PLACEHOLDER_COUNTRY = "Country name"
EXAMPLE_EMAIL = "sdg-data@example.org"


class ScaffoldError(Exception):
    """The repository cannot be created as asked (the message says why, in one line)."""


@dataclass(frozen=True, slots=True)
class Options:
    """Everything the templates need; built by :func:`make_options`."""

    languages: tuple[str, ...]
    country: str
    adjective: str
    demo_data: bool
    created: date
    email: str = EXAMPLE_EMAIL

    @property
    def default_language(self) -> str:
        return self.languages[0]


def make_options(languages: Sequence[str], country: str, demo_data: bool, created: date | None,
                 adjective: str = "") -> Options:
    """Checked options; raises :class:`ScaffoldError` with a message meant for the user."""
    if isinstance(languages, str):  # a single "en" would otherwise become ("e", "n")
        languages = [languages]
    codes = tuple(dict.fromkeys(code.strip() for code in languages if code.strip()))
    if not codes:
        raise ScaffoldError("at least one language is needed (for example --language en)")
    bad = [code for code in codes if not _LANGUAGE_CODE.fullmatch(code)]
    if bad:
        raise ScaffoldError(f"not a language code: {', '.join(bad)} (use codes such as en, fr, es, ar, zh-Hans)")
    name = _one_line(country, "country name") or PLACEHOLDER_COUNTRY
    return Options(codes, name, _one_line(adjective, "country adjective") or name, demo_data,
                   created or date.today())


def _one_line(text: str, what: str) -> str:
    """Names go into YAML, Markdown and comments: one line of printable text keeps them all valid."""
    cleaned = " ".join(text.split())
    if any(not character.isprintable() for character in cleaned):
        raise ScaffoldError(f"the {what} contains characters that cannot be printed")
    if len(cleaned) > 100:
        raise ScaffoldError(f"the {what} is longer than 100 characters")
    return cleaned
