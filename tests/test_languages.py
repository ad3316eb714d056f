"""Labels in German, French, Italian, Spanish, Dutch, Japanese, Chinese and Korean, and text damaged by exports."""

from __future__ import annotations

import unicodedata
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcheck.errors import UnreadableLabel
from kcheck.forms import FormRegistry
from kcheck.grammar import parse_label
from kcheck.label import stream_of
from kcheck.label.lexicon import CJK_CHAR, PIECE
from kcheck.label.normalise import DAMAGE, normalise


def _one(text: str, forms: FormRegistry, **options: object):  # type: ignore[no-untyped-def]
    label = parse_label(text, forms, **options)  # type: ignore[arg-type]
    assert len(label.ingredients) == 1, label.ingredients
    return label, label.ingredients[0]


@pytest.mark.parametrize(
    ("text", "form", "amount_ug", "per", "doses", "daily_ug"),
    [
        pytest.param("Vitamin K2 (Menachinon-7) 100 µg pro Tag", "MK-7", 100, "day", None, 100, id="de-menachinon"),
        pytest.param("Vitamine D3 25 microgram per dag", "D3", 25, "day", None, 25, id="nl-per-dag"),
        pytest.param("Vitamine D3 1000 UI par jour", "D3", 25, "day", None, 25, id="fr-par-jour"),
        pytest.param("vitamina D3 25 µg al giorno", "D3", 25, "day", None, 25, id="it-al-giorno"),
        pytest.param("vitamina K2 (menaquinona-7) 90 µg al día", "MK-7", 90, "day", None, 90, id="es-al-dia"),
        pytest.param("ménaquinone-7 45 µg par jour", "MK-7", 45, "day", None, 45, id="fr-menaquinone"),
        pytest.param("colecalciferolo 25 µg al giorno", "D3", 25, "day", None, 25, id="it-colecalciferolo"),
        pytest.param(
            "Vitamin D3 20.000 I.E. alle 2 Wochen", "D3", None, "serving", Fraction(1, 14), None, id="de-alle-2-wochen"
        ),
        pytest.param(
            "2 Tropfen täglich, 1 Tropfen = 500 I.E. Vitamin D3", "D3", Fraction(25, 2), "drop", 2, 25, id="de-tropfen"
        ),
        pytest.param(
            "Vitamin D3 500 I.E. pro Tropfen, 2 Tropfen täglich",
            "D3",
            Fraction(25, 2),
            "drop",
            2,
            25,
            id="de-pro-tropfen",
        ),
        pytest.param(
            "vitamine D3 300 UI par goutte, 3 gouttes par jour",
            "D3",
            Fraction(15, 2),
            "drop",
            3,
            Fraction(45, 2),
            id="fr-gouttes",
        ),
        pytest.param("グラケーカプセル15mg 1日3回", "MK-4", 15000, "serving", 3, 45000, id="ja-glakay-3-times"),
        pytest.param("ビタミンK2 (メナキノン-7) 100μg", "MK-7", 100, "serving", None, None, id="ja-menaquinone-7"),
        pytest.param("メナテトレノンとして1日45mgを3回に分けて", "MK-4", 45000, "day", 3, 45000, id="ja-divided-doses"),
        pytest.param(
            "通常成人1日3カプセル(メナテトレノンとして45mg)を3回に分けて食後に経口投与",
            "MK-4", 45000, "day", 3, 45000, id="ja-count-then-divided-doses",
        ),
        pytest.param("ビタミンD3 25μg/日", "D3", 25, "day", None, 25, id="ja-per-day"),
        pytest.param("ビタミンD3 毎日25μg", "D3", 25, "serving", 1, 25, id="ja-every-day-before"),
        pytest.param("メナテトレノン 1日1回15mg", "MK-4", 15000, "serving", 1, 15000, id="ja-once-a-day-before"),
        pytest.param("ビタミンD3 1000IU 週1回", "D3", 25, "serving", Fraction(1, 7), Fraction(25, 7), id="ja-weekly"),
        pytest.param("フィトナジオン 5mg 1日2回", "K1", 5000, "serving", 2, 10000, id="ja-phytonadione"),
        pytest.param("维生素K2(MK-7)的起效剂量是45ug/日", "MK-7", 45, "day", None, 45, id="zh-per-day"),
        pytest.param("维生素D3 每天400国际单位", "D3", 10, "serving", 1, 10, id="zh-every-day-iu"),
        pytest.param("维生素D 10微克/天", "D", 10, "day", None, 10, id="zh-micrograms-a-day"),
        pytest.param("维生素K2 每日补充180μg", "K2", 180, "serving", 1, 180, id="zh-daily-before"),
        pytest.param("MK-7은 100μg면 충분합니다", "MK-7", 100, "serving", None, None, id="ko-particles-after"),
        pytest.param("비타민D를 하루 600국제단위(IU)", "D", 15, "serving", 1, 15, id="ko-a-day-before"),
        pytest.param("비타민 D 600국제단위/일", "D", 15, "day", None, 15, id="ko-per-day"),
        pytest.param("비타민 K2 (MK-7) 180㎍", "MK-7", 180, "serving", None, None, id="ko-apposition"),
        pytest.param("10만 IU의 비타민D 주사", "D", 2500, "serving", None, None, id="ko-man"),
        pytest.param("Det er tilrådd med 10 mikrogram D-vitamin per dag.", "D", 10, "day", 1, 10, id="no-d-vitamin"),
    ],
)
def test_a_label_in_another_language_is_read_with_its_form(
    text: str,
    form: str,
    amount_ug: Fraction | None,
    per: str,
    doses: Fraction | None,
    daily_ug: Fraction | None,
    forms: FormRegistry,
) -> None:
    _, ingredient = _one(text, forms)
    assert ingredient.form == form
    if amount_ug is None:  # a thousands dot: ambiguous unless --decimal-comma, the frequency still read
        assert ingredient.ambiguous
    else:
        assert ingredient.amount_ug == amount_ug
        assert ingredient.daily_ug == daily_ug
    assert ingredient.per == per
    assert ingredient.doses_per_day == doses


