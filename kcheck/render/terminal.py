"""The human view of `kcheck label` and `kcheck regimens`: reading, dose ladder, table, findings."""

from __future__ import annotations

import contextlib
import io
import math
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kcheck.amounts import decimal_text, mass_range_text, mass_text, ratio_text, says_mass, significant
from kcheck.forms import Brand
from kcheck.regimens import Regimen, Registry
from kcheck.render._escape import visible
from kcheck.render.wrap import wrap
from kcheck.report import CheckedIngredient, Comparison, LabelCheck, worst
from kcheck.units import nanomoles

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "note": "cyan"}
LADDER_DECADES = ("1 mcg", "10 mcg", "100 mcg", "1 mg", "10 mg", "100 mg", "1 g")
PURPOSE_WORDS = {"drug-label": "drug label", "bone-outcome": "bone trial", "interaction": "INR study"}
STATUS_WORDS = {"ok": "every amount was read", "ambiguous": "kcheck will not pick a reading"}
MARK = "†"
PROGRESS_MIN_BYTES = 4 * 1024 * 1024  # a bar only when the file takes a noticeable time
STUDY_WIDTH = 24  # the label view's study column
FOUND_MIN_WIDTH = 30  # narrower than this, 'what it found' reads a word a line: the view stacks instead
GUTTER = "   "
MIN_NAMED_AXIS = 24  # columns: below this the ladder drops study names rather than squeeze the axis


def console_environ() -> dict[str, str]:
    """The environment rich may read: without COLUMNS and LINES, which kcheck bounds itself (rich would
    convert a 5,000-digit COLUMNS to an int and fail)."""
    return {name: value for name, value in os.environ.items() if name not in ("COLUMNS", "LINES")}


