"""The interface every batch format implements: `render_rows` (any process) and a `Writer` (this one).

A batch format module has `render_rows(rows, job, workspace) -> str` (or UTF-8 bytes, where it keeps
encoded pieces), which renders one chunk of checked rows and runs in worker processes too, and a
`Writer` that opens the document, takes the chunks in input order and closes the document, with
the totals and, after a handled stop, the reason. Nothing here holds more than one chunk, so every
format streams. A format may also have `render_raw(rows, job, workspace) -> (bytes, Tally)`, the
same bytes made straight from the records with the memo on (`raw_rows`: a repeated label is a lookup).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, BinaryIO

from kcheck.batch import Summary, Tally, row_check, summary
from kcheck.csvinput import Columns, RawRow
from kcheck.engine import check_text

if TYPE_CHECKING:
    from kcheck.engine import Settings
    from kcheck.regimens import Registry
    from kcheck.report import LabelCheck
    from kcheck.stream import BatchJob, Spilled, Workspace


class Writer:
    """Writes a document to a binary stream: head, the chunks as they come, then the tail."""

    separator = b""  # what render_rows puts before every row; the document's first row drops it
    copies_chunks = True  # chunk() writes the bytes as they come, so chunk_file() may copy a file's

    def __init__(self, job: BatchJob, out: BinaryIO, registry: Registry, *, bom: bool = False) -> None:
        self.job = job
        self.out = out
        self.registry = registry
        self.bom = bom
        self._first = True

    def begin(self) -> None:
        """Write what comes before the first row."""
        self.out.write(self.head().encode("utf-8"))

    def head(self) -> str:
        """The text before the first row."""
        return ""

    def chunk(self, data: bytes) -> None:
        """Write one chunk of rendered rows."""
        if self._first and data:
            data = data[len(self.separator) :]
            self._first = False
        self.out.write(data)

    def chunk_file(self, spilled: Spilled) -> None:
        """Write one chunk of rendered rows that a worker left in a file (only where copies_chunks)."""
        skip = 0
        if self._first and spilled.size:
            skip = len(self.separator)
            self._first = False
        spilled.copy_to(self.out, skip)

    def end(self, tally: Tally, stopped: str | None) -> None:
        """Close the document: the totals, and why the run stopped when it did not finish."""
        self.out.write(self.tail(tally, stopped).encode("utf-8"))

    def tail(self, tally: Tally, stopped: str | None) -> str:
        """The text after the last row."""
        return ""


def summary_document(tally: Tally, stopped: str | None) -> dict[str, object]:
    """The totals every batch document closes with; `stopped` says why rows are missing, if any are."""
    return {
        "rows": tally.rows,
        "ok": tally.statuses["ok"],
        "ambiguous": tally.statuses["ambiguous"],
        "unreadable": tally.statuses["unreadable"],
        "error": tally.severities["error"],
        "warning": tally.severities["warning"],
        "note": tally.severities["note"],
        "codes": dict(sorted(tally.codes.items())),
        "complete": stopped is None,
        "stopped": stopped,
    }


def raw_rows(
    rows: list[RawRow],
    job: BatchJob,
    workspace: Workspace,
    kind: str,
    head: Callable[[RawRow], bytes],
    encode: Callable[[LabelCheck], bytes],
) -> tuple[bytes, Tally]:
    """A chunk as head(row) + the encoded body of its check per row, and its totals, straight from the records.

    A row whose cells that the check reads (label, directions, servings per day, age, market) came
    before costs a lookup and a copy of its body: no check, no row object. The bytes are those of
    the formats' `render_rows`, whatever the memo holds. Only what is written is kept, not the check:
    on a file of unique labels the memo then holds kilobytes a row, not a check's objects.
    """
    memo = workspace.memo
    registry = workspace.registry
    columns, settings = job.columns, job.settings
    table = (kind, columns, settings)  # a key means the same check only under one layout and settings
    kept = memo.rows(table)
    width = len(columns.header)
    key_of = check_key(columns)
    parts: list[bytes] = []
    counts: list[Summary] = []
    read: list[LabelCheck] = []  # the row's label as checked, when it was (a row's own unreadable result names it)

    def checker(text: str, row_settings: Settings) -> LabelCheck:
        check = check_text(text, registry, row_settings)
        read.append(check)
        return check

    for raw in rows:
        cells = raw.cells
        key = key_of(cells) if raw.problem is None and len(cells) == width else None
        hit = kept.get(key) if key is not None else None
        if hit is None:
            read.clear()
            check = row_check(raw, columns, checker, settings)
            hit = encode(check), summary(check)
            if key is not None and read:
                memo.keep_row(kept, key, hit)
        parts += (head(raw), hit[0])
        counts.append(hit[1])
    tally = Tally()
    tally.count_summaries(counts)
    return b"".join(parts), tally


def check_key(columns: Columns) -> Callable[[tuple[str, ...]], Hashable]:
    """The cells of a full-width row that its check depends on (every other cell is the row's own)."""
    roles = (
        columns.label,
        columns.form,
        columns.amount,
        columns.unit,
        columns.directions,
        columns.servings_per_day,
        columns.age,
        columns.market,
    )
    return operator.itemgetter(*sorted({i for i in roles if i is not None}))
