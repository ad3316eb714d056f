"""Evidence checks on a document's claims (KC601-KC607), called directly on documents built here.

Each document below is one sentence per line; the claims are what the label reader reads in each
line, with the claim kind given per line (the scan's own kind reading is tested with the scan).
Every case asserts the codes found and the line:col each finding points at.
"""

from __future__ import annotations

import csv
import json
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
from cli_checks import assert_machine_output, invoke
from hypothesis import given, settings
from hypothesis import strategies as st
from test_documents import valid

from kcheck.data import default_registry, evidence_for
from kcheck.engine import Settings, check_text
from kcheck.errors import DataError
from kcheck.regimens import Registry
from kcheck.rules import RULES
from kcheck.scan.document import scan_text
from kcheck.scan.evidence import build_cues, check_document
from kcheck.scan.model import Claim, Position, ScannedDocument, Sentence, finding_order, line_col
from tests.cli_checks import assert_golden


def scanned(text: str, registry: Registry, kinds: dict[int, str] | None = None) -> ScannedDocument:
    """A document whose sentences are its lines; claims as the label reader reads each line."""
    kinds = kinds or {}
    sentences, claims = [], []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            sentences.append(Sentence(line, (offset, offset + len(line)), None))
            check = check_text(line, registry)
            for item in check.ingredients:
                ingredient = item.ingredient
                if ingredient.nutrient is None:
                    continue
                span = (offset + ingredient.amount.span[0], offset + ingredient.amount.span[1])
                (start_line, start_col), (end_line, end_col) = line_col(text, span[0]), line_col(text, span[1])
                claims.append(
                    Claim(
                        path="doc.md",
                        position=Position(start_line, start_col, end_line, end_col),
                        span=span,
                        sentence=line,
                        sentence_span=(offset, offset + len(line)),
                        ingredient=ingredient,
                        checked=item,
                        context="sentence",
                        form_from=None,
                        bound=ingredient.bound,
                        claim=kinds.get(number, "other"),
                        comparisons=(),
                        findings=(),
                    )
                )
        offset += len(line) + 1
    return ScannedDocument("doc.md", text, (), tuple(sentences), tuple(claims))


def found(text: str, registry: Registry, kinds: dict[int, str] | None = None, market: str | None = None) -> list:
    """(code, line, the text the finding points at) of each finding, in the order given."""
    findings = check_document(scanned(text, registry, kinds), evidence_for(registry), market)
    lines = text.split("\n")
    out = []
    for f in findings:
        line, start, end = f.location.line, f.location.column, f.location.end_column
        assert line is not None and start is not None and end is not None
        out.append((f.code, line, lines[line - 1][start - 1 : end - 1]))
    return out


def messages(text: str, registry: Registry, kinds: dict[int, str] | None = None, market: str | None = None) -> str:
    findings = check_document(scanned(text, registry, kinds), evidence_for(registry), market)
    return "\n".join(f.message for f in findings)


PRODUCT, TRIAL, REFERENCE, ADVICE = "product-dose", "trial-dose", "reference-intake", "recommendation"


