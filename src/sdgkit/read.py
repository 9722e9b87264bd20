"""The read stage: every configured source parsed into fragments, nothing merged.

Readers only parse (one fragment per file); :mod:`sdgkit.assemble` is the one place
that merges fragments into indicators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from sdgkit.config.models import SDMX_DATA_FORMATS, InputSpec, SiteConfig
from sdgkit.config.remote import is_remote, is_skipped_remote
from sdgkit.formats.csv_data import CsvTable, read_csv_table
from sdgkit.formats.files import RepoFiles
from sdgkit.formats.geojson import LayerCodes, read_layer_codes
from sdgkit.formats.git_history import last_commit_dates
from sdgkit.formats.metadata import MetaFragment, read_metadata
from sdgkit.formats.schema import MetadataSchema, read_prose_schema
from sdgkit.i18n.catalog import Catalog, read_catalog
from sdgkit.model.ids import id_from_filename
from sdgkit.sdmx.inputs import read_sdmx_input
from sdgkit.sdmx.meta_input import read_sdmx_meta_input
from sdgkit.site.sources import SiteSources, read_site_sources
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

DEFAULT_META_PATTERNS = {"yaml-meta": "meta/*-*.yml", "yaml-md-meta": "meta/*-*.md", "csv-meta": "meta/*-*.csv"}
#: Metadata readers sdgkit has; other Open SDG inputs are reported as unsupported.
META_READERS = frozenset({"yaml-meta", "yaml-md-meta", "csv-meta"})


@dataclass(slots=True)
class DataFragment:
    """One data file, parsed, with the input that read it."""

    indicator: str
    table: CsvTable
    spec: InputSpec


@dataclass(slots=True)
class MetaSource:
    """One metadata file, parsed, with the input that read it."""

    fragment: MetaFragment
    spec: InputSpec


@dataclass(slots=True)
class Fragments:
    """Everything read from a repository, in configuration order."""

    data: list[DataFragment] = field(default_factory=list)
    meta: list[MetaSource] = field(default_factory=list)
    schema: MetadataSchema | None = None
    catalog: Catalog = field(default_factory=Catalog)
    layers: list[LayerCodes] = field(default_factory=list)
    git_dates: dict[str, str] = field(default_factory=dict)
    site: SiteSources = field(default_factory=SiteSources)


def read_sources(files: RepoFiles, config: SiteConfig) -> tuple[Fragments, list[Issue]]:
    """Parse all inputs, the schema, translations and local map layers."""
    fragments = Fragments()
    issues: list[Issue] = []
    for spec in config.inputs:
        issues += _read_input(files, config, spec, fragments)
    fragments.schema, schema_issues = _read_schema(files, config)
    fragments.catalog, catalog_issues = read_catalog(files, config)
    issues += schema_issues + catalog_issues + _read_layers(files, config, fragments)
    fragments.site, site_issues = read_site_sources(files, config)
    issues += site_issues
    if any(spec.git for spec in config.inputs):
        fragments.git_dates = last_commit_dates(files.root)
    if not fragments.data and not fragments.meta:
        issues.append(make_issue("repository-empty"))
    return fragments, issues


def _read_input(files: RepoFiles, config: SiteConfig, spec: InputSpec, fragments: Fragments) -> list[Issue]:
    if spec.format == "csv-data":
        return _read_data_files(files, config, spec, fragments)
    if spec.format in META_READERS:
        return _read_meta_files(files, config, spec, fragments)
    if spec.format in SDMX_DATA_FORMATS and not is_skipped_remote(spec):
        return _read_sdmx(files, config, spec, fragments)
    if spec.format == "sdmx-meta" and not is_skipped_remote(spec):
        return _read_sdmx_meta(files, config, spec, fragments)
    return []  # remote or not yet readable: reported, with its line, when the configuration loads


def _read_data_files(files: RepoFiles, config: SiteConfig, spec: InputSpec, fragments: Fragments) -> list[Issue]:
    issues: list[Issue] = []
    for path in files.glob(spec.path_pattern or "data/*-*.csv", base=config.src_dir):
        text_file, read_issues = files.read_text(path)
        issues += read_issues
        if text_file is None:
            continue
        table, table_issues = read_csv_table(text_file)
        issues += table_issues
        if table is not None:
            fragments.data.append(DataFragment(id_from_filename(PurePosixPath(path).stem), table, spec))
    return issues


def _read_sdmx(files: RepoFiles, config: SiteConfig, spec: InputSpec, fragments: Fragments) -> list[Issue]:
    """SDMX messages: one table per indicator, each then checked and built like a CSV file."""
    tables, issues = read_sdmx_input(files, config, spec)
    fragments.data += [DataFragment(indicator, table, spec) for indicator, table in tables]
    return issues


def _read_sdmx_meta(files: RepoFiles, config: SiteConfig, spec: InputSpec, fragments: Fragments) -> list[Issue]:
    """SDG metadata reports: per indicator and language, fragments merged like metadata files."""
    found, issues = read_sdmx_meta_input(files, config, spec)
    fragments.meta += [MetaSource(fragment, spec) for fragment in found]
    return issues


def _read_meta_files(files: RepoFiles, config: SiteConfig, spec: InputSpec, fragments: Fragments) -> list[Issue]:
    pattern = spec.path_pattern or DEFAULT_META_PATTERNS[spec.format]
    issues: list[Issue] = []
    for path, language in _meta_paths(files, config, pattern):
        text_file, read_issues = files.read_text(path)
        issues += read_issues
        if text_file is None:
            continue
        fragment, meta_issues = read_metadata(
            text_file, spec.format, PurePosixPath(path).stem, language,
            max_values=config.limits.max_yaml_values, meta_suffix=spec.meta_suffix)
        issues += meta_issues
        if fragment is not None:
            fragments.meta.append(MetaSource(fragment, spec))
    return issues + _unknown_language_issues(files, config, pattern)


def _meta_paths(files: RepoFiles, config: SiteConfig, pattern: str) -> list[tuple[str, str | None]]:
    """Files of the pattern, then the same names in configured language sub-folders."""
    paths: list[tuple[str, str | None]] = [(p, None) for p in files.glob(pattern, base=config.src_dir)]
    for language in config.languages:
        paths += [(p, language) for p in files.glob(_language_pattern(pattern, language), base=config.src_dir)]
    return paths


def _language_pattern(pattern: str, language: str) -> str:
    folder, _, name = pattern.rpartition("/")
    return f"{folder}/{language}/{name}" if folder else f"{language}/{name}"


def _unknown_language_issues(files: RepoFiles, config: SiteConfig, pattern: str) -> list[Issue]:
    folder = PurePosixPath(config.in_src(pattern)).parent
    root = files.root / folder
    if not root.is_dir() or any(ch in str(folder) for ch in "*?["):
        return []
    name = PurePosixPath(pattern).name
    return [
        make_issue("metadata-unknown-language", file=f"{folder}/{sub.name}", lang=sub.name, value=sub.name,
                   languages=", ".join(config.languages))
        for sub in sorted(root.iterdir())
        if sub.is_dir() and sub.name not in config.languages and any(sub.glob(name))
    ]


def _read_schema(files: RepoFiles, config: SiteConfig) -> tuple[MetadataSchema | None, list[Issue]]:
    path = config.in_src(config.schema_file)
    if not files.exists(path):
        return None, [make_issue("config-file-missing", what="metadata schema", path=path)]
    return read_prose_schema(files, path)


def _read_layers(files: RepoFiles, config: SiteConfig, fragments: Fragments) -> list[Issue]:
    issues: list[Issue] = []
    for layer in config.map_layers:
        if is_remote(layer.geojson_file):
            continue
        path = config.in_src(layer.geojson_file)
        if not files.exists(path):
            issues.append(make_issue("config-file-missing", what="map boundary file", path=path))
            continue
        codes, layer_issues = read_layer_codes(files, layer, path)
        issues += layer_issues
        if codes is not None:
            fragments.layers.append(codes)
    return issues
