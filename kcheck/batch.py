"""Pure per-row logic of `kcheck batch`: a CSV record -> a checked row, never an exception.

A row that cannot be checked (wrong number of cells, empty label, a bad servings-per-day cell)
becomes an "unreadable" row with the reason, so the output always has one row per input row.
"""

from __future__ import annotations

import functools
import math
import operator
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from operator import truediv
from typing import TYPE_CHECKING

from kcheck.amounts import decimal_text, parts, significant_parts
from kcheck.csvinput import Columns, RawRow
from kcheck.engine import Settings, check_text, check_texts
from kcheck.limits import parse_servings
from kcheck.regimens import MARKETS, Regimen, Registry, parse_age
from kcheck.report import Comparison, Finding, LabelCheck, Location
from kcheck.report import finding as make_finding
from kcheck.rules import LEVELS

if TYPE_CHECKING:
    from kcheck.memo import Memo

KCHECK_COLUMNS = (
    "status",
    "nutrient",
    "form",
    "amount_mcg",
    "per",
    "doses_per_day",
    "daily_mcg",
    "bound",
    "nearest_regimen",
    "ratio",
    "codes",
    "message",
)
_FORM_RANK = {"same": 0, "unspecified": 1, "different": 2}

Checker = Callable[[str, Settings], LabelCheck]


@dataclass(slots=True)
class CheckedRow:
    """One input row with its check: row number, start line, the cells as read, id/name, the file's path."""

    row: int
    line: int
    cells: tuple[str, ...]
    id: str | None
    name: str | None
    # The check as the (memoised) checker returned it, before its findings were placed at this row:
    # identical labels share it, so renderers reuse work per unique label.
    base: LabelCheck
    path: str = ""
    _placed: LabelCheck | None = field(default=None, repr=False, compare=False)

    @property
    def check(self) -> LabelCheck:
        """The check with every finding placed at path:line and naming this row (made when a format asks)."""
        if self._placed is None:
            location = Location(path=self.path, line=self.line, column=1)
            subject = self.subject
            base = self.base
            placed = tuple(replace(f, location=location, subject=subject) for f in base.findings)
            self._placed = LabelCheck(
                base.input, base.status, base.label, base.ingredients, base.compared, placed, base.error_span
            )
        return self._placed

    @property
    def status(self) -> str:
        """ok | ambiguous | unreadable."""
        return self.base.status

    @property
    def subject(self) -> str:
        """How findings name this row: its id, else its name, else 'row N'."""
        return _subject(self.id, self.name, self.row)


def _subject(row_id: str | None, name: str | None, row: int) -> str:
    return row_id or name or f"row {row}"


def make_checker(registry: Registry, cache_size: int = 4096) -> Checker:
    """check_text with a bounded cache keyed on (label text, settings): catalogues repeat a lot.

    A cached check is about 10 KB, so 4096 entries cost about 40 MB: bounded, so memory stays flat.
    """

    @functools.lru_cache(maxsize=cache_size)
    def checker(text: str, settings: Settings) -> LabelCheck:
        return check_text(text, registry, settings)

    return checker


def unreadable(text: str, reason: str) -> LabelCheck:
    """A row kcheck could not check, as a KC101 result naming the reason."""
    return LabelCheck(text, "unreadable", None, (), (), (make_finding("KC101", reason),), (0, len(text)))


def cell(cells: tuple[str, ...], index: int | None) -> str:
    """The cell at `index`, stripped; '' where the row has no such cell."""
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def label_text(cells: tuple[str, ...], columns: Columns) -> str:
    """The text kcheck reads: the label column, else 'form amount unit'; plus directions."""
    if columns.label is not None:
        text = cell(cells, columns.label)
    else:
        amount, unit = cell(cells, columns.amount), cell(cells, columns.unit)
        text = " ".join(p for p in (cell(cells, columns.form), amount, unit) if p) if amount else ""
    directions = cell(cells, columns.directions)
    if text and directions:
        # The grammar reads frequencies and per-unit counts in running text, so directions
        # ("take 1 softgel three times daily") are read as part of the label they belong to.
        text = f"{text.rstrip('.;, ')}. Directions: {directions}"
    return text


def check_row(raw: RawRow, columns: Columns, checker: Checker, settings: Settings, path: str) -> CheckedRow:
    """Check one record (check_chunk checks many); the result's findings point at path:line and name the row."""
    wanted = row_request(raw, columns, settings)
    return _checked_row(raw, columns, wanted if isinstance(wanted, LabelCheck) else checker(*wanted), path)


def _checked_row(raw: RawRow, columns: Columns, base: LabelCheck, path: str) -> CheckedRow:
    cells = raw.cells
    row_id, name = cell(cells, columns.id) or None, cell(cells, columns.name) or None
    return CheckedRow(raw.row, raw.line, cells, row_id, name, base, path)


