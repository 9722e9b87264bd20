"""Translations in the sdg-translations layout: ``translations/<lang>/<group>.yml``.

A translation key is ``group.key``. Sources are merged in configuration order and a
later source wins, as in Open SDG; the built-in SDG translations come first so a
site's own files override them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from sdgkit.config.models import SiteConfig, TranslationSpec
from sdgkit.config.remote import is_remote
from sdgkit.formats.files import RepoFiles
from sdgkit.formats.yaml_text import describe_kind, parse_yaml
from sdgkit.framework import builtin_translations, theme_translations
from sdgkit.sdmx.inputs import read_sdmx_translations
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

Groups = dict[str, dict[str, str]]


@dataclass(slots=True)
class Catalog:
    """Merged translations: ``language → group → key → text``."""

    texts: dict[str, Groups] = field(default_factory=dict)
    #: keys the repository itself provides, per language (for completeness checks)
    own_keys: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    #: file in which the repository defines each (language, group)
    own_files: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, language: str, group: str, entries: dict[str, str], *, own_file: str | None = None) -> None:
        self.texts.setdefault(language, {}).setdefault(group, {}).update(entries)
        if own_file is not None:
            self.own_keys.setdefault(language, set()).update((group, key) for key in entries)
            self.own_files[(language, group)] = own_file

    def get(self, language: str, key: str) -> str | None:
        """Text of ``group.key`` in ``language``, or ``None`` when unknown."""
        group, _, name = key.partition(".")
        return self.texts.get(language, {}).get(group, {}).get(name)

    def has_group(self, language: str, group: str) -> bool:
        return group in self.texts.get(language, {})

    def languages(self) -> list[str]:
        return sorted(self.texts)


def read_catalog(files: RepoFiles, config: SiteConfig) -> tuple[Catalog, list[Issue]]:
    """All configured translation sources for the configured languages."""
    catalog = Catalog()
    issues: list[Issue] = []
    for language in config.languages:
        for group, entries in builtin_translations(language).items():
            catalog.add(language, group, entries)
        for group, entries in theme_translations(language).items():
            catalog.add(language, group, entries)
    for spec in config.translations:
        issues += _read_source(files, config, spec, catalog)
    for language in config.languages:
        if language not in catalog.texts:
            issues.append(make_issue("translation-language-unavailable", lang=language, value=language))
    return catalog, issues


def _read_source(files: RepoFiles, config: SiteConfig, spec: TranslationSpec, catalog: Catalog) -> list[Issue]:
    if spec.format == "sdg-translations":
        if spec.source is None or is_remote(spec.source):
            return []  # the built-in copy stands in; remote sources are reported with the config
        folder = _sdg_translations_folder(files, config.in_src(spec.source))
        return _read_yaml_folder(files, folder, config.languages, catalog, own=False)
    if spec.format == "yaml":
        folder = config.in_src(spec.source or "translations")
        return _read_yaml_folder(files, folder, config.languages, catalog, own=True)
    if spec.format == "csv":
        folder = config.in_src(spec.source or "translations")
        return _read_csv_folder(files, folder, config.languages, catalog)
    if spec.format == "sdmx":
        return _read_sdmx_codelists(files, config, spec, catalog)
    return []  # other formats are reported, with their line, when the configuration loads


def _read_sdmx_codelists(files: RepoFiles, config: SiteConfig, spec: TranslationSpec, catalog: Catalog) -> list[Issue]:
    """``TranslationInputSdmx``: code and concept names of the DSD, like built-in texts (no completeness check)."""
    found, issues = read_sdmx_translations(files, config, spec)
    for language, groups in found.items():
        for group, entries in groups.items():
            catalog.add(language, group, entries)
    return issues


def _sdg_translations_folder(files: RepoFiles, folder: str) -> str:
    """A checkout of sdg-translations keeps its files under ``translations/``."""
    nested = f"{folder}/translations"
    return nested if files.exists(nested) else folder


def _read_yaml_folder(files: RepoFiles, folder: str, languages: Iterable[str],
                      catalog: Catalog, *, own: bool) -> list[Issue]:
    if not files.exists(folder):
        if own and folder.rstrip("/") == "translations":
            return []  # the default local folder is optional
        return [make_issue("config-file-missing", what="translations folder", path=folder)]
    issues: list[Issue] = []
    for language in languages:
        for path in files.glob(f"{language}/*.yml", base=folder):
            issues += _read_yaml_group(files, path, language, catalog, own=own)
    return issues


def _read_yaml_group(files: RepoFiles, path: str, language: str, catalog: Catalog, *, own: bool) -> list[Issue]:
    text_file, issues = files.read_text(path)
    if text_file is None:
        return issues
    parsed = parse_yaml(text_file.text, path)
    issues += parsed.issues
    if parsed.data is None:
        return issues
    if not isinstance(parsed.data, dict):
        return [*issues, make_issue("yaml-not-mapping", file=path, line=1, kind=describe_kind(parsed.data))]
    entries: dict[str, str] = {}
    for key, text in parsed.data.items():
        if isinstance(text, str):
            entries[str(key)] = text
        elif text is not None:
            issues.append(make_issue("translation-not-text", file=path, line=parsed.key_lines.get(str(key)),
                                     key=key))
    group = PurePosixPath(path).stem
    catalog.add(language, group, entries, own_file=path if own else None)
    return issues


def _read_csv_folder(files: RepoFiles, folder: str, languages: Iterable[str], catalog: Catalog) -> list[Issue]:
    """``{lang}/{group}.csv`` files of ``key,value`` rows (``TranslationInputCsv``)."""
    if not files.exists(folder):
        return [make_issue("config-file-missing", what="translations folder", path=folder)]
    issues: list[Issue] = []
    for language in languages:
        for path in files.glob(f"{language}/*.csv", base=folder):
            text_file, read_issues = files.read_text(path)
            issues += read_issues
            if text_file is not None:
                rows = [row for row in csv.reader(io.StringIO(text_file.text, newline="")) if len(row) >= 2]
                catalog.add(language, PurePosixPath(path).stem, {row[0]: row[1] for row in rows}, own_file=path)
    return issues
