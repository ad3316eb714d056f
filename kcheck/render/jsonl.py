"""`kcheck batch --format jsonl`: one JSON document per input row, streamed."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from kcheck.batch import CheckedRow
from kcheck.regimens import Registry
from kcheck.render.json_ import compact_label_json, label_check_document


def row_document(row: CheckedRow, registry: Registry) -> dict[str, Any]:
    """The label document plus row (1-based data row), line (physical start line), id and name."""
    return {
        "row": row.row,
        "line": row.line,
        "id": row.id,
        "name": row.name,
        **label_check_document(row.check, registry),
    }


def jsonl_lines(rows: Iterable[CheckedRow], registry: Registry, cache_size: int = 1024) -> Iterator[str]:
    """One compact JSON line per row (streamed: memory stays flat for any number of rows).

    Rows with the same label share one checked object; its document is serialised once and
    only the row fields are added per row (a bounded cache: a document is about 20 KB in memory).
    """
    cache: OrderedDict[int, tuple[object, str]] = OrderedDict()
    for row in rows:
        base = row.base
        if base is None:
            yield json.dumps(row_document(row, registry), ensure_ascii=False) + "\n"
            continue
        hit = cache.get(id(base))
        if hit is None or hit[0] is not base:
            body = compact_label_json(base, registry)
            hit = (base, body)  # keeping `base` alive keeps its id unique while cached
            cache[id(base)] = hit
            if len(cache) > cache_size:
                cache.popitem(last=False)
        row_id, name = json.dumps(row.id, ensure_ascii=False), json.dumps(row.name, ensure_ascii=False)
        yield f'{{"row": {row.row}, "line": {row.line}, "id": {row_id}, "name": {name}, {hit[1][1:]}\n'
