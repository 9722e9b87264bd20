"""One indicator read, assembled and validated again, without reading the rest of the repository.

The same readers (:mod:`sdgkit.formats`), the same assembler and the same checks as
:func:`sdgkit.check.check`, applied to the files of one indicator only: every data and
metadata file of it is read again (not only the changed one), because the assembler
merges all of an indicator's fragments in configuration order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from sdgkit.assemble import Project, assemble
from sdgkit.config.models import InputSpec, SiteConfig
from sdgkit.formats.csv_data import read_csv_table
from sdgkit.formats.files import RepoFiles, TextFile
from sdgkit.formats.metadata import read_metadata
from sdgkit.model.ids import id_from_filename
from sdgkit.model.indicator import Indicator
from sdgkit.read import DataFragment, Fragments, MetaSource
from sdgkit.server.changes import input_patterns, slug_of
from sdgkit.validate.data import check_data
from sdgkit.validate.issues import Issue
from sdgkit.validate.metadata import check_metadata
from sdgkit.validate.structure import check_structure


@dataclass(slots=True)
class Reassembled:
    """The indicator as the files now describe it (``None`` when no file names it any more)."""

    indicator: Indicator | None
    issues: list[Issue] = field(default_factory=list)
    #: every file of the indicator that was read
    files: list[str] = field(default_factory=list)


def reassemble(files: RepoFiles, project: Project, slug: str, git_dates: dict[str, str]) -> Reassembled:
    """Read, assemble and validate indicator ``slug`` of ``project`` again, from its files only."""
    config = project.config
    fragments = Fragments(catalog=project.catalog, schema=project.schema, layers=project.layers, git_dates=git_dates)
    result = Reassembled(None)
    for spec, path, language in indicator_files(files, config, slug):
        result.files.append(path)
        result.issues += _read(files, config, spec, path, language, fragments)
    assembled, issues = assemble(config, fragments)
    result.issues += issues
    result.indicator = assembled.indicators.get(slug)
    if result.indicator is not None:
        result.issues += validate_indicator(result.indicator, project)
    return result


def indicator_files(files: RepoFiles, config: SiteConfig, slug: str) -> list[tuple[InputSpec, str, str | None]]:
    """``(input, path, language)`` of the indicator's files, in the order the read stage reads them."""
    found: list[tuple[InputSpec, str, str | None]] = []
    for spec, pattern, language in input_patterns(config):
        found += [(spec, path, language) for path in files.glob(pattern) if slug_of(path, spec) == slug]
    return found


def validate_indicator(indicator: Indicator, project: Project) -> list[Issue]:
    """The checks :func:`sdgkit.validate.checks.validate` makes of each indicator."""
    return [*check_data(indicator, project.layers),
            *check_metadata(indicator, project.schema, project.catalog, project.config.default_language),
            *check_structure(indicator)]


def _read(files: RepoFiles, config: SiteConfig, spec: InputSpec, path: str, language: str | None,
          fragments: Fragments) -> list[Issue]:
    """One file into ``fragments``, as :func:`sdgkit.read.read_sources` reads it."""
    text_file, issues = files.read_text(path)
    if text_file is None:
        return issues
    if spec.format == "csv-data":
        return issues + _read_data(text_file, spec, fragments)
    fragment, meta_issues = read_metadata(text_file, spec.format, PurePosixPath(path).stem, language,
                                          max_values=config.limits.max_yaml_values, meta_suffix=spec.meta_suffix)
    if fragment is not None:
        fragments.meta.append(MetaSource(fragment, spec))
    return issues + meta_issues


def _read_data(text_file: TextFile, spec: InputSpec, fragments: Fragments) -> list[Issue]:
    table, issues = read_csv_table(text_file)
    if table is not None:
        fragments.data.append(DataFragment(id_from_filename(PurePosixPath(text_file.path).stem), table, spec))
    return issues
