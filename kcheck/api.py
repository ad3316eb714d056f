"""The Python API: `kcheck.check_label(text, **settings)` and `kcheck.check_rows(rows, **settings)`.

Settings are the CLI's (market, servings_per_day, decimal_comma, age), read by the same functions,
so a pipeline and `kcheck label` agree byte for byte. Every error raised is a kcheck.ArgumentError;
an unreadable label is a result (status "unreadable", a KC101 finding), never an error.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from kcheck.errors import ArgumentError
from kcheck.forms import FormRegistry
from kcheck.label import Label
from kcheck.label import parse_label as _parse

if TYPE_CHECKING:
    from kcheck.engine import Settings
    from kcheck.regimens import Registry
    from kcheck.report import CheckedIngredient, Comparison, Finding, LabelCheck

MEMO_SIZE = 4096  # checked labels kept by check_rows (a catalogue repeats itself); about 10 KB each
_SETTINGS = ("market", "servings_per_day", "decimal_comma", "age")


def parse_label(text: str, *, decimal_comma: bool | None = None, forms: FormRegistry | None = None) -> Label:
    """Read one label line with the shipped data (or `forms`, for tests). Raises UnreadableLabel."""
    if forms is None:
        from kcheck.data import default_forms

        forms = default_forms()
    return _parse(text, forms, decimal_comma=decimal_comma)


@dataclass(frozen=True)
class CheckedLabel:
    """One checked label: what `kcheck label` prints, as an object; `to_dict()` is its JSON document."""

    check: LabelCheck
    _registry: Registry = field(repr=False, compare=False)

    @property
    def text(self) -> str:
        """The label as given."""
        return self.check.input

    @property
    def status(self) -> str:
        """ok | ambiguous | unreadable."""
        return self.check.status

    @property
    def ingredients(self) -> tuple[CheckedIngredient, ...]:
        """Each dose read, with its daily amount."""
        return self.check.ingredients

    @property
    def comparisons(self) -> tuple[Comparison, ...]:
        """Each dose set beside each studied regimen of its nutrient."""
        return self.check.comparisons

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The rule findings (code, severity, message), most severe first per ingredient."""
        return self.check.findings

    @property
    def codes(self) -> tuple[str, ...]:
        """The rule codes found, sorted, each once: handy as a DataFrame column."""
        return tuple(sorted({f.code for f in self.check.findings}))

    def to_json(self) -> str:
        """The `kcheck label --format json` document, byte for byte."""
        from kcheck.render.json_ import render_label_json

        return render_label_json(self.check, self._registry)

    def to_dict(self) -> dict[str, Any]:
        """The `kcheck label --format json` document as a fresh dict (JSON types only)."""
        result: dict[str, Any] = json.loads(self.to_json())
        return result


def check_label(text: str, **settings: Any) -> CheckedLabel:
    """Check one label as `kcheck label TEXT` would, with the CLI's settings as keywords."""
    registry, chosen = _start(settings)
    return CheckedLabel(_checker()(_text(text), chosen), registry)


def check_rows(rows: Iterable[str], **settings: Any) -> Iterator[CheckedLabel]:
    """check_label for each label of `rows`, in order; settings are read once, before the first row."""
    registry, chosen = _start(settings)
    checker = _checker()
    for text in rows:
        yield CheckedLabel(checker(_text(text), chosen), registry)


def read_settings(
    market: str | None = None,
    servings_per_day: str | int | Fraction | float | None = None,
    decimal_comma: bool = False,
    age: str | int | Fraction | float | None = None,
) -> Settings:
    """The CLI's settings from Python values, checked by the CLI's own readers; ArgumentError says what is wrong."""
    from kcheck.engine import Settings
    from kcheck.limits import parse_servings
    from kcheck.regimens import MARKETS, parse_age

    if market is not None and market not in MARKETS:
        raise ArgumentError(f"market {market!r} is not one of {', '.join(MARKETS)}")
    if not isinstance(decimal_comma, bool):
        raise ArgumentError(f"decimal_comma must be True or False, not {decimal_comma!r}")
    spd = None if servings_per_day is None else _number("servings_per_day", servings_per_day, parse_servings)
    years = None if age is None else _number("age", age, parse_age)
    return Settings(servings_per_day=spd, market=market, decimal_comma=decimal_comma or None, age=years)


def _number(name: str, value: object, reader: Any) -> Fraction:
    """A number or its text through the CLI's reader (a float by its shortest repr: 0.1 is 1/10)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Fraction)):
        raise ArgumentError(f"{name} must be a number or its text, not {value!r}")
    try:
        number: Fraction = reader(str(value))
    except ValueError as error:
        raise ArgumentError(f"{name}: {error}") from None
    return number


def _start(settings: dict[str, Any]) -> tuple[Registry, Settings]:
    unknown = sorted(set(settings) - set(_SETTINGS))
    if unknown:
        raise ArgumentError(f"unknown setting {', '.join(unknown)}: the settings are {', '.join(_SETTINGS)}")
    chosen = read_settings(**settings)
    from kcheck.data import default_registry

    return default_registry(), chosen


def _text(text: object) -> str:
    if not isinstance(text, str):
        raise ArgumentError(f"a label must be a string, not {type(text).__name__} {text!r}")
    return text


@functools.lru_cache(maxsize=1)
def _checker() -> Any:
    """check_text over the shipped data, memoised on (text, settings): checks are immutable, so sharing is safe."""
    from kcheck.batch import make_checker
    from kcheck.data import default_registry

    return make_checker(default_registry(), MEMO_SIZE)
