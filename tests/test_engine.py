"""The comparison engine: daily amounts, ratios and the KC3xx/KC4xx findings."""

from __future__ import annotations

from fractions import Fraction

import pytest

from kcheck.engine import STAGED_LABELS, Settings, check_text, check_texts
from kcheck.limits import LABEL_MAX_CHARS
from kcheck.regimens import Registry
from kcheck.report import exit_code, severity_counts


def codes(text: str, registry: Registry, **settings: object) -> list[str]:
    return [f.code for f in check_text(text, registry, Settings(**settings)).findings]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "settings", "present", "absent"),
    [
        pytest.param("45mcg MK-7", {}, {"KC301", "KC303", "KC302", "KC307"}, {"KC304"}, id="the-1000x-trap"),
        pytest.param("45 mg MK-7", {}, {"KC304"}, set(), id="unit-typo-mg-for-mcg"),
        pytest.param("45 mcg MK-4", {}, {"KC304", "KC301"}, {"KC303"}, id="unit-typo-mcg-for-mg"),
        pytest.param(
            "menatetrenone 15 mg three times daily",
            {},
            {"KC307"},
            {"KC301", "KC304", "KC302"},
            id="glakay-regimen-itself",
        ),
        pytest.param("180 mcg MK-7", {}, {"KC307"}, {"KC302", "KC301", "KC308"}, id="knapen-dose"),
        pytest.param("180 mcg MK-7", {"market": "ca"}, {"KC308"}, {"KC306"}, id="above-health-canada-k-limit"),
        pytest.param("100 mcg MK-7", {"market": "ca"}, set(), {"KC306", "KC308"}, id="within-health-canada-k-limit"),
        pytest.param("5000 IU D3", {"market": "ca"}, {"KC306"}, {"KC308"}, id="above-health-canada-d-limit"),
        pytest.param("5000 IU D3", {}, {"KC305"}, {"KC304"}, id="above-vitamin-d-ul"),
        pytest.param("4000 IU D3", {}, set(), {"KC305"}, id="at-vitamin-d-ul"),
        pytest.param("5000 mcg D3", {}, {"KC304"}, set(), id="mcg-for-iu"),
        pytest.param("5 mcg MK-7", {}, set(), {"KC307"}, id="below-interaction-threshold"),
        pytest.param("Vitamin K2 100 mcg (83% DV)", {"market": "us"}, {"KC104"}, {"KC401"}, id="dv-matches"),
        pytest.param("Vitamin K2 100 mcg (50% DV)", {"market": "us"}, {"KC401"}, set(), id="dv-does-not-match"),
        pytest.param("1,5 mg K1", {}, {"KC102"}, {"KC301", "KC304"}, id="ambiguous-is-not-checked"),
    ],
)
def test_findings(text: str, settings: dict, present: set, absent: set, registry: Registry) -> None:
    found = set(codes(text, registry, **settings))
    assert present <= found, found
    assert not absent & found, found


def test_same_digits_names_both_doses_and_the_factor(registry: Registry) -> None:
    check = check_text("45mcg MK-7", registry)
    (same,) = [f for f in check.findings if f.code == "KC301"]
    assert "45 mcg MK-7" in same.message and "45 mg/day" in same.message
    assert "1,000×" in same.message and "1,460×" in same.message
    (form,) = [f for f in check.findings if f.code == "KC303"]
    assert "MK-4" in form.message


def test_did_you_mean_for_a_unit_typo(registry: Registry) -> None:
    (typo,) = [f for f in check_text("45 mg MK-7", registry).findings if f.code == "KC304"]
    assert "Did you mean 45 mcg?" in typo.message


def test_comparisons_by_mass_and_moles(registry: Registry) -> None:
    check = check_text("45mcg MK-7", registry)
    by_id = {c.regimen: c for c in check.comparisons}
    assert by_id["glakay-label"].ratio_mass == 1000
    assert by_id["glakay-label"].form_match == "different"
    assert round(float(by_id["glakay-label"].ratio_moles), 0) == 1460
    assert by_id["knapen-2013"].ratio_mass == 4 and by_id["knapen-2013"].form_match == "same"
    assert by_id["knapen-2013"].ratio_moles == 4


