"""The editor's routes: sign-in, the HTML shell, and the JSON API the browser UI is built on.

Handlers are short on purpose: the guards ran before them (:func:`sdgkit.editor.app.route`),
paths become repository files only through :func:`sdgkit.editor.app.editable` (``resolve_inside`` then
``editable_kind``, before anything is read), and slow work (hashing, checking, saving,
rebuilding) runs in the thread pool so that one user's save does not stall the others.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.types import Message

from sdgkit.editor import pages, proposals, store
from sdgkit.editor.app import (
    FORM_LIMIT,
    JSON_LIMIT,
    PREVIEW_POLICY,
    UPLOAD_BODY_LIMIT,
    ApiError,
    Call,
    Editor,
    editable,
    form_fields,
    page_response,
    route,
    set_session_cookie,
    text_of,
    token_of,
)
from sdgkit.editor.checking import check_indicator, check_overlay, csv_header, issue_json, preview_page
from sdgkit.editor.form_routes import form_routes
from sdgkit.editor.history import LATEST, Entry, unified_diff
from sdgkit.editor.new_files import new_data_path, start_of_new_file
from sdgkit.editor.security import (
    SESSION_COOKIE,
    EditableKind,
    UploadRefused,
    check_csrf,
    editable_kind,
    read_upload_rows,
    refusal,
    sign_in_key,
)
from sdgkit.validate.localize import languages as issue_languages
from sdgkit.validate.localize import localized

#: folders (and the top folder's own files) where editable files live; nothing else is walked
EDITABLE_FOLDERS = ("data", "meta", "indicator-config", "pages", "posts", "_data")
MESSAGE_LIMIT = 2000
STATIC_FOLDER = Path(__file__).parent / "static"
STATIC_FILES = {"common.js": "text/javascript; charset=utf-8", "editor.js": "text/javascript; charset=utf-8",
                "editor.css": "text/css; charset=utf-8",
                "form.js": "text/javascript; charset=utf-8", "form.css": "text/css; charset=utf-8",
                "icon.svg": "image/svg+xml"}


def editor_routes(editor: Editor) -> Mount:
    """The editor's routes, to mount next to the preview's (``/_editor/...``)."""
    return Mount(pages.BASE, routes=route_list(editor), name="editor")


def route_list(editor: Editor) -> list[BaseRoute]:
    """Every route of the editor, relative to ``/_editor``."""
    post = ("POST",)
    return [
        route(editor, "/sign-in", sign_in_form, action=None), route(editor, "/style.css", style_sheet, action=None),
        route(editor, "/static/{name}", static_file, action=None),
        route(editor, "/preview", preview_form, methods=post, action=None, limit=JSON_LIMIT),
        route(editor, "/sign-in", sign_in, methods=post, action=None, limit=FORM_LIMIT),
        route(editor, "/sign-out", sign_out, methods=post, action=None, limit=FORM_LIMIT),
        route(editor, "/", dashboard, html=True), route(editor, "/file", file_view, html=True),
        route(editor, "/history", history_view, html=True),
        route(editor, "/history/revert", revert_form, methods=post, action="manage", limit=FORM_LIMIT, html=True),
        route(editor, "/review", review_view, html=True),
        route(editor, "/review/{proposal_id}/approve", approve_form, methods=post, action="manage", limit=FORM_LIMIT,
              html=True),
        route(editor, "/review/{proposal_id}/reject", reject_form, methods=post, action="manage", limit=FORM_LIMIT,
              html=True),
        route(editor, "/api/files", list_files), route(editor, "/api/file", read_file),
        route(editor, "/api/check", check_change, methods=post, limit=JSON_LIMIT),
        route(editor, "/api/preview", preview_change, methods=post, limit=JSON_LIMIT),
        route(editor, "/api/save", save_change, methods=post, action="propose", limit=JSON_LIMIT),
        route(editor, "/api/upload", upload_table, methods=post, action="propose", limit=UPLOAD_BODY_LIMIT),
        route(editor, "/api/history", file_history), route(editor, "/api/diff", entry_diff),
        route(editor, "/api/revert", revert_entry, methods=post, action="manage", limit=FORM_LIMIT),
        route(editor, "/api/proposals", list_proposals),
        route(editor, "/api/proposals/{proposal_id}/approve", approve_proposal, methods=post, action="manage",
              limit=FORM_LIMIT),
        route(editor, "/api/proposals/{proposal_id}/reject", reject_proposal, methods=post, action="manage",
              limit=FORM_LIMIT),
        *form_routes(editor),
    ]


# --- signing in and out ------------------------------------------------------------------


async def sign_in_form(call: Call) -> Response:
    if call.session is not None:
        return RedirectResponse(f"{pages.BASE}/", status_code=303)
    return page_response(pages.sign_in_page(call.translator))


async def style_sheet(call: Call) -> Response:
    return Response(pages.style(), media_type="text/css; charset=utf-8")


async def static_file(call: Call) -> Response:
    """The editing UI's own files (``static/``): a fixed list, so a name never reaches the file system."""
    name = call.request.path_params["name"]
    if name not in STATIC_FILES:
        raise ApiError(404, "not-found", refusal("errors.no_such_static_file"))
    content = await run_in_threadpool((STATIC_FOLDER / name).read_bytes)
    return Response(content, media_type=STATIC_FILES[name])


