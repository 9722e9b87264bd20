"""``sdgkit serve``: the in-memory preview, its rebuilds, its web server and its command line.

Everything runs on a copy of the tiny repository. Rebuilds are called directly (the
watcher's timing is never waited for); how changed files map to rebuilds is tested on its
own. Speed is measured by ``bench/serve_uk.py``, never asserted here.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import warnings
from pathlib import Path
from typing import Any

import pytest
import watchfiles

from sdgkit.build import buildable, render
from sdgkit.check import check, load_project
from sdgkit.cli import serve_command
from sdgkit.server import Preview, create_app, plan_rebuild
from sdgkit.server.app import SCRIPT_PATH, VERSION_PATH, content_type, resolve, respond
from sdgkit.server.changes import RebuildPlan, ignored
from sdgkit.server.watch import Watcher, settled

with warnings.catch_warnings():  # starlette 1.x prefers httpx2 to httpx, which is what the project declares
    warnings.simplefilter("ignore", UserWarning)
    from starlette.testclient import TestClient

TINY = Path(__file__).parent / "fixtures" / "tiny"
DATA = "data/indicator_1-1-1.csv"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "tiny"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture
def preview(repo: Path) -> Preview:
    built = Preview(repo)
    assert built.build().kind == "full"
    return built


@pytest.fixture
def client(preview: Preview) -> TestClient:
    return TestClient(create_app(preview), follow_redirects=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- serving ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("address", "media_type"), [
    ("/", "text/html; charset=utf-8"),
    ("/en/", "text/html; charset=utf-8"),
    ("/fr/1-1-1/", "text/html; charset=utf-8"),
    ("/assets/sdgkit.css", "text/css; charset=utf-8"),
    ("/assets/sdgkit.js", "text/javascript; charset=utf-8"),
    ("/en/data/1-1-1.csv", "text/csv; charset=utf-8"),
    ("/en/comb/1-1-1.json", "application/json"),
    ("/en/zip/all_indicators.zip", "application/zip"),
    ("/sitemap.xml", "application/xml"),
    ("/robots.txt", "text/plain; charset=utf-8"),
])
def test_files_are_served_with_their_media_type(client: TestClient, address: str, media_type: str) -> None:
    response = client.get(address)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(("name", "media_type"), [
    ("en/geojson/regions/indicator_1-1-1.geojson", "application/geo+json"),
    ("pagefind/wasm.en.pagefind", "application/octet-stream"),
    ("pagefind/index/en_1234567.pf_index", "application/octet-stream"),
    ("pagefind/pagefind.js", "text/javascript; charset=utf-8"),
    ("pagefind/x.wasm", "application/wasm"),
    ("no-extension", "application/octet-stream"),
])
def test_media_types_of_other_files(name: str, media_type: str) -> None:
    assert content_type(name) == media_type


def test_the_root_and_folders_serve_their_index(client: TestClient, preview: Preview) -> None:
    assert client.get("/").content.startswith(preview.site.files["index.html"][:50])
    page = client.get("/en/1-1-1/").text
    assert "Proportion of people below the poverty line" in page


def test_an_address_without_its_slash_is_redirected(client: TestClient) -> None:
    response = client.get("/en/1-1-1")
    assert response.status_code == 307 and response.headers["location"] == "/en/1-1-1/"
    assert client.get("/fr?x=1").headers["location"] == "/fr/?x=1"


def test_an_unknown_address_gets_the_sites_404_page(client: TestClient, preview: Preview) -> None:
    root = client.get("/no/such/page/")
    assert root.status_code == 404 and root.headers["content-type"] == "text/html; charset=utf-8"
    assert root.content.startswith(preview.site.files["404.html"][:200])
    french = client.get("/fr/pas-de-page/")
    assert french.status_code == 404 and french.content.startswith(preview.site.files["fr/404.html"][:200])


@pytest.mark.parametrize("address", [
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/en/%2e%2e/%2e%2e/config_data.yml", "/..%2fconfig_data.yml",
    "/%2Fetc%2Fpasswd", "//etc/passwd", "/en/..%5c..%5cconfig_data.yml", "/config_data.yml", "/" + DATA,
    "/en/%00/index.html",
])
def test_addresses_cannot_reach_files_on_disk(client: TestClient, address: str) -> None:
    response = client.get(address)
    assert response.status_code == 404
    assert b"Proportion of people" not in response.content and b"root:" not in response.content


@pytest.mark.parametrize("path", ["/../config_data.yml", "/en/../../config_data.yml", "/./index.html",
                                  "/en/./1-1-1/", "/C:\\Windows\\win.ini", "/en//1-1-1/"])
def test_dot_segments_are_refused_before_any_lookup(preview: Preview, path: str) -> None:
    files = {**preview.site.files, "config_data.yml": b"secret", "index.html": b"root",
             "en/1-1-1/index.html": b"page"}
    assert resolve(files, "/", path) is None
    assert respond(preview.site, path).status_code == 404


def test_a_site_under_a_base_path_is_served_there() -> None:
    files = {"index.html": b"<body></body>", "en/index.html": b"<body></body>"}
    assert resolve(files, "/sdg/", "/sdg/en/") == "en/index.html"
    assert resolve(files, "/sdg/", "/sdg/") == "index.html"
    redirect = resolve(files, "/sdg/", "/")
    assert redirect is not None and not isinstance(redirect, str) and redirect.location == "/sdg/"
    assert resolve(files, "/sdg/", "/en/") is None


def test_the_live_reload_script_is_only_in_html(client: TestClient, preview: Preview) -> None:
    tag = f'<script src="{SCRIPT_PATH}" data-version="{preview.site.version}" defer></script></body>'
    assert tag in client.get("/en/1-1-1/").text
    assert tag in client.get("/no/such/page/").text
    for address in ("/en/data/1-1-1.csv", "/en/comb/1-1-1.json", "/assets/sdgkit.js", "/sitemap.xml"):
        assert b"__sdgkit" not in client.get(address).content
    script = client.get(SCRIPT_PATH)
    assert script.headers["content-type"].startswith("text/javascript") and VERSION_PATH in script.text
    assert client.get(VERSION_PATH).json() == {"version": preview.site.version, "errors": 0, "stale": False}


def test_built_sites_never_contain_the_preview_script(repo: Path) -> None:
    checked = check(repo)
    assert checked.project is not None
    built = dict(render(checked.project, buildable(checked.project, checked.report)[0], slow_files=False))
    assert not [name for name, content in built.items() if b"__sdgkit" in content]


# --- rebuilding -----------------------------------------------------------------------------------

def test_editing_one_data_file_rebuilds_that_indicator(repo: Path, preview: Preview, client: TestClient) -> None:
    page_before = client.get("/en/1-1-1/").text
    version = preview.site.version
    edit(repo / DATA, "2015,,,,10.5", "2015,,,,77.25")
    result = preview.rebuild({DATA})
    assert result.kind == "indicators" and result.indicators == ("1-1-1",) and result.errors == 0
    assert "77.25" in client.get("/en/data/1-1-1.csv").text
    page = client.get("/en/1-1-1/").text
    assert page != page_before and "77.25" in page
    assert preview.site.version == version + 1
    assert client.get(VERSION_PATH).json()["version"] == version + 1


def test_a_rebuild_gives_the_same_files_as_a_full_build(repo: Path, preview: Preview) -> None:
    edit(repo / DATA, "2016,male,,,12.5", "2016,male,,,13.5")
    edit(repo / "meta" / "1-2-1.md", "indicator_name: Poverty by location", "indicator_name: Poverty by place")
    result = preview.rebuild({DATA, "meta/1-2-1.md"})
    assert result.kind == "indicators" and result.indicators == ("1-1-1", "1-2-1")
    fresh = Preview(repo)
    fresh.build()
    assert dict(preview.site.files) == dict(fresh.site.files)
    assert "Poverty by place" in preview.site.files["en/indicators.json"].decode()  # the lists are made again
    assert "Poverty by place" in preview.site.files["en/1/index.html"].decode()


def test_with_its_slow_files_the_preview_is_exactly_what_sdgkit_build_writes(repo: Path, preview: Preview) -> None:
    edit(repo / DATA, "2015,,,,10.5", "2015,,,,10.75")
    preview.rebuild({DATA})
    assert preview.refresh_slow_files() > 0
    checked = check(repo)
    assert checked.project is not None
    expected = dict(render(checked.project, buildable(checked.project, checked.report)[0]))
    assert dict(preview.site.files) == expected
    assert any(name.startswith("pagefind/") for name in expected)
    assert any(name.startswith("documentation/") for name in expected)


def test_slow_files_are_kept_until_made_again(repo: Path, preview: Preview, client: TestClient) -> None:
    version = preview.site.version
    assert preview.refresh_slow_files() > 0
    assert preview.site.version == version  # making them does not reload the pages
    entry = client.get("/pagefind/pagefind-entry.json")
    assert entry.status_code == 200 and entry.headers["content-type"] == "application/json"
    index = next(name for name in preview.site.files if name.endswith(".pf_meta"))
    assert client.get(f"/{index}").headers["content-type"] == "application/octet-stream"
    edit(repo / "config_data.yml", "languages:\n  - en\n  - fr\n", "languages:\n  - en\n  - fr\n  - es\n")
    assert preview.rebuild({"config_data.yml"}).kind == "full"
    assert client.get("/pagefind/pagefind-entry.json").status_code == 200
    assert client.get("/documentation/").status_code == 200


def test_the_documentation_is_made_when_first_opened_after_a_change(repo: Path, preview: Preview,
                                                                   client: TestClient) -> None:
    assert preview.needs_documentation("/documentation/") and not preview.needs_documentation("/en/")
    assert "documentation/index.html" not in preview.site.files
    assert client.get("/documentation/").status_code == 200
    assert not preview.needs_documentation("/documentation/")
    assert client.get("/documentation/disaggregation-value--female.html").status_code == 200
    data = repo / DATA
    data.write_text(data.read_text(encoding="utf-8").replace("female", "women"), encoding="utf-8")
    preview.rebuild({DATA})
    assert preview.needs_documentation("/documentation/disaggregation-value--women.html")
    assert client.get("/documentation/disaggregation-value--women.html").status_code == 200
    assert client.get("/documentation/disaggregation-value--female.html").status_code == 404


def test_an_error_leaves_the_indicator_out_and_shows_a_banner(repo: Path, preview: Preview,
                                                             client: TestClient) -> None:
    edit(repo / DATA, "2015,,,,10.5", "2015,,,,ten")
    result = preview.rebuild({DATA})
    assert result.kind == "indicators" and result.errors >= 1 and result.skipped == ("1-1-1",)
    assert client.get("/en/1-1-1/").status_code == 404
    assert client.get("/en/data/1-1-1.csv").status_code == 404
    home = client.get("/en/").text
    assert 'id="sdgkit-preview-errors"' in home and "Left out: 1-1-1" in home and DATA in home
    assert b"sdgkit-preview-errors" not in client.get("/en/data/1-2-1.csv").content
    edit(repo / DATA, "2015,,,,ten", "2015,,,,10.5")
    assert preview.rebuild({DATA}).errors == 0
    assert client.get("/en/1-1-1/").status_code == 200
    assert "sdgkit-preview-errors" not in client.get("/en/").text


def test_errors_in_several_indicators_saved_together_are_all_kept(repo: Path, preview: Preview) -> None:
    edit(repo / DATA, "2015,,,,10.5", "2015,,,,ten")
    edit(repo / "data" / "indicator_1-2-1.csv", "2018,Poverty rate,Percent,,,20", "2018,Poverty rate,Percent,,,twenty")
    result = preview.rebuild({DATA, "data/indicator_1-2-1.csv"})
    assert result.skipped == ("1-1-1", "1-2-1")
    assert {issue.file for issue in preview.site.errors} == {DATA, "data/indicator_1-2-1.csv"}


def test_a_configuration_change_rebuilds_everything(repo: Path, preview: Preview, client: TestClient) -> None:
    assert client.get("/es/").status_code == 404
    edit(repo / "config_data.yml", "languages:\n  - en\n  - fr\n", "languages:\n  - en\n  - fr\n  - es\n")
    result = preview.rebuild({"config_data.yml"})
    assert result.kind == "full" and result.reason == "config_data.yml"
    assert client.get("/es/1-1-1/").status_code == 200


def test_a_broken_configuration_keeps_the_last_site(repo: Path, preview: Preview, client: TestClient) -> None:
    good = dict(preview.site.files)
    (repo / "config_data.yml").write_text("languages: [en\n", encoding="utf-8")
    result = preview.rebuild({"config_data.yml"})
    assert result.kind == "failed" and result.problem is not None and result.problem.code == "config-yaml-syntax"
    assert dict(preview.site.files) == good and preview.site.stale
    assert "could not be read" in client.get("/en/").text
    shutil.copy(TINY / "config_data.yml", repo / "config_data.yml")
    assert preview.rebuild({DATA}).kind == "full"  # after a failure, any change rebuilds everything
    assert not preview.site.stale


def test_unrelated_files_rebuild_nothing(preview: Preview) -> None:
    version = preview.site.version
    assert preview.rebuild({"_site/en/index.html", ".git/index", "data/indicator_1-1-1.csv~"}).kind == "none"
    assert preview.site.version == version


# --- which changes ask for what ------------------------------------------------------------------

@pytest.mark.parametrize(("changed", "expected"), [
    ({DATA}, RebuildPlan(frozenset({"1-1-1"}))),
    ({"meta/1-2-1.md"}, RebuildPlan(frozenset({"1-2-1"}))),
    ({"meta/fr/1-1-1.md"}, RebuildPlan(frozenset({"1-1-1"}))),
    ({"meta/2-1-1.md", DATA}, RebuildPlan(frozenset({"1-1-1", "2-1-1"}))),
    ({"config_data.yml", DATA}, RebuildPlan(full=True, reason="config_data.yml")),
    ({"translations/fr/data.yml"}, RebuildPlan(full=True, reason="translations/fr/data.yml")),
    ({"_prose.yml"}, RebuildPlan(full=True, reason="_prose.yml")),
    ({"pages/about.md"}, RebuildPlan(full=True, reason="pages/about.md")),
    ({"data/indicator_9-9-9.csv"}, RebuildPlan(full=True, reason="data/indicator_9-9-9.csv")),
    ({"meta/de/1-1-1.md"}, RebuildPlan(full=True, reason="meta/de/1-1-1.md")),
    ({"_site/en/index.html", "._site.sdgkit-cache/1-1-1.pickle", "._site.new-x1/a.html", ".git/index",
      "data/.indicator_1-1-1.csv.swp", "data/indicator_1-1-1.csv~", "data/~$indicator_1-1-1.csv",
      "data/.~lock.indicator_1-1-1.csv#", "meta/#1-1-1.md#", "meta/4913", "meta/.DS_Store"}, RebuildPlan()),
])
def test_changed_files_map_to_rebuilds(repo: Path, changed: set[str], expected: RebuildPlan) -> None:
    loaded = load_project(repo)
    assert loaded.project is not None
    plan = plan_rebuild(changed, loaded.project.config, loaded.project.indicators)
    assert plan == expected


def test_many_indicators_at_once_rebuild_everything(repo: Path) -> None:
    loaded = load_project(repo)
    assert loaded.project is not None
    changed = {DATA, "meta/1-2-1.md", "meta/2-1-1.md"}
    assert plan_rebuild(changed, loaded.project.config, loaded.project.indicators, most=2).full
    assert not plan_rebuild(changed, loaded.project.config, loaded.project.indicators, most=3).full


def test_ignored_files_follow_the_configured_output_folder() -> None:
    assert ignored("public/en/index.html", "public") and ignored(".public.sdgkit-cache/x", "public")
    assert ignored(".git") and ignored("_site") and ignored("node_modules/x/y.js")
    assert not ignored("_site/en/index.html", "public")
    assert ignored("build/site/index.html", "build/site") and ignored("build/.site.new-1/x", "build/site")
    assert not ignored("data/indicator_1-1-1.csv", "_site")


def test_temporary_files_that_came_and_went_are_dropped(tmp_path: Path) -> None:
    real = tmp_path / "indicator_1-1-1.csv"
    real.write_text("Year,Value\n")
    temporary = str(tmp_path / "sedX1Y2")
    batch = {(watchfiles.Change.added, temporary), (watchfiles.Change.deleted, temporary),
             (watchfiles.Change.added, str(real)), (watchfiles.Change.modified, str(real)),
             (watchfiles.Change.deleted, str(tmp_path / "gone.md"))}
    assert settled(batch) == {str(real), str(tmp_path / "gone.md")}


def test_the_watcher_rebuilds_and_reports(repo: Path, preview: Preview) -> None:
    seen: list[Any] = []
    watcher = Watcher(preview, seen.append, lambda what, error: seen.append((what, error)))
    edit(repo / DATA, "2015,,,,10.5", "2015,,,,10.25")
    watcher.apply({preview.relative(repo / DATA)})
    watcher.apply({"README.tmp"})
    assert [result.kind for result in seen] == ["indicators"]


# --- the command line ------------------------------------------------------------------------------

def serve(*arguments: str) -> int:
    parser = argparse.ArgumentParser(prog="sdgkit")
    serve_command.add_parser(parser.add_subparsers())
    options = parser.parse_args(["serve", *arguments])
    code: int = options.run(options)
    return code


def free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace the server start: record what would be served, and check that it serves."""
    calls: list[dict[str, Any]] = []

    def fake_start(app: Any, host: str, port: int) -> None:
        response = TestClient(app).get("/")
        calls.append({"host": host, "port": port, "status": response.status_code})

    monkeypatch.setattr(serve_command, "start_server", fake_start)
    return calls


