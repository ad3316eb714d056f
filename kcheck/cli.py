"""The thin command line: read options, load, call the core, render, exit 0/1/2. Only module with click."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kcheck import __version__
from kcheck.render import names as format_names

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
        command = click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
                               help="Exit 1 when a finding is at or above this severity.")(command)
        command = click.option("--age", callback=age_years, metavar="YEARS", help="Age of the person taking it, in "
                               "years (0-120; 1.5 allowed): picks the upper limit for that age (default: an adult's, "
                               "and kcheck says so).")(command)
        command = click.option("--market", type=click.Choice(MARKETS), help=market)(command)
        return click.option("--servings-per-day", callback=positive_fraction, metavar="N", help=servings)(command)

    return decorate


def selection_options(command: F) -> F:
    """--select, --ignore and --fail-on, shared by lint and scan (their [tool.kcheck] keys and KCHECK_* too)."""
    command = click.option("--fail-on", type=click.Choice(FAIL_ON),
                           help="Exit 1 when a finding is at or above this severity (default error).")(command)
    command = click.option("--ignore", multiple=True, metavar="CODES",
                           help="Skip these rule codes or prefixes; the longer prefix wins against --select.")(command)
    return click.option("--select", multiple=True, metavar="CODES",
                        help="Only these rule codes or prefixes (KC2, KC301); comma-separated or repeated.")(command)


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


class LabelCommand(click.Command):
    """`kcheck label`: a label that starts with '-' ('- 45 mcg MK-7', a list's bullet) reads as an option, so the
    usage error says how to pass it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as error:
            name = error.option_name
            if not name.startswith("--") and not name[1:2].isalpha():  # '- 45 mcg', '-45 mcg'; not '-x' or '--fromat'
                hint = " A label that starts with '-' goes after '--': kcheck label -- \"- 45 mcg MK-7\""
                raise click.UsageError(error.format_message() + hint, error.ctx) from None
            raise


@main.command(cls=LabelCommand)
@click.argument("text")
@check_options(
    servings="Servings taken per day (default: what the label says, else 1, and kcheck says it assumed it).",
    market="Which market's limits and daily values apply.",
)
@click.option("--format", "output_format", type=click.Choice(format_names("label")), default="text", show_default=True,
              help="text for people, json for programs (kcheck/schemas/label.json).")
@click.option("--decimal-comma", is_flag=True, help="Read '1,5' as 1.5 and '1.000' as 1000 (European labels).")
@guarded
def label(text: str, servings_per_day: Fraction | None, market: str | None, age: Fraction | None, fail_on: str,
          output_format: str, decimal_comma: bool) -> None:
    """Read one label TEXT, e.g. kcheck label "45mcg MK-7"."""
    from kcheck.engine import Settings, check_text
    from kcheck.render import load
    from kcheck.report import exit_code, severity_counts

    data = registry()
    settings = Settings(servings_per_day=servings_per_day, market=market, decimal_comma=decimal_comma or None, age=age)
    check = check_text(text, data, settings)
    click.echo(load("label", output_format)(check, data, width=terminal_width(), color=use_color()), nl=False)
    sys.exit(exit_code(severity_counts(check.findings), fail_on, stopped=check.status == "unreadable"))


@main.command()
@click.option("--nutrient", type=click.Choice(("vitamin_k", "vitamin_d")), help="Only this nutrient.")
@click.option("--form", "form_name", metavar="FORM", help="Only this form and its more specific forms, named as on "
              "a label (MK-7, mk7, menatetrenone, K2, ...).")
@click.option("--format", "output_format", type=click.Choice(format_names("regimens")), default="text",
              show_default=True)
@guarded
def regimens(nutrient: str | None, form_name: str | None, output_format: str) -> None:
    """List the studied regimens kcheck compares with, with citations and evidence notes."""
    from kcheck.regimens import select_regimens

    data = registry()
    try:
        chosen, why = select_regimens(data, nutrient, form_name)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if why and output_format == "text":
        click.echo(why)
        return
    from kcheck.render import load

    click.echo(load("regimens", output_format)(chosen, data, width=terminal_width(), color=use_color()), nl=False)
    if why:
        click.echo(why, err=True)


# --- batch command ---


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


@main.command()
@click.argument("file", metavar="FILE")
@click.option("--format", "output_format", type=click.Choice(format_names("batch")),
              help="table (default on a terminal), jsonl (default otherwise), json, csv, github, sarif or junit.")
@click.option("--output", "-o", "output", metavar="PATH", help="Write the report to PATH instead of stdout: a file "
              "atomically (through links, keeping mode and owner), a FIFO or device directly.")
@click.option("--label-column", metavar="NAME", help="The column holding the label text (default: by name).")
@click.option("--column", "column_picks", multiple=True, metavar="ROLE=NAME", help="The column for a role (id, name, "
              "servings_per_day, directions, market, age, amount, unit, form) when two could be it; repeatable.")
@click.option("--delimiter", callback=_delimiter_option, metavar="',' | ';' | tab",
              help="Field delimiter (default: detected from the header line).")
@click.option("--encoding", callback=_encoding_option, metavar="NAME",
              help="Input encoding (default: UTF-8, or UTF-16 when the file starts with its BOM).")
@click.option("--decimal-comma", is_flag=True,
              help="Read '1,5' as 1.5 and '1.000' as 1000 in this file (default: refuse to guess: ambiguous).")
@click.option("--bom", is_flag=True,
              help="Start csv output with a UTF-8 byte-order mark, so that Excel reads µ, × and ≈ as written.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes that check rows (0: one per available core, at most 8; 1: this one only; more than "
              "the cores: capped, with a note). The output is the same for any number.")
@check_options(
    servings="Servings a day for rows without a servings-per-day cell (overrides a frequency, as in label).",
    market="Market for rows without a market cell.",
)
@guarded
def batch(file: str, output_format: str | None, output: str | None, label_column: str | None,
          column_picks: tuple[str, ...], delimiter: str | None, encoding: str | None, decimal_comma: bool, bom: bool,
          jobs: int, servings_per_day: Fraction | None, market: str | None, age: Fraction | None, fail_on: str) -> None:
    """Check every row of a product CSV FILE (or - for stdin); one output row per input row."""
    from kcheck.batchrun import BatchOptions, run_batch
    from kcheck.engine import Settings
    from kcheck.render._escape import visible
    from kcheck.render.terminal import progress_bar
    from kcheck.report import exit_code

    if output_format is None:
        output_format = "table" if sys.stdout.isatty() and output in (None, "-") else "jsonl"
    if bom and output_format != "csv":
        raise click.UsageError("--bom applies to --format csv only")
    if any("=" not in pick for pick in column_picks):
        raise click.BadParameter("expected ROLE=NAME, e.g. id=sku", param_hint="--column")
    settings = Settings(servings_per_day=servings_per_day, market=market, decimal_comma=decimal_comma or None, age=age)
    picks = dict(pick.partition("=")[::2] for pick in column_picks)
    options = BatchOptions(file, output_format, output, settings, label_column, picks, delimiter, encoding, bom, jobs,
                           terminal_width(), use_color())
    try:
        outcome = run_batch(options, registry(), progress_bar)
    except BrokenPipeError:
        # `kcheck batch ... | head`: the reader left; stop quietly, with no traceback or noise.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(2)
    for note in outcome.notes:
        click.echo(visible(note), err=True)
    if output_format != "table":
        click.echo(outcome.tally.text(), err=True)
    sys.exit(exit_code(outcome.tally.severities, fail_on))


# --- lint command ---


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "output_format", type=click.Choice(("auto", *format_names("lint"))),
              help="Report format on stdout (default auto: github under GitHub Actions, else text).")
