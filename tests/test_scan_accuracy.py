"""Issue 17's acceptance criteria on the scan test set (tests/examples/scan), every document found by glob.

`pytest -s tests/test_scan_accuracy.py` prints the counts for the issue note; `python
tests/scan_judge.py` also lists every statement that is not read right and why.
"""

from __future__ import annotations

import pytest

from tests.scan_judge import Results, report, run

FORM_TARGET = 0.95


@pytest.fixture(scope="module")
def results() -> Results:
    found = run()
    print("\n" + "\n".join(report(found)))
    return found


def test_the_test_set_is_large_enough(results: Results) -> None:
    assert results.documents >= 5 and results.whole.rows >= 100


def test_every_amount_is_read_right_or_declined_with_a_reason(results: Results) -> None:
    for tally in (results.whole, results.quoted):
        assert tally.outcomes["missed"] == 0, [n for n in tally.notes if "missed" in n]
        assert tally.outcomes["right"] + tally.outcomes["declined"] == tally.rows


def test_no_confidently_wrong_amount(results: Results) -> None:
    for tally in (results.whole, results.alone, results.quoted):
        assert tally.outcomes["wrong"] == 0, [n for n in tally.notes if " wrong:" in n]


def test_form_right_where_the_sentence_names_it(results: Results) -> None:
    named = results.whole.form_named + results.quoted.form_named
    right = results.whole.form_named_right + results.quoted.form_named_right
    assert right >= FORM_TARGET * named, results.whole.notes + results.quoted.notes


def test_frequency_right_where_stated(results: Results) -> None:
    for tally in (results.whole, results.quoted):
        assert tally.frequency_right == tally.frequency_stated, [n for n in tally.notes if "frequency" in n]


def test_no_false_dose_on_the_traps(results: Results) -> None:
    assert results.traps and results.false_doses == []


def test_no_claim_outside_the_truth(results: Results) -> None:
    assert results.extra == []


def test_held_out_sentences_have_no_wrong_amount_no_miss_and_no_false_dose(results: Results) -> None:
    """The held-out set (heldout.tsv, not seen while the reader was built): the criteria that must hold anywhere."""
    for held in results.held_out:
        assert held.tally.outcomes["wrong"] == 0 and held.tally.outcomes["missed"] == 0, held.tally.notes
        assert held.traps and held.false_doses == []


def test_whole_documents_are_read_no_worse_than_their_sentences(results: Results) -> None:
    whole, alone = results.whole, results.alone
    assert whole.outcomes["right"] >= alone.outcomes["right"]
    assert whole.outcomes["wrong"] <= alone.outcomes["wrong"]
    assert whole.form_right >= alone.form_right
    assert whole.frequency_right >= alone.frequency_right
