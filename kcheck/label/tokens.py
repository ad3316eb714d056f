"""One token table, one linear pass: normalised text -> [Token(kind, text, span, value)].

Token kinds:

    NAME        a form or another ingredient from forms.yaml ("MK-7", "vitamin D3", "calcium")
    NUMBER      45, 1,000, 0.5, .5, 1½ (value: Number, with the other readings of '1,5')
    FRACTION    1/2, ½, and 400/800 (two arms)
    UNIT        a unit after a number: mcg, mg, IU, mL, %, days, ... (lexicon `units`)
    COUNT       a count noun: capsules, drops, ... (lexicon `count_nouns`)
    PER         per, each, /, /day, daily, ... (lexicon `per_words`, `per_day`, `day_words`)
    FREQ        frequency words: twice, tid, weekly, every, in 3 divided doses, ...
    RANGE_SEP   -, to, bis, between ...
    LIST_SEP    ',', and, or, /, ...
    RESTATE     =, ~, equivalent to, ...
    PCT_DV      DV, NRV, daily value
    CONNECTIVE  of, as, from, with, plus, the, ...
    HEDGE       up to, at least, around, less than, ...
    PUNCT       any other single character
    WORD        any other word (and digits that cannot start a number, as in '/25')

A phrase of the lexicon ("three times", "i. u.", "in 3 divided doses") is one token: the longest
phrase wins. A lexicon word that runs into a letter or digit ("mg2") is a plain WORD. Spans are in
the normalised text (`start`, `end`) and in the original text (`span`); `gap` is the number of
spaces before the token.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

from kcheck.amounts import fraction
from kcheck.forms import NAME_START, FormRegistry
from kcheck.label.lexicon import NUMBER_SLOT, PIECES, Lexicon, spelled
from kcheck.label.model import Span
from kcheck.label.normalise import VULGAR, Normalised

MAX_DIGITS = 15  # no dose has more (doubles hold 15); Python refuses to convert over 4,300 digits
_SMALL_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10, 16})
_FRACTION_OR_ARMS = 16  # '3/7 mg' with a denominator up to this may be a fraction or two arms
_GROUPED = {sep: re.compile(rf"[1-9]\d{{0,2}}(?:\{sep}\d{{3}})+") for sep in ",."}
_NUMERIC = frozenset({"num", "frac", "vulgar", "sci"})
_APOSTROPHE_GROUPED = re.compile(r"[1-9]\d{0,2}(?:'\d{3})+(?:\.\d+)?")
_GROUP = 3  # digits in a thousands group


class Number(NamedTuple):
    """A number's value, its other readings with a reason for each, list arms, and malformation."""

    value: Fraction
    alternatives: tuple[Fraction, ...] = ()
    reasons: tuple[str, ...] = ()
    arms: tuple[Fraction, ...] = ()
    malformed: bool = False
    out_of_range: str = ""
    """Why the number is not read as a dose ('1.5e2': scientific notation), else ''."""


@dataclass(slots=True, init=False)
class Token:
    """One token: kind, text (normalised), lower-case text, offsets, spaces before, span, value.

    A class, not a NamedTuple: compiled, one is made in a few nanoseconds, where a tuple subclass
    goes through tuple.__new__ (a label makes a dozen); `dataclasses.replace` makes a changed one.
    """

    kind: str
    text: str
    low: str
    start: int
    end: int
    gap: int
    span: Span
    value: Any = None

    def __init__(
        self, kind: str, text: str, low: str, start: int, end: int, gap: int, span: Span, value: Any = None
    ) -> None:
        self.kind = kind
        self.text = text
        self.low = low
        self.start = start
        self.end = end
        self.gap = gap
        self.span = span
        self.value = value


class _Malformed(ValueError):
    """A number whose separators fit no convention ('0.51,50.5', '1.5.3', '10.0000')."""


