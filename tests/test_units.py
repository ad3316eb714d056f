"""Units: pint's factors, exact, for the tokens kcheck hands it."""

from __future__ import annotations

from fractions import Fraction

import pint
import pytest

from kcheck import units


@pytest.mark.parametrize(
    ("unit", "target", "expected"),
    [
        pytest.param("mcg", units.MICROGRAM, Fraction(1), id="mcg"),
        pytest.param("mg", units.MICROGRAM, Fraction(1000), id="mg"),
        pytest.param("g", units.MICROGRAM, Fraction(10**6), id="g"),
        pytest.param("micromole", "nanomole", Fraction(1000), id="umol-nmol-no-float-noise"),
        pytest.param("mcg", "milligram", Fraction(1, 1000), id="mcg-in-mg"),
        pytest.param("L", "mL", Fraction(1000), id="volume"),
    ],
)
def test_factors_are_exact(unit: str, target: str, expected: Fraction) -> None:
    assert units.factor(unit, target) == expected


def test_units_of_different_dimensions_do_not_convert() -> None:
    with pytest.raises(pint.DimensionalityError):
        units.factor("mg", "nanomole")


def test_common_factors_cover_the_common_pairs() -> None:
    assert set(units.common_factors()) == set(units.COMMON_FACTORS)
    assert units.remember_factors({}) is True
