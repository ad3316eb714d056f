"""Pure checks: a Label and the registry -> comparisons and findings with rule codes."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from kcheck.amounts import (
    between,
    decimal_text,
    mass_text,
    nonzero,
    parts,
    product,
    ratio,
    ratio_text,
    says_mass,
    significant,
)
from kcheck.errors import UnreadableLabel
from kcheck.forms import Band
from kcheck.grammar import Ingredient, Label
from kcheck.label.phrases import Stream
from kcheck.label.reading import read_label, stream_of
from kcheck.limits import LABEL_MAX_CHARS, NUMBER_MAX_DIGITS, label_cut, long_number
from kcheck.regimens import FormDifference, Interaction, Reference, Regimen, Registry
from kcheck.report import CheckedIngredient, Compared, Finding, LabelCheck
from kcheck.report import finding as make_finding

UNASSUMABLE = ("words-not-read", "number-out-of-range")
"""Problems that leave the daily amount unknown: kcheck never assumes 1 serving a day past them."""
SAME_DIGITS_MIN_RATIO = 100
TYPO_FACTOR = 1000
_ONE = Fraction(1)


@dataclass(frozen=True)
class Settings:
    """What the user said about how the label is taken and where it is sold."""

    servings_per_day: Fraction | None = None
    market: str | None = None
    decimal_comma: bool | None = None
    age: Fraction | None = None  # years; None: an adult, and the messages say it was assumed

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[type[Settings], tuple[object, ...]]:
        """Pickled by its fields: worker processes get it, and a compiled frozen class cannot be set field by field."""
        return Settings, (self.servings_per_day, self.market, self.decimal_comma, self.age)

    @functools.cached_property
    def _hash(self) -> int:
        """Worked out once: settings key every memo lookup, and a Fraction's hash is slow."""
        return hash((self.servings_per_day, self.market, self.decimal_comma, self.age))


@dataclass(slots=True)
class _Limit:
    """A reference that KC305/KC306/KC308 report above its amount, with its message tail rendered once."""

    reference: Reference
    code: str
    tail: str  # the message after what the label says ('... is above' or 'could be above' comes first)
    unverified: tuple[str, ...]  # the finding's, worked out once


@dataclass(slots=True)
class _Plan:
    """What the rules need for one nutrient, form, market and age, worked out once per registry.

    Citations and the parts of messages that depend on the plan alone are rendered here, and each
    rule keeps the bound below which it cannot fire, so most ingredients pass a rule in one comparison.
    """

    matches: tuple[tuple[Regimen, str], ...]  # each regimen of the nutrient with _form_match's verdict for the form
    # KC301: each number a regimen prints, as (numerator, denominator) -> (regimen, unit, mcg, "dose" | "daily"),
    # in regimen order
    digits: dict[tuple[int, int], list[tuple[Regimen, str, Fraction, str]]]
    lowest_bone: Regimen | None  # KC302's bound
    lowest_bone_tail: str
    limits: list[_Limit]  # KC305/KC306/KC308 references that apply to the form, in data order
    limit_floor: Fraction | None  # the least of their amounts: at or below it none of them fires
    vague_tail: str | None  # KC309's message after the amount, when the form is too vague for the market's limit
    vague: tuple[Reference, ...]
    interactions: list[tuple[Interaction, str]]  # KC307: the form's own entries, else those of its forms; each note
    interaction_floor: Fraction | None  # the least threshold: below it no note applies
    # which interactions a daily amount reaches -> KC307's message after the amount, and its unverified facts
    interactions_said: dict[tuple[bool, ...], tuple[str, tuple[str, ...]]]
    daily_value: Reference | None  # KC401's
    daily_value_cite: str


_PLANS: dict[int, tuple[Registry, dict[tuple[str, str | None, str | None, Fraction | None], _Plan]]] = {}


