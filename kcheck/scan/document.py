"""One document -> ScannedDocument: sentences read by the label reader, forms taken from context, claims checked.

The steps, each a function below:

    structure   blocks, headings (sections) and sentences of the masked text (kcheck.scan.text)
    read        each sentence through the label reader; a list's arms become one claim each
    context     an amount with no name takes the one form its sentence names, else the form of
                the section's headings, its earlier sentences, the title, the document's earlier
                sentences; a broad name (K2) is kept, never narrowed to a form named elsewhere;
                a list item takes the frequency and claim kind of the sentences leading into it
    kind        the claim kind from the cue words of the sentence (data/lexicon.yaml `prose`)
    check       the engine's checks on each claim, the rules that fit its kind, located at line:col
    document    findings about the document as a whole (`document_findings`)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from fractions import Fraction

from kcheck import engine
from kcheck.data import default_lexicon, evidence_for
from kcheck.errors import UnreadableLabel
from kcheck.forms import FormRegistry
from kcheck.label import parse_label, stream_of
from kcheck.label.model import Candidate, Ingredient, Label, Problem, Span
from kcheck.label.phrases import Stream
from kcheck.label.phrases import scan as phrase_scan
from kcheck.label.tokens import Token
from kcheck.limits import LABEL_MAX_CHARS, long_number
from kcheck.regimens import Registry
from kcheck.report import Finding
from kcheck.scan import evidence
from kcheck.scan.lexicon import ProseLexicon, default_prose
from kcheck.scan.model import (
    SAME_DIGIT_KINDS,
    Claim,
    ScannedDocument,
    Section,
    Sentence,
    finding_order,
    line_starts,
    span_position,
)
from kcheck.scan.text import TABLE_RULE, Block, blocks, mask, sentences, tabular, trim

PROSE_CODES = ("KC102", "KC103", "KC105", "KC107", "KC402", "KC404")
"""Rules every claim gets: what limits its reading, restatements that disagree, menadione.

An amount the scan declines (a zero, an increment, the basis of a rate, a list with no unit) has
its reason in the claim's candidates, not a finding: the document is not wrong to state it.
"""
TAKEN_CODES = ("KC104", "KC301", "KC304", "KC302", "KC303", "KC305", "KC306", "KC307", "KC308", "KC309", "KC401")
"""Rules only for what a reader might take (SAME_DIGIT_KINDS): a trial arm or an intake is not advice."""
_CLAUSE_END = re.compile(r"[;:]")
_DOSE_UNITS = ("mcg", "mg", "g", "IU", "units")


@dataclass(frozen=True)
class _Named:
    """A tracked name in a sentence: where, which form, which nutrient."""

    span: Span
    form: str
    nutrient: str


_ADULT = engine.Settings()


@dataclass(frozen=True)
class _Document:
    """What every claim of one document is read against."""

    path: str
    text: str
    masked: str
    starts: list[int]
    sections: list[Section]
    read: list[Sentence]
    abbreviations: dict[str, str]
    registry: Registry
    settings: engine.Settings
    prose: ProseLexicon
    items: set[int]
    """The sentences that are list items or table rows."""
    named_before: list[int | None] = field(default_factory=list)
    """Per sentence, the nearest earlier sentence (not a heading) that names one form, else None."""
    named: dict[int, tuple[str, Span]] = field(default_factory=dict)
    """The form each such sentence names, and where."""


def scan_text(path: str, text: str, registry: Registry, settings: engine.Settings = _ADULT) -> ScannedDocument:
    """Read every dose claim of one document and check it; never raises on any text."""
    prose = default_prose()
    masked = mask(text)
    sections, read, items = _structure(text, masked, registry.forms, prose)
    abbreviations = _abbreviations(masked, read, registry.forms)
    doc = _Document(
        path, text, masked, line_starts(text), sections, read, abbreviations, registry, settings, prose, items
    )
    last: int | None = None
    for index, sentence in enumerate(read):
        doc.named_before.append(last)
        found = None if sentence.heading else _form_of(doc, sentence)
        if found is not None:
            doc.named[index] = found
            last = index
    claims = []
    for index, sentence in enumerate(read):
        ingredients = _read(masked, sentence, registry.forms, prose)
        bound = frozenset(i.spans["name"] for i in ingredients if "name" in i.spans)  # names an amount took
        claims += [_claim(doc, index, ingredient, bound) for ingredient in ingredients]
    document = ScannedDocument(path, text, tuple(sections), tuple(read), tuple(claims))
    return replace(document, findings=tuple(sorted(document_findings(document, registry, settings), key=finding_order)))


def document_findings(document: ScannedDocument, registry: Registry, settings: engine.Settings) -> list[Finding]:
    """Findings about several claims or sentences at once: the evidence checks (KC6xx)."""
    return list(evidence.check_document(document, evidence_for(registry), settings.market))


# ---------------------------------------------------------------- structure


def _structure(
    text: str, masked: str, forms: FormRegistry, prose: ProseLexicon
) -> tuple[list[Section], list[Sentence], set[int]]:
    """Sections, sentences (each knows its innermost section) and which sentences are list items or table rows."""
    sections: list[Section] = []
    read: list[Sentence] = []
    items: set[int] = set()
    open_levels: list[tuple[int, int]] = []  # (level, section index) of the headings still open
    for block in blocks(text, masked):
        if block.level is not None:
            span = _heading_span(masked, block)
            level = block.level if block.level else 7  # a plain-text heading sits below every '#'
            while open_levels and open_levels[-1][0] >= level:
                open_levels.pop()
            named = _names(masked[span[0] : span[1]], forms)
            form = _one_form(named, forms)
            sections.append(Section(text[span[0] : span[1]], block.level, span, (block.end, len(text)), form))
            open_levels.append((level, len(sections) - 1))
            read.append(Sentence(text[span[0] : span[1]], span, len(sections) - 1, True))
            continue
        section = open_levels[-1][1] if open_levels else None
        for start, end in sentences(masked, block, prose.abbreviations, LABEL_MAX_CHARS):
            if block.item or tabular(masked[start:end]):
                items.add(len(read))
            read.append(Sentence(text[start:end], (start, end), section))
    return _close_sections(sections, len(text)), read, items


def _heading_span(masked: str, block: Block) -> Span:
    return trim(masked, block.start, block.end) or (block.start, block.end)


def _close_sections(sections: list[Section], end: int) -> list[Section]:
    """Each section's body ends where the next heading of its level or a higher one starts (one pass)."""
    ends = [end] * len(sections)
    open_sections: list[int] = []
    for index, section in enumerate(sections):
        level = section.level or 7
        while open_sections and (sections[open_sections[-1]].level or 7) >= level:
            ends[open_sections.pop()] = section.span[0]
        open_sections.append(index)
    return [replace(section, body=(section.span[1], ends[i])) for i, section in enumerate(sections)]


