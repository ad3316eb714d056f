"""The reader's and the checker's result objects keep dataclass behaviour with their faster constructor (quick_init)."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass, field
from fractions import Fraction

import pytest

from kcheck import parse_label
from kcheck.data import default_registry
from kcheck.engine import check_text
from kcheck.label.model import Amount, Candidate, Ingredient, Label, Problem, quick_init
from kcheck.report import CheckedIngredient, Compared, Finding, LabelCheck

MODELS = [Candidate, Problem, Amount, Ingredient, Label, Finding, Compared, CheckedIngredient, LabelCheck]
TEXT = "Vitamin K2 (as MK-7) 45 mcg, 1 capsule twice daily"


def _read() -> Label:
    return parse_label(TEXT)


def _instances() -> dict[type, object]:
    label = _read()
    ingredient = label.ingredients[0]
    check = check_text(TEXT, default_registry())
    return {
        Candidate: Candidate("1.5 mg", Fraction(1500), "a decimal point"),
        Problem: Problem("unspecified-form", "no form", (0, 2)),
        Amount: ingredient.amount,
        Ingredient: ingredient,
        Label: label,
        LabelCheck: check,
        Finding: check.findings[0],
        Compared: check.compared[0],
        CheckedIngredient: check.ingredients[0],
    }


ANOTHER_VALUE = {
    Candidate: ("reason", "another reason"),
    Problem: ("message", "another message"),
    Amount: ("unit_text", "mg"),
    Ingredient: ("name_text", "another name"),
    Label: ("text", "another text"),
    Finding: ("message", "another message"),
    Compared: ("ingredient", 7),
    CheckedIngredient: ("daily_basis", "option"),
    LabelCheck: ("input", "another input"),
}
"""A field of each class and a value of its type that differs from the instance's (compiled classes check types)."""


@pytest.mark.parametrize("cls", [pytest.param(cls, id=cls.__name__) for cls in MODELS])
def test_frozen_comparable_replaceable_and_picklable(cls: type) -> None:
    instance = _instances()[cls]
    first = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(instance, first, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(instance, first)
    assert pickle.loads(pickle.dumps(instance)) == instance
    assert dataclasses.replace(instance) == instance
    name, value = ANOTHER_VALUE[cls]
    assert dataclasses.replace(instance, **{name: value}) != instance
    keywords = {f.name: getattr(instance, f.name) for f in dataclasses.fields(cls)}
    assert cls(**keywords) == instance
    assert repr(cls(**keywords)) == repr(instance)
    assert cls(*keywords.values()) == instance


def test_defaults_apply() -> None:
    amount = _read().ingredients[0].amount
    given = (amount.values, amount.unit, amount.is_range, amount.span, amount.number_text, amount.unit_text)
    bare = Amount(*given, amount.glued)
    assert (bare.candidates, bare.malformed, bare.out_of_range) == ((), False, "")


def test_a_field_it_cannot_build_is_refused_at_import() -> None:
    with pytest.raises(TypeError, match="plain fields"):

        @quick_init
        @dataclass(frozen=True)
        class WithFactory:
            items: list[int] = field(default_factory=list)
