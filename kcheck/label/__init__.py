"""The label reader: text -> Label, one job per module.

    normalise.py   NFKC with an offset map back to the original text
    lexicon.py     data/lexicon.yaml -> word classes and a phrase trie
    tokens.py      one token table, one linear pass -> [Token(kind, text, span, value)]
    phrases.py     the island parser: dose phrases, per, frequency, counts (EBNF in its docstring)
    attach.py      which name owns which amount (the precedence is in its docstring)
    reading.py     micrograms, candidates, restatements; problem kinds, not codes
    model.py       Label, Ingredient, Amount, Candidate, Problem

pint only converts the unit token it is handed; numbers and words are read here.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from kcheck.forms import FormRegistry
from kcheck.label.lexicon import Lexicon
from kcheck.label.model import Amount, Candidate, Ingredient, Label, Problem, Span
from kcheck.label.normalise import normalise
from kcheck.label.phrases import Stream, directions_count, scan
from kcheck.label.reading import MASS_UNITS, read_label
from kcheck.label.tokens import Tokenizer

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

_TOKENIZERS: dict[tuple[int, int], tuple[Lexicon, FormRegistry, Tokenizer]] = {}
_SHIPPED: list[Tokenizer] = []  # the table of the shipped lexicon last asked for: what every label asks for


def tokenizer(forms: FormRegistry, lexicon: Lexicon | None = None) -> Tokenizer:
    """The compiled token table for these forms (and the shipped lexicon unless one is given)."""
    if lexicon is not None:
        return _table(lexicon, forms)
    if _SHIPPED and _SHIPPED[0].forms is forms:
        return _SHIPPED[0]
    from kcheck.data import default_lexicon

    table = _table(default_lexicon(), forms)
    _SHIPPED[:] = [table]
    return table


def _table(lexicon: Lexicon, forms: FormRegistry) -> Tokenizer:
    key = (id(lexicon), id(forms))
    cached = _TOKENIZERS.get(key)
    if cached is None:
        cached = (lexicon, forms, Tokenizer(lexicon, forms))  # holding both keeps their ids unique
        _TOKENIZERS[key] = cached
    return cached[2]


def stream_of(
    text: str,
    forms: FormRegistry,
    *,
    decimal_comma: bool | None = None,
    lexicon: Lexicon | None = None,
    count: Callable[[int], None] | None = None,
) -> Stream:
    """The token stream of one text (`count` hears how many characters the tokenizer's regex scans)."""
    table = tokenizer(forms, lexicon)
    norm = normalise(text)
    return Stream(table.tokenize(norm, decimal_comma, count), norm, table.lexicon)


def parse_label(
    text: str, forms: FormRegistry, *, decimal_comma: bool | None = None, lexicon: Lexicon | None = None
) -> Label:
    """Read one label line. Raises UnreadableLabel when there is no dose in it at all."""
    return read_label(text, stream_of(text, forms, decimal_comma=decimal_comma, lexicon=lexicon), forms)


def directions_per_day(text: str, forms: FormRegistry | None = None) -> Fraction | None:
    """Servings a day from directions: 'Take 2 softgels twice a day' -> 4; None if unstated or unclear."""
    if forms is None:
        from kcheck.data import default_forms

        forms = default_forms()
    facts = scan(stream_of(text, forms), tail=False)
    values = {f.value for f in facts.frequencies if f.value is not None}
    return directions_count(facts.count, values)
