"""Finding, reading and validating a site's configuration, with every problem located.

The loader never stops at the first problem (mkdocs does, and users fix errors one
run at a time): each invalid value is reported with its line and replaced by its
default, so the rest of the repository is still checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from sdgkit.config.models import SiteConfig
from sdgkit.config.opensdg import from_open_sdg, from_sdgkit
from sdgkit.config.remote import unread_source_issues
from sdgkit.config.site_options import SiteOptions
from sdgkit.formats.files import RepoFiles
from sdgkit.formats.yaml_text import describe_kind, parse_yaml
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue, Severity

SDGKIT_FILE = "sdgkit.yml"
OPEN_SDG_FILE = "config_data.yml"
#: where Open SDG sites keep their settings (the site repository's ``_data`` folder, or beside the data)
SITE_FILES = ("site_config.yml", "_data/site_config.yml")
_MAX_REPAIRS = 100

Path_ = tuple[str | int, ...]


@dataclass(slots=True)
class LoadedConfig:
    """The configuration, the file it came from (``None``: defaults) and its issues."""

    config: SiteConfig
    file: str | None
    issues: list[Issue] = field(default_factory=list)


def load_config(files: RepoFiles, explicit: str | None = None) -> LoadedConfig:
    """Load ``explicit``, else ``sdgkit.yml``, else ``config_data.yml``, else defaults."""
    chosen, issues = _choose_file(files, explicit)
    if chosen is None:
        return LoadedConfig(SiteConfig(), None, issues)
    text_file, read_issues = files.read_text(chosen)
    issues += read_issues
    if text_file is None:
        return LoadedConfig(SiteConfig(), chosen, issues)
    parsed = parse_yaml(text_file.text, chosen, syntax_code="config-yaml-syntax")
    issues += parsed.issues
    raw = parsed.data if parsed.data is not None else {}
    if not isinstance(raw, dict):
        issues.append(make_issue("config-not-mapping", file=chosen, line=1, kind=describe_kind(raw)))
        raw = {}
    too_complex = any(issue.code == "yaml-too-complex" for issue in parsed.issues)
    lines = {} if too_complex else _node_lines(text_file.text)
    readable = not any(i.severity.value == "error" for i in issues)
    config, model_issues = _validate(raw, chosen, lines, open_sdg=Path(chosen).name != SDGKIT_FILE,
                                     expect_languages=readable)
    issues += model_issues
    issues += _site_file_options(files, config, raw)
    issues += unread_source_issues(config, chosen, lines)
    return LoadedConfig(config, chosen, issues)


def _choose_file(files: RepoFiles, explicit: str | None) -> tuple[str | None, list[Issue]]:
    if explicit is not None:
        if not files.exists(explicit):
            return None, [make_issue("config-file-missing", file=explicit, what="configuration file",
                                     path=explicit, severity=Severity.ERROR)]
        return explicit, []
    has_sdgkit, has_open_sdg = files.exists(SDGKIT_FILE), files.exists(OPEN_SDG_FILE)
    if has_sdgkit and has_open_sdg:
        return SDGKIT_FILE, [make_issue("config-both-files", file=SDGKIT_FILE, used=SDGKIT_FILE)]
    if has_sdgkit or has_open_sdg:
        return (SDGKIT_FILE if has_sdgkit else OPEN_SDG_FILE), []
    return None, [make_issue("config-default")]


def _validate(raw: dict[str, Any], file: str, lines: dict[Path_, int],
              *, open_sdg: bool, expect_languages: bool) -> tuple[SiteConfig, list[Issue]]:
    translated, issues = (from_open_sdg if open_sdg else from_sdgkit)(raw, file, lines)
    if expect_languages and "languages" not in translated:
        issues.append(make_issue("config-no-languages", file=file, line=1))
    config, model_issues = _validated(SiteConfig, translated, file, lines)
    return config, issues + model_issues


Model = TypeVar("Model", bound=BaseModel)


def _validated(model: type[Model], data: dict[str, Any], file: str,
               lines: dict[Path_, int]) -> tuple[Model, list[Issue]]:
    """The model of ``data``; each invalid value is reported and dropped so its default applies."""
    issues: list[Issue] = []
    seen: set[Path_] = set()
    for _ in range(_MAX_REPAIRS):
        try:
            validated = model.model_validate(data)
        except ValidationError as error:
            bad = [(tuple(item["loc"]), item) for item in error.errors()]
            issues += [_value_issue(loc, item, file, lines) for loc, item in bad if loc not in seen]
            seen.update(loc for loc, _ in bad)
            _remove_paths(data, [_repair_path(loc, item["type"]) for loc, item in bad])
            continue
        issues += list(_unknown_key_issues(validated, (), file, lines))
        return validated, issues
    return model(), issues


def _site_file_options(files: RepoFiles, config: SiteConfig, raw: dict[str, Any]) -> list[Issue]:
    """Open SDG keeps the site's settings in ``site_config.yml``: read it when ``site:`` is not set."""
    if "site" in raw:
        return []
    chosen = next((name for name in SITE_FILES if files.exists(name)), None)
    if chosen is None:
        return []
    text_file, issues = files.read_text(chosen)
    if text_file is None:
        return issues
    parsed = parse_yaml(text_file.text, chosen, syntax_code="config-yaml-syntax")
    issues += parsed.issues
    if not isinstance(parsed.data, dict):
        if parsed.data is not None:
            issues.append(make_issue("config-not-mapping", file=chosen, line=1, kind=describe_kind(parsed.data)))
        return issues
    config.site, site_issues = _validated(SiteOptions, parsed.data, chosen, _node_lines(text_file.text))
    return issues + site_issues


