"""A reader's journeys through the demo site in Chromium: clicking from the home page to an
indicator, switching language, finding "poverty" with the full-text search and the finder."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_home_to_goal_to_indicator_by_clicking(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "/en/")
    expect(page.locator("h1")).to_have_count(1)
    page.locator(".goal-grid a.goal-1").click()
    expect(page).to_have_url(demo_url + "/en/1/")
    expect(page.locator("h1")).to_contain_text("End poverty")
    page.locator(".indicator-list a[href='/en/1-2-1/']").click()
    expect(page).to_have_url(demo_url + "/en/1-2-1/")
    expect(page.locator("h1 .number")).to_have_text("Indicator 1.2.1")
    expect(page.locator(".breadcrumbs a[href='/en/1/']")).to_be_visible()
    page.locator(".breadcrumbs a[href='/en/1/']").click()
    expect(page).to_have_url(demo_url + "/en/1/")


def test_the_main_menu_reaches_every_page_it_lists(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "/en/")
    links = page.locator(".main-nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(links) >= 5
    for href in links:
        response = page.goto(demo_url + href)
        assert response is not None and response.status == 200, href
        expect(page.locator(f".main-nav a[href='{href}']")).to_have_attribute("aria-current", "page")


@pytest.mark.parametrize(("start", "language", "name", "direction"), [
    ("/en/1-2-1/", "fr", "Français", "ltr"),
    ("/fr/1-2-1/", "ar", "العربية", "rtl"),
    ("/ar/reporting-status/", "en", "English", "ltr"),
    ("/en/news/welcome/", "ar", "العربية", "rtl"),
])
def test_the_language_switcher_goes_to_the_same_page(page: Page, demo_url: str, start: str, language: str,
                                                    name: str, direction: str) -> None:
    page.goto(demo_url + start)
    page.locator("header .language-switcher").get_by_role("link", name=name).click()
    same = re.sub(r"^/[a-z]+/", f"/{language}/", start)
    expect(page).to_have_url(demo_url + same)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("header .language-switcher [aria-current]")).to_have_text(name)


def test_full_text_search_finds_poverty(page: Page, demo_url: str) -> None:
    """Pagefind's index answers on the search page; results link to pages of the site."""
    page.goto(demo_url + "/en/")
    page.locator("#header-q").fill("poverty")
    page.locator("#header-q").press("Escape")  # close the finder: Enter submits the form
    page.locator(".header-search button[type=submit]").click()
    expect(page).to_have_url(demo_url + "/en/search/?q=poverty")
    results = page.locator("#search-results")
    expect(results.locator(".search-count")).to_contain_text(re.compile(r"\d"))
    links = results.locator("li a")
    expect(links.first).to_be_visible()
    assert links.count() >= 2
    hrefs = links.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert "/en/1-2-1/" in hrefs, hrefs
    assert all(href.startswith("/en/") for href in hrefs), hrefs
    expect(results.locator("mark").first).to_be_visible()  # the matching words are highlighted
    links.filter(has_text="1.2.1").first.click()
    expect(page).to_have_url(demo_url + "/en/1-2-1/")


def test_full_text_search_in_french(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "/fr/search/?q=pauvret%C3%A9")
    results = page.locator("#search-results")
    expect(results.locator("li a").first).to_be_visible()
    hrefs = results.locator("li a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert all(href.startswith("/fr/") for href in hrefs), hrefs


def test_a_search_without_results_says_so(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "/en/search/?q=zzzzqqqq")
    expect(page.locator("#search-results .search-count")).to_be_visible()
    expect(page.locator("#search-results li")).to_have_count(0)


def test_the_indicator_finder_suggests_poverty_indicators(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "/en/")
    box = page.locator("#header-q")
    box.fill("poverty")
    options = page.locator("#header-q-list [role=option]")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    assert all("poverty" in text.lower() for text in options.all_inner_texts())
    box.press("ArrowDown")
    first = options.first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/1-\d-\d/$"))
    expect(page.locator("h1")).to_contain_text(re.compile("poverty", re.IGNORECASE))


def test_the_indicator_finder_matches_numbers_and_closes_with_escape(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "/ar/")
    box = page.locator("#header-q")
    box.fill("3.2")
    options = page.locator("#header-q-list [role=option]")
    expect(options.first).to_contain_text("3.2.1")
    box.press("Escape")
    expect(page.locator("#header-q-list")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")


def test_footnote_markers_lead_to_their_note(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "/en/1-2-1/")
    page.locator("#tab-tableview").click()  # the explorer's table (it replaces the static one)
    marker = page.locator(".explorer a.note-ref").first
    target = marker.get_attribute("href") or ""
    assert target.startswith("#")
    marker.click()
    expect(page.locator(target)).to_be_in_viewport()


def test_a_metadata_tab_can_be_linked_to(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "/en/1-2-1/#meta-global")
    tab = page.get_by_role("tab", name=re.compile("Global"))
    expect(tab).to_have_attribute("aria-selected", "true")
    expect(page.locator("#meta-global")).to_be_visible()
    expect(page.locator("#meta-national")).to_be_hidden()
