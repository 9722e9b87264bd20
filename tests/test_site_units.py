"""Unit tests of the website's pure pieces: text, numbers, Markdown, panels, the index, sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from sdgkit.build import build
from sdgkit.check import check
from sdgkit.dataservice.views import IndicatorView
from sdgkit.i18n.catalog import Catalog
from sdgkit.site.goals import GOAL_COLOURS, contrast, text_colour_on
from sdgkit.site.locale import Formats, language_name, text_direction
from sdgkit.site.markup import inline_markdown, markdown, plain_text
from sdgkit.site.panels import matching, panels
from sdgkit.site.sources import parse_document
from sdgkit.site.ui_text import UiText, looks_like_key
from sdgkit.site.urls import base_path, file_of, relocate

TINY = Path(__file__).parent / "fixtures" / "tiny"


def _catalog() -> Catalog:
    catalog = Catalog()
    catalog.add("en", "general", {"home": "Home", "hello": "Hello %country.name"})
    catalog.add("fr", "general", {"home": "Accueil"})
    return catalog


def test_ui_text_translates_and_marks_fallbacks_with_their_language() -> None:
    french = UiText(_catalog(), "fr", settings={"country.name": "Demoland"})
    assert french.plain("general.home") == "Accueil"
    assert str(french.html("general.home")) == "Accueil"
    fallback = str(french.html("general.hello"))
    assert fallback == '<span lang="en" class="i18n-fallback">Hello Demoland</span>'
    assert 'class="i18n-missing"' in str(french.html("general.nothing"))
    assert french.plain("Plain text stays") == "Plain text stays"


def test_ui_text_sanitises_translations_instead_of_trusting_them() -> None:
    catalog = Catalog()
    catalog.add("en", "general", {"bad": 'Hi <script>alert(1)</script><a href="javascript:x()">x</a>'})
    shown = str(UiText(catalog, "en").html("general.bad"))
    assert "<script" not in shown and "javascript:" not in shown


@pytest.mark.parametrize(("text", "key"), [("menu.about", True), ("About us", False),
                                           ("https://example.org/a.b", False), ("End.", False)])
def test_what_counts_as_a_translation_key(text: str, key: bool) -> None:
    assert looks_like_key(text) is key


def test_numbers_follow_the_locale_and_the_decimal_separator_setting() -> None:
    assert Formats("en").number(1234567.891) == "1,234,567.891"
    assert Formats("fr").number(1234567.891).replace("\u202f", " ") == "1 234 567,891"
    assert Formats("en").number(12.5, 2) == "12.50"
    assert Formats("en", ",").number(12.5) == "12,5"
    assert Formats("en").number(None) == "" and Formats("en").number(float("nan")) == ""


def test_direction_and_language_names() -> None:
    assert text_direction("ar") == "rtl" and text_direction("fr") == "ltr"
    assert language_name("fr") == "Français"


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", "[x](javascript:alert(1))", '<img src="x" onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">y</a>', "<iframe src=//evil></iframe>", "<style>body{}</style>",
])
def test_markdown_never_lets_script_through(hostile: str) -> None:
    html = str(markdown(hostile))
    for forbidden in ("<script", 'href="javascript', "onerror", "onclick", "<iframe", "<style"):
        assert forbidden not in html


def test_markdown_keeps_what_statisticians_write() -> None:
    html = str(markdown("**Bold** and <abbr title='Office'>ONS</abbr>\n\n| a | b |\n|---|---|\n| 1 | 2 |"))
    assert "<strong>Bold</strong>" in html and "<abbr" in html and "<table>" in html
    assert str(inline_markdown("*x*")) == "<em>x</em>"
    assert plain_text("A <b>bold</b>\n\nmove") == "A bold move"


def test_every_goal_tile_text_has_enough_contrast() -> None:
    for colour in GOAL_COLOURS.values():
        assert contrast(colour, text_colour_on(colour)) >= 4.5


def test_addresses() -> None:
    assert base_path("https://example.org/sdg/") == "/sdg/" and base_path("") == "/"
    assert file_of("en/1-1-1/") == "en/1-1-1/index.html"
    assert relocate("en/1-1-1/", "en", "fr") == "fr/1-1-1/"


def _view(frame: pd.DataFrame, meta: dict[str, object] | None = None) -> IndicatorView:
    return IndicatorView(slug="1-1-1", language="en", meta=meta or {}, data=frame, headline=frame.iloc[0:0],
                         edges=[], non_disaggregation=("Year", "Value", "Units"), observation_attributes=(),
                         complete=True, statistical=True)


def test_a_panel_per_unit_with_the_headline_first() -> None:
    frame = pd.DataFrame({"Year": [2015, 2016, 2015, 2015], "Units": ["%", "%", "%", "Number"],
                          "Sex": [None, None, "Female", None], "Value": [1.0, 2.0, 3.0, 40.0]})
    found = panels(_view(frame), series_column="Series", unit_column="Units", headline_label="Total")
    assert [p.unit for p in found] == ["%", "Number"]
    assert found[0].datasets[0].headline and found[0].datasets[0].values == (1.0, 2.0)
    assert found[0].breakdowns[0].column == "Sex" and found[0].breakdowns[0].rows[0].values == (3.0,)


def test_without_a_headline_the_minimum_selection_is_shown() -> None:
    frame = pd.DataFrame({"Year": [2015, 2015, 2015], "Sex": ["Male", "Female", "Female"],
                          "Age": [None, None, "15-24"], "Value": [1.0, 2.0, 3.0]})
    view = _view(frame)
    found = panels(view, series_column="Series", unit_column="Units", headline_label="Total")
    assert found[0].datasets[0].label == "Female" and found[0].datasets[0].values == (2.0,)
    assert found[0].selection == "Sex: Female"


def test_unit_and_series_specific_settings_match_like_open_sdg() -> None:
    items = [{"title": "general"}, {"unit": "%", "title": "percent"}, {"series": "A", "unit": "%", "title": "both"}]
    assert matching(items, "%", "A")[0]["title"] == "both"
    assert matching(items, "%", "B")[0]["title"] == "percent"
    assert matching(items, "Number", None)[0]["title"] == "general"


def test_pages_and_posts_front_matter() -> None:
    page, issues = parse_document("pages/about.fr.md", "---\ntitle: À propos\nlanguage: fr\n---\nTexte")
    assert page is not None and not issues
    assert (page.name, page.language, page.permalink, page.body) == ("about", "fr", "about", "Texte")
    post, _ = parse_document("posts/2025-01-15-welcome.md", "---\ntitle: Hi\ncategories: [News]\n---\nBody",
                             post=True)
    assert post is not None and post.date is not None and post.date.isoformat() == "2025-01-15"
    assert post.permalink == "news/welcome" and post.categories == ("News",)
    untitled, problems = parse_document("pages/faq.md", "No front matter")
    assert untitled is not None and untitled.body == "No front matter"
    assert [issue.code for issue in problems] == ["page-no-title"]


def test_hostile_metadata_and_pages_never_reach_the_site_as_markup(tmp_path: Path) -> None:
    repo = tmp_path / "tiny"
    shutil.copytree(TINY, repo)
    meta = repo / "meta" / "1-1-1.md"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("---\n", "---\ndata_notice_heading: Notice\n"
                                 "data_notice_text: '<img src=x onerror=alert(1)>'\n", 1)
                    + "\n<script>alert('meta')</script> [click](javascript:alert(2))\n", encoding="utf-8")
    (repo / "pages").mkdir()
    (repo / "pages" / "about.md").write_text("---\ntitle: About\n---\n<svg onload=alert(3)></svg>", encoding="utf-8")
    result = build(repo, tmp_path / "out")
    assert result.written
    for page in (tmp_path / "out" / "en" / "1-1-1" / "index.html", tmp_path / "out" / "en" / "about" / "index.html"):
        html = page.read_text(encoding="utf-8")
        main = html[html.index("<main"):html.index("</main>")]
        # the explorer's configuration is the one script element allowed: JSON with every "<" escaped
        main, _, config = _without_explorer_config(main)
        assert "<" not in config and "</script" not in config.lower()
        for forbidden in ("<script", "onerror", "onload", 'href="javascript'):
            assert forbidden not in main, (page, forbidden)


def _without_explorer_config(main: str) -> tuple[str, str, str]:
    """(the page without the explorer's configuration element, its opening tag, its JSON)."""
    opening = '<script type="application/json" class="explorer-config">'
    if opening not in main:
        return main, "", ""
    before, _, rest = main.partition(opening)
    config, _, after = rest.partition("</script>")
    return before + after, opening, config


def test_untranslated_interface_text_is_reported_by_check(tmp_path: Path) -> None:
    repo = tmp_path / "tiny"
    shutil.copytree(TINY, repo)
    config = repo / "config_data.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - fr\n", "  - fr\n  - de\n"), encoding="utf-8")
    found = [issue for issue in check(repo).report if issue.code == "site-untranslated-text"]
    assert [issue.value for issue in found] == ["de"] and "sdgkit." in found[0].message
