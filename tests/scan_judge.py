"""The judge of the scan test set (tests/examples/scan): each truth row right, declined, wrong or missed.

Shared by tests/test_scan_accuracy.py; `python tests/scan_judge.py` prints the counts and every row
that is not right (for the issue note and for debugging).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from kcheck.data import default_registry
from kcheck.forms import FormRegistry
from kcheck.scan.document import scan_text
from kcheck.scan.model import Claim, ScannedDocument

SCAN = Path(__file__).parent / "examples" / "scan"
DOCUMENTS = SCAN / "documents"
UNSPECIFIED = {"K2-unspecified": "K2", "K-unspecified": "K", "D-unspecified": "D"}
LESS_THAN_DAILY = ("week", "month")
"""A `per` of the truth that states a frequency below once a day (the count per week is in the text only)."""


@dataclass(frozen=True)
class Row:
    """One dose statement of truth.tsv or sentences.tsv, its position as offsets into its text."""

    where: str
    text_id: str
    span: tuple[int, int]
    fields: dict[str, str] = field(hash=False)

    def fraction(self, key: str) -> Fraction | None:
        value = self.fields[key]
        return Fraction(Decimal(value)) if value else None


@dataclass
class Tally:
    """The counts the issue's criteria are about."""

    rows: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    form_named: int = 0
    form_named_right: int = 0
    form_right: int = 0
    frequency_stated: int = 0
    frequency_right: int = 0
    bound_right: int = 0
    claim_right: int = 0
    context_right: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self, title: str) -> list[str]:
        """The counts, one line each."""
        o = self.outcomes
        return [
            f"{title}: {self.rows} statements: {o['right']} amounts right, {o['declined']} declined with a reason, "
            f"{o['wrong']} confidently wrong, {o['missed']} missed",
            f"  form right where the sentence names it: {self.form_named_right}/{self.form_named}"
            f" ({_pct(self.form_named_right, self.form_named)}); form right overall: {self.form_right}/{self.rows}",
            f"  frequency right where stated: {self.frequency_right}/{self.frequency_stated}",
            f"  bound right: {self.bound_right}/{self.rows}; claim kind right: {self.claim_right}/{self.rows};"
            f" context right: {self.context_right}/{self.rows}",
        ]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def offset(text: str, line: int, col: int) -> int:
    """0-based offset of a 1-based line and column (lines end at \\n, \\r\\n or \\r, as the scan counts)."""
    lines = text.splitlines(keepends=True)
    return sum(len(chunk) for chunk in lines[: line - 1]) + col - 1


def document_text(name: str) -> str:
    return (DOCUMENTS / name).read_bytes().decode("utf-8")


