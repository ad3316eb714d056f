"""Which name owns which amount: one precedence, used by label, batch and lint alike.

(1) "AMOUNT of NAME", "NAME (as FORM) AMOUNT" and "AMOUNT (FORM)" bind tightest: a name right
    after an amount (only punctuation, "of"/"as" or "the" between) takes it when the label starts
    with an amount or no name stands before it.
(2) Otherwise the nearest name before the amount (after the previous amount), else the first
    name after it, in the same clause.
(3) Two names of one nutrient at different precision ("vitamin K2 ... MK-4 form", "vitamin D
    10 mcg (from cholecalciferol)") give the more specific form; two forms joined by "or" ("vitamin
    D2 (ergocalciferol) or D3") give only the form they share (D), and a synonym is no alternative
    ("vitamin K2 (menaquinone-7, MK-7)" is MK-7).
(4) n names followed by n amounts ("D3 + K2 5,000 IU / 100 mcg") bind by order and are flagged
    (order-attachment, KC107); this beats (5).
(5) A list with one name ("75 mcg for adults and 30 mcg for children") shares that name.
(6) After binding, IU can only belong to a nutrient with a cited IU factor: an IU amount bound to
    vitamin K goes to the nearest name that has one. (A check step for amounts far outside the
    form's plausible band comes with the next issue.)
(7) One amount after names joined by "+" or "and" ("K1 + K2 : 90-120 µg") is their total: it gets
    the form they share (K), not the last name's (K2).
(8) What a name cannot own: a name after "not" or "without" names nothing; a name followed by a number of
    its own ("vitamin D 30-100 ng/mL", "Calcium 600 ...") names no amount beside it; a name that heads the
    next amount ("Vitamin K 200 mcg (as K1 100 mcg ...)", "Mg 200 mg, Vitamin K2 45 mcg") is not this
    amount's; and an amount headed by a word kcheck does not read ("Chromium 55 mcg") may be an untracked
    ingredient's, so it takes no name past a separator and no list's shared name.

A name right after a "per AMOUNT" ("10 mcg of K2 per 1000 IU of vitamin D3") is the basis of a
ratio, not an ingredient, and binds nothing.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

from kcheck.amounts import decimal_text, parts, to_micrograms
from kcheck.forms import Band, FormRegistry
from kcheck.label.lexicon import spelled
from kcheck.label.model import Problem
from kcheck.label.phrases import Name, Quantity, Stream, apposition, count_at, per_suffix
from kcheck.label.tokens import CODE_HYPHENS, Token

Group = list[Quantity]


def more_specific(a: str | None, b: str | None, forms: FormRegistry) -> str | None:
    """The more specific of two forms of one line of descent (K2, MK-7 -> MK-7), else None."""
    if a is None or b is None:
        return None
    if forms.is_ancestor(a, b):
        return b
    if forms.is_ancestor(b, a):
        return a
    return None


def affirmed(stream: Stream, names: list[Name]) -> list[Name]:
    """The names not right after a negation ('the MK-7 form (not MK-4)', 'without vitamin K'): those name what
    is left out, so they name no amount and refine no other name."""
    negations = stream.lexicon.negations
    if not negations:
        return names
    skipped = stream.lexicon.connectives["the"]
    kept = []
    for name in names:
        at = name.first - 1
        while at >= 0 and (stream.tokens[at].text in _QUOTES or stream.tokens[at].low in skipped):
            at -= 1
        if at < 0 or stream.tokens[at].low not in negations:
            kept.append(name)
    return kept


_QUOTES = frozenset("`'\"‘’“”*")
_TITLE_REACH = 12  # tokens from a name to the quote marks around a title it is in
_ASIDE_REACH = 12  # tokens back from a name to the bracket that opens the aside it is in


def untitled(stream: Stream, names: list[Name]) -> list[Name]:
    """The names not inside a quoted title ("In 'Death by Calcium' by Thomas E Levy MD, he recommends 45 mg"): a
    title's words are a mention, so they name no amount. A title has words besides the name and no number; a name
    quoted alone ('the "vitamin D" content') is still a name."""
    tokens = stream.tokens
    if not any(token.text in _QUOTES for token in tokens):
        return names  # most labels quote nothing
    return [name for name in names if not _in_title(tokens, name)]


def unrelated(stream: Stream, names: list[Name]) -> list[Name]:
    """The names that are not another substance's description ('a vitamin D analog', 'an analogue of Vitamin D',
    'the active vitamin D metabolite') or a measure's subject ('Vitamin D concentrations'): such a name says what the
    substance is like, or what was measured, not what a dose is of."""
    return [name for name in names if not _described(stream, name)]


def _described(stream: Stream, name: Name) -> bool:
    """A relation or measure noun right after the name ('vitamin D analog'), or a relation noun and 'of' before it."""
    lexicon = stream.lexicon
    after = stream.get(name.last + 1)
    if after is not None and (after.low in lexicon.relation_nouns or after.low in lexicon.measure_nouns):
        return True
    tokens = stream.tokens
    first = name.first
    if first < 2 or tokens[first - 1].low not in lexicon.connectives["of"]:
        return False
    return tokens[first - 2].low in lexicon.relation_nouns


def _in_title(tokens: list[Token], name: Name) -> bool:
    """Quote marks open before the name and close after it, words only between them, more words than the name's."""
    back = range(name.first - 1, max(name.first - 1 - _TITLE_REACH, -1), -1)
    ahead = range(name.last + 1, min(name.last + 1 + _TITLE_REACH, len(tokens)))
    opening = next((at for at in back if not _title_word(tokens[at])), -1)
    closing = next((at for at in ahead if not _title_word(tokens[at])), len(tokens))
    if opening < 0 or closing >= len(tokens):
        return False
    before, after = tokens[opening], tokens[closing]
    quoted = before.text in _QUOTES and after.text in _QUOTES and before.text != "*" and after.gap == 0
    opens = opening + 1 < len(tokens) and tokens[opening + 1].gap == 0 and (opening == 0 or before.gap > 0)
    return quoted and opens and closing - opening - 1 > name.last - name.first + 1


