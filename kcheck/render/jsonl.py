"""`kcheck batch --format jsonl`: one urn:kcheck:batch-row:1 document per input row, streamed.

A row carries every field of the label document except that comparisons are compacted, per
ingredient, to `[regimen, ratio_mass, ratio_moles, form_match]` (the regimen's text is in
`kcheck regimens --format json`, or once in batch's json, under the same `data` hash), and
findings keep `code, severity, message, ingredient, span` (and `verified`, `unverified`).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kcheck.batch import CheckedRow, Tally, cell
from kcheck.csvinput import RawRow
from kcheck.regimens import Registry
from kcheck.render._batch import Writer as _Writer
from kcheck.render._batch import raw_rows
from kcheck.render._common import verification
from kcheck.render._escape import json_safe
from kcheck.render.json_ import label_head, quotient, schema_id
from kcheck.report import Compared, LabelCheck

if TYPE_CHECKING:
    from kcheck.memo import Memo
    from kcheck.stream import BatchJob, Workspace


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
    ug = group.label_ug.numerator, group.label_ug.denominator
    label_umol = group.label_umol
    umol = (label_umol.numerator, label_umol.denominator) if label_umol else None
    rows = []
    for regimen, match in group.matches:
        daily = regimen.daily_ug
        moles = regimen.daily_umol
        rows.append(
            [
                regimen.id,
                quotient(daily.numerator, daily.denominator, ug, 6),
                quotient(moles.numerator, moles.denominator, umol, 3) if moles and umol else None,
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

    Each ingredient's table of ratios is encoded on its own (json.dumps writes a list inside a
    document exactly as on its own), so with a memo, labels with the same form and daily amount share it.
    """
    tables = ["[]"] * len(check.ingredients)
    for group in check.compared:
        if memo is None:
            tables[group.ingredient] = _table(group)
        else:
            ingredient = check.ingredients[group.ingredient].ingredient
            key = ("jsonl-table", ingredient.nutrient, ingredient.form, group.label_ug, group.label_umol)
            tables[group.ingredient] = memo.piece(key, functools.partial(_table, group))
    # json_safe escapes character by character, so each piece is made safe on its own (a table once).
    head = json_safe(json.dumps(label_head(check, registry), ensure_ascii=False))
    rest = json_safe(json.dumps(findings(check), ensure_ascii=False))
    return f'{head[1:-1]}, "comparisons": [{", ".join(tables)}], "findings": {rest}}}'


def _table(group: Compared) -> str:
    return json_safe(json.dumps(compact(group), ensure_ascii=False))


_PLAIN = re.compile(r'[ !#-\[\]-~]*')  # printable ASCII but " and \\: JSON writes it as it is


def _string(value: str | None) -> str:
    """json.dumps(value) made safe, without the encoder for the common plain-ASCII id or name."""
    if value is not None and _PLAIN.fullmatch(value):
        return f'"{value}"'
    return json_safe(json.dumps(value, ensure_ascii=False))


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
        return f", {encoded_body(check, registry, memo)}".encode()

    parts = []
    for row in rows:
        fields = f'"row": {row.row}, "line": {row.line}, "id": {_string(row.id)}, "name": {_string(row.name)}'
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
        row_id = _string(row_id) if row_id else "null"
        name = _string(name) if name else "null"
        return f'{head}"row": {raw.row}, "line": {raw.line}, "id": {row_id}, "name": {name}'.encode()

    def encode(check: LabelCheck) -> bytes:
        return f", {encoded_body(check, registry, memo)}{after}".encode()

    return raw_rows(rows, job, workspace, f"jsonl-row{after}", row_head, encode)


def render_rows(rows: Iterable[CheckedRow], job: BatchJob, workspace: Workspace) -> bytes:
    """One line per row."""
    return row_lines(rows, job, workspace)


def render_raw(rows: list[RawRow], job: BatchJob, workspace: Workspace) -> tuple[bytes, Tally]:
    """render_rows' bytes from the records, and their totals."""
    return raw_lines(rows, job, workspace)


class Writer(_Writer):
    """Lines only: nothing before or after them."""
