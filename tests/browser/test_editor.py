"""The browser editor in Debian's Chromium: the edit round trip of a data file, and axe-core on its pages.

The starlette app of ``sdgkit serve --edit`` runs with uvicorn in a thread on 127.0.0.1, on a
copy of the tiny repository, with a publisher made through the Accounts API (a cheap hasher).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.editor_support import TINY, Served, serve_editor, sign_in
from tests.browser.support import Console, axe_violations

pytestmark = pytest.mark.browser

DATA = "data/indicator_1-1-1.csv"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve_editor(TINY, tmp_path_factory.mktemp("editor") / "tiny") as running:
        yield running


def open_data_file(page: Page, origin: str) -> None:
    page.goto(f"{origin}/_editor/file?path={DATA}")
    expect(page.get_by_label("Row 2, Value", exact=True)).to_have_value("11")
    expect(page.locator("#issues-title + .status")).not_to_have_text("Checking…")


def test_edit_round_trip(fresh_page: Page, served: Served, console: Console) -> None:
    page = fresh_page
    sign_in(page, served.origin)
    page.get_by_role("link", name=DATA).first.click()
    expect(page.get_by_role("heading", name="Edit the data")).to_be_visible()
    expect(page.locator("#content")).to_be_hidden()  # the read-only copy gives way to the grid
    cell = page.get_by_label("Row 2, Value", exact=True)
    expect(cell).to_have_value("11")

    cell.fill("abc")  # a bad value: the check shows it at its cell and in the list
    expect(cell).to_have_attribute("aria-invalid", "true")
    described = cell.get_attribute("aria-describedby")
    assert described
    note = page.locator(f"#{described}")
    expect(note).to_be_visible()
    assert note.text_content()
    expect(page.locator(".issues li").first).to_contain_text("Row 2, Value")

    cell.fill("11.25")  # fixed
    expect(cell).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#issues-title + .status")).to_have_text("No issues found.")

    page.get_by_role("button", name="Preview", exact=True).click()
    frame = page.frame_locator("iframe[name=sdgkit-preview]")
    expect(frame.locator("body")).to_contain_text("11.25", timeout=10_000)
    expect(frame.locator(".explorer canvas").first).to_be_visible()  # the chart draws the unsaved data
    frame.locator(".explorer").get_by_role("tab", name="Table").click()
    expect(frame.locator(".explorer table").first).to_contain_text("11.25")
    assert page.locator("iframe[name=sdgkit-preview]").get_attribute("sandbox") == "allow-scripts"
    assert b"11.25" not in (served.repo / DATA).read_bytes()  # nothing saved by a preview

    page.get_by_label("What did you change? (required)").fill("fix 2016")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".save-form + .status")).to_contain_text("Saved")
    assert b"2016,,,Provisional,11.25" in (served.repo / DATA).read_bytes()
    entry = page.locator("#history-list li").filter(has_text="fix 2016")
    expect(entry).to_be_visible()
    entry.get_by_role("button", name="Show the changes").click()
    expect(entry.locator("pre")).to_contain_text("+2016,,,Provisional,11.25")

    page.once("dialog", lambda dialog: dialog.accept())
    entry.get_by_role("button", name="Revert").click()
    expect(page.locator(".save-form + .status")).to_contain_text("reverted")
    expect(cell).to_have_value("11")
    assert b"2016,,,Provisional,11\n" in (served.repo / DATA).read_bytes()
    expect(page.locator("#history-list li")).to_have_count(2)
    page.goto("about:blank")  # the preview's scripts stop
    errors = console.take()
    assert not errors, "console errors:\n" + "\n".join(errors)


def test_keyboard_rows_columns_and_paste(fresh_page: Page, served: Served) -> None:
    page = fresh_page
    sign_in(page, served.origin)
    open_data_file(page, served.origin)
    first = page.get_by_label("Row 1, Year", exact=True)
    first.focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Row 2, Year", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Row 3, Year", exact=True)).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Row 3, Sex", exact=True)).to_be_focused()
    rows = page.locator(".grid tbody tr").count()

    page.get_by_role("button", name="Add a row").click()
    expect(page.locator(".grid tbody tr")).to_have_count(rows + 1)
    expect(page.get_by_label(f"Row {rows + 1}, Year", exact=True)).to_be_focused()
    page.get_by_role("button", name=f"Remove row {rows + 1}").click()
    expect(page.locator(".grid tbody tr")).to_have_count(rows)

    page.get_by_label("New breakdown column").fill("Location")
    page.get_by_role("button", name="Add the column").click()
    expect(page.locator(".grid thead th")).to_have_text(["Row", "Year", "Sex", "Age", "Location", "COMMENT_OBS",
                                                         "Value", "Actions"])

    target = page.get_by_label(f"Row {rows}, Year", exact=True)
    target.focus()
    page.evaluate("""() => { const data = new DataTransfer();
        data.setData('text/plain', '2020\\tmale\\n2021\\tfemale\\n');
        document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
        cancelable: true})); }""")
    expect(page.locator(".grid tbody tr")).to_have_count(rows + 1)
    expect(page.get_by_label(f"Row {rows + 1}, Year", exact=True)).to_have_value("2021")
    expect(page.get_by_label(f"Row {rows + 1}, Sex", exact=True)).to_have_value("female")
    expect(page.get_by_label(f"Row {rows}, Sex", exact=True)).to_have_value("male")


def test_an_editors_save_is_a_proposal(fresh_page: Page, served: Served) -> None:
    page = fresh_page
    sign_in(page, served.origin, "eve")
    open_data_file(page, served.origin)
    before = (served.repo / DATA).read_bytes()
    page.get_by_label("Row 1, Value", exact=True).fill("10.6")
    page.get_by_label("What did you change? (required)").fill("a better 2015")
    page.get_by_role("button", name="Propose for review").click()
    expect(page.locator(".save-form + .status")).to_have_text("Your change was proposed for review.")
    assert (served.repo / DATA).read_bytes() == before
    expect(page.get_by_role("button", name="Revert")).to_have_count(0)  # reverting is a publisher's


def test_a_conflict_shows_both_versions_and_keeps_the_users_text(fresh_page: Page, served: Served,
                                                                   console: Console) -> None:
    page = fresh_page
    sign_in(page, served.origin)
    open_data_file(page, served.origin)
    original = (served.repo / DATA).read_bytes()
    page.get_by_label("Row 1, Value", exact=True).fill("10.7")
    (served.repo / DATA).write_bytes(original.replace(b"2015,male,,,12", b"2015,male,,,12.1"))  # another program
    try:
        page.get_by_label("What did you change? (required)").fill("mine")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".save-form + .status")).to_contain_text("changed by someone else")
        expect(page.get_by_role("heading", name="The file now")).to_be_visible()
        expect(page.locator(".conflict pre").first).to_contain_text("2015,male,,,12.1")
        expect(page.locator(".conflict pre").last).to_contain_text("2015,,,,10.7")
        expect(page.get_by_label("Row 1, Value", exact=True)).to_have_value("10.7")  # the user's text is kept
        assert b"10.7" not in (served.repo / DATA).read_bytes()
        errors = [e for e in console.take() if "status of 409" not in e]  # Chromium logs the refused save
        assert not errors, errors
        page.get_by_role("button", name="Keep my version (replace theirs when I save)").click()
        page.get_by_label("What did you change? (required)").fill("mine, over theirs")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".save-form + .status")).to_contain_text("Saved")
        assert b"2015,,,,10.7\n" in (served.repo / DATA).read_bytes()
    finally:
        (served.repo / DATA).write_bytes(original)


def test_editor_pages_have_no_axe_violations(browser: Browser, console: Console, served: Served) -> None:
    # the editor's policy refuses inline scripts, axe-core's injected one included: bypassed for the test only
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.on("page", console.watch)
    try:
        page = context.new_page()
        page.goto(f"{served.origin}/_editor/sign-in")
        assert axe_violations(page) == []
        sign_in(page, served.origin)
        assert axe_violations(page) == []
        open_data_file(page, served.origin)
        assert axe_violations(page) == []
        page.get_by_label("Row 1, Value", exact=True).fill("abc")  # with an issue shown at its cell
        expect(page.get_by_label("Row 1, Value", exact=True)).to_have_attribute("aria-invalid", "true")
        assert axe_violations(page) == []
    finally:
        context.close()


def test_the_grid_works_at_320_pixels(browser: Browser, console: Console, served: Served) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.on("page", console.watch)
    try:
        page = context.new_page()
        sign_in(page, served.origin)
        open_data_file(page, served.origin)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320  # the grid scrolls in its box
        cell = page.get_by_label("Row 3, Value", exact=True)
        cell.focus()
        assert cell.is_visible()
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"  # focus is visible
    finally:
        context.close()


def test_without_javascript_the_file_stays_readable(browser: Browser, console: Console, served: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    context.on("page", console.watch)
    try:
        page = context.new_page()
        sign_in(page, served.origin)
        page.goto(f"{served.origin}/_editor/file?path={DATA}")
        expect(page.locator("#content pre")).to_contain_text("2016,,,Provisional,11")
        expect(page.get_by_role("heading", name="History")).to_be_visible()
        expect(page.locator(".grid")).to_have_count(0)
    finally:
        context.close()


def test_review_history_and_rtl_pages_have_no_axe_violations(browser: Browser, console: Console,
                                                              served: Served) -> None:
    """The pages that work without JavaScript, with content: a pending proposal, a change with its diff, Arabic."""
    proposer = browser.new_context()
    page = proposer.new_page()
    sign_in(page, served.origin, "eve")
    open_data_file(page, served.origin)
    page.get_by_label("Row 1, Value", exact=True).fill("10.9")
    page.get_by_label("What did you change? (required)").fill("2015 revised")
    page.get_by_role("button", name="Propose for review").click()
    expect(page.locator(".save-form + .status")).to_have_text("Your change was proposed for review.")
    proposer.close()
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.on("page", console.watch)
    try:
        page = context.new_page()
        sign_in(page, served.origin)
        page.goto(f"{served.origin}/_editor/review")
        proposal = page.locator("article.proposal").filter(has_text="2015 revised")  # others may be pending too
        expect(proposal.locator("pre.diff ins")).to_contain_text("10.9")
        assert axe_violations(page) == []
        proposal.get_by_role("button", name="Reject").click()
        expect(page.get_by_role("status")).to_have_text("The proposal was rejected.")
        assert axe_violations(page) == []
        page.goto(f"{served.origin}/_editor/history?path={DATA}")
        assert axe_violations(page) == []
        for language, heading in (("ar", "المؤشرات"), ("fr", "Indicateurs")):
            page.goto(f"{served.origin}/_editor/?lang={language}")
            expect(page.get_by_role("heading", name=heading)).to_be_visible()
            assert axe_violations(page) == []
        page.goto(f"{served.origin}/_editor/?lang=en")
    finally:
        context.close()


def test_the_first_data_of_an_indicator(fresh_page: Page, served: Served) -> None:
    """2.1.1 has metadata and no data: its first figures are typed into an empty grid and saved as a new file."""
    page = fresh_page
    sign_in(page, served.origin)
    page.get_by_role("row").filter(has_text="2.1.1").get_by_role("link", name="Add data").click()
    expect(page.get_by_role("heading", name="Edit the data")).to_be_visible()
    expect(page.locator(".grid thead th")).to_have_text(["Row", "Year", "Value", "Actions"])
    page.get_by_role("button", name="Add a row").click()
    page.get_by_label("Row 1, Year", exact=True).fill("2020")
    page.get_by_label("Row 1, Value", exact=True).fill("5.5")
    expect(page.locator("#issues-title + .status")).not_to_have_text("Checking…")
    page.get_by_label("What did you change? (required)").fill("first figure of 2.1.1")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".save-form + .status")).to_contain_text("Saved")
    assert (served.repo / "data/indicator_2-1-1.csv").read_text(encoding="utf-8") == "Year,Value\n2020,5.5\n"