def _plan(registry: Registry, nutrient: str, form: str | None, settings: Settings) -> _Plan:
    """The plan for this ingredient's nutrient and form under these settings (built on first use, then kept)."""
    held = _PLANS.get(id(registry))
    if held is None or held[0] is not registry:
        _PLANS.clear()  # one registry a process, in practice; a test's own registry replaces it
        held = _PLANS[id(registry)] = (registry, {})
    key = (nutrient, form, settings.market, settings.age)
    plan = held[1].get(key)
    if plan is None:
        plan = held[1][key] = _build_plan(registry, nutrient, form, settings)
    return plan


def _build_plan(registry: Registry, nutrient: str, form: str | None, settings: Settings) -> _Plan:
    regimens = registry.regimens_by_nutrient.get(nutrient, ())
    digits: dict[tuple[int, int], list[tuple[Regimen, str, Fraction, str]]] = {}
    for regimen in regimens:
        for number, unit, ug, kind in regimen.printed:
            digits.setdefault(parts(number), []).append((regimen, unit, ug, kind))
    bone = [r for r in regimens if r.form == form and r.purpose == "bone-outcome"]
    lowest = min(bone, key=lambda r: (r.daily_ug, r.id)) if bone else None
    limits, vague, covered = [], [], False
    for reference in registry.references:
        if reference.nutrient != nutrient or not reference.for_age(settings.age):
            continue
        market_limit = reference.kind == "nonprescription-limit" and settings.market == reference.market
        if not reference.applies_to(form, registry.forms):
            if market_limit and _names_less_than(form, reference, registry):
                vague.append(reference)
            continue
        covered = covered or market_limit
        if reference.kind == "upper-limit" or market_limit:
            limits.append(_limit(reference, market_limit, registry, settings))
    entries = [i for i in registry.interactions if i.nutrient == nutrient and form is not None]
    own = [i for i in entries if form in i.forms]
    branches = own or [
        i
        for i in entries
        if any(code != form and form is not None and registry.forms.is_ancestor(form, code) for code in i.forms)
    ]
    notes = [f"{i.message} ({registry.cite(i.citations)}{_unverified_note(i)})" for i in branches]
    if not own:
        notes = [f"if {'/'.join(i.forms)}: {note}" for i, note in zip(branches, notes, strict=True)]
    kinds = ("daily-value", "nutrient-reference-value")
    daily_value = next(
        (
            r
            for r in registry.references
            if r.nutrient == nutrient and r.kind in kinds and r.market == settings.market
        ),
        None,
    )
    return _Plan(
        tuple((regimen, _form_match(form, regimen.form, registry)) for regimen in regimens),
        digits,
        lowest,
        _below_tail(lowest, form, registry) if lowest else "",
        limits,
        min((limit.reference.amount_ug for limit in limits), default=None),
        _vague_tail(vague, form, registry) if vague and not covered else None,
        tuple(vague),
        list(zip(branches, notes, strict=True)),
        min((i.threshold_ug for i in branches), default=None),
        {},
        daily_value,
        registry.cite(daily_value.citations) if daily_value else "",
    )


def check_text(text: str, registry: Registry, settings: Settings = Settings()) -> LabelCheck:
    """Read and check one label string; an unreadable one becomes a KC101 result, not an error.

    The one entry of reading: the length and number-size limits (kcheck.limits) apply here, so
    hostile input costs bounded time whichever command it came through.
    """
    reading = _read(text, _tokens(text, registry, settings), registry)
    return reading if isinstance(reading, LabelCheck) else _checked(text, reading, registry, settings)


STAGED_LABELS = 64  # read together: fewer, and a stage's code is fetched again; more, and their tokens leave the caches


