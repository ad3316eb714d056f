"""The human views at any width, regimens filters that explain themselves, and text that says each thing once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_checks import invoke

from kcheck.regimens import Registry
from kcheck.render.wrap import wrap
from tests.cli_checks import assert_golden


def run(*args: str, columns: int = 100) -> tuple[int, str, str]:
    result = invoke(list(args), env={"COLUMNS": str(columns)})
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
    ("label", "said"),
    [
        # a different spelling is still restated
        pytest.param("5000 IU D3", "= 125 mcg", id="iu-gains-its-mass"),
        pytest.param("1500 mcg K1", "= 1.5 mg", id="mcg-gains-the-readable-unit"),
        pytest.param("1-200 mg MK-7", "1-200 mg MK-7 (200 mg) is above", id="kc304-names-the-end-of-a-range"),
        # a bounded amount is never shown as a plain dose: the bound is on the reading line itself, not only on the
        # ladder (which a label with no regimen lacks)
        pytest.param("up to 100 µg vitamin D daily", "[1] up to 100 mcg vitamin D", id="ceiling-per-day"),
        pytest.param("at least 45 mcg MK-7", "[1] at least 45 mcg vitamin K2", id="floor-per-serving"),
        pytest.param("about 1000 IU D3 daily", "[1] about 1,000 IU vitamin D3", id="estimate"),
        pytest.param("less than 2 mg K1 per tablet", "-> less than 2 mg/day", id="daily-arrow"),
        # the status line never says every amount was read when one was not
        pytest.param("MK7100 mcg and D3 25 mcg", "ok (not every amount or name was read: see KC108)", id="unread"),
        pytest.param("D3 25 mcg", "read: ok (every amount was read)", id="all-read"),
    ],
)
def test_the_label_view_says(label: str, said: str) -> None:
    _, out, _ = run("label", label, columns=300)
    assert said in out


@pytest.mark.parametrize(
    ("label", "daily"),
    [
        pytest.param("15〜45 mg MK-4", "-> 15 mg to 45 mg/day", id="amount-range"),
        pytest.param("MK-7 100 mcg 2-3 times daily", "-> 200 mcg to 300 mcg/day", id="doses-range"),
    ],
)
def test_a_range_shows_both_ends_of_its_daily_amount(label: str, daily: str) -> None:
    _, out, _ = run("label", label, columns=300)
    assert daily in out  # the reading line
    assert f"^ label {daily.removeprefix('-> ')}" in out  # the ladder's rung


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
    assert code == 0 and {regimen["form"] for regimen in json.loads(out)["regimens"]} == forms


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
    assert code == 0 and json.loads(out)["regimens"] == [] and why in err


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


# ---------------------------------------------------------------- a layout for every width

WIDTHS = (40, 60, 80, 120)
GOLDEN = Path(__file__).parent / "golden"
URL = re.compile(r"https?://")
VIEWS = {
    "label": ("label", "45mcg MK-7"),
    "regimens": ("regimens",),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", VIEWS)
def test_golden_at_width(view: str, width: int, update_golden: bool) -> None:
    _, out, _ = run(*VIEWS[view], columns=width)
    assert_golden(GOLDEN / f"{view}.w{width}.txt", out, update_golden)


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.w*.txt")), ids=lambda path: path.name)
def test_golden_lines_fit_their_width(path: Path) -> None:
    width = int(path.name.split(".w")[1].split(".")[0])
    wide = [line for line in path.read_text(encoding="utf-8").splitlines() if len(line) > width]
    assert [line for line in wide if not URL.search(line)] == []


def test_every_width_has_a_golden() -> None:
    assert {path.name for path in GOLDEN.glob("*.w*.txt")} == {f"{v}.w{w}.txt" for v in VIEWS for w in WIDTHS}


LONG_UNREADABLE = "a long text with no dose in it at all, really none, just words and words and then 45 zz more"
LABELS = ("45mcg MK-7", "5000 IU D3 + 100 mcg MK-7", "1,5 mg K1", "45 mg MK-4", "hello", LONG_UNREADABLE)


@pytest.mark.parametrize("width", range(40, 201, 7))
def test_no_line_wider_than_the_terminal(width: int) -> None:
    for args in [("regimens",), *(("label", text) for text in LABELS)]:
        _, out, _ = run(*args, columns=width)
        wide = [line for line in out.splitlines() if len(line) > width and not URL.search(line)]
        assert wide == [], (args, width)


def test_regimens_never_break_a_word_or_a_doi(registry: Registry) -> None:
    _, wide, _ = run("regimens", columns=1000)
    for width in WIDTHS:
        _, out, _ = run("regimens", columns=width)
        assert out.split() == wide.split(), width
        lines = out.splitlines()
        cited = {registry.sources[i] for regimen in registry.regimens for i in regimen.citations}
        dois = [f"doi:{source.doi}" for source in cited if source.doi]
        assert dois and all(any(doi in line for line in lines) for doi in dois), width


def _paragraph(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width", WIDTHS)
def test_label_view_shows_every_study_whole_at_every_width(width: int, registry: Registry) -> None:
    _, out, _ = run("label", "45mcg MK-7", columns=width)
    lines = out.splitlines()
    header = next((line for line in lines if "what it found" in line), None)
    if header is None:
        flowing = _paragraph(out)
    else:  # the table: read each column down, as a person does
        study, found = header.index("study"), header.index("what it found")
        flowing = _paragraph(" ".join(line[study:found] for line in lines) + " ".join(line[found:] for line in lines))
    for regimen in registry.regimens_by_nutrient["vitamin_k"]:
        for part in (regimen.outcome, regimen.caveat, f"Design: {regimen.design}", registry.regimen_name(regimen, "†")):
            assert _paragraph(part) in flowing, (regimen.id, width)
    assert len(out.splitlines()) < 400


def test_narrow_label_view_stacks_and_wide_one_is_a_table() -> None:
    _, narrow, _ = run("label", "45mcg MK-7", columns=80)
    _, wide, _ = run("label", "45mcg MK-7", columns=120)
    assert "what it found" not in narrow and "180 mcg MK-7: 4× the label's daily amount" in narrow
    assert "what it found" in wide


@pytest.mark.parametrize("width", WIDTHS)
def test_a_number_stays_with_its_unit_and_findings_hang(width: int) -> None:
    _, out, _ = run("label", "45mcg MK-7", columns=width)
    assert not re.search(r"\d\n *(?:%|mcg|mg|IU|nmol)\b", out)
    findings = out.split("\nFindings\n")[1].splitlines()
    assert findings[0].startswith("  KC") and len(findings) > 4
    assert all(line.startswith(("  KC", "    ")) for line in findings)


@pytest.mark.parametrize("width", range(40, 161, 3))
def test_ladder_labels_never_touch_and_sit_on_their_ticks(width: int) -> None:
    _, out, _ = run("label", "45mcg MK-7", columns=width)
    lines = out.splitlines()
    at = lines.index("    Daily dose ladder (log scale)")
    header, rule = lines[at + 1], lines[at + 2]
    labels = re.split(r" {2,}", header.strip())
    assert len(labels) >= 3 and set(labels) <= {"1 mcg", "10 mcg", "100 mcg", "1 mg", "10 mg", "100 mg", "1 g"}
    for found in re.finditer(r"\S+(?: \S+)?", header):
        assert rule[found.start()] == "|", (width, found.group())


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_lint_text_is_one_line_per_finding_at_any_width(width: int, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text((Path(__file__).parent / "golden" / "lint.input.yaml").read_text(encoding="utf-8"), "utf-8")
    result = invoke(["lint", str(path), "--isolated"], env={"COLUMNS": str(width)})
    lines = result.stdout.splitlines()
    assert lines and all(re.match(rf"{re.escape(str(path))}:\d+:\d+: KC\d{{3}} \[", line) for line in lines)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        pytest.param("rose by ~20 %.", 12, ["rose by", "~20 %."], id="percent-stays-with-its-number"),
        pytest.param("hip -0.69 % vs -0.88 %).", 10, ["hip", "-0.69 % vs", "-0.88 %)."], id="signed-percent"),
        pytest.param("take 45 mcg/day now", 12, ["take", "45 mcg/day", "now"], id="unit-per-day"),
        pytest.param("trial n = 4,378 in all", 10, ["trial", "n = 4,378", "in all"], id="equals-joins"),
        pytest.param("a doi:10.1007/s00198-019-04949-0 b", 20, ["a", "doi:10.1007/s00198-019-04949-0", "b"], id="doi"),
        pytest.param("one two three four", 11, ["- one two", "  three", "  four"], id="hanging-indent"),
    ],
)
def test_wrap(text: str, width: int, lines: list[str]) -> None:
    first = "- " if lines[0].startswith("- ") else ""
    assert wrap(text, width, first) == lines


@pytest.mark.parametrize("width", [40, 60, 100])
def test_carets_stay_under_the_span_at_any_width(width: int) -> None:
    _, out, _ = run("label", LONG_UNREADABLE, columns=width)
    text, carets = out.splitlines()[-2:]
    start = carets.index("^")
    assert text[start : start + len(carets.strip())] == "45"


def test_the_label_line_keeps_the_spacing_typed() -> None:
    _, out, _ = run("label", "45  mcg   MK-7")
    assert out.startswith("Label: 45  mcg   MK-7\n")
