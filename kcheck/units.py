"""The one pint UnitRegistry, built lazily from units.txt; pint only ever sees a unit token."""

from __future__ import annotations

import functools
from fractions import Fraction
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pint

MICROGRAM = "microgram"


@functools.lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """Build the registry on first use so `kcheck --help` never pays for importing pint."""
    import pint

    ureg = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=False, cache_folder=None)
    # One define() per line is about three times faster than load_definitions() on this small file.
    definitions = (resources.files("kcheck") / "units.txt").read_text(encoding="utf-8")
    for line in definitions.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            ureg.define(line.strip())
    return ureg


def exact(number: float) -> Fraction:
    """Recover the decimal a float was written as (1e-3 -> 1/1000), so factors stay exact."""
    return Fraction(repr(number))


@functools.lru_cache(maxsize=256)
def factor(unit: str, target: str) -> Fraction:
    """How many `target` one `unit` is, exactly: factor("mg", "microgram") == 1000."""
    ureg = registry()
    return exact(ureg.Quantity(1, ureg.parse_units(unit)).to(target).magnitude)


def to_micrograms(value: Fraction, unit: str) -> Fraction:
    """Convert a mass amount given as a canonical unit token ("mcg", "mg", "g") to micrograms."""
    return value * factor(unit, MICROGRAM)


def nanomoles(mass_ug: Fraction, molar_mass_g_per_mol: Fraction) -> Fraction:
    """Amount of substance in nmol for a mass in mcg and a molar mass in g/mol (mcg / (g/mol) = µmol)."""
    return mass_ug * factor("micromole", "nanomole") / molar_mass_g_per_mol
