"""`kcheck lint` settings: flag > KCHECK_* environment > [tool.kcheck] in pyproject.toml > default."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kcheck.errors import KcheckError
from kcheck.render import names
from kcheck.rules import RULES

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, published as tomli (a dependency there)
    import tomli as tomllib  # type: ignore[no-redef]

FAIL_ON = ("error", "warning", "note", "never")
FORMATS = ("auto", *names("lint"))  # lint's formats, from the one registry
# name in [tool.kcheck] -> (environment variable, kind)
KEYS: dict[str, tuple[str, str]] = {
    "select": ("KCHECK_SELECT", "codes"),
    "ignore": ("KCHECK_IGNORE", "codes"),
    "fail-on": ("KCHECK_FAIL_ON", "fail-on"),
    "format": ("KCHECK_FORMAT", "format"),
    "statistics": ("KCHECK_STATISTICS", "bool"),
    "files": ("KCHECK_FILES", "globs"),
}
DEFAULTS: dict[str, Any] = {
    "select": (),
    "ignore": (),
    "fail-on": "error",
    "format": "auto",
    "statistics": False,
    "files": (),
}
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


class ConfigError(KcheckError):
    """An invalid setting in pyproject.toml or the environment: exit code 2."""


@dataclass(frozen=True)
class LintConfig:
    """The settings lint runs with, and where each came from (for --show-settings and errors)."""

    select: tuple[str, ...]
    ignore: tuple[str, ...]
    fail_on: str
    format: str
    statistics: bool
    sources: Mapping[str, str]
    pyproject: Path | None
    files: tuple[str, ...] = ()  # glob patterns, relative to the pyproject.toml folder, that a folder walk takes


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.kcheck] table, walking up from `start`."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except OSError:
                continue
            if "tool.kcheck" in text:  # the first [tool.kcheck] wins, as with ruff
                return candidate
    return None


def read_pyproject(path: Path) -> dict[str, Any]:
    """The [tool.kcheck] table ({} when absent); invalid TOML is a ConfigError."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    table = data.get("tool", {}).get("kcheck", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.kcheck] must be a table")
    return table


def _codes(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [part.strip() for part in value.split(",")]
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        items = [part.strip() for v in value for part in v.split(",")]
    else:
        raise ConfigError(f'{where}: expected a list of rule codes such as ["KC2", "KC301"]')
    codes = tuple(item.upper() for item in items if item)
    unknown = [c for c in codes if not any(code.startswith(c) for code in RULES)]
    if unknown:
        known = f"{min(RULES)}-{max(RULES)}"
        raise ConfigError(f"{where}: unknown rule code {', '.join(unknown)} (kcheck codes are {known})")
    return codes


def _check(name: str, value: Any, where: str) -> Any:
    kind = KEYS[name][1]
    if kind == "codes":
        return _codes(value, where)
    if kind == "globs":
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return tuple(v.strip() for v in value if v.strip())
        raise ConfigError(f'{where}: expected a list of glob patterns such as ["catalogue/*.yaml"]')
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
            return value.strip().lower() in _TRUE
        raise ConfigError(f"{where}: expected true or false, not {value!r}")
    choices = FAIL_ON if kind == "fail-on" else FORMATS
    if isinstance(value, str) and value.strip().lower() in choices:
        return value.strip().lower()
    raise ConfigError(f"{where}: expected one of {', '.join(choices)}, not {value!r}")


def resolve(flags: Mapping[str, Any], environ: Mapping[str, str], pyproject: Path | None) -> LintConfig:
    """Merge the four layers; `flags` holds only the options given on the command line."""
    table = read_pyproject(pyproject) if pyproject is not None else {}
    for key in table:
        normal = key.replace("_", "-")
        if normal not in KEYS:
            close = difflib.get_close_matches(normal, list(KEYS), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(KEYS)}"
            raise ConfigError(f"{pyproject}: unknown key '{key}' in [tool.kcheck]{hint}")
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, (env, _) in KEYS.items():
        if flags.get(name) is not None:
            values[name] = _check(name, flags[name], f"--{name}")
            sources[name] = "flag"
        elif env in environ:
            values[name] = _check(name, environ[env], env)
            sources[name] = "env"
        elif name in table or name.replace("-", "_") in table:
            raw = table.get(name, table.get(name.replace("-", "_")))
            values[name] = _check(name, raw, f"{pyproject} [tool.kcheck] {name}")
            sources[name] = str(pyproject)
        else:
            values[name] = DEFAULTS[name]
            sources[name] = "default"
    return LintConfig(
        values["select"],
        values["ignore"],
        values["fail-on"],
        values["format"],
        values["statistics"],
        sources,
        pyproject,
        values["files"],
    )
