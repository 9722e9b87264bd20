"""The editor's server-rendered HTML shell: sign-in, dashboard, a read-only file page.

Deliberately minimal, without inline script: the page of a data file loads the editing grid
(``static/editor.js``, built on the JSON API), every other page works without it. Every piece
of text that comes from users or repository files goes through :func:`html.escape`, so a
metadata value such as ``<script>`` is shown as text, never run. The CSRF token is in a
``<meta name="csrf-token">`` for the UI's scripts, and in a hidden field of the sign-out form.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from sdgkit.editor.history import Entry
from sdgkit.editor.i18n import DEFAULT, Translator
from sdgkit.editor.proposals import Proposal

BASE = "/_editor"
_STYLE = ("body{font:16px/1.5 system-ui,sans-serif;max-width:60em;margin:1em auto;padding:0 1em}"
          "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;text-align:start}"
          "pre{white-space:pre-wrap;background:#f4f4f4;padding:.5em}.error{color:#8b0000}h1,pre{overflow-wrap:anywhere}")


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator in the dashboard's list."""

    number: str
    title: str
    files: tuple[str, ...]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def file_link(path: str) -> str:
    return f'<a href="{BASE}/file?path={_e(quote(path, safe="/"))}">{_e(path)}</a>'


def layout(title: str, body: str, *, csrf: str | None = None, user: str | None = None, script: bool = False,
           t: Translator | None = None) -> str:
    """A whole page; ``csrf`` and ``user`` when signed in (the header then has a sign-out button).

    ``script``: also the editing UI's own style sheet and script (files of ``static/``, no inline code).
    """
    meta = f'<meta name="csrf-token" content="{_e(csrf)}">' if csrf else ""
    t = t or Translator(DEFAULT)
    if script:
        meta += (f'<link rel="stylesheet" href="{BASE}/static/editor.css">'
                 f'<link rel="stylesheet" href="{BASE}/static/form.css">'
                 f'<script type="application/json" id="editor-texts">{t.script_texts()}</script>'
                 f'<script src="{BASE}/static/editor.js" defer></script>'
                 f'<script src="{BASE}/static/form.js" defer></script>')
    header = ""
    if csrf and user:
        header = (f'<header><p>Signed in as {_e(user)}. <a href="{BASE}/">Dashboard</a></p>'
                  f'<form method="post" action="{BASE}/sign-out"><input type="hidden" name="csrf_token" '
                  f'value="{_e(csrf)}"><button type="submit">Sign out</button></form></header>')
    return (f'<!DOCTYPE html><html lang="{_e(t.language)}" dir="{t.direction}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">{meta}'
            f'<link rel="icon" href="{BASE}/static/icon.svg">'
            f'<title>{_e(title)} – sdgkit editor</title><link rel="stylesheet" href="{BASE}/style.css"></head>'
            f'<body>{header}<main><h1>{_e(title)}</h1>{body}</main></body></html>')


def style() -> str:
    return _STYLE


def sign_in_page(message: str = "", name: str = "") -> str:
    """The sign-in form; ``message`` says why the last attempt failed."""
    problem = f'<p class="error" role="alert">{_e(message)}</p>' if message else ""
    return layout("Sign in", f'{problem}<form method="post" action="{BASE}/sign-in">'
                  f'<p><label for="name">User name</label><br><input id="name" name="name" value="{_e(name)}" '
                  'autocomplete="username" required></p>'
                  '<p><label for="password">Password</label><br><input id="password" name="password" '
                  'type="password" autocomplete="current-password" required></p>'
                  '<p><button type="submit">Sign in</button></p></form>')


def dashboard_page(indicators: Sequence[IndicatorRow], pending: Sequence[Proposal], *, csrf: str,
                   user: str) -> str:
    """The indicators with links to their files, and the proposals waiting for review."""
    rows = "".join(f"<tr><td>{_e(row.number)}</td><td>{_e(row.title)}</td>"
                   f"<td>{' '.join(file_link(path) for path in row.files)}</td></tr>" for row in indicators)
    table = (f"<table><thead><tr><th>Number</th><th>Title</th><th>Files</th></tr></thead><tbody>{rows}</tbody>"
             "</table>") if rows else "<p>No indicators were found.</p>"
    waiting = _proposal_list(pending)
    return layout("Editor", f"<h2>Indicators</h2>{table}<h2>Proposals waiting for review</h2>{waiting}",
                  csrf=csrf, user=user)


def _proposal_list(pending: Iterable[Proposal]) -> str:
    items = "".join(f"<li>{file_link(p.path)} by {_e(p.author)}, {_e(p.created.strftime('%Y-%m-%d %H:%M'))}: "
                    f"{_e(p.message or '(no message)')}</li>" for p in pending)
    return f"<ul>{items}</ul>" if items else "<p>None.</p>"


def file_page(path: str, content: str, entries: Sequence[Entry], *, csrf: str, user: str, kind: str = "",
              version: str = "", role: str = "", t: Translator | None = None) -> str:
    """A file's content, read-only, and its history; a data file also gets the editing grid's script.

    Without JavaScript the page stays as it is (read-only content, the list of changes); with it,
    ``static/editor.js`` reads ``#editor``'s data attributes and builds the grid in its place.
    """
    changes = "".join(f"<li>{_e(entry.time.strftime('%Y-%m-%d %H:%M'))} {_e(entry.author)}: "
                      f"{_e(entry.message.splitlines()[0] if entry.message else '')}</li>" for entry in entries)
    history = f"<ol>{changes}</ol>" if changes else "<p>No recorded changes.</p>"
    editing = bool(kind)
    language = (t or Translator(DEFAULT)).language
    hook = (f'<div id="editor" data-path="{_e(path)}" data-kind="{_e(kind)}" data-version="{_e(version)}" '
            f'data-role="{_e(role)}" data-lang="{_e(language)}"></div>') if editing else ""
    body = (f'{hook}<section id="content" aria-labelledby="content-title"><h2 id="content-title">Content</h2>'
            f'<pre>{_e(content)}</pre></section>'
            f'<section id="history" aria-labelledby="history-title"><h2 id="history-title">History</h2>'
            f'<div id="history-list">{history}</div></section>')
    return layout(path, body, csrf=csrf, user=user, script=editing, t=t)
