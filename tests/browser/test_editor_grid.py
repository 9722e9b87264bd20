"""The data grid of the browser editor in Debian's Chromium: uploads, columns, and its texts in French and Arabic.

Each test opens its own tab (``fresh_page``: the language cookie of one test does not reach
another); a test that saves puts the data file back afterwards, so the order does not matter.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.browser.editor_support import TINY, Served, serve_editor, sign_in
from tests.browser.support import Console, axe_violations

pytestmark = pytest.mark.browser

DATA = "data/indicator_1-1-1.csv"
HEADER = "Year,Sex,Age,COMMENT_OBS,Value"
FILE_CHOOSER = "Table to upload (.csv or .xlsx)"
UPLOAD = "Upload into the grid"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve_editor(TINY, tmp_path_factory.mktemp("editor-grid") / "tiny") as running:
        yield running


@pytest.fixture
def original(served: Served) -> Iterator[bytes]:
    """The data file as the test found it, written back when the test ends."""
    before = (served.repo / DATA).read_bytes()
    yield before
    (served.repo / DATA).write_bytes(before)


def open_grid(page: Page, origin: str, lang: str = "") -> None:
    """The data file's page (in ``lang``), once the grid is built and its first check is done."""
    page.goto(f"{origin}/_editor/file?path={DATA}" + (f"&lang={lang}" if lang else ""))
    expect(page.locator("#cell-1-4")).to_have_value("11")
    expect(page.locator("#issues-title + .status")).not_to_be_empty()
    expect(page.locator("#issues-title + .status")).not_to_have_text(["Checking…", "Vérification…", "جارٍ الفحص…"])


def upload(page: Page, file: Path, *, append: bool = False) -> None:
    page.get_by_label(FILE_CHOOSER).set_input_files(file)
    page.get_by_label("Append the rows" if append else "Replace the table").check()
    page.get_by_role("button", name=UPLOAD).click()


def headers(page: Page) -> list[str]:
    return page.locator(".grid thead tr").first.locator("th").all_text_contents()


def refused_loads(console: Console) -> list[str]:
    """The console's errors but Chromium's line for each refused request (the page shows the reason)."""
    return [e for e in console.take() if "the server responded with a status of 400" not in e]


def test_an_upload_replaces_the_table_unsaved_until_saved(fresh_page: Page, served: Served, original: bytes,
                                                          tmp_path: Path) -> None:
    page = fresh_page
    sheet = tmp_path / "new.csv"
    sheet.write_text(f"{HEADER}\n2017,,,,13\n2018,,,,14\n", encoding="utf-8")
    sign_in(page, served.origin)
    open_grid(page, served.origin)
    upload(page, sheet)
    expect(page.locator("#upload-status")).to_have_text("The table of new.csv (2 rows) is now in the grid; "
                                                       "it is not saved yet.")
    expect(page.locator(".grid tbody tr")).to_have_count(2)
    expect(page.get_by_label("Row 1, Year", exact=True)).to_have_value("2017")
    expect(page.get_by_label("Row 2, Value", exact=True)).to_have_value("14")
    expect(page.locator("#grid-title ~ .status").first).to_have_text("Unsaved changes.")
    expect(page.locator("#issues-title + .status")).to_have_text("No issues found.")  # the check ran on it
    assert (served.repo / DATA).read_bytes() == original  # nothing saved by an upload

    page.get_by_label("What did you change? (required)").fill("the 2017 and 2018 figures")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".save-form + .status")).to_contain_text("Saved")
    assert (served.repo / DATA).read_text(encoding="utf-8") == f"{HEADER}\n2017,,,,13\n2018,,,,14\n"


def test_appended_rows_follow_the_grid_and_keep_its_edits(fresh_page: Page, served: Served, original: bytes,
                                                          tmp_path: Path) -> None:
    page = fresh_page
    more = tmp_path / "more.csv"
    more.write_text(f"{HEADER}\r\n2017,,,,13\r\n2018,female,,,14\r\n", encoding="utf-8")
    sign_in(page, served.origin)
    open_grid(page, served.origin)
    rows = page.locator(".grid tbody tr").count()
    page.get_by_label("Row 1, Value", exact=True).fill("10.6")  # an unsaved edit, kept
    upload(page, more, append=True)
    expect(page.locator("#upload-status")).to_have_text("2 rows of more.csv were added to the grid; "
                                                       "they are not saved yet.")
    expect(page.locator(".grid tbody tr")).to_have_count(rows + 2)
    expect(page.get_by_label("Row 1, Value", exact=True)).to_have_value("10.6")
    expect(page.get_by_label(f"Row {rows + 1}, Year", exact=True)).to_have_value("2017")
    expect(page.get_by_label(f"Row {rows + 2}, Sex", exact=True)).to_have_value("female")
    assert (served.repo / DATA).read_bytes() == original

    page.get_by_label("What did you change? (required)").fill("two more years")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".save-form + .status")).to_contain_text("Saved")
    saved = (served.repo / DATA).read_text(encoding="utf-8")
    assert saved.startswith(f"{HEADER}\n2015,,,,10.6\n")
    assert saved.endswith("2016,female,15-24,,\n2017,,,,13\n2018,female,,,14\n")


