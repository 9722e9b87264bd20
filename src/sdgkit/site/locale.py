"""Numbers, dates and text direction per language, with Babel (CLDR data, offline).

Open SDG formats numbers in the browser with ``toLocaleString``; a static page has to do it
at build time, so every number a reader sees goes through :class:`Formats`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent


@cache
def babel_locale(code: str) -> Locale:
    """The Babel locale of a language code (``fr``, ``es-MX``, ``zh_Hans``); English when unknown."""
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def text_direction(language: str) -> str:
    """``rtl`` for Arabic, Hebrew, Persian, Urdu…; ``ltr`` otherwise (the HTML ``dir`` value)."""
    return "rtl" if babel_locale(language).character_order == "right-to-left" else "ltr"


def language_name(language: str) -> str:
    """The language's own name (``français``, ``العربية``), for the language switcher."""
    name = babel_locale(language).get_display_name(babel_locale(language)) or language
    return name[:1].upper() + name[1:]


@dataclass(frozen=True, slots=True)
class Formats:
    """Formatting for one page language; ``decimal_separator`` overrides the locale's (Open SDG option)."""

    locale: str
    decimal_separator: str | None = None

    def number(self, value: float | int | None, precision: int | None = None) -> str:
        """``1234567.891`` → ``1,234,567.891`` (en), ``1 234 567,891`` (fr); ``None``/NaN → empty."""
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return ""
        return _formatted(value, precision, self.locale, self.decimal_separator)

    def percent(self, value: float | None, places: int = 2) -> str:
        """``0.0058`` → ``0.58%`` (en), ``0,58 %`` (fr): growth rates, in the locale's own percent pattern."""
        if value is None or not math.isfinite(value):
            return ""
        text = format_percent(value, format=_percent_pattern(self.locale, places), locale=babel_locale(self.locale))
        return _with_separator(text, self.locale, self.decimal_separator)

    def date(self, value: date) -> str:
        return format_date(value, format="long", locale=babel_locale(self.locale))


@lru_cache(maxsize=65536)
def _formatted(value: float | int, precision: int | None, locale: str, separator: str | None) -> str:
    """Cached: an indicator's tables repeat the same values, and Babel takes ~30 µs a number."""
    places = precision if precision is not None else _places(value)
    text = format_decimal(value, format=_pattern(places), locale=babel_locale(locale), decimal_quantization=True)
    return _with_separator(text, locale, separator)


def _with_separator(text: str, locale: str, separator: str | None) -> str:
    """The site's ``decimal_separator`` in place of the locale's, when one is set."""
    if not separator:
        return text
    symbol = babel_locale(locale).number_symbols.get("latn", {}).get("decimal", ".")
    return text.replace(symbol, separator)


@cache
def _percent_pattern(locale: str, places: int) -> str:
    """The locale's percent pattern (``#,##0\u00a0%`` in French) with ``places`` decimals."""
    pattern = babel_locale(locale).percent_formats[None].pattern
    decimals = "0." + "0" * places if places else "0"
    return ";".join(part if "." in part else part.replace("0", decimals, 1) for part in pattern.split(";"))


def _places(value: float | int) -> int:
    """Decimal places a value was given with (at most 6), so 12.50 shows as 12.5 and 3 as 3."""
    if isinstance(value, int) or float(value).is_integer():
        return 0
    text = repr(float(value))
    if "e" in text:
        return 6
    return min(len(text.split(".")[1]), 6)


@cache
def _pattern(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")
