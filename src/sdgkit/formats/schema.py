"""The metadata schema in Prose.io form (``_prose.yml`` or ``metadata_schema.yml``).

Open SDG describes each metadata field under ``prose: metadata: meta:`` with an
editor element (text, textarea, hidden, checkbox, select, multiselect), a label, a
translation key, the tab (``scope``) and, for selects, the allowed options.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sdgkit.formats.files import RepoFiles
from sdgkit.formats.yaml_text import parse_yaml
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue


@dataclass(frozen=True, slots=True)
class SchemaField:
    """One metadata field as the schema declares it."""

    name: str
    element: str = "text"
    label: str = ""
    translation_key: str | None = None
    scope: str | None = None
    options: tuple[str, ...] | None = None
    line: int | None = None
    #: the ``field`` mapping as written (the data service republishes it in ``meta/schema.json``)
    spec: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(slots=True)
class MetadataSchema:
    """Fields by name, in schema order; ``file`` is where it was read from."""

    file: str | None = None
    fields: dict[str, SchemaField] = field(default_factory=dict)


def read_prose_schema(files: RepoFiles, path: str) -> tuple[MetadataSchema | None, list[Issue]]:
    """Read a Prose schema; a missing file is reported by the caller, not here."""
    text_file, issues = files.read_text(path)
    if text_file is None:
        return None, issues
    parsed = parse_yaml(text_file.text, path)
    issues += parsed.issues
    if parsed.data is None and parsed.issues:
        return None, issues
    entries = _meta_entries(parsed.data)
    if entries is None:
        return None, [*issues, make_issue("schema-invalid", file=path, line=1,
                                          problem="it has no `prose: metadata: meta:` list of fields")]
    schema = MetadataSchema(file=path)
    for entry in entries:
        parsed_field = _parse_field(entry)
        if parsed_field is None:
            issues.append(make_issue("schema-invalid", file=path, problem="a field has no `name`"))
            continue
        schema.fields[parsed_field.name] = parsed_field
    return schema, issues


def _meta_entries(data: Any) -> list[Any] | None:
    try:
        entries = data["prose"]["metadata"]["meta"]
    except (KeyError, TypeError):
        return None
    return entries if isinstance(entries, list) else None


def _parse_field(entry: Any) -> SchemaField | None:
    if not isinstance(entry, dict) or not entry.get("name"):
        return None
    spec: dict[str, Any] = entry["field"] if isinstance(entry.get("field"), dict) else {}
    options = spec.get("options")
    values = tuple(_option_value(option) for option in options) if isinstance(options, list) else None
    return SchemaField(
        name=str(entry["name"]),
        element=str(spec.get("element", "text")).strip(),
        label=str(spec.get("label", "")),
        translation_key=spec.get("translation_key"),
        scope=spec.get("scope"),
        options=values,
        spec=dict(spec),
    )


def _option_value(option: Any) -> str:
    if isinstance(option, dict):
        return str(option.get("value", option.get("name", "")))
    return str(option)
