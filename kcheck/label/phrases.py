"""The island parser: finds dose phrases in the token stream and skips everything else.

The grammar (EBNF over tokens; `~` means "at most one space", `_` "one or more spaces"):

    label        = { quantity | name | per_phrase | frequency | count | noise } ;
    quantity     = number_group [ ~ multiplier ] unit ;              (* 45 mcg, 1-2 capsules *)
    number_group = range | list | number ;
    range        = number [ unit ] range_sep number                  (* same unit kind or two masses, low <= high *)
                 | "between" _ number _ "and" _ number ;
    list         = number { list_sep number } ;                      (* 15, 45, 90 and 135 mg *)
    restatement  = quantity [ per ] [ "(" unit ")" ] [ "(" | "," ] [ marker ] [ "~" ] [ "(" ] quantity ;
    per          = per_day | "/" ( day_word | "kg" ) | per_word ( count_noun | "mL" | "oz" | "kg" ) ;
    pct_dv       = [ "(" ] number ~ "%" [ dv_word ] [ ")" ] ;
    frequency    = frequency_phrase | latin | divided_doses | times_per | every_n   (* lexicon phrases *)
                 | "every" _ integer _ period
                 | times [ link ] period | ( "x" | "×" ) ~ integer ;
    times        = integer ~ ( "x" | "×" | "times" ) | "once" | "twice" | ... ;
    count        = ( number | number_word ) [ "-" integer ] _ [ adjective _ ] count_noun tail ;
    header_per   = header_word _ { adjective _ } count_noun ;      (* Each tablet contains *)
    each_quantity= header_word _ [ number ] unit ;                  (* per 0.5 mL *)
    count_equals = number count_noun ( "=" | "~" | ":" | "(" ) ;    (* 6 drops = 2000 IU *)

Every function takes the Stream and returns values; none keeps state between calls. Words come
from data/lexicon.yaml (see kcheck/label/lexicon.py), never from this file.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace
from fractions import Fraction

from kcheck.amounts import fraction, is_one, less, product
from kcheck.forms import NEAR_MISS_MIN_LENGTH, FormRegistry
from kcheck.label.lexicon import CJK, Lexicon
from kcheck.label.model import Amount, Span
from kcheck.label.normalise import Normalised
from kcheck.label.tokens import MAX_DIGITS, Number, Token

NUMBERS = ("NUMBER", "FRACTION")
_SCANNED = frozenset({"NAME", *NUMBERS})
_ONE = Fraction(1)
_MASS_UG = {"mcg": Fraction(1), "mg": Fraction(1000), "g": Fraction(1_000_000)}
AMOUNT_UNITS = {"mcg": "mass", "mg": "mass", "g": "mass", "IU": "iu", "units": "units", "u": "u"}
_CANONICAL = {"IU": "IU", "units": "units", "u": "units"}
_DECIMAL = re.compile(r"\d+(?:[.,]\d+)?")
_POINT_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_DIGIT_SPACE_DIGIT = re.compile(r"\d \d")
_SIGN_OR_SPLIT = re.compile(r"[ ][-+]\.?\d|\d\. \d|\d·\d")  # '1·2': a decimal point written raised ('P<0·001')
_SIGN_AT_START = re.compile(r"[ ]*[-+]\.?\d")
_SPACE_GROUP_HEAD = re.compile(r"[1-9]\d{0,2}( \d{3})*")
_CJK = re.compile(f"[{CJK}]")  # Japanese and Chinese run words together, Korean glues on particles: one bounds a word
_SPACE_GROUP_TAIL = re.compile(r"\d{3}(?:\.\d+)?")  # '1 000' and '1 001.5': the last group may carry decimals


class Stream:
    """The tokens of one label, the lexicon, and the work done reading them (tokens visited)."""

    __slots__ = ("lexicon", "norm", "pers", "tokens", "work")

    def __init__(self, tokens: list[Token], norm: Normalised, lexicon: Lexicon) -> None:
        self.tokens = tokens
        self.norm = norm
        self.lexicon = lexicon
        self.work = 0
        self.pers: dict[int, Per | None] | None = None  # per suffixes read, by token index, once settled

    def settle(self) -> None:
        """The tokens are final (no more joins or assumed names): from now on a per suffix is read once."""
        self.pers = {}

    def get(self, index: int) -> Token | None:
        """The token at `index`, or None past either end."""
        self.work += 1
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    def decimal(self, token: Token, comma: bool = True) -> Fraction | None:
        """A plain written number ('2', '0.5', and '1,5' when `comma`) as a count, else None."""
        self.work += len(token.text)
        if token.kind != "NUMBER" or len(token.text) > MAX_DIGITS:
            return None
        return _plain_number(token.text, comma)

    def boundary_before(self, index: int) -> bool:
        """No letter or digit runs into this token from the left (a name counts as a boundary)."""
        token = self.tokens[index]
        if index == 0 or token.gap:
            return True
        previous = self.tokens[index - 1]
        return (
            previous.kind == "NAME"
            or not previous.text[-1].isalnum()
            or not token.text[0].isalnum()
            or _CJK.fullmatch(previous.text[-1]) is not None
        )


@functools.lru_cache(maxsize=4096)
def _plain_number(text: str, comma: bool) -> Fraction | None:
    if not (_DECIMAL if comma else _POINT_DECIMAL).fullmatch(text):
        return None
    whole, _, decimals = text.replace(",", ".").partition(".")
    return fraction(int(whole + decimals), 10 ** len(decimals))  # without Fraction's parser


@dataclass(slots=True, init=False)
class Quantity:
    """A number (or range or list) with what follows it; `first`/`last` are token indices.

    A class with its own __init__, as Token is (made and read natively when compiled).
    """

    first: int
    last: int
    start: int
    end: int
    kind: str  # "mass", "iu", "units", "u", or a measure: "count", "time", "mL", "%", "kg", "oz"; or "bare"
    amount: Amount | None

    def __init__(self, first: int, last: int, start: int, end: int, kind: str, amount: Amount | None) -> None:
        self.first = first
        self.last = last
        self.start = start
        self.end = end
        self.kind = kind
        self.amount = amount


@dataclass(slots=True, init=False)
class Name:
    """A name token (or two in apposition, 'Vitamin K2 (as MK-7)'): tokens first..last (a class, as Quantity)."""

    first: int
    last: int
    start: int
    end: int
    text: str
    form: str | None
    conflict: str | None = None
    """What an apposition names when its two names disagree ('K1 and MK-7'): form is then what they share."""

    def __init__(
        self, first: int, last: int, start: int, end: int, text: str, form: str | None, conflict: str | None = None
    ) -> None:
        self.first = first
        self.last = last
        self.start = start
        self.end = end
        self.text = text
        self.form = form
        self.conflict = conflict


@dataclass(slots=True, init=False)
class Frequency:
    """Doses a day (None when stated but not used, as 'x1'), its words and offsets.

    `total` is True for divided doses ("in 3 divided doses"): the amount before is a daily total.
    """

    value: Fraction | None
    text: str | None
    start: int
    end: int
    total: bool = False
    high: Fraction | None = None
    """The high end of a range of doses ('2-3 times daily': value 2, high 3)."""

    def __init__(
        self,
        value: Fraction | None,
        text: str | None,
        start: int,
        end: int,
        total: bool = False,
        high: Fraction | None = None,
    ) -> None:
        self.value = value
        self.text = text
        self.start = start
        self.end = end
        self.total = total
        self.high = high


# ---------------------------------------------------------------- units and numbers


def unit_kind(stream: Stream, index: int) -> str | None:
    """unit = a lexicon unit or count noun: its kind ('mcg', 'IU', 'count', 'time', ...)."""
    stream.work += 1
    token = stream.tokens[index] if 0 <= index < len(stream.tokens) else None
    if token is None or token.kind not in ("UNIT", "COUNT"):
        return None
    return stream.lexicon.units.get(token.low) or "count"


def unit_after(stream: Stream, number: int) -> tuple[int | None, Fraction]:
    """number [ ~ multiplier ] unit: the unit's token index (None) and the multiplier (1)."""
    tokens = stream.tokens
    at, factor = number + 1, _ONE
    stream.work += 2
    if at >= len(tokens):
        return None, factor
    token = tokens[at]
    if token.gap <= 1 and token.low in stream.lexicon.multipliers:
        at, factor = at + 1, stream.lexicon.multipliers[token.low]
        if at >= len(tokens):
            return None, factor
        token = tokens[at]
    if token.text == "-" and not token.gap and at + 1 < len(tokens) and not tokens[at + 1].gap:
        unit = tokens[at + 1]  # "5-mg tablets": the hyphen of a compound adjective
        if unit.kind == "UNIT" and stream.lexicon.units.get(unit.low) in ("mcg", "mg", "g", "IU"):
            return at + 1, factor
    if token.gap > 2 or token.kind not in ("UNIT", "COUNT"):
        return None, factor
    return at, factor


def join_space_groups(stream: Stream) -> None:
    """'1 000' and '45 000' are one number; '1 250 mg' is 1250 mg or one 250 mg unit: ambiguous."""
    if _DIGIT_SPACE_DIGIT.search(stream.norm.text) is None:
        return  # no two numbers one space apart
    tokens = stream.tokens
    stream.work += len(tokens)
    for index in range(1, len(tokens)):
        if tokens[index].kind == "NUMBER" and tokens[index].gap == 1 and tokens[index - 1].kind == "NUMBER":
            break
    else:
        return  # the digits are in other tokens ('MK-7 409 mcg'): nothing to join
    out: list[Token] = []
    for index, token in enumerate(tokens):
        previous = out[-1] if out else None
        if (
            previous is not None
            and token.kind == "NUMBER"
            and previous.kind == "NUMBER"
            and token.gap == 1
            and _SPACE_GROUP_TAIL.fullmatch(token.text)
            and not previous.value.alternatives
            and len(previous.text) < 16
            and _SPACE_GROUP_HEAD.fullmatch(previous.text)
            and _unit_follows(tokens, index)
        ):
            merged = Fraction(previous.text.replace(" ", "") + token.text)
            text = previous.text + " " + token.text
            if stream.norm.grouping_space(previous.end) or token.text.startswith("0"):
                value = Number(merged)
            else:
                reasons = (
                    f"'{text}' with a space between thousands",
                    f"'{token.text}' alone, '{previous.text}' being a count",
                )
                value = Number(merged, (token.value.value,), reasons)
            out[-1] = replace(
                previous, text=text, low=text, end=token.end, span=(previous.span[0], token.span[1]), value=value
            )
            continue
        if (
            previous is not None
            and token.kind == "NUMBER"
            and previous.kind == "NUMBER"
            and token.gap == 1
            and (previous.gap or len(out) == 1)
            and token.text.isdigit()
            and previous.text.isdigit()
            and not previous.value.alternatives
            and _unit_follows(tokens, index)
        ):
            # '4 5 mcg' is no group of thousands: 5 after a number of something else ('Vitamin K 1 5 MG'), or 45
            # split by a space
            text = previous.text + " " + token.text
            reasons = (f"'{token.text}' alone", f"'{text}' as {previous.text}{token.text}, split by a space")
            value = Number(token.value.value, (Fraction(previous.text + token.text),), reasons)
            out[-1] = replace(
                previous, text=text, low=text, end=token.end, span=(previous.span[0], token.span[1]), value=value
            )
            continue
        out.append(token)
    stream.tokens = out


