"""Time ``sdgkit build --data-only`` on the UK fixture: full build and rebuild after one CSV changed.

(``bench/site_uk.py`` times the whole site.)

The UK's ``config_data.yml`` is used as it is, except for what this machine cannot reach:
its three remote map layers become the local district boundaries in ``geojsons/`` and the
remote sdg-translations become the copy shipped with sdgkit.

Usage: python bench/build_uk.py [path-to-uk-sdg-data] [--jobs N]
Prints figures and ratios; never fails on timing.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "uk-sdg-data"
INCUMBENT = {"seconds": 117.0, "peak_mb": 340.0, "megabytes": 454.0}  # sdg-build on the same repository, one core
TARGETS = {"seconds": 6.0, "peak_mb": 300.0, "incremental": 0.5}
LOCAL_LAYER = {"name_property": "LAD16NM", "id_property": "LAD16CD", "output_subfolder": "local_authorities",
               "filename_prefix": "indicator_"}


def local_copy(source: Path, into: Path) -> Path:
    """A writable copy whose configuration uses only local sources."""
    repo = into / "uk"
    shutil.copytree(source, repo)
    config_path = repo / "config_data.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    boundary = next((repo / "geojsons").glob("*.geojson"))
    config["map_layers"] = [{"geojson_file": f"geojsons/{boundary.name}", **LOCAL_LAYER}]
    config["translations"] = [{"class": "TranslationInputSdgTranslations"}]  # the built-in copy
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return repo


def timed_build(repo: Path, out: Path, jobs: int, *extra: str) -> dict[str, float]:
    """One ``sdgkit build`` in a fresh process: wall and CPU seconds, peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sdgkit", "build", str(repo), "--out", str(out),
                           "--jobs", str(jobs), *extra], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        print(done.stderr[-2000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mb": after.ru_maxrss / 1024, "code": float(done.returncode)}


def output_size(out: Path) -> tuple[int, int]:
    files = [p for p in out.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def touch_one_csv(repo: Path) -> str:
    """Change one value of one indicator, as an editor would."""
    path = repo / "data" / "indicator_1-2-1.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    head, _, value = lines[1].rpartition(",")
    lines[1] = f"{head},{float(value or 0) + 0.1:g}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path.name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--jobs", type=int, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        repo = local_copy(options.path, Path(temporary))
        out = Path(temporary) / "out"
        full = timed_build(repo, out, options.jobs, "--data-only")
        files, size = output_size(out)
        geojson = sum(p.stat().st_size for p in out.rglob("*.geojson"))
        changed = touch_one_csv(repo)
        again = timed_build(repo, out, options.jobs, "--data-only")
    print(f"repository            {options.path} (local map layer and translations), --jobs {options.jobs}")
    print(f"full build            {full['wall']:.2f} s wall, {full['cpu']:.2f} s CPU, peak {full['peak_mb']:.0f} MB"
          f"  (exit {full['code']:.0f})")
    print(f"written               {files} files, {size / 1e6:.1f} MB (GeoJSON {geojson / 1e6:.1f} MB)")
    print(f"rebuild after editing {changed}: {again['wall']:.2f} s wall, {again['cpu']:.2f} s CPU")
    print(f"vs incumbent          {INCUMBENT['seconds'] / full['wall']:.1f}x faster, "
          f"{full['peak_mb'] / INCUMBENT['peak_mb']:.2f}x its memory, "
          f"{size / 1e6 / INCUMBENT['megabytes']:.2f}x its bytes")
    print(f"vs targets            full {full['wall'] / TARGETS['seconds']:.2f}x of 6 s, memory "
          f"{full['peak_mb'] / TARGETS['peak_mb']:.2f}x of 300 MB, "
          f"rebuild {again['wall'] / TARGETS['incremental']:.1f}x of 0.5 s")


if __name__ == "__main__":
    main()