def _names(text: str, forms: FormRegistry) -> list[_Named]:
    """The tracked names in a text, as the label reader's tokenizer finds them."""
    stream = stream_of(text, forms)
    found = []
    for token in stream.tokens:
        if token.kind == "NAME" and isinstance(token.value, str):
            form = forms.form(token.value)
            found.append(_Named(token.span, form.code, form.nutrient))
    return found


def _names_other(doc: _Document, sentence: Sentence) -> bool:
    """The sentence names an ingredient kcheck does not check ('| Vitamin E (as dl-alpha tocopheryl acetate) | 30
    IU |'): a nameless amount in it may be that ingredient's, so it inherits no vitamin's form."""
    return _names_untracked(doc.masked[sentence.span[0] : sentence.span[1]], doc.registry.forms)


def _one_form(named: list[_Named], forms: FormRegistry) -> str | None:
    """The one form these names agree on: the most specific of one line of descent, else their common ancestor."""
    if not named:
        return None
    codes = [n.form for n in named]
    if len({n.nutrient for n in named}) > 1:
        return None
    best = codes[0]
    for code in codes[1:]:
        if forms.is_ancestor(best, code):
            best = code
        elif not forms.is_ancestor(code, best):
            common = _common_ancestor(best, code, forms)
            if common is None:
                return None
            best = common
    return best


def _common_ancestor(a: str, b: str, forms: FormRegistry) -> str | None:
    code: str | None = a
    while code is not None:
        if forms.is_ancestor(code, b):
            return code
        code = forms.form(code).parent
    return None


# ---------------------------------------------------------------- read


def _read(masked: str, sentence: Sentence, forms: FormRegistry, prose: ProseLexicon) -> list[Ingredient]:
    """The amounts of one sentence, without restatements ('5000 micrograms or 5 mg'), a hedge before a list shared
    by the list ('up to 84 IU ..., 84 IU ... and 89 IU'); spans relative to the sentence."""
    text = masked[sentence.span[0] : sentence.span[1]]
    read = _restatements_dropped(text, list(_amounts(masked, sentence, forms, prose)), prose)
    for index in range(1, len(read)):
        previous, ingredient = read[index - 1], read[index]
        if ingredient.bound is not None or previous.bound not in _SHARED_BOUNDS:
            continue
        between = text[previous.amount.span[1] : ingredient.amount.span[0]]
        if prose.list_joint.search(between) and not prose.hedges.search(between) and not _CLAUSE_END.search(between):
            read[index] = replace(ingredient, bound=previous.bound)
    return read


_SHARED_BOUNDS = ("up-to", "at-least")


