"""The human views at any width, regimens filters that explain themselves, and text that says each thing once."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kcheck.cli import main
from kcheck.regimens import Registry


def run(*args: str, columns: int = 100) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": str(columns)})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- text says each thing once


@pytest.mark.parametrize(
    ("label", "repeat"),
    [
        pytest.param("45 mg MK-4", "= 45 mg =", id="mg-restated-as-itself"),
        pytest.param("100 mg MK-7", "100 mg MK-7 (100 mg)", id="kc304-restates-the-amount"),
        pytest.param("2 g K1", "= 2 g =", id="grams-restated-as-themselves"),
    ],
)
def test_an_amount_is_not_restated_as_itself(label: str, repeat: str) -> None:
    _, out, _ = run("label", label, columns=300)
    assert label.split()[0] in out and repeat not in out


@pytest.mark.parametrize(
    ("label", "restatement"),
    [
        pytest.param("5000 IU D3", "= 125 mcg", id="iu-gains-its-mass"),
        pytest.param("1500 mcg K1", "= 1.5 mg", id="mcg-gains-the-readable-unit"),
        pytest.param("1-200 mg MK-7", "1-200 mg MK-7 (200 mg) is above", id="kc304-names-the-end-of-a-range"),
    ],
)
def test_a_different_spelling_is_still_restated(label: str, restatement: str) -> None:
    _, out, _ = run("label", label, columns=300)
    assert restatement in out


def test_a_reference_ending_in_a_period_gets_no_second_one(registry: Registry) -> None:
    references = [source.reference for source in registry.sources.values()]
    assert any("Eisai Co., Ltd." in reference for reference in references)
    assert not [reference for reference in references if ".." in reference]


# ---------------------------------------------------------------- regimens filters that talk


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        pytest.param("mk7", {"MK-7"}, id="alias-lower-case-no-hyphen"),
        pytest.param("MK7", {"MK-7"}, id="alias-as-labels-write-it"),
        pytest.param("Menaquinone-7", {"MK-7"}, id="chemical-name"),
        pytest.param("menatetrenone", {"MK-4"}, id="drug-name"),
        pytest.param("phytonadione", {"K1"}, id="k1-synonym"),
        pytest.param("k2", {"MK-4", "MK-7"}, id="general-form-takes-its-specific-forms"),
        pytest.param("K", {"MK-4", "MK-7", "K1"}, id="code-without-alias"),
    ],
)
def test_regimens_form_accepts_what_labels_say(name: str, forms: set[str]) -> None:
    code, out, _ = run("regimens", "--form", name, "--format", "json")
    assert code == 0 and {regimen["form"] for regimen in json.loads(out)} == forms


def test_every_alias_the_grammar_reads_is_a_form_filter(registry: Registry) -> None:
    for code, form in registry.forms.forms.items():
        for alias in form.aliases:
            assert registry.forms.named(alias.upper()) == code, alias


@pytest.mark.parametrize(
    ("args", "why"),
    [
        pytest.param(("--nutrient", "vitamin_d"), "no studied regimen of vitamin D", id="nutrient"),
        pytest.param(("--form", "K3"), "no studied regimen of K3", id="form"),
    ],
)
def test_a_filter_that_matches_nothing_says_why(args: tuple[str, ...], why: str) -> None:
    code, out, _ = run("regimens", *args)
    assert code == 0 and why in out and "K1, MK-4, MK-7" in out
    code, out, err = run("regimens", *args, "--format", "json")
    assert code == 0 and json.loads(out) == [] and why in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(("--form", "K3", "--nutrient", "vitamin_d"), "a form of vitamin K, not of vitamin D", id="k-as-d"),
        pytest.param(("--form", "d3", "--nutrient", "vitamin_k"), "a form of vitamin D, not of vitamin K", id="d-as-k"),
        pytest.param(("--form", "MK-9"), "no form has that name", id="unknown"),
    ],
)
def test_contradictory_or_unknown_filters_are_usage_errors(args: tuple[str, ...], words: str) -> None:
    code, out, err = run("regimens", *args)
    assert code == 2 and words in err and not out
