"""What the reader hands out: Label, Ingredient, Amount, Candidate, Problem (frozen, with spans)."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from fractions import Fraction
from types import FunctionType
from typing import TypeVar

from kcheck.amounts import decimal_text

Span = tuple[int, int]
"""Character offsets [start, end) into the text the user gave (not the normalised text)."""

BOUNDS = ("up-to", "at-least", "around", "less-than")
"""The hedges a label can put on an amount ("up to 320 mcg"); see data/lexicon.yaml `hedges`."""

_C = TypeVar("_C", bound=type)


def quick_init(cls: _C) -> _C:
    """The pure-Python build's __init__ for a frozen result: one __dict__ set instead of each field
    through object.__setattr__ (the class's own __init__ assigns its fields, which only compiled code may
    do to a frozen dataclass)."""
    if any(f.default_factory is not MISSING or not f.init for f in fields(cls)):
        raise TypeError(f"{cls.__name__}: quick_init takes plain fields and defaults only")
    names = [f.name for f in fields(cls)]
    defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
    params = ", ".join(f"{name}=_d[{name!r}]" if name in defaults else name for name in names)
    body = ", ".join(f"{name!r}: {name}" for name in names)
    source = f"def __init__(self, {params}):\n    _set(self, '__dict__', {{{body}}})\n"
    scope: dict[str, object] = {"_d": defaults, "_set": object.__setattr__}
    exec(source, scope)  # the source is built from the class's own field names, as dataclasses does
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[misc]
    return cls


def compiled(function: object) -> bool:
    """True when `function` was compiled (it is then not a Python function): the module that defines it
    runs compiled, and its results' own __init__ sets their fields directly, a few nanoseconds each."""
    return not isinstance(function, FunctionType)


class Frozen:
    """Base of the frozen results: a compiled (native) class pickles only through a __reduce__ of its own."""

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        """(class, fields): unpickling calls the class's own __init__, which may set frozen fields."""
        return type(self), tuple(getattr(self, f.name) for f in fields(self))  # type: ignore[arg-type]


@dataclass(frozen=True, init=False)
class Candidate(Frozen):
    """One possible reading of something ambiguous, with why it is possible."""

    reading: str
    """The amount as kcheck would print it under this reading ("1.5 mg")."""
    amount_ug: Fraction | None
    """Micrograms under this reading; None when this reading is not a mass."""
    reason: str
    """Why this reading is possible, in words for the user."""

    def __init__(self, reading: str, amount_ug: Fraction | None, reason: str) -> None:
        self.reading = reading  # type: ignore[misc]
        self.amount_ug = amount_ug  # type: ignore[misc]
        self.reason = reason  # type: ignore[misc]


@dataclass(frozen=True, init=False)
class Problem(Frozen):
    """A reading problem: its kind (a rule slug), a message and the characters it is about.

    The reader says what is wrong; `kcheck.rules.rule_for` says which code and severity that is.
    """

    kind: str
    """What went wrong: 'ambiguous-number', 'ambiguous-unit', 'unspecified-form', ... (rule slugs)."""
    message: str
    """The message for the user, naming the text as written."""
    span: Span
    """Where in the input."""

    def __init__(self, kind: str, message: str, span: Span) -> None:
        self.kind = kind  # type: ignore[misc]
        self.message = message  # type: ignore[misc]
        self.span = span  # type: ignore[misc]

    @property
    def code(self) -> str:
        """The KC code for this kind of problem."""
        from kcheck.rules import rule_for

        return rule_for(self.kind).code


