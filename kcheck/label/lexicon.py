"""data/lexicon.yaml -> the word classes the tokenizer and the phrase parser look words up in.

Single words are looked up in sets; phrases of several pieces ("international units", "i. u.",
"in {n} divided doses") go into a trie that the tokenizer walks, longest phrase first.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from kcheck.errors import DataError
from kcheck.forms import CJK, MARKS
from kcheck.label.model import BOUNDS

CJK_CHAR = re.compile(f"[{CJK}]")
_LETTERS = f"[^\\W\\d_½¼¾⅓⅔⅛⅜⅝⅞⅕{CJK}]"  # what a word is made of, with the marks written on its letters
_MARKED_WORD = re.compile(f"{_LETTERS}+(?:[{MARKS}]+{_LETTERS}*)+")


def spelled(text: str) -> bool:
    """Letters only, counting the marks on them: 'आईयू' is a word, though its vowel sign is no letter."""
    return text.isalpha() or (not text.isascii() and _MARKED_WORD.fullmatch(text) is not None)


# One piece of text as the tokenizer sees it: a name is tried first, then words, numbers, spaces
# and single punctuation characters. The name alternative is filled in from forms.yaml. Words,
# numbers, vulgar fractions and kana or kanji start with different characters, so their order only
# decides how soon a piece is found: words, the most common, come first.
PIECES = (
    rf"(?P<word>{_LETTERS}+(?:[{MARKS}]+{_LETTERS}*)*)"  # a vowel sign or accent written after a letter is in its word
    # scientific notation, '1.5e2', '6 x 10^6' ('6 × 10⁶' once normalised): never a label's dose, so never read as one
    r"|(?P<sci>(?:\d+(?:\.\d+)?[eE][+-]?\d+|(?:\d+(?:\.\d+)?[ ]?[x×*][ ]?)?10\^[+-]?\d+)(?![\d.]))"
    r"|(?P<frac>\d+/\d+(?![\d.,]))"
    r"|(?P<num>(?:\d+(?:[.,'’]\d+)*|(?<!\.)\.\d+)(?:[ ]?[½¼¾⅓⅔⅛⅜⅝⅞⅕])?)"
    r"|(?P<vulgar>[½¼¾⅓⅔⅛⅜⅝⅞⅕])"
    rf"|(?P<cjk>[{CJK}])"  # a kana, kanji or Hangul syllable is a piece of its own: words run together
    r"|(?P<space>[ ]+)"
    r"|(?P<punct>.)"
)
PIECE = re.compile(PIECES, re.DOTALL)
NUMBER_SLOT = "{n}"

# Lexicon class -> token kind (the order is the precedence when a phrase is in several classes).
KIND_OF_CLASS = {
    "units": "UNIT",
    "count_nouns": "COUNT",
    "per_day": "PER",
    "per_words": "PER",
    "day_words": "PER",
    "header_words": "PER",
    "frequency": "FREQ",
    "divided_doses": "FREQ",
    "range_separators": "RANGE_SEP",
    "range_between": "RANGE_SEP",
    "list_separators": "LIST_SEP",
    "restatement_markers": "RESTATE",
    "pct_dv": "PCT_DV",
    "connectives": "CONNECTIVE",
    "hedges": "HEDGE",
}


@dataclass(frozen=True)
class Latin:
    """A Latin frequency abbreviation: what to write instead (KC206) and doses a day, if read."""

    abbr: str
    words: str
    per_day: Fraction | None


@dataclass(frozen=True)
class Language:
    """One language block of lexicon.yaml: its name, whether it writes decimal commas, its words."""

    code: str
    name: str
    decimal_comma: bool
    words: frozenset[str]
    """Every phrase of the block and its `markers`, lower case: what makes a label look like it."""


_PERIOD_LETTERS = "(?:h|hr|hrs|d|w|wk|wks|mo)"
# 'q12h', 'qw', 'q 12 h', 'qow' (every other week): every so often
_LATIN_INTERVAL = re.compile(rf"qo?\d*(?:{_PERIOD_LETTERS}|am|pm)?")
_GLUED_PERIOD = re.compile(rf"\d+{_PERIOD_LETTERS}")  # 'every 12h', '5d/wk': a number glued to its period
_PERIOD_SHORT = re.compile(rf"{_PERIOD_LETTERS}(?:ly)?|mth|mthly|yr|yrs|yrly")  # 'WKLY', 'wk', 'mthly' alone
_CLOCK = frozenset({"am", "pm"})  # 'AM & PM': times of day, as after 'q' ('qam', 'qpm')
_WHEN_KEPT = 65536


@dataclass(frozen=True)
class Lexicon:
    """Every word class of data/lexicon.yaml, keyed by the lower-case phrase as written there."""

    units: Mapping[str, str]
    unsafe_units: Mapping[str, tuple[tuple[str, str], ...]]
    multipliers: Mapping[str, Fraction]
    number_words: Mapping[str, Fraction]
    count_nouns: Mapping[str, str]
    count_adjectives: frozenset[str]
    per_words: frozenset[str]
    header_words: frozenset[str]
    serving_links: frozenset[str]
    """Words before a count that says how many units an amount is in ('400 IU in 6 drops')."""
    serving_size: tuple[tuple[tuple[int, str], ...], ...]
    """Phrases before what a serving is ('Serving size: 2 capsules'), as pieces: 'serving' stays a count noun."""
    route_words: tuple[tuple[tuple[int, str], ...], ...]
    """How a dose is taken, between the directions' count and its frequency ('2 capsules by mouth once daily')."""
    vague_counts: tuple[tuple[tuple[int, str], ...], ...]
    """Counts that say no number ('a few drops daily', 'take a couple daily'), as pieces: how many is not known."""
    day_words: frozenset[str]
    per_day: frozenset[str]
    per_day_spelled: tuple[tuple[tuple[int, str], ...], ...]
    """per_day phrases with a number in them ("day-1"), as pieces: the parser reads them piece by piece."""
    frequencies: Mapping[str, Fraction]
    times: Mapping[str, int]
    times_words: frozenset[str]
    period_links: frozenset[str]
    periods: Mapping[str, Fraction]
    every: str
    period_days: Mapping[str, int]
    times_per: Mapping[str, Fraction]
    """'1日{n}回', '週{n}回': {n} doses per period; the value is the period's doses a day per dose."""
    every_n: Mapping[str, int]
    """'alle {n} Wochen', 'ogni {n} giorni': one dose every {n} periods of this many days."""
    times_max: int
    """'x3' with no period word is doses a day only up to this many ('x 60' is a pack size); more capsules than
    this before an amount ('60 capsules (1000 IU)') are a pack's too."""
    pack_words: frozenset[str]
    latin: tuple[Latin, ...]
    latin_spellings: Mapping[str, Latin]
    divided_doses: frozenset[str]
    range_separators: frozenset[str]
    range_between: frozenset[str]
    range_between_and: frozenset[str]
    list_separators: frozenset[str]
    restatement_markers: frozenset[str]
    pct_dv: frozenset[str]
    connectives: Mapping[str, frozenset[str]]
    hedges: Mapping[str, str]
    hedges_after: Mapping[str, str]
    """Hedges after an amount and its name ('or less')."""
    hedge_nouns: Mapping[str, str]
    """Words that bound an amount later in their clause ('upper limit ... at 100 μg')."""
    count_tail: tuple[str, ...]
    kinds: Mapping[str, str]
    """Lower-case phrase -> token kind."""
    frequency_starts: frozenset[str]
    """Words a frequency can start with (besides a number before 'x' or 'times')."""
    trie: Mapping[Any, Any]
    """Phrases of several pieces: (gap, piece) -> node; a node's None key holds the phrase."""
    per_starts: frozenset[str]
    """Words a per suffix can start with (per_day, per_words and the first piece of a spelled per_day)."""
    hedge_words: frozenset[str]
    """Every hedge, before or after an amount, and every limit noun."""
    vague_starts: frozenset[str]
    """The first piece of each vague count ('a' of 'a few')."""
    scan_starts: frozenset[str]
    """Words the phrase scan may start something at: header words, vague counts, number words, frequency starts."""
    languages: tuple[Language, ...] = ()
    """The language blocks, in file order (their words are merged into the classes above)."""
    one_time: frozenset[str] = frozenset()
    """Words that make an amount one dose, with no frequency ('a stat dose', '600,000 IU once')."""
    dose_nouns: frozenset[str] = frozenset()
    """Nouns of a dose a frequency heads ('daily dosing of 2,000 IU'): the frequency is the amount's after 'of'."""
    then_words: frozenset[str] = frozenset()
    """Words that open a later phase ('for 2 months then monthly'): a frequency after one is that phase's."""
    regimen_nouns: frozenset[str] = frozenset()
    """Nouns of a way of dosing ('daily supplementation'): with no 'of', a frequency before one names a regimen."""
    period_stems: tuple[str, ...] = ()
    """Period words of three letters or more, and frequency words of five: an unknown word holding one
    ('biweekly', 'fort-nightly') may be a frequency."""
    period_words: frozenset[str] = frozenset()
    """Words that say how often on their own ('weekly', 'day', 'napi'): an unknown word hyphenated to one changes it
    ('bi-weekly')."""
    every_prefixes: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    """The words before the number of each interval phrase ('ogni', 'tous les'), by their first: with a number,
    they say how often."""
    or_words: frozenset[str] = frozenset()
    """List separators that are also restatement markers ('or', 'oder'): between two counts, a range."""
    equal_words: frozenset[str] = frozenset()
    """Restatement markers that set two amounts equal ('=', 'equals', 'equivalent to'), not those that may list
    ('or', '/'): a mass and IU they join, one of them exactly one unit, are a unit conversion."""
    glued_times_words: tuple[str, ...] = ()
    """Times words of three letters or more ('mal', 'maal'): a number word run into one is a count of times."""
    time_words: frozenset[str] = frozenset()
    """Words of a time of day or an interval ('hours', 'meals', 'bedtime'): they may say how often."""
    count_articles: frozenset[str] = frozenset()
    """Articles between a fraction of one and its count noun ('half a tablet')."""
    preparation_words: frozenset[str] = frozenset()
    """Words after a name that make it a preparation of the nutrient ('cholecalciferol concentrate'): its mass is
    not the nutrient's."""
    apiece_words: frozenset[str] = frozenset()
    """Words after an amount, with no noun of their own, that make it the amount of one unit ('1000 IU each')."""
    negations: frozenset[str] = frozenset()
    """Words before a name of what is left out ('not MK-4', 'without vitamin K')."""
    weekdays: frozenset[str] = frozenset()
    """Days of the week ('Mondays', 'weekends'): after a daily frequency, they may keep the doses to some days."""
    weekday_abbreviations: frozenset[str] = frozenset()
    """Days' abbreviations ('Mon', 'Fri'): a day only beside another day ('Mon-Fri'); alone, any word."""
    serving_verbs: frozenset[str] = frozenset()
    """Verbs after a count that say the amounts are in it ('2 gummies contain:'): that count is a serving."""
    hedge_negations: frozenset[str] = frozenset()
    """Words that turn a hedge after them round ('no less than' is at least)."""
    contrast_words: frozenset[str] = frozenset()
    """Words that set what is against what is not ('not 400 IU, but 667 IU'): a negation earlier in the clause is
    the amount's before one."""
    change_words: frozenset[str] = frozenset()
    """Words before 'from A to B' that make it a change, not a range ('raised the recommendation from 400 IU to 600
    IU'): neither end is read as the dose."""
    from_words: frozenset[str] = frozenset()
    """Words before the amount a change starts from ('doubled ... from 200 IU per day ... to 400 IU per day')."""
    total_words: frozenset[str] = frozenset()
    """Words before an amount that make it what the units counted hold together ('for a total of 1600 IU'): the count
    does not multiply it."""
    example_words: frozenset[str] = frozenset()
    """Words that give an example of the name before them ('vitamine D, en particulier de vitamine D3'): an amount
    after both is the general name's."""
    relation_nouns: frozenset[str] = frozenset()
    """Nouns of another substance that a name describes ('a vitamin D analog', 'an analogue of Vitamin D'): that name
    is not the amount's."""
    measure_nouns: frozenset[str] = frozenset()
    """Nouns of a measure a name right before them is the subject of ('Vitamin D concentrations'): not a dose's name."""
    age_words: frozenset[str] = frozenset()
    """Words before an age ('up to age 70'): the number after one heads no list of amounts."""
    when: dict[str, bool] = field(default_factory=dict)
    """says_when's answers so far (labels repeat their words)."""

    def says_when(self, word: str) -> bool:
        """A word that may say how often a dose is taken: a period ('Mondays', 'biweekly') or its abbreviation
        ('WKLY'), a time word or of the clock ('AM'), a Latin interval ('q12h', 'qw', 'QOW'), a number glued to a
        period ('12h', '5d'), or a word hyphenated to a period word ('bi-weekly', 'aa-napi', however short)."""
        known = self.when.get(word)
        if known is None:
            known = (
                word in self.time_words
                or _LATIN_INTERVAL.fullmatch(word) is not None
                or _GLUED_PERIOD.fullmatch(word) is not None
                or _PERIOD_SHORT.fullmatch(word) is not None
                or word in _CLOCK
                or any(stem in word for stem in self.period_stems)
                or (not word.isascii() and word in self.period_words)  # '週' of '一週一顆', one character
                or ("-" in word and word.rpartition("-")[2] in self.period_words)
            )
            if len(self.when) < _WHEN_KEPT:
                self.when[word] = known
        return known

    def language_of(self, words: Iterable[str]) -> tuple[Language, list[str]] | None:
        """The language whose words a label uses most (and those words), or None when it uses none."""
        seen = list(dict.fromkeys(words))
        best: tuple[Language, list[str]] | None = None
        for language in self.languages:
            hits = [word for word in seen if word in language.words]
            if hits and (best is None or len(hits) > len(best[1])):
                best = (language, hits)
        return best


