"""Checks across files: ids against the global framework, data and metadata in pairs,
maps that need region codes, and translations complete in every language."""

from __future__ import annotations

from collections.abc import Iterator

from sdgkit.framework import global_framework
from sdgkit.i18n.catalog import Catalog
from sdgkit.model.indicator import Indicator
from sdgkit.model.observations import GEOCODE
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

_MAX_EXAMPLES = 5


def check_structure(indicator: Indicator) -> list[Issue]:
    return [*_known_id(indicator), *_pairing(indicator), *_map(indicator)]


def _first_file(indicator: Indicator) -> str | None:
    if indicator.data is not None:
        return indicator.data.file
    return indicator.meta_files[0] if indicator.meta_files else None


def _known_id(indicator: Indicator) -> Iterator[Issue]:
    slug = indicator.id.slug
    if indicator.id.is_sdg_shaped and not indicator.standalone and slug not in global_framework().indicators:
        yield make_issue("indicator-unknown-id", file=_first_file(indicator), value=slug, indicator=slug)


def _pairing(indicator: Indicator) -> Iterator[Issue]:
    slug = indicator.id.slug
    if indicator.data is not None and not indicator.meta_files:
        yield make_issue("indicator-data-without-metadata", file=indicator.data.file, indicator=slug)
    elif indicator.data is None and indicator.meta_files:
        complete = indicator.metadata.get("reporting_status") == "complete"
        if complete and indicator.is_statistical and not indicator.standalone:
            file, line = indicator.locate("reporting_status")
            yield make_issue("indicator-complete-without-data", file=file, line=line, indicator=slug)
        else:
            yield make_issue("indicator-metadata-without-data", file=indicator.meta_files[0], indicator=slug)


def _map(indicator: Indicator) -> Iterator[Issue]:
    if indicator.metadata.get("data_show_map") is not True:
        return
    table = indicator.data
    if table is None or GEOCODE not in table.frame.columns or table.frame[GEOCODE].isna().all():
        file, line = indicator.locate("data_show_map")
        yield make_issue("indicator-map-without-geocode", file=file, line=line, indicator=indicator.id.slug)


def check_translations(catalog: Catalog, languages: list[str]) -> list[Issue]:
    """Keys the repository translates in its first language but not in the others."""
    base = languages[0]
    own = catalog.own_keys.get(base, set())
    issues: list[Issue] = []
    for language in languages[1:]:
        missing: dict[str, list[str]] = {}
        for group, key in sorted(own):
            if catalog.get(language, f"{group}.{key}") is None:
                missing.setdefault(group, []).append(key)
        for group, keys in missing.items():
            examples = ", ".join(keys[:_MAX_EXAMPLES]) + (", …" if len(keys) > _MAX_EXAMPLES else "")
            issues.append(make_issue("translation-missing-key", file=catalog.own_files.get((base, group)),
                                     count=len(keys), group=group, base=base, lang=language,
                                     examples=examples, value=keys[0]))
    return issues
