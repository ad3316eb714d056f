"""The label grammar: one label line -> Label (ingredients, amounts, per, frequency, spans).

kcheck reads numbers and words itself; pint only converts the unit token it is handed.
Every reading that could mean two things is returned as ambiguous with its candidates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from kcheck import units
from kcheck.amounts import decimal_text, mass_text
from kcheck.errors import UnreadableLabel
from kcheck.forms import FormRegistry
from kcheck.limits import SERVINGS_RANGE_TEXT, in_servings_range

Span = tuple[int, int]

MASS_UNITS = ("mcg", "mg", "g")
_VULGAR = {
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
_MASK = "\x01"


@dataclass(frozen=True)
class Candidate:
    """One possible reading of something ambiguous, with why it is possible."""

    reading: str
    amount_ug: Fraction | None
    reason: str


@dataclass(frozen=True)
class Problem:
    """A reading problem with a KC1xx rule code and the characters it is about."""

    code: str
    message: str
    span: Span


@dataclass(frozen=True)
class Amount:
    """A stated amount as written: one value, a range (low-high) or a list of arms."""

    values: tuple[Fraction, ...]
    unit: str
    is_range: bool
    span: Span
    number_text: str
    unit_text: str
    glued: bool
    candidates: tuple[tuple[Fraction, ...], ...] = ()
    candidate_reasons: tuple[str, ...] = ()  # one for the reading in `values`, then one per candidate
    unit_candidates: tuple[str, ...] = ()
    malformed: bool = False

    @property
    def low(self) -> Fraction:
        """The first or lowest value: what the dev set and the checks use."""
        return self.values[0]

    @property
    def high(self) -> Fraction | None:
        """The high end of a range, else None."""
        return self.values[-1] if self.is_range else None

    @property
    def ambiguous(self) -> bool:
        """True while the number or the unit has more than one reading, or none."""
        return bool(self.candidates) or bool(self.unit_candidates) or self.malformed

    def text(self) -> str:
        """ISMP-safe spelling: 45 mcg, 0.5 mg, 90-120 mcg, 10, 20 and 45 mcg."""
        numbers = [decimal_text(value) for value in self.values]
        if self.is_range:
            body = f"{numbers[0]}-{numbers[1]}"
        elif len(numbers) > 1:
            body = ", ".join(numbers[:-1]) + f" and {numbers[-1]}"
        else:
            body = numbers[0]
        return f"{body} {self.unit}"


@dataclass(frozen=True)
class Ingredient:
    """One nutrient amount read from a label, with every piece's span in the input."""

    nutrient: str | None
    form: str | None
    name_text: str | None
    amount: Amount
    amount_ug: Fraction | None
    amount_ug_high: Fraction | None
    values_ug: tuple[Fraction, ...]
    equivalents: tuple[Amount, ...]
    per: str
    per_count: Fraction
    per_text: str | None
    per_assumed: bool
    per_kg: bool
    doses_per_day: Fraction | None
    frequency_text: str | None
    daily_ug: Fraction | None
    daily_ug_high: Fraction | None
    pct_dv: Fraction | None
    candidates: tuple[Candidate, ...]
    problems: tuple[Problem, ...]
    spans: dict[str, Span] = field(hash=False, compare=True)

    @property
    def ambiguous(self) -> bool:
        """True when the amount cannot be read without a guess."""
        return bool(self.candidates)


@dataclass(frozen=True)
class Label:
    """What kcheck read from one label string."""

    text: str
    ingredients: tuple[Ingredient, ...]
    others: tuple[tuple[str, Amount], ...]
    problems: tuple[Problem, ...]

    @property
    def status(self) -> str:
        """ "ok", or "ambiguous" when some amount needs a human (unreadable text raises instead)."""
        return "ambiguous" if any(i.ambiguous for i in self.ingredients) else "ok"


# ---------------------------------------------------------------- normalisation


@dataclass(frozen=True)
class _Text:
    """The normalised text and, for each of its characters, the offset in the original."""

    text: str
    origin: tuple[int, ...]
    original: str

    def span(self, start: int, end: int) -> Span:
        """Map a span of the normalised text back to the original string."""
        if start >= end:
            return (self.origin[start], self.origin[start])
        return (self.origin[start], self.origin[end - 1] + 1)

    def grouping_space(self, index: int) -> bool:
        """True when the space at `index` was a typographic grouping space (thin or no-break)."""
        return self.original[self.origin[index]] in _GROUPING_SPACES


def normalise(text: str) -> _Text:
    """NFKC per character (µ -> μ, ㎍ -> μg, full-width digits), dashes -> '-', spaces -> ' '."""
    if text.isascii() and text.isprintable():
        return _Text(text, tuple(range(len(text) + 1)), text)
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _VULGAR:
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
    origin.append(len(text))
    return _Text("".join(out), tuple(origin), text)


# ---------------------------------------------------------------- lexicon