def test_an_excel_workbook_is_read_into_the_grid(fresh_page: Page, served: Served, original: bytes,
                                                 tmp_path: Path) -> None:
    page = fresh_page
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Year", "Sex", "Age", "COMMENT_OBS", "Value"])
    sheet.append([2019, None, None, "from Excel", 15.5])
    sheet.append([2020, "male", None, None, 16])
    book = io.BytesIO()
    workbook.save(book)
    (tmp_path / "figures.xlsx").write_bytes(book.getvalue())
    sign_in(page, served.origin)
    open_grid(page, served.origin)
    upload(page, tmp_path / "figures.xlsx")
    expect(page.locator("#upload-status")).to_contain_text("figures.xlsx (2 rows)")
    expect(page.locator(".grid tbody tr")).to_have_count(2)
    expect(page.get_by_label("Row 1, Year", exact=True)).to_have_value("2019")
    expect(page.get_by_label("Row 1, COMMENT_OBS", exact=True)).to_have_value("from Excel")
    expect(page.get_by_label("Row 1, Value", exact=True)).to_have_value("15.5")
    expect(page.get_by_label("Row 2, Sex", exact=True)).to_have_value("male")
    assert (served.repo / DATA).read_bytes() == original


def test_a_refused_upload_says_why_and_leaves_the_grid(fresh_page: Page, served: Served, console: Console,
                                                       tmp_path: Path) -> None:
    page = fresh_page
    (tmp_path / "notes.txt").write_text(f"{HEADER}\n2017,,,,13\n", encoding="utf-8")
    (tmp_path / "other.csv").write_text("Year,Value\n2017,13\n", encoding="utf-8")
    sign_in(page, served.origin)
    open_grid(page, served.origin)
    rows = page.locator(".grid tbody tr").count()
    status = page.locator("#upload-status")
    expect(status).to_have_attribute("role", "status")

    page.get_by_role("button", name=UPLOAD).click()  # no file chosen
    expect(status).to_have_text("Choose a .csv or .xlsx file first.")
    expect(page.get_by_label(FILE_CHOOSER)).to_be_focused()

    upload(page, tmp_path / "notes.txt")
    expect(status).to_have_text("Not loaded: only .csv and .xlsx files can be uploaded")
    upload(page, tmp_path / "other.csv", append=True)
    expect(status).to_have_text(f"Not loaded: the uploaded columns (Year, Value) are not the file's "
                                f"({HEADER.replace(',', ', ')})")
    expect(page.locator(".grid tbody tr")).to_have_count(rows)
    expect(page.get_by_label("Row 2, Value", exact=True)).to_have_value("11")
    errors = refused_loads(console)
    assert not errors, errors


def test_a_viewer_gets_no_upload(fresh_page: Page, served: Served) -> None:
    page = fresh_page
    sign_in(page, served.origin, "val")
    open_grid(page, served.origin)
    expect(page.get_by_role("button", name="Rename the column Year")).to_be_visible()  # still theirs to try
    expect(page.get_by_label(FILE_CHOOSER)).to_have_count(0)


def test_renaming_a_column(fresh_page: Page, served: Served) -> None:
    page = fresh_page
    sign_in(page, served.origin)
    open_grid(page, served.origin)
    status = page.locator("#grid-title ~ .status").first
    page.get_by_role("button", name="Rename the column Sex").click()
    field = page.get_by_label("New name of the column Sex")
    expect(field).to_be_focused()
    expect(field).to_have_value("Sex")

    field.fill("Year")  # another column's name: refused, the field stays for another try
    field.press("Enter")
    expect(status).to_have_text("There is already a column Year.")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    field.fill("  ")  # no name
    field.press("Enter")
    expect(status).to_have_text("A column needs a name.")
    field.press("Escape")  # cancelled
    expect(field).to_have_count(0)
    expect(status).to_have_text("The column Sex was not renamed.")
    assert headers(page) == ["Row", "Year", "Sex", "Age", "COMMENT_OBS", "Value", "Actions"]
    expect(page.get_by_role("button", name="Rename the column Sex")).to_be_focused()

    page.keyboard.press("Enter")  # the same button, from the keyboard
    field.fill("Gender")
    field.press("Enter")
    expect(status).to_have_text("The column Sex is now called Gender.")
    assert headers(page) == ["Row", "Year", "Gender", "Age", "COMMENT_OBS", "Value", "Actions"]
    expect(page.get_by_role("button", name="Rename the column Gender")).to_be_focused()
    expect(page.get_by_label("Row 3, Gender", exact=True)).to_have_value("female")

    page.get_by_role("button", name="Rename the column Age").click()  # leaving the field applies it
    page.get_by_label("New name of the column Age").fill("Age group")
    page.get_by_label("Row 1, Value", exact=True).focus()
    expect(status).to_have_text("The column Age is now called Age group.")
    assert headers(page)[3] == "Age group"


