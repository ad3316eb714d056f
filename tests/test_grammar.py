"""The label grammar: what must be read, what must be refused, and properties over any text."""

from __future__ import annotations

import contextlib
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcheck.amounts import mass_text
from kcheck.errors import KcheckError, UnreadableLabel
from kcheck.forms import FormRegistry
from kcheck.grammar import parse_label

F = Fraction

# text, [(form, amount_ug, per, doses_per_day, daily_ug)]
READ = [
    pytest.param("45mcg MK-7", [("MK-7", F(45), "serving", None, None)], id="glued-mcg"),
    pytest.param("45 MCG MK7", [("MK-7", F(45), "serving", None, None)], id="uppercase-MCG-is-safe"),
    pytest.param("45 µg MK 7", [("MK-7", F(45), "serving", None, None)], id="micro-sign-U+00B5"),
    pytest.param("45 μg menaquinone-7", [("MK-7", F(45), "serving", None, None)], id="greek-mu-U+03BC"),
    pytest.param("45 ug all-trans MK-7", [("MK-7", F(45), "serving", None, None)], id="ascii-ug"),
    pytest.param("45 ㎍ MenaQ7", [("MK-7", F(45), "serving", None, None)], id="cjk-square-mcg"),
    pytest.param("45 micrograms vitaMK7", [("MK-7", F(45), "serving", None, None)], id="spelled-out"),
    pytest.param(
        "Vitamin K2 (as menaquinone-7) 100 mcg (83% DV)",
        [("MK-7", F(100), "serving", None, None)],
        id="as-menaquinone-7",
    ),
    pytest.param("VITAMIN K27 50MCG", [("MK-7", F(50), "serving", None, None)], id="K27-typo-for-K2-7"),
    pytest.param(
        "menatetrenone 15 mg three times daily after meals",
        [("MK-4", F(15000), "serving", F(3), F(45000))],
        id="glakay-regimen",
    ),
    pytest.param("Glakay 15 mg x3", [("MK-4", F(15000), "serving", F(3), F(45000))], id="x3"),
    pytest.param("MK4 15 mg tid", [("MK-4", F(15000), "serving", F(3), F(45000))], id="tid"),
    pytest.param("MK-4 1 mg bid", [("MK-4", F(1000), "serving", F(2), F(2000))], id="bid"),
    pytest.param("phytonadione 1 mg twice a day", [("K1", F(1000), "serving", F(2), F(2000))], id="twice-a-day"),
    pytest.param("K1 5 mg/d", [("K1", F(5000), "day", None, F(5000))], id="per-d"),
    pytest.param("phytomenadione 200 mcg per day", [("K1", F(200), "day", None, F(200))], id="per-day"),
    pytest.param("K1 1 mg once weekly", [("K1", F(1000), "serving", F(1, 7), F(1000, 7))], id="once-weekly"),
    pytest.param("D3 1000 IU every other day", [("D3", F(25), "serving", F(1, 2), F(25, 2))], id="every-other-day"),
    pytest.param(
        "5000 IU D3 + 100 mcg K2 (MK-7)",
        [("D3", F(125), "serving", None, None), ("MK-7", F(100), "serving", None, None)],
        id="d3-plus-k2",
    ),
    pytest.param(
        "K1 1 mg + MK-4 1 mg + MK-7 50 mcg",
        [
            ("K1", F(1000), "serving", None, None),
            ("MK-4", F(1000), "serving", None, None),
            ("MK-7", F(50), "serving", None, None),
        ],
        id="tri-k",
    ),
    pytest.param("90-120 mcg vitamin K", [("K", F(90), "serving", None, None)], id="range-hyphen"),
    pytest.param("90 to 120 mcg phylloquinone", [("K1", F(90), "serving", None, None)], id="range-to"),
    pytest.param("MK-7 45–200 µg", [("MK-7", F(45), "serving", None, None)], id="range-en-dash"),
    pytest.param("MK-4 15, 45, 90 and 135 mg", [("MK-4", F(15000), "serving", None, None)], id="list"),
    pytest.param("vitamin D3 1,000 IU", [("D3", F(25), "serving", None, None)], id="thousands-comma"),
    pytest.param("cholecalciferol 45,000 IU", [("D3", F(1125), "serving", None, None)], id="thousands-comma-45000"),
    pytest.param("D3 1 000 IU", [("D3", F(25), "serving", None, None)], id="space-grouped-000"),
    pytest.param("D3 1\u202f250 IU", [("D3", F(125, 4), "serving", None, None)], id="narrow-nbsp-grouping"),
    pytest.param("K1 0.5 mg", [("K1", F(500), "serving", None, None)], id="decimal"),
    pytest.param("K1 .5 mg", [("K1", F(500), "serving", None, None)], id="naked-decimal-still-read"),
    pytest.param("K1 1/2 mg", [("K1", F(500), "serving", None, None)], id="slash-fraction"),
    pytest.param("K1 ½ mg", [("K1", F(500), "serving", None, None)], id="vulgar-fraction"),
    pytest.param("K1 1½ mg", [("K1", F(1500), "serving", None, None)], id="mixed-vulgar-fraction"),
    pytest.param("K1 １．５ mg", [("K1", F(1500), "serving", None, None)], id="full-width-digits"),
    pytest.param("K1\u00a01\u00a0mg", [("K1", F(1000), "serving", None, None)], id="no-break-spaces"),
    pytest.param("MK-7 100 mcg per drop", [("MK-7", F(100), "drop", None, None)], id="per-drop"),
    pytest.param("D3 400 IU per 0.5 mL", [("D3", F(10), "mL", None, None)], id="per-half-mL"),
    pytest.param(
        "MK-7 100 mcg, 2 capsules daily", [("MK-7", F(100), "serving", F(2), F(200))], id="two-capsules-daily"
    ),
    pytest.param(
        "Vitamin D3 25 mcg (1000 IU), take 1 softgel three times daily",
        [("D3", F(25), "softgel", F(3), F(75))],
        id="softgel-three-times",
    ),
    pytest.param(
        "vitamin D 10 mcg (400 IU) (from cholecalciferol)",
        [("D3", F(10), "serving", None, None)],
        id="trailing-form-refines",
    ),
    pytest.param("Vitamin D 1000 units", [("D", F(25), "serving", None, None)], id="units-for-vitamin-d"),
    pytest.param(
        "Obergrenze: 4.000 IE/Tag (100 µg) vitamin D",
        [("D", F(100), "day", None, F(100))],
        id="thousands-dot-settled-by-equivalent",
    ),
    pytest.param("menadione 10 mg", [("K3", F(10000), "serving", None, None)], id="menadione"),
    pytest.param(
        "take 10 mcg of vitamin K2 per 1000 IU of vitamin D3", [("K2", F(10), "serving", None, None)], id="ratio-basis"
    ),
]


