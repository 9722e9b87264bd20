"""What the browser tests and ``bench/page_weight.py`` share: a static server, Chromium, axe-core.

Chromium is Debian's (``/usr/bin/chromium``), never one Playwright downloads; axe-core comes
from the npm registry through the repository's ``package.json`` (``npm ci``).
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Response

REPOSITORY = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPOSITORY / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
#: every WCAG 2.0/2.1 A and AA rule, and axe's best practices (everything but experimental rules)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def missing_tools() -> str:
    """Why the browser tests cannot run here ('' when they can)."""
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing (CI installs Debian's chromium package)"
    if not AXE.is_file():
        return f"{AXE.relative_to(REPOSITORY)} is missing (run npm ci at the repository root)"
    return ""


# --- a static server for a built site ---------------------------------------------------------------


class SiteHandler(SimpleHTTPRequestHandler):
    """Files of one folder; a missing file gets the site's ``404.html`` with status 404, like a host would."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests report what matters."""


@contextmanager
def serve(folder: Path, handler: type[SiteHandler] = SiteHandler) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) in a thread; yields the origin, ``http://127.0.0.1:N``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve {folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


# --- console errors ---------------------------------------------------------------------------------


@dataclass
class Console:
    """Errors a page printed or threw since the last :meth:`take`."""

    errors: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._message)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: uncaught {error}"))

    def _message(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def take(self) -> list[str]:
        found, self.errors = self.errors, []
        return found


# --- axe-core ---------------------------------------------------------------------------------------


#: JavaScript: ``rgb(css)``, ``ratio(rgb1, rgb2)`` (WCAG contrast) and ``backdrop(element)`` (the first
#: opaque background behind it), for the contrast checks axe cannot make on SVG graphics
CONTRAST_FUNCTIONS = """\
    const rgb = s => (s.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
    const luminance = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05); };
    const backdrop = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || c[3] > 0) return c; } return [255, 255, 255]; };"""


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations on the page as it is now, one readable line per element."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: "
                           "['violations']})", AXE_TAGS)
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            lines.append(f"{page.url} [{violation['id']}, {violation['impact']}] {violation['help']}: "
                         f"{' '.join(map(str, node['target']))} — {node.get('failureSummary', '')[:300]}")
    return lines


# --- page weight ------------------------------------------------------------------------------------

#: what a first visit downloads before the reader does anything (data fetched later is left out)
FIRST_LOAD_TYPES = frozenset({"document", "stylesheet", "script", "font", "image"})
GZIP_LEVEL = 6  # what web servers use by default


@dataclass(frozen=True)
class Transfer:
    url: str
    kind: str
    raw: int
    gzipped: int


def first_load(page: Page, url: str) -> list[Transfer]:
    """Every file the browser fetched to show ``url`` (from an empty cache), with its gzipped size.

    The test server does not compress, so each body is gzipped here as a server would send it.
    """
    responses: list[Response] = []

    def collect(response: Response) -> None:
        responses.append(response)

    page.on("response", collect)
    try:
        page.goto(url, wait_until="networkidle")
    finally:
        page.remove_listener("response", collect)
    transfers = []
    for response in responses:
        kind = response.request.resource_type
        if kind not in FIRST_LOAD_TYPES or response.url.startswith("data:"):
            continue
        body = response.body()
        transfers.append(Transfer(response.url, kind, len(body), len(gzip.compress(body, GZIP_LEVEL, mtime=0))))
    return transfers
