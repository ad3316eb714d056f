"""`kcheck label --format json`: one document per label, the schema the README documents."""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kcheck import __version__
from kcheck.grammar import Amount
from kcheck.regimens import Regimen, Registry
from kcheck.render._common import verification
from kcheck.render._escape import json_safe
from kcheck.report import CheckedIngredient, Comparison, LabelCheck


def number(value: Fraction | None, places: int = 6) -> int | float | None:
    """Exact integers stay integers; other values are rounded to `places` decimals, no float noise."""
    if value is None:
        return None
    if value.denominator == 1:
        return int(value)
    return round(float(value), places)


def _amount(amount: Amount) -> dict[str, Any]:
    document: dict[str, Any] = {"value": number(amount.low), "unit": amount.unit, "text": amount.text()}
    if amount.is_range:
        document["high"] = number(amount.high)
    elif len(amount.values) > 1:
        document["values"] = [number(v) for v in amount.values]
    return document


def _ingredient(item: CheckedIngredient, registry: Registry) -> dict[str, Any]:
    ingredient = item.ingredient
    form = registry.forms.form(ingredient.form) if ingredient.form else None
    nmol = None
    if form and form.molar_mass and ingredient.amount_ug is not None:
        from kcheck.units import nanomoles

        nmol = nanomoles(ingredient.amount_ug, form.molar_mass)
    return {
        "nutrient": ingredient.nutrient,
        "form": ingredient.form,
        "form_name": form.name if form else None,
        "name": ingredient.name_text,
        "amount": _amount(ingredient.amount),
        "amount_ug": number(ingredient.amount_ug),
        "amount_ug_high": number(ingredient.amount_ug_high),
        "values_ug": [number(v) for v in ingredient.values_ug] or None,
        "amount_nmol": number(nmol, 1),
        "equivalents": [_amount(a) for a in ingredient.equivalents],
        "per": ingredient.per,
        "per_count": number(ingredient.per_count),
        "per_text": ingredient.per_text,
        "per_assumed": ingredient.per_assumed,
        "per_kg": ingredient.per_kg,
        "doses_per_day": number(ingredient.doses_per_day),
        "frequency_text": ingredient.frequency_text,
        "daily_ug": number(item.daily_ug),
        "daily_ug_high": number(item.daily_ug_high),
        "daily_basis": item.daily_basis,
        "pct_dv": number(ingredient.pct_dv),
        "bound": ingredient.bound,
        "ambiguous": ingredient.ambiguous,
        "candidates": [
            {"reading": c.reading, "amount_ug": number(c.amount_ug), "reason": c.reason} for c in ingredient.candidates
        ],
        "span": list(ingredient.amount.span),
        "spans": {piece: list(span) for piece, span in sorted(ingredient.spans.items())},
    }


def label_check_document(check: LabelCheck, registry: Registry) -> dict[str, Any]:
    """The JSON-ready document for one checked label (also each line of batch --format jsonl)."""
    return {
        **_head(check, registry),
        "comparisons": [_comparison(c, registry) for c in check.comparisons],
        "findings": _findings(check),
    }


def _comparison(c: Comparison, registry: Registry) -> dict[str, Any]:
    before, after = _regimen_fields(c.studied, registry)
    return {
        "ingredient": c.ingredient,
        **before,
        "ratio_mass": number(c.ratio_mass),
        "ratio_moles": number(c.ratio_moles, 3),
        "form_match": c.form_match,
        "bound": c.bound,
        **after,
    }


def _regimen_fields(regimen: Regimen, registry: Registry) -> tuple[dict[str, Any], dict[str, Any]]:
    """A comparison's fields that depend on the regimen alone: those before ratio_mass, those after form_match."""
    before = {
        "regimen": regimen.id,
        "title": regimen.title,
        "form": regimen.form,
        "purpose": regimen.purpose,
        "daily": regimen.daily_text,
        "daily_ug": number(regimen.daily_ug),
    }
    after = {
        "outcome": regimen.outcome,
        "evidence": regimen.evidence,
        "citation": registry.regimen_citations[regimen.id],
        "verified": regimen.verified,
        "unverified": list(regimen.unverified),
    }
    return before, after


def _head(check: LabelCheck, registry: Registry) -> dict[str, Any]:
    return {
        "kcheck": __version__,
        "input": check.input,
        "status": check.status,
        "error": (
            {"message": check.findings[0].message, "span": list(check.error_span)}
            if check.error_span is not None
            else None
        ),
        "ingredients": [_ingredient(item, registry) for item in check.ingredients],
        "others": [
            {"name": name, "amount": _amount(amount)} for name, amount in (check.label.others if check.label else ())
        ],
    }


def _findings(check: LabelCheck) -> list[dict[str, Any]]:
    return [
        {
            "code": f.code,
            "slug": f.rule.slug,
            "severity": f.severity.value,
            "message": f.message,
            "ingredient": f.ingredient,
            "span": list(f.span) if f.span else None,
            **verification(f),
        }
        for f in check.findings
    ]


