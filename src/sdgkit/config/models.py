"""Typed configuration of a site: one model whichever file it came from.

``config_data.yml`` (Open SDG) and ``sdgkit.yml`` are both turned into
:class:`SiteConfig`. Models accept keys they do not know (``extra="allow"``) so that
a configuration written for a newer or older builder still loads; the loader turns
every unknown key into a ``config-unknown-key`` warning with its line.
Defaults are the incumbent's (``sdg-build:sdg/open_sdg.py``).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sdgkit.config.site_options import SiteOptions
from sdgkit.model.periods import BUILT_IN_FORMS, NOTE_KIND

#: Readers sdgkit knows, by format name (sdgkit.yml) — Open SDG class names map here.
DataFormat = Literal[
    "csv-data", "yaml-meta", "yaml-md-meta", "csv-meta", "excel-meta", "word-meta",
    "sdmx-meta", "sdg-metadata", "sdmx-ml-structure", "sdmx-ml-structure-specific",
    "sdmx-ml-multiple", "sdmx-ml-un-api", "sdmx-json", "ckan", "json-stat", "pxweb",
]
METADATA_FORMATS = frozenset(
    {"yaml-meta", "yaml-md-meta", "csv-meta", "excel-meta", "word-meta", "sdmx-meta", "sdg-metadata"})
#: SDMX data messages read from files in the repository (the UN API input only fetches, so it is not here)
SDMX_DATA_FORMATS = frozenset({"sdmx-ml-structure", "sdmx-ml-structure-specific", "sdmx-ml-multiple", "sdmx-json"})
TranslationFormat = Literal["sdg-translations", "yaml", "csv", "sdmx", "sdmx-msd"]


class Section(BaseModel):
    """Base of every configuration section: unknown keys kept, reported later."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class InputSpec(Section):
    """One source of data or metadata (an item of ``inputs``)."""

    format: DataFormat
    path_pattern: str | None = None
    source: str | None = None
    git: bool = True
    git_data_dir: str = "data"
    git_data_filemask: str = "indicator_*.csv"
    meta_suffix: str | None = None
    metadata_mapping: str | dict[str, str] | None = None
    column_map: str | dict[str, str] | None = None
    code_map: str | list[dict[str, str]] | None = None
    sheet_number: int = 0
    request_params: dict[str, Any] | None = None
    # SDMX data inputs (Open SDG ``InputSdmx`` options)
    #: the data structure definition: a structure message in the repository (default: the global SDG DSD)
    dsd: str | None = None
    #: ``SERIES`` code → indicator id (or a list of them), where the DSD's annotations are missing or wrong
    indicator_id_map: dict[str, str | list[str]] | None = None
    drop_dimensions: list[str] = Field(default_factory=list)
    drop_singleton_dimensions: bool = True
    #: concept ids and codes instead of names (recommended: names then come from translations)
    import_codes: bool = False
    import_series_attributes: bool = True
    import_observation_attributes: bool = True

    @property
    def is_metadata(self) -> bool:
        return self.format in METADATA_FORMATS


class TranslationSpec(Section):
    """One source of translations (an item of ``translations``)."""

    format: TranslationFormat
    source: str | None = None
    tag: str | None = None
    branch: str | None = None


class IndicatorOptions(Section):
    """Column roles (Open SDG ``indicator_options``)."""

    non_disaggregation_columns: list[str] = Field(default_factory=lambda: [
        "Year", "Units", "Series", "Value", "GeoCode", "Observation status",
        "Unit multiplier", "Unit measure", "UNIT_MEASURE", "SERIES", "COMMENT_TS",
        "DATA_LAST_UPDATE"])
    observation_attributes: list[str] = Field(default_factory=lambda: ["COMMENT_OBS"])
    series_column: str = "Series"
    unit_column: str = "Units"
    progress_column: str = "Progress"


class MapLayer(Section):
    """A boundary file and how its features join the data (Open SDG ``map_layers``)."""

    geojson_file: str
    name_property: str = "name"
    id_property: str = "id"
    id_column: str = "GeoCode"
    output_subfolder: str = "regions"
    filename_prefix: str = "indicator_"
    exclude_columns: list[str] = Field(default_factory=list)
    id_replacements: dict[str, str] = Field(default_factory=dict)


