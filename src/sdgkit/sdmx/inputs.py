"""The SDMX inputs of a configuration: which files, which DSD, which options, which translations.

:mod:`sdgkit.sdmx.reader` turns bytes into tables; this module does what depends on the
repository and its configuration: it finds the files an input names (``source`` or
``path_pattern``), loads the DSD the input names (or the shipped global SDG DSD) and turns
Open SDG's options into :class:`~sdgkit.sdmx.reader.ReadOptions`. Files are read through
:class:`~sdgkit.formats.files.RepoFiles`, so the repository's limits and safety rules apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sdgkit.config.models import InputSpec, SiteConfig, TranslationSpec
from sdgkit.config.remote import is_remote
from sdgkit.formats.csv_data import CsvTable
from sdgkit.formats.files import RepoFiles
from sdgkit.sdmx.reader import (
    DataStructure,
    ReadOptions,
    component_name,
    global_structure,
    load_structure,
    read_message,
)
from sdgkit.sdmx.structure import Dsd
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

#: language → group → key → text, as :class:`~sdgkit.i18n.catalog.Catalog` holds translations
Translations = dict[str, dict[str, dict[str, str]]]
_GLOB = frozenset("*?[")


def read_sdmx_input(files: RepoFiles, config: SiteConfig,
                    spec: InputSpec) -> tuple[list[tuple[str, CsvTable]], list[Issue]]:
    """``(indicator id, table)`` of every message the input names, in file order, and the issues."""
    structure, issues = input_structure(files, config, spec.dsd)
    paths, path_issues = sdmx_paths(files, config, spec)
    issues += path_issues
    options = read_options(spec, config.default_language)
    found: list[tuple[str, CsvTable]] = []
    for path in paths:
        raw = files.read_bytes(path)
        if isinstance(raw, Issue):
            issues.append(raw)
            continue
        tables, read_issues = read_message(raw, path, structure, options)
        issues += read_issues
        found += tables.items()
    return found, issues


def read_options(spec: InputSpec, language: str) -> ReadOptions:
    """Open SDG's option names and shapes (a map value may be one id or a list) made uniform."""
    mapping = {str(series): _indicator_ids(ids) for series, ids in (spec.indicator_id_map or {}).items()}
    return ReadOptions(indicator_id_map=mapping, drop_dimensions=frozenset(spec.drop_dimensions),
                       drop_singleton_dimensions=spec.drop_singleton_dimensions, import_codes=spec.import_codes,
                       import_series_attributes=spec.import_series_attributes,
                       import_observation_attributes=spec.import_observation_attributes, language=language)


def _indicator_ids(ids: str | list[str]) -> tuple[str, ...]:
    """``1.2.1`` or ``1-2-1``, one or a list: the dash form sdgkit names indicators by."""
    listed = [ids] if isinstance(ids, str) else ids
    return tuple(str(i).strip().replace(".", "-") for i in listed if str(i).strip())


def input_structure(files: RepoFiles, config: SiteConfig, location: str | None) -> tuple[DataStructure, list[Issue]]:
    """The DSD a setting names; the shipped global SDG DSD when none is named, or it is remote or unusable.

    A remote DSD is reported when the configuration loads (``config-remote-source``).
    """
    if not location or is_remote(location):
        return global_structure(), []
    path = config.in_src(location)
    if not files.exists(path):
        return global_structure(), [make_issue("config-file-missing", what="SDMX data structure definition",
                                               path=path)]
    raw = files.read_bytes(path)
    if isinstance(raw, Issue):
        return global_structure(), [raw]
    try:
        return load_structure(raw), []
    except (ValueError, StopIteration) as error:
        return global_structure(), [make_issue("sdmx-read-failed", file=path, reason=str(error) or "no DSD found")]


def sdmx_paths(files: RepoFiles, config: SiteConfig, spec: InputSpec) -> tuple[list[str], list[Issue]]:
    """The messages of an input: ``path_pattern``, else ``source`` (a file, a folder or a pattern)."""
    if spec.path_pattern:
        return files.glob(spec.path_pattern, base=config.src_dir), []
    source = (spec.source or "").strip().rstrip("/")
    if not source:
        return [], [make_issue("config-file-missing", what=f"SDMX data of the `{spec.format}` input",
                               path="(none: set `source` or `path_pattern`)")]
    if _GLOB & set(source):
        return files.glob(source, base=config.src_dir), []
    path = config.in_src(source)
    if (files.root / path).is_dir():
        suffix = "json" if spec.format == "sdmx-json" else "xml"
        return files.glob(f"{source}/*.{suffix}", base=config.src_dir), []
    if not files.exists(path):
        return [], [make_issue("config-file-missing", what="SDMX data file", path=path)]
    return [path], []


def read_sdmx_translations(files: RepoFiles, config: SiteConfig,
                           spec: TranslationSpec) -> tuple[Translations, list[Issue]]:
    """``TranslationInputSdmx``: the names of the DSD's codes and concepts, in the configured languages."""
    structure, issues = input_structure(files, config, spec.source)
    return codelist_translations(structure.dsd, config.languages), issues


def codelist_translations(dsd: Dsd, languages: Iterable[str]) -> Translations:
    """One group per concept (``SEX``): its codes' names (``F`` → Female) and its own name (``SEX``).

    Data cells translate as ``{column}.{cell}`` and column names as ``{column}.{column}``, so
    a table imported with ``import_codes`` shows names on the site in every language the DSD has.
    """
    found: Translations = {}
    for language in languages:
        groups: dict[str, dict[str, str]] = {}
        for component in (*dsd.dimensions, *dsd.attributes):
            entries = {code.id: _name(code.names, language) for code in component.codes.values()}
            entries[component.id] = _name(component.names, language)
            entries = {key: text for key, text in entries.items() if text}
            if entries:
                groups[component.id] = entries
        if groups:
            found[language] = groups
    return found


def _name(names: Mapping[str, str], language: str) -> str:
    """The name in ``language`` (or its base language) only: another language's would hide a fallback."""
    base = language.replace("_", "-").split("-")[0]
    own = {key: value for key, value in names.items() if key in (language, base)}
    return component_name(own, language) if own else ""
