"""The explorer on the UK's data, in Chromium: what a first visit downloads, how long clicks take, and
how long a slow connection waits for the first explorer draw.

Builds the UK fixture twice into a temporary folder: as it is configured (no maps: its layers are
remote) and with its district layer read from its local file (``tests.conftest.with_local_districts``,
as the ``uk_map_site`` test fixture), which gives 8-10-1 its map. Then, in Debian's Chromium:

* first load, gzipped (document, CSS, JS, total) of 8-5-1, 3-4-1 and the largest indicator page
  against the 100 KB budget (the indicator's data file is fetched later and reported apart), and of
  the map page 8-10-1 before and after opening its Map tab (map.js + map.css against 60 KB, plus the
  boundaries' topology);
* interaction times on 3-4-1 (24,000 rows), 8-5-1 and 8-10-1: from a ``click()`` (or a ``change``
  event) dispatched in the page to the second ``requestAnimationFrame`` after it, that is until the
  frame showing the result is painted; median and max of REPEAT repetitions;
* time to the first explorer draw after navigation (``performance.now()`` when the chart's legend
  appears), from an empty cache, with and without "Slow 3G" (CDP ``Network.emulateNetworkConditions``,
  400 kbit/s down and up, 400 ms round trip), served gzipped as a web server would.

Usage: python bench/explorer_uk.py [path-to-uk-sdg-data]
Prints figures; never fails on them. Needs /usr/bin/chromium and a built bundle (npm run build).
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from bench.page_weight import built, largest_indicator  # noqa: E402
from playwright.sync_api import Browser, Page, Response, sync_playwright  # noqa: E402
from tests.browser.support import CHROMIUM, GZIP_LEVEL, SiteHandler, first_load, launch, serve  # noqa: E402
from tests.conftest import with_local_districts  # noqa: E402

DEFAULT_UK = REPOSITORY.parent / "shared" / "fixtures" / "uk-sdg-data"
PAGE_BUDGET = 100 * 1024
MAP_BUDGET = 60 * 1024
TIMED_PAGES = ("3-4-1", "8-5-1", "8-10-1")
MAP_INDICATOR = "8-10-1"
REPEAT = 10
LOAD_REPEAT = 3
#: "Slow 3G"-like: 400 kbit/s each way, 400 ms round trip (bytes per second for CDP)
SLOW = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
KINDS = (("document", "document"), ("stylesheet", "CSS"), ("script", "JS"))
DRAWN = ".explorer #legend li, .explorer .ex-empty:not([hidden])"

#: a click (value null) or a change of a <select> (value: the option), then two animation frames:
#: [time to handle the event, time until the frame showing its result is painted], in ms
TIMED = """async ([selector, value]) => {
    const element = document.querySelector(selector);
    if (!element) throw new Error('nothing matches ' + selector);
    const start = performance.now();
    if (value === null) element.click();
    else { element.value = value; element.dispatchEvent(new Event('change', {bubbles: true})); }
    const handled = performance.now() - start;
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return [handled, performance.now() - start];
}"""
#: records performance.now() (ms since navigation start) when the explorer first shows its chart
FIRST_DRAW = """new MutationObserver((changes, observer) => {
    if (document.querySelector('.explorer #legend li, .explorer .ex-empty:not([hidden])')) {
        window.sdgkitFirstDraw = performance.now();
        observer.disconnect();
    }
}).observe(document, {childList: true, subtree: true});"""


# --- sites -------------------------------------------------------------------------------------------


class GzipHandler(SiteHandler):
    """Text files gzipped, as a web server sends them (the tests' server sends them as they are)."""

    COMPRESSED = frozenset({".html", ".css", ".js", ".json", ".svg", ".txt", ".csv", ".xml"})
    cache: dict[Path, bytes] = {}  # noqa: RUF012 (shared by the server's threads on purpose)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepted and path.is_file() and path.suffix in self.COMPRESSED):
            super().do_GET()
            return
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# --- weight ------------------------------------------------------------------------------------------


def kb(size: float) -> str:
    return f"{size / 1024:7.1f} KB"


def data_file(site: Path, indicator: str) -> str:
    body = (site / "en" / "explorer" / f"{indicator}.json").read_bytes()
    return f"data file {kb(len(body))} raw {kb(len(gzip.compress(body, GZIP_LEVEL, mtime=0)))} gz"


def weigh(browser: Browser, site: Path, indicator: str, label: str) -> int:
    with serve(site) as origin:
        context = browser.new_context()
        try:
            transfers = first_load(context.new_page(), f"{origin}/en/{indicator}/")
        finally:
            context.close()
    parts = {name: sum(t.gzipped for t in transfers if t.kind == kind) for kind, name in KINDS}
    total = sum(t.gzipped for t in transfers)
    verdict = "within" if total <= PAGE_BUDGET else "OVER"
    print(f"  {label:<22} " + "  ".join(f"{name} {kb(size)}" for name, size in parts.items())
          + f"  total {kb(total)} ({len(transfers)} files, {100 * total / PAGE_BUDGET:3.0f} % of 100 KB, {verdict})"
          + f"  | {data_file(site, indicator)}")
    return total


def weigh_map_tab(browser: Browser, site: Path, first: int) -> None:
    """What opening the Map tab adds: the map's script and style sheet, and the boundaries."""
    with serve(site) as origin:
        context = browser.new_context()
        page = context.new_page()
        try:
            page.goto(f"{origin}/en/{MAP_INDICATOR}/", wait_until="networkidle")
            page.wait_for_selector(DRAWN)
            responses: list[Response] = []
            page.on("response", lambda response: responses.append(response))
            page.locator("#tab-mapview").click()
            page.wait_for_selector(".sdgkit-map path.leaflet-interactive")
            page.wait_for_load_state("networkidle")
            sizes = [(r.url.rsplit("/", 1)[-1], len(body), len(gzip.compress(body, GZIP_LEVEL, mtime=0)))
                     for r in responses if r.ok for body in [r.body()]]
        finally:
            context.close()
    code = sum(gz for name, _, gz in sizes if name.startswith("map."))
    boundaries = sum(gz for name, _, gz in sizes if name.endswith(".topo.json"))
    static = static_map_weight(site / "en" / MAP_INDICATOR / "index.html")
    for name, raw, gz in sizes:
        print(f"    + {name:<30} {kb(raw)} raw {kb(gz)} gz  (on opening the Map tab)")
    verdict = "within" if code <= MAP_BUDGET else "OVER"
    print(f"  the map's code: map.js + map.css {kb(code)} gz ({100 * code / MAP_BUDGET:.0f} % of 60 KB, {verdict})")
    print(f"  its boundaries: the topology {kb(boundaries)} gz, and the static SVG map in the first load's document "
          f"{kb(static)} gz")
    print(f"  the map page's first load less its static map: {kb(first - static)} gz "
          f"({100 * (first - static) / PAGE_BUDGET:.0f} % of 100 KB)")


def static_map_weight(document: Path) -> int:
    """What the build-time SVG map costs the document, gzipped."""
    html = document.read_text(encoding="utf-8")
    without = re.sub(r'<section class="panel static-map">.*?</section>', "", html, flags=re.S)
    return len(gzip.compress(html.encode(), GZIP_LEVEL, mtime=0)) - len(gzip.compress(without.encode(), GZIP_LEVEL,
                                                                                        mtime=0))


# --- interactions -----------------------------------------------------------------------------------


def open_explorer(page: Page, url: str) -> dict[str, Any]:
    page.goto(url)
    page.wait_for_selector(DRAWN)
    config: dict[str, Any] = json.loads(page.locator("script.explorer-config").text_content() or "{}")
    return config


def field(name: str) -> str:
    return f'.ex-field[data-field="{name}"]'


def open_field(page: Page, name: str) -> None:
    toggle = page.locator(f"{field(name)} .ex-toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


Timing = tuple[float, float]  # ms: (the event handled, the frame showing it painted)


def timed(page: Page, selector: str, value: str | None = None) -> Timing:
    """Milliseconds from the event to its handler's end, and to the frame that shows its result."""
    handled, painted = page.evaluate(TIMED, [selector, value])
    return float(handled), float(painted)


def repeat(page: Page, steps: Callable[[int], Timing]) -> list[Timing]:
    return [steps(i) for i in range(REPEAT)]


def largest_field(site: Path, config: dict[str, Any]) -> tuple[str, list[str]]:
    """The breakdown with the most values, and the fields above it (edge parents), top first."""
    data = json.loads((site / config["data"].lstrip("/")).read_text(encoding="utf-8"))
    name = max(config["fields"], key=lambda f: len(data["columns"][f]["values"]))
    parents: dict[str, list[str]] = {}
    for parent, child in config["edges"]:
        parents.setdefault(child, []).append(parent)
    above: set[str] = set()
    todo = list(parents.get(name, []))
    while todo:
        parent = todo.pop()
        if parent not in above:
            above.add(parent)
            todo.extend(parents.get(parent, []))
    return name, sorted(above, key=config["fields"].index)


def interactions(page: Page, site: Path, origin: str, indicator: str) -> dict[str, list[Timing] | str]:
    found: dict[str, list[Timing] | str] = {}
    url = f"{origin}/en/{indicator}/"
    config = open_explorer(page, url)
    first = page.locator(".ex-field:not(.ex-off)").first.get_attribute("data-field") or ""
    open_field(page, first)
    box = f"{field(first)} input[type=checkbox]:not([disabled])"
    found[f"toggle a value ({first})"] = repeat(page, lambda i: timed(page, box))

    open_explorer(page, url)
    big, above = largest_field(site, config)

    def reach_largest() -> None:
        """Every value of the fields above the largest one selected, and its list open."""
        for name in above:
            open_field(page, name)
            page.locator(f"{field(name)} button[data-type=select]").click()
        open_field(page, big)

    reach_largest()
    count = len(page.locator(f"{field(big)} li").all())

    def select_all(i: int) -> Timing:
        spent = timed(page, f"{field(big)} button[data-type=select]")
        page.locator(f"{field(big)} button[data-type=clear]").click()
        return spent

    found[f"select all ({big}, {count} values)"] = repeat(page, select_all)

    def clear(i: int) -> Timing:
        reach_largest()
        page.locator(f"{field(big)} button[data-type=select]").click()
        return timed(page, "#clear")

    found["clear selections"] = repeat(page, clear)

    for kind, box_id in (("series", "#serieses"), ("unit", "#units")):
        radios = page.locator(f"{box_id}:not([hidden]) input[type=radio]")
        if radios.count() >= 2:

            def switch(i: int, box_id: str = box_id) -> Timing:
                return timed(page, f"{box_id} label:nth-of-type({1 + (i + 1) % 2}) input")

            found[f"{kind} switch"] = repeat(page, switch)
            page.locator(f"{box_id} label:nth-of-type(1) input").click()
            break
    else:
        found["series/unit switch"] = "n/a (one series, one unit)"

    reach_largest()
    page.locator(f"{field(big)} button[data-type=select]").click()
    page.locator("#tab-tableview").click()
    columns = page.locator("#selectionsTable thead th button").count()
    found[f"sort table ({columns} columns)"] = repeat(page, lambda i: timed(
        page, f"#selectionsTable thead th:nth-child({min(2, columns)}) button"))

    if config.get("map"):
        page.locator("#clear").click()
        started = time.perf_counter()
        page.locator("#tab-mapview").click()
        page.wait_for_selector(".sdgkit-map path.leaflet-interactive")
        spent = 1000 * (time.perf_counter() - started)
        found["open Map tab (first time, loads map.js + boundaries)"] = [(spent, spent)]
        years = page.locator(".sdgkit-map select[id$='-year'] option").all_text_contents()
        found[f"map year change ({len(years)} years)"] = repeat(page, lambda i: timed(
            page, ".sdgkit-map select[id$='-year']", years[i % len(years)]))
    return found


def first_draw(browser: Browser, origin: str, indicator: str, throttle: bool) -> tuple[float, float]:
    """(first contentful paint, first explorer draw) in ms after navigation start, from an empty cache."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(FIRST_DRAW)
        if throttle:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW)
        page.goto(f"{origin}/en/{indicator}/", wait_until="commit", timeout=180_000)
        page.wait_for_function("() => window.sdgkitFirstDraw", timeout=180_000)
        paint = page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
        drawn: float = page.evaluate("() => window.sdgkitFirstDraw")
        return float(paint or "nan"), drawn
    finally:
        context.close()


def show(name: str, times: list[Timing] | str) -> None:
    if isinstance(times, str):
        print(f"    {name:<54} {times}")
    elif len(times) == 1:
        print(f"    {name:<54} {times[0][1]:7.1f} ms (until the regions are drawn, from Python)")
    else:
        painted = [t[1] for t in times]
        print(f"    {name:<54} median {statistics.median(painted):6.1f} ms   max {max(painted):6.1f} ms   "
              f"(handler alone: median {statistics.median(t[0] for t in times):5.1f} ms, "
              f"max {max(t[0] for t in times):5.1f} ms)")


def main() -> None:
    uk = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_UK
    if not CHROMIUM.is_file():
        sys.exit(f"{CHROMIUM} is needed (apt-get install chromium)")
    if not uk.is_dir():
        sys.exit(f"{uk} not found")
    with tempfile.TemporaryDirectory(prefix="sdgkit-explorer-") as folder:
        work = Path(folder)
        plain = built(uk, work / "uk-site", "UK as configured")
        repo = shutil.copytree(uk, work / "uk-map")
        mapped = built(with_local_districts(repo), work / "uk-map-site", "UK with its local district layer")
        largest = largest_indicator(plain)
        with sync_playwright() as playwright:
            browser = launch(playwright)
            print("\nfirst load, gzipped (indicator data excluded; budget 100 KB)")
            for indicator, label in (("8-5-1", "8-5-1"), ("3-4-1", "3-4-1"), (largest, f"{largest} (largest page)")):
                weigh(browser, plain, indicator, label)
            first = weigh(browser, mapped, MAP_INDICATOR, f"{MAP_INDICATOR} (map page)")
            weigh_map_tab(browser, mapped, first)

            print(f"\ninteractions, click to painted frame (median and max of {REPEAT}; two frames at 60 Hz are "
                  "17 to 33 ms, the floor)")
            with serve(mapped) as origin:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                for indicator in TIMED_PAGES:
                    rows = json.loads((mapped / "en" / "explorer" / f"{indicator}.json").read_text())["rows"]
                    print(f"  {indicator} ({rows:,} rows)")
                    for name, times in interactions(page, mapped, origin, indicator).items():
                        show(name, times)
                context.close()

            print(f"\nfirst explorer draw after navigation, empty cache, served gzipped (median of {LOAD_REPEAT})")
            with serve(mapped, GzipHandler) as origin:
                for indicator in TIMED_PAGES:
                    for throttle in (False, True):
                        runs = [first_draw(browser, origin, indicator, throttle) for _ in range(LOAD_REPEAT)]
                        paint = statistics.median(run[0] for run in runs)
                        drawn = statistics.median(run[1] for run in runs)
                        print(f"  {indicator:<7} {'Slow 3G' if throttle else 'local':<8} first paint {paint:7.0f} ms"
                              f"   explorer drawn {drawn:7.0f} ms   (max {max(run[1] for run in runs):.0f} ms)")
            browser.close()


if __name__ == "__main__":
    main()
