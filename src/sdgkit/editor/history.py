"""Who changed which file, when, why, and how to undo it: in git when there is git, else in a folder.

Statisticians never see git, but many data repositories are git checkouts published by CI:
there, each save of the editor is one commit of that one file, with the user as author, so
the history is the repository's own and survives the server. ``git push`` is never run (the
people who publish decide that), and the commit is made with ``git commit --only -- path``,
which leaves whatever else someone had staged exactly as it was.

Without git (a plain folder, or no ``git`` program on the machine) the same history is kept
in ``.sdgkit/history/``: an append-only JSON Lines log per file and the contents it refers to,
stored once each by their SHA-256 (the file's version). Both kinds answer the same questions
(:class:`History`), so the editor's history view and its one-click revert do not care which
one they talk to. A revert is an ordinary save of the content before the entry, through
:func:`sdgkit.editor.store.save`: a file changed meanwhile makes it a :class:`Conflict`, and
the revert itself can be reverted.
"""

from __future__ import annotations

import difflib
import enum
import json
import os
import re
import secrets
import shutil
import subprocess
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

from sdgkit.editor import store
from sdgkit.editor.security import Refused, refusal

#: e-mail domain of authors without a configured address (``.invalid`` can never be delivered to)
EMAIL_DOMAIN = "sdgkit.invalid"
_GIT_TIMEOUT = 120
_COMMIT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_FOLDER_ID = re.compile(r"[0-9a-f]{16}")
_SEPARATORS = re.compile(r"[\x00\x1e\x1f]")
#: lines as people and ``diff`` count them: at ``\n`` only (``str.splitlines`` also splits at form feeds...)
_LINES = re.compile(r"[^\n]*\n|[^\n]+$")


class HistoryError(Refused, RuntimeError):
    """The history could not be read or written (git failed, a log is damaged, an entry is unknown)."""


class RevertError(Refused, ValueError):
    """The entry cannot be reverted: the file did not exist before it."""


class _Latest(enum.Enum):
    LATEST = "latest"


#: ``expected_version`` of :meth:`History.revert`: whatever version is on disk when the revert runs
LATEST = _Latest.LATEST
ExpectedVersion = str | None | Literal[_Latest.LATEST]


@dataclass(frozen=True, slots=True)
class Entry:
    """One recorded change of one file."""

    #: the commit id (git) or a random id (folder history)
    id: str
    #: the file, relative to the repository, as it was named in that change
    path: str
    author: str
    time: datetime
    message: str
    email: str = ""


class History(Protocol):
    """What the editor asks of a history, whichever kind it is."""

    root: Path

    def record(self, relative: str, before: bytes | None, after: bytes, *, author: str, message: str) -> Entry:
        """Record a change that :func:`sdgkit.editor.store.save` has just written (under its lock)."""
        ...

    def entries(self, relative: str, limit: int | None = None) -> list[Entry]:
        """The changes of a file, newest first."""
        ...

    def entry(self, relative: str, entry_id: str) -> Entry:
        """One change of a file by its id (from a URL): :class:`HistoryError` when unknown."""
        ...

    def content_at(self, entry: Entry) -> bytes | None:
        """The file just after the change (``None``: it did not exist)."""
        ...

    def content_before(self, entry: Entry) -> bytes | None:
        """The file just before the change (``None``: the change created it)."""
        ...

    def diff(self, entry: Entry) -> str:
        """The change as a unified diff."""
        ...

    def revert(self, entry: Entry, author: str, *, expected_version: ExpectedVersion = LATEST,
               message: str | None = None, path: str | None = None) -> Entry:
        """Save the content before ``entry`` as a new change."""
        ...


def history_for(root: Path, *, email_for: Callable[[str], str] | None = None) -> History:
    """Git history when ``root`` belongs to a git work tree and git is installed, else the folder history.

    ``root`` belongs to the work tree when it is its top folder, or when git tracks files in
    it: a data folder that merely lies somewhere below an unrelated repository (a home folder
    kept in git) gets the folder history rather than commits in someone else's repository.
    """
    git = shutil.which("git")
    if git is not None and _belongs_to_work_tree(git, root):
        return GitHistory(root, git=git, email_for=email_for)
    return FolderHistory(root)