def pieces(phrase: str) -> list[tuple[int, str]]:
    """(spaces before, lower-case text) of each piece of a phrase, as the tokenizer would cut it."""
    out: list[tuple[int, str]] = []
    gap = 0
    for match in PIECE.finditer(phrase.replace(NUMBER_SLOT, "\x00")):
        if match.lastgroup == "space":
            gap = len(match.group())
            continue
        text = match.group().lower()
        out.append((gap, NUMBER_SLOT if text == "\x00" else text))
        gap = 0
    return out


def _pieced(data: Mapping[str, Any], key: str) -> tuple[tuple[tuple[int, str], ...], ...]:
    """A class of phrases matched piece by piece (_spelled), in order."""
    return tuple(tuple(pieces(phrase)) for phrase in sorted(_words(data, key)))


def _fraction(value: Any, where: str) -> Fraction:
    try:
        return Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise DataError(f"lexicon.yaml: {where}: {value!r} is not a number") from None


def _words(data: Mapping[str, Any], key: str) -> frozenset[str]:
    values = data.get(key)
    if not isinstance(values, list):
        raise DataError(f"lexicon.yaml: {key} must be a list of phrases")
    for value in values:
        if not isinstance(value, str):  # YAML reads a bare no, yes, on, off or 1 as a boolean or a number
            raise DataError(f"lexicon.yaml: {key} holds {value!r}, not a phrase: quote it")
    return frozenset(value.lower() for value in values)


