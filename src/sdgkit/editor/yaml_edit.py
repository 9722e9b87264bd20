"""Change a few metadata keys of a YAML file or a Markdown front matter, and nothing else.

People keep comments, blank lines, odd spacing and their own line wrapping in metadata files,
and review the editor's changes as diffs: a save that rewrites the whole file (as a plain
``ruamel.yaml`` round trip does, which re-indents lists and drops trailing spaces) would bury
the one real change in noise. So the document is parsed with ruamel.yaml in round-trip mode
to learn where each top-level key starts and how its value was written (block, folded,
quoted), and only the lines of the changed keys are replaced, each by ruamel.yaml's dump of
the new value. Every other byte is kept: untouched keys, comments, blank lines, the line
endings (CRLF stays CRLF), a byte order mark, and the Markdown body after the front matter.

The result is parsed again and compared with what was asked; in the rare layouts where the
line surgery cannot be trusted (a flow-style mapping, a comment-like line closing a quoted
string), the whole document goes through ruamel.yaml's round trip instead, which still keeps
comments and key order.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.util import load_yaml_guess_indent

#: the line breaks ruamel.yaml counts lines with (str.splitlines knows more, which would shift lines)
_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029]|$)")
#: lines as sdgkit's reader splits a Markdown file to find its front matter (at ``\n`` only)
_NEWLINE_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_STYLED_STRINGS = (LiteralScalarString, FoldedScalarString, SingleQuotedScalarString, DoubleQuotedScalarString)
_BOM = "\ufeff"
#: how sdgkit's reader loads metadata (YAML 1.1, as Jekyll)
_SAFE_LOADER: type[pyyaml.SafeLoader] = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
#: what a spliced document that does not parse reads as: equal to no expected data
_UNREADABLE = CommentedMap({"\0unreadable": True})
_NOT_READ = object()
#: no folding of long lines: metadata lines are long, and a wrapped new value would be a noisier diff
_WIDTH = 1 << 16


class YamlEditError(ValueError):
    """The document cannot be edited: not YAML, or not a mapping of keys at its top level."""


@dataclass(frozen=True, slots=True)
class _Layout:
    """How the original document is written: what new lines should look like."""

    newline: str
    mapping_indent: int
    sequence_indent: int
    sequence_offset: int


def update_yaml(text: str, changes: Mapping[str, Any], removals: Iterable[str] = ()) -> str:
    """``text`` (a YAML mapping) with ``changes`` set and ``removals`` deleted; all else kept as written.

    A changed key stays where it was; a new key is appended at the end. A string that was a
    block scalar (``|`` or ``>``) or a quoted one stays so; a new string of several lines
    becomes a literal block. Removing a key that is absent is not an error.
    """
    bom = _BOM if text.startswith(_BOM) else ""
    body = text[len(bom):]
    removed = [key for key in removals if key not in changes]
    if not changes and not removed:
        return text
    return bom + _edit(body, dict(changes), removed)


def update_front_matter(markdown_text: str, changes: Mapping[str, Any], removals: Iterable[str] = ()) -> str:
    """The Markdown page with its YAML front matter updated as :func:`update_yaml` does; the body kept as is.

    The front matter is found as sdgkit reads it (blank lines may come first; the ``---`` lines
    may carry spaces). A page without front matter gets one, at the top, when there is
    something to set; a front matter that is never closed is an error, not a new one.
    """
    bom = _BOM if markdown_text.startswith(_BOM) else ""
    text = markdown_text[len(bom):]
    lines = _NEWLINE_LINE.findall(text)
    start = next((number for number, line in enumerate(lines) if line.strip()), len(lines))
    if start == len(lines) or lines[start].strip() != "---":
        if not changes:
            return markdown_text
        newline = "\r\n" if "\r\n" in text else "\n"
        front = update_yaml("", changes).replace("\n", newline)
        return f"{bom}---{newline}{front}---{newline}{text}"
    close = next((number for number in range(start + 1, len(lines)) if lines[number].strip() in ("---", "...")), None)
    if close is None:
        raise YamlEditError("the front matter is never closed by a second `---` line")
    edited = update_yaml("".join(lines[start + 1:close]), changes, removals)
    if edited and not edited.endswith("\n"):
        edited += "\r\n" if lines[start].endswith("\r\n") else "\n"
    return bom + "".join(lines[:start + 1]) + edited + "".join(lines[close:])


def _edit(text: str, changes: dict[str, Any], removals: list[str]) -> str:
    """The edited document: line surgery when it gives the right data, else a full round trip."""
    document = _load(_yaml(), text)
    right = _checker(text, document, changes, removals)
    layout = _layout(text)
    if document.fa.flow_style() is not True:
        for trim_comments in (True, False):
            edited = _splice(text, document, changes, removals, layout, trim_comments)
            if right(edited):
                return edited
    return _round_trip(document, changes, removals, layout)


def _checker(text: str, document: CommentedMap, changes: dict[str, Any],
             removals: list[str]) -> Callable[[str], bool]:
    """A test of an edited text: does it read as the original with the changes?

    Read as sdgkit and Jekyll read metadata (PyYAML's safe loader, YAML 1.1), so that a value
    like ``yes`` or ``12:30`` that ruamel.yaml (YAML 1.2) would leave plain cannot slip
    through as a boolean or a number; with ruamel.yaml when PyYAML cannot read the original.
    """
    original = _safe_read(text)
    if isinstance(original, dict):
        expected = {key: value for key, value in original.items() if key not in removals} | _plain(changes)
        return lambda edited: _safe_read(edited) == expected
    wanted = _expected(document, changes, removals)
    return lambda edited: _plain(_load(_yaml(), edited, quiet=True)) == wanted


def _safe_read(text: str) -> Any:
    """The data as sdgkit's reader sees it (an empty document is an empty mapping), or a marker."""
    try:
        data = pyyaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except pyyaml.YAMLError:
        return _NOT_READ
    return {} if data is None else data


def _yaml() -> YAML:
    """A round-trip parser that keeps quotes, so that a quoted value's style can be kept."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    return yaml


def _load(yaml: YAML, text: str, *, quiet: bool = False) -> CommentedMap:
    """The top-level mapping (an empty one for an empty document)."""
    try:
        document = yaml.load(text)
    except YAMLError as error:
        if quiet:
            return _UNREADABLE
        raise YamlEditError(f"not valid YAML: {error}") from error
    if document is None:
        return CommentedMap()
    if not isinstance(document, CommentedMap):
        if quiet:
            return _UNREADABLE
        raise YamlEditError("the YAML document is not a mapping of keys")
    return document


def _expected(document: CommentedMap, changes: dict[str, Any], removals: list[str]) -> dict[str, Any]:
    """The data the edited document must hold: what the check after the line surgery compares with."""
    expected = {key: _plain(value) for key, value in document.items() if key not in removals}
    expected.update({key: _plain(value) for key, value in changes.items()})
    return expected


def _plain(value: Any) -> Any:
    """``value`` with ruamel.yaml's container types turned into plain ones, for comparison."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _layout(text: str) -> _Layout:
    """The newline and indentation of the original, for the lines written anew."""
    newline = "\r\n" if "\r\n" in text else "\n"
    try:
        _, indent, offset = load_yaml_guess_indent(text)
    except YAMLError:
        indent, offset = None, None
    sequence = indent or 2
    offset = offset or 0
    return _Layout(newline, 2, max(sequence, offset + 2), offset)


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their line breaks, split where ruamel.yaml counts a new line."""
    return [line for line in _LINE.findall(text) if line]


def _splice(text: str, document: CommentedMap, changes: dict[str, Any], removals: list[str], layout: _Layout,
            trim_comments: bool) -> str:
    """Replace the lines of each changed or removed key; append the new keys."""
    lines = _lines(text)
    spans = _spans(document, lines, trim_comments)
    for key in sorted(spans, key=lambda name: spans[name][0], reverse=True):
        if key in removals:
            start, end = spans[key]
            lines[start:end] = []
        elif key in changes:
            start, end = spans[key]
            lines[start:end] = _replacement(document, key, changes[key], lines[start:end], layout)
    added = {key: value for key, value in changes.items() if key not in document}
    if added:
        at = _document_end(lines, min((start for start, _ in spans.values()), default=0))
        if at and not lines[at - 1].endswith(("\n", "\r", "\x85", "\u2028", "\u2029")):
            lines[at - 1] += layout.newline
        lines.insert(at, _dump({key: _styled(None, value) for key, value in added.items()}, layout))
    return "".join(lines)


def _spans(document: CommentedMap, lines: list[str], trim_comments: bool) -> dict[str, tuple[int, int]]:
    """``{key: (first line, line after the value)}`` for every top-level key.

    A value runs to the next key; the comments and blank lines before the next key are left
    out (they describe the next key, or separate the two) unless ``trim_comments`` is false.
    """
    keys = list(document)
    if not keys:
        return {}
    starts = [document.lc.key(key)[0] for key in keys]
    ends = [*starts[1:], _document_end(lines, starts[-1])]
    spans = {}
    for key, start, end in zip(keys, starts, ends, strict=True):
        block = isinstance(document[key], LiteralScalarString | FoldedScalarString)
        while trim_comments and end - 1 > start and _between_keys(lines[end - 1], block):
            end -= 1
        spans[key] = (start, end)
    return spans


def _document_end(lines: list[str], last_key: int) -> int:
    """The line after the last value: before an end marker (``...``) if there is one."""
    for number in range(last_key, len(lines)):
        if re.match(r"(?:\.\.\.|---)(?:\s|$)", lines[number]):
            return number
    return len(lines)


def _between_keys(line: str, block: bool) -> bool:
    """A blank or comment line; inside a block scalar only a comment at column 0 can end the value."""
    stripped = line.strip()
    if block:
        return stripped.startswith("#") and not line[:1].isspace()
    return not stripped or stripped.startswith("#")


def _replacement(document: CommentedMap, key: str, value: Any, old: list[str], layout: _Layout) -> list[str]:
    """The new lines of ``key``, keeping the comment at the end of its line when the value fits on one line."""
    new = _dump({key: _styled(document[key], value)}, layout)
    comment = _inline_comment(document, key, old)
    if comment and len(old) == 1 and new.count("\n") == 1:
        new = new.rstrip("\r\n") + comment + layout.newline
    ending = old[-1][len(old[-1].rstrip("\r\n\x85\u2028\u2029")):] if old else layout.newline
    if not ending:  # the last line of the file had no newline: neither will its replacement
        new = new.rstrip("\r\n")
    return [new]


def _inline_comment(document: CommentedMap, key: str, old: list[str]) -> str:
    """`` # comment`` at the end of the key's line, with the spaces before it, or ``""``."""
    items = document.ca.items.get(key)
    token = items[2] if items and len(items) > 2 else None
    if token is None or not old or token.start_mark.line != document.lc.key(key)[0]:
        return ""
    line = old[0].rstrip("\r\n")
    column = token.start_mark.column
    if column >= len(line) or line[column] != "#":
        return ""
    spaces = len(line[:column]) - len(line[:column].rstrip())
    return " " * max(spaces, 1) + line[column:]


def _styled(old: Any, value: Any) -> Any:
    """``value`` written as the old value was: block scalars stay blocks, quoted strings stay quoted."""
    if not isinstance(value, str) or isinstance(value, _STYLED_STRINGS):
        return _containers(value)
    if isinstance(old, _STYLED_STRINGS):
        if isinstance(old, SingleQuotedScalarString) and "\n" in value:
            return LiteralScalarString(value)
        return type(old)(value)
    if "\n" in value.rstrip("\n"):
        return LiteralScalarString(value)
    return _quoted_if_needed(value)


def _quoted_if_needed(value: str) -> str:
    """``value`` quoted when YAML 1.1 would read it plain as something else than text (``yes``, ``1:30``)."""
    return value if _safe_read(value) == value else SingleQuotedScalarString(value)


def _containers(value: Any) -> Any:
    """Nested values as ruamel.yaml's block containers, so that new lists are written one item a line."""
    if isinstance(value, Mapping):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[_quoted_if_needed(key) if isinstance(key, str) else key] = _styled(None, item)
        return mapping
    if isinstance(value, list | tuple):
        return CommentedSeq(_styled(None, item) for item in value)
    return value


def _dump(data: Mapping[str, Any], layout: _Layout) -> str:
    """ruamel.yaml's text for ``data``, indented and with the newlines of the original."""
    yaml = _yaml()
    yaml.indent(mapping=layout.mapping_indent, sequence=layout.sequence_indent, offset=layout.sequence_offset)
    stream = io.StringIO()
    yaml.dump(data if isinstance(data, CommentedMap) else CommentedMap(data), stream)
    text = stream.getvalue()
    return text.replace("\n", layout.newline) if layout.newline != "\n" else text


def _round_trip(document: CommentedMap, changes: dict[str, Any], removals: list[str], layout: _Layout) -> str:
    """The whole document through ruamel.yaml: comments and order kept, formatting normalised."""
    for key in removals:
        document.pop(key, None)
    for key, value in changes.items():
        document[key] = _styled(document.get(key), value)
    return _dump(document, layout)