def _placed_rows(name: str) -> list[Row]:
    """The rows of truth.tsv or traps.tsv, their positions as offsets into their document."""
    rows = []
    with (SCAN / name).open(encoding="utf-8", newline="") as handle:
        for number, r in enumerate(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
            text = document_text(r["doc"])
            start = offset(text, int(r["line"]), int(r["col"]))
            end = offset(text, int(r["end_line"]), int(r["end_col"]))
            rows.append(Row(f"{name}:{number}", r["doc"], (start, end), r))
    return rows


def truth_rows() -> list[Row]:
    return _placed_rows("truth.tsv")


def trap_rows() -> list[Row]:
    return _placed_rows("traps.tsv")


def sentence_rows(name: str = "sentences.tsv") -> list[Row]:
    """The rows of a quoted-sentence file (sentences.tsv, heldout.tsv, heldout_traps.tsv), spans in the sentence."""
    rows = []
    with (SCAN / name).open(encoding="utf-8", newline="") as handle:
        for number, r in enumerate(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
            span = (int(r["col"]) - 1, int(r["end_col"]) - 1)
            rows.append(Row(f"{name}:{number}", r["sentence"], span, r))
    return rows


def documents() -> list[str]:
    """Every shipped document, found by glob (LICENSES.md is the provenance, not a document)."""
    return sorted(p.name for p in DOCUMENTS.glob("*.md") if p.name != "LICENSES.md") + sorted(
        p.name for p in DOCUMENTS.glob("*.txt")
    )


def scan(name: str, text: str) -> ScannedDocument:
    return scan_text(name, text, default_registry())


def claim_at(document: ScannedDocument, span: tuple[int, int]) -> Claim | None:
    """The claim whose amount overlaps this span (the one starting nearest to it)."""
    hits = [c for c in document.claims if c.span[0] < span[1] and span[0] < c.span[1]]
    return min(hits, key=lambda c: abs(c.span[0] - span[0])) if hits else None


def _close(got: Fraction, expected: Fraction) -> bool:
    return abs(got - expected) <= max(Fraction(1, 1000), abs(expected) * Fraction(5, 1000))


def judge(row: Row, claim: Claim | None, forms: FormRegistry, tally: Tally) -> None:
    """Add one row's outcome to the tally."""
    r = row.fields
    tally.rows += 1
    outcome, why = _amount(row, claim)
    tally.outcomes[outcome] += 1
    if outcome != "right":
        tally.notes.append(f"{row.where} {outcome}: {r['amount_text']!r} {why}")
    form = UNSPECIFIED.get(r["form"], r["form"])
    got = claim.ingredient.form if claim is not None else None
    right_form = got == form or (form == "other" and got is None)
    tally.form_right += right_form
    if r["form_in_sentence"] == "yes":
        tally.form_named += 1
        tally.form_named_right += right_form
    if not right_form and outcome in ("right", "wrong"):
        tally.notes.append(f"{row.where} form {got} != {form}: {r['amount_text']!r}")
    if claim is None:
        return
    ingredient = claim.ingredient
    if r["doses_per_day"] or r["per"] in ("day", *LESS_THAN_DAILY):
        tally.frequency_stated += 1
        expected = Fraction(Decimal(r["doses_per_day"])) if r["doses_per_day"] else None
        if r["per"] in LESS_THAN_DAILY:  # 'weekly', 'twice weekly', 'monthly': any frequency below once a day
            ok = ingredient.per == r["per"] or (ingredient.doses_per_day is not None and ingredient.doses_per_day < 1)
        elif expected is None:  # 'per day' read as the per, or as once a day ('daily' before the amount)
            ok = ingredient.per == "day" or ingredient.doses_per_day == 1
        else:
            ok = ingredient.doses_per_day == expected
        tally.frequency_right += ok
        if not ok:
            tally.notes.append(
                f"{row.where} frequency: per {ingredient.per} x{ingredient.doses_per_day} != {r['per']}"
                f" x{r['doses_per_day']}"
            )
    tally.bound_right += (ingredient.bound or "") == r["bound"]
    tally.claim_right += claim.claim == r["claim"]
    if (ingredient.bound or "") != r["bound"]:
        tally.notes.append(f"{row.where} bound {ingredient.bound} != {r['bound'] or None}: {r['amount_text']!r}")
    if claim.claim != r["claim"]:
        tally.notes.append(f"{row.where} claim kind {claim.claim} != {r['claim']}: {r['amount_text']!r}")
    tally.context_right += claim.context == r["context"] or form == "other"


def _amount(row: Row, claim: Claim | None) -> tuple[str, str]:
    r = row.fields
    if r["nutrient"] == "other":
        if claim is not None and claim.ingredient.nutrient is not None:
            return "wrong", f"an untracked nutrient read as {claim.ingredient.nutrient}"
        return "right", ""
    if claim is None:
        return ("right", "") if r["expected"] == "decline" else ("missed", "no claim")
    ingredient = claim.ingredient
    if ingredient.amount_ug is None or ingredient.ambiguous:
        reasons = [c.reason for c in ingredient.candidates] + [p.message for p in ingredient.problems]
        if not reasons:
            return "wrong", "declined without a reason"
        if r["expected"] == "decline":
            return "right", ""
        return "declined", "; ".join(reasons)
    if r["per"] == "kg":  # an amount per kg body weight: right when declined, or read per kg with no daily total
        if ingredient.per_kg and ingredient.daily_ug is None:
            return "right", ""
        return "wrong", f"read as {ingredient.amount_ug} µg with no per-kg basis, the truth declines it"
    if r["expected"] == "decline":
        return "wrong", f"read as {ingredient.amount_ug} µg, the truth declines it"
    problems = []
    if ingredient.nutrient is not None and ingredient.nutrient != r["nutrient"]:
        problems.append(f"nutrient {ingredient.nutrient}")
    expected = row.fraction("amount_ug")
    assert expected is not None
    amount_ug, daily_ug = ingredient.amount_ug, ingredient.daily_ug
    high_end = ingredient.amount_ug_high
    if high_end is not None and _close(high_end, expected) and not _close(amount_ug, expected):
        # the truth lists a range's two ends as two amounts ('ranging from 200 µg daily to 375 µg daily'), and
        # kcheck reads one range: this row is its high end
        amount_ug, daily_ug = high_end, ingredient.daily_ug_high
    if not _close(amount_ug, expected):
        problems.append(f"amount {amount_ug} != {expected}")
    high = row.fraction("amount_ug_high")
    if high is not None and (ingredient.amount_ug_high is None or not _close(ingredient.amount_ug_high, high)):
        problems.append(f"high end {ingredient.amount_ug_high} != {high}")
    daily = row.fraction("daily_ug")
    if daily is not None and daily_ug is not None and not _close(daily_ug, daily):
        problems.append(f"daily {daily_ug} != {daily}")
    return ("wrong", "; ".join(problems)) if problems else ("right", "")


@dataclass
class Results:
    """Everything the accuracy test asserts and prints."""

    whole: Tally
    alone: Tally
    quoted: Tally
    traps: int
    false_doses: list[str]
    extra: list[str]
    documents: int
    held_out: list[HeldOut]


@dataclass
class HeldOut:
    """One held-out batch of quoted sentences (NAME.tsv, NAME_traps.tsv), judged as sentences.tsv is."""

    name: str
    tally: Tally
    sentences: int
    traps: int
    false_doses: list[str]
    extra: list[str]


HELD_OUT = ("heldout", "heldout2")
"""The held-out batches: quoted sentences first read after the reader was built (see tests/examples/scan)."""


def run_held_out(name: str) -> HeldOut:
    """Scan each held-out sentence once; judge its statements, its traps and any claim outside the truth."""
    forms = default_registry().forms
    statements, traps = sentence_rows(f"{name}.tsv"), sentence_rows(f"{name}_traps.tsv")
    texts = {row.fields["sentence_id"]: row.text_id for row in statements + traps}
    scanned = {sid: scan(sid, text) for sid, text in texts.items()}
    tally = Tally()
    for row in statements:
        judge(row, claim_at(scanned[row.fields["sentence_id"]], row.span), forms, tally)
    false_doses = [
        f"{trap.where} {trap.fields['text']!r} ({trap.fields['kind']}) read as a dose"
        for trap in traps
        if claim_at(scanned[trap.fields["sentence_id"]], trap.span) is not None
    ]
    return HeldOut(name, tally, len(scanned), len(traps), false_doses, _extra(statements, traps))


def run() -> Results:
    """Scan every document whole and each truth sentence alone; judge both, the quoted sentences and the traps."""
    forms = default_registry().forms
    scanned = {name: scan(name, document_text(name)) for name in documents()}
    whole, alone, quoted = Tally(), Tally(), Tally()
    rows = truth_rows()
    for row in rows:
        document = scanned[row.text_id]
        judge(row, claim_at(document, row.span), forms, whole)
        sentence = next((s for s in document.sentences if s.span[0] <= row.span[0] < s.span[1]), None)
        claim = None
        if sentence is not None:
            start = sentence.span[0]
            single = scan(row.text_id, sentence.text)
            claim = claim_at(single, (row.span[0] - start, row.span[1] - start))
        judge(row, claim, forms, alone)
    quoted_rows = sentence_rows()
    for row in quoted_rows:
        judge(row, claim_at(scan(row.where, row.text_id), row.span), forms, quoted)
    traps = trap_rows()
    false_doses = []
    for trap in traps:
        claim = claim_at(scanned[trap.text_id], trap.span)
        if claim is not None:
            false_doses.append(f"{trap.where} {trap.fields['text']!r} ({trap.fields['kind']}) read as a dose")
    truth_spans = {(row.text_id, row.span) for row in rows}
    extra = [
        f"{name}:{c.line}:{c.col} {document.text[c.span[0] : c.span[1]]!r} ({c.ingredient.nutrient})"
        for name, document in scanned.items()
        for c in document.claims
        if not any(n == name and s[0] < c.span[1] and c.span[0] < s[1] for n, s in truth_spans)
    ]
    extra += _extra(quoted_rows, [])
    held_out = [run_held_out(name) for name in HELD_OUT]
    return Results(whole, alone, quoted, len(traps), false_doses, extra, len(scanned), held_out)


def _extra(statements: list[Row], traps: list[Row]) -> list[str]:
    """Claims of quoted sentences that are neither a statement nor a trap of their sentence (each scanned once)."""
    ids = {row.text_id: row.fields["sentence_id"] for row in statements + traps}  # one sentence may have two ids
    spans = [(row.text_id, row.span) for row in statements + traps]
    return [
        f"{sid}:{c.col} {text[c.span[0] : c.span[1]]!r} ({c.ingredient.nutrient})"
        for text, sid in ids.items()
        for c in scan(sid, text).claims
        if not any(n == text and s[0] < c.span[1] and c.span[0] < s[1] for n, s in spans)
    ]


def report(results: Results) -> list[str]:
    """The counts for the issue note."""
    return [
        f"scan test set: {results.documents} documents",
        *results.whole.lines("whole documents"),
        *results.alone.lines("each truth sentence alone"),
        *results.quoted.lines("quoted sentences (sentences.tsv)"),
        f"traps: {results.traps}, read as a dose: {len(results.false_doses)}",
        f"claims not in the truth (documents and sentences.tsv): {len(results.extra)}",
        *(line for held in results.held_out for line in held_out_report(held)),
    ]


def held_out_report(held: HeldOut) -> list[str]:
    """The counts of one held-out batch: sentences not seen while the reader was built."""
    return [
        *held.tally.lines(f"held-out quoted sentences ({held.name}.tsv, {held.sentences} sentences)"),
        f"  held-out traps: {held.traps}, read as a dose: {len(held.false_doses)};"
        f" other claims not in the truth: {len(held.extra)}",
    ]


if __name__ == "__main__":
    found = run()
    print("\n".join(report(found)))
    for title, notes in (
        ("whole", found.whole.notes),
        ("alone", found.alone.notes),
        ("quoted", found.quoted.notes),
        *((held.name, held.tally.notes) for held in found.held_out),
    ):
        for note in notes:
            print(title, note)
    print("\n".join(found.false_doses + [d for held in found.held_out for d in held.false_doses]))
    print("\n".join(found.extra + [e for held in found.held_out for e in held.extra]))
