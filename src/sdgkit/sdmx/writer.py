"""SDMX-ML 2.1 structure-specific data messages, written with lxml.

sdgkit writes its own messages rather than going through sdmx1 (its writer omits attributes the
XSD requires) or pysdmx (malformed XML on an apostrophe in real data). The layout is the SDMX
Converter's, which the UN's SDG data lab and the incumbent's tests read: ``message:Structure``
with ``structureID``, ``namespace`` and ``dimensionAtObservation``; ``message:DataSet`` with
``ss:dataScope="DataStructure"``, ``xsi:type`` and ``ss:structureRef``; one ``Series`` element
per key with the key and the series attributes as XML attributes, and one ``Obs`` per period.

The output depends only on its inputs: the preparation time is passed in, so two builds of
the same data are byte-identical. lxml escapes ``<``, ``&`` and quotes; characters XML cannot
carry at all (control characters) are replaced by U+FFFD rather than failing the build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from sdgkit.sdmx.mapping import Series
from sdgkit.sdmx.structure import Dsd

MESSAGE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
COMMON = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
STRUCTURE_SPECIFIC = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: what the SDMX ``IDType`` allows (header ids, sender ids, data set ids)
_ID = re.compile(r"[A-Za-z0-9_@$\-]+")
_NOT_ID = re.compile(r"[^A-Za-z0-9_@$\-]+")
#: characters XML 1.0 cannot represent, even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Header:
    """The message header; ``prepared`` is given so that output is reproducible."""

    prepared: datetime
    sender: str = "sdgkit"
    #: ``None``: ``IREF`` and the preparation time in seconds, as the incumbent writes it
    id: str | None = None
    test: bool = True
    #: written as ``DataSetID`` (the indicator, the goal or ``all``)
    dataset_id: str | None = None

    @property
    def message_id(self) -> str:
        return sdmx_id(self.id) if self.id else f"IREF{int(_utc(self.prepared).timestamp())}"

    @property
    def prepared_text(self) -> str:
        return _utc(self.prepared).strftime("%Y-%m-%dT%H:%M:%SZ")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML cannot carry (control characters, lone surrogates) replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def sdmx_id(text: str) -> str:
    """``text`` as an SDMX id: kept when valid, otherwise runs of other characters become ``-``."""
    if _ID.fullmatch(text):
        return text
    return _NOT_ID.sub("-", text).strip("-") or "sdgkit"


def structure_id(dsd: Dsd) -> str:
    """The id the header gives the structure, in the Converter's form (``IAEG-SDGs_SDG_1_8``)."""
    return sdmx_id(f"{dsd.agency}_{dsd.id}_{dsd.version}".replace(".", "_"))


def structure_namespace(dsd: Dsd) -> str:
    """The namespace of the DSD-specific schema, with time as the observation dimension."""
    return f"{dsd.urn}:ObsLevelDim:{dsd.time_dimension}"


def write_structure_specific(series: Iterable[Series], dsd: Dsd, header: Header) -> bytes:
    """One structure-specific data message holding ``series`` (already mapped and checked)."""
    namespace = structure_namespace(dsd)
    root = etree.Element(f"{{{MESSAGE}}}StructureSpecificData", nsmap={
        "message": MESSAGE, "common": COMMON, "ss": STRUCTURE_SPECIFIC, "xsi": XSI, "ns1": namespace})
    root.append(_header(dsd, header, namespace))
    dataset = etree.SubElement(root, f"{{{MESSAGE}}}DataSet", {
        f"{{{STRUCTURE_SPECIFIC}}}dataScope": "DataStructure",
        f"{{{XSI}}}type": "ns1:DataSetType",
        f"{{{STRUCTURE_SPECIFIC}}}structureRef": structure_id(dsd),
        f"{{{STRUCTURE_SPECIFIC}}}action": "Information",
    })
    for one in series:
        _series(dataset, one, dsd)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _header(dsd: Dsd, header: Header, namespace: str) -> etree._Element:
    element = etree.Element(f"{{{MESSAGE}}}Header")
    _text(element, "ID", header.message_id)
    _text(element, "Test", "true" if header.test else "false")
    _text(element, "Prepared", header.prepared_text)
    etree.SubElement(element, f"{{{MESSAGE}}}Sender", id=sdmx_id(header.sender))
    structure = etree.SubElement(element, f"{{{MESSAGE}}}Structure", structureID=structure_id(dsd),
                                 namespace=namespace, dimensionAtObservation=dsd.time_dimension)
    reference = etree.SubElement(structure, f"{{{COMMON}}}Structure")
    etree.SubElement(reference, "Ref", agencyID=dsd.agency, id=dsd.id, version=dsd.version)
    _text(element, "DataSetAction", "Information")
    if header.dataset_id:
        _text(element, "DataSetID", sdmx_id(header.dataset_id))
    return element


def _text(parent: etree._Element, name: str, text: str) -> None:
    etree.SubElement(parent, f"{{{MESSAGE}}}{name}").text = text


def _series(dataset: etree._Element, series: Series, dsd: Dsd) -> None:
    element = etree.SubElement(dataset, "Series", _attributes(series.key, series.attributes))
    for observation in series.observations:
        values = {dsd.time_dimension: observation.time, dsd.measure: observation.value}
        etree.SubElement(element, "Obs", _attributes(values, observation.attributes))


def _attributes(*groups: Mapping[str, str]) -> dict[str, str]:
    """XML attributes in the order given (key before attributes), with unrepresentable characters replaced."""
    return {name: xml_safe(value) for group in groups for name, value in group.items()}


def _utc(moment: datetime) -> datetime:
    """Naive times are taken as UTC (a build passes UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
