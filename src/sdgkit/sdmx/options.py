"""The settings of an SDMX output: ``sdmx_output`` and ``sdmx_output_global`` in the configuration.

The keys and defaults are the incumbent's (sdg-build ``OutputSdmxMl``), so a repository's
``config_data.yml`` works unchanged. The two outputs differ only in their defaults:
``sdmx_output`` names a national DSD and writes to ``sdmx/``; ``sdmx_output_global`` forces the
global SDG DSD, switches every constraint on and writes to ``sdmx-global/``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: what ``sdmx_output_global`` switches on before the user's own keys apply
_GLOBAL_DEFAULTS: dict[str, Any] = {
    "structure_specific": True,
    "constrain_data": True,
    "constrain_meta": True,
    "global_content_constraints": True,
    "output_subfolder": "sdmx-global",
}


class CodeMapEntry(BaseModel):
    """One line of a code map: the national ``text`` of a ``dimension`` stands for ``value``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    text: str = Field(alias="Text")
    dimension: str = Field(alias="Dimension")
    value: str = Field(alias="Value")

    @field_validator("text", "dimension", "value", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        """YAML reads ``0`` or ``826`` as numbers; a code is always text."""
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class SdmxOutputOptions(BaseModel):
    """One SDMX output, as configured; file paths are relative to the repository root."""

    model_config = ConfigDict(extra="forbid")

    #: repository path of a national DSD (an SDMX-ML structure message); ``None``: the global SDG DSD
    dsd: str | None = None
    #: repository path of a metadata structure (MSD); ``None``: the SDG metadata concepts
    msd: str | None = None
    #: structure-specific (the default) rather than generic SDMX-ML
    structure_specific: bool = True
    #: national column name → DSD concept: a CSV file (``Text,Value``) or the mapping itself
    column_map: str | dict[str, str] | None = None
    #: national label → code per concept: a CSV file (``Text,Dimension,Value``) or the lines themselves
    code_map: str | list[CodeMapEntry] | None = None
    #: concept → value used when neither the row nor the metadata gives one
    default_values: dict[str, str] = Field(default_factory=dict)
    sender_id: str | None = None
    header_id: str | None = None
    #: drop rows with a column or a code the DSD does not know (otherwise they are written as they are)
    constrain_data: bool = False
    #: keep only metadata concepts of the MSD
    constrain_meta: bool = True
    #: drop rows that break the draft global content constraints of their SDG series
    global_content_constraints: bool = False
    output_subfolder: str = "sdmx"
    #: REF_AREA and REPORTING_TYPE of the metadata reports (else the first in the data)
    meta_ref_area: str | None = None
    meta_reporting_type: str | None = None

    @field_validator("default_values", mode="before")
    @classmethod
    def _codes_as_text(cls, value: Any) -> Any:
        """``REF_AREA: 826`` is read by YAML as a number; codes are text."""
        if isinstance(value, dict):
            return {str(key): str(item) for key, item in value.items() if item is not None}
        return value

    @field_validator("column_map", mode="before")
    @classmethod
    def _column_pairs(cls, value: Any) -> Any:
        """Also accept a list of ``{Text, Value}`` lines, the shape of the CSV file."""
        if isinstance(value, list):
            return {str(_key(line, "text")): str(_key(line, "value")) for line in value if isinstance(line, dict)}
        return value

    @classmethod
    def for_global(cls, raw: bool | dict[str, Any] | None) -> SdmxOutputOptions:
        """``sdmx_output_global``: ``true`` for the defaults, or a dict of overrides.

        The global DSD is forced (as the incumbent does): a ``dsd`` key is ignored.
        """
        overrides = dict(raw) if isinstance(raw, dict) else {}
        overrides.pop("dsd", None)
        return cls.model_validate({**_GLOBAL_DEFAULTS, **overrides})

    @classmethod
    def for_national(cls, raw: bool | dict[str, Any] | None) -> SdmxOutputOptions | None:
        """``sdmx_output``: like the incumbent, only an output when a ``dsd`` is named."""
        if not isinstance(raw, dict) or not raw.get("dsd"):
            return None
        return cls.model_validate(raw)

    @property
    def is_global(self) -> bool:
        return self.dsd is None


def _key(line: dict[str, Any], name: str) -> Any:
    """A key of a mapping line, whatever its case (``Text`` or ``text``)."""
    return next((value for key, value in line.items() if str(key).strip().lower() == name), "")


def configured_outputs(sdmx_output: Any, sdmx_output_global: Any) -> list[SdmxOutputOptions]:
    """The SDMX outputs a configuration asks for, national first (raises pydantic's ValidationError)."""
    outputs: list[SdmxOutputOptions] = []
    national = SdmxOutputOptions.for_national(sdmx_output)
    if national is not None:
        outputs.append(national)
    if sdmx_output_global is True or isinstance(sdmx_output_global, dict):
        outputs.append(SdmxOutputOptions.for_global(sdmx_output_global))
    return outputs
