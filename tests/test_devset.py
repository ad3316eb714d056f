"""The acceptance bar: every real dev-set string is read right or declined for a stated reason.

tests/data/devset_labels.tsv is a verbatim copy of ../shared/devset/labels.tsv (120 rows of
public label, regimen and reference strings with the expected reading); tests/data/devset_unseen.tsv
holds 189 rows of strings the reader was not fitted to, tests/data/devset_unseen3.tsv a third
batch of 56, devset_unseen4.tsv a fourth of 78 and devset_unseen5.tsv a fifth of 80, their truth written
before kcheck ran on them
(tests/data/DEVSET_SOURCES.md). A confidently wrong amount, form, frequency, daily total, range end or
bound is a failure; declining is allowed when kcheck says why.
"""

from __future__ import annotations

from collections import Counter

import pytest
from devset_judge import Row, daily_right, judge, load_rows

from kcheck.forms import FormRegistry

FILES = ("devset_labels.tsv", "devset_unseen.tsv", "devset_unseen3.tsv", "devset_unseen4.tsv", "devset_unseen5.tsv")
ROWS = {name: load_rows(name) for name in FILES}


ALL_ROWS = [row for name in FILES for row in ROWS[name]]


@pytest.mark.parametrize(
    "row", [pytest.param(r, id=f"{r.file.removesuffix('.tsv')}-line{r.line}-{r.form}") for r in ALL_ROWS]
)
def test_devset_row_is_right_or_declined(row: Row, forms: FormRegistry) -> None:
    verdict, why = judge(row, forms)
    assert verdict != "wrong", f"{row.text!r}: {why}"


@pytest.mark.parametrize(
    ("name", "least_right"),
    [
        ("devset_labels.tsv", 75),
        ("devset_unseen.tsv", 95),
        ("devset_unseen3.tsv", 33),
        ("devset_unseen4.tsv", 55),
        ("devset_unseen5.tsv", 40),
    ],
)
def test_devset_summary(name: str, least_right: int, forms: FormRegistry) -> None:
    """Most rows are read, not declined: a grammar that declines everything must not pass."""
    rows = ROWS[name]
    verdicts = Counter(judge(row, forms)[0] for row in rows)
    daily = sum(daily_right(row, forms) for row in rows)
    print(f"\n{name}: {dict(verdicts)} of {len(rows)} rows; daily right {daily}")
    assert verdicts["wrong"] == 0
    assert verdicts["right"] >= least_right
