"""SDG metadata reports in: SDMX-ML generic metadata (SDG_MSD) becomes indicator metadata in every language,
matched to indicators by ``SERIES``, and repositories with such an input check and build."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sdgkit.build import build
from sdgkit.check import check
from sdgkit.config.models import InputSpec, SiteConfig
from sdgkit.config.remote import is_skipped_remote
from sdgkit.formats.metadata import MetaFragment
from sdgkit.sdmx.meta_input import read_metadata_message, report_fragments
from sdgkit.sdmx.metadata import MetadataSet, write_generic_metadata
from sdgkit.sdmx.structure import global_dsd
from sdgkit.sdmx.writer import Header
from sdgkit.server.changes import plan_rebuild
from sdgkit.validate.issues import Issue, Severity
from tests.broken import CONFIG, META, build_base, edit, sdmx_message, write

FIXTURE = Path(__file__).parent / "fixtures" / "sdmx" / "metadata-un-api.xml"
HEADER = Header(prepared=datetime(2024, 1, 1, tzinfo=UTC), sender="TEST")
EN_FR = SiteConfig(languages=["en", "fr"])
SERIES_MAP = {code: tuple(ids) for code, ids in global_dsd().indicator_of_series().items()}
DIFFICULT = ("Men's \"share\" < 5 & rising", "<p>Ligne 1<br/>l'<em>OIT</em> &amp; co</p>",
             "تقدير أولي — 初步估计", "Ünïcödé\nsecond line")


def message(*sets: MetadataSet) -> bytes:
    return write_generic_metadata(sets, HEADER)


def report_set(series: str, concepts: dict[str, dict[str, str]], indicator: str = "1-1-1") -> MetadataSet:
    """A report as the SDMX output writes it: concept → language → text."""
    return MetadataSet(indicator, series, "N", "826",
                       tuple((concept, tuple(texts.items())) for concept, texts in concepts.items()))


def fragments_of(raw: bytes, config: SiteConfig = EN_FR, suffix: str | None = None,
                 series_map: dict[str, tuple[str, ...]] = SERIES_MAP) -> tuple[list[MetaFragment], list[Issue]]:
    reports, issues = read_metadata_message(raw, "meta.xml")
    found: list[MetaFragment] = []
    for report in reports:
        more, report_issues = report_fragments(report, "meta.xml", series_map, config, suffix)
        found += more
        issues += report_issues
    return found, issues


def by_language(fragments: list[MetaFragment], indicator: str = "1-1-1") -> dict[str | None, dict[str, object]]:
    merged: dict[str | None, dict[str, object]] = {}
    for fragment in fragments:
        if fragment.indicator == indicator:
            merged.setdefault(fragment.language, {}).update(fragment.fields)
    return merged


# --- reading -----------------------------------------------------------------------------------

def test_the_un_api_shape_is_read_per_series_and_language() -> None:
    fragments, issues = fragments_of(FIXTURE.read_bytes())
    assert issues == []
    poverty = by_language(fragments)
    assert poverty[None]["SDG_GOAL"] == "<p>Goal 1: End poverty in all its forms everywhere</p>"
    assert poverty[None]["SDG_CUSTODIAN_AGENCIES"] == "World Bank & ILO's statisticians"
    assert poverty[None]["COMPARABILITY"] == "Comparable across countries — 跨国可比"
    assert str(poverty[None]["STAT_CONC_DEF"]).startswith("<p><strong>Definition:</strong>")
    assert "&amp; more.</p>\n<ul><li>" in str(poverty[None]["STAT_CONC_DEF"])  # CDATA kept as written
    assert poverty["fr"]["SDG_CUSTODIAN_AGENCIES"] == "Banque mondiale & l'OIT"
    assert "COMPARABILITY" not in poverty["fr"]  # no French text: the site falls back to English
    assert set(poverty) == {None, "fr"}  # Arabic is not a language of this site
    assert by_language(fragments, "2-2-1")["fr"] == {"SDG_CUSTODIAN_AGENCIES": "UNICEF, OMS, Banque mondiale"}


def test_lines_point_at_the_reported_attribute() -> None:
    fragments, _ = fragments_of(FIXTURE.read_bytes())
    english = next(f for f in fragments if f.indicator == "1-1-1" and f.language is None)
    text = FIXTURE.read_text(encoding="utf-8").splitlines()
    assert 'id="SDG_GOAL"' in text[english.key_lines["SDG_GOAL"] - 1]
    assert english.path == "meta.xml"


def test_the_written_reports_read_back_as_the_same_fields_in_every_language() -> None:
    """Metadata fields → the SDMX output's metadata report → read back."""
    concepts = {"SDG_INDICATOR": {"en": "1.1.1 Poverty", "fr": "1.1.1 Pauvreté", "ar": "الفقر"},
                "STAT_CONC_DEF": {"en": DIFFICULT[0], "fr": DIFFICULT[1]},
                "DATA_SOURCE": {"en": DIFFICULT[2], "ar": DIFFICULT[3]}}
    fragments, issues = fragments_of(message(report_set("SI_POV_DAY1", concepts)),
                                     SiteConfig(languages=["en", "fr", "ar"]))
    assert issues == []
    merged = by_language(fragments)
    for language, key in (("en", None), ("fr", "fr"), ("ar", "ar")):
        assert merged[key] == {concept: texts[language] for concept, texts in concepts.items() if language in texts}


