"""The hot path's shortcuts give exactly what the plain code gives (property tests against it)."""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction
from operator import truediv

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kcheck import units
from kcheck.amounts import (
    _mass_text,
    decimal_text,
    fraction,
    is_one,
    nonzero,
    parts,
    product,
    ratio,
    significant,
    to_micrograms,
)
from kcheck.data import default_registry
from kcheck.engine import _apart, _beyond_rounding, _in_band, _in_iu_band
from kcheck.forms import Band
from kcheck.label import tokenizer
from kcheck.label.lexicon import CJK
from kcheck.label.phrases import _SIGN_AT_START, _SIGN_OR_SPLIT, no_sign_or_split
from kcheck.label.tokens import _PRINTABLE_ASCII, folds_onto_ascii
from kcheck.limits import _walk, long_number
from kcheck.render._escape import json_safe
from kcheck.render.json_ import number, quotient, rounded_text
from kcheck.render.jsonl import _text


def digit_runs(digits: str, separators: list[str]) -> st.SearchStrategy[str]:
    """Runs of digits with separators between them, around NUMBER_MAX_DIGITS digits long in all."""
    return st.lists(st.text(alphabet=digits, min_size=1, max_size=9), max_size=6).flatmap(
        lambda runs: st.tuples(*(st.sampled_from(separators) for _ in runs)).map(
            lambda seps: "".join(run + sep for run, sep in zip(runs, seps, strict=True))
        )
    )


ASCII_LABELS = st.text(alphabet="0123456789 .,/'-mcgIU", max_size=60) | digit_runs(
    "0123456789", ["", ".", ",", " ", "/", "'", "..", " x "]
)
# Beyond ASCII: digits NFKC makes ASCII ('３', '⑳', '٣'), spaces it makes ' ', letters ('é', 'µ').
WIDER_LABELS = digit_runs("0123456789３⑳٣", ["", ".", " ", "\u00a0", "\u2009", "\u202f", "é", "µ", "¼"])


@settings(max_examples=2000, derandomize=True)
@given(ASCII_LABELS | WIDER_LABELS)
def test_long_number_shortcut_is_the_walk(text: str) -> None:
    """The ASCII pattern (with one NFKC lookup a distinct character beyond ASCII) finds what the walk finds."""
    assert long_number(text) == _walk(text)
    assert long_number(text + "é") == _walk(text + "é")


POSITIVE = st.fractions(min_value=Fraction(1, 10**7), max_value=Fraction(10**9), max_denominator=10**7)


@settings(max_examples=2000, derandomize=True)
@given(POSITIVE, POSITIVE, st.sampled_from([3, 6]))
def test_integer_quotient_is_number_of_the_fraction(top: Fraction, bottom: Fraction, places: int) -> None:
    expected = number(top / bottom, places)
    got = quotient(top.numerator, top.denominator, (bottom.numerator, bottom.denominator), places)
    assert (type(got), got) == (type(expected), expected)


@settings(max_examples=500, derandomize=True)
@given(st.integers(min_value=-(10**12), max_value=10**12))
@example(-1000)
@example(-999)
@example(999)
@example(1000)
def test_decimal_text_of_a_whole_number_is_the_general_path(value: int) -> None:
    """The whole-number shortcut writes what the scaled path writes for the same value plus a tiny part rounded off."""
    assert decimal_text(Fraction(value)) == decimal_text(Fraction(value * 10**8 + 1, 10**8))


SIGNED = st.fractions(min_value=Fraction(-(10**9)), max_value=Fraction(10**9), max_denominator=10**9)
# Exact ties at the third significant figure (123.5, -0.0004565): rounding half to even is what they test.
TIES = st.builds(
    lambda whole, exponent, sign: sign * Fraction(2 * whole + 1, 2) * Fraction(10) ** exponent,
    st.integers(min_value=100, max_value=999),
    st.integers(min_value=-9, max_value=9),
    st.sampled_from([1, -1]),
)


@settings(max_examples=3000, derandomize=True)
@given(st.tuples(SIGNED, st.integers(min_value=1, max_value=6)) | st.tuples(TIES, st.just(3)))
def test_significant_on_integers_is_the_fraction_arithmetic(case: tuple[Fraction, int]) -> None:
    """The integer shortcut rounds to significant figures as Fraction arithmetic does (half to even)."""
    value, digits = case
    if value == 0:
        assert significant(value, digits) == 0
        return
    step = Fraction(10) ** (math.floor(math.log10(abs(value))) - digits + 1)
    assert significant(value, digits) == round(value / step) * step


class _Share(Fraction):
    """A Fraction of another type: parts() reads it through the public properties."""


