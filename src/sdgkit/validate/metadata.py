"""Checks of indicator metadata: the schema, the settings that drive the site, keys.

Unlike the incumbent, which fills in defaults *before* validating (so its "required"
rules never fire), sdgkit reports a missing field and says which default it uses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from sdgkit.formats.schema import MetadataSchema, SchemaField
from sdgkit.i18n.catalog import Catalog
from sdgkit.model.indicator import Indicator
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue, Severity

#: Names the Open SDG site uses itself (``open-sdg:docs/metadata-format.md``).
RESERVED_KEYS = frozenset({"goals", "goal", "targets", "target", "indicators", "indicator", "language",
                           "name", "number", "global", "url", "goal_number", "target_number"})
REPORTING_STATUSES = ("complete", "inprogress", "notstarted", "notapplicable")
GRAPH_TYPES = ("line", "bar", "binary")
BOOLEAN_SETTINGS = ("data_non_statistical", "data_show_map", "standalone", "auto_progress_calculation")
#: Settings that are lists of mappings (per unit/series options and the like).
LIST_SETTINGS = ("graph_titles", "graph_types", "graph_limits", "graph_annotations", "graph_target_lines",
                 "graph_series_breaks", "precision", "data_start_values", "progress_calculation_options",
                 "footer_fields", "publications", "sources")
_KEY_LIKE = re.compile(r"^(?P<group>[a-z_]+)\.(?P<key>[A-Za-z0-9_-]+)$")
_SCALARS = (str, int, float, bool, dt.date, type(None))


def check_metadata(indicator: Indicator, schema: MetadataSchema | None, catalog: Catalog,
                   language: str) -> list[Issue]:
    if not indicator.meta_files:
        return []
    return [*_reserved(indicator), *_schema(indicator, schema), *_required(indicator),
            *_settings(indicator), *_translation_keys(indicator, catalog, language)]


def _issue(code: str, indicator: Indicator, key: str, **params: Any) -> Issue:
    file, line = indicator.locate(key)
    return make_issue(code, file=file, line=line, indicator=indicator.id.slug, key=key, **params)


def _reserved(indicator: Indicator) -> Iterator[Issue]:
    for key in indicator.metadata.keys() & RESERVED_KEYS:
        yield _issue("metadata-reserved-key", indicator, key)


def _schema(indicator: Indicator, schema: MetadataSchema | None) -> Iterator[Issue]:
    if schema is None:
        return
    for key, value in indicator.metadata.items():
        spec = schema.fields.get(key)
        if spec is not None and value is not None:
            yield from _field_issues(indicator, spec, value)


def _field_issues(indicator: Indicator, spec: SchemaField, value: Any) -> Iterator[Issue]:
    key = spec.name
    if spec.element == "checkbox" and not isinstance(value, bool):
        yield _issue("metadata-wrong-type", indicator, key, value=value, expected="true or false",
                     found=_describe(value), fix=f"Write `{key}: true` or `{key}: false`.")
    elif spec.element == "multiselect":
        items = value if isinstance(value, list) else [value]
        yield from _options(indicator, spec, [item for item in items if item not in ("", None)])
    elif not isinstance(value, _SCALARS):
        yield _issue("metadata-wrong-type", indicator, key, value=None, expected="a single value",
                     found=_describe(value), fix="Write the value on one line, or as Markdown text.")
    elif spec.element == "select" and value != "":
        yield from _options(indicator, spec, [value])


def _options(indicator: Indicator, spec: SchemaField, values: list[Any]) -> Iterator[Issue]:
    if not spec.options:
        return
    for value in values:
        if str(value) not in spec.options:
            yield _issue("metadata-invalid-option", indicator, spec.name, value=value,
                         allowed=", ".join(spec.options))


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f"`{value}`"


def _required(indicator: Indicator) -> Iterator[Issue]:
    meta = indicator.metadata
    if meta.get("reporting_status") in (None, ""):  # absent, or left empty (an emptied form field)
        status = "complete" if indicator.data is not None else "notstarted"
        yield _issue("metadata-missing-field", indicator, "reporting_status",
                     fallback=f"sdgkit uses `{status}` because the indicator "
                              f"{'has' if indicator.data is not None else 'has no'} data")
        return
    if meta.get("reporting_status") == "complete" and indicator.is_statistical and indicator.data is not None:
        if not meta.get("graph_title"):
            yield _issue("metadata-missing-field", indicator, "graph_title",
                         fallback="the indicator name is used as the chart title")
        if not meta.get("graph_type"):
            yield _issue("metadata-missing-field", indicator, "graph_type", fallback="a line chart is drawn")


def _settings(indicator: Indicator) -> Iterator[Issue]:
    meta = indicator.metadata
    status = meta.get("reporting_status")
    if status not in (None, "") and status not in REPORTING_STATUSES:
        yield _issue("metadata-invalid-setting", indicator, "reporting_status", value=status,
                     severity=Severity.WARNING,
                     problem=f"`{status}` is not one of {', '.join(REPORTING_STATUSES)} "
                             "(fine only if your site defines it)")
    graph_type = meta.get("graph_type")
    if graph_type not in (None, "") and graph_type not in GRAPH_TYPES:
        yield _issue("metadata-invalid-setting", indicator, "graph_type", value=graph_type,
                     severity=Severity.WARNING,
                     problem=f"`{graph_type}` is not one of {', '.join(GRAPH_TYPES)}; a line chart is drawn")
    for key in BOOLEAN_SETTINGS:
        if key in meta and meta[key] not in (None, "") and not isinstance(meta[key], bool):
            yield _issue("metadata-invalid-setting", indicator, key, value=meta[key],
                         problem="it must be `true` or `false`")
    for key in LIST_SETTINGS:
        value = meta.get(key)
        if value not in (None, "", []) and not _list_of_mappings(value):
            yield _issue("metadata-invalid-setting", indicator, key, value=None,
                         problem="it must be a list of items, each with named fields (`- field: value`)")


def _list_of_mappings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _translation_keys(indicator: Indicator, catalog: Catalog, language: str) -> Iterator[Issue]:
    for key, value in indicator.metadata.items():
        if not isinstance(value, str):
            continue
        match = _KEY_LIKE.match(value.strip())
        if match and catalog.has_group(language, match["group"]) and catalog.get(language, value.strip()) is None:
            yield _issue("metadata-unknown-translation-key", indicator, key, value=value.strip(),
                         group=match["group"])
