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
_DAMAGED = re.compile("|".join(map(re.escape, sorted(DAMAGE, key=lambda seq: (-len(seq), seq)))))


class Repair(NamedTuple):
    """One damaged sequence read as the character it stands for: where, as written, and as read."""

    span: Span
    damaged: str
    repaired: str


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, for each of its characters, the offset in the original."""

    text: str
    origin: Sequence[int]
    original: str
    ends: Sequence[int]
    """For each character, where it ends in the original (a repaired character spans its sequence)."""
    repairs: tuple[Repair, ...] = ()
    """Damaged sequences read as the character they stand for ('Âµ' as 'µ')."""

    def span(self, start: int, end: int) -> Span:
        """Map a span of the normalised text back to the original string."""
        if start >= end:
            return (self.origin[start], self.origin[start])
        return (self.origin[start], self.ends[end - 1])

    def grouping_space(self, index: int) -> bool:
        """True when the space at `index` was a typographic grouping space (thin or no-break)."""
        return self.original[self.origin[index]] in _GROUPING_SPACES


def normalise(text: str) -> Normalised:
    """NFKC per character (µ -> μ, ㎍ -> μg, full-width digits), dashes -> '-', spaces -> ' '."""
    if text.isascii() and text.isprintable():
        return Normalised(text, range(len(text) + 1), text, range(1, len(text) + 2))
    damaged = {match.start(): match.group() for match in _DAMAGED.finditer(text)}
    out: list[str] = []
    origin: list[int] = []
    ends: list[int] = []
    repairs: list[Repair] = []
    skip_to = 0
    for index, char in enumerate(text):
        if index < skip_to:
            continue
        sequence = damaged.get(index)
        if sequence is not None:
            skip_to = index + len(sequence)
            repairs.append(Repair((index, skip_to), sequence, DAMAGE[sequence]))
            char = DAMAGE[sequence]
        if char in VULGAR:
            piece = char
        elif char in _DASHES:
            piece = "-"
        elif char in _INVISIBLE:
            piece = ""
        elif char.isspace() or unicodedata.category(char) == "Zs" or char in "\x00\x01":
            piece = " "
        else:
            piece = unicodedata.normalize("NFKC", char)
        out.append(piece)
        origin.extend([index] * len(piece))
        ends.extend([max(skip_to, index + 1)] * len(piece))
    origin.append(len(text))
    return Normalised("".join(out), tuple(origin), text, tuple(ends), tuple(repairs))
