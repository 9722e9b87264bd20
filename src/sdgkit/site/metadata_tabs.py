"""The metadata tabs of an indicator page (Open SDG §4.17): fields grouped by schema scope.

Each configured tab shows the schema's fields of its scope, in schema order, as label/value
rows; ``sources`` groups the numbered ``source_*_N`` fields per active source. Values are
Markdown or HTML written by people, so they are rendered and sanitised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from sdgkit.config.site_options import SiteOptions
from sdgkit.formats.schema import MetadataSchema, SchemaField
from sdgkit.site.markup import markdown
from sdgkit.site.ui_text import UiText

_SOURCE_FIELD = re.compile(r"^source_(.+)_(\d+)$")
_URL = re.compile(r"^https?://\S+$")


@dataclass(slots=True)
class Row:
    label: str
    value: Markup


@dataclass(slots=True)
class Tab:
    scope: str
    title: str
    description: Markup | None
    rows: list[Row] = field(default_factory=list)
    #: for ``sources``: (heading, rows) per source
    groups: list[tuple[str, list[Row]]] = field(default_factory=list)
    placeholder: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows and not self.groups


def metadata_tabs(site: SiteOptions, schema: MetadataSchema | None, meta: Mapping[str, Any], ui: UiText,
                  standalone: bool) -> list[Tab]:
    fields = list(schema.fields.values()) if schema else []
    tabs = []
    for config in site.metadata_tabs:
        if config.scope == "global" and standalone:
            continue
        tab = Tab(config.scope, ui.plain(config.title), ui.html(config.description) if config.description else None,
                  placeholder=ui.plain(config.placeholder) if config.placeholder else "")
        scoped = [f for f in fields if f.scope == config.scope]
        if config.scope == "sources":
            tab.groups = _sources(fields, meta, ui, site)
        else:
            tab.rows = _rows(scoped, meta, ui, site)
        if not tab.empty or tab.placeholder:
            tabs.append(tab)
    return tabs


def _rows(fields: list[SchemaField], meta: Mapping[str, Any], ui: UiText, site: SiteOptions,
          placeholder: str | None = None) -> list[Row]:
    rows = []
    for schema_field in fields:
        value = meta.get(schema_field.name)
        if _empty(value):
            if site.hide_empty_metadata:
                continue
            empty = ui.plain(placeholder or site.empty_metadata_placeholder)
            rendered = Markup('<span class="empty">{}</span>').format(empty)
        else:
            rendered = _value(value, schema_field, ui)
        rows.append(Row(_label(schema_field, ui), rendered))
    return rows


def _sources(fields: list[SchemaField], meta: Mapping[str, Any], ui: UiText,
             site: SiteOptions) -> list[tuple[str, list[Row]]]:
    numbers = sorted({int(m.group(2)) for f in fields if (m := _SOURCE_FIELD.match(f.name))})
    groups = []
    for number in numbers:
        if meta.get(f"source_active_{number}") is False:
            continue
        own = [f for f in fields if (m := _SOURCE_FIELD.match(f.name)) and int(m.group(2)) == number
               and m.group(1) != "active"]
        if not any(not _empty(meta.get(f.name)) for f in own):
            continue
        heading = str(meta.get(f"source_organisation_{number}") or f"{ui.plain('indicator.source')} {number}")
        groups.append((heading, _rows(own, meta, ui, site, "indicator.empty_metadata_placeholder_sources")))
    return groups


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _label(schema_field: SchemaField, ui: UiText) -> str:
    for key in (schema_field.translation_key, f"metadata_fields.{schema_field.name}"):
        if key and ui.lookup(key):
            return ui.plain(key)
    return schema_field.label or schema_field.name


def _value(value: Any, schema_field: SchemaField, ui: UiText) -> Markup:
    if isinstance(value, list):
        return Markup(", ").join(_value(item, schema_field, ui) for item in value)
    if isinstance(value, bool):
        return Markup("{}").format(ui.plain("indicator.affirmative" if value else "indicator.negative"))
    text = str(value)
    if schema_field.options is not None and text in schema_field.options:
        return Markup("{}").format(ui.plain(_option_label(schema_field, text)))
    if _URL.match(text):
        return Markup('<a href="{}">{}</a>').format(text, text)
    return markdown(text)


def _option_label(schema_field: SchemaField, value: str) -> str:
    for option in schema_field.spec.get("options") or []:
        if isinstance(option, dict) and str(option.get("value")) == value:
            return str(option.get("translation_key") or option.get("name") or value)
    return value
