"""A CSV line as csv.writer's QUOTE_ALL writes it, every cell neutralised: compiled, since batch writes one a row.

Every cell that a spreadsheet would run as a formula (it starts with = + - @ TAB CR or NUL) gets
a leading single quote (OWASP CSV injection; CWE-1236).
"""

from __future__ import annotations

from collections.abc import Iterable

from kcheck.batch import KCHECK_COLUMNS, check_fields
from kcheck.report import LabelCheck

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\x00")
_STARTS = frozenset(FORMULA_TRIGGERS)


def neutralise(cell: str) -> str:
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)": the spreadsheet shows the text, never runs it."""
    return "'" + cell if cell[:1] in _STARTS else cell  # each trigger is one character


def csv_line(cells: Iterable[str], delimiter: str) -> str:
    """Every cell neutralised and quoted, quotes doubled, CRLF: csv.writer's QUOTE_ALL line, without a writer."""
    return delimiter.join(['"' + neutralise(cell).replace('"', '""') + '"' for cell in cells]) + "\r\n"


def check_line(check: LabelCheck, delimiter: str) -> bytes:
    """kcheck's columns of a row with this check, as the end of its CSV line, in UTF-8."""
    fields = check_fields(check)
    return csv_line([fields[column] for column in KCHECK_COLUMNS], delimiter).encode()


def input_cells(cells: tuple[str, ...], width: int, delimiter: str) -> bytes:
    """A row's own cells (cut or padded to the header's width) as the start of its CSV line, in UTF-8.

    Most cells need only their quotes: a cell starting with a formula trigger, or a quote, TAB, CR
    or NUL anywhere, takes csv_line; so does a delimiter inside a cell followed by a trigger, which
    only costs the slower path.
    """
    if len(cells) != width:
        cells = (*cells[:width], *([""] * (width - len(cells))))
    joined = delimiter.join(cells)
    plain = not (joined[:1] in _STARTS or '"' in joined or "\t" in joined or "\r" in joined or "\x00" in joined)
    if plain:
        for trigger in "=+-@":
            if delimiter + trigger in joined:
                plain = False
                break
    if not plain:
        return f"{csv_line(cells, delimiter)[:-2]}{delimiter}".encode()
    between = f'"{delimiter}"'
    return f'"{between.join(cells)}"{delimiter}'.encode()
