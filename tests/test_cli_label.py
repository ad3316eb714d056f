"""`kcheck label` and `kcheck regimens` as a user runs them: output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kcheck import __version__
from kcheck.cli import main
from tests.cli_checks import assert_golden

GOLDEN = Path(__file__).parent / "golden"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "100", **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("text", "exit_code", "must_show"),
    [
        pytest.param(
            "45mcg MK-7",
            0,
            ["KC301", "KC303", "KC307", "Knapen 2013", "1,000×", "45 mg/day", "69.3 nmol"],
            id="the-trap",
        ),
        pytest.param("45 mg MK-7", 1, ["KC304", "Did you mean 45 mcg?"], id="unit-typo-fails"),
        pytest.param("1,5 mg K1", 1, ["AMBIGUOUS", "1.5 mg", "15 mg", "KC102"], id="ambiguous-fails"),
        pytest.param(
            "5000 IU D3 + 100 mcg MK-7",
            0,
            ["5,000 IU vitamin D3", "= 125 mcg", "100 mcg vitamin K2"],
            id="two-ingredients",
        ),
        pytest.param("hello", 2, ["unreadable", "^^^^^"], id="unreadable-exits-2"),
    ],
)
def test_label_text(text: str, exit_code: int, must_show: list[str]) -> None:
    code, out, _ = run("label", text)
    assert code == exit_code
    for piece in must_show:
        assert piece in out


def test_label_json_schema() -> None:
    code, out, _ = run("label", "45mcg MK-7", "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert document["input"] == "45mcg MK-7" and document["status"] == "ok"
    (ingredient,) = document["ingredients"]
    assert {k: ingredient[k] for k in ("nutrient", "form", "amount_ug", "per", "daily_ug", "ambiguous")} == {
        "nutrient": "vitamin_k",
        "form": "MK-7",
        "amount_ug": 45,
        "per": "serving",
        "daily_ug": 45,
        "ambiguous": False,
    }
    assert ingredient["amount"] == {"value": 45, "unit": "mcg", "text": "45 mcg"}
    assert ingredient["span"] == [0, 5]
    assert {"KC301", "KC303", "KC307"} <= {f["code"] for f in document["findings"]}
    assert any(c["regimen"] == "knapen-2013" for c in document["comparisons"])


def test_json_has_no_float_noise() -> None:
    _, out, _ = run("label", "1.0011 mg K1", "--format", "json")
    assert json.loads(out)["ingredients"][0]["amount_ug"] == 1001.1
    assert "0000000" not in out and "9999999" not in out


def test_ambiguous_json_lists_candidates() -> None:
    code, out, _ = run("label", "1,5 mg K1", "--format", "json")
    document = json.loads(out)
    assert code == 1 and document["status"] == "ambiguous"
    assert [c["amount_ug"] for c in document["ingredients"][0]["candidates"]] == [1500, 15000]


@pytest.mark.parametrize(
    ("args", "name"),
    [
        pytest.param(("label", "45mcg MK-7", "--format", "json"), "label.json", id="json"),
        pytest.param(("label", "45mcg MK-7"), "label.txt", id="text"),
    ],
)
def test_golden(args: tuple[str, ...], name: str, update_golden: bool) -> None:
    _, out, _ = run(*args)
    assert_golden(GOLDEN / name, out, update_golden)


def test_deterministic() -> None:
    assert run("label", "5000 IU D3 + 100 mcg MK-7", "--format", "json") == run(
        "label", "5000 IU D3 + 100 mcg MK-7", "--format", "json"
    )


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("label",), id="missing-text"),
        pytest.param(("label", "45 mcg MK-7", "--market", "mars"), id="bad-market"),
        pytest.param(("label", "45 mcg MK-7", "--servings-per-day", "zero"), id="bad-servings"),
        pytest.param(("label", "45 mcg MK-7", "--servings-per-day", "0"), id="zero-servings"),
        pytest.param(("regimens", "--form", "MK-9"), id="unknown-form"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    code, _, err = run(*args)
    assert code == 2 and "Error" in err and "Traceback" not in err


def test_servings_per_day_changes_the_daily_amount() -> None:
    _, out, _ = run("label", "45 mcg MK-7", "--servings-per-day", "4", "--format", "json")
    assert json.loads(out)["ingredients"][0]["daily_ug"] == 180


def test_regimens_lists_citations() -> None:
    code, out, _ = run("regimens", "--form", "MK-7", "--format", "json")
    document = json.loads(out)
    regimens = document["regimens"]
    assert document["schema"] == "urn:kcheck:regimens:1" and document["data"].startswith("sha256:")
    assert code == 0 and {r["form"] for r in regimens} == {"MK-7"}
    knapen = next(r for r in regimens if r["id"] == "knapen-2013")
    assert knapen["daily"] == "180 mcg" and "PMID 23525894" in knapen["citations"][0]["reference"]
    code, out, _ = run("regimens", "--nutrient", "vitamin_k")
    assert code == 0 and "glakay-label" in out and "Inoue" in out


def test_no_color_and_plain_when_piped() -> None:
    _, out, _ = run("label", "45 mg MK-7", env={"NO_COLOR": "1"})
    assert "\x1b[" not in out


def _imports(*args: str) -> set[str]:
    code = (
        "import sys, runpy; sys.argv = ['kcheck', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('kcheck', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print(','.join(sorted(sys.modules)), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    return set(result.stderr.strip().splitlines()[-1].split(","))


@pytest.mark.parametrize("args", [pytest.param(("--help",), id="help"), pytest.param(("--version",), id="version")])
def test_help_and_version_do_not_import_pint_rich_or_the_reader(args: tuple[str, ...]) -> None:
    modules = _imports(*args)
    assert "pint" not in modules and "rich" not in modules and "yaml" not in modules
    assert "kcheck.label" not in modules and "kcheck.report" not in modules


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_cli_markets_match_the_data_registry() -> None:
    from kcheck import cli
    from kcheck.regimens import MARKETS

    assert cli.MARKETS == MARKETS


def test_a_warm_start_imports_neither_pint_nor_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsed data and pint's unit factors are cached: the second `kcheck label` needs neither library."""
    monkeypatch.setenv("KCHECK_CACHE_DIR", str(tmp_path))
    cold = _imports("label", "45mcg MK-7", "--format", "json")
    assert "pint" in cold and "yaml" in cold
    warm = _imports("label", "45mcg MK-7", "--format", "json")
    assert "pint" not in warm and "yaml" not in warm
    (cached,) = tmp_path.glob("units.*.json")
    cached.write_text("[[1, 2]]")  # malformed: rebuilt from pint, never trusted
    assert "pint" in _imports("label", "45mcg MK-7", "--format", "json")
    assert "pint" not in _imports("label", "45mcg MK-7", "--format", "json")


@pytest.mark.parametrize("text", [pytest.param("- 45 mcg MK-7", id="bullet"), pytest.param("-45 mcg MK-7", id="minus")])
def test_a_label_that_starts_with_a_dash_is_told_how_to_pass_it(text: str) -> None:
    """Click reads '- 45 mcg MK-7' as an option: the usage error (exit 2) says to put it after '--', which reads it."""
    code, _, err = run("label", text)
    assert code == 2 and "goes after '--'" in err
    code, out, _ = run("label", "--", text)
    assert code in (0, 1) and "MK-7" in out


def test_a_mistyped_option_gets_no_label_hint() -> None:
    code, _, err = run("label", "--fromat", "json", "45 mcg MK-7")
    assert code == 2 and "No such option" in err and "goes after" not in err
