"""Studied regimens, reference values, interactions and their sources, validated from data."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kcheck.amounts import parse_amount
from kcheck.errors import DataError
from kcheck.forms import FormRegistry
from kcheck.limits import read_fraction

PURPOSES = ("drug-label", "bone-outcome", "interaction")
REFERENCE_KINDS = ("adequate-intake", "daily-value", "nutrient-reference-value", "upper-limit", "nonprescription-limit")
MARKETS = ("us", "eu", "ca", "jp")
MARKET_LIMIT_RULES = ("KC306", "KC308")
AGE_MAX = Fraction(120)


def parse_age(text: str) -> Fraction:
    """An age in years from 0 to 120, fractions allowed ('2', '1.5', '1/2'); ValueError says what is wrong."""
    age = read_fraction(text)
    if age is None:
        raise ValueError(f"{text!r} is not a number of years (e.g. 2 or 1.5)")
    if not 0 <= age <= AGE_MAX:
        raise ValueError(f"{text!r} is not an age from 0 to {AGE_MAX} years")
    return age


@dataclass(frozen=True)
class Source:
    """One citation: what kcheck prints beside a fact."""

    id: str
    authors: str
    year: int | None
    title: str
    journal: str
    doi: str | None
    pmid: str | None
    url: str | None
    verified: bool
    unverified: tuple[str, ...]

    @functools.cached_property
    def short(self) -> str:
        """'Knapen 2013' style: first author's surname, or the organisation, and the year."""
        first = self.authors.split(",")[0].strip()
        tokens = first.split()
        if len(tokens) >= 2 and tokens[1].isupper() and len(tokens[1]) <= 3:
            who = tokens[0]
        elif not first or first.lower().startswith("authors not seen"):
            who = self.journal.split(";")[0].removesuffix(str(self.year or "")).strip() or self.id
        else:
            who = first
        return f"{who} {self.year}" if self.year else who

    @property
    def short_unverified(self) -> tuple[str, ...]:
        """The unverified fields that `short` shows (authors, year): where a view puts its marker."""
        return tuple(field for field in self.unverified if field in ("authors", "year"))

    @property
    def reference(self) -> str:
        """Full reference line with DOI/PMID; unverified fields are marked."""
        parts = [_sentence(self.authors), _sentence(self.title), _sentence(self.journal)]
        if self.doi:
            parts.append(f"doi:{self.doi}")
        if self.pmid:
            parts.append(f"PMID {self.pmid}")
        if self.url and not self.doi and not self.pmid:
            parts.append(self.url)
        if self.unverified:
            parts.append(f"[not verified: {', '.join(self.unverified)}]")
        return " ".join(part for part in parts if part)


def _sentence(text: str) -> str:
    """'Eisai Co., Ltd.' keeps its one period; 'Knapen MH' gains one; '' stays empty."""
    return text if not text or text.endswith((".", "?", "!")) else f"{text}."


@dataclass(frozen=True)
class Regimen:
    """A dose that was actually given in a study or approved on a drug label."""

    id: str
    title: str
    nutrient: str
    form: str
    purpose: str
    dose_text: str
    dose_ug: Fraction
    doses_per_day: Fraction
    daily_text: str
    daily_ug: Fraction
    schedule: str
    duration: str | None
    population: str
    n: int | None
    design: str
    outcome: str
    evidence: str
    caveat: str  # one line a view shows beside a positive result: negative endpoint, caution, retraction
    verified: bool
    unverified: tuple[str, ...]
    citations: tuple[str, ...]
    daily_umol: Fraction | None  # mcg ÷ g/mol, when the form's molar mass is cited

    @functools.cached_property
    def printed(self) -> tuple[tuple[Fraction, str, Fraction, str], ...]:
        """(number, unit, mcg, "dose" | "daily") as the study prints them: what KC301 compares digits with."""
        amounts = []
        for text, ug, kind in ((self.dose_text, self.dose_ug, "dose"), (self.daily_text, self.daily_ug, "daily")):
            if kind == "dose" and text == self.daily_text:
                continue
            number, _, unit = text.partition(" ")
            amounts.append((Fraction(number), unit, ug, kind))
        return tuple(amounts)