def check_texts(requests: Sequence[tuple[str, Settings]], registry: Registry) -> Iterator[LabelCheck]:
    """check_text of each (text, settings), in order, worked out stage by stage over a few dozen labels
    at a time: their tokens, then their labels, then their checks.

    The same checks for less time: a stage's code and tables stay in the CPU's caches from one
    label to the next, where a label at a time each stage evicts the others' (`bench/bench_batch.py
    --stages` measures the difference). The next few dozen are read only when asked for, so what
    the caller does with these (encode them, say) is done while their objects are still in the caches.
    """
    for start in range(0, len(requests), STAGED_LABELS):
        some = requests[start : start + STAGED_LABELS]
        streams = [_tokens(text, registry, settings) for text, settings in some]
        readings = [_read(text, stream, registry) for (text, _), stream in zip(some, streams, strict=True)]
        yield from [
            reading if isinstance(reading, LabelCheck) else _checked(text, reading, registry, settings)
            for (text, settings), reading in zip(some, readings, strict=True)
        ]


_Tokens = tuple[str, Stream, tuple[Finding, ...]]  # the text read (the label cut at the limit), its tokens, KC111


def _tokens(text: str, registry: Registry, settings: Settings) -> _Tokens | LabelCheck:
    """check_text's first stage: the tokens of the label as far as kcheck reads it; or, past the
    number-size limit, the unreadable result."""
    cut = label_cut(text)
    read = text if cut is None else text[:cut]
    limit = () if cut is None else (_too_long(text, cut),)
    long = long_number(read)
    if long is not None:
        finding = _finding(
            "KC112",
            f"'{_excerpt(read[long[0] : long[1]])}' has more than {NUMBER_MAX_DIGITS} digits: out of the range "
            f"kcheck reads (characters {long[0]}-{long[1]})",
            span=long,
        )
        return LabelCheck(text, "unreadable", None, (), (), (finding, *limit), long)
    return read, stream_of(read, registry.forms, decimal_comma=settings.decimal_comma), limit


def _read(
    text: str, tokens: _Tokens | LabelCheck, registry: Registry
) -> tuple[Label, tuple[Finding, ...]] | LabelCheck:
    """check_text's second stage: the label read from its tokens, with KC111; or the unreadable result."""
    if isinstance(tokens, LabelCheck):
        return tokens
    read, stream, limit = tokens
    try:
        label = read_label(read, stream, registry.forms)
    except UnreadableLabel as error:
        finding = _finding(
            "KC101", f"{error.message} (characters {error.span[0]}-{error.span[1]})", span=error.span
        )
        return LabelCheck(text, "unreadable", None, (), (), (finding, *limit), error.span)
    return label, limit


def _checked(
    text: str, reading: tuple[Label, tuple[Finding, ...]], registry: Registry, settings: Settings
) -> LabelCheck:
    """check_text's third stage: the label read, checked."""
    label, limit = reading
    check = check_label(label, registry, settings)
    return replace(check, input=text, findings=check.findings + limit) if limit else check


def _too_long(text: str, cut: int) -> Finding:
    """KC111: the characters after the cut were not read."""
    return _finding(
        "KC111",
        f"the label is {len(text):,} characters long; kcheck reads at most {LABEL_MAX_CHARS:,} and did not read "
        f"characters {cut}-{len(text)}",
        span=(cut, len(text)),
    )


def _excerpt(text: str, keep: int = 12) -> str:
    return text if len(text) <= 2 * keep + 1 else f"{text[:keep]}…{text[-keep:]}"


