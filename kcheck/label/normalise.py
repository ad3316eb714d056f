"""NFKC per character with an offset map back to the original text, so every span is the user's."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

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

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_GROUPING_SPACES = "\u00a0\u2009\u202f\u2007"


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, for each of its characters, the offset in the original."""

    text: str
    origin: Sequence[int]
    original: str

    def span(self, start: int, end: int) -> Span:
        """Map a span of the normalised text back to the original string."""
        if start >= end:
            return (self.origin[start], self.origin[start])
        return (self.origin[start], self.origin[end - 1] + 1)

    def grouping_space(self, index: int) -> bool:
        """True when the space at `index` was a typographic grouping space (thin or no-break)."""
        return self.original[self.origin[index]] in _GROUPING_SPACES


def normalise(text: str) -> Normalised:
    """NFKC per character (µ -> μ, ㎍ -> μg, full-width digits); dashes, slashes, wave dashes, spaces as ASCII."""
    if text.isascii() and text.isprintable():
        return Normalised(text, range(len(text) + 1), text)
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in VULGAR:
            piece = char
        elif char in _DASHES:
            piece = "-"
        elif char in _SLASHES:
            piece = "/"
        elif char in _WAVES:
            piece = "~"
        elif char in _INVISIBLE:
            piece = ""
        elif char.isspace() or unicodedata.category(char) == "Zs" or char in "\x00\x01":
            piece = " "
        else:
            piece = unicodedata.normalize("NFKC", char)
        out.append(piece)
        origin.extend([index] * len(piece))
    origin.append(len(text))
    return Normalised("".join(out), tuple(origin), text)
