"""The editor's guards: sessions, CSRF, sign-in limits, paths and uploads."""

from __future__ import annotations

import base64
import io
import os
import stat
import threading
import zipfile
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from sdgkit.editor.accounts import Role, User
from sdgkit.editor.security import (
    LIFETIME,
    SECRET_BYTES,
    PathRefused,
    SecretError,
    Session,
    SessionSigner,
    SignInLimiter,
    UploadRefused,
    cell_text,
    check_csrf,
    check_upload,
    csrf_token,
    editable_kind,
    load_or_create_secret,
    read_upload_rows,
    resolve_inside,
    session_is_current,
    sign_in_key,
)

SECRET = b"k" * SECRET_BYTES
START = 1_750_000_000.0
HOUR = 3600


class Clock:
    """Seconds that tests move by hand."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def signer(clock: Clock) -> SessionSigner:
    return SessionSigner(SECRET, clock=clock)


# --- the secret --------------------------------------------------------------------------


def test_secret_is_made_once_private_and_kept_out_of_git(tmp_path: Path) -> None:
    path = tmp_path / ".sdgkit" / "secret"
    secret = load_or_create_secret(path)
    assert len(secret) == SECRET_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == secret
    assert "secret" in (path.parent / ".gitignore").read_text().splitlines()
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert load_or_create_secret(tmp_path / "other") != secret


def test_a_secret_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    load_or_create_secret(path)
    os.chmod(path, 0o644)
    with pytest.raises(SecretError, match="chmod 600"):
        load_or_create_secret(path)


@pytest.mark.parametrize("content", [b"", b"abcd\n", b"zz" * 40, b"\xff" * 64])
def test_a_damaged_secret_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "secret"
    path.write_bytes(content)
    os.chmod(path, 0o600)
    with pytest.raises(SecretError, match="damaged"):
        load_or_create_secret(path)


def test_a_secret_in_a_missing_folder_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(SecretError, match="cannot read or create the session secret"):
        load_or_create_secret(tmp_path / "no" / "such" / "secret")


def test_a_short_secret_cannot_sign() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        SessionSigner(b"short")


# --- sessions ----------------------------------------------------------------------------


def test_session_round_trip(signer: SessionSigner) -> None:
    cookie = signer.issue("ana", "editor")
    session = signer.read(cookie)
    assert session is not None
    assert (session.name, session.role, session.started, session.signed) == ("ana", Role.EDITOR, START, START)
    assert len(session.session_id) >= 16 and len(session.csrf_secret) >= 32
    other = signer.read(signer.issue("ana", "editor"))
    assert other is not None and other.session_id != session.session_id and other.csrf_secret != session.csrf_secret


def test_issue_refuses_an_unknown_role(signer: SessionSigner) -> None:
    with pytest.raises(ValueError, match="admin"):
        signer.issue("ana", "admin")


def _tamper(cookie: str, index: int) -> str:
    replacement = "A" if cookie[index] != "A" else "B"
    return cookie[:index] + replacement + cookie[index + 1:]


def test_tampered_cookies_are_refused(signer: SessionSigner) -> None:
    cookie = signer.issue("ana", "viewer")
    # not the very last character: its low bits are base64 padding, and changing them alone changes nothing
    for index in (0, 1, len(cookie) // 2, len(cookie) - 2):
        assert signer.read(_tamper(cookie, index)) is None
    assert signer.read(cookie + "x") is None
    assert signer.read(cookie.replace(".", "", 1)) is None


def test_a_promoted_role_in_the_payload_is_refused(signer: SessionSigner) -> None:
    cookie = signer.issue("ana", "viewer")
    payload, rest = cookie.lstrip(".").split(".", 1)  # a leading "." marks a zlib-compressed payload
    text = zlib.decompress(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert b'"viewer"' in text
    forged = base64.urlsafe_b64encode(zlib.compress(text.replace(b"viewer", b"publisher"))).decode().rstrip("=")
    assert signer.read(f".{forged}.{rest}") is None


def test_cookies_of_another_secret_are_refused(signer: SessionSigner, clock: Clock) -> None:
    cookie = SessionSigner(b"x" * SECRET_BYTES, clock=clock).issue("ana", "publisher")
    assert signer.read(cookie) is None


@pytest.mark.parametrize("cookie", [None, "", "not a cookie", "a.b.c", "x" * 5000, "é.é.é"])
def test_garbage_is_no_session(signer: SessionSigner, cookie: str | None) -> None:
    assert signer.read(cookie) is None


def test_a_signed_payload_of_the_wrong_shape_is_no_session(signer: SessionSigner) -> None:
    serializer = signer._serializer  # sign what an attacker could not, to test the shape check alone
    for payload in ({"u": "ana"}, ["ana"], {"u": "ana", "r": "root", "s": "s", "c": "c", "t": START},
                    {"u": "ana", "r": "editor", "s": "s", "c": "c", "t": True},
                    {"u": "", "r": "editor", "s": "s", "c": "c", "t": START}):
        assert signer.read(serializer.dumps(payload)) is None


def test_idle_sessions_expire(signer: SessionSigner, clock: Clock) -> None:
    cookie = signer.issue("ana", "editor")
    clock.now += signer.idle_timeout - 1
    assert signer.read(cookie) is not None
    clock.now += 2
    assert signer.read(cookie) is None


def test_refresh_resets_idle_time_but_not_lifetime(signer: SessionSigner, clock: Clock) -> None:
    cookie = signer.issue("ana", "editor")
    while clock.now + HOUR <= START + LIFETIME:
        clock.now += HOUR
        session = signer.read(cookie)
        assert session is not None and session.started == START and session.signed == clock.now - HOUR
        cookie = signer.refresh(session)
    clock.now = START + LIFETIME + 1
    assert signer.read(cookie) is None


def test_max_age_overrides_the_idle_timeout(signer: SessionSigner, clock: Clock) -> None:
    cookie = signer.issue("ana", "editor")
    clock.now += 61
    assert signer.read(cookie, max_age=60) is None
    assert signer.read(cookie, max_age=120) is not None


def test_a_cookie_signed_in_the_future_is_refused(signer: SessionSigner, clock: Clock) -> None:
    cookie = signer.issue("ana", "editor")
    clock.now -= 10
    assert signer.read(cookie) is None


def _user(role: Role = Role.EDITOR, changed: float = START - HOUR) -> User:
    moment = datetime.fromtimestamp(changed, UTC)
    return User("ana", role, moment, moment)


def test_session_is_current(signer: SessionSigner) -> None:
    session = signer.read(signer.issue("ana", "editor"))
    assert session is not None
    assert session_is_current(session, _user())
    assert not session_is_current(session, None)  # removed
    assert not session_is_current(session, _user(Role.VIEWER))  # demoted
    assert not session_is_current(session, _user(changed=START + 1))  # password changed after signing in
    assert session_is_current(session, _user(changed=START))


# --- CSRF --------------------------------------------------------------------------------


def test_csrf_token_belongs_to_its_session(signer: SessionSigner) -> None:
    first, second = (signer.read(signer.issue("ana", "editor")) for _ in range(2))
    assert first is not None and second is not None
    token = csrf_token(first)
    assert token == csrf_token(first) and len(token) == 64
    assert check_csrf(first, token)
    assert not check_csrf(second, token)  # a token from another session of the same user
    assert not check_csrf(first, csrf_token(second))
    assert first.csrf_secret not in token


def test_csrf_token_survives_a_refresh(signer: SessionSigner) -> None:
    session = signer.read(signer.issue("ana", "editor"))
    assert session is not None
    refreshed = signer.read(signer.refresh(session))
    assert refreshed is not None and check_csrf(refreshed, csrf_token(session))


@pytest.mark.parametrize("token", [None, "", "0" * 64, "é" * 64, "x"])
def test_wrong_csrf_tokens(signer: SessionSigner, token: str | None) -> None:
    session = signer.read(signer.issue("ana", "editor"))
    assert session is not None
    assert not check_csrf(session, token)
    assert not check_csrf(None, csrf_token(session))


def test_csrf_token_of_a_forged_session_differs() -> None:
    genuine = Session("ana", Role.EDITOR, "sid", "secret-a", START, START)
    forged = Session("ana", Role.EDITOR, "sid", "secret-b", START, START)
    assert not check_csrf(forged, csrf_token(genuine))


# --- sign-in limits ----------------------------------------------------------------------


def test_lockout_after_five_failures(clock: Clock) -> None:
    limiter = SignInLimiter(clock=clock)
    key = sign_in_key("192.0.2.1", "ana")
    for _ in range(4):
        assert limiter.allowed(key)
        assert limiter.failed(key) == 0.0
    assert limiter.failed(key) == 900.0
    assert not limiter.allowed(key)
    clock.now += 600
    assert limiter.retry_after(key) == 300.0
    assert limiter.failed(key) == 300.0  # a failure while locked does not extend the lock
    clock.now += 300
    assert limiter.allowed(key) and limiter.failed(key) == 0.0  # afresh after the lockout


def test_failures_outside_the_window_do_not_count(clock: Clock) -> None:
    limiter = SignInLimiter(max_failures=3, window=60, lockout=30, clock=clock)
    for _ in range(10):
        assert limiter.failed("k") == 0.0
        clock.now += 31  # never three within a minute
    assert limiter.allowed("k")
    limiter.failed("k")
    clock.now += 1
    assert limiter.failed("k") == 30.0


def test_success_resets(clock: Clock) -> None:
    limiter = SignInLimiter(max_failures=2, clock=clock)
    limiter.failed("k")
    limiter.succeeded("k")
    assert limiter.failed("k") == 0.0
    assert limiter.failed("k") > 0
    limiter.succeeded("k")
    assert limiter.allowed("k")


def test_keys_are_independent_and_names_ignore_case(clock: Clock) -> None:
    limiter = SignInLimiter(max_failures=1, clock=clock)
    limiter.failed(sign_in_key("192.0.2.1", "Ana"))
    assert not limiter.allowed(sign_in_key("192.0.2.1", "ana"))
    assert limiter.allowed(sign_in_key("192.0.2.1", "bo"))
    assert limiter.allowed(sign_in_key("192.0.2.2", "ana"))


def test_limiter_is_thread_safe() -> None:
    limiter = SignInLimiter(max_failures=1000, window=1e9, lockout=60)
    waits: list[float] = []

    def fail() -> None:
        for _ in range(100):
            waits.append(limiter.failed("k"))

    threads = [threading.Thread(target=fail) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert waits.count(60) == 1 and not limiter.allowed("k")


def test_limiter_forgets_quiet_keys_first(clock: Clock) -> None:
    limiter = SignInLimiter(max_failures=2, window=5, lockout=1000, clock=clock, max_keys=3)
    limiter.failed("locked")
    limiter.failed("locked")
    for number in range(10):
        clock.now += 1
        limiter.failed(f"k{number}")  # one failure each: not locked
    assert len(limiter._keys) <= 3
    assert not limiter.allowed("locked")  # seen first, but locked: newer quiet keys go before it
    assert "k9" in limiter._keys and "k0" not in limiter._keys


# --- paths -------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    (root / "meta").mkdir()
    (root / ".git").mkdir()
    (root / "data" / "indicator_1-1-1.csv").write_text("Year,Value\n")
    (tmp_path / "outside.csv").write_text("secret\n")
    (tmp_path / "outside").mkdir()
    return root


@pytest.mark.parametrize("relative", ["data/indicator_1-1-1.csv", "./data/indicator_1-1-1.csv",
                                      "data//indicator_1-1-1.csv", "data/indicator_9-9-9.csv",
                                      "meta/new/1-1-1.md", "pages/100%.md", "data/a..b.csv"])
def test_paths_inside(repo: Path, relative: str) -> None:
    resolved = resolve_inside(repo, relative)
    assert resolved.is_relative_to(repo.resolve())
    assert resolved == repo.resolve() / Path(*[p for p in relative.split("/") if p not in ("", ".")])


@pytest.mark.parametrize(("relative", "reason"), [
    ("../x", "'..'"),
    ("data/../../outside.csv", "'..'"),
    ("data/..", "'..'"),
    ("%2e%2e/x", "'..' segment (once percent-decoded)"),
    ("%2E%2E/outside.csv", "'..'"),
    ("..%2foutside.csv", "hidden"),  # refused first as a name starting with "."
    ("%252e%252e/x", "'..' segment (percent-decoded)"),
    ("%25252e%25252e/x", "'..'"),
    ("data/%2e%2e/%2e%2e/outside.csv", "'..'"),
    ("\uff0e\uff0e/x", "Unicode"),
    ("..\\x", "backslash"),
    ("data\\..\\..\\x", "backslash"),
    ("%5c..%5cx", "backslash"),
    ("/etc/passwd", "absolute"),
    ("//server/share", "absolute"),
    ("%2fetc/passwd", "absolute"),
    ("C:\\x", "backslash"),
    ("C:x", "absolute"),
    ("c:/windows", "absolute"),
    ("data/x\x00.csv", "NUL"),
    ("data/x%00.csv", "NUL"),
    ("data/x\n.csv", "control"),
    (".git/config", "hidden"),
    (".sdgkit/users.json", "hidden"),
    ("data/.hidden.csv", "hidden"),
    ("%2egit/config", "hidden"),
    ("", "empty"),
    (".", "empty"),
    ("./", "empty"),
    ("a/" * 600, "too long"),
])
def test_paths_refused(repo: Path, relative: str, reason: str) -> None:
    with pytest.raises(PathRefused) as refusal:
        resolve_inside(repo, relative)
    assert reason in refusal.value.reason


def test_a_file_symlink_pointing_outside_is_refused(repo: Path) -> None:
    (repo / "data" / "indicator_2-1-1.csv").symlink_to(repo.parent / "outside.csv")
    with pytest.raises(PathRefused, match="symbolic link"):
        resolve_inside(repo, "data/indicator_2-1-1.csv")


def test_a_symlinked_folder_is_refused(repo: Path) -> None:
    (repo / "pages").symlink_to(repo.parent / "outside", target_is_directory=True)
    with pytest.raises(PathRefused, match="pages is a symbolic link"):
        resolve_inside(repo, "pages/about.md")


def test_a_symlink_inside_the_repository_is_refused_too(repo: Path) -> None:
    (repo / "data" / "copy.csv").symlink_to(repo / "data" / "indicator_1-1-1.csv")
    with pytest.raises(PathRefused, match="symbolic link"):
        resolve_inside(repo, "data/copy.csv")


def test_a_dangling_symlink_is_refused(repo: Path) -> None:
    (repo / "data" / "gone.csv").symlink_to(repo.parent / "nowhere.csv")
    with pytest.raises(PathRefused, match="symbolic link"):
        resolve_inside(repo, "data/gone.csv")


def test_the_repository_itself_may_be_reached_through_a_link(repo: Path) -> None:
    link = repo.parent / "link-to-repo"
    link.symlink_to(repo, target_is_directory=True)
    assert resolve_inside(link, "data/indicator_1-1-1.csv") == repo.resolve() / "data" / "indicator_1-1-1.csv"


def test_a_missing_repository_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PathRefused, match="does not exist"):
        resolve_inside(tmp_path / "nowhere", "data/x.csv")


@pytest.mark.parametrize(("path", "kind"), [
    ("data/indicator_1-1-1.csv", "data"),
    ("data/indicator_16-a-1.csv", "data"),
    ("data/1-1-1.csv", "data"),
    ("meta/1-1-1.md", "metadata"),
    ("meta/1-1-1.yml", "metadata"),
    ("meta/fr/1-1-1.md", "metadata"),
    ("meta/zh-Hans/1-1-1.md", "metadata"),
    ("indicator-config/1-1-1.yml", "config"),
    ("config_data.yml", "config"),
    ("sdgkit.yml", "config"),
    ("site_config.yml", "config"),
    ("_data/site_config.yml", "config"),
    ("pages/about.md", "page"),
    ("posts/welcome.fr.md", "page"),
    ("data/readme.txt", None),
    ("data/sub/indicator_1-1-1.csv", None),
    ("data/.indicator_1-1-1.csv", None),
    ("data/../data/indicator_1-1-1.csv", None),
    ("meta/fr/deep/1-1-1.md", None),
    ("pages/about.html", None),
    ("translations/en/general.yml", None),
    (".git/config", None),
    (".sdgkit/users.json", None),
    ("README.md", None),
    ("", None),
])
def test_editable_kind(path: str, kind: str | None) -> None:
    assert editable_kind(path) == kind


def test_editable_kind_of_a_resolved_path(repo: Path) -> None:
    resolved = resolve_inside(repo, "data/indicator_1-1-1.csv")
    assert editable_kind(resolved, repo) == "data"
    assert editable_kind(resolved) is None  # absolute without its root: unknown
    assert editable_kind(repo.parent / "outside.csv", repo) is None


# --- uploads -----------------------------------------------------------------------------


def _workbook(rows: list[list[Any]], *, sheets: int = 1) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for number in range(1, sheets):
        workbook.create_sheet(f"Other {number}").append(["not", "this", "one"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(content: bytes, member: str, change: Any) -> bytes:
    """A copy of the zip ``content`` with ``member`` passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if info.filename == member else data)
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def test_csv_upload() -> None:
    content = "\ufeffYear,Sex,Value\n2015,F,\"1,5\"\r\n2016,,\"two\nlines\"\n".encode()
    assert check_upload("data.csv", content) == "csv"
    assert check_upload("C:\\fakepath\\DATA.CSV", content) == "csv"
    assert read_upload_rows("data.csv", content) == [["Year", "Sex", "Value"], ["2015", "F", "1,5"],
                                                     ["2016", "", "two\nlines"]]


