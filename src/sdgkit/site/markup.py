"""Markdown and HTML from metadata and pages: rendered, then sanitised, never trusted.

Metadata fields and pages may hold Markdown *and* raw HTML (the UK's do), so markdown-it
renders with HTML enabled and nh3 then removes scripts, event handlers, ``javascript:``
links and anything else outside an allow-list. Nothing a user wrote executes in the site.
"""

from __future__ import annotations

import re
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

#: tags a statistician can use in metadata and pages (no forms, scripts, styles or frames)
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title", "class"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "abbr": {"title"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
#: a header cell markdown-it wrote (no attributes but an optional alignment style)
_HEADER_CELL = re.compile(r"<th((?: style=\"[^\"]*\")?>)")
_HEAD = re.compile(r"<thead>.*?</thead>", re.DOTALL)


def _scoped(html: str) -> str:
    """Column headers say so: markdown tables have no other way to give ``<th>`` its ``scope``."""
    return _HEAD.sub(lambda head: _HEADER_CELL.sub(r'<th scope="col"\1', head.group(0)), html)


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable("table")


def sanitise(html: str) -> Markup:
    """HTML reduced to the allow-list; links get ``rel="noopener noreferrer"``."""
    clean = nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                      url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer")
    return Markup(clean)  # noqa: S704 - nh3 output is safe by construction


def markdown(text: str) -> Markup:
    """Markdown (with inline HTML) as safe HTML."""
    return sanitise(_scoped(_markdown().render(text)))


def inline_markdown(text: str) -> Markup:
    """Markdown of a short value (a table cell): a single paragraph loses its ``<p>``."""
    html = _markdown().render(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return sanitise(html)


def plain_text(html_or_markdown: str) -> str:
    """Text without tags, whitespace collapsed (for search records and ``<meta>`` descriptions)."""
    return _SPACES.sub(" ", _TAG.sub(" ", str(markdown(html_or_markdown)))).strip()
