""""Last updated" dates from git history, as Open SDG's ``git: true`` inputs give them.

One ``git log`` over the repository gives the date of the last commit of every file
(the incumbent runs one git command per file). Without git on the machine, or
outside a git repository, there are simply no dates.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def last_commit_dates(root: Path) -> dict[str, str]:
    """``{path relative to root: "YYYY-MM-DD"}`` of each file's most recent commit."""
    git = shutil.which("git")
    if git is None:
        return {}
    top = _run([git, "-C", str(root), "rev-parse", "--show-toplevel"])
    if top is None:
        return {}
    log = _run([git, "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--relative", "--", "."])
    return _parse_log(log or "")


def _run(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _parse_log(log: str) -> dict[str, str]:
    dates: dict[str, str] = {}
    for block in log.split("\x00"):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        date, paths = lines[0], lines[1:]
        for path in paths:
            dates.setdefault(path, date)  # newest first: keep the first date seen
    return dates
