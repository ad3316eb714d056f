"""The thin command line: read options, load, call the core, render, exit 0/1/2. Only module with click."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kcheck import __version__

if TYPE_CHECKING:
    from kcheck.regimens import Registry

MARKETS = ("us", "eu", "ca", "jp")  # = kcheck.regimens.MARKETS (tested); here so --help stays light
FAIL_ON = ("error", "warning", "note", "never")
F = TypeVar("F", bound=Callable[..., Any])


class KcheckUsageError(click.ClickException):
    """kcheck could not do its job (unreadable input, invalid data): exit 2."""

    exit_code = 2


def guarded(command: F) -> F:
    """No traceback reaches a user: kcheck's own errors, I/O errors and Ctrl-C become exit 2 with a message."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from kcheck.errors import KcheckError
        from kcheck.render._escape import visible

        try:
            return command(*args, **kwargs)
        except KcheckError as error:
            raise KcheckUsageError(visible(str(error))) from None
        except OSError as error:
            where = visible(str(error.filename or ""))
            raise KcheckUsageError(f"{where}: {error.strerror or error}".lstrip(": ")) from None
        except KeyboardInterrupt:
            # Not click's "Aborted!" and exit 1: 1 means findings, and an interrupted run found nothing for sure.
            raise KcheckUsageError("interrupted: the output is incomplete (an --output file is unchanged)") from None

    return wrapper  # type: ignore[return-value]


def registry() -> Registry:
    """The shipped data, loaded on first use (never for --help or --version)."""
    from kcheck.data import default_registry

    return default_registry()


