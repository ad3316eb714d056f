"""JUnit XML: one testsuite per file, one uniquely named testcase per subject, a failure per error."""

from __future__ import annotations

import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from kcheck.batch import CheckedRow, Tally
from kcheck.render._batch import Writer as _Writer
from kcheck.render._common import finding_key, sorted_findings
from kcheck.render._escape import visible
from kcheck.render.text import where
from kcheck.report import Finding, Report
from kcheck.rules import Severity

if TYPE_CHECKING:
    from kcheck.stream import BatchJob, Workspace


def _line(finding: Finding) -> str:
    return f"{where(finding)}: {finding.code} [{finding.severity.value}] {visible(finding.message)}"


def _outcome(case: ET.Element, found: list[Finding]) -> bool:
    """A failure per error, the other findings as system-out; True when the case failed."""
    errors = [f for f in found if f.severity is Severity.ERROR]
    for f in errors:
        failure = ET.SubElement(case, "failure", message=f"{f.code} {f.rule.slug}: {visible(f.message)}", type=f.code)
        failure.text = _line(f)
    others = [f for f in found if f.severity is not Severity.ERROR]
    if others:
        ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
    return bool(errors)


def render_junit(report: Report) -> str:
    """Findings are matched to subjects by (path, subject name); the rest go to a per-file case."""
    by_subject: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in sorted_findings(report):
        by_subject[(f.location.path or "", f.subject)].append(f)
    files: dict[str, list[tuple[str, int | None, list[Finding]]]] = defaultdict(list)
    claimed: set[tuple[str, str]] = set()
    for subject in sorted(report.subjects, key=lambda s: (s.location.path or "", s.location.line or 0, s.name)):
        key = (subject.location.path or "", subject.name)
        found = by_subject.get(key, []) if key not in claimed else []
        claimed.add(key)
        files[key[0]].append((subject.name, subject.location.line, found))
    for key, found in sorted(by_subject.items()):
        if key not in claimed:
            files[key[0]].append((key[1] or "(file)", None, found))
    root = ET.Element("testsuites", name=f"kcheck {report.command}")
    total_tests = total_failures = 0
    for path in sorted(files):
        cases = files[path]
        suite = ET.SubElement(root, "testsuite", name=visible(path) or "(no file)")
        used: set[str] = set()
        failures = 0
        for name, line, found in cases:
            unique = name
            if unique in used:
                unique = f"{name} (line {line})" if line is not None else name
            counter = 2
            while unique in used:
                unique = f"{name} #{counter}"
                counter += 1
            used.add(unique)
            case = ET.SubElement(suite, "testcase", name=visible(unique), classname=visible(path) or "kcheck")
            if path:
                case.set("file", visible(path))
            if line is not None:
                case.set("line", str(line))
            failures += _outcome(case, found)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total_tests += len(cases)
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_rows(rows: Iterable[CheckedRow], job: BatchJob, workspace: Workspace) -> str:
    """batch: one testcase per row, named by its subject and row number (unique without a look back)."""
    parts = []
    for row in rows:
        case = ET.Element(
            "testcase",
            name=visible(f"{row.subject} (row {row.row})"),
            classname=visible(job.source),
            file=visible(job.source),
            line=str(row.line),
        )
        _outcome(case, sorted(row.check.findings, key=finding_key))
        ET.indent(case, level=2)
        parts.append(f"    {ET.tostring(case, encoding='unicode')}\n")
    return "".join(parts)


class Writer(_Writer):
    """Testcases go to a temporary file on disk while the run goes on; the opening tags carry the
    counts, so the document is written when the last row is in: memory stays flat."""

    copies_chunks = False

    def begin(self) -> None:
        """Open the spool (removed by the system however the run ends)."""
        self.spool = tempfile.TemporaryFile()  # noqa: SIM115

    def chunk(self, data: bytes) -> None:
        """Spool the chunk's testcases."""
        self.spool.write(data)

    def end(self, tally: Tally, stopped: str | None) -> None:
        """The counts, the spooled testcases, and an error testcase when the run stopped early."""
        errors = int(stopped is not None)
        counts = f'tests="{tally.rows + errors}" failures="{tally.error_rows}" errors="{errors}"'
        name = escape(visible(self.job.source), {'"': "&quot;"})
        self.out.write(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kcheck batch" {counts}>\n'
            f'  <testsuite name="{name}" {counts} skipped="0">\n'.encode()
        )
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.out)
        self.spool.close()
        if stopped is not None:
            case = ET.Element("testcase", name="kcheck batch", classname=visible(self.job.source))
            ET.SubElement(case, "error", message=visible(stopped), type="stopped")
            ET.indent(case, level=2)
            self.out.write(f"    {ET.tostring(case, encoding='unicode')}\n".encode())
        self.out.write(b"  </testsuite>\n</testsuites>\n")