async def sign_in(call: Call) -> Response:
    """Check the password, counting failures per (address, name) and per address; lock out when too many."""
    form = form_fields(call.body)
    name, password = form.get("name", "")[:200], form.get("password", "")[:2048]
    editor, address = call.editor, call.request.client.host if call.request.client else "unknown"
    key = sign_in_key(address, name)
    wait = max(editor.pair_limiter.retry_after(key), editor.address_limiter.retry_after(address))
    if wait > 0:
        return _locked(call, wait, name)
    user = await run_in_threadpool(editor.accounts.verify, name, password) if name and password else None
    if user is None:
        wait = max(editor.pair_limiter.failed(key), editor.address_limiter.failed(address))
        if wait > 0:
            return _locked(call, wait, name)
        t = call.translator
        return page_response(pages.sign_in_page(t, t("pages.wrong_password"), name), 401)
    editor.pair_limiter.succeeded(key)
    response = RedirectResponse(f"{pages.BASE}/", status_code=303)
    set_session_cookie(response, call.request, editor.signer.issue(user.name, user.role))
    return response


def _locked(call: Call, wait: float, name: str) -> Response:
    t = call.translator
    response = page_response(pages.sign_in_page(t, t("pages.locked", minutes=max(1, round(wait / 60))), name), 429)
    response.headers["Retry-After"] = str(int(wait) + 1)
    return response


