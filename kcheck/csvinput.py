"""CSV reader for `kcheck batch`: encodings, BOM, delimiter and header columns, streamed row by row.

Every record comes back with its 1-based data-row number and the physical line it starts on, so
a finding can point at file:line. Nothing is guessed from the data: the encoding comes from the
BOM (or --encoding), the delimiter from the header line (or --delimiter).
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
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
CELL_MAX = 1 << 20  # characters in one cell (1 MiB); a longer cell makes its row unreadable, not the run
NOTES_SHOWN = 20  # notes printed per run; the rest are counted
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
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
    "age": ("age", "age years", "age (years)"),
    "amount": ("amount",),
    "unit": ("unit", "units"),
    "form": ("form",),
}


class CsvInputError(KcheckError):
    """The file cannot be read as a CSV at all (encoding, binary, no header): exit 2."""


@dataclass(slots=True, init=False)
class RawRow:
    """One CSV record as read: data-row number (1-based), physical start line, and its cells.

    `problem` says why a record could not be read (an unclosed quote, a cell over CELL_MAX): the
    row is still counted and reported, as unreadable.
    """

    row: int
    line: int
    cells: tuple[str, ...]
    problem: str | None = None

    def __init__(self, row: int, line: int, cells: tuple[str, ...], problem: str | None = None) -> None:
        """Written out: compiled, it sets the fields directly, where dataclasses' own is Python code."""
        self.row = row
        self.line = line
        self.cells = cells
        self.problem = problem

    def __reduce__(self) -> tuple[type[RawRow], tuple[int, int, tuple[str, ...], str | None]]:
        """Pickled by its fields: every row goes to a worker, and dataclasses' state methods are Python code."""
        return RawRow, (self.row, self.line, self.cells, self.problem)


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
    age: int | None = None
    amount: int | None = None
    unit: int | None = None
    form: int | None = None

    def __reduce__(self) -> tuple[type[Columns], tuple[object, ...]]:
        """Pickled by its fields: workers get it with their job, and a compiled frozen class cannot be set
        field by field."""
        return Columns, tuple(getattr(self, f.name) for f in fields(self))


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


def _option(role: str) -> str:
    return "--label-column NAME" if role == "label" else f"--column {role}=NAME"


def find_columns(
    header: tuple[str, ...], label_column: str | None = None, chosen: dict[str, str] | None = None
) -> Columns:
    """Map header names to roles, case-insensitively; --label-column / --column ROLE=NAME choose.

    Two columns that could play one role (the same name twice, or 'dose' beside 'label') are a
    usage error naming both, unless an option picks one: kcheck never reads one silently.
    Repeated names among columns kcheck does not read are fine.
    """
    names = [normalise_name(h) for h in header]
    picks = dict(chosen or {})
    if label_column is not None:
        picks["label"] = label_column
    for role in picks:
        if role not in COLUMN_ALIASES:
            raise CsvInputError(f"--column {role}=...: unknown role; one of {', '.join(COLUMN_ALIASES)}")
    found: dict[str, int] = {}
    for role, aliases in COLUMN_ALIASES.items():
        if role in picks:
            wanted = normalise_name(picks[role])
            matches = [i for i, name in enumerate(names) if name == wanted]
            if not matches:
                raise CsvInputError(
                    f"{_option(role).split()[0]} {picks[role]!r} is not in the header "
                    f"({', '.join(repr(h) for h in header)})"
                )
        else:
            matches = [i for i, name in enumerate(names) if name in aliases]
        if len(matches) > 1:
            first, second = matches[0], matches[1]
            raise CsvInputError(
                f"columns {header[first]!r} (column {first + 1}) and {header[second]!r} (column {second + 1}) "
                f"could both be the {role.replace('_', ' ')} column; kcheck will not pick one: rename one, "
                f"or choose with {_option(role)}"
            )
        if matches:
            found[role] = matches[0]
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


