"""Nothing lost, nothing broken: fixes that keep the reading, every CSV row and every lint file accounted for.

The writer's faults (links, devices, owners, full disks, kills) are in test_faults.py.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import random
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kcheck.catalogue import read_catalogue
from kcheck.cli import main
from kcheck.csvinput import CELL_MAX, CsvInputError, CsvReader, find_columns
from kcheck.engine import Settings, check_text
from kcheck.lint import FIXABLE, Selection, _reading, apply_fixes, lint_catalogue, unified_diff
from kcheck.lintrun import lint_paths
from kcheck.regimens import Registry

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).parent / "examples" / "catalogue"
DEVSET = Path(__file__).parent / "data" / "devset_labels.tsv"


def lint(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["lint", *args], env={"GITHUB_ACTIONS": "", **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def batch(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["batch", *args], input=stdin, env={"NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def product(pid: str, line: str) -> str:
    quoted = json.dumps(line, ensure_ascii=False)  # a YAML double-quoted scalar
    return (
        f"  - id: {pid}\n    name: P\n    serving: 1 capsule\n    ingredients:\n      - {quoted}\n"
        '    warnings: ["Not with warfarin"]\n    source: https://example.invalid\n'
    )


def catalogue_of(lines: list[str]) -> str:
    return "version: 1\nmarket: us\nproducts:\n" + "".join(product(f"p{i}", line) for i, line in enumerate(lines))


# ---------------------------------------------------------------- case 3: a fix keeps the reading


def fixed_once(text: str, registry: Registry) -> tuple[str, int]:
    result = lint_catalogue(read_catalogue(text, "c.yaml"), registry)
    return apply_fixes(text, result.fixes.values())


def readings(text: str, registry: Registry) -> list[tuple]:
    catalogue = read_catalogue(text, "c.yaml")
    return [
        (p.id.value, index, _reading(check_text(line.value, registry, Settings(market=catalogue.market))))
        for p in catalogue.products
        for index, line in enumerate(p.ingredients)
    ]


def finding_counts(text: str, registry: Registry) -> Counter[tuple[str, str, int | None]]:
    result = lint_catalogue(read_catalogue(text, "c.yaml"), registry)
    return Counter((f.subject, f.code, f.location.line) for f in result.findings)


def assert_fix_keeps_everything(text: str, registry: Registry) -> int:
    """--fix once: every reading the same, no finding that was not there before."""
    new, applied = fixed_once(text, registry)
    assert readings(new, registry) == readings(text, registry)
    new_findings = finding_counts(new, registry) - finding_counts(text, registry)
    assert not new_findings, new_findings
    return applied


DEVSETS = sorted(DEVSET.parent.glob("devset_*.tsv"))


def devset_strings(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


def test_fix_over_every_devset_string_keeps_the_reading(registry: Registry) -> None:
    strings = [text for path in DEVSETS for text in devset_strings(path)]
    assert len(DEVSETS) >= 1 and len(strings) >= 120
    text = catalogue_of(strings)
    assert len(read_catalogue(text, "c.yaml").products) == len(strings)  # every string is in the test
    applied = assert_fix_keeps_everything(text, registry)
    assert applied > 0  # the property is not vacuous: the dev set has fixable spellings


# Every example but KC506's, which is not UTF-8 on purpose (nothing to read, nothing to fix).
EXAMPLE_TEXTS = [p for p in sorted(EXAMPLES.rglob("*.yaml")) if p.stem != "KC506"]


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in EXAMPLE_TEXTS])
def test_fix_over_every_example_catalogue_keeps_the_reading(path: Path, registry: Registry) -> None:
    assert_fix_keeps_everything(path.read_text(encoding="utf-8-sig"), registry)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        pytest.param("K2 7µg", "K2 7mcg", id="K2-7ug-would-read-K27"),
        pytest.param("Vitamin K2 (as menaquinone-7) 100µg", "Vitamin K2 (as menaquinone-7) 100 mcg", id="both-fixes"),
        pytest.param("Vitamin D3 25.0 mcg (1000IU)", "Vitamin D3 25 mcg (1000 IU)", id="trailing-zero-and-glued"),
    ],
)
def test_a_fix_that_changes_the_reading_is_not_applied(line: str, kept: str, registry: Registry) -> None:
    text = catalogue_of([line])
    new, _ = fixed_once(text, registry)
    assert json.dumps(kept) in new
    assert_fix_keeps_everything(text, registry)


def test_unsafe_fix_is_reported_without_a_fix_mark(registry: Registry, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(catalogue_of(["K2 7µg"]), encoding="utf-8")
    code, out, _ = lint(str(path), "--isolated", "--format", "json")
    findings = {f["code"]: f for f in json.loads(out)["findings"]}
    assert findings["KC204"]["fixable"] is False and findings["KC201"]["fixable"] is True
    assert code == 0


def test_kc204_suggests_mcg(registry: Registry) -> None:
    result = lint_catalogue(read_catalogue(catalogue_of(["Vitamin K2 (as menaquinone-7) 45µg"]), "c.yaml"), registry)
    (kc204,) = [f for f in result.findings if f.code == "KC204"]
    assert "write '45 mcg', not '45µg'" in kc204.message


def test_generated_catalogue_fix_creates_no_new_finding(registry: Registry) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_lint", ROOT / "bench" / "bench_lint.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    text = bench.generate(400)
    assert assert_fix_keeps_everything(text, registry) > 0
    new, _ = fixed_once(text, registry)
    after = lint_catalogue(read_catalogue(new, "c.yaml"), registry)
    assert not FIXABLE & {f.code for f in after.findings if f in after.fixes}


# ---------------------------------------------------------------- case 8: --diff


def test_linear_diff_matches_difflib() -> None:
    rng = random.Random(7)
    lines = [f"line {i}\n" for i in range(300)]
    for _ in range(50):
        new = list(lines)
        for index in rng.sample(range(300), rng.randint(1, 12)):
            new[index] = f"changed {index}\n"
        old_text, new_text = "".join(lines), "".join(new)
        expected = "".join(difflib.unified_diff(lines, new, fromfile="a/c.yaml", tofile="b/c.yaml"))
        assert unified_diff(old_text, new_text, "a/c.yaml", "b/c.yaml") == expected


def test_diff_reports_findings_writes_outputs_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    text = catalogue_of(["Vitamin K2 (as menaquinone-7) 100µg"])
    path.write_text(text, encoding="utf-8")
    sarif = tmp_path / "r.sarif"
    code, out, err = lint(str(path), "--isolated", "--diff", "--output-format", f"sarif={sarif}")
    assert code == 1
    assert out.startswith("--- a/") and '+      - "Vitamin K2 (as menaquinone-7) 100 mcg"' in out
    assert "KC201" in err and "KC204" in err  # the findings, on stderr beside the patch
    assert "KC201" in sarif.read_text()
    assert path.read_text(encoding="utf-8") == text
    clean = tmp_path / "clean.yaml"
    clean.write_text(catalogue_of(["Vitamin K2 (as menaquinone-7) 180 mcg"]), encoding="utf-8")
    assert lint(str(clean), "--isolated", "--diff")[:2] == (0, "")


# ---------------------------------------------------------------- cases 4 and 7: CSV accounting


def read_rows(text: str | bytes) -> tuple[CsvReader, list]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    reader = CsvReader("in.csv", io.BytesIO(data))
    return reader, list(reader.rows())


ROWS_10 = "id,label\n" + "".join(f"{i},45 mcg MK-7\n" for i in range(1, 11))


def test_unclosed_quote_is_one_unreadable_row_naming_its_line() -> None:
    text = ROWS_10.replace("4,45 mcg MK-7\n", '4,"45 mcg MK-7\n')
    _, rows = read_rows(text)
    assert [r.row for r in rows] == [1, 2, 3, 4]  # 3 records and one for the unclosed tail
    assert rows[3].line == 5 and "the quote opened on line 5 is never closed: lines 5-11" in (rows[3].problem or "")
    code, _, err = batch("-", "--format", "jsonl", stdin=text.encode())
    assert code == 1 and err.startswith("4 rows: 3 ok, 0 ambiguous, 1 unreadable")


def test_quoted_cell_over_lines_is_read_with_a_note() -> None:
    lines = ROWS_10.splitlines(keepends=True)
    lines[4] = '4,"45 mcg MK-7\n'
    lines[8] = '8,45 mcg MK-7"\n'
    reader, rows = read_rows("".join(lines))
    assert [r.row for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[3].problem is None and rows[3].cells[1].count("\n") == 4
    assert reader.notes == [
        "in.csv:5: row 4: a quoted cell spans lines 5-9, read as one cell (RFC 4180); a stray quote would do the same"
    ]
    code, _, err = batch("-", "--format", "jsonl", stdin="".join(lines).encode())
    assert code != 2 and "6 rows:" in err
    assert "note: <stdin>:5: row 4: a quoted cell spans lines 5-9" in err


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        pytest.param('a,"b ""q"" c",d\n', ("a", 'b "q" c', "d"), id="doubled-quote"),
        pytest.param('a,"x, y",\n', ("a", "x, y", ""), id="delimiter-inside-and-empty-last"),
        pytest.param('a,"",b\n', ("a", "", "b"), id="empty-quoted"),
        pytest.param('a,5" tall,b\n', ("a", '5" tall', "b"), id="quote-inside-unquoted-cell"),
        pytest.param('a,"x"y,b\n', ("a", "xy", "b"), id="text-after-closing-quote"),
        pytest.param('a,"l1\r\nl2",b\r\n', ("a", "l1\r\nl2", "b"), id="crlf-inside-quotes"),
    ],
)
def test_records_agree_with_python_csv(text: str, cells: tuple[str, ...]) -> None:
    _, rows = read_rows("h1,h2,h3\n" + text)
    assert rows[0].cells == cells
    assert tuple(next(csv.reader(io.StringIO(text, newline="")))) == cells


def test_cr_only_file_is_read() -> None:
    reader, rows = read_rows("id,label\r1,45 mcg MK-7\r2,100 mcg K1\r")
    assert reader.header == ("id", "label") and [r.cells for r in rows] == [("1", "45 mcg MK-7"), ("2", "100 mcg K1")]
    assert [r.line for r in rows] == [2, 3]


def test_a_cell_over_the_maximum_is_an_unreadable_row() -> None:
    text = f'id,label\n1,"{"x" * (CELL_MAX + 1)}"\n2,45 mcg MK-7\n3,{"y" * (CELL_MAX + 1)}\n4,45 mcg MK-7\n'
    _, rows = read_rows(text)
    assert [r.row for r in rows] == [1, 2, 3, 4]
    assert [r.problem is None for r in rows] == [False, True, False, True]
    assert "longer than 1,048,576 characters" in (rows[0].problem or "")
    code, _, err = batch("-", "--format", "jsonl", stdin=text.encode())
    assert code == 1 and err.startswith("4 rows: 2 ok, 0 ambiguous, 2 unreadable") and "field limit" not in err


@pytest.mark.parametrize(
    ("header", "chosen", "message"),
    [
        pytest.param(("label", "Label"), {}, "columns 'label' (column 1) and 'Label' (column 2)", id="same-name"),
        pytest.param(
            ("dose", "label"), {}, "'dose' (column 1) and 'label' (column 2) could both be the label", id="label"
        ),
        pytest.param(("sku", "id", "label"), {}, "'sku' (column 1) and 'id' (column 2) could both be the id", id="id"),
        pytest.param(("product", "name", "label"), {}, "could both be the name column", id="name"),
        pytest.param(("label", "x"), {"id": "sku"}, "--column 'sku' is not in the header", id="unknown-pick"),
    ],
)
def test_two_columns_for_one_role_are_a_usage_error(header: tuple[str, ...], chosen: dict, message: str) -> None:
    with pytest.raises(CsvInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        find_columns(header, None, chosen)


def test_options_pick_one_column_and_unread_duplicates_are_ignored() -> None:
    assert find_columns(("dose", "label"), "dose").label == 0
    columns = find_columns(("sku", "id", "label", "note", "note"), None, {"id": "sku"})
    assert (columns.id, columns.label) == (0, 2)
    code, out, _ = batch("-", "--format", "jsonl", "--column", "id=id", stdin=b"sku,id,label\na,b,45 mcg MK-7\n")
    assert code == 0 and json.loads(out)["id"] == "b"
    code, _, err = batch("-", "--format", "jsonl", stdin=b"sku,id,label\na,b,45 mcg MK-7\n")
    assert code == 2 and "--column id=NAME" in err


# ---------------------------------------------------------------- cases 5 and 6: lint over folders


def write_catalogues(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "good.yaml").write_text(catalogue_of(["Vitamin K2 (as menaquinone-7) 180 mcg"]), encoding="utf-8")
    (folder / "typo.yaml").write_text(catalogue_of(["Vitamin K2 (as menaquinone-7) 180 mg"]), encoding="utf-8")


def test_one_bad_file_does_not_stop_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cat"
    write_catalogues(folder)
    (folder / "broken.yaml").symlink_to("nowhere.yaml")
    (folder / "latin1.yaml").write_bytes(b"version: 1\nproducts: [\xb5]\n")
    (folder / "again.yaml").symlink_to("good.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, err = lint("cat", "--isolated", "--output-format", "sarif=r.sarif")
    assert code == 2
    assert "cat/broken.yaml:1:1: KC506 [error] cannot read: a broken symbolic link (to 'nowhere.yaml'" in out
    assert "cat/latin1.yaml:2:12: KC506 [error] not UTF-8: byte 0xB5 at line 2, column 12" in out
    assert "cat/typo.yaml:" in out and "KC304" in out  # every other file is still linted
    assert "in 2 products, 4 files" in err  # the linked copy of good.yaml is linted once
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    assert {"KC506", "KC304"} <= {r["ruleId"] for r in sarif["runs"][0]["results"]}


def test_unreadable_file_is_kc506(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cat"
    write_catalogues(folder)
    locked = folder / "locked.yaml"
    locked.write_text(catalogue_of(["45 mcg MK-7"]), encoding="utf-8")
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.yaml":
            raise PermissionError(13, "Permission denied", str(self))  # what an unprivileged user gets
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.chdir(tmp_path)
    code, out, _ = lint("cat", "--isolated")
    assert code == 2 and "cat/locked.yaml:1:1: KC506 [error] cannot read: permission denied" in out
    assert "cat/typo.yaml" in out


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_for_an_unprivileged_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cat"
    write_catalogues(folder)
    (folder / "locked.yaml").write_text(catalogue_of(["45 mcg MK-7"]), encoding="utf-8")
    (folder / "locked.yaml").chmod(0)
    monkeypatch.chdir(tmp_path)
    try:
        code, out, _ = lint("cat", "--isolated")
    finally:
        (folder / "locked.yaml").chmod(0o644)
    assert code == 2 and "cat/locked.yaml:1:1: KC506 [error] cannot read: permission denied" in out


def test_symlinked_catalogue_is_reported_under_the_given_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_catalogues(tmp_path / "real")
    (tmp_path / "link.yaml").symlink_to("real/typo.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, err = lint("link.yaml", "real", "--isolated")
    assert code == 1 and "link.yaml:" in out and "real/typo.yaml" not in out and "2 files" in err


def test_folder_walk_skips_yaml_that_is_not_a_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_catalogues(tmp_path)
    (tmp_path / "config.yaml").write_text("repos:\n  - repo: local\n", encoding="utf-8")
    (tmp_path / "near.yaml").write_text("Products: []\n", encoding="utf-8")
    (tmp_path / "typo2.yaml").write_text("product:\n  - id: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = lint(".", "--isolated")
    assert "skipped 1 YAML file under . that is not a catalogue" in err and "config.yaml" in err
    assert "near.yaml:1:1: KC501" in out and "typo2.yaml:1:1: KC501" in out  # near misses stay errors
    assert "config.yaml" not in out and code == 1


def test_named_file_that_is_not_a_catalogue_is_skipped_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text("repos:\n  - repo: local\n    hooks: []\n", encoding="utf-8")
    code, out, err = lint(str(path), "--isolated")
    assert code == 0 and out == ""
    assert "skipped" in err and ".pre-commit-config.yaml: not a catalogue (none of 'version'" in err


@pytest.mark.parametrize("kind", ["empty-folder", "folder-of-other-yaml", "glob"])
def test_no_catalogue_found_is_exit_2(tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    if kind == "folder-of-other-yaml":
        (folder / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    target = "empty/*.yaml" if kind == "glob" else "empty"
    code, _, err = lint(target, "--isolated")
    assert code == 2 and f"no catalogue found under {target}" in err


def test_files_key_narrows_a_folder_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_catalogues(tmp_path / "catalogue")
    write_catalogues(tmp_path / "fixtures")
    (tmp_path / "pyproject.toml").write_text('[tool.kcheck]\nfiles = ["catalogue/*.yaml"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = lint(".")
    assert code == 1 and "catalogue/typo.yaml" in out and "fixtures/" not in out and "2 files" in err
    assert lint("fixtures/typo.yaml")[0] == 1  # a named file is always linted


def test_lint_dot_in_this_checkout_lints_the_catalogues_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = lint(".")
    assert code == 0
    assert {line.split(":")[0] for line in out.splitlines()} <= {
        "data/products.yaml",
        "tests/examples/catalogue/pass/clean.yaml",
        "tests/examples/catalogue/pass/suppressed.yaml",
    }
    assert "3 files" in err


def test_fix_and_output_inputs_are_collected(registry: Registry, tmp_path: Path) -> None:
    write_catalogues(tmp_path)
    run = lint_paths([str(tmp_path)], registry, Selection())
    assert len(run.inputs) == 2 and len(run.results) == 2


# ---------------------------------------------------------------- the README's promises


README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "statement",
    [
        "written directly, streaming",
        "more than one hard link",
        "keeping its mode, and its owner when kcheck runs as root",
        "is refused (exit 2)",
        "`--diff` prints the unified diff on stdout and the findings on stderr",
        "only when every ingredient reads the same",
        "no catalogue found under PATH",
        "1,048,576 characters",
        "KC506",
    ],
)
def test_readme_states_what_the_tests_check(statement: str) -> None:
    assert statement in " ".join(README.split())