def _title_word(token: Token) -> bool:
    return token.kind in ("WORD", "NAME", "CONNECTIVE")


def _in_aside(stream: Stream, name: Name, group: Group) -> bool:
    """The name is in a bracketed aside that closes before the amount, with a word outside brackets between ('trials
    (including the Vitamin D and Omega-3 Trial trial described below) offered 10 to 50 mcg vitamin D3'): the aside
    mentions it, so it does not head the amount. A bracket that holds only the name ('(Vitamin D3) 25 mcg') still
    does, and so does a link's text ('[Vitamin D3 Vegan](https://...) 4000 ug')."""
    tokens = stream.tokens
    closing = _unmatched(tokens, range(name.last + 1, group[0].first), "([", ")]")
    if closing is None or not _bare_word(tokens[closing + 1 : group[0].first]):
        return False
    back = range(name.first - 1, max(name.first - 1 - _ASIDE_REACH, -1), -1)
    opening = _unmatched(tokens, back, ")]", "([")
    return opening is not None and closing - opening - 1 > name.last - name.first + 1  # words besides the name


def _unmatched(tokens: list[Token], scan: range, inward: str, outward: str) -> int | None:
    """The first token of the scan that closes a bracket the scan did not see open: forward a ')' or ']' (inward
    '(['), backward a '(' or '[' (inward ')]')."""
    depth = 0
    for at in scan:
        text = tokens[at].text
        if text in inward:
            depth += 1
        elif text in outward:
            if not depth:
                return at
            depth -= 1
    return None


def _bare_word(tokens: list[Token]) -> bool:
    """A word outside any bracket among the tokens ('offered'; not a link's '(https://...)')."""
    depth = 0
    for token in tokens:
        if token.text in "([":
            depth += 1
        elif token.text in ")]":
            depth = max(depth - 1, 0)
        elif token.kind == "WORD" and token.text.isalpha() and not depth:
            return True
    return False


def merge_appositions(stream: Stream, names: list[Name], forms: FormRegistry) -> list[Name]:
    """(3) 'Vitamin K2 (as menaquinone-7)' and 'vitamin D (cholecalciferol)' name one form each."""
    merged: list[Name] = []
    general: dict[int, str] = {}  # merged name -> the form before apposition refined it
    either: set[int] = set()  # merged names that are alternatives: a later apposition refines one of them only
    for name in names:
        last = merged[-1] if merged else None
        if last is not None and _alternative(stream, last, name, forms):
            # "vitamin D (cholecalciferol or ergocalciferol)", "vitamin D2 (ergocalciferol) or D3": alternatives
            # name only the form they share
            shared = general.get(last.first) or _either(stream, last, name, forms)
            if shared is not None:
                merged[-1] = Name(
                    last.first, name.last, last.start, name.end, stream.norm.text[last.start : name.end], shared
                )
                either.add(last.first)
                continue
        if merged and apposition(stream, merged[-1], name):
            last = merged[-1]
            specific = more_specific(last.form, name.form, forms)
            if specific is not None:
                if last.first in either:
                    specific = last.form  # '... or D3 (cholecalciferol)': it names D3 again, not the pair
                text = stream.norm.text[last.start : name.end]
                merged[-1] = Name(last.first, name.last, last.start, name.end, text, specific)
                if last.form is not None and specific != last.form:
                    general[last.first] = last.form
                continue
            if last.form != name.form and (last.form or name.form) and _bracketed(stream, last, name):
                # 'Vitamin K1 (menaquinone-7)', 'Calcitriol (Vitamin D3)': one amount, two substances named
                merged[-1] = _both(stream, last, name, forms)
                continue
        if merged and _blend(stream, merged[-1], name, forms):
            merged[-1] = _both(stream, merged[-1], name, forms)  # '200 mcg MK-7 and MK-4': one amount of both
            continue
        merged.append(name)
    return [_closed(stream, name) for name in merged]


_CLOSING = {"(": ")", "[": "]"}


def _closed(stream: Stream, name: Name) -> Name:
    """The name with the bracket it opened and did not close, when that bracket closes right after it:
    'Vitamin K2 (as menaquinone-7)', not 'Vitamin K2 (as menaquinone-7'."""
    text = name.text
    for opening, closing in _CLOSING.items():
        if text.count(opening) > text.count(closing):
            after = name.last + 1
            if after < len(stream.tokens) and stream.tokens[after].text == closing:
                end = stream.tokens[after].end
                return Name(name.first, name.last, name.start, end, stream.norm.text[name.start : end], name.form,
                            name.conflict)
    return name


def _both(stream: Stream, left: Name, right: Name, forms: FormRegistry) -> Name:
    """One name for two substances named for one amount: the form they share, and the two as its conflict."""
    shared = _common_form(left.form, right.form, forms)
    conflict = f"{_what(left, forms)} and {_what(right, forms)}"
    text = stream.norm.text[left.start : right.end]
    return Name(left.first, right.last, left.start, right.end, text, shared, conflict)


def _blend(stream: Stream, left: Name, right: Name, forms: FormRegistry) -> bool:
    """Two forms of one nutrient joined by 'and' right after an amount ('200 mcg MK-7 and MK-4', '25 mcg, D2 and
    D3 blend', '800 mg of vitamin K1 & K2'): the amount is of both. Names before their amounts ('K1 and K2 50/100
    mcg') are a list."""
    if left.form is None or right.form is None or left.form == right.form:
        return False
    if forms.form(left.form).nutrient != forms.form(right.form).nutrient:
        return False
    between = stream.tokens[left.last + 1 : right.first]
    if len(between) != 1 or between[0].low not in stream.lexicon.connectives["and"]:
        return False
    at = left.first - 1
    if at > 0 and (stream.tokens[at].text == "," or stream.tokens[at].low in stream.lexicon.connectives["of"]):
        at -= 1  # '25 mcg, D2 and D3 blend', '800 mg of vitamin K1 & K2'
    return at >= 0 and stream.tokens[at].kind == "UNIT"


