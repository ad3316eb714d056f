"""A CSV line as csv.writer's QUOTE_ALL writes it, every cell neutralised: compiled, since batch writes one a row.

Every cell that a spreadsheet would run as a formula (it starts with = + - @ TAB CR or NUL) gets
a leading single quote (OWASP CSV injection; CWE-1236).
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\x00")


def neutralise(cell: str) -> str:
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)": the spreadsheet shows the text, never runs it."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def csv_line(cells: Iterable[str], delimiter: str) -> str:
    """Every cell neutralised and quoted, quotes doubled, CRLF: csv.writer's QUOTE_ALL line, without a writer."""
    return delimiter.join(['"' + neutralise(cell).replace('"', '""') + '"' for cell in cells]) + "\r\n"
