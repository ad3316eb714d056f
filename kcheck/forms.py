"""The forms registry: label names -> canonical form, and the cited IU and molar conversions."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kcheck.amounts import parse_amount
from kcheck.errors import DataError


@dataclass(frozen=True)
class Band:
    """Amounts per dose outside [low, high] are more likely a unit typo than a real label."""

    low_ug: Fraction
    high_ug: Fraction
    reason: str


@dataclass(frozen=True)
class Form:
    """One form of a nutrient (MK-7, D3, ...) with what the data cites about it."""

    code: str
    nutrient: str
    label: str
    name: str
    parent: str | None
    aliases: tuple[str, ...]
    molar_mass: Fraction | None
    molar_mass_citations: tuple[str, ...]
    mcg_per_iu: Fraction | None
    iu_citations: tuple[str, ...]
    band: Band | None


@dataclass(frozen=True)
class Brand:
    """A brand name: the form it is, the product, and the regimen its own label states (or None)."""

    name: str
    aliases: tuple[str, ...]
    form: str
    product: str
    regimen: str | None


@dataclass(frozen=True)
class FormRegistry:
    """All forms, and the compiled patterns the grammar uses to find their names in text."""

    forms: Mapping[str, Form]
    nutrient_names: Mapping[str, str]
    name_pattern: re.Pattern[str]
    alias_to_form: Mapping[str, str]
    other_ingredients: tuple[str, ...]
    brands: tuple[Brand, ...] = ()
    spelled_names: frozenset[tuple[str, str | None]] = frozenset()
    """Names of letters only, folded, with their form (None: not tracked): what near misses match.
    A frozenset: it keeps its hash, which the near-miss cache asks for at every long word."""

    def brand_in(self, name_text: str | None) -> Brand | None:
        """The brand a label's name is ('グラケーカプセル' is Glakay), or None."""
        if not name_text:
            return None
        key = alias_key(name_text)
        return next((b for b in self.brands if any(alias_key(a) in key for a in b.aliases)), None)

    def form(self, code: str) -> Form:
        """The form with this canonical code."""
        return self.forms[code]

    def lookup(self, matched_text: str) -> str | None:
        """Canonical form code for a name the pattern matched; None for a non-tracked ingredient."""
        return self.alias_to_form.get(alias_key(matched_text))

    def near_miss(self, word: str) -> tuple[str, str] | None:
        """(nearest alias, form) when the names of letters only within a small edit distance of `word`
        all name one form ('Cholecalcifreol' -> cholecalciferol); None when none do or they name several
        forms, or an ingredient kcheck does not track. Digits are never part of the match."""
        return _near_miss(self.spelled_names, word.casefold())
    def named(self, text: str) -> str | None:
        """The form a person names by code or by any alias the grammar reads ('mk7', 'Menaquinone-7'), any case."""
        key = alias_key(text)
        codes = {alias_key(code): code for code in self.forms}
        return codes.get(key) or self.alias_to_form.get(key)

    def is_ancestor(self, general: str, specific: str) -> bool:
        """True when `specific` is `general` or a more specific form of it (K2 -> MK-7)."""
        code: str | None = specific
        while code is not None:
            if code == general:
                return True
            code = self.forms[code].parent
        return False


CJK = "\u1100-\u11ff\u3005\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
"""Japanese kana, Chinese and Japanese characters, and Korean Hangul (a regex class body): written without
spaces, or with particles glued to the word before ('MK-7은', 'IU의'), so a name or unit may touch them."""

# Where the Basic Multilingual Plane's combining marks are: every script block from the Latin accents to
# Sinhala, Thai, Tibetan and Myanmar, the marks for symbols, Cyrillic and Coptic extensions, CJK tone marks,
# and the blocks of Vai to Meetei and the variation selectors (the kana voicing marks are in CJK already).
_MARK_BLOCKS = ((0x0300, 0x2000), (0x20D0, 0x2100), (0x2C00, 0x2E00), (0x302A, 0x3030), (0xA600, 0xAC00),
                (0xFB1E, 0xFB1F), (0xFE00, 0xFE30))


def _marks() -> str:
    """The combining marks (Unicode category M, from this Python's tables) as a regex class body: a vowel
    sign written after a letter is part of its word ('माइक्रोग्राम', 'ไมโครกรัม'), as a letter is."""
    category = unicodedata.category
    runs: list[list[int]] = []
    for low, high in _MARK_BLOCKS:
        for code in range(low, high):
            if category(chr(code))[0] == "M":
                if runs and runs[-1][1] == code - 1:
                    runs[-1][1] = code
                else:
                    runs.append([code, code])
    return "".join(f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}" for low, high in runs)