def _bracketed(stream: Stream, left: Name, right: Name) -> bool:
    """The right name restates the left in brackets or after 'as' ('K1 (MK-7)'), not in a list ('K1, MK-7')."""
    as_words = stream.lexicon.connectives["as"]
    return any(t.text in "([" or t.low in as_words for t in stream.tokens[left.last + 1 : right.first])


def _what(name: Name, forms: FormRegistry) -> str:
    """A name's form code ('MK-7'), or its words when kcheck does not check it ('Calcitriol')."""
    return forms.form(name.form).code if name.form else name.text


def _either(stream: Stream, left: Name, right: Name, forms: FormRegistry) -> str | None:
    """'vitamin D2 or D3': two forms joined by an 'or' word (a list separator that is also a restatement
    marker) name the form they share; None for a plain list ('K1, K2') or one form twice."""
    between = {t.low for t in stream.tokens[left.last + 1 : right.first]}
    if left.form == right.form or not between & stream.lexicon.list_separators & stream.lexicon.restatement_markers:
        return None
    return _common_form(left.form, right.form, forms)


def _alternative(stream: Stream, left: Name, right: Name, forms: FormRegistry) -> bool:
    """'... or NAME' right after a name of the same nutrient (a list of alternative forms); a synonym of the
    same form ('vitamin K2 (menaquinone-7, MK-7)') is no alternative."""
    if left.form is None or right.form is None or left.form == right.form:
        return False
    if forms.form(left.form).nutrient != forms.form(right.form).nutrient:
        return False
    between = [t for t in stream.tokens[left.last + 1 : right.first] if t.text not in ")]"]  # '(ergocalciferol) or'
    return 0 < len(between) <= 2 and all(t.low in stream.lexicon.list_separators for t in between)


def basis_names(stream: Stream, names: list[Name], bases: Sequence[Quantity]) -> set[int]:
    """Names right after a 'per AMOUNT' basis ('per 1000 IU of vitamin D3'): not ingredients.

    A basis in grams is food ('84 IU per 100 g of vitamin D3'): the name after it is the dose's.
    """
    last_tokens = {base.last for base in bases if base.amount is None or base.amount.unit != "g"}
    of_words = stream.lexicon.connectives["of"]
    out = set()
    for name in names:
        before = stream.get(name.first - 1)
        after_of = before is not None and before.low in of_words and name.first - 2 in last_tokens
        if name.first - 1 in last_tokens or after_of:
            out.add(name.first)
    return out


def _bound_after(stream: Stream, end_token: int, name: Name) -> bool:
    """(1) Only '(', up to 3 punctuation marks, an adjective ('oral'), an 'of'/'as' and 'the' between an amount and a
    name."""
    at = end_token
    per = per_suffix(stream, at)
    if per is not None:
        at = per.last + 1
    of_words = stream.lexicon.connectives["of"] | {"as"}
    punct = 0
    state = 0  # 0: punctuation, 1: after of/as, 2: after "the"
    noun = False
    for index in range(at, name.first):
        token = stream.get(index)
        assert token is not None
        if state == 0 and token.kind == "COUNT" and not noun:
            noun = True  # "a single 420 µg dose of MK-7"
        elif state == 0 and token.gap and token.low in stream.lexicon.count_adjectives:
            pass  # "800 units/day oral vitamin D(3)"
        elif state == 0 and token.kind not in ("NAME", "WORD", "NUMBER", "FRACTION") and not token.text[0].isalnum():
            if token.text == "." and stream.tokens[index + 1].gap:
                return False  # a sentence ends: '1 scoop (5 g). Vitamin D3 25 mcg'
            punct += len(token.text) + (token.gap if punct else 0)
            if punct > 3:
                return False
        elif state < 1 and token.low in of_words:
            state = 1
        elif state < 2 and token.low in stream.lexicon.connectives["the"] and stream.tokens[index + 1].gap == 1:
            state = 2
        else:
            return False
    return True


def by_order(
    stream: Stream, groups: list[Group], names: list[Name], all_names: list[Name], forms: FormRegistry
) -> tuple[list[tuple[Group, Name | None]], Problem] | None:
    """(4) 'd3+k2 5000 iu 100 mcg': a run of names then a run of as many amounts, matched in order; or a run of
    amounts joined by '+' right before as many names ('5000 IU + 100 mcg D3, K2')."""
    tracked = list(names)  # untracked names count too: "Calcium + Vitamin D3 600 mg/800 IU"
    if len(tracked) < 2 or not groups or all(n.form is None for n in tracked):
        return None
    singles = [[q] for group in groups for q in group] if len(groups) < len(tracked) else groups
    if len(singles) == 1 and len(tracked) > 1:
        singles = [[arm] for arm in _arms(singles[0][0], len(tracked))]  # 'D3/K2 50/100 mcg'
    if len(singles) != len(tracked):
        return None
    if not (tracked[-1].end <= singles[0][0].start or _names_after(stream, singles, tracked)):
        return None
    if not _joined_names(stream, tracked):
        return None
    nutrients = [forms.form(n.form).nutrient if n.form else n.text.casefold() for n in tracked]
    if len(set(nutrients)) != len(nutrients):
        return None
    first, last = singles[0][0].start, singles[-1][0].start
    at = bisect.bisect_left([n.start for n in all_names], first)
    if at < len(all_names) and all_names[at].end <= last:
        return None
    pairs = ", ".join(
        f"{g[0].amount.text() if g[0].amount else '?'} -> {n.text}" for g, n in zip(singles, tracked, strict=True)
    )
    problem = Problem(
        "order-attachment",
        f"amounts matched to names by their order ({pairs}); check the label",
        stream.norm.span(tracked[0].start, singles[-1][-1].end),
    )
    factor_names = [n for n in tracked if n.form and forms.form(n.form).mcg_per_iu is not None]
    return [
        (group, compatible(group, name, factor_names, forms)) for group, name in zip(singles, tracked, strict=True)
    ], problem


def _joined_names(stream: Stream, names: list[Name]) -> bool:
    """Only '+', '&', '/', commas and one 'and' word at a time between the names: one run of them."""
    and_words = stream.lexicon.connectives["and"]
    joined = 0
    for index in range(names[0].first, names[-1].last + 1):
        token = stream.tokens[index]
        if token.kind == "NAME":
            joined = 0
        elif token.low in and_words and token.text[0].isalpha():
            joined += 1
            if joined > 1:
                return False
        elif token.text not in "+&/,":
            return False
    return True


