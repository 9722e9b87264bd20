"""The preview's two background threads: one rebuilds when files are saved, one makes the search index.

The watcher waits for changes in the repository (``watchfiles``: one batch per save, even
when an editor writes a temporary file and renames it) and calls :meth:`Preview.rebuild`;
while it rebuilds, the previous version is served and new changes are collected for the
next batch. After every build the other thread makes the search index again, once the
repository has been quiet for a moment and at a lower priority, so that the rebuild of the
next save does not wait for it. Nothing here prints: what happened is handed to callbacks.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterable
from types import TracebackType

import watchfiles

from sdgkit.server.changes import ignored
from sdgkit.server.preview import Preview, RebuildResult

#: gather the events of one save (editors write several files) before rebuilding
STEP_MILLISECONDS = 50
DEBOUNCE_MILLISECONDS = 400
#: how long the repository must be quiet before the search index is made again
QUIET_SECONDS = 1.0
#: how much nicer (lower priority) the search index's thread runs than the rebuilds
NICER = 15

OnRebuild = Callable[[RebuildResult], None]
OnError = Callable[[str, BaseException], None]


class SearchIndexer:
    """Makes the search index again in a thread, when asked and once the repository is quiet."""

    def __init__(self, preview: Preview, on_error: OnError, on_done: Callable[[int], None] | None = None,
                 quiet: float = QUIET_SECONDS) -> None:
        self.preview, self.on_error, self.on_done, self.quiet = preview, on_error, on_done, quiet
        self._wanted = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sdgkit-search-index", daemon=True)

    def request(self) -> None:
        self._wanted.set()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wanted.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        lower_priority()
        while self._wanted.wait() and not self._stop.is_set():
            self._wanted.clear()
            if self._stop.wait(self.quiet) or self._wanted.is_set():
                continue  # stopping, or asked again meanwhile: wait for quiet again
            try:
                made = self.preview.refresh_search()
            except Exception as failure:  # reported; the preview goes on without it
                self.on_error("search index", failure)
                continue
            if self.on_done is not None:
                self.on_done(made)


def lower_priority() -> None:
    """Let a rebuild have the processor first: this thread and the programs it starts (Pagefind) run nicer.

    Without it, a save while Pagefind ran took twice as long on a two-core machine.
    Linux only: elsewhere the priority of one thread cannot be set, and nothing changes.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError):  # a container may refuse; the files are still made
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICER)


class Watcher:
    """Rebuilds the preview in a thread whenever files of the repository change."""

    def __init__(self, preview: Preview, on_rebuild: OnRebuild, on_error: OnError,
                 indexer: SearchIndexer | None = None) -> None:
        self.preview, self.on_rebuild, self.on_error, self.indexer = preview, on_rebuild, on_error, indexer
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sdgkit-watcher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def wanted(self, change: watchfiles.Change, path: str) -> bool:
        """The watch filter: changes of files that may change the site."""
        return not ignored(self.preview.relative(path), self.preview.site_dir)

    def _run(self) -> None:
        for batch in watchfiles.watch(self.preview.root, watch_filter=self.wanted, stop_event=self._stop,
                                      step=STEP_MILLISECONDS, debounce=DEBOUNCE_MILLISECONDS,
                                      raise_interrupt=False):
            changed = settled(batch)
            if changed:
                self.apply({self.preview.relative(path) for path in changed})

    def apply(self, changed: set[str]) -> None:
        """Rebuild for one batch of changes; a failure is reported and the previous version stays."""
        try:
            result = self.preview.rebuild(changed)
        except Exception as failure:  # the preview must survive a bug or an odd file
            self.on_error("rebuild", failure)
            return
        if result.kind != "none":
            self.on_rebuild(result)
        if result.kind in ("full", "indicators") and self.indexer is not None:
            self.indexer.request()


def settled(batch: Iterable[tuple[watchfiles.Change, str]]) -> set[str]:
    """The paths of a batch, without the temporary files that came and went within it.

    Saving safely means writing a temporary file and renaming it over the real one
    (``sed -i``, many editors, spreadsheets); its name is unpredictable, and it is gone already.
    """
    kinds: dict[str, set[watchfiles.Change]] = {}
    for change, path in batch:
        kinds.setdefault(path, set()).add(change)
    return {path for path, seen in kinds.items()
            if not ({watchfiles.Change.added, watchfiles.Change.deleted} <= seen and not os.path.lexists(path))}


class Background:
    """Both threads, started and stopped together (``with Background(...):`` around the server)."""

    def __init__(self, preview: Preview, on_rebuild: OnRebuild, on_error: OnError, *, watch: bool = True) -> None:
        self.indexer = SearchIndexer(preview, on_error)
        self.watcher = Watcher(preview, on_rebuild, on_error, self.indexer) if watch else None

    def __enter__(self) -> Background:
        self.indexer.start()
        self.indexer.request()  # the first build leaves it out too
        if self.watcher is not None:
            self.watcher.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        self.indexer.stop()