@dataclass(frozen=True)
class Reference:
    """A reference intake, label daily value or limit, per day."""

    id: str
    nutrient: str
    kind: str
    market: str | None
    amount_text: str
    amount_ug: Fraction
    forms: tuple[str, ...] | None
    population: str
    note: str
    verified: bool
    unverified: tuple[str, ...]
    citations: tuple[str, ...]
    rule: str | None = None  # the code a market limit is reported under
    age_from: Fraction | None = None
    age_below: Fraction | None = None  # None: no upper bound (the adult row)

    def for_age(self, age: Fraction | None) -> bool:
        """True when this row is for that age; without an age, rows without age bands and the adult row."""
        if self.age_from is None:
            return True
        if age is None:
            return self.age_below is None
        return self.age_from <= age and (self.age_below is None or age < self.age_below)

    def applies_to(self, form: str | None, forms: FormRegistry) -> bool:
        """True when this reference covers the form (None: every form of the nutrient)."""
        if self.forms is None:
            return True
        return form is not None and any(forms.is_ancestor(code, form) for code in self.forms)


@dataclass(frozen=True)
class Interaction:
    """A drug interaction note and the daily amount from which it applies."""

    id: str
    nutrient: str
    drugs: tuple[str, ...]
    threshold_ug: Fraction
    forms: tuple[str, ...]
    message: str
    verified: bool
    unverified: tuple[str, ...]
    citations: tuple[str, ...]


@dataclass(frozen=True)
class FormDifference:
    """A cited comparison of two forms: why a result for one does not carry over to the other."""

    id: str
    forms: frozenset[str]
    text: str
    verified: bool
    unverified: tuple[str, ...]
    citations: tuple[str, ...]


@dataclass(frozen=True)
class OddsRatio:
    """A pooled odds ratio of a meta-analysis: its complement is often quoted as a risk reduction."""

    outcome: str
    odds_ratio: Fraction
    text: str  # as the source prints it ('0.40')


@dataclass(frozen=True)
class Caution:
    """A published caution a fracture-reduction claim is shown with, for the forms it is about."""

    id: str
    forms: tuple[str, ...] | None  # None: every form of vitamin K
    text: str
    odds_ratios: tuple[OddsRatio, ...]
    verified: bool
    unverified: tuple[str, ...]
    citations: tuple[str, ...]

    def may_concern(self, form: str | None, forms: FormRegistry) -> bool:
        """True when a claim of this form may be about a form the caution is for (K2 may be MK-4)."""
        if self.forms is None:
            return True
        return form is not None and any(
            forms.is_ancestor(code, form) or forms.is_ancestor(form, code) for code in self.forms
        )


@dataclass(frozen=True)
class Registry:
    """Everything kcheck compares a label with, loaded once."""

    forms: FormRegistry
    sources: Mapping[str, Source]
    regimens: tuple[Regimen, ...]
    references: tuple[Reference, ...]
    interactions: tuple[Interaction, ...]
    form_differences: tuple[FormDifference, ...] = ()
    fracture_cautions: tuple[Caution, ...] = ()

    @functools.cached_property
    def regimens_by_nutrient(self) -> Mapping[str, tuple[Regimen, ...]]:
        """Each nutrient's regimens, lowest daily dose first: the order of every comparison table."""
        ordered = sorted(self.regimens, key=lambda r: (r.daily_ug, r.id))
        return {n: tuple(r for r in ordered if r.nutrient == n) for n in {r.nutrient for r in ordered}}

    @functools.cached_property
    def regimen_citations(self) -> Mapping[str, str]:
        """Each regimen's citation line, built once (every comparison prints one)."""
        return {r.id: self.cite(r.citations) for r in self.regimens}

    def cite(self, ids: Sequence[str], mark: str = "") -> str:
        """'Knapen 2013; Schurgers 2007' for source ids; `mark` follows a name whose shown part is unverified."""
        return "; ".join(self.sources[i].short + (mark if self.sources[i].short_unverified else "") for i in ids)

    def regimen_name(self, regimen: Regimen, mark: str = "") -> str:
        """The first citation's short name; `mark` follows it when the regimen or that name is unverified."""
        source = self.sources[regimen.citations[0]]
        flagged = not regimen.verified or bool(source.short_unverified)
        return source.short + (mark if flagged else "")