def check_chunk(
    rows: list[RawRow], columns: Columns, memo: Memo, settings: Settings, path: str
) -> list[CheckedRow]:
    """check_row of each record, in order, with the labels the memo lacks checked together (Memo.check_all)."""
    wanted = [row_request(raw, columns, settings) for raw in rows]
    checks = iter(memo.check_all([w for w in wanted if not isinstance(w, LabelCheck)]))
    return [
        _checked_row(raw, columns, w if isinstance(w, LabelCheck) else next(checks), path)
        for raw, w in zip(rows, wanted, strict=True)
    ]


def row_request(raw: RawRow, columns: Columns, settings: Settings) -> tuple[str, Settings] | LabelCheck:
    """The label text of a record and the settings to check it under; or, for a record that cannot be
    checked, its own unreadable result (which names its row)."""
    text = label_text(raw.cells, columns)
    if raw.problem is not None:
        return unreadable(text, f"row {raw.row}: {raw.problem}")
    width = len(columns.header)
    cells = raw.cells
    if len(cells) != width:
        extra = ""
        if len(cells) > width:
            extra = ": extra cells " + ", ".join(repr(c) for c in cells[width:][:3])
        return unreadable(text, f"row {raw.row} has {len(cells)} cells, the header has {width}{extra}")
    if not text:
        what = "label" if columns.label is not None else "amount"
        return unreadable(text, f"row {raw.row}: the {what} cell is empty")
    texts = (cell(cells, columns.servings_per_day), cell(cells, columns.age), cell(cells, columns.market).lower())
    read = _row_settings if sum(map(len, texts)) <= _SETTINGS_CACHED_CHARS else _row_settings.__wrapped__
    chosen, problem = read(settings, *texts)
    if chosen is None:
        return unreadable(text, f"row {raw.row}: {problem}")
    return text, chosen


_SETTINGS_CACHED_CHARS = 64  # longer cells are read each time, never kept


@functools.lru_cache(maxsize=256)
def _row_settings(settings: Settings, spd_text: str, age_text: str, market: str) -> tuple[Settings | None, str]:
    """The settings of a row with these cells (few distinct per file, so read once each), or why not."""
    if spd_text:
        try:
            spd = parse_servings(spd_text, bool(settings.decimal_comma))
        except ValueError as error:
            return None, f"servings per day {error}"
        settings = replace(settings, servings_per_day=spd)
    if age_text:
        try:
            age = parse_age(age_text.replace(",", ".") if settings.decimal_comma else age_text)
        except ValueError as error:
            return None, f"age {error}"
        settings = replace(settings, age=age)
    if market:
        if market not in MARKETS:
            return None, f"market {market!r} is not one of {', '.join(MARKETS)}"
        settings = replace(settings, market=market)
    return settings, ""


# ---------------------------------------------------------------- per-row summary fields


def plain(value: Fraction | None) -> str:
    """A number for a CSV cell: exact decimal to 6 places, no thousands separator, '' for None."""
    if value is None:
        return ""
    numerator, denominator = parts(value)
    if denominator == 1:
        return str(numerator)  # decimal_text of an integer, less its thousands separators
    return decimal_text(value).replace(",", "")


def plain_range(low: Fraction | None, high: Fraction | None) -> str:
    """plain(low), or 'low-high' for a range: a cell with one end would misstate the amount."""
    return plain(low) if high is None or high == low else f"{plain(low)}-{plain(high)}"


def ratio_cell(top: int, bottom: int) -> str:
    """plain(significant(Fraction(top, bottom))) for a positive ratio, on integers: 3 significant figures."""
    if bottom < 0:
        top, bottom = -top, -bottom
    numerator, denominator = significant_parts(top, bottom)
    return str(numerator) if denominator == 1 else plain(Fraction(numerator, denominator))


def nearest(check: LabelCheck, index: int) -> Comparison | None:
    """The studied regimen nearest this ingredient's daily amount, preferring the same form.

    The ratios are compared as floats of integer quotients: the same floats as of their Fractions.
    Regimens of one form match and daily amount are one candidate, the first by id (the tie-break).
    """
    group = next((g for g in check.compared if g.ingredient == index), None)
    if group is None:
        return None
    ug = group.label_ug
    numerator, denominator = parts(ug)
    for candidates in _nearest_candidates(group.matches):
        best, best_id, chosen = 0.0, "", None
        for daily_top, daily_bottom, regimen, match in candidates:
            top, bottom = daily_top * denominator, daily_bottom * numerator
            if (top > 0) != (bottom > 0) or not top:
                continue  # only a positive ratio has a distance
            distance = abs(math.log(truediv(top, bottom)))  # Python's division, compiled too
            if chosen is None or distance < best or (distance == best and regimen.id < best_id):
                best, best_id, chosen = distance, regimen.id, (regimen, match)
        if chosen is not None:
            return Comparison(index, chosen[0], ug, group.label_umol, chosen[1], group.bound)
    return None


