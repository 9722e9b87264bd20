"""Saving from the editor: conflicts refused, files replaced whole, no update lost under contention."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path

import pytest

from sdgkit.editor import store
from sdgkit.editor.history import FolderHistory, GitHistory, History, history_for

CSV = "data/indicator_1-1-1.csv"
HEADER = b"Year,Value\n2015,1\n"
PROJECT = Path(__file__).resolve().parents[1]
WORKERS = 8  # threads, and as many processes, all appending to the same file at once
ROWS = 5  # rows each worker appends, one save per row


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    (root / CSV).write_bytes(HEADER)
    return root


def git_repository(root: Path) -> None:
    """Make ``root`` a git repository with everything in it committed."""
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run(["git", "-C", str(root), *command], check=True, capture_output=True)


def temporary_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.name.endswith(store.TEMPORARY_SUFFIX)]


# --- saving --------------------------------------------------------------------------------------


def test_save_replaces_the_version_it_was_given(repo: Path) -> None:
    history = FolderHistory(repo)
    content, version = store.read(repo, CSV)
    assert content == HEADER and version == store.version_of(HEADER)
    entry = store.save(repo, CSV, HEADER + b"2016,2\n", expected_version=version, author="Ana",
                       message="2016", history=history)
    assert (repo / CSV).read_bytes() == HEADER + b"2016,2\n"
    assert (entry.author, entry.message, entry.path) == ("Ana", "2016", CSV)
    assert history.entries(CSV) == [entry]
    assert temporary_files(repo) == []


def test_a_stale_version_is_a_conflict_with_both_versions(repo: Path) -> None:
    history = FolderHistory(repo)
    _, loaded = store.read(repo, CSV)
    (repo / CSV).write_bytes(HEADER + b"2016,9\n")  # someone else, in another program
    with pytest.raises(store.Conflict) as refused:
        store.save(repo, CSV, HEADER + b"2016,2\n", expected_version=loaded, author="Ana", message="m",
                   history=history)
    conflict = refused.value
    assert conflict.current == HEADER + b"2016,9\n"
    assert conflict.current_version == store.version_of(HEADER + b"2016,9\n")
    assert conflict.proposed == HEADER + b"2016,2\n"
    assert conflict.expected_version == loaded
    assert (repo / CSV).read_bytes() == HEADER + b"2016,9\n"
    assert history.entries(CSV) == []


def test_a_new_file_must_not_exist_yet(repo: Path) -> None:
    history = FolderHistory(repo)
    entry = store.save(repo, "meta/es/1-1-1.md", b"---\ntitle: x\n---\n", expected_version=None, author="Ana",
                       message="new page", history=history)
    assert (repo / "meta/es/1-1-1.md").read_bytes() == b"---\ntitle: x\n---\n"
    assert history.content_before(entry) is None
    with pytest.raises(store.Conflict) as refused:
        store.save(repo, "meta/es/1-1-1.md", b"other", expected_version=None, author="Bo", message="m",
                   history=history)
    assert refused.value.current == b"---\ntitle: x\n---\n"


def test_a_deleted_file_is_a_conflict(repo: Path) -> None:
    _, version = store.read(repo, CSV)
    (repo / CSV).unlink()
    with pytest.raises(store.Conflict) as refused:
        store.save(repo, CSV, b"x", expected_version=version, author="Ana", message="m", history=FolderHistory(repo))
    assert refused.value.current is None and refused.value.current_version is None
    assert not (repo / CSV).exists()


def test_the_file_keeps_its_mode_and_new_files_follow_the_umask(repo: Path) -> None:
    (repo / CSV).chmod(0o640)
    _, version = store.read(repo, CSV)
    store.save(repo, CSV, b"changed\n", expected_version=version, author="Ana", message="m",
               history=FolderHistory(repo))
    assert stat.S_IMODE((repo / CSV).stat().st_mode) == 0o640
    old = os.umask(0o027)
    try:
        store.save(repo, "data/new-1.csv", b"x\n", expected_version=None, author="Ana", message="m",
                   history=FolderHistory(repo))
    finally:
        os.umask(old)
    assert stat.S_IMODE((repo / "data/new-1.csv").stat().st_mode) == 0o640


def test_saving_the_same_content_records_nothing(repo: Path) -> None:
    _, version = store.read(repo, CSV)
    with pytest.raises(store.UnchangedError):
        store.save(repo, CSV, HEADER, expected_version=version, author="Ana", message="m",
                   history=FolderHistory(repo))
    assert FolderHistory(repo).entries(CSV) == []


@pytest.mark.parametrize("path", ["../outside.csv", "/etc/passwd", "data/../../x", "data//x.csv", "./data/x.csv",
                                  ".git/config", "data/.git/hooks/pre-commit", ".sdgkit/lock", "data\\x.csv",
                                  "data/x.csv\0", "", "data/.x.csv.1234.sdgkit-tmp"])
def test_paths_outside_or_inside_private_folders_are_refused(repo: Path, path: str) -> None:
    with pytest.raises(store.UnsafePathError):
        store.save(repo, path, b"x", expected_version=None, author="Ana", message="m", history=FolderHistory(repo))
    with pytest.raises(store.UnsafePathError):
        store.read(repo, path)


def test_symbolic_links_are_never_followed(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_bytes(b"secret\n")
    (repo / "data" / "link.csv").symlink_to(outside / "secret.csv")
    (repo / "linked").symlink_to(outside, target_is_directory=True)
    for path in ("data/link.csv", "linked/secret.csv", "linked/new.csv"):
        with pytest.raises(store.UnsafePathError):
            store.read(repo, path)
        with pytest.raises(store.UnsafePathError):
            store.save(repo, path, b"overwritten\n", expected_version=None, author="Ana", message="m",
                       history=FolderHistory(repo))
    assert (outside / "secret.csv").read_bytes() == b"secret\n"
    assert sorted(path.name for path in outside.iterdir()) == ["secret.csv"]


def test_a_symbolic_link_for_the_editor_folder_is_refused(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (repo / ".sdgkit").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    _, version = store.read(repo, CSV)
    with pytest.raises(store.UnsafePathError):
        store.save(repo, CSV, b"x", expected_version=version, author="Ana", message="m", history=FolderHistory(repo))
    assert (repo / CSV).read_bytes() == HEADER


def test_the_editor_folder_is_ignored_by_git(repo: Path) -> None:
    store.state_folder(repo)
    assert (repo / ".sdgkit" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_the_lock_waits_for_another_process_then_gives_up(repo: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(repo)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(store.LockTimeoutError), store.repository_lock(repo, timeout=0.3):
            pass
        assert 0.3 <= time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
    with store.repository_lock(repo, timeout=5):  # a killed holder's lock is released by the kernel
        pass


HOLD_LOCK = """
import sys, time
from pathlib import Path
from sdgkit.editor import store
with store.repository_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_the_lock_is_reentrant_within_a_thread(repo: Path) -> None:
    with store.repository_lock(repo), store.repository_lock(repo):
        _, version = store.read(repo, CSV)
        store.save(repo, CSV, b"x\n", expected_version=version, author="Ana", message="m",
                   history=FolderHistory(repo))
    assert (repo / CSV).read_bytes() == b"x\n"