_UNIT = re.compile(
    r"""(?P<sp>[ ]{0,2})(?:
      (?P<mcg>mcgs?|μgm|μ[ ]?g|ug|micrograms?|microgrammes?|microgrammi|microgramos|microg|mikrogramm)
     |(?P<mg>mgs?|milligrams?|milligrammes?|milligrammi|miligramos?|milligramm)
     |(?P<g>grams?|grammes?|grammi|gramos?|gm|gr|g)
     |(?P<iu>i\.[ ]?u\.?|iu|i[ ]u|ui|u\.i\.|i\.[ ]?e\.?|ie|international[ ]units?|usp[ ]units?
        |unidades[ ]internacionales|internationale[ ]einheiten|unità[ ]internazionali)
     |(?P<units>units?|unità|unidades|einheiten)
     |(?P<u>u)
     |(?P<ml>ml|millilit(?:er|re)s?)
     |(?P<kg>kg|kilograms?)
     |(?P<pct>%)
     |(?P<count>drops?|gotas?|gocce|tropfen|capsules?|cápsulas?|capsulas?|capsule|kapseln?|caps|vegcaps
        |softgels?|soft[ ]gels?|tablets?|tabl\.?|tabs?|tablettes?|comprimidos?|compresse|sprays?
        |servings?|gummies|gummy|scoops?|sachets?|ct|chew\.?|pieces?|microlingual)
     |(?P<time>days?|weeks?|months?|years?|hrs?|hours?|wks?|minutes?|mins?)
     |(?P<oz>oz|ounces?|lbs?|pounds?)
    )(?![^\W_])""",
    re.IGNORECASE | re.VERBOSE,
)
_NUMBER = re.compile(
    r"(?<![\d/])(?<!\d[.,])(?:(?P<frac>\d+/\d+)(?![\d.,])"
    r"|(?P<num>\d+(?:[.,]\d+)*|(?<!\.)\.\d+)(?P<vf>[ ]?[½¼¾⅓⅔⅛⅜⅝⅞⅕])?"
    r"|(?P<vfo>[½¼¾⅓⅔⅛⅜⅝⅞⅕]))"
)
_MULTIPLIER = re.compile(r"[ ]?(?:thousand|mila|tausend)(?![^\W_])", re.IGNORECASE)
_RANGE_SEP = re.compile(r"[ ]{0,3}(?:-[ ]?to|-|to|bis|a|au|hasta|through)[ ]{0,3}", re.IGNORECASE)
_LIST_SEP = re.compile(r"(?:,[ ]+|[ ]*,?[ ]+(?:and|or|und|oder|e|y|o|et)[ ]+|/)", re.IGNORECASE)
_BETWEEN = re.compile(r"(?:between|entre|zwischen|tra)[ ]+$", re.IGNORECASE)
_BETWEEN_AND = re.compile(r"[ ]+(?:and|y|und|e|et)[ ]+", re.IGNORECASE)
_PCT_DV = re.compile(
    r"[ ]*\(?[ ]*(?P<n>\d+(?:\.\d+)?)[ ]?%[ ]*(?:(?P<dv>dv|nrv|ri|vnr|daily[ ]value|of[ ]daily[ ]value)\b)?[ ]*\)?",
    re.IGNORECASE,
)
_PER_SUFFIX = re.compile(
    r"""[ ]?(?:
        (?P<kg>/[ ]?kg|per[ ]kg)
       |(?P<day>/[ ]?(?:day|d|die|tag|giorno|día|dia|jour)\b|[ ]?day-1\b|per[ ]day|a[ ]day|each[ ]day|every[ ]day
          |daily|al[ ]giorno|pro[ ]tag|al[ ]día|por[ ]día|par[ ]jour|täglich|diari[oa])
       |(?:/|per[ ]|pro[ ]|each[ ]|a[ ])(?P<unit>drop|gota|ml|capsule|softgel|tablet|serving|spray|dose|oz)s?\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_HEADER_PER = re.compile(
    r"(?<![^\W_])(?:per|each|every|one|1|cada|je|pro)[ ]+"
    r"(?:(?:vegetarian|vegetal|veg|film[ -]?coated|soft[ ]gelatin|soft|hard|chewable|oral|single)[ ]+)*"
    r"(?P<unit>drop|gota|capsule|cápsula|capsula|softgel[ ]capsule|softgel|soft[ ]gel|tablet|tableta"
    r"|tablette|comprimido|spray|serving|dose|ml|gummy|scoop|sachet)s?(?![^\W_])",
    re.IGNORECASE,
)
_EACH_QUANTITY = re.compile(
    r"(?<![^\W_])(?:per|each|every|cada|je|pro)[ ]+(?P<n>\d+(?:[.,]\d+)?)?[ ]*"
    r"(?P<unit>ml|grams?|g|oz|ounces?|drops?)(?![^\W_])",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"(?<![^\W_])(?P<n>\d+(?:[.,]\d+)?|one|two|three|four|half|media|medio|½|1/2)"
    r"(?:[ ]*-[ ]*(?P<n2>\d+))?[ ]+(?:(?:vegetarian|veg|soft|chewable)[ ]+)?"
    r"(?P<unit>drops?|gotas?|capsules?|cápsulas?|capsulas?|softgels?|tablets?|tabs?|ml|sprays?|servings?"
    r"|gummies|scoops?)(?![^\W_])",
    re.IGNORECASE,
)
_RESTATES = re.compile(
    r"""[ ]*[(\[]?[ ]*
    (?:=|~|≈|/|or|oder|o|i\.e\.|equivalent[ ]to|equiv\.?|equals|entspricht|corresponding[ ]to)?
    [ ]*[~≈]?[ ]*[(\[]?[ ]*""",
    re.IGNORECASE | re.VERBOSE,
)
_COUNT_EQUALS = re.compile(
    r"(?P<n>\d+(?:\.\d+)?)[ ]*(?P<unit>drops?|ml|capsules?|tablets?|softgels?|sprays?)[ ]*(?:=|~|≈|:|\()[ ~≈=]*$",
    re.IGNORECASE,
)
_PER_WORD = re.compile(r"(?<![^\W_])per[ ]+$", re.IGNORECASE)
_BASIS_NAME = re.compile(r"[ ]*(?:of|de|di|von)?[ ]*", re.IGNORECASE)
_TRAILING_NAME = re.compile(r"[\s)\]]*[(\[,]?\s*(?:from|as|als|como|come)?\s*", re.IGNORECASE)
_COUNT_TAIL = re.compile(
    r"[ ]*(?:\(|per[ ]day|a[ ]day|daily|once|twice|three|\d+[ ]?x|al[ ]día|diaria|diario|each[ ]day)", re.IGNORECASE
)
_WORD_NUMBERS = {
    "one": Fraction(1),
    "two": Fraction(2),
    "three": Fraction(3),
    "four": Fraction(4),
    "half": Fraction(1, 2),
    "media": Fraction(1, 2),
    "medio": Fraction(1, 2),
    "½": Fraction(1, 2),
    "1/2": Fraction(1, 2),
}
_PER_WORDS = {
    "drop": "drop",
    "gota": "drop",
    "capsule": "capsule",
    "cápsula": "capsule",
    "capsula": "capsule",
    "softgel capsule": "softgel",
    "softgel": "softgel",
    "soft gel": "softgel",
    "tablet": "tablet",
    "tableta": "tablet",
    "tablette": "tablet",
    "comprimido": "tablet",
    "tab": "tablet",
    "spray": "spray",
    "serving": "serving",
    "dose": "dose",
    "ml": "mL",
    "gummy": "serving",
    "gummie": "serving",
    "scoop": "serving",
    "sachet": "serving",
}


def _freq(pattern: str, per_day: Fraction) -> tuple[re.Pattern[str], Fraction]:
    return re.compile(rf"(?<![^\W_])(?:{pattern})(?![^\W_])", re.IGNORECASE), per_day


_TIMES = r"(?:(?P<n>\d+)[ ]?(?:x|×|times)|once|twice|thrice|one[ ]time|two[ ]times|three[ ]times|four[ ]times)"
_FREQUENCIES = (
    _freq(r"every[ ]other[ ]day|alternate[ ]days|qod|q\.o\.d\.", Fraction(1, 2)),
    _freq(r"every[ ]other[ ]week|fortnightly", Fraction(1, 14)),
    _freq(r"every[ ](?P<every>\d+)[ ](?P<period>days?|weeks?|months?)", Fraction(1)),
    _freq(rf"{_TIMES}[ ]?(?:a|per|each|every)?[ ]?(?:week|weekly)", Fraction(1, 7)),
    _freq(r"(?:once[ ])?(?:a|per|each|every)[ ]week|weekly", Fraction(1, 7)),
    _freq(r"(?:once[ ])?(?:a|per|each|every)[ ]month|monthly", Fraction(1, 30)),
    _freq(rf"{_TIMES}[ ]?(?:a|per|each|every|al|por)?[ ]?(?:day|daily|día)", Fraction(1)),
    _freq(r"q\.?i\.?d\.?", Fraction(4)),
    _freq(r"t\.?i\.?d\.?", Fraction(3)),
    _freq(r"b\.?i\.?d\.?", Fraction(2)),
    _freq(r"q\.?d\.?|o\.d\.", Fraction(1)),
    _freq(r"(?:x|×)[ ]?(?P<x>\d{1,2})(?![\d.,]|[ ]?(?:mcg|mg|g|iu|μg|ug|d\b|days?))", Fraction(1)),
    _freq(
        r"daily|a[ ]day|per[ ]day|each[ ]day|every[ ]day|diaria|diario|täglich|al[ ]giorno|pro[ ]tag"
        r"|al[ ]día|por[ ]día|par[ ]jour|/day|/d",
        Fraction(1),
    ),
)
_WORD_TIMES = {"once": 1, "twice": 2, "thrice": 3, "one time": 1, "two times": 2, "three times": 3, "four times": 4}
_PERIOD_DAYS = {"day": 1, "week": 7, "month": 30}  # devset convention: a month is 30 days
_SMALL_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10, 16})


# ---------------------------------------------------------------- numbers


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    text: str
    value: Fraction
    alternatives: tuple[Fraction, ...] = ()
    reasons: tuple[str, ...] = ()
    arms: tuple[Fraction, ...] = ()
    malformed: bool = False


class _Malformed(ValueError):
    """A number whose separators fit no convention ('0.51,50.5', '1.5.3')."""


_GROUPED = {sep: re.compile(rf"[1-9]\d{{0,2}}(?:\{sep}\d{{3}})+") for sep in ",."}


def _read_number(text: str, decimal_comma: bool | None) -> tuple[Fraction, tuple[Fraction, ...], tuple[str, ...]]:
    """Value, other possible values, and a reason per reading: '1,5' is 1.5 or 15; '1.000' is 1 or 1000."""
    if text.isascii() and text.isdigit():
        return Fraction(int(text)), (), ()  # the common case, without Fraction's string parser
    if text.startswith(".") or ("," not in text and "." not in text):
        return Fraction(text), (), ()
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        whole, _, fraction = text.rpartition(decimal)
        grouping = "." if decimal == "," else ","
        if not _GROUPED[grouping].fullmatch(whole) or decimal in whole:
            raise _Malformed(text)
        return Fraction(f"{whole.replace(grouping, '')}.{fraction}"), (), ()
    separator = "," if "," in text else "."
    head, *groups = text.split(separator)
    grouped = _GROUPED[separator].fullmatch(text) is not None
    if len(groups) > 1:
        if not grouped:
            raise _Malformed(text)
        return Fraction(text.replace(separator, "")), (), ()
    as_decimal = Fraction(f"{head}.{groups[0]}")
    joined = Fraction(head + groups[0])
    if separator == ",":
        if decimal_comma:
            return as_decimal, (), ()
        if grouped:
            return joined, (), ()
        return (
            as_decimal,
            (joined,),
            (
                f"'{text}' with a decimal comma (as in German or French)",
                f"'{text}' if the comma only separates digits (as pint reads it)",
            ),
        )
    if decimal_comma and grouped:
        return joined, (), ()
    if not grouped or decimal_comma:
        return as_decimal, (), ()
    return (
        as_decimal,
        (joined,),
        (
            f"'{text}' with a decimal point (as in English)",
            f"'{text}' with a thousands dot (as in German or Italian)",
        ),
    )


def _numbers(scan: str, norm: _Text, decimal_comma: bool | None) -> list[_Number]:
    found: list[_Number] = []
    for match in _NUMBER.finditer(scan):
        text = match.group(0)
        if match.group("frac"):
            top, bottom = (int(part) for part in text.split("/"))
            if bottom and top < bottom and bottom in _SMALL_DENOMINATORS:
                found.append(_Number(match.start(), match.end(), text, Fraction(top, bottom)))
            else:
                arms = (Fraction(top), Fraction(bottom))
                found.append(_Number(match.start(), match.end(), text, arms[0], arms=arms))
            continue
        if match.group("vfo"):
            found.append(_Number(match.start(), match.end(), text, _VULGAR[text]))
            continue
        try:
            value, alternatives, reasons = _read_number(match.group("num"), decimal_comma)
        except _Malformed:
            found.append(_Number(match.start(), match.end(), text, Fraction(0), malformed=True))
            continue
        if match.group("vf"):
            extra = _VULGAR[match.group("vf").strip()]
            value, alternatives = value + extra, tuple(a + extra for a in alternatives)
        found.append(_Number(match.start(), match.end(), text, value, alternatives, reasons))
    return _join_space_groups(found, scan, norm)


def _join_space_groups(found: list[_Number], scan: str, norm: _Text) -> list[_Number]:
    """'1 000' and '45 000' are one number; '1 250 mg' is 1250 mg or one 250 mg unit: ambiguous."""
    joined: list[_Number] = []
    for number in found:
        previous = joined[-1] if joined else None
        gap = scan[previous.end : number.start] if previous else ""
        if (
            previous is not None
            and gap == " "
            and re.fullmatch(r"[1-9]\d{0,2}( \d{3})*", previous.text)
            and re.fullmatch(r"\d{3}", number.text)
            and not previous.alternatives
            and _UNIT.match(scan, number.end) is not None
        ):
            merged = Fraction(previous.text.replace(" ", "") + number.text)
            text = previous.text + " " + number.text
            if norm.grouping_space(previous.end) or number.text.startswith("0"):
                joined[-1] = _Number(previous.start, number.end, text, merged)
            else:
                reasons = (
                    f"'{text}' with a space between thousands",
                    f"'{number.text}' alone, '{previous.text}' being a count",
                )
                joined[-1] = _Number(previous.start, number.end, text, merged, (number.value,), reasons)
            continue
        joined.append(number)
    return joined


# ---------------------------------------------------------------- quantities


@dataclass(frozen=True)
class _Quantity:
    """A number (or range/list) with what follows it."""

    start: int
    end: int
    kind: str  # "mass", "iu", "units", "u", "count", "time", "ml", "pct", "kg", "oz", "bare"
    amount: Amount | None
    count_unit: str | None = None


def _unit_kind(match: re.Match[str]) -> str:
    return next(name for name, value in match.groupdict().items() if value is not None and name != "sp")


def _canonical_unit(kind: str, text: str) -> tuple[str, tuple[str, ...]]:
    """Canonical token for a unit as written, and the alternatives when its case is unsafe."""
    if kind == "mcg":
        return "mcg", ()
    if kind == "mg":
        return ("mg", ()) if text == "mg" or text.lower() != "mg" else ("mg", ("mg", "mcg"))
    if kind == "g":
        if text.lower() == "gr":
            return "g", ("g", "grain")
        return ("g", ()) if text != "G" else ("g", ("g", "G"))
    return {"iu": "IU", "units": "units", "u": "units"}[kind], ()


def _quantities(scan: str, norm: _Text, decimal_comma: bool | None) -> list[_Quantity]:
    numbers = _numbers(scan, norm, decimal_comma)
    quantities: list[_Quantity] = []
    index = 0
    while index < len(numbers):
        quantity, used = _quantity_at(numbers, index, scan, norm)
        quantities.append(quantity)
        index += used
    return quantities


def _unit_after(scan: str, position: int) -> re.Match[str] | None:
    multiplier = _MULTIPLIER.match(scan, position)
    return _UNIT.match(scan, multiplier.end() if multiplier else position)


def _quantity_at(numbers: Sequence[_Number], index: int, scan: str, norm: _Text) -> tuple[_Quantity, int]:
    first = numbers[index]
    group = [first]
    is_range = False
    # a range: 90-120 mcg, 90 to 120 mcg, 50 mcg-500 mcg, between 90 and 360 mg
    unit1 = _unit_after(scan, first.end)
    after1 = unit1.end() if unit1 and _unit_kind(unit1) in _AMOUNT_KINDS else first.end
    if index + 1 < len(numbers):
        nxt = numbers[index + 1]
        between = scan[after1 : nxt.start]
        ranged = _RANGE_SEP.fullmatch(between) or (
            _BETWEEN.search(scan[: first.start]) and _BETWEEN_AND.fullmatch(between)
        )
        unit2 = _unit_after(scan, nxt.end)
        if ranged and unit2 and (unit1 is None or _unit_kind(unit1) == _unit_kind(unit2)) and nxt.value >= first.value:
            group, is_range = [first, nxt], True
    if not is_range:
        position = index + 1
        while position < len(numbers):
            nxt, last = numbers[position], group[-1]
            gap = scan[last.end : nxt.start]
            if _LIST_SEP.fullmatch(gap) and _unit_after(scan, last.end) is None:
                group.append(nxt)
                position += 1
            else:
                break
        if len(group) > 1 and (_unit_after(scan, group[-1].end) is None or not _has_amount_unit(scan, group[-1].end)):
            group = [first]
    last = group[-1]
    multiplier = _MULTIPLIER.match(scan, last.end)
    unit = _unit_after(scan, last.end)
    if unit is None:
        return _Quantity(first.start, first.end, "bare", None), 1
    kind = _unit_kind(unit)
    if kind not in _AMOUNT_KINDS:
        end = unit.end()
        return _Quantity(
            first.start,
            end,
            {"mcg": "mass", "mg": "mass", "g": "mass"}.get(kind, kind),
            None,
            count_unit=unit.group(kind).lower(),
        ), len(group)
    factor = Fraction(1000) if multiplier else Fraction(1)
    unit_text = unit.group(kind)
    canonical, unit_candidates = _canonical_unit(kind, unit_text)
    values = tuple(number.value * factor for number in group)
    arms = first.arms if len(group) == 1 and first.arms else ()
    if arms:
        values = tuple(arm * factor for arm in arms)
    candidates: list[tuple[Fraction, ...]] = []
    reasons: list[str] = []
    for position, number in enumerate(group):
        if number.alternatives and not reasons:
            reasons.append(number.reasons[0])
        for alternative, reason in zip(number.alternatives, number.reasons[1:], strict=True):
            candidate = list(values)
            candidate[position] = alternative * factor
            candidates.append(tuple(candidate))
            reasons.append(reason)
    amount = Amount(
        values=values,
        unit=canonical,
        is_range=is_range,
        span=norm.span(first.start, unit.end()),
        number_text=scan[first.start : last.end],
        unit_text=unit_text,
        glued=not unit.group("sp") and not multiplier,
        candidates=tuple(candidates),
        candidate_reasons=tuple(reasons),
        unit_candidates=unit_candidates,
        malformed=any(number.malformed for number in group),
    )
    kind = {"mcg": "mass", "mg": "mass", "g": "mass"}.get(kind, kind)
    return _Quantity(first.start, unit.end(), kind, amount), len(group)


_AMOUNT_KINDS = frozenset({"mcg", "mg", "g", "iu", "units", "u"})


def _has_amount_unit(scan: str, position: int) -> bool:
    unit = _unit_after(scan, position)
    return unit is not None and _unit_kind(unit) in _AMOUNT_KINDS


# ---------------------------------------------------------------- names


@dataclass(frozen=True)
class _Name:
    start: int
    end: int
    text: str
    form: str | None  # None: an ingredient kcheck does not check (calcium, DHA, ...)


def _names(text: str, forms: FormRegistry) -> list[_Name]:
    return [
        _Name(match.start(), match.end(), match.group(0), forms.lookup(match.group(0)))
        for match in forms.name_pattern.finditer(text)
    ]


def _merge_appositions(names: list[_Name], scan: str, forms: FormRegistry) -> list[_Name]:
    """'Vitamin K2 (as menaquinone-7)' and 'vitamin D (cholecalciferol)' name one form each."""
    merged: list[_Name] = []
    for name in names:
        if merged:
            last = merged[-1]
            between = scan[last.end : name.start]
            if re.fullmatch(r"[ ()\[\]:,\-]*(?:as|from|als|como|come|in the form of)?[ ()\[\]:\-]*", between, re.I):
                specific = _more_specific(last.form, name.form, forms)
                if specific is not None:
                    merged[-1] = _Name(last.start, name.end, scan[last.start : name.end], specific)
                    continue
        merged.append(name)
    return merged


def _more_specific(a: str | None, b: str | None, forms: FormRegistry) -> str | None:
    if a is None or b is None:
        return None
    if forms.is_ancestor(a, b):
        return b
    if forms.is_ancestor(b, a):
        return a
    return None


# ---------------------------------------------------------------- reading


def parse_label(text: str, forms: FormRegistry, *, decimal_comma: bool | None = None) -> Label:
    """Read one label line. Raises UnreadableLabel when there is no dose in it at all."""
    norm = normalise(text)
    names = _names(norm.text, forms)
    scan = _mask(norm.text, [(name.start, name.end) for name in names])
    quantities = _quantities(scan, norm, decimal_comma)
    names = _merge_appositions(names, norm.text, forms)
    amounts = [q for q in quantities if q.amount is not None]
    if not amounts:
        raise UnreadableLabel(_nothing_read_message(norm, quantities, names), _nothing_read_span(norm, quantities))
    return _Reader(text, norm, scan, forms, names, quantities).label()


def _mask(text: str, spans: Sequence[Span]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = _MASK * (end - start)
    return "".join(chars)


def _nothing_read_message(norm: _Text, quantities: Sequence[_Quantity], names: Sequence[_Name]) -> str:
    bare = [q for q in quantities if q.kind == "bare"]
    if bare and any(n.form for n in names):
        q = bare[0]
        return (
            f"no unit after the number '{norm.text[q.start : q.end]}': write the unit (mcg, mg or IU); "
            "kcheck does not guess one"
        )
    if not norm.text.strip():
        return "the label is empty"
    return "no dose found: kcheck looks for a number followed by a unit (mcg, mg, g or IU)"


def _nothing_read_span(norm: _Text, quantities: Sequence[_Quantity]) -> Span:
    bare = [q for q in quantities if q.kind == "bare"]
    if bare:
        return norm.span(bare[0].start, bare[0].end)
    return (0, len(norm.original))


class _Reader:
    """Attach amounts to names, per and frequency; one instance reads one label."""

    def __init__(
        self,
        original: str,
        norm: _Text,
        scan: str,
        forms: FormRegistry,
        names: list[_Name],
        quantities: list[_Quantity],
    ) -> None:
        self.original = original
        self.norm = norm
        self.scan = scan
        self.forms = forms
        self.names = names
        self.quantities = quantities
        self.problems: list[Problem] = []
        self.count = self._count()
        self.header_per = self._header_per()
        self.bases = [q for q in quantities if q.amount is not None and _PER_WORD.search(scan, 0, q.start)]

    # -- equivalents

    def groups(self) -> list[list[_Quantity]]:
        """Amounts that restate each other ('1000 IU (25 mcg)', '10 mcg = 400 IU') form one group."""
        groups: list[list[_Quantity]] = []
        amounts = [q for q in self.quantities if q.amount is not None and q not in self.bases]
        for quantity in amounts:
            if groups and self._restates(groups[-1], quantity):
                groups[-1].append(quantity)
            else:
                groups.append([quantity])
        return groups

    def _restates(self, group: list[_Quantity], quantity: _Quantity) -> bool:
        previous = group[-1]
        between = self.scan[previous.end : quantity.start]
        between = _PER_SUFFIX.sub("", between, count=1) if _PER_SUFFIX.match(between) else between
        if self._name_between(previous.end, quantity.start):
            return False
        explicit = _RESTATES.fullmatch(between)
        if explicit is None:
            return False
        kinds = {q.kind for q in group}
        if quantity.kind in kinds and quantity.kind != "mass":
            return False
        if quantity.kind == "mass" and "mass" in kinds:
            return "(" in between or "equiv" in between.lower() or "=" in between
        if between.strip() == "" or between.strip() == "/":
            return self._consistent(group, quantity)
        return True

    def _consistent(self, group: list[_Quantity], quantity: _Quantity) -> bool:
        """Plain adjacency ('250 mcg 10000 iu') restates only when the two agree for vitamin D."""
        mass = next((q for q in (*group, quantity) if q.kind == "mass"), None)
        iu = next((q for q in (*group, quantity) if q.kind == "iu"), None)
        if mass is None or iu is None or mass.amount is None or iu.amount is None:
            return False
        factor = self.forms.form("D").mcg_per_iu
        assert factor is not None
        return _agree(_mass_ug(mass.amount, 0), iu.amount.low * factor, mass.amount)

    def _name_between(self, start: int, end: int) -> bool:
        return any(start <= name.start and name.end <= end for name in self.names)

    # -- attachment

    def label(self) -> Label:
        groups = self.groups()
        attached = self._attach(groups)
        ingredients: list[Ingredient] = []
        others: list[tuple[str, Amount]] = []
        for group, name in self._refine_trailing(attached):
            primary = group[0].amount
            assert primary is not None
            if name is not None and name.form is None:
                others.append((name.text, primary))
                continue
            ingredients.append(self._ingredient(group, name))
        return Label(self.original, tuple(ingredients), tuple(others), tuple(self.problems))

    def _attach(self, groups: list[list[_Quantity]]) -> list[tuple[list[_Quantity], _Name | None]]:
        """Each amount gets the name bound to it: 'AMOUNT of NAME', 'NAME AMOUNT', or in order."""
        names = [n for n in self.names if not self._is_per_basis_name(n)]
        by_order = self._attach_by_order(groups, names)
        if by_order is not None:
            return by_order
        result: list[tuple[list[_Quantity], _Name | None]] = []
        first_item_is_amount = bool(groups) and (not names or groups[0][0].start < names[0].start)
        for index, group in enumerate(groups):
            start, end = group[0].start, group[-1].end
            next_start = groups[index + 1][0].start if index + 1 < len(groups) else len(self.scan)
            prev_end = groups[index - 1][-1].end if index > 0 else 0
            after = [n for n in names if end <= n.start < next_start]
            before = [n for n in names if prev_end <= n.start and n.end <= start]
            bound_after = after and re.fullmatch(
                r"[ ]*(?:\(|[^\w\d]{0,3})?[ ]*(?:of|de|di|del|della|von|vom|des|as)?[ ]*(?:the[ ])?",
                self._between_text(end, after[0].start),
                re.IGNORECASE,
            )
            choice: _Name | None
            if bound_after and (first_item_is_amount or not before):
                choice = after[0]
            elif before:
                choice = before[-1]
            elif after:
                choice = after[0]
            else:
                choice = None
            choice = self._compatible(group, choice, names)
            result.append((group, choice))
        return result

    def _between_text(self, start: int, end: int) -> str:
        text = self.scan[start:end]
        return _PER_SUFFIX.sub("", text, count=1) if _PER_SUFFIX.match(text) else text

    def _attach_by_order(
        self, groups: list[list[_Quantity]], names: list[_Name]
    ) -> list[tuple[list[_Quantity], _Name | None]] | None:
        """'d3+k2 5000 iu 100 mcg': a run of names then a run of as many amounts, matched in order."""
        tracked = [n for n in names if n.form is not None]
        if len(tracked) < 2 or len(groups) < 2:
            return None
        singles = [[q] for group in groups for q in group] if len(groups) < len(tracked) else groups
        if len(singles) != len(tracked):
            return None
        if not tracked[-1].end <= singles[0][0].start:
            return None
        run_text = self.scan[tracked[0].start : tracked[-1].end]
        if not all(
            re.fullmatch(r"[\x01 +&/,]*(?:and|y|e|und)?[\x01 +&/,]*", piece) for piece in re.split(r"\x01+", run_text)
        ):
            return None
        nutrients = [self.forms.form(n.form).nutrient for n in tracked if n.form]
        if len(set(nutrients)) != len(nutrients):
            return None
        for group in singles[1:]:
            if self._name_between(singles[0][0].start, group[0].start):
                return None
        self.problems.append(
            Problem(
                "KC107",
                "amounts matched to names by their order ("
                + ", ".join(
                    f"{g[0].amount.text() if g[0].amount else '?'} -> {n.text}"
                    for g, n in zip(singles, tracked, strict=True)
                )
                + "); check the label",
                self.norm.span(tracked[0].start, singles[-1][-1].end),
            )
        )
        return [(group, self._compatible(group, name, tracked)) for group, name in zip(singles, tracked, strict=True)]

    def _compatible(self, group: list[_Quantity], choice: _Name | None, names: list[_Name]) -> _Name | None:
        """IU can only belong to a nutrient with a cited IU factor (vitamin D here)."""
        if all(q.kind != "iu" for q in group) or any(q.kind == "mass" for q in group):
            return choice
        if choice is None or choice.form is None or self.forms.form(choice.form).mcg_per_iu is not None:
            return choice
        with_factor = [n for n in names if n.form and self.forms.form(n.form).mcg_per_iu is not None]
        if with_factor:
            start = group[0].start
            return min(with_factor, key=lambda n: abs(n.start - start))
        return choice

    def _is_per_basis_name(self, name: _Name) -> bool:
        """In '10 mcg of K2 per 1000 IU of vitamin D3' the D3 is the basis, not an ingredient."""
        return any(
            basis.end <= name.start and _BASIS_NAME.fullmatch(self.scan[basis.end : name.start]) for basis in self.bases
        )

    def _refine_trailing(
        self, attached: list[tuple[list[_Quantity], _Name | None]]
    ) -> list[tuple[list[_Quantity], _Name | None]]:
        """'vitamin d 10 mcg (400 iu) (from cholecalciferol)': a name right after refines the form."""
        used = {id(name) for _, name in attached if name is not None}
        refined = list(attached)
        for name in self.names:
            if id(name) in used or name.form is None:
                continue
            for position, (group, current) in enumerate(refined):
                end = self._group_end(group)
                specific = _more_specific(current.form if current else None, name.form, self.forms)
                if current and specific and end <= name.start and _TRAILING_NAME.fullmatch(self.scan[end : name.start]):
                    refined[position] = (group, replace(current, form=specific))
        return refined

    def _group_end(self, group: list[_Quantity]) -> int:
        """Where a group's own words end: after its per suffix and a printed %DV."""
        end = group[-1].end
        for pattern in (_PER_SUFFIX, _PER_SUFFIX, _PCT_DV):
            match = pattern.match(self.scan, end)
            if match:
                end = match.end()
        return end

    # -- one ingredient

    def _ingredient(self, group: list[_Quantity], name: _Name | None) -> Ingredient:
        primary_q = group[0]
        primary = primary_q.amount
        assert primary is not None
        spans: dict[str, Span] = {"amount": primary.span}
        form = name.form if name else None
        nutrient = self.forms.form(form).nutrient if form else None
        if name is not None:
            spans["name"] = self.norm.span(name.start, name.end)
        problems: list[Problem] = []
        equivalents = tuple(q.amount for q in group[1:] if q.amount is not None)
        for index, equivalent in enumerate(equivalents, 1):
            spans[f"equivalent{index}"] = equivalent.span
        per, per_count, per_text, per_kg, per_span = self._per(group)
        if per_span:
            spans["per"] = per_span
        doses, frequency_text, frequency_span = self._frequency(group)
        if frequency_span:
            spans["frequency"] = frequency_span
        count = self.count
        if count is not None:
            count_per, count_value, count_span = count
            if per is None and count_per != "day":
                per, per_count, per_text = count_per, Fraction(1), None
            spans["count"] = count_span
            if doses is not None and count_value is not None:
                doses = doses * count_value
            elif count_value is None:
                doses = None
        if doses is not None and not in_servings_range(doses):
            pieces = [spans[key] for key in ("count", "frequency") if key in spans]
            where = (min(a for a, _ in pieces), max(b for _, b in pieces)) if pieces else primary.span
            problems.append(
                Problem(
                    "KC112",
                    f"'{self.original[where[0] : where[1]]}' is out of range: kcheck reads {SERVINGS_RANGE_TEXT} "
                    "doses a day, so it does not compute a daily amount from it",
                    where,
                )
            )
            doses = None
        pct = self._pct_dv(group)
        if pct is not None:
            spans["pct_dv"] = pct[1]
        mcg_per_iu = self.forms.form(form).mcg_per_iu if form else None
        amount_ug, high_ug, values_ug, candidates = self._mass(group, form, mcg_per_iu, problems, name)
        per_assumed = per is None
        per = per or "serving"
        daily = daily_high = None
        if amount_ug is not None and not per_kg and not candidates:
            if per == "day":
                daily, daily_high = amount_ug, high_ug
            elif doses is not None:
                daily = amount_ug * doses
                daily_high = high_ug * doses if high_ug is not None else None
        if name is None:
            problems.append(
                Problem("KC106", f"no nutrient named for {primary.text()}: kcheck cannot tell what it is", primary.span)
            )
        elif form in ("K", "K2", "D"):
            problems.append(
                Problem(
                    "KC104",
                    f"'{name.text}' does not say which form ({self._children(form)}); results for one form "
                    "do not carry over to another",
                    spans["name"],
                )
            )
        return Ingredient(
            nutrient=nutrient,
            form=form,
            name_text=name.text if name else None,
            amount=primary,
            amount_ug=amount_ug,
            amount_ug_high=high_ug,
            values_ug=values_ug,
            equivalents=equivalents,
            per=per,
            per_count=per_count,
            per_text=per_text,
            per_assumed=per_assumed,
            per_kg=per_kg,
            doses_per_day=doses,
            frequency_text=frequency_text,
            daily_ug=daily,
            daily_ug_high=daily_high,
            pct_dv=pct[0] if pct else None,
            candidates=tuple(candidates),
            problems=tuple(problems),
            spans=spans,
        )

    def _children(self, form: str) -> str:
        codes = [f.code for f in self.forms.forms.values() if f.parent == form]
        return ", ".join(codes[:-1]) + f" or {codes[-1]}" if len(codes) > 1 else "".join(codes)

    def _mass(
        self,
        group: list[_Quantity],
        form: str | None,
        mcg_per_iu: Fraction | None,
        problems: list[Problem],
        name: _Name | None,
    ) -> tuple[Fraction | None, Fraction | None, tuple[Fraction, ...], list[Candidate]]:
        """Micrograms for the group, resolving number ambiguity with a restated equivalent."""
        readings: list[tuple[Amount, Fraction | None]] = []
        for quantity in group:
            amount = quantity.amount
            assert amount is not None
            readings.append((amount, self._to_ug(amount, amount.values, mcg_per_iu)))
        primary, primary_ug = readings[0]
        candidates: list[Candidate] = []
        if primary.malformed:
            reason = f"'{self._raw(primary)}' is not a well-formed number: its separators fit no convention"
            candidates.append(Candidate(self._raw(primary), None, reason))
            problems.append(Problem("KC102", reason, primary.span))
        elif primary.unit_candidates:
            candidates.extend(self._unit_candidates(primary, mcg_per_iu))
            problems.append(
                Problem(
                    "KC103",
                    f"'{primary.unit_text}' is not a safe unit spelling: " + "; ".join(c.reading for c in candidates),
                    primary.span,
                )
            )
        elif primary.candidates:
            resolved = self._resolve_by_equivalent(primary, readings[1:], mcg_per_iu)
            if resolved is not None:
                primary = resolved
                primary_ug = self._to_ug(primary, primary.values, mcg_per_iu)
            else:
                for values, reason in zip(
                    (primary.values, *primary.candidates), primary.candidate_reasons, strict=True
                ):
                    ug = self._to_ug(primary, values, mcg_per_iu)
                    candidates.append(Candidate(replace(primary, values=values, candidates=()).text(), ug, reason))
                problems.append(
                    Problem(
                        "KC102",
                        f"'{self._raw(primary)}' has more than one reading: "
                        + " or ".join(c.reading for c in candidates),
                        primary.span,
                    )
                )
        if primary.unit in ("IU", "units") and primary_ug is None and not candidates:
            what = f"'{name.text}'" if name else "an unnamed substance"
            if primary.unit == "units" and mcg_per_iu is None:
                problems.append(
                    Problem(
                        "KC103",
                        f"'{primary.unit_text}' of {what}: kcheck cannot tell which unit is meant",
                        primary.span,
                    )
                )
            else:
                problems.append(
                    Problem(
                        "KC105",
                        f"IU of {what} has no cited IU-to-mass factor; kcheck does not convert it",
                        primary.span,
                    )
                )
            candidates.append(Candidate(primary.text(), None, "no cited factor converts this to mass"))
        if not candidates:
            self._check_equivalents(primary, primary_ug, readings[1:], candidates, problems)
        if candidates or primary_ug is None:
            return None, None, (), candidates
        values_ug = tuple(self._to_ug_one(primary, value, mcg_per_iu) for value in primary.values)
        high = values_ug[-1] if primary.is_range else None
        return values_ug[0], high, values_ug if len(values_ug) > 1 and not primary.is_range else (), candidates

    def _raw(self, amount: Amount) -> str:
        return self.original[amount.span[0] : amount.span[1]]

    def _to_ug_one(self, amount: Amount, value: Fraction, mcg_per_iu: Fraction | None) -> Fraction:
        if amount.unit in MASS_UNITS:
            return units.to_micrograms(value, amount.unit)
        assert mcg_per_iu is not None
        return value * mcg_per_iu

    def _to_ug(self, amount: Amount, values: tuple[Fraction, ...], mcg_per_iu: Fraction | None) -> Fraction | None:
        if amount.unit in MASS_UNITS:
            return units.to_micrograms(values[0], amount.unit)
        if amount.unit == "IU" or (amount.unit == "units" and amount.unit_text.lower() not in ("u",)):
            return values[0] * mcg_per_iu if mcg_per_iu is not None else None
        return None

    def _unit_candidates(self, amount: Amount, mcg_per_iu: Fraction | None) -> list[Candidate]:
        number = decimal_text(amount.low)
        readings = {
            "mg": (
                f"{number} mg",
                units.to_micrograms(amount.low, "mg"),
                f"'{amount.unit_text}' in capitals usually means milligrams",
            ),
            "mcg": (
                f"{number} mcg",
                amount.low,
                f"'{amount.unit_text}' may be 'MCG' with a letter lost; in SI, 'MG' is megagauss and 'Mg' megagram",
            ),
            "g": (f"{number} g", units.to_micrograms(amount.low, "g"), "gram"),
            "G": (f"{number} G", None, "'G' is not a mass unit (gauss or giga-)"),
            "grain": (f"{number} grain", None, "'gr' is the apothecary grain as well as a gram abbreviation"),
        }
        return [Candidate(*readings[unit]) for unit in amount.unit_candidates]

    def _resolve_by_equivalent(
        self, primary: Amount, others: list[tuple[Amount, Fraction | None]], mcg_per_iu: Fraction | None
    ) -> Amount | None:
        """'4.000 IE/Tag (100 µg)': only 4000 IU agrees with 100 mcg, so the equivalent decides."""
        for other, other_ug in others:
            if other_ug is None or other.ambiguous:
                continue
            options = [primary.values, *primary.candidates]
            agreeing = [
                values
                for values in options
                if (ug := self._to_ug(primary, values, mcg_per_iu)) is not None and _agree(ug, other_ug, other)
            ]
            if len(agreeing) == 1:
                return replace(primary, values=agreeing[0], candidates=(), candidate_reasons=())
        return None

    def _check_equivalents(
        self,
        primary: Amount,
        primary_ug: Fraction | None,
        others: list[tuple[Amount, Fraction | None]],
        candidates: list[Candidate],
        problems: list[Problem],
    ) -> None:
        """'5000 IU (200 micrograms)': two statements of one amount that disagree are not guessed."""
        if primary_ug is None:
            return
        for other, other_ug in others:
            if other_ug is None or other.ambiguous:
                continue
            if not (_agree(primary_ug, other_ug, other) or _agree(other_ug, primary_ug, primary)):
                candidates.append(Candidate(primary.text(), primary_ug, f"as stated first ({mass_text(primary_ug)})"))
                candidates.append(Candidate(other.text(), other_ug, f"as restated ({mass_text(other_ug)})"))
                problems.append(
                    Problem(
                        "KC402",
                        f"{primary.text()} and {other.text()} disagree: "
                        f"{mass_text(primary_ug)} vs {mass_text(other_ug)}",
                        (primary.span[0], other.span[1]),
                    )
                )
                return

    # -- per, frequency, counts, %DV

    def _following(self, group: list[_Quantity]) -> tuple[int, int]:
        """The text after this group up to the next amount: where its per/frequency live."""
        end = self._group_end(group)
        later = [q.start for q in self.quantities if q.amount is not None and q.start >= end]
        return end, (min(later) if later else len(self.scan))

    def _per(self, group: list[_Quantity]) -> tuple[str | None, Fraction, str | None, bool, Span | None]:
        per_kg = False
        per: str | None = None
        span: Span | None = None
        for quantity in group:
            position = quantity.end
            while True:
                suffix = _PER_SUFFIX.match(self.scan, position)
                if not suffix:
                    break
                if suffix.group("kg"):
                    per_kg = True
                elif suffix.group("day"):
                    per = per or "day"
                else:
                    per = per or _PER_WORDS.get(suffix.group("unit").lower(), "serving")
                span = self.norm.span(suffix.start(), suffix.end())
                position = suffix.end()
            if per:
                return per, Fraction(1), None, per_kg, span
        _, end = self._following(group)
        ratio = next((b for b in self.bases if self._group_end(group) <= b.start <= end + 40), None)
        if ratio is not None and ratio.amount is not None:
            return "serving", Fraction(1), ratio.amount.text(), per_kg, self.norm.span(ratio.start, ratio.end)
        basis = self._per_basis(group)
        if basis:
            return (*basis, per_kg, None)
        header = self.header_per
        if header:
            return header[0], Fraction(1), None, per_kg, header[1]
        return None, Fraction(1), None, per_kg, span

    def _per_basis(self, group: list[_Quantity]) -> tuple[str, Fraction, str | None] | None:
        """'per 0.5 mL', 'per 3 oz', 'Each 100 grams of natto contains', '6 drops = 2000 IU'."""
        _, end = self._following(group)
        for match in _EACH_QUANTITY.finditer(self.scan):
            if match.start() < end:
                n = Fraction(match.group("n").replace(",", ".")) if match.group("n") else Fraction(1)
                unit = match.group("unit").lower()
                word = _PER_WORDS.get(unit.rstrip("s"), "serving")
                if word in ("mL", "drop") and n == 1:
                    return word, n, None
                return "serving", n, self.norm.original[slice(*self.norm.span(match.start(), match.end()))]
        lead = self.scan[: group[0].start]
        equals = _COUNT_EQUALS.search(lead)
        if equals:
            n = Fraction(equals.group("n"))
            word = _PER_WORDS.get(equals.group("unit").lower().rstrip("s"), "serving")
            if n == 1:
                return word, n, None
            return "serving", n, f"{decimal_text(n)} {equals.group('unit')}"
        return None

    def _header_per(self) -> tuple[str, Span] | None:
        """'Each tablet contains', 'Medicinal ingredients per drop:': a per for the whole label."""
        match = _HEADER_PER.search(self.scan)
        if match is None:
            return None
        return _PER_WORDS.get(match.group("unit").lower(), "serving"), self.norm.span(match.start(), match.end())

    def _frequency(self, group: list[_Quantity]) -> tuple[Fraction | None, str | None, Span | None]:
        """The stated doses per day nearest after this amount (else anywhere, for one amount)."""
        start, end = self._following(group)
        found = self._frequencies(start, end)
        if not found and len([q for q in self.quantities if q.amount is not None]) == len(group):
            found = self._frequencies(0, group[0].start)
        if not found:
            return None, None, None
        distinct = {value for value, _, _ in found}
        value, text, span = found[0]
        if len(distinct) > 1:
            return None, "; ".join(sorted({t for _, t, _ in found})), span
        return value, text, span

    def _frequencies(self, start: int, end: int) -> list[tuple[Fraction, str, Span]]:
        return [(value, text, self.norm.span(*span)) for value, text, span in _frequencies(self.scan, start, end)]

    def _count(self) -> tuple[str, Fraction | None, Span] | None:
        """'2 capsules daily', 'take 1 softgel three times daily', '1-2 tablets per day' (whole label)."""
        for match in _COUNT.finditer(self.scan):
            if not _COUNT_TAIL.match(self.scan, match.end()):
                continue
            unit = match.group("unit").lower().rstrip("s")
            per = _PER_WORDS.get(unit, _PER_WORDS.get(unit.rstrip("e"), "serving"))
            value = _count_value(match)
            span = self.norm.span(match.start(), match.end())
            return ("serving", value, span) if value is not None and value != 1 else (per, value, span)
        return None

    def _pct_dv(self, group: list[_Quantity]) -> tuple[Fraction, Span] | None:
        match = _PCT_DV.match(self.scan, group[-1].end)
        if match and (match.group("dv") or match.group(0).lstrip().startswith("(")):
            return Fraction(match.group("n")), self.norm.span(match.start(), match.end())
        return None


def _frequencies(scan: str, start: int, end: int) -> list[tuple[Fraction, str, Span]]:
    """Every stated frequency in scan[start:end] as (doses per day, words, span), in text order."""
    found: list[tuple[Fraction, str, Span]] = []
    taken: list[Span] = []
    segment = scan[start:end]
    for pattern, per_day in _FREQUENCIES:
        for match in pattern.finditer(segment):
            span = (match.start() + start, match.end() + start)
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            value = _frequency_value(match, per_day)
            if value is not None:
                found.append((value, match.group(0), span))
    found.sort(key=lambda item: item[2])
    return found


def _count_value(match: re.Match[str]) -> Fraction | None:
    """How many units a count phrase names ('2 capsules', 'half a tablet'); None for '1-2 tablets'."""
    if match.group("n2"):
        return None
    raw = match.group("n").lower()
    return _WORD_NUMBERS.get(raw) or Fraction(raw.replace(",", "."))


def directions_per_day(text: str) -> Fraction | None:
    """Servings a day from directions: 'Take 2 softgels twice a day' -> 4; None if unstated or unclear."""
    scan = normalise(text).text
    values = {value for value, _, _ in _frequencies(scan, 0, len(scan))}
    if len(values) != 1:
        return None
    count = _COUNT.search(scan)
    if count is None:
        return values.pop()
    each = _count_value(count)
    return values.pop() * each if each is not None else None


def _frequency_value(match: re.Match[str], per_day: Fraction) -> Fraction | None:
    groups = match.groupdict()
    if groups.get("x"):
        count = int(groups["x"])
        return None if count == 1 else Fraction(count)
    if groups.get("every"):
        days = int(groups["every"]) * _PERIOD_DAYS[groups["period"].lower().rstrip("s")]
        # A period of 0 days has no rate: 0 stands for it, and the doses-a-day range refuses it (KC112).
        return Fraction(1, days) if days else Fraction(0)
    times = groups.get("n")
    text = match.group(0).lower()
    if times:
        return Fraction(int(times)) * per_day
    for word, count in _WORD_TIMES.items():
        if text.startswith(word):
            return count * per_day
    return per_day


def _mass_ug(amount: Amount, index: int) -> Fraction:
    return units.to_micrograms(amount.values[index], amount.unit) if amount.unit in MASS_UNITS else amount.values[index]


def _agree(value_ug: Fraction, stated_ug: Fraction, stated: Amount) -> bool:
    """Equal within the rounding of the stated figure (8.3 µg covers 8.25-8.35) or 2 %."""
    number = stated.number_text.split("-")[0].split(",")[0].strip()
    decimals = len(number.split(".")[1]) if "." in number else 0
    step = Fraction(1, 10**decimals) / 2
    if stated.unit in MASS_UNITS:
        step = units.to_micrograms(step, stated.unit)
    tolerance = max(step, abs(stated_ug) * Fraction(2, 100))
    return abs(value_ug - stated_ug) <= tolerance
