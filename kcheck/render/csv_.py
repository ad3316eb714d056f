"""CSV of findings: every field quoted, text cells guarded against spreadsheet formulas."""

from __future__ import annotations

import csv
import io

from kcheck.render._common import sorted_findings
from kcheck.report import Report

HEADER = ("path", "line", "column", "end_column", "code", "slug", "severity", "subject", "message")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")


def _cell(text: str | None) -> str:
    """OWASP / CWE-1236: a text cell that starts like a formula gets a leading apostrophe."""
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(report: Report) -> str:
    """A header row always (valid with zero findings), then one row per finding."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(HEADER)
    for f in sorted_findings(report):
        loc = f.location
        writer.writerow(
            (
                _cell(loc.path),
                loc.line if loc.line is not None else "",
                loc.column if loc.column is not None else "",
                loc.end_column if loc.end_column is not None else "",
                f.code,
                f.rule.slug,
                f.severity.value,
                _cell(f.subject),
                _cell(f.message),
            )
        )
    return out.getvalue()
