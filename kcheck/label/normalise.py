"""NFKC per character with an offset map back to the original text, so every span is the user's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from kcheck.label.model import Span

VULGAR = {
    "½": Fraction(1, 2),
    "¼": Fraction(1, 4),
    "¾": Fraction(3, 4),
    "⅓": Fraction(1, 3),
    "⅔": Fraction(2, 3),
    "⅛": Fraction(1, 8),
    "⅜": Fraction(3, 8),
    "⅝": Fraction(5, 8),
    "⅞": Fraction(7, 8),
    "⅕": Fraction(1, 5),
}
_DASHES = "‐‑‒–—―−﹘﹣－"
_SLASHES = "⁄∕"  # the fraction slash and the division slash: '1⁄2' is 1/2
_WAVES = "〜～"  # wave dashes between the ends of a range: '100〜200μg'
# Arabic script's own number marks, which NFKC leaves as they are: the decimal separator is a point ('2٫5'), and the
# thousands separator is read as the Swiss apostrophe, which no reading takes for a decimal ('1٬000')
_ARABIC_MARKS = {"٫": ".", "٬": "'"}
# Hebrew's hyphen joins a one-letter word (about, in, from, to, the) to the word or number after it ('כ־10–15', about
# 10-15): read as a space, so the letter is a word of its own
_MAQAF = "\u05be"

_NOT_PRINTABLE_ASCII = re.compile("[^ -~]")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_GROUPING_SPACES = "\u00a0\u2009\u202f\u2007"

# Text written as UTF-8 and read back as cp1252 or latin-1 by an export: each character below
# comes back as two or three others ("µ" -> "Âµ", "–" -> "â€“", "é" -> "Ã©"). The table is built
# from the characters themselves, so it holds exactly the sequences that damage can produce.
_DAMAGEABLE = "µμ–—‑−‘’“”…×·°±≈~≤≥½¼¾éèêëàâäáãíìîïóòôöõúùûüçñßÉÈÀÄÖÜ™®"


def _damage_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for char in _DAMAGEABLE:
        raw = char.encode("utf-8")
        if len(raw) < 2:
            continue
        for codec in ("cp1252", "latin-1"):
            try:
                table.setdefault(raw.decode(codec), char)
            except UnicodeDecodeError:
                continue  # cp1252 leaves 0x81, 0x8d, 0x8f, 0x90, 0x9d undefined
    return table


DAMAGE = _damage_table()
# The lookahead skips, in one test, every character no damaged sequence starts with.
_DAMAGED = re.compile(
    f"(?=[{''.join(sorted({re.escape(seq[0]) for seq in DAMAGE}))}])"
    + "(?:"
    + "|".join(map(re.escape, sorted(DAMAGE, key=lambda seq: (-len(seq), seq))))
    + ")"
)


class Repair(NamedTuple):
    """One damaged sequence read as the character it stands for: where, as written, and as read."""

    span: Span
    damaged: str
    repaired: str


@dataclass(slots=True, init=False)
class Normalised:
    """The normalised text and, for each of its characters, the offset in the original."""

    text: str
    origin: Sequence[int]
    original: str
    repairs: tuple[Repair, ...] = ()
    """Damaged sequences read as the character they stand for ('Âµ' as 'µ')."""
    ends: Sequence[int] = ()
    """With repairs, where each character ends in the original (a repaired one spans its sequence)."""

    def __init__(
        self,
        text: str,
        origin: Sequence[int],
        original: str,
        repairs: tuple[Repair, ...] = (),
        ends: Sequence[int] = (),
    ) -> None:
        """Written out: compiled, it sets the fields directly, where dataclasses' own is Python code."""
        self.text = text
        self.origin = origin
        self.original = original
        self.repairs = repairs
        self.ends = ends

    def span(self, start: int, end: int) -> Span:
        """Map a span of the normalised text back to the original string."""
        if start >= end:
            return (self.origin[start], self.origin[start])
        return (self.origin[start], self.ends[end - 1] if self.ends else self.origin[end - 1] + 1)

    def grouping_space(self, index: int) -> bool:
        """True when the space at `index` was a typographic grouping space (thin or no-break)."""
        return self.original[self.origin[index]] in _GROUPING_SPACES


def normalise(text: str) -> Normalised:
    """NFKC per character (µ -> μ, ㎍ -> μg, full-width digits); dashes, slashes, wave dashes, spaces as ASCII."""
    if text.isascii() and text.isprintable():
        return Normalised(text, range(len(text) + 1), text)
    damaged = {match.start(): match.group() for match in _DAMAGED.finditer(text)}
    out: list[str] = []
    origin: list[int] = []
    if not damaged:  # printable ASCII is its own normal form: only the other characters are looked at
        done = 0
        for match in _NOT_PRINTABLE_ASCII.finditer(text):
            index = match.start()
            if index > done:
                out.append(text[done:index])
                origin.extend(range(done, index))
            piece = _exponent(text, index) + _normal(match.group())
            out.append(piece)
            origin.extend([index] * len(piece))
            done = index + 1
        out.append(text[done:])
        origin.extend(range(done, len(text) + 1))
        return Normalised("".join(out), tuple(origin), text)
    for index, char in _repaired(text, damaged):
        piece = _exponent(text, index) + _normal(char)
        out.append(piece)
        origin.extend([index] * len(piece))
    origin.append(len(text))
    repairs = tuple(Repair((start, start + len(seq)), seq, DAMAGE[seq]) for start, seq in damaged.items())
    ends = tuple(o + len(damaged[o]) if o in damaged else o + 1 for o in origin[:-1])
    return Normalised("".join(out), tuple(origin), text, repairs, ends)


def _exponent(text: str, index: int) -> str:
    """'^' before the first superscript digit after '10' ('6 × 10⁶'): NFKC would make it '106', a plain number."""
    if text[index] not in _SUPERSCRIPTS or (index and text[index - 1] in _SUPERSCRIPTS):
        return ""  # not a superscript, or not the first of its run
    return "^" if text[max(index - 2, 0) : index] == "10" else ""


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻"


def _normal(char: str) -> str:
    """One character as the reader sees it (empty for an invisible one)."""
    if char in VULGAR:
        return char
    if char in _DASHES:
        return "-"
    if char in _SLASHES:
        return "/"
    if char in _WAVES:
        return "~"
    if char in _ARABIC_MARKS:
        return _ARABIC_MARKS[char]
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)  # '٥٠٠٠٠', '۵۰۰۰۰', '१०००': any script's digits, which NFKC leaves as they are
    if char == "˙":
        return "·"  # NFKC makes the dot above a space and a combining mark: both are a raised point ('2˙5')
    if char in _INVISIBLE:
        return ""
    if char.isspace() or unicodedata.category(char) == "Zs" or char in "\x00\x01" or char == _MAQAF:
        return " "
    return unicodedata.normalize("NFKC", char)


def _repaired(text: str, damaged: dict[int, str]) -> list[tuple[int, str]]:
    """(offset, character) of the text with each damaged sequence read as its one character."""
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(text):
        sequence = damaged.get(index)
        out.append((index, DAMAGE[sequence] if sequence else text[index]))
        index += len(sequence) if sequence else 1
    return out