def test_the_glakay_dosage_sentence_is_45_mg_a_day_in_3_doses_of_15_mg(forms: FormRegistry) -> None:
    """facts.md §1: 通常、成人にはメナテトレノンとして1日45mgを3回に分けて食後に経口投与する。"""
    text = "通常、成人にはメナテトレノンとして1日45mgを3回に分けて食後に経口投与する。"
    _, ingredient = _one(text, forms)
    assert (ingredient.form, ingredient.per, ingredient.daily_ug) == ("MK-4", "day", 45000)
    assert ingredient.doses_per_day == 3 and ingredient.daily_ug / ingredient.doses_per_day == 15000
    start, end = ingredient.spans["name"]
    assert text[start:end] == "メナテトレノン"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("グラセプターカプセル5mg 1日1回", id="graceptor"),
        pytest.param("グラケ 15mg", id="truncated"),
    ],
)
def test_names_that_only_look_like_glakay_name_no_vitamin(text: str, forms: FormRegistry) -> None:
    """グラセプター (Graceptor) is tacrolimus: it shares two letters with グラケー, not the name."""
    _, ingredient = _one(text, forms)
    assert ingredient.nutrient is None and ingredient.form is None


def test_a_decimal_comma_stays_ambiguous_and_names_the_language(forms: FormRegistry) -> None:
    _, ingredient = _one("Vitamin D3 0,5 mg pro Weichkapsel, 1 Kapsel täglich", forms)
    assert ingredient.ambiguous
    (problem,) = [p for p in ingredient.problems if p.code == "KC102"]
    assert "German" in problem.message and "--decimal-comma" in problem.message
    _, read = _one("Vitamin D3 0,5 mg pro Weichkapsel, 1 Kapsel täglich", forms, decimal_comma=True)
    assert read.amount_ug == 500


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param("vitamine K1 1,5 mg par jour", "French", id="fr"),
        pytest.param("vitamina K1 1,5 mg al giorno", "Italian", id="it"),
        pytest.param("vitamina K1 1,5 mg al día", "Spanish", id="es"),
        pytest.param("vitamine K1 1,5 mg per dag", "Dutch", id="nl"),
    ],
)
def test_the_decimal_comma_finding_says_which_language(text: str, language: str, forms: FormRegistry) -> None:
    _, ingredient = _one(text, forms)
    assert ingredient.ambiguous
    assert any(language in p.message for p in ingredient.problems)


def test_an_english_label_with_a_comma_names_no_language(forms: FormRegistry) -> None:
    _, ingredient = _one("vitamin K1 1,5 mg per day, take as directed", forms)
    assert ingredient.ambiguous
    assert not any("look" in p.message for p in ingredient.problems)


