"""The assemble stage: fragments become one :class:`Project`, merged in one place.

Order is the configuration's: later inputs win, as in Open SDG (typically
``indicator-config`` first, then ``meta``). A later file that changes a value an
earlier file set is reported (``metadata-overridden``), never silent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sdgkit.config.models import InputSpec, SiteConfig
from sdgkit.formats.geojson import LayerCodes
from sdgkit.formats.schema import MetadataSchema
from sdgkit.i18n.catalog import Catalog
from sdgkit.model.ids import parse_indicator_id
from sdgkit.model.indicator import Indicator
from sdgkit.model.observations import type_table
from sdgkit.model.periods import PeriodGrammar
from sdgkit.read import DataFragment, Fragments, MetaSource
from sdgkit.site.sources import SiteSources
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue


@dataclass(slots=True)
class Project:
    """A whole repository, ready for validation, derivation and rendering."""

    config: SiteConfig
    indicators: dict[str, Indicator] = field(default_factory=dict)
    catalog: Catalog = field(default_factory=Catalog)
    schema: MetadataSchema | None = None
    layers: list[LayerCodes] = field(default_factory=list)
    #: the website's own pages, posts, templates and static files
    site: SiteSources = field(default_factory=SiteSources)
    #: the repository folder, for the few later stages that read a configured file (SDMX maps and DSD)
    root: Path | None = None

    def sorted_indicators(self) -> list[Indicator]:
        """Indicators in the site's order (goal, target, indicator; ``sort`` honoured)."""
        return sorted(self.indicators.values(), key=lambda indicator: indicator.sort_key)


def assemble(config: SiteConfig, fragments: Fragments) -> tuple[Project, list[Issue]]:
    project = Project(config, catalog=fragments.catalog, schema=fragments.schema, layers=fragments.layers,
                      site=fragments.site)
    grammar = PeriodGrammar.with_custom([(p.name, p.regex) for p in config.periods.patterns],
                                        config.periods.accept)
    issues: list[Issue] = []
    for data in fragments.data:
        issues += _add_data(project, data, grammar)
    git_inputs: dict[str, InputSpec] = {}
    for meta in fragments.meta:
        issues += _add_meta(project, meta)
        # an SDMX metadata report is not the indicator's own metadata file (as in Open SDG, no git dates)
        if meta.spec.git and meta.fragment.language is None and meta.spec.format != "sdmx-meta":
            git_inputs[_slug(meta.fragment.indicator)] = meta.spec
    _add_git_dates(project, fragments.git_dates, git_inputs)
    return project, issues


def _indicator(project: Project, raw_id: str, file: str) -> Indicator | Issue:
    parsed = parse_indicator_id(raw_id)
    if parsed is None:
        return make_issue("indicator-invalid-id", file=file, value=raw_id)
    return project.indicators.setdefault(parsed.slug, Indicator(parsed))


def _add_data(project: Project, data: DataFragment, grammar: PeriodGrammar) -> list[Issue]:
    indicator = _indicator(project, data.indicator, data.table.path)
    if isinstance(indicator, Issue):
        return [indicator]
    if indicator.data is not None:
        return [make_issue("indicator-duplicate-data", file=data.table.path, indicator=indicator.id.slug,
                           other=indicator.data.file)]
    options = project.config.indicator_options
    indicator.data, issues = type_table(data.table, options, grammar, indicator.id.slug)
    return issues


def _add_meta(project: Project, source: MetaSource) -> list[Issue]:
    fragment = source.fragment
    indicator = _indicator(project, fragment.indicator, fragment.path)
    if isinstance(indicator, Issue):
        return [] if fragment.language else [indicator]
    if fragment.language is not None:
        indicator.translations.setdefault(fragment.language, {}).update(fragment.fields)
        return []
    issues = [
        make_issue("metadata-overridden", file=fragment.path, line=fragment.key_lines.get(key),
                   indicator=indicator.id.slug, key=key, earlier=indicator.field_sources[key][0])
        for key, value in fragment.fields.items()
        if key in indicator.metadata and not _same(indicator.metadata[key], value)
    ]
    _deep_merge(indicator.metadata, fragment.fields)
    indicator.meta_files.append(fragment.path)
    for key in fragment.fields:
        indicator.field_sources[key] = (fragment.path, fragment.key_lines.get(key))
    return issues


def _same(old: Any, new: Any) -> bool:
    """Equal, or the new value is blank (empty fields in config templates are common)."""
    return bool(old == new or new in ("", None, [], {}))


def _deep_merge(target: dict[str, Any], new: dict[str, Any]) -> None:
    """Later wins, but nested mappings are merged (Open SDG ``merge_inputs``)."""
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        elif value not in ("", None) or key not in target:
            target[key] = value


def _slug(raw_id: str) -> str:
    parsed = parse_indicator_id(raw_id)
    return parsed.slug if parsed else raw_id


def _add_git_dates(project: Project, dates: dict[str, str], git_inputs: dict[str, InputSpec]) -> None:
    """``national_*_updated_date`` from git, only where the metadata has none."""
    if not dates:
        return
    for slug, spec in git_inputs.items():
        indicator = project.indicators.get(slug)
        if indicator is None:
            continue
        meta_date = max((dates[f] for f in indicator.meta_files if f in dates), default=None)
        data_file = _data_file(project.config, spec, indicator)
        for key, date in (("national_metadata_updated_date", meta_date),
                          ("national_data_updated_date", dates.get(data_file))):
            if date and not indicator.metadata.get(key):
                indicator.metadata[key] = date


def _data_file(config: SiteConfig, spec: InputSpec, indicator: Indicator) -> str:
    name = indicator.metadata.get("data_filename") or spec.git_data_filemask.replace("*", indicator.id.slug)
    return str(PurePosixPath(config.in_src(spec.git_data_dir)) / str(name))
