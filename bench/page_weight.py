"""Page weight of an indicator page's first load: HTML + CSS + JS (+ fonts and images), gzipped.

Builds the demo site and the UK fixture into a temporary folder, serves each on 127.0.0.1 and
loads, in Debian's Chromium, the UK's 8-5-1 (the indicator with the most data), the UK's
largest indicator page and a demo indicator page, from an empty cache. Every file the browser
fetched is gzipped here (the test server does not compress) and summed; data that scripts
fetch later (indicators.json, the search index) is not part of a first load.

Usage: python bench/page_weight.py [path-to-uk-sdg-data]
Prints figures against the 100 KB budget; never fails on them (tests/browser/test_page_weight.py
asserts the budget). Needs /usr/bin/chromium.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402
from tests.browser.support import CHROMIUM, Transfer, first_load, launch, serve  # noqa: E402

from sdgkit.build import build  # noqa: E402
from sdgkit.scaffold import demo_repository  # noqa: E402

DEFAULT_UK = REPOSITORY.parent / "shared" / "fixtures" / "uk-sdg-data"
BUDGET = 100 * 1024
DEMO_PAGE = "/en/1-2-1/"
UK_PAGE = "/en/8-5-1/"


def built(repo: Path, out: Path, name: str | None = None) -> Path:
    began = time.perf_counter()
    result = build(repo, out, use_cache=False)
    if not result.written:
        sys.exit(f"the build of {repo} failed")
    print(f"built {name or repo.name}: {result.indicators} indicators in {time.perf_counter() - began:.1f} s")
    return out


def largest_indicator(site: Path) -> str:
    """The id of the biggest indicator page of the default language (by its HTML)."""
    pages = [p for p in (site / "en").glob("*/index.html") if (site / "en" / "meta" / f"{p.parent.name}.json").exists()]
    return max(pages, key=lambda p: p.stat().st_size).parent.name


def largest_indicator_page(site: Path) -> str:
    """The address of the biggest indicator page of the default language."""
    return f"/en/{largest_indicator(site)}/"


def measure(browser: Browser, site: Path, address: str) -> list[Transfer]:
    with serve(site) as origin:
        context = browser.new_context()
        try:
            return first_load(context.new_page(), origin + address)
        finally:
            context.close()


def report(name: str, transfers: list[Transfer]) -> None:
    raw = sum(t.raw for t in transfers)
    gzipped = sum(t.gzipped for t in transfers)
    verdict = "within" if gzipped <= BUDGET else "OVER"
    print(f"\n{name}: {len(transfers)} files, {raw / 1024:.1f} KB raw, {gzipped / 1024:.1f} KB gzipped "
          f"({verdict} the {BUDGET // 1024} KB budget, {100 * gzipped / BUDGET:.0f} %)")
    for transfer in transfers:
        print(f"  {transfer.kind:<10} {transfer.raw / 1024:8.1f} KB raw {transfer.gzipped / 1024:8.1f} KB gz  "
              f"{transfer.url.split('/', 3)[-1]}")


def main() -> None:
    uk = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_UK
    if not CHROMIUM.is_file():
        sys.exit(f"{CHROMIUM} is needed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="sdgkit-weight-") as folder:
        work = Path(folder)
        demo_repository(work / "demo")
        demo = built(work / "demo", work / "demo-site")
        sites = [("demo " + DEMO_PAGE, demo, DEMO_PAGE)]
        if uk.is_dir():
            uk_site = built(uk, work / "uk-site")
            largest = largest_indicator_page(uk_site)
            sites += [("UK " + UK_PAGE, uk_site, UK_PAGE), (f"UK {largest} (largest page)", uk_site, largest)]
        else:
            print(f"{uk} not found: the UK pages are left out")
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for name, site, address in sites:
                report(name, measure(browser, site, address))
            browser.close()


if __name__ == "__main__":
    main()