Candidates = list[list[tuple[int, int, Regimen, str]]]
_CANDIDATES: dict[int, tuple[tuple[tuple[Regimen, str], ...], Candidates]] = {}
_CANDIDATES_KEPT = 1024  # plans are per nutrient, form, market and age: a process has tens


def _nearest_candidates(matches: tuple[tuple[Regimen, str], ...]) -> Candidates:
    """A plan's regimens for `nearest`, best form match first: per daily amount (numerator, denominator),
    the regimen first by id. Kept per plan (its `matches` is one tuple for its life, kept here with it)."""
    held = _CANDIDATES.get(id(matches))
    if held is not None and held[0] is matches:
        return held[1]
    ranks: dict[int, dict[tuple[int, int], tuple[Regimen, str]]] = {}
    for regimen, match in sorted(matches, key=lambda pair: pair[0].id):
        daily = regimen.daily_ug
        by_daily = ranks.setdefault(_FORM_RANK.get(match, 3), {})
        by_daily.setdefault(parts(daily), (regimen, match))
    candidates = [[(*daily, *first) for daily, first in ranks[rank].items()] for rank in sorted(ranks)]
    if len(_CANDIDATES) >= _CANDIDATES_KEPT:
        _CANDIDATES.clear()
    _CANDIDATES[id(matches)] = (matches, candidates)
    return candidates


def reading(check: LabelCheck) -> str:
    """ISMP-safe reading of every ingredient: '45 mcg MK-7; 125 mcg D3'; ambiguous ones as written."""
    parts = []
    for item in check.ingredients:
        ingredient = item.ingredient
        form = ingredient.form or "(no form)"
        if ingredient.ambiguous:
            start, end = ingredient.amount.span
            parts.append(f"'{check.input[start:end]}'? {form}")
        else:
            parts.append(f"{item.hedge}{ingredient.amount.text()} {form}")
    return "; ".join(parts)


def headline(check: LabelCheck) -> Finding | None:
    """The finding a one-line view shows: the first of the most severe."""
    top: Finding | None = None
    for finding in check.findings:
        if top is None or finding.severity.rank > top.severity.rank:
            top = finding
    return top


def check_fields(check: LabelCheck) -> dict[str, str]:
    """kcheck's CSV columns for a check (they depend on nothing else); several ingredients are joined with '; '."""
    items = check.ingredients
    near = [nearest(check, index) for index in range(len(items))]
    top = headline(check)
    message = top.message if top else ""
    if top and len(check.findings) > 1:
        message += f" (+{len(check.findings) - 1} more)"

    join = "; ".join
    return {
        "status": check.status,
        "nutrient": join([i.ingredient.nutrient or "" for i in items]),
        "form": join([i.ingredient.form or "" for i in items]),
        "amount_mcg": join([plain_range(i.ingredient.amount_ug, i.ingredient.amount_ug_high) for i in items]),
        "per": join([i.ingredient.per for i in items]),
        "doses_per_day": join(
            [plain(i.servings_per_day if i.servings_per_day is not None else i.ingredient.doses_per_day) for i in items]
        ),
        "daily_mcg": join([plain_range(i.daily_ug, i.daily_ug_high) for i in items]),
        "bound": join([i.ingredient.bound or "" for i in items]),
        "nearest_regimen": join([c.regimen if c else "" for c in near]),
        "ratio": join([_ratio(c) if c else "" for c in near]),
        "codes": " ".join(sorted({f.rule.code for f in check.findings})),
        "message": message,
    }


def _ratio(comparison: Comparison) -> str:
    """The ratio cell: plain(significant(comparison.ratio_mass))."""
    daily, ug = comparison.studied.daily_ug, comparison.label_ug
    daily_top, daily_bottom = parts(daily)
    ug_top, ug_bottom = parts(ug)
    return ratio_cell(daily_top * ug_bottom, daily_bottom * ug_top)


Summary = tuple[str, tuple[str, ...], tuple[str, ...]]  # status, and each finding's code and severity


def summary(check: LabelCheck) -> Summary:
    """What a row with this check adds to the totals (labels that differ often count alike)."""
    findings = check.findings
    return check.status, tuple([f.rule.code for f in findings]), tuple([LEVELS[f.severity.rank] for f in findings])


