"""`kcheck label --format json`: one document per label, the schema the README documents."""

from __future__ import annotations

import json
from fractions import Fraction
from operator import truediv
from typing import Any, Final

from kcheck import __version__
from kcheck.amounts import nonzero, parts
from kcheck.forms import Form
from kcheck.grammar import Amount
from kcheck.regimens import Regimen, Registry
from kcheck.render._common import verification
from kcheck.render._escape import json_safe
from kcheck.report import CheckedIngredient, Comparison, LabelCheck
from kcheck.units import factor


def number(value: Fraction | None, places: int = 6) -> int | float | None:
    """Exact integers stay integers; other values are rounded to `places` decimals, no float noise."""
    if value is None:
        return None
    numerator, denominator = parts(value)
    if denominator == 1:
        return numerator
    return round(truediv(numerator, denominator), places)


def quotient(top: int, bottom: int, divisor: tuple[int, int], places: int) -> int | float:
    """number(Fraction(top, bottom) / Fraction(*divisor), places) without building a Fraction.

    An exact quotient stays an int, else the correctly rounded float (Python's int / int rounds correctly,
    as float() of the Fraction does): the hot path's ratios and amounts, on integers. Compiled, `/` on
    two ints divides C doubles, which rounds twice past 2**53, so the division is Python's own.
    """
    numerator, denominator = top * divisor[1], bottom * divisor[0]
    if numerator % denominator == 0:
        return numerator // denominator
    return round(truediv(numerator, denominator), places)


_FIXED: Final = tuple(f"%.{places}f" for places in range(7))
"""printf formats by decimal places: `%` goes straight to the float conversion, format() parses a spec."""
_POWERS: Final = tuple(float(10**places) for places in range(7))
_ERROR: Final = 2.0**-52  # twice the rounding error of one float multiplication, relative


def rounded_text(value: float, places: int) -> str:
    """json.dumps(round(value, places)) from one decimal conversion, not three, and most often none.

    `round` rounds the float's exact value half to even to `places` decimals, and `repr` writes the
    shortest digits that read back: the rounded decimal's own while it has at most 15 significant
    digits and is too large for scientific notation. That is what fixed-point formatting writes,
    less its trailing zeros, for a value from 0.001 to 1e9 and 1 to 6 places; others take round
    and repr. In that range the value times 10**places, as a float, is the exact product to within
    one rounding; unless that puts it too near a half to tell, the nearest integer's digits are the
    rounded decimal's (a ratio table formats dozens).
    """
    if 0.001 <= value < 1e9 and 0 < places <= 6:
        scaled = value * _POWERS[places]  # within 2**-53 of the exact product, relative
        whole = int(scaled)
        beyond_half = scaled - whole - 0.5  # exact: the fraction needs fewer bits than the float has
        if beyond_half > scaled * _ERROR or -beyond_half > scaled * _ERROR:
            digits = str(whole + 1 if beyond_half > 0 else whole)
            if len(digits) <= places:
                digits = "0" * (places + 1 - len(digits)) + digits
            return f"{digits[:-places]}.{digits[-places:].rstrip('0') or '0'}"
        text = (_FIXED[places] % value).rstrip("0")
        return text + "0" if text.endswith(".") else text
    return repr(round(value, places))


def amount_nmol(ug: Fraction | None, form: Form | None) -> int | float | None:
    """The amount in nmol, to one decimal, where the form has a molar mass: on integers, as units.nanomoles."""
    if form is None or not nonzero(form.molar_mass) or ug is None:
        return None
    per = factor("micromole", "nanomole")  # nmol = mcg × (nmol per µmol) ÷ (g/mol)
    molar_mass = form.molar_mass
    ug_top, ug_bottom = parts(ug)
    per_top, per_bottom = parts(per)
    return quotient(ug_top * per_top, ug_bottom * per_bottom, parts(molar_mass), 1)


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
    ug = ingredient.amount_ug
    nmol = amount_nmol(ug, form)
    return {
        "nutrient": ingredient.nutrient,
        "form": ingredient.form,
        "form_name": form.name if form else None,
        "name": ingredient.name_text,
        "amount": _amount(ingredient.amount),
        "amount_ug": number(ingredient.amount_ug),
        "amount_ug_high": number(ingredient.amount_ug_high),
        "values_ug": [number(v) for v in ingredient.values_ug] or None,
        "amount_nmol": nmol,
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


# A document's version changes with every change a consumer could trip on (CHANGELOG.md says which).
SCHEMA_VERSIONS = {"label": 1, "regimens": 1, "batch-row": 1, "batch": 1, "lint": 1, "scan": 1, "scan-claim": 1}


def label_check_document(check: LabelCheck, registry: Registry) -> dict[str, Any]:
    """The JSON-ready document for one checked label (also each line of batch --format jsonl)."""
    return {
        **label_head(check, registry),
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


def label_head(check: LabelCheck, registry: Registry) -> dict[str, Any]:
    """The label document up to its comparisons: version, input, status, error, ingredients, others."""
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


def render_label_json(check: LabelCheck, registry: Registry, width: int = 0, color: bool = False) -> str:
    """Pretty, deterministic JSON for one label (a urn:kcheck:label:1 document)."""
    document = {**versioned("label"), **label_check_document(check, registry)}
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def render_regimens_json(regimens: list[Regimen], registry: Registry, width: int = 0, color: bool = False) -> str:
    """`kcheck regimens --format json`: the chosen regimens in a urn:kcheck:regimens:1 document."""
    document = {**versioned("regimens"), "regimens": [regimen_document(r, registry) for r in regimens]}
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def versioned(document: str) -> dict[str, str]:
    """`schema` (the document's JSON Schema id: name and version) and `data` (which data files it used)."""
    from kcheck.data import data_hash

    return {"schema": schema_id(document), "data": data_hash()}


def schema_id(document: str) -> str:
    """urn:kcheck:NAME:VERSION, the $id of kcheck/schemas/NAME.json."""
    return f"urn:kcheck:{document}:{SCHEMA_VERSIONS[document]}"


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
