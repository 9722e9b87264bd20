"""``sdgkit serve --edit``: the editor's routes, in process (starlette's TestClient), on a copy of the tiny repository.

Users are made with the Accounts API and a cheap hasher; the session clock is injected so
that expiry is tested without waiting. Every test that attacks (traversal, CSRF, XSS,
uploads) also checks that nothing was read or written.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import shutil
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from sdgkit.cli import serve_command
from sdgkit.editor.accounts import Accounts, default_accounts_path
from sdgkit.editor.app import Editor, create_editor
from sdgkit.editor.routes import editor_routes
from sdgkit.editor.security import SESSION_COOKIE, SessionSigner, SignInLimiter
from sdgkit.editor.store import TEMPORARY_SUFFIX, version_of
from sdgkit.server import Preview, create_app
from sdgkit.site.assets import explorer_installed

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from starlette.testclient import TestClient

TINY = Path(__file__).parent / "fixtures" / "tiny"
DATA = "data/indicator_1-1-1.csv"
META = "meta/1-1-1.md"
PASSWORD = "correct horse battery"  # noqa: S105  # a test account
SECRET = b"s" * 32


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "tiny"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def editor(repo: Path, clock: Clock) -> Editor:
    accounts = Accounts(default_accounts_path(repo), hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    for name, role in (("pat", "publisher"), ("eve", "editor"), ("val", "viewer"), ("pia", "publisher")):
        accounts.add_user(name, role, PASSWORD)
    preview = Preview(repo)
    assert preview.build().kind == "full"
    clock.now = time.time() + 1  # sessions start after the accounts were made
    return create_editor(repo, preview, accounts=accounts, signer=SessionSigner(SECRET, clock=clock))


def client_of(editor: Editor) -> TestClient:
    assert editor.preview is not None
    return TestClient(create_app(editor.preview, editor_routes(editor)), follow_redirects=False)


def signed_in(editor: Editor, name: str) -> tuple[TestClient, str]:
    """A client signed in as ``name`` and its CSRF token, read from the dashboard's meta tag."""
    client = client_of(editor)
    response = client.post("/_editor/sign-in", data={"name": name, "password": PASSWORD})
    assert response.status_code == 303, response.text
    page = client.get("/_editor/")
    assert page.status_code == 200
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', page.text)
    assert found
    return client, found.group(1)


def read(client: TestClient, path: str) -> dict[str, Any]:
    response = client.get("/_editor/api/file", params={"path": path})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def save(client: TestClient, token: str, path: str, content: str, version: str | None, message: str = "edit") -> Any:
    return client.post("/_editor/api/save", headers={"X-CSRF-Token": token},
                       json={"path": path, "content": content, "expected_version": version, "message": message})


# --- signing in ------------------------------------------------------------------------


