"""The form of metadata, translations and pages in Debian's Chromium: edit, check, preview Markdown, save.

The editor runs on a copy of the tiny repository to which a page (``pages/about.md``) is
added; the fixture itself is never changed. Saved files are compared line by line with what
they were: the form may change the edited keys' lines only.
"""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.editor_support import TINY, Served, serve_editor, sign_in
from tests.browser.support import Console, axe_violations

pytestmark = pytest.mark.browser

META = "meta/1-1-1.md"
FR_META = "meta/fr/1-1-1.md"
PAGE = "pages/about.md"
ABOUT = "---\ntitle: About\npermalink: /about/   # keep this address\n---\n# About us\n\nWe count what matters.\n"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("editor-form")
    source = shutil.copytree(TINY, folder / "source")
    (source / "pages").mkdir()
    (source / PAGE).write_text(ABOUT, encoding="utf-8")
    with serve_editor(source, folder / "tiny") as running:
        yield running


@pytest.fixture
def restored(served: Served) -> Iterator[Served]:
    """The tiny metadata file as it was, after a test that saves it."""
    original = (served.repo / META).read_bytes()
    yield served
    (served.repo / META).write_bytes(original)


def open_form(page: Page, origin: str, path: str = META) -> None:
    page.goto(f"{origin}/_editor/file?path={path}")
    expect(page.locator(".form-editor")).to_be_visible()
    expect(page.locator("#form-issues-title + .form-status")).not_to_have_text("")
    expect(page.locator("#form-issues-title + .form-status")).not_to_have_text("Checking…")


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), n=0))[2:]
    return ([line[1:] for line in diff if line.startswith("-")], [line[1:] for line in diff if line.startswith("+")])


def save_with(page: Page, message: str, button: str = "Save") -> None:
    page.get_by_label("What did you change? (required)").fill(message)
    page.get_by_role("button", name=button, exact=True).click()


def test_edit_a_field_and_choose_an_option_then_save(fresh_page: Page, restored: Served) -> None:
    page, served = fresh_page, restored
    before = (served.repo / META).read_text(encoding="utf-8")
    sign_in(page, served.origin)
    open_form(page, served.origin)
    expect(page.locator("#content")).to_be_hidden()  # the read-only copy gives way to the form
    agency = page.get_by_label("UN custodian agency", exact=True)
    expect(agency).to_have_value("World Bank")
    agency.fill("World Bank Group")
    status = page.get_by_label("Reporting status")
    expect(status).to_have_value("complete")
    status.select_option("inprogress")
    expect(page.locator(".form-status").first).to_have_text("Unsaved changes.")
    save_with(page, "agency and status")
    expect(page.locator(".form-save-status")).to_contain_text("Saved")
    after = (served.repo / META).read_text(encoding="utf-8")
    assert changed_lines(before, after) == (["reporting_status: complete\n", "un_custodian_agency: World Bank\n"],
                                            ["reporting_status: inprogress\n",
                                             "un_custodian_agency: World Bank Group\n"])
    expect(page.locator("#history-list li").filter(has_text="agency and status")).to_be_visible()


def test_a_required_field_emptied_shows_the_issue_at_the_field(fresh_page: Page, served: Served) -> None:
    page = fresh_page
    sign_in(page, served.origin)
    open_form(page, served.origin)
    status = page.get_by_label("Reporting status")
    expect(status).to_have_attribute("required", "")
    status.select_option("")
    expect(status).to_have_attribute("aria-invalid", "true")
    described = status.get_attribute("aria-describedby") or ""
    issue = [name for name in described.split() if name.startswith("form-issue-")]
    assert issue, described
    expect(page.locator(f"#{issue[0]}")).to_contain_text("reporting_status")
    expect(page.locator(".form-issue-list li").filter(has_text="reporting_status").first).to_contain_text(
        "Reporting status")
    status.select_option("complete")  # fixed: the issue goes
    expect(status).not_to_have_attribute("aria-invalid", "true")


