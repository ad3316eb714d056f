"""The rebuilt reader: lexicon-driven words, token spans, hedges, linear work, the public API."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Callable

import pytest

from kcheck.data import default_forms, default_lexicon
from kcheck.errors import UnreadableLabel
from kcheck.forms import FormRegistry
from kcheck.grammar import parse_label
from kcheck.label import stream_of
from kcheck.label.reading import read_label

DOSE_UNITS = {"mcg": "mcg", "mg": "mg", "g": "g", "IU": "IU", "units": "units", "u": "units"}


def _spellings(unit: str) -> list[str]:
    lexicon = default_lexicon()
    return sorted(s for s, u in lexicon.units.items() if u == unit and s not in {"gr"} and s.upper() != "G")


@pytest.mark.parametrize("unit", sorted(DOSE_UNITS))
def test_every_dose_unit_spelling_in_the_lexicon_reads(unit: str, forms: FormRegistry) -> None:
    """A spelling added to data/lexicon.yaml `units` is read: the one line to change for a unit alias."""
    for spelling in _spellings(unit):
        (ingredient,) = parse_label(f"D3 45 {spelling}", forms).ingredients
        assert ingredient.amount.unit == DOSE_UNITS[unit], spelling


@pytest.mark.parametrize("noun", sorted(default_lexicon().count_nouns))
def test_every_count_noun_is_a_per(noun: str, forms: FormRegistry) -> None:
    """Each count noun of the lexicon gives its per-unit after 'per'."""
    (ingredient,) = parse_label(f"MK-7 45 mcg per {noun}", forms).ingredients
    assert ingredient.per == default_lexicon().count_nouns[noun]


@pytest.mark.parametrize(
    ("phrase", "per_day"),
    [pytest.param(p, v, id=p) for p, v in sorted(default_lexicon().frequencies.items()) if not p.startswith("/")],
)
def test_every_frequency_phrase_reads(phrase: str, per_day: object, forms: FormRegistry) -> None:
    (ingredient,) = parse_label(f"MK-7 45 mcg {phrase}", forms).ingredients
    assert ingredient.doses_per_day == per_day or ingredient.per == "day"


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        pytest.param("up to 320mcg/day of vitamin K2", "up-to", id="up-to"),
        pytest.param("at least 10 mcg MK-7", "at-least", id="at-least"),
        pytest.param("MK-7 around 45 mcg", "around", id="around"),
        pytest.param("~80 μg phylloquinone/d", "around", id="tilde"),
        pytest.param("less than 5 mcg K1", "less-than", id="less-than"),
        pytest.param("Vitamin D3 bis zu 100 µg", "up-to", id="bis-zu"),
        pytest.param("jusqu'à 4000 UI de vitamine D", "up-to", id="jusqu-a"),
        pytest.param("etwa 20 µg Vitamin D", "around", id="etwa"),
        pytest.param("more than 4000 IU vitamin D3 a day", "at-least", id="more-than"),
        pytest.param("45 mcg MK-7", None, id="stated"),
        pytest.param("Minimaal colecalciferol 800 IE", "at-least", id="hedge-before-name"),
        pytest.param("at least vitamin D3 1000 IU", "at-least", id="hedge-before-name-en"),
        pytest.param("sotto le 400 unità al giorno di vitamina D", "less-than", id="hedge-before-article"),
        pytest.param("eine tolerierbare Obergrenze von 100 µg / Tag für Vitamin D3", "up-to", id="limit-noun-de"),
        pytest.param("ビタミンD 耐容上限量:100μg/日", "up-to", id="limit-noun-ja"),
        pytest.param("メナテトレノン (6mg)まで", "up-to", id="hedge-after-bracket"),
        pytest.param("Minimaal colecalciferol 1 capsule 800 IE", None, id="a-count-between-is-not-skipped"),
    ],
)
def test_hedges_bound_the_amount_without_changing_it(text: str, bound: str | None, forms: FormRegistry) -> None:
    (ingredient,) = parse_label(text, forms).ingredients
    assert ingredient.bound == bound
    assert ingredient.amount_ug is not None


def test_token_spans_point_into_the_original(forms: FormRegistry) -> None:
    text = "Vitamin K2 ４５\u00a0µg\u200b (38% DV)"
    for token in stream_of(text, forms).tokens:
        start, end = token.span
        assert 0 <= start < end <= len(text)
    kinds = {token.kind: text[slice(*token.span)] for token in stream_of(text, forms).tokens}
    assert kinds["NUMBER"] == "38" and kinds["UNIT"] == "%" and kinds["NAME"] == "Vitamin K2"


def test_a_huge_number_is_refused_not_a_crash(forms: FormRegistry) -> None:
    """Python will not convert a 10,000-digit string; kcheck says the number is out of range (KC112)."""
    (ingredient,) = parse_label("1" * 10_000 + " mcg MK-7", forms).ingredients
    assert ingredient.ambiguous and "KC112" in {p.code for p in ingredient.problems}


def _examined(text: str, forms: FormRegistry) -> int:
    """Characters the tokenizer's regex scanned plus tokens (and token characters) the parser visited."""
    scanned: list[int] = []
    stream = stream_of(text, forms, count=scanned.append)
    with contextlib.suppress(UnreadableLabel):
        read_label(text, stream, forms)  # the parser itself: no input-length limit applies
    return sum(scanned) + stream.work


