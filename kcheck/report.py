"""Plain frozen results: findings, comparisons, checked labels and the whole report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction

from kcheck.grammar import Ingredient, Label, Span
from kcheck.label.model import Frozen, compiled, quick_init
from kcheck.regimens import Regimen
from kcheck.rules import RULES, Rule, Severity, rule_for


@dataclass(frozen=True)
class Location(Frozen):
    """Where a finding points: 1-based line and column in a file, or a CSV row."""

    path: str | None = None
    line: int | None = None
    column: int | None = None
    end_column: int | None = None


@dataclass(frozen=True, init=False)
class Finding(Frozen):
    """One rule hit, with a message specific to this label."""

    rule: Rule
    severity: Severity
    message: str
    ingredient: int | None = None
    span: Span | None = None
    location: Location = Location()
    subject: str = ""
    unverified: tuple[str, ...] = ()  # "record-id: fields" of each unverified fact the finding rests on

    def __init__(
        self,
        rule: Rule,
        severity: Severity,
        message: str,
        ingredient: int | None = None,
        span: Span | None = None,
        location: Location = Location(),
        subject: str = "",
        unverified: tuple[str, ...] = (),
    ) -> None:
        self.rule = rule  # type: ignore[misc]
        self.severity = severity  # type: ignore[misc]
        self.message = message  # type: ignore[misc]
        self.ingredient = ingredient  # type: ignore[misc]
        self.span = span  # type: ignore[misc]
        self.location = location  # type: ignore[misc]
        self.subject = subject  # type: ignore[misc]
        self.unverified = unverified  # type: ignore[misc]

    @property
    def code(self) -> str:
        """The rule code, e.g. KC301."""
        return self.rule.code

    @property
    def verified(self) -> bool:
        """False when the finding rests on a fact the fact check could only recall."""
        return not self.unverified


def finding(
    kind: str,
    message: str,
    ingredient: int | None = None,
    span: Span | None = None,
    unverified: tuple[str, ...] = (),
    *,
    location: Location = Location(),
    subject: str = "",
) -> Finding:
    """The one finding factory: a problem kind (rule slug) or code -> its rule and default severity."""
    rule = RULES.get(kind) or rule_for(kind)  # a code (most findings) without a call into rules.py
    return Finding(rule, rule.severity, message, ingredient, span, location, subject, unverified)


HEDGE_WORDS = {"up-to": "up to ", "at-least": "at least ", "around": "about ", "less-than": "less than "}
"""How a bounded amount is written in messages: the label states a ceiling, a floor or an estimate."""


@dataclass(frozen=True)
class Comparison(Frozen):
    """One ingredient set beside one studied regimen; ratios are worked out when asked for."""

    ingredient: int
    studied: Regimen
    label_ug: Fraction  # the label's daily amount (or its amount when no daily amount is known)
    label_umol: Fraction | None
    form_match: str  # "same" | "unspecified" | "different"
    bound: str | None = None  # the label's hedge: its amount is a ceiling ("up-to"), a floor, or about

    @property
    def regimen(self) -> str:
        """The regimen id."""
        return self.studied.id

    @property
    def ratio_mass(self) -> Fraction:
        """Studied daily mass ÷ the label's daily mass."""
        return self.studied.daily_ug / self.label_ug

    @property
    def ratio_moles(self) -> Fraction | None:
        """Studied daily moles ÷ the label's daily moles, when both molar masses are cited."""
        umol = self.studied.daily_umol
        return umol / self.label_umol if umol and self.label_umol else None


@dataclass(frozen=True, init=False)
class Compared(Frozen):
    """One ingredient beside every studied regimen of its nutrient; its Comparisons are made when asked for."""

    ingredient: int
    label_ug: Fraction
    label_umol: Fraction | None
    bound: str | None
    matches: tuple[tuple[Regimen, str], ...]  # each regimen, in table order, with its form match

    def __init__(
        self,
        ingredient: int,
        label_ug: Fraction,
        label_umol: Fraction | None,
        bound: str | None,
        matches: tuple[tuple[Regimen, str], ...],
    ) -> None:
        self.ingredient = ingredient  # type: ignore[misc]
        self.label_ug = label_ug  # type: ignore[misc]
        self.label_umol = label_umol  # type: ignore[misc]
        self.bound = bound  # type: ignore[misc]
        self.matches = matches  # type: ignore[misc]

    def comparisons(self) -> Iterator[Comparison]:
        """The ingredient's Comparison with each regimen."""
        for regimen, match in self.matches:
            yield Comparison(self.ingredient, regimen, self.label_ug, self.label_umol, match, self.bound)