class PeriodPattern(Section):
    """A site's own period form: a name and a regular expression with a ``year`` group."""

    name: str
    regex: str

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            compiled = re.compile(value)
        except re.error as error:
            raise ValueError(f"not a valid regular expression ({error})") from error
        if "year" not in compiled.groupindex:
            raise ValueError("the expression needs a named group (?P<year>\\d{4})")
        return value


class Periods(Section):
    """Which period forms in ``Year`` are intended (sdgkit only)."""

    accept: list[str] = Field(default_factory=lambda: ["year"])
    patterns: list[PeriodPattern] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_kinds(self) -> Periods:
        known = {form.kind for form in BUILT_IN_FORMS} | {NOTE_KIND} | {p.name for p in self.patterns}
        unknown = [kind for kind in self.accept if kind not in known]
        if unknown:
            raise ValueError(f"unknown period forms in `accept`: {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(known))})")
        return self


class Limits(Section):
    """Safety limits against runaway input (sdgkit only)."""

    max_file_mb: float = Field(200, gt=0)
    max_yaml_values: int = Field(1_000_000, gt=0)


class ProgressConfig(Section):
    """How progress towards the targets is assessed (sdgkit only; indicators opt in with
    ``auto_progress_calculation``, see ``docs/progress.md``)."""

    #: ``statcan`` (Statistics Canada, as Open SDG 2.4) or ``eurostat`` (EU SDG monitoring thresholds)
    method: Literal["statcan", "eurostat"] = "statcan"
    #: used by every series that does not set its own ``base_year`` / ``target_year``
    base_year: int = 2015
    target_year: int = 2030


class DocsMetadataField(Section):
    key: str
    label: str


def _default_inputs() -> list[InputSpec]:
    return [
        InputSpec(format="csv-data", path_pattern="data/*-*.csv"),
        InputSpec(format="yaml-md-meta", path_pattern="meta/*-*.md", git=True),
    ]


def _default_translations() -> list[TranslationSpec]:
    return [TranslationSpec(format="sdg-translations"),
            TranslationSpec(format="yaml", source="translations")]


class SiteConfig(Section):
    """Everything sdgkit needs to read and build one repository."""

    languages: list[str] = Field(default_factory=lambda: ["en"], min_length=1)
    src_dir: str = ""
    site_dir: str = "_site"
    schema_file: str = "_prose.yml"
    schema_: list[dict[str, Any]] | None = Field(None, alias="schema")
    inputs: list[InputSpec] = Field(default_factory=_default_inputs)
    translations: list[TranslationSpec] = Field(default_factory=_default_translations)
    indicator_options: IndicatorOptions = Field(default_factory=IndicatorOptions)
    map_layers: list[MapLayer] = Field(default_factory=list)
    reporting_status_extra_fields: list[str] = Field(default_factory=list)
    datapackage: dict[str, Any] = Field(default_factory=dict)
    csvw: bool | dict[str, Any] | None = None
    data_schema: dict[str, Any] | None = None
    indicator_downloads: list[dict[str, Any]] | None = None
    indicator_export_filename: str = "all_indicators"
    sdmx_output: dict[str, Any] | None = None
    sdmx_output_global: bool | dict[str, Any] | None = None
    docs_branding: str = "Build docs"
    docs_intro: str = ""
    docs_indicator_url: str | None = None
    docs_subfolder: str | None = None
    docs_baseurl: str = ""
    docs_extra_disaggregations: list[str] = Field(default_factory=list)
    docs_translate_disaggregations: bool = False
    docs_metadata_fields: list[DocsMetadataField] = Field(default_factory=list)
    ignore_out_of_scope_disaggregation_stats: bool = False
    logging: list[str] = Field(default_factory=lambda: ["warn"])
    git: bool = True
    git_data_dir: str = "data"
    # sdgkit's own settings
    periods: Periods = Field(default_factory=Periods)
    limits: Limits = Field(default_factory=Limits)
    progress: ProgressConfig = Field(default_factory=ProgressConfig)
    #: the website (``site:`` here, or Open SDG's ``site_config.yml``)
    site: SiteOptions = Field(default_factory=SiteOptions)

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, value: list[str]) -> list[str]:
        bad = [code for code in value if not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", code)]
        if bad:
            raise ValueError(f"not language codes: {', '.join(map(str, bad))}")
        return value

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def in_src(self, path: str) -> str:
        """A configured path, relative to the repository root (inputs live under ``src_dir``)."""
        return str(PurePosixPath(self.src_dir) / path) if self.src_dir else path