FAMILIES: list[tuple[str, Callable[[int], str]]] = [
    ("amounts-list", lambda n: "45 mcg MK-7, " * n),
    ("ones-then-unit", lambda n: "1 " * n + "mcg MK-7"),
    ("long-number", lambda n: "1" * (10 * n) + " mcg MK-7"),
    ("names-then-amount", lambda n: "MK-7 " * n + "45 mcg"),
    ("amounts-then-name", lambda n: "45 mcg " * n + "MK-7"),
]


@pytest.mark.parametrize(("family", "make"), [pytest.param(f, m, id=f) for f, m in FAMILIES])
def test_reading_is_linear(family: str, make: Callable[[int], str], forms: FormRegistry) -> None:
    """Work at 2n is at most 2.2x the work at n (counted, not timed): no quadratic step is left."""
    work = _examined(make(1000), forms)
    assert _examined(make(2000), forms) <= 2.2 * work, family


def test_kcheck_parse_label_uses_the_shipped_data() -> None:
    import kcheck

    label = kcheck.parse_label("1,5 mg K1", decimal_comma=True)
    assert label.ingredients[0].amount_ug == 1500


def test_import_kcheck_stays_light() -> None:
    """kcheck.parse_label is exported lazily: importing kcheck loads no pint, rich or PyYAML."""
    code = "import sys, kcheck; kcheck.parse_label; print(sorted({'pint', 'rich', 'yaml'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("menatetrenone 45 mg in 3 divided doses", id="en"),
        pytest.param("MK-4 45 mg verteilt auf 3 Einzeldosen", id="de"),
        pytest.param("MK-4 45 mg, en 3 prises", id="fr"),
        pytest.param("メナテトレノン 45 mg 3回に分けて", id="ja"),
    ],
)
def test_divided_doses_make_the_amount_a_daily_total(text: str, forms: FormRegistry) -> None:
    """Newly read (the old grammar assumed one serving a day): 45 mg a day, taken as 3 doses."""
    (ingredient,) = parse_label(text, forms).ingredients
    assert (ingredient.per, ingredient.doses_per_day, ingredient.daily_ug) == ("day", 3, 45000)
    assert not ingredient.per_assumed


@pytest.mark.parametrize("entry", [pytest.param(e, id=e.abbr) for e in default_lexicon().latin])
def test_kc206_and_the_grammar_share_one_latin_list(entry: object, forms: FormRegistry) -> None:
    """Every Latin abbreviation KC206 flags is the lexicon's; the grammar reads the ones with doses a day."""
    from kcheck.lint import _latin_pattern, _latin_words

    assert entry.abbr in _latin_words() and _latin_pattern().search(f"45 mcg {entry.abbr}")
    (ingredient,) = parse_label(f"MK-7 45 mcg {entry.abbr}", forms).ingredients
    assert ingredient.doses_per_day == entry.per_day


