"""Saving a repository file from the editor: never a lost update, never a half-written file.

Two promises are kept here, and everything else in the editor relies on them:

* **No silent overwrite.** A save names the version of the file the user started from
  (:func:`version_of` of the bytes they loaded). If the file on disk is no longer that
  version (another user saved, someone edited it in a text editor, a ``git pull`` ran), the
  save is refused with :class:`Conflict`, which carries both versions so the user can
  compare them. The check and the write happen under one lock per repository, held across
  threads *and* processes (``flock`` on ``.sdgkit/lock``), so two writers can never both
  succeed from the same version.
* **No torn file.** The new content goes to a temporary file in the same folder, is flushed
  and fsynced, and then renamed over the old one (``os.replace`` is atomic), and the folder
  is fsynced so that the rename survives a power cut. A process killed at any moment leaves
  either the old file or the new one, never a mix. An orphaned temporary file is named
  ``.<name>.<random>.sdgkit-tmp``: hidden, with a suffix that no input pattern of a site
  reads, and swept away by the next save in that folder.

Paths are relative to the repository and resolved by the caller; they are checked again
here (no ``..``, nothing under ``.git`` or ``.sdgkit``) and every folder on the way is opened
without following symbolic links, so a link planted in the repository cannot redirect a
write outside it.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import secrets
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sdgkit.editor.history import Entry, History

#: the editor's own folder in a repository: lock, history without git, proposals
STATE_FOLDER = ".sdgkit"
#: how the name of a temporary file ends (it also starts with a dot, so globs skip it)
TEMPORARY_SUFFIX = ".sdgkit-tmp"
#: seconds a save waits for another save of the same repository before giving up
LOCK_TIMEOUT = 30.0
_TEMPORARY = re.compile(r"\..*" + re.escape(TEMPORARY_SUFFIX), re.DOTALL)
_FORBIDDEN_FOLDERS = frozenset({".git", STATE_FOLDER})
_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_CHUNK = 1 << 20


class UnsafePathError(ValueError):
    """A path the editor must not read or write: outside the repository, a link, a special file."""


class UnchangedError(Exception):
    """The content to save is the content already there: there is nothing to record."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} already has this content")
        self.path = path


class LockTimeoutError(TimeoutError):
    """Another save of the repository held the lock for too long."""


class Conflict(Exception):  # noqa: N818 - the word the editor and its users speak
    """The file is no longer the version the user started from; nothing was written.

    ``current`` and ``proposed`` are both kept so that the user can see the two versions side
    by side; ``current`` is ``None`` when the file has been deleted meanwhile.
    """

    def __init__(self, path: str, expected_version: str | None, current: bytes | None, proposed: bytes) -> None:
        found = "missing" if current is None else f"at version {version_of(current)[:12]}"
        wanted = "missing" if expected_version is None else f"at version {expected_version[:12]}"
        super().__init__(f"{path} changed since it was loaded: expected {wanted}, found {found}")
        self.path = path
        self.expected_version = expected_version
        self.current = current
        self.proposed = proposed

    @property
    def current_version(self) -> str | None:
        """The version now on disk (``None`` for a missing file)."""
        return None if self.current is None else version_of(self.current)


def version_of(content: bytes) -> str:
    """The version of a file's content: its SHA-256, so equal contents are the same version."""
    return hashlib.sha256(content).hexdigest()


def clean_relative(relative: str | PurePath) -> str:
    """``relative`` as a POSIX path inside the repository, or :class:`UnsafePathError`.

    The caller has already resolved the path; this is the second lock on the door, which
    refuses anything odd rather than trying to make sense of it.
    """
    text = relative.as_posix() if isinstance(relative, PurePath) else str(relative)
    parts = text.split("/")
    if not text or text.startswith("/") or "\\" in text or any(ord(char) < 32 for char in text):
        raise UnsafePathError(f"not a relative path inside the repository: {text!r}")
    if any(part in ("", ".", "..") for part in parts) or any(part in _FORBIDDEN_FOLDERS for part in parts):
        raise UnsafePathError(f"not a path the editor may touch: {text!r}")
    if parts[-1].endswith(TEMPORARY_SUFFIX):
        raise UnsafePathError(f"a temporary file of the editor: {text!r}")
    return text


