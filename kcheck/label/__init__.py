"""The label reader: text -> Label, one job per module.

    normalise.py   NFKC with an offset map back to the original text
    lexicon.py     data/lexicon.yaml -> word classes and a phrase trie
    tokens.py      one token table (one per lexicon and forms), one linear pass -> [Token(kind, text, span, value)]
    phrases.py     the island parser: dose phrases, per, frequency, counts (EBNF in its docstring)
    attach.py      which name owns which amount (the precedence is in its docstring)
    reading.py     parse_label: micrograms, candidates, restatements; problem kinds, not codes
    model.py       Label, Ingredient, Amount, Candidate, Problem

pint only converts the unit token it is handed; numbers and words are read here.
"""

from __future__ import annotations

from fractions import Fraction

from kcheck.forms import FormRegistry
from kcheck.label.model import Amount, Candidate, Ingredient, Label, Problem, Span
from kcheck.label.phrases import directions_count, scan
from kcheck.label.reading import MASS_UNITS, parse_label, stream_of
from kcheck.label.tokens import tokenizer

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
    "stream_of",
    "tokenizer",
]


def directions_per_day(text: str, forms: FormRegistry | None = None) -> Fraction | None:
    """Servings a day from directions: 'Take 2 softgels twice a day' -> 4; None if unstated or unclear."""
    if forms is None:
        from kcheck.data import default_forms

        forms = default_forms()
    facts = scan(stream_of(text, forms), tail=False)
    values = {f.value for f in facts.frequencies if f.value is not None}
    return directions_count(facts.count, values)