@click.option("--output-format", "outputs", multiple=True, metavar="FORMAT=PATH",
              help="Also write a report in FORMAT to PATH (as --output of batch); repeatable, e.g. sarif=kcheck.sarif.")
@selection_options
@click.option("--statistics/--no-statistics", default=None,
              help="Print how often each rule fired (on stderr).")
@click.option("--fix", is_flag=True,
              help="Apply the fixes (KC201-KC204) that keep every reading, in place, atomically.")
@click.option("--diff", is_flag=True,
              help="Print the --fix changes as a unified diff (findings on stderr); change no catalogue.")
@click.option("--isolated", is_flag=True, help="Ignore [tool.kcheck] in pyproject.toml.")
@guarded
def lint(paths: tuple[str, ...], output_format: str | None, outputs: tuple[str, ...], select: tuple[str, ...],
         ignore: tuple[str, ...], fail_on: str | None, statistics: bool | None, fix: bool, diff: bool,
         isolated: bool) -> None:
    """Lint YAML product catalogues (files or folders): label rules, positions, CI formats.

    Exit 0 when nothing is at or above --fail-on, 1 when something is, 2 when kcheck could not
    lint (unreadable file, bad configuration, usage). Settings: flag > KCHECK_* > [tool.kcheck].
    """
    from kcheck.lintrun import run_lint, split_codes
    from kcheck.render._escape import visible

    flags: dict[str, object] = {
        "select": split_codes(select),
        "ignore": split_codes(ignore),
        "fail-on": fail_on,
        "format": output_format,
        "statistics": statistics,
    }
    outcome = run_lint(paths, flags, os.environ, registry(), outputs=outputs, isolated=isolated, fix=fix, diff=diff)
    if diff:  # stdout stays a patch (input lines shown inert); the report goes to stderr
        click.echo("\n".join(visible(line) for line in outcome.diffs.split("\n")), nl=False)
    click.echo(outcome.text, nl=False, err=diff)
    for message in outcome.messages:
        click.echo(message, err=True)
    sys.exit(outcome.code)


# --- scan command ---


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@click.option("--format", "output_format", type=click.Choice(format_names("scan")), default="text", show_default=True,
              help="text: one line per finding; jsonl: one object per dose claim; json, github, sarif.")
@selection_options
@click.option("--market", type=click.Choice(MARKETS), help="Which market's limits and daily values apply.")
@click.option("--age", callback=age_years, metavar="YEARS", help="Age of the reader the document addresses, in years "
              "(0-120): picks the upper limit for that age (default: an adult's, and kcheck says so).")
@click.option("--isolated", is_flag=True, help="Ignore [tool.kcheck] in pyproject.toml.")
@guarded
def scan(paths: tuple[str, ...], output_format: str, select: tuple[str, ...], ignore: tuple[str, ...],
         fail_on: str | None, market: str | None, age: Fraction | None, isolated: bool) -> None:
    """Find every dose claim in articles, product pages or newsletters (plain text or Markdown; - for stdin).

    Each amount is read in its sentence, its form taken from the sentence, a heading or the
    document (and said so), and set beside the studied doses. Exit 0, 1 (findings reach
    --fail-on) or 2 (a document could not be read). Settings: flag > KCHECK_* > [tool.kcheck].
    """
    from kcheck.engine import Settings
    from kcheck.lintrun import split_codes
    from kcheck.scanrun import run_scan

    flags = {"select": split_codes(select), "ignore": split_codes(ignore), "fail-on": fail_on}
    settings = Settings(market=market, age=age)
    outcome = run_scan(paths, flags, os.environ, registry(), settings, output_format, sys.stdin.buffer,
                       isolated=isolated)
    click.echo(outcome.text, nl=False)
    for message in outcome.messages:
        click.echo(message, err=True)
    sys.exit(outcome.code)