def select_regimens(
    registry: Registry, nutrient: str | None, form_name: str | None
) -> tuple[list[Regimen], str]:
    """The regimens a `--nutrient`/`--form` filter asks for, and why none match ('' when some do).

    A form takes its more specific forms with it (K2: MK-4 and MK-7). A name no form has, or a form
    of another nutrient than `nutrient`, is a ValueError whose message says so.
    """
    forms = registry.forms
    form = None
    if form_name is not None:
        code = forms.named(form_name)
        if code is None:
            raise ValueError(f"--form {form_name!r}: no form has that name (one of {', '.join(forms.forms)})")
        form = forms.form(code)
        if nutrient is not None and form.nutrient != nutrient:
            raise ValueError(
                f"--form {form_name} is a form of {forms.nutrient_names[form.nutrient]}, not of "
                f"{forms.nutrient_names[nutrient]} (--nutrient {nutrient}): no regimen can match both"
            )
    chosen = [
        r
        for r in registry.regimens
        if (nutrient is None or r.nutrient == nutrient) and (form is None or forms.is_ancestor(form.code, r.form))
    ]
    if chosen:
        return chosen, ""
    asked = form.code if form else forms.nutrient_names[nutrient or ""]
    held = sorted(dict.fromkeys(r.form for r in registry.regimens))
    return [], (
        f"No regimens match: kcheck's data holds no studied regimen of {asked}; "
        f"it has regimens of {', '.join(held)} only."
    )


def _entries(data: Any, key: str, source: str) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise DataError(f"{source}: expected a mapping with a '{key}' list")
    return data[key]


def _require(entry: dict[str, Any], keys: Sequence[str], where: str) -> None:
    missing = [key for key in keys if key not in entry]
    if missing:
        raise DataError(f"{where}: missing {', '.join(missing)}")


def _citations(entry: dict[str, Any], sources: Mapping[str, Source], where: str) -> tuple[str, ...]:
    ids = tuple(entry.get("citations") or ())
    if not ids:
        raise DataError(f"{where}: no citations")
    unknown = [i for i in ids if i not in sources]
    if unknown:
        raise DataError(f"{where}: unknown source ids {', '.join(unknown)} (see sources.yaml)")
    return ids


def _flags(entry: dict[str, Any], where: str) -> tuple[bool, tuple[str, ...]]:
    """verified and unverified, which must agree: verified exactly when nothing is listed as unverified."""
    _require(entry, ("verified", "unverified"), where)
    verified, unverified = entry["verified"], tuple(str(field) for field in entry["unverified"] or ())
    if not isinstance(verified, bool) or verified == bool(unverified):
        raise DataError(f"{where}: verified must be true exactly when unverified is empty")
    return verified, unverified


def _unique(ids: Sequence[str], source: str) -> None:
    seen: set[str] = set()
    for identifier in ids:
        if identifier in seen:
            raise DataError(f"{source}: duplicate id {identifier!r}")
        seen.add(identifier)


def build_registry(
    forms: FormRegistry, sources_data: Any, regimens_data: Any, references_data: Any, interactions_data: Any
) -> Registry:
    """Validate every entry (ids unique, cited, amounts parse, forms exist) and freeze it."""
    sources: dict[str, Source] = {}
    for index, entry in enumerate(_entries(sources_data, "sources", "sources.yaml")):
        where = f"sources.yaml: sources[{index}]"
        _require(entry, ("id", "authors", "title", "journal"), where)
        if entry["id"] in sources:
            raise DataError(f"sources.yaml: duplicate id {entry['id']!r}")
        verified, unverified = _flags(entry, where)
        sources[entry["id"]] = Source(
            id=entry["id"],
            authors=str(entry["authors"] or ""),
            year=entry.get("year"),
            title=str(entry["title"] or ""),
            journal=str(entry["journal"] or ""),
            doi=str(entry["doi"]) if entry.get("doi") else None,
            pmid=str(entry["pmid"]) if entry.get("pmid") else None,
            url=entry.get("url"),
            verified=verified,
            unverified=unverified,
        )
    regimens = tuple(
        _regimen(entry, index, forms, sources)
        for index, entry in enumerate(_entries(regimens_data, "regimens", "regimens.yaml"))
    )
    _unique([r.id for r in regimens], "regimens.yaml")
    references = tuple(
        _reference(entry, index, forms, sources)
        for index, entry in enumerate(_entries(references_data, "references", "references.yaml"))
    )
    _unique([r.id for r in references], "references.yaml")
    interactions = tuple(
        _interaction(entry, index, forms, sources)
        for index, entry in enumerate(_entries(interactions_data, "interactions", "interactions.yaml"))
    )
    _unique([i.id for i in interactions], "interactions.yaml")
    differences = tuple(
        _difference(entry, index, forms, sources)
        for index, entry in enumerate(regimens_data.get("form_differences") or ())
    )
    _unique([d.id for d in differences], "regimens.yaml: form_differences")
    cautions = tuple(
        _caution(entry, index, forms, sources)
        for index, entry in enumerate(regimens_data.get("fracture_cautions") or ())
    )
    _unique([c.id for c in cautions], "regimens.yaml: fracture_cautions")
    return Registry(forms, sources, regimens, references, interactions, differences, cautions)