def check_label(label: Label, registry: Registry, settings: Settings = Settings()) -> LabelCheck:
    """Set every ingredient beside the regimens of its nutrient and apply the KC1xx-KC4xx rules."""
    checked = tuple([_daily(ingredient, settings) for ingredient in label.ingredients])
    compared: list[Compared] = []
    findings: list[Finding] = [_finding(p.kind, p.message, span=p.span) for p in label.problems]
    for index, item in enumerate(checked):
        ingredient = item.ingredient
        findings.extend(_finding(p.kind, p.message, index, p.span) for p in ingredient.problems)
        if ingredient.nutrient is None or ingredient.amount_ug is None:
            continue
        plan = _plan(registry, ingredient.nutrient, ingredient.form, settings)
        _compare(index, item, plan, registry, compared)
        _same_digits(index, ingredient, plan, registry, findings)
        _band(index, ingredient, registry, findings)
        if item.daily_ug is not None:
            _below_studied(index, item, plan, findings)
            _limits(index, item, plan, findings)
            _interactions(index, item, plan, findings)
        _pct_dv(index, ingredient, plan, settings, findings)
    if len(findings) > 1:
        findings.sort(key=lambda f: (f.ingredient if f.ingredient is not None else -1, -f.severity.rank, f.rule.code))
        findings = list(_dedupe(findings))
    return LabelCheck(label.text, label.status, label, checked, tuple(compared), tuple(findings))


def _dedupe(findings: list[Finding]) -> Iterator[Finding]:
    """Each (code, message, ingredient) once; messages are compared only within a code and an ingredient
    (a row's messages are new strings, and hashing one reads all of it)."""
    said: dict[tuple[str, int | None], list[str]] = {}
    for finding in findings:
        messages = said.setdefault((finding.rule.code, finding.ingredient), [])
        if finding.message not in messages:
            messages.append(finding.message)
            yield finding


def _below(a: Fraction, b: Fraction) -> bool:
    """a < b on the integers: Fraction's own comparison checks both types on every call, and rules compare a lot."""
    a_top, a_bottom = parts(a)
    b_top, b_bottom = parts(b)
    return a_top * b_bottom < b_top * a_bottom


def _in_band(top: int, bottom: int, band: Band) -> bool:
    """band.low_ug <= top / bottom <= band.high_ug for a positive bottom, on the integers."""
    return between(top, bottom, band.low_ug, band.high_ug)


def _in_iu_band(number: Fraction, mcg_per_iu: Fraction, band: Band) -> bool:
    """_in_band of number IU in mcg (number × mcg_per_iu), with no Fraction made."""
    number_top, number_bottom = parts(number)
    per_top, per_bottom = parts(mcg_per_iu)
    return _in_band(number_top * per_top, number_bottom * per_bottom, band)


def _apart(a: Fraction, b: Fraction, times: int) -> bool:
    """max(a, b) >= times * min(a, b) > 0 on the integers (Fraction's own comparisons are Python code)."""
    a_top, a_bottom = parts(a)
    b_top, b_bottom = parts(b)
    x, y = a_top * b_bottom, b_top * a_bottom  # a and b over one positive denominator
    small, big = (x, y) if x < y else (y, x)
    return small > 0 and big >= times * small


def _within(daily: Fraction, limit: Fraction) -> bool:
    """A daily amount a limit does not fire for: at most the limit, and no amount at all where the limit is 0."""
    if parts(limit)[0]:
        return not _below(limit, daily)
    return not parts(daily)[0]


def _finding(
    code: str,
    message: str,
    ingredient: int | None = None,
    span: tuple[int, int] | None = None,
    resting_on: tuple[Regimen | Reference | Interaction | FormDifference, ...] = (),
) -> Finding:
    return make_finding(code, message, ingredient, span, _unverified(resting_on))


def _unverified(resting_on: tuple[Regimen | Reference | Interaction | FormDifference, ...]) -> tuple[str, ...]:
    """'record-id: fields' of each unverified record a finding rests on."""
    return tuple(f"{record.id}: {', '.join(record.unverified)}" for record in resting_on if record.unverified)


