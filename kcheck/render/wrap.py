"""Word wrapping for the text views: hanging indents, a number kept with its unit, DOIs and URLs whole."""

from __future__ import annotations

import re

# A number ("45", "1,000", "~20", "0.85-1.14") and the unit or "%" after it are one word to the wrapper.
_NUMBER = re.compile(r"[(~≈<>≥≤+\-−]*\d[\d,.]*(?:[-–]\d[\d,.]*)?")
_EQUALS = frozenset("=≈")
_UNIT = re.compile(r"(?:%|mcg|mg|g|µg|μg|IU|nmol|micromol|mL|kg|h|y)(?:/\w+)?[)\],.;:]*")


def words(text: str) -> list[str]:
    """The unbreakable pieces of `text`: space-separated words, with '45 mcg' and '~20 %' kept as one."""
    joined: list[str] = []
    glue = False  # the previous piece was '=': this one goes on its line ("n = 244", "p = 0.03")
    for piece in text.split():
        if joined and (glue or piece in _EQUALS or (_UNIT.fullmatch(piece) and _NUMBER.fullmatch(joined[-1]))):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
        glue = piece in _EQUALS
    return joined


def wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """Lines of at most `width` characters: `first` starts the first, `rest` (default: as wide) the others.

    A word too wide for the indented line starts at the margin; one wider than the whole line (a URL,
    a DOI at a tiny width) gets a line of its own and is never cut: a cut DOI or URL no longer works.
    """
    rest = " " * len(first) if rest is None else rest
    lines: list[str] = []
    line = first
    empty = True
    for word in words(text):
        if empty:
            line += word
            empty = False
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = (rest if len(rest) + len(word) <= width else "") + word
    lines.append(line)
    return lines
