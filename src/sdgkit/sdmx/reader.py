"""SDMX data messages → one Open SDG table per indicator, as if each had been a CSV file.

An SDMX message is organised by *series* (one key of dimension codes, a few attributes and
observations over time); an Open SDG site is organised by *indicator*, one table each with
``Year`` first, a column per breakdown and ``Value`` last. The ``SERIES`` code ties a series
to its indicators (through the ``Indicator`` annotations of the DSD, or ``indicator_id_map``),
so a message may feed many indicators and an indicator may gather many series.

Messages are parsed with sdmx1 (generic and structure-specific SDMX-ML 2.1, SDMX-JSON 1.0).
sdmx1 gives neither line numbers nor a word about two ``<Series>`` with one key and different
attributes (it keeps one set silently), so an XML message is also scanned once with lxml:
the line of every observation (issues then point into the XML file) and every repeated key.
sdmx1 also reads SDMX-JSON attributes with the wrong index lists, so those are decoded here.

The result is the CSV reader's :class:`~sdgkit.formats.csv_data.CsvTable`: text cells,
blank = missing. ``_T`` (the SDMX total) becomes blank, which is what makes a row part of
the headline in Open SDG. Nothing here touches the disk.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd
from lxml import etree

from sdgkit.formats.csv_data import MAX_REPEATS, CsvTable
from sdgkit.sdmx.structure import TOTAL, Dsd, global_structure_parsed, parse_dsd
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

YEAR, VALUE = "Year", "Value"
#: root elements of the SDMX-ML 2.1 data messages
DATA_ROOTS = frozenset({"GenericData", "GenericTimeSeriesData", "StructureSpecificData",
                        "StructureSpecificTimeSeriesData"})
#: a DOCTYPE has no place in SDMX; refusing it keeps entity tricks away from both parsers
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
#: ranks of the column groups, in the order Open SDG tables show them
_DIMENSION, _SERIES_ATTRIBUTE, _OBSERVATION_ATTRIBUTE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class DataStructure:
    """A DSD twice: reduced for sdgkit (:class:`Dsd`) and as sdmx1's object.

    sdmx1 needs its own object to read a structure-specific message, whose XML does not say
    which of a series' fields are dimensions and which are attributes.
    """

    dsd: Dsd
    model: Any


@lru_cache(maxsize=4)
def load_structure(source: bytes) -> DataStructure:
    """The DSD of an SDMX-ML structure message; ``ValueError`` with a plain reason otherwise.

    Cached by content: several inputs usually name the same national DSD.
    """
    with _quiet():
        return DataStructure(*parse_dsd(source))


@cache
def global_structure() -> DataStructure:
    """The global SDG DSD shipped with sdgkit, for messages that do not come with their own."""
    with _quiet():
        return DataStructure(*global_structure_parsed())


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Open SDG's ``InputSdmx`` options, with its defaults."""

    #: series code → indicator ids (dash form); wins over the DSD's annotations
    indicator_id_map: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    drop_dimensions: frozenset[str] = frozenset()
    #: drop columns that hold one value throughout (as the incumbent: ``SERIES`` too)
    drop_singleton_dimensions: bool = True
    #: concept ids as column names and codes as cells; else names in ``language``
    import_codes: bool = False
    import_series_attributes: bool = True
    import_observation_attributes: bool = True
    language: str = "en"


@dataclass(slots=True)
class _Row:
    """One observation, still in SDMX terms (concept id → code)."""

    time: str | None
    value: str | None
    dimensions: dict[str, str]
    series_attributes: dict[str, str]
    observation_attributes: dict[str, str]
    line: int = 0


@dataclass(slots=True)
class _XmlSeries:
    line: int
    key: tuple[tuple[str, str], ...]
    attributes: dict[str, str]


@dataclass(slots=True)
class _XmlScan:
    """What lxml sees that sdmx1 does not report: lines and repeated series."""

    root: str
    series: list[_XmlSeries] = field(default_factory=list)
    observation_lines: list[int] = field(default_factory=list)


