"""`kcheck lint`: catalogue records + the registry -> findings placed at file:line:col (pure).

The core (grammar + engine) reads every ingredient line; this module adds the safety-writing
rules (KC2xx, read from the raw scalar text), the label-consistency rules (KC403-KC405),
inline suppressions (KC505) and the text edits behind `--fix`.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from fractions import Fraction

from kcheck.amounts import decimal_text, mass_text, ratio_text
from kcheck.catalogue import Catalogue, Product, Text
from kcheck.engine import Settings, check_text
from kcheck.grammar import MASS_UNITS, directions_per_day
from kcheck.limits import SERVINGS_RANGE_TEXT, in_servings_range, label_cut, long_number
from kcheck.regimens import Registry
from kcheck.report import Finding, LabelCheck, Location, Subject
from kcheck.report import finding as make_finding
from kcheck.rules import RULES

FIXABLE = frozenset(code for code, rule in RULES.items() if rule.fixable)
CLAIM_RATIO = 2  # KC405: a claimed regimen's daily dose 2x or more away is not delivered
ANTICOAGULANT_WORDS = re.compile(
    r"anticoagul|anti-coagul|blood[- ]thinn|warfarin|coumadin|acenocoumarol|phenprocoumon|"
    r"vitamin k antagonist|\bvka\b|coumarin",
    re.IGNORECASE,
)

_UNIT = r"(?:mcg|mg|g|[µμ]g|ug|IU|iu|mL|ml|%)"
# KC201: the micro sign, Greek mu or "ug" used for micrograms (after a number).
_MICRO = re.compile(r"(?<=[\d\s])(?:[µμ]\s?g|ug)(?![A-Za-z])|㎍")
# KC202: 45.0 mg, 1.50 mg (not "1.000 mg": that is a thousands reading, KC102 asks).
_TRAILING = re.compile(r"(?<![\d.,])(\d+)\.(\d*?)(0+)(?=\s*" + _UNIT + r"(?![A-Za-z]))")
# KC203: .5 mg
_NAKED = re.compile(r"(?<![\w.,])\.(\d+)(?=\s*" + _UNIT + r"(?![A-Za-z]))")
# KC204: 45mcg, 5000IU
_GLUED = re.compile(r"(?<=\d)(?=(?:mcg|mg|g|[µμ]g|ug|IU|iu|mL|ml)(?![A-Za-z]))")


@functools.lru_cache(maxsize=1)
def _latin_words() -> dict[str, str]:
    """KC206 and the grammar share data/lexicon.yaml's one list of Latin frequency abbreviations."""
    from kcheck.data import default_lexicon

    return {entry.abbr: entry.words for entry in default_lexicon().latin}


@functools.lru_cache(maxsize=1)
def _latin_pattern() -> re.Pattern[str]:
    words = sorted(_latin_words(), key=lambda abbr: (-len(abbr), abbr))
    body = "|".join(r"\.?".join(re.escape(char) for char in abbr) for abbr in words)
    return re.compile(rf"(?<![\w.])({body})\.?(?![\w])", re.IGNORECASE)


# KC207: + & @ between doses.
_SYMBOL = re.compile(r"\s*([+&@])\s*")
_SYMBOL_WORDS = {"+": "and", "&": "and", "@": "at"}


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with `replacement` (file indices): one --fix for one finding."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Selection:
    """--select / --ignore: code prefixes ("KC2" is every KC2xx)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def allows(self, code: str) -> bool:
        """True when the code is selected (or nothing is) and not ignored; longest prefix wins."""
        chosen = max((len(p) for p in self.select if code.startswith(p)), default=-1 if self.select else 0)
        ignored = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return chosen >= 0 and chosen >= ignored if ignored < 0 else chosen > ignored


@dataclass
class LintResult:
    """One file's findings (sorted, placed) and the --fix edit for each fixable one."""

    path: str
    text: str
    findings: tuple[Finding, ...]
    subjects: tuple[Subject, ...]
    fixes: dict[Finding, Edit] = field(default_factory=dict)


