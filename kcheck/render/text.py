"""Plain text, one line per finding: `path:line:col: CODE [severity] message`."""

from __future__ import annotations

from kcheck.render._common import sorted_findings
from kcheck.render._escape import visible
from kcheck.report import Finding, Report


def where(finding: Finding) -> str:
    """`path:line:col` with the parts that are known."""
    loc = finding.location
    parts = [visible(loc.path) if loc.path else "-"]
    if loc.line is not None:
        parts.append(str(loc.line))
        if loc.column is not None:
            parts.append(str(loc.column))
    return ":".join(parts)


def render_text(report: Report) -> str:
    """Human-readable and grep-friendly; not a stable format (use json or sarif to parse)."""
    lines = []
    for finding in sorted_findings(report):
        fix = " [*]" if report.can_fix(finding) else ""
        lines.append(f"{where(finding)}: {finding.code} [{finding.severity.value}]{fix} {visible(finding.message)}")
    return "".join(line + "\n" for line in lines)