def assume_names(stream: Stream, forms: FormRegistry) -> dict[int, str]:
    """Unknown words one or two letters from names of exactly one form ('Cholecalcifreol') become
    that name; returns {offset: the name assumed} so that a finding can say so."""
    assumed: dict[int, str] = {}
    tokens = stream.tokens
    stream.work += len(tokens)
    words = [i for i, token in enumerate(tokens) if token.kind == "WORD" and len(token.text) >= NEAR_MISS_MIN_LENGTH]
    for index in words:
        token = tokens[index]
        if not token.text.isalpha():
            continue
        near = forms.near_miss(token.text)
        if near is not None:
            alias, form = near
            stream.tokens[index] = replace(token, kind="NAME", value=form)
            assumed[token.start] = alias
    return assumed


def no_sign_or_split(text: str) -> bool:
    """True when no sign stands after a space or at the start ('MK-7' has none) and no decimal is split
    ('digit. digit'): substring tests answer for most labels, the patterns for the rest."""
    if (
        " -" not in text
        and " +" not in text
        and ". " not in text
        and "·" not in text
        and text.lstrip(" ")[:1] not in ("-", "+")
    ):
        return True
    return _SIGN_OR_SPLIT.search(text) is None and _SIGN_AT_START.match(text) is None


def mark_signs_and_splits(stream: Stream) -> None:
    """'-45 mcg' has a sign (out of range, never read as 45); '0. 5 mg', a decimal split by PDF
    extraction, is 0.5 or 5 (ambiguous), as '1·2 mg' is 1.2 or 2."""
    if no_sign_or_split(stream.norm.text):
        return
    tokens = stream.tokens
    out: list[Token] = []
    for index, token in enumerate(tokens):
        stream.work += 1
        previous = out[-1] if out else None
        if token.kind != "NUMBER" or previous is None or token.value.out_of_range:
            out.append(token)
            continue
        before = out[-2] if len(out) > 1 else None
        if (
            previous.text in "-+"
            and token.gap == 0
            and (before is None or previous.gap > 0)
            and (before is None or before.kind not in ("NUMBER", "UNIT"))
        ):
            reason = f"'{previous.text}{token.text}' has a sign: no dose is negative"
            out[-1] = replace(
                token,
                text=previous.text + token.text,
                low=previous.text + token.text,
                start=previous.start,
                gap=previous.gap,
                span=(previous.span[0], token.span[1]),
                value=token.value._replace(out_of_range=reason),
            )
            continue
        # '0. 5 mg' (a decimal split by a space) and '1·2 mg' (a decimal point written raised)
        spaced = previous.text == "." and token.gap == 1
        if (
            (spaced or (previous.text == "·" and token.gap == 0))
            and previous.gap == 0
            and token.text.isdigit()
            and before is not None
            and before.kind == "NUMBER"
            and before.text.isdigit()
            and not before.value.alternatives
            and _unit_follows(tokens, index)
        ):
            text = f"{before.text}{previous.text}{' ' if spaced else ''}{token.text}"
            how = "a decimal split by a space" if spaced else "a decimal point written raised"
            reasons = (
                f"'{token.text}' alone, '{before.text}{previous.text}' ending what came before",
                f"'{text}' as {before.text}.{token.text}, {how}",
            )
            value = Number(token.value.value, (Fraction(f"{before.text}.{token.text}"),), reasons)
            out[-2:] = [
                replace(before, text=text, low=text, end=token.end, span=(before.span[0], token.span[1]), value=value)
            ]
            continue
        out.append(token)
    stream.tokens = out


def _unit_follows(tokens: list[Token], index: int) -> bool:
    """A unit after this number, or after more space-separated groups of three digits ('1 000 001 mcg'), or after
    the high end of a range it begins ('1 000–4 000 IU')."""
    at = index + 1
    while at < len(tokens) and tokens[at].kind == "NUMBER" and tokens[at].gap == 1:
        if not _SPACE_GROUP_TAIL.fullmatch(tokens[at].text):
            return False
        at += 1
    after = tokens[at] if at < len(tokens) else None
    if after is not None and after.kind == "RANGE_SEP" and at + 1 < len(tokens) and tokens[at + 1].kind == "NUMBER":
        return _unit_follows(tokens, at + 1)  # '1 000–4 000 IU': the unit after the range's high end
    return after is not None and after.gap <= 2 and after.kind in ("UNIT", "COUNT")


def quantities(stream: Stream) -> list[Quantity]:
    """{ quantity | number }: every number group with the unit that follows it, in text order."""
    numbers = [index for index, token in enumerate(stream.tokens) if token.kind in NUMBERS]
    stream.work += len(stream.tokens)
    found: list[Quantity] = []
    position = 0
    while position < len(numbers):
        quantity, used = _quantity_at(stream, numbers, position)
        found.append(quantity)
        position += used
    return found


def _range_sep(stream: Stream, before: int, after: int) -> bool:
    """range_sep = { " " }(0-3) ( "-" | "to" | "bis" | ... ) { " " }(0-3), between `before` and the number `after`."""
    if after - before != 2:
        return False
    sep, number = stream.get(before + 1), stream.get(after)
    assert sep is not None and number is not None
    return sep.low in stream.lexicon.range_separators and sep.gap <= 3 and number.gap <= 3


def _between_and(stream: Stream, first: int, before: int, after: int) -> bool:
    """ "between" _ number [ unit ] _ "and" _ number (any language's words from the lexicon): the number `first`,
    the token `before` the "and" (the number or its unit), the number `after`."""
    word = stream.get(first - 1)
    if word is None or word.low not in stream.lexicon.range_between or not stream.tokens[first].gap:
        return False
    if after - before != 2:
        return False
    sep, number = stream.get(before + 1), stream.get(after)
    assert sep is not None and number is not None
    return sep.low in stream.lexicon.range_between_and and sep.gap > 0 and number.gap > 0


def _list_sep(stream: Stream, last: int, nxt: int) -> bool:
    """list_sep: ', ' | [','] ' and ' | '/'."""
    between = stream.tokens[last + 1 : nxt]
    stream.work += len(between)
    following = stream.tokens[nxt]
    words = stream.lexicon.list_separators
    if len(between) == 1:
        sep = between[0]
        if sep.text == ",":
            return sep.gap == 0 and following.gap > 0
        if sep.text == "/":
            return sep.gap == 0 and following.gap == 0
        return sep.low in words and sep.text not in ",/" and sep.gap > 0 and _after_a_word(sep, following)
    if len(between) == 2:
        comma, word = between
        return comma.text == "," and word.low in words and word.text not in ",/" and word.gap > 0 and _after_a_word(
            word, following
        )
    return False


def _after_a_word(word: Token, following: Token) -> bool:
    """The number after a list's word stands apart from it, or is run into it ('or4000', as PDFs write it)."""
    return following.gap > 0 or word.text.isalpha()


def _not_a_list_head(stream: Stream, first: int) -> bool:
    """A number after an age word ('up to age 70, and 800 IU') or ending a range of its own ('1-3 y 2500 IU')
    says something else: it heads no list of amounts."""
    if first == 0:
        return False
    before = stream.tokens[first - 1]
    if before.low in stream.lexicon.age_words:
        return True
    return first > 1 and before.low in stream.lexicon.range_separators and stream.tokens[first - 2].kind in NUMBERS