def lint_catalogue(
    catalogue: Catalogue, registry: Registry, selection: Selection = Selection(), cache: LintCache | None = None
) -> LintResult:
    """Every rule on every product; then suppressions (KC505) and --select/--ignore."""
    raw: list[Finding] = list(catalogue.problems)
    fixes: dict[Finding, Edit] = {}
    seen: dict[str, Product] = {}
    cache = LintCache() if cache is None else cache
    for product in catalogue.products:
        pid = product.id.value
        if pid in seen:
            first = seen[pid].id
            raw.append(
                _place(
                    "KC502",
                    f"product id '{pid}' is used twice (first at line {first.line})",
                    product.id.locate(None, catalogue.path),
                    pid,
                )
            )
        else:
            seen[pid] = product
        raw.extend(_lint_product(product, catalogue.path, registry, cache, fixes))
    findings = _suppress(raw, catalogue)
    findings = [f for f in findings if selection.allows(f.code)]
    findings.sort(key=_order)
    subjects = tuple(Subject(p.id.value, p.location) for p in catalogue.products)
    kept = {f: fixes[f] for f in findings if f in fixes}
    return LintResult(catalogue.path, catalogue.text, tuple(findings), subjects, kept)


def _order(finding: Finding) -> tuple:
    loc = finding.location
    return (loc.path or "", loc.line or 0, loc.column or 0, finding.code, finding.message)


def _place(code: str, message: str, location: Location, subject: str) -> Finding:
    return make_finding(code, message, location=location, subject=subject)


# ---------------------------------------------------------------- one product


def servings_per_day(product: Product) -> Fraction | None:
    """servings_per_day, else read from directions ("Take 1 capsule three times daily" -> 3)."""
    if product.servings_per_day is not None:
        return product.servings_per_day
    spd = _directions_per_day(product)
    return spd if spd is not None and in_servings_range(spd) else None


def _directions_per_day(product: Product) -> Fraction | None:
    """Servings a day from the directions, within the reading limits that bound every label."""
    if product.directions is None:
        return None
    text = product.directions.value
    text = text[: label_cut(text) or len(text)]
    return None if long_number(text) else directions_per_day(text)


def _directions_out_of_range(product: Product, path: str) -> Iterator[Finding]:
    """KC112 when the directions state servings a day outside the range kcheck reads."""
    spd = _directions_per_day(product)
    if product.servings_per_day is not None or product.directions is None:
        return
    if spd is not None and not in_servings_range(spd):
        yield _place(
            "KC112",
            f"the directions give {decimal_text(spd)} servings a day: out of range (kcheck reads "
            f"{SERVINGS_RANGE_TEXT}), so no daily amount is computed from them",
            product.directions.locate(None, path),
            product.id.value,
        )


def _lint_product(
    product: Product, path: str, registry: Registry, cache: LintCache, fixes: dict[Finding, Edit]
) -> Iterator[Finding]:
    pid = product.id.value
    spd = servings_per_day(product)
    checks: list[tuple[Text, LabelCheck]] = []
    settings = Settings(servings_per_day=spd, market=product.market, age=product.age)
    for line in product.ingredients:
        check = cache.check(line.value, registry, settings)
        checks.append((line, check))
        for finding in check.findings:
            yield replace(finding, location=line.locate(finding.span, path), subject=pid)
        hits = cache.safety_hits(line.value, check)
        safe = cache.safe_fixes(line.value, hits, check, registry, settings)
        yield from _place_hits(line, path, pid, fixes, hits, safe)
    yield from _directions_out_of_range(product, path)
    if product.directions is not None:
        hits = cache.safety_hits(product.directions.value, None)
        safe = cache.safe_fixes(product.directions.value, hits, None, registry, None)
        yield from _place_hits(product.directions, path, pid, fixes, hits, safe)
    yield from _consistency(product, path, registry, checks, spd)