# --- a save killed halfway -----------------------------------------------------------------------

KILLED_SAVE = """
import os, sys, time
from pathlib import Path
from sdgkit.editor import store
from sdgkit.editor.history import FolderHistory

root, point, marker = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
write_all = store._write_all

def stall(*args, **kwargs):
    marker.write_text("stalled")
    time.sleep(120)

def write_half(descriptor, content):
    write_all(descriptor, content[: len(content) // 2])
    os.fsync(descriptor)
    stall()

if point == "write":
    store._write_all = write_half
else:
    os.replace = stall  # everything is written and fsynced; killed just before the rename
content, version = store.read(root, "data/indicator_1-1-1.csv")
store.save(root, "data/indicator_1-1-1.csv", b"9999,99\\n" * 1_000_000, expected_version=version,
           author="killed", message="never finished", history=FolderHistory(root))
"""


@pytest.mark.parametrize("point", ["write", "rename"])
def test_a_save_killed_halfway_leaves_the_old_file(repo: Path, tmp_path: Path, point: str) -> None:
    old = HEADER + b"".join(b"%d,%d\n" % (year, year) for year in range(100_000))  # about 1 MB
    (repo / CSV).write_bytes(old)
    marker = tmp_path / "stalled"
    child = subprocess.Popen([sys.executable, "-c", KILLED_SAVE, str(repo), point, str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None and time.monotonic() < deadline, "the save never reached the kill point"
            time.sleep(0.01)
        assert (repo / CSV).read_bytes() == old  # readers never see the new file before the rename
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert (repo / CSV).read_bytes() == old
    orphans = temporary_files(repo)
    assert len(orphans) == 1
    written = orphans[0].stat().st_size
    assert written == 8_000_000 if point == "rename" else 0 < written < 8_000_000
    name = orphans[0].name
    assert name.startswith(".") and not any(fnmatch(name, pattern) for pattern in ("*.csv", "*.md", "*.yml", "*.yaml"))
    assert FolderHistory(repo).entries(CSV) == []
    _, version = store.read(repo, CSV)
    store.save(repo, CSV, old + b"2099,1\n", expected_version=version, author="Ana", message="after the crash",
               history=FolderHistory(repo))
    assert temporary_files(repo) == []  # swept by the next save in the folder


def test_temporary_files_are_swept_across_the_repository(repo: Path) -> None:
    (repo / "meta").mkdir()
    (repo / "meta" / ".1-1-1.md.0123.sdgkit-tmp").write_bytes(b"half")
    (repo / "data" / ".indicator_1-1-1.csv.4567.sdgkit-tmp").write_bytes(b"half")
    (repo / "data" / "keep.sdgkit-tmp.csv").write_bytes(b"a real file")
    assert store.sweep_temporary_files(repo) == ["data/.indicator_1-1-1.csv.4567.sdgkit-tmp",
                                                 "meta/.1-1-1.md.0123.sdgkit-tmp"]
    assert temporary_files(repo) == []
    assert (repo / "data" / "keep.sdgkit-tmp.csv").exists()


# --- many writers at once ------------------------------------------------------------------------


def append_rows(root: Path, worker: str, rows: int, history: History, go: threading.Event | Path) -> int:
    """Read, add a row, save; again on a conflict. The number of conflicts met."""
    while not (go.is_set() if isinstance(go, threading.Event) else go.exists()):
        time.sleep(0.001)
    conflicts = 0
    for row in range(rows):
        while True:
            content, version = store.read(root, CSV)
            time.sleep(random.uniform(0, 0.003))  # noqa: S311 - the user "types": other writers get in between
            try:
                store.save(root, CSV, content + f"{worker},{row}\n".encode(), expected_version=version,
                           author=worker, message=f"{worker} row {row}", history=history)
                break
            except store.Conflict:
                conflicts += 1
    return conflicts


WRITER = """
import sys
from pathlib import Path
from sdgkit.editor.history import history_for
from tests.test_editor_store import append_rows
root = Path(sys.argv[1])
print("ready", flush=True)
print(append_rows(root, sys.argv[2], int(sys.argv[3]), history_for(root), Path(sys.argv[4])), flush=True)
"""


def run_writers(root: Path, go: Path) -> int:
    """WORKERS threads and WORKERS processes appending ROWS rows each; the number of conflicts."""
    environment = {**os.environ, "PYTHONPATH": str(PROJECT)}
    processes = [subprocess.Popen([sys.executable, "-c", WRITER, str(root), f"process-{n}", str(ROWS), str(go)],
                                  stdout=subprocess.PIPE, text=True, cwd=PROJECT, env=environment)
                 for n in range(WORKERS)]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    event = threading.Event()
    conflicts: list[int] = []
    threads = [threading.Thread(target=lambda n=n: conflicts.append(
        append_rows(root, f"thread-{n}", ROWS, history_for(root), event))) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    go.touch()
    event.set()
    for thread in threads:
        thread.join(timeout=300)
    for process in processes:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0
        conflicts.append(int(output.strip()))
    assert len(conflicts) == 2 * WORKERS
    return sum(conflicts)


def check_no_update_lost(root: Path, history: History) -> None:
    rows = (root / CSV).read_bytes().removeprefix(HEADER).decode().splitlines()
    expected = [f"{kind}-{n},{row}" for kind in ("thread", "process") for n in range(WORKERS) for row in range(ROWS)]
    assert sorted(rows) == sorted(expected)  # every accepted save is there, once
    entries = [entry for entry in history.entries(CSV) if entry.message != "start"]  # git: the first commit
    assert len(entries) == 2 * WORKERS * ROWS  # one entry per accepted save
    assert Counter(entry.author for entry in entries) == {f"{kind}-{n}": ROWS for kind in ("thread", "process")
                                                          for n in range(WORKERS)}
    assert temporary_files(root) == []


def test_concurrent_writers_lose_no_update_in_folder_history(repo: Path, tmp_path: Path) -> None:
    conflicts = run_writers(repo, tmp_path / "go")
    history = history_for(repo)
    assert isinstance(history, FolderHistory)
    check_no_update_lost(repo, history)
    assert conflicts > 0  # the writers did race: the test exercised the refusal


@pytest.mark.usefixtures("git_env")
def test_concurrent_writers_lose_no_update_in_git_history(repo: Path, tmp_path: Path) -> None:
    git_repository(repo)
    run_writers(repo, tmp_path / "go")
    history = history_for(repo)
    assert isinstance(history, GitHistory)
    check_no_update_lost(repo, history)
    status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True,
                            check=True)
    assert status.stdout == ""  # every save committed, nothing left staged or untracked
