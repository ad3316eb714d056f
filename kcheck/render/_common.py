"""Shared helpers for the report renderers: one finding order and one finding document."""

from __future__ import annotations

from typing import Any

from kcheck.report import Finding, Report


def finding_key(finding: Finding) -> tuple[Any, ...]:
    """Deterministic order: path, line, column, code, message."""
    loc = finding.location
    return (loc.path or "", loc.line or 0, loc.column or 0, finding.code, finding.subject, finding.message)


def sorted_findings(report: Report) -> list[Finding]:
    """The report's findings in the one deterministic order every renderer uses."""
    return sorted(report.findings, key=finding_key)


def finding_document(finding: Finding, report: Report | None = None) -> dict[str, Any]:
    """One finding as plain JSON data (json, jsonl); 1-based line and column, end exclusive."""
    loc = finding.location
    return {
        "code": finding.code,
        "slug": finding.rule.slug,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_column": loc.end_column,
        "subject": finding.subject or None,
        "fixable": report.can_fix(finding) if report is not None else finding.rule.fixable,
        "url": finding.rule.help_uri,
        **verification(finding),
    }


def verification(finding: Finding) -> dict[str, Any]:
    """`verified: false` and what is unverified, only on a finding that rests on an unverified fact."""
    return {"verified": False, "unverified": list(finding.unverified)} if finding.unverified else {}
