"""The editor's accounts file: rules, hashes, atomic private writes, roles."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import pytest
from argon2 import PasswordHasher

from sdgkit.editor import accounts as accounts_module
from sdgkit.editor.accounts import (
    ACTIONS,
    AccountError,
    Accounts,
    Role,
    can,
    check_name,
    check_password,
    default_accounts_path,
)

PASSWORD = "correct horse battery"  # noqa: S105  # a test password
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # tests need no real cost


class Clock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.now = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class CountingHasher(PasswordHasher):
    """Counts verifications, to see that an unknown name still costs one."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verifications = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:  # argon2's parameter names
        self.verifications += 1
        return super().verify(hash, password)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(tmp_path: Path, clock: Clock) -> Accounts:
    return Accounts(default_accounts_path(tmp_path), hasher=FAST, clock=clock)


def _document(accounts: Accounts) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(accounts.path.read_text(encoding="utf-8"))
    return data


def test_default_path_is_inside_the_repository(tmp_path: Path) -> None:
    assert default_accounts_path(tmp_path) == tmp_path / ".sdgkit" / "users.json"


def test_add_list_get(accounts: Accounts, clock: Clock) -> None:
    assert accounts.list_users() == []  # no file yet: no users
    user = accounts.add_user("ana", "publisher", PASSWORD)
    accounts.add_user("Bo", Role.EDITOR, PASSWORD)
    assert (user.name, user.role, user.created, user.changed) == ("ana", Role.PUBLISHER, clock.now, clock.now)
    assert [(u.name, u.role) for u in accounts.list_users()] == [("ana", Role.PUBLISHER), ("Bo", Role.EDITOR)]
    assert accounts.get_user("ANA") == user  # names are compared without regard to case
    assert accounts.get_user("nobody") is None