def _daily(ingredient: Ingredient, settings: Settings) -> CheckedIngredient:
    """Daily amount from the label; else 1 serving/day (assumed) or --servings-per-day."""
    if ingredient.amount_ug is None:
        return CheckedIngredient(ingredient, None, None, "unknown", None)
    if ingredient.per_kg:
        return CheckedIngredient(ingredient, None, None, "per-kg", None)
    if ingredient.daily_ug is None and any(p.kind in UNASSUMABLE for p in ingredient.problems):
        return CheckedIngredient(ingredient, None, None, "unknown", None)
    if ingredient.per == "day":
        return CheckedIngredient(ingredient, ingredient.daily_ug, ingredient.daily_ug_high, "label", None)
    if settings.servings_per_day is not None:
        spd = settings.servings_per_day
        high = ingredient.amount_ug_high * spd if ingredient.amount_ug_high is not None else None
        return CheckedIngredient(ingredient, ingredient.amount_ug * spd, high, "option", spd)
    if ingredient.daily_ug is not None:
        return CheckedIngredient(
            ingredient, ingredient.daily_ug, ingredient.daily_ug_high, "label", ingredient.doses_per_day
        )
    return CheckedIngredient(ingredient, ingredient.amount_ug, ingredient.amount_ug_high, "assumed", _ONE)


def _umol(form: str | None, ug: Fraction, registry: Registry) -> Fraction | None:
    """ug / molar mass in µmol, exactly; None where the form has no molar mass."""
    molar_mass = registry.forms.form(form).molar_mass if form else None
    if not nonzero(molar_mass):
        return None
    return ratio(ug, molar_mass)


def _form_match(label_form: str | None, regimen_form: str, registry: Registry) -> str:
    if label_form == regimen_form:
        return "same"
    if label_form is not None and registry.forms.is_ancestor(label_form, regimen_form):
        return "unspecified"
    return "different"


def _compare(index: int, item: CheckedIngredient, plan: _Plan, registry: Registry, out: list[Compared]) -> None:
    label_ug = item.daily_ug if item.daily_ug is not None else item.ingredient.amount_ug
    assert label_ug is not None
    if not parts(label_ug)[0] or not plan.matches:
        return
    label_umol = _umol(item.ingredient.form, label_ug, registry)
    out.append(Compared(index, label_ug, label_umol, item.ingredient.bound, plan.matches))


def _same_digits(index: int, ingredient: Ingredient, plan: _Plan, registry: Registry, out: list[Finding]) -> None:
    """KC301 (and KC303 when the forms differ): 45 mcg on the label, 45 mg in the study."""
    amount = ingredient.amount
    label_ug = ingredient.amount_ug
    assert label_ug is not None
    matches: dict[tuple[str, str], list[Regimen]] = {}
    for number in amount.values:
        for regimen, unit, ug, kind in plan.digits.get(parts(number), ()):
            if unit == amount.unit:
                continue
            if _apart(ug, label_ug, SAME_DIGITS_MIN_RATIO):
                group = matches.setdefault((f"{decimal_text(number)} {unit}", kind), [])
                if regimen not in group:
                    group.append(regimen)
    if not matches:
        return
    for group in matches.values():
        group.sort(key=lambda r: (r.purpose != "drug-label", r.id))
    for (text, kind), group in sorted(matches.items(), key=lambda item: item[0]):
        first = group[0]
        regimen_ug = first.daily_ug if kind == "daily" else first.dose_ug
        studied_more = _below(label_ug, regimen_ug)
        bigger, smaller = (regimen_ug, label_ug) if studied_more else (label_ug, regimen_ug)
        regimen_umol = _umol(first.form, regimen_ug, registry)
        label_umol = _umol(ingredient.form, label_ug, registry)
        moles = ratio(regimen_umol, label_umol) if nonzero(regimen_umol) and nonzero(label_umol) else None
        molar = ""
        if moles is not None and first.form != ingredient.form:
            molar_ratio = ratio(_ONE, moles) if _below(moles, _ONE) else moles
            molar = f" (≈{ratio_text(molar_ratio)} by moles)"
        names = "; ".join(f"{registry.cite(r.citations[:1])} [{r.id}{_not_verified(r)}]" for r in group[:4])
        more = f" and {len(group) - 4} more" if len(group) > 4 else ""
        per = "/day" if kind == "daily" else " per dose"
        studied, label = "the studied dose", "the label's amount"
        larger, smaller_name = (studied, label) if studied_more else (label, studied)
        out.append(_finding(
            "KC301",
            f"{_label_text(ingredient)} has the same digits as the studied {first.form} dose "
            f"{text}{per} ({names}{more}), but {larger} is {ratio_text(ratio(bigger, smaller))} {smaller_name} by "
            f"mass{molar}.",
            index,
            amount.span,
            tuple(group),
        ))
        different = sorted({r.form for r in group if _form_match(ingredient.form, r.form, registry) != "same"})
        if different and ingredient.form is not None:
            pairs = {frozenset((ingredient.form, code)) for code in different}
            known = [d for d in registry.form_differences if d.forms in pairs]
            notes = "".join(f" {d.text} ({registry.cite(d.citations)})" for d in known)
            out.append(_finding(
                "KC303",
                f"{_label_text(ingredient)} is set beside {', '.join(different)} regimens: results for "
                f"{', '.join(different)} do not carry over to {ingredient.form}.{notes}",
                index,
                amount.span,
                tuple(known),
            ))


