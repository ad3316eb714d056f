"""Benchmark bounded work on hostile input: a 5 MB catalogue line and a 131,072-character CSV cell.

Each is checked through the real command in this process (its KC111 finding included) and timed
beside the plain reader of the same file, in the same run: `yaml.safe_load` (and libyaml's
CSafeLoader) for the catalogue, `csv.reader` for the CSV. Target: at most 3x the reader. The CSV
cell is also set beside the same row cut to 2,000 characters, which shows that the rest of the
cell costs nothing to check. Run: python bench/bench_hostile.py [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_lint import timed  # noqa: E402  (median of repeated timings, as every bench here)

from kcheck.cli import main  # noqa: E402
from kcheck.data import default_registry  # noqa: E402
from kcheck.limits import LABEL_MAX_CHARS  # noqa: E402

LINE_BYTES = 5 * 1024 * 1024
CELL_CHARS = 131_072  # the largest cell Python's csv module reads
PHRASE = "Vitamin K2 (as menaquinone-7) 45 mcg, "


def catalogue(line: str) -> str:
    """A one-product catalogue whose only ingredient line is `line`."""
    return (
        "version: 1\nmarket: us\nproducts:\n  - id: big\n    name: Big\n    serving: 1 capsule\n"
        f"    ingredients:\n      - {line}\n"
        '    warnings: ["Consult your doctor if you take anticoagulants such as warfarin"]\n'
        "    source: https://example.invalid/big\n"
    )


def run(args: list[str], finding: str) -> None:
    """The real command in this process; it must report the limit finding."""
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), (result.exit_code, result.output[-500:])
    assert finding in result.stdout, f"no {finding} in the output of {args}"


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    default_registry()  # loaded once, as in any run: the bench times reading, not start-up
    with tempfile.TemporaryDirectory() as folder:
        yaml_path = Path(folder) / "big.yaml"
        yaml_path.write_text(catalogue((PHRASE * (LINE_BYTES // len(PHRASE) + 1))[:LINE_BYTES]), encoding="utf-8")
        lint = timed(lambda: run(["lint", str(yaml_path), "--format", "json", "--isolated"], "KC111"), options.repeat)
        safe = timed(lambda: yaml.safe_load(yaml_path.read_text(encoding="utf-8")), options.repeat)
        loader = getattr(yaml, "CSafeLoader", None)
        fast = timed(lambda: yaml.load(yaml_path.read_text(encoding="utf-8"), Loader=loader), options.repeat)
        print(f"5 MB catalogue line: kcheck lint --format json {lint * 1000:.0f} ms")
        print(f"  yaml.safe_load {safe * 1000:.0f} ms -> ratio {lint / safe:.2f}x (target <= 3x)")
        if loader is not None:
            print(f"  yaml.load(CSafeLoader) {fast * 1000:.0f} ms -> ratio {lint / fast:.2f}x")

        dense = ("45 mcg MK-7 " * (CELL_CHARS // 12 + 1))[:CELL_CHARS]
        sparse = ("45 mcg MK-7 " + "lorem ipsum " * (CELL_CHARS // 12))[:CELL_CHARS]
        for name, cell in (("an amount every 12 characters", dense), ("one amount, then words", sparse)):
            bench_cell(Path(folder), name, cell, options.repeat)


def bench_cell(folder: Path, name: str, cell: str, repeat: int) -> None:
    """One row whose label cell is `cell`, beside csv.reader and beside the row cut to the limit."""
    csv_path = folder / "big.csv"
    csv_path.write_text(f'id,label\nbig,"{cell}"\n', encoding="utf-8")
    short_path = folder / "short.csv"
    short_path.write_text(f'id,label\nbig,"{cell[:LABEL_MAX_CHARS]}"\n', encoding="utf-8")
    args = ["--format", "jsonl", "--jobs", "1"]
    batch = timed(lambda: run(["batch", str(csv_path), *args], "KC111"), repeat)
    short = timed(lambda: CliRunner().invoke(main, ["batch", str(short_path), *args]), repeat)

    def read_csv() -> None:
        with csv_path.open(encoding="utf-8", newline="") as stream:
            for _ in csv.reader(stream):
                pass

    reader = timed(read_csv, repeat)
    print(f"131,072-character CSV cell ({name}): kcheck batch --format jsonl {batch * 1000:.1f} ms")
    print(f"  csv.reader {reader * 1000:.2f} ms -> ratio {batch / reader:.1f}x (target <= 3x)")
    print(f"  the same row cut to {LABEL_MAX_CHARS:,} characters {short * 1000:.1f} ms -> ratio {batch / short:.2f}x")


if __name__ == "__main__":
    main_bench()