def test_sign_in_page_escapes_and_sets_a_strict_cookie(editor: Editor) -> None:
    client = client_of(editor)
    form = client.get("/_editor/sign-in")
    assert form.status_code == 200 and '<form method="post"' in form.text
    assert "frame-ancestors 'none'" in form.headers["content-security-policy"]
    assert form.headers["x-content-type-options"] == "nosniff" and form.headers["cache-control"] == "no-store"
    assert form.headers["referrer-policy"] == "same-origin"
    failed = client.post("/_editor/sign-in", data={"name": '<script>x</script>', "password": "wrong password"})
    assert failed.status_code == 401 and "<script>x" not in failed.text and "&lt;script&gt;" in failed.text
    done = client.post("/_editor/sign-in", data={"name": "pat", "password": PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/_editor/"
    cookie = done.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie and "Secure" not in cookie


def test_cookie_is_secure_over_https(editor: Editor) -> None:
    assert editor.preview is not None
    client = TestClient(create_app(editor.preview, editor_routes(editor)), base_url="https://testserver",
                        follow_redirects=False)
    done = client.post("/_editor/sign-in", data={"name": "pat", "password": PASSWORD})
    assert "Secure" in done.headers["set-cookie"]


def test_failed_sign_ins_lock_out_by_name_and_by_address(editor: Editor) -> None:
    editor.pair_limiter = SignInLimiter(max_failures=3)
    editor.address_limiter = SignInLimiter(max_failures=5)
    client = client_of(editor)
    statuses = [client.post("/_editor/sign-in", data={"name": "pat", "password": "wrong password"}).status_code
                for _ in range(3)]
    assert statuses == [401, 401, 429]
    locked = client.post("/_editor/sign-in", data={"name": "pat", "password": PASSWORD})
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0  # even the right password
    assert client.post("/_editor/sign-in", data={"name": "eve", "password": "wrong"}).status_code == 401
    assert client.post("/_editor/sign-in", data={"name": "val", "password": "wrong"}).status_code == 429  # address


def test_sign_out_needs_the_token_and_ends_the_cookie(editor: Editor) -> None:
    client, token = signed_in(editor, "val")
    assert client.post("/_editor/sign-out", data={"csrf_token": "nope"}).status_code == 403
    out = client.post("/_editor/sign-out", data={"csrf_token": token})
    assert out.status_code == 303 and out.headers["location"] == "/_editor/sign-in"
    assert client.get("/_editor/api/files").status_code == 401


def test_signed_out_requests_are_refused(editor: Editor) -> None:
    client = client_of(editor)
    assert client.get("/_editor/").status_code == 303
    assert client.get("/_editor/api/file", params={"path": DATA}).json()["error"] == "signed-out"
    assert save(client, "x", DATA, "Year,Value\n", None).status_code == 401


def test_session_expires_and_follows_the_accounts_file(editor: Editor, clock: Clock) -> None:
    client, _token = signed_in(editor, "val")
    clock.now += editor.signer.idle_timeout + 5
    assert client.get("/_editor/api/files").status_code == 401
    client, _token = signed_in(editor, "val")
    assert client.get("/_editor/api/files").status_code == 200
    editor.accounts.remove_user("val")
    assert client.get("/_editor/api/files").status_code == 401


def test_activity_extends_a_session_up_to_its_lifetime(editor: Editor, clock: Clock) -> None:
    client, _token = signed_in(editor, "val")
    step = editor.signer.idle_timeout - 10
    for _ in range(int(editor.signer.lifetime // step)):
        clock.now += step
        assert client.get("/_editor/api/files").status_code == 200
    clock.now += step
    assert client.get("/_editor/api/files").status_code == 401
    assert client.get("/_editor/").headers["location"] == "/_editor/sign-in"


def test_a_role_change_ends_the_session(editor: Editor) -> None:
    client, token = signed_in(editor, "eve")
    editor.accounts.set_role("eve", "publisher")
    current = read(signed_in(editor, "pat")[0], DATA)
    assert save(client, token, DATA, current["content"] + "2017,,,,12\n", current["version"]).status_code == 401


# --- the shell and reading ---------------------------------------------------------------


def test_dashboard_lists_indicators_files_and_proposals(editor: Editor) -> None:
    client, token = signed_in(editor, "eve")
    page = client.get("/_editor/").text
    assert "1.1.1" in page and "Proposition" not in page and "/_editor/file?path=data/indicator_1-1-1.csv" in page
    current = read(client, DATA)
    assert save(client, token, DATA, current["content"] + "2017,,,,12\n", current["version"], "more").status_code == 202
    assert "more" in client.get("/_editor/").text
    file_page = client.get("/_editor/file", params={"path": DATA})
    assert file_page.status_code == 200 and "2015,,,,10.5" in file_page.text


def test_files_and_file(editor: Editor) -> None:
    client, _token = signed_in(editor, "val")
    files = {f["path"]: f["kind"] for f in client.get("/_editor/api/files").json()["files"]}
    assert files[DATA] == "data" and files[META] == "metadata" and files["config_data.yml"] == "config"
    assert not any(path.startswith(".") or "/." in path for path in files)
    body = read(client, DATA)
    assert body["kind"] == "data" and body["version"] == version_of((editor.root / DATA).read_bytes())
    assert body["table"]["columns"] == ["Year", "Sex", "Age", "COMMENT_OBS", "Value"]
    assert body["table"]["rows"][0] == ["2015", "", "", "", "10.5"]
    assert client.get("/_editor/api/file", params={"path": "data/indicator_9-9-9.csv"}).status_code == 404


@pytest.mark.parametrize("path", ["../secret.txt", "data/../../secret.txt", "%2e%2e/secret.txt",
                                  "%252e%252e/secret.txt", "/etc/passwd", ".git/config", ".sdgkit/users.json",
                                  "data/link.csv", "data\\..\\x.csv", "README.md", "data/indicator_x.csv\x00"])
def test_traversal_is_refused_before_reading(editor: Editor, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (editor.root.parent / "secret.txt").write_text("top secret", encoding="utf-8")
    (editor.root / ".git").mkdir()
    (editor.root / ".git" / "config").write_text("[core]", encoding="utf-8")
    (editor.root / "data" / "link.csv").symlink_to(editor.root.parent / "secret.txt")
    (editor.root / "data" / "indicator_link.csv").symlink_to(editor.root.parent / "secret.txt")
    client, token = signed_in(editor, "pat")
    from sdgkit.editor import store

    def no_read(*_args: object) -> None:
        raise AssertionError("a refused path was read")

    monkeypatch.setattr(store, "_read_current", no_read)
    for attempt in (path, "data/indicator_link.csv"):
        response = client.get("/_editor/api/file", params={"path": attempt})
        assert 400 <= response.status_code < 500 and "top secret" not in response.text
        assert set(response.json()) == {"error", "message"}
        written = save(client, token, attempt, "x", None)
        assert 400 <= written.status_code < 500
    assert (editor.root.parent / "secret.txt").read_text(encoding="utf-8") == "top secret"


# --- CSRF --------------------------------------------------------------------------------


def test_csrf_missing_wrong_or_of_another_session(editor: Editor) -> None:
    client, token = signed_in(editor, "pat")
    _other, other_token = signed_in(editor, "pia")
    current = read(client, DATA)
    new = current["content"] + "2017,,,,12\n"
    for headers in ({}, {"X-CSRF-Token": "0" * 64}, {"X-CSRF-Token": other_token}):
        response = client.post("/_editor/api/save", headers=headers,
                               json={"path": DATA, "content": new, "expected_version": current["version"]})
        assert response.status_code == 403 and response.json()["error"] == "csrf"
    assert (editor.root / DATA).read_text(encoding="utf-8") == current["content"]
    assert client.post("/_editor/api/check", json={"path": DATA, "content": new}).status_code == 403
    cross = client.post("/_editor/api/save", headers={"X-CSRF-Token": token, "Origin": "https://evil.example"},
                        json={"path": DATA, "content": new, "expected_version": current["version"]})
    assert cross.status_code == 403 and cross.json()["error"] == "cross-origin"


# --- roles, saving, review, history ------------------------------------------------------


def test_viewer_cannot_save_editor_proposes_publisher_approves(editor: Editor) -> None:
    viewer, viewer_token = signed_in(editor, "val")
    current = read(viewer, DATA)
    new = current["content"] + "2017,,,,12\n"
    assert save(viewer, viewer_token, DATA, new, current["version"]).status_code == 403
    upload = viewer.post("/_editor/api/upload", headers={"X-CSRF-Token": viewer_token}, data={"path": DATA},
                         files={"file": ("x.csv", b"Year,Value\n", "text/csv")})
    assert upload.status_code == 403
    assert viewer.post("/_editor/api/revert", headers={"X-CSRF-Token": viewer_token},
                       json={"path": DATA, "entry": "0" * 16}).status_code == 403
    author, author_token = signed_in(editor, "eve")
    proposed = save(author, author_token, DATA, new, current["version"], "add 2017")
    assert proposed.status_code == 202
    proposal = proposed.json()["proposal"]
    assert (editor.root / DATA).read_text(encoding="utf-8") == current["content"]
    listed = author.get("/_editor/api/proposals").json()["proposals"]
    assert [p["id"] for p in listed] == [proposal["id"]] and "+2017,,,,12" in listed[0]["diff"]
    assert author.post(f"/_editor/api/proposals/{proposal['id']}/approve",
                       headers={"X-CSRF-Token": author_token}).status_code == 403
    publisher, token = signed_in(editor, "pat")
    approved = publisher.post(f"/_editor/api/proposals/{proposal['id']}/approve", headers={"X-CSRF-Token": token})
    assert approved.status_code == 200 and approved.json()["proposal"]["status"] == "approved"
    assert (editor.root / DATA).read_text(encoding="utf-8") == new
    again = publisher.post(f"/_editor/api/proposals/{proposal['id']}/approve", headers={"X-CSRF-Token": token})
    assert again.status_code == 404
    assert publisher.post("/_editor/api/proposals/..%2f..%2fx/approve",
                          headers={"X-CSRF-Token": token}).status_code in (404, 400)


def test_reject(editor: Editor) -> None:
    author, author_token = signed_in(editor, "eve")
    current = read(author, DATA)
    proposal = save(author, author_token, DATA, current["content"] + "2017,,,,12\n", current["version"]).json()
    publisher, token = signed_in(editor, "pat")
    rejected = publisher.post(f"/_editor/api/proposals/{proposal['proposal']['id']}/reject",
                              headers={"X-CSRF-Token": token}, json={"reason": "no source"})
    assert rejected.json()["proposal"]["status"] == "rejected"
    assert publisher.get("/_editor/api/proposals").json()["proposals"] == []


def test_save_rebuilds_the_preview_and_history_and_revert(editor: Editor) -> None:
    client, token = signed_in(editor, "pat")
    current = read(client, DATA)
    new = current["content"].replace("10.5", "10.75")
    saved = save(client, token, DATA, new, current["version"], "fix 2015")
    assert saved.status_code == 200, saved.text
    assert saved.json()["rebuild"] == "indicators" and saved.json()["version"] == version_of(new.encode())
    assert (editor.root / DATA).read_text(encoding="utf-8") == new
    assert editor.preview is not None
    assert b"10.75" in editor.preview.site.files["en/data/1-1-1.csv"] if "en/data/1-1-1.csv" in \
        editor.preview.site.files else any(b"10.75" in c for n, c in editor.preview.site.files.items()
                                           if n.endswith("1-1-1.csv"))
    entries = client.get("/_editor/api/history", params={"path": DATA}).json()["entries"]
    assert len(entries) == 1 and entries[0]["author"] == "pat" and entries[0]["message"] == "fix 2015"
    diff = client.get("/_editor/api/diff", params={"path": DATA, "entry": entries[0]["id"]}).json()["diff"]
    assert "-2015,,,,10.5" in diff and "+2015,,,,10.75" in diff
    assert client.get("/_editor/api/diff", params={"path": DATA, "entry": "../x"}).status_code == 404
    editor_client, editor_token = signed_in(editor, "eve")
    assert editor_client.post("/_editor/api/revert", headers={"X-CSRF-Token": editor_token},
                              json={"path": DATA, "entry": entries[0]["id"]}).status_code == 403
    reverted = client.post("/_editor/api/revert", headers={"X-CSRF-Token": token},
                           json={"path": DATA, "entry": entries[0]["id"]})
    assert reverted.status_code == 200, reverted.text
    assert (editor.root / DATA).read_text(encoding="utf-8") == current["content"]
    assert len(client.get("/_editor/api/history", params={"path": DATA}).json()["entries"]) == 2
    assert "fix 2015" in client.get("/_editor/file", params={"path": DATA}).text


def test_concurrent_saves_from_the_same_version_conflict(editor: Editor) -> None:
    first, first_token = signed_in(editor, "pat")
    second, second_token = signed_in(editor, "pia")
    loaded = read(first, DATA)
    assert read(second, DATA)["version"] == loaded["version"]
    mine = loaded["content"] + "2017,,,,12\n"
    theirs = loaded["content"] + "2018,,,,13\n"
    assert save(first, first_token, DATA, mine, loaded["version"]).status_code == 200
    refused = save(second, second_token, DATA, theirs, loaded["version"])
    assert refused.status_code == 409
    body = refused.json()
    assert body["error"] == "conflict" and body["current"] == mine and body["proposed"] == theirs
    assert body["current_version"] == version_of(mine.encode()) and body["expected_version"] == loaded["version"]
    assert (editor.root / DATA).read_text(encoding="utf-8") == mine


def test_several_writers_lose_no_accepted_change(editor: Editor) -> None:
    """Each thread appends its own rows, retrying on 409 from the version the conflict reports."""
    clients = [signed_in(editor, name) for name in ("pat", "pia", "pat", "pia")]
    accepted: list[str] = []
    lock = threading.Lock()

    def write(number: int) -> None:
        client, token = clients[number]
        for row in range(5):
            line = f"{2030 + number},,,,{row}.{number}\n"
            body = read(client, DATA)
            content, version = body["content"], body["version"]
            for _attempt in range(50):
                answer = save(client, token, DATA, content + line, version)
                if answer.status_code == 200:
                    with lock:
                        accepted.append(line)
                    break
                assert answer.status_code == 409, answer.text
                content, version = answer.json()["current"], answer.json()["current_version"]

    threads = [threading.Thread(target=write, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = (editor.root / DATA).read_text(encoding="utf-8")
    assert len(accepted) == 20 and all(line in final for line in accepted)


# --- check and preview of unsaved changes ------------------------------------------------


def test_check_overlay_finds_the_bad_cell_without_writing(editor: Editor) -> None:
    client, token = signed_in(editor, "val")
    before = (editor.root / DATA).read_bytes()
    content = before.decode().replace("2016,,,Provisional,11", "2016,,,Provisional,abc")
    messages = {}
    for scope, params, language in (("indicator", {"lang": "fr"}, "fr"), ("repository", {"scope": "repository"}, "en"),
                                    ("indicator", {"lang": "ar"}, "ar")):
        answer = client.post("/_editor/api/check", params=params, headers={"X-CSRF-Token": token},
                             json={"path": DATA, "content": content})
        assert answer.status_code == 200, answer.text
        assert answer.json()["scope"] == scope and answer.json()["language"] == language
        issues = [i for i in answer.json()["issues"] if i["file"] == DATA and i["severity"] == "error"]
        assert issues, answer.json()
        bad = issues[0]
        assert bad["line"] == 3 and bad["row"] == 2 and bad["column"] == 5 and bad["column_name"] == "Value"
        messages[language] = bad["message"]
        assert "abc" in bad["message"]
    assert len(set(messages.values())) == 3  # the same issue in French, English and Arabic
    assert (editor.root / DATA).read_bytes() == before
    clean = client.post("/_editor/api/check", headers={"X-CSRF-Token": token}, json={"path": DATA,
                                                                                    "content": before.decode()})
    assert not [i for i in clean.json()["issues"] if i["file"] == DATA and i["severity"] == "error"]


def test_preview_renders_the_unsaved_change_fast(editor: Editor) -> None:
    client, token = signed_in(editor, "val")
    before = (editor.root / META).read_text(encoding="utf-8")
    content = before.replace("Proportion of people below the poverty line", "Share under the poverty line")
    started = time.perf_counter()
    answer = client.post("/_editor/api/preview", headers={"X-CSRF-Token": token}, json={"path": META,
                                                                                        "content": content})
    seconds = time.perf_counter() - started
    assert answer.status_code == 200, answer.text
    assert "Share under the poverty line" in answer.text and seconds < 5
    assert answer.headers["content-security-policy"].startswith("sandbox")
    assert (editor.root / META).read_text(encoding="utf-8") == before


def test_preview_carries_the_unsaved_data_for_its_charts(editor: Editor) -> None:
    """In its sandbox the preview cannot fetch the data file: the unsaved data is inside the page."""
    if not explorer_installed():
        pytest.skip("the explorer bundle is not built (npm run build)")
    client, token = signed_in(editor, "val")
    content = (editor.root / DATA).read_text(encoding="utf-8").replace("10.5", "10.875")
    answer = client.post("/_editor/api/preview", headers={"X-CSRF-Token": token}, json={"path": DATA,
                                                                                        "content": content})
    found = re.search(r'<script type="application/json" class="explorer-config">(.*?)</script>', answer.text)
    assert found
    config = json.loads(found.group(1))
    prefix = "data:application/json;base64,"
    assert config["data"].startswith(prefix)
    data = json.loads(base64.b64decode(config["data"][len(prefix):]))
    assert 10.875 in data["value"] and data["rows"] == len(content.splitlines()) - 1


def test_stored_xss_is_escaped_in_the_shell_and_the_preview(editor: Editor) -> None:
    client, token = signed_in(editor, "pat")
    current = read(client, META)
    evil = current["content"].replace("indicator_name: Proportion of people below the poverty line",
                                      'indicator_name: "<script>alert(1)</script>"')
    assert save(client, token, META, evil, current["version"], "<img src=x onerror=alert(2)>").status_code == 200
    dashboard = client.get("/_editor/").text
    assert "<script>alert(1)" not in dashboard and "&lt;script&gt;alert(1)" in dashboard
    file_page = client.get("/_editor/file", params={"path": META}).text
    assert "<script>alert(1)" not in file_page and "<img src=x" not in file_page
    preview = client.post("/_editor/api/preview", headers={"X-CSRF-Token": token}, json={"path": META,
                                                                                         "content": evil})
    assert "<script>alert(1)</script>" not in preview.text
    assert editor.preview is not None
    pages = [content for name, content in editor.preview.site.files.items() if name.endswith(".html")]
    assert pages and not any(b"<script>alert(1)</script>" in page for page in pages)  # JSON files hold it as data


# --- uploads -----------------------------------------------------------------------------


def test_upload_replaces_or_appends_without_saving(editor: Editor) -> None:
    client, token = signed_in(editor, "eve")
    before = (editor.root / DATA).read_text(encoding="utf-8")
    table = b"Year,Sex,Age,COMMENT_OBS,Value\n2019,,,,14\n"
    appended = client.post("/_editor/api/upload", headers={"X-CSRF-Token": token},
                           data={"path": DATA, "mode": "append"}, files={"file": ("new.csv", table, "text/csv")})
    assert appended.status_code == 200, appended.text
    assert appended.json()["content"] == before + "2019,,,,14\n"
    replaced = client.post("/_editor/api/upload", headers={"X-CSRF-Token": token},
                           data={"path": DATA, "mode": "replace"}, files={"file": ("new.csv", table, "text/csv")})
    assert replaced.json()["content"] == table.decode() and replaced.json()["table"]["rows"] == [["2019", "", "", "",
                                                                                                  "14"]]
    assert (editor.root / DATA).read_text(encoding="utf-8") == before


def test_upload_too_big_or_wrong_type_is_refused(editor: Editor) -> None:
    client, token = signed_in(editor, "eve")
    headers = {"X-CSRF-Token": token}
    wrong = client.post("/_editor/api/upload", headers=headers, data={"path": DATA},
                        files={"file": ("x.exe", b"MZ...", "application/octet-stream")})
    assert wrong.status_code == 400 and "csv" in wrong.json()["message"]
    fake = client.post("/_editor/api/upload", headers=headers, data={"path": DATA},
                       files={"file": ("x.xlsx", b"not a zip", "application/octet-stream")})
    assert fake.status_code == 400
    big = client.post("/_editor/api/upload", headers=headers, data={"path": DATA},
                      files={"file": ("x.csv", b"1," * (3 * 1024 * 1024), "text/csv")})
    assert big.status_code == 413 and big.json()["error"] == "too-large"
    not_form = client.post("/_editor/api/upload", headers=headers, content=b"x")
    assert not_form.status_code == 415
    columns = client.post("/_editor/api/upload", headers=headers, data={"path": DATA, "mode": "append"},
                          files={"file": ("x.csv", b"A,B\n1,2\n", "text/csv")})
    assert columns.status_code == 400


def test_body_limits(editor: Editor) -> None:
    client, token = signed_in(editor, "pat")
    huge = client.post("/_editor/api/check", headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
                       content=b'{"path": "x", "content": "' + b"a" * (9 * 1024 * 1024) + b'"}')
    assert huge.status_code == 413
    assert client.post("/_editor/api/check", headers={"X-CSRF-Token": token},
                       content=b"not json").json()["error"] == "bad-json"


def test_temporary_files_are_swept_at_start(repo: Path) -> None:
    orphan = repo / "data" / f".indicator_1-1-1.csv.abc{TEMPORARY_SUFFIX}"
    orphan.write_text("half", encoding="utf-8")
    create_editor(repo, None, signer=SessionSigner(SECRET))
    assert not orphan.exists()


def test_preview_without_editor_is_unchanged(editor: Editor) -> None:
    assert editor.preview is not None
    plain = TestClient(create_app(editor.preview), follow_redirects=False)
    assert plain.get("/_editor/sign-in").status_code == 404
    assert client_of(editor).get("/_editor").headers["location"] == "/_editor/"
    assert plain.get("/en/1-1-1/").status_code == 200
    assert client_of(editor).get("/en/1-1-1/").status_code == 200
    assert SESSION_COOKIE not in plain.get("/en/1-1-1/").headers.get("set-cookie", "")


# --- the command line --------------------------------------------------------------------


def options(repo: Path, **given: Any) -> argparse.Namespace:
    values: dict[str, Any] = {"path": str(repo), "port": 0, "host": "127.0.0.1", "config": None, "demo": False,
                              "no_watch": True, "edit": True, "allow_remote": False}
    values.update(given)
    return argparse.Namespace(**values)


def test_serve_edit_refuses_without_users_and_remote_without_allow(repo: Path, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_command, "start_server", lambda *_a: pytest.fail("must not start"))
    assert serve_command.run(options(repo, port=8765)) == 2
    assert "sdgkit users add" in capsys.readouterr().err
    Accounts(default_accounts_path(repo), hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)) \
        .add_user("pat", "publisher", PASSWORD)
    assert serve_command.run(options(repo, port=8765, host="0.0.0.0")) == 2  # noqa: S104
    err = capsys.readouterr().err
    assert "TLS" in err and "--allow-remote" in err


def test_serve_edit_mounts_the_editor(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Accounts(default_accounts_path(repo), hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)) \
        .add_user("pat", "publisher", PASSWORD)
    started: list[Any] = []
    monkeypatch.setattr(serve_command, "start_server", lambda app, host, port: started.append((app, host)))
    assert serve_command.run(options(repo, port=8766)) == 0
    app, host = started[0]
    assert host == "127.0.0.1"
    assert TestClient(app).get("/_editor/sign-in").status_code == 200


def test_a_bug_is_a_plain_json_error(editor: Editor, monkeypatch: pytest.MonkeyPatch) -> None:
    from sdgkit.editor import routes

    def broken(_root: Path) -> None:
        raise RuntimeError("secret internals")

    client, _token = signed_in(editor, "val")
    monkeypatch.setattr(routes, "editable_files", broken)
    answer = client.get("/_editor/api/files")
    assert answer.status_code == 500 and answer.json()["error"] == "internal"
    assert "secret internals" not in answer.text and "Traceback" not in answer.text
    assert client.get("/_editor/style.css").headers["content-type"].startswith("text/css")


def test_saving_the_same_content_is_refused_plainly(editor: Editor) -> None:
    client, token = signed_in(editor, "pat")
    current = read(client, DATA)
    same = save(client, token, DATA, current["content"], current["version"])
    assert same.status_code == 409 and same.json()["error"] == "unchanged"
    bad = save(client, token, DATA, current["content"] + "x\n", "not-a-version")
    assert bad.status_code == 400 and bad.json()["error"] == "bad-version"


# --- the editing UI's static files and the file page ---------------------------------------


def test_static_files_are_served_with_the_editors_headers(editor: Editor) -> None:
    client = client_of(editor)
    for name, kind in (("common.js", "text/javascript"), ("editor.js", "text/javascript"),
                       ("form.js", "text/javascript"), ("editor.css", "text/css"), ("form.css", "text/css")):
        answer = client.get(f"/_editor/static/{name}")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(kind)
        assert "default-src 'self'" in answer.headers["content-security-policy"]
        assert answer.headers["x-content-type-options"] == "nosniff" and answer.headers["x-frame-options"] == "DENY"
    for name in ("common.js", "editor.js"):
        script = client.get(f"/_editor/static/{name}").text
        assert "innerHTML" not in script and "eval(" not in script
    form = client.get("/_editor/static/form.js").text  # one innerHTML: nh3-cleaned Markdown, into a <template>
    assert "eval(" not in form and form.count("innerHTML") == 1
    for name in ("users.json", "../routes.py", "..%2Froutes.py", "editor.js.map", "%2e%2e"):
        assert client.get(f"/_editor/static/{name}").status_code == 404


def test_the_data_file_page_includes_the_script_and_the_hook(editor: Editor) -> None:
    client, _token = signed_in(editor, "pat")
    page = client.get("/_editor/file", params={"path": DATA}).text
    assert '<script src="/_editor/static/editor.js" defer></script>' in page
    assert 'href="/_editor/static/editor.css"' in page
    version = version_of((editor.root / DATA).read_bytes())
    assert f'data-path="{DATA}"' in page and f'data-version="{version}"' in page and 'data-role="publisher"' in page
    assert "<pre>" in page and 'id="history"' in page  # without JavaScript the file stays readable
    assert "<script>" not in page and "style=" not in page
    assert '<script type="application/json" id="editor-texts">{' in page  # the scripts' texts, as data
    meta = client.get("/_editor/file", params={"path": META}).text
    assert 'src="/_editor/static/form.js"' in meta and 'data-kind="metadata"' in meta


def test_preview_as_a_form_needs_the_token_and_is_sandboxed(editor: Editor) -> None:
    client, token = signed_in(editor, "val")
    content = (editor.root / DATA).read_text(encoding="utf-8").replace("10.5", "10.875")
    refused = client.post("/_editor/preview", data={"path": DATA, "content": content, "csrf_token": "x"})
    assert refused.status_code == 403
    assert client_of(editor).post("/_editor/preview", data={"path": DATA, "content": content,
                                                            "csrf_token": token}).status_code == 401
    answer = client.post("/_editor/preview", data={"path": DATA, "content": content, "csrf_token": token})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-security-policy"].startswith("sandbox allow-scripts")
    assert answer.headers["x-frame-options"] == "SAMEORIGIN" and "10.875" in answer.text
    assert client.post("/_editor/preview", data={"path": "../x", "content": "", "csrf_token": token}).status_code \
        in (400, 403)