def test_removing_a_column(fresh_page: Page, served: Served, tmp_path: Path) -> None:
    page = fresh_page
    sign_in(page, served.origin)
    open_grid(page, served.origin)
    status = page.locator("#grid-title ~ .status").first
    asked: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="Remove the column Age").click()
    expect(page.get_by_role("button", name="Remove the column Age")).to_be_visible()
    assert asked == ["Remove the column Age and all its values?"]
    assert "Age" in headers(page)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove the column Age").click()
    expect(status).to_have_text("The column Age was removed.")
    assert headers(page) == ["Row", "Year", "Sex", "COMMENT_OBS", "Value", "Actions"]
    expect(page.get_by_role("button", name="Rename the column COMMENT_OBS")).to_be_focused()
    expect(page.get_by_label("Row 7, COMMENT_OBS", exact=True)).to_have_value("")
    expect(page.get_by_label("Row 7, Value", exact=True)).to_have_value("7")

    (tmp_path / "one.csv").write_text("Value\n1\n2\n", encoding="utf-8")  # the last column stays
    page.once("dialog", lambda dialog: dialog.accept())  # the grid has unsaved changes: replace them?
    upload(page, tmp_path / "one.csv")
    expect(page.locator(".grid tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Remove the column Value").click()  # no dialog: refused at once
    expect(status).to_have_text("The table needs at least one column: this one cannot be removed.")
    assert headers(page) == ["Row", "Value", "Actions"]


def test_the_grid_in_french(fresh_page: Page, served: Served) -> None:
    page = fresh_page
    checks: list[str] = []
    page.on("request", lambda request: checks.append(request.url) if "/api/check" in request.url else None)
    sign_in(page, served.origin)
    open_grid(page, served.origin, "fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="Modifier les données")).to_be_visible()
    expect(page.get_by_label("Ligne 2, Value", exact=True)).to_have_value("11")
    expect(page.get_by_role("button", name="Ajouter une ligne")).to_be_visible()
    expect(page.get_by_role("button", name="Supprimer la ligne 1")).to_be_visible()
    expect(page.get_by_role("button", name="Renommer la colonne Year")).to_be_visible()
    expect(page.get_by_label("Tableau à importer (.csv ou .xlsx)")).to_be_attached()
    expect(page.get_by_role("button", name="Importer dans la grille")).to_be_visible()
    expect(page.get_by_label("Qu'avez-vous modifié ? (obligatoire)")).to_be_visible()
    expect(page.locator("#issues-title + .status")).to_have_text("Aucun problème trouvé.")
    assert headers(page)[0] == "Ligne"
    assert checks and all(url.endswith("/api/check?lang=fr") for url in checks)

    page.get_by_label("Ligne 2, Value", exact=True).fill("abc")  # counted texts follow French rules
    counted = re.compile(r"^(1 problème trouvé|\d+ problèmes trouvés)\.$")
    expect(page.locator("#issues-title + .status")).to_have_text(counted)
    expect(page.locator(".issues li").first).to_contain_text("Ligne 2, Value : ")
    expect(page.get_by_role("button", name="Aller à la cellule")).to_be_visible()


def test_the_grid_in_arabic_is_right_to_left(fresh_page: Page, served: Served) -> None:
    page = fresh_page
    sign_in(page, served.origin)
    open_grid(page, served.origin, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="تعديل البيانات")).to_be_visible()
    year, sex = page.get_by_label("الصف 1، Year", exact=True), page.get_by_label("الصف 1، Sex", exact=True)
    box_year, box_sex = year.bounding_box(), sex.bounding_box()
    assert box_year and box_sex and box_sex["x"] < box_year["x"]  # the next column is on the left
    year.focus()
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")  # forward, in a right-to-left grid
    expect(sex).to_be_focused()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")  # and back
    expect(year).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("الصف 2، Year", exact=True)).to_be_focused()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_file_page_has_no_axe_violations(browser: Browser, console: Console, served: Served, lang: str) -> None:
    # the editor's policy refuses inline scripts, axe-core's injected one included: bypassed for the test only
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.on("page", console.watch)
    try:
        page = context.new_page()
        sign_in(page, served.origin)
        open_grid(page, served.origin, lang)
        assert axe_violations(page) == []
        page.locator("#cell-0-4").fill("abc")  # an issue at its cell, and a column being renamed
        expect(page.locator("#cell-0-4")).to_have_attribute("aria-invalid", "true")
        page.locator("[data-rename-column='1']").click()
        expect(page.locator("#rename-column")).to_be_focused()
        assert axe_violations(page) == []
    finally:
        context.close()
