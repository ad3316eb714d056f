"""`kcheck batch --format table`: one line per row for people at a terminal, at most TABLE_ROWS rows.

Workers turn rows into cells (plain JSON, one line a row); this process keeps the first TABLE_ROWS
of them, counts the rest, and draws the table (render/terminal.py) when the last row is in, with
a line that says how many rows are not shown and where to find them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kcheck.amounts import mass_range_text, ratio_text
from kcheck.batch import CheckedRow, Tally, headline, nearest, reading
from kcheck.render._batch import Writer as _Writer

if TYPE_CHECKING:
    from kcheck.stream import BatchJob, Workspace

TABLE_ROWS = 1000


def cells(row: CheckedRow) -> list[Any]:
    """[row, id / name, reading as (text, style) pieces, daily, nearest study, worst finding, its style, assumed]."""
    check = row.check
    if check.status == "unreadable":
        what = [["unreadable", "red"], [f": {check.findings[0].message}", None]]
    elif check.status == "ambiguous":
        what = [[reading(check), None], [" (ambiguous: kcheck will not pick a reading)", "yellow"]]
    else:
        what = [[reading(check), None]]
    daily = []
    assumed = False
    for item in check.ingredients:
        mark = "*" if item.daily_basis == "assumed" else ""
        assumed = assumed or bool(mark)
        daily.append(
            "?" if item.daily_ug is None else f"{item.hedge}{mass_range_text(item.daily_ug, item.daily_ug_high)}{mark}"
        )
    near = []
    for index in range(len(check.ingredients)):
        comparison = nearest(check, index)
        near.append(f"{comparison.regimen} ({ratio_text(comparison.ratio_mass)})" if comparison else "-")
    top = headline(check)
    worst, level = "-", None
    if top is not None:
        more = f" +{len(check.findings) - 1}" if len(check.findings) > 1 else ""
        worst, level = f"{top.code} {top.rule.slug} ({top.severity.value}){more}", top.severity.value
    subject = row.id or row.name or "-"
    return [row.row, subject, what, "; ".join(daily) or "-", "; ".join(near) or "-", worst, level, assumed]


def render_rows(rows: Iterable[CheckedRow], job: BatchJob, workspace: Workspace) -> str:
    """A JSON line of cells per row."""
    return "".join(json.dumps(cells(row), ensure_ascii=False) + "\n" for row in rows)


class Writer(_Writer):
    """Keeps the first TABLE_ROWS rows' cells; draws the table and the summary at the end."""

    copies_chunks = False

    def begin(self) -> None:
        """Nothing is drawn before the widths are known."""
        self.kept: list[list[Any]] = []
        self.more = 0

    def chunk(self, data: bytes) -> None:
        """Keep the cells of rows up to the cap; count the others."""
        for line in data.decode("utf-8").splitlines():
            if len(self.kept) < TABLE_ROWS:
                self.kept.append(json.loads(line))
            else:
                self.more += 1

    def end(self, tally: Tally, stopped: str | None) -> None:
        """The table, the 'N more rows' line, the footnotes and the summary."""
        from kcheck.render.terminal import render_batch_table

        text = render_batch_table(self.kept, self.more, tally.text(), stopped, self.job.width, self.job.color)
        self.out.write(text.encode("utf-8"))