@dataclass(frozen=True)
class _Hit:
    """A safety-writing match inside one string: code, message, span, and the fix (if any)."""

    code: str
    message: str
    span: tuple[int, int]
    fix_span: tuple[int, int] | None = None
    replacement: str = ""


@dataclass
class LintCache:
    """Catalogues repeat label lines: each distinct line is read and matched once per run."""

    checks: dict[tuple[str, Fraction | None, str | None, Fraction | None], LabelCheck] = field(default_factory=dict)
    safety: dict[tuple[str, bool], tuple[_Hit, ...]] = field(default_factory=dict)
    safe: dict[tuple[str, Settings | None], frozenset[_Hit]] = field(default_factory=dict)

    def safety_hits(self, value: str, check: LabelCheck | None) -> tuple[_Hit, ...]:
        """KC201-KC207 matches for a string (cached; KC205 needs the ingredient's check)."""
        key = (value, check is not None)
        hits = self.safety.get(key)
        if hits is None:
            # The same bound as the grammar's: a runaway line is matched as far as it is read (KC111).
            hits = tuple(_safety(value[: label_cut(value) or len(value)], check))
            self.safety[key] = hits
        return hits


    def safe_fixes(
        self,
        value: str,
        hits: tuple[_Hit, ...],
        check: LabelCheck | None,
        registry: Registry,
        settings: Settings | None,
    ) -> frozenset[_Hit]:
        """The fixes of a string that keep its reading and add no finding (cached per string)."""
        key = (value, settings)
        safe = self.safe.get(key)
        if safe is None:
            safe = frozenset(_keeping_fixes(value, hits, check, registry, settings, self))
            self.safe[key] = safe
        return safe

    def check(self, value: str, registry: Registry, settings: Settings) -> LabelCheck:
        """check_text, cached by (text, servings per day, market, age)."""
        key = (value, settings.servings_per_day, settings.market, settings.age)
        check = self.checks.get(key)
        if check is None:
            check = check_text(value, registry, settings)
            self.checks[key] = check
        return check


def _reading(check: LabelCheck) -> tuple:
    """What a label says, spelling aside: a fix must leave this unchanged."""
    items = tuple(
        (
            i.ingredient.nutrient,
            i.ingredient.form,
            i.ingredient.amount_ug,
            i.ingredient.amount_ug_high,
            i.ingredient.values_ug,
            i.ingredient.per,
            i.ingredient.per_count,
            i.ingredient.doses_per_day,
            i.ingredient.pct_dv,
            tuple(c.amount_ug for c in i.ingredient.candidates),
            len(i.ingredient.equivalents),
            i.daily_ug,
            i.daily_ug_high,
            i.daily_basis,
        )
        for i in check.ingredients
    )
    others = tuple(name for name, _ in check.label.others) if check.label is not None else ()
    return (check.status, items, others)


def _keeping_fixes(
    value: str,
    hits: tuple[_Hit, ...],
    check: LabelCheck | None,
    registry: Registry,
    settings: Settings | None,
    cache: LintCache,
) -> Iterator[_Hit]:
    """Greedily keep each fix whose edit (with those kept before it) re-reads the same and adds no finding."""
    fixable = [hit for hit in hits if hit.fix_span is not None]
    if not fixable:
        return
    edits = {Edit(hit.fix_span[0], hit.fix_span[1], hit.replacement): hit for hit in fixable}  # type: ignore[index]
    chosen = non_overlapping(edits)

    def codes(text: str, new_check: LabelCheck | None) -> Counter[str]:
        found = Counter(hit.code for hit in cache.safety_hits(text, new_check))
        found.update(f.code for f in (new_check.findings if new_check is not None else ()))
        return found

    before_reading = _reading(check) if check is not None else directions_per_day(value)
    before_codes = codes(value, check)

    def keeps(kept: list[Edit]) -> bool:
        text, _ = apply_fixes(value, kept)
        reading: object  # directions_per_day without a check, else the check's reading
        if check is None or settings is None:
            new_check = None
            reading = directions_per_day(text)
        else:
            new_check = cache.check(text, registry, settings)
            reading = _reading(new_check)
        return reading == before_reading and not (codes(text, new_check) - before_codes)

    if keeps(chosen):
        yield from (edits[edit] for edit in chosen)
        return
    kept: list[Edit] = []
    for edit in chosen:
        if keeps([*kept, edit]):
            kept.append(edit)
    yield from (edits[edit] for edit in kept)


