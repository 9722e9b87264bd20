"""The editor's accounts: who may sign in, with which role, kept in one JSON file.

Only argon2id hashes are stored, never a password, in a file readable by its owner alone
(mode 0600) and replaced atomically, so a crash never leaves it half written. The file is
read again on every call: a change made with ``sdgkit users`` applies to a running editor
at once (a removed user cannot sign in any more, a new role applies to the next request).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ACCOUNTS_FILE = Path(".sdgkit") / "users.json"
FORMAT_VERSION = 1
MIN_PASSWORD, MAX_PASSWORD = 10, 1024
NAME_RULE = "1 to 64 characters: letters, digits and . _ - @"
_NAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
_PRIVATE_FOLDER = ".sdgkit"


class AccountError(Exception):
    """A refused account operation or an unusable accounts file; the message can be shown as it is."""


class Role(StrEnum):
    """What a user may do, from least to most: the declaration order is the rank."""

    VIEWER = "viewer"
    EDITOR = "editor"
    PUBLISHER = "publisher"

    @property
    def rank(self) -> int:
        """Higher ranks may do everything lower ranks may."""
        return tuple(Role).index(self)


#: the least role that may do each action; ``manage`` (revert, handle others' proposals) is the publisher's
ACTIONS: dict[str, Role] = {"read": Role.VIEWER, "propose": Role.EDITOR,
                            "publish": Role.PUBLISHER, "manage": Role.PUBLISHER}


def can(role: Role | str, action: str) -> bool:
    """Whether ``role`` may do ``action``.

    An unknown role (a stale or foreign value) may do nothing, while an unknown action is a
    programming error and raises ``ValueError``: a typo must not silently grant or deny.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    try:
        actual = Role(role)
    except ValueError:
        return False
    return actual.rank >= ACTIONS[action].rank


def parse_role(value: str) -> Role:
    """The role named ``value``, or an :class:`AccountError` that lists the roles."""
    try:
        return Role(value)
    except ValueError:
        raise AccountError(f"unknown role {value!r}: choose {', '.join(Role)}") from None


def check_name(name: str) -> str:
    """Refuse names that could be confused in a list, a log or a URL."""
    if not _NAME.fullmatch(name):
        raise AccountError(f"{name!r} is not a valid user name: use {NAME_RULE}")
    return name


