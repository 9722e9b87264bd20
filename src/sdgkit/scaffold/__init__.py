"""``sdgkit new``: a complete repository for a new country, and the demo that ``serve --demo`` shows.

A new repository checks clean and builds at once: the configuration (``sdgkit.yml``, data and
site settings with a comment on each), a metadata schema, a metadata file for every global
indicator (so every goal, target and indicator is on the site from day one), optional demo
datasets, the site's pages and a first news post, translation overrides and a README for
the statisticians who will edit it. The library never prints; it returns the files written.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sdgkit.scaffold import templates
from sdgkit.scaffold.demo import INDICATORS, csv_text
from sdgkit.scaffold.metadata import (
    demo_metadata,
    global_indicator_ids,
    placeholder_metadata,
    translated_demo_metadata,
)
from sdgkit.scaffold.options import Options, ScaffoldError, make_options
from sdgkit.scaffold.translations import translation_files

__all__ = ["DEMO_COUNTRY", "DEMO_LANGUAGES", "ScaffoldError", "demo_repository", "new_repository",
           "repository_files"]

DEMO_COUNTRY, DEMO_ADJECTIVE = "Demoland", "Demolandic"
DEMO_LANGUAGES = ("en", "fr", "ar")
#: the demo is the same every time, so its welcome post has a fixed date
DEMO_DATE = date(2025, 1, 15)
PAGES = ("about", "faq", "guidance", "contact", "cookies")
#: what may already be in an "empty" folder: a fresh ``git init`` or clone of an empty repository
_ALLOWED_EXISTING = frozenset({".git"})
GITIGNORE = ("# Written by `sdgkit build`; never edit it by hand\n_site/\n"
             "# sdgkit's cache and temporary folders beside the output\n._site.*\n")


def new_repository(target: Path, *, languages: Sequence[str] = ("en",), country: str = "",
                   demo_data: bool = True, created: date | None = None) -> list[Path]:
    """Write a complete new repository into ``target`` (which must not exist, or be empty).

    ``created`` dates the welcome post (default: today). Raises :class:`ScaffoldError` when an
    option is invalid or the folder cannot be used; nothing is left behind when writing fails.
    Returns the files written, in the order written.
    """
    options = make_options(languages, country, demo_data, created)
    return _write(Path(target), repository_files(options))


def demo_repository(target: Path) -> list[Path]:
    """The embedded demo (``sdgkit serve --demo``): an imaginary country in English, French and Arabic."""
    options = make_options(DEMO_LANGUAGES, DEMO_COUNTRY, True, DEMO_DATE, adjective=DEMO_ADJECTIVE)
    return _write(Path(target), repository_files(options))


def repository_files(options: Options) -> dict[str, str]:
    """Every file of the repository as ``{relative path: text}``, nothing written (deterministic)."""
    files = {
        "README.md": templates.render("README.md.j2", **_values(options)),
        ".gitignore": GITIGNORE,
        "sdgkit.yml": templates.render("sdgkit.yml.j2", **_values(options)),
        "metadata_schema.yml": templates.text("metadata_schema.yml"),
    }
    files.update(_metadata_files(options))
    files.update(_demo_files(options))
    files.update(translation_files(options))
    files.update(_documents(options))
    return files


def _values(options: Options) -> dict[str, object]:
    """What the templates may use."""
    translated = [language for language in options.languages if language != "en" and language in INDICATORS[0].texts]
    return {
        "country": options.country, "adjective": options.adjective, "email": options.email,
        "languages": list(options.languages), "demo_data": options.demo_data,
        "created": options.created.isoformat(),
        "demo_count": len(INDICATORS), "demo_ids": [indicator.slug for indicator in INDICATORS],
        "translated_meta": bool(options.demo_data and translated),
    }


def _metadata_files(options: Options) -> dict[str, str]:
    """A placeholder for every global indicator; the demo indicators' own files replace theirs."""
    demo = {indicator.slug for indicator in INDICATORS} if options.demo_data else set()
    return {f"meta/{slug}.md": placeholder_metadata(slug, options)
            for slug in global_indicator_ids() if slug not in demo}


def _demo_files(options: Options) -> dict[str, str]:
    """Data, metadata and, for other languages we write, translated metadata of the demo indicators."""
    if not options.demo_data:
        return {}
    files: dict[str, str] = {}
    for indicator in INDICATORS:
        files[f"data/indicator_{indicator.slug}.csv"] = csv_text(indicator)
        files[f"meta/{indicator.slug}.md"] = demo_metadata(indicator, options)
        for language in options.languages:
            translated = translated_demo_metadata(indicator, language, options)
            if translated is not None:
                files[f"meta/{language}/{indicator.slug}.md"] = translated
    return dict(sorted(files.items()))


def _documents(options: Options) -> dict[str, str]:
    """Pages and the welcome post: English for every language, plus the translations we write."""
    values = _values(options)
    files: dict[str, str] = {}
    post = f"posts/{options.created.isoformat()}-welcome"
    for name, folder, output in [*((page, "pages", f"pages/{page}") for page in PAGES),
                                 ("welcome", "posts", post)]:
        files[f"{output}.md"] = templates.render(f"{folder}/{name}.md.j2", **values)
        for language in options.languages:
            variant = f"{folder}/{name}.{language}.md.j2"
            if templates.exists(variant):
                files[f"{output}.{language}.md"] = templates.render(variant, **values)
    return files


def _write(target: Path, files: dict[str, str]) -> list[Path]:
    """Write every file, or nothing: on failure the folder is left as it was found."""
    created_folder = _check_target(target)
    written: list[Path] = []
    try:
        for relative, content in files.items():
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="\n")
            written.append(path)
    except OSError as error:
        _clean_up(target, created_folder)
        raise ScaffoldError(f"cannot write {target}: {error.strerror or error}") from error
    return written


def _check_target(target: Path) -> bool:
    """Refuse anything but a new or empty folder; True when the folder has to be created."""
    if not target.exists():
        try:
            target.mkdir(parents=True)
        except OSError as error:
            raise ScaffoldError(f"cannot create {target}: {error.strerror or error}") from error
        return True
    if not target.is_dir():
        raise ScaffoldError(f"{target} is a file, not a folder")
    if any(entry.name not in _ALLOWED_EXISTING for entry in target.iterdir()):
        raise ScaffoldError(f"{target} is not empty: sdgkit new only writes into a new or empty folder")
    return False


def _clean_up(target: Path, created_folder: bool) -> None:
    """Remove what this run wrote (the folder held nothing else, or only ``.git``)."""
    if created_folder:
        shutil.rmtree(target, ignore_errors=True)
        return
    for entry in target.iterdir():
        if entry.name in _ALLOWED_EXISTING:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