def terminal_width() -> int:
    """COLUMNS if set (kept within 20-1000), else the terminal's width, else 100 for pipes (deterministic output)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and len(columns) <= 6:
        return min(max(int(columns), 20), 1000)
    if sys.stdout.isatty():
        return os.get_terminal_size().columns
    return 100


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def positive_fraction(ctx: click.Context, param: click.Parameter, value: str | None) -> Fraction | None:
    """--servings-per-day accepts 2, 0.5 or 3/7 within the documented range; a clear usage error otherwise."""
    if value is None:
        return None
    from kcheck.limits import parse_servings

    try:
        return parse_servings(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def age_years(ctx: click.Context, param: click.Parameter, value: str | None) -> Fraction | None:
    """--age accepts years from 0 to 120 (2, 1.5 or 1/2); a clear usage error otherwise."""
    if value is None:
        return None
    from kcheck.regimens import parse_age

    try:
        return parse_age(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def check_options(servings: str, market: str) -> Callable[[F], F]:
    """--servings-per-day, --market, --age and --fail-on, shared by label and batch."""

    def decorate(command: F) -> F:
        command = click.option(
            "--fail-on",
            type=click.Choice(FAIL_ON),
            default="error",
            show_default=True,
            help="Exit 1 when a finding is at or above this severity.",
        )(command)
        command = click.option(
            "--age",
            callback=age_years,
            metavar="YEARS",
            help="Age of the person taking it, in years (0-120; 1.5 allowed): picks the upper limit for that age "
            "(default: an adult's, and kcheck says so).",
        )(command)
        command = click.option("--market", type=click.Choice(MARKETS), help=market)(command)
        return click.option("--servings-per-day", callback=positive_fraction, metavar="N", help=servings)(command)

    return decorate


# No auto_envvar_prefix: only the variables the README lists have an effect (KCHECK_BATCH_OUTPUT must
# not silently send output to a file); lint reads its KCHECK_* settings through kcheck.config.
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kcheck")
def main() -> None:
    """kcheck: dose-unit sanity checks for supplement labels.

    Reads a label dose, names the form (MK-7, MK-4, K1, D3, ...) and sets it beside the
    doses that were actually studied, with citations, so that a 1000x gap, a form mismatch
    or a unit typo cannot be missed.
    """


@main.command()
@click.argument("text")
@check_options(
    servings="Servings taken per day (default: what the label says, else 1, and kcheck says it assumed it).",
    market="Which market's limits and daily values apply.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text for people, json for programs (schema in the README).",
)
@click.option("--decimal-comma", is_flag=True, help="Read '1,5' as 1.5 and '1.000' as 1000 (European labels).")
@guarded
def label(
    text: str,
    servings_per_day: Fraction | None,
    market: str | None,
    age: Fraction | None,
    fail_on: str,
    output_format: str,
    decimal_comma: bool,
) -> None:
    """Read one label TEXT, e.g. kcheck label "45mcg MK-7"."""
    from kcheck.engine import Settings, check_text
    from kcheck.report import fails

    data = registry()
    settings = Settings(servings_per_day=servings_per_day, market=market, decimal_comma=decimal_comma or None, age=age)
    check = check_text(text, data, settings)
    if output_format == "json":
        from kcheck.render.json_ import render_label_json

        click.echo(render_label_json(check, data), nl=False)
    else:
        from kcheck.render.terminal import render_label

        click.echo(render_label(check, data, width=terminal_width(), color=use_color()), nl=False)
    if check.status == "unreadable":
        sys.exit(2)
    sys.exit(1 if fails(check.findings, fail_on) else 0)


@main.command()
@click.option("--nutrient", type=click.Choice(("vitamin_k", "vitamin_d")), help="Only this nutrient.")
@click.option(
    "--form",
    "form_name",
    metavar="FORM",
    help="Only this form and its more specific forms, named as on a label (MK-7, mk7, menatetrenone, K2, ...).",
)
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
@guarded
def regimens(nutrient: str | None, form_name: str | None, output_format: str) -> None:
    """List the studied regimens kcheck compares with, with citations and evidence notes."""
    from kcheck.regimens import select_regimens

    data = registry()
    try:
        chosen, why = select_regimens(data, nutrient, form_name)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if output_format == "json":
        import json

        from kcheck.render.json_ import regimen_document

        click.echo(json.dumps([regimen_document(r, data) for r in chosen], indent=2, ensure_ascii=False))
        if why:
            click.echo(why, err=True)
    elif why:
        click.echo(why)
    else:
        from kcheck.render.terminal import render_regimens

        click.echo(render_regimens(chosen, data, width=terminal_width(), color=use_color()), nl=False)


# --- batch command ---

BATCH_STREAM_FORMATS = ("table", "csv", "jsonl")
BATCH_REPORT_FORMATS = ("json", "github", "sarif", "junit")
PROGRESS_MIN_BYTES = 4 * 1024 * 1024  # a bar only when the file takes a noticeable time


def batch_report_renderers() -> dict[str, Callable[..., str]]:
    """The lint renderers batch reuses for json, github, sarif and junit."""
    from kcheck.render import REPORT_RENDERERS

    return {name: REPORT_RENDERERS[name] for name in BATCH_REPORT_FORMATS}


def _delimiter_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from kcheck.csvinput import CsvInputError, parse_delimiter

    try:
        return parse_delimiter(value)
    except CsvInputError as error:
        raise click.BadParameter(str(error).partition(": ")[2] or str(error)) from None


def _encoding_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--encoding must name a text codec Python knows (not rot13, not base64)."""
    if value is None:
        return None
    import codecs

    try:
        info = codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(f"{value!r} is not an encoding Python knows (utf-8, utf-16, cp1252, ...)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise click.BadParameter(f"{value!r} is not a text encoding (utf-8, utf-16, cp1252, ...)")
    return value


def output_target(path: str | None, inputs: Iterable[tuple[int, int]]) -> Any:
    """Where --output goes (stdout, a FIFO or device written directly, or a file replaced atomically)."""
    from kcheck.atomic import resolve_target

    return resolve_target("-" if path is None else path, inputs)


def _batch_table(rows: list[Any], tally: Any, out: Any) -> None:
    """The rich table (one line per row) and the summary, for people at a terminal."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from kcheck.amounts import mass_text, ratio_text
    from kcheck.batch import headline, nearest, reading
    from kcheck.render._escape import visible
    from kcheck.render.terminal import console_environ

    styles = {"error": "bold red", "warning": "yellow", "note": "cyan"}
    color = use_color() and out is sys.stdout
    console = Console(
        _environ=console_environ(),
        file=out,
        width=terminal_width(),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
    )
    table = Table(pad_edge=False, expand=True)
    table.add_column("row", justify="right")
    for name, ratio in (("id / name", 2), ("reading", 3), ("daily", 2), ("nearest study", 3), ("worst finding", 3)):
        table.add_column(name, ratio=ratio, overflow="fold")
    assumed = False
    for row in rows:
        check = row.check
        # Text objects, never markup strings: a label cell may contain "[red]".
        if check.status == "unreadable":
            what = Text.assemble(("unreadable", "red"), f": {visible(check.findings[0].message)}")
        elif check.status == "ambiguous":
            what = Text.assemble(visible(reading(check)), (" (ambiguous: kcheck will not pick a reading)", "yellow"))
        else:
            what = Text(visible(reading(check)))
        daily = []
        for item in check.ingredients:
            mark = "*" if item.daily_basis == "assumed" else ""
            assumed = assumed or bool(mark)
            daily.append("?" if item.daily_ug is None else f"{mass_text(item.daily_ug)}{mark}")
        near = []
        for index in range(len(check.ingredients)):
            comparison = nearest(check, index)
            near.append(f"{comparison.regimen} ({ratio_text(comparison.ratio_mass)})" if comparison else "-")
        top = headline(check)
        worst_text = Text("-")
        if top is not None:
            more = f" +{len(check.findings) - 1}" if len(check.findings) > 1 else ""
            worst_text = Text(
                f"{top.code} {top.rule.slug} ({top.severity.value}){more}", style=styles[top.severity.value]
            )
        table.add_row(
            str(row.row),
            Text(visible(row.id or row.name or "-")),
            what,
            "; ".join(daily) or "-",
            "; ".join(near) or "-",
            worst_text,
        )
    console.print(table)
    if assumed:
        console.print("* assuming 1 serving a day (no servings-per-day cell or option, no frequency).", markup=False)
    console.print("nearest study (N×): the study's daily amount is N times the label's.", markup=False)
    console.print(tally.text(), markup=False, soft_wrap=True)


@main.command()
@click.argument("file", metavar="FILE")
@click.option(
    "--format",
    "output_format",
    type=click.Choice((*BATCH_STREAM_FORMATS, *BATCH_REPORT_FORMATS)),
    help="table (default on a terminal), csv, jsonl (default otherwise), or a lint format.",
)
@click.option(
    "--output",
    "-o",
    "output",
    metavar="PATH",
    help="Write the report to PATH instead of stdout: a file atomically (through links, keeping mode and "
    "owner), a FIFO or device directly.",
)
@click.option("--label-column", metavar="NAME", help="The column holding the label text (default: by name).")
@click.option(
    "--column",
    "column_picks",
    multiple=True,
    metavar="ROLE=NAME",
    help="The column for a role (id, name, servings_per_day, directions, market, age, amount, unit, form) "
    "when two could be it; repeatable.",
)
@click.option(
    "--delimiter",
    callback=_delimiter_option,
    metavar="',' | ';' | tab",
    help="Field delimiter (default: detected from the header line).",
)
@click.option(
    "--encoding",
    callback=_encoding_option,
    metavar="NAME",
    help="Input encoding (default: UTF-8, or UTF-16 when the file starts with its BOM).",
)
@click.option(
    "--decimal-comma",
    is_flag=True,
    help="Read '1,5' as 1.5 and '1.000' as 1000 in this file (default: refuse to guess: ambiguous).",
)
@click.option(
    "--bom",
    is_flag=True,
    help="Start csv output with a UTF-8 byte-order mark, so that Excel reads µ, × and ≈ as written.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes that check rows for csv and jsonl output (0: one per available core, at most 8; "
    "1: this one only). The output is the same for any number.",
)
@check_options(
    servings="Servings a day for rows without a servings-per-day cell (overrides a frequency, as in label).",
    market="Market for rows without a market cell.",
)
@guarded
def batch(
    file: str,
    output_format: str | None,
    output: str | None,
    label_column: str | None,
    column_picks: tuple[str, ...],
    delimiter: str | None,
    encoding: str | None,
    decimal_comma: bool,
    bom: bool,
    jobs: int,
    servings_per_day: Fraction | None,
    market: str | None,
    age: Fraction | None,
    fail_on: str,
) -> None:
    """Check every row of a product CSV FILE (or - for stdin); one output row per input row."""
    from kcheck.batch import Tally, check_rows
    from kcheck.csvinput import NOTES_SHOWN, CsvReader, find_columns
    from kcheck.engine import Settings

    if output_format is None:
        output_format = "table" if sys.stdout.isatty() and output in (None, "-") else "jsonl"
    source = "<stdin>" if file == "-" else file
    if bom and output_format != "csv":
        raise click.UsageError("--bom applies to --format csv only")
    data = registry()
    stream = sys.stdin.buffer if file == "-" else open(file, "rb")  # noqa: SIM115
    try:
        from kcheck.atomic import fd_id, open_target

        target = output_target(output, [fd_id(stream) or (-1, -1)])
        reader = CsvReader(source, stream, encoding=encoding, delimiter=delimiter)
        if any("=" not in pick for pick in column_picks):
            raise click.BadParameter("expected ROLE=NAME, e.g. id=sku", param_hint="--column")
        picks = dict(pick.partition("=")[::2] for pick in column_picks)
        columns = find_columns(reader.header, label_column, picks)
        settings = Settings(
            servings_per_day=servings_per_day, market=market, decimal_comma=decimal_comma or None, age=age
        )
        tally = Tally()
        size = os.fstat(stream.fileno()).st_size if file != "-" else 0
        try:
            with progress_bar(size) as advance, open_target(target) as out:
                if output_format in ("csv", "jsonl"):
                    from kcheck.stream import BatchJob, default_jobs, rendered_chunks

                    job = BatchJob(columns, settings, source, output_format, reader.header, reader.delimiter_used,
                                   fail_on)
                    binary = out.buffer  # chunks come UTF-8 encoded (by the workers, in parallel)
                    if output_format == "csv":
                        from kcheck.render.batch_csv import csv_header

                        header = csv_header(reader.header, reader.delimiter_used)
                        binary.write(header.encode("utf-8-sig" if bom else "utf-8"))
                    for encoded, part in rendered_chunks(job, reader.rows(), data, jobs or default_jobs()):
                        binary.write(encoded)
                        tally.merge(part)
                        advance(reader.progress[0])
                else:
                    checked = check_rows(reader.rows(), columns, data, settings, source)
                    rows = tally.counted(_advancing(checked, advance, reader), fail_on)
                    if output_format == "table":
                        _batch_table(list(rows), tally, out)
                    else:
                        out.write(_batch_report(rows, output_format, source))
        except BrokenPipeError:
            # `kcheck batch ... | head`: the reader left; stop quietly, with no traceback or noise.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(2)
    finally:
        if file != "-":
            stream.close()
    from kcheck.render._escape import visible

    for note in reader.notes[:NOTES_SHOWN]:
        click.echo(f"note: {visible(note)}", err=True)
    if len(reader.notes) > NOTES_SHOWN:
        more = len(reader.notes) - NOTES_SHOWN
        click.echo(f"note: and {more} more rows with a quoted cell over several lines", err=True)
    if output_format != "table":
        click.echo(tally.text(), err=True)
    sys.exit(1 if tally.failed else 0)


def _batch_report(rows: Any, output_format: str, source: str) -> str:
    """json/github/sarif/junit: the lint renderers over every row's findings, one subject a row."""
    from kcheck.report import Location, Report, Subject

    subjects = []
    findings = []
    for row in rows:
        subjects.append(Subject(row.subject, Location(path=source, line=row.line, column=1)))
        findings.extend(row.check.findings)
    render = batch_report_renderers()[output_format]
    return render(Report("batch", tuple(subjects), tuple(findings)))


@contextlib.contextmanager
def progress_bar(size: int) -> Iterator[Callable[[int], None]]:
    """advance(bytes read): a bar on stderr only for a large file and a terminal, never in pipes or CI."""
    if not (size >= PROGRESS_MIN_BYTES and sys.stderr.isatty()):
        yield lambda completed: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from kcheck.render.terminal import console_environ

    columns = (
        TextColumn("checking"),
        BarColumn(),
        TextColumn("{task.completed:,.0f} of {task.total:,.0f} bytes"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True, _environ=console_environ()), transient=True) as progress:
        task = progress.add_task("batch", total=size)
        yield lambda completed: progress.update(task, completed=completed)


def _advancing(rows: Iterable[Any], advance: Callable[[int], None], reader: Any) -> Iterator[Any]:
    for count, row in enumerate(rows, 1):
        if count % 2000 == 0:
            advance(reader.progress[0])
        yield row


# --- lint command ---

LINT_FORMATS = ("auto", "text", "json", "jsonl", "csv", "github", "sarif", "junit")
GITHUB_ANNOTATION_LIMIT = 10  # per level and step; GitHub drops the rest silently


def _split_codes(values: tuple[str, ...]) -> list[str] | None:
    codes = [part.strip() for value in values for part in value.split(",") if part.strip()]
    return codes or None


def _output_targets(values: tuple[str, ...], formats: Any) -> list[tuple[str, str]]:
    targets = []
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not path:
            raise click.BadParameter(
                f"{value!r}: expected FORMAT=PATH, e.g. sarif=kcheck.sarif", param_hint="--output-format"
            )
        if name not in formats:
            raise click.BadParameter(f"{name!r} is not one of {', '.join(formats)}", param_hint="--output-format")
        targets.append((name, path))
    return targets


def _lint_summary(report: Any, files: int, output_format: str, fixed: int) -> str:
    from collections import Counter

    counts = Counter(f.severity.value for f in report.findings)
    parts = [
        f"{counts.get(level, 0)} {level}{'s' if counts.get(level, 0) != 1 else ''}"
        for level in ("error", "warning", "note")
    ]
    products = len(report.subjects)
    text = (
        f"kcheck lint: {len(report.findings)} finding{'s' if len(report.findings) != 1 else ''} "
        f"({', '.join(parts)}) in {products} product{'s' if products != 1 else ''}, "
        f"{files} file{'s' if files != 1 else ''}"
    )
    if fixed:
        text += f"; fixed {fixed}"
    if output_format == "github" and max(counts.get("error", 0), counts.get("warning", 0)) > GITHUB_ANNOTATION_LIMIT:
        text += (
            f"\nGitHub shows about {GITHUB_ANNOTATION_LIMIT} annotations per level and step (errors "
            "come first); the log above and --output-format sarif=FILE have them all"
        )
    return text


def _lint_statistics(report: Any) -> str:
    from collections import Counter

    counts = Counter(f.code for f in report.findings)
    rules = {f.code: f.rule for f in report.findings}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "\n".join(f"{count:>6}  {code}  [{rules[code].severity.value}] {rules[code].slug}" for code, count in rows)


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(LINT_FORMATS),
    default=None,
    help="Report format on stdout (default auto: github under GitHub Actions, else text).",
)
@click.option(
    "--output-format",
    "outputs",
    multiple=True,
    metavar="FORMAT=PATH",
    help="Also write a report in FORMAT to PATH (as --output of batch); repeatable, e.g. sarif=kcheck.sarif.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these rule codes or prefixes (KC2, KC301); comma-separated or repeated.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Skip these rule codes or prefixes; the longer prefix wins against --select.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Exit 1 when a finding is at or above this severity (default error).",
)
@click.option(
    "--statistics/--no-statistics",
    default=None,
    help="Print how often each rule fired (on stderr).",
)
@click.option(
    "--fix", is_flag=True, help="Apply the fixes (KC201-KC204) that keep every reading, in place, atomically."
)
@click.option(
    "--diff", is_flag=True, help="Print the --fix changes as a unified diff (findings on stderr); change no catalogue."
)
@click.option("--isolated", is_flag=True, help="Ignore [tool.kcheck] in pyproject.toml.")
@guarded
def lint(
    paths: tuple[str, ...],
    output_format: str | None,
    outputs: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    statistics: bool | None,
    fix: bool,
    diff: bool,
    isolated: bool,
) -> None:
    """Lint YAML product catalogues (files or folders): label rules, positions, CI formats.

    Exit 0 when nothing is at or above --fail-on, 1 when something is, 2 when kcheck could not
    lint (unreadable file, bad configuration, usage). Settings: flag > KCHECK_* > [tool.kcheck].
    """
    from pathlib import Path

    from kcheck.atomic import OutputError, file_id, resolve_target, write_target
    from kcheck.config import find_pyproject, resolve
    from kcheck.lint import Selection
    from kcheck.lintrun import lint_paths
    from kcheck.render import REPORT_RENDERERS
    from kcheck.render._escape import visible
    from kcheck.report import fails

    targets = _output_targets(outputs, REPORT_RENDERERS)
    flags = {
        "select": _split_codes(select),
        "ignore": _split_codes(ignore),
        "fail-on": fail_on,
        "format": output_format,
        "statistics": statistics,
    }
    pyproject = None if isolated else find_pyproject(Path(paths[0]))
    config = resolve(flags, os.environ, pyproject)
    chosen = config.format
    if chosen == "auto":
        chosen = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    base = pyproject.parent if pyproject is not None else None
    selection = Selection(config.select, config.ignore)
    run = lint_paths(paths, registry(), selection, fix=fix and not diff, diff=diff, patterns=config.files, base=base)
    if pyproject is not None:
        run.inputs.add(file_id(pyproject) or (-1, -1))
    report = run.report()
    if diff:  # stdout stays a patch (input lines shown inert); the report goes to stderr
        click.echo("\n".join(visible(line) for line in run.diffs.split("\n")), nl=False)
    click.echo(REPORT_RENDERERS[chosen](report), nl=False, err=diff)
    for name, path in targets:
        try:
            write_target(resolve_target(path, run.inputs), REPORT_RENDERERS[name](report))
        except OutputError as error:
            run.problems.append(str(error))
    if config.statistics and report.findings:
        click.echo(_lint_statistics(report), err=True)
    _lint_skipped(run.skipped)
    click.echo(_lint_summary(report, len(run.results), chosen, run.fixed), err=True)
    for problem in run.problems:
        click.echo(f"Error: {visible(problem)}", err=True)
    if run.problems or run.unreadable or any(finding.code == "KC504" for finding in report.findings):
        sys.exit(2)  # a file could not be linted or written; its KC504/KC506 is still in every report
    sys.exit(1 if fails(report.findings, config.fail_on) or (diff and run.diffs) else 0)


def _lint_skipped(skipped: list[Any]) -> None:
    """Say which YAML files were not catalogues: each named one, and a count per folder walked."""
    from kcheck.lintrun import display_path
    from kcheck.render._escape import visible

    walked: dict[str, list[str]] = {}
    for entry, reason in skipped:
        shown = visible(display_path(entry.path))
        if entry.named:
            click.echo(f"kcheck lint: skipped {shown}: not a catalogue ({reason})", err=True)
        else:
            walked.setdefault(visible(entry.origin), []).append(shown)
    for origin, names in walked.items():
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        click.echo(
            f"kcheck lint: skipped {len(names)} YAML file{'s' if len(names) != 1 else ''} under {origin} that "
            f"{'are' if len(names) != 1 else 'is'} not a catalogue (no 'version', 'market' or 'products' at the "
            f"top level): {shown}",
            err=True,
        )
