"""Find and load kcheck's data files: the wheel's kcheck/data, or data/ beside a source checkout."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Callable
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kcheck import units
from kcheck.atomic import atomic_write
from kcheck.errors import DataError, KcheckError
from kcheck.forms import FormRegistry, build_form_registry
from kcheck.label.lexicon import Lexicon, build_lexicon
from kcheck.regimens import Registry, build_registry

if TYPE_CHECKING:
    from kcheck.catalogue import Catalogue
    from kcheck.scan.evidence import Evidence

T = TypeVar("T")
DATA_FILES = ("forms.yaml", "sources.yaml", "regimens.yaml", "references.yaml", "interactions.yaml")
HASHED_FILES = (*DATA_FILES, "lexicon.yaml", "products.yaml")
"""Every shipped file a reading or a finding depends on: what `data_hash` covers."""


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


CACHE_VERSION = 2  # bump when the envelope or the parsed shape changes: older entries are then rebuilt


def _cache_name(stem: str, key: str) -> str:
    """The format version is in the name, so kcheck releases with another envelope never read each other's entries."""
    return f"{stem}.v{CACHE_VERSION}.{key}.json"


def _cache_read(path: Path | None, kind: type) -> Any:
    """The data of a cache entry, or None when it is missing, unreadable, of another version or shape."""
    if path is None:
        return None
    try:
        envelope = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(envelope, dict) or envelope.get("version") != CACHE_VERSION:
        return None
    data = envelope.get("data")
    return data if isinstance(data, kind) else None


def _cache_write(path: Path | None, data: Any) -> None:
    """Best effort: a cache that cannot be written only costs the next run a rebuild."""
    if path is not None:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps({"version": CACHE_VERSION, "data": data}, ensure_ascii=False))


@functools.lru_cache(maxsize=16)
def load_file(name: str, fresh: bool = False) -> Any:
    """One of kcheck's data files, parsed once per process (`fresh`: from the YAML, never the cache).

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
    cached = directory / _cache_name(name, hashlib.sha256(raw).hexdigest()[:20]) if directory else None
    data = None if fresh else _cache_read(cached, dict)
    if data is None:
        data = load_yaml(path, raw)
        _cache_write(cached, data)
    return data


def _from_data(build: Callable[..., T], names: tuple[str, ...]) -> T:
    """build(parsed files), from the cache when it serves; a cache entry that parses but does not
    build (wrong shape, hand-edited) is replaced from the shipped files, which alone can be blamed."""
    try:
        return build(*(load_file(name) for name in names))
    except (KcheckError, LookupError, TypeError, AttributeError, ValueError):
        return build(*(load_file(name, fresh=True) for name in names))


@functools.lru_cache(maxsize=1)
def data_hash() -> str:
    """'sha256:' and 16 hex digits over the data files' names and bytes: which data a document was made with."""
    digest = hashlib.sha256()
    for name in HASHED_FILES:
        path = data_dir() / name
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise DataError(f"{path}: {error.strerror}") from None
        digest.update(f"{name}\0{len(raw)}\0".encode())
        digest.update(raw)
    return f"sha256:{digest.hexdigest()[:16]}"


@functools.lru_cache(maxsize=1)
def load_unit_factors() -> None:
    """Pint's factors for the common unit pairs, cached like the data: a warm start imports no pint.

    Keyed on a hash of units.txt, the only definitions the registry has; a cache that is missing,
    unreadable or malformed (not positive decimals for every common pair) is rebuilt from pint.
    """
    key = hashlib.sha256(units.definitions().encode("utf-8")).hexdigest()[:20]
    directory = cache_dir()
    cached = directory / _cache_name("units", key) if directory else None
    rows = _cache_read(cached, list)
    if rows is not None:
        factors = {}
        with contextlib.suppress(ValueError, TypeError, ZeroDivisionError):
            for unit, target, value in rows:
                if isinstance(unit, str) and isinstance(target, str) and isinstance(value, str):
                    factors[unit, target] = Fraction(value)
        if all(factors.get(pair, 0) > 0 for pair in units.COMMON_FACTORS):
            units.remember_factors(factors)
            return
    factors = units.common_factors()
    _cache_write(cached, [[u, t, str(v)] for (u, t), v in sorted(factors.items())])


@functools.lru_cache(maxsize=1)
def default_forms() -> FormRegistry:
    """The shipped forms registry (all the grammar needs)."""
    load_unit_factors()
    return _from_data(build_form_registry, ("forms.yaml",))


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon (data/lexicon.yaml): every word the label reader knows."""
    return build_lexicon(load_file("lexicon.yaml"))


@functools.lru_cache(maxsize=1)
def _shipped_catalogue() -> Catalogue:
    """data/products.yaml, read once: the products on the market that scan's evidence checks name."""
    from kcheck.catalogue import read_catalogue

    path = data_dir() / "products.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(f"{path}: {error}") from None
    catalogue = read_catalogue(text, str(path))
    if catalogue.problems:
        raise DataError(f"{path}: {catalogue.problems[0].message}")
    return catalogue


_EVIDENCE: list[Evidence] = []  # the last one built: a run uses one registry


def evidence_for(registry: Registry) -> Evidence:
    """What scan's evidence checks compare with, built once per registry: it, the cue words, the shipped products."""
    from kcheck.scan.evidence import Evidence, build_cues, market_products

    if not _EVIDENCE or _EVIDENCE[0].registry is not registry:
        cues = build_cues(load_file("lexicon.yaml"))
        _EVIDENCE[:] = [Evidence(registry, cues, market_products(_shipped_catalogue(), registry))]
    return _EVIDENCE[0]


@functools.lru_cache(maxsize=1)
def default_registry() -> Registry:
    """Forms, sources, regimens, references and interactions as shipped, validated once."""
    forms = default_forms()
    return _from_data(lambda *files: build_registry(forms, *files), DATA_FILES[1:])
