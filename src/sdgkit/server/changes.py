"""Changed files → what to rebuild: nothing, some indicators again, or the whole site.

Only a data or metadata file of an indicator the last build knew can be rebuilt on its own;
anything else (configuration, translations, templates, pages, posts, the schema, a new
indicator) may change every page, so it asks for a full rebuild. Files that never change the
site (git's, sdgkit's own output and cache, editors' temporary and lock files) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from sdgkit.config.models import SDMX_DATA_FORMATS, InputSpec, SiteConfig
from sdgkit.model.ids import id_from_filename, parse_indicator_id
from sdgkit.read import DEFAULT_META_PATTERNS, META_READERS

DEFAULT_DATA_PATTERN = "data/*-*.csv"  # as read.py reads ``csv-data`` inputs without a ``path_pattern``
#: beyond this many indicators at once (a branch switched, a folder replaced), one full build is simpler
MOST_INDICATORS = 20
#: folders whose files are never inputs of a site
IGNORED_FOLDERS = frozenset({".git", ".hg", ".svn", ".github", "__pycache__", "node_modules", ".venv", ".idea",
                             ".vscode", ".mypy_cache", ".pytest_cache", ".ruff_cache",
                             ".sdgkit"})  # the editor's accounts, history, proposals and lock
#: temporary, backup and lock files of editors and spreadsheets, saved beside the real file
EDITOR_FILES = re.compile(
    r"~$|^~\$|^\.~lock\..*#$|\.sw[a-p]$|^\.#|^#.*#$|^4913$|\.tmp$|\.temp$|\.bak$|\.crswap$|"
    r"\.sdgkit-tmp$|^\.goutputstream-|\.___jb_\w+___$|\.kate-swp$|^\.DS_Store$|^Thumbs\.db$|^desktop\.ini$",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RebuildPlan:
    """What a set of changed files asks for."""

    indicators: frozenset[str] = frozenset()
    full: bool = False
    #: the first file that asked for a full rebuild (for the log line)
    reason: str = ""

    @property
    def empty(self) -> bool:
        return not self.full and not self.indicators


def plan_rebuild(changed: Iterable[str], config: SiteConfig, known: Collection[str],
                 most: int = MOST_INDICATORS) -> RebuildPlan:
    """What to rebuild for ``changed`` (paths relative to the repository, POSIX style).

    ``known`` holds the slugs of the indicators of the last build: a file of another
    indicator is a new indicator, which changes the goal pages and neighbours' links.
    """
    indicators: dict[str, str] = {}
    sdmx = any(spec.format in SDMX_DATA_FORMATS or spec.format == "sdmx-meta" for spec in config.inputs)
    for path in sorted(changed):
        if ignored(path, config.site_dir):
            continue
        if sdmx:  # one SDMX message may feed any indicator: one indicator is never read again alone
            return RebuildPlan(full=True, reason=path)
        slug = indicator_of(path, config)
        if slug is None or slug not in known:
            return RebuildPlan(full=True, reason=path)
        indicators.setdefault(slug, path)
    if len(indicators) > most:
        return RebuildPlan(full=True, reason=next(iter(indicators.values())))
    return RebuildPlan(frozenset(indicators))


def ignored(path: str, site_dir: str = "_site") -> bool:
    """True for files whose changes cannot change the site (``path`` relative to the repository)."""
    parts = PurePosixPath(path).parts
    if not parts or any(part in IGNORED_FOLDERS for part in parts):
        return True
    return _in_output(parts, site_dir) or EDITOR_FILES.search(parts[-1]) is not None


def _in_output(parts: tuple[str, ...], site_dir: str) -> bool:
    """Inside the build's output folder, or its cache and staging folders beside it (``._site.*``)."""
    site = PurePosixPath(site_dir.strip("/") or ".")
    if site.name in ("", ".", "..") or ".." in site.parts:
        return False
    depth = len(site.parts)
    if parts[:depth] == site.parts:
        return True
    folder = site.parent.parts if str(site.parent) != "." else ()
    return len(parts) > len(folder) and parts[:len(folder)] == folder \
        and parts[len(folder)].startswith(f".{site.name}.")


def indicator_of(path: str, config: SiteConfig) -> str | None:
    """The slug of the indicator whose data or metadata file ``path`` is (even a deleted one), else ``None``."""
    for spec, pattern, _language in input_patterns(config):
        if matches(pattern, path):
            return slug_of(path, spec)
    return None


def input_patterns(config: SiteConfig) -> Iterator[tuple[InputSpec, str, str | None]]:
    """``(input, pattern relative to the repository, language)`` of every indicator file the inputs read.

    The order is the read stage's: inputs in configuration order; metadata files first,
    then the same names in each language's sub-folder.
    """
    for spec in config.inputs:
        if spec.format == "csv-data":
            yield spec, config.in_src(spec.path_pattern or DEFAULT_DATA_PATTERN), None
        elif spec.format in META_READERS:
            pattern = spec.path_pattern or DEFAULT_META_PATTERNS[spec.format]
            yield spec, config.in_src(pattern), None
            for language in config.languages:
                yield spec, config.in_src(language_pattern(pattern, language)), language


def language_pattern(pattern: str, language: str) -> str:
    """``meta/*-*.md`` → ``meta/fr/*-*.md``: where the read stage finds translated metadata."""
    folder, _, name = pattern.rpartition("/")
    return f"{folder}/{language}/{name}" if folder else f"{language}/{name}"


def slug_of(path: str, spec: InputSpec) -> str | None:
    """The indicator a file belongs to, named as the read and assemble stages name it."""
    stem = PurePosixPath(path).stem
    parsed = parse_indicator_id(id_from_filename(stem) if spec.format == "csv-data" else stem)
    return parsed.slug if parsed is not None else None


def matches(pattern: str, path: str) -> bool:
    """Whether a glob pattern (``*`` within a folder, ``**`` across folders) names ``path``."""
    return _match_parts(PurePosixPath(pattern).parts, PurePosixPath(path).parts)


def _match_parts(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    if not pattern:
        return not parts
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_match_parts(rest, parts[start:]) for start in range(len(parts) + 1))
    return bool(parts) and fnmatchcase(parts[0], head) and _match_parts(rest, parts[1:])