def _place_hits(
    text: Text,
    path: str,
    pid: str,
    fixes: dict[Finding, Edit],
    hits: tuple[_Hit, ...],
    safe: frozenset[_Hit],
) -> Iterator[Finding]:
    for hit in hits:
        message = hit.message
        if hit.fix_span is not None and hit not in safe:
            message += "; not fixed automatically: the fixed text would read differently or add a finding"
        finding = _place(hit.code, message, text.locate(hit.span, path), pid)
        if hit in safe and text.mapped and hit.fix_span is not None:
            start, end = text.source_range(hit.fix_span)
            fixes[finding] = Edit(start, end, hit.replacement)
        yield finding


def _safety(value: str, check: LabelCheck | None) -> Iterator[_Hit]:
    """KC201-KC207 on the raw scalar text of an ingredient line or the directions."""
    for match in _MICRO.finditer(value):
        yield _Hit(
            "KC201",
            f"write 'mcg', not '{match.group()}': µg is misread as mg (ISMP)",
            match.span(),
            match.span(),
            "mcg",
        )
    for match in _TRAILING.finditer(value):
        if len(match.group(2)) + len(match.group(3)) == 3:
            continue  # "1.000", "1.500": a thousands separator or three decimals; KC102 asks which
        kept = match.group(1) + ("." + match.group(2) if match.group(2) else "")
        yield _Hit(
            "KC202",
            f"write '{kept}', not '{match.group()}': a trailing zero is misread as 10x (ISMP)",
            match.span(),
            match.span(),
            kept,
        )
    for match in _NAKED.finditer(value):
        yield _Hit(
            "KC203",
            f"write '0{match.group()}', not '{match.group()}': a naked decimal is misread as a whole number (ISMP)",
            match.span(),
            match.span(),
            "0" + match.group(),
        )
    for match in _GLUED.finditer(value):
        at = match.start()
        number = re.search(r"[\d.,]*\d$", value[:at])
        unit = re.match(r"[A-Za-zµμ]+", value[at:])
        digits, letters = (number.group() if number else ""), (unit.group() if unit else "")
        safe_unit = "mcg" if letters in ("µg", "μg", "ug") else letters
        yield _Hit(
            "KC204",
            f"write '{digits} {safe_unit}', not '{digits}{letters}': a unit run into the number can be misread (ISMP)",
            (at - len(digits), at + len(letters)),
            (at, at),
            " ",
        )
    latin = _latin_words()
    for match in _latin_pattern().finditer(value):
        word = match.group(1).replace(".", "").lower()
        yield _Hit(
            "KC206",
            f"write '{latin.get(word, 'the words')}', not '{match.group().strip()}': "
            "Latin abbreviations are misread (ISMP, The Joint Commission)",
            match.span(),
        )
    for match in _SYMBOL.finditer(value):
        before, after = value[: match.start()], value[match.end() :]
        if re.search(r"\d", before) and re.search(r"\d", after):
            symbol = match.group(1)
            yield _Hit(
                "KC207",
                f"write '{_SYMBOL_WORDS[symbol]}', not '{symbol}', between doses: '+' is "
                "misread as 4 and '&'/'@' as 2 (ISMP)",
                match.span(1),
            )
    if check is not None and check.label is not None:
        for item in check.ingredients:
            ingredient = item.ingredient
            if ingredient.nutrient != "vitamin_d" or ingredient.amount.unit != "IU":
                continue
            if any(eq.unit in MASS_UNITS for eq in ingredient.equivalents):
                continue
            mass = f" ({mass_text(ingredient.amount_ug)})" if ingredient.amount_ug is not None else ""
            yield _Hit(
                "KC205",
                f"{ingredient.amount.text()} of vitamin D without the mass amount: give mcg "
                f"first{mass}, IU in parentheses (FDA 2016)",
                ingredient.amount.span,
            )