def _quantity_at(stream: Stream, numbers: list[int], position: int) -> tuple[Quantity, int]:
    """quantity = ( range | list | number ) [ ~ multiplier ] unit: the quantity and how many numbers it used."""
    tokens = stream.tokens
    first = numbers[position]
    group = [first]
    is_range = False
    unit1, factor1 = unit_after(stream, first)
    units = stream.lexicon.units
    kind1 = (units.get(tokens[unit1].low) or "count") if unit1 is not None else None  # unit_kind, inline
    after1 = unit1 if unit1 is not None and kind1 in AMOUNT_UNITS else first
    multiplied = unit1 is None and factor1 is not _ONE  # '10만~20만 IU': the low end's multiplier, and no unit
    if multiplied:
        after1 = first + 1
    low_scale = _ONE  # '100 mcg to 15 mg': the low end in the high end's unit (and multiplier)
    carried = False  # '400 IU to 800': the high end, a bare number, in the low end's unit
    chain = _dash_chain(stream, numbers, position) if unit1 is None else ()
    if chain:
        group = list(chain)  # '400-800-1000 IU': strengths listed, not a range that drops the first
    elif position + 1 < len(numbers):
        nxt = numbers[position + 1]
        ranged = nxt - after1 == 2 and (_range_sep(stream, after1, nxt) or _between_and(stream, first, after1, nxt))
        ranged = ranged or (nxt - first == 2 and _between_and(stream, first, first, nxt))
        if ranged:
            unit2, factor2 = unit_after(stream, nxt)
            if multiplied and factor2 != factor1:
                unit2 = None  # '10 thousand to 2 million': not one scale
            kind2 = unit_kind(stream, unit2) if unit2 is not None else None
            if unit1 is not None and kind1 != kind2 and kind1 in _MASS_UG and kind2 in _MASS_UG:
                low_scale = _MASS_UG[kind1] / _MASS_UG[kind2]
            elif unit1 is None and factor2 is not _ONE and max(_readings(tokens[nxt].value)) < min(
                _readings(tokens[first].value)
            ):
                low_scale = 1 / factor2  # '3000-1万单位': the multiplier is the high end's alone ('10-20万' shares it)
            if (
                unit2 is not None
                and (unit1 is None or kind1 == kind2 or low_scale is not _ONE)
                and max(_readings(tokens[nxt].value)) >= min(_readings(tokens[first].value)) * low_scale
            ):
                group, is_range = [first, nxt], True
            elif (
                unit2 is None
                and after1 == unit1
                and factor2 is _ONE
                and _bare_end(stream, nxt)
                and max(_readings(tokens[nxt].value)) >= min(_readings(tokens[first].value))
            ):
                group, is_range, carried = [first, nxt], True, True
                low_scale = _ONE
            else:
                low_scale = _ONE
    if not is_range and after1 == unit1 and position + 1 < len(numbers):
        nxt = numbers[position + 1]
        if _per_range(stream, first, after1, nxt):
            group, is_range = [first, nxt], True  # '400 IU/day to 800 IU/day'
    if not is_range and unit1 is None and not chain and not _not_a_list_head(stream, first):
        at = position + 1
        while at < len(numbers):
            nxt, last = numbers[at], group[-1]
            if (last == first or unit_after(stream, last)[0] is None) and _list_sep(stream, last, nxt):
                group.append(nxt)
                at += 1
            else:
                break
        if len(group) > 1:
            unit, _ = unit_after(stream, group[-1])
            if unit is None or unit_kind(stream, unit) not in AMOUNT_UNITS:
                group = [first]
    last = group[-1]
    if last == first or carried:
        unit, factor, kind = unit1, factor1, kind1
    else:
        unit, factor = unit_after(stream, last)
        kind = unit_kind(stream, unit) if unit is not None else None
    start = tokens[first].start
    if unit is None:
        return Quantity(first, first, start, tokens[first].end, "bare", None), 1
    assert kind is not None
    unit_token = tokens[unit]
    joined = _unit_chain_end(tokens, unit)
    if joined is not None:  # 'mg-unit-mg': a combination's units in the order of its numbers
        return Quantity(first, joined, start, tokens[joined].end, "chain", None), len(group)
    if kind not in AMOUNT_UNITS:
        measure = "mass" if kind in ("mcg", "mg", "g") else kind
        return Quantity(first, unit, start, unit_token.end, measure, None), len(group)
    canonical = _CANONICAL.get(kind, kind)
    unsafe = stream.lexicon.unsafe_units.get(unit_token.text, ())
    read = [tokens[index].value for index in group]
    scaled = factor is not _ONE and factor != 1
    values = (read[0].arms or (read[0].value,)) if len(group) == 1 else tuple(number.value for number in read)
    if low_scale is not _ONE:  # a scale is set only between two different units or multipliers: never 1
        values = (values[0] * low_scale, *values[1:])
    if scaled:
        values = tuple(value * factor for value in values)
    ambiguous = read[0].alternatives if len(read) == 1 else any(number.alternatives for number in read)
    candidates, reasons = _candidates(read, values, factor) if ambiguous else ((), ())
    close = max(unit, last)  # the high end, after the unit it is in ('400 IU to 800')
    amount = Amount(
        values,
        canonical,
        is_range,
        stream.norm.span(start, tokens[close].end),
        stream.norm.text[start : tokens[last].end],
        unit_token.text,
        unit_token.gap == 0 and not scaled and unit == last + 1,
        candidates,
        reasons,
        tuple(reading for reading, _ in unsafe) if unsafe else (),
        read[0].malformed if len(read) == 1 else any(number.malformed for number in read),
        read[0].out_of_range if len(read) == 1 else next((n.out_of_range for n in read if n.out_of_range), ""),
    )
    return Quantity(first, close, start, tokens[close].end, AMOUNT_UNITS[kind], amount), len(group)


def _dash_chain(stream: Stream, numbers: list[int], position: int) -> tuple[int, ...]:
    """Three or more numbers joined by dashes ('400-800-1000', '120-1,000-10'), a unit after the last: a list of
    strengths, which no range reads whole. The numbers' indices, or () when there are fewer than three."""
    tokens = stream.tokens
    chain = [numbers[position]]
    at = position + 1
    while at < len(numbers):
        nxt, last = numbers[at], chain[-1]
        sep = tokens[last + 1]
        if nxt != last + 2 or sep.text != "-" or sep.gap > 1 or tokens[nxt].gap > 1:
            break
        chain.append(nxt)
        at += 1
    if len(chain) < 3:
        return ()
    unit = unit_after(stream, chain[-1])[0]
    return tuple(chain) if unit is not None and unit_kind(stream, unit) in AMOUNT_UNITS else ()


def _unit_chain_end(tokens: list[Token], unit: int) -> int | None:
    """The last of units joined by dashes with no space ('mg-unit-mg', 'IU-mg'), from the unit at `unit`; None when
    no unit is joined to it."""
    at = unit
    while at + 2 < len(tokens) and tokens[at + 1].text == "-" and tokens[at + 1].gap == 0:
        joined = tokens[at + 2]
        if joined.kind != "UNIT" or joined.gap:
            break
        at += 2
    return at if at > unit else None


def _per_range(stream: Stream, first: int, unit1: int, nxt: int) -> bool:
    """number unit per range_sep number unit per, the same unit and per on both ends ('400 IU/day to 800 IU/day',
    '400 IU daily to 800 IU daily'), rising: the number `nxt` ends the range the number `first` begins."""
    tokens = stream.tokens
    per = per_suffix(stream, unit1 + 1)
    if per is None or nxt - per.last != 2 or not _range_sep(stream, per.last, nxt):
        return False
    unit2, factor2 = unit_after(stream, nxt)
    if unit2 is None or factor2 is not _ONE or unit_kind(stream, unit2) != unit_kind(stream, unit1):
        return False
    other = per_suffix(stream, unit2 + 1)
    if other is None or (other.what, other.value, other.count) != (per.what, per.value, per.count):
        return False
    return max(_readings(tokens[nxt].value)) >= min(_readings(tokens[first].value))


def _bare_end(stream: Stream, index: int) -> bool:
    """The number at `index` ends a range in the unit before it: nothing follows it but punctuation, a per or a
    frequency ('400 IU to 800', '100 mcg - 200 daily'); a word after it may say it counts something else."""
    after = stream.get(index + 1)
    return after is None or after.kind in ("PER", "FREQ") or (after.kind == "PUNCT" and after.text in ".,;:)]")


def _readings(number: Number) -> tuple[Fraction, ...]:
    """Every reading of a number: a range whose ends rise in one of them ('entre 400 UI e 10.000 UI') is a range
    whose reading is ambiguous, never its low end alone."""
    return (number.value, *number.alternatives)


def _candidates(
    read: list[Number], values: tuple[Fraction, ...], factor: Fraction
) -> tuple[tuple[tuple[Fraction, ...], ...], tuple[str, ...]]:
    """The other readings of a quantity's values when a number has some ('1,5'), and a reason for
    the reading in `values` followed by one per candidate."""
    if len(read) == 1 and read[0].arms:  # '3/7 mg': two arms, or the fraction
        return (tuple(alternative * factor for alternative in read[0].alternatives),), read[0].reasons
    candidates: list[tuple[Fraction, ...]] = []
    reasons: list[str] = []
    for index, number in enumerate(read):
        if not number.alternatives:
            continue
        if not reasons:
            reasons.append(number.reasons[0])
        for alternative, reason in zip(number.alternatives, number.reasons[1:], strict=True):
            candidate = list(values)
            candidate[index] = alternative * factor
            candidates.append(tuple(candidate))
            reasons.append(reason)
    return tuple(candidates), tuple(reasons)


# ---------------------------------------------------------------- names


def apposition(stream: Stream, left: Name, right: Name) -> bool:
    """name { "(" | ":" | "," | "-" } [ as_word | of_word ] { ")" | ":" | "-" } name ('K2 of MK7')."""
    as_words = stream.lexicon.connectives["as"] | stream.lexicon.connectives["of"]
    seen_word = False
    for index in range(left.last + 1, right.first):
        token = stream.get(index)
        assert token is not None
        if token.low in as_words and not seen_word:
            seen_word = True
        elif token.text in "()[]:-" or (token.text == "," and not seen_word):
            continue
        else:
            return False
    return True


# ---------------------------------------------------------------- per, %DV, counts


@dataclass(slots=True, init=False)
class Per:
    """One per suffix: 'day', 'kg' or a per-unit, and where it ends."""

    what: str
    value: str
    last: int
    start: int
    end: int
    count: Fraction = _ONE
    """How many of the per-unit ('per 2 capsules': 2)."""
    written: str | None = None
    """That count as written ('2 capsules'), when it is not one."""

    def __init__(
        self,
        what: str,
        value: str,
        last: int,
        start: int,
        end: int,
        count: Fraction = _ONE,
        written: str | None = None,
    ) -> None:
        self.what = what
        self.value = value
        self.last = last
        self.start = start
        self.end = end
        self.count = count
        self.written = written


def after_unit_echo(stream: Stream, index: int) -> int:
    """Past a parenthesised unit that restates the one before it ('1 microgram (mcg) per kilogram (kg)')."""
    stream.work += 3
    tokens = stream.tokens
    if not 0 <= index < len(tokens) - 2 or tokens[index].text != "(":
        return index
    unit, closing = tokens[index + 1], tokens[index + 2]
    if unit.kind == "UNIT" and closing.text == ")" and unit.gap == closing.gap == 0:
        return index + 3
    return index


def per_suffix(stream: Stream, index: int) -> Per | None:
    """per = per_day | "/" ~ ( day_word | "kg" ) | per_word _ ( count_noun | "mL" | "oz" | "kg" )."""
    stream.work += 1
    if not 0 <= index < len(stream.tokens):
        return None
    token = stream.tokens[index]
    if token.gap > 1 or token.low not in stream.lexicon.per_starts:
        return None
    known = stream.pers
    if known is None:
        return _per_suffix(stream, index, token)
    if index not in known:
        known[index] = _per_suffix(stream, index, token)
    return known[index]


