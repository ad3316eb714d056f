"""The prose words of data/lexicon.yaml (`prose`): abbreviations, claim cues and what is not a dose."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kcheck.errors import DataError
from kcheck.scan.model import CLAIM_KINDS


@dataclass(frozen=True)
class ProseLexicon:
    """What the scan needs beyond the label reader's words."""

    abbreviations: frozenset[str]
    """Words a dot after does not end a sentence ('dr', 'e.g', 'et al'), lower case, without the last dot."""
    cues: tuple[tuple[str, re.Pattern[str]], ...]
    """(claim kind, the pattern of its cue words), in the order the lexicon lists the kinds."""
    modals: re.Pattern[str]
    """Words after which an amount of the clause is a recommendation ('should be given')."""
    topic_nouns: re.Pattern[str]
    """Nouns after a name that make it what was measured, not what was given ('vitamin K status')."""
    means: re.Pattern[str]
    """Words between a name and a more specific one that says which form it was ('by phylloquinone')."""
    daily_nouns: re.Pattern[str]
    """Nouns that make the amounts of their clause daily ones ('Daily Value')."""
    bound_kinds: Mapping[str, str]
    """The claim kind of an amount with a hedge and no cue ('at-least': threshold)."""
    not_doses: re.Pattern[str]
    """Words right before a number that make it not a dose ('the number 45', 'US$45', 'page 45')."""
    increment_before: re.Pattern[str]
    """Words right before an increment ('for every 10 µg increase'), at the end of the text before it."""
    increment_after: re.Pattern[str]
    """Words right after an increment, at the start of the text after it."""
    rate: re.Pattern[str]
    """A measure and a link right before an amount that is the basis of a rate ('0.46 ng/mL for 100 IU')."""
    change: re.Pattern[str]
    """Words of change before 'from X to Y': two values, not a range."""
    search_operators: frozenset[str]
    """Words (as written) that make a quoted text a search query."""
    conversion: re.Pattern[str]
    """After an amount of one unit: '[of NAME] is equal to', the link of a unit conversion ('1 mcg is 40 IU')."""
    hedges: re.Pattern[str]
    """The reader's hedge words ('up to', 'at least'): one between two amounts stops a hedge being shared."""
    list_joint: re.Pattern[str]
    """A list separator ending the text before an amount (', 84 IU', 'or 800 IU'): the amount is a list item."""
    restatements: frozenset[str]
    """The reader's restatement markers ('or', '='): 'AMOUNT or AMOUNT' of one mass is one amount said twice."""
    food_basis: re.Pattern[str]
    """Words ending the text before grams that make them the food an amount is in ('per 100 grams of milk')."""
    weighed: re.Pattern[str]
    """A weight noun and up to three words, ending the text before an amount ('birth weight is greater')."""
    rate_after: re.Pattern[str]
    """A measure later in the sentence of an increment ('Each 100 IU ... raises the level by about 1 ng/mL')."""


def build_prose(data: Mapping[str, Any]) -> ProseLexicon:
    """Validate and index the `prose` section; errors name the key."""
    try:
        prose = data["prose"]
        cues = []
        for kind, words in prose["claim_cues"].items():
            if kind not in CLAIM_KINDS:
                raise DataError(f"lexicon.yaml: prose.claim_cues: unknown claim kind {kind!r}")
            cues.append((str(kind), _words_pattern(words)))
        daily = _words_pattern(prose["daily_nouns"])
        bound_kinds = {str(k): str(v) for k, v in prose["bound_kinds"].items()}
        if any(v not in CLAIM_KINDS for v in bound_kinds.values()):
            raise DataError("lexicon.yaml: prose.bound_kinds: unknown claim kind")
        return ProseLexicon(
            frozenset(str(w).lower().rstrip(".") for w in prose["abbreviations"]),
            tuple(cues),
            _words_pattern(prose["recommendation_modals"]),
            re.compile(r"\s+(?:" + _words_pattern(prose["topic_nouns"]).pattern + ")", re.IGNORECASE),
            re.compile(r"\s+(?:" + _words_pattern(prose["means_words"]).pattern + r")\s+", re.IGNORECASE),
            daily,
            bound_kinds,
            _at_end(prose["not_dose_before"]),
            _at_end(prose["increments"]["before"]),
            re.compile(r"\s*(?:" + _words_pattern(prose["increments"]["after"]).pattern + ")", re.IGNORECASE),
            re.compile(
                r"\d\s*(?:"
                + "|".join(re.escape(str(m)) for m in prose["increments"]["rate_measures"])
                + r")\s+"
                + _at_end(prose["increments"]["rate_links"]).pattern,
                re.IGNORECASE,
            ),
            _words_pattern(prose["change_words"]),
            frozenset(str(w) for w in prose["search_operators"]),
            re.compile(
                r"(?:\s+of(?:\s+[^\s\d]+){1,3}?)?\s*(?:" + _words_pattern(prose["conversion_links"]).pattern + r")\s*",
                re.IGNORECASE,
            ),
            _words_pattern([w for words in data["hedges"].values() for w in words]),
            re.compile(r"(?:,|" + _words_pattern(data["list_separators"]).pattern + r")\s*$", re.IGNORECASE),
            frozenset(str(w).lower() for w in data["restatement_markers"]),
            _at_end(prose["food_basis_before"]),
            re.compile(
                r"(?:" + _words_pattern(prose["weight_nouns"]).pattern + r")(?:\s+[^\s\d]+){0,3}\s*$", re.IGNORECASE
            ),
            re.compile(
                r"\d\s*(?:" + "|".join(re.escape(str(m)) for m in prose["increments"]["rate_measures"]) + r")",
                re.IGNORECASE,
            ),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise DataError(f"lexicon.yaml: missing or malformed prose entry {error}") from None


def _phrase(word: Any) -> str:
    """One phrase as a regex: spaces match any run of spaces; a word starts at a word boundary."""
    text = str(word).lower()
    body = r"\s+".join(re.escape(part) for part in text.split())
    return (r"\b" if text[:1].isalnum() else "") + body


def _at_end(words: Any) -> re.Pattern[str]:
    """Any of these phrases ending the text searched (spaces after it allowed)."""
    return re.compile(r"(?:" + "|".join(_phrase(w) for w in words) + r")\s*$", re.IGNORECASE)


def _words_pattern(words: Any) -> re.Pattern[str]:
    """Any of these phrases, whole words (the longest first)."""
    ordered = sorted((str(w) for w in words), key=len, reverse=True)
    return re.compile("|".join(_phrase(w) + (r"\b" if w[-1:].isalnum() else "") for w in ordered), re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def default_prose() -> ProseLexicon:
    """The shipped prose words."""
    from kcheck.data import load_file

    return build_prose(load_file("lexicon.yaml"))
