"""The YAML product catalogue reader for `kcheck lint`: records that remember file:line:col.

PyYAML is used only to *compose* the file (a node graph with marks, no object construction, so
no arbitrary tags run); kcheck builds its own records from the nodes. That keeps positions for
every field, sees duplicate keys (PyYAML's loader silently keeps the last one), keeps the raw text
of every scalar (`1.0` stays "1.0") and bounds how far aliases may expand.
"""

from __future__ import annotations

import codecs
import difflib
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction

import yaml

from kcheck.errors import KcheckError
from kcheck.limits import SERVINGS_RANGE_TEXT, parse_servings
from kcheck.regimens import MARKETS, parse_age
from kcheck.report import Finding, Location
from kcheck.report import finding as make_finding

CONTROL_NAMES = {0x00: "a NUL character", 0x08: "a backspace", 0x0B: "a vertical tab", 0x0C: "a form feed",
                 0x1B: "an escape character", 0x7F: "a delete character"}
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# YAML 1.1 implicit types (bool, null, int, float, timestamp, merge, value) never start with a
# letter outside yYnNtTfFoO: those plain scalars are strings without asking PyYAML's regexes.
_PLAIN_STR_START = frozenset("abcdeghijklmpqrsuvwxzABCDEGHIJKLMPQRSUVWXZ")


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with a lean resolver: plain strings (most of a catalogue) skip the regexes."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if not value:
                    return "tag:yaml.org,2002:null"
                if value[0] in _PLAIN_STR_START:
                    return "tag:yaml.org,2002:str"
                for tag, regexp in self.yaml_implicit_resolvers.get(value[0], ()):
                    if regexp.match(value):
                        return tag  # type: ignore[no-any-return]
            return "tag:yaml.org,2002:str"
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        """No path resolvers are registered: nothing to track."""

    def ascend_resolver(self) -> None:
        """See descend_resolver."""


STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
NULL = "tag:yaml.org,2002:null"
# Every reference to a node (aliases included) costs one unit; a file may spend at most this
# many per character, plus a floor, so a "billion laughs" file stops early.
VISITS_PER_CHAR = 4
VISITS_FLOOR = 100_000

TOP_KEYS = {"version": True, "market": False, "products": True}
NEAR_MISS = 0.8  # difflib ratio: 'product', 'Products', 'versoin' are a catalogue with a typo, 'repos' is not
PRODUCT_KEYS = {
    "id": True,
    "name": True,
    "serving": True,
    "directions": False,
    "servings_per_day": False,
    "age": False,
    "ingredients": True,
    "claims": False,
    "warnings": False,
    "market": False,
    "source": True,
    "source_note": False,
}
CLAIM_KEYS = {"regimen": True}


class CatalogueError(KcheckError):
    """A path given to lint names nothing: exit code 2."""


@dataclass(frozen=True)
class Text:
    """A string field and where each of its characters sits in the file."""

    value: str
    line: int  # 1-based line of the scalar's first character (the quote, if quoted)
    column: int  # 1-based column of the same
    line_start: int  # file index where the scalar's line starts
    start: int  # file index of the scalar's first character
    style: str  # "" plain, "'" or '"' quoted, "|" or ">" block
    raw: str | None  # the source of a one-line quoted scalar (quotes included), else None
    single_line: bool

    @functools.cached_property
    def offsets(self) -> tuple[int, ...] | None:
        """File index of value[i] (plus one past the end) for one-line scalars; None: unmapped."""
        if not self.single_line or self.style not in ("", "'", '"'):
            return None
        if not self.style:
            return tuple(range(self.start, self.start + len(self.value) + 1))
        assert self.raw is not None
        return _offsets(self.raw, self.style, self.value, self.start)

    @property
    def mapped(self) -> bool:
        """True when spans of `value` can be mapped to file positions (and fixed in place)."""
        if not self.style:
            return self.single_line
        return self.offsets is not None

    def index(self, i: int) -> int:
        """File index of value[i] (i may be len(value)); only valid when `mapped`."""
        if not self.style:
            return self.start + i
        offsets = self.offsets
        assert offsets is not None
        return offsets[i]

    def locate(self, span: tuple[int, int] | None, path: str | None) -> Location:
        """The 1-based location of a character span of `value` (end column exclusive)."""
        if span is None or not self.mapped:
            return Location(path, self.line, self.column, None)
        start, end = self.source_range(span)
        return Location(path, self.line, start - self.line_start + 1, end - self.line_start + 1)

    def source_range(self, span: tuple[int, int]) -> tuple[int, int]:
        """File indices [start, end) of a span of `value`; only valid when `mapped`."""
        start = self.index(min(span[0], len(self.value)))
        if span[1] <= span[0]:
            return start, start
        return start, self.index(min(span[1], len(self.value)) - 1) + 1