def test_serve_listens_on_this_computer_by_default(repo: Path, started: list[dict[str, Any]],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    assert serve(str(repo), "--port", port, "--no-watch") == 0
    assert started == [{"host": "127.0.0.1", "port": int(port), "status": 200}]
    out, err = capsys.readouterr()
    assert f"http://127.0.0.1:{port}/" in out and "Built the site in" in out
    assert "Warning" not in err


def test_another_host_prints_a_warning(repo: Path, started: list[dict[str, Any]],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert serve(str(repo), "--host", "0.0.0.0", "--port", free_port(), "--no-watch") == 0  # noqa: S104
    assert started[0]["host"] == "0.0.0.0"  # noqa: S104
    err = capsys.readouterr().err
    assert "no authentication" in err and "no TLS" in err


def test_a_missing_folder_exits_2_with_one_line(tmp_path: Path, started: list[dict[str, Any]],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert serve(str(tmp_path / "nowhere"), "--port", free_port()) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a folder" in err and not started


def test_a_broken_configuration_exits_2_with_one_line(repo: Path, started: list[dict[str, Any]],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "config_data.yml").write_text("languages: [en\n", encoding="utf-8")
    assert serve(str(repo), "--port", free_port()) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "config_data.yml:2" in err and "Traceback" not in err and not started


def test_validation_errors_do_not_stop_the_preview(repo: Path, started: list[dict[str, Any]],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo / DATA, "2015,,,,10.5", "2015,,,,ten")
    assert serve(str(repo), "--port", free_port(), "--no-watch") == 0
    assert started and "left out: 1-1-1" in capsys.readouterr().out


def test_a_busy_port_exits_2(repo: Path, started: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        assert serve(str(repo), "--port", str(busy.getsockname()[1])) == 2
    assert "cannot listen" in capsys.readouterr().err and not started


def test_the_demo_is_served_from_a_temporary_folder_removed_at_exit(started: list[dict[str, Any]],
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert serve("--demo", "--port", free_port(), "--no-watch") == 0
    assert started[0]["status"] == 200
    out = capsys.readouterr().out
    folder = Path(out.split(" is in ", 1)[1].split(";", 1)[0])
    assert folder.name == "demo" and not folder.exists()
    assert serve("--demo", "somewhere") == 2


def test_the_version_endpoint_reports_errors(repo: Path, preview: Preview, client: TestClient) -> None:
    edit(repo / DATA, "2015,,,,10.5", "2015,,,,ten")
    preview.rebuild({DATA})
    state = json.loads(client.get(VERSION_PATH).content)
    assert state["errors"] >= 1 and state["version"] == preview.site.version
