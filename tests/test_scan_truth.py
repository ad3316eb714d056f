"""The `kcheck scan` test set (issue 17) is well formed, so a later acceptance test can trust it.

tests/examples/scan/ holds published documents with hand-written truth (see its README.md and
documents/LICENSES.md), written before kcheck ran on them. This file checks only the files' shape,
vocabularies, arithmetic and that every position points at its text; it does not run the reader.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from kcheck.label.model import BOUNDS as BOUND_NAMES
from kcheck.scan import model

SCAN = Path(__file__).parent / "examples" / "scan"
DOCUMENTS = SCAN / "documents"
POSITION = ["line", "col", "end_line", "end_col"]
STATEMENT = [
    "amount_text",
    "nutrient",
    "form",
    "form_in_sentence",
    "context",
    "amount_ug",
    "amount_ug_high",
    "per",
    "doses_per_day",
    "daily_ug",
    "bound",
    "claim",
    "expected",
    "notes",
]
HEADERS = {
    "truth.tsv": ["doc", *POSITION, *STATEMENT],
    "traps.tsv": ["doc", *POSITION, "text", "kind", "why"],
    "sentences.tsv": ["sentence_id", "address", "sentence", "col", "end_col", *STATEMENT],
    "heldout.tsv": ["sentence_id", "address", "sentence", "col", "end_col", *STATEMENT],
    "heldout_traps.tsv": ["sentence_id", "address", "sentence", "col", "end_col", "text", "kind", "why"],
    "heldout2.tsv": ["sentence_id", "address", "sentence", "col", "end_col", *STATEMENT],
    "heldout2_traps.tsv": ["sentence_id", "address", "sentence", "col", "end_col", "text", "kind", "why"],
}
NUTRIENTS = {"vitamin_k", "vitamin_d", "other"}
FORMS = {"MK-4", "MK-7", "K1", "K2-unspecified", "K-unspecified", "K3", "D3", "D2", "D-unspecified", "other"}
CONTEXTS = set(model.CONTEXTS)
BOUNDS = {"", *BOUND_NAMES}
CLAIMS = set(model.CLAIM_KINDS)
EXPECTED = {"read", "decline"}
TRAP_KINDS = {
    "year",
    "percentage",
    "duration",
    "citation",
    "homologue",
    "enumeration",
    "price",
    "reference-number",
    "age",
    "body-weight",
    "count",
    "concentration",
    "statistic",
    "address",
    "search-term",
    "other",
}
UG_PER_IU = Decimal("0.025")  # vitamin D: 1 µg = 40 IU (facts.md §8)
IU_AMOUNT = re.compile(r"^([\d,]+)(?: to ([\d,]+))? ?(?:IU|International Units|international units)$")
MINIMUM = {"documents": 5, "whole documents": 5, "statements": 100, "traps": 40}
HELD_OUT_MINIMUM = {
    "heldout": {"sentences": 40, "statements": 80, "traps": 40},
    "heldout2": {"sentences": 30, "statements": 30, "traps": 30},  # a second batch, after the first one's fixes
}


def _rows(name: str) -> list[dict[str, str]]:
    with (SCAN / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _lines(doc: str) -> list[str]:
    with (DOCUMENTS / doc).open(encoding="utf-8", newline="") as handle:
        return handle.read().split("\n")


def _number(row: dict[str, str], column: str) -> Decimal | None:
    if row[column] == "":
        return None
    try:
        return Decimal(row[column])
    except InvalidOperation:
        pytest.fail(f"{column}={row[column]!r} is not a number")


def _params(name: str) -> list[pytest.ParameterSet]:
    return [
        pytest.param(row, id=f"{name.removesuffix('.tsv')}-line{line}") for line, row in enumerate(_rows(name), start=2)
    ]


def _documents() -> list[str]:
    return sorted(p.name for p in DOCUMENTS.iterdir() if p.name != "LICENSES.md")


def _span_text(row: dict[str, str]) -> str:
    line, col, end_line, end_col = (int(row[c]) for c in POSITION)
    assert end_line == line, "a span stays on one line"
    lines = _lines(row["doc"])
    assert 1 <= line <= len(lines) and 1 <= col < end_col <= len(lines[line - 1]) + 1
    return lines[line - 1][col - 1 : end_col - 1]


def _check_statement(row: dict[str, str]) -> None:
    """Vocabularies and arithmetic shared by document rows and quoted-sentence rows."""
    assert None not in row and None not in row.values(), "wrong number of fields"
    assert row["nutrient"] in NUTRIENTS and row["form"] in FORMS and row["context"] in CONTEXTS
    assert row["bound"] in BOUNDS and row["claim"] in CLAIMS and row["expected"] in EXPECTED
    assert row["form_in_sentence"] in {"yes", "no"}
    assert (row["form_in_sentence"] == "yes") == (row["context"] == "sentence"), "context names where the form is"
    if row["expected"] == "decline":
        assert row["notes"].strip(), "a decline row says why"
    amount, high, per_day, daily = (
        _number(row, c) for c in ["amount_ug", "amount_ug_high", "doses_per_day", "daily_ug"]
    )
    assert amount is not None and amount >= 0
    assert amount > 0 or row["expected"] == "decline", "only a declined statement may be zero"
    assert high is None or high > amount
    assert per_day is None or per_day > 0
    if row["per"] == "day":
        assert daily in (None, amount), "an amount per day is its own daily total (the low end of a range)"
    elif per_day is not None:
        assert daily == amount * per_day
    else:
        assert daily is None, "no daily total without a per-day basis"
    iu = IU_AMOUNT.match(row["amount_text"])
    if iu and row["nutrient"] == "vitamin_d":
        assert amount == Decimal(iu[1].replace(",", "")) * UG_PER_IU
        if iu[2]:
            assert high == Decimal(iu[2].replace(",", "")) * UG_PER_IU


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in HEADERS])
def test_header(name: str) -> None:
    with (SCAN / name).open(encoding="utf-8") as handle:
        assert handle.readline().rstrip("\n").split("\t") == HEADERS[name]


@pytest.mark.parametrize("row", _params("truth.tsv"))
def test_truth_row(row: dict[str, str]) -> None:
    _check_statement(row)
    assert row["doc"] in _documents()
    assert _span_text(row) == row["amount_text"]


@pytest.mark.parametrize("row", _params("traps.tsv"))
def test_trap_row(row: dict[str, str]) -> None:
    assert None not in row and None not in row.values(), "wrong number of fields"
    assert row["doc"] in _documents() and row["kind"] in TRAP_KINDS and row["why"].strip()
    assert _span_text(row) == row["text"]


@pytest.mark.parametrize("row", _params("sentences.tsv") + _params("heldout.tsv") + _params("heldout2.tsv"))
def test_sentence_row(row: dict[str, str]) -> None:
    _check_statement(row)
    assert row["address"].startswith(("https://", "http://"))
    col, end_col = int(row["col"]), int(row["end_col"])
    assert row["sentence"][col - 1 : end_col - 1] == row["amount_text"]


@pytest.mark.parametrize("row", _params("heldout_traps.tsv") + _params("heldout2_traps.tsv"))
def test_held_out_trap_row(row: dict[str, str]) -> None:
    assert None not in row and None not in row.values(), "wrong number of fields"
    assert row["address"].startswith(("https://", "http://"))
    assert row["kind"] in TRAP_KINDS and row["why"].strip()
    col, end_col = int(row["col"]), int(row["end_col"])
    assert row["sentence"][col - 1 : end_col - 1] == row["text"]


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in HELD_OUT_MINIMUM])
def test_held_out_sentences_are_consistent_and_no_trap_overlaps_a_statement(name: str) -> None:
    """One id is one sentence at one address; a trap never overlaps a dose statement of its sentence."""
    statements, traps = _rows(f"{name}.tsv"), _rows(f"{name}_traps.tsv")
    by_id = {(r["sentence_id"], r["address"], r["sentence"]) for r in statements + traps}
    assert len(by_id) == len({r["sentence_id"] for r in statements + traps})
    spans = {(r["sentence_id"], int(r["col"]), int(r["end_col"])) for r in statements}
    assert len(spans) == len(statements)
    for trap in traps:
        col, end = int(trap["col"]), int(trap["end_col"])
        assert not [s for s in spans if s[0] == trap["sentence_id"] and col < s[2] and s[1] < end], trap["text"]


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in HELD_OUT_MINIMUM])
def test_the_held_out_sets_are_large_enough(name: str) -> None:
    statements, traps = _rows(f"{name}.tsv"), _rows(f"{name}_traps.tsv")
    counts = {
        "sentences": len({r["sentence_id"] for r in statements + traps}),
        "statements": len(statements),
        "traps": len(traps),
    }
    assert all(counts[k] >= HELD_OUT_MINIMUM[name][k] for k in counts), counts
