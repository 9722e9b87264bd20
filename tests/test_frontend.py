"""The explorer's JavaScript unit tests (frontend/explorer/*.test.mjs), run with node's own test runner."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_frontend_unit_tests() -> None:
    """``node --test frontend/`` passes; its report is the failure message when it does not."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not on PATH: the explorer's JavaScript tests cannot run")
    result = subprocess.run(
        [node, "--test", "frontend/"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    if result.returncode != 0:
        pytest.fail(
            f"node --test frontend/ exited with {result.returncode}\n{result.stdout}\n{result.stderr}", pytrace=False
        )
