"""Hostile input: every case a new user hit ends in exit 0, 1 or 2 with a clear message, never a traceback."""

from __future__ import annotations

import codecs
import importlib.util
import json
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from cli_checks import assert_machine_output, invoke

import kcheck.config
from kcheck import data as kdata
from kcheck import units
from kcheck.amounts import to_micrograms
from kcheck.engine import check_text
from kcheck.limits import LABEL_MAX_CHARS, label_cut, long_number, parse_servings
from kcheck.regimens import Registry
from kcheck.render._escape import json_safe, visible

CATALOGUE = """\
version: 1
market: us
products:
  - id: {pid}
    name: Example
    serving: 1 capsule
    ingredients:
      - {line}
    warnings: ["Consult your doctor if you take anticoagulants such as warfarin"]
    source: https://example.invalid/x
"""


# ---------------------------------------------------------------- the inputs listed under "Why"


@pytest.mark.parametrize("period", ["days", "weeks", "months", "day"])
@pytest.mark.parametrize("output_format", ["text", "json"])
def test_every_zero_period_is_kc112(period: str, output_format: str) -> None:
    result = invoke(["label", "--format", output_format, f"15 mg MK-4 every 0 {period}"])
    assert result.exit_code == 1
    assert "KC112" in result.stdout
    if output_format == "json":
        document = json.loads(result.stdout)
        (finding,) = [f for f in document["findings"] if f["code"] == "KC112"]
        assert document["input"][slice(*finding["span"])] == f"every 0 {period}"
        assert document["ingredients"][0]["doses_per_day"] is None


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        pytest.param("45 mcg MK-7 0 times daily", "0 times daily", id="zero-times"),
        pytest.param("45 mcg MK-7 1000 times daily", "1000 times daily", id="thousand-times"),
        pytest.param("45 mcg MK-7 every 400 days", "every 400 days", id="rarer-than-yearly"),
        pytest.param("take 1000 capsules daily 45 mcg MK-7", "1000 capsules daily", id="absurd-count"),
    ],
)
def test_absurd_frequencies_are_kc112(registry: Registry, text: str, quoted: str) -> None:
    check = check_text(text, registry)
    (finding,) = [f for f in check.findings if f.code == "KC112"]
    assert f"'{quoted}'" in finding.message
    assert check.ingredients[0].ingredient.doses_per_day is None


def test_yearly_and_hourly_doses_are_in_range(registry: Registry) -> None:
    for text in ("45 mcg MK-7 every 12 months", "45 mcg MK-7 24 times daily"):
        assert "KC112" not in {f.code for f in check_text(text, registry).findings}, text


@pytest.mark.parametrize("value", ["1e-400", "1e400", "0", "-2", "1/0", "nan", "inf", "1e999999999", "two", "1" * 30])
@pytest.mark.parametrize("output_format", ["text", "json"])
def test_servings_per_day_out_of_range_is_a_usage_error(value: str, output_format: str) -> None:
    result = invoke(["label", "--format", output_format, "--servings-per-day", value, "45 mcg MK-7"])
    assert result.exit_code == 2
    assert "--servings-per-day" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("value", ["1e999999999", "1e400", "121", "-1", "1/0", "nan"])
def test_age_out_of_range_is_a_usage_error(value: str) -> None:
    result = invoke(["label", "--age", value, "45 mcg MK-7"])
    assert result.exit_code == 2
    assert "--age" in result.stderr


@pytest.mark.parametrize(("value", "expected"), [("2", 2), ("0.5", 0.5), ("3/7", 3 / 7), (".5", 0.5), ("1e1", 10)])
def test_servings_per_day_in_range_is_read(value: str, expected: float) -> None:
    assert float(parse_servings(value)) == pytest.approx(expected)
    assert invoke(["label", "--servings-per-day", value, "45 mcg MK-7"]).exit_code == 0


