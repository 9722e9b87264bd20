"""The issue's "done when", on the UK's real repository: a statistician fixes a wrong number, a colleague reverts it.

The copy of the UK repository is a git work tree (as an office's clone would be), so the history
is git's: each save is a commit with the user as author. One scenario, in order, as people do it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.editor_support import serve_editor, sign_in
from tests.browser.support import Console
from tests.conftest import shared_fixture

pytestmark = pytest.mark.browser

DATA = "data/indicator_2-1-1.csv"
RIGHT = "2020,Prevalence of undernourishment,Estimated value,Units,Percentage (%),2.5"
WRONG = RIGHT.removesuffix("2.5") + "25"  # the typo someone made


def _office_clone(repo: Path) -> None:
    """The UK repository with a wrong 2020 value, committed: the state the statistician finds."""
    data = repo / DATA
    data.write_text(data.read_text(encoding="utf-8").replace(RIGHT, WRONG), encoding="utf-8")
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "UK data as published"]):
        subprocess.run(command, cwd=repo, check=True, capture_output=True)


def _row_2020(page: Page) -> int:
    """The grid's row number of 2020 (rows are numbered from 1, after the header)."""
    lines = (page.locator("#content pre").text_content() or "").splitlines()
    return next(number for number, line in enumerate(lines) if line.startswith("2020,"))


def test_a_statistician_fixes_a_uk_number_and_a_colleague_reverts_it(
        browser: Browser, console: Console, tmp_path: Path, git_env: None) -> None:
    with serve_editor(shared_fixture("uk-sdg-data"), tmp_path / "uk", prepare=_office_clone) as served:
        statistician = browser.new_context(viewport={"width": 1280, "height": 900})
        statistician.on("page", console.watch)
        page = statistician.new_page()
        sign_in(page, served.origin, "pat")
        page.get_by_role("row").filter(has_text="2.1.1").get_by_role("link", name=DATA).click()
        row = _row_2020(page)
        cell = page.get_by_label(f"Row {row}, Value", exact=True)
        expect(cell).to_have_value("25")

        cell.fill("2,5")  # a decimal comma: the check says so at the cell
        expect(cell).to_have_attribute("aria-invalid", "true")
        cell.fill("2.5")
        expect(cell).not_to_have_attribute("aria-invalid", "true")

        page.get_by_role("button", name="Preview", exact=True).click()
        frame = page.frame_locator("iframe[name=sdgkit-preview]")
        frame.locator(".explorer").get_by_role("tab", name="Table").click()
        expect(frame.locator(".explorer table tr").filter(has_text="2020").first).to_contain_text("2.5")
        assert WRONG in (served.repo / DATA).read_text(encoding="utf-8")  # a preview saves nothing

        page.get_by_label("What did you change? (required)").fill("2020: 2.5 per cent, not 25 (typo)")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".save-form + .status")).to_contain_text("Saved")
        assert RIGHT in (served.repo / DATA).read_text(encoding="utf-8")

        published = next(name for name in served.preview.site.files if f"/{name}".endswith("/2-1-1/index.html"))
        page.goto(f"{served.origin}/{published.removesuffix('index.html')}")  # the site, rebuilt after the save
        page.locator(".explorer").get_by_role("tab", name="Table").click()
        expect(page.locator(".explorer table tr").filter(has_text="2020").first).to_contain_text("2.5")
        statistician.close()

        colleague = browser.new_context(viewport={"width": 1280, "height": 900})
        colleague.on("page", console.watch)
        other = colleague.new_page()
        sign_in(other, served.origin, "kim")
        other.goto(f"{served.origin}/_editor/history?path={DATA}")
        change = other.get_by_role("link", name="2020: 2.5 per cent, not 25 (typo)")
        expect(change).to_be_visible()
        expect(other.locator("ol.changes li").first).to_contain_text("pat")
        change.click()
        expect(other.locator("pre.diff ins")).to_have_text("+" + RIGHT)
        expect(other.locator("pre.diff del")).to_have_text("-" + WRONG)
        other.get_by_role("button", name="Revert this change").click()
        expect(other.get_by_role("status")).to_have_text("The change was reverted.")
        assert WRONG in (served.repo / DATA).read_text(encoding="utf-8")
        colleague.close()

        authors = subprocess.run(["git", "log", "--format=%an|%s", "--", DATA], cwd=served.repo, check=True,
                                 capture_output=True, text=True).stdout.splitlines()
        assert authors[0].startswith("kim|") and authors[1] == "pat|2020: 2.5 per cent, not 25 (typo)"
        assert not console.take()
