"""The published JSON Schemas of the data service files (``schemas/dataservice/``)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from sdgkit.schemas.dataservice import BASE_ID, SCHEMAS, load_schema, schema_file, schema_for, schema_names

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "src" / "sdgkit" / "schemas" / "dataservice"

# ----------------------------------------------------------------------------- examples
# Shapes from the reference (docs/reference/open-sdg.md §2.2), as the incumbent writes them.

DATA = {"Year": [2015, 2015, 2015, 2016],
        "COMPOSITE_BREAKDOWN": ["A", "B", None, "A"],
        "COMMENT_TS": ["Comment for series A", None, "Comment for headline", "Comment for series A"],
        "Value": [1.0, 3.0, 2.0, None]}
EDGES = {"From": ["Species", "Genre"], "To": ["Sub-species", "Sub-genre"]}
HEADLINE = [{"Year": 2015, "Value": 2.0, "COMMENT_TS": "Comment for headline"},
            {"Year": 2016, "Value": None, "COMMENT_TS": "Comment for headline"}]
META = {"indicator_number": "1.1.1", "target_number": "1.1", "goal_number": "1",
        "indicator_sort_order": "01-01-01", "reporting_status": "complete", "data_non_statistical": False,
        "graph_type": "line", "graph_title": "Proportion of population below the poverty line",
        "indicator_name": "Proportion of population below the poverty line",
        "national_data_updated_date": 1617235200000, "un_designated_tier": "1",
        "graph_annotations": [{"value": 10, "label": "Target"}], "data_show_map": True,
        "es": {"indicator_name": "Proporción de la población"}}
META_SCHEMA = [
    {"name": "un_designated_tier", "field": {"label": "UN designated tier",
                                             "translation_key": "metadata_fields.un_designated_tier",
                                             "scope": "global", "element": "text"}},
    {"name": "reporting_status", "field": {"label": "Reporting status", "element": "select", "scope": "national",
                                           "options": [{"name": "Complete", "value": "complete",
                                                        "translation_key": "status.reported_online"},
                                                       {"name": "Not started", "value": "notstarted"}]}},
    {"name": "data_non_statistical", "field": {"label": "Non-statistical", "element": "checkbox", "value": False,
                                               "help": "Tick when the indicator has no data."}},
]
_STATUSES = [{"status": "complete", "count": 20, "percentage": 90.909},
             {"status": "notstarted", "count": 2, "percentage": 9.091},
             {"status": "notapplicable", "count": 0, "percentage": 0.0}]
REPORTING = {
    "statuses": [{"value": "complete"}, {"value": "notstarted"}, {"value": "notapplicable"}],
    "overall": {"statuses": _STATUSES, "totals": {"total": 22}},
    "goals": [{"goal": 1, "statuses": [{"status": "complete", "count": 9, "percentage": 90.0},
                                       {"status": "notstarted", "count": 1, "percentage": 10.0},
                                       {"status": "notapplicable", "count": 0, "percentage": 0}],
               "totals": {"total": 10}}],
    "extra_fields": {"un_custodian_agency": [
        {"un_custodian_agency": "Food and Agriculture Organization (FAO)",
         "statuses": [{"status": "complete", "translation_key": "status.reported_online", "count": 2,
                       "percentage": 100.0}],
         "totals": {"total": 2}}]},
}


def _disaggregation_counts(counts: dict[str, int]) -> list[dict[str, Any]]:
    total = sum(counts.values())
    return [{"status": status, "translation_key": f"status.disaggregation_status_{status}", "count": count,
             "percentage": 100 * count / total if total else 0} for status, count in counts.items()]


_D = {"complete": 1, "inprogress": 1, "notstarted": 0, "notapplicable": 20}
DISAGGREGATION = {
    "statuses": [{"value": s, "translation_key": f"status.disaggregation_status_{s}"} for s in _D],
    "overall": {"statuses": _disaggregation_counts(_D), "totals": {"total": 22}},
    "goals": [{"goal": "1", "statuses": _disaggregation_counts(_D), "totals": {"total": 22}},
              {"goal": "10", "statuses": _disaggregation_counts(dict.fromkeys(_D, 0)), "totals": {"total": 0}}],
    "extra_fields": {"un_custodian_agency": [{"un_custodian_agency": "UNICEF",
                                              "statuses": _disaggregation_counts(_D), "totals": {"total": 22}}]},
}
TRANSLATIONS = {"data": {"female": "Female", "male": "Male"}, "general": {"goal": "Goal"}}
ZIP_INFO = {"size_bytes": 31997, "size_human": "32.0 kB", "filename": "all_indicators.zip",
            "timestamp": 1795527306}
_FIELDS = [{"name": "Year", "type": "integer"},
           {"name": "Sex", "type": "string", "constraints": {"enum": ["", "Female", "Male"]}, "title": "Sex"},
           {"name": "Value", "type": "number"}]
DATA_PACKAGE = {"resources": [{"path": "data.csv", "name": "data", "profile": "tabular-data-resource",
                               "format": "csv", "encoding": "utf-8", "schema": {"fields": _FIELDS}}],
                "name": "1-3-1", "title": "Proportion of population covered by social protection"}
DATA_PACKAGES_ALL = {"name": "all", "title": "All indicators",
                     "resources": [{"path": "3-1-1/data.csv", "name": "3-1-1", "title": "Maternal mortality ratio",
                                    "profile": "tabular-data-resource", "format": "csv", "encoding": "utf-8",
                                    "schema": {"fields": _FIELDS}}]}
GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature",
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
         "properties": {"name": "North East", "geocode": "E12000001", "ons_area": 8581,
                        "disaggregations": [{"Series": "Series A", "Units": "Percent", "Location": "", "Sex": None},
                                            {"Series": "Series A", "Units": "Percent", "Location": "",
                                             "Sex": "Female"}],
                        "values": [{"2011": 80, "2012": 100}, {"2011": 75.5, "2012": None}],
                        "observation_attributes": [{"2011": {"COMMENT_OBS": "Unvalidated value"}}, {}]}},
        {"type": "Feature", "geometry": None,
         "properties": {"rgn17nm": "North West", "rgn17cd": "E12000002"}},
    ],
}
_SUMMARY = {"total": 3, "scored": 2, "score": 1.25, "status": "moderate_progress",
            "statuses": [{"status": "target_achieved", "count": 1}, {"status": "substantial_progress", "count": 2}]}
PROGRESS = {"method": "statcan", "statuses": ["target_achieved", "substantial_progress"], "overall": _SUMMARY,
            "goals": [{"goal": "1", **_SUMMARY}], "targets": [{"target": "1.1", **_SUMMARY}]}
_ASSESSMENT = {"base_value": 90.0, "base_year": 2015, "current_value": 93.2, "current_year": 2021, "direction": 1,
               "sign": 1, "limit": 100.0, "limit_coefficient": 0.3736, "target": None, "target_year": 2030,
               "observed_growth": 0.00584, "required_growth": None, "progress_value": 0.00584,
               "thresholds": {"high": 0.0056, "med": 0.0019, "low": 0.0}, "status": "substantial_progress",
               "score": 2.8153866, "reason": None}
COMPONENTS = {"1-3-1": {"progress_status": "substantial_progress", "score": 2.8153866, "method": "statcan",
                        "1-3-1": {**_ASSESSMENT, "breakdowns": {"Sex": {"Female": _ASSESSMENT}}}}}
DOWNLOADS = {"1.1.1": {"Download SDMX": {"href": "downloads/sdmx/indicator_1-1-1.xml"}}}

EXPLORER = {"rows": 2, "columns": {"Year": {"values": ["2015", "2016-17"], "codes": [0, 1]},
                                   "Sex": {"values": ["Female"], "codes": [-1, 0]}}, "value": [1.5, None]}

VALID: dict[str, list[Any]] = {
    "data": [DATA, [], {"Year": ["2015-16", 2017], "Sex": ["Female", None], "Age": [15, 15.5],
                        "Value": [12, 3.25]}],
    "edges": [EDGES, [], {"From": [], "To": []}],
    "headline": [HEADLINE, []],
    "headline-all": [{"1-1-1": HEADLINE, "1-2-1": []}, {}],
    "comb": [{"data": DATA, "edges": EDGES}, {"data": [], "edges": []}],
    "explorer": [EXPLORER, {"rows": 0, "columns": {}, "value": []}],
    "meta": [META, {**META, "goal_number": 1, "reporting_status": None, "graph_type": "bar"},
             {**META, "indicator_sort_order": None}],  # `indicator_sort_order:` left empty in YAML
    "meta-all": [{"1-1-1": META, "national-1": {**META, "standalone": True}}],
    "meta-schema": [META_SCHEMA, []],
    "stats-reporting": [REPORTING, {**REPORTING, "goals": [{**REPORTING["goals"][0], "goal": "A"}],
                                    "extra_fields": {}}],
    "stats-disaggregation": [DISAGGREGATION],
    "translations": [TRANSLATIONS, {"en": TRANSLATIONS, "fr": {"data": {"female": "Femme"}}}, {}],
    "zip-info": [ZIP_INFO, {k: v for k, v in ZIP_INFO.items() if k != "timestamp"}],
    "data-package": [DATA_PACKAGE, {**DATA_PACKAGE, "licenses": [{"name": "CC-BY-4.0"}]}],
    "data-packages-all": [DATA_PACKAGES_ALL],
    "geojson": [GEOJSON],
    "downloads": [DOWNLOADS, {}],
    "stats-progress": [PROGRESS, {**PROGRESS, "overall": {**_SUMMARY, "score": None, "status": None, "scored": 0}}],
    "indicator-calculation-components": [COMPONENTS, {}],
}


def _without(document: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != key}


def _changed(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(document)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


INVALID: dict[str, list[Any]] = {
    "explorer": [{**EXPLORER, "value": ["1.5", 2]},                                   # values are numbers
                 {**EXPLORER, "columns": {"Sex": {"values": ["Female"], "codes": [-2]}}},  # -1 is blank
                 {**EXPLORER, "columns": {"Sex": ["Female", None]}},                 # not dictionary-encoded
                 _without(EXPLORER, "rows")],
    "data": [{"Year": 2015, "Value": 1.0},                      # cells not in lists
             _without(DATA, "Value"),                           # no Value column
             {**DATA, "Value": ["1.0", "x", None, None]},       # values are numbers
             {**DATA, "Sex": [True, False, None, None]},        # cells are text or numbers
             [{"Year": 2015, "Value": 1}]],                     # records, not columns
    "edges": [{"From": "Species", "To": "Sub-species"},        # dict of non-lists
              {"From": ["Species"]},                            # To missing
              {**EDGES, "Extra": []},
              [["Species", "Sub-species"]]],
    "headline": [{"Year": [2015], "Value": [1.0]},              # column-oriented, not records
                 [{"Year": 2015}],                              # no Value
                 [{"Year": 2015, "Value": 1, "Units": ["a"]}]],
    "headline-all": [{"1-1-1": DATA}, [HEADLINE]],
    "comb": [{"data": DATA}, {"data": DATA, "edges": {"From": "a", "To": "b"}}, {**{"data": [], "edges": []}, "x": 1}],
    "meta": [_without(META, "indicator_number"), _without(META, "reporting_status"), [META],
             {**META, "indicator_sort_order": ["01"]}],
    "meta-all": [[META], {"1-1-1": _without(META, "goal_number")}, {"1-1-1": "1.1.1"}],
    "meta-schema": [{"un_designated_tier": {"label": "UN designated tier"}},
                    [{"name": "x", "field": {"label": "X"}}],                       # no element
                    [{"name": "x", "field": {"element": "select"}}],                # select without options
                    [{"name": "x", "field": {"element": "dropdown"}}],
                    [{"name": "x", "field": {"element": "text", "required": True}}]],
    "stats-reporting": [_without(REPORTING, "overall"),
                        _changed(REPORTING, ("overall", "totals"), 22),
                        _changed(REPORTING, ("goals", 0, "statuses", 0, "count"), "9"),
                        _changed(REPORTING, ("goals", 0, "statuses", 0, "percentage"), 190.0),
                        _changed(REPORTING, ("statuses", 0), "complete"),
                        _changed(REPORTING, ("extra_fields", "un_custodian_agency", 0, "extra"), 1)],
    "stats-disaggregation": [_without(DISAGGREGATION, "overall"),
                             _changed(DISAGGREGATION, ("goals", 0, "goal"), 1),
                             _changed(DISAGGREGATION, ("overall", "statuses", 0, "status"), "partial"),
                             _changed(DISAGGREGATION, ("statuses", 1, "value"), "done")],
    "translations": [{"data": {"female": 3}}, {"data": ["Female"]}, {"en": {"data": {"female": None}}}],
    "zip-info": [_without(ZIP_INFO, "size_bytes"), {**ZIP_INFO, "size_bytes": "31997"},
                 {**ZIP_INFO, "filename": "all_indicators.csv"}, {**ZIP_INFO, "url": "x"}],
    "data-package": [_without(DATA_PACKAGE, "resources"), {**DATA_PACKAGE, "resources": []},
                     _changed(DATA_PACKAGE, ("resources", 0, "schema", "fields", 0, "type"), "text"),
                     _changed(DATA_PACKAGE, ("resources", 0, "schema", "fields"), {"Year": "integer"})],
    "data-packages-all": [_changed(DATA_PACKAGES_ALL, ("name",), "1-1-1"),
                          _changed(DATA_PACKAGES_ALL, ("resources", 0), _without(DATA_PACKAGES_ALL["resources"][0],
                                                                                  "name"))],
    "geojson": [{"type": "Feature", "features": []}, _without(GEOJSON, "features"),
                _changed(GEOJSON, ("features", 0, "properties", "values"), {"2011": 80}),
                _changed(GEOJSON, ("features", 0, "properties", "values", 0, "2011"), "80"),
                _changed(GEOJSON, ("features", 1, "properties", "values"), [{"2011": 1}])],  # values without geocode
    "downloads": [{"1.1.1": {"Download SDMX": "downloads/sdmx/indicator_1-1-1.xml"}},
                  {"1.1.1": {"Download SDMX": {"url": "x"}}}],
    "stats-progress": [_without(PROGRESS, "targets"), {**PROGRESS, "method": "un"},
                       _changed(PROGRESS, ("overall", "score"), 7.5),
                       _changed(PROGRESS, ("goals", 0, "statuses", 0, "count"), "1")],
    "indicator-calculation-components": [
        _changed(COMPONENTS, ("1-3-1", "score"), "high"),
        {"1-3-1": _without(COMPONENTS["1-3-1"], "progress_status")},
        _changed(COMPONENTS, ("1-3-1", "1-3-1", "direction"), 0),
        {"1-3-1": {**COMPONENTS["1-3-1"], "1-3-1": _without(_ASSESSMENT, "base_value")}},
        _changed(COMPONENTS, ("1-3-1", "1-3-1", "breakdowns", "Sex", "Female", "score"), 6)],
}


# ----------------------------------------------------------------------------- tests

def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name))


@pytest.mark.parametrize("name", schema_names())
def test_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{BASE_ID}{name}.schema.json"
    assert schema["title"] and len(schema["description"]) > 40


@pytest.mark.parametrize("name", schema_names())
def test_valid_examples_pass(name: str) -> None:
    validator = _validator(name)
    assert VALID[name], name
    for example in VALID[name]:
        errors = [error.message for error in validator.iter_errors(example)]
        assert not errors, (name, example, errors)


@pytest.mark.parametrize("name", schema_names())
def test_invalid_examples_fail(name: str) -> None:
    validator = _validator(name)
    assert INVALID[name], name
    for example in INVALID[name]:
        assert not validator.is_valid(example), (name, example)


def test_examples_cover_every_schema() -> None:
    assert set(VALID) == set(INVALID) == set(schema_names())


def test_every_schema_file_is_listed_and_every_listed_schema_exists() -> None:
    on_disk = {path.name for path in FOLDER.glob("*.json")}
    listed = {schema_file(name) for name in schema_names()}
    assert on_disk == listed
    assert len({pattern for pattern, _ in SCHEMAS}) == len(SCHEMAS)


def test_shared_definitions_are_identical_across_files() -> None:
    """The schemas are self-contained, so shared parts are copied: the copies must not drift."""
    seen: dict[str, tuple[str, Any]] = {}
    for name in schema_names():
        for key, definition in load_schema(name).get("$defs", {}).items():
            if key in seen:
                assert definition == seen[key][1], f"$defs/{key} differs between {seen[key][0]} and {name}"
            else:
                seen[key] = (name, definition)


def test_load_schema_rejects_unknown_names() -> None:
    with pytest.raises(KeyError):
        load_schema("nope")


@pytest.mark.parametrize(("path", "expected"), [
    ("data/1-1-1.json", "data"),
    ("edges/1-1-1.json", "edges"),
    ("headline/all.json", "headline-all"),
    ("headline/1-1-1.json", "headline"),
    ("comb/1-1-1.json", "comb"),
    ("meta/all.json", "meta-all"),
    ("meta/schema.json", "meta-schema"),
    ("meta/1-1-1.json", "meta"),
    ("meta/national-a.json", "meta"),
    ("stats/reporting.json", "stats-reporting"),
    ("stats/disaggregation.json", "stats-disaggregation"),
    ("stats/progress.json", "stats-progress"),
    ("indicator_calculation_components.json", "indicator-calculation-components"),
    ("translations/translations.json", "translations"),
    ("zip/all_indicators.json", "zip-info"),
    ("data-packages/all.json", "data-packages-all"),
    ("data-packages/1-1-1/datapackage.json", "data-package"),
    ("geojson/regions/indicator_1-1-1.geojson", "geojson"),
    ("geojson/local-authorities/la_3-1-1.geojson", "geojson"),
    ("downloads/indicator-downloads.json", "downloads"),
    ("./meta/all.json", "meta-all"),
    ("meta\\1-1-1.json", "meta"),
    ("data/1-1-1.csv", None),
    ("edges/1-1-1.csv", None),
    ("headline/1-1-1.csv", None),
    ("data-packages/1-1-1/data.csv", None),
    ("zip/all_indicators.zip", None),
    ("data/sub/1-1-1.json", None),
    ("geojson/indicator_1-1-1.geojson", None),
    ("stats/other.json", None),
    ("1-1-1.json", None),
])
def test_schema_for(path: str, expected: str | None) -> None:
    assert schema_for(path) == expected


def test_specific_patterns_come_before_the_wildcards_of_their_folder() -> None:
    order = [pattern for pattern, _ in SCHEMAS]
    assert order.index("meta/all.json") < order.index("meta/*.json")
    assert order.index("meta/schema.json") < order.index("meta/*.json")
    assert order.index("headline/all.json") < order.index("headline/*.json")


def test_reference_page_links_every_schema() -> None:
    page = (ROOT / "docs" / "data-service.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\(\.\./src/sdgkit/schemas/dataservice/([\w-]+\.schema\.json)\)", page))
    assert linked == {schema_file(name) for name in schema_names()}
    assert "compatibility.md" in page


def test_schema_files_are_formatted_json() -> None:
    for path in FOLDER.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", path.name