def read_message(source: bytes, path: str, structure: DataStructure,
                 options: ReadOptions) -> tuple[dict[str, CsvTable], list[Issue]]:
    """The tables (indicator id → table) of one SDMX data message, and what went wrong.

    A message that cannot be read at all gives no tables and one ``sdmx-read-failed`` error.
    """
    try:
        rows, issues = _rows(source, path, structure)
    except ValueError as error:
        return {}, [make_issue("sdmx-read-failed", file=path, reason=str(error))]
    by_indicator, unknown = _by_indicator(rows, structure.dsd, options)
    issues += [_unknown_series_issue(path, code, found) for code, found in unknown.items()]
    tables = {indicator: _table(path, found, structure.dsd, options) for indicator, found in by_indicator.items()}
    return tables, issues


# --- parsing -----------------------------------------------------------------------------

def _rows(source: bytes, path: str, structure: DataStructure) -> tuple[list[_Row], list[Issue]]:
    if _is_json(source):
        return _json_rows(source, structure.dsd), []
    scan = _scan_xml(source, structure.dsd)
    rows = list(_message_rows(_xml_message(source, scan, structure), structure.dsd))
    if len(rows) == len(scan.observation_lines):  # both in document order
        for row, line in zip(rows, scan.observation_lines, strict=True):
            row.line = line
    return rows, _conflicting_series(scan, path)


def _xml_message(source: bytes, scan: _XmlScan, structure: DataStructure) -> Any:
    """sdmx1's reading; a structure-specific message needs the DSD, the usual cause of failure."""
    if not scan.root.startswith("StructureSpecific"):
        return _sdmx1_read(source, "XML", None)
    try:
        return _sdmx1_read(source, "XML", structure.model)
    except ValueError as error:
        dsd = structure.dsd
        raise ValueError(f"{error} (a structure-specific message is read with its DSD, here "
                         f"{dsd.agency}:{dsd.id}({dsd.version}); was it written for another one?)") from error


def _is_json(source: bytes) -> bool:
    return source.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _sdmx1_read(source: bytes, kind: str, model: Any) -> Any:
    """sdmx1's message; its many exception types all mean "not readable" here."""
    import sdmx

    extra = {"structure": model} if model is not None else {}
    try:
        with _quiet():
            message = sdmx.read_sdmx(io.BytesIO(source), format=kind, **extra)
    except Exception as error:
        raise ValueError(_reason(error)) from error
    if not hasattr(message, "data"):
        raise ValueError("it is not a data message")
    return message


@contextmanager
def _quiet() -> Iterator[None]:
    """sdmx1 warns about structures it does not need and prints a dump when a message is broken;
    the library never prints (the CLI does), so both are swallowed and the error is reported instead."""
    with warnings.catch_warnings(), redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError) and error.args:
        return f"it lacks `{error.args[0]}`, which an SDMX data message needs"
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:200]}" if text else type(error).__name__


#: a series' dimension codes and attributes, worked out once for all its observations
_SeriesParts = tuple[dict[str, str], dict[str, str]]


def _message_rows(message: Any, dsd: Dsd) -> Iterator[_Row]:
    for dataset in message.data:
        common = _attribute_codes(getattr(dataset, "attrib", {}))
        seen: dict[int, _SeriesParts] = {}  # by identity: sdmx1 gives each <Series> its own key object
        for observation in dataset.obs:
            key = observation.series_key
            parts = seen.get(id(key)) if key is not None else None
            if parts is None:
                parts = _series_parts(key, common)
                if key is not None:
                    seen[id(key)] = parts
            yield _observation_row(observation, parts, dsd)


def _series_parts(key: Any, common: dict[str, str]) -> _SeriesParts:
    """Dimensions of the series key; dataset attributes overridden by the series' own."""
    dimensions = {str(kv.id): _text(kv.value) for kv in key.values.values()} if key is not None else {}
    return dimensions, {**common, **_attribute_codes(getattr(key, "attrib", {}))}


def _observation_row(observation: Any, parts: _SeriesParts, dsd: Dsd) -> _Row:
    """One sdmx1 observation; its own series key keeps the attributes of its own ``<Series>``."""
    at_observation = observation.dimension.values.values() if observation.dimension is not None else ()
    dimensions = {**parts[0], **{str(kv.id): _text(kv.value) for kv in at_observation}}
    time = dimensions.pop(dsd.time_dimension, None)
    series = parts[1]
    if observation.group_keys:
        series = {**series}
        for group in observation.group_keys:
            series.update(_attribute_codes(group.attrib))
    return _Row(time, _value_text(observation.value), dimensions, series,
                _attribute_codes(observation.attached_attribute))