def test_readme_lexicon_table_is_generated(update_golden: bool) -> None:
    """README's word table comes from data/lexicon.yaml (`pytest --update-golden` rewrites it)."""
    from pathlib import Path

    from kcheck.label.lexicon import lexicon_markdown

    readme = Path(__file__).resolve().parent.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split("<!-- lexicon:begin -->\n")
    _, tail = rest.split("<!-- lexicon:end -->")
    expected = lexicon_markdown(default_lexicon())
    if update_golden:
        readme.write_text(f"{head}<!-- lexicon:begin -->\n{expected}<!-- lexicon:end -->{tail}", encoding="utf-8")
    assert rest.split("<!-- lexicon:end -->")[0] == expected


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(lambda d: d.pop("units"), "units", id="missing-class"),
        pytest.param(lambda d: d["units"]["mg"].append("mcg"), "listed twice", id="spelling-in-two-units"),
        pytest.param(lambda d: d["frequency"]["phrases"].update({"daily": "x"}), "not a number", id="bad-value"),
        pytest.param(lambda d: d["hedges"].update({"roughly": ["roughly"]}), "not a bound", id="unknown-bound"),
        pytest.param(
            lambda d: d["negations"].append(False), "False, not a phrase", id="yaml-boolean-word"
        ),  # a bare no
    ],
)
def test_a_broken_lexicon_is_a_data_error_naming_the_file(change: Callable, message: str) -> None:
    import copy

    from kcheck.data import load_file
    from kcheck.errors import DataError
    from kcheck.label.lexicon import build_lexicon

    data = copy.deepcopy(load_file("lexicon.yaml"))
    change(data)
    with pytest.raises(DataError, match=rf"lexicon\.yaml.*{message}"):
        build_lexicon(data)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("vitamin K1 1 mcg/kg", id="slash-kg"),
        pytest.param("vitamin K1 1 microgram per kilogram body weight", id="per-kilogram"),
        pytest.param("vitamin K 1 microgram (mcg) per kilogram (kg) body weight", id="unit-echo-before-per"),
        pytest.param("1 μg K1 per kg of body weight (daily)", id="name-before-per-kg"),
        pytest.param(
            "Adults need approximately 0.001mg a day of vitamin K for each kilogram of their body weight.",
            id="kilogram-later-in-the-sentence",
        ),
        pytest.param("vitamin K1 1 mcg daily for every kg of weight", id="every-kg"),
    ],
)
def test_an_amount_per_kg_body_weight_has_no_daily_total(text: str, forms: FormRegistry) -> None:
    """Held-out prose (issue 17): 'per kilogram' is 'per kg' (the lexicon's unit, not its spelling), and a
    parenthesised unit that restates the one before it ('(mcg)') does not hide the per after it."""
    (ingredient,) = parse_label(text, forms).ingredients
    assert ingredient.per_kg and ingredient.daily_ug is None and ingredient.amount_ug == 1


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        pytest.param("MK-4 100 mcg to 15 mg", 100, 15000, id="mcg-to-mg"),
        pytest.param("MK-4 0.5-1 g", 500000, 1000000, id="same-unit"),
        pytest.param("MK-4 500 µg-1 mg", 500, 1000, id="dash"),
    ],
)
def test_a_range_may_span_two_mass_units(text: str, low: int, high: int, forms: FormRegistry) -> None:
    """'ranges from 100 mcg to 15 mg daily' (held-out prose, issue 17) is one range, not 100 mcg and 15 mg."""
    (ingredient,) = parse_label(text, forms).ingredients
    assert (ingredient.amount_ug, ingredient.amount_ug_high) == (low, high)


def test_a_high_end_lower_than_the_low_end_is_no_range(forms: FormRegistry) -> None:
    """'1 mg to 500 mcg' is two amounts (a change, or a list), never a range that runs downwards."""
    ingredients = parse_label("MK-4 1 mg to 500 mcg", forms).ingredients
    assert [i.amount_ug for i in ingredients] == [1000, 500]


