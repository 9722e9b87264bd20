"""Time ``sdgkit check`` on the UK fixture: start-up, work, peak memory.

Usage: python bench/check_uk.py [path-to-repository] [--runs N]
Prints figures; never fails on timing.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

START = time.perf_counter()
from sdgkit.check import check  # noqa: E402 - timing the import is part of the benchmark

IMPORTED = time.perf_counter()
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "uk-sdg-data"
INCUMBENT_CHECK_SECONDS = 21.0  # open_sdg_check on the same repository (issue #2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    timings = []
    for _ in range(options.runs):
        began = time.perf_counter()
        result = check(options.path)
        timings.append(time.perf_counter() - began)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    best, median = min(timings), statistics.median(timings)
    print(f"repository          {options.path}")
    print(f"issues              {len(result.report)} ({dict(result.report.codes().most_common(3))} ...)")
    print(f"import (start-up)   {IMPORTED - START:.2f} s")
    print(f"check, best of {options.runs}    {best:.2f} s   (median {median:.2f} s)")
    print(f"peak memory         {peak_mb:.0f} MB")
    print(f"vs incumbent 21 s   {INCUMBENT_CHECK_SECONDS / (best + IMPORTED - START):.1f}x faster end to end")


if __name__ == "__main__":
    main()