async def sign_out(call: Call) -> Response:
    """The CSRF token may come in the form (the shell's button) or the header (the UI's script)."""
    token = call.request.headers.get("x-csrf-token") or form_fields(call.body).get("csrf_token")
    if call.session is None or not check_csrf(call.session, token):
        raise ApiError(403, "csrf", refusal("errors.csrf"))
    response = RedirectResponse(f"{pages.BASE}/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


# --- the HTML shell ----------------------------------------------------------------------


def frame(call: Call, page: str = "", notice: str = "") -> pages.Frame:
    """The header of a signed-in page: the user, their role, their language, the CSRF token."""
    assert call.session is not None
    query = [(k, v) for k, v in call.request.query_params.multi_items() if k not in ("lang", "done")]
    here = call.request.url.path + (f"?{urlencode(query)}" if query else "")
    return pages.Frame(call.translator, token_of(call), call.user, call.session.role.value, here, page, notice)


async def dashboard(call: Call) -> Response:
    """The indicators (found by ``q``, or only those with errors), the site's other files, the proposals."""
    query = call.request.query_params
    wanted, only_errors = query.get("q", "").strip()[:200], query.get("errors") == "1"
    rows = _indicator_rows(call.editor)
    shown = [row for row in rows if _found(row, wanted) and (row.errors or not only_errors)]
    waiting = await run_in_threadpool(proposals.pending, call.editor.root)
    files = await run_in_threadpool(editable_files, call.editor.root)
    others = [path for path, kind in files if kind in ("page", "config") and not path.startswith("indicator-config/")]
    return page_response(pages.dashboard_page(frame(call, "dashboard"), shown, others, waiting,
                                              pages.Search(wanted, only_errors, len(rows))))


def _found(row: pages.IndicatorRow, wanted: str) -> bool:
    """``wanted`` in the indicator's number (``1.2.1`` or ``1-2-1``), title or file names, whatever the case."""
    if not wanted:
        return True
    needle = wanted.casefold()
    haystack = [row.number, row.number.replace(".", "-"), row.title, *row.files]
    return any(needle in text.casefold() for text in haystack)


def _indicator_rows(editor: Editor) -> list[pages.IndicatorRow]:
    """The indicators of the preview's last build, with their files and their issues.

    An indicator without data gets where its data would go. The counts of errors and warnings
    answer "why is my data not showing?" before anyone opens a file.
    """
    built = editor.preview.last_build if editor.preview is not None else None
    if built is None:
        return []
    counts: Counter[tuple[str | None, str]] = Counter((i.indicator, i.severity.value) for i in built.report)
    rows = []
    for indicator in built.project.sorted_indicators():
        files = [f for f in [*([indicator.data.file] if indicator.data else []), *indicator.meta_files]
                 if editable_kind(f)]
        slug = indicator.id.slug
        new = new_data_path(built.project.config, slug) if indicator.data is None else None
        rows.append(pages.IndicatorRow(indicator.number, str(indicator.metadata.get("indicator_name") or ""),
                                       tuple(files), new, counts[(slug, "error")], counts[(slug, "warning")]))
    return rows


async def file_view(call: Call) -> Response:
    """A file's page; a missing file the editor may create (a translation, a first data file) opens to be created."""
    relative, kind = editable(call.editor, call.request.query_params.get("path"))
    content, version = await run_in_threadpool(_current_or_new, call.editor, relative)
    entries = await run_in_threadpool(call.editor.history.entries, relative, 50)
    return page_response(pages.file_page(frame(call), relative, text_of(content) or "", entries, kind=kind,
                                         version=version or "", missing=version is None))


def _current_or_new(editor: Editor, relative: str) -> tuple[bytes, str | None]:
    """The file and its version, or what a file the editor may create starts as (version ``None``)."""
    try:
        return store.read(editor.root, relative)
    except FileNotFoundError:
        start = start_of_new_file(editor, relative)
        if start is None:
            raise
        return start, None


async def history_view(call: Call) -> Response:
    """A file's changes without JavaScript; ``entry`` shows that change's diff and its revert button."""
    relative, _kind = editable(call.editor, call.request.query_params.get("path"))
    history = call.editor.history
    entries = await run_in_threadpool(history.entries, relative, 200)
    chosen, diff = None, ""
    if call.request.query_params.get("entry"):
        chosen = await run_in_threadpool(history.entry, relative, call.request.query_params["entry"])
        diff = await run_in_threadpool(history.diff, chosen)
    notice = call.translator("pages.reverted") if call.request.query_params.get("done") == "reverted" else ""
    return page_response(pages.history_page(frame(call, notice=notice), relative, entries, chosen, diff))


async def revert_form(call: Call) -> Response:
    """The revert button of the history page (a form): revert, then back to the history with a notice."""
    form = form_fields(call.body)
    relative, _kind = editable(call.editor, form.get("path"))
    history = call.editor.history
    entry = await run_in_threadpool(history.entry, relative, form.get("entry", ""))
    await run_in_threadpool(lambda: history.revert(entry, call.user, expected_version=LATEST, path=relative))
    await _rebuild(call.editor, relative)
    return RedirectResponse(f"{pages.BASE}/history?{urlencode({'path': relative, 'done': 'reverted'})}",
                            status_code=303)


async def review_view(call: Call) -> Response:
    """Pending proposals with their diffs against the file as it is now, then the decided ones (newest first)."""
    root = call.editor.root
    everything = await run_in_threadpool(proposals.proposals, root)
    waiting = [await run_in_threadpool(_review_item, root, p) for p in everything if p.status == "pending"]
    decided = sorted((p for p in everything if p.status != "pending"),
                     key=lambda p: p.decided_at or p.created, reverse=True)[:50]
    done = call.request.query_params.get("done")
    notice = call.translator(f"pages.{done}") if done in ("approved", "rejected") else ""
    return page_response(pages.review_page(frame(call, "review", notice), waiting, decided))


def _review_item(root: Path, proposal: proposals.Proposal) -> pages.ProposalView:
    current, version = _current(root, proposal.path)
    return pages.ProposalView(proposal, unified_diff(current, proposal.content, proposal.path),
                              outdated=version != proposal.base_version)


async def approve_form(call: Call) -> Response:
    done = await run_in_threadpool(proposals.approve, call.editor.root, call.request.path_params["proposal_id"],
                                   call.user, call.editor.history)
    await _rebuild(call.editor, done.path)
    return RedirectResponse(f"{pages.BASE}/review?done=approved", status_code=303)


async def reject_form(call: Call) -> Response:
    reason = _message(form_fields(call.body).get("reason"))
    await run_in_threadpool(proposals.reject, call.editor.root, call.request.path_params["proposal_id"], call.user,
                            reason)
    return RedirectResponse(f"{pages.BASE}/review?done=rejected", status_code=303)


# --- reading ------------------------------------------------------------------------------


async def list_files(call: Call) -> Response:
    files = await run_in_threadpool(editable_files, call.editor.root)
    return JSONResponse({"files": [{"path": path, "kind": kind} for path, kind in files]})


def editable_files(root: Path) -> list[tuple[str, EditableKind]]:
    """Every editable file, walking only the folders where they live, never following links or hidden folders."""
    found: list[tuple[str, EditableKind]] = []
    top = [entry.name for entry in os.scandir(root) if entry.is_file(follow_symlinks=False)]
    candidates = list(top)
    for folder in EDITABLE_FOLDERS:
        for base, folders, names in os.walk(root / folder, followlinks=False):
            folders[:] = [name for name in folders if not name.startswith(".")]
            prefix = Path(base).relative_to(root).as_posix()
            candidates += [f"{prefix}/{name}" for name in names if not (Path(base) / name).is_symlink()]
    for path in sorted(candidates):
        kind = editable_kind(path)
        if kind is not None:
            found.append((path, kind))
    return found


async def read_file(call: Call) -> Response:
    """The file (``version: null`` for one the editor may create, with what it starts as)."""
    relative, kind = editable(call.editor, call.request.query_params.get("path"))
    content, version = await run_in_threadpool(_current_or_new, call.editor, relative)
    answer: dict[str, Any] = {"path": relative, "kind": kind, "version": version, "content": text_of(content)}
    if kind == "data":
        answer["table"] = _table(content)
    return JSONResponse(answer)


def _table(content: bytes) -> dict[str, Any]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig", "replace"), newline="")))
    return {"columns": rows[0] if rows else [], "rows": rows[1:]}


# --- unsaved changes: check and preview ---------------------------------------------------


def _change(call: Call) -> tuple[str, EditableKind, bytes, dict[str, Any]]:
    body = call.json()
    relative, kind = editable(call.editor, body.get("path"))
    content = body.get("content")
    if not isinstance(content, str):
        raise ApiError(400, "bad-content", refusal("errors.bad_content"))
    return relative, kind, content.encode("utf-8"), body


async def check_change(call: Call) -> Response:
    """The issues of the repository as if the file held the unsaved content; nothing is written.

    An indicator's file is checked with its indicator only, against the rest of the preview's
    last build (``scope: indicator``, fast enough to run as the user types); other files, or
    ``?scope=repository``, get a whole ``sdgkit check`` on the overlay.
    """
    relative, kind, content, _body = _change(call)
    editor, whole = call.editor, call.request.query_params.get("scope") == "repository"
    report = None if whole or editor.preview is None else \
        await run_in_threadpool(check_indicator, editor.preview, relative, content)
    scope = "indicator" if report is not None else "repository"
    if report is None:
        report = await run_in_threadpool(check_overlay, editor.root, relative, content, editor.config_file)
    header = csv_header(content) if kind == "data" else None
    language = _issue_language(call)
    issues = [issue_json(localized(issue, language), header if issue.file == relative else None)
              for issue in report.sorted()]
    return JSONResponse({"path": relative, "scope": scope, "language": language,
                         "asked": call.request.query_params.get("lang"), "issues": issues})


def _issue_language(call: Call) -> str:
    """The user's language if the issue catalogue speaks it (``localize.languages``), else English."""
    wanted = call.translator.language
    return wanted if wanted in issue_languages() else "en"


async def preview_change(call: Call) -> Response:
    """The indicator page made from the unsaved content, sandboxed (it cannot reach the editor)."""
    relative, _kind, content, body = _change(call)
    if call.editor.preview is None:
        raise ApiError(404, "no-preview", refusal("errors.no_preview"))
    language = body.get("lang") if isinstance(body.get("lang"), str) else call.request.query_params.get("lang")
    page = await run_in_threadpool(preview_page, call.editor.preview, relative, content, language)
    if page is None:
        raise ApiError(404, "no-page", refusal("errors.no_page", path=relative))
    return Response(page.content, media_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": PREVIEW_POLICY, "X-Sdgkit-Page": page.name,
                             "X-Sdgkit-Render-Seconds": f"{page.seconds:.3f}"})