def _not_verified(record: Regimen | Reference) -> str:
    return f"; not verified: {', '.join(record.unverified)}" if record.unverified else ""


def _label_text(ingredient: Ingredient) -> str:
    return f"{ingredient.amount.text()} {ingredient.form or 'of an unnamed substance'}"


def _top_daily(item: CheckedIngredient) -> Fraction:
    """The daily amount a bound is judged by: a range's high end, else the amount (nonzero: Fraction's
    own truth test is Python code)."""
    high = item.daily_ug_high
    daily = high if nonzero(high) else item.daily_ug
    assert daily is not None
    return daily


def _below_studied(index: int, item: CheckedIngredient, plan: _Plan, out: list[Finding]) -> None:
    """KC302: below the lowest daily dose of the same form studied for a bone outcome."""
    form = item.ingredient.form
    daily = _top_daily(item)
    lowest = plan.lowest_bone
    if lowest is None or not parts(daily)[0] or item.ingredient.bound == "at-least":
        return  # a floor below the studied doses says nothing about the dose
    if _below(daily, lowest.daily_ug):
        out.append(_finding(
            "KC302",
            f"{item.hedge}{mass_text(daily)}/day {form}{_assumed(item)}{plan.lowest_bone_tail}"
            f"{ratio_text(ratio(lowest.daily_ug, daily))} the label's daily amount.",
            index,
            item.ingredient.amount.span,
            (lowest,),
        ))


def _below_tail(lowest: Regimen, form: str | None, registry: Registry) -> str:
    """KC302's message between the label's daily amount and the ratio."""
    return (
        f" is below the lowest {form} dose studied for a bone outcome in kcheck's data: {lowest.daily_text}/day "
        f"({registry.cite(lowest.citations[:1])}{_not_verified(lowest)}), "
    )


def _above(item: CheckedIngredient) -> str:
    """A ceiling above a limit may still be below it: 'could be above', never a plain 'is above'."""
    return "could be above" if item.ingredient.bound in ("up-to", "less-than", "around") else "is above"


def _assumed(item: CheckedIngredient) -> str:
    if item.daily_basis == "assumed":
        return " (assuming 1 serving a day)"
    if item.daily_basis == "option":
        return f" (at {decimal_text(item.servings_per_day or Fraction(1))} servings a day)"
    return ""