@dataclass(frozen=True, init=False)
class CheckedIngredient(Frozen):
    """An ingredient plus the daily amount the checks used and where that came from."""

    ingredient: Ingredient
    daily_ug: Fraction | None
    daily_ug_high: Fraction | None
    daily_basis: str  # "label", "assumed", "option", "per-kg", "unknown"
    servings_per_day: Fraction | None

    def __init__(
        self,
        ingredient: Ingredient,
        daily_ug: Fraction | None,
        daily_ug_high: Fraction | None,
        daily_basis: str,
        servings_per_day: Fraction | None,
    ) -> None:
        self.ingredient = ingredient  # type: ignore[misc]
        self.daily_ug = daily_ug  # type: ignore[misc]
        self.daily_ug_high = daily_ug_high  # type: ignore[misc]
        self.daily_basis = daily_basis  # type: ignore[misc]
        self.servings_per_day = servings_per_day  # type: ignore[misc]

    @property
    def hedge(self) -> str:
        """'up to ' before an amount the label bounds instead of stating, so no view prints the bound as a dose."""
        return HEDGE_WORDS.get(self.ingredient.bound or "", "")


@dataclass(frozen=True, init=False)
class LabelCheck(Frozen):
    """Everything kcheck says about one label string."""

    input: str
    status: str  # "ok" | "ambiguous" | "unreadable"
    label: Label | None
    ingredients: tuple[CheckedIngredient, ...]
    compared: tuple[Compared, ...]  # per ingredient with a daily amount: what `comparisons` is made of
    findings: tuple[Finding, ...]
    error_span: Span | None = None

    def __init__(
        self,
        input: str,  # noqa: A002  (the field the results have always had)
        status: str,
        label: Label | None,
        ingredients: tuple[CheckedIngredient, ...],
        compared: tuple[Compared, ...],
        findings: tuple[Finding, ...],
        error_span: Span | None = None,
    ) -> None:
        self.input = input  # type: ignore[misc]
        self.status = status  # type: ignore[misc]
        self.label = label  # type: ignore[misc]
        self.ingredients = ingredients  # type: ignore[misc]
        self.compared = compared  # type: ignore[misc]
        self.findings = findings  # type: ignore[misc]
        self.error_span = error_span  # type: ignore[misc]

    @property
    def comparisons(self) -> tuple[Comparison, ...]:
        """Every ingredient beside every studied regimen of its nutrient (made when asked: most views never ask)."""
        return tuple(c for group in self.compared for c in group.comparisons())


def worst(findings: tuple[Finding, ...] | list[Finding]) -> Severity | None:
    """The most severe finding's severity, or None when there are none."""
    return max((f.severity for f in findings), key=lambda s: s.rank, default=None)


def exit_code(severities: Mapping[str, int], fail_on: str, *, stopped: bool = False, changed: bool = False) -> int:
    """kcheck's one exit rule: 2 when it could not do its job, 1 when a finding reaches --fail-on, else 0.

    `severities` counts findings per severity (a running tally, so it works while rows stream);
    `changed` is a --diff that would change something, which counts as reaching --fail-on.
    """
    if stopped:
        return 2
    if changed:
        return 1
    if fail_on == "never":
        return 0
    threshold = Severity(fail_on).rank
    return int(any(count and Severity(level).rank >= threshold for level, count in severities.items()))


def severity_counts(findings: Iterable[Finding]) -> Counter[str]:
    """Findings per severity, the input of exit_code."""
    return Counter(f.severity.value for f in findings)


@dataclass(frozen=True)
class Subject(Frozen):
    """One thing that was checked (a product, a CSV row): a JUnit testcase, a SARIF artifact."""

    name: str
    location: Location


@dataclass(frozen=True)
class Report(Frozen):
    """Findings over many subjects, for the machine formats (github, sarif, junit, json)."""

    command: str
    subjects: tuple[Subject, ...]
    findings: tuple[Finding, ...]
    fixable: frozenset[Finding] | None = None  # findings --fix would fix; None: every fixable rule's

    def can_fix(self, finding: Finding) -> bool:
        """True when --fix has an edit for this finding (one that keeps the label's reading)."""
        return finding.rule.fixable if self.fixable is None else finding in self.fixable


if not compiled(finding):
    for _result in (Finding, Compared, CheckedIngredient, LabelCheck):
        quick_init(_result)
