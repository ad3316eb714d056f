"""Exact decimal arithmetic and ISMP-safe display of amounts (45 mcg, 0.5 mg, never .5 or 45.0).

The display functions are pure and called for every finding of every row with amounts that repeat
(band edges, limits, common doses), so they keep a bounded cache, keyed on the amount's numerator
and denominator: a Fraction's own hash is a modular inverse, slower than most of the work it saves.
"""

from __future__ import annotations

import math
from fractions import Fraction
from operator import truediv
from typing import Final, TypeGuard

from kcheck import units
from kcheck.errors import DataError

_SLOTS: Final = hasattr(Fraction(1), "_numerator")  # CPython's Fraction keeps its parts in these two slots
_FRACTION: Final = Fraction  # Final: compiled code reads it from a C static, not the module's dict
_NEW: Final = object.__new__  # what Fraction's own constructor makes its instance with


def parts(value: Fraction) -> tuple[int, int]:
    """(value.numerator, value.denominator), read from Fraction's own slots where it has them.

    The public properties are Python functions, a call each even from compiled code, and a batch
    row reads them about 80 times.
    """
    if _SLOTS and type(value) is _FRACTION:
        return value._numerator, value._denominator  # type: ignore[attr-defined]
    return value.numerator, value.denominator


def fraction(numerator: int, denominator: int = 1) -> Fraction:
    """Fraction(numerator, denominator), the same value in the same lowest terms, made without Fraction's
    constructor: it is Python code, and a batch row makes a few dozen amounts."""
    if not _SLOTS:
        return Fraction(numerator, denominator)
    if denominator != 1:
        if denominator < 0:
            numerator, denominator = -numerator, -denominator
        elif not denominator:
            raise ZeroDivisionError(f"Fraction({numerator}, 0)")
        common = math.gcd(numerator, denominator)
        if common != 1:
            numerator //= common
            denominator //= common
    value = _NEW(_FRACTION)
    value._numerator = numerator  # type: ignore[attr-defined]
    value._denominator = denominator  # type: ignore[attr-defined]
    return value  # type: ignore[no-any-return]


def nonzero(value: Fraction | None) -> TypeGuard[Fraction]:
    """bool(value) for an amount that may be missing, without Fraction's __bool__ (Python code)."""
    return value is not None and parts(value)[0] != 0


def is_one(value: Fraction | int) -> bool:
    """value == 1, without Fraction's __eq__ (Python code)."""
    return parts(value) == (1, 1)  # type: ignore[arg-type]  # an int has numerator and denominator too


def less(a: Fraction | int, b: Fraction | int) -> bool:
    """a < b, cross-multiplied: Fraction's own comparisons are Python code, and the reader compares counts
    on every label."""
    a_top, a_bottom = parts(a)  # type: ignore[arg-type]  # an int has numerator and denominator too
    b_top, b_bottom = parts(b)  # type: ignore[arg-type]
    return a_top * b_bottom < b_top * a_bottom


def product(a: Fraction, b: Fraction | int) -> Fraction:
    """a * b, exactly, multiplied as integers: Fraction's own product is Python code."""
    a_top, a_bottom = parts(a)
    b_top, b_bottom = parts(b)  # type: ignore[arg-type]  # an int has numerator and denominator too
    return fraction(a_top * b_top, a_bottom * b_bottom)


def ratio(a: Fraction, b: Fraction) -> Fraction:
    """a / b, exactly, divided as integers: Fraction's own division is Python code."""
    a_top, a_bottom = parts(a)
    b_top, b_bottom = parts(b)
    return fraction(a_top * b_bottom, a_bottom * b_top)


def to_micrograms(value: Fraction, unit: str) -> Fraction:
    """Convert a mass amount given as a canonical unit token ("mcg", "mg", "g") to micrograms."""
    if unit == "mcg":
        return value
    return product(value, units.factor(unit, units.MICROGRAM))


def between(numerator: int, denominator: int, low: Fraction, high: Fraction) -> bool:
    """low <= numerator / denominator <= high for a positive denominator, cross-multiplied: Fraction's own
    comparisons are Python code, and bands and ranges are tested on every row."""
    low_top, low_bottom = parts(low)
    high_top, high_bottom = parts(high)
    return low_top * denominator <= numerator * low_bottom and numerator * high_bottom <= high_top * denominator


_TEXTS_KEPT = 4096
_DECIMAL_TEXTS: dict[tuple[int, int, int | None], str] = {}
_MASS_TEXTS: dict[tuple[int, int, int | None], str] = {}


def decimal_text(value: Fraction, places: int = 6) -> str:
    """Exact decimal if it terminates within `places`, else rounded; no trailing zeros, 0.5 not .5."""
    numerator, denominator = parts(value)  # unpacked: a starred call is a generic call in compiled code
    return _decimal_parts_text(numerator, denominator, places)


def _decimal_parts_text(numerator: int, denominator: int, places: int) -> str:
    """decimal_text of numerator / denominator (a positive denominator, not necessarily in lowest terms)."""
    if denominator == 1:
        return str(numerator) if -1000 < numerator < 1000 else f"{numerator:,}"  # str(): no format spec to parse
    key = (numerator, denominator, places)
    text = _DECIMAL_TEXTS.get(key)
    if text is None:
        text = _keep(_DECIMAL_TEXTS, key, _decimal_text(numerator, denominator, places))
    return text


