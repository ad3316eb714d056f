"""`kcheck batch`: every row checked and accounted for, in every per-row format; exit codes; --output."""

from __future__ import annotations

import codecs
import concurrent.futures
import csv
import io
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kcheck.render.batch_csv
import kcheck.stream
from kcheck.batch import CheckedRow, Tally, check_fields, check_row, make_checker, unreadable
from kcheck.cli import main
from kcheck.csvinput import Columns, CsvReader, RawRow, find_columns
from kcheck.engine import Settings
from kcheck.errors import KcheckError
from kcheck.regimens import Registry
from kcheck.render.batch_csv import csv_header, csv_lines
from kcheck.render.csv_line import neutralise
from kcheck.render.json_ import label_check_document
from kcheck.render.table import cells
from kcheck.render.terminal import PROGRESS_MIN_BYTES, progress_bar
from kcheck.report import LabelCheck
from kcheck.stream import CHUNK_ROWS, BatchJob, WorkerStopped, default_jobs, rendered_chunks
from tests.cli_checks import assert_golden

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "data" / "sample_products.csv"
GOLDEN = Path(__file__).parent / "golden"

MIXED = (
    "id,name,label\n"
    "a,Good,Vitamin K2 (as menaquinone-7) 100 mcg per capsule\n"
    "b,Typo,Vitamin K2 (as menaquinone-7) 100 mg per capsule\n"
    "c,Empty,\n"
    "d,Short\n"
    "e,Long,45 mcg MK-7,extra,more\n"
    'f,Multi,"Vitamin D3 25 mcg, Vitamin K2 (MK-7) 90 mcg"\n'
    "g,Garbage,no dose here\n"
    "\n"
    'h,"Quoted\nname",D3 1000 IU\n'
)
MIXED_ROWS = 8


def run(args: list[str], stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["batch", *args], input=stdin, env={"COLUMNS": "120", "NO_COLOR": "1"})


