"""Progress towards the targets on the website: indicator, goal, home and reporting status pages.

``tests/fixtures/progress`` (en/fr) has an indicator for every case of the progress measure:
a manual status (1-1-1), no target near a limit (1-3-1), deterioration (1-5-3), a target
(1-5-4), no data (2-1-1), a breakdown by sex (3-2-1), two series (6-1-1), a ``Progress``
column (8-1-1) and values of opposite signs (8-2-1). It is built once for this module; the
pages are read as text, as a reader (or a screen reader) gets them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from sdgkit.config.site_options import SiteOptions
from sdgkit.i18n.catalog import Catalog
from sdgkit.server import Preview
from sdgkit.site.locale import Formats
from sdgkit.site.progress_view import Wording, status_icon
from sdgkit.site.sparkline import sparkline
from sdgkit.site.ui_text import UiText
from tests.conftest import built_site
from tests.site_checks import Site, dead_links, escaping_problems, page_problems

PROGRESS = Path(__file__).parent / "fixtures" / "progress"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def site(progress_site: Path) -> Path:
    return progress_site


def _tree(site: Path, page: str) -> HTMLParser:
    return HTMLParser((site / page).read_text(encoding="utf-8"))


def _text(node: Node | None) -> str:
    """The text as read, spaces collapsed (no-break spaces are kept: French puts one before %)."""
    assert node is not None
    return re.sub(r"[ \t\r\n]+", " ", node.text(separator=" ")).strip()


def _one(node: Node | HTMLParser, selector: str) -> Node:
    """The first element matching ``selector``, which must exist."""
    found = node.css_first(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def _section(site: Path, page: str) -> Node:
    found = _tree(site, page).css_first("section.progress")
    assert found is not None, f"{page} has no progress section"
    return found


def _facts(section: Node, number: int = 0) -> dict[str, str]:
    """The label → value rows of the ``number``-th "how this was assessed" table."""
    table = section.css("table.progress-facts")[number]
    return {_text(row.css_first("th")): _text(row.css_first("td")) for row in table.css("tr")}


def _rows(table: Node) -> list[list[str]]:
    return [[_text(cell) for cell in row.css("th, td")] for row in table.css("tbody tr")]


# --- indicator pages ------------------------------------------------------------------------------

def test_a_computed_status_without_target_explains_every_number(site: Path) -> None:
    section = _section(site, "en/1-3-1/index.html")
    assert _text(section.css_first("h2")) == "Progress status"
    now = _text(section.css_first(".progress-now"))
    assert now == "On track Score (−5 to 5): 2.82"
    assert section.css_first(".progress-now svg.pi-substantial_progress") is not None  # an icon as well as the text
    assert "fast enough to be on track" in _text(section)
    assert _text(section.css_first("details summary")) == "How this was assessed"
    assert "Statistics Canada" in _text(section.css_first("details > p"))
    assert _facts(section) == {
        "Desired direction": "Increase", "Base year": "2015", "Base value": "90", "Latest year": "2021",
        "Latest value": "93.2", "Target": "No numeric target: compared with fixed annual rates", "Limit": "100",
        "Limit coefficient": "0.37", "Observed annual growth": "0.58%", "Growth in the desired direction": "0.58%",
        # 1.5 %, 0.5 % and 0 a year, times the limit coefficient: 0.58 % is past the first, so on track
        "Thresholds: on track / acceleration needed / limited progress from": "0.56% / 0.19% / 0.00%",
        "Score (−5 to 5)": "2.82", "Progress status": "On track"}


def test_a_status_with_a_target_shows_required_and_observed_growth_and_their_ratio(site: Path) -> None:
    facts = _facts(_section(site, "en/1-5-4/index.html"))
    assert facts["Target"] == "9" and facts["Target year"] == "2030"
    assert facts["Required annual growth"] == "4.00%"
    assert facts["Observed annual growth"] == "20.00%"
    assert facts["Ratio of observed to required growth"] == "5.00"
    assert facts["Thresholds: on track / acceleration needed / limited progress from"] == "0.95 / 0.60 / 0.00"
    assert facts["Progress status"] == "On track"
    assert "Limit" not in facts and "Growth in the desired direction" not in facts
    deteriorating = _section(site, "en/1-5-3/index.html")
    assert _text(deteriorating.css_first(".progress-now")) == "Deterioration Score (−5 to 5): -5.00"
    assert "moved away from the desired direction" in _text(deteriorating)
    assert _facts(deteriorating)["Ratio of observed to required growth"] == "-14.05"
    assert _text(deteriorating.css_first("h3")) == "Percent, Group1: A, Group2: X"  # which series was assessed


def test_not_available_says_why_in_plain_language(site: Path) -> None:
    no_data = _section(site, "en/2-1-1/index.html")
    assert _text(no_data.css_first(".progress-now")) == "Not available"
    assert "Progress cannot be assessed yet. There are no data to assess." in _text(no_data)
    assert _facts(no_data)["Why it cannot be assessed"] == "There are no data to assess."
    assert no_data.css_first(".progress-now svg.pi-not_available") is not None
    signs = _section(site, "en/8-2-1/index.html")
    assert "opposite signs, so a growth rate cannot be calculated" in _text(signs)
    facts = _facts(signs)
    assert (facts["Base value"], facts["Latest value"]) == ("-1.5", "1")
    assert "Score (−5 to 5)" not in facts


def test_a_manual_status_says_it_was_set_by_the_statistician(site: Path) -> None:
    english = _section(site, "en/1-1-1/index.html")
    assert _text(english.css_first(".progress-now")) == "Target achieved"
    assert "set by the statisticians responsible for the indicator" in _text(english)
    assert english.css_first("details") is None and english.css_first("table") is None  # nothing was computed
    french = _section(site, "fr/1-1-1/index.html")
    assert _text(french.css_first("h2")) == "État du progrès"
    assert _text(french.css_first(".progress-now")) == "Cible atteinte"
    assert "fixé par les statisticiens" in _text(french)


def test_each_breakdown_value_is_assessed_in_a_table_with_sparklines(site: Path) -> None:
    section = _section(site, "en/3-2-1/index.html")
    table = section.css_first("table.progress-breakdown")
    assert table is not None
    assert _text(table.css_first("caption")) == "Progress by Sex: Headline (national total)"
    headers = [_text(th) for th in table.css("thead th")]
    assert headers == ["Sex", "Base", "Latest", "Observed annual growth", "Growth in the desired direction",
                       "Score (−5 to 5)", "Progress status", "Trend"]
    assert all(th.attributes.get("scope") == "col" for th in table.css("thead th"))
    female, male = _rows(table)
    assert female[:7] == ["Female", "4.4 in 2015", "3.3 in 2019", "-6.94%", "6.94%", "5.00", "On track"]
    assert male[:7] == ["Male", "5.2 in 2015", "5.4 in 2019", "0.95%", "-0.95%", "-3.68", "Deterioration"]
    for row in table.css("tbody tr"):
        svg = row.css_first("svg.sparkline")
        assert svg is not None and svg.attributes.get("role") == "img"
    names = [svg.attributes.get("aria-label") for svg in table.css("svg.sparkline")]
    assert names == ["Trend: Female", "Trend: Male"]
    assert _text(table.css_first("svg.sparkline desc")) == "base 4.4 in 2015; latest 3.3 in 2019"
    assert _text(section.css_first(".progress-now")) == "On track Score (−5 to 5): 5.00"  # the headline's


def test_several_series_are_combined_and_each_explained(site: Path) -> None:
    section = _section(site, "en/6-1-1/index.html")
    assert _text(section.css_first(".progress-now")) == "Progress made but acceleration needed Score (−5 to 5): 1.62"
    assert "It combines the scores of 2 series (their mean)." in _text(section)
    assert [_text(h3) for h3 in section.css("h3")] == ["Safely managed drinking water", "Basic drinking water"]
    assert _facts(section, 0)["Progress status"] == "Target achieved"
    assert _facts(section, 1)["Progress status"] == "Limited progress"
    target_line = section.css("svg.sparkline")[1].css_first("line.spark-target")
    assert target_line is not None and target_line.attributes.get("stroke-dasharray")


def test_a_progress_column_is_named_as_the_values_assessed(site: Path) -> None:
    facts = _facts(_section(site, "en/8-1-1/index.html"))
    assert facts["Values assessed"] == "The Progress column (values prepared for this assessment)"
    assert facts["Base value"] == "98.5" and facts["Latest value"] == "101.5"


def test_french_pages_use_french_labels_and_number_formats(site: Path) -> None:
    section = _section(site, "fr/1-3-1/index.html")
    assert _text(section.css_first(".progress-now")) == "Sur la bonne voie Score (de −5 à 5): 2,82"
    facts = _facts(section)
    assert facts["Croissance annuelle observée"] == f"0,58{NBSP}%"
    assert facts["Cible"] == "Pas de cible chiffrée : comparaison avec des taux annuels fixes"
    assert facts["Coefficient de limite"] == "0,37"
    assert _text(section.css_first("details summary")) == "Comment cette évaluation a été faite"


def test_the_section_comes_before_the_page_content_and_data(site: Path) -> None:
    html = (site / "en/3-2-1/index.html").read_text(encoding="utf-8")
    assert html.index('class="indicator-banner"') < html.index('class="progress"') < html.index('id="data-heading"')


# --- goal, home and reporting status pages ------------------------------------------------------------

def test_the_goal_page_has_a_progress_column_and_target_roll_ups(site: Path) -> None:
    tree = _tree(site, "en/1/index.html")
    assert _text(tree.css_first(".progress-help")) == "How are we doing against the 2030 target?"
    rows = {_text(row.css_first(".number")): _text(row.css_first(".indicator-progress"))
            for row in tree.css(".indicator-row")}
    assert rows == {"1.1.1": "Progress status: Target achieved", "1.3.1": "Progress status: On track",
                    "1.5.3": "Progress status: Deterioration", "1.5.4": "Progress status: On track"}
    roll_ups = [_text(p) for p in tree.css(".progress-rollup")]
    assert roll_ups == [
        "Progress of this target: Target achieved: 1.",
        "Progress of this target: On track ; Mean score (−5 to 5): 2.82; On track: 1.",
        "Progress of this target: Progress made but acceleration needed ; Mean score (−5 to 5): 0.00; "
        "On track: 1; Deterioration: 1.",
    ]
    summary = _one(tree, "section.progress-summary")
    assert _text(summary.css_first("h2")) == "Progress status"
    assert _text(summary.css_first(".progress-now")) == \
        "Progress made but acceleration needed Mean score (−5 to 5): 0.94"
    counts = [_text(li) for li in summary.css(".progress-counts li")]
    assert counts == ["Target achieved : 1", "On track : 2", "Deterioration : 1"]


def test_a_goal_without_scores_has_counts_and_a_goal_without_statuses_has_no_column(site: Path) -> None:
    hunger = _tree(site, "en/2/index.html")
    assert _text(hunger.css_first(".indicator-progress")) == "Progress status: Not available"
    summary = _one(hunger, "section.progress-summary")
    assert summary.css_first(".progress-now") is None  # no score, so no mean status
    assert [_text(li) for li in summary.css(".progress-counts li")] == ["Not available : 1"]
    education = _tree(site, "en/4/index.html")
    assert education.css_first(".progress-help") is None and education.css_first(".progress-summary") is None


def test_the_home_page_summarises_progress_and_tiles_say_each_goals_status(site: Path) -> None:
    tree = _tree(site, "en/index.html")
    section = _one(tree, "section.progress-summary")
    assert _text(section.css_first("h2")) == "Progress towards the goals"
    assert "Indicators with a progress status: 9. With a calculated score: 6." in _text(section)
    assert [_text(li) for li in section.css(".progress-counts li")] == [
        "Target achieved : 1", "On track : 3", "Progress made but acceleration needed : 2", "Deterioration : 1",
        "Not available : 2"]
    tiles = {tile.attributes.get("href"): _text(tile.css_first(".goal-progress"))
             for tile in tree.css("a.goal-tile") if tile.css_first(".goal-progress") is not None}
    assert tiles == {"/en/1/": "Progress status: Progress made but acceleration needed",
                     "/en/3/": "Progress status: On track",
                     "/en/6/": "Progress status: Progress made but acceleration needed",
                     "/en/8/": "Progress status: Progress made but acceleration needed"}
    french = _tree(site, "fr/index.html").css_first("section.progress-summary h2")
    assert _text(french) == "Progrès vers les objectifs"


def test_the_reporting_status_page_has_progress_bars(site: Path) -> None:
    section = _one(_tree(site, "en/reporting-status/index.html"), "#progress-status")
    assert _text(section.css_first("h2")) == "Progress status"
    overall = _one(section, ".status-overall")
    assert _text(overall.css_first("h3")) == "Indicators: 9"
    assert _one(overall, ".status-bar").attributes.get("aria-label") == (
        "Target achieved 1, On track 3, Progress made but acceleration needed 2, Limited progress 0, "
        "Deterioration 1, Not available 2")
    goals = [_text(li.css_first("h3")) for li in section.css(".status-goals > li")]
    assert goals == ["Goal 1: No poverty", "Goal 2: Zero hunger", "Goal 3: Good health and well-being",
                     "Goal 6: Clean water and sanitation", "Goal 8: Decent work and economic growth"]


def test_every_page_is_well_structured_and_links_resolve(site: Path) -> None:
    built = Site(site)
    problems = [problem for page in built.pages.values()
                for problem in page_problems(page, page.name.split("/")[0] if page.name[:3] in ("en/", "fr/")
                                             else None)]
    problems += dead_links(built)
    problems += [f"{page.name}: {p}" for page in built.pages.values() for p in escaping_problems(page.tree)]
    assert not problems, "\n".join(problems[:40])


# --- progress_status settings: relabelled, custom and pictured statuses ---------------------------------

STATUS_TYPES = """
site:
  progress_status:
    status_heading: Are we there yet?
    status_types:
      - value: substantial_progress
        label: Good progress
      - value: challenges_remain
        label: Challenges remain
        image: assets/gauges/challenges.svg
        alt: A gauge pointing to challenges remain
