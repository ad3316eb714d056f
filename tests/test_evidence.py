"""Evidence shown honestly: each form's own interaction evidence, market limits with their status,
the upper limit for the age, and every verification flag carried from the data to the output."""

from __future__ import annotations

import itertools
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from cli_checks import invoke

from kcheck.catalogue import read_catalogue
from kcheck.engine import Settings, check_text
from kcheck.lint import lint_catalogue
from kcheck.regimens import Registry, parse_age
from kcheck.render.json_ import label_check_document
from kcheck.render.sarif import sarif_document
from kcheck.report import Finding, Report, Subject

ROOT = Path(__file__).resolve().parent.parent


def findings(text: str, registry: Registry, **settings: object) -> dict[str, Finding]:
    check = check_text(text, registry, Settings(**settings))  # type: ignore[arg-type]
    return {f.code: f for f in check.findings}


def run(*args: str) -> tuple[int, str]:
    result = invoke(list(args))
    return result.exit_code, result.stdout + result.stderr


# ---------------------------------------------------------------- KC307: each form's own evidence


@pytest.mark.parametrize(
    ("text", "must_say", "must_not_say"),
    [
        pytest.param("1 mg K1", ["1 mg/day K1", "no studied threshold for this form"], ["10–20", "Glakay"], id="K1"),
        pytest.param("100 mcg vitamin K", ["100 mcg/day K ", "no studied threshold"], ["10–20", "Glakay"], id="K"),
        pytest.param("1 mg menadione", ["1 mg/day K3", "no studied threshold"], ["10–20", "Glakay"], id="K3"),
        pytest.param(
            "15 mg MK-4",
            ["Glakay", "contraindicated with warfarin", "no threshold was studied for lower MK-4 doses"],
            ["10–20", "no studied threshold for this form"],
            id="MK-4-any-amount",
        ),
        pytest.param(
            "45mcg MK-7",
            ["Theuwissen 2013", "Schurgers 2007", "10–20 mcg/day"],
            ["Glakay", "if MK-"],
            id="MK-7",
        ),
        pytest.param(
            "100 mcg vitamin K2",
            ["if MK-7: In healthy volunteers", "; if MK-4: Glakay"],
            ["no studied threshold for this form"],
            id="K2-gets-both",
        ),
        pytest.param("5 mcg vitamin K2", ["if MK-4: Glakay"], ["if MK-7"], id="K2-below-the-MK-7-threshold"),
    ],
)
def test_interaction_note_fits_the_form(text: str, must_say: list, must_not_say: list, registry: Registry) -> None:
    message = findings(text, registry)["KC307"].message
    for piece in must_say:
        assert piece in message
    for piece in must_not_say:
        assert piece not in message


def test_mk7_below_its_threshold_gets_no_interaction_note(registry: Registry) -> None:
    assert "KC307" not in findings("5 mcg MK-7", registry)


def test_every_vitamin_k_form_has_interaction_evidence_of_its_own_or_its_forms(registry: Registry) -> None:
    """A form nobody listed would silently get no KC307: each form is listed, or its specific forms are."""
    listed = {code for interaction in registry.interactions for code in interaction.forms}
    for form in registry.forms.forms.values():
        if form.nutrient != "vitamin_k":
            continue
        specific = {code for code in listed if code != form.code and registry.forms.is_ancestor(form.code, code)}
        assert form.code in listed or specific, form.code


# ---------------------------------------------------------------- KC306, KC308, KC309: market limits


@pytest.mark.parametrize(
    ("text", "code", "verified", "must_say"),
    [
        pytest.param("200 mcg K1", "KC308", False, ["120 mcg/day", "2005 regulation", "not verified"], id="K1"),
        pytest.param("200 mcg vitamin K2", "KC308", False, ["120 mcg/day", "not verified"], id="K2"),
        pytest.param("200 mcg MK-7", "KC308", False, ["120 mcg/day", "not verified"], id="MK-7"),
        pytest.param(
            "1 mg menadione", "KC308", False, ["prescription-only in CA at any amount", "not verified"], id="K3"
        ),
        pytest.param(
            "100 mcg vitamin K", "KC309", False, ["name the form;", "exemption covers only K1 and K2"], id="unnamed"
        ),
        pytest.param("5000 IU D3", "KC306", True, ["62.5 mcg/day"], id="vitamin-D"),
    ],
)
def test_market_limits(text: str, code: str, verified: bool, must_say: list, registry: Registry) -> None:
    found = findings(text, registry, market="ca")
    assert found[code].verified is verified
    for piece in must_say:
        assert piece in found[code].message
    assert not {"KC306", "KC308", "KC309"} - {code} & set(found)