@pytest.mark.parametrize(
    ("text", "damaged", "amount_ug", "high_ug"),
    [
        pytest.param("Vitamin K2 (as MK-7) 100 Âµg", "Âµ", 100, None, id="micro-cp1252"),
        pytest.param("Vitamin D3 1â€“5 mg", "â€“", 1000, 5000, id="en-dash"),
        pytest.param("Vitamin D3 1â€”5 mg", "â€”", 1000, 5000, id="em-dash"),
        pytest.param("Vitamin K2 (MK-7) 100 Î¼g", "Î¼", 100, None, id="greek-mu"),
        pytest.param("Vitamin D3 25 Âµg par jour (cholÃ©calcifÃ©rol)", "Âµ", 25, None, id="french-accents"),
    ],
)
def test_damaged_text_is_read_repaired_with_a_finding(
    text: str, damaged: str, amount_ug: int, high_ug: int | None, forms: FormRegistry
) -> None:
    label, ingredient = _one(text, forms)
    assert (ingredient.amount_ug, ingredient.amount_ug_high) == (amount_ug, high_ug)
    repairs = [p for p in label.problems if p.code == "KC110"]
    assert repairs and damaged in repairs[0].message
    assert any(text[p.span[0] : p.span[1]] == damaged for p in repairs), "the span points at the damage as written"
    start, end = ingredient.spans["amount"]
    assert text[start:end].endswith("g"), "the amount's span covers the whole damaged unit"


def test_clean_text_gets_no_repair_finding(forms: FormRegistry) -> None:
    label, _ = _one("Vitamin D3 1–5 µg, cholécalciférol", forms)
    assert not [p for p in label.problems if p.code == "KC110"]


_CLEAN = st.text(alphabet=st.sampled_from(sorted({*DAMAGE.values(), *"abcMKD0123456789 .,()"})), max_size=40)


def _damage(char: str) -> str:
    """One character as an export that reads UTF-8 as cp1252 (or latin-1 where cp1252 has no byte) shows it."""
    raw = char.encode("utf-8")
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


@given(_CLEAN)
def test_damage_undone_reads_as_the_clean_text(text: str) -> None:
    """UTF-8 read as cp1252, then repaired, normalises to the same text, and every span maps back."""
    damaged = "".join(_damage(char) for char in text)
    repaired = normalise(damaged)
    assert repaired.text == normalise(text).text
    for index in range(len(repaired.text)):
        start, end = repaired.span(index, index + 1)
        assert 0 <= start < end <= len(damaged)


@pytest.mark.parametrize(
    ("name", "brand"),
    [
        pytest.param("グラケーカプセル", "Glakay", id="glakay-ja"),
        pytest.param("Glakay", "Glakay", id="glakay-en"),
        pytest.param("ケイツーシロップ", "Kaytwo", id="kaytwo-ja"),
        pytest.param("グラセプターカプセル", None, id="graceptor"),
        pytest.param("menatetrenone", None, id="generic-name"),
    ],
)
def test_a_brand_is_found_by_its_names(name: str, brand: str | None, forms: FormRegistry) -> None:
    found = forms.brand_in(name)
    assert (found.name if found else None) == brand


