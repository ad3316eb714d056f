"""Find and load kcheck's data files: the wheel's kcheck/data, or data/ beside a source checkout."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

from kcheck.errors import DataError
from kcheck.forms import FormRegistry, build_form_registry
from kcheck.regimens import Registry, build_registry

DATA_FILES = ("forms.yaml", "sources.yaml", "regimens.yaml", "references.yaml", "interactions.yaml")


def data_dir() -> Path:
    """The installed wheel ships data/ as kcheck/data; a source checkout keeps it at the top."""
    packaged = resources.files("kcheck") / "data"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data"


def load_yaml(path: Path) -> Any:
    """Parse one YAML data file safely; a broken file is a DataError naming it."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=loader)
    except (OSError, yaml.YAMLError) as error:
        raise DataError(f"{path}: {error}") from None


@functools.lru_cache(maxsize=4)
def load_file(name: str) -> Any:
    """One of kcheck's shipped data files, parsed once per process."""
    return load_yaml(data_dir() / name)


@functools.lru_cache(maxsize=1)
def default_forms() -> FormRegistry:
    """The shipped forms registry (all the grammar needs)."""
    return build_form_registry(load_file("forms.yaml"))


@functools.lru_cache(maxsize=1)
def default_registry() -> Registry:
    """Forms, sources, regimens, references and interactions as shipped, validated once."""
    return build_registry(default_forms(), *(load_file(name) for name in DATA_FILES[1:]))
