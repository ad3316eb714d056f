"""Fuzzing every command through the real CLI entry point, in-process: exit 0/1/2, no traceback, valid output.

Deterministic (derandomize=True, no example database) with a fixed number of examples per test,
so CI runs the same inputs every time; FUZZ_EXAMPLES scales them for a longer local run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from cli_checks import assert_machine_output, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SCALE = float(os.environ.get("FUZZ_EXAMPLES", "1"))


def fuzz(examples: int) -> settings:
    """Fixed, derandomized settings: the same examples in every run, never a time budget."""
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


CONTROL = st.sampled_from(["\x1b", "\x1b]2;x\x07", "\x1b[31m", "\x07", "\u202e", "\x00", "\r", "\n", "\x9b", "\t"])
NUMBER = st.one_of(
    st.integers(min_value=0, max_value=10**30).map(str),
    st.integers(0, 8)
    .flatmap(lambda places: st.decimals(allow_nan=False, allow_infinity=False, places=places))
    .map(str),
    st.sampled_from(
        ["0", "0.0", ".5", "1,5", "1.000", "1 250", "½", "1½", "3/7", "1e400", "9" * 40, "0." + "0" * 30 + "1"]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
WORD = st.sampled_from(
    [
        "mcg",
        "mg",
        "g",
        "µg",
        "μg",
        "ug",
        "IU",
        "iu",
        "MG",
        "Mg",
        "units",
        "U",
        "%DV",
        "MK-7",
        "MK-4",
        "K1",
        "K2",
        "D3",
        "D2",
        "vitamin K",
        "menaquinone-7",
        "menatetrenone",
        "calcium",
        "per",
        "capsule",
        "softgel",
        "daily",
        "twice daily",
        "every",
        "0",
        "days",
        "weeks",
        "months",
        "x3",
        "tid",
        "times",
        "a day",
        "per 0.5 mL",
        "(",
        ")",
        "=",
        "+",
        "-",
        "to",
        "and",
        ",",
        "/",
        "take",
        "drops",
        "per kg",
        "thousand",
        "Directions:",
        "",
    ]
)
LABEL = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(NUMBER, WORD, CONTROL, st.text(max_size=4)), max_size=14).map(" ".join),
    st.builds(lambda n, unit, form: f"{n} {unit} {form}", NUMBER, WORD, WORD),
)
# Mostly absent or valid, so most examples get past option parsing to the reading itself.
SERVINGS = st.one_of(st.none(), st.sampled_from(["1", "2", "0.5", "3/7"]), NUMBER, st.text(max_size=6))


def run(args: list[str]) -> tuple[int, str, str]:
    result = invoke(args)
    return result.exit_code, result.stdout, result.stderr


@fuzz(3000)
@given(
    text=LABEL,
    output_format=st.sampled_from(["text", "json"]),
    servings=SERVINGS,
    decimal_comma=st.booleans(),
    market=st.sampled_from([None, "us", "eu", "ca", "jp"]),
    age=st.one_of(st.none(), st.sampled_from(["2", "1.5", "70"]), NUMBER),
)
def test_label_fuzz(
    text: str, output_format: str, servings: str | None, decimal_comma: bool, market: str | None, age: str | None
) -> None:
    args = ["label", "--format", output_format]
    if age is not None:
        args += ["--age", age]
    if servings is not None:
        args += ["--servings-per-day", servings]
    if decimal_comma:
        args.append("--decimal-comma")
    if market:
        args += ["--market", market]
    code, stdout, _ = run([*args, "--", text])
    if code != 2 or stdout:
        assert_machine_output(output_format, stdout)


CELL = st.one_of(
    LABEL, st.text(max_size=20), st.sampled_from(['"', '""', ",", ";", "\t", "\r\n", "\n", "=1+1", "2", "us"])
)
HEADER = st.lists(
    st.sampled_from(
        ["label", "id", "name", "servings per day", "directions", "market", "age", "amount", "unit", "form", "x"]
    ),
    min_size=1,
    max_size=5,
)
ENCODING = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252"])
BATCH_FORMAT = st.sampled_from(["csv", "jsonl", "json", "github", "sarif", "junit", "table"])


def _csv_text(header: list[str], rows: list[list[str]], delimiter: str, quote_all: bool) -> str:
    def field(cell: str) -> str:
        if quote_all or any(c in cell for c in f'"{delimiter}\r\n'):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "".join(delimiter.join(field(c) for c in line) + "\n" for line in [header, *rows])


@fuzz(1500)
@given(
    header=HEADER,
    rows=st.lists(st.lists(CELL, max_size=6), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    quote_all=st.booleans(),
    encoding=ENCODING,
    given_encoding=st.one_of(st.none(), ENCODING, st.sampled_from(["rot13", "base64", "nope", "utf-32"])),
    output_format=BATCH_FORMAT,
    servings=SERVINGS,
)
def test_batch_csv_fuzz(
    header: list[str],
    rows: list[list[str]],
    delimiter: str,
    quote_all: bool,
    encoding: str,
    given_encoding: str | None,
    output_format: str,
    servings: str | None,
) -> None:
    text = _csv_text(header, rows, delimiter, quote_all)
    data = text.encode(encoding, errors="replace")
    args = ["--format", output_format, "--jobs", "1"]
    if given_encoding is not None:
        args += ["--encoding", given_encoding]
    if servings is not None:
        args += ["--servings-per-day", servings]
    _run_batch(data, args, output_format)


@fuzz(1000)
@given(data=st.binary(max_size=400), output_format=BATCH_FORMAT)
def test_batch_bytes_fuzz(data: bytes, output_format: str) -> None:
    _run_batch(data, ["--format", output_format, "--jobs", "1"], output_format)


def _run_batch(data: bytes, args: list[str], output_format: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.csv"
        path.write_bytes(data)
        code, stdout, _ = run(["batch", str(path), *args])
    if code != 2 and output_format != "table":
        assert_machine_output(output_format, stdout)


SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    LABEL,
    st.text(max_size=10),
    NUMBER,
)
KEY = st.one_of(
    st.sampled_from(
        [
            "version",
            "market",
            "products",
            "id",
            "name",
            "serving",
            "ingredients",
            "source",
            "directions",
            "servings_per_day",
            "age",
            "claims",
            "warnings",
            "regimen",
            "source_note",
        ]
    ),
    st.text(max_size=6),
)


def _nested(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.lists(inner, max_size=4) | st.dictionaries(KEY, inner, max_size=5)


TREE = st.recursive(SCALAR, _nested, max_leaves=25)
PRODUCT = st.fixed_dictionaries(
    {"id": st.one_of(st.text(max_size=8), st.integers()), "ingredients": st.lists(LABEL, max_size=3)},
    optional={
        "name": st.text(max_size=8),
        "serving": st.sampled_from(["1 capsule", "2 softgels", ""]),
        "source": st.just("https://example.invalid"),
        "servings_per_day": st.one_of(NUMBER, st.integers(), st.floats()),
        "age": st.one_of(NUMBER, st.integers(), st.floats()),
        "directions": LABEL,
        "market": st.sampled_from(["us", "eu", "xx", "no"]),
        "claims": st.lists(st.fixed_dictionaries({"regimen": st.text(max_size=12)}), max_size=2),
        "warnings": st.lists(st.text(max_size=20), max_size=2),
    },
)
CATALOGUE = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 2, "1"]), "products": st.lists(PRODUCT, max_size=3)},
    optional={"market": st.sampled_from(["us", "eu", "jp", "mars"])},
)
LINT_FORMAT = st.sampled_from(["text", "json", "jsonl", "csv", "github", "sarif", "junit"])


@fuzz(1500)
@given(document=st.one_of(CATALOGUE, TREE), output_format=LINT_FORMAT, fix=st.sampled_from([None, "--diff", "--fix"]))
def test_lint_yaml_fuzz(document: object, output_format: str, fix: str | None) -> None:
    _run_lint(yaml.safe_dump(document, allow_unicode=True).encode("utf-8"), output_format, fix)


@fuzz(1000)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.lists(
            st.sampled_from(
                [
                    b"version: 1\n",
                    b"products:\n",
                    b"  - id: a\n",
                    b"    ingredients: [",
                    b"&a ",
                    b"*a",
                    b"!!python/object:os.system",
                    b"\x1b",
                    b"\t",
                    b"- ",
                    b": ",
                    b"'",
                    b'"',
                    b"\xff",
                    b"45 mcg MK-7",
                    b"\n",
                    b"{",
                    b"}",
                    b"<<: *a\n",
                ]
            ),
            max_size=25,
        ).map(b"".join),
    ),
    output_format=LINT_FORMAT,
)
def test_lint_bytes_fuzz(data: bytes, output_format: str) -> None:
    _run_lint(data, output_format, None)


def _run_lint(data: bytes, output_format: str, fix: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.yaml"
        path.write_bytes(data)
        args = ["lint", str(path), "--format", output_format, "--isolated"]
        code, stdout, _ = run([*args, fix] if fix else args)
    if fix != "--diff" and (code != 2 or stdout):  # exit 2 may be a message alone (a file that is not UTF-8)
        assert_machine_output(output_format, stdout)
