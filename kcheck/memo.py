"""One memo per process from (label text, settings) to its check and its encoded row bodies.

A catalogue repeats itself (sizes, flavours, bundles of one label): a repeated row costs a lookup,
not a check and an encoding. Bounded and least-recently-used, so memory stays flat on any file.
The formats that write straight from the records keep only the encoded row, under the cells the
check reads (`rows`, `keep_row`): no check stays alive for them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from kcheck.engine import Settings, check_text, check_texts
from kcheck.regimens import Registry
from kcheck.report import LabelCheck

Body = TypeVar("Body", str, bytes)
MEMO_ROWS = 4096  # a memoised label with its jsonl body is about 12 KB: about 50 MB at most


@dataclass(slots=True)
class _Entry:
    check: LabelCheck
    bodies: dict[str, Any]  # a format's name -> its encoded body (str or bytes, as the format keeps it)


class Memo:
    """check_text memoised on (text, settings), with each format's encoded body of the check; size 0: no memo."""

    def __init__(self, registry: Registry, size: int = MEMO_ROWS) -> None:
        self.registry = registry
        self.size = size
        self._entries: OrderedDict[tuple[str, Settings], _Entry] = OrderedDict()
        # An entry keeps its check alive, so no other live object has its id while it is here.
        self._by_check: dict[int, _Entry] = {}
        self._pieces: OrderedDict[Hashable, str] = OrderedDict()
        self._rows: dict[Hashable, dict[Hashable, Any]] = {}

    def __call__(self, text: str, settings: Settings) -> LabelCheck:
        """The check of `text` under `settings` (a batch.Checker)."""
        key = (text, settings)
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            return entry.check
        check = check_text(text, self.registry, settings)
        self._keep(key, check)
        return check

    def check_all(self, requests: list[tuple[str, Settings]]) -> list[LabelCheck]:
        """self(text, settings) of each, in order; the labels not memoised are checked together,
        stage by stage (check_texts), and a label asked for twice is checked once."""
        fresh = {key: None for key in requests if key not in self._entries}
        checked = dict(zip(fresh, check_texts(list(fresh), self.registry), strict=True))
        for key, check in checked.items():
            self._keep(key, check)
        return [checked[key] if key in checked else self(*key) for key in requests]

    def _keep(self, key: tuple[str, Settings], check: LabelCheck) -> None:
        """Memoise a check, the least recently used going past `size`."""
        if not self.size:
            return
        entry = _Entry(check, {})
        self._entries[key] = entry
        self._by_check[id(check)] = entry
        if len(self._entries) > self.size:
            _, old = self._entries.popitem(last=False)
            del self._by_check[id(old.check)]

    def piece(self, key: Hashable, encode: Callable[[], str]) -> str:
        """encode(), kept under `key` among the `size` pieces used last.

        For the parts of a row that many different labels share: an ingredient's table of ratios
        depends on its form and daily amount alone, and catalogues repeat their doses (the common
        ones stay while the rare ones come and go).
        """
        pieces = self._pieces
        text = pieces.get(key)
        if text is not None:
            pieces.move_to_end(key)
            return text
        text = encode()
        if self.size:
            pieces[key] = text
            if len(pieces) > self.size:
                pieces.popitem(last=False)
        return text

    def rows(self, table: Hashable) -> dict[Hashable, Any]:
        """A row memo: the cells a check depends on -> what a format keeps; one `table` per format, column
        layout and settings (which the cells are read under); see `keep_row`."""
        return self._rows.setdefault(table, {})

    def keep_row(self, rows: dict[Hashable, Any], key: Hashable, kept: Any) -> None:
        """Keep in `rows` (a row memo of `rows()`) what a format made of a row's check under the row's cells
        (never a row's own unreadable result, which names its row number); at most `size` rows, then it
        starts again."""
        if not self.size:
            return
        if len(rows) >= self.size:
            rows.clear()
        rows[key] = kept

    def body(self, check: LabelCheck, kind: str, encode: Callable[[LabelCheck], Body]) -> Body:
        """encode(check), kept with the check's entry under `kind` (a format's name) while it is memoised."""
        entry = self._by_check.get(id(check))
        if entry is None:
            return encode(check)
        body = entry.bodies.get(kind)
        if body is None:
            body = entry.bodies[kind] = encode(check)
        return body
