"""WCAG 2.1 AA in a real browser: axe-core finds nothing on any page type, in every language,
in the default and the high-contrast theme; the keyboard reaches everything, with visible focus."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page

from tests.browser.support import CONTRAST_FUNCTIONS, Console, axe_violations

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "fr", "ar")
#: one page of each type of the demo site (``{lang}`` is replaced)
PAGE_TYPES = {
    "home": "/{lang}/",
    "goal": "/{lang}/1/",
    "indicator": "/{lang}/1-2-1/",
    "indicator-series-and-units": "/{lang}/3-2-1/",
    "reporting-status": "/{lang}/reporting-status/",
    "search": "/{lang}/search/?q={query}",
    "custom-page": "/{lang}/about/",
    "custom-page-with-table": "/{lang}/guidance/",
    "news": "/{lang}/news/",
    "post": "/{lang}/news/welcome/",
    "404": "/{lang}/404.html",
}
QUERIES = {"en": "poverty", "fr": "pauvreté", "ar": "الفقر"}


def _open(page: Page, origin: str, kind: str, language: str) -> None:
    """Load a page of the demo and wait until its script has finished changing it."""
    page.goto(origin + PAGE_TYPES[kind].format(lang=language, query=QUERIES[language]))
    if kind == "search":
        page.wait_for_selector("#search-results .search-count")
    page.wait_for_load_state("networkidle")


def _show(problems: list[str]) -> str:
    return f"{len(problems)} violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_axe_violations(page: Page, demo_url: str, kind: str, language: str) -> None:
    _open(page, demo_url, kind, language)
    problems = axe_violations(page)
    assert not problems, _show(problems)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_axe_violations_in_high_contrast(high_contrast_page: Page, demo_url: str, kind: str,
                                            language: str) -> None:
    _open(high_contrast_page, demo_url, kind, language)
    assert high_contrast_page.evaluate("() => document.documentElement.classList.contains('contrast-high')")
    problems = axe_violations(high_contrast_page)
    assert not problems, _show(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_axe_violations_with_every_panel_open(page: Page, demo_url: str, language: str) -> None:
    """Breakdown tables inside <details> and every metadata tab are checked too, not only what shows first."""
    _open(page, demo_url, "indicator", language)
    for tab in page.get_by_role("tab").all():
        tab.click()
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true })")
        problems = axe_violations(page)
        assert not problems, _show(problems)


def test_no_axe_violations_with_the_indicator_finder_open(page: Page, demo_url: str) -> None:
    _open(page, demo_url, "home", "en")
    page.locator("#home-q").fill("poverty")
    page.wait_for_selector("#home-q-list [role=option]")
    page.keyboard.press("ArrowDown")
    problems = axe_violations(page)
    assert not problems, _show(problems)


def test_the_root_language_choice_has_no_axe_violations(page: Page, demo_url: str) -> None:
    """The root page sends readers to the default language at once (a 0 s refresh, which WCAG allows);
    it is checked as it would show without the refresh."""
    html = httpx.get(demo_url + "/").text
    assert '<meta http-equiv="refresh" content="0; ' in html
    still = re.sub(r'<meta http-equiv="refresh"[^>]*>', "", html)
    page.route(demo_url + "/", lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                                           body=still))
    try:
        page.goto(demo_url + "/")
        problems = axe_violations(page)
    finally:
        page.unroute(demo_url + "/")
    assert not problems, _show(problems)


def test_a_missing_address_gets_the_404_page(page: Page, demo_url: str, console: Console) -> None:
    response = page.goto(demo_url + "/fr/no-such-page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").count() == 1
    problems = axe_violations(page)
    assert not problems, _show(problems)
    expected = [e for e in console.errors if "404" in e and "Failed to load resource" in e]
    assert len(expected) == 1, console.errors
    console.errors.remove(expected[0])


@pytest.mark.parametrize("path", ["/fr/", "/fr/1-1-1/", "/en/1-2-1/", "/en/2-1-1/", "/fr/reporting-status/"])
def test_the_tiny_site_has_no_axe_violations(page: Page, tiny_url: str, path: str) -> None:
    """A second configuration (en and fr, footnotes, another theme setup) to the demo's."""
    page.goto(tiny_url + path, wait_until="networkidle")
    problems = axe_violations(page)
    assert not problems, _show(problems)


# --- the chart: axe cannot judge text drawn in SVG, so its contrast is measured here ---------------

CHART_COLOURS = """() => {
""" + CONTRAST_FUNCTIONS + """
    const out = [];
    document.querySelectorAll('svg.sdgkit-chart').forEach(svg => {
        const bg = backdrop(svg);
        svg.querySelectorAll('text').forEach(t => out.push(
            {what: 'text ' + t.textContent, ratio: ratio(rgb(getComputedStyle(t).fill), bg), needed: 4.5}));
        svg.querySelectorAll('g.series').forEach(g => out.push(
            {what: 'series ' + g.getAttribute('class'), ratio: ratio(rgb(getComputedStyle(g).stroke), bg), needed: 3}));
    });
    return out;
}"""


@pytest.mark.parametrize("path", ["/en/1-2-1/", "/en/4-1-1/", "/ar/3-2-1/"])
@pytest.mark.parametrize("contrast", ["default", "high"])
def test_chart_text_and_lines_have_enough_contrast(page: Page, high_contrast_page: Page, demo_url: str,
                                                   path: str, contrast: str) -> None:
    """Text ≥ 4.5:1 (WCAG 1.4.3) and series lines ≥ 3:1 (WCAG 1.4.11) against the chart's background."""
    tab = high_contrast_page if contrast == "high" else page
    tab.goto(demo_url + path)
    measured = tab.evaluate(CHART_COLOURS)
    assert any(item["what"].startswith("text") for item in measured)
    assert any(item["what"].startswith("series") for item in measured)
    low = [f"{item['what']}: {item['ratio']:.2f} < {item['needed']}" for item in measured
           if item["ratio"] < item["needed"]]
    assert not low, low