def unified_diff(before: bytes | None, after: bytes | None, path: str) -> str:
    """A unified diff of two versions of a text file (a missing version is an empty file)."""
    old = _LINES.findall(_text(before))
    new = _LINES.findall(_text(after))
    lines = difflib.unified_diff(old, new, f"a/{path}" if before is not None else "/dev/null",
                                 f"b/{path}" if after is not None else "/dev/null")
    return "".join(line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n" for line in lines)


def _text(content: bytes | None) -> str:
    """Bytes as text for a diff: UTF-8, undecodable bytes shown as replacement characters."""
    return "" if content is None else content.decode("utf-8", errors="replace")


def _belongs_to_work_tree(git: str, root: Path) -> bool:
    """True when ``root`` is the top of a git work tree, or a folder of one where git tracks files."""
    where = _git_output(git, root, "rev-parse", "--is-inside-work-tree", "--show-prefix")
    if where is None or not where.startswith("true\n"):
        return False
    if not where.removeprefix("true\n").strip():
        return True  # the top folder, even of a repository without any commit yet
    return bool(_git_output(git, root, "ls-files", "-z", "--", "."))


def _git_output(git: str, root: Path, *arguments: str) -> str | None:
    """The output of a git question, ``None`` when git says no (or cannot run)."""
    try:
        done = subprocess.run([git, "-C", str(root), *arguments], capture_output=True, text=True,
                              timeout=_GIT_TIMEOUT, check=False, env=_git_environment())
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _git_environment(**names: str) -> dict[str, str]:
    """The environment of a git command: never a prompt, never a pager, with the given identity."""
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}
    environment.update(names)
    return environment


class _Common(ABC):
    """Diff and revert, the same for both kinds of history."""

    root: Path

    @abstractmethod
    def record(self, relative: str, before: bytes | None, after: bytes, *, author: str, message: str) -> Entry: ...

    @abstractmethod
    def entries(self, relative: str, limit: int | None = None) -> list[Entry]: ...

    @abstractmethod
    def entry(self, relative: str, entry_id: str) -> Entry: ...

    @abstractmethod
    def content_at(self, entry: Entry) -> bytes | None: ...

    @abstractmethod
    def content_before(self, entry: Entry) -> bytes | None: ...

    def diff(self, entry: Entry) -> str:
        """The change of ``entry`` as a unified diff against the file before it."""
        return unified_diff(self.content_before(entry), self.content_at(entry), entry.path)

    def revert(self, entry: Entry, author: str, *, expected_version: ExpectedVersion = LATEST,
               message: str | None = None, path: str | None = None) -> Entry:
        """Save the file as it was before ``entry``, as a new change by ``author``.

        The whole file goes back to that state (later changes included): the history view
        says so when ``entry`` is not the latest. ``expected_version`` is the version the user
        was looking at; by default the version on disk when the revert runs. ``path`` is the
        file's name now, when a rename since ``entry`` changed it.
        """
        before = self.content_before(entry)
        if before is None:
            raise RevertError(refusal("errors.revert_nothing", path=entry.path))
        target = path or entry.path
        summary = entry.message.splitlines()[0] if entry.message.strip() else entry.id[:12]
        with store.repository_lock(self.root):
            version = store.current_version(self.root, target) if expected_version is LATEST else expected_version
            return store.save(self.root, target, before, expected_version=version, author=author,
                              message=message or f'Revert "{summary}"\n\nThis reverts {entry.id}.',
                              history=self)


