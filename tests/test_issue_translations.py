"""Issue titles, messages and hints in French, Spanish and Arabic stay in step with the catalogue.

The translation files are checked against the English templates of
:data:`sdgkit.validate.catalog.CATALOG` (same codes, same placeholders, same text
between backticks), and :func:`sdgkit.validate.localize.localized` is checked on
issues made by :func:`make_issue` and by a real ``sdgkit check``. Every file in the
folder is checked, so a language a country adds is held to the same rules.
"""

from __future__ import annotations

import functools
import re
import shutil
import string
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sdgkit.check import check
from sdgkit.validate import localize
from sdgkit.validate.catalog import CATALOG, fill, make_issue
from sdgkit.validate.issues import Issue, Report, Severity
from sdgkit.validate.localize import languages, localized, title
from tests.broken import edit

TRANSLATIONS = Path(localize.__file__).parent / "translations"
TINY = Path(__file__).parent / "fixtures" / "tiny"
#: Every language file is checked, so a language a country adds is held to the same rules.
LANGUAGES = tuple(sorted(path.stem for path in TRANSLATIONS.glob("*.yml")))
SHIPPED = {"fr", "es", "ar"}
FIELDS = ("title", "message", "hint")
#: A Markdown code span: file names, settings and column names that must not be translated.
CODE_SPAN = re.compile(r"`[^`]*`")
#: The fields of an issue that say where it is and what it is about; translation keeps them.
KEPT = ("code", "severity", "file", "line", "column", "value", "indicator", "params")
DATA = "data/indicator_1-1-1.csv"


