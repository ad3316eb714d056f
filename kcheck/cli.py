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

if TYPE_CHECKING:
    from kcheck.regimens import Registry

MARKETS = ("us", "eu", "ca", "jp")
FAIL_ON = ("error", "warning", "note", "never")
F = TypeVar("F", bound=Callable[..., Any])


class KcheckUsageError(click.ClickException):
    """kcheck could not do its job (unreadable input, invalid data): exit 2."""

    exit_code = 2


def guarded(command: F) -> F:
    """No traceback reaches a user: kcheck's own errors and I/O errors become exit 2 with a message."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from kcheck.errors import KcheckError

        try:
            return command(*args, **kwargs)
        except KcheckError as error:
            raise KcheckUsageError(str(error)) from None
        except OSError as error:
            raise KcheckUsageError(f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")) from None

    return wrapper  # type: ignore[return-value]


def registry() -> Registry:
    """The shipped data, loaded on first use (never for --help or --version)."""
    from kcheck.data import default_registry

    return default_registry()


def terminal_width() -> int:
    """COLUMNS if set, else the terminal's width, else 100 for pipes (deterministic output)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    if sys.stdout.isatty():
        return os.get_terminal_size().columns
    return 100


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def positive_fraction(ctx: click.Context, param: click.Parameter, value: str | None) -> Fraction | None:
    """--servings-per-day accepts 2, 0.5 or 3/7; a clear usage error otherwise."""
    if value is None:
        return None
    try:
        number = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise click.BadParameter(f"{value!r} is not a number (2, 0.5 or 3/7)") from None
    if number <= 0:
        raise click.BadParameter("must be greater than 0")
    return number


@click.group(context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "KCHECK"})
@click.version_option(__version__, prog_name="kcheck")
def main() -> None:
    """kcheck: dose-unit sanity checks for supplement labels.

    Reads a label dose, names the form (MK-7, MK-4, K1, D3, ...) and sets it beside the
    doses that were actually studied, with citations, so that a 1000x gap, a form mismatch
    or a unit typo cannot be missed.
    """


@main.command()
@click.argument("text")
@click.option("--servings-per-day", callback=positive_fraction, metavar="N",
              help="Servings taken per day (default: what the label says, else 1, and kcheck says it assumed it).")
@click.option("--market", type=click.Choice(MARKETS), help="Which market's limits and daily values apply.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="text for people, json for programs (schema in the README).")
@click.option("--decimal-comma", is_flag=True, help="Read '1,5' as 1.5 and '1.000' as 1000 (European labels).")
@guarded
def label(text: str, servings_per_day: Fraction | None, market: str | None, fail_on: str,
          output_format: str, decimal_comma: bool) -> None:
    """Read one label TEXT, e.g. kcheck label "45mcg MK-7"."""
    from kcheck.engine import Settings, check_text
    from kcheck.report import fails

    data = registry()
    settings = Settings(servings_per_day=servings_per_day, market=market, decimal_comma=decimal_comma or None)
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
@click.option("--form", "form_code", metavar="FORM", help="Only this form (MK-4, MK-7, K1, ...).")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
@guarded
def regimens(nutrient: str | None, form_code: str | None, output_format: str) -> None:
    """List the studied regimens kcheck compares with, with citations and evidence notes."""
    data = registry()
    if form_code is not None and form_code not in data.forms.forms:
        raise click.BadParameter(f"unknown form {form_code!r}; one of {', '.join(data.forms.forms)}",
                                 param_hint="--form")
    chosen = [r for r in data.regimens
              if (nutrient is None or r.nutrient == nutrient) and (form_code is None or r.form == form_code)]
    if output_format == "json":
        import json

        from kcheck.render.json_ import regimen_document

        click.echo(json.dumps([regimen_document(r, data) for r in chosen], indent=2, ensure_ascii=False))
    else:
        from kcheck.render.terminal import render_regimens

        click.echo(render_regimens(chosen, data, width=terminal_width(), color=use_color()), nl=False)