@pytest.mark.parametrize(("text", "expected"), READ)
def test_reads(text: str, expected: list[tuple], forms: FormRegistry) -> None:
    label = parse_label(text, forms)
    got = [(i.form, i.amount_ug, i.per, i.doses_per_day, i.daily_ug) for i in label.ingredients]
    assert got == expected
    assert label.status == "ok"


AMBIGUOUS = [
    pytest.param("1,5 mg K1", {F(1500), F(15000)}, "KC102", id="decimal-comma"),
    pytest.param("K1 1.000 mg", {F(1000), F(1000000)}, "KC102", id="thousands-dot"),
    pytest.param("MK-4 1 250 mg", {F(1250000), F(250000)}, "KC102", id="space-or-count"),
    pytest.param("45 MG MK-7", {F(45000), F(45)}, "KC103", id="uppercase-MG"),
    pytest.param("45 Mg MK-7", {F(45000), F(45)}, "KC103", id="titlecase-Mg"),
    pytest.param("K1 10 units", {None}, "KC103", id="units-of-vitamin-K"),
    pytest.param("vitamin K 100 IU", {None}, "KC105", id="iu-of-vitamin-K"),
    pytest.param("5000 IU (200 micrograms) vitamin D3", {F(125), F(200)}, "KC402", id="mass-and-iu-disagree"),
    pytest.param("K1 0.51,50.5 mg", {None}, "KC102", id="malformed-mixed-separators"),
    pytest.param("K1 1,5,3 mg", {None}, "KC102", id="malformed-commas"),
]