def _keep(texts: dict[tuple[int, int, int | None], str], key: tuple[int, int, int | None], text: str) -> str:
    """Keep `text` under `key`, starting again when the cache is full: memory stays bounded."""
    if len(texts) >= _TEXTS_KEPT:
        texts.clear()
    texts[key] = text
    return text


def _decimal_text(numerator: int, denominator: int, places: int) -> str:
    scaled = round_half_even(numerator * 10**places, denominator)
    sign = "-" if scaled < 0 else ""
    whole, frac = divmod(abs(scaled), 10**places)
    frac_text = f"{frac:0{places}d}".rstrip("0")
    whole_text = f"{whole:,}"
    return f"{sign}{whole_text}.{frac_text}" if frac_text else f"{sign}{whole_text}"


def round_half_even(numerator: int, denominator: int) -> int:
    """round(Fraction(numerator, denominator)) for a positive denominator, on integers: half to even."""
    floor, remainder = divmod(numerator, denominator)
    twice = remainder * 2
    if twice < denominator or (twice == denominator and floor % 2 == 0):
        return floor
    return floor + 1


def significant(value: Fraction, digits: int = 3) -> Fraction:
    """Round to `digits` significant figures, exactly: ratios and nmol deserve no more."""
    numerator, denominator = parts(value)
    if not numerator:
        return value
    top, bottom = significant_parts(numerator, denominator, digits)
    return fraction(top, bottom)


def significant_parts(numerator: int, denominator: int, digits: int = 3) -> tuple[int, int]:
    """significant() of a non-zero numerator / a positive denominator, as (numerator, denominator), on integers.

    The exponent is log10 of the quotient's float (Python's division, which rounds once), the rounding half
    to even, as significant() always took them on the Fraction; Fraction's own arithmetic costs ten times more.
    """
    shift = math.floor(math.log10(abs(truediv(numerator, denominator)))) - digits + 1
    scale = 10 ** abs(shift)
    if shift >= 0:
        return round_half_even(numerator, denominator * scale) * scale, 1
    return round_half_even(numerator * scale, denominator), scale


def mass_range_text(low: Fraction, high: Fraction | None) -> str:
    """'45 mcg', or both ends of a range ('15 mg to 45 mg'): a view that showed one end would misstate it."""
    return mass_text(low) if high is None or high == low else f"{mass_text(low)} to {mass_text(high)}"


def mass_text(ug: Fraction, digits: int | None = None) -> str:
    """Show a mass in the unit that keeps the number below 1000 (SNOMED rule): 45 mcg, 45 mg, 1.5 g.

    A value with exactly three decimals ('1.234 mg') reads as a thousands dot in Europe, and
    one with more than six would be rounded, so both step down a unit ('1,234 mcg') where one exists.
    """
    numerator, denominator = parts(ug)
    key = (numerator, denominator, digits)
    text = _MASS_TEXTS.get(key)
    if text is None:
        text = _keep(_MASS_TEXTS, key, _mass_text(ug, digits))
    return text


def _mass_text(ug: Fraction, digits: int | None) -> str:
    """mass_text on integers: the amount in each unit as a numerator and denominator, not a new Fraction."""
    units_by_size = ("g", "mg", "mcg")
    numerator, denominator = parts(ug)
    size = abs(numerator)
    unit = "g" if size >= 1_000_000 * denominator else "mg" if size >= 1000 * denominator else "mcg"
    while True:
        per_top, per_bottom = parts(units.factor(unit, units.MICROGRAM))
        top, bottom = numerator * per_bottom, denominator * per_top  # the amount in `unit`
        if digits and top:
            top_shown, bottom_shown = significant_parts(top, bottom, digits)
            text = _decimal_parts_text(top_shown, bottom_shown, 6)
        else:
            text = _decimal_parts_text(top, bottom, 6)
        whole, _, decimals = text.partition(".")
        exact = digits is not None or top * 10**6 % bottom == 0
        if unit == "mcg" or (exact and (len(decimals) != 3 or whole == "0")):
            return f"{text} {unit}"
        unit = units_by_size[units_by_size.index(unit) + 1]


def says_mass(number: Fraction, unit: str, ug: Fraction) -> bool:
    """True when '<number> <unit>' already reads as mass_text(ug): '= 45 mg' after '45 mg' only repeats it."""
    return mass_text(ug) == f"{decimal_text(number)} {unit}"


def ratio_text(ratio: Fraction) -> str:
    """A ratio as people read it, to 3 significant figures: 1000×, 250×, 1.46×, 0.25×."""
    return f"{decimal_text(significant(ratio))}×"


def parse_amount(text: object, where: str) -> tuple[str, Fraction]:
    """A data file amount: '45 mg' -> ('45 mg', 45000 mcg); anything else names where it is."""
    number, _, unit = str(text).partition(" ")
    if unit not in ("mcg", "mg", "g"):
        raise DataError(f"{where}: {text!r} is not '<number> <mcg|mg|g>'")
    try:
        return str(text), to_micrograms(Fraction(number), unit)
    except (ValueError, ZeroDivisionError):
        raise DataError(f"{where}: {text!r} is not '<number> <mcg|mg|g>'") from None
