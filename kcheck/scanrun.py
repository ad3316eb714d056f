"""`kcheck scan` around the core: read the files (or stdin), settle the settings, scan, select, render.

The reading of a document is kcheck.scan (no I/O); this module reads bytes, decodes them, and
turns what cannot be read into a message naming the file and the position, never a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from kcheck.catalogue import byte_position
from kcheck.engine import Settings
from kcheck.lint import Selection
from kcheck.lintrun import display_path
from kcheck.regimens import Registry
from kcheck.render._escape import visible
from kcheck.report import exit_code, severity_counts
from kcheck.scan.document import scan_text
from kcheck.scan.model import ScannedDocument

SCAN_KEYS = ("select", "ignore", "fail-on")
"""The [tool.kcheck] keys scan reads (with KCHECK_SELECT, KCHECK_IGNORE, KCHECK_FAIL_ON); the others are lint's."""
_LINT_ONLY_ENV = ("KCHECK_FORMAT", "KCHECK_FILES", "KCHECK_STATISTICS")


@dataclass(frozen=True)
class ScanOutcome:
    """What the command prints: the report, messages for stderr, and the exit code."""

    text: str
    messages: tuple[str, ...]
    code: int


def decode(data: bytes, shown: str) -> str:
    """UTF-8 text (a BOM dropped); bad bytes are a ValueError naming the file, line and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line, column = byte_position(data, start)
        raise ValueError(
            f"{shown}:{line}:{column}: not UTF-8: byte 0x{data[start : start + 1].hex().upper()} "
            "(save the document as UTF-8)"
        ) from None


def read_document(path: str, stdin: BinaryIO) -> tuple[str, str]:
    """(the name to show, the text) of one input; '-' is standard input. Raises ValueError with a message."""
    if path == "-":
        return "-", decode(stdin.read(), "-")
    shown = display_path(Path(path))
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise ValueError(f"{visible(shown)}: is a folder; name the documents to scan") from None
    except OSError as error:
        raise ValueError(f"{visible(shown)}: cannot read: {(error.strerror or str(error)).lower()}") from None
    return shown, decode(data, visible(shown))


def selected(document: ScannedDocument, selection: Selection) -> ScannedDocument:
    """The document with only the findings --select/--ignore keep."""
    claims = tuple(
        replace(claim, findings=tuple(f for f in claim.findings if selection.allows(f.code)))
        for claim in document.claims
    )
    kept = tuple(f for f in document.findings if selection.allows(f.code))
    return replace(document, claims=claims, findings=kept)


def run_scan(
    paths: Sequence[str],
    flags: Mapping[str, object],
    environ: Mapping[str, str],
    registry: Registry,
    settings: Settings,
    output_format: str,
    stdin: BinaryIO,
    *,
    isolated: bool = False,
) -> ScanOutcome:
    """Scan every input in order; an unreadable one is a message and exit 2, the others are still reported."""
    from kcheck.config import find_pyproject, resolve
    from kcheck.render import load

    start = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
    pyproject = None if isolated else find_pyproject(start)
    environment = {k: v for k, v in environ.items() if k not in _LINT_ONLY_ENV}
    config = resolve({k: v for k, v in flags.items() if k in SCAN_KEYS}, environment, pyproject)
    selection = Selection(config.select, config.ignore)
    documents: list[ScannedDocument] = []
    messages: list[str] = []
    for path in paths:
        try:
            shown, text = read_document(path, stdin)
        except ValueError as error:
            messages.append(f"Error: {error}")
            continue
        documents.append(selected(scan_text(shown, text, registry, settings), selection))
    findings = [f for d in documents for f in d.all_findings]
    claims = sum(len(d.claims) for d in documents)
    counts = (_count(len(documents), "document"), _count(claims, "dose claim"), _count(len(findings), "finding"))
    messages.append(", ".join(counts))
    code = exit_code(severity_counts(findings), config.fail_on, stopped=len(documents) < len(paths))
    return ScanOutcome(load("scan", output_format)(documents, registry), tuple(messages), code)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"
