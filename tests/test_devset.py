"""The acceptance bar: every real dev-set string is read right or declined for a stated reason.

tests/data/devset_labels.tsv is a verbatim copy of ../shared/devset/labels.tsv (120 rows of
public label, regimen and reference strings with the expected reading). A confidently wrong
amount, form, frequency or daily total is a failure; declining is allowed when kcheck says why.
"""

from __future__ import annotations

import csv
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import pytest

from kcheck.errors import UnreadableLabel
from kcheck.forms import FormRegistry
from kcheck.grammar import Ingredient, parse_label

DEVSET = Path(__file__).parent / "data" / "devset_labels.tsv"
UNSPECIFIED = {"K2-unspecified": "K2", "K-unspecified": "K", "D-unspecified": "D"}
DECLINE_CODES = {"KC101", "KC102", "KC103", "KC104", "KC105", "KC106", "KC402"}


class Row(NamedTuple):
    line: int
    text: str
    nutrient: str
    form: str
    amount_ug: Fraction
    doses_per_day: Fraction | None
    daily_ug: Fraction | None
    notes: str


def _rows() -> list[Row]:
    with DEVSET.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return [
            Row(
                line,
                r["text"],
                r["nutrient"],
                UNSPECIFIED.get(r["form"], r["form"]),
                Fraction(r["amount_ug"]),
                Fraction(r["doses_per_day"]).limit_denominator(1000) if r["doses_per_day"] else None,
                Fraction(r["daily_ug"]) if r["daily_ug"] else None,
                r["notes"],
            )
            for line, r in enumerate(reader, start=2)
        ]


ROWS = _rows()


def _close(got: Fraction, expected: Fraction) -> bool:
    return abs(got - expected) <= max(Fraction(1, 1000), abs(expected) * Fraction(5, 1000))


def _forms_agree(got: str | None, row: Row, forms: FormRegistry) -> bool:
    """Same form, or kcheck says less than the row (K2 for MK-7) - never a different form."""
    if got == row.form:
        return True
    if got is None or row.form == "other":
        return False
    return forms.is_ancestor(got, row.form)


def judge(row: Row, forms: FormRegistry) -> tuple[str, str]:
    """('right' | 'declined' | 'wrong', why) for one dev-set row."""
    try:
        label = parse_label(row.text, forms)
    except UnreadableLabel as error:
        return "declined", f"unreadable: {error.message}"
    if row.nutrient == "other":
        read = [i for i in label.ingredients if i.amount_ug is not None and i.nutrient is not None]
        return ("wrong", f"a vitamin D analogue read as {read}") if read else ("declined", "not a tracked nutrient")
    candidates: list[Ingredient] = [i for i in label.ingredients if i.nutrient == row.nutrient]
    mine = [i for i in candidates if i.form == row.form] or candidates
    if not mine:
        codes = {p.code for p in label.problems} | {p.code for i in label.ingredients for p in i.problems}
        if codes & DECLINE_CODES:
            return "declined", f"no {row.nutrient} ingredient; problems {sorted(codes & DECLINE_CODES)}"
        return "wrong", f"no {row.nutrient} ingredient and no reason given"
    ingredient = mine[0]
    if ingredient.ambiguous:
        if not ingredient.problems:
            return "wrong", "ambiguous without a stated reason"
        return "declined", f"ambiguous: {[c.reading for c in ingredient.candidates]}"
    problems = []
    if ingredient.amount_ug is None or not _close(ingredient.amount_ug, row.amount_ug):
        problems.append(f"amount {ingredient.amount_ug} != {row.amount_ug}")
    if not _forms_agree(ingredient.form, row, forms):
        problems.append(f"form {ingredient.form} != {row.form}")
    if (
        row.doses_per_day is not None
        and ingredient.doses_per_day is not None
        and not _close(ingredient.doses_per_day, row.doses_per_day)
    ):
        problems.append(f"doses/day {ingredient.doses_per_day} != {row.doses_per_day}")
    if ingredient.daily_ug is not None and row.daily_ug is not None and not _close(ingredient.daily_ug, row.daily_ug):
        problems.append(f"daily {ingredient.daily_ug} != {row.daily_ug}")
    if ingredient.daily_ug is not None and "PER_KG" in row.notes:
        problems.append("a daily total for a per-kg dose")
    return ("wrong", "; ".join(problems)) if problems else ("right", "")


@pytest.mark.parametrize("row", [pytest.param(r, id=f"line{r.line}-{r.form}") for r in ROWS])
def test_devset_row_is_right_or_declined(row: Row, forms: FormRegistry) -> None:
    verdict, why = judge(row, forms)
    assert verdict != "wrong", f"{row.text!r}: {why}"


def test_devset_summary(forms: FormRegistry) -> None:
    """Most rows are read, not declined: a grammar that declines everything must not pass."""
    verdicts = Counter(judge(row, forms)[0] for row in ROWS)
    print(f"\ndev set: {dict(verdicts)} of {len(ROWS)} rows")
    assert verdicts["wrong"] == 0
    assert verdicts["right"] >= 75