def _band(index: int, ingredient: Ingredient, registry: Registry, out: list[Finding]) -> None:
    """KC304: outside the plausible band for the form, with a 'did you mean' when one fits."""
    if ingredient.form is None:
        return
    form = registry.forms.form(ingredient.form)
    band = form.band
    amount_ug = ingredient.amount_ug
    assert amount_ug is not None
    if band is None:
        return
    # The first of the amount and the high end of its range outside the band (on the integers).
    value = amount_ug
    top, bottom = parts(value)
    if _in_band(top, bottom, band):
        high = ingredient.amount_ug_high
        if high is None:
            return
        value = high
        top, bottom = parts(value)
        if _in_band(top, bottom, band):
            return
    hint = ""
    amount = ingredient.amount
    number = decimal_text(amount.low)
    per_iu = form.mcg_per_iu
    if amount.unit == "mg" and _in_band(top, bottom * TYPO_FACTOR, band):
        hint = f" Did you mean {number} mcg?"
    elif amount.unit == "mcg" and _in_band(top * TYPO_FACTOR, bottom, band):
        hint = f" Did you mean {number} mg?"
    elif amount.unit in ("mcg", "mg") and per_iu and _in_iu_band(amount.low, per_iu, band):
        hint = f" Did you mean {number} IU ({mass_text(amount.low * per_iu)})?"
    side = "above" if _below(band.high_ug, value) else "below"
    # A single amount already in mcg/mg/g needs no restating; a range or an IU amount does.
    restated = "" if len(amount.values) == 1 and says_mass(amount.low, amount.unit, value) else f" ({mass_text(value)})"
    out.append(_finding(
        "KC304",
        f"{_label_text(ingredient)}{restated} is {side} the plausible band for {form.code} "
        f"({mass_text(band.low_ug)} to {mass_text(band.high_ug)} per dose): likely a unit typo.{hint}",
        index,
        amount.span,
    ))


def _limits(index: int, item: CheckedIngredient, plan: _Plan, out: list[Finding]) -> None:
    """KC305 above the upper limit for the age; KC306/KC308 above a market limit; KC309 a form too vague for one."""
    ingredient = item.ingredient
    daily = _top_daily(item)
    floor = plan.limit_floor
    if floor is not None and not _within(daily, floor):
        for limit in plan.limits:
            reference = limit.reference
            if _within(daily, reference.amount_ug):
                continue
            if limit.code == "KC305":
                message = f"{item.hedge}{mass_text(daily)}/day{_assumed(item)} {_above(item)}{limit.tail}"
            else:
                what = f"{item.hedge}{mass_text(daily)}/day {ingredient.form}{_assumed(item)}"
                above = f" {_above(item)}" if nonzero(reference.amount_ug) else ""
                message = f"{what}{above}{limit.tail}"
            out.append(make_finding(limit.code, message, index, ingredient.amount.span, limit.unverified))
    if plan.vague_tail is not None:
        out.append(_finding(
            "KC309", f"{ingredient.amount.text()}{plan.vague_tail}", index, ingredient.amount.span, plan.vague
        ))


def _limit(reference: Reference, market_limit: bool, registry: Registry, settings: Settings) -> _Limit:
    """An upper limit (KC305) or a market limit (KC306/KC308) with its message tail."""
    cite = registry.cite(reference.citations) + _unverified_note(reference)
    if reference.kind == "upper-limit":
        band, age = _age_band(reference, settings.age)
        tail = f" the upper limit of {reference.amount_text}/day{band} ({age}{cite})."
        return _Limit(reference, "KC305", tail, _unverified((reference,)))
    market = (reference.market or "").upper()
    if reference.amount_ug:
        limit = f"{reference.amount_text}/day for {reference.population}"
        tail = f" the {market} non-prescription limit of {limit} ({cite})."
    else:
        tail = f": {reference.population} is prescription-only in {market} at any amount ({cite})."
    return _Limit(reference, reference.rule or "KC306", tail, _unverified((reference,)))


def _vague_tail(vague: list[Reference], form: str | None, registry: Registry) -> str:
    """KC309's message after the label's amount: which forms the market's exemption covers, and its limits."""
    exempt = [r for r in vague if r.amount_ug]
    codes = [code for r in exempt for code in r.forms or ()]
    forms = " and ".join(filter(None, (", ".join(codes[:-1]), codes[-1]))) if codes else "other forms"
    limits = "; ".join(
        f"{r.amount_text}/day for {r.population} ({registry.cite(r.citations)}{_unverified_note(r)})" for r in exempt
    )
    what = registry.forms.form(form).label if form else "an unnamed substance"
    return (
        f" of {what} with no form named: name the form; the "
        f"{(vague[0].market or '').upper()} non-prescription exemption covers only {forms}: {limits}."
    )