def _per_suffix(stream: Stream, index: int, token: Token) -> Per | None:
    """The per suffix starting at `token` (a word a per can start with), read afresh."""
    lexicon = stream.lexicon
    start = token.start - token.gap
    if token.low in lexicon.per_day:
        return Per("day", "day", index, start, token.end)
    spelled = _spelled(stream, index, lexicon.per_day_spelled)
    if spelled is not None:
        return Per("day", "day", spelled, start, stream.tokens[spelled].end)
    if token.low not in lexicon.per_words:
        return None
    target = stream.get(index + 1)
    if target is None:
        return None
    slash = token.text == "/"
    is_kg = target.kind == "UNIT" and lexicon.units.get(target.low) == "kg"  # 'kg', 'kilogram'
    if is_kg and (target.gap <= 1 if slash else target.gap == 1):
        if slash or token.low == "per":
            return Per("kg", "kg", index + 1, start, target.end)
        return None
    if slash and target.gap <= 1 and target.low in lexicon.day_words:
        return Per("day", "day", index + 1, start, target.end)
    noun = stream.get(index + 2)
    counted = target.gap <= 1 if slash else target.gap == 1  # 'per 2 capsules', '/2 tablets', '/ 5 drops'
    # After a name a slash's digits are a word to the tokenizer ('MK-7/2 capsules'): digits all the same.
    digits = target.text.isdigit() and (target.kind == "NUMBER" or slash)
    if counted and target.kind == "NUMBER" and noun is not None and noun.gap <= 1 and noun.kind == "UNIT":
        volume = stream.decimal(target, comma=False) if lexicon.units.get(noun.low) == "mL" else None
        if volume:  # '2 mg/0.2 ml', '2000 IU/5 ml': per that volume, as 'per 0.5 mL' is
            written = None if is_one(volume) else stream.norm.original[slice(*stream.norm.span(target.start, noun.end))]
            return Per("unit", "mL", index + 2, start, noun.end, volume, written)
    if counted and digits and noun is not None and noun.gap == 1:
        per = per_unit(stream, noun) if noun.kind == "COUNT" else None
        if per is None or int(target.text) == 0:
            return None
        written = None if target.text == "1" else stream.norm.original[slice(*stream.norm.span(target.start, noun.end))]
        return Per("unit", per, index + 2, start, noun.end, fraction(int(target.text)), written)
    if target.gap != (0 if slash else 1):
        return None
    per = per_unit(stream, target)
    if per is None:
        return None
    return Per("unit", per, index + 1, start, target.end)


def _past_adjectives(stream: Stream, at: int) -> int:
    """The first token from `at` that is not a count adjective after a space ('1 vegetarian capsule')."""
    token = stream.get(at)
    while token is not None and token.gap and token.low in stream.lexicon.count_adjectives:
        at += 1
        token = stream.get(at)
    return at


def serving_count(stream: Stream, index: int) -> Per | None:
    """serving_count = "(" ~ count ~ ")" | serving_link _ count, with count = number _ { adjective _ } count_noun:
    how many units the amount before it is in ('2000 IU (5 drops)', '400 IU in 6 drops')."""
    stream.work += 1
    link = stream.get(index)
    if link is None or link.gap > 1:
        return None
    bracketed = link.text == "("
    if not bracketed and link.low not in stream.lexicon.serving_links:
        return None
    number = stream.get(index + 1)
    if number is None or number.gap != (0 if bracketed else 1):
        return None
    at = _past_adjectives(stream, index + 2)
    noun = stream.get(at)
    if noun is None or noun.gap != 1 or noun.kind != "COUNT":
        return None  # '(25% DV)', '(1000 IU)': no units, and the number is not parsed
    value = count_number(stream, index + 1)
    if value is None or not value:
        return None
    written = None if is_one(value) else stream.norm.original[slice(*stream.norm.span(number.start, noun.end))]
    end = noun.end
    if bracketed:
        closing = stream.get(at + 1)
        if closing is None or closing.text != ")" or closing.gap:
            return None
        at, end = at + 1, closing.end
    return Per("unit", stream.lexicon.count_nouns[noun.low], at, link.start - link.gap, end, value, written)


def _spelled(stream: Stream, index: int, phrases: tuple[tuple[tuple[int, str], ...], ...]) -> int | None:
    """The last token of the first phrase (as pieces) that the tokens from `index` spell out."""
    first = stream.tokens[index].low
    for parts in phrases:
        if parts[0][1] != first:
            continue
        at = index
        for position, (gap, text) in enumerate(parts):
            token = stream.get(at)
            if token is None or token.low != text or (position and token.gap != gap):
                break
            at += 1
        else:
            return at - 1
    return None


def per_unit(stream: Stream, token: Token) -> str | None:
    """What a count noun, mL or oz gives as a per ('capsules' -> capsule, 'ml' -> mL, 'oz' -> serving)."""
    if token.kind == "COUNT":
        return stream.lexicon.count_nouns[token.low]
    if token.kind == "UNIT":
        unit = stream.lexicon.units.get(token.low)
        return {"mL": "mL", "oz": "serving"}.get(unit or "")
    return None


@dataclass(slots=True, init=False)
class PctDv:
    """A printed %DV after an amount: value, whether it is marked (DV word or parenthesis), offsets."""

    value: Fraction
    marked: bool
    last: int
    start: int
    end: int

    def __init__(self, value: Fraction, marked: bool, last: int, start: int, end: int) -> None:
        self.value = value
        self.marked = marked
        self.last = last
        self.start = start
        self.end = end


def pct_dv(stream: Stream, index: int, start: int) -> PctDv | None:
    """pct_dv = [ "(" ] number ~ "%" [ dv_word ] [ ")" ], starting at token `index` (offset `start`)."""
    at = index
    stream.work += 1
    token = stream.tokens[at] if 0 <= at < len(stream.tokens) else None
    if token is None or (token.kind != "NUMBER" and token.text != "("):
        return None  # what most amounts are followed by: no percentage
    opened = token.text == "("
    if opened:
        at += 1
        token = stream.get(at)
    if token is None or token.kind != "NUMBER":
        return None
    value = stream.decimal(token, comma=False)
    if token is None or value is None:
        return None
    percent = stream.get(at + 1)
    if percent is None or percent.text != "%" or percent.gap > 1:
        return None
    at += 1
    marked = opened
    word = stream.get(at + 1)
    if word is not None and word.low in stream.lexicon.pct_dv:
        at, marked = at + 1, True
    close = stream.get(at + 1)
    if close is not None and close.text == ")":
        at += 1
        end = close.end
    else:
        end = close.start if close is not None else len(stream.norm.text)
    return PctDv(value, marked, at, start, end)


def group_end(stream: Stream, last: int) -> tuple[int, int]:
    """quantity [ per ] [ per ] [ pct_dv ]: where a group's own words end, as (next token, offset)."""
    end = stream.tokens[last].end
    at = last + 1
    for _ in range(2):
        per = per_suffix(stream, at)
        if per is not None:
            at, end = per.last + 1, per.end
    pct = pct_dv(stream, at, end)
    if pct is not None:
        at, end = pct.last + 1, pct.end
    return at, end


def count_number(stream: Stream, index: int) -> Fraction | None:
    """The count a word or number gives ('2', 'one', 'half', '½'); None when it is not a count."""
    token = stream.tokens[index]
    if token.kind not in NUMBERS and token.low not in stream.lexicon.number_words:
        return None
    if token.low in stream.lexicon.number_words:
        return stream.lexicon.number_words[token.low]
    if token.kind == "FRACTION" and token.text in ("½", "1/2"):
        return Fraction(1, 2)
    if token.kind == "FRACTION" and _one_reading(token) and less(token.value.value, 1):
        return token.value.value  # '3/4 tablet', '1/4 tablet'
    value = stream.decimal(token)
    if value is None and token.kind == "NUMBER" and _one_reading(token):
        value = token.value.value  # '1½', '1 ½'
    return value


def _one_reading(token: Token) -> bool:
    """A number token with one reading, not a list's arms nor malformed nor out of range."""
    number = token.value
    return (
        isinstance(number, Number)
        and not number.alternatives
        and not (number.malformed or number.out_of_range or number.arms)
    )


@dataclass(slots=True, init=False)
class Count:
    """'2 capsules', '1-2 tablets' (value None): the per it gives, how many, and where."""

    per: str
    value: Fraction | None
    span: Span
    last: int
    high: Fraction | None = None
    """The high end of a range of counts ('1-2 capsules', '2 bis 4 Tropfen'): value is the low end."""
    noun: str | None = None
    """The per-unit the count noun gives, even when `per` is 'serving' ('2 capsules': capsule)."""
    first: int = 0
    """The count's first token (a hedge before it bounds it: 'up to 2 capsules')."""

    def __init__(
        self,
        per: str,
        value: Fraction | None,
        span: Span,
        last: int,
        high: Fraction | None = None,
        noun: str | None = None,
        first: int = 0,
    ) -> None:
        self.per = per
        self.value = value
        self.span = span
        self.last = last
        self.high = high
        self.noun = noun
        self.first = first


def _may_count(stream: Stream, at: int) -> bool:
    """What must follow a count's number: a range separator, an adjective, an article, a count noun or mL."""
    if at >= len(stream.tokens):
        return False
    token = stream.tokens[at]
    lexicon = stream.lexicon
    return (
        token.kind == "COUNT"
        or token.low in lexicon.range_separators
        or token.low in lexicon.or_words
        or token.low in lexicon.count_adjectives
        or token.low in lexicon.count_articles
        or lexicon.units.get(token.low) == "mL"
    )


def count_at(stream: Stream, index: int) -> Count | None:
    """count = ( number | number_word ) [ ( "-" | "or" ) integer | _ article ] _ [ adjective _ ] ( count_noun | "mL" ):
    '1 or 2 softgels' is a range of counts, as '1-2 softgels'; an article follows only a fraction ('half a tablet')."""
    value = count_number(stream, index)
    if value is None or not stream.boundary_before(index):
        return None
    first = index
    whole = stream.get(index - 1) if index else None
    part = less(value, 1)  # 'half', '1/2'
    ones = _whole(stream, whole) if part and whole is not None and whole.kind == "NUMBER" else None
    if ones is not None and stream.tokens[index].gap:
        value, first = value + ones, index - 1  # '1 1/2 tablets'
        part = less(value, 1)
    elif part and index >= 3:
        ones = _and_a(stream, index)
        if ones is not None:
            value, first = value + ones, index - 3  # 'one and a half tablets'
            part = less(value, 1)
    at = index + 1
    token = stream.get(at)
    high_value: Fraction | None = None
    lexicon = stream.lexicon
    if token is not None and (token.low in lexicon.range_separators or token.low in lexicon.or_words):
        high_value = count_number(stream, at + 1) if at + 1 < len(stream.tokens) else None
        if high_value is not None:
            if not less(value, high_value):
                return None
            at += 2
            token = stream.get(at)
    if token is not None and high_value is None and token.gap and part and token.low in lexicon.count_articles:
        at += 1  # 'half a tablet': 'a' is also a range separator ('5 a 10 mg')
        token = stream.get(at)
    if token is None or not (token.gap or token.kind == "COUNT"):  # '2tabs' runs into its noun
        return None
    if token.low in lexicon.count_adjectives:
        at += 1
        token = stream.get(at)
        if token is None or not token.gap:
            return None
    per = per_unit(stream, token) if token.kind == "COUNT" or lexicon.units.get(token.low) == "mL" else None
    if per is None:
        return None
    span = stream.norm.span(stream.tokens[first].start, token.end)
    if not is_one(value) or high_value is not None:
        return Count("serving", value, span, at, high_value, per, first)
    return Count(per, value, span, at, None, per, first)