def _names_after(stream: Stream, singles: list[Group], names: list[Name]) -> bool:
    """The amounts are joined by '+', each past its per at most, and the names follow the last right after it."""
    tokens = stream.tokens
    if names[0].start < singles[-1][-1].end:
        return False
    for left, right in itertools.pairwise(singles):
        if [t.text for t in tokens[left[-1].last + 1 : right[0].first] if t.kind != "PER"] != ["+"]:
            return False
    return all(t.kind == "PER" for t in tokens[singles[-1][-1].last + 1 : names[0].first])


def _arms(quantity: Quantity, count: int) -> list[Quantity]:
    """A list of exactly `count` amounts in one unit ('50/100 mcg') as one quantity per arm, else the quantity."""
    amount = quantity.amount
    if amount is None or amount.is_range or amount.candidates or len(amount.values) != count:
        return [quantity]
    return [
        Quantity(
            quantity.first,
            quantity.last,
            quantity.start,
            quantity.end,
            quantity.kind,
            replace(amount, values=(value,), number_text=decimal_text(value)),
        )
        for value in amount.values
    ]


def compatible(group: Group, choice: Name | None, factor_names: list[Name], forms: FormRegistry) -> Name | None:
    """(6) IU can only belong to a nutrient with a cited IU factor (vitamin D here)."""
    if group[0].kind != "iu" and (len(group) == 1 or all(q.kind != "iu" for q in group)):
        return choice
    if choice is not None and choice.form is None:
        choice = None  # IU is never an amount of calcium, DHA or another untracked ingredient
    if any(q.kind == "mass" for q in group) or choice is None or forms.form(choice.form).mcg_per_iu is not None:  # type: ignore[arg-type]
        return choice
    if not factor_names:
        return choice
    start = group[0].start
    at = bisect.bisect_left([n.start for n in factor_names], start)
    near = [factor_names[i] for i in (at - 1, at) if 0 <= i < len(factor_names)]
    return min(near, key=lambda n: abs(n.start - start))


def attach(
    stream: Stream, groups: list[Group], names: list[Name], forms: FormRegistry
) -> list[tuple[Group, Name | None]]:
    """(1), (2), (5) and (6): each group gets the name bound to it."""
    result: list[tuple[Group, Name | None]] = []
    starts = [n.start for n in names]
    factor_names = [n for n in names if n.form and forms.form(n.form).mcg_per_iu is not None]
    first_item_is_amount = bool(groups) and (not names or groups[0][0].start < names[0].start)
    taken: set[int] = set()  # names an amount took from after it: not the 'before' name of the next amount
    for index, group in enumerate(groups):
        start, end = group[0].start, group[-1].end
        next_start = groups[index + 1][0].start if index + 1 < len(groups) else len(stream.norm.text) + 1
        prev_end = groups[index - 1][-1].end if index > 0 else 0
        at = bisect.bisect_left(starts, end)
        after = names[at] if at < len(names) and names[at].start < next_start else None
        beyond = index + 1  # the next amount: past a bracket of amounts that says what this one is made of
        if after is None and at < len(names):
            beyond = _past_bracket(stream, groups, index, names[at])
            if beyond > index + 1:
                after = names[at]  # '1 mg (one 1 mg ampoule, or half a 2 mg ampoule) vitamin K'
        if after is not None and _bracket_of_amount_closes(stream, groups, index, after):
            after = None  # the bracket's amounts say what the amount before it is made of: its name is that amount's
        if after is not None and _sentence_ends(stream, group[-1].last + 1, after.first):
            after = None  # 'about 90 micrograms. It's best to get Vitamin K1 from food': another sentence's name
        back = bisect.bisect_left(starts, start) - 1
        before = names[back] if back >= 0 and names[back].start >= prev_end and names[back].end <= start else None
        if before is not None and (
            before.first in taken
            or ";" in stream.norm.text[before.end : start]
            or _measures(stream, before, group)
            or _in_aside(stream, before, group)
        ):
            before = None
        if (
            before is not None
            and back >= 1
            and names[back - 1].start >= prev_end
            and _example_of(stream, names[back - 1], before, forms)
        ):
            back -= 1
            before = names[back]  # 'vitamine D, en particulier de vitamine D3, ... 4 000 UI': vitamin D's
        stream.work += 2
        choice: Name | None
        bound = after is not None and _bound_after(stream, group[-1].last + 1, after)
        leads = bound and beyond < len(groups) and _leads(stream, after, groups[beyond])  # type: ignore[arg-type]
        unread = before is None and unread_head(stream, group, groups[index - 1][-1].last if index else -1) >= 0
        if before is None:
            # 'Mg 200 mg, Vitamin K2 45 mcg', 'Chromium 55 mcg + vitamin K2', 'Biotin 30 mcg Vitamin K1 100 mcg':
            # a name that heads the next amount past a separator, or any name after an amount headed by a word
            # kcheck does not know, past a separator or heading the next amount, is not this amount's
            tight = bound and not (
                (leads and unread) or ((leads or unread) and _apart(stream, group, after))  # type: ignore[arg-type]
            )
        else:
            # 'Vitamin K 200 mcg (as K1 100 mcg ...)': a name with an amount of its own is not the total's
            tight = (
                bound
                and not leads
                and (
                    first_item_is_amount
                    or _under_a_list(stream, group, before, after)  # type: ignore[arg-type]
                    or _of_between(stream, group, after)  # type: ignore[arg-type]
                    or _closer(stream, group, before, after, forms)  # type: ignore[arg-type]
                    or _refines(stream, group, before, after, forms)  # type: ignore[arg-type]
                )
            )
        if after is not None and tight:
            choice = after
        elif before is not None:
            choice = (shared_name(stream, names, back, forms) if back else None) or before
        elif after is not None and (
            bound or (beyond < len(groups) and _heads(stream, after, groups[beyond])) or _measures(stream, after)
        ):
            # '1 scoop (5 g). Vitamin D3 25 mcg': the name begins the next amount's item; '30 mcg/day ... vitamin D
            # 30-100 ng/mL': the name is of a measure of its own
            choice = None
        else:
            choice = after
        if choice is not None and choice is after:
            choice = _each_of(stream, names, at, group, forms) or choice  # '1mg each of Vitamin K1 and Vitamin K2'
        if choice is not None and choice is after and negation_before(stream, group) is None:
            taken.add(choice.first)  # what an amount is not ('not 400 IU vitamin D, but 667 IU') shares its name
        if (
            choice is None
            and not unread
            and result
            and result[-1][1] is not None
            and _same_clause(stream, result[-1][0], group)
        ):
            choice = result[-1][1]  # (5) "vitamin K 100 mcg for adults and 50 mcg for children"
        result.append((group, compatible(group, choice, factor_names, forms)))
    for index in range(len(result) - 2, -1, -1):
        group, name = result[index]
        following, shared = result[index + 1]
        nameless = name is None and not _of_unread(stream, group)  # '70 mg of free acid, and ...' is named
        if nameless and shared is not None and _same_clause(stream, group, following):
            result[index] = (group, shared)  # (5) "10 000 IU/kg and 300 000 IU vitamin D3"
    return result