def test_the_glakay_brand_shows_its_product_and_label_regimen() -> None:
    from click.testing import CliRunner

    from kcheck.cli import main

    result = CliRunner().invoke(main, ["label", "グラケーカプセル15mg 1日3回"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Glakay: Glakay Capsules 15 mg" in result.output
    assert "its label's regimen: 15 mg 3 times a day = 45 mg/day" in result.output
    assert "-> 45 mg/day" in result.output


def test_a_brand_alias_that_names_another_form_is_a_data_error() -> None:
    import copy

    from kcheck.data import load_file
    from kcheck.errors import DataError
    from kcheck.forms import build_form_registry

    data = copy.deepcopy(load_file("forms.yaml"))
    data["brands"][0]["form"] = "MK-7"
    with pytest.raises(DataError, match=r"brands\[0\] \(Glakay\)"):
        build_form_registry(data)


def test_chinese_milligrams_are_read(forms: FormRegistry) -> None:
    """'毫克' is mg: 'MK-4每天服用45毫克' (a public article) is 45 mg of MK-4 a day, not an unreadable label."""
    (ingredient,) = parse_label("MK-4每天服用45毫克可以有效改善骨质疏松症状", forms).ingredients
    assert (ingredient.form, ingredient.amount_ug, ingredient.daily_ug) == ("MK-4", 45000, 45000)


@pytest.mark.parametrize(
    ("text", "form", "ug"),
    [
        pytest.param("每日120微克的維生素K", "K", 120, id="traditional-k"),
        pytest.param("每日400国际单位的維生素D3", "D3", 10, id="traditional-d3"),
        pytest.param("每日400国际单位的维生素D3", "D3", 10, id="simplified-d3"),
    ],
)
def test_traditional_chinese_names_are_the_simplified_ones(text: str, form: str, ug: int, forms: FormRegistry) -> None:
    """Traditional Chinese writes 維 where Simplified writes 维 ('每日120微克的維生素K', a Taiwanese dietitian's page):
    one name, whichever script, not an amount with no nutrient."""
    (ingredient,) = parse_label(text, forms).ingredients
    assert (ingredient.form, ingredient.amount_ug) == (form, ug)


def test_chinese_week_and_or_are_read(forms: FormRegistry) -> None:
    """'或' is 'or' and '/周' is a week (a public hospital page): '维生素D2或维生素D3 2000IU/天或50000IU/周' gives
    2000 IU a day or 50,000 IU a week of vitamin D (D2 or D3, so no one form), not a weekly dose read as daily."""
    text = "建议用维生素D2或维生素D3 2000IU/天或50000IU/周,连续治疗6周后调整至维持剂量。"
    daily, weekly = parse_label(text, forms).ingredients
    assert (daily.form, daily.amount_ug, daily.daily_ug) == ("D", 50, 50)
    assert (weekly.form, weekly.amount_ug, weekly.daily_ug) == ("D", 1250, Fraction(1250, 7))



@pytest.mark.parametrize(
    ("text", "daily"),
    [
        pytest.param("維生素D3 400IU，每天兩顆", 20, id="zh-two-capsules-a-day"),
        pytest.param("維生素D3 400IU，每週一顆", Fraction(10, 7), id="zh-one-a-week-traditional"),
        pytest.param("維生素D3 400IU，一週一顆", None, id="zh-week-unread-is-said"),
    ],
)
def test_chinese_counts_and_the_traditional_week_are_read(
    text: str, daily: Fraction | None, forms: FormRegistry
) -> None:
    """'每天補充兩顆' (two capsules a day) and '每週' (every week, Traditional) from public pages: a Chinese count
    multiplies the amount, the Traditional week is read, and a week kcheck does not read ('一週一顆') is said, not
    passed over for an assumed serving a day."""
    (dose,) = parse_label(text, forms).ingredients
    assert dose.daily_ug == daily
    if daily is None:
        assert any(p.code == "KC108" and "週" in p.message for p in dose.problems)


@pytest.mark.parametrize(
    ("text", "form", "daily", "bound"),
    [
        pytest.param("witamina D3 4000 IU dziennie", "D3", 100, None, id="pl-dziennie"),
        pytest.param(
            "Zdrowi dorośli powinni przyjmować około 2000 IU na dobę witaminy D3", "D3", 50, None, id="pl-na-dobe"
        ),
        pytest.param("вітаміну D 500 – 1000 МО на добу", "D", Fraction(25, 2), None, id="uk-mo-na-dobu"),
        # 'Добова норма' (the daily norm) is not read: no daily amount, but the floor is
        pytest.param("Добова норма вітаміну D для дорослих мінімально становить 600–800 МО.", "D", None, "at-least",
                     id="uk-minimalno"),
        pytest.param("D vitamini günde 1500 İÜ, haftada 10500 İÜ", "D", Fraction(75, 2), None, id="tr-gunde-haftada"),
        pytest.param("vitamin D 4000 IU denně", "D", 100, None, id="cs-denne"),
        pytest.param("20 mikrogram vitamin D daglig", "D", 20, None, id="no-daglig"),
        pytest.param("vitamina D 800 UI por dia", "D", 20, None, id="pt-por-dia"),
        pytest.param("vitamina D pelo menos 400 UI/dia", "D", 10, "at-least", id="pt-pelo-menos"),
        pytest.param("vitamine D3: ne pas dépasser 4000 UI par jour", "D3", 100, "up-to", id="fr-ne-pas-depasser"),
        pytest.param("vitamina D3 non superare 4000 UI al giorno", "D3", 100, "up-to", id="it-non-superare"),
        pytest.param("비타민D 하루 최대 섭취량을 4,000 IU", "D", 100, "up-to", id="ko-choedae"),
        # Devanagari and Thai vowel signs had split words: 'माइक्रोग्राम' was 'म', 'ा', 'इक', ...
        pytest.param("बच्चों को प्रतिदिन 8.5 से 10 माइक्रोग्राम विटामिन डी की आवश्यकता पड़ती है।", "D", Fraction(17, 2), None,
                     id="hi-pratidin-se"),
        pytest.param("60 वर्षों के लोगों को 600 आईयू विटामिन डी की जरुरत होती है", "D", None, None, id="hi-iu"),
        # the micrograms restate the IU at 40 IU a microgram: vitamin D, though no name is written
        pytest.param("เด็ก 400-600 IU (10-15 ไมโครกรัม)", "D", None, None, id="th-microgram"),
        pytest.param("a csecsemők és kisgyermekek számára napi 400 NE, kisiskolás korban 1000 NE, a kamaszkorban "
                     "2000 NE gyógyszergyári körülmények között gyártott D-vitamin szedése javasolt", "D", 10, None,
                     id="hu-napi-ne"),
    ],
)
def test_words_of_more_languages_are_read(
    text: str, form: str, daily: Fraction | None, bound: str | None, forms: FormRegistry
) -> None:
    """Per-day words, units, names and hedges of Polish, Ukrainian, Turkish, Czech, Norwegian, Portuguese, Hindi,
    Thai and Hungarian, and limit words of French, Italian and Korean, each from a public page (data/lexicon.yaml):
    the first amount's daily total and bound, where an unknown word had left a bound out or a week read as a day."""
    ingredient = parse_label(text, forms).ingredients[0]
    assert (ingredient.form, ingredient.daily_ug, ingredient.bound) == (form, daily, bound)


def test_croatian_do_joins_a_range(forms: FormRegistry) -> None:
    """'1 do 2 μg dnevno u djece' (a public page) is 1-2 µg: without 'do' it read 2 µg, the range's high end."""
    ingredient = parse_label("Unos vitamina D (1 do 2 μg dnevno u djece)", forms).ingredients[0]
    assert (ingredient.amount_ug, ingredient.amount_ug_high) == (1, 2)


def test_japanese_phytomenadione_is_k1(forms: FormRegistry) -> None:
    """'フィトメナジオン' (phytomenadione, an injection's leaflet) names K1 as 'フィトナジオン' does."""
    (ingredient,) = parse_label("ケナジオン(フィトメナジオン)10mg (1mL x 10)", forms).ingredients
    assert (ingredient.form, ingredient.amount_ug) == ("K1", 10000)


@pytest.mark.parametrize(
    ("text", "form", "amount", "daily"),
    [
        pytest.param("Взрослым обычно назначают 1000–2000 МЕ витамина D в сутки", "D", (25, 50), (25, 50),
                     id="me-per-day"),
        pytest.param("Эргокальциферол – витамин Д выпускается в драже по 500 МЕ", "D2", (Fraction(25, 2), None), None,
                     id="ergocalciferol"),
        pytest.param("Холекальциферол 375 мкг", "D3", (375, None), None, id="mkg"),
    ],
)
def test_russian_units_and_names_are_read(
    text: str, form: str, amount: tuple[object, object], daily: tuple[int, int] | None, forms: FormRegistry
) -> None:
    """МЕ (IU), мкг (mcg), в сутки (a day) and the Russian names (cited pages) are read."""
    ingredient = parse_label(text, forms).ingredients[0]
    assert (ingredient.form, (ingredient.amount_ug, ingredient.amount_ug_high)) == (form, amount)
    assert (daily is None and ingredient.daily_ug is None) or (ingredient.daily_ug, ingredient.daily_ug_high) == daily


def test_japanese_minimum_is_a_floor(forms: FormRegistry) -> None:
    """'最低' (at the least, a public page) before an amount is a floor, not a plain dose."""
    (ingredient,) = parse_label("ビタミンD 1日に最低400IU", forms).ingredients
    assert (ingredient.amount_ug, ingredient.bound) == (10, "at-least")


_BMP_MARKS = [chr(c) for c in range(0x10000) if unicodedata.category(chr(c))[0] == "M" and not CJK_CHAR.match(chr(c))]


def test_every_combining_mark_continues_its_word() -> None:
    """A vowel sign, accent or other mark after a letter (Unicode category M in this Python's tables) is in the
    letter's word: 'क' + mark + 'ख' is one piece for every mark, so no script's words fall apart at their marks."""
    split = [hex(ord(mark)) for mark in _BMP_MARKS if PIECE.fullmatch(f"क{mark}ख") is None]
    assert not split and len(_BMP_MARKS) > 1000


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("600 आईयू विटामिन डी", ["आईयू", "विटामिन डी"], id="devanagari"),
        pytest.param("(10-15 ไมโครกรัม)", ["ไมโครกรัม"], id="thai"),
        pytest.param("वर्षों की जरुरत", ["वर्षों", "की", "जरुरत"], id="devanagari-unknown-words"),
    ],
)
def test_words_keep_their_marks(text: str, words: list[str], forms: FormRegistry) -> None:
    assert [t.text for t in stream_of(text, forms).tokens if t.kind not in ("NUMBER", "PUNCT", "RANGE_SEP")] == words