def read_number(text: str, decimal_comma: bool | None) -> tuple[Fraction, tuple[Fraction, ...], tuple[str, ...]]:
    """Value, other possible values, and a reason per reading: '1,5' is 1.5 or 15; '1.000' is 1 or 1000."""
    if text.isascii() and text.isdigit():
        return fraction(int(text)), (), ()  # the common case, without Fraction's string parser
    if "'" in text or "’" in text:  # the Swiss thousands apostrophe: 2'000
        plain = text.replace("’", "'")
        if not _APOSTROPHE_GROUPED.fullmatch(plain):
            raise _Malformed(text)
        return Fraction(plain.replace("'", "")), (), ()
    if text.startswith(".") or ("," not in text and "." not in text):
        return Fraction(text), (), ()
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        whole, _, decimals = text.rpartition(decimal)
        grouping = "." if decimal == "," else ","
        if not _GROUPED[grouping].fullmatch(whole) or decimal in whole:
            raise _Malformed(text)
        return Fraction(f"{whole.replace(grouping, '')}.{decimals}"), (), ()
    separator = "," if "," in text else "."
    head, *groups = text.split(separator)
    grouped = _GROUPED[separator].fullmatch(text) is not None
    if len(groups) > 1:
        if not grouped:
            raise _Malformed(text)
        return Fraction(text.replace(separator, "")), (), ()
    if len(groups[0]) > _GROUP and not groups[0].strip("0"):
        raise _Malformed(text)  # '10.0000 I.U.': no decimal a label prints, and no thousands group either
    digits = head + groups[0]
    as_decimal = fraction(int(digits), 10 ** len(groups[0]))  # the decimal's value, without Fraction's parser
    if separator == ",":
        if decimal_comma:
            return as_decimal, (), ()
        if grouped:
            return fraction(int(digits)), (), ()
        return (
            as_decimal,
            (fraction(int(digits)),),
            (
                f"'{text}' with a decimal comma (as in German or French)",
                f"'{text}' if the comma only separates digits (as pint reads it)",
            ),
        )
    if decimal_comma and grouped:
        return fraction(int(digits)), (), ()
    if not grouped or decimal_comma:
        return as_decimal, (), ()
    return (
        as_decimal,
        (fraction(int(digits)),),
        (
            f"'{text}' with a decimal point (as in English)",
            f"'{text}' with a thousands dot (as in German or Italian)",
        ),
    )


def too_long(text: str) -> bool:
    """More digits than any dose has: the number is out of range, not read."""
    return sum(char.isdigit() for char in text) > MAX_DIGITS


@functools.lru_cache(maxsize=4096)
def _number(kind: str, text: str, decimal_comma: bool | None) -> Number:
    if kind == "sci":
        return Number(Fraction(0), out_of_range=f"'{text}' is in scientific notation, which no label uses")
    if too_long(text):
        return Number(Fraction(0), out_of_range=f"'{text[:20]}...' has more than {MAX_DIGITS} digits")
    if kind == "frac":
        top, bottom = (int(part) for part in text.split("/"))
        if not bottom:
            return Number(Fraction(top), out_of_range=f"'{text}' divides by zero")
        if top < bottom and bottom in _SMALL_DENOMINATORS:
            return Number(Fraction(top, bottom))
        arms = (Fraction(top), Fraction(bottom))
        if top < bottom <= _FRACTION_OR_ARMS:
            reasons: tuple[str, ...] = (
                f"'{text}' as two arms ({top} and {bottom})",
                f"'{text}' as the fraction {top}/{bottom}",
            )
            return Number(Fraction(top), (Fraction(top, bottom),), reasons, arms=arms)
        return Number(Fraction(top), arms=arms)
    if kind == "vulgar":
        return Number(VULGAR[text])
    extra = VULGAR.get(text[-1])
    digits = text[:-1].rstrip(" ") if extra is not None else text
    try:
        value, alternatives, reasons = read_number(digits, decimal_comma)
    except _Malformed:
        return Number(Fraction(0), malformed=True)
    if extra is not None:
        value, alternatives = value + extra, tuple(a + extra for a in alternatives)
    return Number(value, alternatives, reasons)