def _of_unread(stream: Stream, group: Group) -> bool:
    """'70 mg of free acid, and 70 mcg of cholecalciferol': an 'of' and a word kcheck does not read right after the
    amount name what it is of, so it shares no later amount's name."""
    at = group[-1].last + 1
    of, word = stream.get(at), stream.get(at + 1)
    if of is None or word is None or of.low not in stream.lexicon.connectives["of"]:
        return False
    if word.low in stream.lexicon.connectives["the"]:
        word = stream.get(at + 2)  # 'of the free acid'
    return word is not None and word.kind == "WORD"


def _past_bracket(stream: Stream, groups: list[Group], index: int, name: Name) -> int:
    """The index of the next amount past a bracket that opens right after this one and holds amounts of its own,
    when the name comes after the bracket and before that amount ('inject 1 mg (one 1 mg ampoule, or half a 2 mg
    ampoule) vitamin K': the name is the first amount's); else index + 1."""
    tokens = stream.tokens
    opening = groups[index][-1].last + 1
    following = index + 1
    if following >= len(groups) or opening >= len(tokens) or tokens[opening].text not in "([":
        return index + 1
    closing = _unmatched(tokens, range(opening + 1, len(tokens)), "([", ")]")
    if closing is None or name.first < closing:
        return index + 1
    while following < len(groups) and groups[following][-1].last < closing:
        following += 1
    if following < len(groups) and groups[following][0].first < name.first:
        return index + 1
    return following


def _bracket_of_amount_closes(stream: Stream, groups: list[Group], index: int, name: Name) -> bool:
    """The group is inside a bracket that opened right after an amount, and the name comes after it closes."""
    tokens = stream.tokens
    closing = _unmatched(tokens, range(groups[index][-1].last + 1, name.first), "([", ")]")
    if closing is None:
        return False
    opening = _unmatched(tokens, range(groups[index][0].first - 1, -1, -1), ")]", "([")
    return opening is not None and any(g[-1].last == opening - 1 for g in groups[:index])


def negation_before(stream: Stream, group: Group) -> Token | None:
    """The negation that says what the amount is not: right before it ('contains not 400 IU, but 667 IU'), or
    earlier in its clause, past words only, when a contrast word follows the amount ('nicht wie bis vor einigen
    Jahren noch 400 I.E. Vitamin D, sondern 667 I.E.'); else None. A negation that turns a hedge round ('not over
    400 IU') is the hedge's."""
    tokens = stream.tokens
    first = group[0].first
    negations = stream.lexicon.hedge_negations
    if first < 1:
        return None
    if tokens[first - 1].low in negations:
        return tokens[first - 1]
    if not _contrast_after(stream, group[-1].last + 1):
        return None
    for at in range(first - 1, max(first - 1 - _NEGATION_REACH, -1), -1):
        token = tokens[at]
        if token.low in negations:
            return None if tokens[at + 1].kind == "HEDGE" else token
        if token.kind not in NEGATION_GAP:
            return None
    return None


def _contrast_after(stream: Stream, at: int) -> bool:
    """A contrast word ('but', 'sondern') after token `at`, before any other number or the clause's end."""
    tokens = stream.tokens
    contrasts = stream.lexicon.contrast_words
    for token in tokens[at : at + _NEGATION_REACH]:
        stream.work += 1
        if token.low in contrasts:
            return True
        if token.kind in ("NUMBER", "FRACTION") or token.text in (".", ";", ":"):
            return False
    return False


_NEGATION_REACH = 8  # 'nicht wie bis vor einigen Jahren noch 400 I.E.': a negation and up to seven words
NEGATION_GAP = frozenset({"WORD", "RANGE_SEP", "CONNECTIVE"})  # words, 'to' among them: no number, unit or name


def _bracketed_after_word(stream: Stream, group: Group) -> bool:
    """The amount opens a bracket right after a word kcheck does not read, a hedge at most between ('dietary fat
    (minimum 10-15g)'): a measure of what that word names, when it does not fit the name before it."""
    tokens = stream.tokens
    at = group[0].first - 1
    if at >= 0 and tokens[at].kind == "HEDGE":
        at -= 1
    return at >= 1 and tokens[at].text == "(" and tokens[at - 1].kind == "WORD" and spelled(tokens[at - 1].text)


def _word_before_name(stream: Stream, group: Group, name: Name) -> bool:
    """A word kcheck does not read follows the amount, and the name comes later ('500 mg vápníku (...). 25
    mikrogramů cholekalciferolu', '100g当たりのビタミンK'): it may name what the amount measures."""
    at = group[-1].last + 1
    if name.first <= at:
        return False
    token = stream.tokens[at]
    connectives = stream.lexicon.connectives
    return (
        token.kind == "WORD"
        and spelled(token.text)
        and token.low not in connectives["of"]
        and token.low not in connectives["as"]
        and token.low not in connectives["the"]
    )


