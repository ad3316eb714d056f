"""`kcheck lint`: the catalogue reader, the rules, suppressions, --fix, config and the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from kcheck.catalogue import byte_position, read_catalogue
from kcheck.cli import main
from kcheck.config import ConfigError, LintConfig, find_pyproject, resolve
from kcheck.lint import FIXABLE, Edit, LintResult, Selection, apply_fixes, lint_catalogue, servings_per_day
from kcheck.lintrun import lint_paths
from kcheck.regimens import Registry
from kcheck.rules import RULES, Severity, rules_markdown

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).parent / "examples" / "catalogue"
FAIL = sorted((EXAMPLES / "fail").glob("*.yaml"))
PASS = sorted((EXAMPLES / "pass").glob("*.yaml"))
LINT_CODES = {code for code in RULES if not code.startswith("KC6")}  # every rule but the scan-only evidence checks


def lint_text(text: str, registry: Registry, selection: Selection | None = None) -> LintResult:
    return lint_catalogue(read_catalogue(text, "c.yaml"), registry, selection or Selection())


def codes(text: str, registry: Registry) -> set[str]:
    return {f.code for f in lint_text(text, registry).findings}


def catalogue(*ingredients: str, extra: str = "", warnings: str = '["Not with warfarin"]') -> str:
    lines = "".join(f"      - {line}\n" for line in ingredients)
    return (
        f"version: 1\nmarket: us\nproducts:\n  - id: p1\n    name: P\n    serving: 1 capsule\n"
        f"    ingredients:\n{lines}    warnings: {warnings}\n    source: https://example.invalid\n{extra}"
    )


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["lint", *args], env={"GITHUB_ACTIONS": "", **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- example folders


def test_one_failing_example_per_rule_code() -> None:
    assert {p.stem for p in FAIL} == LINT_CODES


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in FAIL])
def test_fail_example_reports_its_code(path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(path.parent)
    (result,) = lint_paths([path.name], registry, Selection()).results
    assert path.stem in {f.code for f in result.findings}
    for finding in result.findings:
        assert finding.location.path == path.name
        assert finding.location.line is not None and finding.location.line >= 1
        assert finding.location.column is not None and finding.location.column >= 1


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in PASS])
def test_pass_example_reports_no_error(path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(path.parent)
    (result,) = lint_paths([path.name], registry, Selection()).results
    assert [f for f in result.findings if f.severity is Severity.ERROR] == []
    assert "KC505" not in {f.code for f in result.findings}


# ---------------------------------------------------------------- positions


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        pytest.param("Vitamin K2 (as menaquinone-7) 45 mcg", "45 mcg", id="plain"),
        pytest.param("'Vitamin K2 (as menaquinone-7) 45 mcg'", "45 mcg", id="single-quoted"),
        pytest.param("'it''s K2 (as menaquinone-7) 45 mcg'", "45 mcg", id="single-quoted-escape"),
        pytest.param('"K2 \\u00b5 (as menaquinone-7) 45 mcg"', "45 mcg", id="double-quoted-escape"),
        pytest.param("Vitamin K2 (as menaquinone-7) 45 mcg   # a comment", "45 mcg", id="comment"),
        pytest.param("Vitamin K2 (as menaquinone-7) 100 µg", "µg", id="micro-sign"),
    ],
)
def test_ingredient_finding_column_points_at_the_text(line: str, needle: str, registry: Registry) -> None:
    text = catalogue(line)
    result = lint_text(text, registry)
    physical = text.splitlines()[7]
    expected = physical.index(needle) + 1
    code = "KC201" if needle == "µg" else "KC301"
    hit = next(f for f in result.findings if f.code == code)
    assert (hit.location.line, hit.location.column) == (8, expected)
    assert physical[hit.location.column - 1 : hit.location.end_column - 1] == needle


def test_yaml_syntax_error_has_line_and_column(registry: Registry) -> None:
    result = lint_text("version: 1\nproducts:\n  - id: [x\n  - id: y\n", registry)
    (finding,) = result.findings
    assert finding.code == "KC504"
    assert finding.location.line is not None and finding.location.line >= 3


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        pytest.param("version: 1\nproducts:\n\t- id: a\n", (3, 1), "tabs for indentation", id="tab-indent"),
        pytest.param("a:\n  b: 1\n  \tc: 2\n", (3, 3), "tabs for indentation", id="tab-after-spaces"),
        pytest.param("version: 1\n\x0cmarket: us\n", (2, 1), "a form feed (U+000C)", id="form-feed"),
        pytest.param('name: "é"\r\nb: \x0c\r\n', (2, 4), "a form feed", id="form-feed-after-non-ascii-crlf"),
        pytest.param("a: b\x00\n", (1, 5), "a NUL character (U+0000)", id="nul"),
        pytest.param("a: \x01\n", (1, 4), "a control character (U+0001)", id="other-control"),
    ],
)
def test_yaml_errors_say_what_and_where_on_one_line(
    text: str, where: tuple[int, int], words: str, registry: Registry
) -> None:
    (finding,) = lint_text(text, registry).findings
    assert finding.code == "KC504" and (finding.location.line, finding.location.column) == where
    assert words in finding.message and "\n" not in finding.message


def test_no_unused_suppression_on_a_file_that_did_not_parse(registry: Registry) -> None:
    text = "version: 1\nmarket: us  # kcheck: ignore[KC301]\nproducts: [\n"
    assert codes(text, registry) == {"KC504"}


def test_duplicate_key_is_reported_at_the_second_key(registry: Registry) -> None:
    text = catalogue("Vitamin K2 (as menaquinone-7) 180 mcg", extra="    serving: 2 capsules\n")
    hit = next(f for f in lint_text(text, registry).findings if f.code == "KC503")
    assert (hit.location.line, hit.location.column) == (11, 5)
    assert "first at line 6" in hit.message


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param("    sorce_note: x\n", "did you mean 'source_note'", id="did-you-mean"),
        pytest.param("    servings_per_day: none\n", "must be a number from 1/365", id="spd-type"),
        pytest.param("    servings_per_day: 1e400\n", "must be a number from 1/365", id="spd-huge"),
        pytest.param("    servings_per_day: 1e999999999\n", "must be a number from 1/365", id="spd-huge-exponent"),
        pytest.param("    market: no\n", "must be one of us, eu, ca, jp", id="norway"),
        pytest.param("    claims: [{regimen: knapen-2031}]\n", "did you mean 'knapen-2013'", id="unknown-regimen"),
        pytest.param("    claims: knapen-2013\n", "must be a list", id="claims-type"),
    ],
)
def test_schema_errors(extra: str, message: str, registry: Registry) -> None:
    text = catalogue("Vitamin K2 (as menaquinone-7) 180 mcg", extra=extra)
    found = [f for f in lint_text(text, registry).findings if f.code == "KC501"]
    assert found and message in found[0].message, found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param("- a\n- b\n", "mapping", id="list-at-top"),
        pytest.param("version: 2\nproducts: []\n", "'version' must be 1", id="version"),
        pytest.param("version: 1\n", "has no 'products'", id="no-products"),
        pytest.param("version: 1\nproducts: {}\n", "must be a list", id="products-type"),
        pytest.param("version: 1\nproducts:\n  - id: x\n", "has no 'name'", id="missing-field"),
        pytest.param(
            "version: 1\nproducts:\n  - {id: x, name: n, serving: s, source: u, ingredients: [45.0]}\n",
            "not a number '45.0'",
            id="bare-number-raw-text",
        ),
        pytest.param("version: 1\nproducts:\n  - !!python/object:os.system {id: x}\n", "", id="python-tag-not-run"),
        pytest.param("version: 1\nproducts:\n  - <<: {id: x}\n", "merge keys", id="merge-key"),
    ],
)
def test_structure_errors(text: str, message: str, registry: Registry) -> None:
    found = [f for f in lint_text(text, registry).findings if f.code in ("KC501", "KC504")]
    assert found
    assert any(message in f.message for f in found), [f.message for f in found]


def test_alias_expansion_is_bounded(registry: Registry) -> None:
    lines = ["version: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    lines += ["products: [" + ", ".join(["*a8"] * 10) + "]"]
    start = time.perf_counter()
    result = lint_text("\n".join(lines) + "\n", registry)
    assert time.perf_counter() - start < 5
    assert result.findings  # unknown keys a0..a8 and products that are not mappings


def test_raw_text_keeps_trailing_zero(registry: Registry) -> None:
    result = lint_text(catalogue("Vitamin K2 (as menaquinone-7) 180.0 mcg"), registry)
    hit = next(f for f in result.findings if f.code == "KC202")
    assert "'180.0'" in hit.message


# ---------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("line", "code", "expected"),
    [
        pytest.param("Vitamin K2 (as menaquinone-7) 100 ug", "KC201", True, id="ug"),
        pytest.param("Vitamin K2 (as menaquinone-7) 100 μg", "KC201", True, id="greek-mu"),
        pytest.param("Vitamin K2 (as menaquinone-7) 100 mcg", "KC201", False, id="mcg"),
        pytest.param("Vitamin K1 (as phylloquinone) 1.50 mg", "KC202", True, id="1.50"),
        pytest.param("Vitamin K1 (as phylloquinone) 1.5 mg", "KC202", False, id="1.5"),
        pytest.param("Vitamin K1 (as phylloquinone) 1.500 mg", "KC202", False, id="thousands-like"),
        pytest.param("Vitamin K1 (as phylloquinone) 0.5 mg", "KC203", False, id="leading-zero"),
        pytest.param("Vitamin D3 (as cholecalciferol) 1000IU", "KC204", True, id="1000IU"),
        pytest.param("Vitamin K2 (as menaquinone-7) 100 mcg", "KC204", False, id="spaced"),
        pytest.param("Vitamin D3 (as cholecalciferol) 25 mcg (1,000 IU)", "KC205", False, id="mass-first"),
        pytest.param("Vitamin K2 (as menaquinone-7) 100 mcg bid", "KC206", True, id="bid"),
        pytest.param("Vitamin D3 25 mcg & Vitamin K2 (as menaquinone-7) 100 mcg", "KC207", True, id="ampersand"),
        pytest.param("Menadione sodium bisulfite 1 mg", "KC404", True, id="menadione"),
    ],
)
def test_rule_table(line: str, code: str, expected: bool, registry: Registry) -> None:
    assert (code in codes(catalogue(line), registry)) is expected


@pytest.mark.parametrize(
    ("warnings", "expected"),
    [
        pytest.param("[]", True, id="none"),
        pytest.param('["Keep out of reach of children"]', True, id="unrelated"),
        pytest.param('["Consult a doctor if you take blood thinners"]', False, id="blood-thinners"),
        pytest.param('["Not for use with Coumadin"]', False, id="coumadin"),
    ],
)
def test_anticoagulant_warning(warnings: str, expected: bool, registry: Registry) -> None:
    text = catalogue("Vitamin K2 (as menaquinone-7) 180 mcg", warnings=warnings)
    assert ("KC403" in codes(text, registry)) is expected


@pytest.mark.parametrize(
    ("line", "regimen", "expected"),
    [
        pytest.param("Vitamin K2 (as menaquinone-7) 180 mcg", "knapen-2013", False, id="delivers"),
        pytest.param("Vitamin K2 (as menaquinone-7) 100 mcg", "knapen-2013", False, id="within-2x"),
        pytest.param("Vitamin K2 (as menaquinone-7) 90 mcg", "knapen-2013", True, id="2x-below"),
        pytest.param("Vitamin K2 (as menaquinone-4) 180 mcg", "knapen-2013", True, id="other-form"),
        pytest.param("Vitamin D3 (as cholecalciferol) 25 mcg", "knapen-2013", True, id="no-vitamin-k"),
    ],
)
def test_claim_not_delivered(line: str, regimen: str, expected: bool, registry: Registry) -> None:
    text = catalogue(line, extra=f"    claims:\n      - regimen: {regimen}\n")
    assert ("KC405" in codes(text, registry)) is expected


def test_glakay_directions_give_three_servings(registry: Registry) -> None:
    text = catalogue(
        "Menatetrenone 15 mg",
        extra="    directions: Take 1 capsule three times daily\n    claims: [{regimen: glakay-label}]\n",
    )
    assert "KC405" not in codes(text, registry)


@pytest.mark.parametrize(
    ("directions", "expected"),
    [
        pytest.param("Take 1 capsule daily", Fraction(1), id="daily"),
        pytest.param("Take 1 capsule three times daily after meals", Fraction(3), id="three-times"),
        pytest.param("Take two softgels twice a day", Fraction(4), id="two-twice"),
        pytest.param("As directed by your physician", None, id="unknown"),
    ],
)
def test_servings_per_day_from_directions(directions: str, expected: Fraction | None) -> None:
    text = catalogue("Vitamin K2 (as menaquinone-7) 180 mcg", extra=f"    directions: {directions}\n")
    (product,) = read_catalogue(text, "c.yaml").products
    assert servings_per_day(product) == expected


def test_market_override_enables_market_rules(registry: Registry) -> None:
    text = catalogue("Vitamin K2 (as menaquinone-7) 200 mcg", extra="    market: ca\n")
    assert "KC308" in codes(text, registry)
    assert "KC308" not in codes(catalogue("Vitamin K2 (as menaquinone-7) 200 mcg"), registry)


# ---------------------------------------------------------------- suppression and selection


@pytest.mark.parametrize(
    ("comment", "present", "unused"),
    [
        pytest.param("# kcheck: ignore[KC301]", False, None, id="used"),
        pytest.param("# kcheck: ignore[KC301, KC999]", False, "'KC999' is not a kcheck rule code", id="unknown"),
        pytest.param("# kcheck: ignore[KC401]", True, "suppresses nothing", id="unused"),
        pytest.param("# kcheck: ignore", False, None, id="bare"),
    ],
)
def test_inline_suppression(comment: str, present: bool, unused: str | None, registry: Registry) -> None:
    result = lint_text(catalogue(f"Vitamin K2 (as menaquinone-7) 45 mcg  {comment}"), registry)
    found = {f.code for f in result.findings}
    assert ("KC301" in found) is present
    kc505 = [f for f in result.findings if f.code == "KC505"]
    assert (unused is None) == (not kc505)
    if unused:
        assert unused in kc505[0].message
        assert kc505[0].location.line == 8


def test_hash_inside_quotes_is_not_a_suppression(registry: Registry) -> None:
    result = lint_text(catalogue("'Vitamin K2 (as menaquinone-7) 45 mcg # kcheck: ignore[KC301]'"), registry)
    assert "KC301" in {f.code for f in result.findings}


@pytest.mark.parametrize(
    ("select", "ignore", "code", "allowed"),
    [
        pytest.param((), (), "KC301", True, id="default-all"),
        pytest.param(("KC2",), (), "KC301", False, id="select-prefix"),
        pytest.param(("KC2",), (), "KC204", True, id="select-prefix-hit"),
        pytest.param((), ("KC3",), "KC301", False, id="ignore-prefix"),
        pytest.param(("KC301",), ("KC3",), "KC301", True, id="longer-select-wins"),
        pytest.param(("KC3",), ("KC301",), "KC301", False, id="longer-ignore-wins"),
    ],
)
def test_selection(select: tuple[str, ...], ignore: tuple[str, ...], code: str, allowed: bool) -> None:
    assert Selection(select, ignore).allows(code) is allowed


# ---------------------------------------------------------------- --fix


FIXME = """\
# products to fix; this comment must survive
version: 1
market: us
products:
  - id: fixme   # id comment
    name: Fix me
    serving: 1 capsule
    ingredients:
      - Vitamin K2 (as menaquinone-7) 100µg   # two fixes on one line
      - 'Vitamin K1 (as phylloquinone) .5 mg'
      - "Vitamin D3 (as cholecalciferol) 25.0 mcg (1000IU)"
      - Vitamin K2 (as menaquinone-7) 180 ug
    warnings: ["Not with warfarin"]
    source: https://example.invalid
