"""kcheck: read a supplement label dose, name the form, and set it beside the studied doses."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["ArgumentError", "CheckedLabel", "KcheckError", "check_label", "check_rows", "parse_label"]

if TYPE_CHECKING:
    from kcheck.api import CheckedLabel, check_label, check_rows, parse_label
    from kcheck.errors import ArgumentError, KcheckError

_LAZY = {
    "parse_label": "kcheck.api",
    "check_label": "kcheck.api",
    "check_rows": "kcheck.api",
    "CheckedLabel": "kcheck.api",
    "ArgumentError": "kcheck.errors",
    "KcheckError": "kcheck.errors",
}


def __getattr__(name: str) -> object:
    """The API is imported on first use, so `import kcheck` stays light (no pint, rich or PyYAML)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kcheck' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