# --- reflow and text spacing (WCAG 1.4.10, 1.4.12): axe checks neither ----------------------------

TEXT_SPACING = ("*{line-height:1.5!important;letter-spacing:.12em!important;word-spacing:.16em!important}"
                "p{margin-bottom:2em!important}")
LAYOUT_PROBLEMS = """() => {
    const width = document.documentElement.clientWidth, found = [];
    const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    if (document.documentElement.scrollWidth > width) found.push('the page scrolls sideways: '
        + document.documentElement.scrollWidth + ' > ' + width);
    for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect(), style = getComputedStyle(el);
        if (box.width <= 1 || box.height <= 1 || el.closest('svg, .table-scroll')) continue;
        if ((box.right > width + 1 || box.left < -1) && style.position !== 'absolute' && style.position !== 'fixed')
            found.push(name(el) + ' sticks out of the page');
        if (['hidden', 'clip'].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1
            || ['hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
            found.push(name(el) + ' clips its content');
    }
    for (const tile of document.querySelectorAll('.goal-tile, .goal-banner, .status, .tag, .pill, .button, button')) {
        const box = tile.getBoundingClientRect();
        for (const part of tile.querySelectorAll('*')) {
            const inner = part.getBoundingClientRect();
            if (inner.width > 1 && (inner.bottom > box.bottom + 1 || inner.right > box.right + 1
                                    || inner.left < box.left - 1 || inner.top < box.top - 1))
                found.push(name(part) + ' escapes ' + name(tile));
        }
    }
    return [...new Set(found)];
}"""


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_pages_reflow_at_320_pixels_with_wide_text_spacing(narrow_page: Page, demo_url: str, kind: str,
                                                            language: str) -> None:
    """At 320 CSS px (1280 px zoomed to 400 %) nothing needs sideways scrolling (tables scroll in their own
    region), and with WCAG's text-spacing overrides no text is clipped or leaves its box."""
    _open(narrow_page, demo_url, kind, language)
    problems = [f"reflow: {p}" for p in narrow_page.evaluate(LAYOUT_PROBLEMS)]
    narrow_page.add_style_tag(content=TEXT_SPACING)
    problems += [f"text spacing: {p}" for p in narrow_page.evaluate(LAYOUT_PROBLEMS)]
    assert not problems, problems


# --- keyboard --------------------------------------------------------------------------------------


FOCUS_RING = """() => {
""" + CONTRAST_FUNCTIONS + """
    const el = document.activeElement, s = getComputedStyle(el), box = el.getBoundingClientRect();
    return {element: el.tagName + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : ''),
            body: el === document.body, outline: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
            contrast: ratio(rgb(s.outlineColor), backdrop(el.parentElement)), visible: box.width > 0 && box.height > 0};
}"""


@pytest.mark.parametrize("kind", ["home", "indicator", "reporting-status"])
@pytest.mark.parametrize("contrast", ["default", "high"])
def test_every_focus_stop_has_a_visible_focus_indicator(page: Page, high_contrast_page: Page, demo_url: str,
                                                        kind: str, contrast: str) -> None:
    """Tab through the page: each stop shows an outline of 2px or more that contrasts 3:1 with its surroundings."""
    tab = high_contrast_page if contrast == "high" else page
    _open(tab, demo_url, kind, "en")
    tab.locator("body").focus()
    seen, problems = 0, []
    for _ in range(80):
        tab.keyboard.press("Tab")
        ring = tab.evaluate(FOCUS_RING)
        if ring["body"]:
            break
        seen += 1
        if not ring["visible"] or ring["outline"] == "none" or ring["width"] < 2 or ring["contrast"] < 3:
            problems.append(str(ring))
    assert seen > 5
    assert not problems, problems


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page: Page, demo_url: str) -> None:
    _open(page, demo_url, "indicator", "en")
    page.locator("body").focus()
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is off screen"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_tabs_work_with_arrow_keys(page: Page, demo_url: str) -> None:
    _open(page, demo_url, "indicator", "en")
    tabs = page.get_by_role("tab")
    assert tabs.count() >= 2
    tabs.first.focus()
    page.keyboard.press("ArrowRight")
    second = tabs.nth(1)
    assert second.get_attribute("aria-selected") == "true"
    assert second.evaluate("el => el === document.activeElement")
    panel = page.locator("#" + (second.get_attribute("aria-controls") or ""))
    assert panel.is_visible()
    page.keyboard.press("ArrowLeft")
    assert tabs.first.get_attribute("aria-selected") == "true"


def test_tabs_follow_the_reading_direction_in_arabic(page: Page, demo_url: str) -> None:
    _open(page, demo_url, "indicator", "ar")
    tabs = page.get_by_role("tab")
    tabs.first.focus()
    page.keyboard.press("ArrowLeft")  # in a right-to-left page the next tab is on the left
    assert tabs.nth(1).get_attribute("aria-selected") == "true"


def test_the_high_contrast_toggle_works_from_the_keyboard(fresh_page: Page, demo_url: str) -> None:
    page = fresh_page
    _open(page, demo_url, "home", "en")
    toggle = page.locator("button.contrast-toggle").first
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate("() => document.documentElement.classList.contains('contrast-high')")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    page.reload()
    assert page.evaluate("() => document.documentElement.classList.contains('contrast-high')"), "not remembered"
    page.locator("button.contrast-toggle").first.click()
    assert not page.evaluate("() => document.documentElement.classList.contains('contrast-high')")
