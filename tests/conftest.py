"""Shared test helpers: where the real fixtures are, copying them safely, and built sites."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sdgkit.build import build
from sdgkit.scaffold import demo_repository
from sdgkit.validate.issues import Severity

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"
TINY = Path(__file__).parent / "fixtures" / "tiny"
PROGRESS = Path(__file__).parent / "fixtures" / "progress"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: runs the built website in Chromium with Playwright "
                                       "(skipped when /usr/bin/chromium or node_modules/axe-core is missing)")


def shared_fixture(name: str) -> Path:
    """Path of a fixture in ../shared/fixtures; the test is skipped when it is absent."""
    path = SHARED / name
    if not path.is_dir():
        pytest.skip(f"{path} is not available (tests that need ../shared skip cleanly)")
    return path


@pytest.fixture
def uk_repo(tmp_path: Path) -> Path:
    """A private copy of the UK data repository (../shared is read-only)."""
    target = tmp_path / "uk"
    shutil.copytree(shared_fixture("uk-sdg-data"), target)
    return target


@pytest.fixture
def starter_repo(tmp_path: Path) -> Path:
    target = tmp_path / "starter"
    shutil.copytree(shared_fixture("open-sdg-data-starter"), target)
    return target


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the expected trees under tests/golden/ from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


# --- built websites, once per test session ---------------------------------------------------------


def built_site(repo: Path, out: Path) -> Path:
    """``sdgkit build`` of ``repo`` into ``out`` (no render cache: nothing is written beside it)."""
    result = build(repo, out, use_cache=False)
    errors = [issue.message for issue in result.report if issue.severity is Severity.ERROR]
    assert result.written, errors
    return out


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny en/fr fixture, built."""
    folder = tmp_path_factory.mktemp("tiny-site")
    repo = shutil.copytree(TINY, folder / "repo")
    return built_site(repo, folder / "_site")


@pytest.fixture(scope="session")
def progress_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The en/fr fixture with an indicator for every case of the progress measure, built."""
    folder = tmp_path_factory.mktemp("progress-site")
    repo = shutil.copytree(PROGRESS, folder / "repo")
    return built_site(repo, folder / "_site")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo repository (en, fr and right-to-left ar), built."""
    folder = tmp_path_factory.mktemp("demo-site")
    demo_repository(folder / "repo")
    return built_site(folder / "repo", folder / "_site")


@pytest.fixture(scope="session")
def uk_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The UK's real repository, built as it is configured (read in place, written to a temporary folder)."""
    return built_site(shared_fixture("uk-sdg-data"), tmp_path_factory.mktemp("uk-site") / "_site")


#: the UK's district boundaries: remote in its config_data.yml, and a copy in its geojsons/ folder
UK_DISTRICTS = "Local_Authority_Districts_December_2016_GB_BUC_2022"


def with_local_districts(repo: Path) -> Path:
    """``repo`` (a copy of the UK's) with its ``local_authorities`` layer read from the local boundary file.

    As configured, every UK map layer is a remote URL, which a build does not fetch, so the site
    has no maps; the district layer's file is also in the repository, and pointing at it gives
    maps to the indicators with ``data_show_map: true`` (8-10-1, 3-9-1, 11-3-1, ...).
    """
    local = sorted((repo / "geojsons").glob(f"{UK_DISTRICTS}*.geojson"))
    config = repo / "config_data.yml"
    text = config.read_text(encoding="utf-8")
    patched = re.sub(rf"(geojson_file:\s*)https?://\S*{UK_DISTRICTS}\S*",
                     lambda match: match.group(1) + local[0].relative_to(repo).as_posix(), text) if local else text
    if patched == text:
        pytest.skip(f"{config} has no remote {UK_DISTRICTS} layer with a local copy in geojsons/")
    config.chmod(0o644)  # copied from a read-only folder, with its mode
    config.write_text(patched, encoding="utf-8")
    return repo


@pytest.fixture(scope="session")
def uk_map_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The UK's repository with its district map layer read from its local file, built (maps on 28 indicators)."""
    folder = tmp_path_factory.mktemp("uk-map-site")
    repo = shutil.copytree(shared_fixture("uk-sdg-data"), folder / "repo")
    return built_site(with_local_districts(repo), folder / "_site")


@pytest.fixture
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user config of its own, so that commits work on a CI machine without one."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Test\n\temail = test@example.org\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