@pytest.mark.parametrize(
    ("text", "kinds", "market", "expected"),
    [
        # KC601: a milligram amount of a broad name said to be what supplements give
        pytest.param(
            "Most K2 supplements give 45 mg a day.", {1: PRODUCT}, None, [("KC601", 1, "45 mg")], id="601-most"
        ),
        pytest.param(
            "A vitamin K2 supplement: 15 mg per capsule.", {1: PRODUCT}, None, [("KC601", 1, "15 mg")], id="601-15mg"
        ),
        pytest.param("Most K2 supplements give 45 mcg a day.", {1: PRODUCT}, None, [], id="601-not-mcg"),
        pytest.param("A K2 supplement with 1 mg.", {1: PRODUCT}, None, [], id="601-1mg-two-forms-on-market"),
        pytest.param("A K2 supplement with 30 mg.", {1: PRODUCT}, None, [], id="601-no-product-at-30mg"),
        pytest.param("A menatetrenone supplement: 45 mg a day.", {1: PRODUCT}, None, [], id="601-names-mk4"),
        pytest.param("Patients took 45 mg of K2 supplements.", {1: TRIAL}, None, [], id="601-trial-dose"),
        pytest.param("Vitamin K2 45 mg a day.", {1: PRODUCT}, None, [], id="601-no-supplement-cue"),
        # KC602: a reference intake for a market the sentence names
        pytest.param(
            "In Japan the adequate intake of vitamin K is 60 mcg a day.",
            {1: REFERENCE},
            None,
            [("KC602", 1, "60 mcg")],
            id="602-japan-old",
        ),
        pytest.param(
            "In Japan the adequate intake of vitamin K is 150 mcg a day.", {1: REFERENCE}, None, [], id="602-japan"
        ),
        pytest.param(
            "In Japan the adequate intake of vitamin K for children is 60 mcg.",
            {1: REFERENCE},
            None,
            [],
            id="602-children-left-alone",
        ),
        pytest.param("The adequate intake of vitamin K is 80 mcg.", {1: REFERENCE}, None, [], id="602-no-market"),
        pytest.param(
            "The adequate intake of vitamin K is 80 mcg.",
            {1: REFERENCE},
            "us",
            [("KC602", 1, "80 mcg")],
            id="602-option",
        ),
        pytest.param("The US daily value for vitamin K is 120 mcg.", {1: REFERENCE}, None, [], id="602-us-dv"),
        pytest.param(
            "The US daily value for vitamin K is 80 mcg.",
            {1: REFERENCE},
            None,
            [("KC602", 1, "80 mcg")],
            id="602-us-old-dv",
        ),
        pytest.param("The EU NRV for vitamin D is 5 mcg.", {1: REFERENCE}, None, [], id="602-eu-vitamin-d"),
        pytest.param(
            "The EU NRV for vitamin D is 10 mcg.",
            {1: REFERENCE},
            None,
            [("KC602", 1, "10 mcg")],
            id="602-eu-vitamin-d-wrong",
        ),
        pytest.param(
            "In Japan vitamin K intake is 60 mcg.", {1: "observed-intake"}, None, [], id="602-not-a-reference"
        ),
        pytest.param(
            "Tell us: the adequate intake of vitamin K is 80 mcg.", {1: REFERENCE}, None, [], id="602-us-pronoun"
        ),
        pytest.param(
            "Adults 19-70 years: 600 IU of vitamin D.", {1: REFERENCE}, "us", [], id="602-no-cited-vitamin-d-ai"
        ),
        pytest.param(
            "The US RDA of vitamin K is 150 mcg.", {1: REFERENCE}, None, [("KC602", 1, "150 mcg")], id="602-rda-is-ai"
        ),
        pytest.param(
            "The US daily value of vitamin K is 90 mcg.",
            {1: REFERENCE},
            None,
            [("KC602", 1, "90 mcg")],
            id="602-kind-named-dv-not-ai",
        ),
        pytest.param(
            "In Japan the adequate intake of vitamin K is 150-160 mcg.", {1: REFERENCE}, None, [], id="602-range-end"
        ),
        pytest.param(
            "In Japan the adequate intake of vitamin K is 60-75 mcg.",
            {1: REFERENCE},
            None,
            [("KC602", 1, "60-75 mcg")],
            id="602-range-wrong",
        ),
        # KC603: a stated ratio
        pytest.param(
            "The drug gives 45 mg of MK-4, 1000 times more than 45 mcg of MK-7.", {}, None, [], id="603-mass-right"
        ),
        pytest.param(
            "The drug gives 45 mg of MK-4, 100 times more than 45 mcg of MK-7.",
            {},
            None,
            [("KC603", 1, "100 times")],
            id="603-mass-wrong",
        ),
        pytest.param(
            "In moles 45 mg of MK-4 is 1,460 times more than 45 mcg of MK-7.", {}, None, [], id="603-molar-right"
        ),
        pytest.param("A dose of 45 mg of K2 is 200 to 300 times the recommended intake.", {}, None, [], id="603-ref"),
        pytest.param(
            "A dose of 45 mg of K2 is 1000 times the recommended intake.",
            {},
            None,
            [("KC603", 1, "1000 times")],
            id="603-ref-wrong",
        ),
        pytest.param(
            "A K2 supplement gives 100 mcg of MK-7.\nThe drug dose, 45 mg of MK-4, is 1000× more.",
            {},
            None,
            [("KC603", 2, "1000×")],
            id="603-previous-sentence",
        ),
        pytest.param("Take 15 mg of MK-4 3 times daily, 45 mcg of MK-7 once.", {}, None, [], id="603-frequency"),
        pytest.param("45 mg of MK-4 is a thousand times more than 45 mcg of MK-7.", {}, None, [], id="603-words-right"),
        pytest.param(
            "45 mg of MK-4 is a hundred times more than 45 mcg of MK-7.",
            {},
            None,
            [("KC603", 1, "a hundred times")],
            id="603-words-wrong",
        ),
        pytest.param(
            "45 mg of MK-4 is a thousandfold more than 100 mcg of MK-7.",
            {},
            None,
            [("KC603", 1, "a thousandfold")],
            id="603-thousandfold",
        ),
        pytest.param(
            "The Japanese drug gives 45 mg of MK-4.\nThat is 1000 times the recommended intake.",
            {},
            None,
            [("KC603", 2, "1000 times")],
            id="603-ref-previous-sentence",
        ),
        # KC604: fracture-reduction claims beside a dose
        pytest.param(
            "Vitamin K2 at 45 mg a day reduced fractures.", {1: TRIAL}, None, [("KC604", 1, "fractures")], id="604-k2"
        ),
        pytest.param(
            "MK-7 at 180 mcg a day reduced fractures.", {1: TRIAL}, None, [("KC604", 1, "fractures")], id="604-mk7"
        ),
        pytest.param("Vitamin K2 reduced fractures.", {}, None, [], id="604-no-dose"),
        pytest.param(
            "Patients took 45 mg of MK-4.\nThey had fewer fractures.",
            {1: TRIAL},
            None,
            [("KC604", 2, "fractures")],
            id="604-next-sentence",
        ),
        pytest.param("Patients took 45 mg of MK-4.\nThey had fractures.", {1: TRIAL}, None, [], id="604-no-reduction"),
        pytest.param(
            "Vitamin K2 at 45 mg a day did not reduce fractures.", {1: TRIAL}, None, [], id="604-denied-reduction"
        ),
        pytest.param(
            "Vitamin K2 at 45 mg a day didn't lower fractures.", {1: TRIAL}, None, [], id="604-denied-contracted"
        ),
        # KC605: the same amount restated as a more specific form
        pytest.param(
            "Adults need 120 mcg of vitamin K a day.\nThat is 120 mcg of vitamin K2.\nOr 120 mcg of MK-4.",
            {},
            None,
            [("KC605", 2, "120 mcg"), ("KC605", 3, "120 mcg")],
            id="605-narrowing",
        ),
        pytest.param("Take 120 mcg of MK-7.\nThat is 120 mcg of vitamin K2.", {}, None, [], id="605-broader-later"),
        pytest.param("Take 1 mg of K1.\nOr 1 mg of MK-4.", {}, None, [], id="605-cousins"),
        pytest.param(
            "About 500 mcg of vitamin K.\nThe trial gave 500 mcg of MK-4.", {}, None, [], id="605-other-hedge"
        ),
        pytest.param("Take 2000 IU of vitamin D.\nThat is 2000 IU of D3.", {}, None, [], id="605-one-form-studied"),
        pytest.param(
            "Take 45 mcg of MK-7.\nThat is 45 mcg of MK-4.", {}, None, [("KC605", 2, "45 mcg")], id="605-siblings"
        ),
        pytest.param("Take 1 mg of K1 and 1 mg of MK-4.", {}, None, [], id="605-one-sentence"),
        # KC606: doses for one purpose 100x apart
        pytest.param(
            "For bone health take 45 mcg of vitamin K2 a day.\nThe bone trials used 45 mg of K2 a day.",
            {1: ADVICE, 2: TRIAL},
            None,
            [("KC606", 2, "45 mg")],
            id="606-same-digits",
        ),
        pytest.param(
            "For bone health take 45 mcg of vitamin K2 a day.\nFor insulin sensitivity, 30 mg of K2.",
            {1: ADVICE, 2: TRIAL},
            None,
            [],
            id="606-other-purpose",
        ),
        pytest.param(
            "For bone health take 45 mcg of vitamin K2 a day.\nFor bone, 180 mcg of MK-7 a day.",
            {1: ADVICE, 2: ADVICE},
            None,
            [],
            id="606-4x",
        ),
        pytest.param(
            "For bone health take 45 mcg of vitamin K2 a day.\nBone marrow holds 45 mg of K2.",
            {1: ADVICE, 2: "observed-intake"},
            None,
            [],
            id="606-not-a-dose",
        ),
        # KC607: odds reductions quoted as risk reductions (Schwalfenberg 2017, doi:10.1155/2017/6254836)
        pytest.param(
            "A systematic review has shown vitamin K2 to prevent fractures in vertebra by 60%, hip fractures by "
            "77%, and nonvertebral fractures by 81% in Japanese patients.",
            {},
            None,
            [("KC607", 1, "60%")],
            id="607-schwalfenberg",
        ),
        pytest.param(
            "Vitamin K2 reduced the odds of vertebral fractures by 60% and of hip fractures by 77%.",
            {},
            None,
            [],
            id="607-says-odds",
        ),
        pytest.param("Vitamin K2 reduced fractures by 60%.", {}, None, [], id="607-one-figure"),
    ],
)
def test_rule_fires_at_its_position(
    text: str, kinds: dict[int, str], market: str | None, expected: list, registry: Registry
) -> None:
    assert found(text, registry, kinds, market) == expected


