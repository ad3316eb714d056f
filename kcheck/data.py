"""Find and load kcheck's data files: the wheel's kcheck/data, or data/ beside a source checkout."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from kcheck import units
from kcheck.atomic import atomic_write
from kcheck.errors import DataError
from kcheck.forms import FormRegistry, build_form_registry
from kcheck.label.lexicon import Lexicon, build_lexicon
from kcheck.regimens import Registry, build_registry

DATA_FILES = ("forms.yaml", "sources.yaml", "regimens.yaml", "references.yaml", "interactions.yaml")


def data_dir() -> Path:
    """The installed wheel ships data/ as kcheck/data; a source checkout keeps it at the top."""
    packaged = resources.files("kcheck") / "data"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data"


def load_yaml(path: Path, raw: bytes | None = None) -> Any:
    """Parse one YAML data file safely (its bytes, if already read); a broken file is a DataError naming it."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(path.read_bytes() if raw is None else raw, Loader=loader)
    except (OSError, yaml.YAMLError) as error:
        raise DataError(f"{path}: {error}") from None


def cache_dir() -> Path | None:
    """Where parsed data is cached: $KCHECK_CACHE_DIR, else $XDG_CACHE_HOME/kcheck or ~/.cache/kcheck.

    KCHECK_CACHE_DIR set to an empty string turns the cache off.
    """
    if "KCHECK_CACHE_DIR" in os.environ:
        return Path(os.environ["KCHECK_CACHE_DIR"]) if os.environ["KCHECK_CACHE_DIR"] else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kcheck"


@functools.lru_cache(maxsize=8)
def load_file(name: str) -> Any:
    """One of kcheck's data files, parsed once per process.

    Importing and running a YAML parser costs more than the rest of `kcheck label`'s start-up,
    so the parsed data is kept as JSON (plain data, safe to load) under a name that includes a
    hash of the YAML bytes: an edited data file is never read from a stale cache.
    """
    path = data_dir() / name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(f"{path}: {error.strerror}") from None
    directory = cache_dir()
    cached = directory / f"{name}.{hashlib.sha256(raw).hexdigest()[:20]}.json" if directory else None
    if cached is not None:
        with contextlib.suppress(OSError, ValueError):
            return json.loads(cached.read_text(encoding="utf-8"))
    data = load_yaml(path, raw)
    if cached is not None:
        with contextlib.suppress(OSError):
            cached.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(cached, json.dumps(data, ensure_ascii=False))
    return data


@functools.lru_cache(maxsize=1)
def load_unit_factors() -> None:
    """Pint's factors for the common unit pairs, cached like the data: a warm start imports no pint.

    Keyed on a hash of units.txt, the only definitions the registry has; a cache that is missing,
    unreadable or malformed is rebuilt from pint.
    """
    key = hashlib.sha256(units.definitions().encode("utf-8")).hexdigest()[:20]
    directory = cache_dir()
    cached = directory / f"units.{key}.json" if directory else None
    if cached is not None:
        with contextlib.suppress(OSError, ValueError, TypeError):
            rows = json.loads(cached.read_text(encoding="utf-8"))
            if units.remember_factors({(unit, target): Fraction(value) for unit, target, value in rows}):
                return
    factors = units.common_factors()
    if cached is not None:
        with contextlib.suppress(OSError):
            cached.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(cached, json.dumps([[u, t, str(v)] for (u, t), v in sorted(factors.items())]))


@functools.lru_cache(maxsize=1)
def default_forms() -> FormRegistry:
    """The shipped forms registry (all the grammar needs)."""
    load_unit_factors()
    return build_form_registry(load_file("forms.yaml"))


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon (data/lexicon.yaml): every word the label reader knows."""
    return build_lexicon(load_file("lexicon.yaml"))


@functools.lru_cache(maxsize=1)
def default_registry() -> Registry:
    """Forms, sources, regimens, references and interactions as shipped, validated once."""
    return build_registry(default_forms(), *(load_file(name) for name in DATA_FILES[1:]))