MARKS = _marks()
"""Combining marks (a regex class body): they continue the word before them."""

NAME_START = rf"(?<![^\W\d_{CJK}]|[{MARKS}])"
"""A name does not start inside a word (a regex lookbehind; kana and kanji may touch it)."""

_FOLDED = re.compile(r"[\s\-]+")
NEAR_MISS_MIN_LENGTH = 7  # shorter words are too close to each other to correct ("menadion" stays unread)


@functools.lru_cache(maxsize=4096)
def _near_miss(names: frozenset[tuple[str, str | None]], word: str) -> tuple[str, str] | None:
    if len(word) < NEAR_MISS_MIN_LENGTH or not word.isalpha():
        return None
    limit = 1 if len(word) < 10 else 2
    found: list[tuple[int, str, str | None]] = []
    for key, code in names:
        if abs(len(key) - len(word)) <= limit and (distance := _distance(word, key, limit)) <= limit:
            found.append((distance, key, code))
    if len({code for _, _, code in found}) != 1:
        return None
    _, key, code = min(found)
    return (key, code) if code is not None else None


def _spelled_names(forms: Mapping[str, Form], others: tuple[str, ...]) -> frozenset[tuple[str, str | None]]:
    """Every name of letters only, folded, with its form (None for an ingredient kcheck does not track)."""
    names: list[tuple[str, str | None]] = [(alias_key(a), code) for code, form in forms.items() for a in form.aliases]
    names += [(alias_key(other), None) for other in others]
    return frozenset((k, c) for k, c in names if k.isalpha() and len(k) >= NEAR_MISS_MIN_LENGTH - 1)


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment), stopping past `limit`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def alias_key(text: str) -> str:
    """Fold case, hyphens, spaces and script variants: MK-7, mk7 and "MK 7" (维生素K and 維生素K) are one name."""
    return _FOLDED.sub("", text.casefold().translate(_SCRIPT_VARIANTS))


# Traditional Chinese writes 維 where Simplified writes 维 ('維生素K', https://beyourlight.com.tw/cc-85): one name.
_TRADITIONAL = {"維": "维"}
_SCRIPT_VARIANTS = str.maketrans(_TRADITIONAL)
_VARIANT_CLASSES = {simplified: f"[{simplified}{traditional}]" for traditional, simplified in _TRADITIONAL.items()}


def _alias_parts(alias: str) -> list[str]:
    return [part for part in re.split(r"[\s\-]+", alias) if part]


def _name_pattern(names: list[str]) -> re.Pattern[str]:
    # Only where a name's first letter is does the engine look further: one test skips every other position.
    initials = {_alias_parts(name)[0][0].translate(_SCRIPT_VARIANTS) for name in names}
    initials |= {traditional for traditional, simplified in _TRADITIONAL.items() if simplified in initials}
    first = "".join(re.escape(c) for c in sorted({*map(str.lower, initials), *map(str.upper, initials)}))
    # A name does not run into a letter or digit, except Japanese kana and kanji, which are
    # written without spaces ("メナテトレノンとして", "MK-7形態", "カルシウム1000mg"), and a capitalised
    # word a table cell ran into after a capital ("Vitamin DHealthy bones", "Vitamin KSuggested").
    return re.compile(
        rf"(?=[{first}]){NAME_START}(?:{_trie_regex(names)})"
        rf"(?:(?<=[{CJK}])|(?![^\W_{CJK}]|[{MARKS}])|{_CELL_RUN})",
        re.IGNORECASE,
    )


_CELL_RUN = r"(?-i:(?<=[A-Z])(?=[A-Z][a-z]{2}))"


_SEPARATOR = "\x00"  # in a spelling, where the name has a space or hyphen
_HYPHEN = "\x01"  # in a spelling, where a letter meets a digit ('Vitamin D-3'): a hyphen, never a space
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)")
_SCRIPT_CHANGE = re.compile(f"(?<=[{CJK}])(?=[A-Za-z])")  # '维生素D' may be written '维生素 D', as a name's two words
_TRIE_SEPARATORS = {_SEPARATOR: r"[\s\-]", _HYPHEN: "-"}
_END = ""  # in the trie, where a name ends


