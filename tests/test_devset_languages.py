"""The languages dev set: German, French, Italian, Spanish, Dutch, Japanese and damaged text.

tests/data/devset_languages.tsv holds 168 real public strings with their truth, written before
kcheck ran on them (tests/data/DEVSET_SOURCES.md). Every row is read right or declined with a
stated reason; a confidently wrong amount, range end, form, frequency or daily total fails, per
language. Run with -s to see the counts per language.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import pytest

from kcheck.errors import UnreadableLabel
from kcheck.forms import FormRegistry
from kcheck.grammar import parse_label

DEVSET = Path(__file__).parent / "data" / "devset_languages.tsv"
UNSPECIFIED = {"K2-unspecified": "K2", "K-unspecified": "K", "D-unspecified": "D"}
DECLINE_CODES = {"KC101", "KC102", "KC103", "KC104", "KC105", "KC106", "KC402"}
# Rows each language must read right (today's counts, a little below): a reader that declines
# everything must not pass.
FLOORS = {"de": 9, "fr": 15, "it": 8, "es": 10, "nl": 11, "ja": 19, "damaged": 5}


class Row(NamedTuple):
    line: int
    lang: str
    text: str
    nutrient: str
    form: str
    amount_ug: Fraction
    amount_ug_high: Fraction | None
    doses_per_day: Fraction | None
    daily_ug: Fraction | None
    notes: str


def _fraction(text: str, limit: bool = False) -> Fraction | None:
    if not text:
        return None
    return Fraction(text).limit_denominator(1000) if limit else Fraction(text)


def _rows() -> list[Row]:
    with DEVSET.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Row(
                line,
                r["lang"],
                r["text"],
                r["nutrient"],
                UNSPECIFIED.get(r["form"], r["form"]),
                Fraction(r["amount_ug"]),
                _fraction(r["amount_ug_high"]),
                _fraction(r["doses_per_day"], limit=True),
                _fraction(r["daily_ug"]),
                r["notes"],
            )
            for line, r in enumerate(reader, start=2)
        ]


ROWS = _rows()


def _close(got: Fraction, expected: Fraction) -> bool:
    return abs(got - expected) <= max(Fraction(1, 1000), abs(expected) * Fraction(5, 1000))


def judge(row: Row, forms: FormRegistry, decimal_comma: bool | None = None) -> tuple[str, str]:
    """('right' | 'declined' | 'wrong', why) for one row."""
    try:
        label = parse_label(row.text, forms, decimal_comma=decimal_comma)
    except UnreadableLabel as error:
        return "declined", f"unreadable: {error.message}"
    mine = [i for i in label.ingredients if i.nutrient == row.nutrient]
    mine = [i for i in mine if i.form == row.form] or mine
    if not mine:
        codes = {p.code for p in label.problems} | {p.code for i in label.ingredients for p in i.problems}
        if codes & DECLINE_CODES:
            return "declined", f"no {row.nutrient} ingredient; {sorted(codes & DECLINE_CODES)}"
        return "wrong", f"no {row.nutrient} ingredient and no reason given"
    ingredient = mine[0]
    if ingredient.ambiguous:
        if not ingredient.problems:
            return "wrong", "ambiguous without a stated reason"
        return "declined", f"ambiguous: {[c.reading for c in ingredient.candidates]}"
    problems = []
    if ingredient.amount_ug is None or not _close(ingredient.amount_ug, row.amount_ug):
        problems.append(f"amount {ingredient.amount_ug} != {row.amount_ug}")
    high = ingredient.amount_ug_high
    if high is not None and row.amount_ug_high is not None and not _close(high, row.amount_ug_high):
        problems.append(f"high end {high} != {row.amount_ug_high}")
    if ingredient.form != row.form and (ingredient.form is None or not forms.is_ancestor(ingredient.form, row.form)):
        problems.append(f"form {ingredient.form} != {row.form}")
    doses = ingredient.doses_per_day
    if doses is not None and row.doses_per_day is not None and not _close(doses, row.doses_per_day):
        problems.append(f"doses/day {doses} != {row.doses_per_day}")
    if ingredient.daily_ug is not None and row.daily_ug is not None and not _close(ingredient.daily_ug, row.daily_ug):
        problems.append(f"daily {ingredient.daily_ug} != {row.daily_ug}")
    if ingredient.daily_ug is not None and "PER_KG" in row.notes:
        problems.append("a daily total for a per-kg dose")
    return ("wrong", "; ".join(problems)) if problems else ("right", "")


@pytest.mark.parametrize("row", [pytest.param(r, id=f"{r.lang}-line{r.line}-{r.form}") for r in ROWS])
def test_row_is_right_or_declined_with_a_reason(row: Row, forms: FormRegistry) -> None:
    verdict, why = judge(row, forms)
    assert verdict != "wrong", f"{row.text!r}: {why}"
    if verdict == "declined":
        assert why, "a decline says why"


COMMA_ROWS = [r for r in ROWS if r.lang in ("de", "fr", "it", "es", "nl")]


@pytest.mark.parametrize("row", [pytest.param(r, id=f"{r.lang}-line{r.line}-{r.form}") for r in COMMA_ROWS])
def test_with_decimal_comma_a_row_is_still_right_or_declined(row: Row, forms: FormRegistry) -> None:
    """--decimal-comma on a German, French, Italian, Spanish or Dutch label reads more, never wrongly."""
    verdict, why = judge(row, forms, decimal_comma=True)
    assert verdict != "wrong", f"{row.text!r}: {why}"


def test_counts_per_language(forms: FormRegistry) -> None:
    """0 wrong in every language, and each language reads at least its floor of rows right."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in ROWS:
        counts[row.lang][judge(row, forms)[0]] += 1
    comma: dict[str, Counter[str]] = defaultdict(Counter)
    for row in COMMA_ROWS:
        comma[row.lang][judge(row, forms, decimal_comma=True)[0]] += 1
    print("\nlanguages dev set (right / declined / wrong; with --decimal-comma):")
    for lang in FLOORS:
        c, d = counts[lang], comma.get(lang)
        with_comma = f"   {d['right']:3} / {d['declined']:3} / {d['wrong']:3}" if d else ""
        print(f"  {lang:8} {c['right']:3} / {c['declined']:3} / {c['wrong']:3}{with_comma}")
    assert set(counts) == set(FLOORS)
    assert all(c["wrong"] == 0 for c in counts.values())
    assert {lang: counts[lang]["right"] >= floor for lang, floor in FLOORS.items()} == dict.fromkeys(FLOORS, True)