def read(root: Path, relative: str | PurePath) -> tuple[bytes, str]:
    """The content of a repository file and its version; :class:`FileNotFoundError` when it is missing."""
    clean = clean_relative(relative)
    current = _read_current(root, clean)
    if current is None:
        raise FileNotFoundError(errno.ENOENT, "no such file in the repository", clean)
    return current, version_of(current)


def current_version(root: Path, relative: str | PurePath) -> str | None:
    """The version of the file now on disk, ``None`` when it does not exist."""
    current = _read_current(root, clean_relative(relative))
    return None if current is None else version_of(current)


def save(root: Path, relative: str | PurePath, content: bytes, *, expected_version: str | None, author: str,
         message: str, history: History) -> Entry:
    """Write ``content`` if the file is still at ``expected_version``, and record the change in ``history``.

    ``expected_version=None`` means the file must not exist yet. Raises :class:`Conflict`
    (nothing written) when the file moved on, :class:`UnchangedError` when ``content`` is what
    is there already. The history is recorded under the same lock, so its order is the
    order of the writes; should recording fail (``HistoryError``: git refused the commit),
    the new content is already on disk, as if edited by hand, and the error says so.
    """
    clean = clean_relative(relative)
    with repository_lock(root):
        current = _read_current(root, clean)
        if (None if current is None else version_of(current)) != expected_version:
            raise Conflict(clean, expected_version, current, content)
        if current == content:
            raise UnchangedError(clean)
        _write(root, clean, content)
        return history.record(clean, current, content, author=author, message=message)


def write_atomically(path: Path, content: bytes) -> None:
    """Replace ``path`` (the editor's own files: history, proposals) by ``content``, all or nothing."""
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _replace_in(folder, path.name, content, mode=None)
    finally:
        os.close(folder)


def state_folder(root: Path, *parts: str) -> Path:
    """``.sdgkit/<parts>`` in the repository, created if needed, never through a symbolic link.

    The folder gets a ``.gitignore`` of ``*`` so that the lock, the history blobs and the
    proposals never show up as changes in a git repository.
    """
    folder = root / STATE_FOLDER
    _make_folder(folder)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with suppress(FileExistsError), open(ignore, "x", encoding="utf-8") as handle:
            handle.write("# the sdgkit editor's lock, history and proposals: not part of the repository\n*\n")
    for part in parts:
        folder = folder / part
        _make_folder(folder)
    return folder


def _make_folder(folder: Path) -> None:
    """Create ``folder`` unless it exists; a symbolic link in its place is refused."""
    if folder.is_symlink():
        raise UnsafePathError(f"{folder} is a symbolic link")
    folder.mkdir(exist_ok=True)


def sweep_temporary_files(root: Path) -> list[str]:
    """Delete the temporary files that killed saves left anywhere in the repository; their paths.

    A save sweeps its own folder; this is for a server that starts after a crash.
    """
    swept: list[str] = []
    with repository_lock(root):
        for folder, folders, files in os.walk(root):
            folders[:] = [name for name in folders if name not in _FORBIDDEN_FOLDERS]
            for name in files:
                if _TEMPORARY.fullmatch(name):
                    Path(folder, name).unlink(missing_ok=True)
                    swept.append(Path(folder, name).relative_to(root).as_posix())
    return sorted(swept)


@contextmanager
def repository_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the repository's write lock: one writer at a time, across threads and processes.

    Re-entrant within a thread, so that a review can check a proposal and save it as one step.
    """
    lock = _lock_of(root)
    lock.acquire(timeout)
    try:
        yield
    finally:
        lock.release()


class _RepositoryLock:
    """A thread lock (re-entrant) around an ``flock`` held while any thread of this process writes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.threads = threading.RLock()
        self.depth = 0
        self.descriptor = -1

    def acquire(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        if not self.threads.acquire(timeout=timeout):
            raise LockTimeoutError(f"another save of {self.root} is taking too long")
        try:
            if self.depth == 0:
                self.descriptor = _flock(state_folder(self.root) / "lock", deadline)
            self.depth += 1
        except BaseException:
            self.threads.release()
            raise

    def release(self) -> None:
        self.depth -= 1
        if self.depth == 0:
            descriptor, self.descriptor = self.descriptor, -1
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)
        self.threads.release()


