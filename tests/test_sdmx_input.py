"""SDMX data in: messages become Open SDG tables, repositories with SDMX inputs check and build,
and ``sdgkit convert`` writes a repository that checks clean."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdgkit.build import build
from sdgkit.check import check
from sdgkit.cli import main
from sdgkit.config.models import SiteConfig
from sdgkit.formats.csv_data import CsvTable
from sdgkit.sdmx.convert import sdmx_to_csv
from sdgkit.sdmx.inputs import codelist_translations
from sdgkit.sdmx.reader import ReadOptions, global_structure, load_structure, read_message
from sdgkit.sdmx.structure import global_dsd
from sdgkit.server.changes import plan_rebuild
from sdgkit.validate.issues import Issue, Severity
from tests.broken import CONFIG, DATA, META, add_sdmx_input, build_base, edit, sdmx_message, write
from tests.conftest import shared_fixture

FIXTURES = Path(__file__).parent / "fixtures" / "sdmx"
CODES = ReadOptions(import_codes=True)
EVERYTHING = ReadOptions(import_codes=True, drop_singleton_dimensions=False)
#: 1-1-1 of both samples: the total, then men, then women, 2020 and 2021 each
SAMPLE_ROWS = [["2020", "", "100"], ["2021", "", "120"], ["2020", "M", "50"], ["2021", "M", "60"],
               ["2020", "F", "70"], ["2021", "F", "80"]]
ALL_COLUMNS = ["Year", "FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "UNIT_MEASURE", "OBS_STATUS",
               "UNIT_MULT", "NATURE", "Value"]


def samples() -> Path:
    return shared_fixture("sdmx") / "samples"


def read(path: Path, options: ReadOptions = CODES) -> tuple[dict[str, CsvTable], list[Issue]]:
    return read_message(path.read_bytes(), path.name, global_structure(), options)


def read_text(message: str | bytes, options: ReadOptions = CODES) -> tuple[dict[str, CsvTable], list[Issue]]:
    raw = message.encode("utf-8") if isinstance(message, str) else message
    return read_message(raw, "message.xml", global_structure(), options)


def rows(table: CsvTable) -> list[list[str]]:
    """The table as the CSV file would hold it: text, blank for missing."""
    return [["" if cell != cell or cell is None else str(cell) for cell in row]
            for row in table.frame.itertuples(index=False, name=None)]


def codes(issues: list[Issue]) -> list[str]:
    return [issue.code for issue in issues]


# --- the samples --------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", ["structure/1-1-1--structure.xml",
                                    "structure-specific/1-1-1--structure-specific.xml",
                                    "multiple/1-1-1--structure.xml"])
def test_1_1_1_reads_into_the_open_sdg_table(sample: str) -> None:
    tables, issues = read(samples() / sample)
    assert issues == [] and list(tables) == ["1-1-1"]
    table = tables["1-1-1"]
    assert table.header == ["Year", "SEX", "Value"]  # every other column holds one value throughout
    assert rows(table) == SAMPLE_ROWS


def test_generic_and_structure_specific_give_the_same_table() -> None:
    generic, _ = read(samples() / "structure/1-1-1--structure.xml", EVERYTHING)
    specific, _ = read(samples() / "structure-specific/1-1-1--structure-specific.xml", EVERYTHING)
    assert generic["1-1-1"].header == specific["1-1-1"].header == ALL_COLUMNS
    assert rows(generic["1-1-1"]) == rows(specific["1-1-1"])
    assert rows(generic["1-1-1"])[2] == ["2020", "A", "N", "SI_POV_DAY1", "826", "M", "PT", "A", "0", "_X", "50"]


def test_the_series_code_names_the_indicator() -> None:
    tables, issues = read(samples() / "multiple/1-2-1--structure-specific.xml", EVERYTHING)
    assert issues == [] and list(tables) == ["1-2-1"]
    assert {row[3] for row in rows(tables["1-2-1"])} == {"SI_POV_NAHC"}


def test_lines_point_at_the_observations_in_the_xml() -> None:
    path = samples() / "structure/1-1-1--structure.xml"
    text_lines = path.read_text(encoding="utf-8").splitlines()
    table = read(path)[0]["1-1-1"]
    assert table.path == path.name
    assert len(table.lines) == 6
    assert all("<generic:Obs>" in text_lines[line - 1] for line in table.lines)


def test_totals_become_blank_so_the_headline_works() -> None:
    table = read(samples() / "structure/1-1-1--structure.xml", EVERYTHING)[0]["1-1-1"]
    sex = table.frame["SEX"]
    assert sex.isna().sum() == 2 and "_T" not in set(sex.dropna())


def test_names_instead_of_codes() -> None:
    table = read(samples() / "structure/1-1-1--structure.xml", ReadOptions())[0]["1-1-1"]
    assert table.header == ["Year", "Sex", "Value"]
    assert [row[1] for row in rows(table)] == ["", "", "Male", "Male", "Female", "Female"]


# --- options ------------------------------------------------------------------------------------

def test_attributes_are_kept_as_columns() -> None:
    message = sdmx_message([
        ({"SERIES": "SI_POV_DAY1"}, {"UNIT_MEASURE": "PT", "COMMENT_TS": "Survey"}, [("2020", "1"), ("2021", "2")]),
        ({"SERIES": "SI_POV_DAY1", "SEX": "F"}, {"UNIT_MEASURE": "PT"}, [("2020", "3")]),
    ])
    table = read_text(message)[0]["1-1-1"]
    assert table.header == ["Year", "SEX", "COMMENT_TS", "Value"]
    assert rows(table) == [["2020", "", "Survey", "1"], ["2021", "", "Survey", "2"], ["2020", "F", "", "3"]]
    without = read_text(message, ReadOptions(import_codes=True, import_series_attributes=False))[0]["1-1-1"]
    assert without.header == ["Year", "SEX", "Value"]


def test_observation_attributes_and_json_attributes() -> None:
    tables, issues = read(FIXTURES / "1-1-1.json")
    assert issues == []
    table = tables["1-1-1"]
    assert table.header == ["Year", "SEX", "COMMENT_TS", "OBS_STATUS", "COMMENT_OBS", "Value"]
    assert rows(table)[1] == ["2021", "", "", "A", "تقدير أولي — 初步估计", "120"]
    assert rows(table)[3] == ["2021", "M", 'Men\'s figures: < 1% & "rounded"', "E", "", "60.5"]
    dropped = read(FIXTURES / "1-1-1.json", ReadOptions(import_codes=True, import_observation_attributes=False))
    assert dropped[0]["1-1-1"].header == ["Year", "SEX", "COMMENT_TS", "Value"]


def test_json_and_xml_give_the_same_figures() -> None:
    from_json = read(FIXTURES / "1-1-1.json", ReadOptions(import_codes=True, drop_dimensions=frozenset(
        {"COMMENT_TS", "OBS_STATUS", "COMMENT_OBS"})))[0]["1-1-1"]
    from_xml = read(samples() / "structure/1-1-1--structure.xml")[0]["1-1-1"]
    assert from_json.header == from_xml.header
    assert rows(from_json)[:3] == rows(from_xml)[:3]


def test_drop_dimensions_and_singletons() -> None:
    path = samples() / "structure/1-1-1--structure.xml"
    options = ReadOptions(import_codes=True, drop_singleton_dimensions=False,
                          drop_dimensions=frozenset({"FREQ", "REPORTING_TYPE", "NATURE"}))
    assert read(path, options)[0]["1-1-1"].header == ["Year", "SERIES", "REF_AREA", "SEX", "UNIT_MEASURE",
                                                       "OBS_STATUS", "UNIT_MULT", "Value"]


def test_indicator_id_map_wins_and_may_name_several_indicators() -> None:
    message = sdmx_message([({"SERIES": "XX_NATIONAL"}, {}, [("2020", "1")]),
                            ({"SERIES": "SI_POV_DAY1"}, {}, [("2020", "2")])])
    options = ReadOptions(import_codes=True, indicator_id_map={"XX_NATIONAL": ("1-1-1", "national-1"),
                                                              "SI_POV_DAY1": ("1-2-1",)})
    tables, issues = read_text(message, options)
    assert issues == [] and sorted(tables) == ["1-1-1", "1-2-1", "national-1"]
    assert rows(tables["1-1-1"]) == [["2020", "1"]] and rows(tables["1-2-1"]) == [["2020", "2"]]


def test_unknown_series_are_skipped_and_reported() -> None:
    message = sdmx_message([({"SERIES": "XX_NATIONAL"}, {}, [("2020", "1"), ("2021", "2")]),
                            ({"SERIES": "SI_POV_DAY1"}, {}, [("2020", "2")])])
    tables, issues = read_text(message)
    assert list(tables) == ["1-1-1"]
    [issue] = issues
    assert issue.code == "sdmx-unknown-series" and issue.severity is Severity.WARNING
    assert issue.value == "XX_NATIONAL" and "2 observation(s)" in issue.message and issue.line


# --- problems -------------------------------------------------------------------------------------

def test_conflicting_series_are_reported_with_both_lines() -> None:
    key = {"SERIES": "SI_POV_DAY1"}
    message = sdmx_message([(key, {"UNIT_MEASURE": "PT"}, [("2020", "1")]),
                            (key, {"UNIT_MEASURE": "NUMBER"}, [("2021", "2")]),
                            (key, {"UNIT_MEASURE": "PT"}, [("2022", "3")])])
    tables, issues = read_text(message)
    [issue] = issues  # the third repeats the first exactly: no conflict
    lines = message.splitlines()
    assert issue.code == "sdmx-conflicting-series"
    starts = [number for number, line in enumerate(lines, start=1) if line == "<generic:Series>"]
    assert issue.line == starts[1] and f"first on line {starts[0]}" in issue.message
    assert "UNIT_MEASURE is NUMBER here, PT there" in issue.message
    assert rows(tables["1-1-1"]) == [["2020", "PT", "1"], ["2021", "NUMBER", "2"], ["2022", "PT", "3"]]


def test_conflicting_series_in_a_structure_specific_message() -> None:
    text = (samples() / "structure-specific/1-1-1--structure-specific.xml").read_text(encoding="utf-8")
    second = 'SEX="M" AGE="_T" URBANISATION="_T" INCOME_WEALTH_QUANTILE="_T" EDUCATION_LEV="_T" ' \
             'OCCUPATION="_T" CUST_BREAKDOWN="_T" COMPOSITE_BREAKDOWN="_T" DISABILITY_STATUS="_T" ' \
             'ACTIVITY="_T" PRODUCT="_T" UNIT_MEASURE="PT"'
    assert second in text
    changed = text.replace(second, second.replace('SEX="M"', 'SEX="_T"').replace('"PT"', '"NUMBER"'))
    tables, issues = read_text(changed)
    assert codes(issues) == ["sdmx-conflicting-series"] and issues[0].line == 24
    assert len(tables["1-1-1"].frame) == 6


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty"),
    (b"Year,Value\n2020,1\n", "not well-formed XML"),
    (b"<html><body/></html>", "root element is `html`"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "DOCTYPE"),
    (b'{"data": []}', "not an SDMX-JSON"),
    (b'{"data": ', "not valid JSON"),
])
def test_unreadable_files_are_errors_not_crashes(content: bytes, reason: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    tables, issues = read_text(content)
    assert tables == {} and codes(issues) == ["sdmx-read-failed"]
    assert reason in issues[0].message and issues[0].severity is Severity.ERROR
    assert capsys.readouterr() == ("", "")


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: f"<a>{t}</a>".encode()),
                 st.text(max_size=200).map(lambda t: ('{"structure": {}, "dataSets": [' + t + "]}").encode())))
def test_any_bytes_give_issues_never_exceptions(content: bytes) -> None:
    tables, issues = read_text(content)
    assert all(issue.code.startswith("sdmx-") for issue in issues)
    assert tables or issues


def test_a_structure_message_is_not_data() -> None:
    [issue] = read_text((shared_fixture("sdmx") / "SDG_DSD.xml").read_bytes())[1]
    assert "`Structure` message, not a data message" in issue.message


def test_a_message_that_does_not_fit_the_dsd_is_reported_quietly(capsys: pytest.CaptureFixture[str]) -> None:
    text = (samples() / "structure-specific/1-1-1--structure-specific.xml").read_text(encoding="utf-8")
    [issue] = read_text(text.replace(' PRODUCT="_T"', ' NATIONAL_BREAKDOWN="X"'))[1]
    assert issue.code == "sdmx-read-failed" and "NATIONAL_BREAKDOWN" in issue.message
    assert capsys.readouterr().out == ""  # sdmx1 prints a dump on such errors; none may reach the user


# --- text survives ---------------------------------------------------------------------------------

DIFFICULT = ["Men's \"share\" < 5 & rising", "Российская Федерация", "المملكة العربية", "中国 数据", "café > thé"]


def test_difficult_text_survives_reading() -> None:
    series = [({"SERIES": "SI_POV_DAY1", "SEX": sex}, {"COMMENT_TS": text}, [("2020", str(n))])
              for n, (sex, text) in enumerate(zip(["_T", "F", "M", "_T", "F"], DIFFICULT, strict=True))]
    series[3][0]["AGE"] = series[4][0]["AGE"] = "Y0T4"
    table = read_text(sdmx_message(series))[0]["1-1-1"]
    assert [row[table.header.index("COMMENT_TS")] for row in rows(table)] == DIFFICULT


# --- repositories with SDMX inputs ----------------------------------------------------------------

def sdmx_repository(tmp_path: Path, message: str | bytes, options: str = "    import_codes: true\n") -> Path:
    """The clean base repository with its 1-1-1 data given as SDMX instead of CSV."""
    repo = build_base(tmp_path)
    (repo / DATA).unlink()
    add_sdmx_input(repo, message, options)
    return repo


def serious(repo: Path) -> list[Issue]:
    return [i for i in check(repo).report if i.severity is not Severity.INFO]


def test_a_repository_with_sdmx_inputs_checks_and_builds(tmp_path: Path) -> None:
    repo = sdmx_repository(tmp_path, (samples() / "structure/1-1-1--structure.xml").read_bytes())
    assert serious(repo) == []
    result = build(repo, tmp_path / "out", site=False)
    assert result.written
    data = (tmp_path / "out" / "en" / "data" / "1-1-1.csv").read_text(encoding="utf-8")
    assert data == "Year,SEX,Value\n2020,,100\n2021,,120\n2020,M,50\n2021,M,60\n2020,F,70\n2021,F,80\n"
    headline = (tmp_path / "out" / "en" / "headline" / "1-1-1.csv").read_text(encoding="utf-8")
    assert headline == "Year,Value\n2020,100\n2021,120\n"


def test_sdmx_translations_show_codes_as_names(tmp_path: Path) -> None:
    repo = sdmx_repository(tmp_path, (samples() / "structure/1-1-1--structure.xml").read_bytes())
    edit(repo, CONFIG, "translations:\n", "translations:\n  - class: TranslationInputSdmx\n")
    assert serious(repo) == []
    build(repo, tmp_path / "out", site=False)
    data = (tmp_path / "out" / "en" / "data" / "1-1-1.csv").read_text(encoding="utf-8")
    assert data.splitlines()[:4] == ["Year,Sex,Value", "2020,,100", "2021,,120", "2020,Male,50"]


def test_difficult_text_survives_the_build(tmp_path: Path) -> None:
    series = [({"SERIES": "SI_POV_DAY1", "AGE": f"Y{n}"}, {}, [("2020", str(n))]) for n in range(5)]
    for (_, attributes, _), text in zip(series, DIFFICULT, strict=True):
        attributes["COMMENT_TS"] = text
    repo = sdmx_repository(tmp_path, sdmx_message(series))
    edit(repo, CONFIG, "translations:\n", "indicator_options:\n  non_disaggregation_columns: [COMMENT_TS]\n"
                                          "translations:\n")
    assert [i for i in serious(repo) if i.severity is Severity.ERROR] == []
    build(repo, tmp_path / "out", site=False)
    data = (tmp_path / "out" / "en" / "data" / "1-1-1.csv").read_text(encoding="utf-8")
    assert 'Y0,"Men\'s ""share"" < 5 & rising",0' in data
    for text in DIFFICULT[1:]:
        assert text in data


def test_options_of_open_sdg_are_known_settings(tmp_path: Path) -> None:
    options = ("    import_codes: true\n    drop_singleton_dimensions: false\n    drop_dimensions: [FREQ]\n"
               "    import_series_attributes: true\n    import_observation_attributes: false\n"
               "    indicator_id_map:\n      XX_NATIONAL: [1.1.1]\n")
    message = sdmx_message([({"SERIES": "XX_NATIONAL"}, {"UNIT_MEASURE": "PT"}, [("2020", "1")])])
    repo = sdmx_repository(tmp_path, message, options)
    edit(repo, CONFIG, "translations:\n", "indicator_options:\n  non_disaggregation_columns: "
                                          "[REPORTING_TYPE, SERIES, REF_AREA, UNIT_MEASURE]\ntranslations:\n")
    assert serious(repo) == []
    project = check(repo).project
    assert project is not None
    table = project.indicators["1-1-1"].data
    assert table is not None and table.file == "sdmx/data.xml"
    assert list(table.frame.columns) == ["Year", "REPORTING_TYPE", "SERIES", "REF_AREA", "UNIT_MEASURE", "Value"]


def test_a_source_file_and_a_national_dsd(tmp_path: Path) -> None:
    repo = build_base(tmp_path)
    (repo / DATA).unlink()
    shutil.copy(samples() / "structure-specific/1-1-1--structure-specific.xml", repo / "1-1-1.xml")
    shutil.copy(shared_fixture("sdmx") / "SDG_DSD.xml", repo / "dsd.xml")
    edit(repo, CONFIG, "translations:\n", "  - class: InputSdmxMl_StructureSpecific\n    source: 1-1-1.xml\n"
                                          "    dsd: dsd.xml\n    import_codes: true\n    git: false\n"
                                          "translations:\n  - class: TranslationInputSdmx\n    source: dsd.xml\n")
    assert serious(repo) == []


def test_missing_files_and_remote_sources(tmp_path: Path) -> None:
    repo = build_base(tmp_path)
    edit(repo, CONFIG, "translations:\n",
         "  - class: InputSdmxMl_Structure\n    source: missing.xml\n    dsd: no-dsd.xml\n    git: false\n"
         "  - class: InputSdmxJson\n    source: https://example.org/sdmx.json\n"
         "  - class: InputSdmxMl_Multiple\n    path_pattern: sdmx/*.xml\n"
         "    dsd: https://registry.sdmx.org/ws/public/sdmxapi/rest/datastructure/IAEG-SDGs/SDG/latest\n"
         "translations:\n")
    found = [(i.code, i.value or i.message) for i in check(repo).report if i.severity is not Severity.INFO]
    assert ("config-file-missing", "The SDMX data file `missing.xml` named in the configuration does not "
                                   "exist.") in found
    assert any(code == "config-file-missing" and "no-dsd.xml" in text for code, text in found)
    remote = [text for code, text in found if code == "config-remote-source"]
    assert "https://example.org/sdmx.json" in remote and any("registry.sdmx.org" in t for t in remote)
    assert "config-input-unsupported" not in [code for code, _ in found]


def test_sdmx_sites_rebuild_whole_in_the_preview(tmp_path: Path) -> None:
    repo = sdmx_repository(tmp_path, sdmx_message([]))
    project = check(repo).project
    assert project is not None
    assert plan_rebuild([META], project.config, {"1-1-1"}).full
    assert not plan_rebuild([META], SiteConfig(), {"1-1-1"}).full


def test_codelists_become_translation_groups() -> None:
    found = codelist_translations(global_dsd(), ["en", "fr"])
    assert list(found) == ["en"]  # the global DSD names its codes in English only
    assert found["en"]["SEX"]["F"] == "Female" and found["en"]["SEX"]["SEX"] == "Sex"
    assert found["en"]["UNIT_MEASURE"]["PT"] and "COMMENT_OBS" in found["en"]


def test_a_national_dsd_is_read_once(tmp_path: Path) -> None:
    raw = (shared_fixture("sdmx") / "SDG_DSD.xml").read_bytes()
    assert load_structure(raw) is load_structure(raw)
    assert load_structure(raw).dsd.component("SERIES") is not None


# --- sdgkit convert ------------------------------------------------------------------------------

def test_convert_writes_a_repository_that_checks_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "converted"
    assert main(["convert", str(samples() / "multiple"), str(out)]) == 0
    assert "2 indicator(s)" in capsys.readouterr().out
    assert (out / "data" / "indicator_1-1-1.csv").read_text(encoding="utf-8") == \
        "Year,SEX,Value\n2020,,100\n2021,,120\n2020,M,50\n2021,M,60\n2020,F,70\n2021,F,80\n"
    assert (out / "meta" / "1-2-1.md").is_file()
    assert serious(out) == []
    result = build(out, tmp_path / "site", site=False)
    assert result.written
    assert (tmp_path / "site" / "en" / "data" / "1-1-1.csv").read_text(encoding="utf-8").startswith(
        "Year,Sex,Value\n")


def test_convert_keeps_attributes_as_non_breakdown_columns(tmp_path: Path) -> None:
    out = tmp_path / "converted"
    conversion = sdmx_to_csv(FIXTURES / "1-1-1.json", out)
    assert not conversion.failed and conversion.indicators == ["1-1-1"]
    config = (out / "config_data.yml").read_text(encoding="utf-8")
    assert "- COMMENT_TS" in config and "- OBS_STATUS" in config
    data = (out / "data" / "indicator_1-1-1.csv").read_text(encoding="utf-8")
    assert 'M,"Men\'s figures: < 1% & ""rounded""",E,,60.5' in data and "تقدير أولي — 初步估计" in data
    assert serious(out) == []