def _range_end(stream: Stream, index: int) -> bool:
    """The number at `index` ends a range ('2-4 gocce al giorno (500-1000 U.I.)': the bracket restates the range)."""
    sep = stream.get(index - 1) if index else None
    return sep is not None and sep.low in stream.lexicon.range_separators


def _and_a(stream: Stream, index: int) -> int | None:
    """The whole number in 'one and a half', 'two and a half' before the fraction at `index`, else None."""
    lexicon = stream.lexicon
    joint, article = stream.tokens[index - 2 : index]
    if joint.low not in lexicon.connectives["and"] or article.low not in lexicon.count_articles:
        return None
    return _whole(stream, stream.tokens[index - 3])


def _count_tail(stream: Stream, index: int, few: bool) -> bool:
    """What makes a count a dose ('2 capsules daily', '1 softgel every other day'), not a pack size
    ('120 vegcaps'): a tail word, a frequency, or for a `few`, 'of' and a name ('take 2 capsules of Vitamin
    K2 ... 90 mcg'; '60 capsules of vitamin D3' is a pack)."""
    route = _spelled(stream, index, stream.lexicon.route_words) if stream.get(index) is not None else None
    if route is not None:
        index = route + 1  # 'take 2 capsules by mouth once daily': how it is taken, then how often
    token = stream.get(index)
    if token is None:
        return False
    if few and _joins_a_count(stream, token) and _amount_apiece(stream, index + 1):
        return True  # '2 softgels of 1000 IU each daily', '2 capsules, 1000 IU each'
    if token.low in stream.lexicon.connectives["of"]:
        named = stream.get(index + 1)
        return few and named is not None and named.kind == "NAME"
    if token.kind == "NUMBER" and token.text.isdigit():
        times = stream.get(index + 1)
        if times is not None and times.gap <= 1 and times.low.startswith("x"):
            return True
        if times is not None and times.low in stream.lexicon.range_separators:
            index += 2  # '1-2 tablets 2-3 times daily': the frequency's range is read from its high end
        return _frequency_at(stream, index) is not None  # '2 tablets 3 times daily'
    if token.low.startswith(stream.lexicon.count_tail) or token.low in stream.lexicon.per_day:
        return True
    return token.low in stream.lexicon.frequency_starts and _frequency_at(stream, index) is not None


def _after_frequency(stream: Stream, found: list[Frequency], counted: Count) -> bool:
    """The count stands right after the last frequency read, or past a word or two kcheck does not know (a verb:
    'täglich 2 Kapseln', 'daily take 2 capsules', '每日可服2粒'): the directions' count, as one with a frequency
    after it is."""
    if not found or counted.first == 0:
        return False
    at = counted.first - 1
    while at > 0 and stream.tokens[at].kind == "WORD" and counted.first - at <= 2:
        at -= 1
    return stream.tokens[at].end == found[-1].end


def _reach(stream: Stream, index: int) -> int:
    """Where a per starting at token `index` stops holding: the whole label for a header ('Each tablet
    contains:'), the clause for an amount's own per ('3.3 mcg per tablet; 3 tablets = ... 10 mcg')."""
    tokens = stream.tokens
    if index == 0 or tokens[index - 1].kind != "UNIT":
        return len(stream.norm.text)
    for token in tokens[index + 1 :]:
        if token.text == ";" or (token.text == "." and token.end < len(stream.norm.text)):
            return token.start
    return len(stream.norm.text)


def _name_at(stream: Stream, index: int) -> Name:
    """The name at token `index`; before a preparation word ('colecalciferol concentrado'), the preparation's,
    which names no form kcheck checks: its mass is not the nutrient's."""
    token = stream.tokens[index]
    following = stream.get(index + 1)
    if following is not None and following.gap and following.low in stream.lexicon.preparation_words:
        return Name(index, index + 1, token.start, following.end, stream.norm.text[token.start : following.end], None)
    return Name(index, index, token.start, token.end, token.text, token.value)


def _header_at(stream: Stream, index: int) -> tuple[str, Span] | None:
    """header_per = header_word _ { adjective _ } count_noun: 'Each tablet contains', '1 capsule:'."""
    token = stream.tokens[index]
    if not stream.boundary_before(index):
        return None
    noun = stream.get(_past_adjectives(stream, index + 1))
    if noun is None or not noun.gap:
        return None
    per = per_unit(stream, noun)
    if per is not None and (noun.kind == "COUNT" or per == "mL"):
        return per, stream.norm.span(token.start, noun.end)
    return None


def _each_at(stream: Stream, index: int, food: bool = False) -> tuple[int, str, Fraction, str | None] | None:
    """each_quantity = header_word [ ":" ] _ [ number [ "(" number ")" ] ] unit: 'per 0.5 mL', 'Each 100
    grams', 'Serving size: one (1) softgel': (start, per, n, n and unit as written when n is not one). With
    `food`, a mass is the per itself ('per 100 g': g), not a serving of that size ('Serving size: 30 g')."""
    lexicon = stream.lexicon
    token = stream.tokens[index]
    if token.kind == "NUMBER" or token.low in lexicon.number_words or not stream.boundary_before(index):
        return None
    at = index + 1
    unit = stream.get(at)
    if unit is not None and unit.text == ":" and not unit.gap:
        at += 1
        unit = stream.get(at)
    first = unit
    count = _ONE
    written = count_number(stream, at) if unit is not None and unit.gap else None
    if written is not None:
        count = written
        at += 1
        unit = stream.get(at)
        if unit is not None and unit.text == "(":
            at = after_number_echo(stream, at, count)
            unit = stream.get(at)
    elif unit is not None and not unit.gap:
        return None
    if unit is None or first is None:
        return None
    kind = lexicon.units.get(unit.low) if unit.kind == "UNIT" and unit.text not in lexicon.unsafe_units else None
    noun = lexicon.count_nouns[unit.low] if unit.kind == "COUNT" else None
    if kind not in ("mL", "g", "oz") and noun != "drop" and (noun is None or written is None):
        return None
    word = noun or ("mL" if kind == "mL" else kind if food and kind in FOOD_MASSES else "serving")
    span = stream.norm.span(first.start, unit.end)
    text = None if is_one(count) and word != "serving" else stream.norm.original[span[0] : span[1]]
    return token.start, word, count, text


def _declared_serving(stream: Stream, index: int) -> tuple[int, str, Fraction, str | None] | None:
    """declared = count _ { adjective _ } count_noun [ _ per_day ] _ serving_verb: '2 gummies contain:', 'Two
    gummies provide', '2 capsules daily provide': what the amounts after it are in, as 'Per 2 gummies:' says
    (start, per, n, n and noun as written); a few units only, never a pack."""
    at = _past_adjectives(stream, index + 1)
    noun, verb = stream.get(at), stream.get(at + 1)
    if verb is not None and (verb.kind == "FREQ" or verb.low in stream.lexicon.per_day):
        at += 1  # '2 capsules daily provide 50 mcg'
        verb = stream.get(at + 1)
    if noun is None or noun.kind != "COUNT" or verb is None or verb.low not in stream.lexicon.serving_verbs:
        return None
    count = count_number(stream, index)
    if count is None or count > stream.lexicon.times_max or _each_later(stream, at + 2):
        return None  # '60 tablets contain' is a pack; '2 tablets contain ... 25 mcg each' is per tablet
    start = stream.tokens[index].start
    span = stream.norm.span(start, noun.end)
    text = None if is_one(count) else stream.norm.original[span[0] : span[1]]
    return start, stream.lexicon.count_nouns[noun.low], count, text


def _each_later(stream: Stream, index: int) -> bool:
    """'each' after an amount in the clause from token `index` ('2 tablets contain Vitamin D3 25 mcg each')."""
    tokens = stream.tokens
    for at in range(index, len(tokens)):
        if tokens[at].text in (".", ";"):
            return False
        if tokens[at].low == "each" and tokens[at - 1].kind == "UNIT":
            return True
    return False


def _colon_after(stream: Stream, index: int) -> bool:
    """A colon ends the phrase starting at token `index` before any amount ('Each 2 tablets: ...')."""
    for token in stream.tokens[index + 1 : index + _HEADER_WORDS]:
        if token.text == ":":
            return True
        if token.kind == "UNIT" or token.text in (",", ";", "."):
            return False
    return False


_HEADER_WORDS = 6  # 'Each 2 vegetarian tablets contain:'


def after_number_echo(stream: Stream, index: int, value: Fraction) -> int:
    """Past a bracketed number that restates the count before it ('one (1) softgel')."""
    opening, number, closing = stream.get(index), stream.get(index + 1), stream.get(index + 2)
    if opening is None or number is None or closing is None or opening.text != "(" or closing.text != ")":
        return index
    if number.gap or closing.gap or number.kind != "NUMBER" or stream.decimal(number) != value:
        return index
    return index + 3


def _unknown_count(stream: Stream, index: int) -> Span | None:
    """number _ word _ frequency, the word unknown ('2 gtts daily', '4 petites daily'), number _ per_day ('3 per
    day', 'take two daily'; a number word as its digits), or number _ frequency ('take 2 twice daily'): a count of
    units kcheck does not know, or does not name. One of them ('1 PO daily') counts the same whatever they are."""
    token = stream.tokens[index]
    word, after = stream.get(index + 1), stream.get(index + 2)
    if word is None or not (token.text.isdigit() or token.low in stream.lexicon.number_words):
        return None
    value = count_number(stream, index)
    if value is None or is_one(value):
        return None
    lexicon = stream.lexicon
    if _ends_a_range(stream, index):
        return None  # '100 mcg - 200 daily': the high end of a range in the unit before it
    counted_often = word.kind == "FREQ" and word.low not in lexicon.times_words  # '2 twice daily': of what?
    glued = word.gap == 0 and word.text.startswith("/")  # '2/day'
    if (word.gap == 1 or glued) and (word.low in lexicon.per_day or counted_often):
        times = stream.get(index - 1) if index else None
        if times is not None and times.low in lexicon.times_words:
            return None  # 'x3 per day' is a frequency
        return stream.norm.span(token.start, word.end)
    if after is None:
        return None
    if word.kind != "WORD" or word.gap != 1 or after.gap != 1 or lexicon.says_when(word.low):
        return None
    if after.low not in lexicon.per_day and after.low not in lexicon.frequency_starts:
        return None
    return stream.norm.span(token.start, word.end)


