"""The compiled build (mypyc) reads and writes exactly what the pure-Python build does."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kcheck._build import compiled, stale
from kcheck.render import names as format_names

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "tests" / "examples" / "catalogue"


def _hook() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]


def _bench(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(pure: bool, *args: str) -> bytes:
    """Exit code and stdout of `python args` in one build or the other (2: a file kcheck reports it cannot read)."""
    env = {**os.environ, "KCHECK_PURE": "1" if pure else "0", "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, check=False, timeout=600)
    assert result.returncode in (0, 1, 2) and b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    return b"exit %d\n" % result.returncode + result.stdout


def test_every_module_the_build_compiles_exists_and_compiled_loads_it() -> None:
    """The hook's list names real modules, and `compiled()` loads them all before it looks (or it would miss one)."""
    listed = sorted(path.removesuffix(".py").replace("/", ".") for path in _hook()["include"])
    assert all((ROOT / path).is_file() for path in _hook()["include"])
    probe = "import sys, kcheck._build as b; b.compiled(); print(sorted(m for m in sys.modules if 'kcheck.' in m))"
    loaded = ast.literal_eval(_run(True, "-c", probe).decode().partition("\n")[2])
    assert set(listed) <= set(loaded)


def test_kcheck_pure_runs_every_module_from_source() -> None:
    """KCHECK_PURE=1 passes over compiled modules: the switch the comparison below and editing rely on."""
    probe = "import kcheck._build as b; print(b.compiled())"
    assert _run(True, "-c", probe) == b"exit 0\n[]\n"


def test_stale_names_a_source_edited_after_it_was_compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the source newer than its compiled module is named, and KCHECK_PURE=1 (sources run) refuses nothing."""
    package = tmp_path / "kcheck"
    (package / "label").mkdir(parents=True)
    for name, binary_first in (("label/tokens", True), ("engine", False)):
        source, binary = package / f"{name}.py", package / f"{name}.cpython-311-x86_64-linux-gnu.so"
        first, second = (binary, source) if binary_first else (source, binary)
        first.write_bytes(b"")
        second.write_bytes(b"")
        os.utime(first, (1_000_000, 1_000_000))
    monkeypatch.setenv("KCHECK_PURE", "0")
    refusal = stale(package)
    assert refusal is not None and refusal.startswith("kcheck/label/tokens.py changed") and "engine" not in refusal
    monkeypatch.setenv("KCHECK_PURE", "1")
    assert stale(package) is None


compiled_only = pytest.mark.skipif(not compiled(), reason="this kcheck runs pure Python: nothing to compare")


@compiled_only
def test_compiled_reads_every_label_as_pure_does(tmp_path: Path) -> None:
    """The reader's every field, on generated, dev-set, test and damaged strings (bench/readings.py's set)."""
    strings = _bench("readings").inputs()[::8]
    inputs = tmp_path / "inputs.txt"
    inputs.write_text("".join(f"{text!r}\n" for text in strings), encoding="utf-8")
    dumps = [_run(pure, "bench/readings.py", "dump", str(inputs)) for pure in (True, False)]
    assert dumps[0].startswith(b"exit 0\n") and dumps[0].count(b"\n  L ") == len(strings)
    assert dumps[0] == dumps[1]


@compiled_only
def test_compiled_batch_and_lint_write_what_pure_writes(tmp_path: Path) -> None:
    """Every batch format, workers too (they get the settings pickled), and lint's JSON, byte for byte."""
    catalogue = _bench("bench_batch").generate(tmp_path / "catalogue.csv", 1000)
    batch = ["-m", "kcheck", "batch", str(catalogue), "--fail-on", "never", "--format"]
    for output_format in format_names("batch"):
        pure = _run(True, *batch, output_format, "--jobs", "1")
        assert pure.startswith(b"exit 0\n") and pure == _run(False, *batch, output_format, "--jobs", "1"), output_format
    assert _run(False, *batch, "jsonl", "--jobs", "2") == _run(True, *batch, "jsonl", "--jobs", "1")
    lint = ["-m", "kcheck", "lint", "--format", "json", *sorted(map(str, EXAMPLES.glob("*/*.yaml")))]
    pure = _run(True, *lint)
    assert b'"KC' in pure and pure == _run(False, *lint)


@compiled_only
def test_compiled_scan_writes_what_pure_writes() -> None:
    """scan reads prose with the reader, sentence by sentence: the shipped documents and rule examples."""
    scan = ROOT / "tests" / "examples" / "scan"
    paths = sorted(map(str, [*scan.glob("documents/*.md"), *scan.glob("rules/*/document.md")]))
    command = ["-m", "kcheck", "scan", "--format", "json", "--fail-on", "never", *paths]
    pure = _run(True, *command)
    assert pure.count(b'"claims"') >= len(paths) and pure == _run(False, *command)