def test_601_names_the_product_and_the_regimens(registry: Registry) -> None:
    said = messages("Most K2 supplements give 45 mg a day.", registry, {1: PRODUCT})
    assert "the only product at 45 mg is Glakay Capsules 15 mg" in said
    assert "MK-4, 15 mg per serving, 45 mg/day; take 1 capsule three times daily after meals" in said
    assert "every studied regimen at 45 mg is MK-4: Eisai Co. 2014 [glakay-label]" in said
    assert "Inoue 2009 [inoue-2009-of; not verified: dose, doses_per_day, daily, schedule]" in said
    assert "The other K2 products in kcheck's data give 45 mcg to 1 mg per serving (7 products)." in said


def test_602_gives_the_cited_rows(registry: Registry) -> None:
    said = messages("In Japan the adequate intake of vitamin K is 60 mcg a day.", registry, {1: REFERENCE})
    assert "60 mcg K is given as a reference intake for JP ('Japan')" in said
    assert "the JP adequate intake for adults ≥ 18 y, both sexes (150 mcg/day;" in said
    assert "The text may quote another edition, population or form." in said


def test_603_gives_mass_and_molar_ratios(registry: Registry) -> None:
    said = messages("A K2 supplement gives 100 mcg of MK-7.\nThe drug dose, 45 mg of MK-4, is 1000× more.", registry)
    assert "'1000×' is not what the amounts give: 45 mg MK-4 (2:16) is 450× 100 mcg MK-7 (1:23) by mass" in said
    assert "(≈657× by moles)" in said
    assert "A ratio of doses, not of effects." in said
    assert "effect" not in said.replace("not of effects", "")


