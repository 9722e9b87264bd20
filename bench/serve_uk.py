"""Time ``sdgkit serve`` on a temporary copy of the UK fixture: the first build, then rebuilds after one save.

The copy uses the same local configuration as ``bench/build_uk.py`` (local map layer,
built-in translations); ../shared is never written. Figures:

- the first build in memory (what ``sdgkit serve`` does before it serves);
- the search index (made in the background after each build) and the documentation pages
  (made when first opened after a build);
- rebuilds after one edit of one indicator's data or metadata file, called directly;
- the same through the real file watcher: from the save until the new version is served
  (what a reader waits for, before the page's live reload asks; it polls every 0.3 s);
- a rebuild while the background thread makes the search index.

Usage: python bench/serve_uk.py [path-to-uk-sdg-data]
Prints figures; never fails on timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build_uk import DEFAULT, local_copy  # the benchmark next door prepares the copy

from sdgkit.server.preview import Preview
from sdgkit.server.watch import SearchIndexer, Watcher

#: a small indicator, the three largest data files, and a middle one
DATA_EDITS = ("1-2-1", "3-4-1", "8-5-1", "8-10-2", "17-19-1")
META_EDITS = ("1-2-1", "3-4-1")
TARGET_SECONDS = 1.0


def change_value(path: Path) -> None:
    """Change the first observation's value, as a statistician correcting a figure would."""
    lines = path.read_text(encoding="utf-8").splitlines()
    head, _, value = lines[1].rpartition(",")
    lines[1] = f"{head},{float(value or 0) + 0.1:g}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def change_title(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---", "\ngraph_title: Edited in the benchmark\n---", 1), encoding="utf-8")


def timed_rebuild(preview: Preview, repo: Path, relative: str, change: str) -> float:
    if change == "data":
        change_value(repo / relative)
    else:
        change_title(repo / relative)
    result = preview.rebuild({relative})
    assert result.kind == "indicators", result
    return result.seconds


def through_the_watcher(preview: Preview, repo: Path, relative: str) -> float:
    """Seconds from writing the file until the preview serves the new version."""
    done = threading.Event()
    watcher = Watcher(preview, lambda result: done.set(), lambda what, error: done.set())
    watcher.start()
    time.sleep(1.0)  # let the watcher settle
    version = preview.site.version
    began = time.perf_counter()
    change_value(repo / relative)
    done.wait(timeout=30)
    seconds = time.perf_counter() - began
    watcher.stop()
    assert preview.site.version == version + 1
    return seconds


def during_search_index(preview: Preview, repo: Path, relative: str) -> float:
    """A rebuild while the background thread makes the search index (at its lower priority)."""
    done = threading.Event()
    indexer = SearchIndexer(preview, lambda what, error: done.set(), lambda made: done.set(), quiet=0)
    indexer.start()
    indexer.request()
    time.sleep(0.3)  # Pagefind is at work
    seconds = timed_rebuild(preview, repo, relative, "data")
    done.wait(timeout=60)
    indexer.stop()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        repo = local_copy(options.path, Path(temporary))
        preview = Preview(repo)
        first = preview.build()
        began = time.perf_counter()
        index = preview.refresh_search()
        search_seconds = time.perf_counter() - began
        began = time.perf_counter()
        documentation = preview.refresh_documentation()
        documentation_seconds = time.perf_counter() - began
        data = {slug: timed_rebuild(preview, repo, f"data/indicator_{slug}.csv", "data") for slug in DATA_EDITS}
        meta = {slug: timed_rebuild(preview, repo, f"meta/{slug}.md", "meta") for slug in META_EDITS}
        watched = [through_the_watcher(preview, repo, f"data/indicator_{slug}.csv") for slug in ("1-2-1", "3-4-1")]
        contended = during_search_index(preview, repo, "data/indicator_1-2-1.csv")
        files = len(preview.site.files)
    print(f"repository              {options.path} (local map layer and translations), {files} files served")
    print(f"first build in memory   {first.seconds:.2f} s ({first.errors} errors)")
    print(f"search index            {search_seconds:.2f} s in the background after each build ({index} files)")
    print(f"documentation pages     {documentation_seconds:.2f} s when first opened after a build "
          f"({documentation} files)")
    for slug, seconds in data.items():
        print(f"rebuild after a data edit     {slug:<8} {seconds:.3f} s")
    for slug, seconds in meta.items():
        print(f"rebuild after a metadata edit {slug:<8} {seconds:.3f} s")
    every = [*data.values(), *meta.values()]
    print(f"single-indicator rebuild  median {statistics.median(every):.3f} s, worst {max(every):.3f} s "
          f"({max(every) / TARGET_SECONDS:.2f}x of the 1 s target); full build {first.seconds / max(every):.0f}x "
          "longer than the worst")
    print(f"save → new version served (real watcher): 1-2-1 {watched[0]:.3f} s, 3-4-1 {watched[1]:.3f} s")
    print(f"rebuild of 1-2-1 while the background thread makes the search index: {contended:.3f} s")


if __name__ == "__main__":
    main()