def _restatements_dropped(text: str, read: list[Ingredient], prose: ProseLexicon) -> list[Ingredient]:
    """'1000 micrograms or 1 mg of MK4': an amount of another unit and the same mass, right after an amount
    with only a restatement marker between, says that amount again; it is not a second claim."""
    kept: list[Ingredient] = []
    for ingredient in read:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and ingredient.amount_ug is not None
            and ingredient.amount_ug == previous.amount_ug
            and ingredient.amount.unit != previous.amount.unit
            and text[previous.amount.span[1] : ingredient.amount.span[0]].strip().lower() in prose.restatements
        ):
            continue
        kept.append(ingredient)
    return kept


def _amounts(masked: str, sentence: Sentence, forms: FormRegistry, prose: ProseLexicon) -> Iterator[Ingredient]:
    """The amounts of one sentence, a list's arms one by one; spans relative to the sentence.

    Not a dose: an amount in a quoted search query, or after words that make it a number, a price
    or a reference ('the number 45'). An increment ('for every 10 µg increase') is declined.
    """
    text = masked[sentence.span[0] : sentence.span[1]]
    if long_number(text) is not None or not any(c.isnumeric() for c in text):
        return
    try:
        label = parse_label(text, forms)
    except UnreadableLabel:
        return
    queries = _search_queries(text, prose)
    stream = stream_of(text, forms)  # the reader's own stream is changed by reading: this one is only looked at
    tokens = stream.tokens
    # another amount's own 'a day' ('45 mg a day, split into three doses of 15 mg') is lent to no other
    owned = [i.spans["per"] for i in label.ingredients if i.per == "day" and "per" in i.spans]
    frequencies = [
        f for f in _frequencies(text, stream, prose) if not any(a <= f[0][0] and f[0][1] <= b for a, b in owned)
    ]
    conversions = _conversions(text, label.ingredients, prose)
    for ingredient in label.ingredients:
        ingredient = _times_before(tokens, _clause_frequency(text, ingredient, frequencies))
        amount = ingredient.amount
        start, end = amount.span
        if amount.unit not in _DOSE_UNITS or prose.not_doses.search(text, 0, start):
            continue
        if amount.unit == "units" and ingredient.spans.get("name") is None:
            continue  # '50,000 units of vitamin D' is IU; 'units' that name no vitamin are not read in prose
        if start in conversions or prose.weighed.search(text, 0, start):
            continue
        if amount.unit == "g" and prose.food_basis.search(text, 0, start):
            continue
        if any(q_start <= start and end <= q_end for q_start, q_end in queries):
            continue
        if prose.increment_before.search(text, 0, start) and prose.increment_after.match(text, end):
            yield _declined(ingredient, amount.span, f"'{text[start:end]}' is an increment, not a dose")
        elif prose.rate.search(text, 0, start) or (
            prose.increment_before.search(text, 0, start) and prose.rate_after.search(text, end)
        ):
            # '0.46 ng/mL for 100 IU', 'Each 100 IU of daily vitamin D raises the level by about 1 ng/mL'
            yield _declined(ingredient, amount.span, f"'{text[start:end]}' is the basis of a rate, not a dose")
        elif len(amount.values) > 1 and not amount.is_range:
            yield from _arms(text, ingredient, tokens)
        elif amount.is_range and _changed(text, start, prose):
            yield from _arms(text, ingredient, tokens, change=True)
        else:
            yield ingredient
    yield from _unitless_lists(label.ingredients, tokens)


def _conversions(text: str, ingredients: tuple[Ingredient, ...], prose: ProseLexicon) -> set[int]:
    """Where the amounts of a unit conversion start: '1 mcg is equivalent to 40 IU' and '40 IU equals 1
    microgram' state no dose (one unit of one side, in another unit on the other)."""
    starting = {i.amount.span[0]: i.amount for i in ingredients}
    found = set()
    for ingredient in ingredients:
        amount = ingredient.amount
        link = prose.conversion.match(text, amount.span[1])
        if link is None:
            continue
        restated = next((e for e in ingredient.equivalents if e.span[0] == link.end()), None)  # '40 IU = 1 mcg'
        other = starting.get(link.end()) or restated
        if other is None or amount.is_range or other.is_range or amount.unit == other.unit:
            continue
        if (1,) in (amount.values, other.values):
            found |= {amount.span[0], other.span[0]}
    return found