def test_batch_servings_column_out_of_range_is_an_unreadable_row(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("label,servings per day\n45 mcg MK-7,1e400\n45 mcg MK-7,2\n45 mcg MK-7,1e-400\n", encoding="utf-8")
    result = invoke(["batch", str(path), "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["status"] for row in rows] == ["unreadable", "ok", "unreadable"]
    assert "out of range" in rows[0]["findings"][0]["message"]


def _utf16be_without_bom(tmp_path: Path) -> Path:
    path = tmp_path / "u16be.csv"
    path.write_bytes("label\n45 mcg MK-7\n".encode("utf-16-be"))
    return path


def test_utf16_without_bom_names_file_and_line(tmp_path: Path) -> None:
    path = _utf16be_without_bom(tmp_path)
    result = invoke(["batch", str(path), "--encoding", "utf-16"])
    assert result.exit_code == 2
    assert f"{path}:1:" in result.stderr
    assert "utf-16-le or utf-16-be" in result.stderr
    assert invoke(["batch", str(path), "--encoding", "utf-16-be"]).exit_code == 0


@pytest.mark.parametrize("encoding", ["rot13", "base64", "zlib", "hex", "no-such-codec"])
def test_encoding_must_be_a_text_codec(tmp_path: Path, encoding: str) -> None:
    result = invoke(["batch", str(_utf16be_without_bom(tmp_path)), "--encoding", encoding])
    assert result.exit_code == 2
    assert "--encoding" in result.stderr


def test_a_codec_error_other_than_decoding_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "idna.csv"
    path.write_text("label\n" + "a" * 100 + "\n", encoding="ascii")
    result = invoke(["batch", str(path), "--encoding", "idna"])
    assert result.exit_code in (1, 2)
    if result.exit_code == 2:
        assert f"{path}:" in result.stderr


def test_config_reads_toml_with_tomli_when_tomllib_is_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Python 3.10 has no tomllib: the config module falls back to tomli (a dependency there)."""
    pytest.importorskip("tomli")
    monkeypatch.setitem(sys.modules, "tomllib", None)  # import tomllib now raises ModuleNotFoundError
    # A fresh copy of the module, so the classes other tests imported (ConfigError) stay the same objects.
    spec = importlib.util.spec_from_file_location("kcheck_config_without_tomllib", kcheck.config.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    assert module.tomllib.__name__ == "tomli"
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.kcheck]\nfail-on = "warning"\n', encoding="utf-8")
    assert module.resolve({}, {}, pyproject).fail_on == "warning"
    with pytest.raises(module.ConfigError, match="invalid TOML"):
        pyproject.write_text("[tool.kcheck\n", encoding="utf-8")
        module.resolve({}, {}, pyproject)


# ---------------------------------------------------------------- caches that heal


CORRUPTIONS: dict[str, Callable[[str], str]] = {
    "null": lambda text: "null",
    "empty-object": lambda text: "{}",
    "empty-list": lambda text: "[]",
    "truncated": lambda text: text[: len(text) // 2],
    "wrong-version": lambda text: text.replace('"version": 2', '"version": 1', 1),
    "wrong-shape": lambda text: '{"version": 2, "data": {"forms": 3, "regimens": {}, "sources": null}}',
    "not-json": lambda text: "\x00\xff garbage",
}


def _fresh_process_state() -> None:
    for function in (kdata.load_file, kdata.load_unit_factors, kdata.default_forms, kdata.default_registry):
        function.cache_clear()
    units._factors.clear()


CACHE_FILES = ("forms", "sources", "regimens", "references", "interactions", "units")


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
@pytest.mark.parametrize("corrupted", [*CACHE_FILES, "all"])
def test_every_cache_file_heals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corrupted: str, corruption: str
) -> None:
    monkeypatch.setenv("KCHECK_CACHE_DIR", str(tmp_path))
    _fresh_process_state()
    try:
        expected = json.loads(invoke(["label", "--format", "json", "45mcg MK-7"]).stdout)
        files = {path.name.split(".")[0]: path for path in tmp_path.glob("*.json")}
        assert set(files) == set(CACHE_FILES)
        for name, path in files.items():
            if corrupted in (name, "all"):
                path.write_text(CORRUPTIONS[corruption](path.read_text(encoding="utf-8")), encoding="utf-8")
        _fresh_process_state()
        result = invoke(["label", "--format", "json", "45mcg MK-7"])
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == expected
        assert ".yaml" not in result.stderr  # nothing blames a shipped file
        for path in files.values():  # rebuilt, readable again
            assert json.loads(path.read_text(encoding="utf-8"))["version"] == kdata.CACHE_VERSION
    finally:
        _fresh_process_state()


def test_a_cache_of_wrong_unit_factors_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KCHECK_CACHE_DIR", str(tmp_path))
    _fresh_process_state()
    try:
        kdata.load_unit_factors()
        (path,) = tmp_path.glob("units.*.json")
        path.write_text('{"version": 2, "data": [["mcg", "microgram", "0"]]}', encoding="utf-8")
        _fresh_process_state()
        kdata.load_unit_factors()
        assert to_micrograms(Fraction(1), "mg") == 1000
    finally:
        _fresh_process_state()


# ---------------------------------------------------------------- bounded work


def test_a_long_label_is_read_up_to_the_limit(registry: Registry) -> None:
    text = "45 mcg MK-7 " + "x" * (3 * LABEL_MAX_CHARS)
    check = check_text(text, registry)
    (finding,) = [f for f in check.findings if f.code == "KC111"]
    assert finding.span == (label_cut(text), len(text))
    assert check.input == text
    assert check.ingredients[0].ingredient.form == "MK-7"


def test_the_cut_ends_between_words() -> None:
    text = "a " * LABEL_MAX_CHARS
    cut = label_cut(text)
    assert cut is not None and cut <= LABEL_MAX_CHARS and text[cut].isspace()
    assert label_cut("x" * (LABEL_MAX_CHARS + 5)) == LABEL_MAX_CHARS
    assert label_cut("x" * LABEL_MAX_CHARS) is None


def test_a_label_with_nothing_read_before_the_cut_is_unreadable_and_says_both(registry: Registry) -> None:
    check = check_text("x" * (LABEL_MAX_CHARS + 10) + " 45 mcg MK-7", registry)
    assert check.status == "unreadable"
    assert [f.code for f in check.findings] == ["KC101", "KC111"]


@pytest.mark.parametrize(
    "number",
    [
        pytest.param("9" * 400, id="400-digits"),
        pytest.param("9" * 5000, id="5000-digits"),
        pytest.param("0." + "0" * 400 + "1", id="tiny"),
        pytest.param(",".join(["999"] * 2000), id="grouped"),
        pytest.param("９" * 20, id="full-width"),
    ],
)
@pytest.mark.parametrize("output_format", ["text", "json"])
def test_a_number_too_long_is_kc112(number: str, output_format: str) -> None:
    result = invoke(["label", "--format", output_format, f"{number} mcg MK-7"])
    assert result.exit_code == 2  # nothing could be read: kcheck could not do its job
    assert "KC112" in result.stdout


def test_long_number_spans() -> None:
    assert long_number("45 mcg MK-7 and 1,000,000 IU D3") is None
    assert long_number("x 1234567890123456 mcg") == (2, 18)


def test_a_long_cell_is_accounted_for_in_batch(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    cell = "45 mcg MK-7 " + "y" * (131_072 - 12)  # the largest cell Python's csv module reads
    path.write_text(f'id,label\nbig,"{cell}"\nsmall,45 mcg MK-7\n', encoding="utf-8")
    result = invoke(["batch", str(path), "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["big", "small"]
    assert "KC111" in {f["code"] for f in rows[0]["findings"]}


def test_a_long_catalogue_line_is_kc111(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    line = ("Vitamin K2 (as menaquinone-7) 45 mcg, " * 140_000)[: 5 * 1024 * 1024]  # a 5 MB line
    path.write_text(CATALOGUE.format(pid="p1", line=line), encoding="utf-8")
    result = invoke(["lint", str(path), "--format", "json"])
    assert "KC111" in {f["code"] for f in json.loads(result.stdout)["findings"]}


def test_directions_out_of_range_are_kc112_in_lint(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    text = CATALOGUE.format(pid="p1", line="Vitamin K2 (as MK-7) 45 mcg")
    text = text.replace("    serving: 1 capsule\n", "    serving: 1 capsule\n    directions: take 1 every 0 days\n")
    path.write_text(text, encoding="utf-8")
    findings = json.loads(invoke(["lint", str(path), "--format", "json"]).stdout)["findings"]
    (finding,) = [f for f in findings if f["code"] == "KC112"]
    assert finding["line"] == 7


# ---------------------------------------------------------------- terminal injection

ESC_OSC = "\x1b]2;PWNED\x1b\\"
CSI = "\x1b[31m"
BEL = "\x07"
RLO = "\u202e"
HOSTILE = f"{ESC_OSC}{CSI}{BEL}{RLO}\x9b"


def test_visible_escapes() -> None:
    assert visible(HOSTILE) == "\\x1b]2;PWNED\\x1b\\\\x1b[31m\\x07\\u202e\\x9b"
    assert visible("45 mcg µ × ≈ 日本") == "45 mcg µ × ≈ 日本"
    assert json_safe(json.dumps(HOSTILE, ensure_ascii=False)) == json.dumps(HOSTILE)


def test_jsonl_text_escapes_as_json_safe() -> None:
    """The jsonl writer skips json_safe's scan for printable text: no character json_safe escapes may be printable."""
    from kcheck.render.jsonl import _text

    for code in range(0x110000):
        for text in (chr(code), f"µ {chr(code)}"):
            assert _text(text) == json_safe(json.dumps(text, ensure_ascii=False)), hex(code)


LABEL_TEXT = f"45 mcg MK-7 {HOSTILE} end"


@pytest.mark.parametrize("output_format", ["text", "json"])
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(LABEL_TEXT, id="read"),
        pytest.param(f"{HOSTILE} no dose", id="unreadable"),
        pytest.param(f"1,5 mg K1 {HOSTILE}", id="ambiguous"),
        pytest.param(f"45 mcg {HOSTILE}MK-7 and 5 mg calcium{RLO}", id="others"),
    ],
)
def test_label_output_is_inert(output_format: str, text: str) -> None:
    result = invoke(["label", "--format", output_format, text])
    assert_machine_output(output_format, result.stdout)
    if output_format == "json":
        assert json.loads(result.stdout)["input"] == text  # the data survives, escaped


BATCH_FORMATS = ["table", "csv", "jsonl", "json", "github", "sarif", "junit"]


@pytest.mark.parametrize("output_format", BATCH_FORMATS)
def test_batch_output_is_inert(tmp_path: Path, output_format: str) -> None:
    path = tmp_path / f"p{RLO}\x1b[2J.csv"
    path.write_text(
        f'id,name,label\n"a{HOSTILE}","n{HOSTILE}","{LABEL_TEXT}"\nb,x,"{HOSTILE}"\nc,y,"1,5 mg K1{BEL}"\n',
        encoding="utf-8",
    )
    result = invoke(["batch", str(path), "--format", output_format])
    if output_format == "csv":
        assert HOSTILE in result.stdout  # CSV keeps the user's data as it was
        return
    assert_machine_output(output_format, result.stdout)
    assert_machine_output("stderr", result.stderr)


@pytest.mark.parametrize("output_format", ["text", "json", "jsonl", "github", "sarif", "junit"])
def test_lint_output_is_inert(tmp_path: Path, output_format: str) -> None:
    path = tmp_path / f"c{RLO}\x1b]0;t\x07.yaml"
    # YAML cannot hold a raw ESC or BEL; its double-quoted escapes \\e, \\a and \\u202e make them.
    escapes = "\\e]2;PWNED\\e\\\\\\a\\u202e\\x9b"
    text = CATALOGUE.format(pid=f'"p{escapes}"', line=f'"Vitamin K2 (as MK-7) 45 µg {escapes}"')
    text = text.replace("    serving:", f'    "k{escapes}": 1\n    serving:')
    path.write_text(text, encoding="utf-8")
    result = invoke(["lint", str(path), "--format", output_format, "--statistics"])
    assert result.exit_code == 1
    assert_machine_output(output_format, result.stdout)
    assert_machine_output("stderr", result.stderr)
    diff = invoke(["lint", str(path), "--diff"])
    assert_machine_output("diff", diff.stdout)
    assert "\\x1b" in diff.stdout


def test_errors_naming_input_are_inert(tmp_path: Path) -> None:
    for args in (
        ["batch", str(tmp_path / f"missing{HOSTILE}.csv")],
        ["lint", str(tmp_path / f"missing{HOSTILE}.yaml")],
        ["batch", str(tmp_path), "--label-column", HOSTILE],
    ):
        result = invoke(args)
        assert result.exit_code == 2
        assert_machine_output("stderr", result.stderr)


def test_yaml_syntax_error_is_inert(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(f"version: 1\nproducts: [{ESC_OSC}\n  - : :\n", encoding="utf-8")
    for output_format in ("text", "github", "junit", "sarif", "json"):
        result = invoke(["lint", str(path), "--format", output_format])
        assert result.exit_code == 2
        assert_machine_output(output_format, result.stdout)


# ---------------------------------------------------------------- only documented environment variables


def test_undocumented_variables_change_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("label\n45 mg MK-7\n", encoding="utf-8")
    target = tmp_path / "stolen.jsonl"
    plain = invoke(["batch", str(path)])
    noisy = invoke(
        ["batch", str(path)],
        env={
            "KCHECK_BATCH_OUTPUT": str(target),
            "KCHECK_BATCH_JOBS": "7",
            "KCHECK_BATCH_FORMAT": "csv",
            "KCHECK_BATCH_FAIL_ON": "never",
        },
    )
    assert (noisy.exit_code, noisy.stdout) == (plain.exit_code, plain.stdout) == (1, plain.stdout)
    assert not target.exists()
    label = invoke(["label", "45 mg MK-7"], env={"KCHECK_LABEL_FAIL_ON": "never", "KCHECK_LABEL_FORMAT": "json"})
    assert label.exit_code == 1 and not label.stdout.startswith("{")


def test_documented_lint_variables_still_apply(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(CATALOGUE.format(pid="p1", line="Vitamin K2 (as MK-7) 45 mg"), encoding="utf-8")
    assert invoke(["lint", str(path)]).exit_code == 1
    assert invoke(["lint", str(path)], env={"KCHECK_FAIL_ON": "never"}).exit_code == 0
    assert invoke(["lint", str(path)], env={"KCHECK_FORMAT": "json"}).stdout.startswith("{")


def test_readme_lists_every_variable_kcheck_reads() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    source = "".join(p.read_text(encoding="utf-8") for p in (Path(kcheck.config.__file__).parent).glob("*.py"))
    for name in (
        "KCHECK_CACHE_DIR",
        *(env for env, _ in kcheck.config.KEYS.values()),
        "NO_COLOR",
        "COLUMNS",
        "XDG_CACHE_HOME",
        "GITHUB_ACTIONS",
    ):
        assert name in source
        assert f"`{name}`" in section, name


def test_columns_is_bounded() -> None:
    for columns in ("0", "9" * 5000, "²", "-5"):
        assert invoke(["label", "45 mcg MK-7"], env={"COLUMNS": columns}).exit_code == 0


def test_surrogate_escaped_argument_is_inert() -> None:
    """An argument that was not valid UTF-8 reaches Python as lone surrogates: shown escaped."""
    text = b"45 mcg MK-7 \xff\xfe".decode("utf-8", "surrogateescape")
    for output_format in ("text", "json"):
        result = invoke(["label", "--format", output_format, text])
        assert "\\udcff" in result.stdout
        codecs.encode(result.stdout, "utf-8")
