"""Ruff and mypy are part of the test suite: style, the import boundaries (TID251) and types are checked in CI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    """A test tool on PATH or beside this interpreter (a venv run as .venv/bin/python -m pytest)."""
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        pytest.skip(f"{name} is not installed (pip install '.[test]' installs it)")
    return found


def test_ruff_clean() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", "kcheck", "tests", "bench"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_clean(tmp_path: Path) -> None:
    """The compiled build checks annotations as it runs: every call into kcheck, compiled or not, must type-check."""
    result = subprocess.run(
        [_tool("mypy"), "--cache-dir", str(tmp_path), "kcheck"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
