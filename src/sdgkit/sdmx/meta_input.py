"""SDMX-ML 2.1 generic metadata reports (the SDG metadata structure, SDG_MSD) as metadata fragments.

``InputSdmxMeta`` reads the reports the UN SDG Metadata API publishes (and that
:mod:`sdgkit.sdmx.metadata` writes): ``MetadataSet`` → ``Report`` → ``Target`` with a
``SERIES`` key value → ``AttributeSet`` → ``ReportedAttribute id=CONCEPT`` holding one
``com:Text`` per language. Each report becomes, for every indicator its ``SERIES`` code is
tied to, one :class:`~sdgkit.formats.metadata.MetaFragment` per language: the site's default
language as the indicator's fields, the others as its translations, exactly as a Markdown file
and its ``meta/fr/`` copy would. The assembler then merges them with the other inputs.

The messages are parsed with lxml directly: sdmx1 reads generic metadata only partly, and a
plain tree walk also gives the line of every concept for issues. HTML inside the texts (often in
CDATA) is kept as the text; the site sanitises it when it renders.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from sdgkit.config.models import InputSpec, SiteConfig
from sdgkit.formats.files import RepoFiles
from sdgkit.formats.metadata import MetaFragment
from sdgkit.sdmx.inputs import read_options, sdmx_paths
from sdgkit.sdmx.metadata import GENERIC_METADATA, XML_LANG
from sdgkit.sdmx.structure import global_dsd
from sdgkit.sdmx.writer import COMMON, MESSAGE
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_XHTML = "http://www.w3.org/1999/xhtml"
#: ``xml:lang`` is optional on ``com:Text``; the SDMX schemas default it to English
_SCHEMA_LANGUAGE = "en"
SERIES = "SERIES"


@dataclass(frozen=True, slots=True)
class ConceptText:
    """One reported concept of a report: its text per language, and the line it starts on."""

    concept: str
    texts: Mapping[str, str]
    line: int | None


@dataclass(frozen=True, slots=True)
class MetadataReport:
    """One ``Report`` of a generic metadata message: its ``SERIES`` code and its concepts."""

    series: str
    line: int | None
    concepts: tuple[ConceptText, ...]


def read_sdmx_meta_input(files: RepoFiles, config: SiteConfig,
                         spec: InputSpec) -> tuple[list[MetaFragment], list[Issue]]:
    """Every report of every file an ``sdmx-meta`` input names, as metadata fragments, and the issues."""
    paths, issues = sdmx_paths(files, config, spec)
    series_map = _series_map(spec, config.default_language)
    fragments: list[MetaFragment] = []
    for path in paths:
        raw = files.read_bytes(path)
        if isinstance(raw, Issue):
            issues.append(raw)
            continue
        reports, read_issues = read_metadata_message(raw, path)
        issues += read_issues
        for report in reports:
            found, report_issues = report_fragments(report, path, series_map, config, spec.meta_suffix)
            fragments += found
            issues += report_issues
    return fragments, issues


def _series_map(spec: InputSpec, language: str) -> dict[str, tuple[str, ...]]:
    """``SERIES`` → indicator ids: the DSD's annotations, overridden by the input's ``indicator_id_map``."""
    mapping = {code: tuple(ids) for code, ids in global_dsd().indicator_of_series().items()}
    mapping.update(read_options(spec, language).indicator_id_map)
    return mapping


def read_metadata_message(raw: bytes, path: str) -> tuple[list[MetadataReport], list[Issue]]:
    """The reports of one message; none and ``sdmx-read-failed`` when it is not generic metadata."""
    try:
        root = _parse(raw)
    except ValueError as error:
        return [], [make_issue("sdmx-read-failed", file=path, reason=str(error))]
    return [_report(element) for element in root.iter(f"{{{GENERIC_METADATA}}}Report")], []


def _parse(raw: bytes) -> etree._Element:
    """The root of a GenericMetadata message, parsed without entities, DTDs or network access."""
    if not raw.strip():
        raise ValueError("the file is empty")
    if _DOCTYPE.search(raw[:65536]):
        raise ValueError("it has a DOCTYPE declaration, which SDMX messages never have")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                             remove_pis=True)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        raise ValueError(f"it is not well-formed XML ({error})") from error
    if root.tag != f"{{{MESSAGE}}}GenericMetadata":
        raise ValueError(f"it is a `{etree.QName(root).localname}` message, not SDMX-ML 2.1 generic metadata "
                         "(`GenericMetadata`)")
    return root


def _report(element: etree._Element) -> MetadataReport:
    series = next((_key_value(key) for key in element.iter(f"{{{COMMON}}}KeyValue") if key.get("id") == SERIES), "")
    concepts = tuple(concept for attribute in element.iter(f"{{{GENERIC_METADATA}}}ReportedAttribute")
                     if (concept := _concept(attribute)).texts)
    return MetadataReport(series, _line(element), concepts)


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def _key_value(key: etree._Element) -> str:
    value = key.find(f"{{{COMMON}}}Value")
    return (value.text or "").strip() if value is not None else ""


def _concept(attribute: etree._Element) -> ConceptText:
    """A concept's own texts (nested concepts of the SDG_MSD hierarchy are concepts of their own)."""
    texts: dict[str, str] = {}
    for child in attribute:
        text = _child_text(child)
        if text:
            texts.setdefault(child.get(XML_LANG) or _SCHEMA_LANGUAGE, text)
    value = (attribute.get("value") or "").strip()
    if value and not texts:
        texts[_SCHEMA_LANGUAGE] = value
    return ConceptText(attribute.get("id") or "", texts, _line(attribute))


