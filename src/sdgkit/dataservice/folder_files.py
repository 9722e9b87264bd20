"""Files that describe a whole language folder: ``all`` files, statistics, schema, translations, zip."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from sdgkit.config.models import SiteConfig
from sdgkit.dataservice.datapackage import all_package
from sdgkit.dataservice.indicator_files import Files, IndicatorOutput
from sdgkit.dataservice.progress_files import progress_files
from sdgkit.dataservice.tabular import json_bytes
from sdgkit.derive.status import disaggregation_statistics, reporting_statistics
from sdgkit.formats.schema import MetadataSchema
from sdgkit.i18n.catalog import Catalog

#: a fixed time inside the zip so that the same data gives the same bytes (incremental builds, caches)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def folder_files(outputs: Sequence[IndicatorOutput], config: SiteConfig, schema: MetadataSchema | None,
                 translations: dict[str, Any], disaggregation: dict[str, Any],
                 zips: dict[tuple[int, ...], bytes] | None = None) -> Files:
    """The folder-wide files of one language folder (or ``untranslated``).

    ``zips`` remembers archives by the identity of their CSVs: languages whose data needed
    no translation share the very same CSV objects, and so the same archive.
    """
    metas = {output.view.slug: output.view.meta for output in outputs}
    zip_name = f"{config.indicator_export_filename}.zip"
    members = _zip_members(outputs)
    key = tuple(id(content) for _, content in members)
    cache = zips if zips is not None else {}
    archive = cache[key] if key in cache else cache.setdefault(key, zip_bytes(members))
    return {
        "meta/all.json": json_bytes(metas),
        "headline/all.json": json_bytes({output.view.slug: output.headline for output in outputs}),
        "meta/schema.json": json_bytes(schema_list(schema)),
        "stats/reporting.json": json_bytes(reporting_statistics(list(metas.values()),
                                                                config.reporting_status_extra_fields)),
        "stats/disaggregation.json": json_bytes(disaggregation),
        "translations/translations.json": json_bytes(translations),
        f"zip/{zip_name}": archive,
        f"zip/{config.indicator_export_filename}.json": json_bytes(
            {"size_bytes": len(archive), "size_human": human_size(len(archive)), "filename": zip_name}),
        "data-packages/all.json": json_bytes(all_package(
            [(output.view, output.package_schema) for output in outputs], "All indicators")),
        **progress_files(outputs, config),
    }


def disaggregation_file(untranslated: Sequence[IndicatorOutput], config: SiteConfig) -> dict[str, Any]:
    """``stats/disaggregation.json``: from the untranslated data, the same in every language."""
    entries = [(_goal(output), output.view.meta, output.view.disaggregations) for output in untranslated]
    return disaggregation_statistics(entries, config.reporting_status_extra_fields,
                                     config.ignore_out_of_scope_disaggregation_stats)


def _goal(output: IndicatorOutput) -> str:
    return output.view.slug.split("-")[0]


def _zip_members(outputs: Sequence[IndicatorOutput]) -> list[tuple[str, bytes]]:
    """The data CSVs of complete, statistical indicators (``IndicatorExportService``)."""
    return [(f"{output.view.slug}.csv", output.files[f"data/{output.view.slug}.csv"]) for output in outputs
            if output.view.complete and output.view.statistical and output.view.has_data]


def zip_bytes(members: Sequence[tuple[str, bytes]]) -> bytes:
    """One archive of the given files, with fixed dates so that equal data gives equal bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def human_size(size: int) -> str:
    """Decimal units with one decimal (``32.0 kB``), as the incumbent's ``humanize.naturalsize``."""
    if size == 1:
        return "1 Byte"
    if size < 1000:
        return f"{size} Bytes"
    value, unit = float(size), "kB"
    for unit in ("kB", "MB", "GB", "TB"):  # noqa: B007 - the last unit reached is the one shown
        value /= 1000
        if value < 1000:
            break
    return f"{value:.1f} {unit}"


def schema_list(schema: MetadataSchema | None) -> list[dict[str, Any]]:
    """``meta/schema.json``: the Prose fields as ``{name, field}`` items, shaped as the incumbent publishes them.

    The incumbent rebuilds this list from a JSON Schema, so only four editor elements survive
    (``text`` for everything but ``checkbox``, ``select`` and ``multiselect``) and options
    become ``{name, value, translation_key}``.
    """
    if schema is None:
        return []
    return [{"name": name, "field": _schema_field(name, entry.spec)} for name, entry in schema.fields.items()]


def _schema_field(name: str, spec: Mapping[str, Any]) -> dict[str, Any]:
    element = str(spec.get("element", "text")).strip()
    field: dict[str, Any] = {
        "label": str(spec.get("label") or name),
        "translation_key": str(spec.get("translation_key") or f"metadata_fields.{name}"),
        "element": element if element in ("checkbox", "select", "multiselect") else "text",
    }
    if spec.get("scope"):
        field["scope"] = str(spec["scope"])
    options = spec.get("options")
    if field["element"] in ("select", "multiselect") and isinstance(options, list):
        field["options"] = [_option(name, option) for option in options]
    return field


def _option(name: str, option: Any) -> dict[str, str]:
    if isinstance(option, Mapping):
        value = str(option.get("value", option.get("name", "")))
        label = str(option.get("name", value))
        key = option.get("translation_key")
    else:
        value = label = str(option)
        key = None
    return {"name": label, "value": value, "translation_key": str(key or f"{name}.{value}")}


def translations_file(catalog: Catalog, language: str | None, languages: Sequence[str]) -> dict[str, Any]:
    """``translations/translations.json``: groups of one language, or every language when untranslated."""
    if language is not None:
        return _sorted_groups(catalog.texts.get(language, {}))
    return {code: _sorted_groups(catalog.texts.get(code, {})) for code in languages}


def _sorted_groups(groups: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    return {group: dict(sorted(entries.items())) for group, entries in sorted(groups.items())}
