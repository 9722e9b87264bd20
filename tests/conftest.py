"""Shared test helpers: where the real fixtures are, and copying them safely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"


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
