"""An indicator page's first load (HTML + CSS + JS, gzipped; no data downloads) stays within
100 KB, measured in Chromium. Sizes, not times: ``bench/page_weight.py`` prints the figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.support import Transfer, first_load

pytestmark = pytest.mark.browser

BUDGET = 100 * 1024


def _total(transfers: list[Transfer]) -> int:
    kinds = {t.kind for t in transfers}
    assert {"document", "stylesheet", "script"} <= kinds, kinds
    return sum(t.gzipped for t in transfers)


def test_a_demo_indicator_page_is_within_budget(fresh_page: Page, demo_url: str) -> None:
    assert _total(first_load(fresh_page, demo_url + "/en/1-2-1/")) <= BUDGET


def test_the_uk_indicator_with_most_data_is_within_budget(fresh_page: Page, uk_url: str) -> None:
    assert _total(first_load(fresh_page, uk_url + "/en/8-5-1/")) <= BUDGET


def test_the_largest_uk_indicator_page_is_within_budget(fresh_page: Page, uk_site: Path, uk_url: str) -> None:
    pages = [p for p in (uk_site / "en").glob("*/index.html")
             if (uk_site / "en" / "meta" / f"{p.parent.name}.json").is_file()]
    largest = max(pages, key=lambda p: p.stat().st_size).parent.name
    assert _total(first_load(fresh_page, f"{uk_url}/en/{largest}/")) <= BUDGET
