"""``sdgkit users``: managing the editor's accounts from the command line."""

from __future__ import annotations

import getpass
import io
import json
import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from sdgkit.cli import main
from sdgkit.editor import accounts as accounts_module
from sdgkit.editor.accounts import Accounts, Role

PASSWORD = "correct horse battery"  # noqa: S105  # a test password


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's hashes at test cost; the real cost is argon2-cffi's default."""
    monkeypatch.setattr(accounts_module, "PasswordHasher",
                        lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


class Prompts:
    """The hidden prompts: ``answers`` is what the user types, in order; ``asked`` the prompts shown."""

    def __init__(self) -> None:
        self.answers: list[str] = []
        self.asked: list[str] = []

    def __call__(self, text: str) -> str:
        self.asked.append(text)
        if not self.answers:
            raise EOFError  # what getpass does when nobody can type
        return self.answers.pop(0)


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Prompts:
    prompts = Prompts()
    monkeypatch.setattr(getpass, "getpass", prompts)
    return prompts


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def _users(repo: Path) -> list[tuple[str, Role]]:
    return [(u.name, u.role) for u in Accounts(repo / ".sdgkit" / "users.json").list_users()]


def test_add_with_a_prompt(tmp_path: Path, typed: Prompts, capsys: pytest.CaptureFixture[str]) -> None:
    typed.answers += [PASSWORD, PASSWORD]
    assert main(["users", "add", "ana", "--role", "publisher", "--repo", str(tmp_path)]) == 0
    assert _users(tmp_path) == [("ana", Role.PUBLISHER)]
    out, err = capsys.readouterr()
    assert out.startswith("Added ana (publisher) to ") and err == ""
    assert PASSWORD not in out
    path = tmp_path / ".sdgkit" / "users.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert PASSWORD not in path.read_text()
    assert Accounts(path).verify("ana", PASSWORD) is not None


def test_add_from_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, PASSWORD + "\r\nignored\n")
    monkeypatch.chdir(tmp_path)
    assert main(["users", "add", "bot", "--role", "editor", "--password-stdin"]) == 0
    assert Accounts(tmp_path / ".sdgkit" / "users.json").verify("bot", PASSWORD) is not None


def test_mismatched_passwords(tmp_path: Path, typed: Prompts, capsys: pytest.CaptureFixture[str]) -> None:
    typed.answers += [PASSWORD, PASSWORD + "!"]
    assert main(["users", "add", "ana", "--role", "editor", "--repo", str(tmp_path)]) == 2
    assert "the two passwords differ" in capsys.readouterr().err
    assert not (tmp_path / ".sdgkit" / "users.json").exists()


def test_a_short_password_is_refused_before_the_second_prompt(tmp_path: Path, typed: Prompts,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    typed.answers += ["short"]
    assert main(["users", "add", "ana", "--role", "editor", "--repo", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "sdgkit users: the password is too short: use at least 10 characters\n"
    assert typed.asked == ["New password for ana: "]


def test_no_terminal_and_no_stdin_flag(tmp_path: Path, typed: Prompts, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "add", "ana", "--role", "editor", "--repo", str(tmp_path)]) == 2
    assert "--password-stdin" in capsys.readouterr().err


def test_ctrl_c_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    def interrupt(_: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(getpass, "getpass", interrupt)
    assert main(["users", "add", "ana", "--role", "editor", "--repo", str(tmp_path)]) == 130
    assert "nothing was changed" in capsys.readouterr().err
    assert not (tmp_path / ".sdgkit").exists()


@pytest.mark.parametrize("name", ["ana maria", "x" * 65, "<b>"])
def test_bad_names(tmp_path: Path, typed: Prompts, capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert main(["users", "add", name, "--role", "editor", "--repo", str(tmp_path)]) == 2
    assert "not a valid user name" in capsys.readouterr().err
    assert typed.asked == []  # refused before asking for a password


def test_duplicate_is_refused_before_the_prompt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: Prompts,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _stdin(monkeypatch, PASSWORD + "\n")
    main(["users", "add", "ana", "--role", "editor", "--repo", str(tmp_path), "--password-stdin"])
    assert main(["users", "add", "ANA", "--role", "viewer", "--repo", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert typed.asked == []


def _add(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, role: str) -> None:
    _stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "add", name, "--role", role, "--repo", str(tmp_path), "--password-stdin"]) == 0


def test_role_remove_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _add(tmp_path, monkeypatch, "ana", "editor")
    _add(tmp_path, monkeypatch, "bo", "viewer")
    capsys.readouterr()
    assert main(["users", "role", "ana", "publisher", "--repo", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "ana is now a publisher.\n"
    assert main(["users", "role", "bo", "editor", "--repo", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "bo is now an editor.\n"
    assert main(["users", "list", "--repo", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["NAME", "ROLE", "CHANGED"]
    assert [line.split()[:2] for line in lines[1:]] == [["ana", "publisher"], ["bo", "editor"]]
    assert main(["users", "remove", "bo", "--repo", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("Removed bo (editor)")
    assert _users(tmp_path) == [("ana", Role.PUBLISHER)]


def test_passwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: Prompts,
                capsys: pytest.CaptureFixture[str]) -> None:
    _add(tmp_path, monkeypatch, "ana", "editor")
    typed.answers += ["another long password"] * 2
    assert main(["users", "passwd", "Ana", "--repo", str(tmp_path)]) == 0
    assert "Changed the password of ana" in capsys.readouterr().out
    accounts = Accounts(tmp_path / ".sdgkit" / "users.json")
    assert accounts.verify("ana", "another long password") is not None
    assert accounts.verify("ana", PASSWORD) is None


def test_unknown_users(tmp_path: Path, typed: Prompts, capsys: pytest.CaptureFixture[str]) -> None:
    for action in (["passwd", "bo"], ["remove", "bo"], ["role", "bo", "viewer"]):
        assert main(["users", *action, "--repo", str(tmp_path)]) == 2
        assert capsys.readouterr().err == "sdgkit users: there is no user named 'bo'\n"
    assert typed.asked == []  # passwd asks for nothing when there is nobody to change


def test_empty_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "list", "--repo", str(tmp_path)]) == 0
    assert "No users in" in capsys.readouterr().out
    assert not (tmp_path / ".sdgkit").exists()  # listing creates nothing


def test_file_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "elsewhere.json"
    _stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "add", "ana", "--role", "viewer", "--file", str(path), "--password-stdin"]) == 0
    assert json.loads(path.read_text())["users"][0]["name"] == "ana"
    assert not (tmp_path / ".sdgkit").exists() and not (tmp_path / ".gitignore").exists()
    assert main(["users", "list", "--file", str(path)]) == 0
    assert "ana" in capsys.readouterr().out


@pytest.mark.parametrize("arguments", [
    ["users"],
    ["users", "add", "ana"],  # --role is required
    ["users", "add", "ana", "--role", "admin"],
    ["users", "role", "ana", "root"],
    ["users", "promote", "ana"],
    ["users", "add", "ana", "--role", "editor", "--password", "x"],  # never on the command line
])
def test_usage_errors(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(arguments) == 2
    assert "usage:" in capsys.readouterr().err


def test_configuration_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "list", "--repo", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    damaged = tmp_path / "users.json"
    damaged.write_text("{")
    assert main(["users", "list", "--file", str(damaged)]) == 2
    err = capsys.readouterr().err
    assert "is not valid JSON" in err and "Traceback" not in err
