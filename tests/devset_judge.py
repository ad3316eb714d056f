"""One judge for every dev-set file: a row is read right, declined with a stated reason, or wrong.

A confidently wrong amount, form, frequency, daily total, range end or bound is wrong; declining is
allowed when kcheck says why. Shared by tests/test_devset.py and tests/test_devset_languages.py.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

from kcheck.errors import UnreadableLabel
from kcheck.forms import FormRegistry
from kcheck.grammar import Ingredient, parse_label

DATA = Path(__file__).parent / "data"
UNSPECIFIED = {"K2-unspecified": "K2", "K-unspecified": "K", "D-unspecified": "D"}
DECLINE_CODES = {"KC101", "KC102", "KC103", "KC104", "KC105", "KC106", "KC108", "KC112", "KC402"}


class Row(NamedTuple):
    file: str
    line: int
    text: str
    nutrient: str
    form: str
    amount_ug: Fraction | None  # None: the string states no dose of this nutrient
    doses_per_day: Fraction | None
    daily_ug: Fraction | None
    notes: str
    amount_ug_high: Fraction | None = None
    daily_ug_high: Fraction | None = None
    bound: str | None = None
    lang: str | None = None
    per: str = ""


def _optional(value: str | None) -> Fraction | None:
    return Fraction(value) if value else None


def load_rows(name: str) -> list[Row]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Row(
                name,
                line,
                r["text"],
                r["nutrient"],
                UNSPECIFIED.get(r["form"], r["form"]),
                _optional(r["amount_ug"]),
                Fraction(r["doses_per_day"]).limit_denominator(1000) if r["doses_per_day"] else None,
                Fraction(r["daily_ug"]) if r["daily_ug"] else None,
                r["notes"],
                _optional(r.get("amount_ug_high")),
                _optional(r.get("daily_ug_high")),
                r.get("bound") or None,
                r.get("lang") or None,
                r["per"],
            )
            for line, r in enumerate(reader, start=2)
        ]


def _close(got: Fraction, expected: Fraction) -> bool:
    return abs(got - expected) <= max(Fraction(1, 1000), abs(expected) * Fraction(5, 1000))


def _forms_agree(got: str | None, row: Row, forms: FormRegistry) -> bool:
    """Same form, or kcheck says less than the row (K2 for MK-7) - never a different form."""
    if got == row.form:
        return True
    if got is None or row.form == "other":
        return False
    return forms.is_ancestor(got, row.form)


def judge(row: Row, forms: FormRegistry, decimal_comma: bool | None = None) -> tuple[str, str]:
    """('right' | 'declined' | 'wrong', why) for one dev-set row."""
    try:
        label = parse_label(row.text, forms, decimal_comma=decimal_comma)
    except UnreadableLabel as error:
        return "declined", f"unreadable: {error.message}"
    if row.nutrient == "other":
        read = [
            i
            for i in label.ingredients
            if i.amount_ug is not None and i.nutrient is not None and _close(i.amount_ug, row.amount_ug)
        ]
        return ("wrong", f"a vitamin D analogue read as {read}") if read else ("declined", "not a tracked nutrient")
    candidates: list[Ingredient] = [i for i in label.ingredients if i.nutrient == row.nutrient]
    if row.amount_ug is None:
        return _no_dose([i for i in candidates if _related(i.form, row.form, forms)])
    candidates = [i for i in candidates if not _denied(i)] or candidates
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
    amount, doses = ingredient.amount_ug, ingredient.doses_per_day
    if amount is not None and ingredient.per == row.per and ingredient.per_count > 1:
        # '800 IU per 4 drops, once a day' is the row's '200 IU a drop, 4 drops a day': one reading, other units
        amount /= ingredient.per_count
        doses = doses * ingredient.per_count if doses is not None else None
    daily = ingredient.daily_ug
    if (
        row.per == "day"
        and ingredient.per != "day"
        and amount is not None
        and daily is not None
        and row.daily_ug is not None
        and _close(daily, row.daily_ug)
        and ingredient.amount_ug_high is None
    ):
        # 'Concentration: 125 mcg/mL ... Dose: 2 mL by mouth once daily' is the row's 250 µg a day: one reading
        amount = daily
    if amount is None or not _close(amount, row.amount_ug):
        problems.append(f"amount {amount} != {row.amount_ug}")
    if not _forms_agree(ingredient.form, row, forms):
        problems.append(f"form {ingredient.form} != {row.form}")
    if row.doses_per_day is not None and doses is not None and not _close(doses, row.doses_per_day):
        problems.append(f"doses/day {doses} != {row.doses_per_day}")
    if ingredient.daily_ug is not None and row.daily_ug is not None and not _close(ingredient.daily_ug, row.daily_ug):
        problems.append(f"daily {ingredient.daily_ug} != {row.daily_ug}")
    if ingredient.daily_ug is not None and "PER_KG" in row.notes:
        problems.append("a daily total for a per-kg dose")
    problems.extend(_range_and_bound(ingredient, row))
    return ("wrong", "; ".join(problems)) if problems else ("right", "")


def _denied(ingredient: Ingredient) -> bool:
    """kcheck says the amount is what the dose is not ('nicht ... 400 I.E. ..., sondern 667 I.E.'): no reading of it."""
    return ingredient.ambiguous and all(
        c.amount_ug is None and "says what the amount is not" in c.reason for c in ingredient.candidates
    )


def _related(got: str | None, form: str, forms: FormRegistry) -> bool:
    """The form read could be the row's: the same, more general or more specific, or not named ('45 mg MK-4 and K1
    placebo' gives no dose of K1: the MK-4 amount is another form's)."""
    return got is None or got == form or forms.is_ancestor(got, form) or forms.is_ancestor(form, got)


def _no_dose(candidates: list[Ingredient]) -> tuple[str, str]:
    """A string with no dose of the nutrient (a serum level, a conversion factor, a stripped number): any amount
    read for it with confidence is wrong."""
    read = [
        i
        for i in candidates
        if i.amount_ug is not None and not i.ambiguous and not {p.code for p in i.problems} & DECLINE_CODES
    ]
    if read:
        return "wrong", f"no dose in the string, read as {[str(i.amount_ug) for i in read]} µg"
    return ("declined", "an amount with a stated reason") if candidates else ("right", "")


def _range_and_bound(ingredient: Ingredient, row: Row) -> list[str]:
    """A range read with one end lost, or a hedged amount read as a plain dose, is wrong."""
    problems = []
    if row.amount_ug_high is not None and row.amount_ug_high != row.amount_ug:
        high = ingredient.amount_ug_high
        if high is None or not _close(high, row.amount_ug_high):
            problems.append(f"high end {high} != {row.amount_ug_high}")
    if row.daily_ug_high is not None and ingredient.daily_ug is not None and row.daily_ug_high != row.daily_ug:
        high = ingredient.daily_ug_high
        if high is None or not _close(high, row.daily_ug_high):
            problems.append(f"daily high end {high} != {row.daily_ug_high}")
    if row.bound is not None and ingredient.bound != row.bound:
        problems.append(f"bound {ingredient.bound} != {row.bound}")
    return problems


def daily_right(row: Row, forms: FormRegistry) -> bool:
    """The row states a daily amount and kcheck reads that daily amount."""
    if row.daily_ug is None or row.nutrient == "other":
        return False
    try:
        label = parse_label(row.text, forms)
    except UnreadableLabel:
        return False
    mine = [i for i in label.ingredients if i.nutrient == row.nutrient and not i.ambiguous]
    return bool(mine) and mine[0].daily_ug is not None and _close(mine[0].daily_ug, row.daily_ug)