@dataclass(frozen=True)
class Product:
    """One catalogue entry; every text field keeps its position."""

    id: Text
    name: Text | None
    serving: Text | None
    directions: Text | None
    servings_per_day: Fraction | None
    ingredients: tuple[Text, ...]
    claims: tuple[Text, ...]
    warnings: tuple[Text, ...]
    market: str | None
    location: Location
    age: Fraction | None = None  # years: picks the upper limit for that age (none: an adult's)


@dataclass(frozen=True)
class Suppression:
    """A `# kcheck: ignore[KC301, ...]` comment; empty codes mean every code on the line."""

    line: int
    column: int
    end_column: int
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    """What the reader found in one file: products, reading problems, suppression comments."""

    path: str
    text: str
    version: int | None
    market: str | None
    products: tuple[Product, ...]
    problems: tuple[Finding, ...]
    suppressions: tuple[Suppression, ...]
    not_catalogue: str | None = None  # why this YAML file is not a catalogue at all (lint skips it)


def not_catalogue(root: yaml.Node | None) -> str | None:
    """Why a YAML document is not a catalogue (None when it is one, or nearly: a misspelt key stays KC501)."""
    if root is None:
        return "it is empty"
    if not isinstance(root, yaml.MappingNode):
        return "its top level is not a mapping"
    for key, _ in root.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(key.value, str):
            name = key.value.strip().lower()
            if name in TOP_KEYS or difflib.get_close_matches(name, list(TOP_KEYS), n=1, cutoff=NEAR_MISS):
                return None
    return "none of 'version', 'market', 'products' is at its top level"