def _example_of(stream: Stream, general: Name, name: Name, forms: FormRegistry) -> bool:
    """`name` is given as an example of `general`, a name of the same nutrient before it: a comma and an example
    phrase stand between them, an 'of' or article at most after it ('vitamina D, en particular la vitamina D3')."""
    if general.form is None or name.form is None:
        return False
    if forms.form(general.form).nutrient != forms.form(name.form).nutrient:
        return False
    between = stream.tokens[general.last + 1 : name.first]
    stream.work += len(between)
    if not between or between[0].text != ",":
        return False
    words = [token.low for token in between[1:]]
    connectives = stream.lexicon.connectives
    while words and (words[-1] in connectives["of"] or words[-1] in connectives["the"]):
        words.pop()
    return " ".join(words) in stream.lexicon.example_words


def _sentence_ends(stream: Stream, start: int, stop: int) -> bool:
    """A sentence ends between tokens `start` and `stop`: a full stop, '!' or '?' before a capitalised word, and
    not the stop of a short word's abbreviation ('Vit. K1', 'No. 5')."""
    tokens = stream.tokens
    for at in range(start, min(stop, len(tokens) - 1)):
        stream.work += 1
        token, following = tokens[at], tokens[at + 1]
        if token.text in _SENTENCE_STOPS and following.gap and following.text[:1].isupper():
            before = tokens[at - 1] if at else None
            if before is None or before.kind != "WORD" or len(before.text) > _ABBREVIATION_LETTERS:
                return True
    return False


_SENTENCE_STOPS = frozenset({".", "!", "?"})
_ABBREVIATION_LETTERS = 3  # a stop after a word this short may be its abbreviation's ('Vit.', 'No.')


def unread_head(stream: Stream, group: Group, previous: int) -> int:
    """The first token of words kcheck does not read that begin the amount's item ('Chromium 55 mcg', ', Mg 200
    mg', 'Potassium (K) 99 mg'), else -1: they may name an ingredient kcheck does not track, so no other name is
    lent to the amount. Words inside a clause ('to get either 800 IU') begin nothing. A colon or dash may stand
    between the words and their amount ('Chromium: 55 mcg', 'B12 - 500 mcg'), and a code's digits belong to its
    word ('B12', 'B-12')."""
    tokens = stream.tokens
    at = group[0].first - 1
    if at > previous and tokens[at].text in _HEAD_LINKS:
        at -= 1
    if at > previous + 1 and tokens[at].kind == "WORD" and tokens[at].text[0].isdigit() and not tokens[at].gap:
        at -= 2 if tokens[at - 1].text in CODE_HYPHENS and not tokens[at - 1].gap else 1
    depth = words = 0
    while at > previous:
        token = tokens[at]
        if token.text in ")]":
            depth += 1
        elif token.text in "([" and depth:
            depth -= 1
        elif not depth:
            if token.kind not in ("WORD", "UNIT") or not token.text[0].isalpha():
                return -1
            if at - 1 <= previous or _separates(stream, tokens[at - 1]):
                return at
            words += 1
            if words == _HEAD_WORDS:
                return -1
        at -= 1
    return -1


_HEAD_LINKS = frozenset(":-–—")
_HEAD_WORDS = 3  # 'Vitamin B12', 'Pantothenic Acid': an unread name has a word or two, a clause more


def _apart(stream: Stream, group: Group, name: Name) -> bool:
    """A separator stands between the amount (and its per) and the name after it: '30 mcg | Vitamin K1'."""
    at = group[-1].last + 1
    per = per_suffix(stream, at)
    if per is not None:
        at = per.last + 1
    return any(_separates(stream, token) for token in stream.tokens[at : name.first])


def _separates(stream: Stream, token: Token) -> bool:
    """Between two items of a list: a list word (',', 'and', '+') or a mark that is no bracket ('|', ';', '•')."""
    return (
        token.kind == "LIST_SEP"
        or token.low in stream.lexicon.connectives["and"]
        or not (token.text[0].isalnum() or token.text in _BRACKETS)
    )


_BRACKETS = frozenset("()[]")
_HEADING_ENDS = frozenset(":|")  # a colon, or a table's cell boundary, between a heading and its amounts


def _measures(stream: Stream, name: Name, group: Group | None = None) -> bool:
    """A number of its own follows the name ('vitamin D 30-100 ng/mL', 'Calcium 600+d (400u)'), past a colon or a
    closing bracket: a number that is not `group`'s and not a count ('Vitamin D3 2 bis 4 Tropfen à 500 I.E.')."""
    tokens = stream.tokens
    at = name.last + 1
    while at < len(tokens) and tokens[at].text in (":", ")", "]"):
        at += 1
    if at >= len(tokens) or tokens[at].kind != "NUMBER" or (group is not None and at == group[0].first):
        return False
    if count_at(stream, at) is not None:
        return False
    lexicon = stream.lexicon
    last = at + 2 if at + 2 < len(tokens) and tokens[at + 1].low in lexicon.range_separators else at
    after = stream.get(last + 1)
    # '2 x 1000 IU' counts doses, '1-3 y 2500 IU' lists ages with amounts: neither is a measure of the name's
    joins = (lexicon.times_words, lexicon.list_separators, lexicon.range_separators)
    return after is None or not any(after.low in words for words in joins)


def _leads(stream: Stream, name: Name, group: Group) -> bool:
    """The name stands right before the group, a colon or a bracket at most between: 'K1 100 mcg', 'VITAMIN D
    (400IU)'."""
    return all(token.text in (":", ")", "]", "(", "[") for token in stream.tokens[name.last + 1 : group[0].first])


def _closer(stream: Stream, group: Group, before: Name, after: Name, forms: FormRegistry) -> bool:
    """The name bound after the amount names it, not a name of the same nutrient a clause before
    ('vitamin K intake ... is ~80 μg phylloquinone/d': K1): at least three words stand between."""
    if before.form is None or after.form is None:
        return False
    if forms.form(before.form).nutrient != forms.form(after.form).nutrient:
        return False
    words = [t for t in stream.tokens[before.last + 1 : group[0].first] if t.kind == "WORD"]
    return len(words) >= CLAUSE_WORDS


