"""Which build of kcheck runs: the hot modules compiled by mypyc, or pure Python (KCHECK_PURE=1).

The benches print it beside their figures, and the tests refuse a checkout whose compiled modules are
older than their sources (they would run code that is no longer there).
"""

from __future__ import annotations

import importlib
import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader
from pathlib import Path

HOT_MODULES = ("kcheck.engine", "kcheck.render.jsonl", "kcheck.render.csv_line", "kcheck.memo")
"""Importing these loads every module the build compiles (the reader comes with the engine)."""


def compiled() -> list[str]:
    """The kcheck modules this process runs compiled, once the hot ones are loaded."""
    for name in HOT_MODULES:
        importlib.import_module(name)
    return sorted(
        name
        for name, module in list(sys.modules.items())
        if name.startswith("kcheck.") and isinstance(getattr(module.__spec__, "loader", None), ExtensionFileLoader)
    )


def describe() -> str:
    """One line for a bench's output: which build its figures are of."""
    modules = compiled()
    return f"compiled with mypyc ({len(modules)} modules)" if modules else "pure Python"


def stale(package: Path) -> str | None:
    """Why running this checkout would run old code (sources edited after they were compiled), else None."""
    if os.environ.get("KCHECK_PURE") == "1":
        return None
    edited = set()
    for suffix in EXTENSION_SUFFIXES:
        for binary in package.rglob(f"*{suffix}"):
            source = binary.with_name(binary.name[: -len(suffix)] + ".py")
            if source.exists() and source.stat().st_mtime > binary.stat().st_mtime:
                edited.add(source.relative_to(package.parent).as_posix())
    if not edited:
        return None
    return (
        f"{', '.join(sorted(edited))} changed after it was compiled, and the compiled module would run instead: "
        'run `.venv/bin/pip install -e ".[test]"` again, or run the source with KCHECK_PURE=1'
    )
