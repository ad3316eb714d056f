"""The languages dev set: German, French, Italian, Spanish, Dutch, Japanese and damaged text.

tests/data/devset_languages.tsv holds 168 real public strings with their truth, written before
kcheck ran on them (tests/data/DEVSET_SOURCES.md). Every row is read right or declined with a
stated reason; a confidently wrong amount, range end, form, frequency or daily total fails, per
language. Run with -s to see the counts per language.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from devset_judge import Row, judge, load_rows

from kcheck.forms import FormRegistry

# Rows each language must read right (today's counts, a little below): a reader that declines
# everything must not pass.
FLOORS = {"de": 9, "fr": 15, "it": 8, "es": 10, "nl": 11, "ja": 19, "damaged": 5}
ROWS = load_rows("devset_languages.tsv")


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