def test_daily_amount_is_assumed_and_said(registry: Registry) -> None:
    (item,) = check_text("45 mcg MK-7", registry).ingredients
    assert (item.daily_ug, item.daily_basis) == (45, "assumed")
    (item,) = check_text("45 mcg MK-7", registry, Settings(servings_per_day=Fraction(2))).ingredients
    assert (item.daily_ug, item.daily_basis) == (90, "option")
    (item,) = check_text("15 mg MK-4 three times daily", registry).ingredients
    assert (item.daily_ug, item.daily_basis) == (45000, "label")


def test_two_ingredients_are_checked_separately(registry: Registry) -> None:
    check = check_text("5000 IU D3 + 100 mcg MK-7", registry)
    assert [(i.ingredient.form, i.ingredient.amount_ug) for i in check.ingredients] == [("D3", 125), ("MK-7", 100)]
    assert {f.ingredient for f in check.findings if f.code == "KC305"} == {0}
    assert {f.ingredient for f in check.findings if f.code == "KC307"} == {1}


def test_unreadable_is_a_finding_not_an_exception(registry: Registry) -> None:
    check = check_text("no dose here", registry)
    assert check.status == "unreadable" and [f.code for f in check.findings] == ["KC101"]


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [
        pytest.param("error", False, id="warnings-do-not-fail-by-default"),
        pytest.param("warning", True, id="warnings-fail-when-asked"),
        pytest.param("never", False, id="never"),
    ],
)
def test_fail_on(fail_on: str, expected: bool, registry: Registry) -> None:
    assert exit_code(severity_counts(check_text("45mcg MK-7", registry).findings), fail_on) == int(expected)


def test_same_input_same_findings(registry: Registry) -> None:
    first = check_text("5000 IU D3 + 100 mcg K2 (MK-7) x3", registry)
    assert check_text("5000 IU D3 + 100 mcg K2 (MK-7) x3", registry) == first


# Labels of every kind a stage can end in: read and checked, unreadable at the tokens (a number
# past the limit), unreadable at the reading (no dose), cut at the length limit, under other settings.
_STAGED = [
    ("45mcg MK-7", Settings()),
    ("1" * 20 + " mcg MK-7", Settings()),
    ("no dose here", Settings()),
    ("x" * (LABEL_MAX_CHARS + 10) + " 45 mcg MK-7", Settings()),
    ("Vitamin D3 1,5 mg", Settings(decimal_comma=True)),
    ("Vitamin D3 1,5 mg", Settings(decimal_comma=False)),
    ("45 mg MK-4", Settings(market="eu", servings_per_day=Fraction(3))),
]


@pytest.mark.parametrize(
    "count",
    [
        pytest.param(0, id="none"),
        pytest.param(len(_STAGED), id="fewer-than-a-stage"),
        pytest.param(2 * STAGED_LABELS + 3, id="several-stages-and-a-part"),
    ],
)
def test_labels_checked_stage_by_stage_are_checked_as_one_at_a_time(count: int, registry: Registry) -> None:
    """check_texts, which reads labels a few dozen at a time stage by stage, gives each label's
    check_text, in order, whatever stage a label ends in."""
    requests = [_STAGED[i % len(_STAGED)] for i in range(count)]
    requests = [(f"{text} #{i}" if i % 2 else text, settings) for i, (text, settings) in enumerate(requests)]
    checks = list(check_texts(requests, registry))
    assert checks == [check_text(text, registry, settings) for text, settings in requests]
    assert [c.input for c in checks] == [text for text, _ in requests]
    assert {c.status for c in checks} == ({"ok", "ambiguous", "unreadable"} if count else set())
