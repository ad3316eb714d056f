"""Benchmark `kcheck batch` (not a timed test): rows/s against naive pint and plain csv, and peak RSS.

    /tmp/kv/bin/python bench/bench_batch.py         # rows/s at 100,000; jsonl bytes/row; RSS per format at 1,000,000
    /tmp/kv/bin/python bench/bench_batch.py --n 5000 --rss-n 20000   # quick
    /tmp/kv/bin/python bench/bench_batch.py --n 20000 --profile      # cProfile hotspots of the core

A seeded generator writes a realistic catalogue of N *unique* label strings (mixed units and
forms, frequencies, %DV, D3+K2 combos, ~2 % garbage rows), so kcheck's label cache never hits
and the figure is the honest per-label cost. Files go to bench/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

K_FORMS = ("Vitamin K2 (as menaquinone-7)", "MK-7", "menaquinone-7", "Vitamin K2 (MK-4)", "menatetrenone",
           "Vitamin K1 (phylloquinone)", "phytonadione", "Vitamin K2", "vitamin k")
D_FORMS = ("Vitamin D3 (as cholecalciferol)", "cholecalciferol", "Vitamin D3", "vitamin D2 (ergocalciferol)",
           "Vitamin D")
K_AMOUNTS = ((("mcg", "µg", "mcg", "micrograms"), (10, 800)), (("mg",), (1, 45)))
D_AMOUNTS = ((("IU", "I.U.", "IU"), (200, 10000)), (("mcg",), (5, 250)))
PERS = ("", " per capsule", " per softgel", " per tablet", " per serving", " per drop", " per 2 capsules",
        " per day", "/day")
FREQS = ("", "", "", " daily", " once daily", " twice daily", " take 1 softgel three times daily",
         " every other day", " once a week", " 2x daily")
PREFIX = ("", "", "Each capsule contains: ", "Supplement Facts: ", "Serving size 1 softgel. ")
GARBAGE = ("see label", "", "N/A", "100", "Vitamin K2 MK-7", "=1+2", "45 mcg;;", "proprietary blend")
BRANDS = ("Acme", "Nordic", "Sunrise", "Pure", "Vita", "Bio", "Natur", "Health", "Prime", "Core")


def _amount(rng: random.Random, choices: tuple) -> str:
    units, (low, high) = rng.choice(choices)
    unit = rng.choice(units)
    value = rng.randint(low, high)
    if rng.random() < 0.15:
        return f"{value}.{rng.randint(1, 9)} {unit}"
    return f"{value}{'' if rng.random() < 0.1 else ' '}{unit}"


def label(rng: random.Random) -> str:
    """One realistic label string (K, D or a D3+K2 combo), with %DV and frequency now and then."""
    kind = rng.random()
    parts = []
    if kind < 0.55 or kind >= 0.8:
        parts.append(f"{rng.choice(K_FORMS)} {_amount(rng, K_AMOUNTS)}")
    if kind >= 0.55:
        dv = f" ({rng.randint(10, 6000)}% DV)" if rng.random() < 0.2 else ""
        parts.append(f"{rng.choice(D_FORMS)} {_amount(rng, D_AMOUNTS)}{dv}")
    rng.shuffle(parts)
    return rng.choice(PREFIX) + ", ".join(parts) + rng.choice(PERS) + rng.choice(FREQS)


def generate(path: Path, n: int, seed: int = 20261122, pool: int = 0) -> Path:
    """Write N data rows with unique label strings (about 2 % garbage or ragged rows).

    With `pool`, rows are drawn from that many unique (label, market) products instead, with
    Zipf-like weights (the k-th most common product appears about 1/k as often as the first):
    a catalogue that repeats, as real ones do (sizes, flavours, bundles of the same label).
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    choices: list[tuple[str, str]] = []
    while len(choices) < pool:
        text = label(rng)
        if text not in seen:
            seen.add(text)
            choices.append((text, rng.choice(("us", "us", "eu", "ca", ""))))
    cumulative = list(itertools.accumulate(1 / k for k in range(1, pool + 1)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sku", "name", "label", "market"])
        for i in range(n):
            sku = f"SKU{i:07d}"
            name = f"{rng.choice(BRANDS)} {i}"
            market = rng.choice(("us", "us", "eu", "ca", ""))
            if rng.random() < 0.02:
                garbage = rng.choice(GARBAGE)
                if rng.random() < 0.3:
                    writer.writerow([sku, name, garbage, market, "extra cell"])  # ragged
                else:
                    writer.writerow([sku, name, garbage, market])
                continue
            if choices:
                text, market = rng.choices(choices, cum_weights=cumulative)[0]
                writer.writerow([sku, name, text, market])
                continue
            text = label(rng)
            while text in seen:
                text = label(rng)
            seen.add(text)
            writer.writerow([sku, name, text, market])
    return path


def rows_in(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for row in csv.reader(handle) if row) - 1


def time_plain_csv(path: Path) -> float:
    """Baseline (b): csv.reader over the same file, doing nothing with the rows."""
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        for _ in csv.reader(handle):
            pass
    return time.perf_counter() - start


def time_naive_pint(path: Path) -> tuple[float, int]:
    """Baseline (a): bench/naive.py (regex number + unit, then pint) on each label."""
    from naive import naive

    failures = 0
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            if not naive(row[2] if len(row) > 2 else ""):
                failures += 1  # mcg, IU: pint cannot say (which is why kcheck exists)
    return time.perf_counter() - start, failures


def time_kcheck(path: Path, jobs: int = 0) -> float:
    """kcheck batch --format jsonl --jobs JOBS, in process through the CLI entry point, output to a file."""
    from kcheck.cli import main

    out = OUT / "batch.jsonl"
    start = time.perf_counter()
    try:
        main(["batch", str(path), "--format", "jsonl", "--fail-on", "never", "--output", str(out), "--jobs", str(jobs)],
             standalone_mode=False)
    except SystemExit as exit_:
        if exit_.code not in (0, None):
            raise
    elapsed = time.perf_counter() - start
    with out.open(encoding="utf-8") as handle:
        assert sum(1 for _ in handle) == rows_in(path), "rows in != rows out"
    out.unlink()  # do not leave hundreds of megabytes behind
    return elapsed


def jsonl_bytes_per_row(path: Path) -> float:
    """Mean size of a jsonl row (the newline included) over the file's rows."""
    from kcheck.cli import main

    out = OUT / "bytes.jsonl"
    try:
        main(["batch", str(path), "--format", "jsonl", "--fail-on", "never", "--output", str(out)],
             standalone_mode=False)
    except SystemExit as exit_:
        if exit_.code not in (0, None):
            raise
    size, rows = out.stat().st_size, rows_in(path)
    out.unlink()
    return size / rows


def warm_up() -> None:
    """Load the data and the pint registry once, as a long-running batch would have."""
    from kcheck.data import default_registry
    from kcheck.engine import check_text

    check_text("45 mcg MK-7", default_registry())


# The child reports its own high-water mark (VmHWM, reset at exec) on exit, and the largest of its
# worker processes (spawned, so their ru_maxrss is their own). This parent's getrusage(RUSAGE_CHILDREN)
# is not used: its ru_maxrss also counts the forked copy of this parent before exec, and this parent
# holds the generator's set of a million labels.
_CHILD = """
import atexit, resource, sys
from kcheck.cli import main

def report():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                sys.stderr.write("VmHWM " + line.split()[1] + "\\n")
    sys.stderr.write("WorkerHWM " + str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) + "\\n")

atexit.register(report)
main(sys.argv[1:], prog_name="kcheck")
"""


def peak_rss_mb(path: Path, output_format: str = "jsonl", jobs: int = 0) -> tuple[float, float, float]:
    """`kcheck batch --format FORMAT` over PATH in a child process: (its peak RSS, largest worker's, in MB; s).

    The report goes to /dev/null (a device: written directly, as a pipe would be).
    """
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD, "batch", str(path), "--format", output_format, "--fail-on",
                           "never", "--jobs", str(jobs), "-o", os.devnull], check=True, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    main_kib = int(re.search(r"VmHWM (\d+)", done.stderr).group(1))  # type: ignore[union-attr]
    worker_kib = int(re.search(r"WorkerHWM (\d+)", done.stderr).group(1))  # type: ignore[union-attr]
    return main_kib / 1024, worker_kib / 1024, elapsed


def profile(path: Path) -> None:
    """cProfile of the core over the file's labels: where the time goes."""
    import cProfile
    import pstats

    from kcheck.data import default_registry
    from kcheck.engine import check_text

    registry = default_registry()
    with path.open(encoding="utf-8", newline="") as handle:
        labels = [row[2] for row in csv.reader(handle) if len(row) > 2][1:]
    profiler = cProfile.Profile()
    profiler.enable()
    for text in labels:
        check_text(text, registry)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="rows for the rows/s figures")
    parser.add_argument("--rss-n", type=int, default=1_000_000, help="rows for the peak-RSS run (0: skip)")
    parser.add_argument("--repeat-pool", type=int, default=2000,
                        help="also time a catalogue drawn from this many unique labels (0: skip)")
    parser.add_argument("--profile", action="store_true", help="print cProfile hotspots of the core")
    parser.add_argument("--formats", default="all",
                        help="comma-separated batch formats for the peak-RSS runs (default: every one)")
    args = parser.parse_args()

    path = generate(OUT / f"catalogue_{args.n}.csv", args.n)
    n = rows_in(path)
    print(f"catalogue: {path.relative_to(ROOT)}, {n:,} data rows, {path.stat().st_size / 1e6:.1f} MB, unique labels")
    if args.profile:
        profile(path)
        return
    from kcheck.stream import default_jobs

    warm_up()
    t_csv = time_plain_csv(path)
    t_pint, failures = time_naive_pint(path)
    t_one = time_kcheck(path, jobs=1)
    t_kcheck = time_kcheck(path)
    rate = {name: n / t for name, t in (("csv", t_csv), ("pint", t_pint), ("one", t_one), ("kcheck", t_kcheck))}
    print(f"plain csv.reader          {rate['csv']:>12,.0f} rows/s")
    print(f"naive regex + pint        {rate['pint']:>12,.0f} rows/s  ({failures:,} rows pint could not convert)")
    print(f"kcheck batch --jobs 1     {rate['one']:>12,.0f} rows/s  (one process)")
    print(f"kcheck batch --format jsonl {rate['kcheck']:>10,.0f} rows/s  (--jobs 0: {default_jobs()} workers)")
    print(f"kcheck / naive pint       {rate['kcheck'] / rate['pint']:>12.2f}x   (target >= 5x)")
    print(f"kcheck / plain csv        {rate['kcheck'] / rate['csv']:>12.4f}x")
    print(f"target 50,000 rows/s      {'met' if rate['kcheck'] >= 50_000 else 'NOT met'}")
    if args.repeat_pool:
        repeated = generate(OUT / f"catalogue_{args.n}_pool{args.repeat_pool}.csv", args.n, pool=args.repeat_pool)
        t_repeated = time_kcheck(repeated)
        print(f"kcheck, repeated labels   {n / t_repeated:>12,.0f} rows/s  ({args.n:,} rows drawn from "
              f"{args.repeat_pool:,} products, Zipf weights: the label cache at work)")
    per_row = jsonl_bytes_per_row(path)
    verdict = "met" if per_row <= 2600 else "NOT met"
    print(f"jsonl bytes per row       {per_row:>12,.0f} B      ({verdict}: target <= 2,600)")
    if args.rss_n:
        from kcheck.render import names

        big = generate(OUT / f"catalogue_{args.rss_n}.csv", args.rss_n)
        formats = names("batch") if args.formats == "all" else tuple(args.formats.split(","))
        for output_format in formats:
            mb, worker_mb, seconds = peak_rss_mb(big, output_format)
            flat = "flat: <= 150 MB" if max(mb, worker_mb) <= 150 else "ABOVE 150 MB"
            print(f"peak RSS, {args.rss_n:,} rows, --format {output_format:<6} {mb:>7.1f} MB in the kcheck process, "
                  f"largest worker {worker_mb:.1f} MB, {seconds:.0f} s ({flat})")

if __name__ == "__main__":
    main()
