"""Instructions a batch row costs, counted by valgrind (not a timed test): the same count on a busy machine.

    python bench/bench_instructions.py                       # this checkout's build, jsonl, 3,000 rows
    python bench/bench_instructions.py --against ../other    # and another checkout's, with the ratio
    python bench/bench_instructions.py --format csv --rows 1000

Each contender runs `render_chunk` (what `kcheck batch --jobs 1` does a chunk) under
`valgrind --tool=callgrind`, twice: over a warm-up of 2,000 unique generated labels, then over
the warm-up and --rows more; the difference over --rows is its instructions a row, start-up, data
loading and warm-up taken off. The naive pass (bench/naive.py) is counted the same way. Counts
repeat to the instruction, so a change of 1 % shows where timing cannot see it (this machine's
timings wander by 5-10 %). Instructions are not time: kcheck runs at about half the naive pass's
instructions a cycle, so the ratio to naive says less than the ratio between two kcheck builds.
A checkout's own `.venv/bin/python` runs it when there is one (its compiled build).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_ROWS = 2000


def drive(checkout: str, what: str, rows: int) -> None:
    """The counted process: warm up on WARM_ROWS labels, then `rows` more (what: naive or a batch format)."""
    sys.path[:0] = [checkout, str(Path(checkout) / "bench")]
    from bench_batch import OUT, generate, label_column

    path = OUT / "catalogue_20000.csv"
    if not path.exists():
        generate(path, 20_000)
    if what == "naive":
        from naive import naive

        for text in label_column(path)[: WARM_ROWS + rows]:
            naive(text)
        return
    import io

    from kcheck.csvinput import CsvReader, find_columns
    from kcheck.data import data_hash, default_registry
    from kcheck.engine import Settings
    from kcheck.stream import BatchJob, Workspace, _fewer_collections, render_chunk

    reader = CsvReader(str(path), io.BytesIO(path.read_bytes()))
    raws = list(reader.rows())[: WARM_ROWS + rows]
    job = BatchJob(find_columns(reader.header), Settings(), str(path), what, reader.header, ",", data_hash())
    workspace = Workspace.of(default_registry())
    with _fewer_collections():
        for start in range(0, len(raws), 250):
            render_chunk(job, raws[start : start + 250], workspace)


def instructions(checkout: Path, what: str, rows: int) -> float:
    """Instructions a row: the count over WARM_ROWS + rows, less the count over WARM_ROWS, over rows."""
    own = checkout / ".venv" / "bin" / "python"
    python = str(own) if own.exists() else sys.executable
    # A checkout without the generated catalogue makes it in its first run: not in a counted one.
    subprocess.run([python, __file__, "--drive", str(checkout), what, "0"], capture_output=True, check=True)
    counts = []
    for extra in (0, rows):
        command = [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            python,
            __file__,
            "--drive",
            str(checkout),
            what,
            str(extra),
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"}
        )
        counts.append(int(re.search(r"Collected : (\d+)", done.stderr).group(1)))
    return (counts[1] - counts[0]) / rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=3000, help="rows counted after the warm-up")
    parser.add_argument("--format", default="jsonl", help="the batch format (jsonl, csv, json, ...)")
    parser.add_argument("--against", type=Path, help="another checkout to count beside this one")
    parser.add_argument("--drive", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        drive(args.drive[0], args.drive[1], int(args.drive[2]))
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: this bench counts instructions with its callgrind tool")
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    from bench_batch import build

    print(f"kcheck build: {build()}")
    ours = instructions(ROOT, args.format, args.rows)
    naive = instructions(ROOT, "naive", args.rows)
    print(f"{args.rows:,} unique rows after {WARM_ROWS:,} of warm-up, instructions a row (valgrind callgrind):")
    print(f"  {'kcheck batch --format ' + args.format + ' (' + ROOT.name + ')':<44} {ours / 1000:>9,.1f} k")
    print(f"  {'naive pass (bench/naive.py)':<44} {naive / 1000:>9,.1f} k   kcheck / naive {ours / naive:.3f}x")
    if args.against:
        other = instructions(args.against.resolve(), args.format, args.rows)
        name = f"kcheck batch --format {args.format} ({args.against.name})"
        print(f"  {name:<44} {other / 1000:>9,.1f} k   {ROOT.name} / {args.against.name} {ours / other:.3f}x")


if __name__ == "__main__":
    main()
