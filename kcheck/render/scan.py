"""`kcheck scan`: every format of the scanned documents (text, json, jsonl, github, sarif).

text, github and sarif are lint's writers on a Report of the findings (located at line:col); jsonl
is one urn:kcheck:scan-claim:1 object per claim, and json one urn:kcheck:scan:1 document with the
regimen table once. A document-level finding that points at a claim travels with that claim; one
that points elsewhere is a line of its own, its claim fields null.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from kcheck import __version__
from kcheck.regimens import Registry
from kcheck.render._common import verification
from kcheck.render._escape import json_safe
from kcheck.render.github import render_github
from kcheck.render.json_ import number, regimen_document, versioned
from kcheck.render.sarif import render_sarif
from kcheck.render.text import render_text
from kcheck.report import Finding, Location, Report, Subject
from kcheck.scan.model import Claim, ScannedDocument, finding_order

Documents = Sequence[ScannedDocument]


def scan_report(documents: Documents) -> Report:
    """The findings of every document, one subject per document (SARIF artifacts, JUnit cases)."""
    subjects = tuple(Subject(d.path, Location(d.path)) for d in documents)
    return Report("scan", subjects, tuple(f for d in documents for f in d.all_findings))


def render_scan_text(documents: Documents, registry: Registry) -> str:
    """`path:line:col: CODE [severity] message`, in document order."""
    return render_text(scan_report(documents))


def render_scan_github(documents: Documents, registry: Registry) -> str:
    """GitHub annotations at line:col."""
    return render_github(scan_report(documents))


def render_scan_sarif(documents: Documents, registry: Registry) -> str:
    """SARIF 2.1.0, regions at line:col (columns in Unicode code points, as the scan counts them)."""
    return render_sarif(scan_report(documents))


def finding_fields(finding: Finding) -> dict[str, Any]:
    """A finding in a claim line: code, severity, message, where, and what it rests on if unverified."""
    loc = finding.location
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "line": loc.line,
        "col": loc.column,
        "end_col": loc.end_column,
        **verification(finding),
    }


def claim_document(claim: Claim, extra: Sequence[Finding] = ()) -> dict[str, Any]:
    """One claim: the fields issue 17 lists, in its order."""
    ingredient = claim.ingredient
    checked = claim.checked
    position = claim.position
    return {
        "path": claim.path,
        "line": position.line,
        "col": position.col,
        "end_line": position.end_line,
        "end_col": position.end_col,
        "text": claim.sentence,
        "nutrient": ingredient.nutrient,
        "form": ingredient.form,
        "amount_ug": number(ingredient.amount_ug),
        "amount_ug_high": number(ingredient.amount_ug_high),
        "daily_ug": number(checked.daily_ug),
        "daily_ug_high": number(checked.daily_ug_high),
        "daily_basis": checked.daily_basis,
        "ambiguous": ingredient.ambiguous,
        "candidates": [
            {"reading": c.reading, "amount_ug": number(c.amount_ug), "reason": c.reason} for c in ingredient.candidates
        ],
        "context": claim.context,
        "bound": claim.bound,
        "claim": claim.claim,
        "comparisons": [
            [c.regimen, number(c.ratio_mass), number(c.ratio_moles, 3), c.form_match] for c in claim.comparisons
        ],
        "findings": [finding_fields(f) for f in sorted((*claim.findings, *extra), key=finding_order)],
    }


_EMPTY_CLAIM = dict.fromkeys(
    (
        "end_line",
        "end_col",
        "text",
        "nutrient",
        "form",
        "amount_ug",
        "amount_ug_high",
        "daily_ug",
        "daily_ug_high",
        "daily_basis",
        "ambiguous",
        "context",
        "bound",
        "claim",
    )
)


def document_lines(document: ScannedDocument) -> list[dict[str, Any]]:
    """The claim objects of one document, in document order, with its document-level findings placed."""
    at: dict[tuple[int, int], list[Finding]] = {}
    loose: list[Finding] = []
    starts = {(c.line, c.col) for c in document.claims}
    for finding in document.findings:
        key = (finding.location.line or 0, finding.location.column or 0)
        (at.setdefault(key, []) if key in starts else loose).append(finding)
    lines = []
    for claim in document.claims:
        lines.append(claim_document(claim, at.pop((claim.line, claim.col), [])))
    for finding in loose:
        loc = finding.location
        line = {"path": document.path, "line": loc.line, "col": loc.column, **_EMPTY_CLAIM}
        line.update(candidates=[], comparisons=[], findings=[finding_fields(finding)])
        lines.append(line)
    return sorted(lines, key=lambda d: (d["line"] or 0, d["col"] or 0))


def render_scan_jsonl(documents: Documents, registry: Registry) -> str:
    """One compact object per claim, in document order; no claims is an empty (valid) file."""
    return "".join(
        json_safe(json.dumps(line, ensure_ascii=False)) + "\n" for d in documents for line in document_lines(d)
    )


def render_scan_json(documents: Documents, registry: Registry) -> str:
    """One document: schema, data, summary, the regimens the claims are compared with, then each document."""
    used = {c.regimen for d in documents for claim in d.claims for c in claim.comparisons}
    findings = [f for d in documents for f in d.all_findings]
    counts = Counter(f.severity.value for f in findings)
    document = {
        **versioned("scan"),
        "kcheck": __version__,
        "summary": {
            "documents": len(documents),
            "claims": sum(len(d.claims) for d in documents),
            "findings": len(findings),
            "error": counts.get("error", 0),
            "warning": counts.get("warning", 0),
            "note": counts.get("note", 0),
        },
        "regimens": [regimen_document(r, registry) for r in registry.regimens if r.id in used],
        "documents": [{"path": d.path, "claims": document_lines(d)} for d in documents],
    }
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