def compact_label_json(check: LabelCheck, registry: Registry) -> str:
    """json.dumps(label_check_document(...)) byte for byte, with each regimen's fixed fields encoded once.

    A label is set beside every regimen of its nutrient, so most of a batch row is regimen text
    that never changes: encoding it once per registry makes jsonl several times faster.
    """
    encoded = _encoded_regimens(registry)
    parts = []
    ingredient = None
    for c in check.comparisons:
        if c.ingredient != ingredient:  # the label's amounts are the same for all of one ingredient's comparisons
            ingredient = c.ingredient
            label_ug = _parts(c.label_ug)
            label_umol = _parts(c.label_umol) if c.label_umol else None
        regimen = encoded[c.regimen]
        moles = "null"
        if regimen.daily_umol and label_umol:
            moles = _quotient_json(regimen.daily_umol, label_umol, 3)
        parts.append(
            f'{{"ingredient": {c.ingredient}, {regimen.before}{_quotient_json(regimen.daily_ug, label_ug, 6)}, '
            f'"ratio_moles": {moles}, "form_match": "{c.form_match}", "bound": {_BOUNDS[c.bound]}, {regimen.after}'
        )
    comparisons = ", ".join(parts)
    head = json_safe(json.dumps(_head(check, registry), ensure_ascii=False))
    findings = json_safe(json.dumps(_findings(check), ensure_ascii=False))
    return f'{head[:-1]}, "comparisons": [{comparisons}], "findings": {findings}}}'


_BOUNDS = {bound: json.dumps(bound) for bound in (None, "up-to", "at-least", "around", "less-than")}


def _parts(value: Fraction) -> tuple[int, int]:
    return value.numerator, value.denominator


def _quotient_json(top: tuple[int, int], bottom: tuple[int, int], places: int) -> str:
    """json.dumps(number(top / bottom, places)) for positive fractions given as (numerator, denominator).

    No Fraction is built (no gcd) and json is not called: this runs for every comparison of every row.
    """
    numerator = top[0] * bottom[1]
    denominator = top[1] * bottom[0]
    if numerator % denominator == 0:
        return str(numerator // denominator)
    return repr(round(numerator / denominator, places))  # int / int is correctly rounded, as float(Fraction) is


@dataclass(frozen=True)
class _EncodedRegimen:
    before: str  # the encoded fields up to "ratio_mass": (its value follows)
    after: str  # the encoded fields after form_match, and the closing brace
    daily_ug: tuple[int, int]
    daily_umol: tuple[int, int] | None


_ENCODED: dict[int, tuple[Registry, dict[str, _EncodedRegimen]]] = {}


def _encoded_regimens(registry: Registry) -> dict[str, _EncodedRegimen]:
    """Per regimen id, its fixed fields encoded once (one registry per process in practice)."""
    cached = _ENCODED.get(id(registry))
    if cached is not None and cached[0] is registry:
        return cached[1]
    encoded = {}
    for regimen in registry.regimens:
        before, after = _regimen_fields(regimen, registry)
        encoded[regimen.id] = _EncodedRegimen(
            json.dumps({**before, "ratio_mass": None}, ensure_ascii=False)[1 : -len("null}")],
            json.dumps(after, ensure_ascii=False)[1:],
            _parts(regimen.daily_ug),
            _parts(regimen.daily_umol) if regimen.daily_umol else None,
        )
    _ENCODED.clear()
    _ENCODED[id(registry)] = (registry, encoded)
    return encoded


def render_label_json(check: LabelCheck, registry: Registry) -> str:
    """Pretty, deterministic JSON for one label."""
    return json_safe(json.dumps(label_check_document(check, registry), indent=2, ensure_ascii=False)) + "\n"


def regimen_document(regimen: Regimen, registry: Registry) -> dict[str, Any]:
    """One regimen with its citations spelled out, for `kcheck regimens --format json`."""
    return {
        "id": regimen.id,
        "title": regimen.title,
        "nutrient": regimen.nutrient,
        "form": regimen.form,
        "purpose": regimen.purpose,
        "dose": regimen.dose_text,
        "doses_per_day": number(regimen.doses_per_day),
        "daily": regimen.daily_text,
        "daily_ug": number(regimen.daily_ug),
        "schedule": regimen.schedule,
        "duration": regimen.duration,
        "population": regimen.population,
        "n": regimen.n,
        "design": regimen.design,
        "outcome": regimen.outcome,
        "evidence": regimen.evidence,
        "caveat": regimen.caveat or None,
        "verified": regimen.verified,
        "unverified": list(regimen.unverified),
        "citations": [
            {"id": i, "short": registry.sources[i].short, "reference": registry.sources[i].reference}
            for i in regimen.citations
        ],
    }