def _child_text(child: etree._Element) -> str:
    """``com:Text`` as written; ``com:StructuredText`` (XHTML) as its HTML markup."""
    if child.tag == f"{{{COMMON}}}Text":
        return (child.text or "").strip()
    if child.tag == f"{{{COMMON}}}StructuredText":
        return _xhtml_markup(child)
    return ""


def _xhtml_markup(element: etree._Element) -> str:
    """The content of a StructuredText element as plain HTML (the XHTML namespace dropped)."""
    parts = [element.text or ""]
    for child in element:
        copy = etree.fromstring(etree.tostring(child))
        for node in copy.iter():
            if isinstance(node.tag, str) and node.tag.startswith(f"{{{_XHTML}}}"):
                node.tag = node.tag[len(_XHTML) + 2:]
        etree.cleanup_namespaces(copy)
        parts.append(etree.tostring(copy, encoding="unicode", with_tail=False) + (child.tail or ""))
    return "".join(parts).strip()


def report_fragments(report: MetadataReport, path: str, series_map: Mapping[str, tuple[str, ...]],
                     config: SiteConfig, meta_suffix: str | None = None) -> tuple[list[MetaFragment], list[Issue]]:
    """One fragment per indicator of the report's series and per configured language it has texts in."""
    indicators = series_map.get(report.series, ())
    if not indicators:
        return [], [make_issue("sdmx-unknown-series", file=path, line=report.line, value=report.series or "(none)",
                               series=report.series or "(no SERIES key value)", count=len(report.concepts),
                               items="metadata concept(s)")]
    fragments = [MetaFragment(path, indicator, None if language == config.default_language else language,
                              fields, lines)
                 for language, fields, lines in _by_language(report, config, meta_suffix or "")
                 for indicator in indicators]
    return fragments, []


def _by_language(report: MetadataReport, config: SiteConfig,
                 suffix: str) -> Iterator[tuple[str, dict[str, str], dict[str, int]]]:
    """``(site language, field → text, field → line)``; languages the site does not have are left out."""
    for language in config.languages:
        fields: dict[str, str] = {}
        lines: dict[str, int] = {}
        for concept in report.concepts:
            text = _text_in(concept.texts, language)
            if text and concept.concept:
                fields[f"{concept.concept}{suffix}"] = text
                if concept.line:
                    lines[f"{concept.concept}{suffix}"] = concept.line
        if fields:
            yield language, fields, lines


def _text_in(texts: Mapping[str, str], language: str) -> str:
    """The text in ``language``, else in its base language (``fr`` for ``fr-CA``), else none."""
    if language in texts:
        return texts[language]
    base = language.replace("_", "-").split("-")[0].lower()
    return next((text for lang, text in texts.items() if lang.replace("_", "-").split("-")[0].lower() == base), "")
