"""kcheck: read a supplement label dose, name the form, and set it beside the studied doses."""

from __future__ import annotations

import os
import sys
from importlib.machinery import SOURCE_SUFFIXES, FileFinder, ModuleSpec, SourceFileLoader
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


class _SourceOnly:
    """Finds kcheck's modules as .py files, passing over the compiled ones that stand beside them."""

    @staticmethod
    def find_spec(fullname: str, path: list[str] | None, target: object = None) -> ModuleSpec | None:
        if not fullname.startswith("kcheck.") or not path:
            return None
        for entry in path:
            spec = FileFinder(entry, (SourceFileLoader, SOURCE_SUFFIXES)).find_spec(fullname)
            if spec is not None:
                return spec
        return None


if os.environ.get("KCHECK_PURE") == "1":  # the pure-Python build, to compare with the compiled one or to edit
    sys.meta_path.insert(0, _SourceOnly)  # type: ignore[arg-type]
