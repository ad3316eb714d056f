"""Lint renderers (text, json, jsonl, csv, github, sarif, junit): golden files, validity, escaping."""

from __future__ import annotations

import csv
import io
import json
import random
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from kcheck.catalogue import read_catalogue
from kcheck.lint import lint_catalogue
from kcheck.regimens import Registry
from kcheck.render import REPORT_RENDERERS
from kcheck.render.github import escape_data, escape_property, render_github
from kcheck.render.junit import render_junit
from kcheck.render.sarif import artifact_uri, sarif_document
from kcheck.report import Finding, Location, Report, Subject
from kcheck.rules import RULES
from tests.cli_checks import assert_golden

GOLDEN = Path(__file__).parent / "golden"
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
EXTENSIONS = {
    "text": "txt",
    "json": "json",
    "jsonl": "jsonl",
    "csv": "csv",
    "github": "github",
    "sarif": "sarif",
    "junit": "junit.xml",
}
EMPTY = Report("lint", (), ())


@pytest.fixture(scope="module")
def report(registry: Registry) -> Report:
    text = (GOLDEN / "lint.input.yaml").read_text(encoding="utf-8")
    result = lint_catalogue(read_catalogue(text, "catalogue.yaml"), registry)
    return Report("lint", result.subjects, result.findings)


def test_every_format_has_a_renderer() -> None:
    assert set(REPORT_RENDERERS) == set(EXTENSIONS)


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in EXTENSIONS])
def test_golden(name: str, report: Report, update_golden: bool) -> None:
    assert_golden(GOLDEN / f"lint.{EXTENSIONS[name]}", REPORT_RENDERERS[name](report), update_golden)


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in EXTENSIONS])
def test_deterministic_whatever_the_finding_order(name: str, report: Report) -> None:
    shuffled = list(report.findings)
    random.Random(4).shuffle(shuffled)
    assert REPORT_RENDERERS[name](replace(report, findings=tuple(shuffled))) == REPORT_RENDERERS[name](report)


def test_golden_report_covers_every_severity(report: Report) -> None:
    assert {f.severity.value for f in report.findings} == {"error", "warning", "note"}
    assert "KC505" in {f.code for f in report.findings}


def test_sarif_golden_validates_against_the_oasis_schema() -> None:
    jsonschema.validate(json.loads((GOLDEN / "lint.sarif").read_text(encoding="utf-8")), SCHEMA)


def test_sarif_rules_come_from_the_rule_table(report: Report) -> None:
    run = sarif_document(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    assert all(r["helpUri"] == RULES[r["id"]].help_uri for r in rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in EXTENSIONS])
def test_valid_with_zero_findings(name: str) -> None:
    output = REPORT_RENDERERS[name](EMPTY)
    if name == "json":
        assert json.loads(output)["findings"] == []
    elif name == "sarif":
        document = json.loads(output)
        jsonschema.validate(document, SCHEMA)
        assert document["runs"][0]["results"] == []
    elif name == "junit":
        assert ET.fromstring(output).get("tests") == "0"
    elif name == "csv":
        assert next(iter(csv.reader(io.StringIO(output))))[0] == "path"
    else:
        assert output == ""


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        pytest.param("data/products.yaml", "data/products.yaml", id="relative"),
        pytest.param("my catalogue.yaml", "my%20catalogue.yaml", id="space"),
        pytest.param("/tmp/c.yaml", "file:///tmp/c.yaml", id="absolute"),
    ],
)
def test_sarif_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def test_json_and_jsonl_agree(report: Report) -> None:
    document = json.loads(REPORT_RENDERERS["json"](report))
    lines = [json.loads(line) for line in REPORT_RENDERERS["jsonl"](report).splitlines()]
    assert document["findings"] == lines
    assert document["summary"]["findings"] == len(lines)


def test_csv_round_trips_and_escapes_formulas() -> None:
    rule = RULES["KC301"]
    finding = Finding(rule, rule.severity, '=HYPERLINK("x")', location=Location("a,b.yaml", 3, 7, 9), subject="@id")
    rows = list(csv.reader(io.StringIO(REPORT_RENDERERS["csv"](Report("lint", (), (finding,))))))
    assert rows[1] == ["a,b.yaml", "3", "7", "9", "KC301", "same-digits", "warning", "'@id", '\'=HYPERLINK("x")']


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        pytest.param(escape_data, "50% of\r\nDV", "50%25 of%0D%0ADV", id="data"),
        pytest.param(escape_data, "a: b, c", "a: b, c", id="data-keeps-colon-comma"),
        pytest.param(escape_property, "dir, v2/c:1.yaml", "dir%2C v2/c%3A1.yaml", id="property"),
        pytest.param(escape_property, "100%", "100%25", id="property-percent-first"),
    ],
)
def test_github_escaping(function: Callable[[str], str], text: str, expected: str) -> None:
    assert function(text) == expected


def test_github_errors_come_first_and_titles_name_the_rule(report: Report) -> None:
    lines = render_github(report).splitlines()
    levels = [line.split(" ", 1)[0] for line in lines]
    assert levels == sorted(levels, key=["::error", "::warning", "::notice"].index)
    assert any(",title=KC301 same-digits::" in line for line in lines)


def test_junit_one_uniquely_named_case_per_product(report: Report) -> None:
    root = ET.fromstring(render_junit(report))
    names = [case.get("name") for case in root.iter("testcase")]
    assert len(names) == len(set(names))
    assert {"k2-45", "menadione"} <= set(names) and any(n.startswith("k2-45 (line") for n in names)
    menadione = next(case for case in root.iter("testcase") if case.get("name") == "menadione")
    errors = [f for f in report.findings if f.subject == "menadione" and f.severity.value == "error"]
    assert len(menadione.findall("failure")) == len(errors) >= 1


def test_junit_batch_style_subjects() -> None:
    """Batch reuses the renderer: one subject per CSV row, findings located at the row."""
    rule = RULES["KC304"]
    subjects = tuple(Subject(f"row {n}", Location("p.csv", n + 1, 1)) for n in (1, 2))
    finding = Finding(rule, rule.severity, "typo", location=Location("p.csv", 3, 1), subject="row 2")
    root = ET.fromstring(render_junit(Report("batch", subjects, (finding,))))
    assert [c.get("name") for c in root.iter("testcase")] == ["row 1", "row 2"]
    assert root.get("failures") == "1"