def _trie_regex(names: list[str]) -> str:
    """The names as one regex trie (for IGNORECASE): a position tests each of its characters once, not once per name.

    A name's parts may be written apart (one space or hyphen) or run together, so each way is spelled
    out, and no character of the text can take two branches: the first match is the longest, which
    is the one whose boundary test passes (trying names longest first found the same).
    """
    trie: dict[str, dict] = {}
    for name in names:
        for spelling in _spellings(_alias_parts(name)):
            node = trie
            for char in spelling:
                low = char.lower().translate(_SCRIPT_VARIANTS)
                node = node.setdefault(low if len(low) == 1 else char, {})
            node[_END] = {}

    def branch(node: dict[str, dict]) -> str:
        alternatives = [
            (_TRIE_SEPARATORS.get(char) or _VARIANT_CLASSES.get(char) or re.escape(char)) + branch(child)
            for char, child in sorted(node.items())
            if char != _END
        ]
        if _END in node:
            alternatives.append("")  # a name ends here: tried after every longer one
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return branch(trie)


def _spellings(parts: list[str]) -> list[str]:
    """Every way to write a name's parts: each pair run together or apart (where Chinese, Japanese or Korean meets
    a Latin letter too: '维生素 D'), and a letter and a digit within a part run together or hyphenated ('D3' or
    'D-3'; a space there would take a count: 'vitamin D 3 capsules')."""
    spellings = [""]
    parts = [piece for part in parts for piece in _SCRIPT_CHANGE.split(part)]
    for index, part in enumerate(parts):
        pieces = _LETTER_DIGIT.split(part)
        for at, piece in enumerate(pieces):
            joins = ("",) if index == at == 0 else ("", _HYPHEN) if at else ("", _SEPARATOR)
            spellings = [f"{spelling}{between}{piece}" for spelling in spellings for between in joins]
    return spellings


def build_form_registry(data: Mapping[str, Any], source: str = "forms.yaml") -> FormRegistry:
    """Validate the forms data and compile its names; errors name the file and entry."""
    forms: dict[str, Form] = {}
    alias_to_form: dict[str, str] = {}
    nutrient_names = {entry["id"]: entry["name"] for entry in data.get("nutrients", [])}
    for index, entry in enumerate(data.get("forms", [])):
        where = f"{source}: forms[{index}] ({entry.get('code', '?')})"
        try:
            code, nutrient = entry["code"], entry["nutrient"]
            aliases = tuple(str(alias) for alias in entry["aliases"])
        except KeyError as missing:
            raise DataError(f"{where}: missing key {missing}") from None
        if nutrient not in nutrient_names:
            raise DataError(f"{where}: unknown nutrient {nutrient!r}")
        molar = entry.get("molar_mass") or {}
        iu = entry.get("iu") or {}
        band = entry.get("band")
        forms[code] = Form(
            code=code,
            nutrient=nutrient,
            label=entry["label"],
            name=entry["name"],
            parent=entry.get("parent"),
            aliases=aliases,
            molar_mass=Fraction(str(molar["value"])) if molar else None,
            molar_mass_citations=tuple(molar.get("citations", ())),
            mcg_per_iu=Fraction(str(iu["mcg_per_iu"])) if iu else None,
            iu_citations=tuple(iu.get("citations", ())),
            band=Band(
                parse_amount(band["low"], f"{where}.band.low")[1],
                parse_amount(band["high"], f"{where}.band.high")[1],
                " ".join(str(band["reason"]).split()),
            )
            if band
            else None,
        )
        for alias in aliases:
            previous = alias_to_form.setdefault(alias_key(alias), code)
            if previous != code:
                raise DataError(f"{where}: alias {alias!r} already names {previous}")
    for code, form in forms.items():
        if form.parent is not None and form.parent not in forms:
            raise DataError(f"{source}: form {code}: unknown parent {form.parent!r}")
    others = tuple(str(name) for name in data.get("other_ingredients", ()))
    brands = []
    for index, entry in enumerate(data.get("brands") or ()):
        where = f"{source}: brands[{index}] ({entry.get('name', '?')})"
        try:
            brand = Brand(
                str(entry["name"]),
                tuple(str(a) for a in entry["aliases"]),
                str(entry["form"]),
                str(entry["product"]),
                entry.get("regimen"),
            )
        except KeyError as missing:
            raise DataError(f"{where}: missing key {missing}") from None
        if any(alias_to_form.get(alias_key(a)) != brand.form for a in brand.aliases):
            raise DataError(f"{where}: each alias must also be an alias of form {brand.form}")
        brands.append(brand)
    return FormRegistry(
        forms=forms,
        nutrient_names=nutrient_names,
        name_pattern=_name_pattern([*(a for f in forms.values() for a in f.aliases), *others]),
        alias_to_form=alias_to_form,
        other_ingredients=others,
        brands=tuple(brands),
        spelled_names=_spelled_names(forms, others),
    )