def test_convert_never_overwrites_and_never_writes_into_the_source(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "messages"
    shutil.copytree(samples() / "multiple", source)
    assert main(["convert", str(source), str(source / "out")]) == 2
    assert "inside the source" in capsys.readouterr().err
    write(tmp_path / "out", "meta/1-1-1.md", "mine\n")
    assert main(["convert", str(source), str(tmp_path / "out")]) == 2
    assert "never overwrites" in capsys.readouterr().err
    assert (tmp_path / "out" / "meta" / "1-1-1.md").read_text() == "mine\n"
    assert not (tmp_path / "out" / "data").exists()


def test_convert_writes_nothing_when_a_message_is_broken(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "messages"
    write(source, "good.xml", sdmx_message([({"SERIES": "SI_POV_DAY1"}, {}, [("2020", "1")])]))
    write(source, "bad.xml", "<not-sdmx/>")
    assert main(["convert", str(source), str(tmp_path / "out")]) == 1
    assert "sdmx-read-failed" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()


def test_convert_refuses_what_is_neither_sdmx_nor_a_repository(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(tmp_path / "nothing"), str(tmp_path / "out")]) == 2
    assert "neither" in capsys.readouterr().err


def test_sdmx_to_csv_to_sdmx_keeps_series_keys_attributes_and_observations(tmp_path: Path) -> None:
    """The round trip a country moving to sdgkit and back to the UN makes."""
    from sdgkit.sdmx.structure import global_dsd
    from sdgkit.sdmx.validation import read_back

    source = samples() / "structure-specific/1-1-1--structure-specific.xml"
    assert main(["convert", str(source), str(tmp_path / "csv"), "--keep-singletons"]) == 0
    assert main(["convert", str(tmp_path / "csv"), str(tmp_path / "sdmx"), "--to", "sdmx"]) == 0
    written = (tmp_path / "sdmx" / "sdmx-global" / "1-1-1.xml").read_bytes()
    dsd = global_dsd()
    before = sorted(map(repr, read_back(source.read_bytes(), dsd)))
    after = sorted(map(repr, read_back(written, dsd)))
    assert after == before


def test_convert_keeping_single_valued_columns_keeps_the_headline(tmp_path: Path) -> None:
    out = tmp_path / "converted"
    source = samples() / "structure-specific/1-1-1--structure-specific.xml"
    assert main(["convert", str(source), str(out), "--keep-singletons"]) == 0
    assert (out / "data" / "indicator_1-1-1.csv").read_text(encoding="utf-8").startswith(",".join(ALL_COLUMNS))
    assert serious(out) == []
    assert build(out, tmp_path / "site", site=False).written  # attributes translated into listed names, once
    headline = (tmp_path / "site" / "en" / "headline" / "1-1-1.csv").read_text(encoding="utf-8").splitlines()
    assert len(headline) == 3 and headline[1].startswith("2020,100,")