@pytest.mark.parametrize(
    ("text", "must_say", "must_not_say"),
    [
        pytest.param(
            "Vitamin K2 at 45 mg a day reduced fractures.",
            [
                "odds, not risk",
                "2018 a caution to readers",
                "retracted for fabricated data",
                "OF study",
                "RR of 0.87",
                "Mott 2019 update",
                "(Cockayne 2006; Torgerson 2018; JAMA Intern Med 2018)",
            ],
            [],
            id="k2-may-be-mk4",
        ),
        pytest.param(
            "MK-7 at 180 mcg a day reduced fractures.",
            ["Mott 2019 update", "vertebral OR 0.98"],
            ["Cockayne", "retracted", "OF study", "ECKO"],
            id="mk7-only-mott",
        ),
        pytest.param(
            "Vitamin K1 at 5 mg a day gave fewer fractures.",
            ["ECKO trial", "not powered for", "(Cheung 2008)", "Mott 2019 update"],
            ["Cockayne", "retracted", "OF study"],
            id="k1-ecko-and-mott",
        ),
    ],
)
def test_604_cautions_fit_the_form(text: str, must_say: list[str], must_not_say: list[str], registry: Registry) -> None:
    said = messages(text, registry, {1: TRIAL})
    for words in must_say:
        assert words in said
    for words in must_not_say:
        assert words not in said


def test_607_names_the_odds_ratios(registry: Registry) -> None:
    said = messages(
        "Vitamin K2 prevents vertebral fractures by 60%, hip fractures by 77% and other fractures by 81 percent.",
        registry,
    )
    assert "60 % = 1 - 0.40, the pooled odds ratio for vertebral fractures" in said
    assert "81 % = 1 - 0.19, the pooled odds ratio for non-vertebral fractures" in said


def test_findings_come_in_document_order(registry: Registry) -> None:
    text = "Take 45 mcg of MK-7.\nThat is 45 mcg of MK-4.\nMost K2 supplements give 45 mg a day."
    findings = check_document(scanned(text, registry, {3: PRODUCT}), evidence_for(registry))
    places = [(f.location.line or 0, f.location.column or 0, f.code) for f in findings]
    assert places == sorted(places) and {f.code for f in findings} >= {"KC605", "KC601"}