def _vague_count(stream: Stream, index: int) -> Span | None:
    """A count that says no number before what it counts or how often ('a few drops daily', 'take a couple daily',
    'several 1000 IU softgels'): its span, else None ('the first few days of life' counts no dose)."""
    lexicon = stream.lexicon
    last = _spelled(stream, index, lexicon.vague_counts)
    if last is None:
        return None
    counted = stream.get(last + 1)
    if counted is not None and counted.low in lexicon.connectives["of"]:
        counted = stream.get(last + 2)  # 'a couple of softgels'
    if counted is None:
        return None
    if counted.kind in ("COUNT", "NUMBER") or counted.low in lexicon.per_day or counted.low in lexicon.frequency_starts:
        return stream.norm.span(stream.tokens[index].start, counted.end)
    return None


def _ends_a_range(stream: Stream, index: int) -> bool:
    """number _ unit _ range_sep _ number, the second not below the first: the number at `index` ends a range in the
    unit before it ('100 mcg - 200 daily'), as the quantity reads it."""
    if index < 3:
        return False
    tokens = stream.tokens
    low, unit, sep = tokens[index - 3], tokens[index - 2], tokens[index - 1]
    return (
        sep.low in stream.lexicon.range_separators
        and unit.kind == "UNIT"
        and low.kind == "NUMBER"
        and tokens[index].value is not None
        and low.value is not None
        and max(_readings(tokens[index].value)) >= min(_readings(low.value))
    )


def _bracket_amount(stream: Stream, at: int) -> bool:
    """'[ product ] ( [ marker ] [ hedge ] [ name ] number dose_unit' from token `at`: '(20 mcg)', '(Vitamin D3 10
    mcg)', 'Vigantol Öl (entsprechend ca. 0,025 mg': what a count before it holds."""
    at = _past_product(stream, at)
    token = stream.get(at)
    if token is None or token.text != "(":
        return False
    number = at + 1
    while number < len(stream.tokens) and _opens_bracket_amount(stream, stream.tokens[number]):
        number += 1
    unit = stream.get(number + 1)
    if unit is None or stream.tokens[number].kind != "NUMBER":
        return False
    # '2 capsules (1000 IU each)': the bracket holds one capsule's amount, and the count is how many
    return stream.lexicon.units.get(unit.low) in DOSE_UNITS and not apiece_after(stream, number + 2)


def _joins_a_count(stream: Stream, token: Token) -> bool:
    """A comma or 'of' between a count and an amount each ('2 capsules, 1000 IU each', '2 softgels of 1000 IU each')."""
    return token.text == "," or token.low in stream.lexicon.connectives["of"]


def _amount_apiece(stream: Stream, index: int) -> bool:
    """A number, its dose unit and an apiece word from token `index` ('1000 IU each')."""
    number, unit = stream.get(index), stream.get(index + 1)
    return (
        number is not None
        and number.kind == "NUMBER"
        and unit is not None
        and stream.lexicon.units.get(unit.low) in DOSE_UNITS
        and apiece_after(stream, index + 2)
    )


def apiece_after(stream: Stream, index: int) -> bool:
    """An apiece word at token `index` that ends its phrase ('1000 IU each)', '1000 IU each,'): the amount is of
    one unit."""
    token = stream.get(index)
    if token is None or token.low not in stream.lexicon.apiece_words:
        return False
    following = stream.get(index + 1)
    if following is None or following.kind in ("PUNCT", "LIST_SEP", "FREQ"):
        return True
    return following.low in stream.lexicon.per_day  # '1000 IU each daily'; not 'each capsule'


def _opens_bracket_amount(stream: Stream, token: Token) -> bool:
    """A word that may stand between a bracket and the amount it holds: a name, a restatement marker ('entsprechend',
    '='), a hedge ('ca.')."""
    lexicon = stream.lexicon
    return token.kind == "NAME" or token.low in lexicon.restatement_markers or token.low in lexicon.hedge_words


def _past_product(stream: Stream, at: int) -> int:
    """Past a product's name of a few words after a count ('2 Tropfen Vigantol Öl (', '½ Tablette Vitamin D3 Hevert
    ('), to the bracket after it; `at` itself when no bracket follows within them."""
    for index in range(at, min(at + _PRODUCT_WORDS + 1, len(stream.tokens))):
        token = stream.tokens[index]
        if token.text == "(":
            return index
        if not _in_product_name(stream, token):
            break
    return at


def _in_product_name(stream: Stream, token: Token) -> bool:
    """A word of a product's name after a count ('Vigantol Öl', 'of Konakion')."""
    return token.kind in ("WORD", "NAME") or token.low in stream.lexicon.connectives["of"]


_PRODUCT_WORDS = 3  # 'Vitamin D3 Hevert', 'Vigantol Öl': a product's name between a count and its bracket


DOSE_UNITS = frozenset({"mcg", "mg", "g", "IU"})
FOOD_MASSES = frozenset({"g", "oz"})  # 'per 100 g': an amount of food, not a serving


def count_equals(stream: Stream, index: int, apiece: bool = False) -> tuple[Fraction, str, str] | None:
    """count_equals = number count_noun ( [ per_day ] "=" | "~" | ":" | "(" [ name ] ) { "~" | "=" }, ending at token
    `index`. With `apiece` ('60 capsules (1000 IU each)'), the amount is of one of the units counted."""
    at = _equals_at(stream, index)
    if apiece and at is None and index and _joins_a_count(stream, stream.tokens[index - 1]):
        at = index - 1  # '2 softgels of 1000 IU each', '2 capsules, 1000 IU each': the noun before the joint
    if at is None or (not apiece and _ends_count_range(stream, at - 2)):
        return None  # '1-4 capsules (1000-4000 IU)': the amount is per dose of the range, not per 4 capsules
    noun, number = stream.get(at - 1), stream.get(at - 2)
    value = stream.decimal(number, comma=False) if number is not None else None
    if noun is None or value is None:
        return None
    per = per_unit(stream, noun)
    if per not in _EQUATED_UNITS:
        return None
    if apiece:
        return _ONE, per, noun.text
    if per in _SOLID_UNITS and less(stream.lexicon.times_max, value):
        return None  # '60 capsules (1000 IU)': more than a dose holds, the pack's count
    return value, per, noun.text


def counted_range_before(stream: Stream, index: int) -> Span | None:
    """Where count_equals would find a count, a range of counts ('1-2 capsules (1000 IU)'): its span. One amount
    for a range of units may be per unit or per dose."""
    at = _equals_at(stream, index)
    if at is None or not _ends_count_range(stream, at - 2):
        return None
    if per_unit(stream, stream.tokens[at - 1]) not in _EQUATED_UNITS:
        return None
    return stream.norm.span(stream.tokens[at - 4].start, stream.tokens[at - 1].end)


_EQUATED_UNITS = ("drop", "mL", "capsule", "tablet", "softgel", "spray", "serving")  # what count_equals counts
_SOLID_UNITS = ("capsule", "tablet", "softgel")  # a dose holds a few of them at most


def _ends_count_range(stream: Stream, index: int) -> bool:
    """The number at `index` ends a range of counts ('1-2 capsules', '1 or 2 softgels')."""
    if index < 2 or stream.tokens[index - 2].kind not in NUMBERS:
        return False
    sep = stream.tokens[index - 1].low
    return sep in stream.lexicon.range_separators or sep in stream.lexicon.or_words


def _equals_at(stream: Stream, index: int) -> int | None:
    """count_equals' walk back from token `index`: the token after its count noun."""
    at = index - 1
    token = stream.get(at)
    while token is not None and at > 0 and index - at <= 3 and _opens_bracket_amount(stream, token):
        at -= 1  # '1 gummy (Vitamin D3 10 mcg)', '2 Tropfen (entsprechend ca. 0,025 mg'
        token = stream.get(at)
    if token is not None and token.text != "(":
        at, token = index - 1, stream.get(index - 1)  # no bracket opens them: as written
    if token is not None and at > 1 and _says_equal(stream, token, stream.tokens[at - 1]):
        if stream.tokens[at - 1].text == ",":
            at -= 1  # '2 capsules per day, i.e. 2,000 IU': the word says '='
        return _after_said_when(stream, at)
    while token is not None and token.text in ("~", "≈", "=") and at > 0:
        marker = stream.get(at - 1)
        if marker is None or marker.text not in ("~", "≈", "="):
            break
        at -= 1
        token = marker
    if token is None:
        return None
    if token.text not in ("=", "~", "≈", ":", "("):
        # '3 tablets = 1000 mg calcium and 10 mcg vitamin D3': an earlier item of the same equation
        for back in range(at, max(at - _EQUATION_ITEM, 0), -1):
            token = stream.tokens[back]
            if token.text == "=":
                at = back
                break
            if token.text in (";", ".", "(", ")", ":"):
                return None
        else:
            return None
    said_when = _said_when(stream, at)
    if said_when and at > 2 and (token.text == "=" or (token.text == "(" and not _range_end(stream, at - 3))):
        at -= 1  # '20 drops daily = 2000 IU', '2 drops daily (800 IU)': what the directions' count holds
    if token.text == "(" and not said_when:
        at = _product_start(stream, at)  # '2 Tropfen Vigantol Öl (entsprechend ...'
    return at


_EQUATION_ITEM = 6  # tokens back to an equation's '=' past one earlier item ('1000 mg calcium and')


def _says_equal(stream: Stream, token: Token, before: Token) -> bool:
    """A restatement word that says '=' ('i.e.', 'equivalent to', 'entsprechend'), not one that may list ('or', '/');
    'i.e.' after a number is German IU ('1000 I.E.')."""
    return token.low in stream.lexicon.equal_words and before.kind not in NUMBERS


def _said_when(stream: Stream, at: int) -> bool:
    """How often, right before token `at` ('20 drops daily = 2000 IU')."""
    said = stream.get(at - 1)
    return said is not None and (said.kind == "FREQ" or said.low in stream.lexicon.per_day)


def _after_said_when(stream: Stream, at: int) -> int:
    """Token `at`, or the frequency right before it, so that the count noun is right before what is returned."""
    return at - 1 if at > 2 and _said_when(stream, at) else at


def _product_start(stream: Stream, at: int) -> int:
    """Back from the bracket at token `at` past a product's name of a few words to right after a count noun
    ('2 Tropfen Vigantol Öl (', '2 drops of Konakion ('); `at` itself when no count noun stands within them."""
    for index in range(at - 1, max(at - _PRODUCT_WORDS - 1, 0), -1):
        token = stream.tokens[index]
        if token.kind == "COUNT":
            return index + 1
        if not _in_product_name(stream, token):
            break
    return at


# ---------------------------------------------------------------- one pass for the whole label