class GitHistory(_Common):
    """Each save is a commit of that one file; the history is ``git log --follow`` of the file."""

    def __init__(self, root: Path, *, git: str | None = None,
                 email_for: Callable[[str], str] | None = None) -> None:
        found = git or shutil.which("git")
        if found is None:
            raise HistoryError("git is not installed")
        self.root = root
        self.git = found
        self.email_for = email_for or default_email
        self.prefix = self._run("rev-parse", "--show-prefix").decode().strip()

    def record(self, relative: str, before: bytes | None, after: bytes, *, author: str, message: str) -> Entry:
        """Commit the file as it is now on disk (``after``), and only it."""
        name = _clean_name(author)
        email = self.email_for(name)
        identity = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
                    "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
        text = _clean_message(message) or f"Edit {relative}"
        self._run("add", "--", relative)
        self._run("-c", "commit.gpgsign=false", "commit", "--only", "--no-verify", "--quiet",
                  "--cleanup=whitespace", f"--author={name} <{email}>", "-m", text, "--", relative,
                  environment=identity)
        entries = self._log("-1", "HEAD", "--", relative)
        if not entries:
            raise HistoryError(f"the commit of {relative} is not in the log")
        return entries[0]

    def entries(self, relative: str, limit: int | None = None) -> list[Entry]:
        """The commits that changed the file, newest first, following renames."""
        if self._try("rev-parse", "--verify", "--quiet", "HEAD") is None:
            return []  # a repository without any commit yet
        count = [f"--max-count={limit}"] if limit is not None else []
        return self._log("--follow", *count, "--", store.clean_relative(relative))

    def entry(self, relative: str, entry_id: str) -> Entry:
        """The commit ``entry_id`` among those of the file."""
        if not _COMMIT_ID.fullmatch(entry_id):
            raise HistoryError(refusal("errors.not_an_entry_id", id=repr(entry_id)))
        for entry in self.entries(relative):
            if entry.id == entry_id:
                return entry
        raise HistoryError(refusal("errors.not_a_change", id=entry_id, path=relative))

    def content_at(self, entry: Entry) -> bytes | None:
        """The file in that commit."""
        return self._blob(entry.id, entry.path)

    def content_before(self, entry: Entry) -> bytes | None:
        """The file in the commit's first parent, under its name there (a rename is followed)."""
        parent = f"{entry.id}^"
        if self._try("rev-parse", "--verify", "--quiet", parent) is None:
            return None
        content = self._blob(parent, entry.path)
        if content is not None:
            return content
        renamed = self._renamed_from(entry)
        return None if renamed is None else self._blob(parent, renamed)

    def _blob(self, revision: str, path: str) -> bytes | None:
        """The content of ``path`` (relative to the repository) in ``revision``, ``None`` when absent."""
        found = self._try("rev-parse", "--verify", "--quiet", f"{revision}:{self.prefix}{path}")
        if found is None:
            return None
        return self._run("cat-file", "blob", found.decode().strip())

    def _renamed_from(self, entry: Entry) -> str | None:
        """The name the file had before ``entry`` renamed it, if it did."""
        listing = self._run("diff-tree", "-r", "-M", "-z", "--name-status", "--no-commit-id",
                            f"{entry.id}^", entry.id).decode(errors="surrogateescape")
        fields = listing.split("\0")
        for at, status in enumerate(fields):
            if status.startswith("R") and at + 2 < len(fields) and fields[at + 2] == self.prefix + entry.path:
                return fields[at + 1].removeprefix(self.prefix)
        return None

    def _log(self, *arguments: str) -> list[Entry]:
        """Entries of ``git log`` (one record per commit: fields, then the file's name there)."""
        output = self._run("-c", "core.quotepath=off", "log", "-z", "--name-only",
                           "--format=%x1e%H%x1f%an%x1f%ae%x1f%at%x1f%B%x1f", *arguments)
        return [entry for record in output.decode(errors="surrogateescape").split("\x1e")[1:]
                if (entry := self._parse(record, arguments[-1])) is not None]

    def _parse(self, record: str, path: str) -> Entry | None:
        """One log record as an entry (``None`` for a malformed one)."""
        fields = record.split("\x1f")
        if len(fields) != 6:
            return None
        commit, author, email, seconds, message, names = fields
        name = names.strip("\0\n").split("\0")[0]
        return Entry(id=commit, path=name.removeprefix(self.prefix) or path, author=author,
                     time=datetime.fromtimestamp(int(seconds), tz=UTC), message=message.strip(), email=email)

    def _run(self, *arguments: str, environment: dict[str, str] | None = None) -> bytes:
        """The output of a git command in the repository; :class:`HistoryError` when it fails."""
        done = self._call(arguments, environment)
        if done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip()
            raise HistoryError(f"git {_command(arguments)} failed: {detail}")
        return done.stdout

    def _try(self, *arguments: str) -> bytes | None:
        """The output of a git command, or ``None`` when it fails (a question with a "no" answer)."""
        done = self._call(arguments, None)
        return done.stdout if done.returncode == 0 else None

    def _call(self, arguments: tuple[str, ...],
              environment: dict[str, str] | None) -> subprocess.CompletedProcess[bytes]:
        """Run git in the repository (a timeout or a missing program is a :class:`HistoryError`)."""
        try:
            return subprocess.run([self.git, "-C", str(self.root), *arguments], capture_output=True, check=False,
                                  timeout=_GIT_TIMEOUT, env=_git_environment(**(environment or {})))
        except (OSError, subprocess.TimeoutExpired) as error:
            raise HistoryError(f"git {_command(arguments)} could not run: {error}") from error


def _command(arguments: tuple[str, ...]) -> str:
    """The git command's name among its arguments (after any ``-c name=value``), for messages."""
    options = iter(arguments)
    for argument in options:
        if argument == "-c":
            next(options, None)
        elif not argument.startswith("-"):
            return argument
    return "command"


def default_email(name: str) -> str:
    """``name@sdgkit.invalid`` with the name reduced to letters, digits, dots, dashes and underscores."""
    local = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "editor"
    return f"{local}@{EMAIL_DOMAIN}"


def _clean_name(author: str) -> str:
    """An author name git accepts: no angle brackets, no line breaks."""
    name = " ".join(re.sub(r"[<>\x00-\x1f]", " ", author).split())
    return name or "editor"