def test_a_mark_after_a_name_makes_it_another_word(forms: FormRegistry) -> None:
    """'Vitamin D' with a mark on its D is not the name 'Vitamin D' (as 'Vitamin Dx' is not)."""
    assert not [t for t in stream_of("Vitamin D\u0301 1000 IU", forms).tokens if t.kind == "NAME"]


@pytest.mark.parametrize(
    ("text", "ug", "bound"),
    [
        pytest.param("ビタミンD 1日10万IU(2500μg)以上", 2500, "at-least", id="ja-ijou"),
        pytest.param("ビタミンK 50μg/日以下", 50, "up-to", id="ja-ika"),
        pytest.param("ビタミンK 250μg/日以内", 250, "up-to", id="ja-inai"),
        pytest.param("MK-7（最大360 µg）", 360, "up-to", id="ja-saidai"),
        pytest.param("维生素D 每日至少 10,000 IU", 250, "at-least", id="zh-zhishao"),
        pytest.param("每日至少攝取10,000 IU以上的Vitamin D3", 250, "at-least", id="zh-yishang"),
        pytest.param("婴幼儿每天摄入1000 IU以内的维生素D", 25, "up-to", id="zh-yinei"),
        pytest.param("维生素D 每日补充量不宜超过2000IU", 50, "up-to", id="zh-buyi-chaoguo"),
        pytest.param("維生素D 每日補充劑量以不超過2000IU為宜", 50, "up-to", id="zh-bu-chaoguo-traditional"),
        pytest.param("维生素D3 成人每日上限2000IU", 50, "up-to", id="zh-shangxian"),
        pytest.param("成人每天摄入4000 IU的维生素D为安全水平", 100, "up-to", id="zh-safe-level-after-name"),
        pytest.param("비타민D 최소 400 IU", 10, "at-least", id="ko-choeso"),
        pytest.param("не больше 100 микрограмм витамина D", 100, "up-to", id="ru-ne-bolshe"),
        pytest.param("витамин D выше 4 000 IU в день", 100, "at-least", id="ru-vyshe"),
        pytest.param("добова доза вітаміну D становить до 4000 МО", 100, "up-to", id="uk-do"),
        pytest.param("вітаміну D понад 4000 МО", 100, "at-least", id="uk-ponad"),
        pytest.param("witamina D3 maksymalnie 600 IU", 15, "up-to", id="pl-maksymalnie"),
        pytest.param("vitamina D até 2000 UI/dia", 50, "up-to", id="pt-ate"),
        pytest.param("vitamin D aspoň 1000 IU denně", 25, "at-least", id="cs-aspon"),
        pytest.param("D-vitamin vähintään 20 µg", 20, "at-least", id="fi-vahintaan"),
        pytest.param("D-vitamin enintään 1 µg", 1, "up-to", id="fi-enintaan"),
        pytest.param("hieman yli 17 mikrogrammaa D-vitamin päivässä", 17, "at-least", id="fi-yli"),
        pytest.param("Vitamin D maximal 4000 IE", 100, "up-to", id="de-maximal"),
        pytest.param("D-vitamin doser över 100 mikrogram per dag", 100, "at-least", id="sv-over"),
        pytest.param("D-vitamin upp till 20 mikrogram dagligen", 20, "up-to", id="sv-upp-till"),
        pytest.param("Livsmedelsverket rekommenderar idag kring 400 IU (10 mcg) D-vitamin", 10, "around",
                     id="sv-kring"),
        pytest.param("en vitamine D sont de l’ordre de 10 microgrammes", 10, "around", id="fr-de-l-ordre-de"),
        pytest.param("Witamina D w dawkach < 4000 IU/dzień", 100, "less-than", id="pl-witamina-d-dzien"),
        pytest.param("Všeobecná horní tolerovatelná hranice denního příjmu vitaminu D je stanovena na 4000 IU denně.",
                     100, "up-to", id="cs-horni-hranice"),
        pytest.param("Vitamin D3: increase to 5,000 IU daily minimum", 125, "at-least", id="en-minimum-after"),
        pytest.param("4000 IU of vitamin D is the upper limit", 100, "up-to", id="en-limit-after-name"),
        pytest.param("Annual dose of cholecalciferol is to be kept within 600,000 IU.", 15000, "up-to", id="en-within"),
        pytest.param("De maximale veilige dagelijkse inname voor vitamine D is 100 µg.", 100, "up-to",
                     id="nl-maximale"),
        pytest.param("vitamine D wettelijk beperkt tot maximaal 75 microgram per dag", 75, "up-to", id="nl-maximaal"),
        pytest.param("maximaal een extra vitamine D inname (D3) van 4.000 IE (100 microgram) per dag;", 100, "up-to",
                     id="nl-maximaal-far"),
        pytest.param("píldoras de vitamina K que contienen más de 100 microgramos", 100, "at-least", id="es-mas-de"),
        pytest.param("El uso crónico de vitamina D que excede las 4,000 UI por día", 100, "at-least", id="es-excede"),
        pytest.param("每天摄入少于 109 mcg 维生素 K 的女性", 109, "less-than", id="zh-shaoyu"),
        pytest.param("18岁以下人群:每日推荐摄入量约为10μg(400IU)。维生素D", 10, "around", id="zh-yuewei"),
        pytest.param("A vitamina K ... a dose de 5mg não deve ser excedida", 5000, "up-to",
                     id="pt-nao-deve-ser-excedida"),
        pytest.param("ビタミンDの安全な上限は、幼児であれば1日当たり1,000~1,500 IU", 25, "up-to", id="ja-jougen"),
        pytest.param("de ne pas dépasser des apports de 4 000 UI/j (100 µg) de vitamine D", 100, "up-to",
                     id="fr-ne-pas-depasser-far"),
        pytest.param("рекомендуется получать не менее 600-800 МЕ витамина D в сутки", 15, "at-least",
                     id="ru-ne-menee"),
        pytest.param("Górna bezpieczna granica dla dorosłych to 4000 IU na dobę (100 µg)[1][2][3][7].", 100, "up-to",
                     id="pl-granica"),
    ],
)
def test_limit_words_of_more_languages_bound_the_amount(text: str, ug: int, bound: str, forms: FormRegistry) -> None:
    """Limit words seen beside a vitamin D or K amount on public pages (data/lexicon.yaml): the amount is read as it
    was, now with its bound; without them each read as a plain dose, a floor or a ceiling lost."""
    ingredient = parse_label(text, forms).ingredients[0]
    assert (ingredient.amount_ug, ingredient.bound) == (ug, bound)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("400 IU vitamin D and the upper limit is 4000 IU", id="limit-with-its-own-amount"),
        pytest.param("витамин D от 400 МЕ до 1000 МЕ", id="ru-range-end"),
    ],
)
def test_a_limit_word_with_its_own_amount_does_not_bound_the_one_before(text: str, forms: FormRegistry) -> None:
    assert parse_label(text, forms).ingredients[0].bound is None


