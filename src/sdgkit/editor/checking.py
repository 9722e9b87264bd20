"""What an unsaved change would do: its ``sdgkit check`` issues and its indicator page, without writing it.

The editor validates and previews as the user types, so nothing here may touch the disk:
the repository is read through :class:`OverlayFiles`, a :class:`RepoFiles` on which one
path reads the given bytes instead of the file. Every reader of sdgkit goes through
``RepoFiles``, so the check and the page are exactly those the saved file would give.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sdgkit.build import output_folders, render_indicator, take_indicator_files
from sdgkit.check import project_from
from sdgkit.formats.files import RepoFiles
from sdgkit.server.changes import indicator_of, matches
from sdgkit.server.incremental import Reassembled, reassemble
from sdgkit.validate.checks import validate
from sdgkit.validate.issues import Issue, Report

if TYPE_CHECKING:
    from sdgkit.server.preview import LastBuild, Preview


@dataclass(slots=True)
class OverlayFiles(RepoFiles):
    """The repository's files, except that ``overlay`` paths read the bytes given for them."""

    overlay: dict[str, bytes] = field(default_factory=dict)

    def exists(self, relative: str) -> bool:
        return relative in self.overlay or RepoFiles.exists(self, relative)

    def read_bytes(self, relative: str) -> bytes | Issue:
        if relative in self.overlay:
            return self.overlay[relative]
        return RepoFiles.read_bytes(self, relative)

    def glob(self, pattern: str, base: str = "") -> list[str]:
        """A new file that is not on disk yet is found by the patterns it matches, as it will be once saved."""
        found = RepoFiles.glob(self, pattern, base)
        extra = [path for path in self.overlay if path not in found and _matches(path, pattern, base)]
        return sorted([*found, *extra])


def _matches(path: str, pattern: str, base: str) -> bool:
    prefix = f"{base.rstrip('/')}/" if base else ""
    return path.startswith(prefix) and matches(pattern, path[len(prefix):])


def check_overlay(root: Path, relative: str, content: bytes, config_file: str | None = None) -> Report:
    """The report of ``sdgkit check`` if ``relative`` held ``content`` (nothing is written)."""
    result = project_from(OverlayFiles(root, overlay={relative: content}), config_file)
    if result.project is not None:
        result.report.extend(validate(result.project))
    return result.report


def issue_json(issue: Issue, header: list[str] | None) -> dict[str, Any]:
    """An issue for the browser; in a CSV file also the cell: ``row`` (1 = first data row) and ``column_name``."""
    shown = issue.to_dict()
    if header is not None and issue.line is not None:
        shown["row"] = issue.line - 1 if issue.line > 1 else None
        if issue.column is not None and 0 < issue.column <= len(header):
            shown["column_name"] = header[issue.column - 1]
    return shown


def csv_header(content: bytes) -> list[str]:
    """The first row of a CSV file (empty when it cannot be read)."""
    try:
        return next(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")), [])
    except (UnicodeDecodeError, csv.Error):
        return []


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """The indicator page made from an unsaved change, and how long it took."""

    name: str
    content: bytes
    seconds: float
    issues: list[Issue]


def check_indicator(preview: Preview, relative: str, content: bytes) -> Report | None:
    """The repository's report with the indicator of ``relative`` checked again as if it held ``content``.

    The rest of the report is the preview's last build: a fraction of a second instead of a
    whole check (seconds on a large site), which is what the editor needs as the user types.
    ``None`` when the file belongs to no indicator (then :func:`check_overlay` answers).
    """
    found = _reassembled(preview, relative, content)
    if found is None:
        return None
    built, slug, again = found
    old = built.project.indicators.get(slug)
    before = [*([old.data.file] if old is not None and old.data is not None else []),
              *(old.meta_files if old is not None else [])]
    touched = {*again.files, relative, *before}
    return Report([i for i in built.report if i.indicator != slug and i.file not in touched] + again.issues)


def _reassembled(preview: Preview, relative: str, content: bytes) -> tuple[LastBuild, str, Reassembled] | None:
    """The indicator of ``relative`` read, assembled and validated again from ``content``."""
    built = preview.last_build
    if built is None or built.render.plan is None:
        return None
    project = built.project
    slug = indicator_of(relative, project.config)
    if slug is None:
        return None
    files = OverlayFiles(preview.root, max_bytes=int(project.config.limits.max_file_mb * 1024 * 1024),
                         overlay={relative: content})
    again = reassemble(files, replace(project, indicators=dict(project.indicators)), slug, built.git_dates or {})
    return None if again.indicator is None else (built, slug, again)


def preview_page(preview: Preview, relative: str, content: bytes, language: str | None = None) -> RenderedPage | None:
    """The page of the indicator ``relative`` belongs to, rendered as if it held ``content``.

    Reuses what the preview's last build kept (project, translations, compiled templates),
    so only this indicator is read, validated and rendered: well under a second. ``None``
    when the file belongs to no indicator or the site has not been built.
    """
    started = time.perf_counter()
    found = _reassembled(preview, relative, content)
    if found is None:
        return None
    built, _slug, again = found
    assert again.indicator is not None and built.render.plan is not None
    project, state = built.project, built.render
    rendered = render_indicator(again.indicator, state.translators, project.config, project.layers, state.plan)
    files = dict(take_indicator_files(output_folders(project.config), rendered))
    pages = {name: page for name, page in files.items() if name.endswith("index.html")}
    wanted = language if language in project.config.languages else project.config.languages[0]
    name = next((n for n in sorted(pages) if n.startswith(f"{wanted}/")), min(pages, default=None))
    if name is None:
        return None
    page = embed_explorer_files(pages[name], lambda wanted: files.get(wanted, preview.site.files.get(wanted)))
    return RenderedPage(name, page, time.perf_counter() - started, again.issues)


_EXPLORER_CONFIG = re.compile(rb'(<script type="application/json" class="explorer-config">)(.*?)(</script>)', re.S)


def embed_explorer_files(page: bytes, lookup: Callable[[str], bytes | None]) -> bytes:
    """The page with the explorer's data and map boundaries inside its configuration, as ``data:`` URLs.

    The preview of an unsaved change runs in a sandbox (an opaque origin), where the explorer's
    ``fetch`` of ``/en/explorer/1-1-1.json`` is refused, and that file would be the saved data
    anyway, not the unsaved. Given inside the page, the chart, table and map draw the change.
    """
    def swap(match: re.Match[bytes]) -> bytes:
        try:
            config = json.loads(match.group(2))
        except ValueError:
            return match.group(0)
        config["data"] = _data_url(config.get("data"), lookup)
        for layer in (config.get("map") or {}).get("layers", []):
            layer["topology"] = _data_url(layer.get("topology"), lookup)
        return match.group(1) + _script_json(config) + match.group(3)

    return _EXPLORER_CONFIG.sub(swap, page)


def _data_url(url: object, lookup: Callable[[str], bytes | None]) -> object:
    """``url`` as a ``data:`` URL of the site file it names (found by its path, whatever the base)."""
    if not isinstance(url, str):
        return url
    parts = urlsplit(url).path.lstrip("/").split("/")
    for start in range(len(parts) - 1):  # a base path in front is no folder of the site: try shorter names
        content = lookup("/".join(parts[start:]))
        if content is not None:
            return "data:application/json;base64," + base64.b64encode(content).decode("ascii")
    return url


def _script_json(value: object) -> bytes:
    """JSON that is safe inside ``<script>``, escaped as Jinja's ``tojson`` does."""
    text = json.dumps(value, ensure_ascii=False)
    for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(character, escaped)
    return text.encode("utf-8")