@dataclass(frozen=True, init=False)
class Amount(Frozen):
    """A stated amount as written: one value, a range (low-high) or a list of arms."""

    values: tuple[Fraction, ...]
    """The number(s) in the stated unit: one, low and high of a range, or each arm of a list."""
    unit: str
    """Canonical unit: 'mcg', 'mg', 'g', 'IU' or 'units'."""
    is_range: bool
    """True for '90-120 mcg' (values are low and high)."""
    span: Span
    """From the first number to the end of the unit."""
    number_text: str
    """The number(s) as written, in normalised text ('1,000', '90-120')."""
    unit_text: str
    """The unit as written ('µg', 'MG', 'I.U.')."""
    glued: bool
    """True when the unit touches the number ('45mcg')."""
    candidates: tuple[tuple[Fraction, ...], ...] = ()
    """Other readings of `values` when a number is ambiguous ('1,5': 1.5 or 15)."""
    candidate_reasons: tuple[str, ...] = ()
    """One reason for the reading in `values`, then one per candidate."""
    unit_candidates: tuple[str, ...] = ()
    """Units this spelling could mean when it is unsafe ('MG': mg or mcg)."""
    malformed: bool = False
    """True when a number's separators fit no convention ('1.5.3')."""
    out_of_range: str = ""
    """Why a number is not read as a dose ('-45': a sign), else ''."""

    def __init__(
        self,
        values: tuple[Fraction, ...],
        unit: str,
        is_range: bool,
        span: Span,
        number_text: str,
        unit_text: str,
        glued: bool,
        candidates: tuple[tuple[Fraction, ...], ...] = (),
        candidate_reasons: tuple[str, ...] = (),
        unit_candidates: tuple[str, ...] = (),
        malformed: bool = False,
        out_of_range: str = "",
    ) -> None:
        self.values = values  # type: ignore[misc]
        self.unit = unit  # type: ignore[misc]
        self.is_range = is_range  # type: ignore[misc]
        self.span = span  # type: ignore[misc]
        self.number_text = number_text  # type: ignore[misc]
        self.unit_text = unit_text  # type: ignore[misc]
        self.glued = glued  # type: ignore[misc]
        self.candidates = candidates  # type: ignore[misc]
        self.candidate_reasons = candidate_reasons  # type: ignore[misc]
        self.unit_candidates = unit_candidates  # type: ignore[misc]
        self.malformed = malformed  # type: ignore[misc]
        self.out_of_range = out_of_range  # type: ignore[misc]

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
        return bool(self.candidates) or bool(self.unit_candidates) or self.malformed or bool(self.out_of_range)

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


