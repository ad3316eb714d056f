"""SARIF 2.1.0 (GitHub code scanning): rules from the rule table, 1-based regions, no timestamps."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from kcheck import __version__
from kcheck.batch import CheckedRow, Tally
from kcheck.render._batch import Writer as _Writer
from kcheck.render._common import finding_key, sorted_findings, verification
from kcheck.render._escape import visible
from kcheck.report import Finding, Report
from kcheck.rules import DOCS_URI, RULES, Severity

if TYPE_CHECKING:
    from kcheck.stream import BatchJob, Workspace

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}
RULE_INDEX = {code: i for i, code in enumerate(RULES)}


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


def sarif_result(f: Finding) -> dict[str, Any]:
    """One result: rule, level, message, location (1-based region), subject and verification."""
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": RULE_INDEX[f.code],
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
    return result


def sarif_document(report: Report, results: Any = None, invocations: Any = None) -> dict[str, Any]:
    """The SARIF log as data; valid with zero results. Batch passes stand-ins to stream results into."""
    run: dict[str, Any] = {
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
        "results": [sarif_result(f) for f in sorted_findings(report)] if results is None else results,
    }
    if invocations is not None:
        run["invocations"] = invocations
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_sarif(report: Report) -> str:
    """SARIF JSON text."""
    return json.dumps(sarif_document(report), ensure_ascii=False, indent=2) + "\n"


_RESULTS, _END = "@kcheck:results@", "@kcheck:invocation@"
RESULT_INDENT = " " * 8


def render_rows(rows: Iterable[CheckedRow], job: BatchJob, workspace: Workspace) -> str:
    """batch: each row's results, one compact line each, preceded by the comma that separates them."""
    return "".join(
        f",\n{RESULT_INDENT}{json.dumps(sarif_result(f), ensure_ascii=False)}"
        for row in rows
        for f in sorted(row.check.findings, key=finding_key)
    )


class Writer(_Writer):
    """One run; results streamed into it; `invocations` says whether the run completed."""

    separator = b","

    def _parts(self) -> list[str]:
        document = sarif_document(Report("batch", (), ()), _RESULTS, [_END])
        text = json.dumps(document, ensure_ascii=False, indent=2)
        before, _, rest = text.partition(f'"{_RESULTS}"')
        middle, _, after = rest.partition(f'"{_END}"')
        return [before, middle, after]

    def head(self) -> str:
        """Everything up to the opening bracket of `results`."""
        return self._parts()[0] + "["

    def tail(self, tally: Tally, stopped: str | None) -> str:
        """Closes `results`; the invocation says executionSuccessful, and why not."""
        invocation: dict[str, Any] = {"executionSuccessful": stopped is None}
        if stopped is not None:
            invocation["toolExecutionNotifications"] = [{"level": "error", "message": {"text": visible(stopped)}}]
        body = json.dumps(invocation, ensure_ascii=False, indent=2).replace("\n", "\n        ")
        _, middle, after = self._parts()
        return f"\n      ]{middle}{body}{after}\n"
