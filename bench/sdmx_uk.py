"""Time the SDMX output of the whole UK repository (its ``sdmx_output_global`` configuration).

Reads and assembles the UK fixture once, then exports every indicator several rounds: mapping
every row (with the reason for each row left out), writing the messages per indicator, per
goal and for all, and the metadata reports. Prints the best and median time, the target
(2 s on a 2-core machine) and the incumbent's figure (about 20 s), and the rows exported.
Validation against the XSDs is timed separately (it is a check, not part of the output).

Usage: python bench/sdmx_uk.py [path-to-uk-sdg-data] [--rounds N]
Prints figures; never fails on timing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from sdgkit.check import load_project
from sdgkit.formats.files import RepoFiles
from sdgkit.sdmx.export import ExportResult, export_sdmx
from sdgkit.sdmx.outputs import outputs_of
from sdgkit.sdmx.validation import xsd_errors

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "uk-sdg-data"
TARGET_SECONDS, INCUMBENT_SECONDS = 2.0, 20.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    project = load_project(options.path).project
    assert project is not None, "the repository could not be read"
    (output, *_), _ = outputs_of(project)
    prepared = datetime(2026, 1, 1, tzinfo=UTC)
    rounds: list[float] = []
    result: ExportResult | None = None
    for _ in range(options.rounds):
        started = time.perf_counter()
        result = export_sdmx(project, output, prepared, RepoFiles(options.path))
        rounds.append(time.perf_counter() - started)
    assert result is not None
    best, median = min(rounds), statistics.median(rounds)
    report = result.report
    print(f"SDMX output of {len(project.indicators)} indicators, {report.rows:,} rows: "
          f"best {best:.2f} s, median {median:.2f} s ({options.rounds} rounds)")
    print(f"  target {TARGET_SECONDS:.0f} s: {median / TARGET_SECONDS:.2f}x; "
          f"incumbent ~{INCUMBENT_SECONDS:.0f} s: {INCUMBENT_SECONDS / median:.1f}x faster")
    print(f"  {report.exported:,} rows exported into {len(result.files)} files "
          f"({sum(map(len, result.files.values())) / 1e6:.1f} MB)")
    started = time.perf_counter()
    invalid = sum(1 for name, content in result.files.items()
                  if name.endswith(".xml") and not name.startswith("meta/") and xsd_errors(content))
    print(f"  XSD check of every message: {time.perf_counter() - started:.2f} s, {invalid} invalid")


if __name__ == "__main__":
    main()
