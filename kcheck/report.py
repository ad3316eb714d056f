"""Plain frozen results: findings, comparisons, checked labels and the whole report."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from kcheck.grammar import Ingredient, Label, Span
from kcheck.rules import Rule, Severity


@dataclass(frozen=True)
class Location:
    """Where a finding points: 1-based line and column in a file, or a CSV row."""

    path: str | None = None
    line: int | None = None
    column: int | None = None
    end_column: int | None = None


@dataclass(frozen=True)
class Finding:
    """One rule hit, with a message specific to this label."""

    rule: Rule
    severity: Severity
    message: str
    ingredient: int | None = None
    span: Span | None = None
    location: Location = Location()
    subject: str = ""

    @property
    def code(self) -> str:
        """The rule code, e.g. KC301."""
        return self.rule.code


@dataclass(frozen=True)
class Comparison:
    """One ingredient set beside one studied regimen."""

    ingredient: int
    regimen: str
    title: str
    form: str
    purpose: str
    daily_text: str
    daily_ug: Fraction
    ratio_mass: Fraction
    ratio_moles: Fraction | None
    form_match: str  # "same" | "unspecified" | "different"
    outcome: str
    evidence: str
    citation: str
    verified: bool


@dataclass(frozen=True)
class CheckedIngredient:
    """An ingredient plus the daily amount the checks used and where that came from."""

    ingredient: Ingredient
    daily_ug: Fraction | None
    daily_ug_high: Fraction | None
    daily_basis: str  # "label", "assumed", "option", "per-kg", "unknown"
    servings_per_day: Fraction | None


@dataclass(frozen=True)
class LabelCheck:
    """Everything kcheck says about one label string."""

    input: str
    status: str  # "ok" | "ambiguous" | "unreadable"
    label: Label | None
    ingredients: tuple[CheckedIngredient, ...]
    comparisons: tuple[Comparison, ...]
    findings: tuple[Finding, ...]
    error_span: Span | None = None


def worst(findings: tuple[Finding, ...] | list[Finding]) -> Severity | None:
    """The most severe finding's severity, or None when there are none."""
    return max((f.severity for f in findings), key=lambda s: s.rank, default=None)


def fails(findings: tuple[Finding, ...] | list[Finding], fail_on: str) -> bool:
    """True when some finding is at or above --fail-on (error | warning | note | never)."""
    if fail_on == "never":
        return False
    threshold = Severity(fail_on).rank
    return any(f.severity.rank >= threshold for f in findings)


@dataclass(frozen=True)
class Subject:
    """One thing that was checked (a product, a CSV row): a JUnit testcase, a SARIF artifact."""

    name: str
    location: Location


@dataclass(frozen=True)
class Report:
    """Findings over many subjects, for the machine formats (github, sarif, junit, json)."""

    command: str
    subjects: tuple[Subject, ...]
    findings: tuple[Finding, ...]