"""


def test_fix_round_trip(tmp_path: Path, registry: Registry) -> None:
    before = lint_text(FIXME, registry)
    assert {"KC201", "KC202", "KC203", "KC204"} <= {f.code for f in before.findings}
    text = FIXME
    for _ in range(3):  # overlapping edits wait for the next pass, as with ruff
        result = lint_text(text, registry)
        if not result.fixes:
            break
        text, applied = apply_fixes(text, result.fixes.values())
        assert applied
    after = lint_text(text, registry)
    assert not FIXABLE & {f.code for f in after.findings}
    comments = [line[line.index("#") :] for line in FIXME.splitlines() if "#" in line]
    assert comments == [line[line.index("#") :] for line in text.splitlines() if "#" in line]
    assert "100 mcg" in text and "0.5 mg" in text and "25 mcg (1000 IU)" in text and "180 mcg" in text


def test_fix_and_diff_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(FIXME, encoding="utf-8")
    code, out, _ = run(str(path), "--diff")
    assert code == 1 and "-      - Vitamin K2 (as menaquinone-7) 100µg" in out
    assert path.read_text(encoding="utf-8") == FIXME  # --diff writes nothing
    code, out, err = run(str(path), "--fix", "--select", "KC2", "--format", "json")
    fixed = path.read_text(encoding="utf-8")
    assert fixed != FIXME and "# two fixes on one line" in fixed
    assert not FIXABLE & {f["code"] for f in json.loads(out)["findings"]}
    assert "fixed" in err
    assert [p.name for p in tmp_path.iterdir()] == ["c.yaml"]  # no temp file left behind


def test_fix_keeps_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + FIXME.replace("\n", "\r\n").encode("utf-8"))
    run(str(path), "--fix", "--isolated")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == FIXME.count("\n")
    assert b"100 mcg" in data


def test_apply_fixes_skips_overlaps() -> None:
    text, applied = apply_fixes("abcdef", [Edit(1, 3, "X"), Edit(2, 4, "Y"), Edit(5, 5, " ")])
    assert (text, applied) == ("abYe f", 2)


# ---------------------------------------------------------------- config


def test_config_precedence(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.kcheck]\nfail-on = "note"\nselect = ["KC3"]\nstatistics = true\n', encoding="utf-8"
    )
    (tmp_path / "sub").mkdir()
    found = find_pyproject(tmp_path / "sub" / "c.yaml")
    assert found == tmp_path / "pyproject.toml"
    from_file = resolve({}, {}, found)
    assert (from_file.fail_on, from_file.select, from_file.statistics) == ("note", ("KC3",), True)
    from_env = resolve({}, {"KCHECK_FAIL_ON": "warning", "KCHECK_SELECT": "KC2,KC4"}, found)
    assert (from_env.fail_on, from_env.select) == ("warning", ("KC2", "KC4"))
    from_flag = resolve({"fail-on": "error"}, {"KCHECK_FAIL_ON": "warning"}, found)
    assert from_flag.fail_on == "error" and from_flag.sources["fail-on"] == "flag"
    default = resolve({}, {}, None)
    assert isinstance(default, LintConfig) and default.fail_on == "error" and default.format == "auto"


@pytest.mark.parametrize(
    ("toml", "env"),
    [
        pytest.param('[tool.kcheck]\nfail-on = "sometimes"\n', {}, id="bad-value"),
        pytest.param('[tool.kcheck]\nselekt = ["KC3"]\n', {}, id="unknown-key"),
        pytest.param("[tool.kcheck\n", {}, id="bad-toml"),
        pytest.param('[tool.kcheck]\nselect = ["KC9"]\n', {}, id="unknown-code"),
        pytest.param("", {"KCHECK_STATISTICS": "maybe"}, id="bad-env"),
    ],
)
def test_bad_config_exits_2(toml: str, env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(toml + "\n# tool.kcheck\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "pass" / "clean.yaml", tmp_path / "c.yaml")
    code, _, err = run(str(tmp_path / "c.yaml"), env=env)
    assert code == 2 and "Traceback" not in err
    with pytest.raises(ConfigError):
        resolve({}, env, find_pyproject(tmp_path / "c.yaml"))


def test_config_file_applies_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.kcheck]\nfail-on = "warning"\n', encoding="utf-8")
    shutil.copy(EXAMPLES / "fail" / "KC301.yaml", tmp_path / "c.yaml")
    assert run(str(tmp_path / "c.yaml"))[0] == 1
    assert run(str(tmp_path / "c.yaml"), "--isolated")[0] == 0
    assert run(str(tmp_path / "c.yaml"), env={"KCHECK_FAIL_ON": "error"})[0] == 0


# ---------------------------------------------------------------- CLI


def test_products_yaml_shows_kc301_for_health_tools_k2_45() -> None:
    code, out, err = run(str(ROOT / "data" / "products.yaml"), "--format", "json")
    findings = json.loads(out)["findings"]
    hits = [f for f in findings if f["code"] == "KC301" and f["subject"] == "health-tools-k2-45"]
    assert hits and "45 mg" in hits[0]["message"] and hits[0]["line"] > 1 and hits[0]["column"] > 1
    assert code == 0  # warnings only; --fail-on error is the default
    assert "findings" in err


def test_products_yaml_text_output() -> None:
    code, out, _ = run(str(ROOT / "data" / "products.yaml"), "--format", "text")
    assert code == 0
    assert any(":33:39: KC301 [warning] 45 mcg MK-7" in line for line in out.splitlines())


@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        pytest.param(["pass/clean.yaml"], 0, id="clean"),
        pytest.param(["fail/KC404.yaml"], 1, id="error"),
        pytest.param(["fail/KC301.yaml"], 0, id="warning-default"),
        pytest.param(["fail/KC301.yaml", "--fail-on", "warning"], 1, id="warning-fail-on"),
        pytest.param(["fail/KC404.yaml", "--fail-on", "never"], 0, id="never"),
        pytest.param(["fail/KC404.yaml", "--ignore", "KC404"], 0, id="ignored"),
        pytest.param(["fail/KC504.yaml"], 2, id="unparseable-yaml-could-not-lint"),
        pytest.param(["missing.yaml"], 2, id="missing-file"),
        pytest.param(["pass/clean.yaml", "--select", "KC999"], 2, id="bad-select"),
        pytest.param(["pass/clean.yaml", "--output-format", "sarif"], 2, id="bad-output-format"),
        pytest.param(["pass/clean.yaml", "--format", "xml"], 2, id="bad-format"),
        pytest.param(["pass"], 0, id="folder"),
    ],
)
def test_exit_codes(args: list[str], exit_code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    code, _, err = run(*args, "--isolated")
    assert code == exit_code, err
    assert "Traceback" not in err


def test_not_utf8_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"version: 1\nname: \xb5g\n")
    code, out, _ = run(str(path))
    assert code == 2 and "c.yaml:2:7: KC506 [error] not UTF-8: byte 0xB5 at line 2, column 7" in out


def test_not_utf8_column_counts_characters_as_an_editor_does(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"version: 1\nname: \xc3\xa9\xb5g\n")  # 'é' is two bytes, one column
    code, out, _ = run(str(path))
    assert code == 2 and "c.yaml:2:8: KC506 [error] not UTF-8: byte 0xB5 at line 2, column 8" in out


def test_format_auto_is_github_under_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    _, out, _ = run("fail/KC404.yaml", "--isolated", env={"GITHUB_ACTIONS": "true"})
    assert out.startswith("::error file=fail/KC404.yaml,line=")
    _, out, _ = run("fail/KC404.yaml", "--isolated")
    assert out.startswith("fail/KC404.yaml:")


def test_output_format_writes_several_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    code, out, _ = run(
        "fail/KC404.yaml",
        "--isolated",
        "--format",
        "github",
        "--output-format",
        f"sarif={sarif}",
        "--output-format",
        f"junit={junit}",
    )
    assert code == 1 and out.startswith("::error")
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert junit.read_text(encoding="utf-8").startswith("<?xml")


def test_statistics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    _, _, err = run("fail/KC301.yaml", "--isolated", "--statistics")
    assert any(line.split()[:2] == ["1", "KC301"] for line in err.splitlines())


def test_path_is_required() -> None:
    assert run()[0] == 2


# ---------------------------------------------------------------- rule docs


def test_rules_doc_is_generated_from_the_table() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md drifted from kcheck/rules.py: regenerate it with "
        "python -c 'from kcheck.rules import rules_markdown; print(rules_markdown(), end=\"\")' > docs/rules.md"
    )


def test_help_uris_point_at_doc_headings() -> None:
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"## {rule.code} {rule.slug}" in doc
        assert rule.help_uri.endswith(f"#{rule.code.lower()}-{rule.slug}")


# ---------------------------------------------------------------- pre-commit


def test_pre_commit_hook_definition() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "kcheck-lint" and hook["entry"] == "kcheck lint" and hook["language"] == "python"
    assert {"id", "name", "entry", "language"} <= set(hook)


def _pre_commit() -> str | None:
    """pre-commit on PATH, or beside this interpreter (a venv run as .venv/bin/python -m pytest)."""
    beside = Path(sys.executable).with_name("pre-commit")
    return shutil.which("pre-commit") or (str(beside) if beside.exists() else None)


@pytest.mark.skipif(_pre_commit() is None, reason="pre-commit is not installed (pip install '.[test]')")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs kcheck from a committed copy of this checkout and runs the hook."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]

    def commit(folder: Path) -> None:
        subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
        subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
        subprocess.run([*git, "commit", "-qm", "snapshot"], cwd=folder, check=True)

    # try-repo only sees committed and tracked files: snapshot what the wheel needs.
    source = tmp_path / "kcheck-src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, source / name)
    for name in ("kcheck", "data"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    commit(source)
    repo = tmp_path / "catalogue"
    repo.mkdir()
    shutil.copy(EXAMPLES / "fail" / "KC404.yaml", repo / "products.yaml")
    # The hook is given every YAML file, this one too; it is not a catalogue and must not be linted.
    (repo / ".pre-commit-config.yaml").write_text("repos:\n  - repo: local\n    hooks: []\n", encoding="utf-8")
    commit(repo)
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    # The pure-Python build: what the hook does is the same, and compiling would take a minute (tests/test_build.py).
    env = {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": path, "HOME": str(tmp_path), "HATCH_BUILD_NO_HOOKS": "1"}
    result = subprocess.run(
        [str(_pre_commit()), "try-repo", str(source), "kcheck-lint", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    output = result.stdout + result.stderr
    if "Could not find a version" in output or "No matching distribution" in output:
        pytest.skip("pre-commit could not install kcheck's dependencies (offline?)")
    assert result.returncode == 1, output
    assert "KC404" in result.stdout and "products.yaml:" in result.stdout
    assert "skipped .pre-commit-config.yaml: not a catalogue" in result.stdout and "KC501" not in result.stdout


@pytest.mark.parametrize(
    ("data", "index", "where"),
    [
        pytest.param(b"\xb5", 0, (1, 1), id="first-byte"),
        pytest.param(b"a: 1\nname: \xc3\xa9\xb5", 12, (2, 8), id="after-a-two-byte-character"),
        pytest.param(b"a\r\nb\r\n\xff", 6, (3, 1), id="crlf"),
        pytest.param(b"\xef\xbb\xbfa: \xff", 6, (1, 4), id="a-bom-takes-no-column"),
    ],
)
def test_byte_position_is_where_an_editor_shows_it(data: bytes, index: int, where: tuple[int, int]) -> None:
    assert byte_position(data, index) == where
