"""The repository's own translation files: ``translations/<lang>/<group>.yml``.

They show how a site overrides the built-in texts (the site title in ``general.yml``) and,
with demo data, how column names and values are translated (``data.yml``). Every key the
default language defines is written for every other language too, in the default
language's words when no better text exists, because ``sdgkit check`` warns about a key
one language has and another lacks.
"""

from __future__ import annotations

import yaml

from sdgkit.framework import builtin_translations
from sdgkit.scaffold.demo import DATA_TRANSLATIONS, data_translations
from sdgkit.scaffold.options import Options

#: language → group → key → text
Translations = dict[str, dict[str, dict[str, str]]]

#: the site title for the languages we write well; others get the built-in title and the country
SITE_TITLES = {
    "en": "{country} SDG data",
    "fr": "Données ODD – {country}",
    "es": "Datos ODS – {country}",
    "ar": "بيانات أهداف التنمية المستدامة – {country}",
}
#: built-in texts worth correcting for a public site (sdg-translations calls cookies "Galletas")
CORRECTIONS: dict[str, dict[str, dict[str, str]]] = {"es": {"menu": {"cookies": "Cookies"}}}

_HEADERS = {
    "general": "The site's general texts in {language}. Each line replaces a built-in text of group "
               "\"general\"\n# (general.site_title is the title in the header). Change the text after the colon.",
    "data": "Names and values of the data columns in {language}: the text on the left is written in the "
            "CSV files,\n# the text on the right is shown on the site. Add a line for each new name or value.",
    "menu": "Menu labels in {language}, replacing the built-in ones.",
}


def translation_files(options: Options) -> dict[str, str]:
    """``{path: YAML text}`` for every language."""
    texts = complete(own_translations(options), options.languages)
    return {f"translations/{language}/{group}.yml": _yaml(language, group, entries)
            for language, groups in texts.items() for group, entries in groups.items()}


def own_translations(options: Options) -> Translations:
    """What the repository says itself, before completion across languages."""
    texts: Translations = {}
    for language in options.languages:
        groups = texts.setdefault(language, {})
        groups["general"] = {"site_title": site_title(language, options.country)}
        if options.demo_data:
            groups["data"] = data_translations(language)
        for group, entries in CORRECTIONS.get(language, {}).items():
            groups.setdefault(group, {}).update(entries)
    return texts


def site_title(language: str, country: str) -> str:
    """"Kenya SDG data"; in a language we do not write, the built-in title followed by the country."""
    if language in SITE_TITLES:
        return SITE_TITLES[language].format(country=country)
    built_in = builtin_translations(language).get("general", {}).get("site_title")
    return f"{built_in} – {country}" if built_in else SITE_TITLES["en"].format(country=country)


def complete(texts: Translations, languages: tuple[str, ...]) -> Translations:
    """Give every language the default language's own keys it has neither built in nor written."""
    base = texts.get(languages[0], {})
    for language in languages[1:]:
        built_in = builtin_translations(language)
        own = texts.setdefault(language, {})
        for group, entries in base.items():
            for key, text in entries.items():
                if key not in built_in.get(group, {}) and key not in own.get(group, {}):
                    own.setdefault(group, {})[key] = text
    return texts


def _yaml(language: str, group: str, entries: dict[str, str]) -> str:
    header = _HEADERS.get(group, "Texts of group \"{group}\" in {language}.").format(language=language, group=group)
    if group == "data" and language not in DATA_TRANSLATIONS and not language.startswith("en"):
        header += "\n# These texts are still in English: translate the text on the right."
    body = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    return f"# {header}\n{body}"
