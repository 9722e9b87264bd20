"""The editor's web layer: who is asking, may they, and is the request what it claims to be.

Every route goes through :func:`_endpoint`, which turns the guards of
:mod:`sdgkit.editor.security` into HTTP answers before a handler runs: a session read from the
signed cookie *and* still backed by the accounts file, the role the action needs, the CSRF
token on every POST, a body no larger than the route allows. Handlers then see only a
:class:`Call`; whatever they raise that is a known refusal (a path outside the repository, a
conflict, an unknown proposal) becomes a JSON error ``{error, message}`` with a plain
message, never a traceback. Every response carries headers that keep the editor out of
frames and caches.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from sdgkit.editor import pages, store
from sdgkit.editor.accounts import AccountError, Accounts, can, default_accounts_path
from sdgkit.editor.history import History, HistoryError, RevertError, history_for
from sdgkit.editor.i18n import COOKIE as LANGUAGE_COOKIE
from sdgkit.editor.i18n import Translator, choose_language, languages
from sdgkit.editor.proposals import ProposalError
from sdgkit.editor.security import (
    SECRET_FILE,
    SESSION_COOKIE,
    EditableKind,
    Refusal,
    Refused,
    SecurityError,
    Session,
    SessionSigner,
    SignInLimiter,
    check_csrf,
    csrf_token,
    editable_kind,
    load_or_create_secret,
    refusal,
    resolve_inside,
    session_is_current,
)

if TYPE_CHECKING:
    from sdgkit.server.preview import Preview

JSON_LIMIT = 8 * 1024 * 1024  #: a save or check: the largest data file the editor handles, as JSON text
FORM_LIMIT = 16 * 1024
UPLOAD_BODY_LIMIT = 5 * 1024 * 1024 + 64 * 1024  #: the upload limit and room for the form around it
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
#: the preview of a page runs its own scripts, in a sandbox (an opaque origin: no cookie, no API)
PREVIEW_POLICY = "sandbox allow-scripts; default-src 'self' 'unsafe-inline' data:; frame-ancestors 'self'"


_log = logging.getLogger("sdgkit.editor")


class ApiError(Exception):
    """A refusal with its HTTP status, a code for programs and a message for people.

    The message is a :class:`Refusal` (a key of the ``errors`` catalogue and its parameters)
    so that :func:`error_response`, which knows who asked, tells it in their language;
    ``message`` stays the English text. Plain text is accepted too and shown as it is.
    """

    def __init__(self, status: int, code: str, message: str | Refusal, **extra: Any) -> None:
        super().__init__(str(message))
        self.status, self.code, self.message, self.extra = status, code, str(message), extra
        self.refusal = message if isinstance(message, Refusal) else None

    def told(self, translate: Translator) -> str:
        """The message in the language of ``translate`` (English, as it is, when it has no key)."""
        return self.refusal.told(translate) if self.refusal is not None else self.message


@dataclass
class Editor:
    """Everything the routes share: the repository, accounts, signer, limiters, preview and history."""

    root: Path
    accounts: Accounts
    signer: SessionSigner
    history: History
    preview: Preview | None = None
    config_file: str | None = None
    #: failed sign-ins per (address, name), and per address whatever the name (guessing many names)
    pair_limiter: SignInLimiter = field(default_factory=SignInLimiter)
    address_limiter: SignInLimiter = field(default_factory=lambda: SignInLimiter(max_failures=20))


def create_editor(root: Path, preview: Preview | None = None, *, accounts: Accounts | None = None,
                  signer: SessionSigner | None = None, config_file: str | None = None) -> Editor:
    """The editor of ``root``: temporary files of interrupted saves swept, the session secret made if needed."""
    store.sweep_temporary_files(root)
    chosen = signer or SessionSigner(load_or_create_secret(root / SECRET_FILE))
    return Editor(root, accounts or Accounts(default_accounts_path(root)), chosen, history_for(root), preview,
                  config_file)


@dataclass(frozen=True, slots=True)
class Call:
    """A request that passed the guards: the session (``None`` only for the sign-in routes) and the body."""

    request: Request
    editor: Editor
    session: Session | None
    body: bytes = b""

    @property
    def user(self) -> str:
        assert self.session is not None
        return self.session.name

    @property
    def translator(self) -> Translator:
        return translator_of(self.request)

    def json(self) -> dict[str, Any]:
        """The body as a JSON object, or a 400."""
        try:
            value = json.loads(self.body or b"{}")
        except (UnicodeDecodeError, ValueError):
            raise ApiError(400, "bad-json", refusal("errors.bad_json")) from None
        if not isinstance(value, dict):
            raise ApiError(400, "bad-json", refusal("errors.json_object"))
        return value


Handler = Callable[[Call], Awaitable[Response]]


def route(editor: Editor, path: str, handler: Handler, *, methods: tuple[str, ...] = ("GET",),
          action: str | None = "read", limit: int = 0, html: bool = False) -> BaseRoute:
    """A route whose handler runs only once the guards pass; ``action=None`` for the sign-in routes.

    ``html``: a page or a plain form for people (no JavaScript needed): signed-out users are sent
    to the sign-in page, a POST may carry its CSRF token as the form field ``csrf_token``, and a
    refusal is a page in the user's language rather than JSON.
    """
    async def endpoint(request: Request) -> Response:
        try:
            response = await _guarded(editor, request, handler, action=action, limit=limit, html=html)
        except ApiError as error:
            response = error_response(error, request, page=html)
        except ClientDisconnect:  # the user left (closed the page) before the request was read: nobody to answer
            return Response(status_code=400)
        except (SecurityError, store.Conflict, store.UnchangedError, store.UnsafePathError, store.LockTimeoutError,
                ProposalError, HistoryError, RevertError, FileNotFoundError) as error:
            response = error_response(known_error(error), request, page=html)
        except Exception:  # a bug: the user gets a plain message, the log gets the details
            _log.exception("editor: %s %s failed", request.method, request.url.path)
            response = error_response(ApiError(500, "internal", refusal("errors.internal")), request, page=html)
        response.headers.update({k: v for k, v in SECURITY_HEADERS.items() if k not in response.headers})
        return response

    return Route(path, endpoint, methods=list(methods))


async def _guarded(editor: Editor, request: Request, handler: Handler, *, action: str | None, limit: int,
                   html: bool) -> Response:
    if request.method == "POST" and not same_origin(request):
        raise ApiError(403, "cross-origin", refusal("errors.cross_origin"))
    session = await current_session(editor, request)
    body = b""
    if action is not None:
        if session is None:
            if html and request.method == "GET":
                return RedirectResponse(f"{pages.BASE}/sign-in", status_code=303)
            raise ApiError(401, "signed-out", refusal("errors.signed_out"))
        if not can(session.role, action):
            raise ApiError(403, "forbidden", refusal("errors.forbidden", role=role_name(session.role.value)))
        if request.method == "POST":
            body = await read_body(request, limit)
            token = request.headers.get("x-csrf-token") or (form_fields(body).get("csrf_token") if html else None)
            if not check_csrf(session, token):
                raise ApiError(403, "csrf", refusal("errors.csrf"))
    elif request.method == "POST":
        body = await read_body(request, limit)
    response = await handler(Call(request, editor, session, body))
    if session is not None and SESSION_COOKIE not in response.headers.get("set-cookie", ""):
        set_session_cookie(response, request, editor.signer.refresh(session))  # the idle time starts again
    chosen = request.query_params.get("lang")
    if html and chosen in languages() and chosen != request.cookies.get(LANGUAGE_COOKIE):  # the user's choice
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="strict", path=pages.BASE,
                            secure=request.url.scheme == "https")
    return response


async def current_session(editor: Editor, request: Request) -> Session | None:
    """The signed-in session, if its cookie is valid and the account still backs it (read afresh)."""
    session = editor.signer.read(request.cookies.get(SESSION_COOKIE))
    if session is None:
        return None
    try:
        user = await run_in_threadpool(editor.accounts.get_user, session.name)
    except AccountError:
        return None
    return session if session_is_current(session, user) else None


def same_origin(request: Request) -> bool:
    """A POST with an ``Origin`` header must come from this server (browsers send it; SameSite is the other lock)."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, or a 413 as soon as it is larger than ``limit`` (whatever Content-Length claims)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too-large", refusal("errors.request_too_large", size=limit // 1024))
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "too-large", refusal("errors.request_too_large", size=limit // 1024))
        chunks.append(chunk)
    return b"".join(chunks)


def set_session_cookie(response: Response, request: Request, value: str) -> None:
    response.set_cookie(SESSION_COOKIE, value, httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")


def known_error(error: Exception) -> ApiError:
    """A refusal of the modules below as an HTTP answer."""
    if isinstance(error, SecurityError):
        return ApiError(400, "refused", error.refusal or error.reason)
    if isinstance(error, store.Conflict):
        return ApiError(409, "conflict", conflict_refusal(error), path=error.path,
                        expected_version=error.expected_version, current_version=error.current_version,
                        current=text_of(error.current), proposed=text_of(error.proposed))
    if isinstance(error, store.UnchangedError):
        return ApiError(409, "unchanged", refusal("errors.unchanged", path=error.path))
    if isinstance(error, store.LockTimeoutError):
        return ApiError(503, "busy", refusal("errors.busy"))
    if isinstance(error, FileNotFoundError):
        return ApiError(404, "not-found", refusal("errors.no_such_file"))
    told = (error.refusal if isinstance(error, Refused) else None) or str(error)
    if isinstance(error, HistoryError | ProposalError):
        return ApiError(404, "not-found", told)
    return ApiError(409 if isinstance(error, RevertError) else 400, "refused", told)


def conflict_refusal(error: store.Conflict) -> Refusal:
    """The text of :class:`store.Conflict`, made again from its fields so that it can be translated."""
    def version(value: str | None) -> Refusal:
        return refusal("errors.version_missing") if value is None else refusal("errors.at_version",
                                                                                 version=value[:12])

    return refusal("errors.conflict", path=error.path, expected=version(error.expected_version),
                   found=version(error.current_version))


#: the English messages of the proposals and history modules the editor can translate, by their shape
def text_of(content: bytes | None) -> str | None:
    """File content for JSON (the editor's files are UTF-8 text; anything else is shown with replacements)."""
    return None if content is None else content.decode("utf-8", "replace")


def error_response(error: ApiError, request: Request, *, page: bool = False) -> Response:
    """The refusal in the user's language: JSON for the API, or a page for a person's form (``page``).

    Translated here, once, because only here is the request, hence the language, known.
    """
    headers = {"Retry-After": str(error.extra.pop("retry_after"))} if "retry_after" in error.extra else None
    translate = translator_of(request)
    message = error.told(translate)
    if page:
        frame = pages.Frame(translate)
        back = request.headers.get("referer", "")
        return HTMLResponse(pages.problem_page(frame, message, back if same_site(back, request) else ""),
                            status_code=error.status, headers=headers)
    return JSONResponse({"error": error.code, "message": message, **error.extra}, status_code=error.status,
                        headers=headers)


def role_name(role: str) -> Refusal:
    """A role as the pages name it (``pages.role_viewer``), to be told with the refusal that holds it."""
    return refusal(f"pages.role_{role}")


def same_site(url: str, request: Request) -> bool:
    """A link back is offered only to this server's own pages."""
    host = request.headers.get("host", "")
    return url.startswith((f"http://{host}{pages.BASE}/", f"https://{host}{pages.BASE}/"))


def translator_of(request: Request) -> Translator:
    """The user's language: ``?lang=``, the remembered choice, the browser's, or English."""
    return Translator(choose_language(request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE),
                                      request.headers.get("accept-language")))


def form_fields(body: bytes, max_fields: int = 10) -> dict[str, str]:
    """An url-encoded form's fields (the first value of each); ``{}`` when the body is not such a form."""
    try:
        fields = parse_qs(body.decode("utf-8"), max_num_fields=max_fields)
    except (UnicodeDecodeError, ValueError):
        return {}
    return {key: values[0] for key, values in fields.items()}


def page_response(content: str, status: int = 200) -> Response:
    return HTMLResponse(content, status_code=status)


def token_of(call: Call) -> str:
    assert call.session is not None
    return csrf_token(call.session)


def elapsed(started: float) -> float:
    return round(time.perf_counter() - started, 4)


def editable(editor: Editor, raw: object) -> tuple[str, EditableKind]:
    """The repository path of a file the editor may open, checked before anything is read."""
    if not isinstance(raw, str) or not raw:
        raise ApiError(400, "bad-path", refusal("errors.bad_path"))
    resolved = resolve_inside(editor.root, raw)
    relative = resolved.relative_to(editor.root.resolve()).as_posix()
    kind = editable_kind(relative)
    if kind is None:
        raise ApiError(403, "not-editable", refusal("errors.not_editable", path=relative))
    return relative, kind