def _value_issue(loc: Path_, item: Any, file: str, lines: dict[Path_, int]) -> Issue:
    message = str(item["msg"]).removeprefix("Value error, ")
    shown = item.get("input")
    value = shown if isinstance(shown, (str, int, float, bool)) else None
    return make_issue("config-invalid-value", file=file, line=_line_of(loc, lines),
                      key=_dotted(loc), problem=message[:1].lower() + message[1:], value=value)


def _repair_path(loc: Path_, error_type: str) -> Path_:
    """What to delete so the default applies: the value, or the item missing a field."""
    return loc[:-1] if error_type == "missing" and len(loc) > 1 else loc


_REMOVED = object()


def _remove_paths(data: dict[str, Any], paths: Sequence[Path_]) -> None:
    """Delete invalid values; list items are marked first so indexes stay valid."""
    for path in paths:
        _remove_path(data, path)
    _purge_removed(data)


def _remove_path(container: Any, path: Path_) -> None:
    for key in path[:-1]:
        try:
            container = container[key]
        except (KeyError, IndexError, TypeError):
            return
    last = path[-1]
    if isinstance(container, list) and isinstance(last, int) and last < len(container):
        container[last] = _REMOVED
    elif isinstance(container, dict):
        container.pop(last, None)


def _purge_removed(value: Any) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _purge_removed(item)
    elif isinstance(value, list):
        value[:] = [item for item in value if item is not _REMOVED]
        for item in value:
            _purge_removed(item)


def _unknown_key_issues(model: BaseModel, loc: Path_, file: str,
                        lines: dict[Path_, int]) -> Iterator[Issue]:
    for key in model.model_extra or {}:
        path = (*loc, key)
        yield make_issue("config-unknown-key", file=file, line=_line_of(path, lines), key=_dotted(path))
    for name in type(model).model_fields:
        yield from _unknown_in_value(getattr(model, name), (*loc, _alias(model, name)), file, lines)


def _unknown_in_value(value: Any, loc: Path_, file: str, lines: dict[Path_, int]) -> Iterator[Issue]:
    if isinstance(value, BaseModel):
        yield from _unknown_key_issues(value, loc, file, lines)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unknown_in_value(item, (*loc, index), file, lines)


def _alias(model: BaseModel, name: str) -> str:
    return type(model).model_fields[name].alias or name


def _dotted(loc: Path_) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_of(loc: Path_, lines: dict[Path_, int]) -> int | None:
    """Line of the deepest known ancestor of ``loc``."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _node_lines(text: str) -> dict[Path_, int]:
    """1-based line of every key and list item of a (small) YAML document."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    lines: dict[Path_, int] = {}
    _walk_nodes(root, (), lines)
    return lines


def _walk_nodes(node: yaml.Node | None, loc: Path_, lines: dict[Path_, int],
                visited: set[int] | None = None) -> None:
    visited = set() if visited is None else visited
    if id(node) in visited:  # an alias: already walked, and walking again could explode
        return
    visited.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = (*loc, str(key_node.value))
            lines[path] = key_node.start_mark.line + 1
            _walk_nodes(value_node, path, lines, visited)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = item.start_mark.line + 1
            _walk_nodes(item, (*loc, index), lines, visited)