def _consistency(
    product: Product, path: str, registry: Registry, checks: list[tuple[Text, LabelCheck]], spd: Fraction | None
) -> Iterator[Finding]:
    """KC403 anticoagulant warning, KC404 menadione, KC405 claims; KC501 for unknown regimen ids."""
    pid = product.id.value
    vitamin_k = [
        (line, item) for line, check in checks for item in check.ingredients if item.ingredient.nutrient == "vitamin_k"
    ]
    for line, item in vitamin_k:
        form = item.ingredient.form
        if form is not None and registry.forms.is_ancestor("K3", form):
            span = item.ingredient.spans.get("name", item.ingredient.amount.span)
            yield _place(
                "KC404",
                f"'{item.ingredient.name_text}' is menadione (vitamin K3): a synthetic form, "
                "not a dietary-supplement vitamer",
                line.locate(span, path),
                pid,
            )
    if vitamin_k:
        texts = [w.value for w in product.warnings] + ([product.directions.value] if product.directions else [])
        if not any(ANTICOAGULANT_WORDS.search(text) for text in texts):
            where = product.warnings[0].locate(None, path) if product.warnings else product.location
            yield _place(
                "KC403",
                "vitamin K product without a warning for people taking anticoagulants "
                "(warfarin and other vitamin K antagonists)",
                where,
                pid,
            )
    regimens = {r.id: r for r in registry.regimens}
    for claim in product.claims:
        regimen = regimens.get(claim.value)
        if regimen is None:
            close = difflib.get_close_matches(claim.value, list(regimens), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            yield _place(
                "KC501",
                f"unknown regimen '{claim.value}'{hint} (kcheck regimens lists them)",
                claim.locate(None, path),
                pid,
            )
            continue
        yield from _claim(product, path, regimen, checks, claim, spd)


def _claim(
    product: Product,
    path: str,
    regimen,
    checks: list[tuple[Text, LabelCheck]],
    claim: Text,  # type: ignore[no-untyped-def]
    spd: Fraction | None,
) -> Iterator[Finding]:
    pid = product.id.value
    where = claim.locate(None, path)
    items = [item for _, check in checks for item in check.ingredients if item.ingredient.nutrient == regimen.nutrient]
    if not items:
        yield _place(
            "KC405",
            f"claims {regimen.id} ({regimen.daily_text}/day {regimen.form}) but lists no "
            f"{regimen.nutrient.replace('_', ' ')}",
            where,
            pid,
        )
        return
    same = [item for item in items if item.ingredient.form == regimen.form]
    if not same:
        forms = ", ".join(sorted({item.ingredient.form or "an unnamed form" for item in items}))
        yield _place(
            "KC405",
            f"claims {regimen.id} ({regimen.daily_text}/day {regimen.form}) but the label "
            f"gives {forms}: results for one form do not carry over to another",
            where,
            pid,
        )
        return
    daily = sum((item.daily_ug for item in same if item.daily_ug is not None), Fraction(0))
    if daily == 0:
        return
    ratio = max(daily, regimen.daily_ug) / min(daily, regimen.daily_ug)
    if ratio >= CLAIM_RATIO:
        assumed = (
            "" if spd is not None or all(i.daily_basis == "label" for i in same) else " (assuming 1 serving a day)"
        )
        side = "below" if daily < regimen.daily_ug else "above"
        yield _place(
            "KC405",
            f"claims {regimen.id} ({regimen.daily_text}/day {regimen.form}) but delivers "
            f"{mass_text(daily)}/day{assumed}, {ratio_text(ratio)} {side} it",
            where,
            pid,
        )


# ---------------------------------------------------------------- suppressions


def _suppress(findings: list[Finding], catalogue: Catalogue) -> list[Finding]:
    """Drop findings named by a `# kcheck: ignore[...]` on their line; KC505 for unused ones."""
    if not catalogue.suppressions or any(problem.code == "KC504" for problem in catalogue.problems):
        return findings  # a file that did not parse was not checked, so no suppression can be called unused
    by_line = {s.line: s for s in catalogue.suppressions}
    used: dict[int, set[str]] = {line: set() for line in by_line}
    kept = []
    for finding in findings:
        line = finding.location.line
        suppression = by_line.get(line) if line is not None else None
        if suppression is not None and (not suppression.codes or finding.code in suppression.codes):
            used[suppression.line].add(finding.code)
            continue
        kept.append(finding)
    for suppression in catalogue.suppressions:
        location = Location(catalogue.path, suppression.line, suppression.column, suppression.end_column)
        hits = used[suppression.line]
        if not suppression.codes and not hits:
            kept.append(_place("KC505", "'# kcheck: ignore' suppresses nothing on this line", location, ""))
        for code in suppression.codes:
            if code not in RULES:
                kept.append(_place("KC505", f"'{code}' is not a kcheck rule code", location, ""))
            elif code not in hits:
                kept.append(
                    _place(
                        "KC505",
                        f"'# kcheck: ignore[{code}]' suppresses nothing: {code} is not reported on this line",
                        location,
                        "",
                    )
                )
    return kept


# ---------------------------------------------------------------- --fix


def non_overlapping(edits: Iterable[Edit]) -> list[Edit]:
    """The edits --fix applies in one pass, in text order: of two that overlap, the later one wins."""
    kept: list[Edit] = []
    last_start = None
    for edit in sorted(set(edits), key=lambda e: (e.start, e.end), reverse=True):
        if last_start is not None and edit.end > last_start:
            continue  # overlaps an edit already taken; the next --fix run gets it
        kept.append(edit)
        last_start = edit.start
    kept.reverse()
    return kept


def apply_fixes(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply non-overlapping edits in one linear pass; returns the new text and how many applied."""
    chosen = non_overlapping(edits)
    pieces = []
    at = 0
    for edit in chosen:
        pieces += [text[at : edit.start], edit.replacement]
        at = edit.end
    pieces.append(text[at:])
    return "".join(pieces), len(chosen)


def unified_diff(old: str, new: str, fromfile: str, tofile: str, context: int = 3) -> str:
    """A unified diff in time linear in the text: --fix edits change lines but never add or remove one."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    if len(a) != len(b):
        return "".join(difflib.unified_diff(a, b, fromfile=fromfile, tofile=tofile))
    changed = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if not changed:
        return ""
    hunks: list[list[int]] = [[changed[0]]]
    for index in changed[1:]:
        if index - hunks[-1][-1] - 1 > 2 * context:
            hunks.append([index])
        else:
            hunks[-1].append(index)
    out = [f"--- {fromfile}\n", f"+++ {tofile}\n"]
    for lines in hunks:
        start, stop = max(lines[0] - context, 0), min(lines[-1] + context + 1, len(a))
        length = stop - start
        span = f"{start + 1}" if length == 1 else f"{start + 1},{length}"
        out.append(f"@@ -{span} +{span} @@\n")
        at = start
        while at < stop:
            if a[at] == b[at]:
                out.append(" " + a[at])
                at += 1
                continue
            end = at
            while end < stop and a[end] != b[end]:
                end += 1
            out += ["-" + line for line in a[at:end]] + ["+" + line for line in b[at:end]]
            at = end
    return "".join(out)
