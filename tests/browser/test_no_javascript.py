"""With JavaScript disabled every page is still complete: the chart is an inline SVG, the data
is in tables, all metadata shows, and the search page lists every indicator."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_indicator_page_shows_chart_table_and_all_metadata(static_page: Page, demo_url: str,
                                                              language: str) -> None:
    page = static_page
    page.goto(f"{demo_url}/{language}/1-2-1/")
    assert page.evaluate("() => document.documentElement.classList.contains('tabs-ready')") is False
    chart = page.locator("figure.chart svg[role=img]").first
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    assert chart.locator("polyline, rect").count() > 0
    table = page.locator("section.data table.data-table").first
    expect(table).to_be_visible()
    assert table.locator("tbody tr").count() >= 5
    expect(page.get_by_role("tab")).to_have_count(0)  # no tabs without the script: one panel after another
    panels = page.locator(".metadata .tab-panel")
    assert panels.count() >= 2
    for index in range(panels.count()):
        panel = panels.nth(index)
        expect(panel).to_be_visible()
        expect(panel.locator(".tab-title")).to_be_visible()
        expect(panel.locator("table.metadata-table").first).to_be_visible()
    expect(page.locator("details.breakdown summary").first).to_be_visible()
    expect(page.locator("a[download]").first).to_be_visible()


def test_the_static_indicator_page_has_no_axe_violations(page: Page, demo_url: str) -> None:
    """axe-core needs JavaScript itself, so this tab runs scripts but gets an empty theme script:
    the page it checks is the one a reader without JavaScript gets (every metadata panel shown)."""
    scripts = ("**/assets/sdgkit.js", "**/assets/vendor/explorer.js")
    for script in scripts:
        page.route(script, lambda route: route.fulfill(body="", content_type="text/javascript"))
    try:
        page.goto(demo_url + "/en/1-2-1/")
        assert page.get_by_role("tab").count() == 0
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true })")
        problems = axe_violations(page)
    finally:
        for script in scripts:
            page.unroute(script)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["/en/", "/en/1/", "/fr/reporting-status/", "/en/news/welcome/", "/ar/about/"])
def test_other_pages_read_without_javascript(static_page: Page, demo_url: str, path: str) -> None:
    page = static_page
    response = page.goto(demo_url + path)
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main")).not_to_be_empty()
    expect(page.locator(".contrast-toggle")).to_be_hidden()  # it needs the script, so it is not offered


def test_the_reporting_status_shows_every_tab_panel(static_page: Page, demo_url: str) -> None:
    static_page.goto(demo_url + "/en/reporting-status/")
    panels = static_page.locator(".tab-panel")
    assert panels.count() >= 1
    for index in range(panels.count()):
        expect(panels.nth(index)).to_be_visible()
    expect(static_page.locator(".status-bar").first).to_be_visible()


def test_the_search_page_lists_every_indicator(static_page: Page, demo_url: str) -> None:
    static_page.goto(demo_url + "/en/search/?q=poverty")
    listed = static_page.locator(".all-indicators a")
    assert listed.count() > 200
    expect(static_page.locator(".all-indicators a[href='/en/1-2-1/']")).to_be_visible()
