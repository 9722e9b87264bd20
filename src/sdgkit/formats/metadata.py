"""Indicator metadata files: YAML, Markdown with YAML front matter, two-column CSV.

A reader only parses: it returns the file's fields with the line of each, and the
indicator and language it belongs to. Merging fragments is the assembler's job.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from sdgkit.formats.files import TextFile
from sdgkit.formats.yaml_text import YamlResult, describe_kind, front_matter, parse_yaml
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

#: Open SDG turns the strings "true"/"false" into booleans (``fix_booleans``).
_BOOLEANS = {"true": True, "false": False}


@dataclass(slots=True)
class MetaFragment:
    """The fields one file gives one indicator (in one language, if a sub-folder)."""

    path: str
    indicator: str
    language: str | None
    fields: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)


def read_metadata(source: TextFile, fmt: str, indicator: str, language: str | None,
                  *, max_values: int, meta_suffix: str | None = None) -> tuple[MetaFragment | None, list[Issue]]:
    """Parse one metadata file of format ``yaml-meta``, ``yaml-md-meta`` or ``csv-meta``."""
    if fmt == "csv-meta":
        fragment, issues = _read_csv_meta(source, indicator, language), []
    else:
        result, body = _read_yaml_meta(source, fmt == "yaml-md-meta", max_values)
        issues = result.issues
        if result.data is None and issues:
            return None, issues
        data = {} if result.data is None else result.data
        if not isinstance(data, dict):
            issue = make_issue("yaml-not-mapping", file=source.path, line=1, kind=describe_kind(data))
            return None, [*issues, issue]
        if body:
            data["page_content"] = body
        fragment = MetaFragment(source.path, indicator, language, data, result.key_lines)
    fragment.fields = {str(k): _fix_boolean(v) for k, v in fragment.fields.items()}
    if meta_suffix:
        fragment.fields = {f"{k}{meta_suffix}": v for k, v in fragment.fields.items()}
        fragment.key_lines = {f"{k}{meta_suffix}": v for k, v in fragment.key_lines.items()}
    return fragment, issues


def _read_yaml_meta(source: TextFile, markdown: bool, max_values: int) -> tuple[YamlResult, str]:
    if not markdown:
        return parse_yaml(source.text, source.path, max_values=max_values), ""
    split = front_matter(source.text)
    if isinstance(split, str):
        return YamlResult(issues=[make_issue("metadata-front-matter", file=source.path, line=1,
                                             problem=split)]), ""
    yaml_text, body, offset = split
    result = parse_yaml(yaml_text, source.path, line_offset=offset, max_values=max_values)
    if offset > 1:
        result.issues.append(make_issue("file-leading-blank-lines", file=source.path, line=1,
                                        count=offset - 1, what="front matter (`---`)"))
    return result, body


def _read_csv_meta(source: TextFile, indicator: str, language: str | None) -> MetaFragment:
    """Two columns, no header: key, value; empty values dropped (``InputCsvMeta``)."""
    fields: dict[str, Any] = {}
    lines: dict[str, int] = {}
    reader = csv.reader(io.StringIO(source.text, newline=""))
    try:
        for row in reader:
            if len(row) >= 2 and row[0].strip() and row[1].strip():
                fields[row[0].strip()] = row[1]
                lines[row[0].strip()] = reader.line_num
    except csv.Error:
        pass  # keep what was read; the data checks report broken CSV in data files only
    return MetaFragment(source.path, indicator, language, fields, lines)


def _fix_boolean(value: Any) -> Any:
    return _BOOLEANS.get(value.strip().lower(), value) if isinstance(value, str) else value