@dataclass(slots=True, init=False)
class Facts:
    """What one pass over the tokens finds, that every ingredient of the label then looks up."""

    names: list[Name]
    count: Count | None
    other_count: Count | None
    """A later dose count that disagrees with `count` ('1 gummy' for children, '2 gummies' for adults)."""
    header: tuple[str, Span, int] | None
    """A per for every amount ('Each tablet contains:'): the per, where it is written, and where it stops holding."""
    each: tuple[int, str, Fraction, str | None] | None
    serving: tuple[int, str, Fraction, str | None] | None
    """What a serving is ('Serving size: 2 capsules'), as `each` holds a per-quantity."""
    frequencies: list[Frequency]
    unknown_count: Span | None = None
    """A number and a word kcheck does not know before a frequency ('2 gtts daily'): a count of what?"""
    each_heads: bool = False
    """`each` ends in a colon ('Each 2 tablets: Calcium 1200 mg'): it is the per of what follows only."""
    scheme: Span | None = None
    """A dosing scheme kcheck does not read ('1-0-1': how many in the morning, at noon, in the evening)."""

    def __init__(
        self,
        names: list[Name],
        count: Count | None,
        other_count: Count | None,
        header: tuple[str, Span, int] | None,
        each: tuple[int, str, Fraction, str | None] | None,
        serving: tuple[int, str, Fraction, str | None] | None,
        frequencies: list[Frequency],
        unknown_count: Span | None = None,
        each_heads: bool = False,
        scheme: Span | None = None,
    ) -> None:
        self.names = names
        self.count = count
        self.other_count = other_count
        self.header = header
        self.each = each
        self.serving = serving
        self.frequencies = frequencies
        self.unknown_count = unknown_count
        self.each_heads = each_heads
        self.scheme = scheme


def scan(stream: Stream, tail: bool = True) -> Facts:
    """Every name and frequency (the longest phrase at each place), the first dose count (with its
    tail, unless `tail` is False), the first label-wide per and the first per-quantity."""
    tokens = stream.tokens
    lexicon = stream.lexicon
    header_words, number_words = lexicon.header_words, lexicon.number_words
    starts, times_words = lexicon.frequency_starts, lexicon.times_words
    names: list[Name] = []
    count: Count | None = None
    other: Count | None = None  # a later dose count that disagrees with the first
    listed: Count | None = None  # a few units before a comma, with no tail: perhaps someone else's directions
    unknown: Span | None = None  # a count of units kcheck does not know ('2 gtts daily')
    scheme: Span | None = None  # a dosing scheme ('1-0-1')
    each_heads = False  # the per-quantity ends in a colon: it heads what follows
    bracketed = False  # the count found is followed by a bracket
    header: tuple[str, Span, int] | None = None
    each: tuple[int, str, Fraction, str | None] | None = None
    serving: tuple[int, str, Fraction, str | None] | None = None
    found: list[Frequency] = []
    free = 0  # the first token no frequency has taken
    stream.work += len(tokens)
    scanned, period_days = lexicon.scan_starts, lexicon.period_days
    # Only a name, a number or a word something can start at is looked at (most tokens are neither).
    for index in [i for i, token in enumerate(tokens) if token.kind in _SCANNED or token.low in scanned]:
        token = tokens[index]
        kind, low = token.kind, token.low
        if kind == "NAME":
            if not (token.gap == 0 and index and tokens[index - 1].text[-1].isdigit()):  # 'lot 24K045D3': a code
                names.append(_name_at(stream, index))
            continue
        if low in header_words:
            if header is None:
                found_header = _header_at(stream, index)
                if found_header is not None:
                    header = (*found_header, _reach(stream, index))
            if each is None:
                each = _each_at(stream, index, food=True)
                each_heads = each is not None and _colon_after(stream, index)
        elif each is None and (kind in NUMBERS or low in number_words):
            each = _declared_serving(stream, index)  # '2 gummies contain:'
            each_heads = each is not None and _colon_after(stream, index)
        elif serving is None and kind == "COUNT" and lexicon.serving_size:
            last = _spelled(stream, index, lexicon.serving_size)  # 'Serving size: 2 capsules'
            if last is not None:
                serving = _each_at(stream, last)
        if unknown is None and (kind == "NUMBER" or low in number_words):
            unknown = _unknown_count(stream, index)
        if unknown is None and low in lexicon.vague_starts:
            unknown = _vague_count(stream, index)
        if scheme is None and kind in NUMBERS:
            scheme = _scheme_at(stream, index)
        later = count is None or index > count.last  # not a number inside the count found
        if other is None and later and (kind in NUMBERS or low in number_words) and _may_count(stream, index + 1):
            counted = count_at(stream, index)
            if counted is not None and _bracket_amount(stream, counted.last + 1):
                counted = None  # '2 gummies (20 mcg) daily': what the amount is in, not how many to take
            few = counted is not None and counted.value is not None and not less(lexicon.times_max, counted.value)
            if counted is not None and few and listed is None and _listed(stream, counted):
                listed = counted  # 'Adults: 2 drops, children: 1 drop daily'
            if counted is not None and (
                not tail
                or _count_tail(stream, counted.last + 1, few)
                or (few and _after_frequency(stream, found, counted))
            ):
                if count is None or bracketed:
                    # '5 drops (2000 IU) ..., take 1 drop daily': a count before a bracket may be what the
                    # amount is in; a later count with other words after it is the directions'
                    following = stream.get(counted.last + 1)
                    bracketed = tail and following is not None and following.text == "("
                    count = counted
                elif (counted.value, counted.high, counted.noun) != (count.value, count.high, count.noun):
                    other = counted  # children 1 gummy a day, adults 2: which?
        if index >= free and (
            low in starts
            or (
                kind == "NUMBER"
                and index + 1 < len(tokens)
                and (tokens[index + 1].low in times_words or period_days.get(tokens[index + 1].low) == 1)
            )
            or (
                low in number_words
                and index + 1 < len(tokens)
                and (tokens[index + 1].low in times_words or period_days.get(tokens[index + 1].low) == 1)
            )
            or (  # '4-monthly'
                kind == "NUMBER"
                and index + 2 < len(tokens)
                and tokens[index + 1].text == "-"
                and tokens[index + 2].kind in _PERIOD_KINDS
            )
        ):
            match = _frequency_at(stream, index)
            if match is not None:
                value, last = match
                if unknown is None and index and tokens[index - 1].low in times_words and token.gap <= 1:
                    # 'several times a week': the period was read, the count of times before it was not
                    unknown = stream.norm.span(tokens[max(index - 2, 0)].start, tokens[index - 1].end)
                start, end = token.start, tokens[last].end
                total = low in lexicon.divided_doses
                ranged = _times_range_low(stream, index, value)
                if ranged is not None:
                    start = tokens[index - 2].start
                    found.append(Frequency(ranged, stream.norm.text[start:end], start, end, total, value))
                else:
                    found.append(Frequency(value, stream.norm.text[start:end], start, end, total))
                free = last + 1
    if other is None and count is not None and listed is not None and listed is not count:
        other = _another_count(stream, count, listed)
    return Facts(names, count, other, header, each, serving, found, unknown, each_heads, scheme)


def _scheme_at(stream: Stream, index: int) -> Span | None:
    """A dosing scheme from token `index`: three or more small counts joined by dashes ('1-0-1', '1 - 1 - 1',
    '½-0-½'), how many to take at each time of day. Its span, else None; a date has a year ('1-5-2027')."""
    tokens = stream.tokens
    if index + 4 >= len(tokens) or tokens[index + 1].text != "-" or (index and tokens[index - 1].text == "-"):
        return None  # most numbers: no dash after them, or the scheme was looked for from its first number
    last = index
    while (
        last + 2 < len(tokens)
        and tokens[last + 1].text == "-"
        and tokens[last + 2].gap <= 1
        and tokens[last + 1].gap <= 1
        and _scheme_count(stream, tokens[last + 2])
    ):
        last += 2
    if last - index < 4 or not _scheme_count(stream, tokens[index]):
        return None
    return stream.norm.span(tokens[index].start, tokens[last].end)


def _scheme_count(stream: Stream, token: Token) -> bool:
    """A number a scheme's place holds: a few units, whole or half ('0', '2', '½'), written in one character."""
    if token.kind not in NUMBERS or len(token.text) != 1 or not isinstance(token.value, Number):
        return False
    value = token.value.value
    return 0 <= value <= stream.lexicon.times_max and (value * 2).denominator == 1


def _listed(stream: Stream, count: Count) -> bool:
    """A list goes on after a count that is no per ('2 drops, children: 1 drop daily'; not 'per 2 capsules, ...')."""
    after, before = stream.get(count.last + 1), stream.get(count.first - 1) if count.first else None
    return after is not None and after.text == "," and (before is None or before.low not in stream.lexicon.per_words)


def _another_count(stream: Stream, count: Count, listed: Count) -> Count | None:
    """A few units of the same kind in a list with the directions' count, in its sentence, and not as many:
    the directions for someone else ('Adults: 2 drops, children: 1 drop daily'), so kcheck does not pick."""
    if (listed.value, listed.noun) == (count.value, count.noun):
        return None
    first, last = sorted((listed.first, count.first))
    if any(token.text in (".", ";") for token in stream.tokens[first:last]):
        return None
    return listed


def _times_range_low(stream: Stream, index: int, value: Fraction | None) -> Fraction | None:
    """'2-3 times daily', 'once or twice daily', 'one to two times a day': the doses a day at the low end, when
    a smaller count of times and a range separator or 'or' stand before the times (value is the high end)."""
    if value is None or index < 2:
        return None
    lexicon = stream.lexicon
    sep = stream.tokens[index - 1].low
    if sep not in lexicon.range_separators and sep not in lexicon.or_words:
        return None
    high = _times_count(stream, index)
    low = _times_count(stream, index - 2) if high is not None else None
    if low is None or high is None or not 0 < low < high:
        return None
    return value * low / high


def _times_count(stream: Stream, index: int) -> int | None:
    """How many times a token counts: 'twice', 'three times', '2', 'two'."""
    token = stream.tokens[index]
    times = stream.lexicon.times.get(token.low)
    if times is not None:
        return times
    return _whole(stream, token)


_PERIOD_KINDS = frozenset({"FREQ", "PER"})  # 'monthly', 'daily': a hyphened number before one may count them


def _hyphened_period(stream: Stream, index: int) -> tuple[Fraction | None, int] | None:
    """'4-monthly', '2-weekly': a whole number hyphened to a word that says once a period, once every so many of
    them (as British prescribing writes it); read as the period alone, it was a dose that many times too often.
    '2-daily' may be twice a day or every other day: a frequency stated, how often not known."""
    hyphen, period = stream.get(index + 1), stream.get(index + 2)
    if hyphen is None or period is None or hyphen.text != "-" or hyphen.gap or period.gap:
        return None
    once = stream.lexicon.frequencies.get(period.low)
    every = _whole(stream, stream.tokens[index])
    if once is None or not period.low.isalpha() or not every:
        return None
    return (once / every if once < 1 else None), index + 2


