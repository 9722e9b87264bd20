"""Metadata files: one ``meta/{id}.md`` per global indicator, and the demo indicators' own.

Every global indicator gets a file from day one, as the Open SDG starter does, so the site
lists every goal, target and indicator before any data exists. Names are translation keys
(``global_indicators.1-1-1-title``): the data service and the site translate them into
every language with built-in SDG titles, and a national name can replace them later.
"""

from __future__ import annotations

from typing import Any

import yaml

from sdgkit.derive.status import natural_key
from sdgkit.framework import builtin_translations, global_framework
from sdgkit.scaffold.demo import DEMO_NOTICE, REPLACE_HINT, DemoIndicator
from sdgkit.scaffold.options import Options

TITLE_GROUP = "global_indicators"


def global_indicator_ids() -> list[str]:
    """Every global indicator, in reading order (``1-1-1`` … ``1-a-1`` … ``17-19-2``)."""
    return sorted(global_framework().indicators, key=natural_key)


def indicator_title(slug: str, language: str) -> str:
    """The translation key of an indicator's title, when the default language has it (``sdgkit check``
    reports keys it cannot find); otherwise the English title as text, better than a raw key."""
    key = f"{slug}-title"
    if key in builtin_translations(language).get(TITLE_GROUP, {}):
        return f"{TITLE_GROUP}.{key}"
    return builtin_translations("en")[TITLE_GROUP][key]


def placeholder_metadata(slug: str, options: Options) -> str:
    """An indicator without data: "exploring data sources" on the site, and ready to be filled in."""
    title = indicator_title(slug, options.default_language)
    return front_matter({
        "indicator_name": title,
        "graph_title": title,
        "graph_type": "line",
        "reporting_status": "notstarted",
        "data_non_statistical": False,
    })


def demo_metadata(indicator: DemoIndicator, options: Options) -> str:
    """A complete indicator: national name and chart settings, its source, and a DEMO warning."""
    texts = indicator.texts["en"]
    fields: dict[str, Any] = {
        "indicator_name": texts.name,
        "graph_title": texts.graph_title,
        "graph_type": indicator.graph_type,
        "reporting_status": "complete",
        "data_non_statistical": False,
        "computation_units": texts.units,
        "national_geographical_coverage": options.country,
        "source_active_1": True,
        "source_organisation_1": f"{options.country} national statistics office (demonstration data)",
        "source_periodicity_1": indicator.periodicity,
        "un_custodian_agency": indicator.custodian,
        "un_designated_tier": indicator.tier,
        "goal_meta_link": un_metadata_url(indicator.slug),
        "goal_meta_link_text": "United Nations Sustainable Development Goals metadata (PDF)",
        **indicator.progress,
    }
    comment = REPLACE_HINT.format(slug=indicator.slug)
    return front_matter(fields, comment=comment, body=_page_content(indicator, "en", options))


def translated_demo_metadata(indicator: DemoIndicator, language: str, options: Options) -> str | None:
    """``meta/{lang}/{id}.md``: the texts readers see, in one more language (``None`` when not written:
    the main file is in English, and other languages we do not write show it)."""
    texts = indicator.texts.get(language)
    if texts is None or language == "en":
        return None
    fields = {"indicator_name": texts.name, "graph_title": texts.graph_title, "computation_units": texts.units}
    return front_matter(fields, body=_page_content(indicator, language, options))


def un_metadata_url(slug: str) -> str:
    """The UN Statistics Division's metadata file of an indicator (``Metadata-01-02-01.pdf``, ``-01-0A-01``)."""
    parts = [part.zfill(2) if part.isdigit() else f"0{part.upper()}" for part in slug.split("-")]
    return f"https://unstats.un.org/sdgs/metadata/files/Metadata-{'-'.join(parts)}.pdf"


def _page_content(indicator: DemoIndicator, language: str, options: Options) -> str:
    notice = DEMO_NOTICE[language].format(country=options.country)
    return f"{notice}\n\n{indicator.texts[language].explanation}\n"


def front_matter(fields: dict[str, Any], *, comment: str = "", body: str = "") -> str:
    """Markdown with YAML front matter, the ``yaml-md-meta`` format; the body becomes ``page_content``."""
    header = f"# {comment}\n" if comment else ""
    dumped = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    return f"---\n{header}{dumped}---\n{body}"
