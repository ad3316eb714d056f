"""The I/O side of `kcheck lint`: find catalogue files, read them, lint, fix and write atomically."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kcheck.atomic import atomic_write
from kcheck.catalogue import CatalogueError, load_catalogue, read_catalogue
from kcheck.lint import LintCache, LintResult, Selection, apply_fixes, lint_catalogue
from kcheck.regimens import Registry
from kcheck.report import Report, Subject

SUFFIXES = (".yaml", ".yml")


def discover(paths: Iterable[str]) -> list[Path]:
    """Files as given; folders searched for *.yaml/*.yml (hidden folders skipped), sorted."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in sorted(files) if f.endswith(SUFFIXES))
        elif path.exists():
            found.append(path)
        else:
            raise CatalogueError(f"{name}: no such file or folder")
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return list(unique)


def display_path(path: Path) -> str:
    """Relative to the working directory with '/' (GitHub annotations need that), else absolute."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


@dataclass
class LintRun:
    """Every file's result, the fixes applied and the diffs (for --diff)."""

    results: list[LintResult]
    fixed: int = 0
    diffs: str = ""

    def report(self) -> Report:
        """All files as one Report for the renderers."""
        subjects: list[Subject] = []
        findings = []
        for result in self.results:
            subjects.extend(result.subjects)
            findings.extend(result.findings)
        return Report("lint", tuple(subjects), tuple(findings))


def lint_paths(
    paths: Iterable[str], registry: Registry, selection: Selection, fix: bool = False, diff: bool = False
) -> LintRun:
    """Lint every catalogue; with fix, write the safe fixes and report what remains."""
    cache = LintCache()
    run = LintRun([])
    for path in discover(paths):
        shown = display_path(path)
        result = lint_catalogue(load_catalogue(path, shown), registry, selection, cache)
        if (fix or diff) and result.fixes:
            new_text, applied = apply_fixes(result.text, result.fixes.values())
            if diff:
                run.diffs += "".join(
                    difflib.unified_diff(
                        result.text.splitlines(keepends=True),
                        new_text.splitlines(keepends=True),
                        fromfile=f"a/{shown}",
                        tofile=f"b/{shown}",
                    )
                )
            else:
                with path.open("rb") as handle:  # keep a UTF-8 BOM the reader dropped
                    bom = "\ufeff" if handle.read(3) == b"\xef\xbb\xbf" else ""
                atomic_write(path, bom + new_text)
                run.fixed += applied
                result = lint_catalogue(read_catalogue(new_text, shown), registry, selection, cache)
        run.results.append(result)
    return run
