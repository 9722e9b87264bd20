"""The catalogue of issue codes: one entry per kind of problem sdgkit can report.

Codes are stable (documentation, tests and users' scripts refer to them), so a code
is never renamed or reused; a retired code stays here, marked as such. Messages are
templates filled with keyword parameters, written for a statistician rather than a
developer: what is wrong, where, and how to fix it. ``docs/issue-codes.md`` is
generated from this table (``sdgkit codes --format markdown``) and a test keeps the
two in step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sdgkit.validate.issues import Issue, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True, slots=True)
class IssueType:
    """What one code means; ``message`` and ``hint`` are ``str.format`` templates."""

    code: str
    severity: Severity
    title: str
    message: str
    hint: str
    explanation: str


_TYPES: list[IssueType] = [
    # --- the repository as a whole ------------------------------------------------
    IssueType("path-not-found", E, "Repository folder not found",
              "The folder {path} does not exist or is not a folder.",
              "Check the path you gave to sdgkit; it should be the root of your data repository.",
              "sdgkit was asked to read a repository that is not there."),
    IssueType("repository-empty", W, "No data or metadata found",
              "No data or metadata files were found in this repository.",
              "Check the `inputs` patterns in your configuration (for example `data/*-*.csv`).",
              "None of the configured inputs matched any file, so there is nothing to build."),
    IssueType("build-output-unsafe", E, "Output folder refused",
              "sdgkit will not write the build to {value}: {reason}.",
              "Give another folder with `--out`, or set `site_dir` in the configuration (the default is `_site`).",
              "A build replaces its output folder as a whole, so sdgkit refuses folders whose replacement could "
              "destroy something else: the repository, a folder containing it, the file-system root, your home "
              "folder, or a folder of other files."),
    IssueType("build-write-failed", E, "Output could not be written",
              "The build could not be written to {value}: {reason}.",
              "Check that the folder is writable and that the disk has space, or choose another folder with `--out`.",
              "The operating system refused a write. Nothing was replaced: the previous output, if any, is intact."),
    # --- files ---------------------------------------------------------------------
    IssueType("file-unreadable", E, "File cannot be read",
              "This file could not be read: {reason}.",
              "Check that the file exists and that its permissions allow reading.",
              "The operating system refused to give sdgkit the file's content."),
    IssueType("file-not-text", E, "File is not text",
              "This file is not a text file (it contains binary data).",
              "Save it again as CSV (UTF-8) or YAML from your spreadsheet or editor.",
              "A binary file, such as an Excel workbook renamed to `.csv`, cannot be read as CSV or YAML."),
    IssueType("file-outside-repository", E, "Link points outside the repository",
              "This file is a link to {target}, which is outside the repository.",
              "Copy the file into the repository instead of linking to it.",
              "For safety sdgkit only reads files inside the repository folder."),
    IssueType("file-too-large", E, "File is too large",
              "This file is {size} MB, more than the limit of {limit} MB.",
              "Split the file, or raise the limit with `limits.max_file_mb` in sdgkit.yml.",
              "Very large files are skipped so that a mistake cannot exhaust the machine's memory."),
    IssueType("file-encoding", W, "File is not UTF-8",
              "This file is not UTF-8; it was read as {encoding}.",
              "In Excel use 'Save As' > 'CSV UTF-8 (Comma delimited)'; in other editors choose the UTF-8 encoding.",
              "Open SDG expects UTF-8 (a byte order mark is fine). Files saved by older Excel versions are "
              "Windows-1252: sdgkit reads them, but other tools will show garbled accents."),
    # --- configuration -------------------------------------------------------------
    IssueType("config-default", I, "No configuration file",
              "No config_data.yml or sdgkit.yml was found; the Open SDG defaults are used.",
              "Create a config_data.yml (Open SDG) or sdgkit.yml to choose languages and inputs.",
              "Without a configuration sdgkit behaves like the incumbent builder's defaults: "
              "data in `data/*-*.csv`, metadata in `meta/*-*.md`, schema in `_prose.yml`."),
    IssueType("config-both-files", I, "Two configuration files",
              "Both sdgkit.yml and config_data.yml exist; {used} is used.",
              "config_data.yml is left for the Open SDG builder; pass `--config config_data.yml` to check with it.",
              "sdgkit.yml takes precedence over config_data.yml."),
    IssueType("config-yaml-syntax", E, "Configuration is not valid YAML",
              "The configuration cannot be read: {problem}.",
              "YAML problems often involve quotes, colons (:) or indentation near the line shown.",
              "The configuration file must be valid YAML."),
    IssueType("config-not-mapping", E, "Configuration is not a set of settings",
              "The configuration must be a list of `key: value` settings, not {kind}.",
              "Start the file with settings such as `languages:` at the left margin.",
              "The top level of a configuration file is a mapping of setting names to values."),
    IssueType("config-invalid-value", E, "Invalid configuration value",
              "The setting `{key}` is invalid: {problem}.",
              "See docs/configuration.md for the allowed values of this setting.",
              "A setting has the wrong type or an unknown value."),
    IssueType("config-unknown-key", W, "Unknown configuration setting",
              "The setting `{key}` is not known to sdgkit and is ignored.",
              "Check the spelling; the known settings are listed in docs/configuration.md.",
              "Unknown settings are ignored so that configurations written for other versions still work."),
    IssueType("config-no-languages", W, "No languages configured",
              "No `languages` are configured; English (en) is used.",
              "Add for example `languages: [en, fr]` to the configuration.",
              "The incumbent stops without `languages`; sdgkit assumes English and goes on."),
    IssueType("config-unknown-class", E, "Unknown input class",
              "`{kind}` is not a known {role} class or format.",
              "Known names: {known}.",
              "Inputs and translations are chosen by Open SDG class name (config_data.yml) "
              "or sdgkit format name (sdgkit.yml)."),
    IssueType("config-input-unsupported", W, "Input not supported yet",
              "The input `{kind}` is not supported by this version of sdgkit and is skipped.",
              "Convert the source to CSV data and YAML metadata, or use a later sdgkit version.",
              "sdgkit reads the common Open SDG inputs; others are skipped with this warning instead "
              "of stopping the whole check."),
    IssueType("config-remote-source", W, "Remote source not used",
              "{what} comes from {url}; sdgkit builds offline and does not download it.",
              "{alternative}",
              "Builds must work on machines without internet access, so remote sources are never fetched. "
              "Each message names the local alternative."),
    IssueType("config-file-missing", W, "Configured file not found",
              "The {what} `{path}` named in the configuration does not exist.",
              "Check the path; it is relative to the repository folder (src_dir).",
              "A file or folder named in the configuration could not be found."),
    # --- CSV data ------------------------------------------------------------------
    IssueType("csv-empty-file", E, "Data file is empty",
              "This data file is empty: it has no header row.",
              "Add a header row such as `Year,Value` and the data below it, or delete the file.",
              "A data file needs at least a header row."),
    IssueType("file-leading-blank-lines", W, "File starts with blank lines",
              "This file starts with {count} blank line(s) before its {what}.",
              "Delete the empty line(s) at the top so that the {what} starts on line 1.",
              "A CSV header or Markdown front matter belongs on the first line; sdgkit skips the blank "
              "lines, but other tools read the blank line as the header or miss the metadata."),
    IssueType("csv-parse-error", E, "CSV cannot be parsed",
              "The CSV could not be parsed: {problem}.",
              "Check quotes around this line: a quote opened and not closed swallows the rest of the file.",
              "The file breaks the CSV format itself."),
    IssueType("csv-ragged-row", E, "Row has the wrong number of cells",
              "This row has {found} cells but the header has {expected}.",
              "{fix}",
              "Every row must have exactly one cell per column. Extra cells are usually an unquoted comma "
              "inside a value; missing cells would silently be read as blanks, which mean 'total'."),
    IssueType("csv-blank-row", W, "Empty row",
              "This row is empty{more}.",
              "Delete the empty row(s); they are ignored.",
              "Rows with no values carry no observation. The incumbent's check fails on them; sdgkit skips them."),
    IssueType("csv-empty-column-name", E, "Column without a name",
              "Column {position} has no name.",
              "Give the column a name in the header row, or delete it if it is empty.",
              "Every column needs a header; an unnamed column is usually a stray comma at the end of the header."),
    IssueType("csv-duplicate-column", E, "Duplicate column name",
              "The column name `{name}` appears more than once.",
              "Rename or merge the columns so that every name is unique.",
              "Two columns with the same name cannot be told apart."),
    IssueType("csv-header-whitespace", E, "Space around a column name",
              "The column name `{name}` has a space at its {where}.",
              "Delete the space so the column is called `{clean}`.",
              "`Sex ` and `Sex` are different columns to every program: the column will not match its "
              "translations or configuration."),
    IssueType("csv-cell-whitespace", E, "Space around a value",
              "The value `{value}` in column `{name}` has a space at its {where}{more}.",
              "Delete the space so the value is `{clean}`.",
              "`Female ` and `Female` become two different categories in charts and filters."),
    # --- data tables ---------------------------------------------------------------
    IssueType("data-missing-year-column", E, "No Year column",
              "This data file has no `Year` column{near}.",
              "Name the first column `Year` (capital Y, no spaces).",
              "Every Open SDG data file needs a `Year` column with the time period of each row. "
              "The incumbent builder gives no message for this."),
    IssueType("data-missing-value-column", E, "No Value column",
              "This data file has no `Value` column{near}.",
              "Name the last column `Value` (capital V, no spaces).",
              "Every Open SDG data file needs a `Value` column. The incumbent builder crashes with "
              "`ValueError: 'Value' is not in list`."),
    IssueType("data-year-not-first", W, "Year is not the first column",
              "`Year` is column {position}, not the first column.",
              "Move the `Year` column to the front.",
              "Open SDG documents `Year` as the first column; the builder reorders silently, other tools may not."),
    IssueType("data-value-not-last", W, "Value is not the last column",
              "`Value` is column {position} of {count}, not the last column.",
              "Move the `Value` column to the end.",
              "Open SDG documents `Value` as the last column; the builder reorders silently, other tools may not."),
    IssueType("data-value-not-numeric", E, "Value is not a number",
              "The value `{value}` is not a number{more}.",
              "Use digits with a dot as decimal separator and no thousands separators or units "
              "(for example 1234.5); leave the cell empty if there is no data.",
              "Values must be numbers; text such as `n/a`, `12%` or `1,234` cannot be charted."),
    IssueType("data-year-blank", E, "Row without a year",
              "This row has a value but no year{more}.",
              "Fill in the `Year` cell, or delete the row.",
              "Every observation needs a time period."),
    IssueType("data-period-not-year", W, "Period is not a plain year",
              "The period `{value}` is a {kind}, not a plain year{more}.",
              "Charts place it at year {year}. If this period form is intended, add `{kind_id}` to "
              "`periods: accept:` in the configuration (the default is `[year]`).",
              "Open SDG charts expect plain years. Other recognised period forms (quarters, months, ranges, "
              "financial years) are read, placed at their first year, and reported so you can decide."),
    IssueType("data-period-unrecognised", W, "Period not recognised",
              "The period `{value}` is not a year or any recognised period form{more}.",
              "Write the year as four digits (for example 2019), or describe this form under "
              "`periods: patterns` in the configuration.",
              "A period sdgkit cannot place on a time axis is kept as text and left out of charts."),
    IssueType("data-no-rows", W, "Data file has no rows",
              "This data file has a header but no data rows.",
              "Add the data, or delete the file if the indicator has no data yet.",
              "A file with only a header produces an empty chart."),
    IssueType("data-duplicate-observation", W, "Repeated observation",
              "This row repeats line {first}: same year and breakdown, same value {value}{more}.",
              "Delete the repeated row.",
              "The same observation appears twice. It is harmless for charts but doubles counts in downloads."),
    IssueType("data-conflicting-observation", W, "Conflicting observations",
              "This row has the same year and breakdown as line {first} but a different value "
              "({value} here, {other} there){more}.",
              "Keep one of the rows, or add a column (for example `Series` or `Units`) that tells them apart.",
              "Two different numbers for the same year and breakdown: a chart cannot show both, and readers "
              "cannot tell which is right. The build publishes both rows as written, as Open SDG does "
              "(`--strict` makes this an error)."),
    IssueType("data-geocode-unknown", W, "GeoCode not on the map",
              "The GeoCode `{value}` is not in any configured map layer{more}.",
              "Check the code against the boundary file (property `{id_property}`) or add a map layer that has it.",
              "Regions whose code is not in a boundary file cannot be drawn on the map."),
    # --- SDMX data ------------------------------------------------------------------
    IssueType("sdmx-read-failed", E, "File cannot be read as SDMX",
              "This file cannot be read as SDMX: {reason}.",
              "Check that it is an SDMX-ML 2.1 data message (generic or structure-specific) or SDMX-JSON data "
              "(for `InputSdmxMeta`: an SDMX-ML 2.1 generic metadata message), "
              "for example by opening it in the SDMX Converter. A structure-specific message needs the DSD it was "
              "written for: set `dsd:` on the input to a copy of that DSD in the repository.",
              "SDMX inputs (`InputSdmxMl_Structure`, `InputSdmxMl_StructureSpecific`, `InputSdmxMl_Multiple`, "
              "`InputSdmxJson`) read data messages, and `InputSdmxMeta` reads generic metadata messages. A file "
              "that is not one, or that does not match the DSD, gives no data or metadata; the other files of "
              "the input are still read."),
    IssueType("sdmx-unknown-series", W, "SDMX series without an indicator",
              "The series `{series}` is not tied to any indicator, so its {count} {items} are skipped.",
              "Add it to `indicator_id_map` of this input, for example `{series}: 1-1-1`, or use a DSD whose "
              "`SERIES` codes carry `Indicator` annotations.",
              "The indicator of an SDMX series comes from the `Indicator` annotation of its `SERIES` code in the "
              "DSD (the global SDG DSD has them), or from the input's `indicator_id_map`; so does the indicator of "
              "an SDG metadata report (`InputSdmxMeta`). Like Open SDG, sdgkit skips series that neither names."),
    IssueType("sdmx-conflicting-series", W, "SDMX series repeated with other attributes",
              "The series `{value}` appears again here (first on line {first}) with other attributes: "
              "{differences}.",
              "Merge the two `<Series>` into one, or correct the attribute that differs.",
              "A series key identifies one series, so its attributes (such as the unit of measure) must be the "
              "same wherever it appears. SDMX tools keep one of the two sets of attributes without a word; "
              "sdgkit keeps each set on its own observations and reports the conflict."),
    IssueType("sdmx-output-invalid", E, "SDMX output setting not understood",
              "The SDMX output settings cannot be used: {value}.",
              "Fix `sdmx_output` or `sdmx_output_global` in the configuration (docs/sdmx.md lists every option).",
              "`sdmx_output` needs a `dsd`; `sdmx_output_global` is `true` or a set of options such as "
              "`column_map`, `code_map`, `default_values` and `sender_id`."),
    IssueType("sdmx-output-failed", E, "SDMX output not made",
              "The SDMX output `{value}` cannot be made: {reason}.",
              "Check the `dsd`, `column_map` and `code_map` files named in the configuration.",
              "Without its data structure definition no SDMX message can be written; the rest of the build is "
              "written as usual."),
    IssueType("sdmx-output-problem", W, "SDMX output needs attention",
              "SDMX output `{value}`: {problem}",
              "See the SDMX mapping report page of the build for the rows concerned.",
              "Something was written differently than configured, or rows of two indicators collide in a "
              "combined file."),
    IssueType("sdmx-rows-not-exported", W, "Rows left out of the SDMX output",
              "{count} of {total} rows cannot be exported to `{output}`: {reasons}.",
              "{fixes}",
              "Every row that the SDMX output leaves out has a reason: a column without a concept of the DSD, a "
              "value without a code, a series outside the global content constraints, a period that is not an "
              "SDMX time period. The mapping report of the build lists the mappings that unlock the most rows."),
    # --- YAML and metadata ---------------------------------------------------------
    IssueType("yaml-syntax", E, "YAML syntax error",
              "The file could not be read because of a YAML syntax error: {problem}.",
              "YAML errors often involve quotes or a colon (:) in a value near this line: put such values in "
              "quotes, and check indentation.",
              "Metadata and configuration are YAML; a syntax error makes the whole file unreadable."),
    IssueType("yaml-too-complex", E, "YAML too complex",
              "The YAML in this file is nested too deeply or expands to more than {limit} values "
              "(through `&anchor` / `*alias` references).",
              "Write the values out instead of using references, and keep lists and fields shallow.",
              "Protects against 'billion laughs' files that would exhaust memory."),
    IssueType("yaml-not-mapping", E, "Metadata is not a set of fields",
              "The metadata must be a list of `field: value` lines, not {kind}.",
              "Start each line with a field name followed by a colon, for example `reporting_status: complete`.",
              "The top level of a metadata file is a mapping of field names to values."),
    IssueType("yaml-duplicate-key", W, "Field given twice",
              "The field `{key}` is given twice (first on line {first}); only the last value is kept.",
              "Delete one of the two lines.",
              "YAML keeps only the last value of a repeated field, so the first is silently lost."),
    IssueType("metadata-front-matter", E, "Markdown metadata without front matter",
              "{problem}",
              "Start the file with a line `---`, then the fields, then another `---` line, then the page text.",
              "Markdown metadata files keep their fields in YAML 'front matter' between two `---` lines."),
    IssueType("metadata-wrong-type", E, "Metadata field has the wrong type",
              "The field `{key}` should be {expected}, not {found}.",
              "{fix}",
              "The metadata schema declares the kind of value each field holds."),
    IssueType("metadata-invalid-option", E, "Metadata value not allowed",
              "The value `{value}` of field `{key}` is not one of the allowed values: {allowed}.",
              "Use one of the allowed values (they are case-sensitive).",
              "Select and multi-select fields only accept the options the schema lists."),
    IssueType("metadata-missing-field", W, "Metadata field missing",
              "The field `{key}` is missing; {fallback}.",
              "Add `{key}:` to the indicator's metadata or configuration.",
              "Some fields are required by the schema; sdgkit uses the incumbent's default and tells you."),
    IssueType("metadata-reserved-key", W, "Reserved field name",
              "The field `{key}` is reserved by the website and cannot be used as metadata.",
              "Rename the field.",
              "Open SDG reserves some names (goal, target, indicator, name, number, url, …) for its own use."),
    IssueType("metadata-unknown-language", W, "Metadata for an unconfigured language",
              "There is metadata for language `{lang}`, which is not in `languages` ({languages}).",
              "Add `{lang}` to `languages`, or remove the folder if it is no longer needed.",
              "Translated metadata in a language sub-folder is only used for configured languages."),
    IssueType("metadata-overridden", I, "Metadata value replaced",
              "The field `{key}` from {earlier} is replaced by this file's value.",
              "If both files should not set this field, remove it from one of them.",
              "When several inputs describe the same indicator, later inputs win (as in Open SDG)."),
    IssueType("metadata-unknown-translation-key", W, "Unknown translation key",
              "The field `{key}` refers to the translation `{value}`, which does not exist.",
              "Check the spelling, or add the key to translations/<language>/{group}.yml.",
              "A value such as `global_indicators.1-1-1-title` is replaced by its translation; an unknown "
              "key would be shown as it is."),
    IssueType("metadata-invalid-setting", W, "Invalid indicator setting",
              "The setting `{key}` is invalid: {problem}.",
              "See docs/indicator-settings.md for the allowed values.",
              "Indicator configuration fields that drive charts, maps and status have fixed forms. The build "
              "publishes the value as written (nothing is lost), but the site may ignore it or misread it "
              "(`--strict` makes this an error)."),
    IssueType("schema-invalid", E, "Metadata schema cannot be used",
              "The metadata schema is not usable: {problem}.",
              "The schema must have `prose: metadata: meta:` with a list of fields, each with a `name`.",
              "The metadata schema (`_prose.yml` or `metadata_schema.yml`) lists the metadata fields."),
    # --- indicators ----------------------------------------------------------------
    IssueType("indicator-invalid-id", E, "Invalid indicator id",
              "`{value}` cannot be used as an indicator id.",
              "Use letters, digits and dashes, for example `1-2-1` or `national-3`.",
              "Indicator ids come from file names; they become web addresses, so they must be simple."),
    IssueType("indicator-unknown-id", W, "Not a global SDG indicator",
              "`{value}` looks like an SDG number but is not a global SDG indicator.",
              "If it is a national indicator, mark it `standalone: true` or check the number for a typo.",
              "Ids of the form goal-target-indicator are checked against the global framework."),
    IssueType("indicator-duplicate-data", E, "Two data files for one indicator",
              "Indicator {indicator} also has data in {other}; the two would be merged.",
              "Keep one data file per indicator.",
              "Two data files map to the same indicator id."),
    IssueType("indicator-data-without-metadata", W, "Data without metadata",
              "Indicator {indicator} has data but no metadata.",
              "Add a metadata file for it (for example meta/{indicator}.md or indicator-config/{indicator}.yml).",
              "Without metadata the indicator has no title or description on the site."),
    IssueType("indicator-metadata-without-data", I, "Metadata without data",
              "Indicator {indicator} has metadata but no data file.",
              "Add data/indicator_{indicator}.csv when data becomes available.",
              "Normal for indicators not yet reported; a warning instead when the indicator is marked "
              "complete and statistical (see indicator-complete-without-data)."),
    IssueType("indicator-complete-without-data", W, "Complete indicator without data",
              "Indicator {indicator} is marked `reporting_status: complete` and statistical but has no data.",
              "Add its data file, or set `data_non_statistical: true` or another reporting status.",
              "The site would show a complete indicator with an empty chart."),
    IssueType("indicator-map-without-geocode", E, "Map enabled without GeoCode data",
              "Indicator {indicator} has `data_show_map: true` but its data has no `GeoCode` values.",
              "Add a `GeoCode` column, or set `data_show_map: false`.",
              "A map needs region codes in the data (same check as the incumbent builder)."),
    # --- translations and maps ------------------------------------------------------
    IssueType("translation-missing-key", W, "Translation missing",
              "{count} translation(s) of group `{group}` exist in `{base}` but not in `{lang}`: {examples}.",
              "Add them to translations/{lang}/{group}.yml.",
              "Untranslated text is shown in the default language."),
    IssueType("translation-language-unavailable", W, "No translations for a language",
              "No translations exist for language `{lang}`, built in or in the repository.",
              "Add a translations/{lang}/ folder, starting from a copy of translations/en/.",
              "sdgkit ships the SDG titles and interface text in 26 languages."),
    IssueType("translation-not-text", W, "Translation is not text",
              "The translation `{key}` is not a piece of text.",
              "Put the translation on one line after the key, in quotes if it contains a colon.",
              "Translation files map keys to text; nested lists or numbers are ignored."),
    IssueType("geojson-invalid", E, "Boundary file unusable",
              "The map boundary file cannot be used: {problem}.",
              "Export the boundaries again as GeoJSON (a FeatureCollection).",
              "Map layers need a GeoJSON FeatureCollection."),
    IssueType("geojson-missing-property", E, "Boundary without id or name",
              "{count} feature(s) lack the property `{property}` (used as {role}).",
              "Check `{setting}` of this map layer against the properties in the file.",
              "Each region in a boundary file needs the id and name properties the map layer names."),
    # --- progress towards the targets (docs/progress.md) ------------------------------------
    IssueType("progress-option-invalid", W, "Progress option not understood",
              "Item {item} of `progress_calculation_options` is left out: {problem}.",
              "Fix the item (see docs/progress.md for every option); without a usable item the headline is assessed.",
              "Each item selects one series (`unit`, `series`, `disaggregation`) and says how to assess it "
              "(`direction: positive|negative`, `base_year`, `target_year`, `target`, `limit`, "
              "`progress_thresholds`)."),
    IssueType("progress-filter-not-found", W, "Progress series filter matches nothing",
              "Progress of `{series}`: the {missing} `{wanted}` is not in column `{data_column}` of the "
              "data, so this filter is skipped.",
              "Correct the name in `progress_calculation_options` (it must match the CSV exactly, before translation).",
              "Like Open SDG, a filter that matches nothing is ignored, which can make another series be assessed."),
    IssueType("progress-no-headline", W, "No headline series to assess",
              "Progress of `{series}` cannot be assessed: the data has no rows with every breakdown blank.",
              "Add `disaggregation` (for example `- field: Sex` / `value: Total`) to the item in "
              "`progress_calculation_options`.",
              "Without `disaggregation`, the progress measure uses the headline (the national total)."),
    IssueType("progress-many-series", W, "Progress series is ambiguous",
              "Progress of `{series}` cannot be assessed: the chosen rows still have several values in "
              "`{data_column}` ({values}).",
              "Choose one with `unit:`, `series:` or `disaggregation:` in `progress_calculation_options`.",
              "A progress assessment follows one time series: one value per year."),
    IssueType("progress-duplicate-year", W, "Two values for one year",
              "Progress of `{series}` cannot be assessed: {year} has two values ({first} and {second}).",
              "Narrow the series with `unit`, `series` or `disaggregation`, or remove the duplicate row.",
              "A progress assessment follows one time series: one value per year."),
    IssueType("progress-no-data", W, "No data to assess progress",
              "Progress of `{series}` cannot be assessed: there are no values.",
              "Add data, or switch `auto_progress_calculation` off until there is some.",
              "The status shown is 'Not available'."),
    IssueType("progress-cannot-assess", W, "Progress cannot be assessed",
              "Progress of `{series}` cannot be assessed: {explanation}",
              "{fix}",
              "The status shown is 'Not available'; docs/progress.md lists every reason and its remedy."),
    IssueType("progress-zero-replaced", W, "Zero replaced by 0.001",
              "The {what} ({year}) is 0; as in Open SDG it is replaced by 0.001 for the growth rate.",
              "Check the result, or give values in a `Progress` column that are never 0 (for example 100 + value).",
              "Growth rates cannot start from or aim at 0; the replacement makes the result depend on the "
              "scale of the numbers."),
    IssueType("progress-limit-ignored", W, "Limit ignored when there is a target",
              "The `limit: {limit}` is ignored because this series has a `target`.",
              "Remove `limit`, or remove `target` to assess against fixed growth rates.",
              "The limit coefficient only scales the fixed rates used when there is no numeric target."),
    IssueType("progress-limit-passed", W, "Base value beyond the limit",
              "The base value {base} is already beyond the limit {limit} in the desired direction.",
              "Check `limit` and `direction` in `progress_calculation_options`.",
              "A limit is a value the indicator cannot pass (such as 100 %); a base beyond it usually means "
              "the limit or the direction is wrong."),
    IssueType("progress-status-overridden", I, "Manual progress status not used",
              "`progress_status: {manual}` is not used because `auto_progress_calculation` is on.",
              "Remove one of the two: the computed status wins while both are set.",
              "Open SDG 2.4 also writes the computed status over a manual one."),
    IssueType("progress-status-unknown", W, "Unknown progress status",
              "`progress_status: {value}` is not a known status ({allowed}).",
              "Use one of the known statuses, or add it to `progress_status.status_types` in the site settings.",
              "Unknown statuses show without a label or icon."),
    # --- the website ---------------------------------------------------------------------
    IssueType("page-no-title", W, "Page without a title",
              "This page has no `title` in its front matter; its file name is used instead.",
              "Add `title: ...` between the `---` lines at the top of the file.",
              "Page titles appear in the menu, the browser tab and search results."),
    IssueType("page-address-conflict", W, "Two pages at one address",
              "The page `{value}` would be published at `{path}`, which {other} already uses; it is skipped.",
              "Give one of them another `permalink`.",
              "Each address of the site serves one page; data service folders and indicator pages come first."),
    IssueType("site-untranslated-text", W, "Interface text not translated",
              "{count} interface text(s) have no `{lang}` translation and show in another language: {examples}.",
              "Add them to translations/{lang}/<group>.yml (the group is the part before the dot).",
              "The site falls back to the default language, marked with its own `lang` so readers can tell."),
    IssueType("site-template-error", E, "Template cannot be used",
              "The template `{value}` cannot be used: {problem}.",
              "Fix the template, or delete it to use the built-in one.",
              "A site's own templates override the built-in ones block by block (Jinja)."),
    IssueType("site-colour-contrast", W, "Colour contrast too low",
              "The colour `{value}` of `{key}` has a contrast of {ratio}:1 with {against}; at least 4.5:1 is needed.",
              "Choose a darker colour (check it with any WCAG contrast checker).",
              "WCAG 2.1 AA asks for 4.5:1 between text and its background."),
    IssueType("site-file-missing", W, "Site file not found",
              "The setting `{key}` names `{value}`, which is not among the site's static files.",
              "Put the file in the `assets/` folder of the repository (or fix the path), e.g. `assets/logo.png`.",
              "Logos, icons, style sheets and scripts are published from the static folder; a missing "
              "one would show as a broken image or be ignored by browsers."),
    IssueType("site-search-failed", W, "Search index not made",
              "The full-text search index could not be made ({reason}); the search page falls back to "
              "finding indicators by number and title.",
              "Reinstall sdgkit (the `pagefind` binary comes with it) and build again.",
              "Pagefind makes the search index; without it every page still works."),
]

CATALOG: dict[str, IssueType] = {issue_type.code: issue_type for issue_type in _TYPES}


class _Blank(dict[str, object]):
    """Format mapping that leaves unknown placeholders empty instead of failing."""

    def __missing__(self, key: str) -> str:
        return ""


def fill(template: str, params: Mapping[str, str]) -> str:
    """``template`` with its placeholders filled from ``params``, missing ones left empty.

    Shared with :mod:`sdgkit.validate.localize` so that a translated message treats a
    missing parameter exactly as the English one does.
    """
    return template.format_map(_Blank(params))


def make_issue(
    code: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    value: object = None,
    indicator: str | None = None,
    severity: Severity | None = None,
    **params: object,
) -> Issue:
    """Build an issue of a catalogued kind, filling the message templates.

    ``value`` is also available to templates as ``{value}``; ``severity`` overrides
    the catalogue's default where a check knows better. The parameters are kept on
    the issue as text, so the message can be filled again in another language.
    """
    kind = CATALOG[code]
    shown = None if value is None else str(value)
    texts = _texts(params, value="" if shown is None else shown, indicator=indicator or "")
    return Issue(
        code=code,
        severity=severity or kind.severity,
        message=fill(kind.message, texts),
        hint=fill(kind.hint, texts),
        file=file,
        line=line,
        column=column,
        value=shown,
        indicator=indicator,
        params=tuple(sorted(texts.items())),
    )


def _texts(params: Mapping[str, object], **always: str) -> dict[str, str]:
    """The parameters as the text a placeholder shows (``format(item, "")``), plus ``always``.

    Formatting once here, instead of in each template, makes the stored text exactly
    what the English message shows, whatever the type of the parameter.
    """
    texts = {key: format(item, "") for key, item in params.items()}
    return always | texts