def _by_value(mapping: Mapping[str, Any], key: str) -> dict[str, str]:
    """{value: [phrases]} -> {phrase: value}."""
    out: dict[str, str] = {}
    for value, phrases in mapping.items():
        for phrase in phrases:
            if str(phrase).lower() in out:
                raise DataError(f"lexicon.yaml: {key}: {phrase!r} is listed twice")
            out[str(phrase).lower()] = str(value)
    return out


def _hedges(data: Mapping[str, Any], key: str) -> dict[str, str]:
    """{bound: [phrases]} -> {phrase: bound}; a bound the model does not know is a data error."""
    unknown = sorted(set(data[key]) - set(BOUNDS))
    if unknown:
        raise DataError(f"lexicon.yaml: {key}: {unknown[0]!r} is not a bound ({', '.join(BOUNDS)})")
    return _by_value(data[key], key)


def _dotted(abbr: str) -> Iterable[str]:
    """t.i.d., t.i.d, tid, ...: every way of writing a Latin abbreviation with or without its dots."""
    for dots in itertools.product(("", "."), repeat=len(abbr)):
        yield "".join(char + dot for char, dot in zip(abbr, dots, strict=True))


def _merge(into: dict[str, Any], extra: Mapping[str, Any], where: str) -> None:
    """Add a language block's words to the classes: lists are joined, mappings merged key by key."""
    for key, value in extra.items():
        here = into.get(key)
        if here is None:
            into[key] = copy.deepcopy(value)
        elif isinstance(here, list) and isinstance(value, list):
            into[key] = here + [item for item in value if item not in here]
        elif isinstance(here, dict) and isinstance(value, dict):
            _merge(here, value, f"{where}.{key}")
        elif here != value:
            raise DataError(f"lexicon.yaml: {where}.{key}: {value!r} contradicts {here!r}")


