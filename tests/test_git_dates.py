"""'Last updated' dates come from git history when the repository is a git checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sdgkit.check import check
from sdgkit.formats.git_history import last_commit_dates

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_dates_of_last_commit_fill_the_metadata(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "meta").mkdir()
    (tmp_path / "data" / "indicator_1-1-1.csv").write_text("Year,Value\n2015,1\n")
    (tmp_path / "meta" / "1-1-1.md").write_text("---\nreporting_status: complete\n---\n")
    _git(tmp_path, "init", "-q", date="2021-01-01T12:00:00")
    _git(tmp_path, "add", ".", date="2021-01-01T12:00:00")
    _git(tmp_path, "commit", "-qm", "first", date="2021-01-01T12:00:00")
    (tmp_path / "data" / "indicator_1-1-1.csv").write_text("Year,Value\n2015,1\n2016,2\n")
    _git(tmp_path, "commit", "-qam", "more data", date="2022-03-04T12:00:00")

    dates = last_commit_dates(tmp_path)
    assert dates["data/indicator_1-1-1.csv"] == "2022-03-04"
    assert dates["meta/1-1-1.md"] == "2021-01-01"
    project = check(tmp_path).project
    assert project is not None
    metadata = project.indicators["1-1-1"].metadata
    assert metadata["national_data_updated_date"] == "2022-03-04"
    assert metadata["national_metadata_updated_date"] == "2021-01-01"


def test_no_dates_outside_a_git_repository(tmp_path: Path) -> None:
    assert last_commit_dates(tmp_path) == {}
