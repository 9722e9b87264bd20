"""The editor's server-rendered HTML: sign-in, dashboard, file, history, review.

Jinja templates (``templates/``) with autoescaping, so every text that comes from users or
repository files, such as a metadata value ``<script>``, is shown as text, never run. No page
has inline script: the page of an editable file loads the editing scripts (``static/``),
every other page works without them, and so do the history, revert, approve and reject
(plain forms with the CSRF token as a hidden field). Texts come from the user's language
(:mod:`sdgkit.editor.i18n`); the scripts' texts are embedded as JSON data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined

from sdgkit.editor.history import Entry
from sdgkit.editor.i18n import DEFAULT, Translator, language_names
from sdgkit.editor.proposals import Proposal

BASE = "/_editor"
_STYLE = ("body{font:16px/1.5 system-ui,sans-serif;max-width:60em;margin:1em auto;padding:0 1em}"
          "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;text-align:start}"
          "pre{white-space:pre-wrap;background:#f4f4f4;padding:.5em}.error{color:#8b0000}h1,pre{overflow-wrap:anywhere}"
          "header{display:flex;flex-wrap:wrap;gap:.5em 1.5em;align-items:center;border-bottom:1px solid #999}"
          "header ul{display:flex;flex-wrap:wrap;gap:.5em 1em;list-style:none;margin:0;padding:0}"
          "[aria-current]{font-weight:bold}"
          ".skip:not(:focus),.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}"
          ".notice{background:#e6f4ea;padding:.5em}"
          "ins{background:#dafbe1;color:#033a16;text-decoration:none;display:block}"
          "del{background:#ffebe9;color:#67060c;text-decoration:none;display:block}"
          ".proposal{border:1px solid #999;padding:0 1em;margin-block:1em}")


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator in the dashboard's list."""

    number: str
    title: str
    files: tuple[str, ...]
    #: where the data file goes, for an indicator that has none yet
    new_data: str | None = None
    errors: int = 0
    warnings: int = 0


@dataclass(frozen=True, slots=True)
class Search:
    """What the dashboard's list was narrowed to, and how many indicators there are in all."""

    text: str = ""
    only_errors: bool = False
    total: int = 0

    @property
    def narrowed(self) -> bool:
        return bool(self.text) or self.only_errors


@dataclass(frozen=True, slots=True)
class ProposalView:
    """A pending proposal as the review page shows it."""

    proposal: Proposal
    diff: str
    outdated: bool


@dataclass(frozen=True, slots=True)
class LanguageLink:
    code: str
    name: str
    href: str
    current: bool


@dataclass(frozen=True, slots=True)
class Frame:
    """What every page needs besides its own content: who is signed in, the language, where we are."""

    t: Translator
    csrf: str | None = None
    user: str | None = None
    role: str = ""
    #: the page's own path and query (without ``lang``), for the language links
    here: str = f"{BASE}/"
    here_page: str = ""
    notice: str = ""


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("sdgkit.editor", "templates"), autoescape=True, trim_blocks=True,
                       lstrip_blocks=True, undefined=StrictUndefined)


def render(template: str, frame: Frame, title: str, *, script: bool = False, **context: Any) -> str:
    """A whole page of ``template`` with the frame's header, in the frame's language."""
    links = [LanguageLink(code, name, _with_language(frame.here, code), code == frame.t.language)
             for code, name in language_names().items()]
    return _environment().get_template(template).render(
        base=BASE, t=frame.t, csrf=frame.csrf, user=frame.user, role=frame.role, here_page=frame.here_page,
        notice=frame.notice, language_links=links, title=title, script=script, **context)


def _with_language(here: str, code: str) -> str:
    separator = "&" if "?" in here else "?"
    return f"{here}{separator}{urlencode({'lang': code})}"


def style() -> str:
    return _STYLE


def sign_in_page(t: Translator | None = None, message: str = "", name: str = "") -> str:
    """The sign-in form; ``message`` says why the last attempt failed."""
    frame = Frame(t or Translator(DEFAULT), here=f"{BASE}/sign-in")
    return render("sign_in.html", frame, frame.t("pages.sign_in"), message=message, name=name)


def dashboard_page(frame: Frame, indicators: Sequence[IndicatorRow], other_files: Sequence[str],
                   pending: Sequence[Proposal], search: Search | None = None) -> str:
    """The indicators with links to their files, the site's pages and configuration, the proposals to review."""
    return render("dashboard.html", frame, frame.t("pages.editor_title"), indicators=indicators,
                  other_files=other_files, pending=pending, search=search or Search(total=len(indicators)))


def file_page(frame: Frame, path: str, content: str, entries: Sequence[Entry], *, kind: str, version: str,
              missing: bool = False) -> str:
    """A file's content, read-only, and its history, plus the hook the editing scripts build on.

    Without JavaScript the page stays as it is (read-only content, the list of changes with
    links to their diffs); with it, ``static/editor.js`` (data) or ``static/form.js`` (the
    other kinds) read ``#editor``'s data attributes and build the editor in its place.
    """
    return render("file.html", frame, path, script=True, path=path, content=content, entries=entries, kind=kind,
                  version=version, missing=missing)


def history_page(frame: Frame, path: str, entries: Sequence[Entry], chosen: Entry | None = None,
                 chosen_diff: str = "") -> str:
    """A file's changes, newest first; with ``chosen``, that change's diff and (for a publisher) its revert."""
    return render("history.html", frame, frame.t("pages.history_title"), path=path, entries=entries,
                  chosen=chosen, chosen_diff=chosen_diff)


def review_page(frame: Frame, pending: Sequence[ProposalView], decided: Sequence[Proposal]) -> str:
    """Pending proposals with their diffs (approve or reject, for a publisher), then the decided ones."""
    return render("review.html", frame, frame.t("pages.review_title"), pending=pending, decided=decided)


def problem_page(frame: Frame, message: str, back: str = "") -> str:
    """A refusal of a form (a conflict, a proposal already decided) in plain words, with a way back."""
    return render("problem.html", frame, frame.t("pages.problem_title"), message=message, back=back)
