"""`kcheck batch --format csv`: the input columns, then kcheck's, one line per input row (streamed).

Every cell that a spreadsheet would run as a formula (it starts with = + - @ TAB CR or NUL) gets
a leading single quote (OWASP CSV injection; CWE-1236), in input and kcheck columns alike, and
every field is quoted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kcheck.batch import KCHECK_COLUMNS, CheckedRow, Tally, raw_rows
from kcheck.csvinput import RawRow
from kcheck.render._batch import Writer as _Writer
from kcheck.render.csv_line import check_line, csv_line, input_cells

if TYPE_CHECKING:
    from kcheck.memo import Memo
    from kcheck.report import LabelCheck
    from kcheck.stream import BatchJob, Workspace


def output_header(header: tuple[str, ...]) -> list[str]:
    """Input header + kcheck's columns (prefixed 'kcheck_' when the input uses the name)."""
    taken = {h.strip().lower() for h in header}
    return [*header, *(f"kcheck_{c}" if c in taken else c for c in KCHECK_COLUMNS)]


def csv_header(header: tuple[str, ...], delimiter: str = ",") -> str:
    """The output's header line: the input's columns, then kcheck's."""
    return csv_line(output_header(header), delimiter)


def csv_lines(
    rows: Iterable[CheckedRow], header: tuple[str, ...], delimiter: str = ",", memo: Memo | None = None
) -> Iterator[str]:
    """One line per row, each already neutralised and quoted (the header line is csv_header's).

    kcheck's cells depend on the check alone, so with a memo they are quoted once per label.
    """
    width = len(header)

    def encode(check: LabelCheck) -> str:
        return check_line(check, delimiter).decode()

    for row in rows:
        # A ragged row keeps its first `width` cells in the input columns (padded when short);
        # its message names the extra cells, so nothing is silently lost.
        ours = encode(row.base) if memo is None else memo.body(row.base, f"csv{delimiter}", encode)
        yield f"{input_cells(row.cells, width, delimiter).decode()}{ours}"


def render_rows(rows: Iterable[CheckedRow], job: BatchJob, workspace: Workspace) -> str:
    """The lines of a chunk of rows."""
    return "".join(csv_lines(rows, job.header, job.delimiter, workspace.memo))


def render_raw(rows: list[RawRow], job: BatchJob, workspace: Workspace) -> tuple[bytes, Tally]:
    """render_rows' bytes straight from the records (a repeated label is a lookup), and their totals."""
    width = len(job.header)
    delimiter = job.delimiter

    def head(raw: RawRow) -> bytes:
        return input_cells(raw.cells, width, delimiter)

    def encode(check: LabelCheck) -> bytes:
        return check_line(check, delimiter)

    return raw_rows(rows, job.columns, job.settings, workspace.memo, f"csv-row{delimiter}", head, encode)


class Writer(_Writer):
    """The header line (after a byte-order mark with --bom), then the rows; CSV has no closing."""

    def begin(self) -> None:
        """The header line, UTF-8 with a BOM when asked for (Excel reads µ, × and ≈ then)."""
        self.out.write(csv_header(self.job.header, self.job.delimiter).encode("utf-8-sig" if self.bom else "utf-8"))