class Tokenizer:
    """The compiled token table for one lexicon and one forms registry."""

    def __init__(self, lexicon: Lexicon, forms: FormRegistry) -> None:
        self.lexicon = lexicon
        self.forms = forms
        # Spaces are not tokens: each match takes the spaces before its piece, which become the gap.
        self.phrase_starts = frozenset(text for gap, text in lexicon.trie if gap == 0)
        # the pieces that can follow a number at the start of a phrase ("3回に分けて")
        self.after_number = frozenset(key[1] for key in lexicon.trie.get((0, NUMBER_SLOT), {}) if key is not None)
        self._forms: dict[str, str | None] = {}
        self._numbers: dict[str, Number] = {}  # plain whole numbers as read ('45'): Number is immutable
        names = forms.name_pattern.pattern
        # A dose unit run into a name ('45mcgMK-7') is the unit, then the name.
        glued = "|".join(
            sorted(
                (re.escape(w) for w, unit in lexicon.units.items() if unit in ("mcg", "mg", "IU") and w.isalpha()),
                key=len,
                reverse=True,
            )
        )
        bare = names.replace(NAME_START, "", 1)  # the name's own boundary: here a unit runs into it
        glued_name = rf"(?<=\d)(?P<unit>(?i:{glued}))(?P<gluedname>(?i:{bare}))"
        self.source = rf"[ ]*(?:{_URL}|(?P<name>(?i:{names}))|{glued_name}|{PIECES})"
        # Printable ASCII text (most labels) is matched about a fifth sooner under ASCII rules, with the
        # same pieces: such text has no character on which Unicode and ASCII classes differ, and an ASCII
        # letter matches only an ASCII letter ignoring case unless the table spells a name or unit with a
        # letter that folds onto one (the Kelvin sign and 'k'): then every text takes the Unicode pattern.
        self.ascii_rules = not folds_onto_ascii(self.source)
        self._patterns: dict[bool, re.Pattern[str]] = {}
        spoken = (*lexicon.frequencies, *lexicon.periods, *lexicon.period_links, *lexicon.times, *lexicon.times_words,
                  lexicon.every, *lexicon.per_day, *lexicon.day_words, *lexicon.number_words)
        # the words of 'every other day', 'three times daily', ...: a hyphen between two joins them as a space
        self.frequency_words = frozenset(piece for phrase in spoken for piece in phrase.split() if piece.isalpha())
        self.count_words = frozenset({*(t for t in lexicon.times if t.isalpha()), *lexicon.number_words})

    @property
    def pattern(self) -> re.Pattern[str]:
        """The token pattern under Unicode rules, for any text."""
        return self._compiled(False)

    @property
    def ascii_pattern(self) -> re.Pattern[str]:
        """The pattern for printable ASCII text: under ASCII rules where they read it alike."""
        return self._compiled(self.ascii_rules)

    def _compiled(self, ascii_rules: bool) -> re.Pattern[str]:
        """Compiled on first use: each takes 15-20 ms, and one label (`kcheck label`) needs only one."""
        pattern = self._patterns.get(ascii_rules)
        if pattern is None:
            flags = re.DOTALL | re.ASCII if ascii_rules else re.DOTALL
            pattern = self._patterns[ascii_rules] = re.compile(self.source, flags)
        return pattern

    def tokenize(
        self, norm: Normalised, decimal_comma: bool | None = None, count: Callable[[int], None] | None = None
    ) -> list[Token]:
        """Every token of the text, in order; `count` is told how many characters the regex scanned."""
        text = norm.text
        if count is not None:
            count(len(text))
        raw: list[tuple[str, str, int, int, int]] = []
        append = raw.append
        name_end = -1
        pattern = self._compiled(self.ascii_rules and text.isascii() and text.isprintable())
        for match in pattern.finditer(text):
            kind: str = match.lastgroup  # type: ignore[assignment]
            if kind == "space":  # trailing spaces
                continue
            start, end = match.span(kind)  # type: ignore[arg-type]
            if kind == "word" or kind == "punct":
                append((kind, text[start:end], start, end, start - match.start()))
                continue
            if kind == "gluedname":
                unit_start, unit_end = match.span("unit")
                append(("unitname", text[unit_start:unit_end], unit_start, unit_end, unit_start - match.start()))
                kind, name_end = "name", end
                append((kind, text[start:end], start, end, 0))
                continue
            if kind == "name":
                name_end = end
            elif start and start != name_end and kind in _NUMERIC:
                before = text[start - 1]
                if (
                    before.isdigit()
                    or (before == "/" and start > 1 and text[start - 2].isdigit())
                    or (start > 1 and before in ".," and start - 1 != name_end and text[start - 2].isdigit())
                ):
                    kind = "junk"
            append((kind, text[start:end], start, end, start - match.start()))
        if "-" in text and any(piece[1] == "-" for piece in raw):  # a name's hyphen ('MK-7') is inside its piece
            raw = self._hyphenated(raw)
        return self._tokens(raw, norm, decimal_comma)

    def _hyphenated(self, raw: list[tuple[str, str, int, int, int]]) -> list[tuple[str, str, int, int, int]]:
        """A frequency written as one hyphenated word: 'twice-weekly', 'every-other-day' and '3-times-daily' are
        their words ('twice weekly'); an unknown word hyphenated to a period word ('bi-weekly', 'semi-monthly')
        is one unknown word holding a period, as 'biweekly' is. A hyphen between two counts is a range
        ('once-twice daily')."""
        out: list[tuple[str, str, int, int, int]] = []
        index = 0
        while index < len(raw):
            piece = raw[index]
            if piece[1] == "-" and not piece[4] and out and index + 1 < len(raw):
                following = raw[index + 1]
                if not following[4] and following[0] == "word" and out[-1][0] in ("word", "num", "name"):
                    left, right = _lowered(out[-1][1]), _lowered(following[1])
                    if self._joins(left, right):
                        out.append((*following[:4], 1))
                        index += 2
                        continue
                    if out[-1][0] in ("word", "name") and self._unknown_before_period(left, right):
                        _, text, start, _, gap = out[-1]  # 'zinc-weekly': a name is no word of a frequency either
                        out[-1] = ("word", f"{text}-{following[1]}", start, following[3], gap)
                        index += 2
                        continue
            out.append(piece)
            index += 1
        return out

    def _joins(self, left: str, right: str) -> bool:
        """Two words of a frequency ('twice' and 'weekly', '3' and 'times'), not two counts ('once', 'twice')."""
        if right not in self.frequency_words:
            return False
        if right in self.lexicon.times_words:
            return left in self.count_words or (left.isdigit() and len(left) <= 2)
        return left in self.frequency_words and not (left in self.count_words and right in self.count_words)

    def _unknown_before_period(self, left: str, right: str) -> bool:
        """'bi' before 'weekly': a word the lexicon does not know, hyphenated to a period word."""
        return spelled(left) and left not in self.lexicon.kinds and right in self.lexicon.period_words

    def _tokens(
        self, raw: list[tuple[str, str, int, int, int]], norm: Normalised, decimal_comma: bool | None
    ) -> list[Token]:
        kinds = self.lexicon.kinds
        trie = self.lexicon.trie
        starts = self.phrase_starts
        after_number = self.after_number
        known = self._forms
        origin = norm.origin
        ends = norm.ends  # empty unless a damaged sequence was repaired
        plain = type(origin) is range  # nothing changed: offsets are the user's
        text = norm.text
        tokens: list[Token] = []
        append = tokens.append
        numbers = self._numbers
        last_index = len(raw) - 1
        skip = 0  # pieces up to here are inside a phrase already read
        found: str | None
        value: Any
        for index, (kind, piece, start, end, gap) in enumerate(raw):
            if index < skip:
                continue
            low = _lowered(piece)
            if index < last_index and (
                low in starts or (kind == "num" and _lowered(raw[index + 1][1]) in after_number)
            ):
                # Every phrase has two pieces or more: only when the next piece continues one is it walked.
                node = trie.get((0, low))
                if node is None and kind == "num" and piece.isdigit():
                    node = trie.get((0, NUMBER_SLOT))
                after = raw[index + 1]
                if node is not None and (
                    (after[4], _lowered(after[1])) in node
                    or (after[0] == "num" and after[1].isdigit() and (after[4], NUMBER_SLOT) in node)
                ):
                    phrase, last, value = self._phrase(raw, index)
                    if phrase is not None:
                        end = raw[last][3]
                        span = norm.span(start, end)
                        found = kinds.get(phrase, "WORD")
                        append(Token(found, text[start:end], phrase, start, end, gap, span, value))
                        skip = last + 1
                        continue
            span = (start, end) if plain else (origin[start], ends[end - 1] if ends else origin[end - 1] + 1)
            if kind == "word" or kind == "punct" or kind == "cjk":
                found = kinds.get(low)
                if found is not None and (kind == "word" or found == "UNIT") and index < last_index:
                    after = raw[index + 1]  # a word must not run into a letter or digit ('mg2')
                    if not after[4] and after[0] in _RUNS_INTO and kind != "cjk":
                        # a list's word may run into its last number, as PDFs write it: 'or4000' (not one letter:
                        # 'Vitamin E400' is a code); a unit after a number may run into the next cell's number, as
                        # a flattened table writes it: '5 mcg5 mcg' (not 'g001', a figure's file name)
                        into_number = after[0] == "num" and len(low) > 1
                        joined = into_number and low in self.lexicon.list_separators
                        celled = into_number and found == "UNIT" and not after[1].startswith("0")
                        found = found if joined or (celled and index > 0 and raw[index - 1][0] == "num") else None
                    elif len(piece) == 1 and _initialism(raw, index):
                        found = None  # a one-letter unit or word opening an initialism ('17 U.S.C.', 'e.g.')
                if found is None and kind == "word" and index and raw[index - 1][0] == "num" and gap <= 1:
                    twin = self._unit_twin(low, text, raw[index + 1] if index < last_index else None)
                    if twin is not None:  # '2000 ME' typed with Latin M and E in a Cyrillic label: 'МЕ'
                        append(Token("UNIT", piece, twin, start, end, gap, span, LOOK_ALIKE))
                        continue
                if found is None:
                    found = "PUNCT" if kind == "punct" else "WORD"
                append(Token(found, piece, low, start, end, gap, span, None))
            elif kind == "name":
                form = known[piece] if piece in known else self._form(piece)
                append(Token("NAME", piece, low, start, end, gap, span, form))
            elif gap == 0 and kind in _NUMERIC and _in_code(tokens, start, kinds):
                append(Token("WORD", piece, low, start, end, gap, span, None))
            elif kind == "num" or kind == "sci":
                if kind == "num" and len(piece) <= MAX_DIGITS and piece.isdigit() and piece.isascii():
                    value = numbers.get(piece)  # the common case, as _number reads it (labels repeat their numbers)
                    if value is None:
                        value = Number(fraction(int(piece)))
                        if len(numbers) < 10_000:
                            numbers[piece] = value
                else:
                    value = _number(kind, piece, decimal_comma)
                if not gap and tokens and tokens[-1].end == start and len(piece) > 1 and piece.isdigit():
                    value = self._run_on_form(tokens[-1], piece, value)
                    if self._counts_on(tokens, value):
                        tokens[-2:] = [self._counted_on(tokens[-2], tokens[-1], piece, value, end, span)]
                        continue
                append(Token("NUMBER", piece, low, start, end, gap, span, value))
            elif kind == "frac" or kind == "vulgar":
                value = _number(kind, piece, decimal_comma)
                append(Token("FRACTION", piece, low, start, end, gap, span, value))
            elif kind == "unitname":
                append(Token("UNIT", piece, low, start, end, gap, span, None))
            else:  # junk
                append(Token("WORD", piece, low, start, end, gap, span, None))
        return tokens

    def _unit_twin(self, low: str, text: str, after: tuple[str, str, int, int, int] | None) -> str | None:
        """The unit a word after a number spells in look-alike letters of the other script ('ME' in Latin letters
        for the Cyrillic 'МЕ' in a Cyrillic label, 'mсg' with a Cyrillic 'с'), else None; never a word that runs
        into a letter or digit."""
        if after is not None and not after[4] and after[0] in _RUNS_INTO:
            return None
        kinds = self.lexicon.kinds
        cyrillic = low.translate(_TO_CYRILLIC)
        if cyrillic != low and kinds.get(cyrillic) == "UNIT" and _CYRILLIC.search(text) is not None:
            return cyrillic
        latin = low.translate(_TO_LATIN)
        if latin != low and latin.isascii() and kinds.get(latin) == "UNIT":
            return latin
        return None

    def _counts_on(self, tokens: list[Token], value: Number) -> bool:
        """The number goes on from a number and its CJK multiplier run into it ('2만5000', '1万2000'), and is less than
        the multiplier: one number, 25,000 and 12,000."""
        if len(tokens) < 2 or value.alternatives:
            return False
        word, number = tokens[-1], tokens[-2]
        factor = self.lexicon.multipliers.get(word.low)
        return (
            factor is not None
            and not word.text.isascii()
            and number.kind == "NUMBER"
            and number.end == word.start
            and number.value is not None
            and not number.value.alternatives
            and value.value < factor
        )

    def _counted_on(self, number: Token, word: Token, piece: str, value: Number, end: int, span: Span) -> Token:
        """One NUMBER token for a number, its multiplier and the number that goes on from them ('2만5000')."""
        assert number.value is not None
        total = number.value.value * self.lexicon.multipliers[word.low] + value.value
        text = f"{number.text}{word.text}{piece}"
        return Token("NUMBER", text, text, number.start, end, number.gap, (number.span[0], span[1]), Number(total))

    def _run_on_form(self, letter: Token, digits: str, value: Number) -> Number:
        """'维生素D3400单位', 'Vitamin K2100 mcg': a vitamin's letter run into digits whose first may end the form's
        name (D3 and 400) as well as start the number (D and 3400); both readings, for the reader to call ambiguous."""
        if letter.kind != "WORD" or len(letter.text) != 1 or value.alternatives:
            return value
        rest = int(digits[1:])
        if not rest or self._form(letter.text + digits[0]) is None:
            return value
        written = f"{letter.text}{digits}"
        reasons = (
            f"'{written}' read as {letter.text} and {digits}",
            f"'{written}' read as {letter.text}{digits[0]} and {digits[1:]}: the form's digit run into the amount",
        )
        return Number(value.value, (fraction(rest),), reasons)

    def _form(self, name: str) -> str | None:
        """The form a name as written stands for (remembered: labels repeat their names)."""
        if name in self._forms:
            return self._forms[name]
        form = self.forms.lookup(name)
        if len(self._forms) < 10_000:
            self._forms[name] = form
        return form

    def _phrase(self, raw: list[tuple[str, str, int, int, int]], index: int) -> tuple[str | None, int, int | None]:
        """The longest lexicon phrase of several pieces starting at raw[index] that does not run into
        a letter or digit, its last piece, and the whole number its {n} stands for ('in 3 divided
        doses': 3). A number written in the phrase itself ('1日{n}回') must be that number."""
        best: tuple[str | None, int, int | None] = (None, index, None)
        node: Any = self.lexicon.trie
        at = index
        slot: int | None = None
        while at < len(raw):
            kind, piece, _, _, gap = raw[at]
            key = (gap if at > index else 0, _lowered(piece))
            child = node.get(key)
            if child is None and kind == "num" and piece.isdigit():
                child = node.get((key[0], NUMBER_SLOT))
                slot = int(piece) if len(piece) <= MAX_DIGITS else None
            if child is None:
                break
            if None in child and _bounded(raw, at):
                best = (child[None], at, slot)
            node, at = child, at + 1
        return best