@functools.cache
def load(language: str) -> dict[str, dict[str, str]]:
    """A language file exactly as YAML reads it (not through the module under test), read once."""
    data = yaml.safe_load((TRANSLATIONS / f"{language}.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{language}.yml must map codes to entries"
    return data


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def english(code: str, field: str) -> str:
    text = getattr(CATALOG[code], field)
    assert isinstance(text, str)
    return text


def mismatches(language: str, key: Callable[[str], object]) -> list[str]:
    """Every ``language:code.field`` whose translation differs from the English text by ``key``."""
    translated = load(language)
    return [
        f"{language}:{code}.{field}: {key(translated[code][field])} != English {key(english(code, field))}"
        for code in sorted(CATALOG)
        for field in FIELDS
        if key(translated[code][field]) != key(english(code, field))
    ]


# --- the files -----------------------------------------------------------------------------------

def test_languages_are_english_and_every_file() -> None:
    assert languages() == ("en", *LANGUAGES)
    assert set(LANGUAGES) >= SHIPPED


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_has_exactly_the_catalogue_codes(language: str) -> None:
    codes = set(load(language))
    assert not sorted(set(CATALOG) - codes), f"missing in {language}.yml"
    assert not sorted(codes - set(CATALOG)), f"codes no longer in the catalogue, in {language}.yml"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_has_title_message_and_hint(language: str) -> None:
    for code, entry in load(language).items():
        assert isinstance(entry, dict) and set(entry) == set(FIELDS), f"{language}:{code}"
        for field in FIELDS:
            text = entry[field]
            assert isinstance(text, str) and text.strip() == text and text, f"{language}:{code}.{field}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_the_english_ones(language: str) -> None:
    assert mismatches(language, placeholders) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_code_spans_are_the_english_ones(language: str) -> None:
    assert mismatches(language, lambda text: Counter(CODE_SPAN.findall(text))) == []
    for code, entry in load(language).items():
        for field in FIELDS:
            assert entry[field].count("`") == english(code, field).count("`"), f"{language}:{code}.{field}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_titles_are_plain_text(language: str) -> None:
    """Titles are shown in headings and tooltips, where a placeholder would never be filled."""
    assert [code for code, entry in load(language).items() if placeholders(entry["title"])] == []


def test_english_templates_use_plain_placeholders() -> None:
    """Parameters are kept as text, so a format spec such as ``{count:d}`` would fail on re-formatting."""
    for code, kind in CATALOG.items():
        for template in (kind.message, kind.hint):
            for _, name, spec, conversion in string.Formatter().parse(template):
                assert name is None or (name.isidentifier() and not spec and conversion is None), (code, name)


# --- the parameters on the issue -------------------------------------------------------------------

def test_make_issue_keeps_its_parameters_as_text() -> None:
    issue = make_issue("data-value-not-last", file=DATA, line=1, position=2, count=5)
    assert dict(issue.params) == {"position": "2", "count": "5", "value": "", "indicator": ""}
    assert issue.params == tuple(sorted(issue.params))


def test_value_and_indicator_are_parameters_too() -> None:
    issue = make_issue("data-value-not-numeric", file=DATA, line=3, column=3, value=12.5, indicator="1-1-1")
    assert dict(issue.params) == {"value": "12.5", "indicator": "1-1-1"}


def test_parameters_fill_the_english_text_again() -> None:
    issue = make_issue("data-conflicting-observation", file=DATA, line=6, value=30, first=4, other=25.0,
                       more=" (in 2 rows)")
    kind = CATALOG[issue.code]
    assert fill(kind.message, dict(issue.params)) == issue.message
    assert fill(kind.hint, dict(issue.params)) == issue.hint


def test_parameters_change_neither_equality_nor_the_json_report() -> None:
    issue = make_issue("csv-duplicate-column", file=DATA, line=1, name="Sex")
    bare = replace(issue, params=())
    assert issue == bare and hash(issue) == hash(bare)
    assert issue.to_dict() == bare.to_dict()
    assert list(issue.to_dict()) == ["code", "severity", "file", "line", "column", "value", "indicator",
                                     "message", "hint"]


def test_strict_report_keeps_the_parameters() -> None:
    issue = make_issue("csv-cell-whitespace", file=DATA, line=4, value="Female ", name="Sex", where="end",
                       clean="Female")
    (strict,) = Report([issue]).strict().issues
    assert strict.severity is Severity.ERROR and strict.params == issue.params


# --- localized ---------------------------------------------------------------------------------------

def bad_cell() -> Issue:
    """The issue a non-numeric value cell gives, repeated on two rows."""
    return make_issue("data-value-not-numeric", file=DATA, line=3, column=3, value="n/a", indicator="1-1-1",
                      more=" (in 2 rows)")


def test_french_message_and_hint_of_a_bad_cell() -> None:
    french = localized(bad_cell(), "fr")
    assert french.message == "La valeur `n/a` n'est pas un nombre (in 2 rows)."
    assert french.hint.startswith("Utilisez des chiffres avec un point comme séparateur décimal")


def test_french_message_with_several_parameters() -> None:
    spaced = make_issue("csv-cell-whitespace", file=DATA, line=4, column=2, value="Female ", name="Sex",
                        where="end", clean="Female")
    french = localized(spaced, "fr")
    assert french.message == "La valeur `Female ` de la colonne `Sex` a un espace au début ou à la fin (end)."
    assert french.hint == "Supprimez l'espace pour que la valeur soit `Female`."
    conflict = make_issue("data-conflicting-observation", file=DATA, line=6, value="30", first=4, other="25")
    assert localized(conflict, "fr").message == (
        "Cette ligne a la même année et la même ventilation que la ligne 4, mais une valeur différente "
        "(30 ici, 25 là-bas).")


@pytest.mark.parametrize("language", LANGUAGES)
def test_localized_keeps_what_and_where(language: str) -> None:
    issue = bad_cell()
    translated = localized(issue, language)
    assert translated.message != issue.message and translated.hint != issue.hint
    assert "`n/a`" in translated.message
    for name in KEPT:
        assert getattr(translated, name) == getattr(issue, name), name


@pytest.mark.parametrize("language", ["en", "de", "", "zz-ZZ", "../fr", "fr/../../etc", "translations/fr"])
def test_english_or_unknown_language_gives_the_issue_unchanged(language: str) -> None:
    issue = bad_cell()
    assert localized(issue, language) is issue


@pytest.mark.parametrize(("language", "expected"), [("fr-CA", "fr"), ("FR", "fr"), ("es_MX", "es"), (" ar ", "ar")])
def test_regional_variants_use_the_language(language: str, expected: str) -> None:
    assert localized(bad_cell(), language).message == localized(bad_cell(), expected).message


def test_issue_without_parameters_is_unchanged_when_its_text_needs_some() -> None:
    issue = Issue("data-value-not-numeric", Severity.ERROR, "The value `x` is not a number.")
    assert localized(issue, "fr") is issue


def test_issue_without_parameters_is_translated_when_its_text_needs_none() -> None:
    issue = Issue("file-not-text", Severity.ERROR, CATALOG["file-not-text"].message, CATALOG["file-not-text"].hint)
    assert localized(issue, "es").message == "Este archivo no es un archivo de texto (contiene datos binarios)."


def test_code_without_translation_is_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(localize, "_templates", lambda language: {})
    issue = bad_cell()
    assert localized(issue, "fr") is issue


@pytest.mark.parametrize("broken", ["La valeur {value n'est pas", "{0} positionnel", "{} vide", "{value.real}",
                                    "{value[9]}", "}"])
def test_broken_translation_falls_back_to_english(monkeypatch: pytest.MonkeyPatch, broken: str) -> None:
    """A hand-edited language file must never stop the editor from showing an issue."""
    monkeypatch.setattr(localize, "_templates", lambda language: {"data-value-not-numeric": {"message": broken}})
    issue = bad_cell()
    assert localized(issue, "fr") is issue


def test_titles() -> None:
    assert title("file-too-large", "fr") == "Fichier trop volumineux"
    assert title("file-too-large", "es") == "Archivo demasiado grande"
    assert title("file-too-large", "ar") == "الملف كبير جدًا"
    assert title("file-too-large", "en") == title("file-too-large", "de") == CATALOG["file-too-large"].title
    assert title("no-such-code", "fr") == "no-such-code"


# --- any text as parameters ---------------------------------------------------------------------------

NAMES = sorted({name for kind in CATALOG.values() for template in (kind.message, kind.hint)
                for name in placeholders(template)})
#: Braces, format syntax, right-to-left text, combining marks, control characters, astral planes.
AWKWARD = st.one_of(st.text(), st.sampled_from(["{", "}", "{value}", "{0}", "{}", "%s", "\u202e", "مرحبا",
                                                "e\u0301", "\x00", "😀", "\\", "`"]))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES), AWKWARD))
