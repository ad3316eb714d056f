"""SARIF 2.1.0 (GitHub code scanning): rules from the rule table, 1-based regions, no timestamps."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from kcheck import __version__
from kcheck.render._common import sorted_findings, verification
from kcheck.render._escape import visible
from kcheck.report import Report
from kcheck.rules import DOCS_URI, RULES, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def artifact_uri(path: str) -> str:
    """A relative path stays a relative URI reference (GitHub needs that); an absolute one is file://."""
    posix = path.replace("\\", "/")
    uri = quote(posix, safe="/")
    return f"file://{uri}" if posix.startswith("/") else uri


def sarif_rules() -> list[dict[str, Any]]:
    """`tool.driver.rules`, generated from kcheck.rules.RULES in table order."""
    return [
        {
            "id": r.code,
            "name": r.slug,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.help},
            "help": {"text": r.help},
            "helpUri": r.help_uri,
            "defaultConfiguration": {"level": LEVELS[r.severity]},
            "properties": {"fixable": r.fixable},
        }
        for r in RULES.values()
    ]


def sarif_document(report: Report) -> dict[str, Any]:
    """The SARIF log as data; valid with zero results."""
    index = {code: i for i, code in enumerate(RULES)}
    results = []
    for f in sorted_findings(report):
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVELS[f.severity],
            "message": {"text": visible(f.message)},
        }
        loc = f.location
        if loc.path:
            physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(visible(loc.path))}}
            if loc.line is not None:
                region: dict[str, Any] = {"startLine": loc.line, "startColumn": max(1, loc.column or 1)}
                if loc.end_column is not None and loc.end_column > region["startColumn"]:
                    region["endColumn"] = loc.end_column
                physical["region"] = region
            result["locations"] = [{"physicalLocation": physical}]
        properties: dict[str, Any] = {"subject": visible(f.subject)} if f.subject else {}
        properties.update(verification(f))
        if properties:
            result["properties"] = properties
        results.append(result)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kcheck",
                        "version": __version__,
                        "informationUri": DOCS_URI,
                        "rules": sarif_rules(),
                    }
                },
                "automationDetails": {"id": f"kcheck/{report.command}/"},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(report: Report) -> str:
    """SARIF JSON text."""
    return json.dumps(sarif_document(report), ensure_ascii=False, indent=2) + "\n"
