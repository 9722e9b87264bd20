"""Reading the user's files safely: inside the repository, bounded in size, decoded.

This is the only place that opens repository files for reading, so every reader
gets the same guarantees: a link that escapes the repository, a file too large,
an unreadable file or a binary file becomes an :class:`~sdgkit.validate.issues.Issue`
instead of an exception.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from sdgkit.validate.catalog import make_issue
from sdgkit.validate.issues import Issue

#: Bytes inspected to decide whether a file is text: enough for any header row.
_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class TextFile:
    """A decoded file; ``path`` is relative to the repository root, POSIX style."""

    path: str
    text: str
    encoding: str


@dataclass(slots=True)
class RepoFiles:
    """Access to the files of one repository folder."""

    root: Path
    max_bytes: int = 200 * 1024 * 1024

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def glob(self, pattern: str, base: str = "") -> list[str]:
        """Files matching a glob pattern under ``base``, sorted, relative to the root.

        Patterns come from the configuration and follow Python's ``glob`` (``**``
        allowed), like the incumbent's ``path_pattern``.
        """
        folder = self.root / base
        matches = glob.glob(pattern, root_dir=folder, recursive=True)
        found = [self.relative(folder / match) for match in matches]
        return sorted(path for path in found if not (self.root / path).is_dir())

    def exists(self, relative: str) -> bool:
        return (self.root / relative).exists()

    def read_bytes(self, relative: str) -> bytes | Issue:
        """The file's bytes, or the issue that explains why it cannot be read."""
        path = self.root / relative
        escape = self._escape_target(path)
        if escape is not None:
            return make_issue("file-outside-repository", file=relative, target=escape)
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                return make_issue("file-too-large", file=relative, size=f"{size / 2**20:.3g}",
                                  limit=f"{self.max_bytes / 2**20:.3g}")
            return path.read_bytes()
        except OSError as error:
            return make_issue("file-unreadable", file=relative, reason=error.strerror or str(error))

    def read_text(self, relative: str) -> tuple[TextFile | None, list[Issue]]:
        """Decoded text (UTF-8, BOM accepted; Windows-1252 reported) or issues."""
        raw = self.read_bytes(relative)
        if isinstance(raw, Issue):
            return None, [raw]
        return decode_text(relative, raw)

    def _escape_target(self, path: Path) -> str | None:
        """Where a link leads when it leaves the repository, else ``None``."""
        resolved = Path(os.path.realpath(path))
        if resolved.is_relative_to(self._real_root()):
            return None
        return str(resolved)

    def _real_root(self) -> Path:
        return Path(os.path.realpath(self.root))


def decode_text(relative: str, raw: bytes) -> tuple[TextFile | None, list[Issue]]:
    """Decode bytes the way a statistician's tools write them.

    UTF-8 with or without BOM is normal. Excel's legacy "CSV" is Windows-1252: it is
    decoded, and reported so the user can re-save it. A NUL byte means binary data.
    """
    if b"\x00" in raw[:_SNIFF_BYTES]:
        return None, [make_issue("file-not-text", file=relative)]
    try:
        return TextFile(relative, raw.decode("utf-8-sig"), "utf-8"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        text = raw.decode("cp1252", errors="replace")
        issue = make_issue("file-encoding", file=relative, line=line, encoding="Windows-1252")
        return TextFile(relative, text, "cp1252"), [issue]