def _age_band(reference: Reference, age: Fraction | None) -> tuple[str, str]:
    """(' for ages 1-3 y', 'age 2 y; '): the band the limit is for, and the age that picked it (or that none did)."""
    if reference.age_from is None:
        return (f" ({reference.population})" if reference.population else "", "")
    if age is None:
        return f" for {reference.population}", "no age given, so the adult limit applies; "
    return f" for {reference.population}", f"age {decimal_text(age)} y; "


def _names_less_than(form: str | None, reference: Reference, registry: Registry) -> bool:
    """True when the label's form is more general than every form the reference covers (vitamin K vs K1)."""
    return (
        form is not None
        and reference.forms is not None
        and any(code != form and registry.forms.is_ancestor(form, code) for code in reference.forms)
    )


def _unverified_note(record: Reference | Interaction) -> str:
    return f"; {', '.join(record.unverified)} not verified" if record.unverified else ""


def _interactions(index: int, item: CheckedIngredient, plan: _Plan, out: list[Finding]) -> None:
    """KC307: each form's own interaction evidence; a form not named precisely gets its forms' notes, each with 'if'."""
    ingredient = item.ingredient
    form = ingredient.form
    daily = _top_daily(item)
    floor = plan.interaction_floor
    if form is None or not parts(daily)[0] or floor is None or _below(daily, floor):
        return
    reached = tuple([not _below(daily, i.threshold_ug) for i, _ in plan.interactions])
    said = plan.interactions_said.get(reached)
    if said is None:
        met = [entry for entry, on in zip(plan.interactions, reached, strict=True) if on]
        drugs = ", ".join(dict.fromkeys(drug for i, _ in met for drug in i.drugs))
        tail = f" with {drugs}: {'; '.join(n for _, n in met)}"
        said = plan.interactions_said[reached] = (tail, _unverified(tuple(i for i, _ in met)))
    tail, unverified = said
    message = f"{item.hedge}{mass_text(daily)}/day {form}{_assumed(item)}{tail}"
    out.append(make_finding("KC307", message, index, ingredient.amount.span, unverified))


def _beyond_rounding(expected: Fraction, printed: Fraction) -> bool:
    """|expected - printed| > max(1, 5 % of expected) for a positive `expected`, on the integers."""
    e_top, e_bottom = parts(expected)
    p_top, p_bottom = parts(printed)
    gap_top, gap_bottom = abs(e_top * p_bottom - p_top * e_bottom), e_bottom * p_bottom
    slack_top, slack_bottom = (e_top, 20 * e_bottom) if e_top > 20 * e_bottom else (1, 1)
    return gap_top * slack_bottom > slack_top * gap_bottom


def _pct_dv(index: int, ingredient: Ingredient, plan: _Plan, settings: Settings, out: list[Finding]) -> None:
    """KC401: the printed %DV against amount / the market's daily value, allowing rounding."""
    if ingredient.pct_dv is None or settings.market is None or ingredient.amount_ug is None:
        return
    reference = plan.daily_value
    if reference is None:
        return
    expected = product(ratio(ingredient.amount_ug, reference.amount_ug), 100)
    if _beyond_rounding(expected, ingredient.pct_dv):
        out.append(_finding(
            "KC401",
            f"printed {decimal_text(ingredient.pct_dv)}% but {ingredient.amount.text()} is "
            f"{decimal_text(significant(expected))}% of the {settings.market.upper()} "
            f"{reference.amount_text} ({plan.daily_value_cite}).",
            index,
            ingredient.spans.get("pct_dv", ingredient.amount.span),
        ))