@pytest.mark.parametrize(("text", "candidates", "code"), AMBIGUOUS)
def test_refuses_to_guess(text: str, candidates: set, code: str, forms: FormRegistry) -> None:
    label = parse_label(text, forms)
    (ingredient,) = label.ingredients
    assert ingredient.ambiguous and ingredient.amount_ug is None
    assert {c.amount_ug for c in ingredient.candidates} == candidates
    assert code in {p.code for p in ingredient.problems}
    assert label.status == "ambiguous"


def test_decimal_comma_when_told(forms: FormRegistry) -> None:
    (ingredient,) = parse_label("1,5 mg K1", forms, decimal_comma=True).ingredients
    assert ingredient.amount_ug == 1500 and not ingredient.ambiguous


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("hello world", id="no-number"),
        pytest.param("NOW Vitamin D-1000 softgels", id="number-without-unit"),
        pytest.param("Vitamin D3 17 U.S.C.", id="initialism-is-not-a-unit"),
    ],
)
def test_unreadable_names_the_span(text: str, forms: FormRegistry) -> None:
    with pytest.raises(UnreadableLabel) as raised:
        parse_label(text, forms)
    start, end = raised.value.span
    assert 0 <= start <= end <= len(text)


def test_unit_free_dose_points_at_the_number(forms: FormRegistry) -> None:
    text = "Vitamin D3 1000 daily"
    with pytest.raises(UnreadableLabel) as raised:
        parse_label(text, forms)
    start, end = raised.value.span
    assert text[start:end] == "1000"
    assert "no unit" in raised.value.message


def test_ingredient_names_are_never_units(forms: FormRegistry) -> None:
    """pint reads MK as megakelvin, 'as' as attosecond and K2 as kelvin²; kcheck must not."""
    (ingredient,) = parse_label("45 mcg (as MK-7)", forms).ingredients
    assert (ingredient.form, ingredient.amount_ug) == ("MK-7", 45)


def test_spans_point_into_the_original(forms: FormRegistry) -> None:
    text = "Vitamin K2 (as menaquinone-7) ４５ µg (38% DV)"
    (ingredient,) = parse_label(text, forms).ingredients
    start, end = ingredient.spans["amount"]
    assert text[start:end] == "４５ µg"
    start, end = ingredient.spans["name"]
    assert text[start:end].startswith("Vitamin K2")
    assert ingredient.pct_dv == 38


def test_distractor_minerals_are_not_vitamin_k(forms: FormRegistry) -> None:
    label = parse_label("800 IU of vitamin D (cholecalciferol), 20 mcg vitamin K1, 50 mg magnesium", forms)
    assert [(i.form, i.amount_ug) for i in label.ingredients] == [("D3", 20), ("K1", 20)]
    assert [name for name, _ in label.others] == ["magnesium"]


def test_order_attachment_is_reported(forms: FormRegistry) -> None:
    label = parse_label("vitamin d3 k2 125 mcg 50 mcg 120 vegcaps", forms)
    assert [(i.form, i.amount_ug) for i in label.ingredients] == [("D3", 125), ("K2", 50)]
    assert "KC107" in {p.code for p in label.problems}


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_raises_only_kcheck_errors(text: str) -> None:
    from kcheck.data import default_forms

    with contextlib.suppress(KcheckError):
        parse_label(text, default_forms())