def _unitless_lists(ingredients: tuple[Ingredient, ...], tokens: list[Token]) -> Iterator[Ingredient]:
    """'a dose of 50,000, 100,000 or 200,000 IU ..., followed by 25,000, 50,000 or 100,000 at Week 4': a
    list with no unit, as long as a dose list of the sentence and of its size, is declined with that
    list's unit as the likely reading (kcheck never borrows a unit silently)."""
    lists = [i for i in ingredients if len(i.amount.values) > 1 and not i.amount.is_range]
    if not lists:
        return
    taken = [i.amount.span for i in ingredients]
    index = 0
    while index < len(tokens):
        run = [index]
        at = index
        while at + 2 < len(tokens) and tokens[at + 1].kind == "LIST_SEP" and tokens[at + 2].kind == "NUMBER":
            at += 2
            run.append(at)
        if tokens[index].kind != "NUMBER" or len(run) < 2:
            index += 1
            continue
        index = at + 1
        following = tokens[at + 1] if at + 1 < len(tokens) else None
        numbers = [tokens[i] for i in run]
        if following is not None and following.kind in ("UNIT", "COUNT", "NUMBER", "FRACTION"):
            continue
        if any(a <= n.span[0] < b for n in numbers for a, b in taken):
            continue
        values = [n.value.value for n in numbers]
        for model in lists:
            low, high = min(model.amount.values), max(model.amount.values)
            if len(model.amount.values) == len(values) and all(low / 10 <= v <= high * 10 for v in values):
                yield from (_unitless(model, token, value) for token, value in zip(numbers, values, strict=True))
                break


def _unitless(model: Ingredient, token: Token, value: Fraction) -> Ingredient:
    """One number of a unitless list, declined, with the reading in the unit of the list it parallels."""
    unit = model.amount.unit
    factor = _factor(model)
    reason = f"no unit is written after '{token.text}'; the list before it is in {unit}"
    reading = Candidate(f"{token.text} {unit}", value * factor if factor is not None else None, reason)
    amount = replace(model.amount, values=(value,), span=token.span, number_text=token.text, unit_text="")
    declined = replace(model, amount=amount, spans={"amount": token.span}, problems=(), bound=None)
    return replace(_declined(declined, token.span, reason), candidates=(reading,))


def _times_before(tokens: list[Token], ingredient: Ingredient) -> Ingredient:
    """'3 x 15 mg doses (daily)', '3 × 2,000 IU ... a week': the reader's one xN rule written before the amount,
    N doses a day (times the clause's frequency), only up to the lexicon's `times_max`, before 'doses' or in a
    clause with a frequency, and not before units that are not doses ('2 x 500 mg tablets' may be a pack)."""
    start, end = ingredient.amount.span
    at = next((i for i, t in enumerate(tokens) if t.span[0] == start), None)
    after = next((t for t in tokens if t.span[0] >= end), None)
    if at is None or at < 2:
        return ingredient
    number, times = tokens[at - 2], tokens[at - 1]
    lexicon = default_lexicon()
    if number.kind != "NUMBER" or not number.text.isdigit() or times.low not in ("x", "×") or len(number.text) > 1:
        return ingredient
    count = int(number.text)
    if not 1 <= count <= lexicon.times_max:
        return ingredient
    noun = lexicon.count_nouns.get(after.low) if after is not None and after.kind == "COUNT" else None
    if noun != "dose" and (noun is not None or ingredient.doses_per_day is None):
        return ingredient  # '2 x 500 mg tablets'; '3 × 2,000 IU, about 850 IU per day': of what period? (declined)
    value = count * (ingredient.doses_per_day or 1)
    return _with_frequency(ingredient, Fraction(value), f"{number.text} {times.text}", (number.span[0], times.span[1]))


def _frequencies(text: str, stream: Stream, prose: ProseLexicon) -> list[tuple[Span, Fraction | None, str]]:
    """The sentence's frequencies as the label reader finds them, and its daily nouns: (span, doses a day, words)."""
    found = [
        (stream.norm.span(f.start, f.end), f.value, text[slice(*stream.norm.span(f.start, f.end))])
        for f in phrase_scan(stream).frequencies
        if not f.total
    ]
    return found + [(m.span(), Fraction(1), m.group()) for m in prose.daily_nouns.finditer(text)]


def _clause_frequency(
    text: str, ingredient: Ingredient, frequencies: list[tuple[Span, Fraction | None, str]]
) -> Ingredient:
    """An amount the reader gave no frequency takes the nearest one in its clause ('a daily supplement
    with 400 IU and 800 IU'): prose states it once for a whole list, before or after the amounts."""
    if not ingredient.per_assumed or ingredient.doses_per_day is not None or ingredient.per_kg:
        return ingredient
    start, end = ingredient.amount.span
    low = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    after = _CLAUSE_END.search(text, end)
    high = after.start() if after else len(text)
    inside = [f for f in frequencies if low <= f[0][0] and f[0][1] <= high and f[1] is not None]
    if not inside:
        return ingredient
    span, value, words = min(inside, key=lambda f: min(abs(f[0][0] - end), abs(start - f[0][1])))
    assert value is not None
    return _with_frequency(ingredient, value, words, span)


def _with_frequency(ingredient: Ingredient, value: Fraction, words: str, span: Span | None) -> Ingredient:
    """The ingredient taken `value` times a day, as `words` say (at `span` of its sentence, when there)."""
    daily = ingredient.amount_ug * value if ingredient.amount_ug is not None else None
    high = ingredient.amount_ug_high * value if ingredient.amount_ug_high is not None else None
    spans = dict(ingredient.spans, frequency=span) if span is not None else ingredient.spans
    return replace(
        ingredient, doses_per_day=value, frequency_text=words, daily_ug=daily, daily_ug_high=high, spans=spans
    )


