"""What a scan hands out: ScannedDocument, Section, Sentence, Claim (frozen; positions in the original file).

Positions are 1-based lines and columns counted in characters of the file as given (after decoding,
before any normalisation); `end_col` is exclusive, as in SARIF. Offsets (`Span`) are 0-based
character offsets into `ScannedDocument.text`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from kcheck.label.model import Ingredient, Span
from kcheck.report import CheckedIngredient, Comparison, Finding, Location

CONTEXTS = ("sentence", "heading", "document")
"""Where a claim's form came from: its own sentence, the heading above it, or another sentence/the title."""

CLAIM_KINDS = (
    "product-dose",
    "trial-dose",
    "recommendation",
    "reference-intake",
    "observed-intake",
    "limit",
    "threshold",
    "other",
)
"""What a stated amount is, from cue words in data/lexicon.yaml `claim_cues`."""

SAME_DIGIT_KINDS = ("product-dose", "recommendation")
"""The claim kinds a same-digit warning (KC301) is given for: what a reader might take."""


@dataclass(frozen=True)
class Position:
    """A 1-based line/column range in characters of the original file; `end_col` exclusive."""

    line: int
    col: int
    end_line: int
    end_col: int

    def location(self, path: str) -> Location:
        """Where a finding about this range points: its start, and its end column when on the same line."""
        return Location(path, self.line, self.col, self.end_col if self.end_line == self.line else None)


@dataclass(frozen=True)
class Section:
    """A heading and the text under it, up to the next heading of the same or a higher level."""

    heading: str
    """The heading text without its Markdown marks."""
    level: int
    """1-6 for Markdown `#`s; 0 for a short line followed by a blank line (a plain-text heading)."""
    span: Span
    """The heading's text in the document."""
    body: Span
    """From the end of the heading line to where the section ends."""
    form: str | None = None
    """The form the heading names ('MK-4' under '## Menatetrenone (MK-4)'), else None."""


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading, or list item) as read: its text and where it is."""

    text: str
    """The sentence as in the file."""
    span: Span
    """Where it is in the document."""
    section: int | None
    """Index into ScannedDocument.sections of the section it is in, None before the first heading."""
    heading: bool = False
    """True when this sentence is itself a heading."""


@dataclass(frozen=True)
class Claim:
    """One stated amount, read in its sentence and checked against the evidence.

    Its nutrient is vitamin K or D, or None when neither the sentence nor its context names one
    (an ingredient kcheck does not track, named in the sentence, is never a claim).
    """

    path: str
    """The file as named on the command line ('-' for standard input)."""
    position: Position
    """The amount as written, number to unit (the number only when it borrows a list's unit)."""
    span: Span
    """The same, as offsets into the document text."""
    sentence: str
    """The sentence the amount is in, as in the file."""
    sentence_span: Span
    """Where that sentence is in the document (the ingredient's spans are relative to its start)."""
    ingredient: Ingredient
    """The amount as the label reader reads it in the sentence, form filled in from `context`."""
    checked: CheckedIngredient
    """The engine's view: the daily amount the checks used and where it came from."""
    context: str
    """Where the form came from: 'sentence', 'heading' or 'document' (see CONTEXTS)."""
    form_from: Span | None
    """The name the form came from, as offsets into the document; None when no form is known."""
    bound: str | None
    """The reader's hedge: 'up-to' (compared as a ceiling), 'at-least', 'around', 'less-than', or None."""
    claim: str
    """What the amount is (see CLAIM_KINDS)."""
    comparisons: tuple[Comparison, ...]
    """The amount beside each studied regimen of its nutrient (Comparison.ingredient is 0)."""
    findings: tuple[Finding, ...]
    """Findings about this claim, located at its position."""

    @property
    def line(self) -> int:
        """1-based line of the amount's first character."""
        return self.position.line

    @property
    def col(self) -> int:
        """1-based column of the amount's first character."""
        return self.position.col


@dataclass(frozen=True)
class ScannedDocument:
    """One document read: its text, sections, sentences, claims and its document-level findings."""

    path: str
    """The file as named on the command line ('-' for standard input)."""
    text: str
    """The decoded text (every span points into it)."""
    sections: tuple[Section, ...]
    """Each heading, in document order."""
    sentences: tuple[Sentence, ...]
    """Each sentence, heading and list item, in document order."""
    claims: tuple[Claim, ...]
    """Each amount of a tracked nutrient, in document order."""
    findings: tuple[Finding, ...] = ()
    """Findings about the document as a whole (several claims or sentences), located where they point."""

    def position(self, span: Span) -> Position:
        """The 1-based line/column range of these offsets."""
        return span_position(self.text, span)

    @property
    def all_findings(self) -> tuple[Finding, ...]:
        """Every finding, claims' and the document's, in document order (line, column, code)."""
        found = [f for claim in self.claims for f in claim.findings] + list(self.findings)
        return tuple(sorted(found, key=finding_order))


def finding_order(finding: Finding) -> tuple[int, int, str]:
    """Document order: line, column, then code."""
    return (finding.location.line or 0, finding.location.column or 0, finding.code)


def line_starts(text: str) -> list[int]:
    """Offsets where each line starts (\\n, \\r\\n and a lone \\r end a line)."""
    starts = [0]
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\r" and index + 1 < length and text[index + 1] == "\n":
            index += 1
        if char in "\r\n":
            starts.append(index + 1)
        index += 1
    return starts


def line_col(text: str, offset: int, starts: list[int] | None = None) -> tuple[int, int]:
    """1-based line and column of an offset."""
    starts = line_starts(text) if starts is None else starts
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def span_position(text: str, span: Span, starts: list[int] | None = None) -> Position:
    """The 1-based line/column range of a span (`starts` from `line_starts`, when already found)."""
    starts = line_starts(text) if starts is None else starts
    line, col = line_col(text, span[0], starts)
    end_line, end_col = line_col(text, span[1], starts)
    return Position(line, col, end_line, end_col)
