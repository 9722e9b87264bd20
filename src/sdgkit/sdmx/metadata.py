"""SDMX-ML 2.1 generic metadata: an indicator's metadata as SDG metadata reports (``sdmx/meta/``).

As the incumbent does: one ``MetadataSet`` per SDG series code the DSD ties to the indicator,
targeted by ``SERIES / REPORTING_TYPE / REF_AREA`` and the SDG dataflow, with one
``ReportedAttribute`` per metadata field in every language of the site. With ``constrain_meta``
only the concepts of the SDG metadata structure (SDG_MSD) are kept.

Differences, all towards reproducible and valid output: the set ids are derived from the
indicator and series (the incumbent draws random UUIDs); ``REPORTING_TYPE`` and ``REF_AREA``
come from ``meta_reporting_type`` / ``meta_ref_area``, else from the indicator's mapped SDMX
series (so ``default_values`` count, where the incumbent only looks at data columns); texts
are escaped by lxml rather than wrapped in CDATA (the same text once parsed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from sdgkit.sdmx.mapping import SERIES, MappedIndicator
from sdgkit.sdmx.writer import COMMON, MESSAGE, Header, sdmx_id, xml_safe

GENERIC_METADATA = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/metadata/generic"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MSD_URN = "urn:sdmx:org.sdmx.infomodel.metadatastructure.MetadataStructure=IAEG-SDGs:SDG_MSD(0.3)"
DATAFLOW_URN = "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=IAEG-SDGs:DF_SDG_GLC(1.0)"
#: the concepts of the SDG metadata structure, in the order of the SDG metadata template
SDG_MSD_CONCEPTS = (
    "SDG_INDICATOR_INFO", "SDG_GOAL", "SDG_TARGET", "SDG_INDICATOR", "SDG_SERIES_DESCR", "META_LAST_UPDATE",
    "SDG_RELATED_INDICATORS", "SDG_CUSTODIAN_AGENCIES",
    "CONTACT", "CONTACT_ORGANISATION", "CONTACT_NAME", "ORGANISATION_UNIT", "CONTACT_FUNCT", "CONTACT_PHONE",
    "CONTACT_MAIL", "CONTACT_EMAIL",
    "IND_DEF_CON_CLASS", "STAT_CONC_DEF", "UNIT_MEASURE", "CLASS_SYSTEM",
    "SRC_TYPE_COLL_METHOD", "SOURCE_TYPE", "COLL_METHOD", "FREQ_COLL", "REL_CAL_POLICY", "DATA_SOURCE",
    "COMPILING_ORG", "INST_MANDATE",
    "OTHER_METHOD", "RATIONALE", "REC_USE_LIM", "DATA_COMP", "DATA_VALIDATION", "ADJUSTMENT", "IMPUTATION",
    "REG_AGG", "DOC_METHOD", "QUALITY_MGMNT", "QUALITY_ASSURE", "QUALITY_ASSMNT",
    "COVERAGE", "COMPARABILITY", "OTHER_DOC",
)


@dataclass(frozen=True, slots=True)
class MetadataSet:
    """One metadata report: a series of an indicator, and each concept's text per language."""

    indicator: str
    series: str
    reporting_type: str
    ref_area: str
    #: concept → ((language, text), …)
    concepts: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def metadata_sets(indicator: str, languages: Mapping[str, Mapping[str, Any]], series_codes: Sequence[str],
                  mapped: MappedIndicator, *, constrain: bool = True, reporting_type: str | None = None,
                  ref_area: str | None = None) -> tuple[list[MetadataSet], str]:
    """The reports of one indicator, or none and why; ``languages`` maps language → its translated metadata."""
    concepts = _concepts(languages, constrain)
    reporting_type = reporting_type or _first_key_value(mapped, "REPORTING_TYPE")
    ref_area = ref_area or _first_key_value(mapped, "REF_AREA")
    if not concepts:
        return [], "no metadata field is a concept of the SDG metadata structure" if constrain else "no metadata"
    if not series_codes:
        return [], "the DSD ties no SERIES code to this indicator"
    if not reporting_type or not ref_area:
        return [], "REPORTING_TYPE or REF_AREA unknown (set meta_reporting_type and meta_ref_area)"
    return [MetadataSet(indicator, code, reporting_type, ref_area, concepts) for code in series_codes], ""