@settings(max_examples=500, derandomize=True)
@given(SIGNED)
def test_parts_are_the_public_numerator_and_denominator(value: Fraction) -> None:
    """parts() reads Fraction's slots; a subclass or an int still gives its public parts."""
    assert parts(value) == (value.numerator, value.denominator)
    assert parts(_Share(value)) == (value.numerator, value.denominator)
    if value.denominator == 1:
        assert parts(int(value)) == (value.numerator, 1)  # type: ignore[arg-type]


def _mass_text_of_fractions(ug: Fraction, digits: int | None) -> str:
    """mass_text as it was written on Fractions: the plain code the integer one must match."""
    units_by_size = ("g", "mg", "mcg")
    unit = "g" if abs(ug) >= 1_000_000 else "mg" if abs(ug) >= 1000 else "mcg"
    while True:
        value = ug / units.factor(unit, units.MICROGRAM)
        text = decimal_text(significant(value, digits) if digits else value)
        whole, _, decimals = text.partition(".")
        exact = digits is not None or (value * 10**6).denominator == 1
        if unit == "mcg" or (exact and (len(decimals) != 3 or whole == "0")):
            return f"{text} {unit}"
        unit = units_by_size[units_by_size.index(unit) + 1]


# Masses from 0 to kilograms, with ties and exactly three decimals in some unit (1234 mcg, 1.5 g).
MASSES = SIGNED | st.builds(lambda n, e: Fraction(n, 10**e), st.integers(0, 10**10), st.integers(0, 9))


@settings(max_examples=3000, derandomize=True)
@given(MASSES, st.sampled_from([None, 0, 1, 3, 4]))
def test_mass_text_on_integers_is_mass_text_on_fractions(ug: Fraction, digits: int | None) -> None:
    assert _mass_text(ug, digits) == _mass_text_of_fractions(ug, digits)


def _same(made: Fraction, expected: Fraction) -> bool:
    """The same value, type, lowest terms and hash: what every later operation sees."""
    return (type(made), made.numerator, made.denominator, hash(made)) == (
        Fraction, expected.numerator, expected.denominator, hash(expected)
    )


@settings(max_examples=2000, derandomize=True)
@given(SIGNED, SIGNED | st.integers(-(10**9), 10**9), st.sampled_from(["mcg", "mg", "g"]))
def test_products_on_integers_are_fraction_products(a: Fraction, b: Fraction | int, unit: str) -> None:
    """The reader's product and quotient (made from integers) and conversion to mcg are Fraction's."""
    assert _same(product(a, b), a * b)
    if b:
        assert _same(ratio(a, Fraction(b)), a / b)
    assert _same(to_micrograms(a, unit), a * {"mcg": 1, "mg": 1000, "g": 1000000}[unit])


@settings(max_examples=2000, derandomize=True)
@given(st.integers(-(10**30), 10**30), st.integers(-(10**30), 10**30))
def test_a_fraction_made_from_integers_is_fractions_own(numerator: int, denominator: int) -> None:
    """fraction() (no constructor) reduces and signs as Fraction() does, and refuses a zero denominator alike."""
    if not denominator:
        with pytest.raises(ZeroDivisionError, match=re.escape(f"Fraction({numerator}, 0)")):
            fraction(numerator, denominator)
        return
    expected = Fraction(numerator, denominator)
    assert _same(fraction(numerator, denominator), expected)
    assert _same(fraction(numerator), Fraction(numerator))
    made = fraction(numerator, denominator)
    assert made + 1 == expected + 1 and repr(made) == repr(expected)
    assert nonzero(expected) is bool(expected) and is_one(expected) is (expected == 1)
    assert nonzero(None) is False and is_one(numerator) is (numerator == 1)


@settings(max_examples=2000, derandomize=True)
@given(SIGNED, SIGNED, POSITIVE)
def test_comparisons_on_integers_are_fraction_comparisons(a: Fraction, b: Fraction, expected: Fraction) -> None:
    """KC301's 'digits 100x apart' and KC401's 'beyond rounding' on integers are the Fraction expressions."""
    assert _apart(a, b, 100) is (max(a, b) >= 100 * min(a, b) > 0)
    assert _apart(a, a * 100, 100) is (a > 0)
    for printed in (b, expected, expected + 1, expected * Fraction(21, 20), expected * Fraction(19, 20)):
        assert _beyond_rounding(expected, printed) is (abs(expected - printed) > max(1, expected * Fraction(5, 100)))


BANDS = st.tuples(POSITIVE, POSITIVE).map(lambda pair: Band(min(pair), max(pair), "test"))


@settings(max_examples=2000, derandomize=True)
@given(SIGNED, POSITIVE, BANDS)
def test_band_tests_on_integers_are_fraction_comparisons(value: Fraction, per_iu: Fraction, band: Band) -> None:
    """KC304's 'inside the band' on integers, of an amount and of a number of IU, is the Fraction comparison."""
    assert _in_band(value.numerator, value.denominator, band) == (band.low_ug <= value <= band.high_ug)
    assert _in_iu_band(value, per_iu, band) == (band.low_ug <= value * per_iu <= band.high_ug)


