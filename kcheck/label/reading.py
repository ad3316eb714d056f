"""From phrases and attachments to ingredients: micrograms, candidates, restatements, per and daily.

Reading reports problem *kinds* (rule slugs such as 'ambiguous-number'); which KC code and
severity a kind is, is decided once, by `kcheck.rules.rule_for`.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction

from kcheck.amounts import decimal_text, is_one, less, mass_text, nonzero, parts, product, to_micrograms
from kcheck.errors import UnreadableLabel
from kcheck.forms import FormRegistry
from kcheck.label import attach as binding
from kcheck.label.lexicon import CJK, Lexicon, spelled
from kcheck.label.model import Amount, Candidate, Ingredient, Label, Problem, Span
from kcheck.label.normalise import normalise
from kcheck.label.phrases import (
    DOSE_UNITS,
    FOOD_MASSES,
    NUMBERS,
    Count,
    Facts,
    Frequency,
    Name,
    Quantity,
    Stream,
    after_unit_echo,
    apiece_after,
    assume_names,
    count_at,
    count_equals,
    count_number,
    counted_range_before,
    group_end,
    in_segment,
    join_space_groups,
    mark_signs_and_splits,
    pct_dv,
    per_suffix,
    quantities,
    scan,
    serving_count,
    unread_words,
)
from kcheck.label.tokens import LOOK_ALIKE, Token, tokenizer
from kcheck.limits import SERVINGS_RANGE_TEXT, in_servings_range

MASS_UNITS = ("mcg", "mg", "g")
_LOW = operator.attrgetter("low")
_ONE = Fraction(1)
_NO_FREQUENCY = Frequency(None, None, 0, 0)
Group = list[Quantity]


def stream_of(
    text: str,
    forms: FormRegistry,
    *,
    decimal_comma: bool | None = None,
    lexicon: Lexicon | None = None,
    count: Callable[[int], None] | None = None,
) -> Stream:
    """The token stream of one text (`count` hears how many characters the tokenizer's regex scans)."""
    table = tokenizer(forms, lexicon)
    norm = normalise(text)
    return Stream(table.tokenize(norm, decimal_comma, count), norm, table.lexicon)


def parse_label(
    text: str, forms: FormRegistry, *, decimal_comma: bool | None = None, lexicon: Lexicon | None = None
) -> Label:
    """Read one label line. Raises UnreadableLabel when there is no dose in it at all."""
    return read_label(text, stream_of(text, forms, decimal_comma=decimal_comma, lexicon=lexicon), forms)


def read_label(text: str, stream: Stream, forms: FormRegistry) -> Label:
    """Read one label's token stream. Raises UnreadableLabel when there is no dose in it at all."""
    join_space_groups(stream)
    mark_signs_and_splits(stream)
    assumed = assume_names(stream, forms)
    found = quantities(stream)
    facts = scan(stream)
    named = binding.merge_appositions(
        stream, binding.unrelated(stream, binding.untitled(stream, binding.affirmed(stream, facts.names))), forms
    )
    amounts = [q for q in found if q.amount is not None]
    chained = [_chained(stream, q) for q in found if q.kind == "chain"]
    if not amounts:
        if chained:
            raise UnreadableLabel(chained[0].message, chained[0].span)
        raise UnreadableLabel(_nothing_read_message(stream, found, named), _nothing_read_span(stream, found))
    label = _Reading(text, stream, forms, named, amounts, facts, assumed).label()
    look_alike = _look_alike(stream) if not stream.norm.text.isascii() else []
    if not stream.norm.repairs and not chained and not look_alike:
        return label
    return replace(label, problems=(*_repairs(stream), *look_alike, *label.problems, *chained))


def _chained(stream: Stream, quantity: Quantity) -> Problem:
    """KC108 for strengths whose units are joined by dashes ('120-1,000-10 mg-unit-mg'): each number has its own
    unit, in order, so no one of them is the vitamin's amount."""
    span = stream.norm.span(quantity.start, quantity.end)
    return Problem(
        "words-not-read",
        f"'{stream.norm.original[span[0] : span[1]]}' joins its units by dashes, a combination's strengths each in "
        "its own unit: kcheck does not read which one is the vitamin's",
        span,
    )


def _repairs(stream: Stream) -> list[Problem]:
    """KC110: each damaged sequence, as written and as read ('Âµ' read as 'µ')."""
    return [
        Problem(
            "text-repaired",
            f"'{repair.damaged}' is '{repair.repaired}' damaged by an export (UTF-8 read as cp1252 or latin-1): "
            f"kcheck read it as '{repair.repaired}'",
            repair.span,
        )
        for repair in stream.norm.repairs
    ]


def _look_alike(stream: Stream) -> list[Problem]:
    """KC110: each unit spelled with look-alike letters of the other script, as written and as read."""
    return [
        Problem(
            "text-repaired",
            f"'{token.text}' mixes look-alike Latin and Cyrillic letters: kcheck read it as the unit '{token.low}'",
            token.span,
        )
        for token in stream.tokens
        if token.value is LOOK_ALIKE
    ]


def _nothing_read_message(stream: Stream, found: list[Quantity], named: list[Name]) -> str:
    bare = [q for q in found if q.kind == "bare"]
    if bare and any(n.form for n in named):
        q = bare[0]
        return (
            f"no unit after the number '{stream.norm.text[q.start : q.end]}': write the unit (mcg, mg or IU); "
            "kcheck does not guess one"
        )
    if not stream.norm.text.strip():
        return "the label is empty"
    return "no dose found: kcheck looks for a number followed by a unit (mcg, mg, g or IU)"


def _nothing_read_span(stream: Stream, found: list[Quantity]) -> Span:
    bare = [q for q in found if q.kind == "bare"]
    if bare:
        return stream.norm.span(bare[0].start, bare[0].end)
    return (0, len(stream.norm.original))


class _Reading:
    """The facts of one label that every ingredient looks up (computed once, then only read)."""

    __slots__ = (
        "amount_starts",
        "amounts",
        "assumed",
        "base_starts",
        "bases",
        "conversion",
        "count",
        "each",
        "each_heads",
        "forms",
        "frequencies",
        "frequency_offsets",
        "frequency_starts",
        "header",
        "hedged",
        "names",
        "one_time_seen",
        "original",
        "other_count",
        "scheme",
        "serving",
        "stream",
        "unknown_count",
    )

    def __init__(
        self,
        text: str,
        stream: Stream,
        forms: FormRegistry,
        named: list[Name],
        amounts: list[Quantity],
        facts: Facts,
        assumed: dict[int, str],
    ):
        self.original = text
        self.assumed = assumed
        self.stream = stream
        stream.settle()
        self.forms = forms
        self.names = named
        self.amounts = amounts
        self.amount_starts = [q.start for q in amounts]
        self.count = facts.count
        self.other_count = facts.other_count
        self.unknown_count = facts.unknown_count
        self.scheme = facts.scheme
        self.header = facts.header
        self.each = facts.each
        self.each_heads = facts.each_heads
        self.serving = facts.serving
        self.frequencies = facts.frequencies
        self.frequency_starts = [f.start for f in self.frequencies] if self.frequencies else []
        self.frequency_offsets = frozenset(self.frequency_starts)
        self.one_time_seen: list[Token | None] = []  # the label's first one-time word, once looked for
        self.conversion: Group | None = None  # '1 mcg = 40 IU': the label's first unit conversion, once grouped
        text = stream.norm.text  # a basis stands after 'per' or '/' ('per 1000 IU', '84 IU/100g')
        self.bases = [q for q in amounts if _is_base(stream, q)] if "/" in text or "per" in text.lower() else []
        self.base_starts = [q.start for q in self.bases] if self.bases else []
        # No hedge word anywhere: no amount of this label is bounded, and none is looked for.
        self.hedged = not stream.lexicon.hedge_words.isdisjoint(map(_LOW, stream.tokens))

    def label(self) -> Label:
        """Group restatements, bind names, then read each ingredient."""
        stream = self.stream
        groups: list[Group]
        if len(self.amounts) == 1 and not self.bases:
            groups = [[self.amounts[0]]]
        else:
            base_ids = {q.first for q in self.bases}
            groups = []
            for quantity in self.amounts:
                if quantity.first in base_ids:
                    continue
                if groups and self._restates(groups[-1], quantity):
                    groups[-1].append(quantity)
                else:
                    groups.append([quantity])
            groups = self._ranges(groups)
        self.conversion = next((group for group in groups if self._converts(group)), None)  # '1 mcg = 40 IU'
        if self.bases:
            basis = binding.basis_names(stream, self.names, self.bases)
            candidates = [n for n in self.names if n.first not in basis]
        else:
            candidates = self.names  # no 'per AMOUNT' basis: every name is a candidate
        problems: list[Problem] = []
        ordered = binding.by_order(stream, groups, candidates, self.names, self.forms)
        if ordered is not None:
            attached, problem = ordered
            problems.append(problem)
        else:
            attached = binding.attach(stream, groups, candidates, self.forms)
        attached = binding.band_check(stream, attached, candidates, self.forms)
        ends = [group_end(stream, group[-1].last) for group, _ in attached]
        attached = binding.refine_trailing(stream, attached, self.names, ends, self.forms)
        ingredients: list[Ingredient] = []
        others: list[tuple[str, Amount]] = []
        for (group, name), end in zip(attached, ends, strict=True):
            primary = group[0].amount
            assert primary is not None
            if name is not None and name.form is None:
                others.append((name.text, primary))
                if name.conflict:
                    problems.append(
                        Problem(
                            "unspecified-form",
                            f"'{name.text}' names {name.conflict} for {primary.text()}: kcheck does not read it "
                            "as either",
                            stream.norm.span(name.start, name.end),
                        )
                    )
                restated = self._restated_nutrient(group, name, candidates)
                if restated is not None:
                    ingredients.append(restated)
                continue
            ingredients.append(self._ingredient(group, name, end))
        nutrients = {item.nutrient for item in ingredients}
        problems.extend(self._numbers_not_read({name.first for _, name in attached if name is not None}, nutrients))
        problems.extend(self._run_into_words())
        problems.extend(self._amounts_in_words())
        return Label(self.original, tuple(self._changes_across(ingredients)), tuple(others), tuple(problems))

    def _changes_across(self, ingredients: list[Ingredient]) -> list[Ingredient]:
        """A label that tells of a change ('... 10 mcg is too low. It is proposed to double the RDI to 20 mcg') and
        reads one nutrient at several amounts: each may be the amount before or after, wherever the change word is,
        so none is read as the dose."""
        if len(ingredients) < 2:
            return ingredients  # one amount is no change from another
        change_words = self.stream.lexicon.change_words
        change = next((token for token in self.stream.tokens if token.low in change_words), None)
        if change is None:
            return ingredients  # most labels tell of no change
        unnamed = {_stated(item) for item in ingredients if item.nutrient is None}  # 'increase to 2000 IU': of it
        amounts: dict[str, set[tuple[Fraction, ...] | str]] = {}
        for item in ingredients:
            if item.nutrient is not None and item.amount_ug is not None and not item.candidates:
                amounts.setdefault(item.nutrient, set(unnamed)).add(_stated(item))
        changed = {nutrient for nutrient, values in amounts.items() if len(values) > 1}
        if not changed:
            return ingredients
        return [
            self._before_or_after(item, change) if item.nutrient in changed and not item.candidates else item
            for item in ingredients
        ]

    def _before_or_after(self, item: Ingredient, change: Token) -> Ingredient:
        """The ingredient declined: its amount is one side of a change the label tells of."""
        written, word = self._raw(item.amount), self.original[change.span[0] : change.span[1]]
        reason = (
            f"'{written}' may be the amount before or after the change '{word}' tells of, and the label states "
            "another: kcheck does not read it as the dose"
        )
        problem = Problem("words-not-read", reason, item.amount.span)
        return replace(
            item,
            amount_ug=None,
            amount_ug_high=None,
            values_ug=(),
            daily_ug=None,
            daily_ug_high=None,
            candidates=(Candidate(written, item.amount_ug, reason),),
            problems=(*item.problems, problem),
        )

    def _numbers_not_read(self, used: set[int], read_nutrients: set[str | None]) -> list[Problem]:
        """A tracked name that no amount took, a number no quantity read a few words before it ('2000 i.j. vitamina
        D3', its unit unknown) or right after it with a word kcheck does not read ('D3 10k/K2 200mcg'): the dose is
        there, unread, and the label says so rather than nothing. A name whose nutrient has no amount at all is said
        to have none ('Vitamin DHealthy bones ..., calcium absorption10µg10µg')."""
        unused = [name for name in self.names if name.form is not None and name.first not in used]
        if not unused:
            return []  # most labels: every name has its amount
        tokens = self.stream.tokens
        problems: list[Problem] = []
        for name in unused:
            span = self._unread_before(name) or self._unread_after(name)
            nutrient = self.forms.form(name.form).nutrient  # type: ignore[arg-type]
            if span is None and nutrient not in read_nutrients:
                read_nutrients.add(nutrient)  # said once a nutrient
                named = self.stream.norm.span(name.start, name.end)
                problems.append(
                    Problem(
                        "words-not-read",
                        f"'{self.original[named[0] : named[1]]}' is named, but kcheck read no amount of it",
                        named,
                    )
                )
            elif span is not None:
                where = "before" if span[1] <= tokens[name.first].span[0] else "after"
                problems.append(
                    Problem(
                        "words-not-read",
                        f"'{self.original[span[0] : span[1]]}' {where} '{name.text}' was not read as an amount "
                        "(kcheck does not know its unit): no dose is read for it",
                        span,
                    )
                )
        return problems

    def _run_into_words(self) -> list[Problem]:
        """A dose unit after a number run into letters ('+VD31380 IU/kg', the form glued to its amount): the
        tokenizer keeps such digits a word, so no amount is read there, and the label says so rather than nothing."""
        return [
            self._not_read(span, "runs a number into letters: kcheck does not read it as an amount")
            for at in range(1, len(self.stream.tokens))
            if (span := self._run_into(at)) is not None
        ]

    def _amounts_in_words(self) -> list[Problem]:
        """A dose unit right after a number word or a multiplier that no number leads ('cinco mil unidades', 'mil
        unidades', 'two thousand IU'): an amount written in words, which kcheck does not read; the label says so
        rather than nothing, so a later amount is not taken for the only one."""
        return [
            self._not_read(span, "is an amount in words: kcheck does not read it")
            for at in range(1, len(self.stream.tokens))
            if (span := self._in_words(at)) is not None
        ]

    def _in_words(self, at: int) -> Span | None:
        """Where a dose unit at token `at` and the number or multiplier words before it are ('cinco mil unidades'),
        when no amount read them ('10 mil UI' is read), else None."""
        tokens = self.stream.tokens
        unit, word = tokens[at], tokens[at - 1]
        if unit.kind != "UNIT" or word.kind != "WORD":
            return None
        lexicon = self.stream.lexicon
        worded = (lexicon.multipliers, lexicon.number_words)
        if not any(word.low in words for words in worded):
            return None
        if lexicon.units.get(unit.low) not in _WORDED_UNITS or self._read_at(at):
            return None
        start = at - 1
        while start and tokens[start - 1].kind == "WORD" and any(tokens[start - 1].low in w for w in worded):
            start -= 1
        return self.stream.norm.span(tokens[start].start, unit.end)

    def _run_into(self, at: int) -> Span | None:
        """Where a dose unit at token `at` and the number run into letters before it are ('VD31380 IU'), else None."""
        tokens = self.stream.tokens
        unit, digits = tokens[at], tokens[at - 1]
        if unit.kind != "UNIT" or unit.gap > 1 or digits.kind != "WORD" or not digits.text[-1:].isdigit():
            return None
        if self.stream.lexicon.units.get(unit.low) not in DOSE_UNITS:
            return None
        start = at - 1
        while start and tokens[start - 1].kind == "WORD" and not tokens[start].gap:
            start -= 1  # 'VD' of 'VD31380'
        return self.stream.norm.span(tokens[start].start, unit.end)

    def _number_before_name(self, name: Name | None, first: int) -> Problem | None:
        """A few, as a bare number, right before the name that heads the amount ('2 Fultium-D3 20,000 IU capsules per
        week', '2 Vitamin D3 1000 IU tablets daily'): how many to take, which no count read; a list's number ('1.',
        '2)') is none."""
        if name is None or name.last >= first:
            return None
        tokens = self.stream.tokens
        for at in range(name.first - 1, max(name.first - _NAME_WORDS - 1, -1), -1):
            token = tokens[at]
            if token.kind == "NUMBER":
                following = tokens[at + 1]
                value = token.value.value if token.value is not None else None
                few = value is not None and value.denominator == 1 and 1 < value <= self.stream.lexicon.times_max
                if not few or following.text in _LIST_MARKS or self._read_at(at) or count_at(self.stream, at):
                    return None
                return self._not_read(token.span, f"before '{name.text}' may be how many to take: kcheck does not "
                                      "assume a daily amount")
            if token.kind not in ("WORD", "RANGE_SEP"):
                return None
        return None

    def _run_into_before(self, first: int) -> Problem | None:
        """A number run into letters and its unit right before the amount, past its per ('VitD1.5μg/天10μg/天', a
        table's lowest and highest cells run together): the amount may be one end of a pair, so no daily amount."""
        tokens = self.stream.tokens
        at = first - 1
        while at > 0 and first - at <= 3 and tokens[at].kind == "PER":
            at -= 1
        span = self._run_into(at) if at > 0 else None
        if span is None:
            return None
        return self._not_read(
            (span[0], self.stream.norm.span(tokens[first - 1].start, tokens[first - 1].end)[1]),
            "right before the amount runs a number into letters: kcheck does not read it, so it does not assume a "
            "daily amount",
        )

    def _unread_before(self, name: Name) -> Span | None:
        """A number no quantity read in the few words before the name, and the words up to the name."""
        tokens = self.stream.tokens
        for at in range(name.first - 1, max(name.first - 1 - _UNREAD_UNIT_REACH, -1), -1):
            token = tokens[at]
            if token.kind == "NUMBER" and not self._read_at(at):
                return token.span[0], tokens[name.first - 1].span[1]
            if token.kind not in _UNREAD_UNIT_KINDS:
                return None
        return None

    def _unread_after(self, name: Name) -> Span | None:
        """A number no quantity read right after the name (a mark between at most), glued to or followed by a word:
        the number and its word."""
        tokens = self.stream.tokens
        at = name.last + 1
        if at < len(tokens) and tokens[at].kind in ("PUNCT", "RANGE_SEP"):
            at += 1
        if at + 1 >= len(tokens) or tokens[at].kind != "NUMBER" or self._read_at(at) or tokens[at + 1].kind != "WORD":
            return None
        return tokens[at].span[0], tokens[at + 1].span[1]

    def _apiece(self, group: Group) -> bool:
        """'(1000 IU each)': the amount is of one unit."""
        return apiece_after(self.stream, after_unit_echo(self.stream, group[-1].last + 1))

    def _restated_nutrient(self, group: Group, name: Name, candidates: list[Name]) -> Ingredient | None:
        """The nutrient's own amount restated after a preparation's ('cholecalciferol concentrate 4 mg (equivalent to
        10 micrograms cholecalciferol)'): the restatement read with the name nearest it, the preparation's set aside."""
        stream = self.stream
        if len(group) < 2 or stream.tokens[name.last].low not in stream.lexicon.preparation_words:
            return None
        rest = group[1:]
        others = [candidate for candidate in candidates if candidate is not name]
        ((bound, named),) = binding.attach(stream, [rest], others, self.forms)
        if named is None or named.form is None:  # '(equivalent to 10 micrograms)': of what the preparation holds
            held = stream.tokens[name.first]
            if held.value is None:
                return None
            named = Name(name.first, name.first, held.start, held.end, held.text, held.value)
        return self._ingredient(bound, named, group_end(stream, bound[-1].last))

    # -- restatements

    def _restates(self, group: Group, quantity: Quantity) -> bool:
        """restatement = quantity [ per ] [ "(" unit ")" ] [ "(" | "," ] [ marker ] [ "~" ] [ "(" ] quantity;
        a comma only before a marker ("10 mcg, equivalent to 400 IU")."""
        stream = self.stream
        previous = group[-1]
        at = previous.last + 1
        per = per_suffix(stream, at)
        if per is not None:
            at = per.last + 1
        between = stream.tokens[at : quantity.first]
        stream.work += len(between)
        if len(between) > 3 and between[0].text == "(" and between[1].kind == "UNIT" and between[2].text == ")":
            between = between[3:]  # a unit glossed in brackets: "10 mcg (micrograms), equivalent to 400 IU"
        if len(between) > 1 and between[0].text == "," and between[1].low in stream.lexicon.restatement_markers:
            between = between[1:]  # "10 mcg, equivalent to 400 IU"
        if any(token.kind == "NAME" for token in between):
            return self._converting(group, quantity, between)
        if len(between) == 1 and between[0].text == "|":  # '15 μg | 600 IU': a table's two columns of one amount
            return len(group) == 1 and self._consistent(group, quantity)
        slots = (("(", "["), stream.lexicon.restatement_markers, ("~", "≈"), ("(", "["))
        slot = 0
        for token in between:
            while slot < len(slots) and token.low not in slots[slot]:
                slot += 1
            if slot == len(slots):
                return False
            slot += 1
        kinds = {q.kind for q in group}
        if quantity.kind in kinds and quantity.kind != "mass":
            return False
        after = stream.get(quantity.last + 1)
        if after is not None and after.kind == "FREQ" and "(" in (token.text for token in between):
            return False  # '45 mg/day (15 mg three times daily)': the day's amount split, not restated
        texts = [token.low for token in between]
        if quantity.kind == "mass" and "mass" in kinds:
            return "(" in texts or "=" in texts or any(text.startswith("equiv") for text in texts)
        if not texts or texts == ["/"]:
            return self._consistent(group, quantity)
        return True

    def _ranges(self, groups: list[Group]) -> list[Group]:
        """'300,000IU(7,500 μg)~500,000IU(12,500 μg)': two restated amounts joined by a range word are one range, each
        unit's ends paired. Read apart, the low end would stand alone as the dose."""
        out: list[Group] = []
        for group in groups:
            ranged = self._range_of(out[-1], group) if out else None
            if ranged is None:
                out.append(group)
            else:
                out[-1] = ranged
        return out

    def _range_of(self, low: Group, high: Group) -> Group | None:
        """The two groups as one whose amounts are ranges, low end from the first, high end from the second; or None
        unless only a range word (after the first's closing bracket) stands between them and each unit pairs up, or
        a 'from' word leads the first and an aside follows the range word ('from 5,000 IUs to, at times, as much as
        10,000 IUs')."""
        stream = self.stream
        between = stream.tokens[low[-1].last + 1 : high[0].first]
        while between and between[0].text in ")]":
            between = between[1:]
        if not between:
            return None
        if len(between) > 3 and between[0].text == "(" and between[1].kind == "UNIT" and between[2].text == ")":
            between = between[3:]  # '100 unidades internacionales (UI) y hasta 150 UI': the unit glossed
        joined = self._joined_ends(low, between)
        if joined is not None:
            sep_text, spaced = joined, True
        else:
            if between[0].kind != "RANGE_SEP":
                return None
            if len(between) == 1 and len(low) + len(high) < 3:
                return None  # '400 IU to 800 IU' is one quantity's range already
            if len(between) > 1 and not self._aside_in_range(low, between[1:]):
                return None
            sep_text, spaced = between[0].text, False
        pairs = list(zip(low, high, strict=False))
        if not all(a.amount and b.amount and _joinable(a.amount, b.amount) for a, b in pairs):
            return None
        ranged: Group = []
        for a, b in pairs:
            assert a.amount is not None and b.amount is not None
            gaps = (spaced or bool(between[0].gap), spaced or bool(stream.tokens[b.first].gap))
            text = f"{a.amount.number_text}{' ' * gaps[0]}{sep_text}{' ' * gaps[1]}"
            amount = Amount(
                (a.amount.values[0], b.amount.values[0]),
                b.amount.unit,
                True,
                stream.norm.span(a.start, b.end),
                text + b.amount.number_text,
                b.amount.unit_text,
                b.amount.glued,
            )
            ranged.append(Quantity(a.first, b.last, a.start, b.end, a.kind, amount))
        return ranged

    def _joined_ends(self, low: Group, between: list[Token]) -> str | None:
        """The range word for two amounts that are one range's ends joined by 'and' or a bracket: a floor and a ceiling
        ('at least 100 IU and up to 150 IU', 'al menos 100 UI y hasta un máximo de 150 UI', '≥180 µg (jusqu’à 360 µg)'),
        or a 'from' word's ends ('від 100 МО і до 150 МО'); None for any other words between them."""
        lexicon = self.stream.lexicon
        if len(between) == 1 and _joins_ends(between[0], lexicon, phrase=True):
            rest = between  # 'and up to', one hedge
        elif len(between) >= 2 and (_joins_ends(between[0], lexicon) or between[0].text == "("):
            rest = between[1:]  # '≥180 µg (jusqu’à 360 µg)': the ceiling in a bracket after the floor
        else:
            return None
        first = low[0].first
        from_word = first > 0 and self.stream.tokens[first - 1].low in lexicon.from_words
        if len(rest) == 1 and rest[0].kind == "RANGE_SEP" and from_word:
            return rest[0].text
        if self._hedge_before(first) != "at-least" or not _caps(rest, lexicon):
            return None
        return "to"

    def _aside_in_range(self, low: Group, aside: list[Token]) -> bool:
        """'from 5,000 IUs to, at times, as much as 10,000 IUs': a 'from' word right before the low end, and after the
        range word a few words set off by a comma or a bracket, with no number, name or sentence end among them."""
        tokens = self.stream.tokens
        first = low[0].first
        if not first or tokens[first - 1].low not in self.stream.lexicon.from_words or len(aside) > _ASIDE_REACH:
            return False
        if not any(token.text in ",([" for token in aside):
            return False
        return all(token.kind not in _NOT_ASIDE and token.text not in _SENTENCE_ENDS for token in aside)

    def _consistent(self, group: Group, quantity: Quantity) -> bool:
        """Plain adjacency ('250 mcg 10000 iu') restates only when the two agree for vitamin D."""
        mass = next((q for q in (*group, quantity) if q.kind == "mass"), None)
        iu = next((q for q in (*group, quantity) if q.kind == "iu"), None)
        if mass is None or iu is None or mass.amount is None or iu.amount is None:
            return False
        factor = self.forms.form("D").mcg_per_iu
        assert factor is not None
        return _agree(_mass_ug(mass.amount, 0), iu.amount.low * factor, mass.amount)

    # -- one ingredient

    def _unnamed(self, group: Group) -> str:
        """KC106's message, naming the words that head the amount when kcheck does not read them ('Vitamin B12')."""
        stream = self.stream
        amount = group[0].amount
        assert amount is not None
        head = binding.unread_head(stream, group, -1)
        if head < 0:
            return f"no nutrient named for {amount.text()}: kcheck cannot tell what it is"
        words = stream.norm.text[stream.tokens[head].start : stream.tokens[group[0].first - 1].end].rstrip(":-–— ")
        return f"no nutrient kcheck reads is named for {amount.text()}: it does not read '{words}'"

    def _ingredient(self, group: Group, name: Name | None, end: tuple[int, int]) -> Ingredient:
        stream = self.stream
        primary = group[0].amount
        assert primary is not None
        spans: dict[str, Span] = {"amount": primary.span}
        problems: list[Problem] = []
        if name is None:
            name = self._inferred(group, problems)
        form = name.form if name else None
        known = self.forms.form(form) if form else None
        nutrient = known.nutrient if known is not None else None
        if name is not None and name.text:
            spans["name"] = stream.norm.span(name.start, name.end)
            if self.assumed:
                problems.extend(self._assumed_names(name))
        equivalents = tuple(q.amount for q in group[1:] if q.amount is not None) if len(group) > 1 else ()
        for index, equivalent in enumerate(equivalents, 1):
            spans[f"equivalent{index}"] = equivalent.span
        following = self._following(end[1])
        apiece = self._apiece(group)
        per, per_count, per_text, per_kg, per_span = self._per(group, end[1], following, apiece)
        per_kg = per_kg or self._per_body_weight(end[1], following)
        if per_span:
            spans["per"] = per_span
        frequency = self._frequency(group, end[1], following, problems)
        if frequency.text is None and per != "day" and len(self.amounts) > len(group) and self.frequencies:
            frequency = self._directions(per, problems)
        doses, doses_high = frequency.value, frequency.high
        if frequency.text is not None:
            spans["frequency"] = stream.norm.span(frequency.start, frequency.end)
        if frequency.total and per is None and frequency.text is not None:
            per, spans["per"] = "day", spans["frequency"]
        count: Count | None = self.count
        if count is not None:
            serving = per in _BARE and is_one(per_count)  # of a size the label does not give
            stated = per  # the amount's own basis, before the directions' count gives one
            if per is None and count.per != "day":
                per, per_count, per_text = count.per, _ONE, None
            spans["count"] = count.span
            if count.high is not None and primary.is_range:
                pass  # "2-4 gocce al giorno (500-1000 U.I.)": the amount's range is the count's, already a total
            elif frequency.total:
                pass  # '1日3カプセル(…45mg)を3回に分けて': the day's units hold the amount, the division is the doses
            elif self._totalled(group[0].first, end[0]):
                pass  # 'take two capsules daily for a total of 1600 IU': the units hold the amount together
            elif stated is None and count.noun in _MEASURES and count.value is not None and not is_one(count.value):
                problems.append(self._uncounted(count, "serving"))  # '5 ml' of an amount per ml, or per 5 ml?
                doses = doses_high = None
            elif doses is not None and count.value is not None:
                if count.high is not None or doses_high is not None:
                    doses_high = (doses_high or doses) * (count.high or count.value)
                doses = product(doses, count.value)
            elif count.value is None:
                doses = None
            if not is_one(per_count) and doses is not None:
                # "100 mcg per 2 capsules, take 1 capsule daily": the doses are capsules, the amount is per 2
                same = count.noun == per and count.high is None
                doses = doses / per_count if same else None
                doses_high = None
                if not same:
                    problems.append(self._uncounted(count, per_text or per or "serving"))
            elif serving and doses is not None and count.noun is not None and count.noun not in _BARE:
                problems.append(self._uncounted(count, per or "serving"))
                doses = doses_high = None
            elif doses is not None and stated not in (None, "day") and _unlike(count.noun, stated):
                # "400 IU per mL, take 5 drops daily": a drop is not a mL, a softgel not a tablet
                problems.append(self._uncounted(count, stated))
                doses = doses_high = None
        if doses is not None and not in_servings_range(doses):
            pieces = [spans[key] for key in ("count", "frequency") if key in spans]
            where = (min(a for a, _ in pieces), max(b for _, b in pieces)) if pieces else primary.span
            problems.append(
                Problem(
                    "number-out-of-range",
                    f"'{self.original[where[0] : where[1]]}' is out of range: kcheck reads {SERVINGS_RANGE_TEXT} "
                    "doses a day, so it does not compute a daily amount from it",
                    where,
                )
            )
            doses = doses_high = None
        if doses is not None and per != "day" and not primary.is_range and not apiece:
            ranged = counted_range_before(stream, group[0].first)
            if ranged is not None:  # '1-2 capsules (1000 IU) daily'
                written = self.original[ranged[0] : ranged[1]]
                problems.append(
                    Problem(
                        "words-not-read",
                        f"'{written}' is a range of units for one amount, which may be per unit or per dose: kcheck "
                        "does not assume a daily amount",
                        ranged,
                    )
                )
                doses = doses_high = None
        unread = self._unread(group[0].first, name, end, following, (per, per_count), doses, frequency)
        if unread is not None:
            problems.append(unread)
            doses = doses_high = None
        pct = pct_dv(stream, group[-1].last + 1, stream.tokens[group[-1].last].end)
        if pct is not None and pct.marked:
            spans["pct_dv"] = stream.norm.span(pct.start, pct.end)
        else:
            pct = None
        mcg_per_iu = known.mcg_per_iu if known is not None else None
        amount_ug, high_ug, values_ug, candidates, primary = self._mass(group, mcg_per_iu, problems, name)
        if values_ug and unread is None and not per_kg:
            unread = Problem(
                "words-not-read",
                f"'{primary.text()}' lists {len(values_ug)} amounts and the label does not say which is taken: kcheck "
                "does not assume a daily amount",
                primary.span,
            )
            problems.append(unread)
        per_assumed = per is None
        per = per or "serving"
        daily = daily_high = None
        if amount_ug is not None and not per_kg and not candidates and unread is None:
            if per == "day":
                daily, daily_high = amount_ug, high_ug
            elif doses is not None:
                daily = product(amount_ug, doses)
                if doses_high is not None:
                    daily_high = (high_ug or amount_ug) * doses_high
                else:
                    daily_high = high_ug * doses if high_ug is not None else None
        if name is None:
            problems.append(Problem("no-nutrient", self._unnamed(group), primary.span))
        elif name.conflict:
            problems.append(
                Problem(
                    "unspecified-form",
                    f"'{name.text}' names {name.conflict}: kcheck does not pick one; results for one form do not "
                    "carry over to another",
                    spans["name"],
                )
            )
        elif form in ("K", "K2", "D") and name.text:
            problems.append(
                Problem(
                    "unspecified-form",
                    f"'{name.text}' does not say which form ({self._children(form)}); results for one form "
                    "do not carry over to another",
                    spans["name"],
                )
            )
        return Ingredient(
            nutrient=nutrient,
            form=form,
            name_text=name.text if name and name.text else None,
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
            doses_per_day=doses if doses_high is None else None,
            frequency_text=frequency.text,
            daily_ug=daily,
            daily_ug_high=daily_high,
            pct_dv=pct.value if pct else None,
            candidates=tuple(candidates),
            problems=tuple(problems),
            spans=spans,
            bound=self._bound(group, name, end[0], count, frequency) if self.hedged else None,
        )

    def _directions(self, per: str | None, problems: list[Problem]) -> Frequency:
        """How often an amount with no frequency of its own is taken, in a label of several amounts.

        The directions ('Take 1 softgel every other day': a frequency right after the label's dose
        count) hold for an amount stated per that unit ('Each softgel contains: D3 125 mcg, K2 100
        mcg'). Any other frequency in the label may hold for it too: KC108, never 1 serving a day."""
        stream = self.stream
        count = self.count
        if count is not None and per is not None and per == count.noun and count.last + 1 < len(stream.tokens):
            after = stream.tokens[count.last + 1].start
            for frequency in self.frequencies:
                if frequency.start == after and frequency.value is not None:
                    return frequency
        stated = next((f for f in self.frequencies if f.value is not None), None)
        if stated is not None:
            problems.append(
                Problem(
                    "words-not-read",
                    f"'{stated.text}' elsewhere in the label may be how often this amount is taken too: kcheck does "
                    "not assume a daily amount",
                    stream.norm.span(stated.start, stated.end),
                )
            )
        return _NO_FREQUENCY

    def _uncounted(self, count: Count, basis: str) -> Problem:
        """The directions count units the amount's basis is not given in ('per serving', 'take 2 capsules')."""
        written = self.stream.norm.original[count.span[0] : count.span[1]]
        units = count.noun if count.noun == "mL" else f"{count.noun}s"
        return Problem(
            "words-not-read",
            f"'{written}' counts {units} but the amount is per {basis}, and the label does not say how many "
            f"{units} that is: kcheck does not assume a daily amount",
            count.span,
        )

    def _assumed_names(self, name: Name) -> list[Problem]:
        """name-assumed for each misspelled word of the name that was read as the one name it is near."""
        out = []
        for index in range(name.first, name.last + 1):
            token = self.stream.tokens[index]
            alias = self.assumed.get(token.start)
            if alias is not None:
                out.append(
                    Problem(
                        "name-assumed",
                        f"'{token.text}' is not a name kcheck knows; read as '{alias}', the one name it is close to",
                        token.span,
                    )
                )
        return out

    def _inferred(self, group: Group, problems: list[Problem]) -> Name | None:
        """No nutrient named, but IU restated as a mass at exactly vitamin D's 40 IU per mcg: vitamin D,
        inferred and said so (nutrient-inferred)."""
        iu = next(
            (
                q.amount
                for q in group
                if q.kind in ("iu", "units") and q.amount is not None and q.amount.unit_text != "u"
            ),
            None,
        )
        mass = next((q.amount for q in group if q.kind == "mass" and q.amount is not None), None)
        if iu is None or mass is None or iu.ambiguous or mass.ambiguous or len(iu.values) != len(mass.values):
            return None
        factor = self.forms.form("D").mcg_per_iu
        assert factor is not None
        if any(v * factor != to_micrograms(m, mass.unit) for v, m in zip(iu.values, mass.values, strict=True)):
            return None
        problems.append(
            Problem(
                "nutrient-inferred",
                f"no nutrient named: {iu.text()} restated as {mass.text()} is exactly 40 IU per mcg, the vitamin D "
                "convention, so kcheck reads it as vitamin D (form not named)",
                (min(iu.span[0], mass.span[0]), max(iu.span[1], mass.span[1])),
            )
        )
        first = group[0]
        return Name(first.first, first.first, first.start, first.start, "", "D")

    def _bound(
        self, group: Group, name: Name | None, end: int, count: Count | None, frequency: Frequency
    ) -> str | None:
        """A hedge bounds the amount instead of stating it: after it ('50-85微克左右的維生素K'), after it and its name
        ('420 mcg of menatetrenone or less', 'ska inte överskridas', first: it says what the words before it meant),
        a limit word its name after it is the limit of ('(the upper limit for vitamin D)'), right before it ('up to
        320 mcg'), before the count or the frequency it is taken at ('no more than 2 capsules', 'up to 4 times a
        day'), or a limit word earlier in its clause ('the tolerable upper limit for adults at 100 μg/day')."""
        stream, lexicon = self.stream, self.stream.lexicon
        first = group[0].first
        at = end
        right_after = stream.get(end)
        if right_after is not None and right_after.low in lexicon.hedges_after:
            return lexicon.hedges_after[right_after.low]  # '50-85微克左右的維生素K': before the name
        plus = right_after is not None and right_after.text == "+" and not right_after.gap
        if plus and not self._amount_follows(end + 1):
            return "at-least"  # '240mcg+ per serving': a plus run into the amount, nothing added to it: or more
        if name is not None and name.text and name.first >= end and name.first - end <= 2:
            at = name.last + 1
        if stream.get(at) is not None and stream.tokens[at].text == ")":  # '(… 6mg)まで': the bracketed amount too
            at += 1
        gloss = stream.tokens[at : at + 3]
        if len(gloss) == 3 and gloss[0].text == "(" and gloss[1].kind == "UNIT" and gloss[2].text == ")":
            at += 3  # '40,000 international units (IU) or more': the unit glossed
        per = per_suffix(stream, at)  # '100 mcg (4000 IE) per dag ska inte överskridas'
        at = per.last + 1 if per is not None else at
        after = stream.get(at)
        if after is not None and after.low in lexicon.hedges_after:
            return lexicon.hedges_after[after.low]  # over any hedge before the amount: 'doser över 100 ... ska inte'
        if after is not None and after.low in lexicon.hedge_nouns and not self._amount_follows(at + 1):
            return lexicon.hedge_nouns[after.low]  # the amount names the limit: 'at the 10,000 IU/day upper limit'
        if name is not None and name.first >= end:
            limit = self._limit_of(name)
            if limit is not None:
                return limit
        hedged = self._hedge_before(first)
        if hedged == "at-least" and _caps(stream.tokens[first + 1 : group[0].last], lexicon, some=True):
            return None  # 'at least 100 IU and up to 150 IU': a floor and a ceiling, one range
        if hedged is None and count is not None and count.first:
            hedged = self._hedge_before(count.first)  # 'do not take more than 2 capsules a day': at most 2
        if hedged is None and frequency.text is not None and frequency.value is not None:
            hedged = self._hedge_before(self._token_at(frequency.start, end))  # 'up to 4 times a day'
        if hedged is None:
            hedged = self._list_hedge(first)  # 'not more than 2500 mg calcium and 4000 IU vitamin D'
        if hedged is not None:
            return hedged or None
        for index in range(first - 1, max(first - _LIMIT_REACH - 1, -1), -1):
            token = stream.tokens[index]
            stream.work += 1
            if token.low in lexicon.hedge_nouns:
                return lexicon.hedge_nouns[token.low]
            if token.low in lexicon.dose_nouns:
                limit = self._limit_dose(index)
                if limit is not None:
                    return limit
            if (token.kind in ("NUMBER", "FRACTION") and self._holds_a_dose(index)) or token.text in (".", ";"):
                break
        return None

    def _holds_a_dose(self, index: int) -> bool:
        """The number at token `index` is an amount's or a count's, which a limit word before it would bound first;
        a date's, an age's or a footnote's mark ('maxgränser den 1 januari 2024 är för D-vitamin 100 µg', '上限量*3 |
        50μg') is passed."""
        return self._read_at(index) or count_at(self.stream, index) is not None

    def _limit_dose(self, noun: int) -> str | None:
        """The bound of a limit word beside the dose noun at token `noun`, one word at most between them ('the maximum
        dose is 100 µg', 'a minimum effective dose of 45 µg/day'), or right after it ('une dose maximale de'): the
        dose that follows in the clause is a limit."""
        tokens = self.stream.tokens
        hedges = self.stream.lexicon.hedges
        for at in (noun - 1, noun - 2, noun + 1):
            if not 0 <= at < len(tokens):
                continue
            word = tokens[at].low
            bound = hedges.get(word)
            if bound in ("up-to", "at-least") and word.rstrip(".").isalpha():
                return bound
        return None

    def _limit_of(self, name: Name) -> str | None:
        """The bound of a limit word that the name after the amount is the limit of ('100 µg/day (the upper limit
        for vitamin D)', 'Tolerable Upper Intake Level für Vitamin D'), or that the amount and its name are
        ('4000 IU的维生素D为安全水平', '4000 IU of vitamin D is the upper limit'), two words at most between them.
        A limit word with an amount of its own after it ('and the upper limit is 4000 IU') is that amount's."""
        stream = self.stream
        tokens = stream.tokens
        hedge_nouns = stream.lexicon.hedge_nouns
        for index in range(name.first - 1, max(name.first - 4, -1), -1):
            token = tokens[index]
            if token.low in hedge_nouns:
                return hedge_nouns[token.low]
            if token.kind not in ("WORD", "CONNECTIVE"):
                break
        for index in range(name.last + 1, min(name.last + 4, len(tokens))):
            token = tokens[index]
            stream.work += 1
            if token.low in hedge_nouns:
                return None if self._amount_follows(index + 1) else hedge_nouns[token.low]
            if token.kind not in ("WORD", "CONNECTIVE"):
                return None
        return None

    def _amount_follows(self, at: int) -> bool:
        """A number a few words after token `at`, before its clause ends: what a limit word there bounds."""
        for token in self.stream.tokens[at : at + _LIMIT_AMOUNT_REACH]:
            if token.kind in ("NUMBER", "FRACTION"):
                return True
            if token.text in _CLAUSE_ENDS:
                return False
        return False

    def _hedge_before(self, first: int) -> str | None:
        """The bound a hedge right before token `first` puts on what starts there ('up to 320 mcg', 'no more
        than 2 capsules'), '' for a hedge that a negation leaves unsure, None for no hedge.

        A name, an article, an 'of', a dose noun or a total word may stand between the hedge and its amount
        ('minimaal colecalciferol 800 IE', 'sotto le 400-800 unità', 'a minimum of 600 IU', 'up to a total of 4000 IU'),
        never anything that could carry a dose; a negation turns
        the hedge round ('no less than 800 IU', 'do not take more than 2 capsules'), one word at most between them.
        """
        stream, lexicon = self.stream, self.stream.lexicon
        before = first - 1
        tokens = stream.tokens
        if before > 0 and tokens[before].text == "=" and tokens[before - 1].text in "<>" and not tokens[before].gap:
            before -= 1  # '>= 400 IU', '<= 4000 IU': the sign and its '=', as '≥' and '≤'
            first -= 1
        of_words = lexicon.connectives["of"]
        while before >= 0 and first - before <= _HEDGE_REACH and stream.tokens[before + 1].gap <= 1:
            token = stream.tokens[before]
            if token.low in lexicon.hedges:
                bound = lexicon.hedges[token.low]
                if bound == "less-than" and "=" in (tokens[before + 1].text, tokens[before - 1].text if before else ""):
                    bound = "up-to"  # '<=' and '=<' allow the amount itself
                return _NEGATED_BOUNDS.get(bound, "") if self._negates(before) else bound
            if token.kind != "NAME" and token.low not in of_words and not _says_what_follows(token.low, lexicon):
                break
            stream.work += 1
            before -= 1
        return None

    def _list_hedge(self, first: int) -> str | None:
        """The bound a hedge before a list's first amount puts on each ('not more than 2500 mg calcium and 4000 IU
        vitamin D', 'approximately 1000-2000 IU of Vitamin D3 to 100-200 mcg of Vitamin K2'): only names, an 'of' and a
        list word ('and', 'or'; not a comma, which may end an item), or a range word after a name, between the amount
        before and this one."""
        stream = self.stream
        tokens = stream.tokens
        previous = self._amount_before(tokens[first].start)
        if previous is None:
            return None
        between = tokens[previous.last + 1 : first]
        stream.work += len(between)
        lexicon = stream.lexicon
        named = any(t.kind == "NAME" for t in between)  # a range word between two names pairs them, as 'and' lists
        joins = lexicon.list_separators | lexicon.range_separators if named else lexicon.list_separators
        joined = [t for t in between if t.low in joins]
        if len(between) > _LIST_GAP or len(joined) != 1 or not joined[0].text.isalpha():
            return self._parallel_hedge(previous, first)
        of_words = lexicon.connectives["of"]
        if any(t.kind != "NAME" and t.low not in of_words and t is not joined[0] for t in between):
            return None
        return self._hedge_before(previous.first)

    def _parallel_hedge(self, previous: Quantity, first: int) -> str | None:
        """The bound a hedge before a list's first item puts on each item written alike ('fino a 84 UI/100 g di
        vitamina D3 al latte, 84 UI/100 g di vitamina D2 alle bevande vegetali, e 89 IU/100g di vitamina D2 ...'): the
        amount before has the same unit and the same basis after it as this one, and its item ends in a list word."""
        stream = self.stream
        tokens = stream.tokens
        if previous.first and tokens[previous.first - 1].text == "/":  # '84 UI/100 g': the item's basis, not its amount
            before = self._amount_before(previous.start)
            if before is None:
                return None
            previous = before
        this = self._amount_before(tokens[first].start + 1)  # the amount that starts at token `first`
        if this is None or this.amount is None or previous.amount is None or this.amount.unit != previous.amount.unit:
            return None
        basis = _basis_after(tokens, previous.last + 1)
        if len(basis) < 2 or basis != _basis_after(tokens, this.last + 1):
            return None
        item = tokens[previous.last + 1 + len(basis) : first]
        stream.work += len(item)
        separators = stream.lexicon.list_separators
        words = [t for t in item if t.low not in separators]
        ends = len(item) - len(words)
        if not ends or len(words) > _PARALLEL_ITEM or any(t.low in separators for t in item[: len(words)]):
            return None  # the list words come last, after the item's own words
        if any(t.kind not in ("NAME", "WORD", "CONNECTIVE") for t in words):
            return None
        hedge = self._hedge_before(previous.first)
        if hedge is not None:
            return hedge
        item_before = self._amount_before(previous.start)  # a list's third item and on: the hedge is further back
        return self._parallel_hedge(item_before, previous.first) if item_before is not None else None

    def _amount_before(self, offset: int) -> Quantity | None:
        """The last amount that starts before character `offset`, else None."""
        at = bisect.bisect_left(self.amount_starts, offset) - 1
        return self.amounts[at] if at >= 0 else None

    def _negates(self, hedge: int) -> bool:
        """A negation before the hedge at token `hedge`, two plain words at most between them ('no less than',
        'do not take more than', 'do not routinely take more than', 'tidak boleh mengonsumsi lebih dari')."""
        tokens = self.stream.tokens
        negations = self.stream.lexicon.hedge_negations
        for at in range(hedge - 1, max(hedge - 1 - _HEDGE_NEGATION_REACH, -1), -1):
            if tokens[at].low in negations:
                return True
            if tokens[at].kind != "WORD":
                return False
        return False

    def _children(self, form: str) -> str:
        return _children(self.forms, form)

    def _following(self, end: int) -> int:
        """Where the text after a group ends: the next amount, which has its own per and frequency."""
        at = bisect.bisect_left(self.amount_starts, end)
        return self.amount_starts[at] if at < len(self.amount_starts) else len(self.stream.norm.text)

    def _per(
        self, group: Group, end: int, following: int, apiece: bool
    ) -> tuple[str | None, Fraction, str | None, bool, Span | None]:
        stream = self.stream
        per_kg = False
        per: str | None = None
        count = _ONE
        written: str | None = None
        span: Span | None = None
        for quantity in group:
            at = after_unit_echo(stream, quantity.last + 1)
            named = stream.get(at)
            if named is not None and named.kind == "NAME" and per_suffix(stream, at + 1) is not None:
                at += 1  # the per after the name: '1 μg K1 per kg of body weight', '45 mcg MK-7/capsule'
            start = None
            while (suffix := per_suffix(stream, at)) is not None:
                if suffix.what == "kg":
                    per_kg = True
                elif suffix.what == "day":
                    per = per or "day"
                elif per is None:
                    per, count, written = suffix.value, suffix.count, suffix.written
                start = suffix.start if start is None else start
                span = stream.norm.span(start, suffix.end)
                at = suffix.last + 1
            held = serving_count(stream, at) if per in (None, "serving") and is_one(count) else None
            if held is not None and stream.tokens[at].start not in self.frequency_offsets:
                # '2000 IU (5 drops)', '400 IU in 6 drops', '100 mcg per serving (2 capsules)'
                per, count, written = held.value, held.count, held.written
                span = stream.norm.span(held.start if start is None else start, held.end)
            if per == "serving" and is_one(count) and self.serving is not None and self.serving[0] < following:
                per, count, written = self.serving[1:]  # 'per serving', and elsewhere 'Serving size: 2 capsules'
            if per:
                return per, count, written, per_kg, span
        ratio = next((b for b in self._bases_from(end) if b.start <= following + 40), None) if self.bases else None
        if ratio is not None and ratio.amount is not None:
            span = stream.norm.span(ratio.start, ratio.end)
            basis = ratio.amount
            if basis.unit in FOOD_MASSES and len(basis.values) == 1 and not basis.ambiguous:
                return basis.unit, basis.values[0], basis.text(), per_kg, span  # '500 mcg per 100 g'
            return "serving", _ONE, basis.text(), per_kg, span
        if (
            self.each is not None
            and self.each[0] < following
            and (not self.each_heads or self.each[0] < group[0].start)
        ):
            _, word, count, text = self.each  # 'per 5 mL': mL, 5, so 'take 10 mL daily' is 2 of them
            return word, count, text, per_kg, None
        equals = count_equals(stream, group[0].first, apiece)
        if equals is not None:
            count, word, noun = equals
            return word, count, None if is_one(count) else f"{decimal_text(count)} {noun}", per_kg, None
        if (
            self.header
            and (self.count is None or self.header[1] != self.count.span)  # not 'take 1 capsule daily'
            and group[0].start < self.header[2]
        ):
            if self.header[0] == "serving" and self.serving is not None and self.serving[0] < following:
                return *self.serving[1:], per_kg, self.header[1]  # 'Serving Size 2 Capsules ... Per Serving'
            return self.header[0], _ONE, None, per_kg, self.header[1]
        if self.serving is not None and self.serving[0] < following:
            _, word, count, text = self.serving
            return word, count, text, per_kg, None
        return None, _ONE, None, per_kg, span

    def _per_body_weight(self, end: int, following: int) -> bool:
        """A kilogram after a per word later in the amount's sentence ('0.001mg a day of vitamin K for each
        kilogram of their body weight'): the amount is per kg of body weight, never a daily total. A weight
        ('someone who weighs 65kg', 'body weight in kg') is no per."""
        stream = self.stream
        tokens = stream.tokens
        units = stream.lexicon.units
        per_words, every = stream.lexicon.per_words, stream.lexicon.every
        for index in range(self._token_at(end, 0), len(tokens)):
            token = tokens[index]
            if token.start >= following or token.text in _SENTENCE_ENDS:
                return False
            before = tokens[index - 1].low
            if token.kind == "UNIT" and units.get(token.low) == "kg" and (before in per_words or before == every):
                return True
        return False

    def _per_some_kg(self, end: int, following: int) -> Span | None:
        """'1 drop per 10 kg body weight', 'for every 5 kg': the amount scales with body weight, a step of some kg
        (with a number, unlike '_per_body_weight'), later in the amount's sentence; where that is written."""
        stream = self.stream
        tokens = stream.tokens
        lexicon = stream.lexicon
        for index in range(self._token_at(end, 0) + 2, len(tokens)):
            token = tokens[index]
            if token.start >= following or token.text in _SENTENCE_ENDS:
                return None
            if token.kind == "UNIT" and lexicon.units.get(token.low) == "kg" and tokens[index - 1].kind == "NUMBER":
                per = tokens[index - 2]
                if per.low in lexicon.per_words or per.low == lexicon.every:
                    return stream.norm.span(per.start, token.end)
        return None

    def _bases_from(self, end: int) -> list[Quantity]:
        at = bisect.bisect_left(self.base_starts, end)
        return self.bases[at : at + 1]

    def _frequency(self, group: Group, end: int, following: int, problems: list[Problem]) -> Frequency:
        """The stated doses per day nearest after this amount (else anywhere before, for one amount),
        and whether they divide it (then the amount is a daily total). A frequency outside 1/365 to
        100 doses a day is refused (number-out-of-range) and read as none."""
        if not self.frequencies:
            return _NO_FREQUENCY
        found = in_segment(self.frequencies, self.frequency_starts, end, following)
        # '... alternative to daily dosing of 2,000 IU', 'daily 1500 IU, weekly 10500 IU': the next amount's own
        found = [f for f in found if not self._heads(f, following) and not self._leads_into(f, following)]
        found = [f for f in found if not self._names_dosing(f, end)]  # '... than with daily supplementation'
        alternative = next((f for f in found if self._starts_an_alternative(f, end)), None)
        found = [f for f in found if f is not alternative]
        heading = self._frequency_just_before(group[0].start)
        if heading and (found or self._heads(heading[0], group[0].start)):
            found = heading
        else:
            leading = self._frequency_just_before(group[0].start, leading=True)  # 'daily 1500 IU, weekly 10500 IU'
            # 'riceveva giornalmente 800 IU di vitamina D3 e due volte al mese il placebo': one before and one after
            # may both be the amount's; if they disagree, neither is assumed ('1日45mgを3回に分けて' divides a day's)
            apart = found and leading and leading[0] not in found and not any(f.total for f in found)
            found = leading + found if apart else found or leading
        later = self._later_phase(end, found)
        if later is not None:
            problems.append(
                self._not_read(later, "is how often in a later phase, and the first is not read: kcheck does not "
                               "assume a daily amount")
            )
            return _NO_FREQUENCY
        if not found and len(self.amounts) == len(group) and not any(map(self._in_words, range(1, group[0].first))):
            # a prescription's Latin ('15 mg od') follows its dose: before it, 'od' is Polish 'from' ('od 1 do 3 lat')
            latin = self.stream.lexicon.latin_spellings
            found = in_segment(self.frequencies, self.frequency_starts, 0, group[0].start)
            unsure = next((f for f in found if (f.text or "").lower() in latin), None)
            if unsure is not None:
                return self._none_taken(
                    problems,
                    unsure,
                    "before the amount may be a prescription's Latin for how often, or a word of another language: "
                    "kcheck does not assume a daily amount",
                )
        if not found and alternative is not None:
            return self._none_taken(
                problems,
                alternative,
                "follows an 'or': it is how often an alternative is taken, and kcheck does not assume how often this "
                "amount is",
            )
        stated = []
        for frequency in found:
            if frequency.value is None:
                continue
            if in_servings_range(frequency.value):
                stated.append(frequency)
                continue
            problems.append(
                Problem(
                    "number-out-of-range",
                    f"'{frequency.text}' is out of range: kcheck reads {SERVINGS_RANGE_TEXT} doses a day, so it "
                    "does not compute a daily amount from it",
                    self.stream.norm.span(frequency.start, frequency.end),
                )
            )
        if not stated:
            return _NO_FREQUENCY
        first = stated[0]
        if len(stated) > 1 and any(f.value != first.value or f.high != first.high for f in stated[1:]):
            texts = sorted({f.text or "" for f in stated})
            return replace(first, value=None, high=None, text="; ".join(texts), total=False)
        return first

    def _unread(
        self,
        first: int,
        name: Name | None,
        end: tuple[int, int],
        following: int,
        basis: tuple[str | None, Fraction],
        doses: Fraction | None,
        frequency: Frequency,
    ) -> Problem | None:
        """The coverage principle: words next to the dose that could change it but were not read
        (an unknown word after a slash or per word, a number between unknown words, two frequencies
        that disagree, a word that makes it one dose) leave the daily amount unknown instead of assumed."""
        stream = self.stream
        per = basis[0]
        dropped = self._end_not_ranged(first) or self._run_into_before(first) or self._number_before_name(name, first)
        if dropped is not None:
            return dropped
        times = self._times_before(first, "the amount") or self._units_counted(first, end[0])
        if times is None and self.count is not None:  # '2 x 1 tablet daily'
            start, stop = self.count.span
            times = self._times_before(self.count.first, f"'{self.original[start:stop]}'")
        if times is not None:
            return times
        weight = self._per_some_kg(end[1], following)
        if weight is not None:
            return self._not_read(
                weight, "ties the amount to body weight: kcheck does not assume a daily amount for anyone"
            )
        if self.scheme is not None:
            return self._not_read(
                self.scheme,
                "may be a dosing scheme (how many in the morning, at noon and in the evening): kcheck does not read "
                "it, so it does not assume a daily amount",
            )
        if per in FOOD_MASSES:
            return Problem(
                "words-not-read",
                "the amount is per a mass of food: kcheck does not know how much of it is eaten a day, so it does "
                "not assume a daily amount",
                stream.norm.span(stream.tokens[first].start, end[1]),
            )
        if frequency.total and per not in (None, "day"):
            return Problem(
                "words-not-read",
                f"'{frequency.text}' makes the amount a day's total, but it is also per {per}: kcheck does not "
                "assume a daily amount",
                stream.norm.span(frequency.start, frequency.end),
            )
        if frequency.text is not None:
            after = self._token_at(frequency.end, end[0])
            daily = frequency.value is not None and not less(frequency.value, 1)  # 'once a week on Sundays' is one day
            more = self._when(after, following, joined=True) or (self._some_days(after, following) if daily else None)
            more = more or self._negated(frequency, end[0]) or self._period_before(frequency, end[0])
            more = more or self._modified_after(end[0], after, following) or self._latin_in_words(frequency, after)
            more = more or self._count_unread_before(frequency, end[0])
        elif per == "day":
            more = self._some_days(end[0], following)  # '2000 IU daily except weekends'
            more = more or self._modified_after(end[0], end[0], following)  # '100 mcg daily, ogni 2 mesi'
            tail = self._unknown_tail(end[0], following, per_day=True)  # '1000IU 하루 2번', '1000IU 每日两次'
            if more is None and tail is not None:
                more = self._not_read(stream.norm.span(*tail), _MAY_COUNT_TIMES)
        else:
            more = self._one_time(first, end[0], following) or self._one_time_elsewhere()
            more = more or self._unused(first, following)
            more = more or self._when(end[0], following) or self._modified_after(end[0], end[0], following)
            more = more or self._later_count(end[0], following)
            more = more or self._serving_of_units(first, end[1], basis)
        if more is not None:
            return more
        if frequency.value is None and frequency.text is not None:
            return Problem(
                "words-not-read",
                f"the frequencies '{frequency.text}' disagree: kcheck does not assume a daily amount",
                stream.norm.span(frequency.start, frequency.end),
            )
        if per == "day" and doses is not None and not is_one(doses) and not frequency.total:
            return Problem(
                "words-not-read",
                f"'{frequency.text}' after a daily amount could be doses a day or a number of days: kcheck "
                "does not assume a daily amount",
                stream.norm.span(frequency.start, frequency.end),
            )
        count = self.count
        if (
            count is not None
            and frequency.value is not None
            and not frequency.total
            and (count.high is not None or count.value is None or not is_one(count.value))
            and end[1] <= frequency.start
            and not stream.norm.text[end[1] : frequency.start].strip()
        ):
            # "50,000 IU/week, take 2 capsules weekly": as after a daily amount ("2000 IU/day")
            return Problem(
                "words-not-read",
                f"'{self.original[count.span[0] : count.span[1]]}' after an amount stated '{frequency.text}' could be "
                "how that amount is taken or how many to take: kcheck does not assume a daily amount",
                count.span,
            )
        if self.unknown_count is not None:
            return self._not_read(
                self.unknown_count, "is a count kcheck does not read: it does not assume a daily amount"
            )
        if count is not None and self.other_count is not None:
            one, two = count.span, self.other_count.span
            return Problem(
                "words-not-read",
                f"the directions say '{self.original[one[0] : one[1]]}' and '{self.original[two[0] : two[1]]}': "
                "kcheck does not pick one, so it does not assume a daily amount",
                (one[0], two[1]),
            )
        if count is not None and frequency.text is None and (count.high or count.value) not in (None, 1):
            return Problem(
                "words-not-read",
                f"'{stream.norm.original[count.span[0] : count.span[1]]}' says how many to take but not "
                "how often: kcheck does not assume a daily amount",
                count.span,
            )
        placed = self._unplaced_count(end[0], following)
        if placed is not None:
            return placed
        words = unread_words(stream, end[0], following, self.frequency_offsets)
        at = end[0]
        if name is not None and name.text and 0 <= name.first - end[0] <= 2:
            at = name.last + 1
            while (suffix := per_suffix(stream, at)) is not None:  # read: "45 mcg MK-7/2 capsules"
                at = suffix.last + 1
            words = words or unread_words(stream, at, following, self.frequency_offsets)  # "25 mcg D3/fortnight"
        if words is None and doses is None and per != "day" and frequency.text is None:
            words = self._unknown_tail(at, following)
        if words is None:
            return None
        start, stop = words
        return Problem(
            "words-not-read",
            f"'{stream.norm.text[start:stop]}' next to the dose was not read and could change it: kcheck does not "
            "assume a daily amount",
            stream.norm.span(start, stop),
        )

    def _unknown_tail(self, at: int, following: int, per_day: bool = False) -> tuple[int, int] | None:
        """Lower-case words kcheck does not know right after an amount that says nothing of how often ('50000 IU
        tygodniowo', 'haftada bir', '주 1회'), or a few and such a word ('2 razy dziennie', '2번'): in a language
        kcheck does not read they may be a period or a count of times, so one serving a day is not assumed. A
        capitalised word begins a name ('1000 IU Nature Made'). After a per-day word (`per_day`) only a count and
        a word, or Chinese, Japanese or Korean glued to it ('每日两次'), may count times. The words' offsets (up to
        four tokens), else None."""
        tokens = self.stream.tokens
        if not 0 <= at < len(tokens):
            return None
        first = tokens[at]
        if first.gap > 1 or first.start >= following:
            return None
        if first.kind == "NUMBER":
            nxt = tokens[at + 1] if at + 1 < len(tokens) else None
            if not first.text.isdigit() or int(first.text) > self.stream.lexicon.times_max or nxt is None:
                return None
            if not _unknown_lower(nxt) or nxt.gap > 1 or nxt.start >= following:
                return None
        elif not _unknown_lower(first) or (per_day and not self._glued_cjk(at)):
            return None
        last = at
        while last - at < _TAIL_TOKENS - 1 and last + 1 < len(tokens):
            nxt = tokens[last + 1]
            if nxt.kind not in ("WORD", "NUMBER") or nxt.gap > 1 or nxt.start >= following:
                break
            last += 1
        return first.start, tokens[last].end

    def _latin_in_words(self, frequency: Frequency, after: int) -> Problem | None:
        """A prescription's Latin ends its dose or comes before more English directions ('15 mg od', 'tds after
        food', 'tds 3 months'); followed by a number and a word kcheck does not know, or by such a word that is not
        English (a letter beyond ASCII), it may be a word of another language ('2000 IU od 3 roku życia', '50000 IU
        od poniedziałku': Polish 'from')."""
        if (frequency.text or "").lower() not in self.stream.lexicon.latin_spellings:
            return None
        tokens = self.stream.tokens
        if after >= len(tokens) or tokens[after].gap > 1:
            return None
        nxt = tokens[after]
        if nxt.kind == "NUMBER":  # 'od 3 roku', not 'tds 3 months' (a duration kcheck reads)
            if after + 1 >= len(tokens) or tokens[after + 1].kind != "WORD":
                return None
            nxt = tokens[after + 1]
        elif not (_unknown_lower(nxt) and not nxt.text.isascii()):
            return None
        return self._not_read(
            self.stream.norm.span(frequency.start, nxt.end),
            "may be a prescription's Latin for how often or words of another language: kcheck does not assume a "
            "daily amount",
        )

    def _glued_cjk(self, at: int) -> bool:
        """Token `at` and the one before it are Chinese, Japanese or Korean, with no space between ('每日两次')."""
        tokens = self.stream.tokens
        return tokens[at].gap == 0 and bool(_CJK_CHAR.search(tokens[at].text) and _CJK_CHAR.search(tokens[at - 1].text))

    def _serving_of_units(self, first: int, end: int, basis: tuple[str | None, Fraction]) -> Problem | None:
        """'Serving size: 2 softgels' and an amount per softgel, with no directions: one serving a day would be two
        softgels, not the one the amount is per, so no daily amount is assumed."""
        per, per_count = basis
        serving = self.serving
        if serving is None or self.count is not None or per != serving[1] or is_one(serving[2]):
            return None
        if not is_one(per_count):
            return None  # 'per 2 softgels': the amount is the serving's
        return Problem(
            "words-not-read",
            f"a serving is {serving[3]} and the amount is per {per}: kcheck does not know how many a day, so it does "
            "not assume a daily amount",
            self.stream.norm.span(self.stream.tokens[first].start, end),
        )

    def _later_count(self, after: int, following: int) -> Problem | None:
        """'1000 IU per 2 drops; take 4 drops', 'PO x1 dose': a few units later in the amount's part, with no
        frequency read and not the directions' count, say how many to take but not how often (after a
        multiplier, one unit may be the one dose there is): no daily amount is assumed."""
        stream = self.stream
        tokens = stream.tokens
        beside = self._beside(after)  # a count there is _unplaced_count's: what the amount is in, or how many
        for index in range(after, len(tokens)):
            if tokens[index].start >= following:
                return None
            if tokens[index].kind != "NUMBER" or index == beside or tokens[index - 1].low in stream.lexicon.per_words:
                continue  # '... per 2 drops' is a per
            if tokens[index - 1].low in stream.lexicon.times_words:  # 'x1 dose'; 'x 60 capsules' is a pack
                words = unread_words(stream, index - 1, following, self.frequency_offsets)
                if words is not None:
                    return self._not_read(
                        stream.norm.span(*words),
                        "may be one dose or how many to take: kcheck does not assume a daily amount",
                    )
            count = count_at(stream, index)
            if count is None or count.value is None or count.high is not None:
                continue
            if count.value == 1 or count.value > stream.lexicon.times_max:
                continue  # one unit is the per either way; many are a pack ('60 softgels')
            return self._not_read(
                count.span, "says how many to take but not how often: kcheck does not assume a daily amount"
            )
        return None

    def _count_unread_before(self, frequency: Frequency, after: int) -> Problem | None:
        """'Take 2 mL through a syringe once daily': a few units a few words before how often, that the directions'
        count did not take (words kcheck does not read stand between), say how many to take: no daily amount."""
        if self.count is not None or frequency.total:
            return None
        stream = self.stream
        tokens = stream.tokens
        at = self._token_at(frequency.start, after)
        for index in range(at - 1, max(at - _COUNT_REACH - 1, after - 1, 0), -1):
            if tokens[index].kind != "NUMBER" or tokens[index - 1].low in stream.lexicon.times_words:
                continue  # 'Pack of 5 x 4 Capsules': a pack's
            count = count_at(stream, index)
            if count is None or count.value is None or count.high is not None:
                continue
            if count.value == 1 or count.value > stream.lexicon.times_max:
                continue  # one unit is the per either way; many are a pack
            return self._not_read(count.span, "before how often may be how many to take: kcheck does not assume a "
                                  "daily amount")
        return None

    def _unplaced_count(self, after: int, following: int) -> Problem | None:
        """'200 µg – 2 capsules', '2000 IU, 2 softgels': a few units right after the amount, neither its
        per nor the directions' count, could be what it is in or how many to take."""
        stream = self.stream
        at = self._beside(after)
        if at >= len(stream.tokens) or stream.tokens[at].start >= following:
            return None
        count = count_at(stream, at) if stream.tokens[at].kind == "NUMBER" else None
        if count is None or count.value is None or count.high is not None:
            return None
        if self.count is not None and self.count.span == count.span and stream.tokens[at - 1].text not in _DASHES:
            return None  # the directions ('100 mcg, 2 capsules daily'); after a dash, a serving too ('2000 IU - 2 ...')
        if count.value == 1 or count.value > stream.lexicon.times_max:
            return None  # one unit is the per either way; many are a pack ('60 softgels')
        written = stream.norm.original[count.span[0] : count.span[1]]
        return Problem(
            "words-not-read",
            f"'{written}' next to the amount could be what it is in or how many to take: kcheck does not "
            "assume a daily amount",
            count.span,
        )

    def _beside(self, after: int) -> int:
        """The token right after the amount (from token `after`), past a restatement's bracket and one link
        ('2000 IU (50 mcg) - 2 capsules', '2000 IU, 2 softgels'): where a count beside the amount stands."""
        tokens = self.stream.tokens
        if after < len(tokens) and tokens[after].text in ")]":
            after += 1
        return after + 1 if after < len(tokens) and tokens[after].text in _COUNT_LINKS else after

    def _when(self, after: int, following: int, joined: bool = False) -> Problem | None:
        """A word that may say how often ('on Mondays', 'every 12 hours', 'q12h') in the amount's part of
        the label (all of it for a lone amount) when no frequency was read there, or joined to the one
        read ('every morning and evening'): the daily amount is then not assumed. A period before a
        pack word is a pack size ('90 day supply')."""
        stream = self.stream
        tokens = stream.tokens
        lexicon = stream.lexicon
        if joined:
            link = stream.get(after)
            if link is None or link.low not in lexicon.connectives["and"] or link.start >= following:
                return None
            start = stop = after + 1
            while stop < len(tokens) and tokens[stop].kind in ("NUMBER", "COUNT") and stop - start < 2:
                stop += 1  # past a count: 'every morning and 1 every evening'
            stop += 1
        elif len(self.amounts) == 1:
            start, stop = 0, len(tokens)
        else:
            start, stop = after, len(tokens)
        for index in range(start, min(stop, len(tokens))):
            token = tokens[index]
            if token.start >= following and not joined and len(self.amounts) > 1:
                break
            if token.kind == "UNIT":
                if lexicon.units.get(token.low) != "time":  # 'every 12 hours', 'q week'
                    continue
            elif token.kind == "FREQ":
                if (token.start in self.frequency_offsets and not joined) or token.low in lexicon.times_words:
                    continue  # read, or a multiplier ('60 x 100 mcg', '1000 times'); 'tiw' and 'qhs' are neither
                # joined to the one read, a second may add to it: 'every morning and every evening'
            elif self._glued_period(index):
                token = tokens[index - 1]  # named from its number: '12h'
            elif self._qualified_period(index):
                token = tokens[index - 1]  # 'jeden zweiten Tag': named from the word before it
            elif token.kind != "WORD" or not (lexicon.says_when(token.low) or self._is_day(index)):
                continue
            if index + 1 < len(tokens) and tokens[index + 1].low in lexicon.pack_words:
                continue
            return self._not_read(
                stream.norm.span(token.start, tokens[index].end),
                _SAYS_WHEN,
            )
        return None

    def _modified_after(self, end: int, after: int, following: int) -> Problem | None:
        """What may change how often the amount is taken, however its frequency was given (a frequency, a per day
        or none), from the amount's end `end` or the frequency's `after`: an interval kcheck does not read ('ogni 2
        mesi'), another count ('daily, up to 4 in winter'), a period a word qualifies ('jeden zweiten Tag')."""
        return (
            self._every_unread(end, following)
            or self._count_after(after, following)
            or self._qualified_after(after, following)
        )

    def _qualified_after(self, after: int, following: int) -> Problem | None:
        """The first period word a word kcheck does not know qualifies ('jeden zweiten Tag') in the amount's part."""
        tokens = self.stream.tokens
        for index in range(after, len(tokens)):
            if tokens[index].start >= following:
                return None
            if self._qualified_period(index):
                return self._not_read(
                    self.stream.norm.span(tokens[index - 1].start, tokens[index].end),
                    _SAYS_WHEN,
                )
        return None

    def _count_after(self, after: int, following: int) -> Problem | None:
        """'1 tablet daily, up to 4 in winter', 'daily (2 in winter)', 'daily (or 2 if advised)': a few tokens after
        the frequency read (from token `after`), a bare count after 'or' or a hedge, or before a connecting word,
        may be another count for some days or someone: no daily amount is assumed."""
        stream = self.stream
        tokens = stream.tokens
        lexicon = stream.lexicon
        for index in range(after, min(after + _COUNT_REACH, len(tokens) - 1)):
            token = tokens[index]
            if token.start >= following or token.text in _SENTENCE_ENDS:
                return None
            if token.kind != "NUMBER" or not token.text.isdigit() or int(token.text) > lexicon.times_max:
                continue
            before, then = tokens[index - 1], tokens[index + 1]
            if not spelled(then.text):
                continue  # 'Kids 4+', '2, 3' (citations), '6-8 weeks'
            if then.kind == "CONNECTIVE" or (
                then.kind == "WORD" and (before.low in lexicon.or_words or before.low in lexicon.hedge_words)
            ):
                return self._not_read(
                    stream.norm.span(token.start, token.end),
                    "after how often the amount is taken may be another count, for some days or someone: kcheck "
                    "does not assume a daily amount",
                )
        return None

    def _every_unread(self, after: int, following: int) -> Problem | None:
        """An interval's opening words and a number that no frequency was read from ('ogni due mesi', 'ogni 1-2
        mesi', 'alle 14 Wochen' where no such phrase is known) in the amount's part of the label (all of it for
        a lone amount): they say how often, so no daily amount is assumed."""
        stream = self.stream
        tokens = stream.tokens
        lexicon = stream.lexicon
        lone = len(self.amounts) == 1
        for index in range(0 if lone else after, len(tokens)):
            token = tokens[index]
            if token.start >= following and not lone:
                return None
            prefixes = lexicon.every_prefixes.get(token.low) if token.kind in ("WORD", "PER") else None
            if prefixes is None or token.start in self.frequency_offsets:
                continue
            for prefix in prefixes:
                at = index + len(prefix)
                if at >= len(tokens) or prefix != tuple(t.low for t in tokens[index:at]):
                    continue
                if tokens[at].kind in NUMBERS or tokens[at].low in lexicon.number_words:
                    stop = at  # the number, a range's high end, then the period's word
                    if stop + 2 < len(tokens) and tokens[stop + 1].kind == "RANGE_SEP":
                        stop += 2
                    if stop + 1 < len(tokens) and tokens[stop + 1].kind in ("WORD", "UNIT"):
                        stop += 1
                    return self._not_read(
                        stream.norm.span(token.start, tokens[stop].end),
                        _SAYS_WHEN,
                    )
        return None

    def _period_before(self, frequency: Frequency, near: int) -> Problem | None:
        """A number and a period right before the frequency read, glued or not ('5d/wk', '3 Tage pro Woche',
        '3 jours par semaine'), or a count of times written as one word kcheck does not know ('tweemaal per
        week'): they change how often, and kcheck does not read them, so no daily amount is assumed."""
        at = self._token_at(frequency.start, near) - 1
        if self._unread_count_of_times(at):
            return self._not_read(
                self.stream.norm.span(self.stream.tokens[at].start, frequency.end),
                f"may say how many times, and kcheck reads only '{frequency.text}' of it: it does not assume a daily "
                "amount",
            )
        if not (self._glued_period(at) or self._spaced_period(at)):
            return None
        return self._not_read(
            self.stream.norm.span(self.stream.tokens[at - 1].start, frequency.end),
            f"says how often, and kcheck reads only '{frequency.text}' of it: it does not assume a daily amount",
        )

    def _unread_count_of_times(self, index: int) -> bool:
        """Token `index` is a number word run into a times word that kcheck does not read ('tweemaal'): a count of
        times written as one word, in a language the lexicon does not mark `glued_times`."""
        if index < 0 or self.stream.tokens[index].kind != "WORD":
            return False
        low = self.stream.tokens[index].low
        lexicon = self.stream.lexicon
        return any(low.endswith(w) and low[: -len(w)] in lexicon.number_words for w in lexicon.glued_times_words)

    def _end_not_ranged(self, first: int) -> Problem | None:
        """A number joined to the amount by a range word that made no range with it ('800-400 IU', running
        down): one end of something kcheck did not read, so the amount may not be the dose."""
        tokens = self.stream.tokens
        if first < 2 or tokens[first - 1].low not in self.stream.lexicon.range_separators:
            return None
        number = tokens[first - 2]
        if number.kind not in NUMBERS or tokens[first - 1].gap > 3 or tokens[first].gap > 3:
            return None
        return self._not_read(
            self.stream.norm.span(number.start, tokens[first - 1].end),
            "before the amount makes no range with it: kcheck does not read it, so it does not assume a daily amount",
        )

    def _not_read(self, span: Span, says: str) -> Problem:
        """KC108 quoting the label's words at `span` as written, then what they may say."""
        return Problem("words-not-read", f"'{self.original[span[0] : span[1]]}' {says}", span)

    def _glued_period(self, index: int) -> bool:
        """Token `index` is a period's letters glued to the number before it ('every 12h', '5d/wk'): the
        tokenizer cuts them apart, and neither is read."""
        tokens = self.stream.tokens
        if index < 1 or tokens[index].kind not in ("WORD", "PER") or tokens[index - 1].kind != "NUMBER":
            return False
        number = tokens[index - 1]
        return number.end == tokens[index].start and self.stream.lexicon.says_when(f"{number.text}{tokens[index].low}")

    def _qualified_period(self, index: int) -> bool:
        """Token `index` is a period word read as no frequency, a word kcheck does not know or an ordinal as German
        writes it right before it ('jeden zweiten Tag', 'every second day', 'jeden 2. Tag'): that may change how
        often."""
        tokens = self.stream.tokens
        lexicon = self.stream.lexicon
        token = tokens[index]
        if token.kind != "PER" or token.low not in lexicon.periods or token.start in self.frequency_offsets:
            return False
        before = tokens[index - 1] if index else None
        if before is not None and before.text == "." and not before.gap and index >= 2:
            return tokens[index - 2].kind == "NUMBER" and tokens[index - 2].end == before.start  # '2.'
        return before is not None and before.kind == "WORD" and before.low not in lexicon.number_words

    def _spaced_period(self, index: int) -> bool:
        """Token `index` is a period's word after a number ('3 Tage', '3 jours'), read as no frequency of its own."""
        tokens = self.stream.tokens
        if index < 1 or tokens[index].kind not in ("WORD", "UNIT") or tokens[index - 1].kind != "NUMBER":
            return False
        return tokens[index].gap <= 1 and self.stream.lexicon.says_when(tokens[index].low)

    def _times_before(self, first: int, what: str) -> Problem | None:
        """A count and a multiplier right before the amount or the directions' count ('2 x 1000 IU daily',
        '2 x 1 tablet daily'): units of it taken together, or a dose and its repeats? kcheck does not
        assume a daily amount."""
        tokens = self.stream.tokens
        if first < 2 or tokens[first - 1].low not in self.stream.lexicon.times_words:
            return None
        count = tokens[first - 2]
        if count.kind != "NUMBER" or not count.text.isdigit() or count.start in self.frequency_offsets:
            return None  # '3 x 15 mg doses daily': read as how many a day
        if count.text == "1" or len(count.text) > 1 or int(count.text) > self.stream.lexicon.times_max:
            return None  # one counts the same either way; many are a pack ('60 x 100 mcg')
        return Problem(
            "words-not-read",
            f"'{self.original[count.span[0] : tokens[first - 1].span[1]]}' before {what} counts it: kcheck does "
            "not read how many a day, so it does not assume a daily amount",
            (count.span[0], tokens[first - 1].span[1]),
        )

    def _totalled(self, first: int, after: int) -> bool:
        """A total word before the amount in its clause ('for a total of 1600 IU', '總計1600IU') or right after it
        ('1600 IU in all'): the amount is what the units counted hold together, not each one's."""
        tokens = self.stream.tokens
        totals = self.stream.lexicon.total_words
        if not totals:
            return False
        following = tokens[after : after + 2]
        if following and (following[0].low in totals or " ".join(t.low for t in following) in totals):
            return True
        return self._word_before(first, totals, _TOTAL_REACH, _CLAUSE_ENDS) is not None

    def _word_before(self, at: int, words: frozenset[str], reach: int, ends: frozenset[str]) -> Token | None:
        """The nearest of `words` (one token, or two as written: 'in all', '總計') in the `reach` tokens before token
        `at`, no number or mark of `ends` between; else None."""
        tokens = self.stream.tokens
        for index in range(at - 1, max(at - 1 - reach, -1), -1):
            token = tokens[index]
            joined = f"{tokens[index - 1].low}{' ' if token.gap else ''}{token.low}" if index else token.low
            if token.low in words or joined in words:
                return token
            if token.kind in ("NUMBER", "FRACTION") or token.text in ends:
                return None
        return None

    def _units_counted(self, first: int, after: int) -> Problem | None:
        """A count before the amount and a unit's noun after it, known or not ('take two 1000 IU softgels daily', 'half
        a 5 mg tablet', 'two of our 2000 IU microtablets', 'two 1000 IU vitamin D3 capsules'): the amount is each
        unit's, and how many units make a dose is not read."""
        stream = self.stream
        tokens = stream.tokens
        if after < len(tokens) and tokens[after].kind == "NAME":
            after += 1
        if after >= len(tokens) or first < 1:
            return None
        noun = tokens[after]
        if noun.kind != "COUNT" and not (noun.kind == "WORD" and spelled(noun.text) and noun.gap):
            return None
        lexicon = stream.lexicon
        at = first - 1
        skipped = 0
        while at > 0 and skipped < _COUNT_DETERMINERS and self._determiner(tokens[at]):
            at -= 1  # 'half of a 5 mg tablet', 'two of our 2000 IU microtablets'
            skipped += 1
        value = count_number(stream, at) if tokens[at].gap or at == 0 else None
        if value is None or tokens[at].start in self.frequency_offsets or is_one(value):
            return None  # one unit counts the same either way
        if not less(value, lexicon.times_max + 1):
            return None  # '60 1000 IU softgels': a pack
        return self._not_read(
            (tokens[at].span[0], tokens[after].span[1]),
            "counts units of the amount: kcheck does not read how many make a dose, so it does not assume a daily "
            "amount",
        )

    def _determiner(self, token: Token) -> bool:
        """A word between a count and what it counts: an article, 'of', 'the', or a lower-case word kcheck does not
        read ('our', 'these')."""
        lexicon = self.stream.lexicon
        if token.low in lexicon.count_articles or token.low in lexicon.connectives["of"]:
            return True
        if token.low in lexicon.connectives["the"]:
            return True
        return (
            token.kind == "WORD"
            and token.text.islower()
            and spelled(token.text)
            and token.low not in lexicon.number_words
        )

    def _negated(self, frequency: Frequency, near: int) -> Problem | None:
        """A negation a few words before the frequency read ('not for daily use', 'Not to be taken daily'): it
        says how often the amount is not taken, so no daily amount is assumed."""
        stream = self.stream
        tokens = stream.tokens
        negations = stream.lexicon.hedge_negations  # 'no', 'not', 'never'; not 'without' ('with or without food')
        at = self._token_at(frequency.start, near) - 1
        stop = stream.norm.span(frequency.start, frequency.end)[1]
        for index in range(at, max(at - _NEGATION_REACH, -1), -1):
            token = tokens[index]
            if token.low in negations:
                return Problem(
                    "words-not-read",
                    f"'{self.original[token.span[0] : stop]}' says how often the amount is not taken: kcheck does "
                    "not assume a daily amount",
                    (token.span[0], stop),
                )
            if token.kind not in binding.NEGATION_GAP:
                return None
        return None

    def _some_days(self, after: int, following: int) -> Problem | None:
        """A day of the week right after a daily frequency or per day, or after a few words or numbers, a comma or
        a bracket ('daily Monday to Friday', 'daily except on Sundays', 'daily, weekdays only', 'daily (skip
        Sundays)', 'daily, 2 on weekends'): it may keep the doses to some days, so the daily amount is not assumed."""
        stream = self.stream
        tokens = stream.tokens
        for index in range(after, min(after + _DAYS_REACH, len(tokens))):
            token = tokens[index]
            if token.start >= following or token.gap > 1:
                return None
            if self._is_day(index):
                return Problem(
                    "words-not-read",
                    f"'{token.text}' after how often the amount is taken may keep it to some days: kcheck does not "
                    "read it, so it does not assume a daily amount",
                    stream.norm.span(token.start, token.end),
                )
            if token.kind not in _DAYS_GAP and token.text not in ("(", ","):
                return None  # a count may be another for those days: 'daily, 2 on weekends'
        return None

    def _is_day(self, index: int) -> bool:
        """Token `index` names a day of the week: a day's name ('Mondays'), or its abbreviation beside another
        day, joined by a dash, slash, comma or 'and' ('Mon-Fri', 'Tue/Thu/Sat', 'Mon, Wed and Fri')."""
        tokens = self.stream.tokens
        lexicon = self.stream.lexicon
        low = tokens[index].low
        if low in lexicon.weekdays:
            return True
        if low not in lexicon.weekday_abbreviations:
            return False
        for link, day in ((index + 1, index + 2), (index - 1, index - 2)):
            if not 0 <= day < len(tokens):
                continue
            other = tokens[day].low
            if other not in lexicon.weekdays and other not in lexicon.weekday_abbreviations:
                continue
            joint = tokens[link]
            if joint.kind == "RANGE_SEP" or joint.text in _DAY_LINKS or joint.low in lexicon.connectives["and"]:
                return True
        return False

    def _unused(self, first: int, following: int) -> Problem | None:
        """A frequency stated but not read as doses a day ('x1', 'tiw', 'qhs'): one dose, or a schedule
        kcheck does not count, so no daily amount is assumed."""
        start = 0 if len(self.amounts) == 1 else self.stream.tokens[first].start
        for frequency in self.frequencies:
            if frequency.value is None and start <= frequency.start < following:
                return Problem(
                    "words-not-read",
                    f"'{frequency.text}' is not read as doses a day: kcheck does not assume a daily amount",
                    self.stream.norm.span(frequency.start, frequency.end),
                )
        return None

    def _token_at(self, offset: int, near: int) -> int:
        """The index of the first token that starts at or after `offset`, looked for from token `near`
        (a frequency most often follows its amount within a few tokens)."""
        tokens = self.stream.tokens
        at = near if near < len(tokens) and (near == 0 or tokens[near - 1].start < offset) else 0
        while at < len(tokens) and tokens[at].start < offset:
            at += 1
        return at

    def _one_time(self, first: int, after: int, following: int) -> Problem | None:
        """'a stat dose of 600,000 IU', '300,000 IU once', '1 mg IM at birth': a word near the amount makes it one
        dose."""
        stream = self.stream
        tokens = stream.tokens
        one_time = stream.lexicon.one_time
        for index in range(max(first - 3, 0), min(after + 3, len(tokens))):  # the amount's own tokens never match
            token = tokens[index]
            if token.low in one_time and token.start < following:
                return Problem(
                    "words-not-read",
                    f"'{token.text}' makes the amount one dose, not a daily one: kcheck does not assume a daily amount",
                    stream.norm.span(token.start, token.end),
                )
        return None

    def _one_time_elsewhere(self) -> Problem | None:
        """'90,000 IU versus 300,000 IU single dose': a one-time word by another amount may make this one a single
        dose too, as a frequency elsewhere may say how often it is taken (KC108)."""
        if len(self.amounts) < 2:
            return None
        if not self.one_time_seen:
            one_time = self.stream.lexicon.one_time
            self.one_time_seen.append(next((t for t in self.stream.tokens if t.low in one_time), None))
        token = self.one_time_seen[0]
        if token is None:
            return None
        return Problem(
            "words-not-read",
            f"'{token.text}' elsewhere in the label may make this amount one dose too: kcheck does not assume a daily "
            "amount",
            self.stream.norm.span(token.start, token.end),
        )

    def _frequency_just_before(self, start: int, leading: bool = False) -> list[Frequency]:
        """'ogni giorno (1000 UI) o ogni 2 giorni (2000 UI)': a frequency that introduces the amount
        ('every day (', 'daily:', 'daily dosing of') is its own, rather than the one after it; with `leading`,
        instead, one right before it that follows no amount of its own ('daily 1500 IU, weekly 10500 IU')."""
        at = bisect.bisect_right(self.frequency_starts, start) - 1
        if at < 0:
            return []
        frequency = self.frequencies[at]
        first = self._token_at(frequency.start, 0)
        if first > 0 and self.stream.tokens[first - 1].kind == "UNIT":
            return []  # '45 mg/day (15 mg tid)': the per day of the amount before, not the bracket's
        if leading:
            return [frequency] if self._leads_into(frequency, start) else []
        between = self.stream.norm.text[frequency.end : start].strip()
        return [frequency] if between in ("(", ":") or self._heads(frequency, start) else []

    def _later_phase(self, end: int, found: list[Frequency]) -> Span | None:
        """Where a 'then' word opens a later phase before every frequency found after the amount (which ends at
        offset `end`): '12 000 UI FORTHIGHTLY for 2 months then monthly' states no first frequency kcheck reads.
        The span from the word to the first frequency's end, else None."""
        if not found or found[0].start < end:
            return None
        tokens = self.stream.tokens
        for index in range(self._token_at(end, 0), self._token_at(found[0].start, 0)):
            if tokens[index].low in self.stream.lexicon.then_words:
                return self.stream.norm.span(tokens[index].start, found[0].end)
        return None

    def _names_dosing(self, frequency: Frequency, end: int) -> bool:
        """A frequency before a regimen noun, well past the amount (which ends at offset `end`), names a way of
        dosing ('the difference ... is more notable with bolus supplementation than with daily supplementation'),
        not how often this amount is taken; right after the amount it may ('2000 IU, daily dosing')."""
        tokens = self.stream.tokens
        past = self._token_at(end, 0)
        at = self._token_at(frequency.start, past)
        after = self._token_at(frequency.end, at)
        if after >= len(tokens) or tokens[after].low not in self.stream.lexicon.regimen_nouns:
            return False
        return at - past > _DOSING_NEAR

    def _none_taken(self, problems: list[Problem], frequency: Frequency, says: str) -> Frequency:
        """No frequency for the amount, with KC108 quoting the one kcheck did not take for its own, and why."""
        problems.append(self._not_read(self.stream.norm.span(frequency.start, frequency.end), says))
        return _NO_FREQUENCY

    def _starts_an_alternative(self, frequency: Frequency, end: int) -> bool:
        """The frequency comes right after an 'or' that follows the amount (ending at offset `end`), past only its
        bracket's close and its count noun: it starts an alternative ('täglich eine halbe (250 I.E.) Tablette oder
        alle 2 Tage eine ganze': or every 2 days a whole one), not how often this amount is taken."""
        tokens = self.stream.tokens
        at = self._token_at(end, 0)
        while at < len(tokens) and (tokens[at].text == ")" or tokens[at].kind == "COUNT"):
            at += 1
        return (
            at + 1 < len(tokens)
            and tokens[at].low in self.stream.lexicon.or_words
            and tokens[at + 1].start == frequency.start
        )

    def _leads_into(self, frequency: Frequency, start: int) -> bool:
        """The frequency stands right before the amount at offset `start`, only spaces or an 'each' word between
        ('dreimal täglich je 15 mg'), and not right after an amount of its own ('daily 1500 IU, weekly 10500 IU':
        'weekly' is the second's, not the first's)."""
        if start >= len(self.stream.norm.text):
            return False
        between = self.stream.norm.text[frequency.end : start].strip().lower()
        lexicon = self.stream.lexicon
        apiece = between in lexicon.apiece_words or (between in lexicon.header_words and between.isalpha())
        if between and not apiece and not self._names_then_bracket(frequency.end, start):
            return False
        first = self._token_at(frequency.start, 0)
        return first == 0 or self.stream.tokens[first - 1].kind not in _AMOUNT_PARTS

    def _names_then_bracket(self, end: int, start: int) -> bool:
        """Between offsets `end` and `start` only a name and the bracket that opens the amount ('plus daily calcium
        carbonate (500 mg)'): what is taken at that frequency is named there."""
        tokens = self.stream.tokens
        at = self._token_at(end, 0)
        close = self._token_at(start, at)
        return close - at == 2 and tokens[at].kind == "NAME" and tokens[at + 1].text == "("

    def _heads(self, frequency: Frequency, start: int) -> bool:
        """The frequency heads a dose noun, and the amount at offset `start` follows its 'of' a few words on
        ('daily dosing of 2,000 IU', 'a weekly dose of 50,000 IU', 'Weekly vitamin D dosing of 10,000 IU'), past the
        bracket that closes it ('bimonthly (every 2 months) dosing of 50,000 IU')."""
        tokens = self.stream.tokens
        lexicon = self.stream.lexicon
        at = self._token_at(start, 0)
        if not 2 <= at < len(tokens) or tokens[at].start != start:
            return False
        if tokens[at - 1].low not in lexicon.connectives["of"]:
            return False
        noun = False
        index = at - 2
        while index >= 0 and tokens[index].start >= frequency.end:
            token = tokens[index]
            if token.low in lexicon.dose_nouns:
                noun = True
            elif (token.kind not in ("NAME", "WORD") and token.text not in ")]") or at - index > _HEAD_REACH:
                return False
            index -= 1
        return noun and index >= 0 and tokens[index].start >= frequency.start

    # -- micrograms

    def _mass(
        self, group: Group, mcg_per_iu: Fraction | None, problems: list[Problem], name: Name | None
    ) -> tuple[Fraction | None, Fraction | None, tuple[Fraction, ...], list[Candidate], Amount]:
        """Micrograms for the group, resolving number ambiguity with a restated equivalent, and the amount
        as resolved ('2.000 IU (50 mcg)' is 2000 IU)."""
        readings: list[tuple[Amount, Fraction | None]] = []
        for quantity in group:
            amount = quantity.amount
            assert amount is not None
            readings.append((amount, _to_ug(amount, amount.values, mcg_per_iu)))
        primary, primary_ug = readings[0]
        candidates: list[Candidate] = []
        out_of_range = primary.out_of_range or ("" if primary.malformed else _magnitude(primary, primary_ug))
        negation = binding.negation_before(self.stream, group)
        conversion = self._conversion_reason(group)
        change = self._changed(group)
        if negation is not None:
            start, stop = negation.span[0], primary.span[1]
            reason = f"'{self.original[start:stop]}' says what the amount is not: kcheck does not read it as a dose"
            candidates.append(Candidate(self._raw(primary), None, reason))
            problems.append(Problem("words-not-read", reason, (start, stop)))
        elif conversion is not None:
            span = (group[0].amount.span[0], group[-1].amount.span[1])  # type: ignore[union-attr]
            candidates.append(Candidate(self._raw(primary), None, conversion))
            problems.append(Problem("words-not-read", conversion, span))
        elif change is not None and primary.is_range:
            reason = (
                f"'{self.original[change.span[0] : primary.span[1]]}' changes one amount to another: kcheck does not "
                "read it as a range, nor either end as the dose"
            )
            for end in primary.values[:2]:
                one = (end,)
                reading = replace(primary, values=one, is_range=False, candidates=()).text()
                candidates.append(Candidate(reading, _to_ug(primary, one, mcg_per_iu), reason))
            problems.append(Problem("words-not-read", reason, (change.span[0], primary.span[1])))
        elif change is not None:
            reason = (
                f"'{self.original[change.span[0] : primary.span[1]]}' is an amount before or after a change: kcheck "
                "does not read it as the dose"
            )
            candidates.append(Candidate(self._raw(primary), None, reason))
            problems.append(Problem("words-not-read", reason, (change.span[0], primary.span[1])))
        elif primary.unit in MASS_UNITS and (unit_before := self._unit_before(group)) in MASS_UNITS:
            token = self.stream.tokens[group[0].first - 1]
            reason = (
                f"'{self.original[token.span[0] : primary.span[1]]}' has a unit before the number and another after "
                "it, as a table whose units come first is written: kcheck does not read which is the number's"
            )
            number = decimal_text(primary.low)
            for unit in (unit_before, primary.unit):
                candidates.append(Candidate(f"{number} {unit}", to_micrograms(primary.low, unit), reason))
            problems.append(Problem("ambiguous-unit", reason, (token.span[0], primary.span[1])))
        elif (shared := self._unit_shared(group) or self._low_end_unread(group)) is not None:
            start = self.stream.tokens[shared].span[0]
            reason = (
                f"'{self.original[start : primary.span[1]]}': numbers a list or range word joins to the amount were "
                "not read with it (no unit, or one kcheck does not know): kcheck does not read which one is the dose"
            )
            candidates.append(Candidate(self._raw(primary), None, reason))
            problems.append(Problem("words-not-read", reason, (start, primary.span[1])))
        elif _elided(primary):
            low, high = primary.values
            reason = (
                f"'{self._raw(primary)}' has a low end a thousandth of its high end or less: written short for "
                f"{decimal_text(low * _ELIDED)} (as '80 à 100 000' is), or as it says?"
            )
            for ends in ((low, high), (low * _ELIDED, high)):
                ug = _to_ug(primary, ends, mcg_per_iu)
                candidates.append(Candidate(replace(primary, values=ends, candidates=()).text(), ug, reason))
            problems.append(Problem("ambiguous-number", reason, primary.span))
        elif out_of_range:
            candidates.append(Candidate(self._raw(primary), None, out_of_range))
            problems.append(Problem("number-out-of-range", f"{out_of_range}: kcheck does not read it", primary.span))
        elif primary.malformed:
            reason = f"'{self._raw(primary)}' is not a well-formed number: its separators fit no convention"
            candidates.append(Candidate(self._raw(primary), None, reason))
            problems.append(Problem("ambiguous-number", reason, primary.span))
        elif primary.unit_candidates:
            candidates.extend(self._unit_candidates(primary))
            problems.append(
                Problem(
                    "ambiguous-unit",
                    f"'{primary.unit_text}' is not a safe unit spelling: " + "; ".join(c.reading for c in candidates),
                    primary.span,
                )
            )
        elif primary.candidates:
            resolved = _resolve_by_equivalent(primary, readings[1:], mcg_per_iu)
            if resolved is not None:
                primary = resolved
                primary_ug = _to_ug(primary, primary.values, mcg_per_iu)
            else:
                for values, reason in zip(
                    (primary.values, *primary.candidates), primary.candidate_reasons, strict=True
                ):
                    ug = _to_ug(primary, values, mcg_per_iu)
                    candidates.append(Candidate(replace(primary, values=values, candidates=()).text(), ug, reason))
                problems.append(
                    Problem(
                        "ambiguous-number",
                        f"'{self._raw(primary)}' has more than one reading: "
                        + " or ".join(c.reading for c in candidates)
                        + (self._comma_language() if "," in primary.number_text else ""),
                        primary.span,
                    )
                )
        if primary.unit in ("IU", "units") and primary_ug is None and not candidates:
            what = f"'{name.text}'" if name else "an unnamed substance"
            if primary.unit == "units" and mcg_per_iu is None:
                problems.append(
                    Problem(
                        "ambiguous-unit",
                        f"'{primary.unit_text}' of {what}: kcheck cannot tell which unit is meant",
                        primary.span,
                    )
                )
            else:
                problems.append(
                    Problem(
                        "iu-without-factor",
                        f"IU of {what} has no cited IU-to-mass factor; kcheck does not convert it",
                        primary.span,
                    )
                )
            candidates.append(Candidate(primary.text(), None, "no cited factor converts this to mass"))
        if not candidates and len(readings) > 1:
            _check_equivalents(primary, primary_ug, readings[1:], candidates, problems)
        if candidates or primary_ug is None:
            return None, None, (), candidates, primary
        if len(primary.values) == 1:
            return primary_ug, None, (), candidates, primary
        values_ug = (primary_ug, *(_to_ug_one(primary, value, mcg_per_iu) for value in primary.values[1:]))
        if primary.is_range:
            return primary_ug, values_ug[-1], (), candidates, primary
        return primary_ug, None, values_ug, candidates, primary

    def _converts(self, group: Group) -> bool:
        """'1 mcg = 40 IU', '1 IU = 0.025 mcg': a mass and IU set equal, one of them exactly one unit ('1 mg = 1000
        mcg' restates a dose as well as it converts), and not themselves what something equals ('1 druppel = 1 mcg =
        40 IE' is a drop's dose)."""
        first = group[0].first
        return (
            self._equated(group)
            and not (first and self.stream.tokens[first - 1].text == "=")
            and _one_unit_of_the_other(group)
        )

    def _converting(self, group: Group, quantity: Quantity, between: list[Token]) -> bool:
        """'1 µg kalciferola (D3) = 40 IU', '1 mcg of vitamin D equals 40 IU': a name between a mass and IU set equal,
        one of them exactly one unit, is a unit conversion's, which is one group (and no dose); any other name
        between two amounts parts them."""
        return len(group) == 1 and self._sets_equal(between) and _one_unit_of_the_other([group[0], quantity])

    def _equated(self, group: Group) -> bool:
        """Two amounts set equal: by '=' ('25µg = 1,000 IU'), or by a word with the name between them ('1 mcg of
        vitamin D equals 40 IU'); a word after the name restates a product's dose ('Vitamin D3 1 mg, equivalent to
        40,000 IU')."""
        if len(group) != 2:
            return False
        between = self.stream.tokens[group[0].last + 1 : group[1].first]
        if any(t.text == "=" for t in between):
            return True
        return self._sets_equal(between) and any(t.kind == "NAME" for t in between)

    def _sets_equal(self, between: list[Token]) -> bool:
        """A word among these that sets two amounts equal ('=', 'equals', 'equivalent to')."""
        equal_words = self.stream.lexicon.equal_words
        return any(t.low in equal_words for t in between)

    def _changed(self, group: Group) -> Token | None:
        """The change word that makes the amount a before or an after, not a dose, else None: earlier in the
        sentence of a range ('raised the vitamin D recommendation from 400 IU to 600 IU'), of an amount after a
        'from' word ('doubled the recommended daily intake ..., from 200 IU per day'), or of the one after it that
        a range word leads to ('... (2003 recommendation) to 400 IU per day')."""
        tokens = self.stream.tokens
        lexicon = self.stream.lexicon
        if not lexicon.change_words:
            return None
        first = group[0].first
        if first < 1 or group[0].amount is None:
            return None
        if group[0].amount.is_range:
            return self._word_before(first, lexicon.change_words, _CHANGE_REACH, _SENTENCE_ENDS)
        before = tokens[first - 1]
        if before.low in lexicon.from_words:
            return self._word_before(first - 1, lexicon.change_words, _CHANGE_REACH, _SENTENCE_ENDS)
        if before.low not in lexicon.range_separators:
            return None
        low = self._amount_before(group[0].start)  # the amount this one's range word follows
        if low is None or not low.first or tokens[low.first - 1].low not in lexicon.from_words:
            return None
        return self._word_before(low.first - 1, lexicon.change_words, _CHANGE_REACH, _SENTENCE_ENDS)

    def _unit_shared(self, group: Group) -> int | None:
        """The first of two or more numbers with no unit that a run of separators, a list's among them, joins to the
        amount ('from 1,000 to 2,000, 4,000, and then 8,000 IU daily'): the amount's unit may be theirs too; else
        None. One number before a separator is most often something else ('aged 50, 1000 IU')."""
        tokens = self.stream.tokens
        at, bare, first, listed = group[0].first - 1, 0, None, False
        while at > 0:
            if tokens[at].kind == "WORD" and tokens[at - 1].kind in _RUN_SEPARATORS:
                at -= 1  # 'and then 8,000 IU'
            if tokens[at].kind not in _RUN_SEPARATORS:
                break
            while at > 0 and tokens[at].kind in _RUN_SEPARATORS:
                listed = listed or tokens[at].kind == "LIST_SEP"
                at -= 1
            if tokens[at].kind != "NUMBER" or self._read_at(at):
                break
            bare, first = bare + 1, at
            at -= 1
        return first if bare >= 2 and listed else None  # '1-3 y 2500 IU': an age range, no list

    def _unit_before(self, group: Group) -> str | None:
        """The unit right before the amount's number, in a run of units and numbers that opens with a unit ('apporto
        massimo mcg 1200 mg 7,5 ... mcg 25 mg 60 mcg 105': each unit is written before its number), when it is not
        the amount's own unit; else None."""
        tokens = self.stream.tokens
        first = group[0].first
        if first < 1 or tokens[first - 1].kind != "UNIT":
            return None
        opening = first - 1
        while opening >= 2 and tokens[opening - 1].kind == "NUMBER" and tokens[opening - 2].kind == "UNIT":
            opening -= 2
        if opening and tokens[opening - 1].kind == "NUMBER":
            return None  # '25 mcg 1000 IU': the unit before is the number before's
        unit = self.stream.lexicon.units.get(tokens[first - 1].low)
        amount = group[0].amount
        return unit if amount is not None and unit is not None and unit != amount.unit else None

    def _low_end_unread(self, group: Group) -> int | None:
        """A range word right before the amount, after a number no quantity read and the word it is glued to ('between
        100µm to 200µg per day'): the range's low end, in a unit kcheck does not read; else None."""
        tokens = self.stream.tokens
        at = group[0].first - 1
        if at < 2 or tokens[at].kind != "RANGE_SEP" or tokens[at - 1].kind != "WORD" or tokens[at - 1].gap:
            return None
        number = at - 2
        return number if tokens[number].kind == "NUMBER" and not self._read_at(number) else None

    def _read_at(self, index: int) -> bool:
        """Token `index` is in an amount read."""
        token = self.stream.tokens[index]
        holder = self._amount_before(token.start + 1)
        return holder is not None and holder.end >= token.end

    def _conversion_reason(self, group: Group) -> str | None:
        """Why a unit conversion, or an example of one after it, is no dose ('1µg = 40 IU (e.g. 25µg = 1,000 IU)'),
        else None."""
        unread = self._equal_to_unread(group)
        if unread is not None:
            return (
                f"'{self.original[unread : group[-1].amount.span[1]]}' sets the amount equal to a quantity kcheck "  # type: ignore[union-attr]
                "does not read: a unit conversion or a restatement, not a dose"
            )
        conversion = self.conversion
        if conversion is None or group[0].start < conversion[0].start or not self._equated(group):
            return None  # '20 µg/Tag (= 800 IE) …; Umrechnung: 1 µg = 40 IE': a dose before the conversion is read
        start, end = conversion[0].amount.span[0], conversion[-1].amount.span[1]  # type: ignore[union-attr]
        written = self.original[start:end]
        if group is conversion:
            return f"'{written}' states a unit conversion, not a dose: kcheck does not read it as one"
        return (
            f"an amount set equal to another after the conversion '{written}' is its example: kcheck does not read it"
        )

    def _equal_to_unread(self, group: Group) -> int | None:
        """Where a unit that no amount holds starts, when the amount is set equal to it in one clause ('One IU of
        vitamin D3 is equivalent to 0.025 mcg'), or one unit of the other kind ('1 IU of ... is equivalent to'):
        what the amount restates is not read, or it is a unit conversion, so the amount is no dose."""
        tokens = self.stream.tokens
        first = group[0].first
        marker = first - 1
        if marker < 1 or tokens[marker].kind != "RESTATE" or tokens[marker].low in self.stream.lexicon.list_separators:
            return None
        for at in range(marker - 1, max(marker - 1 - _EQUAL_REACH, -1), -1):
            token = tokens[at]
            if token.text in _CLAUSE_ENDS:
                return None
            if token.kind in ("NUMBER", "FRACTION"):
                return self._one_unit_at(at, group)
            if token.kind == "UNIT" and not (at and tokens[at - 1].kind in ("NUMBER", "FRACTION")):
                return tokens[at - 1].start if at and tokens[at - 1].kind == "PER" else token.start
        return None

    def _one_unit_at(self, at: int, group: Group) -> int | None:
        """Where the amount whose number is token `at` starts, when it is exactly one unit of the other kind than the
        group's ('1 IU of vitamin D3 is equivalent to 0.025 mcg': a unit conversion's two sides)."""
        quantity = self._amount_before(self.stream.tokens[at].start + 1)
        if quantity is None:
            return None
        return quantity.start if _one_unit_of_the_other([quantity, group[0]]) else None

    def _comma_language(self) -> str:
        """Which decimal-comma language the label's words look like, so the user knows what to tell kcheck."""
        found = self.stream.lexicon.language_of(token.low for token in self.stream.tokens)
        if found is None or not found[0].decimal_comma:
            return ""
        language, words = found
        shown = ", ".join(f"'{word}'" for word in words[:3])
        return (
            f"; the label's words look {language.name} ({shown}), a language that writes decimal commas:"
            " if this label does, say so with --decimal-comma (kcheck label, kcheck batch)"
        )

    def _raw(self, amount: Amount) -> str:
        return self.original[amount.span[0] : amount.span[1]]

    def _unit_candidates(self, amount: Amount) -> list[Candidate]:
        """One candidate per reading data/lexicon.yaml lists for an unsafe unit spelling."""
        number = decimal_text(amount.low)
        out = []
        for unit, reason in self.stream.lexicon.unsafe_units[amount.unit_text]:
            ug = to_micrograms(amount.low, unit) if unit in MASS_UNITS else None
            out.append(Candidate(f"{number} {unit}", ug, reason.format(text=amount.unit_text)))
        return out


_CHILDREN: dict[tuple[int, str], tuple[FormRegistry, str]] = {}


_RUN_SEPARATORS = frozenset({"LIST_SEP", "RANGE_SEP"})
_ASIDE_REACH = 8  # ', at times, as much as': the words between a range word and the high end
_NOT_ASIDE = frozenset({"NUMBER", "NAME", "UNIT", "FRACTION"})


def _stated(item: Ingredient) -> tuple[Fraction, ...] | str:
    """An ingredient's amount to tell it from another: a mass in micrograms, or its values in its unit ('2000 IU' is
    the same amount whether a name came with it or not)."""
    amount = item.amount
    if amount.unit in MASS_UNITS:
        return tuple(to_micrograms(value, amount.unit) for value in amount.values)
    return f"{' '.join(str(value) for value in amount.values)} {amount.unit}"


_DAYS_REACH = 5  # 'daily with 2 tablets on Sundays': the day and up to four tokens before it
_SAYS_WHEN = "may say how often the amount is taken: kcheck does not read it, so it does not assume a daily amount"
_COUNT_REACH = 4  # 'daily, up to 4 in winter': the count and up to three tokens before it, after the frequency
_DAYS_GAP = frozenset({"WORD", "NUMBER", "COUNT", "CONNECTIVE"})  # what may stand between a frequency and a day
_HEAD_REACH = 5  # 'Weekly vitamin D oral dosing of': a frequency, then up to four words and 'of' before the amount
_NEGATION_REACH = 4  # 'Not to be taken daily': the negation and up to three words before a frequency
_NEGATED_BOUNDS = {"less-than": "at-least", "at-least": "up-to"}  # 'not under', 'not over'; others mean nothing sure
_BARE = ("serving", "dose")  # units that say nothing of their size: a count of capsules does not fit them
_MEASURES = ("mL", "g", "oz")  # a count of them measures a dose: an amount with no basis may be per one or per all


def _unlike(noun: str | None, per: str) -> bool:
    """A count of `noun` cannot count units of `per` ('5 drops' of an amount per mL); a softgel is a capsule."""
    if noun is None or noun in _BARE or noun == per:
        return False
    return {noun, per} != {"softgel", "capsule"}


_DASHES = frozenset({"-", "–", "—"})
_CJK_CHAR = re.compile(f"[{CJK}]")
_PARALLEL_ITEM = 5  # 'di vitamina D2 alle bevande vegetali': the words of a list's item after its amount and basis
_BASIS_TOKENS = 2  # '/100 g': a number and a unit after the slash
_LIST_GAP = 3  # '2500 mg calcium and 4000 IU': a name or two and 'and' between a list's amounts
_HEDGE_REACH = 4  # tokens back from an amount to its hedge past what may stand between ('up to a total of 4000 IU')
_HEDGE_NEGATION_REACH = 3  # a negation and up to two words before a hedge it turns round
_UNREAD_UNIT_REACH = 5  # '2000 i.j. vitamina D3': a number, then a unit kcheck does not read, in up to four tokens
_UNREAD_UNIT_KINDS = frozenset({"WORD", "PUNCT", "PER"})  # what such a unit is tokenized as ('i', '.', 'j', '.')
_NAME_WORDS = 3  # words of a brand before a name ('2 Fultium-D3'): a number before them may count the units
_LIST_MARKS = (".", ")", ":")  # after a list item's number ('1. Vitamin D3 1000 IU')
_COUNT_REACH = 6  # tokens back from how often to a count of units ('2 mL through a syringe once daily')
_CHANGE_REACH = 20  # 'increasing the maximum ... level of Vitamin D3 for salmonids (for example ...) from'
_SENTENCE_ENDS = frozenset({".", ";", "!", "?", "。"})
_TOTAL_REACH = 5  # 'for a total daily intake of 1000 IU': a total word and up to four words before the amount
_COUNT_DETERMINERS = 2  # 'two of our 2000 IU microtablets': words between a count and its amount
_LIMIT_AMOUNT_REACH = 4  # 'upper limit is set at 4000 IU': a limit word's own amount a few words after it
_CLAUSE_ENDS = frozenset({",", ".", ";", ")", "、", "。"})  # full-width commas are ASCII once normalised
_WORDED_UNITS = frozenset({*DOSE_UNITS, "units"})  # 'mil unidades': the units an amount in words may be in
_EQUAL_REACH = 8  # tokens back from 'equivalent to' to the unit, with no number, that an amount is set equal to
_LIMIT_REACH = 12  # tokens back from an amount to a limit word of its clause ('The minimum effective dose for ... is')
_DOSING_NEAR = 6  # tokens after an amount within which 'daily dosing' may still be its own frequency
_AMOUNT_PARTS = frozenset({"NUMBER", "FRACTION", "UNIT", "PER", "COUNT"})  # what ends an amount a frequency may follow
_MAY_COUNT_TIMES = "may say how many times a day: kcheck does not read it, so it does not assume a daily amount"
_TAIL_TOKENS = 4  # unknown words after an amount quoted in the message ('haftada bir', '주 1회')
_DAY_LINKS = frozenset({"/", ",", "&"})  # between two days, as a range separator or 'and' is: 'Tue/Thu', 'Mon, Wed'
_COUNT_LINKS = frozenset({*_DASHES, ":", ",", ";"})  # between an amount and a count that may say its serving


def _unknown_lower(token: Token) -> bool:
    """A word kcheck does not know, in lower case or a script without case ('tygodniowo', '번', '两')."""
    return token.kind == "WORD" and spelled(token.text) and token.text == token.low


def _children(forms: FormRegistry, form: str) -> str:
    """'MK-4 or MK-7': the forms one level below `form` (remembered per registry: every unspecified
    K2 asks)."""
    known = _CHILDREN.get((id(forms), form))
    if known is not None and known[0] is forms:
        return known[1]
    codes = [f.code for f in forms.forms.values() if f.parent == form]
    text = ", ".join(codes[:-1]) + f" or {codes[-1]}" if len(codes) > 1 else "".join(codes)
    if len(_CHILDREN) < 1000:
        _CHILDREN[(id(forms), form)] = (forms, text)  # holding the registry keeps its id unique
    return text


def _is_base(stream: Stream, quantity: Quantity) -> bool:
    """'per 1000 IU', '84 IU/100g': an amount that is the basis of a ratio, not a dose."""
    word = stream.get(quantity.first - 1)
    if word is None:
        return False
    if word.low == "per":
        return stream.tokens[quantity.first].gap > 0 and stream.boundary_before(quantity.first - 1)
    before = stream.get(quantity.first - 2)
    return word.text == "/" and food_basis(quantity) and before is not None and before.kind == "UNIT"


def food_basis(quantity: Quantity) -> bool:
    """Grams after a dose ('/100g', 'per 100 g'): the food the dose is in, which names no nutrient."""
    return quantity.amount is not None and quantity.amount.unit == "g"


MAX_AMOUNT_UG = 10**9  # micrograms in 1 kg: no dose of anything weighs more


def _elided(amount: Amount) -> bool:
    """A range whose low end is a thousandth of its high end or less ('80 à 100 000 UI', '1-2000 IU'): its low end
    may be written short for thousands, as French and German prose often write it."""
    if not amount.is_range or len(amount.values) != 2:
        return False
    low, high = amount.values
    return 0 < low * _ELIDED <= high


_ELIDED = 1000  # a thousands group: '80 à 100 000' is 80 000 to 100 000


def _magnitude(amount: Amount, amount_ug: Fraction | None) -> str:
    """Why an amount is out of range (zero, or more than 1 kg), else ''."""
    if not all([nonzero(value) for value in amount.values]):
        return f"'{amount.text()}' is zero"
    if amount_ug is None:
        return ""
    numerator, denominator = parts(amount_ug)
    return f"'{amount.text()}' is more than 1 kg" if numerator > MAX_AMOUNT_UG * denominator else ""


def _to_ug_one(amount: Amount, value: Fraction, mcg_per_iu: Fraction | None) -> Fraction:
    if amount.unit in MASS_UNITS:
        return to_micrograms(value, amount.unit)
    assert mcg_per_iu is not None
    return product(value, mcg_per_iu)


def _to_ug(amount: Amount, values: tuple[Fraction, ...], mcg_per_iu: Fraction | None) -> Fraction | None:
    if amount.unit in MASS_UNITS:
        return to_micrograms(values[0], amount.unit)
    if amount.unit == "IU" or (amount.unit == "units" and amount.unit_text.lower() != "u"):
        return product(values[0], mcg_per_iu) if mcg_per_iu is not None else None
    return None


def _resolve_by_equivalent(
    primary: Amount, others: list[tuple[Amount, Fraction | None]], mcg_per_iu: Fraction | None
) -> Amount | None:
    """'4.000 IE/Tag (100 µg)': only 4000 IU agrees with 100 mcg, so the equivalent decides. Both may
    be ambiguous ('2,5 mg pari a 100.000 U.I.'): one pair of readings that agree settles both."""
    options = [primary.values, *primary.candidates]
    for other, _ in others:
        if other.unit_candidates or other.malformed:
            continue
        agreeing = {
            values
            for values in options
            for stated in (other.values, *other.candidates)
            if (ug := _to_ug(primary, values, mcg_per_iu)) is not None
            and (stated_ug := _to_ug(other, stated, mcg_per_iu)) is not None
            and _agree(ug, stated_ug, other)
        }
        if len(agreeing) == 1:
            return replace(primary, values=agreeing.pop(), candidates=(), candidate_reasons=())
    return None


def _check_equivalents(
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
                    "equivalents-disagree",
                    f"{primary.text()} and {other.text()} disagree: {mass_text(primary_ug)} vs {mass_text(other_ug)}",
                    (primary.span[0], other.span[1]),
                )
            )
            return


