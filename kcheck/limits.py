"""The documented bounds on what kcheck reads, in one place: label length, number size, servings a day.

Hostile or broken input (a 5 MB line, a 5,000-digit number, "every 0 days") must cost bounded
time and end in a finding, never in an exception; every bound here is listed in the README.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

from kcheck.amounts import between, parts

LABEL_MAX_CHARS = 2000  # a real label line, directions included, is far shorter
NUMBER_MAX_DIGITS = 15  # what a float carries exactly; 1 ng to a tonne in mcg needs fewer
SERVINGS_MIN = Fraction(1, 365)  # once a year
SERVINGS_MAX = Fraction(100)
SERVINGS_RANGE_TEXT = "from 1/365 (once a year) to 100"
_WORD_GAP = 64  # how far back a cut may move to end between words
_SEPARATORS = frozenset(".,/ \u00a0\u2009\u202f\u2007'")
# An ASCII number is digits with single separators between: NUMBER_MAX_DIGITS + 1 of them in a row is a long one.
_ASCII_LONG = re.compile(rf"[0-9](?:[.,/ ']?[0-9]){{{NUMBER_MAX_DIGITS}}}")
# A plain decimal, optionally with a bounded exponent, or a fraction: "2", "0.5", ".5", "1e-3", "3/7".
_SERVINGS = re.compile(r"(?:\d{1,20}(?:\.\d{0,20})?|\.\d{1,20})(?:[eE][+-]?\d{1,3})?(?:/\d{1,20})?")


def label_cut(text: str) -> int | None:
    """Where reading stops for a label longer than LABEL_MAX_CHARS (between words when one ends nearby)."""
    if len(text) <= LABEL_MAX_CHARS:
        return None
    for position in range(LABEL_MAX_CHARS, LABEL_MAX_CHARS - _WORD_GAP, -1):
        if text[position].isspace():
            return position
    return LABEL_MAX_CHARS


def long_number(text: str) -> tuple[int, int] | None:
    """The span of the first number with more than NUMBER_MAX_DIGITS digits (its separators included).

    Characters are compared after NFKC, as the grammar reads them: full-width and circled digits count.
    """
    if _ascii_decides(text) and _ASCII_LONG.search(text) is None:
        return None  # what _walk would find, found in C
    return _walk(text)


def _ascii_decides(text: str) -> bool:
    """True when no character beyond ASCII reads as a digit or a separator: each then ends a number, as a
    letter does, so the ASCII pattern finds what the walk finds ('45 µg': one NFKC lookup, not one a character)."""
    if text.isascii():
        return True
    for char in set(text):
        if not char.isascii():
            mapped = unicodedata.normalize("NFKC", char)
            if mapped.isdecimal() or mapped in _SEPARATORS:
                return False
    return True


def _walk(text: str) -> tuple[int, int] | None:
    """long_number character by character, each compared after NFKC."""
    start = None
    digits = 0
    after_digit = False
    for position, char in enumerate(text):
        mapped = char if char.isascii() else unicodedata.normalize("NFKC", char)
        if mapped.isdecimal():
            if start is None:
                start, digits = position, 0
            digits += len(mapped)
            if digits > NUMBER_MAX_DIGITS:
                end = position + 1
                while end < len(text) and (text[end].isdecimal() or text[end] in _SEPARATORS):
                    end += 1
                while text[end - 1] in _SEPARATORS:
                    end -= 1
                return start, end
            after_digit = True
        else:
            if not (after_digit and mapped in _SEPARATORS):
                start = None
            after_digit = False
    return None


def in_servings_range(value: Fraction) -> bool:
    """True when `value` servings (or doses) a day lies within SERVINGS_MIN..SERVINGS_MAX."""
    numerator, denominator = parts(value)
    return between(numerator, denominator, SERVINGS_MIN, SERVINGS_MAX)


def read_fraction(text: str) -> Fraction | None:
    """'2', '0.5', '.5', '1e-3' or '3/7' as an exact Fraction; None for anything else or a zero denominator.

    Fraction() alone would build a 10**999999999 for '1e999999999', which never ends: the syntax is
    checked first, with bounded digits and exponent.
    """
    raw = text.strip()
    if not _SERVINGS.fullmatch(raw):
        return None
    try:
        return Fraction(raw)
    except ZeroDivisionError:
        return None


def parse_servings(text: str, decimal_comma: bool = False) -> Fraction:
    """'2', '0.5', '3/7' (and '0,5' with a decimal comma) -> servings a day; ValueError says why not."""
    value = read_fraction(text.replace(",", ".") if decimal_comma else text)
    if value is None:
        raise ValueError(f"{text!r} is not a number (2, 0.5 or 3/7)")
    if not in_servings_range(value):
        raise ValueError(f"{text!r} is out of range: servings a day go {SERVINGS_RANGE_TEXT}")
    return value