def test_file_is_private_and_holds_only_argon2id_hashes(accounts: Accounts) -> None:
    accounts.add_user("ana", "editor", PASSWORD)
    raw = accounts.path.read_text(encoding="utf-8")
    entry = _document(accounts)["users"][0]
    assert entry["hash"] != PASSWORD and entry["hash"].startswith("$argon2id$")
    assert PASSWORD not in raw
    assert set(entry) == {"name", "role", "hash", "created", "changed"}
    assert stat.S_IMODE(accounts.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(accounts.path.parent.stat().st_mode) & 0o077 == 0
    assert "users.json" in (accounts.path.parent / ".gitignore").read_text().splitlines()


def test_file_stays_private_after_every_change(accounts: Accounts) -> None:
    accounts.add_user("ana", "editor", PASSWORD)
    os.chmod(accounts.path, 0o644)
    accounts.set_role("ana", "viewer")
    assert stat.S_IMODE(accounts.path.stat().st_mode) == 0o600


def test_two_users_with_the_same_password_get_different_hashes(accounts: Accounts) -> None:
    accounts.add_user("ana", "editor", PASSWORD)
    accounts.add_user("bo", "editor", PASSWORD)
    first, second = (entry["hash"] for entry in _document(accounts)["users"])
    assert first != second


@pytest.mark.parametrize("name", ["a", "a" * 64, "ana.maria_o-k@ons.gov.uk", "X9"])
def test_valid_names(name: str) -> None:
    assert check_name(name) == name


@pytest.mark.parametrize("name", ["", "a" * 65, "ana maria", "añа", "a/b", "ana\n", "<b>", "a:b", "../x"])
def test_invalid_names(accounts: Accounts, name: str) -> None:
    with pytest.raises(AccountError, match="not a valid user name"):
        accounts.add_user(name, "editor", PASSWORD)
    assert not accounts.path.exists()


@pytest.mark.parametrize(("password", "message"), [
    ("123456789", "too short"),
    ("", "too short"),
    ("x" * 1025, "too long"),
    ("ana.maria1", "must not be the user name"),
    ("ANA.MARIA1", "must not be the user name"),
])
def test_password_rules(accounts: Accounts, password: str, message: str) -> None:
    with pytest.raises(AccountError, match=message):
        accounts.add_user("ana.maria1", "editor", password)


def test_ten_characters_are_enough() -> None:
    assert check_password("ana", "0123456789") == "0123456789"


def test_duplicate_names_are_refused_in_any_case(accounts: Accounts) -> None:
    accounts.add_user("ana", "editor", PASSWORD)
    with pytest.raises(AccountError, match="already exists"):
        accounts.add_user("Ana", "viewer", PASSWORD)


def test_unknown_role(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match="unknown role 'admin': choose viewer, editor, publisher"):
        accounts.add_user("ana", "admin", PASSWORD)


def test_remove(accounts: Accounts) -> None:
    accounts.add_user("ana", "editor", PASSWORD)
    accounts.add_user("bo", "viewer", PASSWORD)
    assert accounts.remove_user("ANA").name == "ana"
    assert [u.name for u in accounts.list_users()] == ["bo"]
    assert accounts.verify("ana", PASSWORD) is None
    with pytest.raises(AccountError, match="there is no user named 'ana'"):
        accounts.remove_user("ana")


def test_set_password(accounts: Accounts, clock: Clock) -> None:
    accounts.add_user("ana", "editor", PASSWORD)
    clock.now += timedelta(hours=1)
    user = accounts.set_password("ana", "a new long password")
    assert user.changed == clock.now and user.created == clock.now - timedelta(hours=1)
    assert accounts.verify("ana", PASSWORD) is None
    assert accounts.verify("ana", "a new long password") == user
    with pytest.raises(AccountError, match="no user named"):
        accounts.set_password("bo", "a new long password")
    with pytest.raises(AccountError, match="too short"):
        accounts.set_password("ana", "short")


def test_set_role(accounts: Accounts, clock: Clock) -> None:
    accounts.add_user("ana", "editor", PASSWORD)
    clock.now += timedelta(minutes=5)
    user = accounts.set_role("ana", "publisher")
    assert (user.role, user.changed) == (Role.PUBLISHER, clock.now)
    assert accounts.get_user("ana") == user
    with pytest.raises(AccountError, match="unknown role"):
        accounts.set_role("ana", "root")
    with pytest.raises(AccountError, match="no user named"):
        accounts.set_role("bo", "viewer")


def test_verify(accounts: Accounts) -> None:
    added = accounts.add_user("ana", "editor", PASSWORD)
    assert accounts.verify("ana", PASSWORD) == added
    assert accounts.verify("Ana", PASSWORD) == added
    assert accounts.verify("ana", PASSWORD + "x") is None
    assert accounts.verify("ana", "") is None
    assert accounts.verify("ana", PASSWORD.upper()) is None


def test_unknown_names_still_cost_one_hash_check(tmp_path: Path) -> None:
    hasher = CountingHasher()
    accounts = Accounts(tmp_path / "users.json", hasher=hasher)
    accounts.add_user("ana", "editor", PASSWORD)
    for name in ("bo", "not a valid name", ""):
        before = hasher.verifications
        assert accounts.verify(name, PASSWORD) is None
        assert hasher.verifications == before + 1


def test_weak_hashes_are_replaced_at_sign_in(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    Accounts(path, hasher=FAST).add_user("ana", "editor", PASSWORD)
    old = json.loads(path.read_text())["users"][0]["hash"]
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    user = Accounts(path, hasher=stronger).verify("ana", PASSWORD)
    entry = json.loads(path.read_text())["users"][0]
    assert user is not None and entry["hash"] != old and "m=16,t=2,p=1" in entry["hash"]
    assert entry["changed"] == user.changed.isoformat()  # a rehash is not a change of password
    assert Accounts(path, hasher=stronger).verify("ana", PASSWORD) == user


def test_rehash_on_a_read_only_file_still_signs_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "users.json"
    Accounts(path, hasher=FAST).add_user("ana", "editor", PASSWORD)

    def refuse(*_: Any) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(accounts_module, "write_private_file", refuse)
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    assert Accounts(path, hasher=stronger).verify("ana", PASSWORD) is not None


def test_a_failed_write_leaves_the_old_file_and_no_temporary(accounts: Accounts,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    accounts.add_user("ana", "editor", PASSWORD)
    before = accounts.path.read_bytes()

    def crash(*_: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(AccountError, match=r"cannot write the accounts file .*disk full"):
        accounts.add_user("bo", "editor", PASSWORD)
    assert accounts.path.read_bytes() == before
    assert sorted(p.name for p in accounts.path.parent.iterdir()) == [".gitignore", "users.json"]


def test_missing_folder_is_a_plain_error(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "no" / "such" / "users.json", hasher=FAST)
    with pytest.raises(AccountError, match="cannot write the accounts file"):
        accounts.add_user("ana", "editor", PASSWORD)


@pytest.mark.parametrize(("text", "message"), [
    ("{", "not valid JSON"),
    ("[]", "no list of users"),
    ('{"version": 2, "users": []}', "has version 2"),
    ('{"version": 1, "users": [{"name": "ana"}]}', "needs name, role, hash"),
    ('{"version": 1, "users": [{"name": "a b", "role": "editor", "hash": "$argon2id$x", '
     '"created": "2025-01-01T00:00:00", "changed": "2025-01-01T00:00:00"}]}', "not a valid user name"),
    ('{"version": 1, "users": [{"name": "ana", "role": "root", "hash": "$argon2id$x", '
     '"created": "2025-01-01T00:00:00", "changed": "2025-01-01T00:00:00"}]}', "unknown role"),
    ('{"version": 1, "users": [{"name": "ana", "role": "editor", "hash": "secret", '
     '"created": "2025-01-01T00:00:00", "changed": "2025-01-01T00:00:00"}]}', "not an argon2 hash"),
    ('{"version": 1, "users": [{"name": "ana", "role": "editor", "hash": "$argon2id$x", '
     '"created": "yesterday", "changed": "2025-01-01T00:00:00"}]}', "user 1"),
])
def test_a_damaged_file_is_reported_plainly(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "users.json"
    path.write_text(text)
    accounts = Accounts(path, hasher=FAST)
    with pytest.raises(AccountError, match=message):
        accounts.list_users()
    with pytest.raises(AccountError):
        accounts.verify("ana", PASSWORD)


def test_a_user_listed_twice_is_reported(accounts: Accounts) -> None:
    accounts.add_user("ana", "editor", PASSWORD)
    document = _document(accounts)
    document["users"].append(dict(document["users"][0], name="ANA"))
    accounts.path.write_text(json.dumps(document))
    with pytest.raises(AccountError, match="lists a user twice"):
        accounts.list_users()


def test_changes_by_another_process_are_seen_at_once(accounts: Accounts) -> None:
    accounts.add_user("ana", "editor", PASSWORD)
    Accounts(accounts.path, hasher=FAST).set_role("ana", "viewer")
    user = accounts.verify("ana", PASSWORD)
    assert user is not None and user.role == Role.VIEWER


def test_roles_are_ordered() -> None:
    assert [role.rank for role in (Role.VIEWER, Role.EDITOR, Role.PUBLISHER)] == [0, 1, 2]


@pytest.mark.parametrize(("role", "allowed"), [
    ("viewer", {"read"}),
    ("editor", {"read", "propose"}),
    ("publisher", {"read", "propose", "publish", "manage"}),
    (Role.EDITOR, {"read", "propose"}),
    ("admin", set()),
    ("", set()),
])
def test_can(role: str, allowed: set[str]) -> None:
    assert {action for action in ACTIONS if can(role, action)} == allowed


def test_an_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown action 'delete'"):
        can("publisher", "delete")