@pytest.mark.parametrize(
    ("text", "ug"),
    [
        pytest.param("ВИТАМИН D3 2000 ME", 50, id="latin-me-in-cyrillic"),
        pytest.param("Витамин D3 2000ME 120 капс.", 50, id="latin-me-glued"),
        pytest.param("Vitamin D3 45 m\u0441g", 45, id="cyrillic-es-in-mcg"),
    ],
)
def test_a_unit_typed_with_look_alike_letters_is_read_and_said(text: str, ug: int, forms: FormRegistry) -> None:
    """'ВИТАМИН D3 2000 ME' (a shop's catalogue on GitHub) writes МЕ (IU) with the Latin M and E: read as МЕ, with
    KC110 naming the letters; without it the label was unreadable."""
    label = parse_label(text, forms)
    assert label.ingredients[0].amount_ug == ug
    assert any(p.code == "KC110" and "look-alike" in p.message for p in label.problems)


@pytest.mark.parametrize(
    "text",
    [pytest.param("Vitamin D3 2000 ME", id="no-cyrillic-in-the-label"), pytest.param("Д3 2000 MEx", id="longer")],
)
def test_look_alike_letters_alone_make_no_unit(text: str, forms: FormRegistry) -> None:
    """Latin 'ME' is the Cyrillic unit only where the label writes Cyrillic; 'MEx' is no unit in either script."""
    with pytest.raises(UnreadableLabel):
        parse_label(text, forms)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        pytest.param("1-3 岁的幼儿每天需要摄入 400IU(国际单位)维生素 D;", "D", id="zh-space-before-d"),
        pytest.param("ビタミン D 1000IU", "D", id="ja-space-before-d"),
        pytest.param("维生素 D3 400IU", "D3", id="zh-space-before-d3"),
    ],
)
def test_a_space_where_chinese_or_japanese_meets_a_latin_letter_keeps_the_name(
    text: str, form: str, forms: FormRegistry
) -> None:
    """'摄入 400IU(国际单位)维生素 D' (a public page) writes 维生素D with a space, as 'vitamin D' has one: the name was
    not found and the amount had no nutrient (KC105)."""
    assert parse_label(text, forms).ingredients[0].form == form


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        pytest.param("D vitamini takviyeleri ek başına 25 mikrogram ila 250 mikrogram arasında", 25, 250, id="tr-ila"),
        pytest.param("Vitamine K1 per os (2 ou 5 mg selon les auteurs)", 2000, None, id="fr-ou-alternatives"),
    ],
)
def test_range_and_list_words_of_more_languages(text: str, low: int, high: int | None, forms: FormRegistry) -> None:
    """'25 mikrogram ila 250 mikrogram' (Turkish 'to') had read 25 µg alone, and '2 ou 5 mg' (French 'or') 5 mg alone:
    one end of a range, or the first of two alternatives, dropped."""
    ingredient = parse_label(text, forms).ingredients[0]
    assert (ingredient.amount_ug, ingredient.amount_ug_high) == (low, high)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("La prise orale et l'administration topique de vitamine D, en particulier de vitamine D3, sont "
                     "probablement sans danger à des doses quotidiennes allant jusqu'à 4 000 UI par jour", id="fr"),
        pytest.param("La ingesta oral y la administración tópica de vitamina D, en particular la vitamina D3, es "
                     "probablemente segura en dosis diarias de hasta 4,000 UI por día", id="es"),
    ],
)
def test_a_name_given_as_an_example_does_not_take_the_general_statements_amount(text: str, forms: FormRegistry) -> None:
    """'vitamine D, en particulier de vitamine D3, ... jusqu'à 4 000 UI' (two public pages) had read a ceiling for D3:
    the name after an example phrase is an example of the general name, and the amount is the general name's."""
    (ingredient,) = parse_label(text, forms).ingredients
    assert (ingredient.form, ingredient.bound) == ("D", "up-to")