def _under_a_list(stream: Stream, group: Group, before: Name, after: Name) -> bool:
    """The name before is the last of a heading's list ('Vitamin D3 + K2: 5000 IU D3, 100 mcg K2', a table's cell
    '| D3 + K2 | 2500 IU D3 + 100 mcg K2') and the name after stands right after the amount (past its per): the
    amount names itself from the list's names."""
    tokens = stream.tokens
    if before.first < 2 or tokens[before.first - 2].kind != "NAME" or not _separates(stream, tokens[before.first - 1]):
        return False
    if not any(token.text in _HEADING_ENDS for token in tokens[before.last + 1 : group[0].first]):
        return False
    at = group[-1].last + 1
    per = per_suffix(stream, at)
    return (per.last + 1 if per is not None else at) == after.first


def _refines(stream: Stream, group: Group, before: Name, after: Name, forms: FormRegistry) -> bool:
    """A more specific form of the name before stands right after the amount ('Vitamin K2 100 mcg MK-7 / 1 mg
    MK-4'), or a blend of its forms ('Vitamin K2 200 mcg MK-7 and MK-4'): it names the amount, and the general
    name heads the list."""
    if before.form is None or after.form is None or (before.form == after.form and after.conflict is None):
        return False
    if not forms.is_ancestor(before.form, after.form):
        return False
    at = group[-1].last + 1
    per = per_suffix(stream, at)
    return (per.last + 1 if per is not None else at) == after.first


CLAUSE_WORDS = 3  # words between a name and an amount that make them a clause apart, not one phrase


def _heads(stream: Stream, name: Name, group: Group) -> bool:
    """Only punctuation stands between the name and the group: it names that group ('Vitamin D3 25 mcg')."""
    between = stream.tokens[name.last + 1 : group[0].first]
    return all(not token.text[0].isalnum() and token.kind not in ("NAME", "NUMBER") for token in between)


def _common_form(a: str | None, b: str | None, forms: FormRegistry) -> str | None:
    """The most specific form both are (K1, K2 -> K), or None across nutrients."""
    if a is None or b is None:
        return None
    ancestors = []
    code: str | None = a
    while code is not None:
        ancestors.append(code)
        code = forms.form(code).parent
    code = b
    while code is not None and code not in ancestors:
        code = forms.form(code).parent
    return code


def shared_name(stream: Stream, names: list[Name], back: int, forms: FormRegistry) -> Name | None:
    """(7) 'K1 + K2 : 90-120 µg': an amount after names joined by '+' or 'and' is their total, so
    it gets the form they share (K), not the last name's; None when there is no such run."""
    run = [names[back]]
    while back - len(run) >= 0 and _joined(stream, names[back - len(run)], run[0]):
        run.insert(0, names[back - len(run)])
    return _common_name(stream, run, forms, names[back].form)


def _each_of(stream: Stream, names: list[Name], at: int, group: Group, forms: FormRegistry) -> Name | None:
    """(7) '1mg each of Vitamin K1 and Vitamin K2 (MK-7)': an amount that is each of the names joined by 'and' after
    it gets the form they share (K), not the first name's; None when no 'each' word or no such run."""
    apiece = stream.lexicon.apiece_words
    if not any(t.low in apiece for t in stream.tokens[group[-1].last + 1 : names[at].first]):
        return None
    run = [names[at]]
    while at + len(run) < len(names) and _joined(stream, run[-1], names[at + len(run)]):
        run.append(names[at + len(run)])
    return _common_name(stream, run, forms, names[at].form)


def _joined(stream: Stream, left: Name, right: Name) -> bool:
    """Only 'and' words, '+', '&' or commas between two names, after the left one's closing bracket at most
    ('ergocalciferol (vitamin D2) and cholecalciferol (vitamin D3)')."""
    and_words = stream.lexicon.connectives["and"]
    between = stream.tokens[left.last + 1 : right.first]
    if between and between[0].text == ")":
        between = between[1:]
    stream.work += len(between)
    return bool(between) and all(t.low in and_words or t.text in "+&," for t in between)


def _common_name(stream: Stream, run: list[Name], forms: FormRegistry, own: str | None) -> Name | None:
    """The run of names as one, with the form they share; None for one name, or no form shared other than `own`."""
    common = run[0].form
    for name in run[1:]:
        common = _common_form(common, name.form, forms)
    if len(run) < 2 or common is None or common == own:
        return None
    return Name(
        run[0].first, run[-1].last, run[0].start, run[-1].end, stream.norm.text[run[0].start : run[-1].end], common
    )


def _same_clause(stream: Stream, previous: Group, group: Group) -> bool:
    """Two amounts of one kind in a list (a list word, no name, sentence end or other amount between), or the
    second in a bracket right after the first: they share a name."""
    if previous[0].kind != group[0].kind:
        return False
    between = stream.tokens[previous[-1].last + 1 : group[0].first]
    stream.work += len(between)
    durations = [
        i
        for i, t in enumerate(between[:-1])
        if t.kind == "NUMBER" and stream.lexicon.units.get(between[i + 1].low) == "time"
    ]
    numbers = [i for i, t in enumerate(between) if t.kind in ("NUMBER", "FRACTION")]
    if numbers != durations:  # "5000 IU daily for 80 days) or stoss (100 000 IU": a duration is no amount
        return False
    listed = any(t.low in stream.lexicon.list_separators for t in between)
    # '45 mg/day (15 mg tid)': a bracket right after the amount (and its per) holds its split
    split = bool(between) and between[-1].text in ("(", "[") and all(t.kind == "PER" for t in between[:-1])
    apart = any(t.kind == "NAME" or t.text in (".", ";") for t in between)
    return (listed or split) and len(between) <= 8 and not apart


def _of_between(stream: Stream, group: Group, name: Name) -> bool:
    """An 'of' or 'as' word between an amount and the name after it: '10 mcg of vitamin K2'."""
    words = stream.lexicon.connectives["of"] | stream.lexicon.connectives["as"]
    return any(token.low in words for token in stream.tokens[group[-1].last + 1 : name.first])


BAND_MARGIN = 100  # two orders of magnitude outside a form's plausible band