@pytest.mark.parametrize(("content", "reason"), [
    ("Year,Value\n2015,1\n".encode("utf-16"), "NUL"),
    ("Année,Valeur\n".encode("latin-1"), "not UTF-8"),
    (b"Year,Value\x00\n", "NUL"),
    (b"", "empty"),
])
def test_csv_content_that_is_not_utf8_text(content: bytes, reason: str) -> None:
    with pytest.raises(UploadRefused, match=reason):
        check_upload("data.csv", content)


def test_xlsx_renamed_to_csv_is_refused() -> None:
    with pytest.raises(UploadRefused, match="zip archive"):
        check_upload("data.csv", _workbook([["Year"], [2015]]))


def test_csv_renamed_to_xlsx_is_refused() -> None:
    with pytest.raises(UploadRefused, match=r"not an \.xlsx workbook"):
        check_upload("data.xlsx", b"Year,Value\n2015,1\n")


@pytest.mark.parametrize("name", ["data.xls", "data.xlsm", "data.exe", "data", "data.csv.exe", "data.csv\x00.xlsx",
                                  "csv", ""])
def test_other_extensions_are_refused(name: str) -> None:
    with pytest.raises(UploadRefused, match=r"only \.csv and \.xlsx"):
        check_upload(name, b"Year,Value\n")