_RUNS_INTO = frozenset({"word", "num", "frac", "vulgar", "junk", "sci"})
# A web address is one piece nothing reads: 'viridian-vitamine-d3-2000-ie-vegan' in a link names no dose.
_URL = r"(?P<url>(?i:https?://|www\.)[^\s<>\"'\[\]()]+)"
# Latin and Cyrillic letters that look alike in upper case (M and М, E and Е, ...), in lower case as the lexicon
# holds words: a unit typed with a letter of the other script is read as the unit, and said so (KC110).
_LOOK_ALIKE = {"a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м", "o": "о", "p": "р", "t": "т",
               "x": "х", "y": "у"}
_TO_CYRILLIC = str.maketrans(_LOOK_ALIKE)
_TO_LATIN = str.maketrans({cyrillic: latin for latin, cyrillic in _LOOK_ALIKE.items()})
_CYRILLIC = re.compile("[\u0400-\u04ff]")
LOOK_ALIKE = "look-alike"
"""The value of a UNIT token spelled with look-alike letters of the other script."""
_PRINTABLE_ASCII = "".join(map(chr, range(0x20, 0x7F)))


def folds_onto_ascii(source: str) -> bool:
    """True when a non-ASCII character written in a pattern matches a printable ASCII one ignoring case
    (the Kelvin sign matches 'k', the long s 's'): ASCII rules would then read some ASCII text differently."""
    letters = "".join(sorted({re.escape(char) for char in source if not char.isascii()}))
    return bool(letters) and re.search(f"[{letters}]", _PRINTABLE_ASCII, re.IGNORECASE) is not None