# Quotients of the sizes ratios and amounts have, floats of every size, exact ties at 1, 3 and 6
# places of the float's own value (odd / 2**k is a tie at k - 1 places: 0.25, 0.0625), and decimal
# ties a float cannot hold (0.1234565 is a hair above or below its tie).
ROUNDED = (
    st.builds(truediv, st.integers(1, 10**15), st.integers(1, 10**12))
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.builds(lambda n, k: (2 * n + 1) / 2**k, st.integers(0, 10**9), st.sampled_from([2, 4, 7]))
    | st.builds(lambda n, k: (2 * n + 1) / (2 * 10**k), st.integers(0, 10**12), st.integers(1, 9))
)


@settings(max_examples=3000, derandomize=True)
@given(ROUNDED, st.integers(0, 6))
def test_rounded_text_is_json_of_the_rounded_float(value: float, places: int) -> None:
    """The jsonl writer's fixed-point shortcut writes what json.dumps writes of round(value, places)."""
    assert rounded_text(value, places) == json.dumps(round(value, places))


_TABLE = tokenizer(default_registry().forms)
# Pieces the tokenizer's pattern tells apart: names as the registry spells them, units, numbers in
# every notation, words, spaces and every printable ASCII punctuation character.
_PIECES = st.sampled_from(
    sorted(a for a in default_registry().forms.alias_to_form if a.isascii())
    + sorted(w for w in _TABLE.lexicon.units if w.isascii())
    + ["45", "1,000", "1.5", "1e3", "3/7", ".5", "1'000", "x3", "_", "K", "k", "mk7", "MK-7", "D3", "IU", "mcgMK"]
) | st.text(alphabet=_PRINTABLE_ASCII, min_size=1, max_size=3)


@settings(max_examples=3000, derandomize=True)
@given(st.lists(st.tuples(_PIECES, st.sampled_from(["", " ", "  ", "-", "/", "("])), max_size=8))
def test_the_ascii_pattern_finds_the_unicode_patterns_pieces(pieces: list[tuple[str, str]]) -> None:
    """Printable ASCII text is matched under ASCII rules (faster): every piece, kind and offset is the same."""
    text = "".join(piece + gap for piece, gap in pieces)
    assert _TABLE.ascii_pattern is not _TABLE.pattern  # the shipped names fold onto no ASCII letter
    def found(pattern: re.Pattern[str]) -> list[tuple[str | None, tuple[int, int]]]:
        return [(m.lastgroup, m.span(m.lastgroup or 0)) for m in pattern.finditer(text)]

    assert found(_TABLE.ascii_pattern) == found(_TABLE.pattern)


@pytest.mark.parametrize(
    ("source", "folds"),
    [
        pytest.param("(?i:\u212aonakion)", True, id="kelvin-sign"),
        pytest.param("(?i:vitamin \u017f)", True, id="long-s"),
        pytest.param("(?i:ménaquinone|メナキノン)", False, id="accent-and-kana"),
        pytest.param("(?i:mk-7)", False, id="ascii"),
        pytest.param(f"[{CJK}]", False, id="cjk-ranges"),
    ],
)
def test_a_letter_folding_onto_ascii_keeps_the_unicode_pattern(source: str, folds: bool) -> None:
    assert folds_onto_ascii(source) is folds


def test_no_character_of_the_cjk_ranges_matches_an_ascii_one_ignoring_case() -> None:
    """The tokenizer's classes hold ranges whose inner characters folds_onto_ascii does not see one by one."""
    assert re.search(f"[{CJK}]", _PRINTABLE_ASCII, re.IGNORECASE) is None


@settings(max_examples=3000, derandomize=True)
@given(st.text(alphabet=" -+.,0123456789MKmg\u00a0", max_size=24))
def test_the_sign_and_split_shortcut_is_the_patterns(text: str) -> None:
    """Substring tests first ('MK-7' has a hyphen, no sign): the same answer as the two patterns alone."""
    assert no_sign_or_split(text) == (_SIGN_OR_SPLIT.search(text) is None and _SIGN_AT_START.match(text) is None)


@settings(max_examples=3000, derandomize=True)
@given(st.text() | st.text(alphabet='ab "\\\n\x7f\u2028\u200fµ–≥'))
def test_jsonl_text_is_json_dumps_made_json_safe(value: str) -> None:
    """The jsonl writer's shortcut (printable text without a quote or backslash is only quoted) writes
    what json.dumps then json_safe write."""
    assert _text(value) == json_safe(json.dumps(value, ensure_ascii=False))
