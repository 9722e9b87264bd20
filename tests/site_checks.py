"""Checks of a built website that need no browser: dead links and semantic HTML.

Pages are parsed with selectolax. Every function returns a list of readable problems
(empty when all is well), so a test can show them all at once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

#: attributes that address another file or page of the site
LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("area", "href"), ("img", "src"), ("script", "src"),
                   ("source", "src"), ("iframe", "src"), ("form", "action"))
#: form controls a person fills in or chooses (buttons are named by their content)
CONTROLS = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), " \
           "select, textarea"
_REFRESH = re.compile(r"url\s*=\s*(\S+)", re.IGNORECASE)
_HEADING = re.compile(r"^h([1-6])$")
#: a character reference that survived into the text: the markup was escaped twice
_ESCAPED_TWICE = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos|nbsp);")
#: attributes a reader hears or sees
TEXT_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "content")


@dataclass
class Page:
    """One HTML file of a build, parsed once."""

    root: Path
    file: Path
    _ids: set[str] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.file.relative_to(self.root).as_posix()

    @property
    def address(self) -> str:
        """The root-relative address that serves this file (``/en/1-1-1/``)."""
        name = self.name
        return "/" + (name.removesuffix("index.html") if name == "index.html" or name.endswith("/index.html") else name)

    @cached_property
    def tree(self) -> HTMLParser:
        return HTMLParser(self.file.read_text(encoding="utf-8"))

    @property
    def ids(self) -> set[str]:
        if self._ids is None:
            self._ids = {node.attributes.get("id") or "" for node in self.tree.css("[id]")}
        return self._ids


class Site:
    """A built site: its HTML pages, parsed lazily and once."""

    def __init__(self, root: Path, base: str = "/") -> None:
        self.root = root
        self.base = base
        self.pages = {page.name: page for page in (Page(root, f) for f in sorted(root.rglob("*.html")))}

    def page(self, name: str) -> Page:
        return self.pages[name]

    def target(self, address: str) -> Path | None:
        """The file that serves a root-relative address, if it is part of the build."""
        if not address.startswith(self.base):
            return None
        relative = unquote(address[len(self.base):])
        path = self.root / relative
        if address.endswith("/") or relative == "":
            path = path / "index.html"
        return path if path.is_file() and path.resolve().is_relative_to(self.root.resolve()) else None


# --- links -------------------------------------------------------------------------------------


def links(page: Page) -> Iterator[tuple[str, str]]:
    """(element, address) of every reference in the page, including a meta refresh."""
    for tag, attribute in LINK_ATTRIBUTES:
        for node in page.tree.css(f"{tag}[{attribute}]"):
            yield tag, node.attributes.get(attribute) or ""
    for node in page.tree.css("meta[http-equiv]"):
        if (node.attributes.get("http-equiv") or "").lower() == "refresh":
            found = _REFRESH.search(node.attributes.get("content") or "")
            if found:
                yield "meta", found.group(1).strip("'\"")


def is_external(address: str) -> bool:
    parts = urlsplit(address)
    return bool(parts.scheme) or address.startswith("//")


def dead_links(site: Site) -> list[str]:
    """Internal references that do not resolve to a file of the build, or to an id in it."""
    problems = []
    for page in site.pages.values():
        for tag, address in links(page):
            if is_external(address):
                continue
            problem = _check_link(site, page, address)
            if problem:
                problems.append(f"{page.name}: <{tag}> {address!r} {problem}")
    return problems


def _check_link(site: Site, page: Page, address: str) -> str:
    if not address:
        return "is empty"
    absolute = urljoin(page.address, address)
    parts = urlsplit(absolute)
    target = site.target(parts.path)
    if target is None:
        return "leads to no file of the build"
    if not parts.fragment:
        return ""
    if target.suffix != ".html":
        return "has a fragment but is not a page"
    fragment = unquote(parts.fragment)
    linked = site.pages[target.relative_to(site.root).as_posix()]
    return "" if fragment in linked.ids else f"names #{fragment}, which is not in {linked.name}"


# --- semantic HTML ---------------------------------------------------------------------------


def headings(tree: HTMLParser) -> list[tuple[int, str]]:
    """(level, text) of every h1-h6 in document order (none inside SVG or templates)."""
    found = []
    for node in tree.css("h1, h2, h3, h4, h5, h6"):
        match = _HEADING.match(node.tag or "")
        if match:
            found.append((int(match.group(1)), " ".join(node.text().split())))
    return found


def heading_problems(tree: HTMLParser) -> list[str]:
    levels = headings(tree)
    problems = []
    ones = [text for level, text in levels if level == 1]
    if len(ones) != 1:
        problems.append(f"{len(ones)} h1 elements: {ones}")
    previous = 0
    for level, text in levels:
        if level > previous + 1:
            problems.append(f"h{level} {text!r} follows h{previous} (a level is skipped)")
        previous = level
    return problems


def table_problems(tree: HTMLParser) -> list[str]:
    problems = []
    for table in tree.css("table"):
        caption = next((c for c in table.iter() if c.tag == "caption"), None)
        if caption is None or not caption.text(strip=True):
            problems.append(f"a table without a caption: {_snippet(table)}")
        for th in table.css("th"):
            if th.attributes.get("scope") not in ("row", "col", "rowgroup", "colgroup"):
                problems.append(f"a <th> without scope: {_snippet(th)}")
    return problems


def language_problems(tree: HTMLParser, expected: str | None) -> list[str]:
    html = tree.css_first("html")
    if html is None:
        return ["no <html> element"]
    lang, direction = html.attributes.get("lang"), html.attributes.get("dir")
    problems = []
    if not lang:
        problems.append("<html> has no lang")
    elif expected and lang != expected:
        problems.append(f"<html lang={lang!r}>, expected {expected!r}")
    wanted = "rtl" if (lang or "").split("-")[0] in ("ar", "he", "fa", "ur") else "ltr"
    if direction != wanted:
        problems.append(f"<html lang={lang!r}> has dir={direction!r}, expected {wanted!r}")
    return problems


def image_problems(tree: HTMLParser) -> list[str]:
    return [f"an image without alt: {_snippet(img)}" for img in tree.css("img") if "alt" not in img.attributes]


def label_problems(tree: HTMLParser) -> list[str]:
    labelled = {node.attributes.get("for") for node in tree.css("label[for]")}
    problems = []
    for control in tree.css(CONTROLS):
        attributes = control.attributes
        if attributes.get("id") in labelled or attributes.get("aria-label") or attributes.get("aria-labelledby") \
                or attributes.get("title") or _inside(control, "label"):
            continue
        problems.append(f"a form control without a label: {_snippet(control)}")
    return problems


def id_problems(tree: HTMLParser) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for node in tree.css("[id]"):
        counts[node.attributes.get("id") or ""] += 1
    return [f"id {name!r} is used {count} times" for name, count in counts.items() if count > 1]


def escaping_problems(tree: HTMLParser) -> list[str]:
    """Text that shows a character reference (``l&#39;indicateur``) instead of the character."""
    body = tree.body
    found = [match.group(0) for match in _ESCAPED_TWICE.finditer(body.text() if body is not None else "")]
    for name in TEXT_ATTRIBUTES:
        for node in tree.css(f"[{name}]"):
            found += [match.group(0) for match in _ESCAPED_TWICE.finditer(node.attributes.get(name) or "")]
    return [f"shows {reference!r} as text (escaped twice)" for reference in sorted(set(found))]


def title_of(tree: HTMLParser) -> str:
    node = tree.css_first("head > title")
    return " ".join(node.text().split()) if node is not None else ""


def page_problems(page: Page, language: str | None) -> list[str]:
    """Everything wrong with one page's structure."""
    tree = page.tree
    found = [*heading_problems(tree), *table_problems(tree), *language_problems(tree, language),
             *image_problems(tree), *label_problems(tree), *id_problems(tree)]
    if not title_of(tree):
        found.append("no <title>")
    return [f"{page.name}: {problem}" for problem in found]


def title_problems(pages: Iterable[Page], site_title: str, home: str) -> list[str]:
    """Titles are unique among ``pages`` and say more than the site's name (except the home page)."""
    by_title: dict[str, list[str]] = defaultdict(list)
    problems = []
    for page in pages:
        title = title_of(page.tree)
        by_title[title].append(page.name)
        if page.name != home and title == site_title:
            problems.append(f"{page.name}: the title is only the site's name")
    problems += [f"title {title!r} is shared by {names}" for title, names in by_title.items() if len(names) > 1]
    return problems


# --- helpers ------------------------------------------------------------------------------------


def _inside(node: Node, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def _snippet(node: Node) -> str:
    html = " ".join((node.html or "").split())
    return html[:120] + ("…" if len(html) > 120 else "")
