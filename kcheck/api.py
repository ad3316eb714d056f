"""The library entry point: `kcheck.parse_label(text)` with the shipped lexicon and forms."""

from __future__ import annotations

from kcheck.forms import FormRegistry
from kcheck.label import Label
from kcheck.label import parse_label as _parse


def parse_label(text: str, *, decimal_comma: bool | None = None, forms: FormRegistry | None = None) -> Label:
    """Read one label line with the shipped data (or `forms`, for tests). Raises UnreadableLabel."""
    if forms is None:
        from kcheck.data import default_forms

        forms = default_forms()
    return _parse(text, forms, decimal_comma=decimal_comma)