_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]{1,2000})[\"“”„«»]")


def _search_queries(text: str, prose: ProseLexicon) -> list[Span]:
    """Quoted texts with two or more search operators ('(2000 IU) OR (50ug)')."""
    return [
        match.span()
        for match in _QUOTED.finditer(text)
        if sum(word in prose.search_operators for word in match.group(1).split()) >= 2
    ]


def _changed(text: str, start: int, prose: ProseLexicon) -> bool:
    """'increasing from 10 mcg to 20 mcg': a word of change, then 'from', right before the range."""
    before = text[:start].rstrip()
    if not before.lower().endswith("from"):
        return False
    clause = before[max((m.end() for m in _CLAUSE_END.finditer(before)), default=0) :]
    return prose.change.search(clause) is not None


def _declined(ingredient: Ingredient, span: Span, reason: str) -> Ingredient:
    """The ingredient with no amount read, and why."""
    return replace(
        ingredient,
        amount_ug=None,
        amount_ug_high=None,
        values_ug=(),
        daily_ug=None,
        daily_ug_high=None,
        candidates=(Candidate(ingredient.amount.text(), None, reason),),
        problems=(*ingredient.problems, Problem(UNREAD, reason, span)),
    )


def _arms(text: str, ingredient: Ingredient, tokens: list[Token], change: bool = False) -> Iterator[Ingredient]:
    """'0, 300, 600 and 1500 μg/day': one ingredient per arm, each number its own span (the last with the unit).

    With `change`, the two ends of 'from 10 mcg to 20 mcg' are two values, each with its own unit.
    """
    amount = ingredient.amount
    start, end = amount.span
    tokens = [t for t in tokens if start <= t.span[0] < end]
    numbers = [t for t in tokens if t.kind == "NUMBER"]
    if len(numbers) != len(amount.values):
        yield ingredient
        return
    ends = [t.span[1] for t in numbers]
    if change:
        ends[0] = max(t.span[1] for t in tokens if t.span[0] < numbers[1].span[0] and t.kind != "RANGE_SEP")
    ends[-1] = end
    factor = _factor(ingredient)
    for index, (token, value) in enumerate(zip(numbers, amount.values, strict=True)):
        span = (token.span[0], ends[index])
        arm = replace(
            amount,
            values=(value,),
            is_range=False,
            span=span,
            number_text=token.text,
            candidates=(),
            candidate_reasons=(),
            out_of_range="" if value else amount.out_of_range,
        )
        spans = dict(ingredient.spans, amount=span)
        if value == 0:
            reason = f"'{text[span[0] : span[1]]}' is zero: a zero dose is not a dose"
            zero = replace(ingredient, amount=replace(arm, out_of_range="zero"), spans=spans, problems=())
            yield _declined(zero, span, reason)
            continue
        problems = tuple(p for p in ingredient.problems if p.kind != "number-out-of-range")
        ug = value * factor if factor is not None else None
        per_day = _per_day(ingredient)
        yield replace(
            ingredient,
            amount=arm,
            amount_ug=ug,
            amount_ug_high=None,
            values_ug=(),
            daily_ug=ug * per_day if ug is not None and per_day is not None else None,
            daily_ug_high=None,
            candidates=() if ug is not None else ingredient.candidates,
            problems=problems,
            spans=spans,
        )


_MASS = {"mcg": Fraction(1), "mg": Fraction(1000), "g": Fraction(1_000_000)}


def _factor(ingredient: Ingredient) -> Fraction | None:
    """Micrograms per unit of this amount: the reader's own where it read one, else the unit's mass."""
    amount = ingredient.amount
    for value, ug in zip(amount.values, ingredient.values_ug, strict=False):
        if value:
            return ug / value
    if ingredient.amount_ug is not None and amount.values[0]:
        return ingredient.amount_ug / amount.values[0]
    return _MASS.get(amount.unit)


def _per_day(ingredient: Ingredient) -> Fraction | None:
    """How many of the amount a day the reader found (1 for 'per day'), else None."""
    if ingredient.per == "day" and ingredient.per_count == 1:
        return ingredient.doses_per_day or Fraction(1)
    if ingredient.daily_ug is not None and ingredient.amount_ug:
        return ingredient.daily_ug / ingredient.amount_ug
    if (
        ingredient.doses_per_day is not None
        and ingredient.per_count == 1
        and not ingredient.per_kg
        and not any(p.kind in engine.UNASSUMABLE for p in ingredient.problems)
    ):
        return ingredient.doses_per_day  # 'Take 50,000 IU once a week' under '# Vitamin D': no mass until the form
    return None


# ---------------------------------------------------------------- context, kind, check


