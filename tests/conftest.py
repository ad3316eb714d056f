"""Shared fixtures: the shipped registry, a CLI runner, and the --update-golden switch."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from kcheck._build import stale
from kcheck.data import default_forms, default_registry
from kcheck.forms import FormRegistry
from kcheck.regimens import Registry


def pytest_configure(config: pytest.Config) -> None:
    """Keep the parsed-data cache out of the user's home; refuse to test compiled modules older than their source."""
    os.environ["KCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="kcheck-test-cache-")
    refusal = stale(Path(__file__).resolve().parent.parent / "kcheck")
    if refusal is not None:
        pytest.exit(refusal, returncode=2)


def pytest_addoption(parser: pytest.Parser) -> None:
    """`pytest --update-golden` rewrites the golden files instead of comparing with them."""
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run should rewrite golden files."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The shipped data, validated."""
    return default_registry()


@pytest.fixture(scope="session")
def forms() -> FormRegistry:
    """The shipped forms registry."""
    return default_forms()
