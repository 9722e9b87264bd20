"""The preview's web server: the in-memory site served as a static host would serve the built folder.

Addresses resolve only to keys of the site's dictionary, so no request can reach a file on
disk (``..``, encoded or not, and absolute paths simply match no key). HTML responses get
two things that built sites never contain: a small script that reloads the page when a new
version of the site is ready, and, when the repository has errors, a banner naming them.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from sdgkit.server.preview import Site
from sdgkit.validate.issues import Issue

#: where the preview's own addresses live (no site file can be there: pages may not start with ``_``)
PREFIX = "/__sdgkit"
VERSION_PATH = f"{PREFIX}/version"
SCRIPT_PATH = f"{PREFIX}/live-reload.js"
#: where ``sdgkit serve --edit`` mounts the editor (no site page can be there either)
EDITOR_PATH = "/_editor"
POLL_MILLISECONDS = 300
BANNER_ERRORS = 10

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".geojson": "application/geo+json", ".csv": "text/csv; charset=utf-8",
    ".zip": "application/zip", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8", ".wasm": "application/wasm", ".svg": "image/svg+xml",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".ico": "image/vnd.microsoft.icon", ".woff": "font/woff", ".woff2": "font/woff2",
    ".pdf": "application/pdf",
}
#: Pagefind's index files (``.pf_meta``, ``.pf_index``, ``.pf_fragment``, ``wasm.en.pagefind``) and anything unknown
BINARY = "application/octet-stream"
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

LIVE_RELOAD_SCRIPT = f"""(function () {{
  "use strict";
  var me = document.currentScript, seen = me && me.getAttribute("data-version");
  function later(ms) {{ window.setTimeout(poll, ms); }}
  function poll() {{
    if (document.visibilityState === "hidden") {{ return later(1000); }}
    fetch("{VERSION_PATH}", {{cache: "no-store"}}).then(function (response) {{
      return response.json();
    }}).then(function (state) {{
      if (seen !== null && String(state.version) !== seen) {{ window.location.reload(); return; }}
      later({POLL_MILLISECONDS});
    }}).catch(function () {{ later(2000); }});
  }}
  later({POLL_MILLISECONDS});
}})();
""".encode()

_BODY_OPEN = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(rb"</body\s*>", re.IGNORECASE)


class SiteSource(Protocol):
    """What the app serves (the :class:`~sdgkit.server.preview.Preview`): the current :class:`Site`,
    and the documentation pages, made when first asked for after a change."""

    @property
    def site(self) -> Site: ...

    def needs_documentation(self, path: str) -> bool: ...

    def refresh_documentation(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Redirect:
    """Answer with a redirect to ``location`` (an address, already encoded)."""

    location: str


def create_app(source: SiteSource, editor: BaseRoute | None = None) -> Starlette:
    """The ASGI application of the preview; ``editor`` (``sdgkit serve --edit``) is mounted before the site's pages."""
    async def version(request: Request) -> Response:
        site = source.site
        body = {"version": site.version, "errors": len(site.errors), "stale": site.stale}
        return Response(json.dumps(body), media_type="application/json", headers=HEADERS)

    async def script(request: Request) -> Response:
        return Response(LIVE_RELOAD_SCRIPT, media_type="text/javascript; charset=utf-8", headers=HEADERS)

    async def page(request: Request) -> Response:
        path = request.scope["path"]  # as sent, decoded
        if source.needs_documentation(path):
            await run_in_threadpool(source.refresh_documentation)  # seconds on a large site; other requests go on
        return respond(source.site, path, request.url.query)

    async def to_editor(request: Request) -> Response:
        return RedirectResponse(f"{EDITOR_PATH}/", status_code=307, headers=HEADERS)

    extra = [Route(EDITOR_PATH, to_editor), editor] if editor else []
    return Starlette(routes=[Route(VERSION_PATH, version), Route(SCRIPT_PATH, script), *extra,
                             Route("/{path:path}", page, methods=["GET", "HEAD"])])


def respond(site: Site, path: str, query: str = "") -> Response:
    """The response to a GET of ``path`` (decoded, as the server received it)."""
    found = resolve(site.files, site.base, path)
    if isinstance(found, Redirect):
        return RedirectResponse(found.location + (f"?{query}" if query else ""), status_code=307, headers=HEADERS)
    if found is None:
        return _not_found(site, path)
    return Response(_content(site, found), media_type=content_type(found), headers=HEADERS)