def test_an_example_phrase_needs_a_general_name_of_the_same_nutrient(forms: FormRegistry) -> None:
    """A name of another nutrient before the example phrase lends it nothing: the amount keeps the nearest name."""
    text = "vitamine K, en particulier de vitamine D3, 1000 UI"
    assert parse_label(text, forms).ingredients[0].form == "D3"


def test_turkish_or_lists_strengths_and_about_hedges_them(forms: FormRegistry) -> None:
    """'bir damlasında yaklaşık 130, 600 veya 1000 IU D vitamini' (a public page) had read 1000 IU a drop alone:
    'veya' (or) lists the three strengths, 'yaklaşık' (about) hedges them, and no one strength is read as the dose."""
    text = (
        "Damlaların, bir damlasında yaklaşık 130, 600 veya 1000 IU D vitamini içerecek şekilde D vitamini "
        "bulunmaktadır."
    )
    ingredients = parse_label(text, forms).ingredients
    assert all(i.amount_ug != 25 or i.bound == "around" for i in ingredients)
    assert not any(i.amount_ug == 25 and i.amount_ug_high is None and i.values_ug == () for i in ingredients)


def test_croatian_iu_is_read(forms: FormRegistry) -> None:
    """'2000 i.j. vitamina D3' (internacionalnih jedinica, a public page) had read nothing, and said nothing."""
    (ingredient,) = parse_label("ispitanici su dobivali 2000 i.j. vitamina D3", forms).ingredients
    assert (ingredient.form, ingredient.amount_ug) == ("D3", 50)

