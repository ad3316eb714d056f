"""The human view of `kcheck label` and `kcheck regimens`: reading, dose ladder, table, findings."""

from __future__ import annotations

import io
import math
from fractions import Fraction

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kcheck.amounts import decimal_text, mass_text, ratio_text, significant
from kcheck.regimens import Regimen, Registry
from kcheck.report import CheckedIngredient, LabelCheck, worst
from kcheck.units import nanomoles

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "note": "cyan"}
LADDER_DECADES = ("1 mcg", "10 mcg", "100 mcg", "1 mg", "10 mg", "100 mg", "1 g")
PURPOSE_WORDS = {"drug-label": "drug label", "bone-outcome": "bone trial", "interaction": "INR study"}
STATUS_WORDS = {"ok": "every amount was read", "ambiguous": "kcheck will not pick a reading"}
MARK = "†"


def _console(width: int, color: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    return console, buffer


def reading_text(item: CheckedIngredient, registry: Registry, source: str) -> str:
    """'45 mcg vitamin K2 as MK-7 (menaquinone-7 (MK-7)), per serving = 69.3 nmol'."""
    ingredient = item.ingredient
    form = registry.forms.form(ingredient.form) if ingredient.form else None
    what = "of an unnamed substance" if form is None else f"{form.label} as {form.code} ({form.name})"
    per = f"per {ingredient.per_text or ingredient.per}" + (" (assumed)" if ingredient.per_assumed else "")
    if ingredient.ambiguous:
        start, end = ingredient.amount.span
        return f"'{source[start:end]}' {what}: AMBIGUOUS, kcheck will not pick a reading"
    text = f"{ingredient.amount.text()} {what}, {per}"
    if ingredient.amount.unit not in ("mcg",) and ingredient.amount_ug is not None:
        text += f" = {mass_text(ingredient.amount_ug)}"
        if ingredient.amount_ug_high is not None:
            text += f" to {mass_text(ingredient.amount_ug_high)}"
    if form and form.molar_mass and ingredient.amount_ug is not None:
        nmol = nanomoles(ingredient.amount_ug, form.molar_mass)
        text += (
            f" = {decimal_text(significant(nmol))} nmol"
            if nmol < 1000
            else f" = {decimal_text(significant(nmol / 1000))} micromol"
        )
    doses = ingredient.doses_per_day
    if doses is not None and ingredient.per != "day":
        text += f", {decimal_text(significant(doses))} dose{'' if doses == 1 else 's'} a day"
    elif doses is not None and doses > 1 and ingredient.amount_ug is not None:  # divided doses of a daily total
        text += f", in {decimal_text(significant(doses))} doses of {mass_text(ingredient.amount_ug / doses)}"
    if item.daily_ug is not None and ingredient.per != "day":
        basis = {"assumed": " (assuming 1 serving a day)", "option": " (--servings-per-day)"}.get(item.daily_basis, "")
        text += f" -> {mass_text(item.daily_ug)}/day{basis}"
    if ingredient.pct_dv is not None:
        text += f"; label says {decimal_text(ingredient.pct_dv)}% DV"
    return text


def _ladder(items: list[tuple[Fraction, str, list[str]]], width: int) -> list[str]:
    """A log-scale line from 1 mcg to 1 g with one marker row per entry: its text, then as many names as fit."""
    span = max(30, min(width - 2, 100) - 30)
    lines = []
    header = [" "] * (span + 8)
    for decade, label in enumerate(LADDER_DECADES):
        position = round(decade * span / 6)
        header[position : position + len(label)] = label
    lines.append("".join(header).rstrip())
    rule = ["-"] * (span + 1)
    for decade in range(7):
        rule[round(decade * span / 6)] = "|"
    lines.append("".join(rule))
    for ug, text, names in items:
        clamped = min(max(ug, Fraction(1)), Fraction(1_000_000))
        position = round(math.log10(clamped) * span / 6)
        marker = "^" if text.startswith("label") else "*"
        lines.append(" " * position + marker + " " + text + _fit(names, width - position - 2 - len(text)))
    return lines


def _fit(names: list[str], room: int) -> str:
    """'A, B +3 more' in at most `room` characters (at least the first name)."""
    for shown in range(len(names), 0, -1):
        more = f" +{len(names) - shown} more" if shown < len(names) else ""
        text = ", ".join(names[:shown]) + more
        if len(text) <= room or shown == 1:
            return text
    return ""


def render_label(check: LabelCheck, registry: Registry, *, width: int = 100, color: bool = False) -> str:
    """Everything a person needs to see about one label, in reading order."""
    console, buffer = _console(width, color)
    console.print(Text(f"Label: {check.input}", style="bold"))
    if check.status == "unreadable":
        finding = check.findings[0]
        start, end = check.error_span or (0, 0)
        console.print(Text(f"unreadable: {finding.message}", style="bold red"))
        console.print(f"  {check.input}")
        console.print("  " + " " * start + "^" * max(1, end - start))
        return buffer.getvalue()
    top = worst(check.findings)
    console.print(
        Text.assemble(
            (f"read: {check.status}", "green" if check.status == "ok" else "bold red"),
            f" ({STATUS_WORDS[check.status]}); worst finding: ",
            (top.value, SEVERITY_STYLE[top.value]) if top else "none",
        )
    )
    for index, item in enumerate(check.ingredients):
        ingredient = item.ingredient
        console.print(f"\n[{index + 1}] " + reading_text(item, registry, check.input), markup=False)
        for candidate in ingredient.candidates:
            console.print(f"    could be {candidate.reading}: {candidate.reason}", markup=False)
        comparisons = [c for c in check.comparisons if c.ingredient == index]
        if not comparisons or item.daily_ug is None:
            continue
        groups: dict[tuple[Fraction, str], list[str]] = {}
        for comparison in comparisons:
            studied = comparison.studied
            groups.setdefault((studied.daily_ug, studied.form), []).append(registry.regimen_name(studied, MARK))
        label_rung = f"label {mass_text(item.daily_ug)}/day {ingredient.form or ''}".rstrip()
        rungs: list[tuple[Fraction, str, list[str]]] = [(item.daily_ug, label_rung, [])]
        for (daily, form), cites in sorted(groups.items()):
            # Marked (unverified) names first, so that a line cut to the width never drops a mark.
            names = sorted(dict.fromkeys(cites), key=lambda name: not name.endswith(MARK))
            rungs.append((daily, f"{mass_text(daily)}/day {form}: ", names))
        console.print("\n    Daily dose ladder (log scale)")
        for line in _ladder(sorted(rungs, key=lambda r: (r[0], not r[1].startswith("label"))), width - 4):
            console.print("    " + line, markup=False, overflow="ellipsis", no_wrap=True)
        table = Table(title=None, show_lines=False, expand=True, pad_edge=False, box=box.SIMPLE_HEAD)
        table.add_column("studied daily dose", no_wrap=True)
        table.add_column("vs label", no_wrap=True, justify="right")
        table.add_column("study", overflow="fold", max_width=max(24, width // 4))
        table.add_column("what it found", overflow="fold", ratio=1)
        for comparison in comparisons:
            studied = comparison.studied
            design = f"Design: {studied.design}" if studied.design else ""
            found = "\n".join(part for part in (studied.outcome, design, studied.caveat) if part)
            other = "" if comparison.form_match == "same" else " (other form)"
            table.add_row(
                f"{studied.daily_text} {studied.form}{other}",
                ratio_text(comparison.ratio_mass),
                Text(f"{registry.regimen_name(studied, MARK)}, {PURPOSE_WORDS[studied.purpose]}; {_size(studied)}"),
                Text(found),
            )
        console.print("")
        console.print(table)
        for line in _footnotes([c.studied for c in comparisons], registry):
            console.print(f"    {line}", markup=False)
        console.print(
            f"    Cautions, evidence notes and references: kcheck regimens --nutrient {ingredient.nutrient}",
            markup=False,
        )
    if check.label and check.label.others:
        console.print(
            "\nNot checked: " + "; ".join(f"{name} {amount.text()}" for name, amount in check.label.others),
            markup=False,
        )
    console.print(Text("\nFindings", style="bold"))
    if not check.findings:
        console.print("  none")
    for finding in check.findings:
        console.print(
            Text.assemble(
                "  ",
                (f"{finding.code} {finding.rule.slug}", SEVERITY_STYLE[finding.severity.value]),
                f" [{finding.severity.value}] ",
                finding.message,
            )
        )
    return buffer.getvalue()


def _size(regimen: Regimen) -> str:
    """'n = 241, 24 months': how many people and for how long, so a 24-week and a 3-year trial differ."""
    parts = [f"n = {regimen.n:,}" if regimen.n else "n not stated", regimen.duration or "duration not stated"]
    return ", ".join(parts)


def _footnotes(regimens: list[Regimen], registry: Registry) -> list[str]:
    """One line per name the view marked: what the fact check could only recall about it."""
    lines: dict[str, None] = {}
    for regimen in regimens:
        source = registry.sources[regimen.citations[0]]
        if not regimen.verified:
            lines[f"{MARK} {source.short} [{regimen.id}]: not verified: {', '.join(regimen.unverified)}"] = None
        if source.short_unverified:
            lines[f"{MARK} {source.short}: the citation's {', '.join(source.unverified)} not verified"] = None
    return list(lines)


def render_regimens(regimens: list[Regimen], registry: Registry, *, width: int = 100, color: bool = False) -> str:
    """The regimen table with citations and evidence notes."""
    console, buffer = _console(width, color)
    table = Table(show_lines=True, expand=True)
    table.add_column("id", no_wrap=True, min_width=max((len(r.id) for r in regimens), default=2))
    table.add_column("form", no_wrap=True)
    for column, ratio in (("daily", 2), ("design, size, population", 3), ("outcome and evidence", 5), ("cited", 4)):
        table.add_column(column, overflow="fold", ratio=ratio)
    for regimen in regimens:
        note = regimen.outcome + (" " + regimen.evidence if regimen.evidence else "")
        if not regimen.verified:
            note += f" [not verified: {', '.join(regimen.unverified)}]"
        table.add_row(
            regimen.id,
            regimen.form,
            f"{regimen.daily_text} ({PURPOSE_WORDS[regimen.purpose]}), {regimen.schedule}",
            Text("\n".join(part for part in (regimen.design, _size(regimen), regimen.population) if part)),
            Text(note),
            Text("\n".join(registry.sources[i].reference for i in regimen.citations)),
        )
    console.print(table)
    return buffer.getvalue()