async def preview_form(call: Call) -> Response:
    """The preview as a form post (fields ``path``, ``content``, ``csrf_token``), for a sandboxed frame or a tab.

    A form, unlike ``fetch``, can put the page in a frame with its own policy. The guards of a
    signed-in POST are made here, as the CSRF token comes in the form.
    """
    session = call.session
    form = form_fields(call.body)
    if session is None:
        raise ApiError(401, "signed-out", refusal("errors.signed_out"))
    if not check_csrf(session, form.get("csrf_token")):
        raise ApiError(403, "csrf", refusal("errors.csrf"))
    relative, _kind = editable(call.editor, form.get("path"))
    if call.editor.preview is None:
        raise ApiError(404, "no-preview", refusal("errors.no_preview"))
    content = form.get("content", "").encode("utf-8")
    page = await run_in_threadpool(preview_page, call.editor.preview, relative, content, form.get("lang") or None)
    if page is None:
        raise ApiError(404, "no-page", refusal("errors.no_page", path=relative))
    return Response(page.content, media_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": PREVIEW_POLICY, "X-Frame-Options": "SAMEORIGIN",
                             "X-Sdgkit-Page": page.name, "X-Sdgkit-Render-Seconds": f"{page.seconds:.3f}"})


# --- saving -------------------------------------------------------------------------------