def check_password(name: str, password: str) -> str:
    """Refuse passwords that are too short, absurdly long, or the user's own name."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is too short: use at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the password is too long: use at most {MAX_PASSWORD} characters")
    if password.strip().casefold() == name.casefold():
        raise AccountError("the password must not be the user name")
    return password


@dataclass(frozen=True)
class User:
    """An account as the rest of sdgkit sees it: deliberately without its password hash."""

    name: str
    role: Role
    created: datetime
    changed: datetime  #: last change of password or role: sessions signed in earlier may be refused


@dataclass(frozen=True)
class _Record:
    user: User
    hash: str


def default_accounts_path(repository: Path) -> Path:
    """``.sdgkit/users.json`` inside the repository."""
    return repository / ACCOUNTS_FILE


class Accounts:
    """The accounts file at ``path``; every method reads it afresh and writes it atomically.

    ``hasher`` and ``clock`` are injectable so tests can use cheap hashes and fixed times.
    Writes are serialised within the process; two processes writing at the same instant
    (the CLI and a running editor's rehash) could lose one change, which is rare enough.
    """

    def __init__(self, path: Path, *, hasher: PasswordHasher | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.path = path
        self._hasher = hasher or PasswordHasher()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        self._dummy_hash: str | None = None

    def list_users(self) -> list[User]:
        """Every account, sorted by name."""
        with self._lock:
            return [record.user for record in self._load()]

    def get_user(self, name: str) -> User | None:
        """The account called ``name`` (names are compared without regard to case)."""
        with self._lock:
            record = _find(self._load(), name)
        return record.user if record else None

    def add_user(self, name: str, role: Role | str, password: str) -> User:
        """Create an account; refused when the name is taken (in any letter case)."""
        check_password(check_name(name), password)
        chosen = parse_role(role)
        password_hash = self._hasher.hash(password)  # before the lock: hashing is the slow part
        with self._lock:
            records = self._load()
            if _find(records, name):
                raise AccountError(f"a user named {name!r} already exists")
            now = self._clock()
            user = User(name=name, role=chosen, created=now, changed=now)
            self._save([*records, _Record(user, password_hash)])
        return user

    def remove_user(self, name: str) -> User:
        """Delete an account; its open sessions stop working at their next request."""
        with self._lock:
            records = self._load()
            record = _require(records, name)
            self._save([r for r in records if r is not record])
        return record.user

    def set_password(self, name: str, password: str) -> User:
        """Replace a password; ``changed`` moves on so older sessions can be refused."""
        check_password(name, password)
        password_hash = self._hasher.hash(password)
        return self._update(name, lambda record: _Record(replace(record.user, changed=self._clock()), password_hash))

    def set_role(self, name: str, role: Role | str) -> User:
        """Give a user another role; ``changed`` moves on so older sessions can be refused."""
        chosen = parse_role(role)
        return self._update(name, lambda r: replace(r, user=replace(r.user, role=chosen, changed=self._clock())))

    def verify(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs, else ``None``.

        An unknown name still costs one hash check, against a dummy hash, so the time taken
        does not tell which names exist. A hash made with weaker settings than the current
        ones is replaced while the password is at hand.
        """
        with self._lock:
            record = _find(self._load(), name) if _NAME.fullmatch(name) else None
        if record is None:
            self._spend_one_check(password)
            return None
        try:
            self._hasher.verify(record.hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if self._hasher.check_needs_rehash(record.hash):
            self._rehash(record, password)
        return record.user

    def _spend_one_check(self, password: str) -> None:
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        with contextlib.suppress(VerificationError, InvalidHashError):
            self._hasher.verify(self._dummy_hash, password)

    def _rehash(self, old: _Record, password: str) -> None:
        """Best effort: a read-only accounts file must not prevent signing in."""
        new_hash = self._hasher.hash(password)
        with self._lock, contextlib.suppress(OSError, AccountError):
            records = self._load()
            current = _find(records, old.user.name)
            if current is not None and current.hash == old.hash:  # not changed meanwhile
                self._save([_Record(r.user, new_hash) if r is current else r for r in records])

    def _update(self, name: str, change: Callable[[_Record], _Record]) -> User:
        with self._lock:
            records = self._load()
            record = _require(records, name)
            updated = change(record)
            self._save([updated if r is record else r for r in records])
        return updated.user

    def _load(self) -> list[_Record]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError) as error:
            raise AccountError(f"cannot read the accounts file {self.path}: {error}") from None
        return _parse(text, self.path)

    def _save(self, records: list[_Record]) -> None:
        document = {"version": FORMAT_VERSION,
                    "users": [_entry(r) for r in sorted(records, key=lambda r: r.user.name.lower())]}
        data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            write_private_file(self.path, data)
        except OSError as error:
            raise AccountError(f"cannot write the accounts file {self.path}: {error}") from None


def _find(records: list[_Record], name: str) -> _Record | None:
    wanted = name.lower()
    return next((r for r in records if r.user.name.lower() == wanted), None)


def _require(records: list[_Record], name: str) -> _Record:
    record = _find(records, name)
    if record is None:
        raise AccountError(f"there is no user named {name!r}")
    return record


def _entry(record: _Record) -> dict[str, str]:
    user = record.user
    return {"name": user.name, "role": user.role.value, "hash": record.hash,
            "created": user.created.isoformat(), "changed": user.changed.isoformat()}


def _parse(text: str, path: Path) -> list[_Record]:
    """Read the file strictly: a damaged file is reported, never half used."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise AccountError(f"the accounts file {path} is not valid JSON (line {error.lineno})") from None
    if not isinstance(document, dict) or not isinstance(document.get("users"), list):
        raise AccountError(f"the accounts file {path} has no list of users")
    if document.get("version") != FORMAT_VERSION:
        raise AccountError(f"the accounts file {path} has version {document.get('version')!r}; "
                           f"this sdgkit reads version {FORMAT_VERSION}")
    records = [_record(entry, number, path) for number, entry in enumerate(document["users"], 1)]
    names = [r.user.name.lower() for r in records]
    if len(set(names)) != len(names):
        raise AccountError(f"the accounts file {path} lists a user twice")
    return records


def _record(entry: Any, number: int, path: Path) -> _Record:
    where = f"user {number} in the accounts file {path}"
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in
                                              ("name", "role", "hash", "created", "changed")):
        raise AccountError(f"{where} needs name, role, hash, created and changed, as text")
    try:
        check_name(entry["name"])
        user = User(entry["name"], parse_role(entry["role"]), _timestamp(entry["created"]),
                    _timestamp(entry["changed"]))
    except (AccountError, ValueError) as error:
        raise AccountError(f"{where}: {error}") from None
    if not entry["hash"].startswith("$argon2"):
        raise AccountError(f"{where}: the hash is not an argon2 hash")
    return _Record(user, entry["hash"])


def _timestamp(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``, readable by its owner only (mode 0600).

    The bytes go to a temporary file in the same folder, are flushed to the disk, then
    renamed over the old file: a reader sees the old file or the new one, never a mix, and
    a crash leaves the old file intact. A file under ``.sdgkit/`` is also listed in
    ``.sdgkit/.gitignore``, so committing the repository does not publish it.
    """
    make_private_folder(path.parent)
    _atomic_write(path, data, 0o600)
    keep_out_of_git(path)


def make_private_folder(folder: Path) -> None:
    """Create the last folder only (mode 0700): a mistyped path must not grow a tree of folders."""
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=0o700)
    except FileNotFoundError:
        raise FileNotFoundError(f"the folder {folder.parent} does not exist") from None


def _atomic_write(path: Path, data: bytes, mode: int) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible, nor needed, on Windows."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def keep_out_of_git(path: Path) -> None:
    """List a file of ``.sdgkit/`` in ``.sdgkit/.gitignore``: hashes and secrets must not reach a public repository."""
    if path.parent.name != _PRIVATE_FOLDER:
        return
    ignore = path.parent / ".gitignore"
    lines = ignore.read_text(encoding="utf-8").splitlines() if ignore.is_file() else []
    if path.name not in lines:
        _atomic_write(ignore, ("\n".join([*lines, path.name]) + "\n").encode("utf-8"), 0o644)
