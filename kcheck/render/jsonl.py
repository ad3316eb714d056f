"""`kcheck batch --format jsonl`: one JSON document per input row, streamed."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from kcheck.batch import CheckedRow
from kcheck.regimens import Registry
from kcheck.render._escape import json_safe
from kcheck.render.json_ import compact_label_json, label_check_document
from kcheck.report import LabelCheck


def row_document(row: CheckedRow, registry: Registry) -> dict[str, Any]:
    """The label document plus row (1-based data row), line (physical start line), id and name."""
    return {
        "row": row.row,
        "line": row.line,
        "id": row.id,
        "name": row.name,
        **label_check_document(row.check, registry),
    }


class EncodedChecks:
    """Compact documents of recently checked labels, kept between chunks of one run.

    The label cache returns the same check object for the same label, so identity is the key; an
    entry keeps its check alive, so its id cannot be reused while cached. Bounded: a document is
    about 20 KB in memory.
    """

    def __init__(self, registry: Registry, size: int = 1024) -> None:
        self.registry = registry
        self.size = size
        self._cache: OrderedDict[int, tuple[LabelCheck, str]] = OrderedDict()

    def body(self, check: LabelCheck) -> str:
        """compact_label_json(check), encoded once while it stays among the recent ones."""
        hit = self._cache.get(id(check))
        if hit is None or hit[0] is not check:
            hit = (check, compact_label_json(check, self.registry))
            self._cache[id(check)] = hit
            if len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return hit[1]


def jsonl_lines(
    rows: Iterable[CheckedRow], registry: Registry, encoded: EncodedChecks | None = None
) -> Iterator[str]:
    """One compact JSON line per row (streamed: memory stays flat for any number of rows).

    Rows with the same label share one checked object; its document is encoded once and only the
    row fields are added per row.
    """
    encoded = encoded or EncodedChecks(registry)
    for row in rows:
        if row.base is None:
            yield json_safe(json.dumps(row_document(row, registry), ensure_ascii=False)) + "\n"
            continue
        body = encoded.body(row.base)
        row_id, name = (json_safe(json.dumps(value, ensure_ascii=False)) for value in (row.id, row.name))
        yield f'{{"row": {row.row}, "line": {row.line}, "id": {row_id}, "name": {name}, {body[1:]}\n'