def test_cues_capitals_match_only_in_capitals() -> None:
    cues = build_cues(
        {
            "evidence_cues": {
                "supplement": ["supplement"],
                "markets": {"us": ["US", "American"]},
                "not_adults": ["children"],
                "reference_kinds": {"adequate-intake": ["AI"]},
                "ratio_words": ["{n} times", "{n}×"],
                "ratio_ranges": ["-", "to"],
                "ratio_number_words": {"a thousand": 1000},
                "ratio_comparatives": ["more"],
                "fracture": ["fracture"],
                "reduction": ["fewer"],
                "negations": ["not"],
                "odds": ["odds"],
                "percent": ["%"],
                "purposes": {"bone": ["bone"]},
            }
        }
    )
    us = dict(cues.markets)["us"]
    assert us.search("the US AI") and us.search("american") and not us.search("for us")
    ((_, intake),) = cues.reference_kinds
    assert intake.search("the AI is") and not intake.search("said ai")
    ratios = [(m.group("low"), m.group("high")) for m in cues.ratio.finditer("200 to 300 times more; 1,000× more")]
    assert ratios == [("200", "300"), ("1,000", None)]
    assert not cues.ratio.search("3 times daily")


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param({}, id="no-section"),
        pytest.param({"evidence_cues": {"supplement": []}}, id="empty-class"),
    ],
)
def test_malformed_cues_are_a_data_error(broken: dict) -> None:
    with pytest.raises(DataError, match="evidence_cues"):
        build_cues(broken)


def test_products_come_from_the_shipped_catalogue(registry: Registry) -> None:
    glakay = [p for p in evidence_for(registry).products if p.name.startswith("Glakay")]
    assert [(p.form, p.serving_ug, p.daily_ug) for p in glakay] == [("MK-4", Fraction(15000), Fraction(45000))]


# ---------------------------------------------------------------- the rule examples, through the scan

RULE_EXAMPLES = sorted((Path(__file__).parent / "examples" / "scan" / "rules").glob("KC6*"))


def test_every_evidence_rule_has_an_example() -> None:
    codes = {code for code in RULES if code.startswith("KC6")}
    assert {path.name.split("-")[0] for path in RULE_EXAMPLES} == codes


@pytest.mark.parametrize("folder", [pytest.param(p, id=p.name) for p in RULE_EXAMPLES])
def test_rule_example_fires_where_expected(folder: Path, registry: Registry) -> None:
    """Each example's KC6xx findings are exactly those of its expected.tsv, pointing at the text named there."""
    text = (folder / "document.md").read_text(encoding="utf-8")
    lines = text.split("\n")
    with (folder / "expected.tsv").open(encoding="utf-8", newline="") as handle:
        expected = [
            (int(r["line"]), int(r["col"]), int(r["end_col"]), r["code"], r["text"])
            for r in csv.DictReader(handle, delimiter="\t")
        ]
    document = scan_text("document.md", text, registry, Settings())
    got = [
        (f.location.line, f.location.column, f.location.end_column, f.code)
        for f in document.all_findings
        if f.code.startswith("KC6")
    ]
    assert got == [row[:4] for row in expected]
    assert folder.name.split("-")[0] in {row[3] for row in expected}
    for line, col, end, _, words in expected:
        assert lines[line - 1][col - 1 : end - 1] == words
    assert (folder / "README.md").is_file()