def test_oversized_uploads_are_refused() -> None:
    content = b"Year,Value\n" + b"2015,1\n" * (5 * 1024 * 1024 // 7 + 1)
    with pytest.raises(UploadRefused, match=r"the limit is 5\.0 MB"):
        check_upload("data.csv", content)
    with pytest.raises(UploadRefused, match="the file is 5 bytes; the limit is 2 bytes"):
        check_upload("data.csv", b"Year\n", limit=2)
    assert check_upload("data.csv", b"Year\n", limit=5) == "csv"


def test_xlsx_upload_reads_the_first_sheet_as_text() -> None:
    content = _workbook([["Year", "Sex", "Value", "Flag", "When"],
                         [2015, "F", 1.5, True, date(2020, 3, 1)],
                         [2016, None, 0.1 + 0.2, False, datetime(2020, 3, 1, 12, 30)],
                         [2017, "M", 1e20, None, None],
                         [None, None, None, None, None]], sheets=2)
    assert check_upload("table.XLSX", content) == "xlsx"
    assert read_upload_rows("table.xlsx", content) == [
        ["Year", "Sex", "Value", "Flag", "When"],
        ["2015", "F", "1.5", "TRUE", "2020-03-01"],
        ["2016", "", "0.3", "FALSE", "2020-03-01T12:30:00"],
        ["2017", "M", "1e+20", "", ""]]


def test_formulas_are_never_evaluated_nor_copied_as_text() -> None:
    content = _workbook([[1, 2, "=A1+B1", "=HYPERLINK(\"http://example.org\")"]])
    assert read_upload_rows("f.xlsx", content) == [["1", "2"]]  # no cached value: empty, not "=A1+B1"
    cached = _rewrite(content, SHEET, lambda xml: xml.replace(b"<f>A1+B1</f><v></v>", b"<f>A1+B1</f><v>3</v>"))
    assert read_upload_rows("f.xlsx", cached) == [["1", "2", "3"]]


def test_a_lying_dimension_does_not_pad_the_sheet() -> None:
    content = _rewrite(_workbook([["Year", "Value"], [2015, 1]]), SHEET,
                       lambda xml: xml.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>'))
    assert read_upload_rows("d.xlsx", content) == [["Year", "Value"], ["2015", "1"]]


def test_too_many_cells_are_refused() -> None:
    content = _workbook([[row, row] for row in range(100)])
    assert len(read_upload_rows("c.xlsx", content, max_cells=200)) == 100
    with pytest.raises(UploadRefused, match="more than 199 cells"):
        read_upload_rows("c.xlsx", content, max_cells=199)


def test_a_far_away_cell_is_refused_not_padded() -> None:
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
    content = _rewrite(_workbook([["Year"]]), SHEET, lambda xml: xml.replace(b"</sheetData>", far))
    with pytest.raises(UploadRefused, match="more than 10,000 cells"):
        read_upload_rows("far.xlsx", content, max_cells=10_000)


def test_zip_bomb_is_refused() -> None:
    buffer = io.BytesIO(_workbook([["Year"]]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\x00" * (65 * 1024 * 1024))
    content = buffer.getvalue()
    assert len(content) < 1024 * 1024  # small on the wire
    with pytest.raises(UploadRefused, match=r"unpacks to more than 64\.0 MB"):
        check_upload("bomb.xlsx", content)


def test_many_members_are_refused() -> None:
    buffer = io.BytesIO(_workbook([["Year"]]))
    with zipfile.ZipFile(buffer, "a") as archive:
        for number in range(1001):
            archive.writestr(f"xl/media/{number}.bin", b"")
    with pytest.raises(UploadRefused, match="unpacks"):
        check_upload("many.xlsx", buffer.getvalue())


def test_xml_entity_bombs_are_refused() -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    content = _rewrite(_workbook([["Year"]]), SHEET, lambda xml: laughs + xml)
    with pytest.raises(UploadRefused, match="document type declaration"):
        check_upload("lol.xlsx", content)


def test_utf16_xml_is_refused() -> None:
    content = _rewrite(_workbook([["Year"]]), SHEET, lambda xml: xml.decode().encode("utf-16"))
    with pytest.raises(UploadRefused, match="UTF-16"):
        check_upload("u.xlsx", content)


def test_a_damaged_workbook_is_refused() -> None:
    content = _workbook([["Year"]])
    with pytest.raises(UploadRefused, match="damaged"):
        check_upload("cut.xlsx", content[: len(content) // 2])
    with pytest.raises(UploadRefused, match="cannot be opened"):
        check_upload("nothing.xlsx", _rewrite(content, "xl/workbook.xml", lambda xml: b"<broken"))
    just_a_zip = io.BytesIO()
    with zipfile.ZipFile(just_a_zip, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(UploadRefused, match="cannot be opened"):
        check_upload("zip.xlsx", just_a_zip.getvalue())


def test_a_broken_sheet_is_refused_when_read() -> None:
    content = _rewrite(_workbook([["Year"]]), SHEET,
                       lambda xml: xml.replace(b"<sheetData>", b"<sheetData><row r='1'><c r='A1'><v>1</v></c>"))
    with pytest.raises(UploadRefused, match="cannot be"):
        read_upload_rows("broken.xlsx", content)


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), (True, "TRUE"), (7, "7"), (7.0, "7"), (-0.5, "-0.5"), (1 / 3, "0.333333333333333"),
    (date(2021, 1, 2), "2021-01-02"), (datetime(2021, 1, 2), "2021-01-02"), (timedelta(hours=1), "1:00:00"),
    ("  kept  ", "  kept  "),
])
def test_cell_text(value: Any, text: str) -> None:
    assert cell_text(value) == text