def _console(width: int, color: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    console = Console(
        _environ=console_environ(),
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
    text = f"{item.hedge}{ingredient.amount.text()} {what}, {per}"
    amount = ingredient.amount
    ends = [(amount.low, ingredient.amount_ug), (amount.high, ingredient.amount_ug_high)]
    restated = [(number, ug) for number, ug in ends if number is not None and ug is not None]
    if restated and not all(says_mass(number, amount.unit, ug) for number, ug in restated):
        text += " = " + " to ".join(mass_text(ug) for _, ug in restated)
    if form and form.molar_mass and ingredient.amount_ug is not None:
        masses = [ug for ug in (ingredient.amount_ug, ingredient.amount_ug_high) if ug is not None]
        text += " = " + " to ".join(_moles_text(nanomoles(ug, form.molar_mass)) for ug in masses)
    doses = ingredient.doses_per_day
    if doses is not None and ingredient.per != "day":
        text += f", {decimal_text(significant(doses))} dose{'' if doses == 1 else 's'} a day"
    elif doses is not None and doses > 1 and ingredient.amount_ug is not None:  # divided doses of a daily total
        text += f", in {decimal_text(significant(doses))} doses of {mass_text(ingredient.amount_ug / doses)}"
    if item.daily_ug is not None and ingredient.per != "day":
        basis = {"assumed": " (assuming 1 serving a day)", "option": " (--servings-per-day)"}.get(item.daily_basis, "")
        text += f" -> {item.hedge}{mass_range_text(item.daily_ug, item.daily_ug_high)}/day{basis}"
    if ingredient.pct_dv is not None:
        text += f"; label says {decimal_text(ingredient.pct_dv)}% DV"
    return text


def _moles_text(nmol: Fraction) -> str:
    """An amount in moles as a reader says it: nmol below 1000, micromol above."""
    return (
        f"{decimal_text(significant(nmol))} nmol"
        if nmol < 1000
        else f"{decimal_text(significant(nmol / 1000))} micromol"
    )


def _brand_text(brand: Brand, registry: Registry) -> str:
    """'Glakay: the product; its label regimen: 15 mg 3 times a day = 45 mg/day'."""
    text = f"{brand.name}: {brand.product}"
    regimen = next((r for r in registry.regimens if r.id == brand.regimen), None)
    if regimen is not None:
        text += (
            f"; its label's regimen: {mass_text(regimen.dose_ug)} {decimal_text(regimen.doses_per_day)} times a day"
            f" = {mass_text(regimen.daily_ug)}/day"
        )
    return text


def _ladder(items: list[tuple[Fraction, str, list[str]]], width: int) -> list[str]:
    """A log-scale line from 1 mcg to 1 g with one marker row per entry: its text, then as many names as fit.

    Every decade has a tick; a decade is labelled only where its label has room, so that at a
    narrow width the axis shows every second or third decade rather than labels that run together.
    """
    span = _span(items, width)
    widest = max(len(label) for label in LADDER_DECADES) + 2
    step = next((s for s in (1, 2, 3) if span * s / 6 >= widest), 6)
    header = [" "] * (span + widest)
    rule = ["-"] * (span + 1)
    for decade, label in enumerate(LADDER_DECADES):
        position = round(decade * span / 6)
        rule[position] = "|"
        if decade % step == 0:
            header[position : position + len(label)] = label
    lines = ["".join(header).rstrip(), "".join(rule)]
    for ug, text, names in items:
        clamped = min(max(ug, Fraction(1)), Fraction(1_000_000))
        position = round(math.log10(clamped) * span / 6)
        marker = "^" if text.startswith("label") else "*"
        shown = _fit(names, width - position - 4 - len(text))
        lines.append(" " * position + marker + " " + text + (f": {shown}" if shown else ""))
    return lines


def _span(items: list[tuple[Fraction, str, list[str]]], width: int) -> int:
    """The longest axis on which every rung's dose (and its first name, while the axis stays readable) fits."""
    default = max(min(width - 2, 100) - 30, min(30, width - 4))

    def fitting(shown: Callable[[str, list[str]], str]) -> int:
        room = default
        for ug, text, names in items:
            decades = math.log10(min(max(ug, Fraction(10)), Fraction(1_000_000)))
            room = min(room, math.floor((width - 2 - len(shown(text, names))) * 6 / decades))
        return room

    with_names = fitting(lambda text, names: f"{text}: {names[0]} +{len(names) - 1} more" if names else text)
    return max(with_names if with_names >= MIN_NAMED_AXIS else fitting(lambda text, names: text), 12)


def _fit(names: list[str], room: int) -> str:
    """'A, B +3 more' in at most `room` characters; '' when not even the first name fits (the table lists all)."""
    for shown in range(len(names), 0, -1):
        more = f" +{len(names) - shown} more" if shown < len(names) else ""
        text = ", ".join(names[:shown]) + more
        if len(text) <= room:
            return text
    return ""


def render_label(check: LabelCheck, registry: Registry, *, width: int = 100, color: bool = False) -> str:
    """Everything a person needs to see about one label, in reading order, at any width."""
    console, buffer = _console(width, color)

    def say(text: str, first: str = "", rest: str | None = None, style: str = "") -> None:
        for line in wrap(text, width, first, rest):
            console.print(Text(line, style=style), soft_wrap=True)

    heading = f"Label: {visible(check.input)}"
    # The label as typed (its spacing may matter); wrapped only when it cannot fit.
    if len(heading) > width:
        say(heading, "", "  ", style="bold")
    else:
        console.print(Text(heading, style="bold"), soft_wrap=True)
    if check.status == "unreadable":
        start, end = check.error_span or (0, 0)
        for finding in check.findings:  # KC101 (or KC112), then a KC111 when the label was cut
            title = "unreadable" if finding.code == "KC101" else f"{finding.code} {finding.rule.slug}"
            say(f"{title}: {visible(finding.message)}", style="bold red")
        # A window of the input around the span, so that the carets stay under it at any width.
        room = max(width - 2, 1)
        left = max(0, min(start - room // 3, len(check.input) - room))
        console.print(Text(f"  {visible(check.input[left : left + room])}"), soft_wrap=True)
        before, marked = visible(check.input[left:start]), visible(check.input[start : min(end, left + room)])
        console.print("  " + " " * len(before) + "^" * max(1, len(marked)), soft_wrap=True)
        return buffer.getvalue()
    top = worst(check.findings)
    status = f"read: {check.status}"
    words = STATUS_WORDS[check.status]
    if check.status == "ok" and any(f.code == "KC108" and f.ingredient is None for f in check.findings):
        words = "not every amount or name was read: see KC108"
    said = wrap(f"{status} ({words}); worst finding: {top.value if top else 'none'}", width)
    for number, line in enumerate(said):
        text = Text(line)
        if number == 0:
            text.stylize("green" if check.status == "ok" else "bold red", 0, len(status))
        if number == len(said) - 1 and top:
            text.stylize(SEVERITY_STYLE[top.value], len(line) - len(top.value))
        console.print(text, soft_wrap=True)
    for index, item in enumerate(check.ingredients):
        ingredient = item.ingredient
        console.print("")
        say(visible(reading_text(item, registry, check.input)), f"[{index + 1}] ", "    ")
        for candidate in ingredient.candidates:
            say(visible(f"could be {candidate.reading}: {candidate.reason}"), "    ", "      ")
        brand = registry.forms.brand_in(ingredient.name_text)
        if brand is not None:
            say(visible(_brand_text(brand, registry)), "    ", "      ")
        comparisons = [c for c in check.comparisons if c.ingredient == index]
        if not comparisons or item.daily_ug is None:
            continue
        groups: dict[tuple[Fraction, str], list[str]] = {}
        for comparison in comparisons:
            studied = comparison.studied
            groups.setdefault((studied.daily_ug, studied.form), []).append(registry.regimen_name(studied, MARK))
        daily_text = mass_range_text(item.daily_ug, item.daily_ug_high)
        label_rung = f"label {item.hedge}{daily_text}/day {ingredient.form or ''}".rstrip()
        rungs: list[tuple[Fraction, str, list[str]]] = [(item.daily_ug, label_rung, [])]
        for (daily, form), cites in sorted(groups.items()):
            # Marked (unverified) names first, so that a line cut to the width never drops a mark.
            names = sorted(dict.fromkeys(cites), key=lambda name: not name.endswith(MARK))
            rungs.append((daily, f"{mass_text(daily)}/day {form}", names))
        console.print("\n    Daily dose ladder (log scale)")
        for line in _ladder(sorted(rungs, key=lambda r: (r[0], not r[1].startswith("label"))), width - 4):
            console.print("    " + line, markup=False, overflow="ellipsis", no_wrap=True)
        console.print("")
        rows = [_comparison_row(comparison, registry) for comparison in comparisons]
        for line in _comparison_table(rows, width) or _comparison_stack(rows, width):
            console.print(Text(line), soft_wrap=True)
        for line in _footnotes([c.studied for c in comparisons], registry):
            say(line, "    ", "      ")
        say(f"Cautions, evidence notes and references: kcheck regimens --nutrient {ingredient.nutrient}", "    ")
    if check.label and check.label.others:
        console.print("")
        others = "; ".join(f"{name} {amount.text()}" for name, amount in check.label.others)
        say(visible(f"Not checked: {others}"), "", "  ")
    console.print(Text("\nFindings", style="bold"))
    if not check.findings:
        console.print("  none")
    for finding in check.findings:
        head = f"{finding.code} {finding.rule.slug}"
        said = wrap(f"{head} [{finding.severity.value}] {visible(finding.message)}", width, "  ", "    ")
        for number, line in enumerate(said):
            text = Text(line)
            if number == 0:
                text.stylize(SEVERITY_STYLE[finding.severity.value], 2, 2 + len(head))
            console.print(text, soft_wrap=True)
    return buffer.getvalue()


@dataclass(frozen=True)
class _Row:
    """One comparison as the views show it: the dose, the ratio, the study, and what it found."""

    dose: str
    ratio: str
    study: str
    found: tuple[str, ...]  # outcome, design, caveat: each its own paragraph


def _comparison_row(comparison: Comparison, registry: Registry) -> _Row:
    studied = comparison.studied
    other = "" if comparison.form_match == "same" else " (other form)"
    design = f"Design: {studied.design}" if studied.design else ""
    return _Row(
        f"{studied.daily_text} {studied.form}{other}",
        ratio_text(comparison.ratio_mass),
        f"{registry.regimen_name(studied, MARK)}, {PURPOSE_WORDS[studied.purpose]}; {_size(studied)}",
        tuple(part for part in (studied.outcome, design, studied.caveat) if part),
    )


def _comparison_table(rows: list[_Row], width: int) -> list[str]:
    """The side-by-side table, or [] when 'what it found' would be too narrow to read at this width."""
    heads = ("studied daily dose", "vs label", "study", "what it found")
    dose = max(len(heads[0]), *(len(row.dose) for row in rows))
    ratio = max(len(heads[1]), *(len(row.ratio) for row in rows))
    found = width - 1 - dose - ratio - STUDY_WIDTH - 3 * len(GUTTER)
    if found < FOUND_MIN_WIDTH:
        return []
    cells = (dose, ratio, STUDY_WIDTH, found)

    def line(parts: tuple[str, ...]) -> str:
        padded = [
            part.rjust(size) if column == 1 else part.ljust(size)
            for column, (part, size) in enumerate(zip(parts, cells, strict=True))
        ]
        return (" " + GUTTER.join(padded)).rstrip()

    lines = [line(heads), " " + "─" * (width - 2)]
    for row in rows:
        study = wrap(row.study, STUDY_WIDTH)
        said = [text for part in row.found for text in wrap(part, found, "", "  ")]
        for number in range(max(len(study), len(said))):
            lines.append(
                line(
                    (
                        row.dose if number == 0 else "",
                        row.ratio if number == 0 else "",
                        study[number] if number < len(study) else "",
                        said[number] if number < len(said) else "",
                    )
                )
            )
    return lines


def _comparison_stack(rows: list[_Row], width: int) -> list[str]:
    """One block per comparison, for widths where the table's columns would be too narrow to read."""
    lines = [*wrap("Studied daily doses beside the label's", width, " ", "   "), " " + "─" * (width - 2)]
    for number, row in enumerate(rows):
        if number:
            lines.append("")
        lines.extend(wrap(f"{row.dose}: {row.ratio} the label's daily amount", width, " ", "   "))
        lines.extend(wrap(row.study, width, "   ", "     "))
        for part in row.found:
            lines.extend(wrap(part, width, "   ", "     "))
    return lines


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
    """Every regimen as a block of wrapped paragraphs: no column is ever too narrow, and no DOI is cut."""
    console, buffer = _console(width, color)
    for number, regimen in enumerate(regimens):
        if number:
            console.print("")
        head = f"{regimen.id}: {regimen.form}, {regimen.daily_text} a day ({PURPOSE_WORDS[regimen.purpose]})"
        for line in wrap(head, width, "", "  "):
            console.print(Text(line, style="bold"), soft_wrap=True)
        paragraphs = [
            f"Schedule: {regimen.schedule}",
            f"Design: {regimen.design}" if regimen.design else "",
            f"Size: {_size(regimen)}",
            f"Population: {regimen.population}" if regimen.population else "",
            f"Outcome: {regimen.outcome}",
            f"Evidence: {regimen.evidence}" if regimen.evidence else "",
            regimen.caveat,
            f"{MARK} Not verified: {', '.join(regimen.unverified)}" if not regimen.verified else "",
            *(f"Cited: {registry.sources[i].reference}" for i in regimen.citations),
        ]
        for paragraph in filter(None, paragraphs):
            for line in wrap(paragraph, width, "  ", "    "):
                console.print(Text(line), soft_wrap=True)
    return buffer.getvalue()


def render_batch_table(
    rows: list[list[Any]], more: int, summary: str, stopped: str | None, width: int, color: bool
) -> str:
    """`kcheck batch --format table`: the rows' cells (see render/table.py), then notes and the summary."""
    console, buffer = _console(width, color)
    table = Table(pad_edge=False, expand=True)
    table.add_column("row", justify="right")
    for name, ratio in (("id / name", 2), ("reading", 3), ("daily", 2), ("nearest study", 3), ("worst finding", 3)):
        table.add_column(name, ratio=ratio, overflow="fold")
    for number, subject, what, daily, near, worst_text, level, _ in rows:
        # Text objects, never markup strings: a label cell may contain "[red]".
        table.add_row(
            str(number),
            Text(visible(subject)),
            Text.assemble(*((visible(text), style or "") for text, style in what)),
            daily,
            near,
            Text(worst_text, style=SEVERITY_STYLE[level] if level else ""),
        )
    console.print(table)
    if more:
        console.print(f"{more:,} more rows: use --format csv (or jsonl) to see every row.", markup=False)
    if any(row[-1] for row in rows):
        console.print("* assuming 1 serving a day (no servings-per-day cell or option, no frequency).", markup=False)
    console.print("nearest study (N×): the study's daily amount is N times the label's.", markup=False)
    if stopped is not None:
        console.print(f"stopped: {visible(stopped)}", markup=False)
    console.print(summary, markup=False, soft_wrap=True)
    return buffer.getvalue()


@contextlib.contextmanager
def progress_bar(size: int) -> Iterator[Callable[[int, int], None]]:
    """advance(rows written, bytes read): a bar on stderr for a large file on a terminal, never in pipes or CI."""
    if size < PROGRESS_MIN_BYTES or not sys.stderr.isatty():
        yield lambda rows, read: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("checking"),
        BarColumn(),
        TextColumn("{task.fields[rows]:,} rows written"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True, _environ=console_environ()), transient=True) as progress:
        task = progress.add_task("batch", total=size, rows=0)
        yield lambda rows, read: progress.update(task, completed=read, rows=rows)