@pytest.mark.parametrize(
    ("text", "market"),
    [
        pytest.param("100 mcg MK-7", "ca", id="within-the-k-limit"),
        pytest.param("120 mcg K1", "ca", id="at-the-k-limit"),
        pytest.param("200 mcg K1", "us", id="other-market"),
        pytest.param("100 mcg vitamin K", "us", id="unnamed-other-market"),
        pytest.param("2000 IU D3", "ca", id="within-the-d-limit"),
    ],
)
def test_no_market_finding(text: str, market: str, registry: Registry) -> None:
    assert not {"KC306", "KC308", "KC309"} & set(findings(text, registry, market=market))


# ---------------------------------------------------------------- KC305: the upper limit for the age


@pytest.mark.parametrize(
    ("text", "age", "expected"),
    [
        pytest.param("3000 IU D3", Fraction(2), "63 mcg/day for ages 1-3 y (age 2 y;", id="toddler"),
        pytest.param("3000 IU D3", Fraction(7, 2), "63 mcg/day for ages 1-3 y (age 3.5 y;", id="fraction-of-a-year"),
        pytest.param("3200 IU D3", Fraction(4), "75 mcg/day for ages 4-8 y (age 4 y;", id="fourth-birthday"),
        pytest.param("3000 IU D3", Fraction(4), None, id="at-the-4-8-limit"),
        pytest.param("3000 IU D3", Fraction(30), None, id="adult"),
        pytest.param("3000 IU D3", None, None, id="no-age"),
        pytest.param("5000 IU D3", Fraction(9), "100 mcg/day for ages ≥ 9 y, including adults (age 9 y;", id="nine"),
        pytest.param(
            "5000 IU D3",
            None,
            "100 mcg/day for ages ≥ 9 y, including adults (no age given, so the adult limit applies",
            id="no-age-says-adult",
        ),
    ],
)
def test_upper_limit_for_the_age(text: str, age: Fraction | None, expected: str | None, registry: Registry) -> None:
    found = findings(text, registry, age=age)
    if expected is None:
        assert "KC305" not in found
    else:
        assert expected in found["KC305"].message and found["KC305"].verified


def test_infant_upper_limit_is_marked_unverified(registry: Registry) -> None:
    kc305 = findings("1200 IU D3", registry, age=Fraction(1, 4))["KC305"]
    assert "ages 0-6 months" in kc305.message and "amount not verified" in kc305.message
    assert not kc305.verified and kc305.unverified == ("us-ul-vitamin-d-0-6-months: amount",)


def test_age_bands_of_each_upper_limit_cover_every_age_once(registry: Registry) -> None:
    banded = [r for r in registry.references if r.kind == "upper-limit" and r.age_from is not None]
    assert banded
    for nutrient in {r.nutrient for r in banded}:
        rows = sorted((r for r in banded if r.nutrient == nutrient), key=lambda r: r.age_from)
        assert rows[0].age_from == 0 and rows[-1].age_below is None, nutrient
        for before, after in itertools.pairwise(rows):
            assert before.age_below == after.age_from, (before.id, after.id)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        pytest.param("0", Fraction(0), id="newborn"),
        pytest.param("1.5", Fraction(3, 2), id="decimal"),
        pytest.param("1/2", Fraction(1, 2), id="fraction"),
        pytest.param(" 120 ", Fraction(120), id="oldest"),
    ],
)
def test_parse_age(text: str, age: Fraction) -> None:
    assert parse_age(text) == age


@pytest.mark.parametrize("text", ["-1", "121", "abc", "", "nan", "inf", "1/0", "2 years"])
def test_parse_age_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"age|number of years"):
        parse_age(text)


@pytest.mark.parametrize("age", ["-1", "121", "two", "1e9"])
def test_age_option_usage_error_exits_2(age: str, tmp_path: Path) -> None:
    code, out = run("label", "--age", age, "3000 IU D3")
    assert code == 2 and "--age" in out
    products = tmp_path / "p.csv"
    products.write_text("label\n3000 IU D3\n", encoding="utf-8")
    code, out = run("batch", str(products), "--age", age, "--format", "csv")
    assert code == 2 and "--age" in out


