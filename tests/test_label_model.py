"""The reader's and the checker's result objects keep dataclass behaviour: compiled, they are native classes
with their own __init__; in the pure build, quick_init's."""

from __future__ import annotations

import ast
import dataclasses
import pickle
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pytest

from kcheck import parse_label
from kcheck.data import default_registry
from kcheck.engine import check_text
from kcheck.label.model import Amount, Candidate, Ingredient, Label, Problem, quick_init
from kcheck.report import CheckedIngredient, Compared, Comparison, Finding, LabelCheck, Location, Report, Subject

MODELS = [Candidate, Problem, Amount, Ingredient, Label, Finding, Compared, CheckedIngredient, LabelCheck]
PLAIN = [Location, Comparison, Subject, Report]
"""Results built with dataclasses' own __init__ (rarely made), which must pickle all the same."""
PACKAGE = Path(__file__).resolve().parent.parent / "kcheck"
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
        Location: Location("catalogue.yaml", 3, 5, 9),
        Comparison: check.comparisons[0],
        Subject: Subject("row 2", Location("products.csv", 2, 1)),
        Report: Report("batch", (Subject("row 2", Location("products.csv", 2, 1)),), check.findings),
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
    Location: ("line", 4),
    Comparison: ("form_match", "different"),
    Subject: ("name", "row 3"),
    Report: ("command", "lint"),
}
"""A field of each class and a value of its type that differs from the instance's (compiled classes check types)."""


@pytest.mark.parametrize("cls", [pytest.param(cls, id=cls.__name__) for cls in MODELS + PLAIN])
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


def _own_inits(path: Path) -> dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]]:
    """Per dataclass with its own __init__: its fields (name, default) in order, and that __init__'s parameters."""
    classes = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.ClassDef) or not any("dataclass" in ast.unparse(d) for d in node.decorator_list):
            continue
        init = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
        if init is None:
            continue
        fields = [
            (item.target.id, ast.unparse(item.value) if item.value else "")
            for item in node.body
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
        ]
        positional = init.args.args[1:]
        defaults = [""] * (len(positional) - len(init.args.defaults)) + [ast.unparse(d) for d in init.args.defaults]
        classes[node.name] = (fields, [(a.arg, d) for a, d in zip(positional, defaults, strict=True)])
    return classes


@pytest.mark.parametrize(
    "module",
    ["label/model.py", "report.py", "csvinput.py", "label/normalise.py", "label/tokens.py", "label/phrases.py"],
)
def test_each_own_init_takes_the_fields_in_order_with_their_defaults(module: str) -> None:
    """The compiled build runs these hand-written __init__s, the pure build quick_init's: they must agree."""
    inits = _own_inits(PACKAGE / module)
    assert {cls.__name__ for cls in MODELS if cls.__module__.endswith(module[:-3].replace("/", "."))} <= set(inits)
    for name, (fields, parameters) in inits.items():
        expected = [(field_name, "" if default.startswith("field(") else default) for field_name, default in fields]
        assert parameters == expected, name
        assert inits[name][0], name


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
