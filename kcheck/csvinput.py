"""CSV reader for `kcheck batch`: encodings, BOM, delimiter and header columns, streamed row by row.

Every record comes back with its 1-based data-row number and the physical line it starts on, so
a finding can point at file:line. Nothing is guessed from the data: the encoding comes from the
BOM (or --encoding), the delimiter from the header line (or --delimiter).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from kcheck.errors import KcheckError

DELIMITERS = {
    ",": ",",
    ";": ";",
    "\t": "\t",
    "tab": "\t",
    "\\t": "\t",
    "comma": ",",
    "semicolon": ";",
}
# Tie-break order when the header holds several candidates equally often: tab and ';' are rarer
# in column names than ',', so a header containing them most likely means them.
_DELIMITER_ORDER = ("\t", ";", ",")
_PNG = b"\x89PNG\r\n\x1a\n"
_MAGIC = (
    (_PNG, "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (xlsx?)"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Office document"),
)
_CHUNK = 1 << 16
_HEAD = 1024  # enough for a BOM, a file signature and a NUL-byte check

# Header names (normalised: lower case, runs of space/_/-/. collapsed to one space) -> role.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "label": (
        "label",
        "label text",
        "dose",
        "dosage",
        "ingredients",
        "ingredient",
        "supplement facts",
        "text",
        "label dose",
    ),
    "id": ("id", "sku", "product id", "item id", "item", "upc", "gtin"),
    "name": ("name", "product", "product name", "title"),
    "servings_per_day": ("servings per day", "servings day", "servings/day", "serving per day"),
    "directions": (
        "directions",
        "directions for use",
        "suggested use",
        "usage",
        "dosage directions",
    ),
    "market": ("market", "country"),
    "amount": ("amount",),
    "unit": ("unit", "units"),
    "form": ("form",),
}


class CsvInputError(KcheckError):
    """The file cannot be read as a CSV at all (encoding, binary, no header): exit 2."""


@dataclass(frozen=True)
class RawRow:
    """One CSV record as read: data-row number (1-based), physical start line, and its cells."""

    row: int
    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Columns:
    """Which header column plays which role (indexes into the header), found by name."""

    header: tuple[str, ...]
    label: int | None
    id: int | None = None
    name: int | None = None
    servings_per_day: int | None = None
    directions: int | None = None
    market: int | None = None
    amount: int | None = None
    unit: int | None = None
    form: int | None = None


def normalise_name(name: str) -> str:
    """'Servings_Per-Day ' -> 'servings per day': how header names are compared."""
    return re.sub(r"[\s_\-.]+", " ", name.replace("\ufeff", "")).strip().lower()


def detect_delimiter(header_line: str) -> str:
    """The delimiter that occurs most often outside quotes in the header line; ',' if none does."""
    counts = dict.fromkeys(_DELIMITER_ORDER, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITER_ORDER, key=lambda d: (counts[d], -_DELIMITER_ORDER.index(d)))
    return best if counts[best] else ","


def parse_delimiter(value: str) -> str:
    """--delimiter accepts ',', ';', TAB, 'tab', '\\t', 'comma' or 'semicolon'."""
    try:
        return DELIMITERS[value.lower() if len(value) > 1 else value]
    except KeyError:
        raise CsvInputError(f"--delimiter {value!r}: use ',', ';' or 'tab'") from None


def find_columns(header: tuple[str, ...], label_column: str | None = None) -> Columns:
    """Map header names to roles, case-insensitively; --label-column names the label column."""
    names = [normalise_name(h) for h in header]
    found: dict[str, int] = {}
    for role, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in names:
                found[role] = names.index(alias)
                break
    if label_column is not None:
        wanted = normalise_name(label_column)
        if wanted not in names:
            raise CsvInputError(
                f"--label-column {label_column!r} is not in the header ({', '.join(repr(h) for h in header)})"
            )
        found["label"] = names.index(wanted)
    if "label" not in found and not ("amount" in found and "unit" in found):
        raise CsvInputError(
            "no label column in the header (" + ", ".join(repr(h) for h in header) + "): name one "
            "'label', 'dose', 'ingredients' or 'supplement facts', give --label-column, or give "
            "'amount' and 'unit' columns"
        )
    return Columns(header=header, **{role: found.get(role) for role in COLUMN_ALIASES})


def _sniff_binary(head: bytes, source: str) -> None:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise CsvInputError(f"{source}: this is {what}, not a CSV file")
    if b"\x00" in head[:1024]:
        raise CsvInputError(
            f"{source}: binary data (NUL bytes) without a UTF-16 BOM; not a CSV file "
            "(a UTF-16 file without a BOM needs --encoding utf-16-le or utf-16-be)"
        )


def _utf16_lines(stream: BinaryIO, head: bytes, encoding: str, progress: list[int]) -> Iterator[str]:
    """Lines (with their endings) of a UTF-16/32 stream; the codec removes the BOM."""
    decoder = codecs.getincrementaldecoder(encoding)()
    pending = ""
    done_lines = 0
    data = head
    while True:
        final = not data
        progress[0] += len(data)
        try:
            pending += decoder.decode(data, final=final)
        except UnicodeDecodeError as error:
            raise CsvInputError(
                f"line {done_lines + pending.count(chr(10)) + 1}: invalid {encoding} data ({error.reason})"
            ) from None
        lines = pending.split("\n")
        pending = lines.pop()
        for line in lines:
            done_lines += 1
            yield line + "\n"
        if final:
            break
        data = stream.read(_CHUNK)
    if pending:
        yield pending


def _raw_lines(stream: BinaryIO, head: bytes) -> Iterator[bytes]:
    """Binary lines split on b'\\n' (safe for UTF-8 and 8-bit encodings), the head first."""
    parts = head.split(b"\n")
    for part in parts[:-1]:
        yield part + b"\n"
    last = parts[-1] + stream.readline()
    if last:
        yield last
    yield from stream


def _byte_lines(stream: BinaryIO, head: bytes, encoding: str, source: str, progress: list[int]) -> Iterator[str]:
    """Decode an ASCII-compatible file line by line, so a bad byte is reported with its line."""
    decode = codecs.getdecoder(encoding)
    hint = " (or give --encoding latin-1 / cp1252 to read a legacy 8-bit file)" if encoding == "utf-8" else ""
    for line_no, raw in enumerate(_raw_lines(stream, head), start=1):
        progress[0] += len(raw)
        if line_no == 1 and encoding == "utf-8" and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield decode(raw)[0]
        except UnicodeDecodeError as error:
            bad = raw[error.start : error.start + 1].hex().upper()
            raise CsvInputError(
                f"{source}:{line_no}: not valid {encoding}: byte 0x{bad} at byte "
                f"{error.start + 1} of line {line_no}{hint}"
            ) from None


@dataclass
class CsvReader:
    """Streaming reader: `header`, `delimiter_used`, `encoding_used`; iterate `rows()` once."""

    source: str
    stream: BinaryIO
    encoding: str | None = None
    delimiter: str | None = None

    def __post_init__(self) -> None:
        head = self.stream.read(_HEAD)
        self.progress = [0]  # bytes read so far, for a progress bar
        self.encoding_used = self._encoding(head)
        if self.encoding_used.startswith(("utf-16", "utf-32")):
            lines = _utf16_lines(self.stream, head, self.encoding_used, self.progress)
        else:
            lines = _byte_lines(self.stream, head, self.encoding_used, self.source, self.progress)
        try:
            header_line = next(lines)
        except StopIteration:
            raise CsvInputError(f"{self.source}: the file is empty (a header line is required)") from None
        header_line = header_line.removeprefix("\ufeff")
        if not header_line.strip():
            raise CsvInputError(f"{self.source}:1: the first line is blank (a header line is required)")
        self.delimiter_used = self.delimiter or detect_delimiter(header_line)
        self._reader = csv.reader(_chain_first_str(header_line, lines), delimiter=self.delimiter_used)
        try:
            self.header = tuple(next(self._reader))
        except csv.Error as error:
            raise CsvInputError(f"{self.source}:1: cannot read the header: {error}") from None

    def _encoding(self, head: bytes) -> str:
        if self.encoding is None:
            if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
                return "utf-32"
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            _sniff_binary(head, self.source)
            return "utf-8"
        try:
            name = codecs.lookup(self.encoding).name
        except LookupError:
            raise CsvInputError(f"--encoding {self.encoding!r} is not an encoding Python knows") from None
        if name == "utf-8-sig":
            return "utf-8"
        if name.startswith(("utf-16", "utf-32")):
            return name
        if 'a,;\t\n"'.encode(name) != b'a,;\t\n"':
            raise CsvInputError(
                f"--encoding {self.encoding!r} is not supported (use utf-8, utf-16, "
                "latin-1, cp1252 or another ASCII-compatible encoding)"
            )
        return name

    def rows(self) -> Iterator[RawRow]:
        """Every non-blank record after the header, with its data-row number and start line."""
        reader = self._reader
        number = 0
        previous_end = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise CsvInputError(f"{self.source}:{previous_end + 1}: {error}") from None
            start = previous_end + 1
            previous_end = reader.line_num
            if not cells:
                continue  # a blank line is not a data row
            number += 1
            yield RawRow(number, start, tuple(cells))


def _chain_first_str(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