def test_the_markdown_preview_updates_and_strips_a_script(fresh_page: Page, served: Served) -> None:
    page = fresh_page
    sign_in(page, served.origin)
    open_form(page, served.origin)
    body = page.get_by_label("Page content (Markdown)", exact=True)
    preview = page.get_by_role("region", name="Preview of Page content (Markdown)")
    expect(preview.locator("strong")).to_have_text("1.1.1")
    body.fill("A **new** text <script>window.sdgkitHacked = 1</script><img src=x onerror=\"window.sdgkitHacked = 2\">")
    expect(preview.locator("strong")).to_have_text("new")
    expect(preview.locator("script")).to_have_count(0)
    expect(preview.locator("img")).to_have_count(0)  # shown as text: the editor loads no image
    assert page.evaluate("() => window.sdgkitHacked") is None
    assert b"window.sdgkitHacked" not in (served.repo / META).read_bytes()  # nothing saved


def test_a_french_translation_is_made_from_the_form(fresh_page: Page, served: Served) -> None:
    page = fresh_page
    sign_in(page, served.origin)
    open_form(page, served.origin)
    languages = page.get_by_role("navigation", name="Languages of this metadata")
    expect(languages.get_by_role("link", name="English")).to_have_attribute("aria-current", "page")
    languages.get_by_role("link", name="French").click()
    expect(page.get_by_role("heading", name="Edit the metadata")).to_be_visible()
    expect(page.locator(".form-editor")).to_contain_text("does not exist yet")
    name = page.get_by_label("Indicator name", exact=True)
    expect(name).to_have_value("")
    base = page.locator(f"#{name.get_attribute('id')}-base")
    expect(base).to_contain_text("English: Proportion of people below the poverty line")
    assert f"{name.get_attribute('id')}-base" in (name.get_attribute("aria-describedby") or "")
    name.fill("Proportion de la population sous le seuil de pauvreté")
    save_with(page, "traduction du nom")
    expect(page.locator(".form-save-status")).to_contain_text("Saved")
    expect(page.locator(".form-editor")).not_to_contain_text("does not exist yet")
    expect(languages.locator(".form-missing")).to_have_count(0)
    made = (served.repo / FR_META).read_text(encoding="utf-8")
    assert made == "---\nindicator_name: Proportion de la population sous le seuil de pauvreté\n---\n"


def test_a_pages_body_is_edited_and_saved(fresh_page: Page, served: Served) -> None:
    page = fresh_page
    sign_in(page, served.origin)
    open_form(page, served.origin, PAGE)
    expect(page.get_by_role("heading", name="Edit the page")).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_have_value("About")
    body = page.get_by_label("Page content (Markdown)", exact=True)
    expect(body).to_have_value("# About us\n\nWe count what matters.\n")
    body.fill("# About us\n\nWe count what matters, in every region.\n")
    expect(page.get_by_role("region", name="Preview of Page content (Markdown)")).to_contain_text("every region")
    save_with(page, "regions")
    expect(page.locator(".form-save-status")).to_contain_text("Saved")
    saved = (served.repo / PAGE).read_text(encoding="utf-8")
    assert saved == ABOUT.replace("matters.", "matters, in every region.")  # front matter bytes kept


def test_an_editors_save_is_a_proposal_and_a_viewer_cannot_save(fresh_page: Page, served: Served) -> None:
    page = fresh_page
    before = (served.repo / META).read_bytes()
    sign_in(page, served.origin, "eve")
    open_form(page, served.origin)
    page.get_by_label("Show a map").check()
    save_with(page, "a map, please", "Propose for review")
    expect(page.locator(".form-save-status")).to_have_text("Your change was proposed for review.")
    assert (served.repo / META).read_bytes() == before
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, served.origin, "val")
    open_form(page, served.origin)
    expect(page.locator(".form-editor")).to_contain_text("saving needs the editor or publisher role")
    expect(page.get_by_role("button", name="Save", exact=True)).to_have_count(0)


