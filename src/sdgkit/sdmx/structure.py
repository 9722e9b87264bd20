"""A data structure definition (DSD), reduced to what sdgkit needs to read and write SDMX.

SDMX messages are read with sdmx1; its information model is rich and slow to walk, so a
DSD is turned once into a small frozen :class:`Dsd`: the dimensions in key order, the time
dimension, the attributes with the level they attach at, every codelist's codes with their
names in every language, and the SDG annotations that tie a ``SERIES`` code to an indicator.
The global SDG DSD (IAEG-SDGs:SDG, a public standard artefact) ships with sdgkit so that
nothing is downloaded; a national DSD is read from the repository.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

#: attachment of an attribute: to a whole series (its key), or to each observation
Level = Literal["series", "observation", "dataset"]
#: the indicator-id annotation of the SDG DSD's SERIES codes (``1.1.1``)
INDICATOR_ANNOTATION = "Indicator"
TOTAL = "_T"


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    #: language → name
    names: Mapping[str, str]
    #: annotation title → text (the SDG DSD puts the indicator number on SERIES codes)
    annotations: Mapping[str, str] = field(default_factory=dict)

    def name(self, language: str = "en") -> str:
        return self.names.get(language) or next(iter(self.names.values()), self.id)


@dataclass(frozen=True, slots=True)
class Component:
    """A dimension or an attribute, and its allowed codes (empty when not coded: free text)."""

    id: str
    names: Mapping[str, str]
    codes: Mapping[str, Code] = field(default_factory=dict)
    #: attributes only
    level: Level | None = None

    @property
    def coded(self) -> bool:
        return bool(self.codes)


@dataclass(frozen=True, slots=True)
class Dsd:
    """The parts of a DSD sdgkit uses."""

    agency: str
    id: str
    version: str
    #: the series key, in order (the time dimension excluded)
    dimensions: tuple[Component, ...]
    time_dimension: str
    attributes: tuple[Component, ...]
    measure: str = "OBS_VALUE"

    @property
    def urn(self) -> str:
        return f"urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure={self.agency}:{self.id}({self.version})"

    def component(self, concept: str) -> Component | None:
        return next((c for c in (*self.dimensions, *self.attributes) if c.id == concept), None)

    def attributes_at(self, level: Level) -> tuple[Component, ...]:
        return tuple(a for a in self.attributes if a.level == level)

    def indicator_of_series(self) -> dict[str, list[str]]:
        """``SERIES`` code → indicator ids in dash form (``1-1-1``), from the code annotations."""
        series = self.component("SERIES")
        if series is None:
            return {}
        found: dict[str, list[str]] = {}
        for code in series.codes.values():
            text = code.annotations.get(INDICATOR_ANNOTATION)
            if text:
                found[code.id] = [part.strip().replace(".", "-") for part in text.split(",") if part.strip()]
        return found


def load_dsd(source: bytes, structure_id: str | None = None) -> Dsd:
    """The DSD of an SDMX-ML 2.1 structure message (the first one, or ``structure_id``).

    Raises ``ValueError`` with a plain message when the message holds no usable DSD.
    """
    return parse_dsd(source, structure_id)[0]


def parse_dsd(source: bytes, structure_id: str | None = None) -> tuple[Dsd, Any]:
    """The reduced DSD and sdmx1's own object, from one parse (reading a structure-specific
    message needs sdmx1's object; everything else uses the reduced one)."""
    import sdmx  # imported here: sdmx1 takes a moment to import and most builds never need it

    try:
        message = sdmx.read_sdmx(io.BytesIO(source))
    except Exception as error:  # sdmx1 raises many kinds; all mean "not a structure message"
        raise ValueError(f"not an SDMX-ML structure message ({error})") from error
    structures = getattr(message, "structure", {})
    if not structures:
        raise ValueError("the message has no data structure definition")
    dsd = structures[structure_id] if structure_id else next(iter(structures.values()))
    return _reduced(dsd), dsd


def _reduced(dsd: Any) -> Dsd:
    time = next((d.id for d in dsd.dimensions.components if type(d).__name__ == "TimeDimension"), "TIME_PERIOD")
    dimensions = tuple(_component(d) for d in dsd.dimensions.components if d.id != time)
    attributes = tuple(_component(a, _level(a)) for a in dsd.attributes.components)
    measure = next((m.id for m in dsd.measures.components), "OBS_VALUE")
    return Dsd(str(dsd.maintainer.id), str(dsd.id), str(dsd.version), dimensions, time, attributes, measure)


def _component(component: Any, level: Level | None = None) -> Component:
    representation = getattr(component, "local_representation", None)
    codelist = getattr(representation, "enumerated", None) if representation is not None else None
    concept = getattr(component, "concept_identity", None)
    names = _names(getattr(concept, "name", None)) if concept is not None else {}
    codes = {code.id: Code(code.id, _names(code.name), _annotations(code)) for code in codelist} if codelist else {}
    return Component(component.id, names or {"en": component.id}, codes, level)


def _level(attribute: Any) -> Level:
    relationship = type(attribute.related_to).__name__
    if relationship == "PrimaryMeasureRelationship":
        return "observation"
    if relationship == "DimensionRelationship":
        return "series"
    return "dataset"


def _names(text: Any) -> dict[str, str]:
    localizations = getattr(text, "localizations", None) or {}
    return {str(language): str(value) for language, value in localizations.items()}


def _annotations(code: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for annotation in getattr(code, "annotations", []) or []:
        title = annotation.title or annotation.type
        if title:
            found[str(title)] = str(annotation.text) if annotation.text is not None else ""
    return found


@cache
def global_structure_parsed() -> tuple[Dsd, Any]:
    """The global SDG DSD (IAEG-SDGs:SDG) shipped with sdgkit, reduced and as sdmx1's object;
    parsed once per process."""
    packed = resources.files("sdgkit.sdmx").joinpath("data", "SDG_DSD.xml.gz").read_bytes()
    return parse_dsd(gzip.decompress(packed))


def global_dsd() -> Dsd:
    """The global SDG DSD (IAEG-SDGs:SDG) shipped with sdgkit."""
    return global_structure_parsed()[0]


@cache
def global_content_constraints() -> dict[str, dict[str, tuple[str, ...] | None]]:
    """For each global SDG series, the allowed codes of each constrained concept (``None``: any).

    From the incumbent's bundled table (``sdg_global_content_constraints.csv``, MIT): ``ALL``
    allows every code, otherwise a ``;``-separated list.
    """
    text = resources.files("sdgkit.sdmx").joinpath("data", "sdg_global_content_constraints.csv").read_text(
        encoding="utf-8")
    constraints: dict[str, dict[str, tuple[str, ...] | None]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        series = row.pop("SERIES")
        row.pop("Name", None)
        constraints[series] = {concept: None if value.strip() == "ALL" else tuple(v.strip() for v in value.split(";"))
                               for concept, value in row.items() if value is not None}
    return constraints
