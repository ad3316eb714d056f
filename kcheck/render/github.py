"""GitHub Actions workflow commands (`::error file=...,line=...::message`), escaped properly."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kcheck.batch import CheckedRow
from kcheck.render._batch import Writer as _Writer
from kcheck.render._common import finding_key
from kcheck.render._escape import visible
from kcheck.report import Finding, Report
from kcheck.rules import Severity

if TYPE_CHECKING:
    from kcheck.stream import BatchJob, Workspace

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
# GitHub shows about 10 annotations of each level per step: the worst come first.


def escape_data(text: str) -> str:
    """Message escaping from actions/toolkit: % first, then CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Property escaping: the data escapes plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    """One workflow command line for a finding."""
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
    return f"::{LEVELS[f.severity]} {','.join(props)}::{escape_data(visible(f.message))}\n"


def render_github(report: Report) -> str:
    """One annotation per finding, errors first; paths are used as given (keep them relative)."""
    return "".join(annotation(f) for f in sorted(report.findings, key=lambda f: (-f.severity.rank, *finding_key(f))))


def render_rows(rows: Iterable[CheckedRow], job: BatchJob, workspace: Workspace) -> str:
    """batch: each row's annotations in input order (GitHub's limit is per level, so no level is starved)."""
    return "".join(annotation(f) for row in rows for f in sorted(row.check.findings, key=finding_key))


class Writer(_Writer):
    """Annotations only: nothing before or after them."""
