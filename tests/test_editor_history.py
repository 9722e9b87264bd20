"""The history of saves, in git or in .sdgkit/history: entries, diffs, reverts, and what git is left with."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sdgkit.editor import store
from sdgkit.editor.history import (
    LATEST,
    Entry,
    FolderHistory,
    GitHistory,
    History,
    HistoryError,
    RevertError,
    history_for,
    unified_diff,
)

META = "meta/1-1-1.md"
V1 = b"---\nreporting_status: notstarted\ngraph_type: line\n---\nBody\n"
V2 = b"---\nreporting_status: complete\ngraph_type: line\n---\nBody\n"
V3 = b"---\nreporting_status: complete\ngraph_type: bar\n---\nBody\n"


def git(root: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(root), *arguments], check=True, capture_output=True, text=True).stdout


def make_repository(root: Path, kind: str) -> History:
    """A repository holding V1 of the metadata file, with a history of ``kind``."""
    (root / "meta").mkdir(parents=True)
    (root / META).write_bytes(V1)
    if kind == "git":
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "start")
    history = history_for(root)
    assert isinstance(history, GitHistory if kind == "git" else FolderHistory)
    return history


@pytest.fixture(params=["folder", "git"])
def kind(request: pytest.FixtureRequest) -> str:
    if request.param == "git":
        request.getfixturevalue("git_env")  # skips without git
    return str(request.param)


def save(root: Path, content: bytes, author: str, message: str, history: History, path: str = META) -> Entry:
    try:
        _, version = store.read(root, path)
    except FileNotFoundError:
        version = None
    return store.save(root, path, content, expected_version=version, author=author, message=message,
                      history=history)


def editor_entries(history: History, path: str = META) -> list[Entry]:
    """The entries made through the editor (git has the repository's first commit too)."""
    return [entry for entry in history.entries(path) if entry.message != "start"]


# --- both kinds ----------------------------------------------------------------------------------


def test_entries_name_author_message_and_time_newest_first(tmp_path: Path, kind: str) -> None:
    history = make_repository(tmp_path, kind)
    before = datetime.now(UTC) - timedelta(seconds=2)
    first = save(tmp_path, V2, "Ana Pérez", "Status: complete", history)
    second = save(tmp_path, V3, "Bo", "Chart as bars\n\nAsked by the ministry.", history)
    entries = editor_entries(history)
    assert [entry.id for entry in entries] == [second.id, first.id]
    assert [(entry.author, entry.path) for entry in entries] == [("Bo", META), ("Ana Pérez", META)]
    assert entries[0].message == "Chart as bars\n\nAsked by the ministry."
    assert all(before <= entry.time <= datetime.now(UTC) + timedelta(seconds=2) for entry in entries)
    assert history.entries(META, limit=1) == [second]
    assert history.entry(META, first.id) == first


def test_contents_and_diff_of_an_entry(tmp_path: Path, kind: str) -> None:
    history = make_repository(tmp_path, kind)
    entry = save(tmp_path, V2, "Ana", "complete", history)
    assert history.content_before(entry) == V1
    assert history.content_at(entry) == V2
    assert history.diff(entry) == (
        f"--- a/{META}\n+++ b/{META}\n@@ -1,5 +1,5 @@\n ---\n-reporting_status: notstarted\n"
        "+reporting_status: complete\n graph_type: line\n ---\n Body\n")


def test_revert_and_revert_of_the_revert(tmp_path: Path, kind: str) -> None:
    history = make_repository(tmp_path, kind)
    change = save(tmp_path, V2, "Ana", "complete", history)
    revert = history.revert(change, "Bo")
    assert (tmp_path / META).read_bytes() == V1
    assert revert.author == "Bo" and revert.message.startswith('Revert "complete"')
    again = history.revert(revert, "Ana")
    assert (tmp_path / META).read_bytes() == V2
    assert [entry.id for entry in editor_entries(history)] == [again.id, revert.id, change.id]
    assert history.diff(again) == history.diff(change)


def test_a_revert_from_a_stale_page_is_a_conflict(tmp_path: Path, kind: str) -> None:
    history = make_repository(tmp_path, kind)
    change = save(tmp_path, V2, "Ana", "complete", history)
    seen = store.version_of(V2)
    save(tmp_path, V3, "Bo", "bars", history)  # while Ana looked at the history page
    with pytest.raises(store.Conflict) as refused:
        history.revert(change, "Ana", expected_version=seen)
    assert refused.value.current == V3 and refused.value.proposed == V1
    assert (tmp_path / META).read_bytes() == V3
    history.revert(change, "Ana", expected_version=LATEST)  # the whole file back to before the change
    assert (tmp_path / META).read_bytes() == V1


def test_a_creation_cannot_be_reverted(tmp_path: Path, kind: str) -> None:
    history = make_repository(tmp_path, kind)
    created = save(tmp_path, b"Year,Value\n", "Ana", "new data", history, path="data/indicator_1-1-1.csv")
    assert history.content_before(created) is None
    assert history.diff(created).startswith("--- /dev/null\n+++ b/data/indicator_1-1-1.csv\n")
    with pytest.raises(RevertError):
        history.revert(created, "Bo")


def test_unknown_or_malformed_entry_ids_are_refused(tmp_path: Path, kind: str) -> None:
    history = make_repository(tmp_path, kind)
    save(tmp_path, V2, "Ana", "complete", history)
    for bad in ("../../etc/passwd", "HEAD", "--output=x", "0" * 16, "0" * 40, "",
                f"{'0' * 16}\n", f"{'0' * 40}\n"):
        with pytest.raises(HistoryError):
            history.entry(META, bad)


def test_a_file_without_changes_has_no_entries(tmp_path: Path, kind: str) -> None:
    history = make_repository(tmp_path, kind)
    assert editor_entries(history, "meta/2-1-1.md") == []


def test_unified_diff_marks_a_missing_final_newline() -> None:
    assert unified_diff(b"a\nb", b"a\nc", "x.csv") == (
        "--- a/x.csv\n+++ b/x.csv\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n"
        "+c\n\\ No newline at end of file\n")


# --- git -----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("git_env")
def test_a_save_is_a_commit_of_that_file_only(tmp_path: Path) -> None:
    history = make_repository(tmp_path, "git")
    (tmp_path / "README.md").write_text("staged by someone\n")
    git(tmp_path, "add", "README.md")
    (tmp_path / "notes.txt").write_text("not tracked\n")
    entry = save(tmp_path, V2, "Ana Pérez <evil>\nX", "Status\n\ncomplete", history)
    assert git(tmp_path, "rev-parse", "HEAD").strip() == entry.id
    shown = git(tmp_path, "show", "-s", "--format=%an|%ae|%cn|%ce|%B", "HEAD")
    assert shown.strip() == "Ana Pérez evil X|Ana-P-rez-evil-X@sdgkit.invalid|Ana Pérez evil X|" \
                            "Ana-P-rez-evil-X@sdgkit.invalid|Status\n\ncomplete"
    assert git(tmp_path, "show", "--name-only", "--format=", "HEAD").split() == [META]
    assert git(tmp_path, "status", "--porcelain").splitlines() == ["A  README.md", "?? notes.txt"]
    assert git(tmp_path, "branch", "-r") == ""  # nothing pushed anywhere, no remote involved


@pytest.mark.usefixtures("git_env")
def test_configured_e_mail_addresses(tmp_path: Path) -> None:
    make_repository(tmp_path, "git")
    history = history_for(tmp_path, email_for=lambda name: "ana@stats.example" if name == "Ana" else "x@y.z")
    save(tmp_path, V2, "Ana", "complete", history)
    assert git(tmp_path, "show", "-s", "--format=%an <%ae>", "HEAD").strip() == "Ana <ana@stats.example>"


@pytest.mark.usefixtures("git_env")
def test_new_files_and_a_repository_without_commits(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    history = history_for(tmp_path)
    assert isinstance(history, GitHistory)
    assert history.entries(META) == []
    entry = save(tmp_path, V1, "Ana", "first page", history)
    assert history.content_before(entry) is None and history.content_at(entry) == V1
    assert git(tmp_path, "ls-files").split() == [META]


@pytest.mark.usefixtures("git_env")
def test_history_follows_a_rename(tmp_path: Path) -> None:
    history = make_repository(tmp_path, "git")
    change = save(tmp_path, V2, "Ana", "complete", history)
    git(tmp_path, "mv", META, "meta/1-1-2.md")
    git(tmp_path, "commit", "-qm", "rename")
    entries = history.entries("meta/1-1-2.md")
    assert [entry.message for entry in entries] == ["rename", "complete", "start"]
    old = history.entry("meta/1-1-2.md", change.id)
    assert old.path == META and history.content_at(old) == V2
    assert history.content_before(entries[0]) == V2  # across the rename
    history.revert(old, "Bo", path="meta/1-1-2.md")
    assert (tmp_path / "meta/1-1-2.md").read_bytes() == V1 and not (tmp_path / META).exists()


@pytest.mark.usefixtures("git_env")
def test_a_repository_in_a_subfolder_of_a_git_work_tree(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "meta").mkdir()
    (tmp_path / "site" / META).write_bytes(V1)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "start")
    root = tmp_path / "site"
    history = history_for(root)
    entry = save(root, V2, "Ana", "complete", history)
    assert entry.path == META
    assert history.content_before(entry) == V1 and history.content_at(entry) == V2
    assert git(tmp_path, "show", "--name-only", "--format=", "HEAD").split() == [f"site/{META}"]


@pytest.mark.usefixtures("git_env")
def test_a_data_folder_below_an_unrelated_repository_keeps_its_own_history(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")  # say, a home folder kept in git
    (tmp_path / ".gitignore").write_text("*\n")
    root = tmp_path / "work" / "sdg-data"
    (root / "meta").mkdir(parents=True)
    (root / META).write_bytes(V1)
    history = history_for(root)
    assert isinstance(history, FolderHistory)
    save(root, V2, "Ana", "complete", history)
    assert git(tmp_path, "log", "--all", "--oneline") == ""


@pytest.mark.usefixtures("git_env")
def test_folder_history_without_git_on_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_repository(tmp_path, "git")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    assert isinstance(history_for(tmp_path), FolderHistory)


@pytest.mark.usefixtures("git_env")
def test_a_failing_commit_is_a_history_error(tmp_path: Path) -> None:
    history = make_repository(tmp_path, "git")
    (tmp_path / ".git" / "index.lock").write_text("")  # another git command is running
    with pytest.raises(HistoryError, match="git add failed"):
        save(tmp_path, V2, "Ana", "complete", history)


# --- folder --------------------------------------------------------------------------------------


def test_folder_history_layout_and_a_torn_last_line(tmp_path: Path) -> None:
    history = make_repository(tmp_path, "folder")
    first = save(tmp_path, V2, "Ana", "complete", history)
    save(tmp_path, V1, "Bo", "back", history)  # V1 and V2 are each stored once
    log = tmp_path / ".sdgkit" / "history" / "logs" / f"{META}.jsonl"
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(line["before"], line["after"]) for line in lines] == [
        (store.version_of(V1), store.version_of(V2)), (store.version_of(V2), store.version_of(V1))]
    blobs = [path for path in (tmp_path / ".sdgkit" / "history" / "blobs").rglob("*") if path.is_file()]
    assert len(blobs) == 2
    with log.open("a") as handle:
        handle.write('{"id": "0123456789abcdef", "path": "meta/1-1-1')  # a crash in the middle of a line
    assert [entry.author for entry in history.entries(META)] == ["Bo", "Ana"]
    assert history.content_at(first) == V2


def test_a_damaged_blob_is_reported(tmp_path: Path) -> None:
    history = make_repository(tmp_path, "folder")
    entry = save(tmp_path, V2, "Ana", "complete", history)
    version = store.version_of(V2)
    blob = tmp_path / ".sdgkit" / "history" / "blobs" / version[:2] / version[2:]
    blob.write_bytes(b"not zlib")
    with pytest.raises(HistoryError, match="cannot be read"):
        history.content_at(entry)