async def save_change(call: Call) -> Response:
    """A publisher's save is written (409 on a conflict); an editor's becomes a proposal (202)."""
    relative, _kind, content, body = _change(call)
    expected, message = _version(body.get("expected_version")), _message(body.get("message"))
    assert call.session is not None
    if call.session.role.value != "publisher":
        proposal = await run_in_threadpool(lambda: proposals.propose(
            call.editor.root, relative, content, base_version=expected, author=call.user, message=message))
        return JSONResponse({"proposal": _proposal_json(proposal)}, status_code=202)
    entry = await run_in_threadpool(lambda: store.save(
        call.editor.root, relative, content, expected_version=expected, author=call.user, message=message,
        history=call.editor.history))
    rebuilt = await _rebuild(call.editor, relative)
    return JSONResponse({"path": relative, "version": store.version_of(content), "entry": _entry_json(entry),
                         "rebuild": rebuilt})


def _version(value: object) -> str | None:
    if value is None or (isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)):
        return value
    raise ApiError(400, "bad-version", refusal("errors.bad_version"))


def _message(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MESSAGE_LIMIT:
        raise ApiError(400, "bad-message", refusal("errors.bad_message", limit=MESSAGE_LIMIT))
    return value


async def _rebuild(editor: Editor, relative: str) -> str:
    """Rebuild the preview for the saved file; a failure is reported, the save stands."""
    if editor.preview is None:
        return "none"
    try:
        result = await run_in_threadpool(editor.preview.rebuild, [relative])
    except Exception:  # the save is done; the preview shows its own problems
        return "failed"
    return result.kind


async def upload_table(call: Call) -> Response:
    """A CSV or Excel sheet made into the data file's new content (replace or append); nothing is saved."""
    form = await _multipart(call)
    relative, kind = editable(call.editor, form.get("path"))
    if kind != "data":
        raise ApiError(400, "not-data", refusal("errors.not_data"))
    upload, mode = form.get("file"), form.get("mode") or "replace"
    if not isinstance(upload, UploadFile) or mode not in ("replace", "append"):
        raise ApiError(400, "bad-upload", refusal("errors.bad_upload"))
    raw = await upload.read()
    rows = await run_in_threadpool(read_upload_rows, upload.filename or "", raw)
    current, version = await run_in_threadpool(_current, call.editor.root, relative)
    content = _merged(current, rows, mode == "append")
    return JSONResponse({"path": relative, "mode": mode, "version": version, "content": content,
                         "table": _table(content.encode("utf-8"))})


async def _multipart(call: Call) -> dict[str, Any]:
    if not call.request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ApiError(415, "bad-type", refusal("errors.not_multipart"))
    sent = False

    async def receive() -> Message:  # the body already read, within its limit
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": call.body, "more_body": False}

    try:
        form = await Request(call.request.scope, receive).form(max_files=1, max_fields=5)
    except Exception:  # a malformed body, whichever way the parser says so
        raise ApiError(400, "bad-upload", refusal("errors.unreadable_upload")) from None
    return dict(form.items())


def _current(root: Path, relative: str) -> tuple[bytes | None, str | None]:
    try:
        return store.read(root, relative)
    except FileNotFoundError:
        return None, None


def _merged(current: bytes | None, rows: list[list[str]], append: bool) -> str:
    if not rows:
        raise UploadRefused(refusal("errors.empty_table"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if not append or current is None:
        writer.writerows(rows)
        return out.getvalue()
    text = current.decode("utf-8-sig", "replace")
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    if rows[0] != header:
        raise UploadRefused(refusal("errors.other_columns", columns=", ".join(rows[0]), header=", ".join(header)))
    writer.writerows(rows[1:])
    return text + ("" if text.endswith("\n") or not text else "\n") + out.getvalue()


# --- history ------------------------------------------------------------------------------


async def file_history(call: Call) -> Response:
    relative, _kind = editable(call.editor, call.request.query_params.get("path"))
    entries = await run_in_threadpool(call.editor.history.entries, relative, 200)
    return JSONResponse({"path": relative, "entries": [_entry_json(entry) for entry in entries]})


async def entry_diff(call: Call) -> Response:
    relative, _kind = editable(call.editor, call.request.query_params.get("path"))
    history = call.editor.history
    entry = await run_in_threadpool(history.entry, relative, call.request.query_params.get("entry", ""))
    diff = await run_in_threadpool(history.diff, entry)
    return JSONResponse({"path": relative, "entry": _entry_json(entry), "diff": diff})


async def revert_entry(call: Call) -> Response:
    body = call.json()
    relative, _kind = editable(call.editor, body.get("path"))
    history, entry_id = call.editor.history, body.get("entry")
    if not isinstance(entry_id, str):
        raise ApiError(400, "bad-entry", refusal("errors.bad_entry"))
    expected = _version(body["expected_version"]) if "expected_version" in body else LATEST
    entry = await run_in_threadpool(history.entry, relative, entry_id)
    done = await run_in_threadpool(lambda: history.revert(entry, call.user, expected_version=expected,
                                                          path=relative))
    rebuilt = await _rebuild(call.editor, relative)
    return JSONResponse({"path": relative, "entry": _entry_json(done), "rebuild": rebuilt})


def _entry_json(entry: Entry) -> dict[str, Any]:
    return {"id": entry.id, "path": entry.path, "author": entry.author, "time": entry.time.isoformat(),
            "message": entry.message}


# --- review -------------------------------------------------------------------------------


async def list_proposals(call: Call) -> Response:
    """Pending proposals, each with its diff against the file as it is now."""
    waiting = await run_in_threadpool(proposals.pending, call.editor.root)
    return JSONResponse({"proposals": [await run_in_threadpool(_with_diff, call.editor.root, p) for p in waiting]})


def _with_diff(root: Path, proposal: proposals.Proposal) -> dict[str, Any]:
    current, version = _current(root, proposal.path)
    return {**_proposal_json(proposal), "current_version": version,
            "diff": unified_diff(current, proposal.content, proposal.path)}


async def approve_proposal(call: Call) -> Response:
    proposal_id = call.request.path_params["proposal_id"]
    done = await run_in_threadpool(proposals.approve, call.editor.root, proposal_id, call.user, call.editor.history)
    rebuilt = await _rebuild(call.editor, done.path)
    return JSONResponse({"proposal": _proposal_json(done), "rebuild": rebuilt})


async def reject_proposal(call: Call) -> Response:
    reason = _message(call.json().get("reason"))
    done = await run_in_threadpool(proposals.reject, call.editor.root, call.request.path_params["proposal_id"],
                                   call.user, reason)
    return JSONResponse({"proposal": _proposal_json(done)})


def _proposal_json(proposal: proposals.Proposal) -> dict[str, Any]:
    return {"id": proposal.id, "path": proposal.path, "base_version": proposal.base_version,
            "author": proposal.author, "message": proposal.message, "created": proposal.created.isoformat(),
            "status": proposal.status, "decided_by": proposal.decided_by, "reason": proposal.reason,
            "content": text_of(proposal.content)}