def _claim(doc: _Document, index: int, ingredient: Ingredient, bound: frozenset[Span]) -> Claim:
    sentence = doc.read[index]
    base = sentence.span[0]
    ingredient, context, form_from = _context(doc, index, ingredient, bound)
    if index in doc.items and ingredient.per_assumed and ingredient.doses_per_day is None and not ingredient.per_kg:
        ingredient = _lead_frequency(doc, index, ingredient)
    span = (base + ingredient.amount.span[0], base + ingredient.amount.span[1])
    position = span_position(doc.text, span, doc.starts)
    kind = claim_kind(sentence.text, ingredient, doc.prose) or (_lead_kind(doc, index) if index in doc.items else None)
    kind = kind or "other"
    check = engine.check_label(Label(sentence.text, (ingredient,), (), ()), doc.registry, doc.settings)
    codes = PROSE_CODES + (TAKEN_CODES if kind in SAME_DIGIT_KINDS else ())
    location = position.location(doc.path)
    findings = tuple(replace(f, location=location, subject=doc.path) for f in check.findings if f.code in codes)
    return Claim(
        doc.path,
        position,
        span,
        sentence.text,
        sentence.span,
        ingredient,
        check.ingredients[0],
        context,
        form_from,
        ingredient.bound,
        kind,
        check.comparisons,
        findings,
    )


_LEAD_SENTENCES = 2


def _leads(doc: _Document, index: int) -> Iterator[str]:
    """The sentences that lead into the list or table a list item or table row is in, nearest first."""
    section = doc.read[index].section
    leads = 0
    for earlier in range(index - 1, -1, -1):
        sentence = doc.read[earlier]
        if sentence.heading or sentence.section != section or leads == _LEAD_SENTENCES:
            return
        if earlier not in doc.items:
            leads += 1
            yield doc.masked[sentence.span[0] : sentence.span[1]]


def _lead_frequency(doc: _Document, index: int, ingredient: Ingredient) -> Ingredient:
    """A list item or table row takes the frequency of the sentences that lead into its list ('The
    amount you need each day ... The recommended amounts are:', 'Average daily amounts are below')."""
    for text in _leads(doc, index):
        found = [f for f in _frequencies(text, stream_of(text, doc.registry.forms), doc.prose) if f[1] is not None]
        if found:
            _, value, words = found[0]
            assert value is not None
            return _with_frequency(ingredient, value, words, None)
    return ingredient


def _lead_kind(doc: _Document, index: int) -> str | None:
    """A list item's kind from the last cue word of the sentences that lead into its list."""
    for text in _leads(doc, index):
        found = [(m.end(), kind) for kind, pattern in doc.prose.cues for m in pattern.finditer(text)]
        if found:
            return max(found)[1]
    return None


def _context(
    doc: _Document, index: int, ingredient: Ingredient, bound: frozenset[Span]
) -> tuple[Ingredient, str, Span | None]:
    """The ingredient with its form, where the form came from, and the name it came from (not a name of the
    sentence that another of its amounts took: 'The 180 µg dose ... with 45 mg of MK-4')."""
    sentence = doc.read[index]
    forms = doc.registry.forms
    name = ingredient.spans.get("name")
    if name is not None:
        return _named_in_prose(doc, sentence, ingredient, name)
    header = _column_header(doc, index, ingredient) if index in doc.items else None
    column = None
    if header is not None:
        column = _cell_form(doc, *header)
        if column is None and _names_untracked(header[0], forms):
            return ingredient, "sentence", None  # '| Calcium |' heads the column: its 500 mg is no vitamin's
    found = column or _in_sentence(doc, index, ingredient, bound) or (
        None if _names_other(doc, sentence) else _inherited(doc, index)
    )
    inferred = ingredient.nutrient  # the reader's guess from the unit alone ('400 IU': vitamin D)
    if found is None or (inferred is not None and forms.form(found[0]).nutrient != inferred):
        return ingredient, "sentence", None
    form, context, span = found
    return _with_form(ingredient, form, forms), context, span


def _column_header(doc: _Document, index: int, ingredient: Ingredient) -> tuple[str, int] | None:
    """The header cell of a Markdown table over the amount's column, and where it starts in the document: it
    names what the column holds ('| Product | Calcium | Vitamin K2 |'). None when there is no header row."""
    text, starts = doc.text, doc.starts
    start = doc.read[index].span[0] + ingredient.amount.span[0]
    row = bisect.bisect_right(starts, start) - 1
    if not _line(text, starts, row).lstrip().startswith("|"):
        return None
    column = text.count("|", starts[row], start)
    for above in range(row - 1, 0, -1):
        line = _line(text, starts, above).strip()
        if not line.startswith("|"):
            return None
        if TABLE_RULE.match(line):
            header = _line(text, starts, above - 1)
            cells = header.split("|")
            if not header.lstrip().startswith("|") or column >= len(cells):
                return None
            return cells[column], starts[above - 1] + len("|".join(cells[:column])) + 1
    return None


