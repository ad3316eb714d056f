"""The human views at any width, regimens filters that explain themselves, and text that says each thing once."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kcheck.cli import main
from kcheck.regimens import Registry


def run(*args: str, columns: int = 100) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": str(columns)})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- text says each thing once


@pytest.mark.parametrize(
    ("label", "repeat"),
    [
        pytest.param("45 mg MK-4", "= 45 mg =", id="mg-restated-as-itself"),
        pytest.param("100 mg MK-7", "100 mg MK-7 (100 mg)", id="kc304-restates-the-amount"),
        pytest.param("2 g K1", "= 2 g =", id="grams-restated-as-themselves"),
    ],
)
def test_an_amount_is_not_restated_as_itself(label: str, repeat: str) -> None:
    _, out, _ = run("label", label, columns=300)
    assert label.split()[0] in out and repeat not in out


@pytest.mark.parametrize(
    ("label", "restatement"),
    [
        pytest.param("5000 IU D3", "= 125 mcg", id="iu-gains-its-mass"),
        pytest.param("1500 mcg K1", "= 1.5 mg", id="mcg-gains-the-readable-unit"),
        pytest.param("1-200 mg MK-7", "1-200 mg MK-7 (200 mg) is above", id="kc304-names-the-end-of-a-range"),
    ],
)
def test_a_different_spelling_is_still_restated(label: str, restatement: str) -> None:
    _, out, _ = run("label", label, columns=300)
    assert restatement in out


def test_a_reference_ending_in_a_period_gets_no_second_one(registry: Registry) -> None:
    references = [source.reference for source in registry.sources.values()]
    assert any("Eisai Co., Ltd." in reference for reference in references)
    assert not [reference for reference in references if ".." in reference]