def _lowered(piece: str) -> str:
    """piece.lower() as CPython writes it in both builds: compiled, str.lower() leaves out the rule that makes a
    Greek word's last capital sigma final ('ΗΜΕΡΗΣΊΩΣ' is 'ημερησίως'), so a capitalised Greek word would read
    one way pure and another compiled."""
    low = piece.lower()
    if len(piece) > 1 and piece[-1] == "Σ" and low[-1] == "σ" and piece[-2].isalpha():
        return f"{low[:-1]}ς"
    return low


def _in_code(tokens: list[Token], start: int, kinds: Mapping[str, str]) -> bool:
    """True when digits at `start` end a code: a word kcheck does not know, of three letters at most or with a
    capital inside ('B12', 'CoQ10'), run into them or joined by a hyphen ('B-12'). A code names something else;
    its digits are never an amount or a range's first end. A longer word runs into its amount when a space is
    missing ('contenant600 UI'), and Japanese writes no spaces at all."""
    if not tokens or tokens[-1].end != start:
        return False
    word = tokens[-1]
    if word.text in CODE_HYPHENS and len(tokens) > 1 and not word.gap:
        word = tokens[-2]
        if word.end != tokens[-1].start:
            return False
    text = word.text
    return (
        word.kind == "WORD"
        and text.isascii()
        and text.isalpha()
        and (len(text) <= _CODE_LETTERS or not text[1:].islower())
        and word.low not in kinds
    )