def _frequency_at(stream: Stream, index: int) -> tuple[Fraction | None, int] | None:
    """frequency = phrase | latin | "every" _ integer _ period | times [ link ] period | "x" ~ integer."""
    token = stream.get(index)
    assert token is not None
    if not stream.boundary_before(index):
        return None
    days = _days_a_period(stream, index)
    if days is not None:
        return days
    lexicon = stream.lexicon
    if token.kind == "WORD" and token.low not in ("x", "×") and token.low not in lexicon.number_words:
        return None
    if token.kind == "NUMBER":
        hyphened = _hyphened_period(stream, index)
        if hyphened is not None:
            return hyphened
    times = _times(stream, index)
    if times is not None:
        count, at = times
        period = _period(stream, at + 1)
        if period is not None:
            return product(period[0], count), period[1]
        if stream.tokens[at].low in ("x", "×") and 1 < count <= lexicon.times_max and _times_alone(stream, at + 1):
            return Fraction(count), at  # '15 mg 3x', as '15 mg x3': doses a day
    if token.low == lexicon.every:
        number, period_token = stream.get(index + 1), stream.get(index + 2)
        if (
            number is not None
            and period_token is not None
            and number.gap == 1
            and period_token.gap == 1
            and period_token.low in lexicon.period_days
        ):
            every = _whole(stream, number)
            if every is not None:
                if every == 0:
                    return Fraction(0), index + 2
                return Fraction(1, every * lexicon.period_days[period_token.low]), index + 2
    if token.low in lexicon.frequencies:
        return lexicon.frequencies[token.low], index
    if token.low in lexicon.divided_doses and token.value:
        return Fraction(token.value), index
    if token.low in lexicon.times_per and token.value:
        return lexicon.times_per[token.low] * token.value, index
    if token.low in lexicon.every_n and token.value:
        return Fraction(1, token.value * lexicon.every_n[token.low]), index
    latin = lexicon.latin_spellings.get(token.low)
    if latin is not None and latin.per_day is not None:
        return latin.per_day, index
    if token.low in ("x", "×"):
        number = stream.get(index + 1)
        if (
            number is None
            or number.kind != "NUMBER"
            or number.gap > 1
            or not (number.text.isdigit() and len(number.text) <= 3)
        ):
            return None
        value = int(number.text)
        period = _period(stream, index + 2)
        if period is not None:  # "x3 per day", "x3 daily"
            return period[0] * value, period[1]
        after = stream.get(index + 2)
        if after is not None and (
            (not after.gap and after.text in ".,")
            or (
                after.gap <= 1
                and (lexicon.units.get(after.low) in ("mcg", "mg", "g", "IU") or after.low in ("d", "day", "days"))
            )
        ):
            return None
        if value > lexicon.times_max or _pack_word(stream, index + 2):
            return None  # "100mcg x 60 capsules": a pack size, never doses a day
        return (None if value == 1 else Fraction(value)), index + 1
    return None


def _times_alone(stream: Stream, index: int) -> bool:
    """Nothing at token `index` makes a count and 'x' before it a pack or a serving ('3x 60 capsules', '2x 1000 IU'):
    the end of the label, or punctuation."""
    token = stream.get(index)
    return token is None or token.kind == "PUNCT"


def _whole(stream: Stream, token: Token) -> int | None:
    """A whole number written in digits or as a word ('3', 'three')."""
    if token.kind == "NUMBER" and token.text.isdigit() and len(token.text) <= 4:
        return int(token.text)
    word = stream.lexicon.number_words.get(token.low)
    return int(word) if word is not None and word.denominator == 1 else None


def _pack_word(stream: Stream, index: int) -> bool:
    """A count noun or pack word ('capsules', 'count') at `index`, after at most one adjective."""
    token = stream.get(index)
    if token is not None and token.low in stream.lexicon.count_adjectives:
        token = stream.get(index + 1)
    return token is not None and (token.kind == "COUNT" or token.low in stream.lexicon.pack_words)


def _days_a_period(stream: Stream, index: int) -> tuple[Fraction, int] | None:
    """whole _ "days" [ link ] period: '5 days a week', 'three days a week' is a dose on 3 of its 7 days (3/7 a day)."""
    days = stream.get(index + 1)
    if days is None or days.gap != 1 or stream.lexicon.period_days.get(days.low) != 1:
        return None
    count = _whole(stream, stream.tokens[index])
    if count is None:
        return None
    period = _period(stream, index + 2)
    if period is None or not period[0] < 1:
        return None
    if count * period[0] > 1:
        return Fraction(0), period[1]  # '8 days a week': out of range, never 'a week' alone
    return period[0] * count, period[1]


def _times(stream: Stream, index: int) -> tuple[int, int] | None:
    """times = ( integer ~ ( "x" | "×" ) | whole _ "times" ) | "once" | "twice" | ...: (count, last token); the
    whole number in digits or words ('5 times', 'five times')."""
    token = stream.tokens[index]
    lexicon = stream.lexicon
    if token.low in lexicon.times:
        return lexicon.times[token.low], index
    digits = token.kind == "NUMBER" and token.text.isdigit() and len(token.text) <= MAX_DIGITS
    if digits or token.low in lexicon.number_words:
        word = stream.get(index + 1)
        if word is not None and word.gap <= 1 and word.low in lexicon.times_words and (digits or word.gap == 1):
            count = int(token.text) if digits else _whole(stream, token)
            return (count, index + 1) if count is not None else None
    return None


def _period(stream: Stream, index: int) -> tuple[Fraction, int] | None:
    """[ link ] period: 'daily', 'a day', 'per week', 'al día' -> (doses a day per time, last token)."""
    lexicon = stream.lexicon
    token = stream.get(index)
    if token is None or token.gap > 1:
        return None
    if token.low in lexicon.periods:
        return lexicon.periods[token.low], index
    if token.low in lexicon.frequencies and lexicon.frequencies[token.low] <= 1 and token.kind in ("FREQ", "PER"):
        return lexicon.frequencies[token.low], index  # "3x/day", "twice per week"
    link, _, period = token.low.partition(" ")
    if link in lexicon.period_links and period in lexicon.periods:
        return lexicon.periods[period], index
    if token.low in lexicon.period_links:
        after = stream.get(index + 1)
        if after is not None and after.gap <= 1 and after.low in lexicon.periods:
            return lexicon.periods[after.low], index + 1
    return None


def unread_words(stream: Stream, at: int, stop: int, read: frozenset[int]) -> tuple[int, int] | None:
    """Offsets of words right after a dose (from token `at`, before offset `stop`) that the lexicon
    does not know but that could change the dose: a slash, per word or 'every' before an unknown
    word ('/fortnight', 'per fortnight') or before a number and an unknown word ('per 8 fl oz'), a slash before a
    unit no per is read from ('10 mcg/g'), an
    unknown word, a number and an unknown word ('co 2 tygodnie'), a number and an 'x' not read as a frequency
    ('2x, 60 softgels'), or a few units after an 'x' ('x 2 capsules'). `read` holds the offsets where a
    frequency was read. None when there are none."""
    lexicon = stream.lexicon
    tokens = stream.tokens
    stream.work += 3
    if not 0 <= at < len(tokens):
        return None
    first = tokens[at]
    if first.start >= stop or first.gap > 1 or first.start in read:
        return None
    if first.kind == "WORD" and lexicon.says_when(first.low):
        return first.start, first.end  # 'biweekly', 'q12h': a period or interval kcheck does not read
    dotted = _initialism_end(tokens, at)
    if dotted is not None:
        return first.start, dotted  # 't.d.s.': an abbreviation kcheck does not read, as 'b.i.d.' is read
    if at + 1 == len(tokens):
        return None
    second = tokens[at + 1]
    linking = first.text == "/" or (first.low in lexicon.per_words and first.low != "a") or first.low == lexicon.every
    unknown = second.kind == "WORD" or (second.kind == "UNIT" and first.text == "/")  # '/fortnight', '10 mcg/g'
    if linking and unknown and second.gap <= 1 and second.start < stop:
        return first.start, second.end
    if linking and second.kind == "NUMBER" and second.gap <= 1 and at + 2 < len(tokens):
        third = tokens[at + 2]  # 'per 8 fl oz': a basis whose unit kcheck does not read
        sized = any(token.kind == "COUNT" for token in tokens[at + 3 : at + 5])  # '/8 fluid oz serving': a serving
        if third.kind == "WORD" and third.gap <= 1 and third.start < stop and not sized:
            return first.start, third.end
    if first.kind == "NUMBER" and second.low in ("x", "×") and second.gap <= 1:
        return first.start, second.end  # '2x, 60 softgels': how many a day, or a serving of 2?
    times = first.low in ("x", "×") and second.kind == "NUMBER" and second.text.isdigit()
    if times and int(second.text) <= lexicon.times_max and _pack_word(stream, at + 2):
        # 'x 2 capsules': a serving of 2, 2 a day or a pack of 2; 'x 60 capsules' is a pack size
        noun = at + 3 if tokens[at + 2].low in lexicon.count_adjectives else at + 2
        return first.start, tokens[noun].end
    if first.kind == "WORD" and second.kind == "NUMBER" and second.gap == 1 and at + 2 < len(tokens):
        third = tokens[at + 2]
        if third.kind == "WORD" and third.gap == 1 and third.start < stop:
            return first.start, third.end
    return None


def _initialism_end(tokens: list[Token], at: int) -> int | None:
    """Where a dotted abbreviation of two letters or more that starts at token `at` ends ('t.d.s.'), else None."""
    letters, end, index = 0, None, at
    while index + 1 < len(tokens):
        letter, dot = tokens[index], tokens[index + 1]
        if letter.kind != "WORD" or len(letter.text) != 1 or not letter.text.isalpha() or dot.text != "." or dot.gap:
            break
        if letters and letter.gap:
            break
        letters, end, index = letters + 1, dot.end, index + 2
    return end if letters >= 2 else None


def in_segment(found: list[Frequency], starts: list[int], start: int, end: int) -> list[Frequency]:
    """The frequencies wholly inside [start, end)."""
    at = bisect.bisect_left(starts, start)
    out = []
    while at < len(found) and found[at].start < end:
        if found[at].end <= end:
            out.append(found[at])
        at += 1
    return out


def directions_count(count: Count | None, values: set[Fraction]) -> Fraction | None:
    """Servings a day: one stated frequency times the count ('Take 2 softgels twice a day' -> 4)."""
    if len(values) != 1:
        return None
    value = values.pop()
    if count is None:
        return value
    return value * count.value if count.value is not None and count.high is None else None
