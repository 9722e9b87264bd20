"""Time the progress measure on every UK indicator, and count what it can and cannot assess.

Loads the UK fixture once, switches ``auto_progress_calculation`` on for every indicator
with the default options (the headline, lower is better, no target, by sex where the data
has a ``Sex`` column), and times :func:`indicator_progress` over all of them, several
rounds. Prints the time per indicator, the statuses and the reasons a series could not be
assessed: what a statistician would meet switching progress on everywhere.

Usage: python bench/progress_uk.py [path-to-uk-sdg-data] [--rounds N]
Prints figures; never fails on timing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from pathlib import Path

from sdgkit.check import load_project
from sdgkit.derive.progress_series import IndicatorProgress, indicator_progress

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "uk-sdg-data"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    started = time.perf_counter()
    project = load_project(options.path).project
    assert project is not None, "the repository could not be read"
    print(f"read and assembled {len(project.indicators)} indicators in {time.perf_counter() - started:.1f} s")
    for indicator in project.indicators.values():
        indicator.metadata["auto_progress_calculation"] = True
        if indicator.data is not None and "Sex" in indicator.data.frame.columns:
            indicator.metadata["progress_breakdowns"] = ["Sex"]
    config = project.config
    rounds: list[float] = []
    results: list[IndicatorProgress | None] = []
    for _ in range(options.rounds):
        started = time.perf_counter()
        results = [indicator_progress(i, config.indicator_options, config.progress)
                   for i in project.indicators.values()]
        rounds.append(time.perf_counter() - started)
    best, median = min(rounds), statistics.median(rounds)
    count = len(results)
    print(f"assessed {count} indicators: best {best * 1000:.0f} ms, median {median * 1000:.0f} ms "
          f"({median / count * 1000:.2f} ms per indicator, {options.rounds} rounds)")
    assessed = [r for r in results if r is not None]
    print("statuses:", dict(Counter(r.status for r in assessed).most_common()))
    series = [s for r in assessed for s in r.series]
    print(f"series: {len(series)}; breakdown rows: {sum(len(s.breakdowns) for s in series)}")
    print("cannot assess, by reason:", dict(Counter(s.assessment.reason for s in series
                                                    if s.assessment.reason).most_common()))


if __name__ == "__main__":
    main()