def test_the_form_has_no_axe_violations(browser: Browser, console: Console, served: Served) -> None:
    # the editor's policy refuses inline scripts, axe-core's injected one included: bypassed for the test only
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.on("page", console.watch)
    try:
        page = context.new_page()
        sign_in(page, served.origin)
        for path, language in ((META, "en"), (FR_META, "fr"), (PAGE, "ar"), ("config_data.yml", "es")):
            page.goto(f"{served.origin}/_editor/file?path={path}&lang={language}")
            expect(page.locator(".form-editor")).to_be_visible()
            page.wait_for_load_state("networkidle")
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
            assert axe_violations(page) == [], path
        open_form(page, served.origin)
        page.get_by_label("Reporting status").select_option("")  # with an issue shown at its field
        expect(page.get_by_label("Reporting status")).to_have_attribute("aria-invalid", "true")
        assert axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_form_works_at_320_pixels(browser: Browser, console: Console, served: Served, language: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.on("page", console.watch)
    try:
        page = context.new_page()
        sign_in(page, served.origin)
        page.goto(f"{served.origin}/_editor/file?path={META}&lang={language}")
        expect(page.locator(".form-editor")).to_be_visible()
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        assert page.evaluate("() => document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
        yaml_box = page.locator("textarea.form-code").first
        assert yaml_box.get_attribute("dir") == "ltr"  # YAML reads left to right, whatever the page's direction
        field = page.locator(".form-field input[type=text]").first
        field.focus()
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"  # focus is visible
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.tagName") in ("INPUT", "SELECT", "TEXTAREA")
    finally:
        context.close()


def test_a_conflict_shows_both_versions_and_keeps_the_users_values(fresh_page: Page, restored: Served,
                                                                   console: Console) -> None:
    page, served = fresh_page, restored
    sign_in(page, served.origin)
    open_form(page, served.origin)
    original = (served.repo / META).read_text(encoding="utf-8")
    page.get_by_label("Chart title", exact=True).fill("Poverty rate")
    (served.repo / META).write_text(original.replace("World Bank", "The World Bank"), encoding="utf-8")  # someone
    save_with(page, "a chart title")
    expect(page.locator(".form-save-status")).to_contain_text("changed by someone else")
    expect(page.locator(".form-conflict pre").first).to_contain_text("un_custodian_agency: The World Bank")
    expect(page.locator(".form-conflict pre").last).to_contain_text("graph_title: Poverty rate")
    expect(page.get_by_label("Chart title", exact=True)).to_have_value("Poverty rate")  # the user's value is kept
    errors = [e for e in console.take() if "status of 409" not in e]  # Chromium logs the refused save
    assert not errors, errors
    page.get_by_role("button", name="Keep my version (replace theirs when I save)").click()
    save_with(page, "a chart title, over theirs")
    expect(page.locator(".form-save-status")).to_contain_text("Saved")
    saved = (served.repo / META).read_text(encoding="utf-8")
    assert "graph_title: Poverty rate\n" in saved and "The World Bank" not in saved


def test_site_configuration_is_a_yaml_text_box_checked_as_you_type(fresh_page: Page, served: Served) -> None:
    page = fresh_page
    sign_in(page, served.origin)
    page.goto(f"{served.origin}/_editor/file?path=config_data.yml")
    box = page.get_by_label("Content of config_data.yml")
    expect(box).to_have_value((served.repo / "config_data.yml").read_text(encoding="utf-8"))
    expect(page.get_by_role("heading", name="Edit the file")).to_be_visible()
    box.fill("languages: [en, fr\n")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".form-issue-list li").first).to_contain_text("cannot be read")
    expect(page.get_by_role("button", name="Preview", exact=True)).to_have_count(0)  # no indicator page to show


#: what the preview's own scripts print in its sandbox (an opaque origin, so the page's data cannot be fetched)
SANDBOXED_PREVIEW = ("from origin 'null' has been blocked by CORS policy", "net::ERR_FAILED",
                     "sdgkit explorer: TypeError: Failed to fetch")


def test_preview_shows_the_unsaved_form_in_a_sandbox(fresh_page: Page, served: Served, console: Console) -> None:
    page = fresh_page
    sign_in(page, served.origin, "val")  # a viewer may preview
    open_form(page, served.origin)
    page.get_by_label("Indicator name", exact=True).fill("Share of people under the line")
    page.get_by_role("button", name="Preview", exact=True).click()
    frame = page.frame_locator("iframe[name=sdgkit-form-preview]")
    expect(frame.locator("body")).to_contain_text("Share of people under the line", timeout=10_000)
    assert page.locator("iframe[name=sdgkit-form-preview]").get_attribute("sandbox") == "allow-scripts"
    assert b"Share of people" not in (served.repo / META).read_bytes()
    page.goto("about:blank")  # the preview's scripts stop
    errors = [e for e in console.take() if not any(known in e for known in SANDBOXED_PREVIEW)]
    assert not errors, "console errors:\n" + "\n".join(errors)