def _mass_ug(amount: Amount, index: int) -> Fraction:
    return to_micrograms(amount.values[index], amount.unit) if amount.unit in MASS_UNITS else amount.values[index]


def _one_unit_of_the_other(pair: Group) -> bool:
    """A mass and an IU amount, one of them exactly one unit: a unit conversion's two sides ('1 mcg = 40 IU')."""
    return {q.kind for q in pair} == {"mass", "iu"} and any(
        q.amount is not None and q.amount.values == (_ONE,) and not q.amount.is_range for q in pair
    )


def _says_what_follows(word: str, lexicon: Lexicon) -> bool:
    """An article, a dose noun, a total word or a word that sets it equal, which may stand between a hedge and its
    amount ('up to a total of', 'at least a dose of', 'about the equivalent of', 'roughly equivalent to')."""
    return (
        word in lexicon.connectives["the"]
        or word in lexicon.count_articles
        or word in lexicon.dose_nouns
        or word in lexicon.total_words
        or word in lexicon.equal_words
    )


def _basis_after(tokens: list[Token], at: int) -> tuple[str, ...]:
    """The basis written right after an amount ('/100 g', '/100g'), as its tokens' text ('/' alone when no number or
    unit follows it); () for none."""
    if at >= len(tokens) or tokens[at].text != "/":
        return ()
    basis = [tokens[at].low]
    for token in tokens[at + 1 : at + 1 + _BASIS_TOKENS]:
        if token.kind not in ("NUMBER", "UNIT"):
            break
        basis.append(token.low)
    return tuple(basis)