@settings(max_examples=40, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(str.strip))
def test_any_text_survives_the_round_trip(text: str) -> None:
    fragments, _ = fragments_of(message(report_set("SI_POV_DAY1", {"REC_USE_LIM": {"en": text, "fr": text}})))
    assert by_language(fragments)[None]["REC_USE_LIM"] == text.strip()
    assert by_language(fragments)["fr"]["REC_USE_LIM"] == text.strip()


# --- matching, suffix, languages ------------------------------------------------------------------

def test_reports_are_matched_by_series_through_the_dsd_or_the_map() -> None:
    raw = message(report_set("SI_POV_DAY1", {"COVERAGE": {"en": "all"}}),
                  report_set("XX_NATIONAL", {"COVERAGE": {"en": "national"}}))
    fragments, issues = fragments_of(raw)
    assert [(f.indicator, f.fields) for f in fragments] == [("1-1-1", {"COVERAGE": "all"})]
    assert [(i.code, i.severity, i.value) for i in issues] == [("sdmx-unknown-series", Severity.WARNING,
                                                                "XX_NATIONAL")]
    assert "1 metadata concept(s)" in issues[0].message
    mapped, issues = fragments_of(raw, series_map={**SERIES_MAP, "XX_NATIONAL": ("5-1-1", "1-2-1")})
    assert issues == [] and [f.indicator for f in mapped] == ["1-1-1", "5-1-1", "1-2-1"]


def test_meta_suffix_is_added_to_every_field_in_every_language() -> None:
    fragments, _ = fragments_of(FIXTURE.read_bytes(), suffix="__GLOBAL")
    merged = by_language(fragments)
    assert set(merged[None]) == {"SDG_GOAL__GLOBAL", "SDG_CUSTODIAN_AGENCIES__GLOBAL", "STAT_CONC_DEF__GLOBAL",
                                 "COMPARABILITY__GLOBAL"}
    assert "SDG_GOAL__GLOBAL" in merged["fr"]
    english = next(f for f in fragments if f.language is None)
    assert set(english.key_lines) == set(english.fields)


def test_the_default_language_is_the_fields_and_regional_variants_match() -> None:
    raw = message(report_set("SI_POV_DAY1", {"COVERAGE": {"en": "all", "fr-CA": "tout", "es": "todo"}}))
    merged = by_language(fragments_of(raw, SiteConfig(languages=["fr", "en"]))[0])
    assert merged == {None: {"COVERAGE": "tout"}, "en": {"COVERAGE": "all"}}


def test_a_structured_text_and_a_value_are_read_too() -> None:
    raw = FIXTURE.read_text(encoding="utf-8").replace(
        '<common:Text xml:lang="en">UNICEF, WHO, World Bank</common:Text>',
        '<common:StructuredText xml:lang="en"><p xmlns="http://www.w3.org/1999/xhtml">UNICEF <b>&amp;</b> WHO</p>'
        '</common:StructuredText>').replace(
        '<genericmetadata:ReportedAttribute id="COMPARABILITY">',
        '<genericmetadata:ReportedAttribute id="META_LAST_UPDATE" value="2024-03-28"/>'
        '<genericmetadata:ReportedAttribute id="COMPARABILITY">')
    fragments, issues = fragments_of(raw.encode("utf-8"))
    assert issues == []
    assert by_language(fragments, "2-2-1")[None] == {"SDG_CUSTODIAN_AGENCIES": "<p>UNICEF <b>&amp;</b> WHO</p>"}
    assert by_language(fragments)[None]["META_LAST_UPDATE"] == "2024-03-28"


# --- errors are issues ------------------------------------------------------------------------------

def test_what_is_not_generic_metadata_is_sdmx_read_failed() -> None:
    data = sdmx_message([({"SERIES": "SI_POV_DAY1"}, {}, [("2020", "1")])])
    for raw, reason in ((b"", "empty"), (b"<a><b></a>", "well-formed"), (data.encode("utf-8"), "GenericData"),
                        (b'<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>', "DOCTYPE"), (b"\xff\xfe<x/>", "")):
        reports, issues = read_metadata_message(raw, "bad.xml")
        assert reports == [] and [i.code for i in issues] == ["sdmx-read-failed"], raw
        assert issues[0].severity is Severity.ERROR and reason in issues[0].message


# --- a repository -----------------------------------------------------------------------------------

META_INPUT = "  - class: InputSdmxMeta\n    source: sdmx-meta/global.xml\n    meta_suffix: __GLOBAL\n    git: false\n"