def _line(text: str, starts: list[int], number: int) -> str:
    """Line `number` (0-based) of the text, without its line break."""
    end = starts[number + 1] if number + 1 < len(starts) else len(text)
    return text[starts[number] : end].rstrip("\r\n")


def _cell_form(doc: _Document, cell: str, offset: int) -> tuple[str, str, Span] | None:
    """The one form a header cell names, as a context (offset: where the cell starts in the document)."""
    forms = doc.registry.forms
    named = _names(cell, forms)
    form = _one_form(named, forms)
    if form is None:
        return None
    return form, "heading", (offset + named[0].span[0], offset + named[-1].span[1])


def _names_untracked(text: str, forms: FormRegistry) -> bool:
    """The text names an ingredient kcheck does not check ('Calcium', 'Vitamin E')."""
    return any(token.kind == "NAME" and token.value is None for token in stream_of(text, forms).tokens)


def _in_sentence(
    doc: _Document, index: int, ingredient: Ingredient, bound: frozenset[Span]
) -> tuple[str, str, Span] | None:
    """A nameless amount in a sentence that names one form ('up to 84 IU of vitamin D3 ... (the current limit
    is 42 IU)', 'vitamin D groups: 55 in the 600 IU group'): that form, said in the same sentence, unless the
    name comes after the amount and is a later amount's ('The 180 µg dose ... 45 mg of MK-4'; one before it,
    '0,5 mg vitamin K1 per tablet — that is 500 µg', goes on being said)."""
    found = doc.named.get(index)
    if found is not None:
        base = doc.read[index].span[0]
        name = (found[1][0] - base, found[1][1] - base)
        if name in bound and name[0] >= ingredient.amount.span[1]:
            return None
        return found[0], "sentence", found[1]
    return _abbreviated(doc, doc.read[index], ingredient.amount.span[0])


def _abbreviations(masked: str, read: list[Sentence], forms: FormRegistry) -> dict[str, str]:
    """Abbreviations the document defines for a form: 'cholecalciferol (VTD3)' -> {'VTD3': 'D3'}.

    An abbreviation defined for two forms of one line ('vitamin D (VTD3)', 'cholecalciferol (VTD3)')
    means the more specific; for two different forms, nothing.
    """
    named: dict[str, list[_Named]] = {}
    for sentence in read:
        text = masked[sentence.span[0] : sentence.span[1]]
        if "(" not in text:
            continue
        for name in _names(text, forms):
            match = _ABBREVIATION.match(text, name.span[1])
            if match and not forms.named(match.group(1)):
                named.setdefault(match.group(1), []).append(name)
    found = {abbreviation: _one_form(names, forms) for abbreviation, names in named.items()}
    return {abbreviation: form for abbreviation, form in found.items() if form is not None}


_ABBREVIATION = re.compile(r"\s?\(((?=[A-Za-z0-9-]*[A-Z])[A-Za-z][A-Za-z0-9-]{1,9})\)")


def _abbreviated(doc: _Document, sentence: Sentence, start: int) -> tuple[str, str, Span] | None:
    """The form of the document-defined abbreviation nearest `start` in a sentence, if one is there."""
    if not doc.abbreviations:
        return None
    hits = [
        (abs(match.start() - start), match.span(), doc.abbreviations[match.group()])
        for match in re.finditer(r"\b[A-Za-z0-9-]+\b", sentence.text)
        if match.group() in doc.abbreviations
    ]
    if not hits:
        return None
    _, (begin, end), form = min(hits)
    base = sentence.span[0]
    return form, "sentence", (base + begin, base + end)


def _named_in_prose(
    doc: _Document, sentence: Sentence, ingredient: Ingredient, name: Span
) -> tuple[Ingredient, str, Span | None]:
    """The reader's name, unless prose says better: a name after the amount that is what was measured
    ('improved vitamin K status') yields to the nearest name before the amount, and 'vitamin K by
    phylloquinone' is the more specific form (the reader's rule (3) for apposition)."""
    text = doc.masked[sentence.span[0] : sentence.span[1]]
    base = sentence.span[0]
    forms = doc.registry.forms
    named = _names(text, forms)
    if name[0] >= ingredient.amount.span[1] and doc.prose.topic_nouns.match(text, name[1]):
        before = [n for n in named if n.span[1] <= ingredient.amount.span[0]]
        if before:
            chosen = before[-1]
            found = replace(ingredient, nutrient=chosen.nutrient, form=chosen.form)
            return found, "sentence", (base + chosen.span[0], base + chosen.span[1])
    means = doc.prose.means.match(text, name[1])
    if means is not None and ingredient.form is not None:
        after = next((n for n in named if n.span[0] == means.end()), None)
        if after is not None and after.form != ingredient.form and forms.is_ancestor(ingredient.form, after.form):
            found = replace(ingredient, form=after.form)
            return found, "sentence", (base + after.span[0], base + after.span[1])
    return ingredient, "sentence", (base + name[0], base + name[1])


