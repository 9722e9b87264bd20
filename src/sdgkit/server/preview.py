"""The preview's site in memory, ``{path: bytes}``, and how it is rebuilt when files change.

A full build is :func:`sdgkit.check.check` then :func:`sdgkit.build.render`, exactly as
``sdgkit build`` (with ``--keep-going``), kept in a dictionary instead of written. What the
build used (the project, the report, the site plan, every indicator's outputs) is kept too,
so that when only an indicator's own files change, that indicator is read, validated and
rendered again, and the files made from all indicators together (lists of indicators, the
home and goal pages, ``indicators.json``, statistics, the zip) are made again from the
kept outputs: a fraction of a second instead of a full build.

The search index and the documentation pages take seconds on a large site, so they are left
out of every build (:mod:`sdgkit.server.slow`): the server makes the search index again in
the background (:meth:`Preview.refresh_search`), and the documentation when someone opens
it (:meth:`Preview.refresh_documentation`), so that neither slows down the rebuild of the
next save. Each version of the site is an immutable :class:`Site`, swapped in whole, so
requests never see half a rebuild and need no lock.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Literal

from sdgkit.assemble import Project
from sdgkit.build import (
    RenderState,
    buildable,
    documentation_files,
    documentation_folder,
    output_folders,
    render,
    render_indicator,
    search_index,
    shared_files,
    take_indicator_files,
)
from sdgkit.check import check
from sdgkit.dataservice.indicator_files import IndicatorOutput
from sdgkit.formats.files import RepoFiles
from sdgkit.formats.git_history import last_commit_dates
from sdgkit.server.changes import indicator_of, plan_rebuild
from sdgkit.server.incremental import reassemble
from sdgkit.server.slow import DOCUMENTATION, SEARCH, SlowFiles
from sdgkit.site.render import SitePlan, site_plan
from sdgkit.site.urls import base_path
from sdgkit.validate.issues import Issue, Report, Severity

RebuildKind = Literal["full", "indicators", "none", "failed"]


@dataclass(frozen=True, slots=True)
class Site:
    """One version of the preview: the files served and what the error banner says."""

    files: Mapping[str, bytes]
    version: int = 0
    report: Report = field(default_factory=Report)
    #: indicators left out because they have errors (``--keep-going``)
    skipped: tuple[str, ...] = ()
    #: the site's base path (``/`` or ``/sdg/`` for a ``base_url`` with a path)
    base: str = "/"
    #: the last rebuild could not read the configuration: these files are the last good build's
    stale: bool = False

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.report if issue.severity is Severity.ERROR]


@dataclass(frozen=True, slots=True)
class RebuildResult:
    """What a rebuild did, for the log line."""

    kind: RebuildKind
    seconds: float = 0.0
    indicators: tuple[str, ...] = ()
    #: the file that asked for a full rebuild
    reason: str = ""
    errors: int = 0
    skipped: tuple[str, ...] = ()
    #: the first error when the configuration could not be read
    problem: Issue | None = None


@dataclass(slots=True)
class LastBuild:
    """What the last build used and made; only the rebuilding thread (holding the lock) changes it."""

    project: Project
    report: Report
    render: RenderState
    #: paths of the files made from all indicators together (by :func:`shared_files`)
    shared: frozenset[str]
    git_dates: dict[str, str] | None = None


class Preview:
    """A repository's site, built in memory and rebuilt in part or in whole when its files change."""

    def __init__(self, path: Path, config_file: str | None = None) -> None:
        self.root = path
        self.config_file = config_file
        self._site = Site({})
        self._built: LastBuild | None = None
        self._slow = SlowFiles()
        #: the version the documentation pages were made for
        self._documented = -1
        #: the configuration could not be read last time: the next change rebuilds everything
        self._full_next = False
        self._lock = threading.RLock()
        self._documenting = threading.Lock()

    @property
    def site(self) -> Site:
        """The current version (read without a lock: it is replaced whole, never changed)."""
        return self._site

    @property
    def last_build(self) -> LastBuild | None:
        """What the last build read and made (``None`` before the first): the editor checks and previews against it.

        Replaced whole by each rebuild, never changed in place, so a reader holds a consistent one.
        """
        return self._built

    @property
    def site_dir(self) -> str:
        """The configured output folder, which the watcher ignores."""
        return self._built.project.config.site_dir if self._built is not None else "_site"

    def relative(self, path: str | Path) -> str:
        """A watched path relative to the repository, POSIX style (as the configuration writes them)."""
        return Path(os.path.relpath(os.path.realpath(path), os.path.realpath(self.root))).as_posix()

    def rebuild(self, changed: Iterable[str]) -> RebuildResult:
        """Rebuild what ``changed`` (paths relative to the repository) asks for; the old site is served meanwhile."""
        paths = set(changed)
        with self._lock:
            built = self._built
            if built is None or self._full_next:
                return self.build(reason=min(paths, default=""))
            plan = plan_rebuild(paths, built.project.config, built.project.indicators)
            if plan.full:
                return self.build(reason=plan.reason)
            if plan.empty:
                return RebuildResult("none")
            again = self._rebuild_indicators(built, plan.indicators, paths)
            return again if again is not None else self.build(reason=min(paths))

    def build(self, reason: str = "") -> RebuildResult:
        """Build the whole site (``sdgkit build --keep-going``, in memory, without the slow files)."""
        started = time.perf_counter()
        with self._lock:
            checked = check(self.root, self.config_file)
            if checked.project is None or checked.config_failed:
                return self._config_failed(checked.report, started)
            project, report = checked.project, checked.report
            indicators, skipped = buildable(project, report)
            state = RenderState()
            render_issues: list[Issue] = []
            files = dict(render(project, indicators, issues=render_issues, state=state, slow_files=False))
            report.extend(render_issues)
            shared = frozenset(files).difference(chain.from_iterable(state.files.values()))
            self._built, self._full_next = LastBuild(project, report, state, shared), False
            self._publish(self._slow.kept(files, self._site.files), skipped)
        return self._result("full", started, reason=reason)

    # --- the slow files ---------------------------------------------------------------------------

    def refresh_slow_files(self) -> int:
        """Make the search index and the documentation pages of the current version; returns their number."""
        return self.refresh_search() + self.refresh_documentation()

    def refresh_search(self) -> int:
        """Make the search index of the current version (Pagefind, in a temporary folder); returns its files.

        The lock is not held while Pagefind works, so a rebuild is not delayed by it; what it
        made replaces the previous index even if a rebuild happened meanwhile (the server asks
        for the index again after every rebuild).
        """
        with self._lock:
            built, site = self._built, self._site
            if built is None or built.render.plan is None:
                return 0
            plan = built.render.plan
            names = {*built.shared, *chain.from_iterable(built.render.files.values())}
            pages = [(name, site.files[name]) for name in sorted(names)
                     if name.endswith(".html") and name in site.files]
        problems: list[Issue] = []
        made = search_index(plan, pages, problems)
        with self._lock:
            self._keep_slow(SEARCH, made, problems)
        return len(made)

    def refresh_documentation(self) -> int:
        """Make the documentation pages of the current version, unless they are already; returns their number."""
        with self._documenting:  # one at a time: the second request finds them made
            with self._lock:
                built, version = self._built, self._site.version
                if built is None or self._documented == version:
                    return 0
                state = built.render
                untranslated = [state.outputs[slug][0] for slug in _site_order(built.project, list(state.outputs))]
            made = dict(documentation_files(built.project, state.translators, untranslated))
            with self._lock:
                self._keep_slow(DOCUMENTATION, made, [])
                self._documented = version  # if a rebuild happened meanwhile, the next request makes them again
        return len(made)

    def needs_documentation(self, path: str) -> bool:
        """Whether the documentation pages must be made before answering a request for ``path`` (decoded)."""
        site, built = self._site, self._built
        if built is None or self._documented == site.version or not path.startswith(site.base):
            return False
        relative = path[len(site.base):]
        folder = documentation_folder(built.project.config)
        if folder:
            return relative == folder or relative.startswith(f"{folder}/")
        name = f"{relative}index.html" if relative.endswith("/") or not relative else relative
        return name in self._slow.names.get(DOCUMENTATION, frozenset()) or name not in site.files

    def _keep_slow(self, kind: str, made: Mapping[str, bytes], problems: list[Issue]) -> None:
        """Serve the slow files just made, in the same version: nothing a reader looks at changed, so no reload."""
        site = self._site
        files = self._slow.replaced(kind, made, problems, site.files)
        self._site = replace(site, files=files) if site.stale else self._version(files, site.skipped, site.version)

    # --- one or a few indicators again ------------------------------------------------------

    def _rebuild_indicators(self, built: LastBuild, slugs: frozenset[str], changed: set[str]) -> RebuildResult | None:
        """Only these indicators again; ``None`` when one of them is gone (then the whole site changes)."""
        started = time.perf_counter()
        project = replace(built.project, indicators=dict(built.project.indicators))
        issues = list(built.report)
        repository = RepoFiles(self.root, max_bytes=int(project.config.limits.max_file_mb * 1024 * 1024))
        for slug in sorted(slugs):
            again = reassemble(repository, project, slug, self._git_dates(built))
            if again.indicator is None:
                return None
            own = {path for path in changed if indicator_of(path, project.config) == slug}  # deleted ones too
            touched = {*again.files, *own, *_files_of(project, slug)}  # the files its old issues name
            issues = [i for i in issues if i.indicator != slug and i.file not in touched] + again.issues
            project.indicators[slug] = again.indicator
        report = Report(issues)
        indicators, skipped = buildable(project, report)
        files = self._render_again(built, project, report, [i.id.slug for i in indicators], slugs)
        self._publish(files, skipped)
        return self._result("indicators", started, indicators=tuple(sorted(slugs)))

    def _render_again(self, built: LastBuild, project: Project, report: Report, order: list[str],
                      slugs: frozenset[str]) -> dict[str, bytes]:
        """The new files of the site: those of ``slugs`` and of all indicators together made again."""
        state, config = built.render, project.config
        plan = _updated_plan(project, state)
        outputs, names = dict(state.outputs), dict(state.files)
        made: dict[str, bytes] = {}
        for slug in slugs:
            outputs.pop(slug, None)
            names.pop(slug, None)
            if slug in order:
                rendered = render_indicator(project.indicators[slug], state.translators, config, project.layers, plan)
                taken = take_indicator_files(output_folders(config), rendered)
                made.update(taken)
                outputs[slug], names[slug] = rendered, [name for name, _ in taken]
        order = [slug for slug in order if slug in outputs]
        current = self._site.files
        pages = [(name, made[name] if name in made else current[name])
                 for slug in order for name in names[slug] if name.endswith(".html")]
        collected = _collected(output_folders(config), outputs, order)
        shared = dict(shared_files(project, state.translators, plan, collected, pages, issues=[], slow_files=False))
        gone = {*built.shared, *self._slow.every_name(), *chain.from_iterable(state.files.get(s, []) for s in slugs)}
        files = {name: content for name, content in current.items() if name not in gone}
        files.update(made)
        files.update(shared)
        self._built = LastBuild(project, report, RenderState(state.translators, plan, outputs, names),
                             frozenset(shared), built.git_dates)
        return self._slow.kept(files, current)

    def _git_dates(self, built: LastBuild) -> dict[str, str]:
        """Last-commit dates, read once per full build and only when an input asks for them."""
        if built.git_dates is None:
            wanted = any(spec.git for spec in built.project.config.inputs)
            built.git_dates = last_commit_dates(self.root) if wanted else {}
        return built.git_dates

    # --- publishing a version ------------------------------------------------------------------

    def _publish(self, files: Mapping[str, bytes], skipped: Iterable[str]) -> None:
        """Serve ``files`` as the next version (open pages reload)."""
        self._site = self._version(files, skipped, self._site.version + 1)

    def _version(self, files: Mapping[str, bytes], skipped: Iterable[str], version: int) -> Site:
        assert self._built is not None
        report = Report([*self._built.report, *self._slow.issues])
        return Site(files, version, report, tuple(skipped), base_path(self._built.project.config.site.base_url))

    def _config_failed(self, report: Report, started: float) -> RebuildResult:
        """The configuration cannot be read: keep serving the last good build, with the problem in the banner."""
        old = self._site
        self._site = Site(old.files, old.version + 1, report, old.skipped, old.base, stale=True)
        self._full_next = True
        problem = next((issue for issue in report if issue.severity is Severity.ERROR), None)
        return RebuildResult("failed", time.perf_counter() - started, errors=len(self._site.errors), problem=problem)

    def _result(self, kind: RebuildKind, started: float, *, indicators: tuple[str, ...] = (),
                reason: str = "") -> RebuildResult:
        site = self._site
        return RebuildResult(kind, time.perf_counter() - started, indicators, reason, len(site.errors), site.skipped)


def _files_of(project: Project, slug: str) -> list[str]:
    """The files the indicator was assembled from last time (its issues name them)."""
    indicator = project.indicators[slug]
    return [*([indicator.data.file] if indicator.data is not None else []), *indicator.meta_files]


def _updated_plan(project: Project, state: RenderState) -> SitePlan:
    """The site plan with a fresh index of indicators (names, statuses), keeping the compiled templates."""
    assert state.plan is not None, "the preview always renders a site"
    fresh = site_plan(project, project.site, state.translators)
    return replace(state.plan, languages=fresh.languages)


def _collected(folders: list[str], outputs: Mapping[str, list[IndicatorOutput]],
               order: list[str]) -> dict[str, list[IndicatorOutput]]:
    """Each folder's outputs in site order, as :func:`sdgkit.build.render` collects them."""
    return {folder: [outputs[slug][position] for slug in order] for position, folder in enumerate(folders)}


def _site_order(project: Project, slugs: list[str]) -> list[str]:
    wanted = set(slugs)
    return [indicator.id.slug for indicator in project.sorted_indicators() if indicator.id.slug in wanted]
