"""The full-text search index: Pagefind, run over the rendered pages.

Pagefind (the ``pagefind[bin]`` wheel ships its binary; nothing is downloaded) detects each
page's language from ``<html lang>`` and writes one index per language under ``pagefind/``;
only ``<main>`` is indexed so menus do not match every query. The pages are handed to it in
a private temporary folder (its in-memory Python API exchanges one message per page and was
60 times slower), and the index comes back as bytes like every other file of the site.
When the binary cannot run, the site is still complete: the search page falls back to the
indicator finder, and the build reports ``site-search-failed``.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

FOLDER = "pagefind"
PROGRAM_VARIABLE = "SDGKIT_PAGEFIND"
TIMEOUT_SECONDS = 300


class SearchIndexError(Exception):
    """The search index could not be made."""


def search_files(pages: Sequence[tuple[str, bytes]], base: str = "/") -> dict[str, bytes]:
    """``{path: bytes}`` of the Pagefind bundle for ``(file path, html)`` pages served under ``base``."""
    executable = _executable()
    with tempfile.TemporaryDirectory(prefix="sdgkit-search-") as folder:
        root = Path(folder) / "site"
        served = root / base.strip("/") if base.strip("/") else root
        for path, html in pages:
            target = served / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html)
        output = Path(folder) / FOLDER
        _run([executable, "--site", str(root), "--output-path", str(output), "--root-selector", "main", "--silent"])
        return {f"{FOLDER}/{file.relative_to(output).as_posix()}": _stable(file)
                for file in sorted(output.rglob("*")) if file.is_file() and _wanted(file.name)}


def _executable() -> str:
    """The Pagefind binary: ``SDGKIT_PAGEFIND`` when set (a system copy), else the one the wheel ships."""
    chosen = os.environ.get(PROGRAM_VARIABLE)
    if chosen:
        return chosen
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]  # only site builds need it

        return str(get_executable())
    except (ImportError, FileNotFoundError) as missing:
        raise SearchIndexError(f"the Pagefind program is not installed ({missing})") from missing


def _run(command: list[str]) -> None:
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as failure:
        raise SearchIndexError(str(failure)) from failure
    if finished.returncode != 0:
        message = (finished.stderr or finished.stdout).strip().splitlines()
        raise SearchIndexError(message[-1] if message else f"exit code {finished.returncode}")


def _stable(file: Path) -> bytes:
    """Pagefind lists languages in its entry file in no fixed order; sorted, equal sites give equal bytes."""
    content = file.read_bytes()
    if file.name != "pagefind-entry.json":
        return content
    return json.dumps(json.loads(content), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _wanted(name: str) -> bool:
    """The ready-made UIs are left out: the theme has its own accessible, translated search page."""
    return "-ui." not in name
