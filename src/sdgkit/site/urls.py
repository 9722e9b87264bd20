"""Where every page lives: one tree per language, ``/<lang>/…``, under the site's base path.

Links are root-relative (``/en/1-1-1/``) with the base path of ``base_url`` in front, so a
site published under a sub-folder (GitHub Pages project sites) works; file paths are the
same addresses with ``index.html`` added.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

#: folders of the data service inside each language tree: pages may not take these names
RESERVED = frozenset({"comb", "data", "data-packages", "edges", "geojson", "headline", "meta", "stats",
                      "translations", "zip", "assets", "pagefind", "untranslated"})


def base_path(base_url: str) -> str:
    """``https://example.org/sdg`` → ``/sdg/``; empty → ``/``."""
    path = urlsplit(base_url).path.strip("/")
    return f"/{path}/" if path else "/"


@dataclass(frozen=True, slots=True)
class Urls:
    """Addresses of one language's pages, relative to the site root (no leading slash)."""

    language: str

    def home(self) -> str:
        return f"{self.language}/"

    def goal(self, number: str) -> str:
        return f"{self.language}/{number}/"

    def indicator(self, slug: str, permalink: object = None) -> str:
        if isinstance(permalink, str) and permalink.strip("/"):
            return f"{self.language}/{permalink.strip('/')}/"
        return f"{self.language}/{slug}/"

    def page(self, permalink: str) -> str:
        return f"{self.language}/{permalink.strip('/')}/" if permalink.strip("/") else self.home()

    def data_file(self, relative: str) -> str:
        """A file of the data service in this language (``data/1-1-1.csv``)."""
        return f"{self.language}/{relative}"


def file_of(path: str) -> str:
    """The file that serves an address: ``en/1-1-1/`` → ``en/1-1-1/index.html``."""
    return f"{path}index.html" if path.endswith("/") or not path else path


def relocate(path: str, language: str, other: str) -> str:
    """The same page in another language: swap the first path segment."""
    head, _, rest = path.partition("/")
    return f"{other}/{rest}" if head == language else path


def address_of(file: str) -> str:
    """The address that serves a file: ``en/1-1-1/index.html`` → ``en/1-1-1/``."""
    return file.removesuffix("index.html")
