"""The write stage: the only place that writes to disk.

Files go to a temporary folder beside the output; only when every file is written is
the old output swapped for the new one (two renames), so a failed or interrupted build
leaves the previous output as it was. An output folder is only ever replaced when it is
empty, was written by sdgkit, or is an Open SDG data build; sdgkit refuses to replace the
repository, a folder containing it, or the file-system root.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: written at the top of every output so a later build knows it may replace the folder
MARKER = ".sdgkit-build"


@dataclass(slots=True)
class WriteSummary:
    files: int = 0
    bytes: int = 0


class UnsafeOutputError(Exception):
    """The output folder must not be replaced; the message says why, for the user."""


def check_output_folder(out: Path, repository: Path) -> None:
    """Raise :class:`UnsafeOutputError` when replacing ``out`` could destroy something else."""
    target, repo = out.resolve(), repository.resolve()
    if target == Path(target.anchor):
        raise UnsafeOutputError(f"{out} is the root of the file system")
    if target == repo or target in repo.parents:
        raise UnsafeOutputError(f"{out} is the repository itself or contains it")
    if target == Path.home().resolve():
        raise UnsafeOutputError(f"{out} is your home folder")
    if target.exists() and not target.is_dir():
        raise UnsafeOutputError(f"{out} is a file, not a folder")
    if target.is_dir() and not _replaceable(target):
        raise UnsafeOutputError(f"{out} already holds files that are not a data build; choose an empty or new folder")


def _replaceable(folder: Path) -> bool:
    """Empty, ours, or an Open SDG build (a language folder with ``meta/all.json``)."""
    if (folder / MARKER).exists() or not any(folder.iterdir()):
        return True
    return any((child / "meta" / "all.json").is_file() for child in folder.iterdir() if child.is_dir())


def write_tree(files: Iterable[tuple[str, bytes]], out: Path) -> WriteSummary:
    """Write every ``(relative path, content)`` into a fresh folder, then swap it in for ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    summary = WriteSummary()
    try:
        for relative, content in files:
            _write_file(staging, relative, content)
            summary.files += 1
            summary.bytes += len(content)
        (staging / MARKER).write_text("This folder was written by sdgkit build; it is replaced on every build.\n")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary


def _write_file(root: Path, relative: str, content: bytes) -> None:
    path = root / relative
    if ".." in Path(relative).parts or Path(relative).is_absolute():
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging``; the old folder is removed only after the new one is in place."""
    if not out.exists():
        os.replace(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    os.replace(out, retired)
    try:
        os.replace(staging, out)
    except BaseException:
        os.replace(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