@pytest.mark.parametrize(
    ("text", "form"),
    [
        pytest.param("50,000 IU of vitamin D2 (ergocalciferol) or D3 (cholecalciferol)", "D", id="or-forms"),
        pytest.param("50,000 IU of vitamin D2 or vitamin D3", "D", id="or-names"),
        pytest.param("45 mcg vitamin K2 (menaquinone-7, MK-7)", "MK-7", id="synonyms-in-apposition"),
        pytest.param("vitamin D(3) at 700-800 IU/day", "D3", id="subscript-in-parentheses"),
        pytest.param("vitamin D (cholecalciferol or ergocalciferol) 400 IU", "D", id="alternatives-in-apposition"),
    ],
)
def test_alternative_forms_name_what_they_share(text: str, form: str, forms: FormRegistry) -> None:
    """Held-out prose (issue 17): 'D2 or D3' is either form (D); a synonym of one form is not an alternative."""
    (ingredient,) = parse_label(text, forms).ingredients
    assert ingredient.form == form


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        pytest.param("vitamin D: maximum levels of 3 µg per 100 kcal", "up-to", id="maximum-levels"),
        pytest.param("vitamin D: minimum levels for formula of 1 µg per 100 kcal", "at-least", id="minimum-levels"),
        pytest.param("20,000 to 50,000 IUs/day of vitamin D3", None, id="ius-spelling"),
    ],
)
def test_held_out_limit_words_and_spellings(text: str, bound: str | None, forms: FormRegistry) -> None:
    """Second held-out batch (issue 17): 'minimum/maximum levels' bound the amount later in the clause; 'IUs' is IU."""
    (ingredient,) = parse_label(text, forms).ingredients
    assert ingredient.bound == bound and ingredient.amount_ug is not None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("Vitamin K2 (as menaquinone-7) 100 mcg", "Vitamin K2 (as menaquinone-7)", id="as-form"),
        pytest.param("Vitamin K2 (MK-7) 100 mcg", "Vitamin K2 (MK-7)", id="code-in-brackets"),
        pytest.param("Vitamin D3 (cholecalciferol ) 25 mcg", "Vitamin D3 (cholecalciferol )", id="space-before-close"),
        pytest.param("Vitamin D3 [cholecalciferol] 25 mcg", "Vitamin D3 [cholecalciferol]", id="square-brackets"),
        pytest.param("vitamin D (cholecalciferol or ergocalciferol) 400 IU", "vitamin D (cholecalciferol or "
                     "ergocalciferol)", id="alternatives"),
        pytest.param("Vitamin K1 (menaquinone-7) 100 mcg", "Vitamin K1 (menaquinone-7)", id="two-substances"),
        pytest.param("Vitamin D3 (as cholecalciferol 25 mcg", "Vitamin D3 (as cholecalciferol", id="never-closed"),
        pytest.param("Vitamin K2 (MK-7 100 mcg)", "Vitamin K2 (MK-7", id="closes-after-the-amount"),
    ],
)
def test_a_name_in_brackets_ends_with_its_closing_bracket(text: str, name: str, forms: FormRegistry) -> None:
    """'Vitamin K2 (as menaquinone-7' is not what the label says: a name that opens a bracket and whose next
    character closes it includes the closing bracket, in its text and its span."""
    (ingredient,) = parse_label(text, forms).ingredients
    assert ingredient.name_text == name
    start, end = ingredient.spans["name"]
    assert text[start:end] == name


@pytest.mark.parametrize("alias", sorted(default_forms().alias_to_form))
def test_no_name_swallows_the_number_after_it(alias: str, forms: FormRegistry) -> None:
    """'vitamin K 1 mg' is 1 mg of vitamin K: an alias that ends in a digit apart ('vitamin K-1' also matches
    'vitamin K 1') would take the amount's number into the name and leave no dose."""
    for unit, micrograms in (("mg", 1000), ("mcg", 1)):
        label = parse_label(f"{alias} 1 {unit}", forms)
        assert any(i.amount_ug == micrograms or i.ambiguous for i in label.ingredients), (alias, unit)
