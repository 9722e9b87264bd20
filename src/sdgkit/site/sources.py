"""The site's own files: Markdown pages and news posts, template overrides, static files, a theme.

Read once (the read stage); rendering only sees the parsed result. Problems are issues:
a page without a title, front matter that is not YAML, two pages at one address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from sdgkit.config.models import SiteConfig
from sdgkit.formats.files import RepoFiles
from sdgkit.formats.yaml_text import front_matter, parse_yaml
from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

_POST_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
#: Open SDG site repositories keep pages and posts in these folders
OPEN_SDG_PAGES, OPEN_SDG_POSTS = "_pages", "_posts"


@dataclass(frozen=True, slots=True)
class Document:
    """A Markdown page or post: front matter settings and the Markdown body."""

    file: str
    name: str
    title: str
    body: str
    language: str | None = None
    permalink: str = ""
    date: date | None = None
    categories: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(slots=True)
class SiteSources:
    pages: list[Document] = field(default_factory=list)
    posts: list[Document] = field(default_factory=list)
    #: template name → text: the site's own first, then its theme's
    templates: dict[str, str] = field(default_factory=dict)
    theme_templates: dict[str, str] = field(default_factory=dict)
    #: path under ``assets/`` → bytes (the site's and the theme's static files)
    static: dict[str, bytes] = field(default_factory=dict)


def read_site_sources(files: RepoFiles, config: SiteConfig) -> tuple[SiteSources, list[Issue]]:
    options = config.site
    sources, issues = SiteSources(), []
    for folder in dict.fromkeys((options.pages_dir, OPEN_SDG_PAGES)):
        issues += _read_documents(files, folder, sources.pages, post=False)
    for folder in dict.fromkeys((options.posts_dir, OPEN_SDG_POSTS)):
        issues += _read_documents(files, folder, sources.posts, post=True)
    if options.theme:
        sources.theme_templates = _texts(files, f"{options.theme.strip('/')}/templates", issues)
        sources.static.update(_binaries(files, f"{options.theme.strip('/')}/static", issues))
    sources.templates = _texts(files, options.templates_dir, issues)
    sources.static.update(_binaries(files, options.static_dir, issues))
    return sources, issues


def _read_documents(files: RepoFiles, folder: str, into: list[Document], *, post: bool) -> list[Issue]:
    issues: list[Issue] = []
    for path in sorted(files.glob("**/*.md", base=folder)):
        text_file, read_issues = files.read_text(path)
        issues += read_issues
        if text_file is not None:
            document, doc_issues = parse_document(path, text_file.text, post=post)
            issues += doc_issues
            if document is not None:
                into.append(document)
    return issues


def parse_document(path: str, text: str, *, post: bool = False) -> tuple[Document | None, list[Issue]]:
    """A page or post from its Markdown text; its name and date may come from the file name."""
    split = front_matter(text)
    if isinstance(split, str):
        header, body, offset = "", text, 0
    else:
        header, body, offset = split
    settings: Any = {}
    issues: list[Issue] = []
    if header.strip():
        parsed = parse_yaml(header, path, line_offset=offset)
        issues += parsed.issues
        settings = parsed.data if isinstance(parsed.data, dict) else {}
    stem = PurePosixPath(path).stem
    name, dated = _name_and_date(stem, post)
    language = settings.get("language")
    name = name.removesuffix(f".{language}") if isinstance(language, str) else name
    title = settings.get("title")
    if not isinstance(title, str) or not title.strip():
        issues.append(make_issue("page-no-title", file=path, line=1))
        title = name.replace("-", " ").capitalize()
    return Document(
        file=path, name=name, title=title.strip(), body=body, language=language if isinstance(language, str) else None,
        permalink=str(settings.get("permalink") or (f"news/{name}" if post else name)).strip("/"),
        date=_date(settings.get("date")) or dated, categories=_categories(settings.get("categories")),
        settings=settings,
    ), issues


def _name_and_date(stem: str, post: bool) -> tuple[str, date | None]:
    match = _POST_NAME.match(stem) if post else None
    if not match:
        return stem, None
    try:
        return match.group(4), date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return match.group(4), None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _categories(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part for part in value.split() if part)
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def _texts(files: RepoFiles, folder: str, issues: list[Issue]) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in files.glob("**/*.html", base=folder):
        text_file, read_issues = files.read_text(path)
        issues += read_issues
        if text_file is not None:
            found[str(PurePosixPath(path).relative_to(folder))] = text_file.text
    return found


def _binaries(files: RepoFiles, folder: str, issues: list[Issue]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for path in files.glob("**/*", base=folder):
        content = files.read_bytes(path)
        if isinstance(content, Issue):
            issues.append(content)
        else:
            found[str(PurePosixPath(path).relative_to(folder))] = content
    return found
