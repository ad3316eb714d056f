"""The label grammar's old address: `kcheck.grammar.parse_label(text, forms)` is `kcheck.label`'s."""

from kcheck.label import (
    MASS_UNITS,
    Amount,
    Candidate,
    Ingredient,
    Label,
    Problem,
    Span,
    directions_per_day,
    parse_label,
)

__all__ = [
    "MASS_UNITS",
    "Amount",
    "Candidate",
    "Ingredient",
    "Label",
    "Problem",
    "Span",
    "directions_per_day",
    "parse_label",
]
