"""The one pint UnitRegistry, built lazily from units.txt; pint only ever sees a unit token."""

from __future__ import annotations

import functools
from fractions import Fraction
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pint

MICROGRAM = "microgram"


# The unit pairs every run converts: label masses to micrograms, and micromoles to nanomoles.
COMMON_FACTORS = (("mcg", MICROGRAM), ("mg", MICROGRAM), ("g", MICROGRAM), ("micromole", "nanomole"))
_factors: dict[tuple[str, str], Fraction] = {}


def definitions() -> str:
    """The text of units.txt: what the registry is built from, and what cached factors are keyed on."""
    return (resources.files("kcheck") / "units.txt").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """Build the registry on first use so `kcheck --help` never pays for importing pint."""
    import pint

    ureg: pint.UnitRegistry = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=False, cache_folder=None)
    # One define() per line is about three times faster than load_definitions() on this small file.
    for line in definitions().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            ureg.define(line.strip())
    return ureg


def exact(number: float) -> Fraction:
    """Recover the decimal a float was written as (1e-3 -> 1/1000), so factors stay exact."""
    return Fraction(repr(number))


def factor(unit: str, target: str) -> Fraction:
    """How many `target` one `unit` is, exactly: factor("mg", "microgram") == 1000 (pint's answer, kept)."""
    known = _factors.get((unit, target))
    if known is None:
        ureg = registry()
        ureg.Quantity(1, ureg.parse_units(unit)).to(target)  # raises when the dimensions differ
        # Through base units, each a written decimal (1e-6, 1e-9): micromole -> nanomole is then
        # exactly 1000, not pint's float quotient 999.9999999999999.
        known = _factors[unit, target] = _in_base_units(unit) / _in_base_units(target)
    return known


def _in_base_units(unit: str) -> Fraction:
    ureg = registry()
    return exact(ureg.Quantity(1, ureg.parse_units(unit)).to_base_units().magnitude)


def common_factors() -> dict[tuple[str, str], Fraction]:
    """Pint's factors for COMMON_FACTORS (imports pint unless they are already known)."""
    return {pair: factor(*pair) for pair in COMMON_FACTORS}


def remember_factors(factors: dict[tuple[str, str], Fraction]) -> bool:
    """Take factors pint gave in an earlier run (cached beside the data); True when all common ones are known."""
    _factors.update(factors)
    return all(pair in _factors for pair in COMMON_FACTORS)


def nanomoles(mass_ug: Fraction, molar_mass_g_per_mol: Fraction) -> Fraction:
    """Amount of substance in nmol for a mass in mcg and a molar mass in g/mol (mcg / (g/mol) = µmol)."""
    return mass_ug * factor("micromole", "nanomole") / molar_mass_g_per_mol