def _form_codes(value: Any, forms: FormRegistry, where: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    unknown = [code for code in value if code not in forms.forms]
    if unknown:
        raise DataError(f"{where}: unknown forms {', '.join(unknown)}")
    return tuple(value)


def _regimen(entry: dict[str, Any], index: int, forms: FormRegistry, sources: Mapping[str, Source]) -> Regimen:
    where = f"regimens.yaml: regimens[{index}] ({entry.get('id', '?')})"
    _require(
        entry,
        (
            "id",
            "title",
            "nutrient",
            "form",
            "purpose",
            "dose",
            "doses_per_day",
            "daily",
            "population",
            "outcome",
            "citations",
        ),
        where,
    )
    if entry["form"] not in forms.forms or forms.form(entry["form"]).nutrient != entry["nutrient"]:
        raise DataError(f"{where}: form {entry['form']!r} is not a form of {entry['nutrient']!r}")
    if entry["purpose"] not in PURPOSES:
        raise DataError(f"{where}: purpose must be one of {', '.join(PURPOSES)}")
    verified, unverified = _flags(entry, where)
    dose_text, dose_ug = parse_amount(entry["dose"], f"{where}.dose")
    daily_text, daily_ug = parse_amount(entry["daily"], f"{where}.daily")
    doses = Fraction(str(entry["doses_per_day"]))
    if dose_ug * doses != daily_ug:
        raise DataError(f"{where}: daily {daily_text} is not dose {dose_text} x {entry['doses_per_day']}")
    molar_mass = forms.form(entry["form"]).molar_mass
    return Regimen(
        id=entry["id"],
        title=entry["title"],
        nutrient=entry["nutrient"],
        form=entry["form"],
        purpose=entry["purpose"],
        dose_text=dose_text,
        dose_ug=dose_ug,
        doses_per_day=doses,
        daily_text=daily_text,
        daily_ug=daily_ug,
        schedule=str(entry.get("schedule") or ""),
        duration=entry.get("duration"),
        population=str(entry["population"]),
        n=entry.get("n"),
        design=str(entry.get("design") or ""),
        outcome=str(entry["outcome"]),
        evidence=str(entry.get("evidence") or ""),
        caveat=str(entry.get("caveat") or ""),
        verified=verified,
        unverified=unverified,
        citations=_citations(entry, sources, where),
        daily_umol=daily_ug / molar_mass if molar_mass else None,
    )


def _reference(entry: dict[str, Any], index: int, forms: FormRegistry, sources: Mapping[str, Source]) -> Reference:
    where = f"references.yaml: references[{index}] ({entry.get('id', '?')})"
    _require(entry, ("id", "nutrient", "kind", "amount", "per", "citations"), where)
    if entry["kind"] not in REFERENCE_KINDS:
        raise DataError(f"{where}: kind must be one of {', '.join(REFERENCE_KINDS)}")
    if entry.get("market") not in (None, *MARKETS):
        raise DataError(f"{where}: market must be one of {', '.join(MARKETS)}")
    if entry["per"] != "day":
        raise DataError(f"{where}: per must be 'day'")
    text, amount = parse_amount(entry["amount"], f"{where}.amount")
    verified, unverified = _flags(entry, where)
    rule = entry.get("rule")
    if (entry["kind"] == "nonprescription-limit") != (rule in MARKET_LIMIT_RULES):
        raise DataError(f"{where}: a nonprescription-limit, and only it, has a rule: {', '.join(MARKET_LIMIT_RULES)}")
    age_from, age_below = (_age(entry.get(key), f"{where}.{key}") for key in ("age_from", "age_below"))
    if age_below is not None and (age_from is None or age_below <= age_from):
        raise DataError(f"{where}: age_below needs an age_from below it")
    return Reference(
        id=entry["id"],
        nutrient=entry["nutrient"],
        kind=entry["kind"],
        market=entry.get("market"),
        amount_text=text,
        amount_ug=amount,
        forms=_form_codes(entry.get("forms"), forms, where),
        population=str(entry.get("population") or ""),
        note=str(entry.get("note") or ""),
        verified=verified,
        unverified=unverified,
        citations=_citations(entry, sources, where),
        rule=rule,
        age_from=age_from,
        age_below=age_below,
    )


def _age(value: Any, where: str) -> Fraction | None:
    if value is None:
        return None
    try:
        age = Fraction(str(value))
    except ValueError:
        raise DataError(f"{where}: {value!r} is not a number of years") from None
    if not 0 <= age <= AGE_MAX:
        raise DataError(f"{where}: {value!r} is not an age from 0 to {AGE_MAX} years")
    return age


def _interaction(entry: dict[str, Any], index: int, forms: FormRegistry, sources: Mapping[str, Source]) -> Interaction:
    where = f"interactions.yaml: interactions[{index}] ({entry.get('id', '?')})"
    _require(entry, ("id", "nutrient", "drugs", "threshold", "message", "citations"), where)
    _require(entry, ("forms",), where)
    _, threshold = parse_amount(entry["threshold"], f"{where}.threshold")
    codes = _form_codes(entry["forms"], forms, where)
    if not codes:
        raise DataError(f"{where}: forms must list the form codes the entry is about")
    verified, unverified = _flags(entry, where)
    return Interaction(
        id=entry["id"],
        nutrient=entry["nutrient"],
        drugs=tuple(entry["drugs"]),
        threshold_ug=threshold,
        forms=codes,
        message=" ".join(str(entry["message"]).split()),
        verified=verified,
        unverified=unverified,
        citations=_citations(entry, sources, where),
    )


def _difference(
    entry: dict[str, Any], index: int, forms: FormRegistry, sources: Mapping[str, Source]
) -> FormDifference:
    where = f"regimens.yaml: form_differences[{index}] ({entry.get('id', '?')})"
    _require(entry, ("id", "forms", "text", "citations"), where)
    codes = _form_codes(entry["forms"], forms, where) or ()
    if len(set(codes)) != 2:
        raise DataError(f"{where}: forms must name two different forms")
    verified, unverified = _flags(entry, where)
    return FormDifference(
        id=entry["id"],
        forms=frozenset(codes),
        text=" ".join(str(entry["text"]).split()),
        verified=verified,
        unverified=unverified,
        citations=_citations(entry, sources, where),
    )


def _caution(entry: dict[str, Any], index: int, forms: FormRegistry, sources: Mapping[str, Source]) -> Caution:
    where = f"regimens.yaml: fracture_cautions[{index}] ({entry.get('id', '?')})"
    _require(entry, ("id", "forms", "text", "citations"), where)
    odds = []
    for number, row in enumerate(entry.get("odds_ratios") or ()):
        _require(row, ("outcome", "odds_ratio"), f"{where}.odds_ratios[{number}]")
        value = read_fraction(str(row["odds_ratio"]))
        if value is None or not 0 < value < 1:
            raise DataError(f"{where}.odds_ratios[{number}]: odds_ratio must be a number between 0 and 1")
        odds.append(OddsRatio(str(row["outcome"]), value, str(row["odds_ratio"])))
    verified, unverified = _flags(entry, where)
    return Caution(
        id=entry["id"],
        forms=_form_codes(entry["forms"], forms, where),
        text=" ".join(str(entry["text"]).split()),
        odds_ratios=tuple(odds),
        verified=verified,
        unverified=unverified,
        citations=_citations(entry, sources, where),
    )