def band_check(
    stream: Stream, attached: list[tuple[Group, Name | None]], names: list[Name], forms: FormRegistry
) -> list[tuple[Group, Name | None]]:
    """(6) An amount orders of magnitude outside its form's plausible band ('Calcium + Vitamin D3
    600 mg') opening a bracket after a word kcheck does not read is that word's ('dietary fat (minimum 10-15g)');
    it goes to the nearest other substance named in the string, when there is one; else, when a slash
    or a plus pairs it with a strength the form can have ('Adcal D3 (1.5g/10microg)', 'Calcimed D3 1000 mg +
    880 U.I.': calcium and D3 in one tablet), the name goes to that strength and the other keeps none."""
    out = list(attached)
    for index, (group, name) in enumerate(attached):
        if name is None or name.form is None:
            continue
        paired = _paired(stream, out, index)
        if (
            paired is None
            and (_bracketed_after_word(stream, group) or _word_before_name(stream, group, name))
            and _in_band(group, name, forms) is False
        ):
            # 'MK-7 ... with dietary fat (minimum 10-15g)', '500 mg vápníku ... vitamin D3': the fat's, the calcium's
            out[index] = (group, None)
            following = out[index + 1] if index + 1 < len(out) else None
            if (
                following is not None
                and following[1] is None
                and group[-1].last < name.first
                and name.last < following[0][0].first
                and _in_band(following[0], name, forms) is not False
            ):
                out[index + 1] = (following[0], name)  # '100g当たりのビタミンK含有量は930μg': the next amount's
            continue
        if (len(names) < 2 and paired is None) or _in_band(group, name, forms) is not False:
            continue  # nowhere else the amount could go (most labels: the band is not worked out), or it fits
        nutrient = forms.form(name.form).nutrient
        others = [n for n in names if n.form is None or forms.form(n.form).nutrient != nutrient]
        if others:
            start = group[0].start
            out[index] = (group, min(others, key=lambda n: (abs(n.start - start), n.start)))
            continue
        if paired is not None and out[paired][1] in (None, name) and _in_band(out[paired][0], name, forms) is not False:
            out[index], out[paired] = (group, None), (out[paired][0], name)
    return out


def _in_band(group: Group, name: Name, forms: FormRegistry) -> bool | None:
    """Whether the group's mass is within the named form's plausible band (None: no band, or not a plain mass)."""
    assert name.form is not None
    band = forms.form(name.form).band
    amount = group[0].amount
    if band is None or amount is None or amount.unit not in ("mcg", "mg", "g") or amount.ambiguous:
        return None
    return _within(to_micrograms(amount.low, amount.unit), band)


def _paired(stream: Stream, attached: list[tuple[Group, Name | None]], index: int) -> int | None:
    """The group a slash or plus right after this one's unit joins it to ('1000mg/800unit', '1000 mg + 880 U.I.'),
    or the one it is joined to."""
    for before, after in ((index, index + 1), (index - 1, index)):
        if before >= 0 and after < len(attached):
            last, first = attached[before][0][-1].last, attached[after][0][0].first
            if first == last + 2 and stream.tokens[last + 1].text in _PAIRING:
                return after if before == index else before
    return None


_PAIRING = frozenset({"/", "+"})  # between two strengths of one tablet's ingredients


def _within(ug: Fraction, band: Band) -> bool:
    """low / BAND_MARGIN <= ug <= high * BAND_MARGIN, cross-multiplied (Fraction arithmetic builds new values)."""
    n, d = parts(ug)
    low_top, low_bottom = parts(band.low_ug)
    high_top, high_bottom = parts(band.high_ug)
    return low_top * d <= BAND_MARGIN * n * low_bottom and n * high_bottom <= BAND_MARGIN * high_top * d


def refine_trailing(
    stream: Stream,
    attached: list[tuple[Group, Name | None]],
    names: list[Name],
    ends: list[tuple[int, int]],
    forms: FormRegistry,
) -> list[tuple[Group, Name | None]]:
    """(3) 'vitamin d 10 mcg (400 iu) (from cholecalciferol)': a name right after refines the form."""
    used = {name.first for _, name in attached if name is not None}
    unused = [name for name in names if name.first not in used and name.form is not None]
    if not unused:
        return attached  # every name binds an amount: none is left to refine one
    refined = list(attached)
    end_offsets = [offset for _, offset in ends]
    for name in unused:
        position = bisect.bisect_right(end_offsets, name.start) - 1
        if position < 0:
            continue
        group, current = refined[position]
        specific = more_specific(current.form if current else None, name.form, forms)
        if (
            current
            and specific
            and (_trailing(stream, ends[position][0], name) or _in_clause(stream, ends[position][0], name, current))
        ):
            refined[position] = (group, replace(current, form=specific))
    return refined


def _in_clause(stream: Stream, at: int, name: Name, current: Name) -> bool:
    """(3) 'vitamin K2, taken as 30 mg (milligrams) of the MK-4 form': a more specific name later in the
    clause, with no number, sentence end or other name (the amount's own name aside) in between."""
    between = range(at, name.first)
    if len(between) > 8:
        return False
    words = stream.lexicon.connectives["of"] | stream.lexicon.connectives["as"] | stream.lexicon.connectives["the"]
    for index in between:
        token = stream.tokens[index]
        stream.work += 1
        if token.kind == "NAME":
            if not current.first <= index <= current.last:
                return False
        elif (
            token.kind in ("WORD", "CONNECTIVE", "PER", "FREQ", "NUMBER", "FRACTION") and token.low not in words
        ) or token.text in (".", ";"):
            return False
    return True


def _trailing(stream: Stream, at: int, name: Name) -> bool:
    """{ ")" | "]" } [ "(" | "[" | "," ] [ as_word ] name."""
    as_words = stream.lexicon.connectives["as"]
    state = 0
    for index in range(at, name.first):
        token = stream.get(index)
        assert token is not None
        if state == 0 and token.text in ")]":
            continue
        if state < 1 and token.text in ("(", "[", ","):
            state = 1
        elif state < 2 and token.low in as_words:
            state = 2
        else:
            return False
    return True
