"""The Python API: check_label and check_rows agree with the CLI, settings are the CLI's, one error type."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import kcheck
from kcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "settings", "flags"),
    [
        pytest.param("45 mcg MK-7", {}, [], id="plain"),
        pytest.param("45 mg MK-7", {"market": "us"}, ["--market", "us"], id="market"),
        pytest.param("1,5 mg K1", {"decimal_comma": True}, ["--decimal-comma"], id="decimal-comma"),
        pytest.param("100 mcg MK-7", {"servings_per_day": "3/7"}, ["--servings-per-day", "3/7"], id="spd-text"),
        pytest.param("100 mcg MK-7", {"servings_per_day": 2}, ["--servings-per-day", "2"], id="spd-int"),
        pytest.param("Vitamin D3 2000 IU", {"age": 1.5}, ["--age", "1.5"], id="age-float"),
        pytest.param("see label", {}, [], id="unreadable"),
        pytest.param("1,5 mg K1", {}, [], id="ambiguous"),
    ],
)
def test_to_dict_is_the_label_json_document(text: str, settings: dict[str, Any], flags: list[str]) -> None:
    result = CliRunner().invoke(main, ["label", text, "--format", "json", *flags])
    checked = kcheck.check_label(text, **settings)
    assert checked.to_dict() == json.loads(result.output)
    assert checked.to_json() == result.output
    assert checked.status == json.loads(result.output)["status"]


def test_check_rows_yields_check_label_results_in_order() -> None:
    texts = ["45 mcg MK-7", "see label", "45 mcg MK-7", "Vitamin D3 2000 IU", "1,5 mg K1"]
    rows = list(kcheck.check_rows(iter(texts), market="eu"))
    assert [r.text for r in rows] == texts
    assert [r.to_dict() for r in rows] == [kcheck.check_label(t, market="eu").to_dict() for t in texts]


def test_threads_checking_at_once_get_what_one_thread_gets() -> None:
    """A pipeline may call the API from several threads (a threaded Dask scheduler): they share one memo."""
    from concurrent.futures import ThreadPoolExecutor

    batches = [[f"MK-7 {n + i % 13} mcg" for i in range(150)] for n in range(4)]
    alone = [[r.to_json() for r in kcheck.check_rows(batch)] for batch in batches]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda batch: [r.to_json() for r in kcheck.check_rows(batch)], batches))
        single = list(pool.map(lambda text: kcheck.check_label(text).to_json(), batches[0]))
    assert together == alone and single == alone[0]


def test_results_are_frozen() -> None:
    checked = kcheck.check_label("45 mcg MK-7")
    with pytest.raises(dataclasses.FrozenInstanceError):
        checked.check = None  # type: ignore[misc]


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        pytest.param({"market": "uk"}, "market 'uk' is not one of us, eu, ca, jp", id="market"),
        pytest.param({"servings_per_day": 0}, "servings_per_day: '0' is out of range", id="spd-zero"),
        pytest.param({"servings_per_day": "two"}, "servings_per_day: 'two' is not a number", id="spd-word"),
        pytest.param({"servings_per_day": True}, "servings_per_day must be a number", id="spd-bool"),
        pytest.param({"age": 121}, "age: '121' is not an age from 0 to 120", id="age"),
        pytest.param({"decimal_comma": "yes"}, "decimal_comma must be True or False", id="decimal-comma"),
        pytest.param({"servings": 2}, "unknown setting servings", id="unknown"),
    ],
)
def test_bad_settings_raise_argument_error(settings: dict[str, Any], says: str) -> None:
    with pytest.raises(kcheck.ArgumentError, match=re.escape(says)):
        kcheck.check_label("45 mcg MK-7", **settings)
    with pytest.raises(kcheck.ArgumentError, match=re.escape(says)):
        next(kcheck.check_rows(["45 mcg MK-7"], **settings))


def test_the_error_is_a_value_error_and_a_kcheck_error() -> None:
    with pytest.raises(kcheck.ArgumentError, match="a label must be a string, not float nan"):
        kcheck.check_label(float("nan"))  # type: ignore[arg-type]
    assert issubclass(kcheck.ArgumentError, ValueError)
    assert issubclass(kcheck.ArgumentError, kcheck.KcheckError)


def test_a_float_setting_is_read_by_its_shortest_repr() -> None:
    checked = kcheck.check_label("100 mcg MK-7", servings_per_day=0.1)
    assert checked.ingredients[0].servings_per_day == Fraction(1, 10)


def test_api_attributes_load_lazily_and_light() -> None:
    """Every exported name resolves, and none of them imports pint, rich or PyYAML with the data cached."""
    code = (
        "import sys, kcheck; [getattr(kcheck, n) for n in kcheck.__all__]; kcheck.check_label('45 mcg MK-7');"
        "print(sorted({'pint', 'rich', 'yaml'} & set(sys.modules)))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # warms the data cache
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        kcheck.nothing  # noqa: B018


def test_py_typed_ships() -> None:
    assert (ROOT / "kcheck" / "py.typed").is_file()


def test_the_readme_pandas_example_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- ci:python-api -->\n```python\n(.*?)```", readme, re.DOTALL)
    assert len(blocks) == 1 and "pd.DataFrame" in blocks[0]
    exec(compile(blocks[0], "README.md", "exec"), {})