def _attribute_codes(attributes: Mapping[str, Any]) -> dict[str, str]:
    return {str(name): _text(getattr(value, "value", value)) for name, value in attributes.items()}


def _text(value: Any) -> str:
    """A code's id, or the text of an uncoded value."""
    code = getattr(value, "id", None)
    if code is not None:
        return str(code)
    localizations = getattr(value, "localizations", None)
    if localizations:
        return str(next(iter(localizations.values())))
    return "" if value is None else str(value)


def _value_text(value: Any) -> str | None:
    """``OBS_VALUE`` as the CSV would hold it; ``NaN`` is SDMX for "no value"."""
    if value is None:
        return None
    if isinstance(value, float):
        if np.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    text = _text(value).strip()
    return None if text in ("", "NaN") else text


# --- the lxml scan of SDMX-ML --------------------------------------------------------------

def _scan_xml(source: bytes, dsd: Dsd) -> _XmlScan:
    """Root, repeated-key material and observation lines, in one streaming pass."""
    if not source.strip():
        raise ValueError("the file is empty")
    if _DOCTYPE.search(source[:65536]):
        raise ValueError("it has a DOCTYPE declaration, which SDMX messages never have")
    events = etree.iterparse(io.BytesIO(source), events=("start", "end"), resolve_entities=False,
                             no_network=True, load_dtd=False, remove_comments=True)
    scan: _XmlScan | None = None
    dimensions = {c.id for c in dsd.dimensions}
    try:
        for event, element in events:
            name = etree.QName(element).localname
            if scan is None:
                scan = _XmlScan(_data_root(name))
            elif event == "end":
                _scan_element(scan, element, name, dimensions)
    except etree.XMLSyntaxError as error:
        raise ValueError(f"it is not well-formed XML ({error})") from error
    if scan is None:
        raise ValueError("it has no XML element")
    return scan


def _data_root(name: str) -> str:
    if name in DATA_ROOTS:
        return name
    if name in ("Structure", "Error", "GenericMetadata"):
        raise ValueError(f"it is an SDMX `{name}` message, not a data message")
    raise ValueError(f"its root element is `{name}`, not an SDMX-ML 2.1 data message")


def _scan_element(scan: _XmlScan, element: Any, name: str, dimensions: set[str]) -> None:
    if name == "Obs":
        scan.observation_lines.append(int(element.sourceline or 0))
        element.clear()
    elif name == "Series":
        scan.series.append(_xml_series(scan.root, element, dimensions))
        element.clear()


def _xml_series(root: str, element: Any, dimensions: set[str]) -> _XmlSeries:
    line = int(element.sourceline or 0)
    if root.startswith("Generic"):
        return _XmlSeries(line, tuple(_generic_values(element, "SeriesKey").items()),
                          _generic_values(element, "Attributes"))
    fields = {str(k): str(v) for k, v in element.attrib.items() if "{" not in str(k)}
    return _XmlSeries(line, tuple((k, v) for k, v in fields.items() if k in dimensions),
                      {k: v for k, v in fields.items() if k not in dimensions})


def _generic_values(series: Any, part: str) -> dict[str, str]:
    """``<SeriesKey>`` or ``<Attributes>`` of a generic series: ``<Value id=… value=…/>`` children."""
    for child in series:
        if isinstance(child.tag, str) and etree.QName(child).localname == part:
            return {str(v.get("id")): str(v.get("value")) for v in child if v.get("id") is not None}
    return {}


def _conflicting_series(scan: _XmlScan, path: str) -> list[Issue]:
    """Series repeated with the same key but other attribute values (sdmx1 keeps one set silently)."""
    first: dict[tuple[tuple[str, str], ...], _XmlSeries] = {}
    issues: list[Issue] = []
    for series in scan.series:
        earlier = first.setdefault(series.key, series)
        if earlier is series:
            continue
        differences = _differences(series.attributes, earlier.attributes)
        if differences and len(issues) < MAX_REPEATS:
            issues.append(make_issue("sdmx-conflicting-series", file=path, line=series.line or None,
                                     value=".".join(v for _, v in series.key), first=earlier.line,
                                     differences=differences))
    return issues


