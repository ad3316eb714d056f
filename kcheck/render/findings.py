"""JSON and JSON Lines of a whole Report (lint and the CI formats): stable, sorted, no timestamps."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from kcheck.render._common import finding_document, sorted_findings
from kcheck.render._escape import json_safe
from kcheck.render.json_ import versioned
from kcheck.report import Report


def report_document(report: Report) -> dict[str, Any]:
    """The whole report as JSON data: summary, subjects and findings."""
    findings = sorted_findings(report)
    counts = Counter(f.severity.value for f in findings)
    return {
        **versioned("lint"),
        "command": report.command,
        "summary": {
            "subjects": len(report.subjects),
            "findings": len(findings),
            "error": counts.get("error", 0),
            "warning": counts.get("warning", 0),
            "note": counts.get("note", 0),
        },
        "subjects": [
            {"name": s.name, "path": s.location.path, "line": s.location.line}
            for s in sorted(report.subjects, key=lambda s: (s.location.path or "", s.location.line or 0, s.name))
        ],
        "findings": [finding_document(f, report) for f in findings],
    }


def render_json(report: Report) -> str:
    """One JSON document (an object with `summary`, `subjects`, `findings`)."""
    return json_safe(json.dumps(report_document(report), ensure_ascii=False, indent=2)) + "\n"


def render_jsonl(report: Report) -> str:
    """One finding object per line; zero findings is an empty (valid) file."""
    lines = (json.dumps(finding_document(f, report), ensure_ascii=False) for f in sorted_findings(report))
    return "".join(json_safe(line) + "\n" for line in lines)