@dataclass
class Tally:
    """Running totals for the summary and the exit code (kept small: streams stay flat)."""

    rows: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)  # findings per severity: the exit code's input
    error_rows: int = 0  # rows with at least one error (JUnit failures)

    def count(self, rows: list[CheckedRow]) -> None:
        """Count these rows; rows whose checks count alike (a repeated label, most often) are counted together."""
        self.count_summaries([summary(row.base) for row in rows])

    def count_summaries(self, summaries: list[Summary]) -> None:
        """Count one row per summary (see `summary`), equal ones together."""
        for (status, codes, severities), rows in Counter(summaries).items():
            self.rows += rows
            self.statuses[status] += rows
            for code in codes:
                self.codes[code] += rows
            for severity in severities:
                self.severities[severity] += rows
            self.error_rows += rows if "error" in severities else 0

    def merge(self, other: Tally) -> None:
        """Add the totals of another part of the same file (a chunk checked elsewhere)."""
        self.rows += other.rows
        self.statuses.update(other.statuses)
        self.codes.update(other.codes)
        self.severities.update(other.severities)
        self.error_rows += other.error_rows

    def text(self) -> str:
        """'12 rows: 9 ok, 1 ambiguous, 2 unreadable; findings: KC101 ×2, KC302 ×5'."""
        parts = ", ".join(f"{self.statuses[s]} {s}" for s in ("ok", "ambiguous", "unreadable"))
        codes = ", ".join(f"{code} ×{n}" for code, n in sorted(self.codes.items())) or "none"
        return f"{self.rows} {'row' if self.rows == 1 else 'rows'}: {parts}; findings: {codes}"


def raw_rows(
    rows: list[RawRow],
    columns: Columns,
    settings: Settings,
    memo: Memo,
    kind: str,
    head: Callable[[RawRow], bytes],
    encode: Callable[[LabelCheck], bytes],
) -> tuple[bytes, Tally]:
    """A chunk as head(row) + the encoded body of its check per row, and its totals, straight from the records.

    A row whose cells that the check reads (label, directions, servings per day, age, market) came
    before costs a lookup and a copy of its body: no check, no row object. The bytes are those of
    the formats' `render_rows`, whatever the memo holds. Only what is written is kept, not the check:
    on a file of unique labels the memo then holds kilobytes a row, not a check's objects.
    The chunk's new labels are checked a few dozen at a time, stage by stage (check_texts), and encoded
    as they come out: each stage's code stays in the CPU's caches across them.
    """
    registry = memo.registry
    table = (kind, columns, settings)  # a key means the same check only under one layout and settings
    kept = memo.rows(table)
    width = len(columns.header)
    key_of = check_key(columns)
    made: list[tuple[bytes, Summary]] = []  # encoded bodies and their totals, each row's at its index here
    rows_made: list[int] = []  # the index in `made` of each row's
    first: dict[Hashable, int] = {}  # the key of a label to check, first met in this chunk -> its index in `made`
    requests: list[tuple[str, Settings]] = []  # the labels to check, each with its settings
    waiting: list[tuple[int, Hashable]] = []  # for each request, its index in `made` and its key (None: not kept)
    for raw in rows:
        cells = raw.cells
        key = key_of(cells) if raw.problem is None and len(cells) == width else None
        if key is not None:
            hit = kept.get(key)
            if hit is not None:
                rows_made.append(len(made))
                made.append(hit)
                continue
            if key in first:
                rows_made.append(first[key])
                continue
        rows_made.append(len(made))
        wanted = row_request(raw, columns, settings)
        if isinstance(wanted, LabelCheck):  # its own result, which names its row: never kept
            made.append((encode(wanted), summary(wanted)))
            continue
        if key is not None:
            first[key] = len(made)
        requests.append(wanted)
        waiting.append((len(made), key))
        made.append(_NOT_YET)
    for (index, key), check in zip(waiting, check_texts(requests, registry), strict=True):
        made[index] = hit = encode(check), summary(check)
        if key is not None:
            memo.keep_row(kept, key, hit)
    parts: list[bytes] = []
    counts: list[Summary] = []
    for raw, index in zip(rows, rows_made, strict=True):
        body, counted = made[index]
        parts += (head(raw), body)
        counts.append(counted)
    tally = Tally()
    tally.count_summaries(counts)
    return b"".join(parts), tally


_NOT_YET: tuple[bytes, Summary] = (b"", ("", (), ()))  # a row's place in `made` until its label is checked


def check_key(columns: Columns) -> Callable[[tuple[str, ...]], Hashable]:
    """The cells of a full-width row that its check depends on (every other cell is the row's own)."""
    roles = (
        columns.label,
        columns.form,
        columns.amount,
        columns.unit,
        columns.directions,
        columns.servings_per_day,
        columns.age,
        columns.market,
    )
    return operator.itemgetter(*sorted({i for i in roles if i is not None}))
