"""Evidence checks on a document's claims (KC601-KC607): pure functions over a ScannedDocument.

Each check reads the claims the scan found (and the sentences they sit in) and sets them beside
kcheck's cited data: the products of data/products.yaml, the regimens, reference intakes and
fracture cautions of data/regimens.yaml and data/references.yaml. Cue words come from
data/lexicon.yaml `evidence_cues`. Findings point at the claim, or at the ratio or cue text.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kcheck.amounts import decimal_text, mass_text, ratio_text
from kcheck.catalogue import Catalogue
from kcheck.engine import Settings, check_text
from kcheck.errors import DataError
from kcheck.lint import servings_per_day
from kcheck.regimens import Caution, Reference, Regimen, Registry
from kcheck.report import Finding, Location, finding
from kcheck.scan.model import Claim, ScannedDocument, Sentence, finding_order, line_starts, span_position

INTAKE_KINDS = ("adequate-intake", "daily-value", "nutrient-reference-value")
"""The reference rows a stated reference intake is compared with (not upper or market limits)."""
NOT_PRODUCT_DOSES = ("trial-dose", "reference-intake", "observed-intake", "limit", "threshold")
"""Claim kinds that say what was studied, recommended for a population or measured: not what a product gives."""
DOSE_KINDS = ("product-dose", "trial-dose", "recommendation")
"""Claim kinds compared for the same purpose (KC606)."""
RATIO_TOLERANCE = Fraction(1, 10)
"""A stated ratio passes within 10 % of a ratio the amounts give, by mass or by moles: writers round."""
MILLIGRAM_UG = 1000
"""KC601: a milligram dose, in micrograms."""
RATIOS_SHOWN = 6
"""KC603: the ratios a message lists before it says how many more."""
SPREAD_MIN_RATIO = 100
"""KC606: doses this many times apart for one purpose."""
ODDS_MATCHES_MIN = 2
"""KC607: at least this many percentages of one sentence must equal 1 - a pooled odds ratio."""


@dataclass(frozen=True)
class Cues:
    """data/lexicon.yaml `evidence_cues`, compiled: each class one pattern of whole-word cues."""

    supplement: re.Pattern[str]
    markets: tuple[tuple[str, re.Pattern[str]], ...]
    not_adults: re.Pattern[str]
    reference_kinds: tuple[tuple[str, re.Pattern[str]], ...]
    ratio: re.Pattern[str]
    ratio_numbers: Mapping[str, Fraction]  # number words a ratio may be written with ('a thousand': 1000)
    fracture: re.Pattern[str]
    reduction: re.Pattern[str]
    negations: re.Pattern[str]
    odds: re.Pattern[str]
    percent: re.Pattern[str]
    purposes: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True)
class MarketProduct:
    """One vitamin amount of a product in data/products.yaml: what a product on the market gives."""

    name: str
    nutrient: str
    form: str
    serving_ug: Fraction
    daily_ug: Fraction | None  # when the directions say how many servings a day
    directions: str


@dataclass(frozen=True)
class Evidence:
    """What the checks compare a document with, built once per run."""

    registry: Registry
    cues: Cues
    products: tuple[MarketProduct, ...]


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _spaced(phrase: str) -> str:
    """A phrase as a regex whose spaces match any run of spaces."""
    return r"\s+".join(re.escape(part) for part in phrase.split())


def _alternative(cue: str) -> str:
    """One cue as a regex: a space is any run of spaces; a cue in capitals matches only in capitals."""
    body = _spaced(cue)
    letters = [c for c in cue if c.isalpha()]
    return body if letters and all(c.isupper() for c in letters) else f"(?i:{body})"


def _pattern(words: Sequence[str], where: str) -> re.Pattern[str]:
    if not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise DataError(f"lexicon.yaml: evidence_cues.{where}: expected a list of words")
    ordered = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))
    return re.compile(r"(?<!\w)(?:" + "|".join(_alternative(w) for w in ordered) + r")(?!\w)")


def _ratio_pattern(data: Mapping[str, Any]) -> re.Pattern[str]:
    """'{n} times' with a number, a number word or a range for {n}, then a comparative word ('1000 times less')."""
    ranges = "|".join(_alternative(w) for w in data["ratio_ranges"])
    words = sorted((str(w) for w in data["ratio_number_words"]), key=lambda w: (-len(w), w))
    one = "|".join([_NUMBER, *(f"(?i:{_spaced(w)})" for w in words)])
    number = rf"(?P<low>{one})(?:\s*(?:{ranges})\s*(?P<high>{one}))?"
    shapes = []
    for template in data["ratio_words"]:
        if str(template).count("{n}") != 1 or not str(template).startswith("{n}"):
            raise DataError(f"lexicon.yaml: evidence_cues.ratio_words: {template!r} must start with {{n}}")
        rest = str(template).removeprefix("{n}")
        shapes.append((r"\s+" if rest.startswith(" ") else "") + _alternative(rest.strip()))
    ordered = sorted(set(shapes), key=lambda s: (-len(s), s))
    comparatives = "|".join(_alternative(w) for w in data["ratio_comparatives"])
    return re.compile(rf"(?<![\w.,]){number}(?:{'|'.join(ordered)})(?!\w)(?=\s+(?:{comparatives})(?!\w))")


def _kinds(data: Mapping[str, Any]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    unknown = sorted(set(data) - set(INTAKE_KINDS))
    if unknown:
        raise DataError(f"lexicon.yaml: evidence_cues.reference_kinds: {unknown[0]!r} is not one of {INTAKE_KINDS}")
    return tuple((str(kind), _pattern(words, f"reference_kinds.{kind}")) for kind, words in data.items())


def build_cues(data: Any) -> Cues:
    """Validate and compile lexicon.yaml's `evidence_cues`; a missing or malformed class is a DataError."""
    try:
        cues = data["evidence_cues"]
        return Cues(
            supplement=_pattern(cues["supplement"], "supplement"),
            markets=tuple((str(m), _pattern(words, f"markets.{m}")) for m, words in cues["markets"].items()),
            not_adults=_pattern(cues["not_adults"], "not_adults"),
            reference_kinds=_kinds(cues["reference_kinds"]),
            ratio=_ratio_pattern(cues),
            ratio_numbers={
                " ".join(str(w).lower().split()): Fraction(v) for w, v in cues["ratio_number_words"].items()
            },
            fracture=_pattern(cues["fracture"], "fracture"),
            reduction=_pattern(cues["reduction"], "reduction"),
            negations=_pattern(cues["negations"], "negations"),
            odds=_pattern(cues["odds"], "odds"),
            percent=re.compile(
                rf"(?<![\w.,])(?P<n>{_NUMBER})\s*(?:{'|'.join(_alternative(w) for w in cues['percent'])})(?!\w)"
            ),
            purposes=tuple((str(p), _pattern(words, f"purposes.{p}")) for p, words in cues["purposes"].items()),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise DataError(f"lexicon.yaml: evidence_cues: missing or malformed class ({error})") from None


def market_products(catalogue: Catalogue, registry: Registry) -> tuple[MarketProduct, ...]:
    """Every vitamin amount of every product in a catalogue, per serving and (when the directions say) per day."""
    out = []
    for product in catalogue.products:
        spd = servings_per_day(product)
        name = product.name.value if product.name else product.id.value
        directions = product.directions.value if product.directions else ""
        for line in product.ingredients:
            check = check_text(line.value, registry, Settings(servings_per_day=spd, market=product.market))
            for item in check.ingredients:
                ingredient = item.ingredient
                if ingredient.nutrient and ingredient.form and ingredient.amount_ug is not None:
                    daily = item.daily_ug if spd is not None else None
                    out.append(
                        MarketProduct(
                            name, ingredient.nutrient, ingredient.form, ingredient.amount_ug, daily, directions
                        )
                    )
    return tuple(out)


# ---------------------------------------------------------------- the document, indexed


@dataclass(frozen=True)
class _Document:
    """A document with each sentence's claims, so that every check asks the same questions cheaply."""

    doc: ScannedDocument
    claims_in: tuple[tuple[Claim, ...], ...]  # per sentence index
    sentence_of: Mapping[int, int]  # claim index -> sentence index
    starts: list[int]  # where each line starts, found once: a finding's position costs a bisection

    def location(self, span: tuple[int, int]) -> Location:
        """Where a finding points: the span's first line and column (end column when on the same line)."""
        return span_position(self.doc.text, span, self.starts).location(self.doc.path)

    def near_before(self, index: int) -> tuple[Claim, ...]:
        """The claims of the sentence before, when it is in the same section."""
        sentences = self.doc.sentences
        if index == 0 or sentences[index - 1].section != sentences[index].section:
            return ()
        return self.claims_in[index - 1]

    def where(self, claim: Claim) -> str:
        """'line:col' of a claim, as a message names another statement."""
        return f"{claim.line}:{claim.col}"


def _index(doc: ScannedDocument) -> _Document:
    starts = [s.span[0] for s in doc.sentences]
    claims_in: list[list[Claim]] = [[] for _ in doc.sentences]
    sentence_of = {}
    for number, claim in enumerate(doc.claims):
        index = _sentence_at(doc.sentences, starts, claim.span[0])
        if index is not None:
            claims_in[index].append(claim)
            sentence_of[number] = index
    return _Document(doc, tuple(tuple(c) for c in claims_in), sentence_of, line_starts(doc.text))


def _sentence_at(sentences: Sequence[Sentence], starts: list[int], offset: int) -> int | None:
    index = bisect_right(starts, offset) - 1
    return index if index >= 0 and offset < sentences[index].span[1] else None


def _amount(claim: Claim) -> Fraction | None:
    """Micrograms as stated (low end of a range), or None when the amount is not read for sure."""
    ingredient = claim.ingredient
    return None if ingredient.ambiguous or not ingredient.amount_ug else ingredient.amount_ug


def _stated(claim: Claim) -> str:
    """The amount as kcheck writes it (ISMP-safe), with its form."""
    form = claim.ingredient.form or "of an unnamed form"
    return f"{claim.ingredient.amount.text()} {form}"


def _offsets(sentence: Sentence, match: re.Match[str]) -> tuple[int, int]:
    return sentence.span[0] + match.start(), sentence.span[0] + match.end()


def _not_verified(records: Sequence[Regimen | Reference]) -> tuple[str, ...]:
    return tuple(f"{r.id}: {', '.join(r.unverified)}" for r in records if r.unverified)


def _regimen_names(registry: Registry, regimens: Sequence[Regimen]) -> str:
    return "; ".join(
        f"{registry.cite(r.citations[:1])} [{r.id}"
        + (f"; not verified: {', '.join(r.unverified)}" if r.unverified else "")
        + "]"
        for r in regimens
    )


# ---------------------------------------------------------------- KC601


def _drug_dose_as_supplement(d: _Document, evidence: Evidence) -> Iterator[Finding]:
    """A milligram amount of a broad name said to be what supplements give, where the data has one form there."""
    registry, forms = evidence.registry, evidence.registry.forms
    for claim in d.doc.claims:
        ug, form = _amount(claim), claim.ingredient.form
        nutrient = claim.ingredient.nutrient
        if ug is None or ug < MILLIGRAM_UG or claim.claim in NOT_PRODUCT_DOSES or nutrient is None:
            continue
        cue = evidence.cues.supplement.search(claim.sentence)
        if cue is None:
            continue
        products = [p for p in evidence.products if p.nutrient == nutrient and ug in (p.serving_ug, p.daily_ug)]
        regimens = [r for r in registry.regimens if r.nutrient == nutrient and ug in (r.dose_ug, r.daily_ug)]
        held = {p.form for p in products} | {r.form for r in regimens}
        if not products or not regimens or len(held) != 1:
            continue
        (specific,) = held
        if form == specific or (form is not None and not forms.is_ancestor(form, specific)):
            continue
        covered = [
            p
            for p in evidence.products
            if p.nutrient == nutrient and p not in products and (form is None or forms.is_ancestor(form, p.form))
        ]
        named = "; ".join(dict.fromkeys(_product_text(p, ug) for p in products))
        others = ""
        if covered:
            low, high = min(p.serving_ug for p in covered), max(p.serving_ug for p in covered)
            span_text = mass_text(low) if low == high else f"{mass_text(low)} to {mass_text(high)}"
            count = len({p.name for p in covered})
            others = (
                f" The other {form or forms.nutrient_names[nutrient]} products in kcheck's data give {span_text} "
                f"per serving ({count} product{'s' if count != 1 else ''})."
            )
        yield finding(
            "KC601",
            f"{_stated(claim)} is presented as what a supplement gives ('{cue.group(0)}'), but in kcheck's data "
            f"the only product at {mass_text(ug)} is {named}, and every studied regimen at {mass_text(ug)} is "
            f"{specific}: {_regimen_names(registry, regimens)}.{others}",
            span=claim.span,
            unverified=_not_verified(regimens),
            location=d.location(claim.span),
        )


def _product_text(product: MarketProduct, ug: Fraction) -> str:
    directions = f"; {product.directions.lower()}" if product.directions else ""
    daily = f", {mass_text(product.daily_ug)}/day" if product.daily_ug is not None else ""
    return f"{product.name} ({product.form}, {mass_text(product.serving_ug)} per serving{daily}{directions})"


# ---------------------------------------------------------------- KC602


def _markets(text: str, cues: Cues) -> list[tuple[str, str]]:
    """(market, the words that name it) for each market the text names, in the cues' order."""
    named = []
    for market, pattern in cues.markets:
        match = pattern.search(text)
        if match:
            named.append((market, match.group(0)))
    return named


def _named_kinds(text: str, cues: Cues) -> list[str]:
    """The kinds of reference intake the text names ('daily value': daily-value), in the cues' order."""
    return [kind for kind, pattern in cues.reference_kinds if pattern.search(text)]


def _intake_rows(registry: Registry, nutrient: str, market: str | None, kinds: Sequence[str]) -> list[Reference]:
    """The data's rows of these kinds (none named: adequate intakes) for the nutrient and market (None: any)."""
    wanted = kinds or ("adequate-intake",)
    return [
        r
        for r in registry.references
        if r.nutrient == nutrient and r.kind in wanted and (market is None or r.market == market) and r.amount_ug
    ]


def _row_text(row: Reference, registry: Registry, population: bool = True) -> str:
    """'the US adequate intake for men ≥ 19 y (120 mcg/day; Institute of Medicine 2001 [us-ai-vitamin-k-men])'."""
    who = f" for {row.population}" if population else ""
    return (
        f"the {(row.market or '').upper()} {row.kind.replace('-', ' ')}{who} "
        f"({mass_text(row.amount_ug)}/day; {registry.cite(row.citations[:1])} [{row.id}])"
    )


def _reference_intake_mismatch(d: _Document, evidence: Evidence, market: str | None) -> Iterator[Finding]:
    """A reference intake stated for a market the sentence names that is none of the data's rows for it."""
    registry, cues = evidence.registry, evidence.cues
    for claim in d.doc.claims:
        ug, nutrient = _amount(claim), claim.ingredient.nutrient
        if claim.claim != "reference-intake" or ug is None or nutrient is None:
            continue
        if cues.not_adults.search(claim.sentence):
            continue
        named = _markets(claim.sentence, cues) or ([(market, f"--market {market}")] if market else [])
        kinds = _named_kinds(claim.sentence, cues)
        rows = [r for m, _ in named for r in _intake_rows(registry, nutrient, m, kinds)]
        if not rows:
            continue
        values = {r.amount_ug for r in rows}
        if ug in values or claim.ingredient.amount_ug_high in values:  # a range often spans two rows' populations
            continue
        cited = "; ".join(_row_text(r, registry) for r in rows)
        where = " and ".join(f"{m.upper()} ('{words}')" for m, words in named)
        yield finding(
            "KC602",
            f"{_stated(claim)} is given as a reference intake for {where}, but kcheck's data cites {cited}. "
            "The text may quote another edition, population or form.",
            span=claim.span,
            unverified=_not_verified(rows),
            location=d.location(claim.span),
        )


# ---------------------------------------------------------------- KC603


@dataclass(frozen=True)
class _Ratio:
    mass: Fraction
    moles: Fraction | None
    text: str  # what the ratio is between, for the message


def _number(text: str, words: Mapping[str, Fraction] | None = None) -> Fraction:
    """'1,000' or (with `words`) 'a thousand' as a Fraction."""
    if text[:1].isdigit():
        return Fraction(text.replace(",", ""))
    return (words or {})[" ".join(text.lower().split())]


def _molar(claim: Claim, registry: Registry) -> Fraction | None:
    form = claim.ingredient.form
    mass = registry.forms.form(form).molar_mass if form else None
    ug = _amount(claim)
    return ug / mass if mass and ug else None


def _pair_ratio(a: Claim, b: Claim, d: _Document, registry: Registry) -> _Ratio:
    ua, ub = _amount(a), _amount(b)
    assert ua and ub
    big, small = (a, b) if ua >= ub else (b, a)
    mass = max(ua, ub) / min(ua, ub)
    ma, mb = _molar(big, registry), _molar(small, registry)
    moles = ma / mb if ma and mb and big.ingredient.form != small.ingredient.form else None
    molar = f" (≈{ratio_text(moles)} by moles)" if moles is not None else ""
    return _Ratio(
        mass,
        moles,
        f"{_stated(big)} ({d.where(big)}) is {ratio_text(mass)} {_stated(small)} ({d.where(small)}) by mass{molar}",
    )


def _reference_ratios(claims: Sequence[Claim], d: _Document, evidence: Evidence, text: str) -> list[_Ratio]:
    registry = evidence.registry
    named: list[str | None] = [m for m, _ in _markets(text, evidence.cues)]
    kinds = _named_kinds(text, evidence.cues)
    out = []
    for claim in claims:
        ug, nutrient = _amount(claim), claim.ingredient.nutrient
        if ug is None or nutrient is None:
            continue
        for m in named or [None]:
            for row in _intake_rows(registry, nutrient, m, kinds):
                ratio = ug / row.amount_ug
                said = f"{_stated(claim)} ({d.where(claim)}) is {ratio_text(ratio)} {_row_text(row, registry, False)}"
                out.append(_Ratio(ratio, None, said))
    return out


def _within(low: Fraction, high: Fraction, value: Fraction) -> bool:
    return low * (1 - RATIO_TOLERANCE) <= value <= high * (1 + RATIO_TOLERANCE)


def _ratio_mismatch(d: _Document, evidence: Evidence) -> Iterator[Finding]:
    """A stated ratio that neither the document's amounts nor the cited reference intakes give."""
    registry = evidence.registry
    for index, sentence in enumerate(d.doc.sentences):
        for match in evidence.cues.ratio.finditer(sentence.text):
            numbers = evidence.cues.ratio_numbers
            low = _number(match.group("low"), numbers)
            high = _number(match.group("high"), numbers) if match.group("high") else low
            low, high = min(low, high), max(low, high)
            if low <= 1:
                continue
            own = [c for c in d.claims_in[index] if _amount(c)]
            reference = _named_kinds(sentence.text, evidence.cues)
            enough = len(own) >= 2 or (reference and own)
            pool = own if enough else [c for c in d.near_before(index) if _amount(c)] + own
            ratios = [
                _pair_ratio(a, b, d, registry)
                for a, b in itertools.combinations(pool, 2)
                if a.ingredient.nutrient == b.ingredient.nutrient and a.ingredient.nutrient is not None
            ]
            if reference:
                ratios += _reference_ratios(own or pool, d, evidence, sentence.text)
            if not ratios:
                continue
            if any(_within(low, high, r.mass) or (r.moles and _within(low, high, r.moles)) for r in ratios):
                continue
            span = _offsets(sentence, match)
            yield finding(
                "KC603",
                f"'{match.group(0)}' is not what the amounts give: "
                + "; ".join(r.text for r in ratios[:RATIOS_SHOWN])
                + (f"; and {len(ratios) - RATIOS_SHOWN} more" if len(ratios) > RATIOS_SHOWN else "")
                + ". A ratio of doses, not of effects.",
                span=span,
                location=d.location(span),
            )


# ---------------------------------------------------------------- KC604 and KC607


def _fracture_claims(d: _Document, cues: Cues) -> Iterator[tuple[int, Sentence, re.Match[str]]]:
    for index, sentence in enumerate(d.doc.sentences):
        word = cues.fracture.search(sentence.text)
        if word and cues.reduction.search(sentence.text) and not cues.negations.search(sentence.text):
            yield index, sentence, word


def _fracture_cautions(d: _Document, evidence: Evidence) -> Iterator[Finding]:
    """A fracture-reduction claim with a vitamin K dose (in its sentence, else the one before) gets the cautions."""
    registry = evidence.registry
    for index, sentence, word in _fracture_claims(d, evidence.cues):
        doses = [
            c for c in d.claims_in[index] or d.near_before(index) if _amount(c) and c.ingredient.nutrient == "vitamin_k"
        ]
        if not doses:
            continue
        forms = list(dict.fromkeys(c.ingredient.form for c in doses))
        cautions = [c for c in registry.fracture_cautions if any(c.may_concern(f, registry.forms) for f in forms)]
        if not cautions:
            continue
        beside = ", ".join(f"{_stated(c)} ({d.where(c)})" for c in doses[:3])
        lead = f"A fracture-reduction claim beside {beside}: the published evidence carries cautions."
        yield _with_cautions("KC604", lead, cautions, registry, d, _offsets(sentence, word))


def _with_cautions(
    code: str, lead: str, cautions: Sequence[Caution], registry: Registry, d: _Document, span: tuple[int, int]
) -> Finding:
    """A finding that quotes cautions, each with its citations, carrying the unverified facts they rest on."""
    said = " ".join(f"{c.text} ({registry.cite(c.citations)})" for c in cautions)
    unverified = tuple(f"{c.id}: {', '.join(c.unverified)}" for c in cautions if c.unverified)
    return finding(code, f"{lead} {said}", span=span, unverified=unverified, location=d.location(span))


def _odds_as_risk(d: _Document, evidence: Evidence) -> Iterator[Finding]:
    """Percentages equal to 1 - a meta-analysis's pooled odds ratios, in a sentence that does not say odds."""
    registry, cues = evidence.registry, evidence.cues
    complements = {
        (1 - ratio.odds_ratio) * 100: (caution, ratio)
        for caution in registry.fracture_cautions
        for ratio in caution.odds_ratios
    }
    for _, sentence, _ in _fracture_claims(d, cues):
        if cues.odds.search(sentence.text):
            continue
        hits = [m for m in cues.percent.finditer(sentence.text) if _number(m.group("n")) in complements]
        matched = {_number(m.group("n")): complements[_number(m.group("n"))] for m in hits}
        if len(matched) < ODDS_MATCHES_MIN:
            continue
        sources = list(dict.fromkeys(caution for caution, _ in matched.values()))
        figures = ", ".join(
            f"{decimal_text(value)} % = 1 - {ratio.text}, the pooled odds ratio for {ratio.outcome}"
            for value, (_, ratio) in matched.items()
        )
        lead = f"These figures are reductions in odds, not in risk: {figures}."
        yield _with_cautions("KC607", lead, sources, registry, d, _offsets(sentence, hits[0]))


# ---------------------------------------------------------------- KC605 and KC606


def _drifts(earlier: str, later: str, evidence: Evidence) -> bool:
    """True when `later` names a form `earlier` did not: more specific, or a sibling under a named parent."""
    forms = evidence.registry.forms
    if earlier == later or forms.is_ancestor(later, earlier):
        return False
    if forms.is_ancestor(earlier, later):
        return True
    parent = forms.form(earlier).parent
    return parent is not None and parent == forms.form(later).parent and forms.form(parent).parent is not None


def _quantity_drift(d: _Document, evidence: Evidence) -> Iterator[Finding]:
    """The same amount and hedge, restated later as a more specific or a sibling form.

    Only for a nutrient whose studied regimens in the data are of more than one form (vitamin K):
    there a form decides which studies a dose may be set beside. 'About 500 mcg' is not '500 mcg'.
    Each amount keeps the first statement of each form, so a long document costs claims x forms.
    """
    by_form = evidence.registry.regimens_by_nutrient
    firsts: dict[tuple[object, ...], dict[str, tuple[int, Claim]]] = {}
    for number, claim in enumerate(d.doc.claims):
        ingredient = claim.ingredient
        form, ug, nutrient = ingredient.form, _amount(claim), ingredient.nutrient
        if claim.context != "sentence" or not form or ug is None or not nutrient:
            continue
        if len({r.form for r in by_form.get(nutrient, ())}) < 2:
            continue
        stated = firsts.setdefault((nutrient, ug, ingredient.amount_ug_high, claim.bound), {})
        sentence = d.sentence_of.get(number)
        drifted = [
            other
            for other_number, other in stated.values()
            if d.sentence_of.get(other_number) != sentence and _drifts(other.ingredient.form or "", form, evidence)
        ]
        stated.setdefault(form, (number, claim))
        if not drifted:
            continue
        before = "; ".join(f"{_stated(o)} at {d.where(o)}" for o in drifted)
        yield finding(
            "KC605",
            f"{_stated(claim)} restates an amount this document gave earlier as {before}: the same amount, now "
            f"named {form}. A broader name does not say which form was meant, and results for one "
            "form do not carry over to another.",
            span=claim.span,
            location=d.location(claim.span),
        )


def _purpose(d: _Document, number: int, cues: Cues) -> str | None:
    """The one purpose the claim's sentence names, else the one its section's heading names; None when unsure."""
    texts = [d.doc.claims[number].sentence]
    index = d.sentence_of.get(number)
    section = d.doc.sentences[index].section if index is not None else None
    if section is not None:
        texts.append(d.doc.sections[section].heading)
    for text in texts:
        named = [purpose for purpose, pattern in cues.purposes if pattern.search(text)]
        if named:
            return named[0] if len(named) == 1 else None
    return None


def _dose_spread(d: _Document, evidence: Evidence) -> Iterator[Finding]:
    """Doses of one nutrient for one purpose, 100x or more apart as stated, within the document.

    Each (purpose, nutrient) keeps its smallest and largest earlier dose: the partner farthest away.
    """
    registry = evidence.registry
    extremes: dict[tuple[str, str], tuple[tuple[Fraction, Claim], tuple[Fraction, Claim]]] = {}
    for number, claim in enumerate(d.doc.claims):
        ug, nutrient = _amount(claim), claim.ingredient.nutrient
        if ug is None or nutrient is None or claim.claim not in DOSE_KINDS:
            continue
        purpose = _purpose(d, number, evidence.cues)
        if purpose is None:
            continue
        key = (purpose, nutrient)
        low, high = extremes.get(key, ((ug, claim), (ug, claim)))
        extremes[key] = (
            min(low, (ug, claim), key=lambda pair: pair[0]),
            max(high, (ug, claim), key=lambda pair: pair[0]),
        )
        ratio_low, ratio_high = ug / low[0], high[0] / ug
        if max(ratio_low, ratio_high) < SPREAD_MIN_RATIO:
            continue
        other = low[1] if ratio_low >= ratio_high else high[1]
        ratio = _pair_ratio(claim, other, d, registry)
        same_digits = claim.ingredient.amount.values == other.ingredient.amount.values
        digits = " They have the same digits in different units." if same_digits else ""
        yield finding(
            "KC606",
            f"Two doses for {purpose} in this document are {SPREAD_MIN_RATIO}× or more apart: {ratio.text}.{digits} "
            "Check that each is the dose meant.",
            span=claim.span,
            location=d.location(claim.span),
        )


# ---------------------------------------------------------------- the one entry


def check_document(doc: ScannedDocument, evidence: Evidence, market: str | None = None) -> tuple[Finding, ...]:
    """Every KC6xx finding of one document, in document order (`market`: --market, when no sentence names one)."""
    d = _index(doc)
    found = [
        *_drug_dose_as_supplement(d, evidence),
        *_reference_intake_mismatch(d, evidence, market),
        *_ratio_mismatch(d, evidence),
        *_fracture_cautions(d, evidence),
        *_quantity_drift(d, evidence),
        *_dose_spread(d, evidence),
        *_odds_as_risk(d, evidence),
    ]
    return tuple(sorted(found, key=finding_order))