def _clean_message(message: str) -> str:
    """The message without the control characters that separate fields of the log."""
    return _SEPARATORS.sub("", message).strip()


class FolderHistory(_Common):
    """History in ``.sdgkit/history/``: ``logs/<path>.jsonl`` (one JSON line per change) and ``blobs/``.

    Each line names the content before and after the change by SHA-256; the contents are
    stored once, compressed. Lines are only ever appended; a line cut short by a crash is
    skipped when reading.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def record(self, relative: str, before: bytes | None, after: bytes, *, author: str, message: str) -> Entry:
        """Store both contents, then append the line that refers to them."""
        clean = store.clean_relative(relative)
        before_id = None if before is None else self._store_blob(before)
        after_id = self._store_blob(after)
        entry = Entry(id=secrets.token_hex(8), path=clean, author=author, time=datetime.now(UTC),
                      message=_clean_message(message) or f"Edit {clean}")
        line = {"id": entry.id, "path": clean, "author": author, "time": entry.time.isoformat(),
                "message": entry.message, "before": before_id, "after": after_id}
        self._append(clean, json.dumps(line, ensure_ascii=False) + "\n")
        return entry

    def entries(self, relative: str, limit: int | None = None) -> list[Entry]:
        """The changes of the file, newest first."""
        found = [_entry(line) for line in reversed(list(self._lines(relative)))]
        return found if limit is None else found[:limit]

    def entry(self, relative: str, entry_id: str) -> Entry:
        """The change ``entry_id`` of the file."""
        return _entry(self._line(relative, entry_id))

    def content_at(self, entry: Entry) -> bytes | None:
        """The content after the change."""
        return self._blob(self._line(entry.path, entry.id).get("after"))

    def content_before(self, entry: Entry) -> bytes | None:
        """The content before the change (``None`` when the change created the file)."""
        return self._blob(self._line(entry.path, entry.id).get("before"))

    def _line(self, relative: str, entry_id: str) -> dict[str, str]:
        """The log line of one change; :class:`HistoryError` for an unknown or malformed id."""
        if not _FOLDER_ID.fullmatch(entry_id):
            raise HistoryError(f"not a history entry id: {entry_id!r}")
        for line in self._lines(relative):
            if line["id"] == entry_id:
                return line
        raise HistoryError(refusal("errors.not_a_change", id=entry_id, path=relative))

    def _lines(self, relative: str) -> Iterator[dict[str, str]]:
        """The log lines of a file, oldest first, skipping any that cannot be read."""
        log = self._log_path(store.clean_relative(relative))
        try:
            text = log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return
        for raw in text.splitlines():
            try:
                line = json.loads(raw)
            except json.JSONDecodeError:
                continue
            if isinstance(line, dict) and {"id", "path", "author", "time", "message", "after"} <= line.keys():
                yield line

    def _log_path(self, clean: str) -> Path:
        return self.root / store.STATE_FOLDER / "history" / "logs" / f"{clean}.jsonl"

    def _append(self, clean: str, line: str) -> None:
        """Append one line and fsync it: one ``write`` of the whole line, so lines never interleave."""
        folder = store.state_folder(self.root, "history", "logs", *clean.split("/")[:-1])
        descriptor = os.open(folder / f"{clean.split('/')[-1]}.jsonl",
                             os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            os.write(descriptor, line.encode("utf-8"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def _store_blob(self, content: bytes) -> str:
        """Store ``content`` under its version (once); the version."""
        version = store.version_of(content)
        folder = store.state_folder(self.root, "history", "blobs", version[:2])
        path = folder / version[2:]
        if not path.exists():
            store.write_atomically(path, zlib.compress(content))
        return version

    def _blob(self, version: str | None) -> bytes | None:
        """The content stored under ``version`` (``None`` stays ``None``)."""
        if version is None:
            return None
        if not re.fullmatch(r"[0-9a-f]{64}", version):
            raise HistoryError(f"damaged history: {version!r} is not a version")
        path = self.root / store.STATE_FOLDER / "history" / "blobs" / version[:2] / version[2:]
        try:
            content = zlib.decompress(path.read_bytes())
        except (OSError, zlib.error) as error:
            raise HistoryError(f"the stored content {version[:12]} cannot be read: {error}") from error
        if store.version_of(content) != version:
            raise HistoryError(f"the stored content {version[:12]} is damaged")
        return content


def _entry(line: dict[str, str]) -> Entry:
    """An entry from its log line."""
    return Entry(id=line["id"], path=line["path"], author=line["author"], time=datetime.fromisoformat(line["time"]),
                 message=line["message"])
