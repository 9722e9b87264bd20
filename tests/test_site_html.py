"""The built website without a browser: semantic HTML of every page, and no dead links.

The tiny and demo sites are built once per session (``tests/conftest.py``); the UK's real
repository is built once too, for the link checker.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from tests.site_checks import Page, Site, dead_links, escaping_problems, page_problems, title_of, title_problems

LANGUAGES = ("en", "fr", "ar")


def _show(problems: list[str], limit: int = 40) -> str:
    more = f"\n… and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} problems:\n" + "\n".join(problems[:limit]) + more


def _language(page: Page) -> str | None:
    head = page.name.split("/", 1)[0]
    return head if head in LANGUAGES else None


def _groups(site: Site) -> dict[str, list[Page]]:
    """Pages that must have distinct titles: each language tree, the root files, each documentation folder."""
    groups: dict[str, list[Page]] = defaultdict(list)
    for page in site.pages.values():
        head, slash, _ = page.name.partition("/")
        groups[head if slash else ""].append(page)
    return groups


def _html(page: Page) -> dict[str, str | None]:
    node = page.tree.css_first("html")
    assert node is not None
    return dict(node.attributes)


@pytest.fixture(scope="module")
def tiny(tiny_site: Path) -> Site:
    return Site(tiny_site)


@pytest.fixture(scope="module")
def demo(demo_site: Path) -> Site:
    return Site(demo_site)


@pytest.fixture(params=["tiny", "demo"])
def site(request: pytest.FixtureRequest) -> Site:
    chosen: Site = request.getfixturevalue(str(request.param))
    return chosen


def test_every_page_is_well_structured(site: Site) -> None:
    """One h1, no skipped heading level, captioned tables with scoped headers, lang and dir,
    images with alt, labelled form controls, unique ids, a title."""
    problems = [problem for page in site.pages.values() for problem in page_problems(page, _language(page))]
    assert not problems, _show(problems)


def test_titles_are_unique_and_descriptive(site: Site) -> None:
    problems = []
    for folder, pages in _groups(site).items():
        home = f"{folder}/index.html" if folder else "index.html"
        site_title = title_of(site.page(home).tree) if home in site.pages else ""
        problems += title_problems(pages, site_title, home)
    assert not problems, _show(problems)


def test_no_text_shows_escaped_markup(site: Site) -> None:
    problems = [f"{page.name}: {problem}" for page in site.pages.values() for problem in escaping_problems(page.tree)]
    assert not problems, _show(problems)


def test_an_untranslated_page_says_which_language_its_text_is_in(demo: Site) -> None:
    """The demo's guidance page exists only in English, the default language (WCAG 3.1.2)."""
    body = demo.page("ar/guidance/index.html").tree.css_first("main .prose")
    assert body is not None and body.attributes.get("lang") == "en" and body.attributes.get("dir") == "auto"
    translated = demo.page("ar/about/index.html").tree.css_first("main .prose")
    assert translated is not None and "lang" not in translated.attributes
    english = demo.page("en/guidance/index.html").tree.css_first("main .prose")
    assert english is not None and "lang" not in english.attributes


def test_arabic_pages_are_right_to_left(demo: Site) -> None:
    arabic = [page for page in demo.pages.values() if page.name.startswith("ar/")]
    assert len(arabic) > 250
    assert all(_html(page).get("dir") == "rtl" for page in arabic)
    english = _html(demo.page("en/index.html"))
    assert (english.get("lang"), english.get("dir")) == ("en", "ltr")


def test_indicator_pages_have_charts_with_text_alternatives_and_tables(demo: Site) -> None:
    page = demo.page("en/1-2-1/index.html").tree
    charts = page.css("figure.chart svg[role=img]")
    assert charts, "no chart"
    for svg in charts:
        names = (svg.attributes.get("aria-labelledby") or "").split()
        assert names and all(page.css_first(f"[id='{name}']") is not None for name in names)
        assert svg.css_first("title") is not None and svg.css_first("desc") is not None
    assert len(page.css("table.data-table")) >= len(charts)


@pytest.mark.parametrize("name", ["tiny", "demo", "uk"])
def test_no_dead_links(name: str, request: pytest.FixtureRequest) -> None:
    """Every internal href/src/action resolves to a file of the build, and a #fragment to an id in it."""
    root: Path = request.getfixturevalue(f"{name}_site")
    site = Site(root)
    assert len(site.pages) > 20
    problems = dead_links(site)
    assert not problems, _show(problems)