def _utf16_lines(
    stream: BinaryIO, head: bytes, encoding: str, source: str, progress: list[int]
) -> Iterator[str]:
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
        except UnicodeError as error:  # "does not start with BOM" is a plain UnicodeError
            reason = getattr(error, "reason", str(error))
            hint = " (give --encoding utf-16-le or utf-16-be)" if "BOM" in reason else ""
            raise CsvInputError(
                f"{source}:{done_lines + pending.count(chr(10)) + 1}: invalid {encoding} "
                f"data ({reason}){hint}"
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


def _byte_lines(
    stream: BinaryIO, head: bytes, encoding: str, source: str, progress: list[int]
) -> Iterator[str]:
    """Decode an ASCII-compatible file line by line, so a bad byte is reported with its line."""
    decode = codecs.getdecoder(encoding)
    hint = (
        " (or give --encoding latin-1 / cp1252 to read a legacy 8-bit file)"
        if encoding == "utf-8"
        else ""
    )
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
        except UnicodeError as error:  # codecs such as idna raise the base class
            raise CsvInputError(f"{source}:{line_no}: not valid {encoding}: {error}") from None


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
            lines = _utf16_lines(self.stream, head, self.encoding_used, self.source, self.progress)
        else:
            lines = _byte_lines(self.stream, head, self.encoding_used, self.source, self.progress)
        try:
            header_line = next(lines)
        except StopIteration:
            raise CsvInputError(
                f"{self.source}: the file is empty (a header line is required)"
            ) from None
        header_line = header_line.removeprefix("\ufeff")
        if not header_line.strip():
            raise CsvInputError(
                f"{self.source}:1: the first line is blank (a header line is required)"
            )
        self.delimiter_used = self.delimiter or detect_delimiter(_LINES.match(header_line).group())  # type: ignore[union-attr]
        self.notes: list[str] = []  # RFC 4180 readings worth a word: a quoted cell over several lines
        self._records = _records(itertools.chain((header_line,), lines), self.delimiter_used)
        first = next(self._records, None)
        if first is None or first[3] is not None:
            why = first[3] if first is not None else "no header"
            raise CsvInputError(f"{self.source}:1: cannot read the header: {why}")
        self.header = first[2]

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
            raise CsvInputError(
                f"--encoding {self.encoding!r} is not an encoding Python knows"
            ) from None
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
        for number, (line, end, cells, problem) in enumerate(self._records, start=1):
            if end > line and problem is None:
                self.notes.append(
                    f"{self.source}:{line}: row {number}: a quoted cell spans lines {line}-"
                    f"{end}, read as one cell (RFC 4180); a stray quote would do the same"
                )
            yield RawRow(number, line, cells, problem)


_Record = tuple[int, int, tuple[str, ...], str | None]  # start line, end line, cells, why it could not be read


def _physical_lines(chunks: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(text, line ending) per physical line; CR, LF and CRLF all end a line (old Mac files read)."""
    for chunk in chunks:
        if "\r" not in chunk:
            if chunk.endswith("\n"):
                yield chunk[:-1], "\n"
            else:
                yield chunk, ""
            continue
        if chunk.find("\r") == len(chunk) - 2 and chunk.endswith("\n"):
            yield chunk[:-2], "\r\n"  # one CRLF line, as csv.writer ends every line
            continue
        for piece in _LINES.findall(chunk):
            if piece.endswith("\r\n"):
                yield piece[:-2], "\r\n"
            elif piece.endswith(("\r", "\n")):
                yield piece[:-1], piece[-1]
            else:
                yield piece, ""


def _simple_line(delimiter: str) -> re.Pattern[str]:
    """A line whose every cell is plain (no quote) or wholly quoted with no quote inside."""
    d = re.escape(delimiter)
    cell = f'(?:"[^"]*"|[^"{d}]*)'
    return re.compile(f"{cell}(?:{d}{cell})*")


def _quoted_cells(body: str, delimiter: str) -> tuple[str, ...]:
    """The cells of a line _simple_line matches: a quoted cell is every other piece between quotes."""
    parts = body.split('"')
    last = len(parts) - 1
    cells: list[str] = []
    for i, part in enumerate(parts):
        if i % 2:
            cells.append(part)
        else:  # plain cells; the empty ends beside a quoted cell are that cell's delimiters
            pieces = part.split(delimiter)
            cells.extend(pieces[1 if i else 0 : len(pieces) - 1 if i < last else None])
    return tuple(cells)


def _records(chunks: Iterator[str], delimiter: str) -> Iterator[_Record]:
    """RFC 4180 records: a quoted cell may hold delimiters, doubled quotes and line breaks.

    Blank lines are skipped. A quote still open at the end of the file makes the rest of the file
    one record with a problem naming the line where it opened; a cell longer than CELL_MAX makes
    its record a problem. Text after a closing quote is kept, as Python's csv module does.
    """
    cells: list[str] = []
    field: list[str] = []
    size = 0
    quoted = False  # inside a quoted cell (the record goes on across lines)
    opened = 0  # the line where the open quote is
    start = 0
    too_big = 0  # the line where a cell went over CELL_MAX
    number = 0
    simple = _simple_line(delimiter)
    for chunk in chunks:
        if not quoted:
            # The common line: one line ending (LF or CRLF) or none, no cell too long, and no quote
            # or only quotes around whole cells that hold none.
            cr = chunk.find("\r")
            if cr < 0 or (cr == len(chunk) - 2 and chunk[-1] == "\n"):
                body = chunk.rstrip("\r\n")
                if len(body) <= CELL_MAX:
                    if '"' not in body:
                        number += 1
                        if body:  # a blank line is not a record
                            yield number, number, tuple(body.split(delimiter)), None
                        continue
                    if simple.fullmatch(body):
                        number += 1
                        yield number, number, _quoted_cells(body, delimiter), None
                        continue
        for body, ending in _physical_lines((chunk,)):
            number += 1
            pos = 0
            if not quoted:
                if not body:
                    continue  # a blank line is not a record
                start, cells, field, size, too_big = number, [], [], 0, 0
            length = len(body)
            while True:
                if quoted:
                    quote = body.find('"', pos)
                    if quote < 0:
                        piece = body[pos:] + ending
                        size += len(piece)
                        if size > CELL_MAX:
                            too_big = too_big or number
                        elif not too_big:
                            field.append(piece)
                        break
                    size += quote - pos
                    if not too_big:
                        field.append(body[pos:quote])
                    if quote + 1 < length and body[quote + 1] == '"':
                        field.append('"')
                        size += 1
                        pos = quote + 2
                        continue
                    quoted = False
                    pos = quote + 1
                elif pos < length and body[pos] == '"' and not field:
                    quoted, opened = True, number
                    pos += 1
                    continue
                comma = body.find(delimiter, pos)
                stop = length if comma < 0 else comma
                size += stop - pos
                if size > CELL_MAX:
                    too_big = too_big or number
                if not too_big:
                    field.append(body[pos:stop])
                cells.append("".join(field))
                field, size = [], 0
                if comma < 0:
                    break
                pos = comma + 1
            if quoted:
                continue
            if too_big:
                yield (
                    start,
                    number,
                    (),
                    f"a cell on line {too_big} is longer than {CELL_MAX:,} characters, "
                    "the most kcheck reads in one cell",
                )
            else:
                yield start, number, tuple(cells), None
    if quoted:
        yield (
            start,
            number,
            (),
            f"the quote opened on line {opened} is never closed: lines {start}-{number} (the rest of the "
            "file) are this one unreadable row; close the quote or remove it",
        )