_LOCKS: dict[str, _RepositoryLock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_of(root: Path) -> _RepositoryLock:
    """The one lock object of a repository in this process."""
    key = os.path.realpath(root)
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, _RepositoryLock(Path(key)))


def _flock(path: Path, deadline: float) -> int:
    """An open descriptor of ``path`` holding an exclusive ``flock``, waiting until ``deadline``."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    pause = 0.001
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return descriptor
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(descriptor)
                raise LockTimeoutError(f"{path} is held by another process for too long") from None
            time.sleep(pause)
            pause = min(pause * 2, 0.05)


def _read_current(root: Path, clean: str) -> bytes | None:
    """The file's bytes, ``None`` when it (or its folder) does not exist."""
    *folders, name = clean.split("/")
    folder = _open_folder(root, folders, create=False)
    if folder is None:
        return None
    try:
        return _read_in(folder, name)
    finally:
        os.close(folder)


def _write(root: Path, clean: str, content: bytes) -> None:
    """Replace (or create) the file, keeping its permissions, and sweep old temporary files beside it."""
    *folders, name = clean.split("/")
    folder = _open_folder(root, folders, create=True)
    assert folder is not None  # created
    try:
        _sweep(folder)
        _replace_in(folder, name, content, mode=_mode_in(folder, name))
    finally:
        os.close(folder)


def _open_folder(root: Path, folders: list[str], *, create: bool) -> int | None:
    """A descriptor of ``root/folders``, opened one level at a time without following links.

    ``None`` when a folder is missing and ``create`` is false.
    """
    descriptor = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    for name in folders:
        descriptor = _enter(descriptor, name, create=create)  # closes the parent, even on error
        if descriptor < 0:
            return None
    return descriptor


def _enter(parent: int, name: str, *, create: bool) -> int:
    """The descriptor of folder ``name`` in ``parent`` (closed here), or -1 when it is missing."""
    try:
        try:
            return os.open(name, _FOLDER_FLAGS, dir_fd=parent)
        except FileNotFoundError:
            if not create:
                return -1
            with suppress(FileExistsError):
                os.mkdir(name, dir_fd=parent)
                os.fsync(parent)
            return os.open(name, _FOLDER_FLAGS, dir_fd=parent)
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.ENOTDIR):
                raise UnsafePathError(f"{name!r} is a symbolic link or not a folder") from error
            raise
    finally:
        os.close(parent)


def _read_in(folder: int, name: str) -> bytes | None:
    """The bytes of regular file ``name`` in ``folder``; a link or special file is refused."""
    try:
        descriptor = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafePathError(f"{name!r} is a symbolic link") from error
        raise
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise UnsafePathError(f"{name!r} is not a regular file")
        return handle.read()


def _mode_in(folder: int, name: str) -> int | None:
    """The permission bits of the existing file, to give to its replacement (``None`` for a new file)."""
    try:
        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
        raise UnsafePathError(f"{name!r} is not a regular file")
    return stat.S_IMODE(info.st_mode)


def _replace_in(folder: int, name: str, content: bytes, *, mode: int | None) -> None:
    """Temporary file, write, fsync, rename over ``name``, fsync the folder."""
    temporary = f".{name[:200]}.{secrets.token_hex(8)}{TEMPORARY_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    descriptor = os.open(temporary, flags, 0o666, dir_fd=folder)  # the umask applies, as to any new file
    try:
        try:
            if mode is not None:
                os.fchmod(descriptor, mode)
            _write_all(descriptor, content)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise
    os.fsync(folder)


def _write_all(descriptor: int, content: bytes) -> None:
    """Write every byte (``os.write`` may write less than asked)."""
    view = memoryview(content)
    while view:
        written = os.write(descriptor, view[:_CHUNK])
        view = view[written:]


def _sweep(folder: int) -> None:
    """Delete temporary files of saves that were killed: under the lock, no live save owns one."""
    for name in os.listdir(folder):
        if _TEMPORARY.fullmatch(name):
            with suppress(FileNotFoundError):
                os.unlink(name, dir_fd=folder)
