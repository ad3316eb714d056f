"""The grown dev-set files are well formed, so a later acceptance test can trust their columns.

tests/data/devset_unseen.tsv (issue 11), devset_unseen3.tsv to devset_unseen70.tsv (a third to a seventieth
batch) and tests/data/devset_languages.tsv (issue 12) hold real public strings with their truth, written before
kcheck ran on them (see tests/data/DEVSET_SOURCES.md).
This file checks only their shape and internal arithmetic; it does not run the reader.
"""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SHARED_COLUMNS = ["text", "source", "nutrient", "form", "amount_ug", "per", "doses_per_day", "daily_ug", "notes"]
EXTRA_COLUMNS = ["amount_ug_high", "daily_ug_high", "bound", "nutrient_inferred", "expected"]
FILES = {
    "devset_unseen.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen3.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen4.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen5.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen6.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen7.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen8.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen9.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen10.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen11.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen12.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen13.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen14.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen15.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen16.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen17.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen18.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen19.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen20.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen21.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen22.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen23.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen24.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen25.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen26.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen27.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen28.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen29.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen30.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen31.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen32.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen33.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen34.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen35.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen36.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen37.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen38.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen39.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen40.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen41.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen42.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen43.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen44.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen45.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen46.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen47.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen48.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen49.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen50.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen51.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen52.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen53.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen54.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen55.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen56.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen57.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen58.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen59.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen60.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen61.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen62.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen63.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen64.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen65.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen66.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen67.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen68.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen69.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_unseen70.tsv": SHARED_COLUMNS + EXTRA_COLUMNS,
    "devset_languages.tsv": [*SHARED_COLUMNS, *EXTRA_COLUMNS, "lang"],
}
NUTRIENTS = {"vitamin_k", "vitamin_d", "other"}
FORMS = {"MK-4", "MK-7", "K1", "K2-unspecified", "K-unspecified", "K3", "mixed", "D3", "D2", "D-unspecified", "other"}
PERS = {"serving", "capsule", "softgel", "drop", "mL", "tablet", "day", "dose", "unknown"}
BOUNDS = {"", "up-to", "at-least", "around", "less-than"}
EXPECTED = {"read", "decline"}
LANGS = {"de", "fr", "it", "es", "nl", "ja", "damaged"}
NUMERIC = ["amount_ug", "amount_ug_high", "doses_per_day", "daily_ug", "daily_ug_high"]
ROUNDING = Decimal("0.0000005")  # half a unit in the 6th decimal, the precision the files are written to


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _number(row: dict[str, str], column: str) -> Decimal | None:
    text = row[column]
    if text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        pytest.fail(f"{column}={text!r} is not a number in {row['text']!r}")


def _all_rows() -> list[pytest.ParameterSet]:
    return [
        pytest.param(name, line, row, id=f"{name.removesuffix('.tsv')}-line{line}")
        for name in FILES
        for line, row in enumerate(_rows(name), start=2)
    ]


@pytest.mark.parametrize(("name", "columns"), [pytest.param(n, c, id=n) for n, c in FILES.items()])
def test_header_keeps_the_shared_columns_first(name: str, columns: list[str]) -> None:
    with (DATA / name).open(encoding="utf-8") as handle:
        assert handle.readline().rstrip("\n").split("\t") == columns


@pytest.mark.parametrize(("name", "line", "row"), _all_rows())
def test_row_is_well_formed(name: str, line: int, row: dict[str, str]) -> None:
    assert None not in row and None not in row.values(), f"line {line}: wrong number of fields"
    assert row["text"].strip() and row["source"].strip()
    assert not row["text"].startswith('"'), "a leading quote would be eaten by csv's default quoting"
    assert row["nutrient"] in NUTRIENTS and row["form"] in FORMS
    assert row["per"] in PERS or (row["per"] == "" and row["amount_ug"] == ""), "only a row with no dose has no per"
    assert row["bound"] in BOUNDS and row["expected"] in EXPECTED and row["nutrient_inferred"] in {"", "yes"}
    if row["expected"] == "decline":
        assert "decline" in row["notes"].lower(), "a decline row says why"
    if row["nutrient_inferred"] == "yes":
        assert row["nutrient"] == "vitamin_d", "only the 40 IU per mcg restatement infers a nutrient"
    if "lang" in row:
        assert row["lang"] in LANGS


@pytest.mark.parametrize(("name", "line", "row"), _all_rows())
def test_numbers_parse_and_agree(name: str, line: int, row: dict[str, str]) -> None:
    amount, high, per_day, daily, daily_high = (_number(row, column) for column in NUMERIC)
    if amount is None:  # the string states no dose of the nutrient: nothing else to agree with
        assert row["expected"] == "decline" and (high, daily, daily_high) == (None, None, None)
        return
    assert amount > 0 or (amount == 0 and high is not None and high > 0), "only a range may start at zero ('0 - 0,78')"
    assert per_day is None or per_day > 0
    if high is not None:
        assert high >= amount
    if daily_high is not None:  # a range of amounts, or of counts ('1-4 capsules daily') of one amount
        assert daily is not None and daily_high >= daily
    if row["per"] == "day":
        assert daily in (None, amount), "an amount per day is its own daily total"
        assert daily_high in (None, high)
    elif per_day is not None and daily is not None:
        assert abs(daily - amount * per_day) <= amount * ROUNDING + ROUNDING
        if high is not None:
            assert daily_high is not None and abs(daily_high - high * per_day) <= high * ROUNDING + ROUNDING
    elif daily is not None:
        assert "PER_KG" not in row["notes"], "a per-kg dose has no daily total"


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in FILES])
def test_rows_are_unique_on_text_nutrient_form(name: str) -> None:
    keys = [(r["text"], r["nutrient"], r["form"]) for r in _rows(name)]
    assert len(keys) == len(set(keys))