def _phrases_of(value: Any) -> Iterable[str]:
    """Every phrase in a block of words: list items, and the keys of phrase -> value mappings."""
    if isinstance(value, list):
        for item in value:
            yield from _phrases_of(item) if isinstance(item, (list, dict)) else [str(item).lower()]
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (list, dict)):
                yield from _phrases_of(item)
            else:
                yield str(key).lower()


def _languages(data: Mapping[str, Any]) -> tuple[dict[str, Any], tuple[Language, ...]]:
    """The classes with every language block merged in, and the blocks themselves."""
    merged = {key: copy.deepcopy(value) for key, value in data.items() if key != "languages"}
    languages = []
    for code, block in (data.get("languages") or {}).items():
        words = block.get("words") or {}
        unknown = sorted(set(words) - set(merged))
        if unknown:
            raise DataError(f"lexicon.yaml: languages.{code}.words: {unknown[0]!r} is not a class of the lexicon")
        _merge(merged, words, f"languages.{code}.words")
        phrases = {*_phrases_of(words), *(str(m).lower() for m in block.get("markers") or ())}
        phrases = {p for p in phrases if len(p) > 2 or CJK_CHAR.search(p)}
        languages.append(Language(str(code), str(block["name"]), bool(block.get("decimal_comma")), frozenset(phrases)))
    return merged, tuple(languages)


