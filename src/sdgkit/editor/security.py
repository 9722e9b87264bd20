"""The editor's guards: sessions, CSRF tokens, sign-in limits, paths and uploads.

Each guard answers one question the web routes ask before they act (who is this? did this
form come from our page? may this address try again? is this path inside the repository
and editable? is this upload what it claims to be?) and fails closed: anything it cannot
vouch for is refused, with a reason that can be shown to the user.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import hmac
import io
import os
import re
import secrets
import tempfile
import threading
import time
import unicodedata
import warnings
import zipfile
from collections import deque
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path, PurePath, PurePosixPath
from typing import Any, Literal
from urllib.parse import unquote

from itsdangerous import BadData, TimestampSigner, URLSafeTimedSerializer

from sdgkit.editor.accounts import Role, User, keep_out_of_git, make_private_folder
from sdgkit.editor.i18n import DEFAULT as DEFAULT_LANGUAGE
from sdgkit.editor.i18n import Translator

SECRET_FILE = Path(".sdgkit") / "secret"
SECRET_BYTES = 32
SESSION_COOKIE = "sdgkit_session"
IDLE_TIMEOUT = 2 * 3600  #: seconds without a request (without :meth:`SessionSigner.refresh`) before signing in again
LIFETIME = 8 * 3600  #: seconds after signing in when a session ends, however active
MAX_COOKIE = 4096
UPLOAD_LIMIT = 5 * 1024 * 1024
EXPANDED_LIMIT = 64 * 1024 * 1024  #: an .xlsx may unpack to this much at most (zip bombs)
MAX_MEMBERS = 1000
MAX_CELLS = 1_000_000
MAX_PATH = 1024

EditableKind = Literal["data", "metadata", "config", "page"]
UploadKind = Literal["csv", "xlsx"]

_SESSION_SALT = "sdgkit.editor.session"
_CSRF_CONTEXT = b"sdgkit.editor.csrf:"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class Refusal:
    """A refusal's text as a key of a catalogue (``errors.…``) and its parameters, not yet a sentence.

    The guards do not know who is asking; the web layer does, so it tells the refusal in the
    user's language (:meth:`told`). ``str()`` is the English text, for logs and other callers.
    A parameter may be a refusal itself (a size with its unit, a role's name), told in turn.
    """

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def told(self, translate: Translator) -> str:
        """The text in ``translate``'s language; English when that translation is broken, never an exception."""
        for attempt in (translate, Translator(DEFAULT_LANGUAGE)):
            values = {name: value.told(attempt) if isinstance(value, Refusal) else value
                      for name, value in self.params.items()}
            try:
                return attempt(self.key, **values)
            except (KeyError, IndexError, ValueError):
                continue
        return self.key

    def __str__(self) -> str:
        return self.told(Translator(DEFAULT_LANGUAGE))


def refusal(key: str, **params: object) -> Refusal:
    """``refusal("errors.forbidden", role=…)``: shorter to write where a refusal is raised."""
    return Refusal(key, params)


class Refused(Exception):  # noqa: N818 - a refusal, not a programming error
    """An exception whose reason may be a :class:`Refusal`: English as ``str()``, translatable as ``.refusal``."""

    def __init__(self, reason: str | Refusal) -> None:
        super().__init__(str(reason))
        self.refusal: Refusal | None = reason if isinstance(reason, Refusal) else None


class SecurityError(Refused):
    """A refusal by one of the guards; ``reason`` is its English text, ``refusal`` its key to translate it.

    A guard raising plain text still works: that text is shown as it is, in every language.
    """

    def __init__(self, reason: str | Refusal) -> None:
        super().__init__(reason)
        self.reason = str(reason)


class PathRefused(SecurityError):  # noqa: N818  # the name the editor's routes use
    """A path outside the repository, hidden, through a symbolic link, or written in a suspicious way."""


class UploadRefused(SecurityError):  # noqa: N818  # a pair with PathRefused
    """An upload too large, of the wrong type, or whose content does not match its name."""


class SecretError(SecurityError):
    """The session secret file is damaged or readable by other users."""


# --- the session secret ------------------------------------------------------------------


def load_or_create_secret(path: Path) -> bytes:
    """The key that signs session cookies, made on first use (32 random bytes, mode 0600).

    Deleting the file signs everybody out. When two processes start together, both end up
    with the file the first one wrote.
    """
    try:
        if not path.exists():
            _create_secret(path)
        return _read_secret(path)
    except OSError as error:
        raise SecretError(f"cannot read or create the session secret {path}: {error}") from None


def _create_secret(path: Path) -> None:
    make_private_folder(path.parent)
    descriptor, temporary = tempfile.mkstemp(prefix=".secret.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_bytes(SECRET_BYTES).hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        _install_once(Path(temporary), path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    keep_out_of_git(path)


def _install_once(temporary: Path, path: Path) -> None:
    """Link the finished file into place unless another process was first (no half-written secret)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        return
    except OSError:  # a file system without hard links
        os.replace(temporary, path)


def _read_secret(path: Path) -> bytes:
    data = path.read_bytes()
    if os.name != "nt" and path.stat().st_mode & 0o077:
        raise SecretError(f"{path} can be read by other users of this computer: run chmod 600 {path} "
                          "(or delete it to make a new one; everybody will sign in again)")
    try:
        secret = bytes.fromhex(data.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        secret = b""
    if len(secret) < SECRET_BYTES:
        raise SecretError(f"{path} is damaged: delete it to make a new one (everybody will sign in again)")
    return secret


# --- sessions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """A signed-in user, as read back from a cookie whose signature was checked."""

    name: str
    role: Role
    session_id: str
    csrf_secret: str
    started: float  #: when the user signed in (seconds since the epoch)
    signed: float  #: when this cookie value was signed; its age is the time since the last refresh


class SessionSigner:
    """Signs session cookies with the server's secret, and reads them back.

    A cookie is refused when it was tampered with, signed with another secret, not
    refreshed for ``idle_timeout`` seconds, or older than ``lifetime`` seconds since the user
    signed in. ``clock`` is injectable so tests can move time.
    """

    def __init__(self, secret: bytes, *, idle_timeout: float = IDLE_TIMEOUT, lifetime: float = LIFETIME,
                 clock: Callable[[], float] = time.time) -> None:
        if len(secret) < SECRET_BYTES:
            raise ValueError(f"the session secret must have at least {SECRET_BYTES} bytes")
        self.idle_timeout, self.lifetime, self._clock = idle_timeout, lifetime, clock
        self._serializer = URLSafeTimedSerializer(secret, salt=_SESSION_SALT, signer=_clocked_signer(clock),
                                                  signer_kwargs={"digest_method": hashlib.sha256})

    def issue(self, name: str, role: Role | str) -> str:
        """The cookie value for a user who just signed in: a new session id and CSRF secret."""
        return self._sign(name, Role(role), secrets.token_urlsafe(16), secrets.token_urlsafe(32), self._clock())

    def refresh(self, session: Session) -> str:
        """The same session signed anew: resets the idle time, never the lifetime."""
        return self._sign(session.name, session.role, session.session_id, session.csrf_secret, session.started)

    def read(self, cookie: str | None, max_age: float | None = None) -> Session | None:
        """The session in ``cookie``, or ``None`` when it is missing, tampered with or expired.

        ``max_age`` overrides the idle timeout for this read (seconds since last signed).
        """
        if not cookie or len(cookie) > MAX_COOKIE:
            return None
        idle = self.idle_timeout if max_age is None else max_age
        try:
            payload, signed_at = self._serializer.loads(cookie, max_age=int(idle), return_timestamp=True)
        except BadData:
            return None
        session = _session(payload, signed_at.timestamp())
        if session is None or not 0 <= self._clock() - session.started <= self.lifetime:
            return None
        return session

    def _sign(self, name: str, role: Role, session_id: str, csrf_secret: str, started: float) -> str:
        payload = {"u": name, "r": role.value, "s": session_id, "c": csrf_secret, "t": started}
        return self._serializer.dumps(payload)


def _clocked_signer(clock: Callable[[], float]) -> type[TimestampSigner]:
    """itsdangerous reads the time itself; this signer reads it from ``clock`` instead."""

    class ClockedSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock())

    return ClockedSigner


def _session(payload: Any, signed: float) -> Session | None:
    """Only a payload of exactly the expected shape makes a session (defence in depth)."""
    if not isinstance(payload, dict):
        return None
    name, role, session_id, csrf, started = (payload.get(k) for k in ("u", "r", "s", "c", "t"))
    texts = all(isinstance(value, str) and value for value in (name, role, session_id, csrf))
    if not texts or isinstance(started, bool) or not isinstance(started, int | float):
        return None
    if role not in tuple(Role):
        return None
    return Session(str(name), Role(str(role)), str(session_id), str(csrf), float(started), signed)


def session_is_current(session: Session, user: User | None) -> bool:
    """Whether the account still backs the session: not removed, same role, no change since sign-in.

    Cookies cannot be recalled, so the server calls this on every request with the user read
    from the accounts file: removing a user, changing a role or a password ends their sessions.
    """
    return (user is not None and user.name == session.name and user.role == session.role
            and session.started >= user.changed.timestamp())


# --- CSRF --------------------------------------------------------------------------------


def csrf_token(session: Session) -> str:
    """The token every form and write request of this session must carry.

    An HMAC keyed with the session's own CSRF secret, so a token taken from one session is
    worthless in another, and a page that does not know the (HttpOnly) cookie cannot make one.
    """
    message = _CSRF_CONTEXT + session.session_id.encode("utf-8")
    return hmac.new(session.csrf_secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def check_csrf(session: Session | None, token: str | None) -> bool:
    """Whether ``token`` is this session's token, compared in constant time."""
    if session is None or not token:
        return False
    return hmac.compare_digest(csrf_token(session).encode("ascii"), token.encode("utf-8", "replace"))


# --- sign-in rate limiting ---------------------------------------------------------------


@dataclass
class _Attempts:
    failures: deque[float] = field(default_factory=deque)
    locked_until: float = 0.0
    seen: float = 0.0


def sign_in_key(address: str, name: str) -> tuple[str, str]:
    """The limiter key of a sign-in: names are compared without regard to case, as accounts are."""
    return address, name.lower()


class SignInLimiter:
    """After ``max_failures`` failed sign-ins within ``window`` seconds, refuse the key for ``lockout`` seconds.

    Keys are usually :func:`sign_in_key` (client address, user name); a server may keep a
    second limiter keyed by address alone with a higher limit. Thread-safe. At most
    ``max_keys`` keys are remembered: the oldest quiet ones are forgotten first.
    """

    def __init__(self, max_failures: int = 5, window: float = 300.0, lockout: float = 900.0, *,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000) -> None:
        self.max_failures, self.window, self.lockout, self.max_keys = max_failures, window, lockout, max_keys
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: dict[Hashable, _Attempts] = {}

    def retry_after(self, key: Hashable) -> float:
        """Seconds to wait before ``key`` may try again; 0 when it may try now."""
        with self._lock:
            attempts = self._keys.get(key)
            return max(0.0, attempts.locked_until - self._clock()) if attempts else 0.0

    def allowed(self, key: Hashable) -> bool:
        """Whether ``key`` may try to sign in now."""
        return self.retry_after(key) == 0.0

    def failed(self, key: Hashable) -> float:
        """Count a failed sign-in; returns the seconds to wait now (0 while attempts remain)."""
        with self._lock:
            now = self._clock()
            attempts = self._keys.get(key) or self._remember(key, now)
            attempts.seen = now
            if attempts.locked_until > now:
                return attempts.locked_until - now
            while attempts.failures and attempts.failures[0] <= now - self.window:
                attempts.failures.popleft()
            attempts.failures.append(now)
            if len(attempts.failures) < self.max_failures:
                return 0.0
            attempts.failures.clear()
            attempts.locked_until = now + self.lockout
            return self.lockout

    def succeeded(self, key: Hashable) -> None:
        """Forget the key's failures: a user who remembers the password starts afresh."""
        with self._lock:
            self._keys.pop(key, None)

    def _remember(self, key: Hashable, now: float) -> _Attempts:
        if len(self._keys) >= self.max_keys:
            self._forget_quiet(now)
        attempts = self._keys[key] = _Attempts(seen=now)
        return attempts

    def _forget_quiet(self, now: float) -> None:
        """Drop keys with nothing left to remember, then (if still full) the least recently seen, locked ones last."""
        for key in [k for k, a in self._keys.items() if a.locked_until <= now and
                    (not a.failures or a.failures[-1] <= now - self.window)]:
            del self._keys[key]
        excess = max(0, len(self._keys) - self.max_keys + 1)
        for key in sorted(self._keys, key=lambda k: (self._keys[k].locked_until > now, self._keys[k].seen))[:excess]:
            del self._keys[key]


# --- paths -------------------------------------------------------------------------------


def resolve_inside(root: Path, relative: str) -> Path:
    """The real path of ``relative`` inside the repository ``root``, or :class:`PathRefused`.

    Refused: absolute paths and drive letters, ``..`` segments (also percent-encoded, once
    or more, or as Unicode look-alikes), backslashes, NUL and control characters, hidden
    files and folders (``.git``, ``.sdgkit``), any symbolic link below ``root``, and anything
    that would resolve outside ``root``. The file itself need not exist (a new file).
    """
    parts = _plain_parts(relative)
    try:
        base = root.resolve(strict=True)
    except (OSError, RuntimeError):
        raise PathRefused(refusal("errors.repository_missing", root=str(root))) from None
    current = base
    for depth, part in enumerate(parts, 1):
        current = current / part
        if current.is_symlink():
            raise PathRefused(refusal("errors.symbolic_link", path="/".join(parts[:depth])))
    resolved = current.resolve()
    if not resolved.is_relative_to(base):
        raise PathRefused(refusal("errors.outside", path=repr(relative)))
    return resolved


def _plain_parts(relative: str) -> list[str]:
    """The path's segments once every spelling of it has passed the text checks."""
    if not isinstance(relative, str) or len(relative) > MAX_PATH:
        raise PathRefused(refusal("errors.path_too_long"))
    for spelling, how in _spellings(relative):
        _check_spelling(spelling, how)
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    if not parts:
        raise PathRefused(refusal("errors.path_empty"))
    return parts


def _spellings(text: str) -> list[tuple[str, str]]:
    """The text as given, percent-decoded until it stops changing, and each in Unicode NFKC form.

    Some later layer (a proxy, a browser, a library) might decode once more, so every
    decoding must be harmless too.
    """
    spellings = [(text, "")]
    for _ in range(4):
        decoded = unquote(spellings[-1][0])
        if decoded == spellings[-1][0]:
            break
        spellings.append((decoded, " (once percent-decoded)" if len(spellings) == 1 else " (percent-decoded)"))
    normalised = [(unicodedata.normalize("NFKC", s), f"{how} (as Unicode look-alikes)") for s, how in spellings]
    return spellings + [n for n, s in zip(normalised, spellings, strict=True) if n[0] != s[0]]


#: how a path was read when a check refused it (:func:`_spellings`), as keys of the ``errors`` catalogue
_HOW = {" (once percent-decoded)": "errors.how_decoded_once", " (percent-decoded)": "errors.how_decoded",
        " (as Unicode look-alikes)": "errors.how_look_alikes",
        " (once percent-decoded) (as Unicode look-alikes)": "errors.how_decoded_once_look_alikes",
        " (percent-decoded) (as Unicode look-alikes)": "errors.how_decoded_look_alikes"}


def _how(how: str) -> Refusal | str:
    """The spelling note of a path refusal, to translate with it (the plain spelling has none: ``""``)."""
    return refusal(_HOW[how]) if how in _HOW else how


def _check_spelling(text: str, how: str) -> None:
    if any(ord(character) < 32 or ord(character) == 127 for character in text):
        raise PathRefused(refusal("errors.path_control", how=_how(how)))
    if "\\" in text:
        raise PathRefused(refusal("errors.path_backslash", how=_how(how)))
    if text.startswith("/") or re.match(r"[A-Za-z]:", text):
        raise PathRefused(refusal("errors.path_absolute", how=_how(how)))
    segments = text.split("/")
    if ".." in segments:
        raise PathRefused(refusal("errors.path_parent", how=_how(how)))
    if any(segment.startswith(".") and segment != "." for segment in segments):
        raise PathRefused(refusal("errors.path_hidden", how=_how(how)))


_EDITABLE: tuple[tuple[re.Pattern[str], EditableKind], ...] = (
    (re.compile(r"data/indicator_[^/.][^/]*\.csv|data/[^/.][^/]*-[^/]*\.csv"), "data"),
    (re.compile(r"meta/(?:[a-z]{2,3}(?:-[A-Za-z0-9]+)*/)?[^/.][^/]*\.(?:md|yml|yaml)"), "metadata"),
    (re.compile(r"indicator-config/[^/.][^/]*\.(?:yml|yaml)"), "config"),
    (re.compile(r"(?:config_data|sdgkit|site_config|_data/site_config)\.yml"), "config"),
    (re.compile(r"(?:pages|posts)/[^/.][^/]*\.md"), "page"),
)


def editable_kind(path: str | PurePath, root: Path | None = None) -> EditableKind | None:
    """What the editor may edit at ``path`` (relative to the repository, or absolute under ``root``).

    Follows the Open SDG layout: ``data/indicator_*.csv``, ``meta/*.md|yml`` (also in a
    language folder such as ``meta/fr/``), ``indicator-config/*.yml``, the configuration
    files (``config_data.yml``, ``sdgkit.yml``, ``site_config.yml``), ``pages/*.md`` and
    ``posts/*.md``. Anything else is not editable: ``None``.
    """
    pure = PurePath(path)
    if pure.is_absolute():
        if root is None or not Path(pure).is_relative_to(root.resolve()):
            return None
        pure = Path(pure).relative_to(root.resolve())
    text = PurePosixPath(*pure.parts).as_posix() if pure.parts else ""
    return next((kind for pattern, kind in _EDITABLE if pattern.fullmatch(text)), None)


# --- uploads -----------------------------------------------------------------------------


def check_upload(filename: str, content: bytes, limit: int = UPLOAD_LIMIT, *,
                 expanded_limit: int = EXPANDED_LIMIT) -> UploadKind:
    """The kind of an uploaded table, once its size, name and content agree; else :class:`UploadRefused`.

    A ``.csv`` must be UTF-8 text (a byte order mark is fine) without NUL bytes. An ``.xlsx``
    must be a zip archive that unpacks to at most ``expanded_limit`` bytes, holds no XML
    document type declarations (entity bombs), and that openpyxl can open.
    """
    if len(content) > limit:
        raise UploadRefused(refusal("errors.upload_too_large", size=_size(len(content)), limit=_size(limit)))
    if not content:
        raise UploadRefused(refusal("errors.upload_empty"))
    kind = _kind_from_name(filename)
    if kind == "csv":
        _csv_text(content)
    else:
        _check_archive(content, expanded_limit)
        _open_workbook(content).close()
    return kind


def read_upload_rows(filename: str, content: bytes, limit: int = UPLOAD_LIMIT, *,
                     expanded_limit: int = EXPANDED_LIMIT, max_cells: int = MAX_CELLS) -> list[list[str]]:
    """The rows of an uploaded table as text, after :func:`check_upload`.

    A CSV is read with the csv module, rows as they are. For a workbook, the first sheet is
    read: each value as text, a formula as the value Excel last computed (sdgkit never
    evaluates formulas, and formula text must not land in published CSV files), empty
    trailing rows and columns dropped, every row as wide as the widest.
    """
    kind = check_upload(filename, content, limit, expanded_limit=expanded_limit)
    return _csv_rows(content) if kind == "csv" else _sheet_rows(content, max_cells)


def _size(size: int) -> Refusal:
    """A size with its unit, told in the user's language with the refusal that holds it."""
    if size >= 1024 * 1024:
        return refusal("errors.size_megabytes", amount=f"{size / 1024 / 1024:.1f}")
    if size >= 1024:
        return refusal("errors.size_kilobytes", amount=f"{size / 1024:.0f}")
    return refusal("errors.size_bytes", amount=size)


def _kind_from_name(filename: str) -> UploadKind:
    name = re.split(r"[\\/]", filename)[-1]  # browsers may send C:\fakepath\name.csv
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if "\x00" in filename or extension not in ("csv", "xlsx"):
        raise UploadRefused(refusal("errors.upload_type"))
    return "csv" if extension == "csv" else "xlsx"


def _csv_text(content: bytes) -> str:
    if content.startswith(_ZIP_MAGIC):
        raise UploadRefused(refusal("errors.csv_is_zip"))
    if b"\x00" in content:
        raise UploadRefused(refusal("errors.csv_nul"))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadRefused(refusal("errors.csv_not_utf8", byte=error.start + 1)) from None


def _csv_rows(content: bytes) -> list[list[str]]:
    reader = csv.reader(io.StringIO(_csv_text(content), newline=""))
    try:
        return list(reader)
    except csv.Error as error:
        raise UploadRefused(refusal("errors.csv_unreadable", line=reader.line_num, problem=str(error))) from None


def _check_archive(content: bytes, expanded_limit: int) -> None:
    """Look inside the zip before any XML parser does: size, count, encryption, DTDs."""
    if not content.startswith(_ZIP_MAGIC):
        raise UploadRefused(refusal("errors.xlsx_not_workbook"))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > expanded_limit:
                raise UploadRefused(refusal("errors.xlsx_expands", limit=_size(expanded_limit)))
            for member in members:
                _check_member(archive, member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise UploadRefused(refusal("errors.xlsx_damaged")) from None


def _check_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    if member.flag_bits & 0x1:
        raise UploadRefused(refusal("errors.xlsx_encrypted"))
    data = archive.read(member)  # bounded by the declared size, which was checked; the CRC is checked too
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
        raise UploadRefused(refusal("errors.xlsx_utf16"))
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise UploadRefused(refusal("errors.xlsx_doctype"))


def _open_workbook(content: bytes) -> Any:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # only uploads need it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it drops
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
        except Exception:  # openpyxl raises many kinds of errors on a bad file
            raise UploadRefused(refusal("errors.xlsx_unopenable")) from None
    if not workbook.worksheets:
        workbook.close()
        raise UploadRefused(refusal("errors.xlsx_no_sheet"))
    return workbook


def _sheet_rows(content: bytes, max_cells: int) -> list[list[str]]:
    workbook = _open_workbook(content)
    try:
        return _rectangle(_read_sheet(workbook.worksheets[0], max_cells))
    finally:
        workbook.close()


def _read_sheet(sheet: Any, max_cells: int) -> list[list[str]]:
    sheet.reset_dimensions()  # the declared size may be a lie: never pad rows up to it
    rows: list[list[str]] = []
    cells = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for values in sheet.iter_rows(values_only=True):
                cells += max(len(values), 1)
                if cells > max_cells:
                    raise UploadRefused(refusal("errors.xlsx_too_many_cells", limit=f"{max_cells:,}"))
                rows.append([cell_text(value) for value in values])
    except UploadRefused:
        raise
    except Exception:  # a damaged sheet: expat, openpyxl or zipfile errors
        raise UploadRefused(refusal("errors.xlsx_unreadable_sheet")) from None
    return rows


def _rectangle(rows: list[list[str]]) -> list[list[str]]:
    """Drop empty trailing rows and columns; pad the other rows to the same width."""
    width = max((max((i + 1 for i, v in enumerate(row) if v), default=0) for row in rows), default=0)
    table = [(row + [""] * width)[:width] for row in rows]
    while table and not any(table[-1]):
        table.pop()
    return table


def cell_text(value: Any) -> str:
    """A spreadsheet value as the text a CSV file would hold; numbers as Excel shows them (15 digits)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(float(f"{value:.15g}"))
    if isinstance(value, datetime) and value.time() == clock_time() and value.tzinfo is None:
        return value.date().isoformat()
    if isinstance(value, date | clock_time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)
