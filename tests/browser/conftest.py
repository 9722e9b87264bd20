"""Fixtures of the browser tests: one Chromium per session, the built sites served on 127.0.0.1.

Every test here is marked ``browser`` and skips, with the reason, when Chromium or axe-core
is missing; CI installs both (``.ci/run``), so there they run.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.support import Console, launch, missing_tools, serve
from tests.conftest import built_site

EXPLORER_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "explorer"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def demo_url(demo_site: Path) -> Iterator[str]:
    with serve(demo_site) as origin:
        yield origin


@pytest.fixture(scope="session")
def tiny_url(tiny_site: Path) -> Iterator[str]:
    with serve(tiny_site) as origin:
        yield origin


@pytest.fixture(scope="session")
def progress_url(progress_site: Path) -> Iterator[str]:
    with serve(progress_site) as origin:
        yield origin


@pytest.fixture(scope="session")
def uk_url(uk_site: Path) -> Iterator[str]:
    with serve(uk_site) as origin:
        yield origin


@pytest.fixture(scope="session")
def uk_map_url(uk_map_site: Path) -> Iterator[str]:
    with serve(uk_map_site) as origin:
        yield origin


@pytest.fixture(scope="session")
def console() -> Console:
    """Console errors of every page the session's pages load; a test takes them and checks there are none."""
    return Console()


def _context(browser: Browser, console: Console, **options: object) -> Iterator[BrowserContext]:
    context = browser.new_context(**options)  # type: ignore[arg-type]
    context.on("page", console.watch)
    yield context
    context.close()


@pytest.fixture(scope="session")
def context(browser: Browser, console: Console) -> Iterator[BrowserContext]:
    yield from _context(browser, console, viewport={"width": 1280, "height": 900})


@pytest.fixture(scope="session")
def page(context: BrowserContext) -> Page:
    """The session's one tab with JavaScript; tests navigate it and leave it where they like."""
    return context.new_page()


@pytest.fixture(scope="session")
def narrow_page(browser: Browser, console: Console) -> Iterator[Page]:
    """A tab 320 CSS pixels wide: a phone, or a desktop window zoomed to 400 %."""
    for context in _context(browser, console, viewport={"width": 320, "height": 640}):
        yield context.new_page()


@pytest.fixture(scope="session")
def high_contrast_page(browser: Browser, console: Console) -> Iterator[Page]:
    """A tab whose site preference is high contrast (what the header's toggle stores)."""
    for context in _context(browser, console, viewport={"width": 1280, "height": 900}):
        context.add_init_script("try { localStorage.setItem('sdgkit-contrast', 'high') } catch (e) {}")
        yield context.new_page()


@pytest.fixture(scope="session")
def static_page(browser: Browser, console: Console) -> Iterator[Page]:
    """A tab with JavaScript disabled."""
    for context in _context(browser, console, java_script_enabled=False, viewport={"width": 1280, "height": 900}):
        yield context.new_page()


@pytest.fixture
def fresh_page(browser: Browser, console: Console) -> Iterator[Page]:
    """A tab of its own, with empty storage, for a test that changes stored preferences."""
    for context in _context(browser, console, viewport={"width": 1280, "height": 900}):
        yield context.new_page()


@pytest.fixture(autouse=True)
def no_console_errors(console: Console) -> Iterator[None]:
    """Every browser test also fails when a page printed an error or threw."""
    console.take()
    yield
    errors = console.take()
    assert not errors, "console errors:\n" + "\n".join(errors)


@pytest.fixture(scope="session")
def explorer_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The explorer's own fixture (every filter case, a map layer, en and ar), built once per session."""
    folder = tmp_path_factory.mktemp("explorer-site")
    repo = shutil.copytree(EXPLORER_FIXTURE, folder / "repo")
    site = built_site(repo, folder / "_site")
    if "explorer-config" not in (site / "en" / "1-1-1" / "index.html").read_text(encoding="utf-8"):
        pytest.skip("the explorer bundle is not built (npm ci && npm run build)")
    return site


@pytest.fixture(scope="session")
def explorer_url(explorer_site: Path) -> Iterator[str]:
    with serve(explorer_site) as origin:
        yield origin