CODE_HYPHENS = frozenset("-‐‑")
_CODE_LETTERS = 3


def _bounded(raw: list[tuple[str, str, int, int, int]], last: int) -> bool:
    """A word must not run into a letter or digit: 'mg2' is not milligrams (Japanese may: '1日45mg'), and a dotted
    abbreviation must not run into another dotted letter: 'q.d.s.' is not 'q.d.'."""
    if last + 1 >= len(raw) or raw[last][0] == "cjk":
        return True
    if _runs_on(raw, last):
        return False
    kind, _, _, _, gap = raw[last + 1]
    return gap > 0 or kind not in _RUNS_INTO


def _runs_on(raw: list[tuple[str, str, int, int, int]], last: int) -> bool:
    """A dotted abbreviation ending at raw[last] goes on with another dotted letter ('q.d.' or 'q.d' in 'q.d.s.')."""
    if raw[last][1] == ".":
        return last > 0 and _initialism(raw, last - 1)
    return last > 0 and raw[last - 1][1] == "." and _initialism(raw, last)


def _initialism(raw: list[tuple[str, str, int, int, int]], index: int) -> bool:
    """True when raw[index] is the first letter of a dotted initialism: 'U' in 'U.S.C.' or 'U.S.'."""
    pieces = raw[index + 1 : index + 4]
    return (
        len(pieces) == 3
        and [(kind, piece) for kind, piece, *_ in pieces[::2]] == [("punct", "."), ("punct", ".")]
        and pieces[1][0] == "word"
        and len(pieces[1][1]) == 1
        and not any(gap for *_, gap in pieces)
    )


_TOKENIZERS: dict[tuple[int, int], tuple[Lexicon, FormRegistry, Tokenizer]] = {}
_SHIPPED: list[Tokenizer] = []  # the table of the shipped lexicon last asked for: what every label asks for


def tokenizer(forms: FormRegistry, lexicon: Lexicon | None = None) -> Tokenizer:
    """The compiled token table for these forms (and the shipped lexicon unless one is given)."""
    if lexicon is not None:
        return _table(lexicon, forms)
    if _SHIPPED and _SHIPPED[0].forms is forms:
        return _SHIPPED[0]
    from kcheck.data import default_lexicon

    table = _table(default_lexicon(), forms)
    _SHIPPED[:] = [table]
    return table


def _table(lexicon: Lexicon, forms: FormRegistry) -> Tokenizer:
    key = (id(lexicon), id(forms))
    cached = _TOKENIZERS.get(key)
    if cached is None:
        cached = (lexicon, forms, Tokenizer(lexicon, forms))  # holding both keeps their ids unique
        _TOKENIZERS[key] = cached
    return cached[2]
