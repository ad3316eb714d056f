"""`kcheck batch --format jsonl`: one urn:kcheck:batch-row:1 document per input row, streamed.

A row carries every field of the label document except that comparisons are compacted, per
ingredient, to `[regimen, ratio_mass, ratio_moles, form_match]` (the regimen's text is in
`kcheck regimens --format json`, or once in batch's json, under the same `data` hash), and
findings keep `code, severity, message, ingredient, span` (and `verified`, `unverified`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import truediv
from typing import TYPE_CHECKING, Any

from kcheck import __version__
from kcheck.amounts import nonzero, parts
from kcheck.batch import CheckedRow, Tally, cell, raw_rows
from kcheck.csvinput import RawRow
from kcheck.forms import FormRegistry
from kcheck.grammar import Amount
from kcheck.regimens import Regimen, Registry
from kcheck.render._batch import Writer as _Writer
from kcheck.render._common import verification
from kcheck.render._escape import json_safe
from kcheck.render.json_ import amount_nmol, label_head, quotient, rounded_text, schema_id
from kcheck.report import CheckedIngredient, Compared, Finding, LabelCheck
from kcheck.rules import LEVELS

if TYPE_CHECKING:
    from kcheck.memo import Memo
    from kcheck.stream import BatchJob, Workspace


_VERSION = json.dumps(__version__)


def comparisons(check: LabelCheck) -> list[list[list[Any]]]:
    """Per ingredient, its comparisons as [regimen, ratio_mass, ratio_moles, form_match]."""
    table: list[list[list[Any]]] = [[] for _ in check.ingredients]
    for group in check.compared:
        table[group.ingredient] = compact(group)
    return table


def compact(group: Compared) -> list[list[Any]]:
    """One ingredient's comparisons as [regimen, ratio_mass, ratio_moles, form_match].

    The ratios are worked out on integer numerators and denominators (as `number` would round the
    Fraction: an exact quotient stays an int, else the correctly rounded float), with the
    ingredient's amounts taken apart once.
    """
    ug = parts(group.label_ug)
    label_umol = group.label_umol
    umol = parts(label_umol) if nonzero(label_umol) else None
    rows = []
    for regimen, match in group.matches:
        daily_top, daily_bottom = parts(regimen.daily_ug)
        moles = regimen.daily_umol
        moles_top, moles_bottom = parts(moles) if moles else (0, 1)
        rows.append(
            [
                regimen.id,
                quotient(daily_top, daily_bottom, ug, 6),
                quotient(moles_top, moles_bottom, umol, 3) if nonzero(moles) and umol else None,
                match,
            ]
        )
    return rows


def findings(check: LabelCheck) -> list[dict[str, Any]]:
    """The findings, without what the rule table already says (slug, help)."""
    return [
        {
            "code": f.code,
            "severity": f.severity.value,
            "message": f.message,
            "ingredient": f.ingredient,
            "span": list(f.span) if f.span else None,
            **verification(f),
        }
        for f in check.findings
    ]


def check_body(check: LabelCheck, registry: Registry) -> dict[str, Any]:
    """The part of a row that depends on the label alone (shared by rows with the same label)."""
    return {**label_head(check, registry), "comparisons": comparisons(check), "findings": findings(check)}


def row_document(row: CheckedRow, registry: Registry, data: str) -> dict[str, Any]:
    """One row as data: schema, data, row (1-based data row), line (physical start line), id, name, the check."""
    return {
        "schema": schema_id("batch-row"),
        "data": data,
        "row": row.row,
        "line": row.line,
        "id": row.id,
        "name": row.name,
        **check_body(row.base, registry),
    }


def encoded_body(check: LabelCheck, registry: Registry, memo: Memo | None = None) -> str:
    """check_body(check) as compact JSON without its opening brace: what follows a row's own fields.

    Written straight from the check, field by field, as json.dumps (then json_safe) writes
    check_body's dict: the same keys in the same order, the same numbers and escapes. Each
    ingredient's table of ratios is encoded on its own, so with a memo, labels with the same form and
    daily amount share it.
    """
    opening, findings = _body(check, registry, memo)
    return f"{opening}{findings}]}}"


def _body_line(check: LabelCheck, registry: Registry, memo: Memo | None, after: str) -> bytes:
    """', ' + encoded_body(check) + after in UTF-8, its findings built and encoded apart: a message often
    holds a character beyond Latin-1 ('10–20'), which would make the whole body a two-byte string."""
    opening, findings = _body(check, registry, memo)
    return f", {opening}".encode() + f"{findings}]}}{after}".encode()


def _body(check: LabelCheck, registry: Registry, memo: Memo | None) -> tuple[str, str]:
    """encoded_body up to its findings' opening bracket, and the findings' list inside it."""
    ingredients = check.ingredients
    tables = ["[]"] * len(ingredients)
    for group in check.compared:
        if memo is None:
            tables[group.ingredient] = _table(group)
        else:
            ingredient = ingredients[group.ingredient].ingredient
            ug = group.label_ug
            top, bottom = parts(ug)
            key = ("jsonl-table", ingredient.nutrient, ingredient.form, top, bottom)
            tables[group.ingredient] = memo.piece(key, functools.partial(_table, group))
    forms = registry.forms
    error = "null"
    if check.error_span is not None:
        start, end = check.error_span
        error = f'{{"message": {_text(check.findings[0].message)}, "span": [{start}, {end}]}}'
    others = (
        ", ".join(f'{{"name": {_text(name)}, "amount": {_amount(amount)}}}' for name, amount in check.label.others)
        if check.label
        else ""
    )
    return (
        f'"kcheck": {_VERSION}, "input": {_text(check.input)}, "status": {_word(check.status)}, "error": {error}, '
        f'"ingredients": [{", ".join([_ingredient(item, forms) for item in ingredients])}], "others": [{others}], '
        f'"comparisons": [{", ".join(tables)}], "findings": [',
        ", ".join([_finding(f) for f in check.findings]),
    )


def _text(value: str | None) -> str:
    """json.dumps(value, ensure_ascii=False) made json_safe: every character either escapes is unprintable
    but the quote and the backslash, so printable text without them (almost every label and message)
    is only quoted."""
    if value is None:
        return "null"
    if value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    encoded = encode_basestring(value)
    return encoded if (value.isascii() and "\x7f" not in value) or value.isprintable() else json_safe(encoded)


_WORDS: dict[str | None, str] = {None: "null"}
_WORDS_KEPT = 4096


def _word(value: str | None) -> str:
    """_text of the few strings rows repeat (codes, forms, units, bases), each encoded once."""
    encoded = _WORDS.get(value)
    if encoded is None:
        if len(_WORDS) >= _WORDS_KEPT:
            _WORDS.clear()
            _WORDS[None] = "null"
        encoded = _WORDS[value] = _text(value)
    return encoded


def _scalar(value: int | float | None) -> str:
    """A number as json.dumps writes it (an int, or a float's repr), or null."""
    return "null" if value is None else repr(value)


def _number(value: Fraction | None) -> str:
    """json_.number(value) as JSON."""
    if value is None:
        return "null"
    numerator, denominator = parts(value)
    return str(numerator) if denominator == 1 else rounded_text(truediv(numerator, denominator), 6)


def _numbers(values: Iterable[Fraction]) -> str:
    return ", ".join([_number(value) for value in values])


def _amount(amount: Amount) -> str:
    """json_._amount's dict as JSON."""
    values = amount.values
    tail = ""
    if amount.is_range:
        tail = f', "high": {_number(amount.high)}'
    elif len(values) > 1:
        tail = f', "values": [{_numbers(values)}]'
    return f'{{"value": {_number(values[0])}, "unit": {_word(amount.unit)}, "text": {_text(amount.text())}{tail}}}'


_LITERALS = {True: "true", False: "false", None: "null"}


def _ingredient(item: CheckedIngredient, forms: FormRegistry) -> str:
    """json_._ingredient's dict as JSON."""
    ingredient = item.ingredient
    form = forms.form(ingredient.form) if ingredient.form else None
    ug = ingredient.amount_ug
    nmol = _scalar(amount_nmol(ug, form))
    values_ug = ingredient.values_ug
    candidates = ", ".join(
        [
            f'{{"reading": {_word(c.reading)}, "amount_ug": {_number(c.amount_ug)}, "reason": {_text(c.reason)}}}'
            for c in ingredient.candidates
        ]
    )
    start, end = ingredient.amount.span
    spans = ", ".join([f"{_word(piece)}: [{a}, {b}]" for piece, (a, b) in sorted(ingredient.spans.items())])
    return (
        f'{{"nutrient": {_word(ingredient.nutrient)}, "form": {_word(ingredient.form)}, '
        f'"form_name": {_word(form.name) if form else "null"}, "name": {_text(ingredient.name_text)}, '
        f'"amount": {_amount(ingredient.amount)}, "amount_ug": {_number(ug)}, '
        f'"amount_ug_high": {_number(ingredient.amount_ug_high)}, '
        f'"values_ug": {f"[{_numbers(values_ug)}]" if values_ug else "null"}, "amount_nmol": {nmol}, '
        f'"equivalents": [{", ".join([_amount(a) for a in ingredient.equivalents])}], '
        f'"per": {_word(ingredient.per)}, "per_count": {_number(ingredient.per_count)}, '
        f'"per_text": {_text(ingredient.per_text)}, "per_assumed": {_LITERALS[ingredient.per_assumed]}, '
        f'"per_kg": {_LITERALS[ingredient.per_kg]}, "doses_per_day": {_number(ingredient.doses_per_day)}, '
        f'"frequency_text": {_text(ingredient.frequency_text)}, "daily_ug": {_number(item.daily_ug)}, '
        f'"daily_ug_high": {_number(item.daily_ug_high)}, "daily_basis": {_word(item.daily_basis)}, '
        f'"pct_dv": {_number(ingredient.pct_dv)}, "bound": {_word(ingredient.bound)}, '
        f'"ambiguous": {_LITERALS[ingredient.ambiguous]}, "candidates": [{candidates}], '
        f'"span": [{start}, {end}], "spans": {{{spans}}}}}'
    )


def _finding(finding: Finding) -> str:
    """findings()' dict of one finding as JSON."""
    span = finding.span
    ingredient = finding.ingredient
    unverified = finding.unverified
    verified = f', "verified": false, "unverified": [{", ".join([_word(u) for u in unverified])}]' if unverified else ""
    return (
        f'{{"code": {_word(finding.code)}, "severity": {_word(LEVELS[finding.severity.rank])}, '
        f'"message": {_text(finding.message)}, "ingredient": {"null" if ingredient is None else ingredient}, '
        f'"span": {"null" if span is None else f"[{span[0]}, {span[1]}]"}{verified}}}'
    )


def _table(group: Compared) -> str:
    """json.dumps(compact(group)) made json_safe, from the shape of the group's regimen table.

    Regimens that share a daily amount share its ratio, so each distinct amount is divided once.
    """
    shape = _shape(group.matches)
    ug = group.label_ug
    bottom, top = parts(ug)
    masses = [_quotient(daily * top, per * bottom, 6) for daily, per in shape.masses]
    umol = group.label_umol
    moles = ["null"] * (len(shape.moles) + 1)  # the last stands for a regimen without moles
    if nonzero(umol):
        bottom, top = parts(umol)
        moles[:-1] = [_quotient(daily * top, per * bottom, 3) for daily, per in shape.moles]
    return f"[{', '.join([f'{head}{masses[mass]}, {moles[mole]}{tail}' for head, mass, mole, tail in shape.rows])}]"


def _quotient(numerator: int, denominator: int, places: int) -> str:
    """json_.quotient's value as JSON."""
    if numerator % denominator == 0:
        return str(numerator // denominator)
    return rounded_text(truediv(numerator, denominator), places)


@dataclass(frozen=True, slots=True)
class _Shape:
    """A regimen table's fixed parts: its distinct daily amounts and, per regimen, its text and their indices."""

    matches: tuple[tuple[Regimen, str], ...]
    masses: tuple[tuple[int, int], ...]  # each distinct daily mass (mcg), as numerator and denominator
    moles: tuple[tuple[int, int], ...]  # each distinct non-zero daily amount in µmol
    rows: tuple[tuple[str, int, int, str], ...]  # '["id", ', mass index, mole index (len(moles): none), ', "same"]'


_SHAPES: dict[int, _Shape] = {}


def _shape(matches: tuple[tuple[Regimen, str], ...]) -> _Shape:
    """The shape of a plan's regimen table (a plan's `matches` is one tuple for its life, kept here with it)."""
    shape = _SHAPES.get(id(matches))
    if shape is not None and shape.matches is matches:
        return shape
    masses: dict[tuple[int, int], int] = {}
    moles: dict[tuple[int, int], int] = {}
    rows = []
    for regimen, match in matches:
        daily, umol = regimen.daily_ug, regimen.daily_umol
        mass = masses.setdefault(parts(daily), len(masses))
        mole = moles.setdefault(parts(umol), len(moles)) if nonzero(umol) else -1
        rows.append((f"[{_text(regimen.id)}, ", mass, mole, f", {_text(match)}]"))
    rows = [(head, mass, len(moles) if mole < 0 else mole, tail) for head, mass, mole, tail in rows]
    if len(_SHAPES) >= _SHAPES_KEPT:
        _SHAPES.clear()
    shape = _SHAPES[id(matches)] = _Shape(matches, tuple(masses), tuple(moles), tuple(rows))
    return shape


_SHAPES_KEPT = 1024  # plans are per nutrient, form, market and age: a process has tens


def row_lines(
    rows: Iterable[CheckedRow], job: BatchJob, workspace: Workspace, before: str = "", after: str = "\n"
) -> bytes:
    """Every row as one compact JSON document between `before` and `after`, in UTF-8; rows of one label share its body.

    The bodies are kept encoded, so a repeated label's 2-3 KB are copied once, not formatted again.
    """
    head = f'{before}{{"schema": "{schema_id("batch-row")}", "data": "{job.data}", '
    registry = workspace.registry
    memo = workspace.memo
    end = after.encode()

    def encode(check: LabelCheck) -> bytes:
        return _body_line(check, registry, memo, "")

    parts: list[bytes] = []
    for row in rows:
        fields = f'"row": {row.row}, "line": {row.line}, "id": {_text(row.id)}, "name": {_text(row.name)}'
        parts += (f"{head}{fields}".encode(), memo.body(row.base, "jsonl", encode), end)
    return b"".join(parts)


def raw_lines(
    rows: list[RawRow], job: BatchJob, workspace: Workspace, before: str = "", after: str = "\n"
) -> tuple[bytes, Tally]:
    """row_lines' bytes straight from the records (a repeated label is a lookup), and their totals."""
    head = f'{before}{{"schema": "{schema_id("batch-row")}", "data": "{job.data}", '
    registry = workspace.registry
    memo = workspace.memo
    id_at, name_at = job.columns.id, job.columns.name

    def row_head(raw: RawRow) -> bytes:
        row_id = cell(raw.cells, id_at)
        name = cell(raw.cells, name_at)
        row_id = _text(row_id) if row_id else "null"
        name = _text(name) if name else "null"
        return f'{head}"row": {raw.row}, "line": {raw.line}, "id": {row_id}, "name": {name}'.encode()

    def encode(check: LabelCheck) -> bytes:
        return _body_line(check, registry, memo, after)

    return raw_rows(rows, job.columns, job.settings, memo, f"jsonl-row{after}", row_head, encode)


def render_rows(rows: Iterable[CheckedRow], job: BatchJob, workspace: Workspace) -> bytes:
    """One line per row."""
    return row_lines(rows, job, workspace)


def render_raw(rows: list[RawRow], job: BatchJob, workspace: Workspace) -> tuple[bytes, Tally]:
    """render_rows' bytes from the records, and their totals."""
    return raw_lines(rows, job, workspace)


class Writer(_Writer):
    """Lines only: nothing before or after them."""