def _differences(here: dict[str, str], there: dict[str, str]) -> str:
    changed = [f"{name} is {here.get(name, '(none)')} here, {there.get(name, '(none)')} there"
               for name in sorted(set(here) | set(there)) if here.get(name) != there.get(name)]
    return "; ".join(changed)


# --- SDMX-JSON ---------------------------------------------------------------------------------

def _json_rows(source: bytes, dsd: Dsd) -> list[_Row]:
    """Keys and values from sdmx1; attributes decoded here (sdmx1 reads them with the wrong indexes)."""
    tree = _json_tree(source)
    rows = list(_message_rows(_sdmx1_read(source, "JSON", None), dsd))
    attributes = _json_attributes(tree)
    if attributes is not None and len(attributes) == len(rows):
        for row, (series, observation) in zip(rows, attributes, strict=True):
            row.series_attributes, row.observation_attributes = series, observation
    return rows


def _json_tree(source: bytes) -> dict[str, Any]:
    """The parsed message, checked to be SDMX-JSON data so that the reason given is a plain one."""
    try:
        tree = json.loads(source.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ValueError(f"it is not UTF-8 text ({error.reason})") from error
    except json.JSONDecodeError as error:
        raise ValueError(f"it is not valid JSON ({error.msg}, line {error.lineno}, column {error.colno})") from error
    if not isinstance(tree, dict) or "dataSets" not in tree or "structure" not in tree:
        raise ValueError("it is JSON but not an SDMX-JSON 1.0 data message (it needs `structure` and `dataSets`)")
    return tree


def _json_attributes(tree: dict[str, Any]) -> list[tuple[dict[str, str], dict[str, str]]] | None:
    """Series and observation attributes of every observation, in sdmx1's order; ``None`` if unsure."""
    try:
        levels = tree["structure"]["attributes"]
        found: list[tuple[dict[str, str], dict[str, str]]] = []
        for dataset in tree["dataSets"]:
            found += _json_dataset_attributes(dataset, levels)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None
    return found


def _json_dataset_attributes(dataset: dict[str, Any], levels: dict[str, Any]) -> list[
        tuple[dict[str, str], dict[str, str]]]:
    common = _json_decode(levels.get("dataSet", []), dataset.get("attributes", []))
    found = []
    for series in dataset.get("series", {}).values():
        attributes = {**common, **_json_decode(levels.get("series", []), series.get("attributes", []))}
        for observation in series.get("observations", {}).values():
            found.append((attributes, _json_decode(levels.get("observation", []), observation[1:])))
    for observation in dataset.get("observations", {}).values():
        found.append((common, _json_decode(levels.get("observation", []), observation[1:])))
    return found


def _json_decode(components: list[dict[str, Any]], indexes: list[Any]) -> dict[str, str]:
    decoded: dict[str, str] = {}
    for component, index in zip(components, indexes, strict=False):
        if index is None:
            continue
        value = component["values"][int(index)]
        decoded[str(component["id"])] = _json_value(value)
    return decoded


def _json_value(value: Any) -> str:
    if not isinstance(value, dict):
        return str(value)
    for key in ("id", "value", "name"):
        if key in value:
            text = value[key]
            return str(next(iter(text.values()), "")) if isinstance(text, dict) else str(text)
    return ""


# --- series → indicators -------------------------------------------------------------------

def _by_indicator(rows: list[_Row], dsd: Dsd, options: ReadOptions) -> tuple[
        dict[str, list[_Row]], dict[str, list[_Row]]]:
    """Rows per indicator (a series may feed several); rows of series no indicator claims."""
    annotated = dsd.indicator_of_series()
    by_indicator: dict[str, list[_Row]] = {}
    unknown: dict[str, list[_Row]] = {}
    for row in rows:
        code = row.dimensions.get("SERIES", "")
        indicators = options.indicator_id_map.get(code) or annotated.get(code)
        if not indicators:
            unknown.setdefault(code, []).append(row)
        for indicator in indicators or ():
            by_indicator.setdefault(indicator, []).append(row)
    return by_indicator, unknown


def _unknown_series_issue(path: str, code: str, rows: list[_Row]) -> Issue:
    line = next((row.line for row in rows if row.line), None)
    return make_issue("sdmx-unknown-series", file=path, line=line, value=code or "(none)",
                      series=code or "(no SERIES dimension)", count=len(rows),
                      items="observation(s)")


# --- the table ------------------------------------------------------------------------------

def _table(path: str, rows: list[_Row], dsd: Dsd, options: ReadOptions) -> CsvTable:
    data: dict[str, np.ndarray] = {YEAR: _cells([row.time for row in rows])}
    for concept in _columns(rows, dsd, options):
        data[concept] = _cells([_cell(row, concept) for row in rows])
    data[VALUE] = _cells([row.value for row in rows])
    frame = _dropped(pd.DataFrame(data, copy=False), options)
    if not options.import_codes:
        frame = _code_names(frame, dsd, options.language)
        frame.columns = pd.Index(_concept_names(list(frame.columns), dsd, options.language))
    lines = np.asarray([row.line for row in rows], dtype=np.int64)
    return CsvTable(path, [str(c) for c in frame.columns], frame, lines, header_line=1)


def _columns(rows: list[_Row], dsd: Dsd, options: ReadOptions) -> list[str]:
    """Concepts present, ordered: dimensions (key order), series attributes, observation attributes.

    Concepts the DSD does not know follow those it knows, in the order they first appear.
    """
    order = {c.id: index for index, c in enumerate((*dsd.dimensions, *dsd.attributes))}
    ranks: dict[str, tuple[int, int]] = {}
    for group, found in _groups(rows, options):
        for concept in dict.fromkeys(chain.from_iterable(found)):  # first-seen order, in C
            rank = (group, order.get(concept, len(order) + len(ranks)))
            ranks[concept] = min(ranks.get(concept, rank), rank)
    wanted = [c for c in ranks if c not in options.drop_dimensions and c not in (YEAR, VALUE)]
    return sorted(wanted, key=lambda concept: ranks[concept])


def _groups(rows: list[_Row], options: ReadOptions) -> Iterator[tuple[int, list[dict[str, str]]]]:
    yield _DIMENSION, [row.dimensions for row in rows]
    if options.import_series_attributes:
        yield _SERIES_ATTRIBUTE, [row.series_attributes for row in rows]
    if options.import_observation_attributes:
        yield _OBSERVATION_ATTRIBUTE, [row.observation_attributes for row in rows]


def _cell(row: _Row, concept: str) -> str | None:
    for found in (row.dimensions, row.observation_attributes, row.series_attributes):
        if concept in found:
            return None if found[concept] in (TOTAL, "") else found[concept]
    return None


def _cells(values: list[str | None]) -> np.ndarray:
    """Text cells with ``NaN`` for blanks, as the CSV reader makes them."""
    column = np.array(values, dtype=object)
    column[pd.isna(column)] = np.nan
    return column


def _dropped(frame: pd.DataFrame, options: ReadOptions) -> pd.DataFrame:
    """Without entirely empty columns and, if asked, columns with one value throughout."""
    keep = []
    for name in frame.columns:
        column = frame[name]
        empty = bool(column.isna().all())
        single = options.drop_singleton_dimensions and len(pd.unique(column.to_numpy())) == 1
        if name in (YEAR, VALUE) or not (empty or single):
            keep.append(name)
    return frame.loc[:, keep]


def _code_names(frame: pd.DataFrame, dsd: Dsd, language: str) -> pd.DataFrame:
    """Coded cells as the code's name: what the incumbent imports without ``import_codes``."""
    for concept in frame.columns:
        component = dsd.component(str(concept))
        if component is None or not component.coded or concept in (YEAR, VALUE):
            continue
        names = {code.id: component_name(code.names, language) for code in component.codes.values()}
        frame[concept] = frame[concept].map(lambda value, n=names: n.get(value, value) if isinstance(value, str)
                                            else value)
    return frame


def _concept_names(columns: list[str], dsd: Dsd, language: str) -> list[str]:
    """Columns named by concept name (unique: a clash keeps the id too); ``Year``/``Value`` stay."""
    names: list[str] = []
    for concept in columns:
        component = None if concept in (YEAR, VALUE) else dsd.component(concept)
        name = component_name(component.names, language) if component is not None else concept
        names.append(name if name not in names else f"{name} ({concept})")
    return names


def component_name(names: Mapping[str, str], language: str) -> str:
    """A name in ``language``, else in its base language (``zh`` for ``zh-Hans``), else the first."""
    base = re.split(r"[-_]", language)[0]
    return names.get(language) or names.get(base) or next(iter(names.values()), "")