def test_age_option_and_column(tmp_path: Path) -> None:
    _, out = run("label", "--age", "2", "3000 IU D3")
    assert "KC305" in out and "ages 1-3 y" in out
    assert "KC305" not in run("label", "3000 IU D3")[1]
    assert "KC305" not in run("label", "--age", "30", "3000 IU D3")[1]
    products = tmp_path / "p.csv"
    products.write_text("label,age\n3000 IU D3,2\n3000 IU D3,\n3000 IU D3,200\n", encoding="utf-8")
    _, out = run("batch", str(products), "--format", "csv", "--age", "40")
    rows = out.splitlines()
    assert "KC305" in rows[1] and "ages 1-3 y" in rows[1]
    assert "KC305" not in rows[2]  # the option fills an empty cell
    assert "unreadable" in rows[3] and "age '200' is not an age from 0 to 120 years" in rows[3]


@pytest.mark.parametrize(
    ("age", "code"),
    [
        pytest.param("2", "KC305", id="child"),
        pytest.param("0.5", "KC305", id="fraction"),
        pytest.param("-1", "KC501", id="negative"),
        pytest.param("three", "KC501", id="text"),
    ],
)
def test_catalogue_age_key(age: str, code: str, registry: Registry) -> None:
    text = (
        "version: 1\nmarket: us\nproducts:\n  - id: p1\n    name: P\n    serving: 1 capsule\n"
        f"    age: {age}\n    ingredients: [Vitamin D3 75 mcg (3,000 IU)]\n    source: https://example.invalid\n"
    )
    found = {f.code: f for f in lint_catalogue(read_catalogue(text, "c.yaml"), registry).findings}
    assert code in found
    if code == "KC501":
        assert "'age' must be a number of years" in found[code].message


# ---------------------------------------------------------------- every flag reaches the output

UNVERIFIED_TRIGGERS = {
    # record id -> (label, settings) whose finding rests on that record
    "ca-nonprescription-vitamin-k": ("200 mcg K1", {"market": "ca"}),
    "ca-prescription-vitamin-k-other": ("1 mg menadione", {"market": "ca"}),
    "us-ul-vitamin-d-0-6-months": ("1200 IU D3", {"age": Fraction(1, 4)}),
    "us-ul-vitamin-d-6-12-months": ("2000 IU D3", {"age": Fraction(3, 4)}),
    "inoue-2009-of": ("45 mcg MK-4", {}),
    "ronn-3y": ("375 mg MK-7", {}),
}


def test_every_unverified_record_has_a_trigger(registry: Registry) -> None:
    """A new unverified fact must be shown somewhere: add its trigger here, or this fails."""
    records = [*registry.references, *registry.interactions, *registry.form_differences]
    unverified = {r.id for r in records if not r.verified}
    unverified |= {r.id for r in registry.regimens if not r.verified and r.purpose != "interaction"}
    assert unverified == set(UNVERIFIED_TRIGGERS)


@pytest.mark.parametrize(("record", "trigger"), [pytest.param(k, v, id=k) for k, v in UNVERIFIED_TRIGGERS.items()])
def test_unverified_fact_reaches_json_and_sarif(record: str, trigger: tuple, registry: Registry) -> None:
    text, settings = trigger
    check = check_text(text, registry, Settings(**settings))
    document = label_check_document(check, registry)
    flagged = [f for f in document["findings"] if any(u.startswith(f"{record}: ") for u in f.get("unverified", ()))]
    assert flagged and all(f["verified"] is False for f in flagged)
    verified = [f for f in document["findings"] if "unverified" not in f]
    assert all("verified" not in f for f in verified)  # the field is there only when it says something
    sarif = sarif_document(Report("label", (Subject("x", check.findings[0].location),), check.findings))
    properties = [r.get("properties", {}) for r in sarif["runs"][0]["results"]]
    assert any(p.get("verified") is False and any(record in u for u in p["unverified"]) for p in properties)


def test_label_json_for_the_k_limit_says_verified_false() -> None:
    _, out = run("label", "--market", "ca", "--format", "json", "200 mcg K1")
    (kc308,) = [f for f in json.loads(out)["findings"] if f["code"] == "KC308"]
    assert kc308["verified"] is False and kc308["unverified"] == ["ca-nonprescription-vitamin-k: current status"]


def test_comparisons_and_regimens_carry_their_flags(registry: Registry) -> None:
    document = label_check_document(check_text("45 mg MK-4", registry), registry)
    inoue = next(c for c in document["comparisons"] if c["regimen"] == "inoue-2009-of")
    assert inoue["verified"] is False and "dose" in inoue["unverified"]
    _, out = run("regimens", "--format", "json")
    records = {r["id"]: r for r in json.loads(out)["regimens"]}
    for regimen in registry.regimens:
        record = records[regimen.id]
        assert (record["verified"], record["unverified"]) == (regimen.verified, list(regimen.unverified))
        assert (record["design"], record["n"], record["duration"]) == (regimen.design, regimen.n, regimen.duration)