def byte_position(data: bytes, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte `index`: where an editor shows a bad byte."""
    line_start = data.rfind(b"\n", 0, index) + 1
    before = data[line_start:index].removeprefix(codecs.BOM_UTF8 if line_start == 0 else b"")
    return data.count(b"\n", 0, index) + 1, len(before.decode("utf-8", "replace")) + 1


def read_catalogue(text: str, path: str) -> Catalogue:
    """Parse catalogue text (pure): products with positions plus KC501/KC503/KC504 problems."""
    reader = _Reader(text, path)
    return reader.read()


# ---------------------------------------------------------------- reading


def _character_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column ('' past the end): what a YAML error points at."""
    lines = text.split("\n")
    return lines[line][column : column + 1] if line < len(lines) else ""


def _one_line(text: str) -> str:
    """A parser message on one line, so that `path:line:col: CODE message` stays one line."""
    return " ".join(text.split())


def _finding(code: str, message: str, location: Location, subject: str = "") -> Finding:
    return make_finding(code, message, location=location, subject=subject)


def _did_you_mean(key: str, known: dict[str, bool]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.problems: list[Finding] = []
        self.budget = max(VISITS_FLOOR, VISITS_PER_CHAR * len(text))
        self.not_catalogue: str | None = None

    # -- positions

    def at(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1, None)

    def problem(self, code: str, message: str, node: yaml.Node | None, subject: str = "") -> None:
        location = self.at(node) if node is not None else Location(self.path, 1, 1, None)
        self.problems.append(_finding(code, message, location, subject))

    def spend(self, node: yaml.Node) -> bool:
        self.budget -= 1
        if self.budget < 0:
            if self.budget == -1:
                self.problem(
                    "KC504",
                    "aliases expand beyond the reading budget (a 'billion laughs' file?); kcheck stopped reading here",
                    node,
                )
            return False
        return True

    def text_of(self, node: yaml.ScalarNode) -> Text:
        start, end = node.start_mark, node.end_mark
        style = node.style or ""
        single = start.line == end.line
        raw = self.text[start.index : end.index] if single and style in ("'", '"') else None
        return Text(
            node.value, start.line + 1, start.column + 1, start.index - start.column, start.index, style, raw, single
        )

    # -- structure

    def read(self) -> Catalogue:
        try:
            root = yaml.compose(self.text, Loader=_Loader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            location = Location(self.path, mark.line + 1, mark.column + 1, None) if mark else Location(self.path, 1, 1)
            what = " ".join(part for part in (error.context, error.problem) if part)
            if mark and _character_at(self.text, mark.line, mark.column) == "\t":
                what = "a tab: YAML does not allow tabs for indentation; indent with spaces"
            self.problems.append(_finding("KC504", f"not valid YAML: {_one_line(what)}", location))
            return self.catalogue(None, None, ())
        except yaml.reader.ReaderError as error:
            # A control character (form feed, NUL, ...). The error's offset counts bytes under libyaml and
            # characters under pure PyYAML, so the character is found again with PyYAML's own pattern.
            found = yaml.reader.Reader.NON_PRINTABLE.search(self.text)
            at = found.start() if found else 0
            line = self.text.count("\n", 0, at) + 1
            column = at - (self.text.rfind("\n", 0, at) + 1) + 1
            code = ord(found.group()) if found else error.character
            name = CONTROL_NAMES.get(code, "a control character")
            what = f"{name} (U+{code:04X}): YAML does not allow control characters; remove it"
            self.problems.append(_finding("KC504", f"not valid YAML: {what}", Location(self.path, line, column)))
            return self.catalogue(None, None, ())
        except yaml.YAMLError as error:
            message = f"not valid YAML: {_one_line(str(error))}"
            self.problems.append(_finding("KC504", message, Location(self.path, 1, 1)))
            return self.catalogue(None, None, ())
        except RecursionError:
            self.problems.append(_finding("KC504", "not valid YAML: nested too deeply", Location(self.path, 1, 1)))
            return self.catalogue(None, None, ())
        self.not_catalogue = not_catalogue(root)
        if root is None:
            self.problem("KC501", "the catalogue is empty: expected 'version', 'market' and 'products'", None)
            return self.catalogue(None, None, ())
        fields = self.mapping(root, TOP_KEYS, "the catalogue")
        if fields is None:
            return self.catalogue(None, None, ())
        version = None
        if "version" in fields:
            node = fields["version"]
            if isinstance(node, yaml.ScalarNode) and node.tag == INT and node.value == "1":
                version = 1
            else:
                self.problem("KC501", f"'version' must be 1, not {_show(node)}", node)
        market = self.market(fields.get("market"))
        products: list[Product] = []
        node = fields.get("products")
        if node is not None:
            if isinstance(node, yaml.SequenceNode):
                for item in node.value:
                    if not self.spend(item):
                        break
                    product = self.product(item, market)
                    if product is not None:
                        products.append(product)
            else:
                self.problem("KC501", f"'products' must be a list of products, not {_show(node)}", node)
        return self.catalogue(version, market, tuple(products))

    def catalogue(self, version: int | None, market: str | None, products: tuple[Product, ...]) -> Catalogue:
        return Catalogue(
            self.path,
            self.text,
            version,
            market,
            products,
            tuple(self.problems),
            tuple(self.suppressions()),
            self.not_catalogue,
        )

    def mapping(
        self, node: yaml.Node, known: dict[str, bool], what: str, subject: str = ""
    ) -> dict[str, yaml.Node] | None:
        """Keys -> value nodes; KC503 for repeated keys, KC501 for unknown/missing/mistyped ones."""
        if not isinstance(node, yaml.MappingNode):
            self.problem("KC501", f"{what} must be a mapping of keys to values, not {_show(node)}", node, subject)
            return None
        fields: dict[str, yaml.Node] = {}
        keys: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if not self.spend(key):
                return None
            if not isinstance(key, yaml.ScalarNode) or key.tag not in (STR, INT, FLOAT):
                if isinstance(key, yaml.ScalarNode) and key.tag == "tag:yaml.org,2002:merge":
                    self.problem("KC501", f"merge keys (<<) are not supported in {what}", key, subject)
                else:
                    self.problem("KC501", f"{what} has a key that is not a plain name: {_show(key)}", key, subject)
                continue
            name = key.value
            if name in keys:
                first = keys[name].start_mark
                self.problem(
                    "KC503",
                    f"duplicate key '{name}' in {what} (first at line {first.line + 1}); "
                    "YAML loaders keep only the last value",
                    key,
                    subject,
                )
            keys[name] = key
            if name not in known:
                self.problem("KC501", f"unknown key '{name}' in {what}{_did_you_mean(name, known)}", key, subject)
                continue
            fields[name] = value
        for name, required in known.items():
            if required and name not in fields:
                self.problem("KC501", f"{what} has no '{name}'", node, subject)
        return fields

    def market(self, node: yaml.Node | None, subject: str = "") -> str | None:
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == STR and node.value in MARKETS:
            return node.value
        self.problem("KC501", f"'market' must be one of {', '.join(MARKETS)}, not {_show(node)}", node, subject)
        return None

    def string(self, node: yaml.Node | None, key: str, subject: str, what: str = "a string") -> Text | None:
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == STR and node.value.strip():
            return self.text_of(node)
        self.problem("KC501", f"'{key}' must be {what}, not {_show(node)}", node, subject)
        return None

    def strings(self, node: yaml.Node | None, key: str, subject: str, what: str) -> tuple[Text, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem("KC501", f"'{key}' must be a list, not {_show(node)}", node, subject)
            return ()
        out = []
        for item in node.value:
            if not self.spend(item):
                break
            text = self.string(item, f"{key}[]", subject, what)
            if text is not None:
                out.append(text)
        return tuple(out)

    def number(
        self, node: yaml.Node | None, read: Callable[[str], Fraction | None], rule: str, subject: str
    ) -> Fraction | None:
        """An int or float scalar that `read` accepts; otherwise a KC501 stating the rule (None: key absent)."""
        if node is None:
            return None
        value = None
        if isinstance(node, yaml.ScalarNode) and node.tag in (INT, FLOAT):
            value = read(node.value.replace("_", ""))
        if value is None:
            self.problem("KC501", f"{rule}, not {_show(node)}", node, subject)
        return value

    def product(self, node: yaml.Node, file_market: str | None) -> Product | None:
        subject = ""
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == "id" and isinstance(value, yaml.ScalarNode):
                    subject = value.value
        fields = self.mapping(node, PRODUCT_KEYS, f"product '{subject}'" if subject else "a product", subject)
        if fields is None:
            return None
        ident = self.string(fields.get("id"), "id", subject)
        if ident is None:
            return None
        ingredients = self.strings(
            fields.get("ingredients"),
            "ingredients",
            subject,
            'a label line with a unit, e.g. "Vitamin K2 (as MK-7) 100 mcg"',
        )
        if (
            "ingredients" in fields
            and isinstance(fields["ingredients"], yaml.SequenceNode)
            and not fields["ingredients"].value
        ):
            self.problem(
                "KC501", "'ingredients' is empty: list at least one label line", fields["ingredients"], subject
            )
        claims: list[Text] = []
        claims_node = fields.get("claims")
        if claims_node is not None:
            if isinstance(claims_node, yaml.SequenceNode):
                for item in claims_node.value:
                    if not self.spend(item):
                        break
                    claim = self.mapping(item, CLAIM_KEYS, "a claim", subject)
                    if claim is not None:
                        regimen = self.string(claim.get("regimen"), "regimen", subject, "a regimen id")
                        if regimen is not None:
                            claims.append(regimen)
            else:
                self.problem(
                    "KC501",
                    f"'claims' must be a list of {{regimen: id}}, not {_show(claims_node)}",
                    claims_node,
                    subject,
                )
        spd = self.number(
            fields.get("servings_per_day"),
            _servings,
            f"'servings_per_day' must be a number {SERVINGS_RANGE_TEXT}",
            subject,
        )
        age = self.number(fields.get("age"), _age, "'age' must be a number of years from 0 to 120", subject)
        market_node = fields.get("market")
        market = self.market(market_node, subject) if market_node is not None else file_market
        return Product(
            id=ident,
            name=self.string(fields.get("name"), "name", subject),
            serving=self.string(fields.get("serving"), "serving", subject, 'a string such as "1 capsule"'),
            directions=self.string(fields.get("directions"), "directions", subject),
            servings_per_day=spd,
            ingredients=ingredients,
            claims=tuple(claims),
            warnings=self.strings(fields.get("warnings"), "warnings", subject, "a string"),
            market=market,
            location=Location(self.path, ident.line, ident.column, None),
            age=age,
        )

    # -- comments

    def suppressions(self) -> Iterator[Suppression]:
        """`# kcheck: ignore[...]` comments, found in the raw lines (YAML parsers drop comments)."""
        if "kcheck:" not in self.text:
            return
        for number, line in enumerate(self.text.splitlines(), 1):
            if "kcheck:" not in line:
                continue
            match = _SUPPRESS.search(line)
            if match is None or not _is_comment(line, match.start("hash")):
                continue
            listed = match.group("codes") or match.group("codes2") or ""
            codes = tuple(code.strip().upper() for code in listed.split(",") if code.strip())
            yield Suppression(number, match.start("hash") + 1, match.end() + 1, codes)


_SUPPRESS = re.compile(
    r"(?P<hash>#)\s*kcheck:\s*(?:ignore|noqa)\b(?:\s*\[(?P<codes>[^\]]*)\]|:\s*(?P<codes2>[A-Za-z0-9, ]+))?"
)


def _is_comment(line: str, hash_index: int) -> bool:
    """A '#' starts a YAML comment at the start of a line or after a space, outside quotes."""
    if hash_index > 0 and line[hash_index - 1] not in " \t":
        return False
    quote = None
    for char in line[:hash_index]:
        if quote is None and char in "'\"":
            quote = char
        elif char == quote:
            quote = None
    return quote is None


def _offsets(raw: str, style: str | None, value: str, base: int) -> tuple[int, ...] | None:
    """File index of each character of a one-line scalar's value, or None if it cannot be mapped."""
    out: list[int] = []
    if not style:  # plain (PyYAML says None, libyaml says "")
        if not raw.startswith(value):
            return None
        out = [base + i for i in range(len(value))]
    elif style == "'":
        i = 1
        while i < len(raw) - 1:
            out.append(base + i)
            i += 2 if raw[i] == "'" and raw[i + 1] == "'" else 1
    elif style == '"':
        i = 1
        lengths = {"x": 4, "u": 6, "U": 10}
        while i < len(raw) - 1:
            out.append(base + i)
            i += lengths.get(raw[i + 1], 2) if raw[i] == "\\" else 1
    else:
        return None
    if len(out) != len(value):
        return None
    out.append(out[-1] + 1 if out else base + (1 if style else 0))
    return tuple(out)


def _servings(text: str) -> Fraction | None:
    try:
        return parse_servings(text)
    except ValueError:
        return None


def _age(text: str) -> Fraction | None:
    try:
        return parse_age(text)
    except ValueError:
        return None


def _show(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "an empty value"
    kind = {STR: "text", INT: "a number", FLOAT: "a number", "tag:yaml.org,2002:bool": "true/false"}.get(
        node.tag, f"a {node.tag} value"
    )
    value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return f"{kind} {value!r}"
