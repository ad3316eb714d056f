"""Where a `kcheck batch --jobs 1` run spends its time, sampled by Linux perf (not a timed test).

    python bench/bench_perf.py                  # jsonl over the 100,000 unique labels of bench_batch
    python bench/bench_perf.py --n 20000 --format csv

`bench_batch.py` splits a row into the reader timed alone and the rest; in the run the stages
share the CPU's caches, so the reader takes longer there than alone, and that difference lands in
"the rest". This runs the real command under `perf record --call-graph dwarf` and counts, for each
part, the samples whose call stack passes through it: µs a row of CPU inside the run. Parts nest
(the reader is inside the check), so the column does not add up to the whole. Needs `perf` and a
compiled build (the parts are named by mypyc's C functions).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

# The C functions each part of the run enters through: (what a reader calls it, substrings of their names).
PARTS = (
    ("the row loop (everything after reading the CSV)", ("batch___raw_rows",)),
    ("  the reader (stream_of, read_label)", ("reading___stream_of", "reading___read_label")),
    ("  the checks (check_label)", ("engine___check_label",)),
    ("  the long-number bound (long_number)", ("limits___long_number",)),
    ("  the row's body", ("{body}",)),
    ("  the row's own cells", ("{head}",)),
    ("  the row memo (keep_row)", ("Memo___keep_row",)),
    ("  the totals (summary, count_summaries)", ("batch___summary", "Tally___count_summaries")),
    ("reading the CSV (csvinput)", ("csvinput",)),
    ("garbage collection", ("gc_collect_main",)),
    ("writing the output (write system calls)", ("ksys_write",)),
)
BODY_AND_HEAD = {
    "jsonl": ("jsonl____body_line", "row_head"),
    "csv": ("csv_line___check_line", "csv_line___input_cells"),
}


def samples(perf_script: str) -> list[list[str]]:
    """The call stacks of `perf script -F ip,sym`: one list of symbols a sample, leaf first."""
    stacks: list[list[str]] = []
    stack: list[str] = []
    for line in perf_script.splitlines():
        fields = line.split(None, 1)
        if not fields:
            if stack:
                stacks.append(stack)
                stack = []
            continue
        stack.append(fields[-1])
    if stack:
        stacks.append(stack)
    return stacks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="unique rows (bench_batch's generator)")
    parser.add_argument("--format", default="jsonl", choices=sorted(BODY_AND_HEAD), help="the batch format")
    parser.add_argument("--frequency", type=int, default=1000, help="samples a second")
    args = parser.parse_args()
    if shutil.which("perf") is None:
        raise SystemExit("perf is not installed: this bench samples call stacks with `perf record`")
    from bench_batch import OUT, build, generate

    print(f"kcheck build: {build()}")
    OUT.mkdir(parents=True, exist_ok=True)
    catalogue = OUT / f"catalogue_{args.n}.csv"
    if not catalogue.exists():
        generate(catalogue, args.n)
    with tempfile.TemporaryDirectory() as folder:
        record = os.path.join(folder, "perf.data")
        command = [sys.executable, "-m", "kcheck", "batch", str(catalogue), "--format", args.format,
                   "--fail-on", "never", "--jobs", "1", "--output", os.path.join(folder, f"out.{args.format}")]
        subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", str(args.frequency), "--call-graph",
                        "dwarf,16384", "-o", record, "--", *command], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        script = subprocess.run(["perf", "script", "-i", record, "-F", "ip,sym"], check=True, capture_output=True,
                                text=True).stdout
    stacks = samples(script)
    per_sample = 1e6 / args.frequency / args.n  # µs a row that one sample stands for
    print(f"`kcheck batch --format {args.format} --jobs 1` over {args.n:,} unique rows: {len(stacks):,} samples, "
          f"{len(stacks) * per_sample:.1f} µs of CPU a row (start-up included)")
    body, head = BODY_AND_HEAD[args.format]
    for name, patterns in PARTS:
        entries = [pattern.format(body=body, head=head) for pattern in patterns]
        hits = sum(1 for stack in stacks if any(entry in symbol for symbol in stack for entry in entries))
        print(f"  {name:<50} {hits * per_sample:6.1f} µs a row ({100 * hits / len(stacks):4.1f} %)")


if __name__ == "__main__":
    main()