@dataclass(frozen=True, init=False)
class Ingredient(Frozen):
    """One nutrient amount read from a label, with every piece's span in the input."""

    nutrient: str | None
    """'vitamin_k', 'vitamin_d', or None when no tracked nutrient is named."""
    form: str | None
    """Canonical form code ('MK-7', 'D3', 'K2' when unspecified), or None."""
    name_text: str | None
    """The name as written ('Vitamin K2 (as menaquinone-7)')."""
    amount: Amount
    """The amount as stated."""
    amount_ug: Fraction | None
    """Micrograms per stated unit (the low end of a range); None when not convertible or ambiguous."""
    amount_ug_high: Fraction | None
    """Micrograms at the high end of a range."""
    values_ug: tuple[Fraction, ...]
    """Micrograms of each arm of a list ('15, 45 and 90 mg'); empty otherwise."""
    equivalents: tuple[Amount, ...]
    """Restatements of the same amount ('(25 mcg)' after '1000 IU')."""
    per: str
    """What the amount is per: serving, capsule, softgel, tablet, drop, mL, spray, dose or day."""
    per_count: Fraction
    """How many of `per` ('per 2 capsules': 2)."""
    per_text: str | None
    """The per as written when it is not one unit ('6 drops', 'per 0.5 mL')."""
    per_assumed: bool
    """True when the label does not say (then `per` is 'serving')."""
    per_kg: bool
    """True for a dose per kg of body weight (no daily total is given)."""
    doses_per_day: Fraction | None
    """Doses a day the label states ('three times daily': 3), else None."""
    frequency_text: str | None
    """The frequency as written."""
    daily_ug: Fraction | None
    """Micrograms a day when the label says enough to know."""
    daily_ug_high: Fraction | None
    """Micrograms a day at the high end of a range."""
    pct_dv: Fraction | None
    """The printed % daily value."""
    candidates: tuple[Candidate, ...]
    """The readings kcheck will not choose between; empty when the amount is read."""
    problems: tuple[Problem, ...]
    """What stopped or limited the reading of this ingredient."""
    spans: dict[str, Span] = field(hash=False, compare=True)
    """Every piece used: amount, name, per, frequency, count, pct_dv, equivalent1, ..."""
    bound: str | None = None
    """A hedge on the amount: 'up-to', 'at-least', 'around', 'less-than', or None when stated."""

    def __init__(
        self,
        nutrient: str | None,
        form: str | None,
        name_text: str | None,
        amount: Amount,
        amount_ug: Fraction | None,
        amount_ug_high: Fraction | None,
        values_ug: tuple[Fraction, ...],
        equivalents: tuple[Amount, ...],
        per: str,
        per_count: Fraction,
        per_text: str | None,
        per_assumed: bool,
        per_kg: bool,
        doses_per_day: Fraction | None,
        frequency_text: str | None,
        daily_ug: Fraction | None,
        daily_ug_high: Fraction | None,
        pct_dv: Fraction | None,
        candidates: tuple[Candidate, ...],
        problems: tuple[Problem, ...],
        spans: dict[str, Span],
        bound: str | None = None,
    ) -> None:
        self.nutrient = nutrient  # type: ignore[misc]
        self.form = form  # type: ignore[misc]
        self.name_text = name_text  # type: ignore[misc]
        self.amount = amount  # type: ignore[misc]
        self.amount_ug = amount_ug  # type: ignore[misc]
        self.amount_ug_high = amount_ug_high  # type: ignore[misc]
        self.values_ug = values_ug  # type: ignore[misc]
        self.equivalents = equivalents  # type: ignore[misc]
        self.per = per  # type: ignore[misc]
        self.per_count = per_count  # type: ignore[misc]
        self.per_text = per_text  # type: ignore[misc]
        self.per_assumed = per_assumed  # type: ignore[misc]
        self.per_kg = per_kg  # type: ignore[misc]
        self.doses_per_day = doses_per_day  # type: ignore[misc]
        self.frequency_text = frequency_text  # type: ignore[misc]
        self.daily_ug = daily_ug  # type: ignore[misc]
        self.daily_ug_high = daily_ug_high  # type: ignore[misc]
        self.pct_dv = pct_dv  # type: ignore[misc]
        self.candidates = candidates  # type: ignore[misc]
        self.problems = problems  # type: ignore[misc]
        self.spans = spans  # type: ignore[misc]
        self.bound = bound  # type: ignore[misc]

    @property
    def ambiguous(self) -> bool:
        """True when the amount cannot be read without a guess."""
        return bool(self.candidates)


@dataclass(frozen=True, init=False)
class Label(Frozen):
    """What kcheck read from one label string."""

    text: str
    """The input, unchanged (every span points into it)."""
    ingredients: tuple[Ingredient, ...]
    """Each vitamin K or D amount (or unnamed amount), in text order."""
    others: tuple[tuple[str, Amount], ...]
    """(name, amount) of ingredients kcheck does not check (calcium, DHA, ...)."""
    problems: tuple[Problem, ...]
    """Problems of the label as a whole (amounts matched to names by order)."""

    def __init__(
        self,
        text: str,
        ingredients: tuple[Ingredient, ...],
        others: tuple[tuple[str, Amount], ...],
        problems: tuple[Problem, ...],
    ) -> None:
        self.text = text  # type: ignore[misc]
        self.ingredients = ingredients  # type: ignore[misc]
        self.others = others  # type: ignore[misc]
        self.problems = problems  # type: ignore[misc]

    @property
    def status(self) -> str:
        """ "ok", or "ambiguous" when some amount needs a human (unreadable text raises instead)."""
        return "ambiguous" if any(i.ambiguous for i in self.ingredients) else "ok"


if not compiled(quick_init):
    for _result in (Candidate, Problem, Amount, Ingredient, Label):
        quick_init(_result)
