"""Time the editor's answers to an unsaved change on a temporary copy of the UK fixture.

What a statistician waits for while typing in the editor, for a small indicator, the three
largest data files and a middle one:

- the check of the unsaved file (``api/check``'s indicator scope): issues at their cells;
- the preview of the unsaved file (``api/preview``): the indicator page rendered from it,
  with the explorer's data inside (the issue's budget: under a second).

Both are called in process, as the routes call them, after ``sdgkit serve``'s first build.
Usage: python bench/editor_uk.py [path-to-uk-sdg-data]
Prints figures; never fails on timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build_uk import DEFAULT, local_copy  # the benchmark next door prepares the copy

from sdgkit.editor.checking import check_indicator, preview_page
from sdgkit.server.preview import Preview

INDICATORS = ("1-2-1", "3-4-1", "8-5-1", "8-10-2", "17-19-1")
REPEATS = 5
BUDGET_SECONDS = 1.0


def unsaved(path: Path) -> bytes:
    """The file with its first value changed, as a statistician correcting a figure would."""
    lines = path.read_text(encoding="utf-8").splitlines()
    head, _, value = lines[1].rpartition(",")
    lines[1] = f"{head},{float(value or 0) + 0.1:g}"
    return ("\n".join(lines) + "\n").encode("utf-8")


def timings(call: Callable[[Preview, str, bytes], object], preview: Preview, relative: str,
            content: bytes) -> list[float]:
    found = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        assert call(preview, relative, content) is not None
        found.append(time.perf_counter() - started)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT)
    source = parser.parse_args().source
    with tempfile.TemporaryDirectory() as folder:
        repo = local_copy(source, Path(folder))
        preview = Preview(repo)
        started = time.perf_counter()
        preview.build()
        print(f"first build in memory: {time.perf_counter() - started:.1f} s")
        print(f"{'indicator':<10} {'rows':>6} {'check median/max':>18} {'preview median/max':>20}  under 1 s")
        for number in INDICATORS:
            relative = f"data/indicator_{number}.csv"
            content = unsaved(repo / relative)
            checks = timings(check_indicator, preview, relative, content)
            previews = timings(preview_page, preview, relative, content)
            rows = content.count(b"\n") - 1
            worst = max(previews)
            print(f"{number:<10} {rows:>6} {statistics.median(checks):>8.3f} / {max(checks):.3f} s "
                  f"{statistics.median(previews):>9.3f} / {worst:.3f} s  {'yes' if worst < BUDGET_SECONDS else 'NO'}")


if __name__ == "__main__":
    main()