"""


def test_status_types_relabel_and_add_statuses(tmp_path: Path) -> None:
    repo = shutil.copytree(PROGRESS, tmp_path / "repo")
    with (repo / "config_data.yml").open("a", encoding="utf-8") as config:
        config.write(STATUS_TYPES)
    meta = repo / "meta" / "1-1-1.md"
    meta.write_text(meta.read_text(encoding="utf-8").replace("target_achieved", "challenges_remain"), encoding="utf-8")
    (repo / "assets" / "gauges").mkdir(parents=True)
    (repo / "assets" / "gauges" / "challenges.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    out = built_site(repo, tmp_path / "_site")
    on_track = _section(out, "en/1-3-1/index.html")
    assert _text(on_track.css_first("h2")) == "Are we there yet?"
    assert _text(on_track.css_first(".progress-now")).startswith("Good progress")
    custom = _one(_section(out, "en/1-1-1/index.html"), ".progress-now")
    image = custom.css_first("img.progress-image")
    assert image is not None and image.attributes.get("src") == "/assets/gauges/challenges.svg"
    assert image.attributes.get("alt") == "A gauge pointing to challenges remain"
    assert _text(custom) == "Challenges remain"
    assert "Good progress" in _text(_one(_tree(out, "en/1/index.html"), "#target-1-3").parent)
    assert not dead_links(Site(out))


# --- the preview server ---------------------------------------------------------------------------------

def test_the_preview_refreshes_goal_and_home_pages_when_one_indicator_changes(tmp_path: Path) -> None:
    repo = shutil.copytree(PROGRESS, tmp_path / "repo")
    preview = Preview(repo)
    preview.build()
    before = preview.site.files["en/1/index.html"].decode()
    assert "1.5.3" in before and "Deterioration" in before
    data = repo / "data" / "indicator_1-5-3.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("2016,Percent,A,X,30", "2016,Percent,A,X,0.5"),
                    encoding="utf-8")
    result = preview.rebuild({"data/indicator_1-5-3.csv"})
    assert result.kind == "indicators" and result.indicators == ("1-5-3",)
    goal = preview.site.files["en/1/index.html"].decode()
    assert goal != before and "Deterioration" not in goal  # 1-5-3 reached its target
    fresh = Preview(repo)
    fresh.build()
    assert dict(preview.site.files) == dict(fresh.site.files)


# --- units: the sparkline, percentages, statuses ----------------------------------------------------------

def _coordinates(svg: str, element: str) -> list[tuple[float, float]]:
    if element == "polyline":
        found = re.search(r'<polyline[^>]* points="([^"]+)"', svg)
        assert found is not None
        return [(float(x), float(y)) for x, y in (pair.split(",") for pair in found.group(1).split())]
    return [(float(x), float(y)) for x, y in re.findall(rf'<circle class="{element}" cx="([\d.]+)" cy="([\d.]+)"', svg)]


def test_a_sparkline_marks_base_and_latest_and_draws_the_target_dashed() -> None:
    svg = sparkline([(2014, 5.0), (2015, 4.8), (2019, 4.2)], "Trend: total", "base 4.8 in 2015", base_year=2015,
                    target=3.0)
    assert svg.startswith('<svg class="sparkline" role="img" aria-label="Trend: total" viewBox="0 0 120 32"')
    assert "<desc>base 4.8 in 2015</desc>" in svg
    line = _coordinates(svg, "polyline")
    assert line[0] == (4, 4) and line[-1][0] == 116  # the first value is the highest
    assert all(4 <= x <= 116 and 4 <= y <= 28 for x, y in line)
    assert _coordinates(svg, "spark-base") == [line[1]]
    assert _coordinates(svg, "spark-latest") == [line[-1]]
    target = re.search(r'<line class="spark-target" x1="4" x2="116" y1="([\d.]+)" y2="\1"[^>]*stroke-dasharray', svg)
    assert target is not None and float(target.group(1)) == 28  # the target is the lowest value


def test_a_sparkline_without_target_or_base_draws_only_the_line_and_the_latest_point() -> None:
    svg = sparkline([(2016, 2.0), (2015, 1.0)], "Trend")
    assert "spark-target" not in svg and "spark-base" not in svg and "<desc>" not in svg
    assert _coordinates(svg, "polyline") == [(4, 28), (116, 4)]  # sorted by year
    assert _coordinates(svg, "spark-latest") == [(116, 4)]


def test_a_sparkline_of_one_point_or_a_flat_line_stays_in_the_middle() -> None:
    assert sparkline([], "Trend") == ""
    single = sparkline([(2020, 7.0)], "Trend", base_year=2020)
    assert "<polyline" not in single and _coordinates(single, "spark-latest") == [(60, 16)]
    assert "spark-base" not in single  # the base is the latest point: marked once
    flat = sparkline([(2015, 3.0), (2020, 3.0)], "Trend")
    assert _coordinates(flat, "polyline") == [(4, 16), (116, 16)]


def test_a_sparkline_escapes_its_texts() -> None:
    svg = sparkline([(2015, 1.0), (2016, 2.0)], 'Trend: "A" & <B>', "x < y")
    assert 'aria-label="Trend: &quot;A&quot; &amp; &lt;B&gt;"' in svg and "<desc>x &lt; y</desc>" in svg


@pytest.mark.parametrize(("locale", "separator", "value", "expected"), [
    ("en", None, 0.005840, "0.58%"),
    ("fr", None, -0.142304, f"-14,23{NBSP}%"),
    ("es", None, 0.2, f"20,00{NBSP}%"),
    ("en", ",", 0.5, "50,00%"),
])
def test_percentages_follow_the_locale(locale: str, separator: str | None, value: float, expected: str) -> None:
    assert Formats(locale, separator).percent(value) == expected
    assert Formats(locale).percent(None) == ""


def test_status_labels_come_from_translations_and_status_types() -> None:
    catalog = Catalog()
    catalog.add("en", "status", {"substantial_progress": "On track", "progress_not_available": "Not available"})
    site = SiteOptions.model_validate({"progress_status": {"status_types": [
        {"value": "substantial_progress", "label": "Good pace"},
        {"value": "approaching_target", "label": "Nearly there", "image": "assets/near.png", "alt": "Gauge"}]}})
    words = Wording(UiText(catalog, "en"), Formats("en"), site, url=lambda path: "/sdg/" + path)
    assert words.status("not_available").label == "Not available"
    assert words.status("substantial_progress").label == "Good pace"
    near = words.status("approaching_target")
    assert (near.label, near.image, near.alt) == ("Nearly there", "/sdg/assets/near.png", "Gauge")
    assert words.status("my status!").css == "my-status-"


def test_every_status_icon_has_its_own_shape_and_is_hidden_from_screen_readers() -> None:
    icons = {status: str(status_icon(status)) for status in
             ("target_achieved", "substantial_progress", "moderate_progress", "limited_progress", "deterioration",
              "not_available", "custom")}
    shapes = {re.sub(r'class="[^"]*"', "", icon) for icon in icons.values()}
    assert len(shapes) == len(icons)
    assert all('aria-hidden="true"' in icon and 'focusable="false"' in icon for icon in icons.values())