def _joins_ends(token: Token, lexicon: Lexicon, phrase: bool = False) -> bool:
    """'and' (or its kin) between a range's two ends; with `phrase`, the first word of one ('and up to')."""
    word = token.low.split(" ", 1)[0] if phrase and " " in token.low else token.low
    joins = word in lexicon.connectives["and"] or word in lexicon.range_between_and
    return joins and (not phrase or word != token.low)


def _caps(tokens: list[Token], lexicon: Lexicon, some: bool = False) -> bool:
    """The words say 'at most' and nothing else: ceilings ('up to', 'hasta un máximo de'), articles and 'of'; with
    `some`, a ceiling is among them."""
    hedges = lexicon.hedges
    plain = (*lexicon.connectives["of"], *lexicon.connectives["the"])
    ceiling = any(hedges.get(t.low) == "up-to" for t in tokens)
    return ceiling and (some or all(hedges.get(t.low) == "up-to" or t.low in plain for t in tokens))


def _joinable(low: Amount, high: Amount) -> bool:
    """Two single amounts in one unit, plainly read, the second the larger: a range's ends."""
    return (
        low.unit == high.unit
        and len(low.values) == len(high.values) == 1
        and not (low.is_range or high.is_range or low.candidates or high.candidates)
        and not (low.unit_candidates or high.unit_candidates or low.malformed or high.malformed)
        and not (low.out_of_range or high.out_of_range)
        and less(low.values[0], high.values[0])
    )


def _agree(value_ug: Fraction, stated_ug: Fraction, stated: Amount) -> bool:
    """Equal within the rounding of the stated figure (8.3 µg covers 8.25-8.35) or 2 %."""
    number = stated.number_text.split("-")[0].split(",")[0].strip()
    decimals = len(number.split(".")[1]) if "." in number else 0
    step = Fraction(1, 10**decimals) / 2
    if stated.unit in MASS_UNITS:
        step = to_micrograms(step, stated.unit)
    tolerance = max(step, abs(stated_ug) * Fraction(2, 100))
    return abs(value_ug - stated_ug) <= tolerance