@example({name: "{" for name in NAMES})
@example({})
def test_any_parameter_text_formats_in_every_language(params: dict[str, str]) -> None:
    value, indicator = params.get("value"), params.get("indicator")
    others: dict[str, Any] = {name: text for name, text in params.items() if name not in ("value", "indicator")}
    for code in CATALOG:
        issue = make_issue(code, value=value, indicator=indicator, **others)
        for language in LANGUAGES:
            translated = localized(issue, language)
            template = load(language)[code]["message"]
            for name in placeholders(template):
                assert params.get(name, "") in translated.message, (code, language, name)


# --- a real check -----------------------------------------------------------------------------------

@pytest.fixture
def broken_tiny(tmp_path: Path) -> Path:
    """The tiny fixture with a value that is not a number and a category with a trailing space."""
    repo = tmp_path / "tiny"
    shutil.copytree(TINY, repo)
    edit(repo, DATA, "2016,,,Provisional,11\n", "2016,,,Provisional,n/a\n")
    edit(repo, DATA, "2015,female,,,9\n", "2015,female ,,,9\n")
    return repo


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_issue_of_a_real_check_is_translated(broken_tiny: Path, language: str) -> None:
    report = check(broken_tiny).report
    assert {"data-value-not-numeric", "csv-cell-whitespace"} <= set(report.codes())
    for issue in report:
        translated = localized(issue, language)
        if load(language)[issue.code]["message"] != english(issue.code, "message"):
            assert translated.message != issue.message, issue
        if issue.value and issue.value in issue.message:
            assert issue.value in translated.message, (issue, translated.message)
        assert all(getattr(translated, name) == getattr(issue, name) for name in KEPT)
