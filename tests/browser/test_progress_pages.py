"""Progress towards the targets in a real browser: axe-core finds nothing on the pages that show it
(English, high contrast, and the Arabic demo, right to left), the sparklines and status icons keep
3:1 against their background (WCAG 1.4.11; axe cannot judge SVG), and the pages reflow at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.support import CONTRAST_FUNCTIONS, axe_violations
from tests.browser.test_accessibility import LAYOUT_PROBLEMS, TEXT_SPACING

pytestmark = pytest.mark.browser

#: pages of tests/fixtures/progress that show progress: computed, by breakdown, two series, not available
PAGES = ["/en/3-2-1/", "/en/6-1-1/", "/en/2-1-1/", "/en/1-1-1/", "/en/1/", "/en/", "/fr/1-3-1/"]


def _open(page: Page, url: str) -> None:
    """Load the page and open every <details>, so that "how this was assessed" is checked too."""
    page.goto(url, wait_until="networkidle")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true })")


def _show(problems: list[str]) -> str:
    return f"{len(problems)} violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", PAGES)
def test_progress_pages_have_no_axe_violations(page: Page, progress_url: str, path: str) -> None:
    _open(page, progress_url + path)
    assert page.locator(".progress, .progress-summary").count() > 0
    problems = axe_violations(page)
    assert not problems, _show(problems)


@pytest.mark.parametrize("path", ["/en/3-2-1/", "/en/1/"])
def test_progress_pages_have_no_axe_violations_in_high_contrast(high_contrast_page: Page, progress_url: str,
                                                                path: str) -> None:
    _open(high_contrast_page, progress_url + path)
    problems = axe_violations(high_contrast_page)
    assert not problems, _show(problems)


def test_the_progress_tab_of_the_reporting_status_page_has_no_axe_violations(page: Page, progress_url: str) -> None:
    page.goto(progress_url + "/en/reporting-status/", wait_until="networkidle")
    page.get_by_role("tab", name="Progress status").click()
    assert page.locator("#progress-status .status-bar").first.is_visible()
    problems = axe_violations(page)
    assert not problems, _show(problems)


def test_the_arabic_demo_shows_progress_right_to_left_without_axe_violations(page: Page, demo_url: str) -> None:
    _open(page, demo_url + "/ar/1-2-1/")
    assert page.evaluate("() => document.documentElement.dir") == "rtl"
    section = page.locator("section.progress")
    assert section.locator("h2").inner_text() == "حالة التقدم"
    assert section.locator("table.progress-breakdown tbody tr").count() == 2  # إناث, ذكور
    problems = axe_violations(page)
    assert not problems, _show(problems)
    page.goto(demo_url + "/ar/", wait_until="networkidle")
    assert page.locator(".goal-tile.goal-1 .goal-progress").count() == 1
    problems = axe_violations(page)
    assert not problems, _show(problems)


GRAPHICS = """() => {
""" + CONTRAST_FUNCTIONS + """
    const out = [];
    document.querySelectorAll('svg.sparkline').forEach(svg => {
        const bg = backdrop(svg);
        svg.querySelectorAll('.spark-line, .spark-target, .spark-latest').forEach(el => out.push(
            {what: el.getAttribute('class'), ratio: ratio(rgb(getComputedStyle(el).stroke), bg)}));
    });
    document.querySelectorAll('svg.pi').forEach(svg => out.push(
        {what: svg.getAttribute('class'), ratio: ratio(rgb(getComputedStyle(svg).color), backdrop(svg))}));
    return out;
}"""


@pytest.mark.parametrize("contrast", ["default", "high"])
def test_sparklines_and_status_icons_keep_3_to_1(page: Page, high_contrast_page: Page, progress_url: str,
                                                  contrast: str) -> None:
    tab = high_contrast_page if contrast == "high" else page
    _open(tab, progress_url + "/en/6-1-1/")
    measured = tab.evaluate(GRAPHICS)
    assert {"spark-line", "spark-target", "spark-latest"} <= {item["what"] for item in measured}
    assert any(item["what"].startswith("pi ") for item in measured)
    low = [f"{item['what']}: {item['ratio']:.2f}" for item in measured if item["ratio"] < 3]
    assert not low, low


@pytest.mark.parametrize("path", ["/en/3-2-1/", "/en/1/", "/en/"])
def test_progress_pages_reflow_at_320_pixels(narrow_page: Page, progress_url: str, path: str) -> None:
    _open(narrow_page, progress_url + path)
    problems = [f"reflow: {p}" for p in narrow_page.evaluate(LAYOUT_PROBLEMS)]
    narrow_page.add_style_tag(content=TEXT_SPACING)
    problems += [f"text spacing: {p}" for p in narrow_page.evaluate(LAYOUT_PROBLEMS)]
    assert not problems, problems
