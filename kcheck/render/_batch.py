"""The interface every batch format implements: `render_rows` (any process) and a `Writer` (this one).

A batch format module has `render_rows(rows, job, workspace) -> str` (or UTF-8 bytes, where it keeps
encoded pieces), which renders one chunk of checked rows and runs in worker processes too, and a
`Writer` that opens the document, takes the chunks in input order and closes the document, with
the totals and, after a handled stop, the reason. Nothing here holds more than one chunk, so every
format streams. A format may also have `render_raw(rows, job, workspace) -> (bytes, Tally)`, the
same bytes made straight from the records with the memo on (`kcheck.batch.raw_rows`: a repeated label
is a lookup).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from kcheck.batch import Tally

if TYPE_CHECKING:
    from kcheck.regimens import Registry
    from kcheck.stream import BatchJob, Spilled


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
        self.out.write(data[self._skip(len(data)) :])

    def chunk_file(self, spilled: Spilled) -> None:
        """Write one chunk of rendered rows that a worker left in a file (only where copies_chunks)."""
        spilled.copy_to(self.out, self._skip(spilled.size))

    def _skip(self, size: int) -> int:
        """Bytes to leave out at the start of a chunk of `size`: the separator before the document's first row."""
        if self._first and size:
            self._first = False
            return len(self.separator)
        return 0

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
