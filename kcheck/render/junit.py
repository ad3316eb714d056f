"""JUnit XML: one testsuite per file, one uniquely named testcase per subject, a failure per error."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from kcheck.render._common import sorted_findings
from kcheck.render._escape import visible
from kcheck.render.text import where
from kcheck.report import Finding, Report
from kcheck.rules import Severity


def _line(finding: Finding) -> str:
    return f"{where(finding)}: {finding.code} [{finding.severity.value}] {visible(finding.message)}"


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
            errors = [f for f in found if f.severity is Severity.ERROR]
            for f in errors:
                message = f"{f.code} {f.rule.slug}: {visible(f.message)}"
                failure = ET.SubElement(case, "failure", message=message, type=f.code)
                failure.text = _line(f)
            others = [f for f in found if f.severity is not Severity.ERROR]
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
            failures += bool(errors)
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