def _concepts(languages: Mapping[str, Mapping[str, Any]],
              constrain: bool) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    keys: list[str] = []
    for fields in languages.values():
        keys += [key for key in fields if key not in keys]
    allowed = [key for key in (SDG_MSD_CONCEPTS if constrain else keys) if key in keys and sdmx_id(key) == key]
    found = []
    for key in allowed:
        texts = tuple((language, text) for language, fields in languages.items()
                      if (text := _text(fields.get(key))))
        if texts:
            found.append((key, texts))
    return tuple(found)


def _text(value: Any) -> str:
    """Metadata values as text: lists one item a line, nothing for empty values."""
    if value is None or value == "" or isinstance(value, dict):
        return ""
    if isinstance(value, list):
        return "\n".join(_text(item) for item in value if _text(item))
    return str(value).strip()


def _first_key_value(mapped: MappedIndicator, concept: str) -> str:
    return next((series.key[concept] for series in mapped.series if concept in series.key), "")


def write_generic_metadata(sets: Iterable[MetadataSet], header: Header) -> bytes:
    """A GenericMetadata message with one MetadataSet per report."""
    root = etree.Element(f"{{{MESSAGE}}}GenericMetadata",
                         nsmap={"mes": MESSAGE, "gen": GENERIC_METADATA, "com": COMMON})
    _header(root, header)
    for one in sets:
        _metadata_set(root, one)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _header(root: etree._Element, header: Header) -> None:
    element = etree.SubElement(root, f"{{{MESSAGE}}}Header")
    etree.SubElement(element, f"{{{MESSAGE}}}ID").text = header.message_id
    etree.SubElement(element, f"{{{MESSAGE}}}Test").text = "true" if header.test else "false"
    etree.SubElement(element, f"{{{MESSAGE}}}Prepared").text = header.prepared_text
    etree.SubElement(element, f"{{{MESSAGE}}}Sender", id=sdmx_id(header.sender))
    structure = etree.SubElement(element, f"{{{MESSAGE}}}Structure", structureID="MDS1")
    etree.SubElement(etree.SubElement(structure, f"{{{COMMON}}}Structure"), "URN").text = MSD_URN


def _metadata_set(root: etree._Element, one: MetadataSet) -> None:
    element = etree.SubElement(root, f"{{{MESSAGE}}}MetadataSet", structureRef="MDS1",
                               setID=sdmx_id(f"{one.indicator}_{one.series}_{one.ref_area}"))
    etree.SubElement(element, f"{{{COMMON}}}Name", {XML_LANG: "en"}).text = "SDG METADATA SET"
    report = etree.SubElement(element, f"{{{GENERIC_METADATA}}}Report", id="SDG_META_RPT")
    target = etree.SubElement(report, f"{{{GENERIC_METADATA}}}Target", id="KEY_TARGET")
    values = etree.SubElement(target, f"{{{GENERIC_METADATA}}}ReferenceValue", id="DIMENSION_DESCRIPTOR_VALUES_TARGET")
    key = etree.SubElement(values, f"{{{GENERIC_METADATA}}}DataKey")
    for concept, value in ((SERIES, one.series), ("REPORTING_TYPE", one.reporting_type), ("REF_AREA", one.ref_area)):
        etree.SubElement(etree.SubElement(key, f"{{{COMMON}}}KeyValue", id=concept), f"{{{COMMON}}}Value").text = value
    dataflow = etree.SubElement(target, f"{{{GENERIC_METADATA}}}ReferenceValue", id="Dataflow")
    reference = etree.SubElement(dataflow, f"{{{GENERIC_METADATA}}}ObjectReference")
    etree.SubElement(reference, "URN").text = DATAFLOW_URN
    attributes = etree.SubElement(report, f"{{{GENERIC_METADATA}}}AttributeSet")
    for concept, texts in one.concepts:
        reported = etree.SubElement(attributes, f"{{{GENERIC_METADATA}}}ReportedAttribute", id=concept)
        for language, text in texts:
            etree.SubElement(reported, f"{{{COMMON}}}Text", {XML_LANG: language}).text = xml_safe(text)
