"""`kcheck batch --format json`: one urn:kcheck:batch:1 document, streamed.

`{schema, data, kcheck, source, regimens, rows, summary}`: the regimen table once, then the rows
(each a batch-row document, as jsonl writes them) as they are checked, and the summary last. A
run that stops early still closes the document: the summary says `complete: false` and why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kcheck import __version__
from kcheck.batch import CheckedRow, Tally
from kcheck.csvinput import RawRow
from kcheck.render._batch import Writer as _Writer
from kcheck.render._batch import summary_document
from kcheck.render._escape import json_safe
from kcheck.render.json_ import regimen_document, schema_id
from kcheck.render.jsonl import raw_lines, row_lines

if TYPE_CHECKING:
    from kcheck.stream import BatchJob, Workspace

ROW_INDENT = "    "


def render_rows(rows: Iterable[CheckedRow], job: BatchJob, workspace: Workspace) -> bytes:
    """Each row on its own line inside `rows`, each preceded by the comma that separates it."""
    return row_lines(rows, job, workspace, before=f",\n{ROW_INDENT}", after="")


def render_raw(rows: list[RawRow], job: BatchJob, workspace: Workspace) -> tuple[bytes, Tally]:
    """render_rows' bytes from the records, and their totals."""
    return raw_lines(rows, job, workspace, before=f",\n{ROW_INDENT}", after="")


class Writer(_Writer):
    """The document's opening (with the regimen table), the rows, and the summary."""

    separator = b","

    def head(self) -> str:
        """Everything up to the opening bracket of `rows`."""
        opening = {
            "schema": schema_id("batch"),
            "data": self.job.data,
            "kcheck": __version__,
            "source": self.job.source,
            "regimens": [regimen_document(r, self.registry) for r in self.registry.regimens],
        }
        return json_safe(json.dumps(opening, indent=2, ensure_ascii=False))[:-2] + ',\n  "rows": ['

    def tail(self, tally: Tally, stopped: str | None) -> str:
        """Closes `rows`, then the summary."""
        summary = json_safe(json.dumps(summary_document(tally, stopped), indent=2, ensure_ascii=False))
        summary = summary.replace("\n", "\n  ")
        return f'\n  ],\n  "summary": {summary}\n}}\n'