def write(tmp_path: Path, data: bytes | str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def data_rows(text: str, delimiter: str = ",") -> int:
    return sum(1 for cells in csv.reader(io.StringIO(text), delimiter=delimiter) if cells) - 1


# ---------------------------------------------------------------- rows in = rows out


@pytest.mark.parametrize(
    ("data", "delimiter"),
    [
        pytest.param(MIXED, ",", id="mixed-lf"),
        pytest.param(MIXED.replace("\n", "\r\n"), ",", id="mixed-crlf"),
        pytest.param(codecs.BOM_UTF8 + MIXED.encode(), ",", id="mixed-bom"),
        pytest.param(MIXED.encode("utf-16"), ",", id="mixed-utf16"),
        pytest.param(MIXED.replace(",", ";"), ";", id="semicolon"),
        pytest.param(MIXED.replace(",", "\t"), "\t", id="tab"),
        pytest.param("id,label\n", ",", id="header-only"),
        pytest.param(SAMPLE.read_bytes(), ",", id="sample"),
    ],
)
@pytest.mark.parametrize("output_format", ["csv", "jsonl", "table"])
def test_rows_in_equal_rows_out(tmp_path: Path, data: str | bytes, delimiter: str, output_format: str) -> None:
    path = write(tmp_path, data)
    raw = path.read_bytes()
    text = raw.decode("utf-16") if raw.startswith(codecs.BOM_UTF16_LE) else raw.decode("utf-8-sig")
    expected = data_rows(text, delimiter)
    result = run([str(path), "--format", output_format, "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    if output_format == "csv":
        out = list(csv.reader(io.StringIO(result.stdout), delimiter=delimiter))
        assert len(out) - 1 == expected
        assert out[0][-12:] == [
            "status",
            "nutrient",
            "form",
            "amount_mcg",
            "per",
            "doses_per_day",
            "daily_mcg",
            "bound",
            "nearest_regimen",
            "ratio",
            "codes",
            "message",
        ]
        assert all(len(line) == len(out[0]) for line in out)
    elif output_format == "jsonl":
        docs = [json.loads(line) for line in result.stdout.splitlines()]
        assert len(docs) == expected
        assert [d["row"] for d in docs] == list(range(1, expected + 1))
    else:
        assert f"{expected} rows:" in result.stdout
    assert path.read_bytes() == raw  # the input is never modified


def test_mixed_rows_statuses_and_lines(tmp_path: Path) -> None:
    result = run([str(write(tmp_path, MIXED)), "--format", "jsonl"])
    assert result.exit_code == 1  # KC304 and KC101 are errors
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(docs) == MIXED_ROWS
    got = [(d["row"], d["line"], d["id"], d["status"]) for d in docs]
    assert got == [
        (1, 2, "a", "ok"),
        (2, 3, "b", "ok"),
        (3, 4, "c", "unreadable"),
        (4, 5, "d", "unreadable"),
        (5, 6, "e", "unreadable"),
        (6, 7, "f", "ok"),
        (7, 8, "g", "unreadable"),
        (8, 10, "h", "ok"),
    ]
    assert docs[7]["name"] == "Quoted\nname"
    reasons = {d["id"]: d["findings"][0]["message"] for d in docs if d["status"] == "unreadable"}
    assert reasons["c"] == "row 3: the label cell is empty"
    assert reasons["d"] == "row 4 has 2 cells, the header has 3"
    assert reasons["e"] == "row 5 has 5 cells, the header has 3: extra cells 'extra', 'more'"
    assert reasons["g"].startswith("no dose found")
    assert "KC304" in [f["code"] for f in docs[1]["findings"]]
    assert [i["form"] for i in docs[5]["ingredients"]] == ["D3", "MK-7"]


def test_jsonl_is_the_label_document_plus_row_fields(tmp_path: Path, registry: Registry) -> None:
    result = run([str(write(tmp_path, MIXED)), "--format", "jsonl"])
    first = json.loads(result.stdout.splitlines()[0])
    label = CliRunner().invoke(main, ["label", "--format", "json", first["input"]])
    expected = json.loads(label.stdout)
    compacted = ("comparisons", "findings", "schema")
    assert {k: v for k, v in first.items() if k not in ("row", "line", "id", "name", *compacted)} == {
        k: v for k, v in expected.items() if k not in compacted
    }
    assert (first["row"], first["line"], first["id"], first["name"]) == (1, 2, "a", "Good")
    assert first["schema"] == "urn:kcheck:batch-row:1" and expected["schema"] == "urn:kcheck:label:1"
    by_ingredient = [
        [[c["regimen"], c["ratio_mass"], c["ratio_moles"], c["form_match"]] for c in expected["comparisons"]
         if c["ingredient"] == index]
        for index in range(len(expected["ingredients"]))
    ]
    assert first["comparisons"] == by_ingredient
    keep = ("code", "severity", "message", "ingredient", "span")
    shown = [{k: f[k] for k in keep} for f in first["findings"]]
    assert shown == [{k: f[k] for k in keep} for f in expected["findings"]]


# ---------------------------------------------------------------- per-row logic


@pytest.mark.parametrize(
    ("header", "cells", "status", "reason"),
    [
        pytest.param(("id", "label"), ("1", "45 mcg MK-7"), "ok", None, id="ok"),
        pytest.param(("id", "label"), ("1",), "unreadable", "row 1 has 1 cells, the header has 2", id="short"),
        pytest.param(("id", "label"), ("1", "  "), "unreadable", "row 1: the label cell is empty", id="blank"),
        pytest.param(
            ("label", "servings per day"),
            ("45 mcg MK-7", "two"),
            "unreadable",
            "row 1: servings per day 'two' is not a number (2, 0.5 or 3/7)",
            id="bad-servings",
        ),
        pytest.param(
            ("label", "servings per day"),
            ("45 mcg MK-7", "1e400"),
            "unreadable",
            "row 1: servings per day '1e400' is out of range: servings a day go from 1/365 (once a year) to 100",
            id="huge-servings",
        ),
        pytest.param(
            ("label", "servings per day"),
            ("45 mcg MK-7", "1/0"),
            "unreadable",
            "row 1: servings per day '1/0' is not a number (2, 0.5 or 3/7)",
            id="servings-over-zero",
        ),
        pytest.param(
            ("label", "servings per day"),
            ("45 mcg MK-7", "0"),
            "unreadable",
            "row 1: servings per day '0' is out of range: servings a day go from 1/365 (once a year) to 100",
            id="zero-servings",
        ),
        pytest.param(
            ("label", "market"),
            ("45 mcg MK-7", "Mars"),
            "unreadable",
            "row 1: market 'mars' is not one of us, eu, ca, jp",
            id="bad-market",
        ),
        pytest.param(
            ("amount", "unit", "form"),
            ("", "mcg", "MK-7"),
            "unreadable",
            "row 1: the amount cell is empty",
            id="structured-empty",
        ),
    ],
)
def test_check_row(
    registry: Registry, header: tuple[str, ...], cells: tuple[str, ...], status: str, reason: str | None
) -> None:
    row = check_row(RawRow(1, 2, cells), find_columns(header), make_checker(registry), Settings(), "f.csv")
    assert row.status == status
    if reason:
        assert row.check.findings[0].message == reason
        assert row.check.findings[0].code == "KC101"
    for finding in row.check.findings:
        assert (finding.location.path, finding.location.line) == ("f.csv", 2)


def test_structured_columns(registry: Registry) -> None:
    columns = find_columns(("sku", "amount", "unit", "form"))
    row = check_row(RawRow(1, 2, ("x", "45", "mcg", "MK-7")), columns, make_checker(registry), Settings(), "f")
    assert row.check.input == "MK-7 45 mcg"
    fields = check_fields(row.base)
    assert (fields["form"], fields["amount_mcg"]) == ("MK-7", "45")
    assert row.check.findings[0].subject == "x"


def test_directions_give_the_frequency(registry: Registry) -> None:
    columns = find_columns(("label", "directions"))
    raw = RawRow(1, 2, ("Menatetrenone 15 mg per capsule", "Take 1 capsule three times daily after meals"))
    fields = check_fields(check_row(raw, columns, make_checker(registry), Settings(), "f").base)
    assert (fields["doses_per_day"], fields["daily_mcg"], fields["nearest_regimen"]) == (
        "3",
        "45000",
        "binkley-2009-mk4",
    )


@pytest.mark.parametrize(
    ("label", "amount", "daily", "bound", "table_daily"),
    [
        pytest.param("15〜45 mg MK-4", "15000-45000", "15000-45000", "", "15 mg to 45 mg*", id="amount-range"),
        pytest.param("MK-7 100 mcg 2-3 times daily", "100", "200-300", "", "200 mcg to 300 mcg", id="doses-range"),
        pytest.param("MK-7 100 mcg", "100", "100", "", "100 mcg*", id="no-range"),
        pytest.param("up to 100 mcg MK-7 daily", "100", "100", "up-to", "up to 100 mcg", id="ceiling"),
        pytest.param(
            "at least 45 mcg MK-7, and 1000 IU D3", "45; 25", "45; 25", "at-least; ", "at least 45 mcg*; 25 mcg*",
            id="floor-on-one",
        ),
    ],
)
def test_a_range_or_bound_fills_its_cells(
    label: str, amount: str, daily: str, bound: str, table_daily: str, registry: Registry
) -> None:
    """A bounded amount is never a plain number in a spreadsheet or the batch table: the bound says which end it is."""
    row = check_row(RawRow(1, 2, (label,)), find_columns(("label",)), make_checker(registry), Settings(), "f")
    fields = check_fields(row.base)
    assert (fields["amount_mcg"], fields["daily_mcg"], fields["bound"]) == (amount, daily, bound)
    assert cells(row)[3] == table_daily


def test_servings_column_and_market_column(registry: Registry) -> None:
    columns = find_columns(("label", "servings_per_day", "market"))
    raw = RawRow(1, 2, ("Vitamin K2 (as menaquinone-7) 100 mcg per capsule", "2", "CA"))
    row = check_row(raw, columns, make_checker(registry), Settings(), "f")
    assert check_fields(row.base)["daily_mcg"] == "200"
    assert "KC308" in {f.code for f in row.check.findings}  # 200 mcg/day > the 120 of Health Canada's 2005 text


# ---------------------------------------------------------------- decimal comma


DECIMAL_COMMA = "id;label\n1;Vitamin D3 0,025 mg per drop\n2;Vitamin K2 (MK-7) 1,5 mg\n"


@pytest.mark.parametrize(
    ("options", "statuses", "amounts"),
    [
        pytest.param([], ["ambiguous", "ambiguous"], [None, None], id="refuse-to-guess"),
        pytest.param(["--decimal-comma"], ["ok", "ok"], [25, 1500], id="decimal-comma"),
    ],
)
def test_decimal_comma(tmp_path: Path, options: list[str], statuses: list[str], amounts: list[int | None]) -> None:
    result = run([str(write(tmp_path, DECIMAL_COMMA)), "--format", "jsonl", "--fail-on", "never", *options])
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["status"] for d in docs] == statuses
    assert [d["ingredients"][0]["amount_ug"] for d in docs] == amounts
    if not options:
        assert all("KC102" in [f["code"] for f in d["findings"]] for d in docs)


# ---------------------------------------------------------------- formula injection


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("=1+1", "'=1+1", id="equals"),
        pytest.param("+41 22", "'+41 22", id="plus"),
        pytest.param("-2", "'-2", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\tx", "'\tx", id="tab"),
        pytest.param("\rx", "'\rx", id="cr"),
        pytest.param("45 mcg", "45 mcg", id="plain"),
        pytest.param("", "", id="empty"),
        pytest.param("a=b", "a=b", id="not-first"),
    ],
)
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_formula_cells_in_input_columns(tmp_path: Path) -> None:
    data = 'id,name,label\n=1+2,"@cmd|\' /C calc\'!A0",45 mcg MK-7\n-3,+x,"=HYPERLINK(""http://x"")"\n'
    result = run([str(write(tmp_path, data)), "--format", "csv", "--fail-on", "never"])
    out = list(csv.reader(io.StringIO(result.stdout)))
    assert out[1][:3] == ["'=1+2", "'@cmd|' /C calc'!A0", "45 mcg MK-7"]
    assert out[2][:3] == ["'-3", "'+x", '\'=HYPERLINK("http://x")']
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for line in out for cell in line)
    assert all(part.startswith('"') for part in result.stdout.splitlines()[0].split(","))  # all quoted