def resolve(files: Mapping[str, bytes], base: str, path: str) -> str | Redirect | None:
    """The key of ``files`` that serves ``path``, a redirect to the address with a slash, or ``None``.

    ``/`` serves ``index.html`` and ``/en/1-1-1/`` serves ``en/1-1-1/index.html``; ``/en/1-1-1``
    redirects to ``/en/1-1-1/``, as static hosts do. Segments ``.`` and ``..``, empty segments,
    backslashes and NUL are refused outright, although no key could match them anyway.
    """
    if not path.startswith(base):
        return Redirect(quote(base)) if path in ("", "/", base.rstrip("/")) else None
    relative = path[len(base):]
    if any(part in (".", "..") or "\\" in part or "\x00" in part for part in relative.split("/")) \
            or "//" in relative or relative.startswith("/"):
        return None
    name = f"{relative}index.html" if relative.endswith("/") or not relative else relative
    if name in files:
        return name
    if f"{relative}/index.html" in files:
        return Redirect(quote(f"{base}{relative}/"))
    return None


def content_type(name: str) -> str:
    """The media type of a site file, from its extension."""
    return CONTENT_TYPES.get(PurePosixPath(name).suffix.lower(), BINARY)


def _content(site: Site, name: str) -> bytes:
    content = site.files[name]
    return inject(content, site) if name.endswith(".html") else content


def _not_found(site: Site, path: str) -> Response:
    """The site's own 404 page (the language's, when the address is in a language folder)."""
    language = path[len(site.base):].split("/", 1)[0] if path.startswith(site.base) else ""
    for name in [*([f"{language}/404.html"] if language else []), "404.html"]:
        if name in site.files:
            return Response(inject(site.files[name], site), status_code=404, media_type=CONTENT_TYPES[".html"],
                            headers=HEADERS)
    return Response(b"Not found\n", status_code=404, media_type=CONTENT_TYPES[".txt"], headers=HEADERS)


# --- what the preview adds to every page --------------------------------------------------------

def inject(page: bytes, site: Site) -> bytes:
    """The page with the live-reload script before ``</body>`` and, if needed, the error banner after ``<body>``."""
    script = f'<script src="{SCRIPT_PATH}" data-version="{site.version}" defer></script>'.encode()
    closing = list(_BODY_CLOSE.finditer(page))
    at = closing[-1].start() if closing else len(page)
    page = page[:at] + script + page[at:]
    banner = error_banner(site)
    if not banner:
        return page
    opening = _BODY_OPEN.search(page)
    at = opening.end() if opening else 0
    return page[:at] + banner.encode() + page[at:]


def error_banner(site: Site) -> str:
    """A plain-HTML notice of the repository's errors (empty when there are none); it works without script."""
    errors = site.errors
    if not errors:
        return ""
    if site.stale:
        summary = "The configuration could not be read: this is the last site that could be built."
    else:
        left_out = f" Left out: {', '.join(site.skipped)}." if site.skipped else ""
        summary = f"{len(errors)} error{'s' if len(errors) != 1 else ''} in the repository.{left_out}"
    items = "".join(f"<li>{html.escape(_describe(issue))}</li>" for issue in errors[:BANNER_ERRORS])
    more = f"<li>… and {len(errors) - BANNER_ERRORS} more (sdgkit check lists them all).</li>" \
        if len(errors) > BANNER_ERRORS else ""
    return ('<div id="sdgkit-preview-errors" role="alert" style="position:sticky;top:0;z-index:2147483647;'
            "margin:0;padding:.6em 1em;background:#8b0000;color:#fff;font:15px/1.4 system-ui,sans-serif;"
            'text-align:start"><strong>sdgkit preview:</strong> '
            f'{html.escape(summary)}<ul style="margin:.3em 0 0;padding-inline-start:1.5em">{items}{more}</ul></div>')


def _describe(issue: Issue) -> str:
    where = ":".join(str(part) for part in (issue.file, issue.line) if part)
    return f"{where}: {issue.message}" if where else issue.message
