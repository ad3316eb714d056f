"""The I/O side of `kcheck lint`: find catalogue files, read them, lint, fix and write them back.

One bad file never stops the run: a file that cannot be read (a broken link, no permission, not
UTF-8) is a KC506 finding on that file and every other file is still linted. A YAML file that is
not a catalogue at all (none of version/market/products at its top level) is skipped and counted.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kcheck.atomic import FileId, OutputError, file_id, resolve_target, write_target
from kcheck.catalogue import CatalogueError, byte_position, read_catalogue
from kcheck.lint import LintCache, LintResult, Selection, apply_fixes, lint_catalogue, unified_diff
from kcheck.regimens import Registry
from kcheck.report import Finding, Location, Report, Subject
from kcheck.report import finding as make_finding

SUFFIXES = (".yaml", ".yml")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Entry:
    """A file to lint: the path as given or found (what reports show), and the argument it came from."""

    path: Path
    origin: str
    named: bool  # named on the command line (pre-commit does this), not found in a folder walk


def _walk(folder: Path, patterns: Sequence[str], base: Path | None) -> Iterable[Path]:
    """*.yaml/*.yml under a folder (hidden folders skipped), sorted, narrowed by [tool.kcheck] files."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if name.endswith(SUFFIXES) and _wanted(path, patterns, base):
                yield path


def _wanted(path: Path, patterns: Sequence[str], base: Path | None) -> bool:
    """True without patterns; else when the path relative to the pyproject.toml folder matches one."""
    if not patterns:
        return True
    relative = Path(os.path.relpath(os.path.abspath(path), base or Path.cwd())).as_posix()
    return any(fnmatch.fnmatchcase(relative, pattern) for pattern in patterns)


def discover(paths: Iterable[str], patterns: Sequence[str] = (), base: Path | None = None) -> list[Entry]:
    """Files as given; folders and globs searched; one entry per real file, under the first path given."""
    found: list[Entry] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(Entry(p, name, False) for p in _walk(path, patterns, base))
        elif os.path.lexists(path):
            found.append(Entry(path, name, True))
        elif _GLOB_CHARS & set(name):
            matches = sorted(glob.glob(name, recursive=True))
            for match in matches:
                if Path(match).is_dir():
                    found.extend(Entry(p, name, False) for p in _walk(Path(match), patterns, base))
                elif match.endswith(SUFFIXES) and _wanted(Path(match), patterns, base):
                    found.append(Entry(Path(match), name, False))
            if not matches:
                found.append(Entry(path, name, False))  # reported as "no catalogue found under"
        else:
            raise CatalogueError(f"{name}: no such file or folder")
    unique: dict[str, Entry] = {}
    for entry in found:
        unique.setdefault(os.path.realpath(entry.path), entry)
    return list(unique.values())


def display_path(path: Path) -> str:
    """The path as given, relative to the working directory with '/' (GitHub annotations need that).

    Links are not resolved: a finding names the file the user named, not where a link points.
    """
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path(os.path.abspath(Path.cwd()))).as_posix()
    except ValueError:
        return absolute.as_posix()


def _unreadable(shown: str, message: str, line: int = 1, column: int = 1) -> LintResult:
    finding = make_finding("KC506", message, location=Location(shown, line, column))
    return LintResult(shown, "", (finding,), ())


def read_entry(path: Path, shown: str) -> tuple[bytes, str] | LintResult:
    """The file's bytes and text, or a KC506 result saying why it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            target = os.readlink(path)
            return _unreadable(shown, f"cannot read: a broken symbolic link (to '{target}', which does not exist)")
        return _unreadable(shown, "cannot read: the file disappeared while kcheck ran")
    except OSError as error:
        return _unreadable(shown, f"cannot read: {(error.strerror or str(error)).lower()}")
    try:
        return data, data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line, column = byte_position(data, start)
        return _unreadable(
            shown,
            f"not UTF-8: byte 0x{data[start:start + 1].hex().upper()} at line {line}, column {column} "
            "(save the catalogue as UTF-8)",
            line,
            column,
        )


@dataclass
class LintRun:
    """Every file's result, what was fixed or would be (the diff), what was skipped and why the run failed."""

    results: list[LintResult]
    fixed: int = 0
    diffs: str = ""
    skipped: list[tuple[Entry, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # each makes the run exit 2
    unreadable: int = 0  # files with a KC506 finding: the run exits 2, after reporting everything
    inputs: set[FileId] = field(default_factory=set)

    def report(self) -> Report:
        """All files as one Report for the renderers."""
        subjects: list[Subject] = []
        findings: list[Finding] = []
        for result in self.results:
            subjects.extend(result.subjects)
            findings.extend(result.findings)
        fixable = frozenset(f for result in self.results for f in result.fixes)
        return Report("lint", tuple(subjects), tuple(findings), fixable)


def lint_paths(
    paths: Iterable[str],
    registry: Registry,
    selection: Selection,
    fix: bool = False,
    diff: bool = False,
    patterns: Sequence[str] = (),
    base: Path | None = None,
) -> LintRun:
    """Lint every catalogue; with fix, write the fixes that keep each reading; with diff, show them."""
    cache = LintCache()
    run = LintRun([])
    entries = discover(paths, patterns, base)
    yielded: dict[str, int] = {}
    for entry in entries:
        yielded.setdefault(entry.origin, 0)
        if not os.path.lexists(entry.path):
            continue  # a glob that matched nothing
        shown = display_path(entry.path)
        identity = file_id(entry.path)
        if identity is not None:
            run.inputs.add(identity)
        read = read_entry(entry.path, shown)
        if isinstance(read, LintResult):
            run.results.append(read if selection.allows("KC506") else LintResult(shown, "", (), ()))
            run.unreadable += 1
            yielded[entry.origin] += 1
            continue
        data, text = read
        catalogue = read_catalogue(text, shown)
        if catalogue.not_catalogue is not None:
            run.skipped.append((entry, catalogue.not_catalogue))
            continue
        yielded[entry.origin] += 1
        result = lint_catalogue(catalogue, registry, selection, cache)
        if (fix or diff) and result.fixes:
            new_text, applied = apply_fixes(result.text, result.fixes.values())
            if diff:
                run.diffs += unified_diff(result.text, new_text, f"a/{shown}", f"b/{shown}")
            else:
                bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
                try:
                    write_target(resolve_target(str(entry.path), replace_only=True), bom + new_text)
                except OutputError as error:
                    run.problems.append(f"not fixed: {error}")
                else:
                    run.fixed += applied
                    result = lint_catalogue(read_catalogue(new_text, shown), registry, selection, cache)
        run.results.append(result)
    for origin, count in yielded.items():
        if count == 0 and not any(e.named and e.origin == origin for e in entries):
            run.problems.append(f"no catalogue found under {origin}")
    for name in paths:
        if name not in yielded and not Path(name).is_file():
            run.problems.append(f"no catalogue found under {name}")
    return run


GITHUB_ANNOTATION_LIMIT = 10  # per level and step; GitHub drops the rest silently


def summary_text(report: Report, files: int, output_format: str, fixed: int) -> str:
    """'kcheck lint: 3 findings (1 error, 2 warnings, 0 notes) in 4 products, 1 file', and GitHub's limit."""
    counts = Counter(f.severity.value for f in report.findings)
    parts = [
        f"{counts.get(level, 0)} {level}{'s' if counts.get(level, 0) != 1 else ''}"
        for level in ("error", "warning", "note")
    ]
    products = len(report.subjects)
    text = (
        f"kcheck lint: {len(report.findings)} finding{'s' if len(report.findings) != 1 else ''} "
        f"({', '.join(parts)}) in {products} product{'s' if products != 1 else ''}, "
        f"{files} file{'s' if files != 1 else ''}"
    )
    if fixed:
        text += f"; fixed {fixed}"
    if output_format == "github" and max(counts.get("error", 0), counts.get("warning", 0)) > GITHUB_ANNOTATION_LIMIT:
        text += (
            f"\nGitHub shows about {GITHUB_ANNOTATION_LIMIT} annotations per level and step (errors "
            "come first); the log above and --output-format sarif=FILE have them all"
        )
    return text


def statistics_text(report: Report) -> str:
    """How often each rule fired, most first."""
    counts = Counter(f.code for f in report.findings)
    rules = {f.code: f.rule for f in report.findings}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "\n".join(f"{count:>6}  {code}  [{rules[code].severity.value}] {rules[code].slug}" for code, count in rows)


def skipped_lines(skipped: list[tuple[Entry, str]]) -> list[str]:
    """Which YAML files were not catalogues: each named one, and a count per folder walked."""
    from kcheck.render._escape import visible

    lines = []
    walked: dict[str, list[str]] = {}
    for entry, reason in skipped:
        shown = visible(display_path(entry.path))
        if entry.named:
            lines.append(f"kcheck lint: skipped {shown}: not a catalogue ({reason})")
        else:
            walked.setdefault(visible(entry.origin), []).append(shown)
    for origin, names in walked.items():
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        lines.append(
            f"kcheck lint: skipped {len(names)} YAML file{'s' if len(names) != 1 else ''} under {origin} that "
            f"{'are' if len(names) != 1 else 'is'} not a catalogue (no 'version', 'market' or 'products' at the "
            f"top level): {shown}"
        )
    return lines


@dataclass
class LintOutcome:
    """A whole `kcheck lint` run: the report on stdout, the patch (--diff), notes for stderr, the exit code."""

    text: str
    diffs: str
    messages: list[str]
    code: int


def split_codes(values: Iterable[str]) -> list[str] | None:
    """--select KC2,KC301 --select KC5 -> ['KC2', 'KC301', 'KC5']; None when none were given."""
    codes = [part.strip() for value in values for part in value.split(",") if part.strip()]
    return codes or None


def output_targets(values: Iterable[str]) -> list[tuple[str, str]]:
    """--output-format FORMAT=PATH values, checked against the registry's lint formats."""
    from kcheck.config import ConfigError
    from kcheck.render import names

    targets = []
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not path:
            raise ConfigError(f"--output-format {value!r}: expected FORMAT=PATH, e.g. sarif=kcheck.sarif")
        if name not in names("lint"):
            raise ConfigError(f"--output-format {name!r} is not one of {', '.join(names('lint'))}")
        targets.append((name, path))
    return targets


def run_lint(
    paths: Sequence[str],
    flags: dict[str, object],
    environ: Mapping[str, str],
    registry: Registry,
    *,
    outputs: Sequence[str] = (),
    isolated: bool = False,
    fix: bool = False,
    diff: bool = False,
) -> LintOutcome:
    """Settings (flag > KCHECK_* > [tool.kcheck]), lint, fix or diff, every report written, the exit code."""
    from kcheck.config import find_pyproject, resolve
    from kcheck.render import REPORT_RENDERERS
    from kcheck.render._escape import visible
    from kcheck.report import exit_code, severity_counts

    targets = output_targets(outputs)
    pyproject = None if isolated else find_pyproject(Path(paths[0]))
    config = resolve(flags, environ, pyproject)
    chosen = config.format
    if chosen == "auto":
        chosen = "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
    base = pyproject.parent if pyproject is not None else None
    selection = Selection(config.select, config.ignore)
    run = lint_paths(paths, registry, selection, fix=fix and not diff, diff=diff, patterns=config.files, base=base)
    if pyproject is not None:
        run.inputs.add(file_id(pyproject) or (-1, -1))
    report = run.report()
    for name, path in targets:
        try:
            write_target(resolve_target(path, run.inputs), REPORT_RENDERERS[name](report))
        except OutputError as error:
            run.problems.append(str(error))
    messages = [statistics_text(report)] if config.statistics and report.findings else []
    messages += skipped_lines(run.skipped)
    messages.append(summary_text(report, len(run.results), chosen, run.fixed))
    messages += [f"Error: {visible(problem)}" for problem in run.problems]
    # A file that could not be linted or written is exit 2; its KC504/KC506 is still in every report.
    stopped = bool(run.problems or run.unreadable or any(finding.code == "KC504" for finding in report.findings))
    changed = diff and bool(run.diffs)
    code = exit_code(severity_counts(report.findings), config.fail_on, stopped=stopped, changed=changed)
    return LintOutcome(REPORT_RENDERERS[chosen](report), run.diffs, messages, code)