# ---------------------------------------------------------------- the label view


def test_text_view_says_what_the_status_means_and_the_worst_severity() -> None:
    code, out = run("label", "45 mg MK-7")
    assert "read: ok (every amount was read); worst finding: error" in out and code == 1
    assert "worst finding: none" in run("label", "1 mcg D3")[1]


def test_text_view_marks_unverified_names_with_a_footnote() -> None:
    _, out = run("label", "45 mg MK-4")
    assert "Inoue 2009†" in out and "Rønn 2021†" in out and "Knapen 2013†" not in out
    footnotes = [line.strip() for line in out.splitlines() if line.strip().startswith("†")]
    assert "† Inoue 2009 [inoue-2009-of]: not verified: dose, doses_per_day, daily, schedule" in footnotes
    assert "† Rønn 2021: the citation's authors, year, journal not verified" in footnotes
    assert not [line for line in footnotes if "Knapen" in line]
    _, out = run("label", "1 mcg D3")
    assert "†" not in out


def test_text_view_shows_size_duration_design_and_each_caveat(registry: Registry) -> None:
    result = invoke(["label", "45mcg MK-7"], env={"COLUMNS": "4000"})
    out = result.stdout
    for regimen in registry.regimens_by_nutrient["vitamin_k"]:
        for piece in (regimen.caveat, regimen.design, regimen.duration, f"n = {regimen.n:,}" if regimen.n else ""):
            assert not piece or piece in out, (regimen.id, piece)


def test_regimens_view_shows_size_and_duration() -> None:
    out = invoke(["regimens", "--form", "MK-4"], env={"COLUMNS": "4000"}).stdout
    assert "n = 241" in out and "n = 4,378" in out and "24 weeks" in out and "randomized, open-label" in out


# ---------------------------------------------------------------- facts from facts.md §11, present once


def test_superseded_mott_figures_are_gone_everywhere() -> None:
    for path in [*sorted((ROOT / "data").glob("*.yaml")), ROOT / "README.md", ROOT / "docs" / "rules.md"]:
        text = path.read_text(encoding="utf-8")
        # a benchmark ratio ("0.96×") is not the superseded odds ratio
        assert not re.search(r"0\.96(?!×)", text) and "0.83-1.11" not in text, path.name


def test_corrected_and_added_facts_are_present(registry: Registry) -> None:
    regimens = {r.id: r for r in registry.regimens}
    assert "OR 0.74" in regimens["shiraki-2000"].evidence
    assert (
        "it may reduce clinical fractures; however, the evidence is insufficient to confirm this"
        in regimens["shiraki-2000"].evidence
    )
    for regimen in registry.regimens:
        if "Mott 2019 meta-analysis found no effect of vitamin K on vertebral fractures" in regimen.evidence:
            assert "OR 0.98, 95 % CI 0.85-1.14" in regimen.evidence, regimen.id
    assert "1.2 %" in regimens["jiang-2014"].outcome and "no significant difference" in regimens["jiang-2014"].outcome
    assert all(r.duration == "6 weeks" for r in registry.regimens if r.id.startswith("theuwissen"))
    (sato,) = [d for d in registry.form_differences if d.forms == {"MK-4", "MK-7"}]
    assert sato.citations == ("sato-2012",)
    assert "Schurgers 2007" not in (ROOT / "README.md").read_text(encoding="utf-8").split("bio-equivalence")[1][:120]


def test_retraction_caution_is_cited_where_the_evidence_mentions_it(registry: Registry) -> None:
    for regimen in registry.regimens:
        mentions = "retracted" in regimen.evidence
        assert mentions == ("clin-drug-investig-2018-retraction" in regimen.citations), regimen.id
        if mentions:
            assert "torgerson-2018-caution" in regimen.citations and regimen.caveat, regimen.id


def test_no_positive_result_without_its_caveat(registry: Registry) -> None:
    """An evidence note that names a caution, a retraction or a contradiction is shown as a caveat line."""
    for regimen in registry.regimens:
        if any(word in regimen.evidence for word in ("caution", "retracted", "contradicts")):
            assert regimen.caveat.startswith("Caution:"), regimen.id