DOSE_UG = st.builds(lambda n, places: Fraction(n, 10**places), st.integers(1, 10**9), st.integers(0, 3))


@settings(max_examples=300, deadline=None)
@given(DOSE_UG, st.sampled_from(["MK-7", "K1", "MK-4", "D3"]))
def test_formatting_then_rereading_gives_the_same_dose(ug: Fraction, form: str) -> None:
    """What kcheck prints (ISMP-safe: '1,000 mcg', '0.5 mg') reads back as exactly the same dose."""
    from kcheck.data import default_forms

    text = f"{form} {mass_text(ug)}"
    (ingredient,) = parse_label(text, default_forms()).ingredients
    if ingredient.ambiguous:
        assert ug in {c.amount_ug for c in ingredient.candidates}, text
    else:
        assert ingredient.amount_ug == ug, text
    assert parse_label(f"{form} {ingredient.amount.text()}", default_forms()).ingredients[0].amount == ingredient.amount


LABEL_PIECES = st.sampled_from(
    [
        "45",
        "0.5",
        ".5",
        "1,5",
        "1.000",
        "1 000",
        "½",
        "1/2",
        "400/800",
        "-",
        "–",
        "to",
        " ",
        "mcg",
        "MG",
        "µg",
        "IU",
        "units",
        "U",
        "x3",
        "tid",
        "daily",
        "per",
        "drop",
        "(",
        ")",
        "=",
        "~",
        "MK-7",
        "K2",
        "D3",
        "vitamin D",
        "of",
        "+",
        "and",
        ",",
        "%",
        "DV",
        "mL",
        "/kg",
        "/day",
        "every",
        "4",
        "months",
        "capsules",
        "between",
        "calcium",
        "mg",
        "gr",
        "K1",
        "(as",
        "\u00a0",
        "\u2009",
        "−",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LABEL_PIECES, max_size=14).map("".join) | st.lists(LABEL_PIECES, max_size=14).map(" ".join))
def test_label_like_text_never_breaks_check_or_render(text: str) -> None:
    """Token soup close to real labels exercises far more of the grammar than random unicode."""
    from kcheck.data import default_registry
    from kcheck.engine import check_text
    from kcheck.render.json_ import label_check_document
    from kcheck.render.terminal import render_label

    registry = default_registry()
    check = check_text(text, registry)
    assert check.status in ("ok", "ambiguous", "unreadable")
    label_check_document(check, registry)
    render_label(check, registry)


NAME_PART = st.text(alphabet="abK1é", min_size=1, max_size=3)
NAMES = st.lists(st.lists(NAME_PART, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(NAMES, st.data())
def test_names_are_found_as_trying_each_longest_first(names: list[str], data: st.DataObject) -> None:
    """The names' one trie pattern matches what trying each name in turn, longest first, matches: the same spans
    (a hyphen may join a letter to a digit inside a part: 'D-3'; a name ending in a capital may run into a
    capitalised word, a table cell's: 'Vitamin DHealthy')."""
    import re

    from kcheck.forms import _CELL_RUN, CJK, NAME_START, _name_pattern, alias_key

    pieces = st.sampled_from([*names, *(name.upper() for name in names), *"abkÉ1", " ", "-", ",", "("])
    text = "".join(data.draw(st.lists(pieces, max_size=8)))

    def spelled(name: str) -> str:
        hyphened = (re.sub(r"(?<=[^\W\d_])(?=\d)", "-?", re.escape(part)) for part in name.split())
        return r"[\s\-]?".join(hyphened)

    ordered = sorted(set(names), key=lambda name: (-len(alias_key(name)), name))
    one_by_one = re.compile(
        rf"{NAME_START}(?:{'|'.join(map(spelled, ordered))})(?:(?<=[{CJK}])|(?![^\W_{CJK}])|{_CELL_RUN})",
        re.IGNORECASE,
    )
    assert [m.span() for m in _name_pattern(names).finditer(text)] == [m.span() for m in one_by_one.finditer(text)]
