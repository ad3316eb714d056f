"""The one escaping helper for output: text that came from input can never drive the terminal.

A label, a CSV cell, a YAML key or a file name may hold ESC (colour, title, hyperlink sequences),
BEL, carriage returns or bidi overrides that reorder what a reviewer sees. Text, table, GitHub,
JUnit and SARIF output show them as visible escapes (\\x1b, \\u202e), as git and ruff do; JSON
output escapes them as \\uXXXX; CSV keeps the data as it was.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Line separators, lone surrogates (undecodable bytes of a command-line argument) and the two
# noncharacters XML 1.0 forbids: none can be written to every terminal, file or report as is.
_SEPARATORS = "\u2028\u2029\ud800-\udfff\ufffe\uffff"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}]")
# json.dumps already writes C0 controls as \u00XX; these are the ones it leaves raw.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI}{_SEPARATORS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """C0/C1 controls, DEL, bidi controls and line separators as visible escapes: '\\x1b]2;x' stays inert."""
    return _UNSAFE.sub(_escape, text)


def json_safe(encoded: str) -> str:
    """Encoded JSON with every control and bidi character as \\uXXXX (json.dumps escapes only C0)."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)
