"""YAML as users write it: fast parsing, exact error positions, no surprises.

PyYAML's C loader is 11× faster than the pure-Python one (dependencies.md), but it
does not report where each key is. Metadata is a flat mapping at the left margin,
so the lines of top-level keys are found with one cheap scan of the text; that is
also how a repeated key, which YAML silently collapses, is caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: A top-level ``key:`` at the left margin (quoted or not), not a comment or list item.
_TOP_KEY = re.compile(r"""^(?!["']?[#\-\s])(?P<q>["']?)(?P<key>[^:#\n]*?)(?P=q)[ \t]*:(?:[ \t]|$)""",
                      re.MULTILINE)

DEFAULT_MAX_VALUES = 1_000_000


@dataclass(slots=True)
class YamlResult:
    """Parsed data (``None`` when unreadable), top-level key lines and issues."""

    data: Any = None
    key_lines: dict[str, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def parse_yaml(text: str, file: str, *, line_offset: int = 0, max_values: int = DEFAULT_MAX_VALUES,
               syntax_code: str = "yaml-syntax") -> YamlResult:
    """Parse one YAML document; ``line_offset`` shifts positions (front matter).

    ``syntax_code`` lets the configuration loader report syntax errors under its own
    code (``config-yaml-syntax``: a configuration error, exit code 2).
    """
    result = YamlResult()
    try:
        result.data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        result.issues.append(_syntax_issue(error, file, line_offset, syntax_code))
        return result
    except (ValueError, TypeError, OverflowError) as error:
        # e.g. an impossible date such as 2021-02-30, which the loader tries to build
        result.issues.append(make_issue(syntax_code, file=file, problem=str(error)))
        return result
    except RecursionError:
        result.issues.append(make_issue("yaml-too-complex", file=file, limit=max_values))
        return result
    if _expanded_size(result.data, max_values) > max_values:
        result.issues.append(make_issue("yaml-too-complex", file=file, limit=max_values))
        result.data = None
        return result
    result.key_lines, duplicates = _scan_top_keys(text, line_offset)
    result.issues.extend(
        make_issue("yaml-duplicate-key", file=file, line=line, key=key, first=first)
        for key, first, line in duplicates
    )
    return result


def _syntax_issue(error: yaml.YAMLError, file: str, line_offset: int, code: str) -> Issue:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    if context:
        problem = f"{problem} ({context})"
    line = mark.line + 1 + line_offset if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return make_issue(code, file=file, line=line, column=column, problem=problem)


def _scan_top_keys(text: str, line_offset: int) -> tuple[dict[str, int], list[tuple[str, int, int]]]:
    """Line of each top-level key, plus ``(key, first line, repeat line)`` duplicates."""
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, int, int]] = []
    for key, line in _iter_top_keys(text):
        line += line_offset
        if key in lines:
            duplicates.append((key, lines[key], line))
        else:
            lines[key] = line
    return lines, duplicates


def _iter_top_keys(text: str) -> Iterator[tuple[str, int]]:
    line_number = 1
    position = 0
    for match in _TOP_KEY.finditer(text):
        line_number += text.count("\n", position, match.start())
        position = match.start()
        yield match.group("key").strip(), line_number


def _expanded_size(data: Any, limit: int) -> int:
    """Number of values once aliases are expanded, stopping early past ``limit``.

    Shared (aliased) objects are sized once and then counted by reference, so a
    "billion laughs" document is measured in linear time.
    """
    sizes: dict[int, int] = {}

    def size(node: Any, depth: int) -> int:
        if depth > 200:
            return limit + 1
        if isinstance(node, dict):
            children: Any = [*node.keys(), *node.values()]
        elif isinstance(node, list):
            children = node
        else:
            return 1
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > limit:
                break
        sizes[id(node)] = total
        return total

    return size(data, 0)


def front_matter(text: str) -> tuple[str, str, int] | str:
    """Split Markdown with YAML front matter into ``(yaml, body, lines before the yaml)``.

    Blank lines before the opening ``---`` are skipped (the caller reports them).
    Returns a problem description instead when the file has no usable front matter.
    """
    lines = text.split("\n")
    start = leading_blank_lines(lines)
    if start >= len(lines) or lines[start].strip() != "---":
        return "The file does not start with a `---` line, so it has no metadata fields."
    for index in range(start + 1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            yaml_part = "\n".join(lines[start + 1:index])
            body = "\n".join(lines[index + 1:])
            return yaml_part, body.strip("\n"), start + 1
    return "The metadata fields are never closed by a second `---` line."


def leading_blank_lines(lines: list[str]) -> int:
    """How many lines at the start are empty (spaces only count as empty)."""
    count = 0
    while count < len(lines) and not lines[count].strip():
        count += 1
    return count


def describe_kind(data: Any) -> str:
    """What a document holds instead of a mapping, in words for the message."""
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a single piece of text"
    return f"a value of type {type(data).__name__}"
