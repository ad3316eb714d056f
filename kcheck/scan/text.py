"""Plain text and Markdown -> headings, blocks and sentences, every offset still pointing into the file.

Markup is not removed but masked: each character of a tag, an entity's tail, a heading's `#`s, a
list marker, emphasis or a link's address becomes a space in a working copy of the same length,
so an offset into the copy is an offset into the file. An entity keeps its first character as the
character it stands for ("&micro;" -> "µ" and six spaces).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import NamedTuple

from kcheck.label.model import Span

_TAG = re.compile(r"<[A-Za-z/!][^<>\n]{0,300}>")
_HIDDEN = re.compile(r"<(script|style)\b|<!--", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\(([^()\n]*)\)")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=\w)|(?<=\w)_(?!\w)|`")
_HEADING = re.compile(r"^( {0,3})(#{1,6})([ \t]+|$)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_LIST_MARKER = re.compile(r"^([ \t]*)([-*+]|\d{1,3}[.)]|>)[ \t]+")
TABLE_RULE = re.compile(r"^[\s|:\-]+$")
_SPACE = re.compile(r"\s")
_PLAIN_HEADING_MAX = 80
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_BROKEN_DECIMAL = re.compile(r"\d\. \d")
"""'2. 5 μg': a decimal point with a space after it (a copy that broke '2.5'), not a sentence end."""
_STARTS_SENTENCE = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9\u0370-\u03ff]")


class Block(NamedTuple):
    """A paragraph, heading, list item or table row: its span and its heading level (None: not a heading)."""

    start: int
    end: int
    level: int | None
    item: bool = False
    """True for a list item or a table row."""


def mask(text: str) -> str:
    """The text with markup turned into spaces (same length, same line breaks)."""
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for index in range(start, end):
            if chars[index] not in "\r\n":
                chars[index] = " "

    for start, end in _hidden(text):
        blank(start, end)
    for match in _TAG.finditer(text):
        blank(*match.span())
    for match in _ENTITY.finditer(text):
        value = html.unescape(match.group())
        blank(*match.span())
        if len(value) == 1:
            chars[match.start()] = value if value.isprintable() else " "
    for match in _LINK.finditer(text):
        blank(match.start(), match.start(1))
        blank(match.end(1), match.end())
    for match in _EMPHASIS.finditer(text):
        blank(*match.span())
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        heading = _HEADING.match(body)
        if heading:
            blank(offset, offset + heading.end())
            closing = _CLOSING_HASHES.search(body)
            if closing:
                blank(offset + closing.start(), offset + closing.end())
        elif body.lstrip().startswith("|"):
            if TABLE_RULE.match(body):
                blank(offset, offset + len(body))
            else:
                for index, char in enumerate(body):
                    if char == "|":
                        chars[offset + index] = " "
        else:
            marker = _LIST_MARKER.match(body)
            if marker:
                blank(offset + marker.start(2), offset + marker.end(2))
        offset += len(line)
    return "".join(chars)


def _hidden(text: str) -> Iterator[Span]:
    """Scripts, styles and comments, opening to closing mark (an unclosed one hides nothing): one pass."""
    lower = text.lower()
    at = 0
    while (match := _HIDDEN.search(text, at)) is not None:
        closing = "-->" if match.group() == "<!--" else f"</{match.group(1).lower()}"
        end = lower.find(closing, match.end())
        if end < 0:
            return
        end = lower.find(">", end) + 1 if closing != "-->" else end + 3
        if end <= 0:
            return
        yield match.start(), end
        at = end


def blocks(text: str, masked: str) -> Iterator[Block]:
    """Paragraphs (lines up to a blank line), headings, list items and table rows, in order.

    A Markdown heading has its level (1-6); a short line that stands alone between blank lines and
    does not end like a sentence is a plain-text heading (level 0).
    """
    lines: list[tuple[int, int, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        lines.append((offset, offset + len(body), body))
        offset += len(line)
    current: list[tuple[int, int]] = []

    def close() -> Iterator[Block]:
        if current:
            start, end = current[0][0], current[-1][1]
            yield Block(start, end, _plain_level(masked[start:end]) if len(current) == 1 else None)
            current.clear()

    for index, (start, end, body) in enumerate(lines):
        if not masked[start:end].strip():
            yield from close()
            continue
        heading = _HEADING.match(body)
        own_line = heading or body.lstrip().startswith("|") or _LIST_MARKER.match(body)
        if own_line:
            yield from close()
            if heading:
                yield Block(start, end, len(heading.group(2)))
                continue
        current.append((start, end))
        if own_line:
            # a list item runs on over its indented continuation lines, a table row never does
            following = lines[index + 1][2] if index + 1 < len(lines) else ""
            if body.lstrip().startswith("|") or not following.startswith((" ", "\t")):
                start_, end_ = current[0][0], current[-1][1]
                current.clear()
                yield Block(start_, end_, None, True)
    yield from close()


def tabular(text: str) -> bool:
    """True for lines of a table or list written without marks: several lines, most of them short."""
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) > 2 and sum(len(line) <= _PLAIN_HEADING_MAX // 2 for line in lines) * 2 > len(lines)


def _plain_level(line: str) -> int | None:
    """0 for a short line that reads as a title, else None."""
    stripped = line.strip()
    if len(stripped) > _PLAIN_HEADING_MAX or stripped[-1] in ".,;:!?" or not any(c.isalpha() for c in stripped):
        return None
    return 0


def sentences(masked: str, block: Block, abbreviations: frozenset[str], longest: int) -> Iterator[Span]:
    """The sentences of a block, none longer than `longest` characters (a longer one is cut between words,
    after a ';', ':' or ',' where one is near the limit): what the label reader reads in one go."""
    for start, end in _sentences(masked, block, abbreviations):
        while end - start > longest:
            cut = _cut(masked, start, start + longest)
            yield start, cut
            start = cut
            while start < end and masked[start].isspace():
                start += 1
        if start < end:
            yield start, end


def _cut(masked: str, start: int, limit: int) -> int:
    """Where to cut a long sentence: after the last clause mark in its last quarter, else the last space."""
    window = masked[start:limit]
    for marks in (";:", ",", " \t\n"):
        at = max(window.rfind(mark) for mark in marks)
        if at > len(window) * 3 // 4:
            return start + at + 1
    return limit


def _sentences(masked: str, block: Block, abbreviations: frozenset[str]) -> Iterator[Span]:
    """The sentences of a block: split after . ! ? and a space, before a capital, a digit or a quote.

    Never after an abbreviation ("Dr.", "e.g.", "et al."), a dotted initialism ("U.S.") or a lone
    capital that follows a capitalised word (an initial: "Schwalfenberg G. Vitamins"); a decimal
    point or a citation ("6:487-492.") has no space after its dot, so it never ends one; nor does a
    dot between digits with one space after it ('2. 5', a decimal broken by a copy).
    """
    start = block.start
    text = masked[: block.end]
    for match in _SENTENCE_END.finditer(text, block.start):
        end = match.end()
        if not _STARTS_SENTENCE.match(text, end):
            continue
        if match.group()[0] == "." and _abbreviated(text, match.start(), abbreviations):
            continue
        if _BROKEN_DECIMAL.match(text, match.start() - 1):
            continue
        span = trim(masked, start, end)
        if span is not None:
            yield span
        start = end
    span = trim(masked, start, block.end)
    if span is not None:
        yield span


def _abbreviated(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    """True when the word before this dot is an abbreviation, not the end of a sentence."""
    begin = dot
    while begin > 0 and not _SPACE.match(text[begin - 1]) and text[begin - 1] not in "([\"'":
        begin -= 1
    word = text[begin:dot]
    if not word:
        return False
    if word.lower() in abbreviations or "." in word.strip("."):
        return True
    if len(word) == 1 and word.isupper():
        before = text[:begin].rstrip()
        previous = before.rsplit(None, 1)[-1] if before else ""
        return previous[:1].isupper() and previous.rstrip(",").isalpha() and previous.lower() != "vitamin"
    return False


def trim(masked: str, start: int, end: int) -> Span | None:
    """The span without the spaces (and masked markup) at either end; None when nothing is left."""
    while start < end and masked[start].isspace():
        start += 1
    while end > start and masked[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