def test_formula_cells_in_kcheck_columns() -> None:
    row = CheckedRow(1, 2, ("x", "=cmd()"), "x", None, unreadable("=cmd()", "=SUM(1,2) from a row"))
    lines = [csv_header(("id", "label")), *csv_lines([row], ("id", "label"))]
    out = list(csv.reader(io.StringIO("".join(lines))))
    assert out[1][1] == "'=cmd()"
    assert out[1][-1] == "'=SUM(1,2) from a row"


def test_kcheck_column_name_clash_is_prefixed() -> None:
    line = csv_header(("id", "label", "Status"))
    assert next(csv.reader(io.StringIO(line)))[3] == "kcheck_status"


# ---------------------------------------------------------------- inputs that are not CSV, stdin


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "the file is empty", id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01junk\xff", "PNG image", id="png"),
        pytest.param(b"id,label\n1,45 mcg\n2,45 \xb5g\n", "in.csv:3: not valid utf-8: byte 0xB5", id="bad-utf8"),
        pytest.param(b"id,name\n1,x\n", "no label column", id="no-label-column"),
    ],
)
def test_unreadable_files_exit_2(tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path, data)
    result = run([str(path), "--format", "csv"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run([str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "No such file" in result.stderr


def test_directory_exits_2(tmp_path: Path) -> None:
    assert run([str(tmp_path)]).exit_code == 2


def test_latin1_option(tmp_path: Path) -> None:
    path = write(tmp_path, b"id,label\n1,45 \xb5g MK-7\n")
    result = run([str(path), "--format", "jsonl", "--encoding", "latin-1", "--fail-on", "never"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["input"] == "45 µg MK-7"


def test_stdin() -> None:
    result = run(["-", "--format", "jsonl"], stdin=b"sku;dose\r\nx1;45 mcg MK-7\r\n")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["id"], doc["line"], doc["status"]) == ("x1", 2, "ok")


def test_label_column_and_delimiter_options(tmp_path: Path) -> None:
    path = write(tmp_path, "a|b\n45 mcg MK-7|x\n")
    result = run([str(path), "--delimiter", "tab", "--label-column", "a|b", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["input"] == "45 mcg MK-7|x"
    assert run([str(path), "--delimiter", "|"]).exit_code == 2


# ---------------------------------------------------------------- exit codes


@pytest.mark.parametrize(
    ("label", "fail_on", "code"),
    [
        pytest.param("Vitamin K2 (as menaquinone-7) 100 mg per capsule", "error", 1, id="error-fails"),
        pytest.param("Vitamin K2 (as menaquinone-7) 100 mg per capsule", "never", 0, id="never"),
        pytest.param("Vitamin D3 (cholecalciferol) 25 mcg", "error", 0, id="clean"),
        pytest.param("Vitamin K2 (as menaquinone-7) 100 mcg", "error", 0, id="notes-pass"),
        pytest.param("Vitamin K2 (as menaquinone-7) 100 mcg", "note", 1, id="notes-fail-on-note"),
        pytest.param("no dose", "error", 1, id="unreadable-row"),
    ],
)
def test_exit_codes(tmp_path: Path, label: str, fail_on: str, code: int) -> None:
    result = run([str(write(tmp_path, f"label\n{label}\n")), "--format", "csv", "--fail-on", fail_on])
    assert result.exit_code == code, result.output


# ---------------------------------------------------------------- --output


def test_output_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = run([str(write(tmp_path, MIXED)), "--format", "csv", "--output", str(target)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert data_rows(target.read_text()) == MIXED_ROWS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


@pytest.mark.parametrize("existing", [pytest.param(True, id="target-exists"), pytest.param(False, id="new")])
def test_output_is_atomic_on_a_bad_input_line(tmp_path: Path, existing: bool) -> None:
    target = tmp_path / "out.csv"
    if existing:
        target.write_text("previous report\n")
    body = "".join(f"{i},45 mcg MK-7\n" for i in range(5000)).encode()
    path = write(tmp_path, b"id,label\n" + body + b"x,45 \xb5g\n")
    result = run([str(path), "--format", "csv", "--output", str(target)])
    assert result.exit_code == 2
    assert ":5002: not valid utf-8" in result.stderr
    if existing:
        assert target.read_text() == "previous report\n"
    else:
        assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["in.csv", *(["out.csv"] if existing else [])])


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(OSError(28, "No space left on device"), id="oserror"),
        pytest.param(KcheckError("boom"), id="kcheckerror"),
    ],
)
def test_output_is_atomic_when_the_writer_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    original = kcheck.render.batch_csv.check_line
    calls = []

    def failing(check: LabelCheck, delimiter: str) -> bytes:
        """The third label's cells fail, after two rows are rendered (from the records or not)."""
        calls.append(check)
        if len(calls) > 2:
            raise error
        return original(check, delimiter)

    monkeypatch.setattr(kcheck.render.batch_csv, "check_line", failing)
    target = tmp_path / "out.csv"
    target.write_text("previous report\n")
    result = run([str(write(tmp_path, MIXED)), "--format", "csv", "--output", str(target)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert target.read_text() == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_output_never_overwrites_the_input(tmp_path: Path) -> None:
    path = write(tmp_path, MIXED)
    result = run([str(path), "--format", "csv", "--output", str(path)])
    assert result.exit_code == 2
    assert path.read_text() == MIXED


def test_output_file_mode_follows_umask(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    run([str(write(tmp_path, MIXED)), "--format", "jsonl", "-o", str(target)])
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


# ---------------------------------------------------------------- golden files


@pytest.mark.parametrize(
    ("output_format", "name"),
    [
        pytest.param("csv", "batch.csv", id="csv"),
        pytest.param("jsonl", "batch.jsonl", id="jsonl"),
        pytest.param("table", "batch.txt", id="table"),
        pytest.param("json", "batch.json", id="json"),
        pytest.param("github", "batch.github", id="github"),
        pytest.param("sarif", "batch.sarif", id="sarif"),
        pytest.param("junit", "batch.junit.xml", id="junit"),
    ],
)
def test_golden(output_format: str, name: str, update_golden: bool) -> None:
    result = CliRunner().invoke(
        main, ["batch", "data/sample_products.csv", "--format", output_format], env={"COLUMNS": "120", "NO_COLOR": "1"}
    )
    assert result.exit_code == 1, result.output
    assert_golden(GOLDEN / name, result.stdout, update_golden)


def test_sample_covers_every_products_yaml_entry() -> None:
    import yaml

    products = yaml.safe_load((ROOT / "data" / "products.yaml").read_text(encoding="utf-8"))["products"]
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    assert {p["id"] for p in products} <= set(ids)
    assert any(i.startswith("broken-") for i in ids)


def test_columns_dataclass_is_frozen() -> None:
    columns = Columns(header=("label",), label=0)
    with pytest.raises(AttributeError):
        columns.label = 1  # type: ignore[misc]


def test_label_check_document_matches(registry: Registry) -> None:
    row = check_row(RawRow(1, 2, ("45 mcg MK-7",)), find_columns(("label",)), make_checker(registry), Settings(), "f")
    assert label_check_document(row.check, registry)["input"] == "45 mcg MK-7"


# ---------------------------------------------------------------- lint formats (reused renderers)


def test_report_formats_account_for_every_row(tmp_path: Path) -> None:
    from xml.etree import ElementTree

    path = write(tmp_path, MIXED)
    sarif = json.loads(run([str(path), "--format", "sarif"]).stdout)
    jsonl = [json.loads(line) for line in run([str(path), "--format", "jsonl"]).stdout.splitlines()]
    findings = sum(len(d["findings"]) for d in jsonl)
    assert len(sarif["runs"][0]["results"]) == findings
    lines = {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in sarif["runs"][0]["results"]}
    assert lines <= {d["line"] for d in jsonl}
    junit = ElementTree.fromstring(run([str(path), "--format", "junit"]).stdout)
    assert len(junit.findall(".//testcase")) == MIXED_ROWS
    report = json.loads(run([str(path), "--format", "json"]).stdout)
    assert [row["row"] for row in report["rows"]] == list(range(1, MIXED_ROWS + 1))
    assert report["summary"]["rows"] == MIXED_ROWS and report["summary"]["complete"] is True
    github = run([str(path), "--format", "github"])
    assert github.exit_code == 1
    assert all(line.startswith("::") for line in github.stdout.splitlines())


@pytest.mark.parametrize("output_format", ["json", "github", "sarif", "junit"])
def test_report_formats_header_only(tmp_path: Path, output_format: str) -> None:
    result = run([str(write(tmp_path, "id,label\n")), "--format", output_format])
    assert result.exit_code == 0, result.output
    if output_format in ("json", "sarif"):
        json.loads(result.stdout)  # a valid document even when empty


def test_jsonl_repeated_labels_match_the_uncached_documents(tmp_path: Path, registry: Registry) -> None:
    from kcheck.memo import Memo
    from kcheck.render.jsonl import row_document, row_lines
    from kcheck.stream import Workspace

    data = "id,label\n" + "".join(f"{i},{'45 mcg MK-7' if i % 2 else 'D3 1000 IU'}\n" for i in range(7))
    reader = CsvReader("f.csv", io.BytesIO(data.encode()))
    columns, checker = find_columns(reader.header), make_checker(registry)
    rows = [check_row(raw, columns, checker, Settings(), "f.csv") for raw in reader.rows()]
    workspace = Workspace(registry, Memo(registry, size=1))
    lines = row_lines(rows, _job(("id", "label"), "jsonl"), workspace).decode().splitlines()
    assert [json.loads(line) for line in lines] == [row_document(row, registry, "sha256:test") for row in rows]
    assert rows[1].base is rows[3].base  # identical labels share one check


@pytest.mark.parametrize(
    "size",
    [
        pytest.param(4096, id="memo-holds-all"),
        pytest.param(2, id="memo-smaller-than-the-chunk"),
        pytest.param(0, id="no-memo"),
    ],
)
def test_a_memo_checks_a_chunk_of_labels_as_it_checks_them_one_by_one(size: int, registry: Registry) -> None:
    """Memo.check_all: each request's check in order (the new labels checked together), one check for
    a label asked for twice, a label memoised before served as it was."""
    from kcheck.engine import check_text
    from kcheck.memo import Memo

    memo = Memo(registry, size)
    earlier = memo("45 mcg MK-7", Settings())
    eu = Settings(market="eu")
    requests = [("D3 1000 IU", eu), ("45 mcg MK-7", Settings()), ("no dose", eu), ("D3 1000 IU", eu),
                ("D3 1000 IU", Settings())]
    checks = memo.check_all(requests)
    assert checks == [check_text(text, registry, settings) for text, settings in requests]
    assert checks[0] is checks[3] and checks[0] is not checks[4]
    assert (checks[1] is earlier) == (size > 2)
    assert memo.check_all([]) == []


def test_labels_sharing_a_form_and_daily_amount_share_one_encoded_table(registry: Registry) -> None:
    """The memo keeps an ingredient's table of ratios by form and daily amount: another label reuses it as is."""
    from kcheck.engine import check_text
    from kcheck.memo import Memo
    from kcheck.render.jsonl import encoded_body

    memo = Memo(registry)
    texts = ["45 mcg MK-7", "Vitamin K2 (as MK-7) 45 mcg per day", "MK-7 15 mcg three times daily", "D3 1000 IU"]
    checks = [check_text(text, registry) for text in texts]
    assert [encoded_body(c, registry, memo) for c in checks] == [encoded_body(c, registry) for c in checks]
    assert len(memo._pieces) == 1  # the three MK-7 labels at 45 mcg a day; D3 has no regimen to compare with
    assert json.loads("{" + encoded_body(checks[1], registry, memo))["comparisons"][0]


def test_the_pieces_used_last_stay_in_the_memo(registry: Registry) -> None:
    """A dose the catalogue keeps coming back to keeps its table while rarer ones come and go."""
    from kcheck.memo import Memo

    memo = Memo(registry, size=2)
    encoded: list[str] = []

    def piece(key: str) -> str:
        def encode() -> str:
            encoded.append(key)
            return f"table {key}"

        return memo.piece(key, encode)

    used = ("45", "90", "45", "180", "45", "90")
    assert [piece(key) for key in used] == [f"table {key}" for key in used]
    assert encoded == ["45", "90", "180", "90"]  # '45' was used again, so '180' pushed out '90', not '45'
    assert list(memo._pieces) == ["45", "90"]


ENCODED_SETTINGS = [
    pytest.param(Settings(), id="defaults"),
    pytest.param(Settings(market="us"), id="us"),
    pytest.param(Settings(market="eu", age=Fraction(2)), id="eu-age-2"),
    pytest.param(Settings(market="ca", servings_per_day=Fraction(3, 2)), id="ca-1.5-a-day"),
    pytest.param(Settings(decimal_comma=True, market="au"), id="decimal-comma-au"),
]
# What a label can hold that JSON must escape or kcheck must make safe (quotes, backslashes, controls,
# DEL and C1, bidi overrides, line separators, lone surrogates), and the readings that add fields.
ODD_LABELS = [
    'Vitamin K2 "MK-7" 45 mcg \\ per\tcapsule\x1b[31m',
    "45 mcg MK-7\x7f",
    "MK-7 45 mcg\x85 per softgel \u202egnp.exe\u2028",
    "D3 1000 IU\ud800 per drop, Calcium 500 mg, DHA 250 mg",
    "Vitamin K 1,5 mg",
    "K1 90-120 mcg (150% DV) twice daily",
    "MK-4 15, 45 and 90 mg",
    "Vitamin D3 25 mcg (1000 IU) per 2 capsules",
    "up to 320 mcg MK-7 per day",
    "Vitamin D 10 mcg/kg",
    "45 MG Vitamin K2",
    "",
    "no dose here",
    "menatetrenone 45 mg three times daily",
]


def _devset_texts() -> list[str]:
    texts = []
    for name in ("devset_labels.tsv", "devset_unseen.tsv", "devset_languages.tsv"):
        with (Path(__file__).parent / "data" / name).open(encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return texts


@pytest.mark.parametrize("settings", ENCODED_SETTINGS)
def test_encoded_body_is_the_row_document_as_json(registry: Registry, settings: Settings) -> None:
    """The jsonl body written field by field is json.dumps of the row document, made safe: same bytes."""
    from kcheck.engine import check_text
    from kcheck.memo import Memo
    from kcheck.render._escape import json_safe
    from kcheck.render.jsonl import check_body, encoded_body

    memo = Memo(registry)
    texts = [*_devset_texts(), *ODD_LABELS]
    checks = [check_text(text, registry, settings) for text in texts]
    checks.append(unreadable("45 mcg;;", "row 3 has 5 cells, the header has 4: extra cells '\x1b'"))
    assert {c.status for c in checks} == {"ok", "ambiguous", "unreadable"}
    assert any(f.unverified for c in checks for f in c.findings) or settings.market is None
    for check in checks:
        expected = json_safe(json.dumps(check_body(check, registry), ensure_ascii=False))[1:]
        assert encoded_body(check, registry) == expected, check.input
        assert encoded_body(check, registry, memo) == expected, check.input


@pytest.mark.parametrize("settings", ENCODED_SETTINGS[:2])
def test_nearest_is_the_least_distance_among_every_comparison(registry: Registry, settings: Settings) -> None:
    """nearest (which looks at one regimen per form match and daily amount) picks what a walk over every
    comparison picks: the best form match, then the least |log ratio|, then the first id."""
    import math

    from kcheck.batch import nearest
    from kcheck.engine import check_text

    ranks = {"same": 0, "unspecified": 1, "different": 2}
    texts = [*_devset_texts(), *ODD_LABELS, "MK-7 0 mcg", "Vitamin K 90 mcg", "K2 1 g"]
    seen = 0
    for check in (check_text(text, registry, settings) for text in texts):
        for index in range(len(check.ingredients)):
            comparisons = [c for c in check.comparisons if c.ingredient == index and c.ratio_mass > 0]
            expected = min(
                comparisons,
                key=lambda c: (ranks[c.form_match], abs(math.log(c.ratio_mass)), c.regimen),
                default=None,
            )
            found = nearest(check, index)
            got = (found.regimen, found.form_match) if found else None
            assert got == ((expected.regimen, expected.form_match) if expected else None), check.input
            seen += found is not None
    assert seen > 100


@settings(max_examples=500, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**30),
    st.integers(min_value=1, max_value=10**30),
    st.sampled_from([1, -1]),
)
@example(1225, 10, 1)  # 122.5: a tie, to the even 122
@example(1235, 10, 1)  # 123.5: a tie, to the even 124
@example(12345, 10**7, 1)  # 0.0012345
@example(999500, 1, 1)  # 999,500 rounds up a digit: 1,000,000
def test_ratio_cell_is_plain_significant_of_the_fraction(top: int, bottom: int, sign: int) -> None:
    """The CSV ratio cell on integers is the cell of significant() on the Fraction, digit for digit."""
    from kcheck.amounts import decimal_text, significant
    from kcheck.batch import plain, ratio_cell

    value = significant(Fraction(top, bottom))
    assert ratio_cell(sign * top, sign * bottom) == plain(value) == decimal_text(value).replace(",", "")


@pytest.mark.parametrize(
    "value",
    [Fraction(0), Fraction(7), Fraction(-1234567), Fraction(10**20), Fraction(1, 3), Fraction(-5, 2), None],
    ids=str,
)
def test_plain_integer_is_decimal_text_without_separators(value: Fraction | None) -> None:
    from kcheck.amounts import decimal_text
    from kcheck.batch import plain

    assert plain(value) == ("" if value is None else decimal_text(value).replace(",", ""))


# ---------------------------------------------------------------- chunks and worker processes


def _job(header: tuple[str, ...], output_format: str) -> BatchJob:
    return BatchJob(find_columns(header), Settings(), "in.csv", output_format, header, ",", "sha256:test")


@pytest.mark.parametrize("output_format", ["csv", "jsonl"])
@pytest.mark.parametrize("chunk_rows", [pytest.param(1, id="chunk-1"), pytest.param(3, id="chunk-3")])
def test_chunked_output_is_the_one_pass_output(registry: Registry, output_format: str, chunk_rows: int) -> None:
    reader = CsvReader("in.csv", io.BytesIO(MIXED.encode()))
    rows = list(reader.rows())
    job = _job(reader.header, output_format)
    whole = list(rendered_chunks(job, rows, registry, jobs=1, chunk_rows=len(rows)))
    parts = list(rendered_chunks(job, rows, registry, jobs=1, chunk_rows=chunk_rows))
    assert len(whole) == 1
    assert len(parts) == -(-len(rows) // chunk_rows)
    assert b"".join(encoded for encoded, _, _ in parts) == whole[0][0]
    merged = Tally()
    for _, part, _ in parts:
        merged.merge(part)
    assert merged == whole[0][1]
    assert (merged.rows, merged.severities["error"] > 0) == (MIXED_ROWS, True)


def test_no_rows_no_chunks(registry: Registry) -> None:
    assert list(rendered_chunks(_job(("id", "label"), "jsonl"), [], registry, jobs=2)) == []


@pytest.fixture
def always_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers however often labels repeat (the runner keeps a repetitive file in one process)."""
    monkeypatch.setattr(kcheck.stream, "STAY_REPEATS", 2.0)


@pytest.mark.parametrize("start", ["fork", "spawn"])
@pytest.mark.parametrize("output_format", ["csv", "jsonl"])
def test_worker_processes_write_the_same_bytes(
    tmp_path: Path, output_format: str, start: str, always_workers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More rows than one chunk, so --jobs 2 really starts workers, forked or spawned; the output must not change."""
    if start not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {start} here")
    monkeypatch.setattr(kcheck.stream, "_start_method", lambda: start)
    body = [line for line in MIXED.splitlines()[1:] if line and not line.startswith(("h,", 'name",'))]
    lines = ["id,name,label"]
    while len(lines) <= 2 * CHUNK_ROWS + 7:
        lines.extend(f"{len(lines)}{line}" for line in body)
    path = write(tmp_path, "\n".join(lines) + "\n")
    one = run([str(path), "--format", output_format, "--jobs", "1"])
    two = run([str(path), "--format", output_format, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert f"{len(lines) - 1} rows:" in two.stderr
    out_rows = data_rows(two.stdout) if output_format == "csv" else len(two.stdout.splitlines())
    assert out_rows == len(lines) - 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_workers_are_forked_only_while_no_other_thread_runs() -> None:
    """A forked child would inherit a lock another thread (a progress bar) holds: then they are spawned."""
    assert kcheck.stream._start_method() == "fork"
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert kcheck.stream._start_method() == "spawn"
    finally:
        release.set()
        other.join()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
@pytest.mark.parametrize("output_format", ["csv", "json", "sarif"])
def test_forked_workers_leave_stdout_to_the_parent(tmp_path: Path, output_format: str) -> None:
    """Real processes writing to a pipe: what the parent had written but not flushed when it forked is
    written once (a worker flushes the standard streams it inherited when it ends)."""
    lines = ["id,label"] + [f"p{i},Vitamin K2 (MK-7) {45 + i} mcg" for i in range(6 * CHUNK_ROWS)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    command = [sys.executable, "-m", "kcheck", "batch", str(path), "--format", output_format, "--fail-on", "never"]
    outputs = [subprocess.run([*command, "--jobs", jobs], capture_output=True, check=False) for jobs in ("1", "2")]
    assert [o.returncode for o in outputs] == [0, 0], outputs[1].stderr
    assert outputs[0].stdout == outputs[1].stdout  # the header (or the document's head) once


def _repetitive(tmp_path: Path, labels: int) -> Path:
    """Six chunks of rows over `labels` distinct labels, ids all distinct, a market cell now and then."""
    texts = [f"Vitamin K2 (MK-7) {10 + i} mcg, D3 {1000 + 5 * i} IU" for i in range(labels)]
    lines = ["sku,name,label,market"]
    lines += [f"s{i},n{i},{texts[(i * 7) % labels]},{('us', '', 'eu')[i % 3]}" for i in range(6 * CHUNK_ROWS)]
    return write(tmp_path, "\n".join(lines) + "\n")


@pytest.mark.parametrize("output_format", ["csv", "jsonl"])
def test_output_is_the_same_with_the_memo_on_or_off_and_for_any_jobs(
    tmp_path: Path, output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _repetitive(tmp_path, 40)
    memo = run([str(path), "--format", output_format, "--jobs", "1"])
    monkeypatch.setattr(kcheck.stream, "MEMO_ROWS", 0)
    no_memo = run([str(path), "--format", output_format, "--jobs", "1"])
    monkeypatch.setattr(kcheck.stream, "MEMO_ROWS", 3)  # evicted and checked again, over and over
    small = run([str(path), "--format", output_format, "--jobs", "1"])
    monkeypatch.undo()
    monkeypatch.setattr(kcheck.stream, "STAY_REPEATS", 2.0)
    workers = run([str(path), "--format", output_format, "--jobs", "2"])
    assert memo.stdout_bytes == no_memo.stdout_bytes == small.stdout_bytes == workers.stdout_bytes
    assert memo.stderr == no_memo.stderr == workers.stderr
    assert f"{6 * CHUNK_ROWS} rows:" in memo.stderr


# Rows a memo hit must not blur: a repeated label under other settings, rows whose result names
# their row number (empty label, ragged) between hits, quoting and formula cells, a quoted
# delimiter and line break, a repeated label with another id, and a non-ASCII name.
_HITS_HEADER = "sku;name;label;market;servings per day;directions\r\n"
_HITS = (
    "a1;One;45 mcg MK-7;us;;\r\n"
    "a2;Two;45 mcg MK-7;eu;;\r\n"
    "a3;Three;45 mcg MK-7;us;2;\r\n"
    "a4;Four;45 mcg MK-7;us;;take 1 softgel twice daily\r\n"
    "a5;Five;;us;;\r\n"
    "a6;Six;45 mcg MK-7;us;;;extra\r\n"
    "a7;Seven;45 mcg MK-7;mars;;\r\n"
    'a8;"Say ""hi""";45 mcg MK-7;us;;\r\n'
    "=a9;-Nine;45 mcg MK-7;us;;\r\n"
    'a10;"Ten; multi\nline";45 mcg MK-7;us;;\r\n'
    "a11;Ménaquinone;45 mcg MK-7;us;;\r\n"
    "a12;Twelve;;us;;\r\n"
    "a13;Thirteen;45 mcg MK-7;us;x;\r\n"
    "a14;Fourteen;45 mcg MK-7;us;x;\r\n"
    "a15;Fifteen;45 mg MK-4;eu;;\r\n"
    "a16;Sixteen;45 mcg MK-7;eu;;\r\n"
    "a17;Seventeen;45 mg MK-4;eu;;\r\n"
)


@pytest.mark.parametrize("output_format", ["csv", "jsonl", "json"])
def test_memo_hits_from_the_records_write_what_the_rows_write(
    tmp_path: Path, output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows served from the row memo (a label seen before, straight from its record) keep their own
    id, name, row, line and cells, and their settings; the totals count every row."""
    path = write(tmp_path, _HITS_HEADER + _HITS * 3)
    memo = run([str(path), "--format", output_format, "--jobs", "1"])
    monkeypatch.setattr(kcheck.stream, "MEMO_ROWS", 0)  # every row checked and rendered as a row object
    no_memo = run([str(path), "--format", output_format, "--jobs", "1"])
    monkeypatch.setattr(kcheck.stream, "MEMO_ROWS", 2)  # the row memo starts again, over and over
    small = run([str(path), "--format", output_format, "--jobs", "1"])
    assert memo.stdout_bytes == no_memo.stdout_bytes == small.stdout_bytes
    assert memo.stderr == no_memo.stderr == small.stderr
    assert "51 rows:" in memo.stderr and "18 unreadable" in memo.stderr
    if output_format == "jsonl":
        rows = [json.loads(line) for line in memo.stdout.splitlines()]
        assert [r["row"] for r in rows] == list(range(1, 52))
        assert [r["id"] for r in rows[:4]] == ["a1", "a2", "a3", "a4"]
        # a3 takes two servings a day: its ratios are half a1's, in every copy (hits included)
        assert rows[19]["comparisons"] == rows[2]["comparisons"] != rows[17]["comparisons"]
        assert rows[17]["comparisons"] == rows[0]["comparisons"]
        assert [r["id"] for r in rows[17:21]] == ["a1", "a2", "a3", "a4"]
        assert rows[4]["findings"][0]["message"].startswith("row 5:")
        assert rows[21]["findings"][0]["message"].startswith("row 22:")  # the same empty cell, its own row


def test_a_memo_hit_is_rendered_as_the_row_objects_are(registry: Registry) -> None:
    """render_chunk's path from the records gives render_rows' bytes and the same totals, chunk by chunk."""
    from kcheck.render import load
    from kcheck.stream import Workspace, render_chunk

    reader = CsvReader("in.csv", io.BytesIO((_HITS_HEADER + _HITS * 2).encode()))
    rows = list(reader.rows())
    columns = find_columns(reader.header)
    for output_format in ("csv", "jsonl", "json"):
        job = BatchJob(columns, Settings(), "in.csv", output_format, reader.header, ";", "sha256:test")
        workspace, checker = Workspace.of(registry), make_checker(registry)
        for part in (rows[:5], rows[5:], rows):
            data, tally = render_chunk(job, part, workspace)
            checked = [check_row(raw, columns, checker, Settings(), "in.csv") for raw in part]
            expected = Tally()
            expected.count(checked)
            rendered = load("batch", output_format).render_rows(checked, job, Workspace.of(registry))
            assert data == (rendered if isinstance(rendered, bytes) else rendered.encode())
            assert tally == expected


def test_one_memo_serves_other_settings_and_columns_apart(registry: Registry) -> None:
    """Cells that repeat mean the same check only under the same settings and column layout: a
    workspace shared by two jobs renders each as a fresh one would."""
    from fractions import Fraction

    from kcheck.stream import Workspace, render_chunk

    rows = [RawRow(1, 2, ("a", "45 mcg MK-7", "90 mcg MK-7"))]
    header = ("id", "label", "notes")
    jobs = [
        _job(header, "jsonl"),
        BatchJob(find_columns(header), Settings(servings_per_day=Fraction(2)), "in.csv", "jsonl", header, ",", "t"),
        BatchJob(find_columns(header, "notes"), Settings(), "in.csv", "jsonl", header, ",", "t"),
    ]
    shared = Workspace.of(registry)
    outputs = [render_chunk(job, rows, shared) for job in jobs]
    assert outputs == [render_chunk(job, rows, Workspace.of(registry)) for job in jobs]
    assert len({data.split(b'"input"')[1] for data, _ in outputs}) == 3


@pytest.mark.parametrize(
    ("labels", "workers"),
    [
        pytest.param(40, False, id="repeated-labels-one-process"),
        pytest.param(6 * CHUNK_ROWS, True, id="unique-workers"),
    ],
)
def test_the_runner_starts_workers_only_when_labels_do_not_repeat(
    tmp_path: Path, labels: int, workers: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = []
    pool = kcheck.stream._pool
    monkeypatch.setattr(
        kcheck.stream, "_pool", lambda job, jobs, folder: started.append(jobs) or pool(job, jobs, folder)
    )
    result = run([str(_repetitive(tmp_path, labels)), "--format", "jsonl", "--jobs", "2"])
    assert result.exit_code in (0, 1)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert started == ([2] if workers else [])


class _DiesWhenUnpickled(str):
    """A cell that ends the worker process that receives it, as a kill or the OOM killer would."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return os._exit, (3,)


def test_a_worker_that_dies_is_an_error_not_a_traceback(registry: Registry, always_workers: None) -> None:
    rows = [RawRow(i, i + 1, (str(i), "45 mcg MK-7")) for i in range(1, 4)]
    rows[2] = RawRow(3, 4, ("3", _DiesWhenUnpickled("45 mcg MK-7")))
    with pytest.raises(WorkerStopped, match="--jobs 1"):
        list(rendered_chunks(_job(("id", "label"), "jsonl"), rows, registry, jobs=2, chunk_rows=1))


def test_ctrl_c_is_exit_2_and_leaves_the_output_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(check: LabelCheck, delimiter: str) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(kcheck.render.batch_csv, "check_line", interrupted)
    target = tmp_path / "out.csv"
    target.write_text("previous report\n")
    result = run([str(write(tmp_path, MIXED)), "--format", "csv", "--output", str(target)])
    assert result.exit_code == 2
    assert "interrupted" in result.stderr
    assert target.read_text() == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_bom_for_excel(tmp_path: Path) -> None:
    path = write(tmp_path, MIXED)
    plain, marked = run([str(path), "--format", "csv"]), run([str(path), "--format", "csv", "--bom"])
    assert marked.stdout_bytes == codecs.BOM_UTF8 + plain.stdout_bytes
    assert not plain.stdout_bytes.startswith(codecs.BOM_UTF8)
    refused = run([str(path), "--format", "jsonl", "--bom"])
    assert refused.exit_code == 2
    assert "--bom applies to --format csv only" in refused.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "size", "shown"),
    [
        pytest.param(_Terminal(), PROGRESS_MIN_BYTES, True, id="large-file-on-a-terminal"),
        pytest.param(_Terminal(), PROGRESS_MIN_BYTES - 1, False, id="small-file"),
        pytest.param(io.StringIO(), PROGRESS_MIN_BYTES * 10, False, id="pipe-or-ci-log"),
    ],
)
def test_progress_bar_only_on_a_terminal_for_large_files(
    monkeypatch: pytest.MonkeyPatch, stream: io.StringIO, size: int, shown: bool
) -> None:
    monkeypatch.setattr(sys, "stderr", stream)
    with progress_bar(size) as advance:
        advance(10, size // 2)
    assert ("checking" in stream.getvalue()) is shown


@pytest.mark.parametrize(("cores", "expected"), [pytest.param(1, 1, id="one"), pytest.param(64, 8, id="capped")])
def test_default_jobs_follow_the_cores_this_process_may_use(
    monkeypatch: pytest.MonkeyPatch, cores: int, expected: int
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    assert default_jobs() == expected


def _spilled(tmp_path: Path, data: bytes) -> kcheck.stream.Spilled:
    path = tmp_path / "chunk"
    path.write_bytes(data)
    return kcheck.stream.Spilled(str(path), len(data))


@pytest.mark.parametrize("skip", [pytest.param(0, id="whole"), pytest.param(1, id="first-byte-off")])
def test_a_spilled_chunk_is_copied_into_a_file(tmp_path: Path, skip: int) -> None:
    with (tmp_path / "out").open("wb") as out:
        out.write(b"head|")  # buffered: the copy must come after it
        _spilled(tmp_path, b"\nrow 1\nrow 2\n").copy_to(out, skip)
        out.write(b"|tail")
    assert (tmp_path / "out").read_bytes() == b"head|" + b"\nrow 1\nrow 2\n"[skip:] + b"|tail"


@pytest.mark.parametrize(
    "refusal",
    [
        pytest.param(OSError(22, "Invalid argument"), id="EINVAL-an-append-only-file"),
        pytest.param(OSError(38, "Function not implemented"), id="ENOSYS"),
    ],
)
def test_a_spilled_chunk_goes_through_memory_where_the_kernel_cannot_copy_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusal: OSError
) -> None:
    def refuses(*args: object) -> int:
        raise refusal

    monkeypatch.setattr(os, "sendfile", refuses)
    with (tmp_path / "out").open("wb") as out:
        _spilled(tmp_path, b"rows\n").copy_to(out)
    assert (tmp_path / "out").read_bytes() == b"rows\n"
    memory = io.BytesIO()  # no file under it
    _spilled(tmp_path, b"rows\n").copy_to(memory, 1)
    assert memory.getvalue() == b"ows\n"


def test_a_full_disk_while_a_spilled_chunk_is_copied_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "sendfile", full)
    with (tmp_path / "out").open("wb") as out, pytest.raises(OSError, match="No space"):
        _spilled(tmp_path, b"rows\n").copy_to(out)


def test_writers_that_do_not_copy_their_chunks_as_they_come_take_no_files() -> None:
    from kcheck.render import load, names
    from kcheck.render._batch import Writer

    for name in names("batch"):
        writer = load("batch", name).Writer
        assert writer.copies_chunks == (writer.chunk is Writer.chunk), name


def test_a_worker_that_cannot_leave_its_output_in_a_file_sends_it(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _job(("id", "label"), "jsonl")
    rows = [RawRow(1, 2, ("1", "45 mcg MK-7"))]
    expected = kcheck.stream.render_chunk(job, rows, kcheck.stream.Workspace.of(registry))
    worker = kcheck.stream._Worker(job, kcheck.stream.Workspace.of(registry), str(tmp_path / "gone"))
    monkeypatch.setattr(kcheck.stream, "_worker", worker)
    assert kcheck.stream._work(rows) == expected
    worker.folder = str(tmp_path)
    spilled, tally = kcheck.stream._work(rows)
    assert isinstance(spilled, kcheck.stream.Spilled)
    assert (Path(spilled.path).read_bytes(), tally) == expected


def test_workers_remove_the_output_they_left_when_their_parent_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "kcheck-batch-x"
    folder.mkdir()
    (folder / "1-1").write_bytes(b"rows")

    def leave(code: int) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(os, "_exit", leave)
    with pytest.raises(SystemExit):
        kcheck.stream._watch_parent(os.getppid() + 1, str(folder))
    assert not folder.exists()


def test_no_worker_processes_on_this_system_means_one_process(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where processes cannot be made (no /dev/shm, as on some serverless hosts), the batch still runs."""

    def unavailable(*args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", unavailable)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    reader = CsvReader("in.csv", io.BytesIO(MIXED.encode()))
    rows = list(reader.rows())
    job = _job(reader.header, "jsonl")
    chunked = list(rendered_chunks(job, rows, registry, jobs=2, chunk_rows=2, spill=True))
    assert b"".join(encoded for encoded, _, _ in chunked) == next(rendered_chunks(job, rows, registry, jobs=1))[0]
    assert list(tmp_path.iterdir()) == []  # nor the folder made for the workers' output


@pytest.mark.parametrize(("rows", "start"), [pytest.param(1, "1 row:", id="one"), pytest.param(2, "2 rows:", id="two")])
def test_the_summary_counts_rows_in_words(rows: int, start: str) -> None:
    tally = Tally()
    tally.rows = rows
    assert tally.text().startswith(start)
