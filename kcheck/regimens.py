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

PURPOSES = ("drug-label", "bone-outcome", "interaction")
REFERENCE_KINDS = ("adequate-intake", "daily-value", "nutrient-reference-value", "upper-limit", "nonprescription-limit")
MARKETS = ("us", "eu", "ca", "jp")


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
    def reference(self) -> str:
        """Full reference line with DOI/PMID; unverified fields are marked."""
        parts = [
            f"{self.authors}." if self.authors else "",
            f"{self.title}." if self.title else "",
            f"{self.journal}." if self.journal else "",
        ]
        if self.doi:
            parts.append(f"doi:{self.doi}")
        if self.pmid:
            parts.append(f"PMID {self.pmid}")
        if self.url and not self.doi and not self.pmid:
            parts.append(self.url)
        if self.unverified:
            parts.append(f"[not verified: {', '.join(self.unverified)}]")
        return " ".join(part for part in parts if part)


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
    outcome: str
    evidence: str
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
    citations: tuple[str, ...]

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
    forms: tuple[str, ...] | None
    message: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Registry:
    """Everything kcheck compares a label with, loaded once."""

    forms: FormRegistry
    sources: Mapping[str, Source]
    regimens: tuple[Regimen, ...]
    references: tuple[Reference, ...]
    interactions: tuple[Interaction, ...]

    @functools.cached_property
    def regimens_by_nutrient(self) -> Mapping[str, tuple[Regimen, ...]]:
        """Each nutrient's regimens, lowest daily dose first: the order of every comparison table."""
        ordered = sorted(self.regimens, key=lambda r: (r.daily_ug, r.id))
        return {n: tuple(r for r in ordered if r.nutrient == n) for n in {r.nutrient for r in ordered}}

    @functools.cached_property
    def regimen_citations(self) -> Mapping[str, str]:
        """Each regimen's citation line, built once (every comparison prints one)."""
        return {r.id: self.cite(r.citations) for r in self.regimens}

    def cite(self, ids: Sequence[str]) -> str:
        """'Knapen 2013; Schurgers 2007' for a list of source ids."""
        return "; ".join(self.sources[i].short for i in ids)


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
        sources[entry["id"]] = Source(
            id=entry["id"],
            authors=str(entry["authors"] or ""),
            year=entry.get("year"),
            title=str(entry["title"] or ""),
            journal=str(entry["journal"] or ""),
            doi=str(entry["doi"]) if entry.get("doi") else None,
            pmid=str(entry["pmid"]) if entry.get("pmid") else None,
            url=entry.get("url"),
            verified=bool(entry.get("verified", True)),
            unverified=tuple(entry.get("unverified") or ()),
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
    return Registry(forms, sources, regimens, references, interactions)


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
        outcome=str(entry["outcome"]),
        evidence=str(entry.get("evidence") or ""),
        verified=bool(entry.get("verified", True)),
        unverified=tuple(entry.get("unverified") or ()),
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
        citations=_citations(entry, sources, where),
    )


def _interaction(entry: dict[str, Any], index: int, forms: FormRegistry, sources: Mapping[str, Source]) -> Interaction:
    where = f"interactions.yaml: interactions[{index}] ({entry.get('id', '?')})"
    _require(entry, ("id", "nutrient", "drugs", "threshold", "message", "citations"), where)
    _, threshold = parse_amount(entry["threshold"], f"{where}.threshold")
    return Interaction(
        id=entry["id"],
        nutrient=entry["nutrient"],
        drugs=tuple(entry["drugs"]),
        threshold_ug=threshold,
        forms=_form_codes(entry.get("forms"), forms, where),
        message=" ".join(str(entry["message"]).split()),
        citations=_citations(entry, sources, where),
    )
