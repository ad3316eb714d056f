"""GitHub Actions workflow commands (`::error file=...,line=...::message`), escaped properly."""

from __future__ import annotations

from kcheck.render._common import finding_key
from kcheck.render._escape import visible
from kcheck.report import Report
from kcheck.rules import Severity

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
# GitHub shows about 10 annotations of each level per step: the worst come first.


def escape_data(text: str) -> str:
    """Message escaping from actions/toolkit: % first, then CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Property escaping: the data escapes plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """One annotation per finding, errors first; paths are used as given (keep them relative)."""
    findings = sorted(report.findings, key=lambda f: (-f.severity.rank, *finding_key(f)))
    lines = []
    for f in findings:
        loc = f.location
        props = []
        if loc.path:
            props.append(f"file={escape_property(visible(loc.path))}")
        if loc.line is not None:
            props.append(f"line={loc.line}")
            if loc.column is not None:
                props.append(f"col={loc.column}")
                if loc.end_column is not None and loc.end_column > loc.column:
                    props.append(f"endColumn={loc.end_column}")
        props.append(f"title={escape_property(f'{f.code} {f.rule.slug}')}")
        lines.append(f"::{LEVELS[f.severity]} {','.join(props)}::{escape_data(visible(f.message))}")
    return "".join(line + "\n" for line in lines)
