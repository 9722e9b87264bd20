"""Open SDG ``config_data.yml`` compatibility: class names become format names.

The incumbent selects readers by Python class name (``InputCsvData``); sdgkit selects
them by format name (``csv-data``), so user configuration never depends on our code
structure. This module is the one place that knows the old names.
"""

from __future__ import annotations

import copy
from typing import Any

from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

Lines = dict[tuple[str | int, ...], int]

INPUT_CLASSES: dict[str, str] = {
    "InputCsvData": "csv-data",
    "InputYamlMeta": "yaml-meta",
    "InputYamlMdMeta": "yaml-md-meta",
    "InputCsvMeta": "csv-meta",
    "InputExcelMeta": "excel-meta",
    "InputWordMeta": "word-meta",
    "InputSdmxMeta": "sdmx-meta",
    "InputSdgMetadata": "sdg-metadata",
    "InputSdmxMl_Structure": "sdmx-ml-structure",
    "InputSdmxMl_StructureSpecific": "sdmx-ml-structure-specific",
    "InputSdmxMl_Multiple": "sdmx-ml-multiple",
    "InputSdmxMl_UnitedNationsApi": "sdmx-ml-un-api",
    "InputSdmxJson": "sdmx-json",
    "InputCkan": "ckan",
    "InputJsonStat": "json-stat",
    "InputPxWebApi": "pxweb",
}

TRANSLATION_CLASSES: dict[str, str] = {
    "TranslationInputSdgTranslations": "sdg-translations",
    "TranslationInputYaml": "yaml",
    "TranslationInputCsv": "csv",
    "TranslationInputSdmx": "sdmx",
    "TranslationInputSdmxMsd": "sdmx-msd",
}


def from_open_sdg(raw: dict[str, Any], file: str, lines: Lines) -> tuple[dict[str, Any], list[Issue]]:
    """Translate a ``config_data.yml`` mapping into :class:`SiteConfig` input."""
    data = copy.deepcopy(raw)
    issues: list[Issue] = []
    for key, classes, role in (("inputs", INPUT_CLASSES, "input"),
                               ("translations", TRANSLATION_CLASSES, "translation")):
        if isinstance(data.get(key), list):
            data[key] = _rename_classes(data[key], key, classes, role, file, lines, issues)
    return data, issues


def from_sdgkit(raw: dict[str, Any], file: str, lines: Lines) -> tuple[dict[str, Any], list[Issue]]:
    """``sdgkit.yml`` uses format names, but Open SDG class names are accepted too."""
    return from_open_sdg(raw, file, lines)


def _rename_classes(items: list[Any], key: str, classes: dict[str, str], role: str,
                    file: str, lines: Lines, issues: list[Issue]) -> list[Any]:
    known = set(classes.values())
    renamed: list[Any] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            renamed.append(item)  # the model reports the wrong type
            continue
        name = item.pop("class", None) or item.get("format")
        fmt = classes.get(str(name), str(name) if name in known else None)
        if fmt is None:
            issues.append(make_issue("config-unknown-class", file=file, line=lines.get((key, index)),
                                     kind=name if name else "(missing)", role=role,
                                     known=", ".join(sorted(known))))
            continue
        renamed.append({**item, "format": fmt})
    return renamed