GOLDEN_FORMATS = {"text": "txt", "json": "json", "jsonl": "jsonl", "github": "github", "sarif": "sarif"}
SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", list(GOLDEN_FORMATS))
@pytest.mark.parametrize("folder", [pytest.param(p, id=p.name) for p in RULE_EXAMPLES])
def test_rule_example_golden(folder: Path, name: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """`kcheck scan` on each example, in every format, byte for byte (rewrite with --update-golden)."""
    monkeypatch.chdir(ROOT)
    document = folder.relative_to(ROOT) / "document.md"
    result = invoke(["scan", str(document), "--format", name, "--fail-on", "never"])
    assert result.exit_code == 0
    assert_machine_output(name, result.stdout)
    assert_golden(folder / f"scan.{GOLDEN_FORMATS[name]}", result.stdout, update_golden)


@pytest.mark.parametrize("folder", [pytest.param(p, id=p.name) for p in RULE_EXAMPLES])
def test_rule_example_sarif_is_valid_and_located(folder: Path) -> None:
    """The example's SARIF validates against the OASIS SARIF 2.1.0 schema and locates each KC6xx finding."""
    sarif = json.loads((folder / "scan.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(sarif)
    with (folder / "expected.tsv").open(encoding="utf-8", newline="") as handle:
        expected = [
            (int(r["line"]), int(r["col"]), int(r["end_col"]), r["code"])
            for r in csv.DictReader(handle, delimiter="\t")
        ]
    located = [
        (region["startLine"], region["startColumn"], region["endColumn"], result["ruleId"])
        for result in sarif["runs"][0]["results"]
        if result["ruleId"].startswith("KC6")
        for region in [result["locations"][0]["physicalLocation"]["region"]]
    ]
    assert located == expected
    rule_ids = [rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert {row[3] for row in expected} <= set(rule_ids)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "# Vitamin K2 and bone health\n\nMost supplements give 45 mcg of vitamin K2 a day.\n\n"
            "Patients in the trials received 45 mg of MK-4 a day.\n",
            [("KC606", 5, 33)],
            id="purpose-from-the-heading",
        ),
        pytest.param(
            "# Vitamin K2\n\nMost supplements give 45 mcg of vitamin K2 a day for bone.\n\n"
            "Patients in the insulin trials received 45 mg of MK-4 a day for bone density.\n",
            [],
            id="two-purposes-in-a-sentence-is-no-purpose",
        ),
    ],
)
def test_606_purpose_through_the_scan(text: str, expected: list, registry: Registry) -> None:
    document = scan_text("doc.md", text, registry, Settings())
    got = [(f.code, f.location.line, f.location.column) for f in document.all_findings if f.code == "KC606"]
    assert got == expected


@pytest.mark.parametrize("folder", [pytest.param(p, id=p.name) for p in RULE_EXAMPLES])
def test_rule_example_json_and_jsonl_validate(folder: Path) -> None:
    """Findings about the document as a whole fit the scan's JSON Schemas like a claim's own findings."""
    document = json.loads((folder / "scan.json").read_text(encoding="utf-8"))
    valid("scan", document)
    for line in (folder / "scan.jsonl").read_text(encoding="utf-8").splitlines():
        valid("scan-claim", json.loads(line))
    codes = {f["code"] for d in document["documents"] for c in d["claims"] for f in c["findings"]}
    assert folder.name.split("-")[0] in codes


# ---------------------------------------------------------------- scan's evidence checks

PROSE_WORD = st.sampled_from(
    [
        *("45", "45 mg", "45 mcg", "1000", "1,000", "200 to 300", "0", "60%", "77%", "81 %", "120 mcg", "150 μg"),
        *("MK-4", "MK-7", "vitamin K", "vitamin K2", "vitamin D", "K1", "times", "×", "-fold", "more", "less"),
        *("the", "recommended", "intake", "RDA", "AI", "DV", "NRV", "supplement", "supplements", "Japan", "US"),
        *("EU", "fractures", "reduced", "fewer", "odds", "bone", "insulin", "about", "up to", "a day", "daily"),
        *(".", ",", ";", "\n", "\n\n", "# ", "- ", "(", ")", "children", "a", "of", "per", "is"),
    ]
)
PROSE_SENTENCE = st.sampled_from(
    [
        "Most K2 supplements give 45 mg a day.",
        "For bone, take 45 mcg of vitamin K2 a day.",
        "The drug gives 45 mg of MK-4, 1000 times more.",
        "That is 200 to 300 times the recommended intake.",
        "In Japan the adequate intake of vitamin K is 60 mcg.",
        "Vitamin K2 reduced fractures by 60%, 77% and 81%.",
        "Patients took 120 mcg of vitamin K.",
        "That is 120 mcg of MK-4.",
    ]
)
PROSE = st.lists(st.one_of(PROSE_SENTENCE, PROSE_WORD), max_size=30).map(" ".join)


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(PROSE)
def test_evidence_checks_never_raise_and_point_inside(text: str) -> None:
    """Whatever the prose, the KC6xx findings come in document order and each points at text of the document."""
    document = scan_text("doc.md", text, default_registry())
    evidence = [f for f in document.findings if f.code.startswith("KC6")]
    assert evidence == sorted(evidence, key=finding_order)
    for finding in evidence:
        assert finding.span is not None and 0 <= finding.span[0] < finding.span[1] <= len(text)
        assert (finding.location.line, finding.location.column) == line_col(text, finding.span[0])
        assert text[finding.span[0] : finding.span[1]].strip()