def _glued_times(data: Mapping[str, Any]) -> dict[str, int]:
    """A count of times written as one word in the languages that glue it (`glued_times`): the block's shortest
    number word for each whole number run into each of its times words ('einmal', not 'einemal'; 'dreimal')."""
    out: dict[str, int] = {}
    for block in (data.get("languages") or {}).values():
        if not block.get("glued_times"):
            continue
        words = block.get("words") or {}
        times_words = (words.get("frequency") or {}).get("times_words") or ()
        shortest: dict[int, str] = {}
        for number, value in (words.get("number_words") or {}).items():
            whole = _fraction(value, "number_words")
            current = shortest.get(int(whole))
            if whole.denominator == 1 and (current is None or len(str(number)) < len(current)):
                shortest[int(whole)] = str(number)
        out.update({f"{number}{word}".lower(): value for value, number in shortest.items() for word in times_words})
    return out


def build_lexicon(data: Mapping[str, Any]) -> Lexicon:
    """Validate lexicon.yaml and index it; errors name the file and the key."""
    try:
        glued = _glued_times(data)
        data, languages = _languages(data)
        frequency = data["frequency"]
        frequency["times"] = {**glued, **frequency["times"]}
        latin = tuple(
            Latin(
                str(entry["abbr"]).lower(),
                str(entry["words"]),
                None if entry["per_day"] is None else _fraction(entry["per_day"], "latin"),
            )
            for entry in frequency["latin"]
        )
        unsafe = {
            str(spelling): tuple((str(r["unit"]), str(r["reason"])) for r in entry["readings"])
            for entry in data["unsafe_units"]
            for spelling in entry["spellings"]
        }
        lexicon = Lexicon(
            units=_by_value(data["units"], "units"),
            unsafe_units=unsafe,
            multipliers={str(k): _fraction(v, "multipliers") for k, v in data["multipliers"].items()},
            number_words={str(k): _fraction(v, "number_words") for k, v in data["number_words"].items()},
            count_nouns=_by_value(data["count_nouns"], "count_nouns"),
            count_adjectives=_words(data, "count_adjectives"),
            per_words=_words(data, "per_words"),
            header_words=_words(data, "header_words"),
            serving_links=_words(data, "serving_links"),
            serving_size=_pieced(data, "serving_size"),
            route_words=_pieced(data, "route_words"),
            vague_counts=_pieced(data, "vague_counts"),
            day_words=_words(data, "day_words"),
            per_day=_words(data, "per_day"),
            per_day_spelled=tuple(
                tuple(parts)
                for parts in map(pieces, sorted(_words(data, "per_day")))
                if any(text[0].isdigit() for _, text in parts)
            ),
            frequencies={str(k).lower(): _fraction(v, "frequency") for k, v in frequency["phrases"].items()},
            times={str(k): int(v) for k, v in frequency["times"].items()},
            times_words=_words(frequency, "times_words"),
            period_links=_words(frequency, "period_links"),
            periods={str(k): _fraction(v, "periods") for k, v in frequency["periods"].items()},
            every=str(frequency["every"]),
            period_days={str(k): int(v) for k, v in frequency["period_days"].items()},
            times_per={str(k).lower(): _fraction(v, "times_per") for k, v in frequency.get("times_per", {}).items()},
            every_n={str(k).lower(): int(v) for k, v in frequency.get("every_n", {}).items()},
            times_max=int(frequency["times_max"]),
            pack_words=_words(data, "pack_words"),
            latin=latin,
            latin_spellings={spelling: entry for entry in latin for spelling in _dotted(entry.abbr)},
            divided_doses=_words(data, "divided_doses"),
            range_separators=_words(data, "range_separators"),
            range_between=_words(data, "range_between"),
            range_between_and=_words(data, "range_between_and"),
            list_separators=_words(data, "list_separators"),
            restatement_markers=_words(data, "restatement_markers"),
            pct_dv=_words(data, "pct_dv"),
            connectives={str(k): frozenset(str(w).lower() for w in v) for k, v in data["connectives"].items()},
            hedges=_hedges(data, "hedges"),
            hedges_after=_hedges(data, "hedges_after"),
            hedge_nouns=_hedges(data, "hedge_nouns"),
            count_tail=tuple(str(w).lower() for w in data["count_tail"]),
            kinds={},
            frequency_starts=frozenset(),
            trie={},
            per_starts=frozenset(),
            hedge_words=frozenset(),
            vague_starts=frozenset(),
            scan_starts=frozenset(),
            languages=languages,
            one_time=_words(data, "one_time"),
            dose_nouns=_words(data, "dose_nouns"),
            regimen_nouns=_words(data, "regimen_nouns"),
            then_words=_words(data, "then_words"),
            time_words=_words(data, "time_words"),
            count_articles=_words(data, "count_articles"),
            apiece_words=_words(data, "apiece_words"),
            preparation_words=_words(data, "preparation_words"),
            negations=_words(data, "negations"),
            serving_verbs=_words(data, "serving_verbs"),
            weekdays=_words(data, "weekdays"),
            weekday_abbreviations=_words(data, "weekday_abbreviations"),
            hedge_negations=_words(data, "hedge_negations"),
            contrast_words=_words(data, "contrast_words"),
            example_words=_words(data, "example_words"),
            relation_nouns=_words(data, "relation_nouns"),
            measure_nouns=_words(data, "measure_nouns"),
            total_words=_words(data, "total_words"),
            change_words=_words(data, "change_words"),
            from_words=_words(data, "from_words"),
            age_words=_words(data, "age_words"),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise DataError(f"lexicon.yaml: missing or malformed entry {error}") from None
    kinds: dict[str, str] = {}
    for cls, phrases in _classes(lexicon):
        for phrase in phrases:
            kinds.setdefault(phrase, KIND_OF_CLASS.get(cls, "WORD"))
    trie: dict[Any, Any] = {}
    for phrase in [*kinds, *lexicon.count_adjectives, *lexicon.latin_spellings, *lexicon.multipliers]:
        parts = pieces(phrase)
        if len(parts) < 2 or (phrase in lexicon.per_day and any(text[0].isdigit() for _, text in parts)):
            continue
        node = trie
        for index, part in enumerate(parts):
            node = node.setdefault((part[0] if index else 0, part[1]), {})
        node[None] = phrase
    object.__setattr__(lexicon, "kinds", kinds)
    starts = {
        *lexicon.frequencies,
        *lexicon.times,
        *lexicon.latin_spellings,
        *lexicon.divided_doses,
        *lexicon.times_per,
        *lexicon.every_n,
        lexicon.every,
    }
    object.__setattr__(lexicon, "frequency_starts", frozenset(starts | {"x", "×"}))
    object.__setattr__(lexicon, "trie", trie)
    spelled = {parts[0][1] for parts in lexicon.per_day_spelled}
    object.__setattr__(lexicon, "per_starts", lexicon.per_day | lexicon.per_words | spelled)
    hedge_words = frozenset({*lexicon.hedges, *lexicon.hedges_after, *lexicon.hedge_nouns})
    object.__setattr__(lexicon, "hedge_words", hedge_words)
    serving_starts = {parts[0][1] for parts in lexicon.serving_size}
    vague_starts = {parts[0][1] for parts in lexicon.vague_counts}
    object.__setattr__(lexicon, "vague_starts", frozenset(vague_starts))
    scan_starts = lexicon.header_words.union(
        serving_starts, vague_starts, lexicon.number_words, lexicon.frequency_starts
    )
    object.__setattr__(lexicon, "scan_starts", frozenset(scan_starts))
    object.__setattr__(lexicon, "or_words", lexicon.list_separators & lexicon.restatement_markers - {"/"})
    object.__setattr__(lexicon, "equal_words", lexicon.restatement_markers - lexicon.or_words - {"/"})
    periods = {*lexicon.periods, *lexicon.period_days}
    stems = {p for p in periods if p.isalpha() and len(p) >= 3}
    stems |= {f for f in lexicon.frequencies if f.isalpha() and len(f) >= 5}  # 'nightly', not 'once' ('concentrate')
    object.__setattr__(lexicon, "period_stems", tuple(sorted(stems)))
    period_words = (*lexicon.frequencies, *lexicon.periods, *lexicon.per_day)
    object.__setattr__(lexicon, "period_words", frozenset(w for w in period_words if w.isalpha()))
    times_words = tuple(sorted(w for w in lexicon.times_words if w.isalpha() and len(w) >= 3))
    object.__setattr__(lexicon, "glued_times_words", times_words)
    prefixes = {tuple(phrase.split("{n}")[0].split()) for phrase in lexicon.every_n} | {(lexicon.every,)}
    by_first: dict[str, tuple[tuple[str, ...], ...]] = {}
    for prefix in sorted(p for p in prefixes if p):
        by_first[prefix[0]] = (*by_first.get(prefix[0], ()), prefix)
    object.__setattr__(lexicon, "every_prefixes", by_first)
    return lexicon


def _classes(lexicon: Lexicon) -> Iterable[tuple[str, Iterable[str]]]:
    """(class, phrases) in the precedence order of KIND_OF_CLASS."""
    yield "units", lexicon.units
    yield "count_nouns", lexicon.count_nouns
    yield "per_day", lexicon.per_day
    yield "per_words", lexicon.per_words
    yield "day_words", lexicon.day_words
    yield "header_words", lexicon.header_words
    yield (
        "frequency",
        [
            *lexicon.frequencies,
            *lexicon.times,
            *lexicon.times_words,
            *lexicon.latin_spellings,
            *lexicon.times_per,
            *lexicon.every_n,
            lexicon.every,
        ],
    )
    yield "divided_doses", lexicon.divided_doses
    yield "range_separators", lexicon.range_separators
    yield "range_between", [*lexicon.range_between, *lexicon.range_between_and]
    yield "list_separators", lexicon.list_separators
    yield "restatement_markers", lexicon.restatement_markers
    yield "pct_dv", lexicon.pct_dv
    yield "connectives", [word for words in lexicon.connectives.values() for word in words]
    yield "hedges", [*lexicon.hedges, *lexicon.hedges_after, *lexicon.hedge_nouns]
    yield "number_words", [*lexicon.number_words, *lexicon.multipliers]
    yield "described_by", [*lexicon.relation_nouns, *lexicon.measure_nouns]  # '濃度', one word as 'concentrations'


def lexicon_markdown(lexicon: Lexicon) -> str:
    """The README's table of every word the reader knows, generated so that it cannot drift."""

    def words(phrases: Iterable[str]) -> str:
        return ", ".join(f"`{phrase}`" for phrase in phrases).replace("|", "\\|")

    def valued(mapping: Mapping[str, Any]) -> str:
        return ", ".join(f"`{k}` {v!s}" for k, v in mapping.items())

    def written(pieced: tuple[tuple[tuple[int, str], ...], ...]) -> list[str]:
        return sorted(" ".join(text for _, text in parts) for parts in pieced)

    def by_value(mapping: Mapping[str, str]) -> list[tuple[str, list[str]]]:
        groups: dict[str, list[str]] = {}
        for phrase, value in mapping.items():
            groups.setdefault(value, []).append(phrase)
        return list(groups.items())

    lines = ["| `data/lexicon.yaml` | what | words |", "| --- | --- | --- |"]
    lines += [f"| `units` | {unit} | {words(spellings)} |" for unit, spellings in by_value(lexicon.units)]
    unsafe = by_value({k: " or ".join(unit for unit, _ in v) for k, v in lexicon.unsafe_units.items()})
    lines += [f"| `unsafe_units` | ambiguous: {reading} | {words(s)} |" for reading, s in unsafe]
    lines.append(f"| `multipliers` | times the number | {valued(lexicon.multipliers)} |")
    lines.append(f"| `number_words` | in counts | {valued(lexicon.number_words)} |")
    lines += [f"| `count_nouns` | per {per} | {words(s)} |" for per, s in by_value(lexicon.count_nouns)]
    lines.append(f"| `count_adjectives` | skipped in counts | {words(sorted(lexicon.count_adjectives))} |")
    lines.append(f"| `per_words` | before a per-unit | {words(sorted(lexicon.per_words))} |")
    lines.append(f"| `header_words` | start a label-wide per | {words(sorted(lexicon.header_words))} |")
    lines.append(f"| `serving_size` | what a serving is | {words(written(lexicon.serving_size))} |")
    lines.append(f"| `route_words` | skipped after a count | {words(written(lexicon.route_words))} |")
    lines.append(f"| `serving_links` | before a count the amount is in | {words(sorted(lexicon.serving_links))} |")
    vague = words(written(lexicon.vague_counts))
    lines.append(f"| `vague_counts` | a count with no number: no daily amount | {vague} |")
    lines.append(f"| `day_words` | after `/` | {words(sorted(lexicon.day_words))} |")
    lines.append(f"| `per_day` | per day | {words(sorted(lexicon.per_day))} |")
    lines.append(f"| `frequency.phrases` | doses a day | {valued(lexicon.frequencies)} |")
    lines.append(f"| `frequency.times` | doses, before a period | {valued(lexicon.times)} |")
    lines.append(f"| `frequency.times_words` | after a number (`3x`) | {words(sorted(lexicon.times_words))} |")
    lines.append(f"| `frequency.period_links` | before a period | {words(sorted(lexicon.period_links))} |")
    lines.append(f"| `frequency.periods` | doses a day each | {valued(lexicon.periods)} |")
    lines.append(f"| `frequency.period_days` | `{lexicon.every} N ...`: days | {valued(lexicon.period_days)} |")
    lines.append(f"| `frequency.times_per` | `{{n}}` doses per period | {valued(lexicon.times_per)} |")
    lines.append(f"| `frequency.every_n` | one dose every `{{n}}` periods of days | {valued(lexicon.every_n)} |")
    lines.append(f"| `frequency.times_max` | `x3` with no period: at most | {lexicon.times_max} doses a day |")
    latin = ", ".join(
        f"`{e.abbr}` ({e.words}{'' if e.per_day is None else ', ' + str(e.per_day)})" for e in lexicon.latin
    )
    lines.append(f"| `frequency.latin` | KC206, and doses a day when given | {latin} |")
    lines.append(f"| `divided_doses` | the amount is a daily total | {words(sorted(lexicon.divided_doses))} |")
    lines.append(f"| `range_separators` | `90-120 mcg` | {words(sorted(lexicon.range_separators))} |")
    between = f"{words(sorted(lexicon.range_between))} ... {words(sorted(lexicon.range_between_and))}"
    lines.append(f"| `range_between` | `between 90 and 360 mg` | {between} |")
    lines.append(f"| `list_separators` | `15, 45 and 90 mg` | {words(sorted(lexicon.list_separators))} |")
    lines.append(f"| `restatement_markers` | `1000 IU (25 mcg)` | {words(sorted(lexicon.restatement_markers))} |")
    lines.append(f"| `pct_dv` | after `83%` | {words(sorted(lexicon.pct_dv))} |")
    lines += [
        f"| `connectives.{name}` | between names and amounts | {words(sorted(w))} |"
        for name, w in lexicon.connectives.items()
    ]
    lines += [f"| `hedges` | bound: {bound} | {words(s)} |" for bound, s in by_value(lexicon.hedges)]
    lines += [f"| `hedges_after` | bound: {b} | {words(s)} |" for b, s in by_value(lexicon.hedges_after)]
    lines += [f"| `hedge_nouns` | bound: {b} | {words(s)} |" for b, s in by_value(lexicon.hedge_nouns)]
    lines.append(f"| `count_tail` | makes a count a dose | {words(lexicon.count_tail)} |")
    lines.append(f"| `pack_words` | make a number a pack size | {words(sorted(lexicon.pack_words))} |")
    lines.append(f"| `one_time` | one dose, no daily amount (KC108) | {words(sorted(lexicon.one_time))} |")
    nouns = words(sorted(lexicon.dose_nouns))
    lines.append(f"| `dose_nouns` | a frequency heading one is the dose's after 'of' | {nouns} |")
    regimens = words(sorted(lexicon.regimen_nouns))
    lines.append(f"| `regimen_nouns` | a frequency before one, far from the amount, names a regimen | {regimens} |")
    lines.append(f"| `then_words` | a frequency after one is a later phase's | {words(sorted(lexicon.then_words))} |")
    lines.append(f"| `time_words` | may say how often (KC108 when unread) | {words(sorted(lexicon.time_words))} |")
    lines.append(f"| `count_articles` | between a fraction and its noun | {words(sorted(lexicon.count_articles))} |")
    lines.append(f"| `apiece_words` | after an amount: of one unit | {words(sorted(lexicon.apiece_words))} |")
    preparations = words(sorted(lexicon.preparation_words))
    lines.append(f"| `preparation_words` | after a name: a preparation, not the nutrient | {preparations} |")
    lines.append(f"| `negations` | before a name of what is left out | {words(sorted(lexicon.negations))} |")
    lines.append(f"| `weekdays` | after a daily frequency: some days (KC108) | {words(sorted(lexicon.weekdays))} |")
    abbreviations = words(sorted(lexicon.weekday_abbreviations))
    lines.append(f"| `weekday_abbreviations` | a day beside another day ('Mon-Fri') | {abbreviations} |")
    lines.append(f"| `serving_verbs` | after a count the amounts are in | {words(sorted(lexicon.serving_verbs))} |")
    lines.append(f"| `hedge_negations` | turn a hedge round | {words(sorted(lexicon.hedge_negations))} |")
    contrasts = words(sorted(lexicon.contrast_words))
    lines.append(f"| `contrast_words` | after an amount, a negation before it in the clause is its | {contrasts} |")
    changes = words(sorted(lexicon.change_words))
    lines.append(f"| `change_words` | before 'from A to B', a change, not a range | {changes} |")
    starts = words(sorted(lexicon.from_words))
    lines.append(f"| `from_words` | before the amount a change starts from | {starts} |")
    totals = words(sorted(lexicon.total_words))
    lines.append(f"| `total_words` | before an amount, what the units counted hold together | {totals} |")
    examples = words(sorted(lexicon.example_words))
    lines.append(f"| `example_words` | before a name, an example of the name before it | {examples} |")
    relations = words(sorted(lexicon.relation_nouns))
    lines.append(f"| `relation_nouns` | after a name, or before its 'of': another substance's | {relations} |")
    measures = words(sorted(lexicon.measure_nouns))
    lines.append(f"| `measure_nouns` | after a name, a measure of it, not a dose's name | {measures} |")
    lines.append(f"| `age_words` | before an age, never an amount's list | {words(sorted(lexicon.age_words))} |")
    return "\n".join(lines) + "\n"