_NAMELESS = ("no-nutrient", "iu-without-factor")
UNREAD = "number-out-of-range"
"""The problem of an amount the scan declines (a zero, an increment, the basis of a rate): never converted."""


def _with_form(ingredient: Ingredient, form: str, forms: FormRegistry) -> Ingredient:
    """A nameless amount given a form from its context; IU converted with that form's cited factor."""
    problems = tuple(p for p in ingredient.problems if p.kind not in _NAMELESS)
    named = replace(ingredient, nutrient=forms.form(form).nutrient, form=form, problems=problems)
    amount = ingredient.amount
    factor = forms.form(form).mcg_per_iu
    if amount.unit != "IU" or ingredient.amount_ug is not None or factor is None or amount.ambiguous:
        return named
    if any(c.amount_ug is not None for c in ingredient.candidates) or any(p.kind == UNREAD for p in problems):
        return named
    low = amount.low * factor
    high = amount.high * factor if amount.high is not None else None
    per_day = _per_day(ingredient)
    return replace(
        named,
        amount_ug=low,
        amount_ug_high=high,
        daily_ug=low * per_day if per_day is not None else None,
        daily_ug_high=high * per_day if high is not None and per_day is not None else None,
        candidates=(),
    )


def _inherited(doc: _Document, index: int) -> tuple[str, str, Span] | None:
    """(form, context, where) from the section's headings (unless a sentence of the section names a more specific
    form of theirs), the section's earlier sentences, the title, else the document's earlier sentences."""
    section = doc.read[index].section
    earlier = doc.named_before[index]
    nearby = doc.named[earlier] if earlier is not None and doc.read[earlier].section == section else None
    for number in _heading_chain(doc.sections, section):
        heading = doc.sections[number]
        if heading.form is None or _is_title(doc.read, heading):
            continue
        if nearby is not None and nearby[0] != heading.form and doc.registry.forms.is_ancestor(heading.form, nearby[0]):
            break  # '## Vitamin K' then 'Menaquinone-4 was given...': the section's own sentence is more specific
        return heading.form, "heading", heading.span
    if nearby is not None:
        return nearby[0], "document", nearby[1]
    title = doc.sections[0] if doc.sections and _is_title(doc.read, doc.sections[0]) else None
    if title is not None and title.form is not None:
        return title.form, "document", title.span
    if earlier is not None:
        form, span = doc.named[earlier]
        return form, "document", span
    return None


def _is_title(read: list[Sentence], section: Section) -> bool:
    """The document's title: a heading that is its first line of text (what the whole document is about)."""
    return bool(read) and read[0].heading and read[0].span == section.span


def _heading_chain(sections: list[Section], section: int | None) -> list[int]:
    """The section and the sections around it, innermost first."""
    chain: list[int] = []
    while section is not None:
        chain.append(section)
        level = sections[section].level or 7
        section = next((i for i in range(section - 1, -1, -1) if (sections[i].level or 7) < level), None)
    return chain


def _form_of(doc: _Document, sentence: Sentence) -> tuple[str, Span] | None:
    """The one form a sentence's names agree on, and the span of the name that gives it."""
    named = _names(doc.masked[sentence.span[0] : sentence.span[1]], doc.registry.forms)
    form = _one_form(named, doc.registry.forms)
    base = sentence.span[0]
    if form is None:
        abbreviated = None if named else _abbreviated(doc, sentence, 0)
        return (abbreviated[0], abbreviated[2]) if abbreviated else None
    name = next((n for n in named if n.form == form), named[0])
    return form, (base + name.span[0], base + name.span[1])


def claim_kind(sentence: str, ingredient: Ingredient, prose: ProseLexicon) -> str | None:
    """The claim kind from the clause's words: after a modal ('should') a recommendation, else the kind of
    the nearest cue word (before the amount first), else of its hedge; None when nothing says."""
    start, end = ingredient.amount.span
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, start)), default=0)
    after = _CLAUSE_END.search(sentence, end)
    clause_end = after.start() if after else len(sentence)
    if prose.modals.search(sentence, clause_start, start):
        return "recommendation"
    best: tuple[int, int, str] | None = None
    for order, (kind, pattern) in enumerate(prose.cues):
        for match in pattern.finditer(sentence, clause_start, clause_end):
            if match.end() <= start:
                distance = start - match.end()
            elif match.start() >= end:
                distance = 10_000 + match.start() - end  # a cue after the amount counts only when none is before
            else:
                continue
            if best is None or (distance, order) < best[:2]:
                best = (distance, order, kind)
    if best is not None and best[0] < 10_000:
        return best[2]
    if ingredient.bound is not None and ingredient.bound in prose.bound_kinds:
        return prose.bound_kinds[ingredient.bound]
    return best[2] if best is not None else None
