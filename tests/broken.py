"""A minimal valid Open SDG repository, and one smallest breakage per issue code.

:func:`build_base` writes a repository that ``sdgkit check`` accepts without errors or
warnings. :data:`BROKEN` maps every code of :data:`sdgkit.validate.catalog.CATALOG` to
a function that breaks that repository in the smallest way that raises the code.
Breakers receive the repository folder (``tmp_path / "repo"``); the folder next to it
(``tmp_path``) may be used for files that must lie *outside* the repository.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_NAME = "repo"
DATA = "data/indicator_1-1-1.csv"
META = "meta/1-1-1.md"
CONFIG = "config_data.yml"
SCHEMA = "_prose.yml"

# Inputs are spelled out with ``git: false`` so that no check runs a git subprocess.
BASE_CONFIG = """\
languages: [en]
inputs:
  - class: InputCsvData
    path_pattern: data/*-*.csv
    git: false
  - class: InputYamlMdMeta
    path_pattern: meta/*-*.md
    git: false
translations:
  - class: TranslationInputYaml
    source: translations
"""

# line 1 is the header; lines 2-5 are observations
BASE_DATA = """\
Year,Sex,Value
2015,,1
2016,,2
2015,Female,3
2016,Female,4
"""

# lines 1 and 7 are the front matter fences
BASE_META = """\
---
reporting_status: complete
data_non_statistical: false
graph_title: Proportion of the population below the poverty line
graph_type: line
source_organisation_1: Office for Statistics
---
Page text about the indicator.
"""

BASE_SCHEMA = """\
prose:
  metadata:
    meta:
      - name: reporting_status
        field:
          element: select
          label: Reporting status
          options:
            - name: Complete
              value: complete
            - name: Not started
              value: notstarted
      - name: data_non_statistical
        field:
          element: checkbox
          label: Non-statistical data
      - name: source_organisation_1
        field:
          element: text
          label: Source organisation
"""

BASE_FILES: dict[str, str] = {CONFIG: BASE_CONFIG, DATA: BASE_DATA, META: BASE_META, SCHEMA: BASE_SCHEMA}

Breaker = Callable[[Path], None]


def build_base(parent: Path) -> Path:
    """Write the clean repository into ``parent / "repo"`` and return its path."""
    repo = parent / REPO_NAME
    for relative, text in BASE_FILES.items():
        write(repo, relative, text)
    return repo


def write(repo: Path, relative: str, content: str | bytes) -> Path:
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def edit(repo: Path, relative: str, old: str, new: str) -> None:
    """Replace one exact piece of a base file (fails loudly if the base changed)."""
    path = repo / relative
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise AssertionError(f"{old!r} is not in {relative}; update tests/broken.py to the new base")
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def append(repo: Path, relative: str, text: str) -> None:
    path = repo / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8", newline="")


def meta_field(repo: Path, line: str) -> None:
    """Add a line at the end of the metadata front matter."""
    edit(repo, META, "source_organisation_1: Office for Statistics\n",
         f"source_organisation_1: Office for Statistics\n{line}\n")


def set_languages(repo: Path, languages: str) -> None:
    edit(repo, CONFIG, "languages: [en]", f"languages: [{languages}]")


def add_map_layer(repo: Path, geojson: str, data: str | None = None) -> None:
    """A local boundary file ``geo.geojson`` joined on property ``code``."""
    append(repo, CONFIG, "map_layers:\n  - geojson_file: geo.geojson\n    id_property: code\n"
                         "    name_property: name\n")
    write(repo, "geo.geojson", geojson)
    write(repo, DATA, data if data is not None else "Year,GeoCode,Value\n2015,,1\n2015,E1,2\n")


GEOJSON = """\
{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"code": "E1", "name": "North"}, "geometry": null},
  {"type": "Feature", "properties": {"code": "E2", "name": "South"}, "geometry": null}
]}
"""


SDMX_FILE = "sdmx/data.xml"
#: one generic SDMX-ML series: key values, then its attributes, then observations (year, value)
SdmxSeries = tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]


def sdmx_message(series: list[SdmxSeries]) -> str:
    """A small SDMX-ML 2.1 generic data message for the global SDG DSD (omitted dimensions are ``_T``)."""
    ns = ('xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" '
          'xmlns:generic="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic" '
          'xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"')
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<message:GenericData {ns}>\n<message:Header>'
             '<message:ID>TEST</message:ID><message:Test>true</message:Test>'
             '<message:Prepared>2024-01-01T00:00:00</message:Prepared><message:Sender id="TEST"/>'
             '<message:Structure structureID="SDG" dimensionAtObservation="TIME_PERIOD"><common:Structure>'
             '<Ref agencyID="IAEG-SDGs" id="SDG" version="1.4"/></common:Structure></message:Structure>'
             '</message:Header>\n<message:DataSet structureRef="SDG">\n']
    for key, attributes, observations in series:
        parts.append(_sdmx_series(key, attributes, observations))
    parts.append("</message:DataSet>\n</message:GenericData>\n")
    return "".join(parts)


SDMX_DIMENSIONS = ("FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "AGE", "URBANISATION",
                   "INCOME_WEALTH_QUANTILE", "EDUCATION_LEV", "OCCUPATION", "CUST_BREAKDOWN", "COMPOSITE_BREAKDOWN",
                   "DISABILITY_STATUS", "ACTIVITY", "PRODUCT")


def _sdmx_series(key: dict[str, str], attributes: dict[str, str], observations: list[tuple[str, str]]) -> str:
    full = {"FREQ": "A", "REPORTING_TYPE": "N", "REF_AREA": "826", **{d: "_T" for d in SDMX_DIMENSIONS[4:]}, **key}
    values = "".join(f'<generic:Value id="{d}" value="{_xml(full[d])}"/>' for d in SDMX_DIMENSIONS)
    attrs = "".join(f'<generic:Value id="{k}" value="{_xml(v)}"/>' for k, v in attributes.items())
    obs = "".join(f'<generic:Obs>\n<generic:ObsDimension value="{year}"/><generic:ObsValue value="{value}"/>'
                  '</generic:Obs>\n' for year, value in observations)
    return (f"<generic:Series>\n<generic:SeriesKey>{values}</generic:SeriesKey>\n"
            f"<generic:Attributes>{attrs}</generic:Attributes>\n{obs}</generic:Series>\n")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def add_sdmx_input(repo: Path, message: str | bytes, options: str = "") -> None:
    """An ``InputSdmxMl_Multiple`` input reading ``sdmx/*.xml``, and ``message`` as its one file."""
    edit(repo, CONFIG, "translations:\n", "  - class: InputSdmxMl_Multiple\n    path_pattern: sdmx/*.xml\n"
                                          f"    git: false\n{options}translations:\n")
    write(repo, SDMX_FILE, message)


def billion_laughs() -> str:
    """Ten levels of nine aliases: 9**10 values once expanded, under 500 bytes written."""
    lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
    return "\n".join(lines) + "\n"


def symlink(target: str | Path, link: Path) -> None:
    """Create a symbolic link, or skip the test where the platform does not allow it."""
    try:
        os.symlink(target, link)
    except (OSError, NotImplementedError) as error:  # e.g. Windows without developer mode
        pytest.skip(f"symbolic links are not available here: {error}")


def deeply_nested(depth: int) -> str:
    return "[" * depth + "]" * depth + "\n"


# --- the breakers, one per code -------------------------------------------------------

def _path_not_found(repo: Path) -> None:
    shutil.rmtree(repo)


def _repository_empty(repo: Path) -> None:
    shutil.rmtree(repo / "data")
    shutil.rmtree(repo / "meta")


def _file_unreadable(repo: Path) -> None:
    # A dangling link (a file deleted or never synced, e.g. a git-annex or LFS checkout):
    # the name matches the data pattern but the operating system cannot open it.
    (repo / DATA).unlink()
    symlink("indicator_1-1-1.original.csv", repo / DATA)


def _file_not_text(repo: Path) -> None:
    write(repo, DATA, b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))  # an .xlsx renamed to .csv


def _file_outside_repository(repo: Path) -> None:
    outside = write(repo.parent / "elsewhere", "indicator_1-1-1.csv", BASE_DATA)
    (repo / DATA).unlink()
    symlink(outside, repo / DATA)


def _file_too_large(repo: Path) -> None:
    (repo / CONFIG).rename(repo / "sdgkit.yml")
    append(repo, "sdgkit.yml", "limits:\n  max_file_mb: 0.001\n")
    append(repo, DATA, "".join(f"{year},Male,{year - 2000}\n" for year in range(1900, 2000)))


def _file_encoding(repo: Path) -> None:
    write(repo, DATA, BASE_DATA.encode("utf-8") + "2017,F\xe9minin,5\n".encode("cp1252"))


def _config_default(repo: Path) -> None:
    (repo / CONFIG).unlink()


def _config_both_files(repo: Path) -> None:
    write(repo, "sdgkit.yml", BASE_CONFIG)


def _config_yaml_syntax(repo: Path) -> None:
    edit(repo, CONFIG, "languages: [en]", "languages: [en")


def _config_not_mapping(repo: Path) -> None:
    write(repo, CONFIG, "- languages\n- en\n")


def _config_invalid_value(repo: Path) -> None:
    append(repo, CONFIG, "site_dir: [1, 2]\n")


def _config_unknown_key(repo: Path) -> None:
    append(repo, CONFIG, "langauges: [fr]\n")


def _config_no_languages(repo: Path) -> None:
    edit(repo, CONFIG, "languages: [en]\n", "")


def _config_unknown_class(repo: Path) -> None:
    edit(repo, CONFIG, "class: InputCsvData", "class: InputCsvDta")


def _config_input_unsupported(repo: Path) -> None:
    edit(repo, CONFIG, "translations:\n",
         "  - class: InputExcelMeta\n    path_pattern: meta/*.xlsx\n    git: false\ntranslations:\n")


def _config_remote_source(repo: Path) -> None:
    append(repo, CONFIG, "  - class: TranslationInputSdgTranslations\n"
                         "    source: https://github.com/open-sdg/sdg-translations.git\n")


def _config_file_missing(repo: Path) -> None:
    (repo / SCHEMA).unlink()


def _csv_empty_file(repo: Path) -> None:
    write(repo, DATA, "")


def _file_leading_blank_lines(repo: Path) -> None:
    write(repo, DATA, "\n" + BASE_DATA)


def _csv_parse_error(repo: Path) -> None:
    # A quote opened and never closed swallows the rest of the file into one cell,
    # until the cell passes the csv module's 10 MB field limit.
    write(repo, DATA, 'Year,Sex,Value\n2015,"Female,1\n' + ("2016,Male,2\n" * 900_000))


def _csv_ragged_row(repo: Path) -> None:
    edit(repo, DATA, "2016,,2\n", "2016,,2,500\n")  # line 3


def _csv_blank_row(repo: Path) -> None:
    edit(repo, DATA, "2016,,2\n", "2016,,2\n,,\n")  # line 4


def _csv_empty_column_name(repo: Path) -> None:
    write(repo, DATA, "".join(line + ",\n" for line in BASE_DATA.splitlines()))


def _csv_duplicate_column(repo: Path) -> None:
    write(repo, DATA, "Year,Sex,Sex,Value\n2015,,,1\n2015,Female,Female,3\n")


def _csv_header_whitespace(repo: Path) -> None:
    edit(repo, DATA, "Year,Sex,Value", "Year,Sex ,Value")


def _csv_cell_whitespace(repo: Path) -> None:
    edit(repo, DATA, "2016,Female,4", "2016,Female ,4")


def _data_missing_year_column(repo: Path) -> None:
    edit(repo, DATA, "Year,Sex,Value", "Period,Sex,Value")


def _data_missing_value_column(repo: Path) -> None:
    edit(repo, DATA, "Year,Sex,Value", "Year,Sex,OBS_VALUE")


def _data_year_not_first(repo: Path) -> None:
    write(repo, DATA, "Sex,Year,Value\n,2015,1\nFemale,2015,3\n")


def _data_value_not_last(repo: Path) -> None:
    write(repo, DATA, "Year,Value,Sex\n2015,1,\n2015,3,Female\n")


def _data_value_not_numeric(repo: Path) -> None:
    edit(repo, DATA, "2016,,2\n", "2016,,n/a\n")  # line 3, column 3


def _data_year_blank(repo: Path) -> None:
    append(repo, DATA, ",Male,5\n")


def _data_period_not_year(repo: Path) -> None:
    append(repo, DATA, "2017 Q1,,5\n")


def _data_period_unrecognised(repo: Path) -> None:
    append(repo, DATA, "last year,,5\n")


def _data_no_rows(repo: Path) -> None:
    write(repo, DATA, "Year,Sex,Value\n")


def _data_duplicate_observation(repo: Path) -> None:
    append(repo, DATA, "2015,Female,3\n")


def _data_conflicting_observation(repo: Path) -> None:
    append(repo, DATA, "2015,Female,30\n")


def _data_geocode_unknown(repo: Path) -> None:
    add_map_layer(repo, GEOJSON, "Year,GeoCode,Value\n2015,,1\n2015,E1,2\n2015,E9,3\n")


def _yaml_syntax(repo: Path) -> None:
    # an unquoted colon in a value, on line 4 of the file
    edit(repo, META, "graph_title: Proportion", "graph_title: Target: Proportion")


def _yaml_too_complex(repo: Path) -> None:
    edit(repo, META, "---\nreporting_status", "---\n" + billion_laughs() + "reporting_status")


def _yaml_not_mapping(repo: Path) -> None:
    write(repo, META, "---\n- reporting_status\n- complete\n---\n")


def _yaml_duplicate_key(repo: Path) -> None:
    meta_field(repo, "graph_title: Poverty")  # line 7; first on line 4


def _metadata_front_matter(repo: Path) -> None:
    write(repo, META, BASE_META.removeprefix("---\n"))


def _metadata_wrong_type(repo: Path) -> None:
    edit(repo, META, "source_organisation_1: Office for Statistics",
         "source_organisation_1:\n  - Office for Statistics\n  - Ministry")


def _metadata_invalid_option(repo: Path) -> None:
    edit(repo, META, "reporting_status: complete", "reporting_status: Complete")


def _metadata_missing_field(repo: Path) -> None:
    edit(repo, META, "graph_type: line\n", "")


def _metadata_reserved_key(repo: Path) -> None:
    meta_field(repo, "goal: 1")


def _metadata_unknown_language(repo: Path) -> None:
    write(repo, "meta/de/1-1-1.md", "---\ngraph_title: Anteil der Bevölkerung\n---\n")


def _metadata_overridden(repo: Path) -> None:
    edit(repo, CONFIG, "translations:\n",
         "  - class: InputYamlMeta\n    path_pattern: indicator-config/*-*.yml\n    git: false\ntranslations:\n")
    write(repo, "indicator-config/1-1-1.yml", "graph_type: bar\n")


def _metadata_unknown_translation_key(repo: Path) -> None:
    edit(repo, META, "graph_title: Proportion of the population below the poverty line",
         "graph_title: global_indicators.1-1-1-titel")


def _metadata_invalid_setting(repo: Path) -> None:
    meta_field(repo, "data_show_map: yes please")


def _schema_invalid(repo: Path) -> None:
    write(repo, SCHEMA, "prose:\n  metadata: {}\n")


def _indicator_invalid_id(repo: Path) -> None:
    write(repo, "data/indicator_1-1-1 (copy).csv", BASE_DATA)


def _indicator_unknown_id(repo: Path) -> None:
    (repo / DATA).rename(repo / "data/indicator_1-1-9.csv")
    (repo / META).rename(repo / "meta/1-1-9.md")


def _indicator_duplicate_data(repo: Path) -> None:
    write(repo, "data/1-1-1.csv", BASE_DATA)


def _indicator_data_without_metadata(repo: Path) -> None:
    (repo / META).unlink()


def _indicator_metadata_without_data(repo: Path) -> None:
    (repo / DATA).unlink()
    edit(repo, META, "reporting_status: complete", "reporting_status: notstarted")


def _indicator_complete_without_data(repo: Path) -> None:
    (repo / DATA).unlink()


def _indicator_map_without_geocode(repo: Path) -> None:
    meta_field(repo, "data_show_map: true")


def _translation_missing_key(repo: Path) -> None:
    set_languages(repo, "en, fr")
    write(repo, "translations/en/custom.yml", "north: North\nsouth: South\n")
    write(repo, "translations/fr/custom.yml", "north: Nord\n")


def _translation_language_unavailable(repo: Path) -> None:
    set_languages(repo, "en, zz")


def _translation_not_text(repo: Path) -> None:
    write(repo, "translations/en/custom.yml", "north: North\nsouth:\n  - South\n  - Sud\n")


def _geojson_invalid(repo: Path) -> None:
    add_map_layer(repo, '{"type": "FeatureCollection", "features": [\n')


def _geojson_missing_property(repo: Path) -> None:
    add_map_layer(repo, GEOJSON.replace(', "name": "South"', ""))


def _page_no_title(repo: Path) -> None:
    write(repo, "pages/about.md", "---\npermalink: about\n---\nAbout us.\n")


def _page_address_conflict(repo: Path) -> None:
    write(repo, "pages/data.md", "---\ntitle: Our data\n---\nThis page would hide the data folder.\n")


def _site_untranslated_text(repo: Path) -> None:
    write(repo, CONFIG, BASE_CONFIG.replace("languages: [en]", "languages: [en, de]"))
    (repo / "translations" / "de").mkdir(parents=True, exist_ok=True)


def _site_template_error(repo: Path) -> None:
    write(repo, "templates/home.html", "{% extends 'default:home.html' %}{% block content %}{% if %}{% endblock %}")


def _site_file_missing(repo: Path) -> None:
    write(repo, CONFIG, BASE_CONFIG + "site:\n  logos:\n    - src: assets/img/logo.png\n      alt: Our logo\n")


def _site_colour_contrast(repo: Path) -> None:
    write(repo, CONFIG, BASE_CONFIG + "site:\n  colours:\n    link: '#77aaff'\n")


def _progress(repo: Path, options: str, extra: str = "", data: str | None = None) -> None:
    """Switch progress on for the base indicator with the given ``progress_calculation_options`` items."""
    settings = "auto_progress_calculation: true\n" + (f"progress_calculation_options:\n{options}" if options else "")
    edit(repo, META, "reporting_status: complete\n", f"reporting_status: complete\n{settings}{extra}")
    if data is not None:
        write(repo, DATA, data)


def _progress_option_invalid(repo: Path) -> None:
    _progress(repo, "  - direction: upwards\n")


def _progress_filter_not_found(repo: Path) -> None:
    _progress(repo, "  - unit: Percent\n")


def _progress_no_headline(repo: Path) -> None:
    _progress(repo, "", data="Year,Sex,Value\n2015,Female,3\n2016,Female,4\n")


def _progress_many_series(repo: Path) -> None:
    _progress(repo, "", data="Year,Units,Sex,Value\n2015,Percent,,1\n2016,Percent,,2\n2015,Number,,3\n2016,Number,,4\n")


def _progress_duplicate_year(repo: Path) -> None:
    _progress(repo, "", data="Year,Sex,Value\n2015,,1\n2016,,2\n2016,,3\n")


def _progress_no_data(repo: Path) -> None:
    _progress(repo, "", data="Year,Sex,Value\n2015,,\n2016,,\n2015,Female,3\n")


def _progress_cannot_assess(repo: Path) -> None:
    _progress(repo, "", data="Year,Sex,Value\n2015,,-1\n2016,,2\n")


def _progress_zero_replaced(repo: Path) -> None:
    _progress(repo, "", data="Year,Sex,Value\n2015,,0\n2016,,2\n")


def _progress_limit_ignored(repo: Path) -> None:
    _progress(repo, "  - target: 5\n    limit: 10\n    direction: positive\n")


def _progress_limit_passed(repo: Path) -> None:
    _progress(repo, "  - limit: 0.5\n    direction: positive\n")


def _progress_status_overridden(repo: Path) -> None:
    _progress(repo, "", extra="progress_status: target_achieved\n")


def _progress_status_unknown(repo: Path) -> None:
    edit(repo, META, "reporting_status: complete\n", "reporting_status: complete\nprogress_status: great\n")


def _sdmx_read_failed(repo: Path) -> None:
    add_sdmx_input(repo, "<message:GenericData>not closed")


def _sdmx_unknown_series(repo: Path) -> None:
    add_sdmx_input(repo, sdmx_message([({"SERIES": "XX_NATIONAL_1"}, {"UNIT_MEASURE": "PT"}, [("2020", "1")])]))


def _sdmx_conflicting_series(repo: Path) -> None:
    key = {"SERIES": "SI_POV_NAHC"}
    add_sdmx_input(repo, sdmx_message([(key, {"UNIT_MEASURE": "PT"}, [("2020", "1")]),
                                       (key, {"UNIT_MEASURE": "NUMBER"}, [("2021", "2")])]))


def _sdmx_output_invalid(repo: Path) -> None:
    write(repo, CONFIG, BASE_CONFIG + "sdmx_output_global:\n  default_values: [REF_AREA]\n")


def _sdmx_output_failed(repo: Path) -> None:
    write(repo, CONFIG, BASE_CONFIG + "sdmx_output:\n  dsd: sdmx/national-dsd.xml\n")


def _sdmx_rows_not_exported(repo: Path) -> None:
    write(repo, CONFIG, BASE_CONFIG + "sdmx_output_global: true\n")


BROKEN: dict[str, Breaker] = {
    "path-not-found": _path_not_found,
    "repository-empty": _repository_empty,
    "file-unreadable": _file_unreadable,
    "file-not-text": _file_not_text,
    "file-outside-repository": _file_outside_repository,
    "file-too-large": _file_too_large,
    "file-encoding": _file_encoding,
    "config-default": _config_default,
    "config-both-files": _config_both_files,
    "config-yaml-syntax": _config_yaml_syntax,
    "config-not-mapping": _config_not_mapping,
    "config-invalid-value": _config_invalid_value,
    "config-unknown-key": _config_unknown_key,
    "config-no-languages": _config_no_languages,
    "config-unknown-class": _config_unknown_class,
    "config-input-unsupported": _config_input_unsupported,
    "config-remote-source": _config_remote_source,
    "config-file-missing": _config_file_missing,
    "csv-empty-file": _csv_empty_file,
    "file-leading-blank-lines": _file_leading_blank_lines,
    "csv-parse-error": _csv_parse_error,
    "csv-ragged-row": _csv_ragged_row,
    "csv-blank-row": _csv_blank_row,
    "csv-empty-column-name": _csv_empty_column_name,
    "csv-duplicate-column": _csv_duplicate_column,
    "csv-header-whitespace": _csv_header_whitespace,
    "csv-cell-whitespace": _csv_cell_whitespace,
    "data-missing-year-column": _data_missing_year_column,
    "data-missing-value-column": _data_missing_value_column,
    "data-year-not-first": _data_year_not_first,
    "data-value-not-last": _data_value_not_last,
    "data-value-not-numeric": _data_value_not_numeric,
    "data-year-blank": _data_year_blank,
    "data-period-not-year": _data_period_not_year,
    "data-period-unrecognised": _data_period_unrecognised,
    "data-no-rows": _data_no_rows,
    "data-duplicate-observation": _data_duplicate_observation,
    "data-conflicting-observation": _data_conflicting_observation,
    "data-geocode-unknown": _data_geocode_unknown,
    "yaml-syntax": _yaml_syntax,
    "yaml-too-complex": _yaml_too_complex,
    "yaml-not-mapping": _yaml_not_mapping,
    "yaml-duplicate-key": _yaml_duplicate_key,
    "metadata-front-matter": _metadata_front_matter,
    "metadata-wrong-type": _metadata_wrong_type,
    "metadata-invalid-option": _metadata_invalid_option,
    "metadata-missing-field": _metadata_missing_field,
    "metadata-reserved-key": _metadata_reserved_key,
    "metadata-unknown-language": _metadata_unknown_language,
    "metadata-overridden": _metadata_overridden,
    "metadata-unknown-translation-key": _metadata_unknown_translation_key,
    "metadata-invalid-setting": _metadata_invalid_setting,
    "schema-invalid": _schema_invalid,
    "indicator-invalid-id": _indicator_invalid_id,
    "indicator-unknown-id": _indicator_unknown_id,
    "indicator-duplicate-data": _indicator_duplicate_data,
    "indicator-data-without-metadata": _indicator_data_without_metadata,
    "indicator-metadata-without-data": _indicator_metadata_without_data,
    "indicator-complete-without-data": _indicator_complete_without_data,
    "indicator-map-without-geocode": _indicator_map_without_geocode,
    "translation-missing-key": _translation_missing_key,
    "translation-language-unavailable": _translation_language_unavailable,
    "translation-not-text": _translation_not_text,
    "geojson-invalid": _geojson_invalid,
    "geojson-missing-property": _geojson_missing_property,
    "page-no-title": _page_no_title,
    "page-address-conflict": _page_address_conflict,
    "site-untranslated-text": _site_untranslated_text,
    "site-template-error": _site_template_error,
    "site-colour-contrast": _site_colour_contrast,
    "site-file-missing": _site_file_missing,
    "progress-option-invalid": _progress_option_invalid,
    "progress-filter-not-found": _progress_filter_not_found,
    "progress-no-headline": _progress_no_headline,
    "progress-many-series": _progress_many_series,
    "progress-duplicate-year": _progress_duplicate_year,
    "progress-no-data": _progress_no_data,
    "progress-cannot-assess": _progress_cannot_assess,
    "progress-zero-replaced": _progress_zero_replaced,
    "progress-limit-ignored": _progress_limit_ignored,
    "progress-limit-passed": _progress_limit_passed,
    "progress-status-overridden": _progress_status_overridden,
    "progress-status-unknown": _progress_status_unknown,
    "sdmx-output-invalid": _sdmx_output_invalid,
    "sdmx-output-failed": _sdmx_output_failed,
    "sdmx-rows-not-exported": _sdmx_rows_not_exported,
    "sdmx-read-failed": _sdmx_read_failed,
    "sdmx-unknown-series": _sdmx_unknown_series,
    "sdmx-conflicting-series": _sdmx_conflicting_series,
}


#: Codes only the build raises: each breaker returns the output folder to build into.
BuildBreaker = Callable[[Path], Path]


def _build_output_unsafe(repo: Path) -> Path:
    return repo  # building into the repository itself would replace it


def _build_write_failed(repo: Path) -> Path:
    blocker = repo.parent / "not-a-folder"
    blocker.write_text("a file where the output's parent folder should be")
    return blocker / "out"


def _site_search_failed(repo: Path) -> Path:
    os.environ["SDGKIT_PAGEFIND"] = str(repo.parent / "no-such-pagefind")  # the test removes it again
    return repo.parent / "out"


def _sdmx_output_problem(repo: Path) -> Path:
    """A global SDMX output asked for generic messages, which sdgkit does not write (it says so)."""
    write(repo, CONFIG, BASE_CONFIG + "sdmx_output_global:\n  structure_specific: false\n")
    return repo.parent / "out"


BUILD_BROKEN: dict[str, BuildBreaker] = {
    "build-output-unsafe": _build_output_unsafe,
    "build-write-failed": _build_write_failed,
    "site-search-failed": _site_search_failed,
    "sdmx-output-problem": _sdmx_output_problem,
}