def metadata_repository(tmp_path: Path, raw: bytes, spec: str = META_INPUT) -> Path:
    """The clean base (CSV data and Markdown metadata, English and French) plus an ``InputSdmxMeta`` input."""
    repo = build_base(tmp_path)
    edit(repo, CONFIG, "languages: [en]", "languages: [en, fr]")
    edit(repo, CONFIG, "translations:\n", f"{spec}translations:\n")
    write(repo, "sdmx-meta/global.xml", raw)
    return repo


def serious(repo: Path) -> list[Issue]:
    return [i for i in check(repo).report if i.severity is not Severity.INFO]


def test_a_repository_with_csv_data_and_sdmx_metadata_checks_and_builds(tmp_path: Path) -> None:
    repo = metadata_repository(tmp_path, FIXTURE.read_bytes())
    result = check(repo)
    # 2-2-1 has only the global metadata: like any indicator without national metadata, it is reported
    assert [(i.code, i.indicator) for i in result.report if i.severity is not Severity.INFO] == [
        ("metadata-missing-field", "2-2-1")]
    write(repo, "meta/2-2-1.md", "---\nreporting_status: notstarted\n---\n")
    result = check(repo)
    assert [i for i in result.report if i.severity is not Severity.INFO] == []
    assert "config-input-unsupported" not in {i.code for i in result.report}
    out = tmp_path / "out"
    assert build(repo, out, site=False).written
    english = json.loads((out / "en" / "meta" / "1-1-1.json").read_text(encoding="utf-8"))
    french = json.loads((out / "fr" / "meta" / "1-1-1.json").read_text(encoding="utf-8"))
    assert english["SDG_CUSTODIAN_AGENCIES__GLOBAL"] == "World Bank & ILO's statisticians"
    assert english["graph_title"] == "Proportion of the population below the poverty line"  # the national file
    assert french["SDG_CUSTODIAN_AGENCIES__GLOBAL"] == "Banque mondiale & l'OIT"
    assert french["STAT_CONC_DEF__GLOBAL"].startswith("<p><strong>Définition :</strong>")
    assert french["COMPARABILITY__GLOBAL"] == "Comparable across countries — 跨国可比"  # English where no French


def test_path_pattern_and_indicator_id_map(tmp_path: Path) -> None:
    spec = ("  - class: InputSdmxMeta\n    path_pattern: sdmx-meta/*.xml\n    git: false\n"
            "    indicator_id_map:\n      XX_NATIONAL: 1.1.1\n")
    raw = message(report_set("XX_NATIONAL", {"COVERAGE": {"en": "national", "fr": "nationale"}}))
    repo = metadata_repository(tmp_path, raw, spec)
    assert serious(repo) == []
    build(repo, tmp_path / "out", site=False)
    french = json.loads((tmp_path / "out" / "fr" / "meta" / "1-1-1.json").read_text(encoding="utf-8"))
    assert french["COVERAGE"] == "nationale"


def test_a_repository_reports_bad_files_and_unknown_series(tmp_path: Path) -> None:
    repo = metadata_repository(tmp_path, b"<not-metadata/>",
                               META_INPUT.replace("source: sdmx-meta/global.xml", "source: sdmx-meta"))
    write(repo, "sdmx-meta/national.xml", message(report_set("XX_NATIONAL", {"COVERAGE": {"en": "x"}})))
    found = {(i.code, i.file, i.severity) for i in serious(repo)}
    assert found == {("sdmx-read-failed", "sdmx-meta/global.xml", Severity.ERROR),
                     ("sdmx-unknown-series", "sdmx-meta/national.xml", Severity.WARNING)}


def test_only_local_files_are_read(tmp_path: Path) -> None:
    assert is_skipped_remote(InputSpec(format="sdmx-meta"))
    assert is_skipped_remote(InputSpec(format="sdmx-meta", source="https://unstats.un.org/SDGMetadataAPI/x"))
    assert not is_skipped_remote(InputSpec(format="sdmx-meta", source="sdmx-meta/global.xml"))
    assert not is_skipped_remote(InputSpec(format="sdmx-meta", path_pattern="sdmx-meta/*.xml"))
    repo = metadata_repository(tmp_path, FIXTURE.read_bytes(), "  - class: InputSdmxMeta\n    git: false\n")
    assert {i.code for i in serious(repo)} == {"config-remote-source"}
    missing = metadata_repository(tmp_path / "two", FIXTURE.read_bytes(),
                                  META_INPUT.replace("global.xml", "missing.xml"))
    assert {i.code for i in serious(missing)} == {"config-file-missing"}


def test_a_changed_file_rebuilds_everything_with_sdmx_metadata(tmp_path: Path) -> None:
    repo = metadata_repository(tmp_path, FIXTURE.read_bytes())
    project = check(repo).project
    assert project is not None
    assert plan_rebuild([META], project.config, {"1-1-1"}).full
