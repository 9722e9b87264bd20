"""Time the whole UK site: data service + every HTML page + search index, one language.

Builds a local copy of the UK fixture (see ``bench/build_uk.py`` for what is made local)
with ``--data-only`` and then the full site, both without the render cache, so the
difference is what the website costs. Then reports pages and sizes: HTML pages, the
largest indicator page and its gzipped size, the search index.

Usage: python bench/site_uk.py [path-to-uk-sdg-data]
Prints figures and ratios; never fails on timing.
"""

from __future__ import annotations

import argparse
import gzip
import tempfile
from pathlib import Path

from build_uk import DEFAULT, local_copy, timed_build

TARGET_SECONDS = 12.0


def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        repo = local_copy(options.path, Path(temporary))
        data_only = timed_build(repo, Path(temporary) / "data", 1, "--data-only", "--no-cache")
        site_out = Path(temporary) / "site"
        site = timed_build(repo, site_out, 1, "--no-cache")
        pages = [p for p in site_out.rglob("*.html") if "data-docs" not in p.parts]
        indicator_pages = [p for p in (site_out / "en").glob("*-*-*/index.html")]
        largest = max(indicator_pages, key=lambda p: p.stat().st_size)
        search = sum(p.stat().st_size for p in (site_out / "pagefind").rglob("*") if p.is_file())
        assets = sum(_gz(p) for p in (site_out / "assets").glob("sdgkit.*"))
        largest_size, largest_gz = largest.stat().st_size, _gz(largest)
    print(f"data service only     {data_only['wall']:.2f} s wall, peak {data_only['peak_mb']:.0f} MB")
    print(f"whole site            {site['wall']:.2f} s wall, {site['cpu']:.2f} s CPU, peak {site['peak_mb']:.0f} MB"
          f"  (exit {site['code']:.0f}); the pages and search add {site['wall'] - data_only['wall']:.2f} s")
    print(f"pages                 {len(pages)} HTML pages, {len(indicator_pages)} indicator pages")
    print(f"largest indicator     {largest.parent.name}: {largest_size / 1024:.0f} KB, "
          f"{largest_gz / 1024:.1f} KB gzipped; CSS+JS {assets / 1024:.1f} KB gzipped")
    print(f"search index          {search / 1e6:.1f} MB on disk (a query loads only a few fragments)")
    print(f"vs target             {site['wall'] / TARGET_SECONDS:.2f}x of {TARGET_SECONDS:.0f} s")


if __name__ == "__main__":
    main()
