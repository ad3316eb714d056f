"""Benchmark `kcheck batch` (not a timed test): rows/s against naive pint and plain csv, and peak RSS.

    python bench/bench_batch.py         # rows/s at 100,000; jsonl bytes/row; RSS per format at 1,000,000
    python bench/bench_batch.py --n 5000 --rss-n 20000   # quick
    python bench/bench_batch.py --n 20000 --profile      # cProfile hotspots of the core
    python bench/bench_batch.py --n 20000 --stages       # µs per row of each stage (read, grammar, engine, ...)

A seeded generator writes a realistic catalogue of N *unique* label strings (mixed units and
forms, frequencies, %DV, D3+K2 combos, ~2 % garbage rows), so kcheck's label cache never hits
and the figure is the honest per-label cost. Files go to bench/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import csv
import itertools
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
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


def build() -> str:
    """The build the figures are of; refused when the checkout's compiled modules are older than their sources."""
    from kcheck._build import describe, stale

    refusal = stale(ROOT / "kcheck")
    if refusal is not None:
        raise SystemExit(refusal)
    return describe()


def rows_in(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for row in csv.reader(handle) if row) - 1


def command(name: str, path: Path) -> list[str]:
    """The fresh-process command line of a contender: 'naive', or 'FORMAT:JOBS' for kcheck batch."""
    if name == "naive":
        return [sys.executable, str(ROOT / "bench" / "naive.py"), str(path)]
    output_format, jobs = name.split(":")
    return [sys.executable, "-m", "kcheck", "batch", str(path), "--format", output_format, "--fail-on", "never",
            "--jobs", jobs, "--output", str(OUT / f"out.{output_format}")]


def timed(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and every process it waited for) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def rounds(names: list[str], path: Path, count: int) -> dict[str, list[tuple[float, float]]]:
    """Every contender once per round, in turn, `count` rounds."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for _ in range(count):
        for name in names:
            runs[name].append(timed(command(name, path)))
    return runs


def per_row_cpu(path: Path, n: int, count: int) -> tuple[float, float, float]:
    """(naive, kcheck batch --jobs 1 jsonl, grammar) CPU µs per row, start-up taken off; medians of `count`."""
    empty = OUT / "header_only.csv"
    empty.write_text("sku,name,label,market\n", encoding="utf-8")
    names = ["naive", "jsonl:1"]
    full, start = rounds(names, path, count), rounds(names, empty, count)
    naive_us, kcheck_us = (
        (statistics.median(c for _, c in full[name]) - statistics.median(c for _, c in start[name])) / n * 1e6
        for name in names
    )
    return naive_us, kcheck_us, grammar_us(path, count)


def label_column(path: Path) -> list[str]:
    """The label column of a generated catalogue (its third column)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[2] if len(row) > 2 else "" for row in csv.reader(handle)][1:]


def best_cpu(run: Callable[[], object], count: int, before: Callable[[], object] = lambda: None) -> float:
    """The least process CPU time of `count` calls of run(), each after before()."""
    best = float("inf")
    for _ in range(count):
        before()
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def grammar_us(path: Path, count: int) -> float:
    """parse_label alone over the file's label column, in this process: CPU µs per row, best of `count`."""
    from kcheck.data import default_forms
    from kcheck.errors import KcheckError
    from kcheck.label import parse_label

    forms = default_forms()
    labels = label_column(path)

    def run() -> None:
        for text in labels:
            with contextlib.suppress(KcheckError):
                parse_label(text, forms)

    return best_cpu(run, count) / len(labels) * 1e6


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


def stages(unique: Path | None, repeated: Path | None, count: int) -> None:
    """Where a row's time goes, stage by stage, in this process: CPU µs per row, best of `count`.

    What a stage is given (20,000 checks, say) is frozen out of the garbage collector first, so a
    stage pays for collecting what it makes, not for walking the bench's own lists.
    """
    import io

    from kcheck.csvinput import CsvReader, find_columns
    from kcheck.data import data_hash, default_forms, default_registry
    from kcheck.engine import Settings
    from kcheck.stream import BatchJob, Workspace, _fewer_collections, render_chunk

    registry, forms = default_registry(), default_forms()

    def read(path: Path) -> tuple[CsvReader, list]:
        reader = CsvReader(str(path), io.BytesIO(path.read_bytes()))
        return reader, list(reader.rows())

    if unique is not None:
        unique_stages(unique, count, read, registry, forms)
    if repeated is None:
        return
    reader, raws = read(repeated)
    columns = find_columns(reader.header)
    chunks = [raws[i : i + 250] for i in range(0, len(raws), 250)]
    workspace = Workspace.of(registry)
    print(f"per row, {repeated.name}, in this process (CPU, best of {count}; the run's garbage collection):")

    def stream() -> None:  # as a run reads: row by row, nothing kept
        collections.deque(CsvReader(str(repeated), io.BytesIO(repeated.read_bytes())).rows(), 0)

    with _fewer_collections():
        print(f"  {'read the CSV (RawRow by RawRow)':<48} {best_cpu(stream, count) / len(raws) * 1e6:8.1f} µs")
    for output_format in ("jsonl", "csv"):
        job = BatchJob(columns, Settings(), str(repeated), output_format, reader.header, ",", data_hash())
        for chunk in chunks:
            render_chunk(job, chunk, workspace)  # every label of the file is now in the memo
        with _fewer_collections():
            hit = best_cpu(lambda job=job: [render_chunk(job, chunk, workspace) for chunk in chunks], count)
        print(f"  a repeated row, {output_format}, memo hit (render_chunk; read not included) "
              f"{hit / len(raws) * 1e6:6.1f} µs")


def unique_stages(unique: Path, count: int, read: Callable, registry: object, forms: object) -> None:
    """The stages over unique labels (grammar, engine, encoding), then the run they make up.

    Each stage runs as a run does: under its garbage-collection settings, with what it is given
    frozen out, each row with its own settings (its market), its output dropped as it goes. The
    run is render_chunk over the file with a fresh memo: what `kcheck batch --jobs 1` does per row
    after reading. A label at a time, the stages cost more than their sum: each leaves the CPU's
    caches to the next. The run works stage by stage over a few dozen labels (check_texts), as
    the stage measured beside it does; what it costs beyond that is the per-row wrapping.
    """
    from kcheck.batch import check_chunk, label_text, row_request
    from kcheck.csvinput import find_columns
    from kcheck.data import data_hash
    from kcheck.engine import Settings, check_label, check_text, check_texts
    from kcheck.errors import KcheckError
    from kcheck.label import parse_label
    from kcheck.memo import Memo
    from kcheck.render.batch_csv import csv_lines
    from kcheck.render.jsonl import encoded_body
    from kcheck.stream import BatchJob, Workspace, _fewer_collections, render_chunk

    reader, raws = read(unique)
    columns = find_columns(reader.header)
    texts = [label_text(raw.cells, columns) for raw in raws]
    wanted = [row_request(raw, columns, Settings()) for raw in raws]
    read_by = [w for w in wanted if isinstance(w, tuple)]  # each label the rows' checks read, with its row's settings
    rows = check_chunk(raws, columns, Memo(registry), Settings(), str(unique))
    labels = []
    for text, settings in read_by:
        with contextlib.suppress(KcheckError):
            labels.append((parse_label(text, forms, decimal_comma=settings.decimal_comma), settings))
    chunks = [raws[i : i + 250] for i in range(0, len(raws), 250)]

    def grammar() -> None:
        for text in texts:
            with contextlib.suppress(KcheckError):
                parse_label(text, forms)

    def run(output_format: str) -> Callable[[], None]:
        job = BatchJob(columns, Settings(), str(unique), output_format, reader.header, ",", data_hash())

        def whole() -> None:
            workspace = Workspace.of(registry)
            for chunk in chunks:
                render_chunk(job, chunk, workspace)

        return whole

    stages = {
        "read the CSV": lambda: read(unique),
        "grammar (parse_label)": grammar,
        "engine (check_label)": lambda: collections.deque(
            (check_label(label, registry, settings) for label, settings in labels), 0),
        "jsonl body of a check (encoded_body, a memo)": lambda: collections.deque(
            (encoded_body(row.base, registry, memo) for memo in [Memo(registry)] for row in rows), 0),
        "csv row (csv_lines)": lambda: collections.deque(csv_lines(rows, reader.header), 0),
        "grammar + engine + body, a label at a time": lambda: collections.deque(
            (encoded_body(check_text(text, registry, settings), registry, memo)
             for memo in [Memo(registry)] for text, settings in read_by), 0),
        "the same, stage by stage (check_texts)": lambda: collections.deque(
            (encoded_body(check, registry, memo) for memo in [Memo(registry)]
             for start in range(0, len(read_by), 250) for check in check_texts(read_by[start : start + 250], registry)),
            0),
        "check_chunk, memo off (grammar + engine + rows)": lambda: collections.deque(
            (check_chunk(chunk, columns, Memo(registry, 0), Settings(), str(unique)) for chunk in chunks), 0),
        "the run, jsonl (render_chunk, a fresh memo)": run("jsonl"),
        "the run, csv (render_chunk, a fresh memo)": run("csv"),
    }
    print(f"\nper row, unique labels, in this process (CPU, best of {count} interleaved rounds; each row with its own "
          "settings, the run's garbage collection):")
    spent = dict.fromkeys(stages, float("inf"))
    with _fewer_collections():
        for _ in range(count):  # every stage once a round, so a slow spell of the machine is not one stage's
            for name, stage in stages.items():
                spent[name] = min(spent[name], best_cpu(stage, 1) / len(raws) * 1e6)
    for name in stages:
        print(f"  {name:<48} {spent[name]:8.1f} µs")
    parts = ("grammar (parse_label)", "engine (check_label)", "jsonl body of a check (encoded_body, a memo)")
    together = spent["grammar + engine + body, a label at a time"]
    staged = spent["the same, stage by stage (check_texts)"]
    run = spent["the run, jsonl (render_chunk, a fresh memo)"]
    print(f"  the three stages a label at a time, beyond their sum: {together - sum(spent[n] for n in parts):.1f} µs "
          "(each leaves the CPU's caches to the next)")
    print(f"  stage by stage, beyond their sum: {staged - sum(spent[n] for n in parts):.1f} µs; "
          f"stage by stage / a label at a time: {staged / together:.2f}x")
    print(f"  the jsonl run beyond them: {run - staged:.1f} µs (per-row wrapping: the record's cells, the settings, "
          "the memo, the row's own fields, the totals)")


def api_rows_per_s(path: Path, count: int) -> float:
    """kcheck.check_rows over the file's label column, in this process (data loaded): rows/s, CPU, best of `count`."""
    import kcheck
    from kcheck.api import _checker

    labels = label_column(path)
    kcheck.check_label("45 mcg MK-7")
    # each round starts with an empty memo
    return len(labels) / best_cpu(lambda: collections.deque(kcheck.check_rows(labels), 0), count, _checker.cache_clear)


def naive_rows_per_s(path: Path, count: int) -> float:
    """bench/naive.py's function over the file's label column, in this process: rows/s, CPU, best of `count`."""
    from naive import naive

    labels = label_column(path)
    return len(labels) / best_cpu(lambda: [naive(text) for text in labels], count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="rows of each catalogue")
    parser.add_argument("--pool", type=int, default=2000, help="distinct labels of the repeated catalogue")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (medians, min-max spread)")
    parser.add_argument("--rss-n", type=int, default=1_000_000, help="rows for the peak-RSS run (0: skip)")
    parser.add_argument("--profile", action="store_true", help="print cProfile hotspots of the core")
    parser.add_argument("--api-only", action="store_true", help="only the Python API's rows/s")
    parser.add_argument("--stages", action="store_true", help="only µs per row of each stage, in this process")
    parser.add_argument("--files", choices=("all", "unique", "zipf"), default="all",
                        help="the catalogues to run: (a) unique labels, (b) the Zipf-drawn one, or both")
    parser.add_argument("--formats", default="all",
                        help="comma-separated batch formats for the peak-RSS runs (default: every one)")
    args = parser.parse_args()
    print(f"kcheck build: {build()}")
    unique = generate(OUT / f"catalogue_{args.n}.csv", args.n) if args.files != "zipf" else None
    repeated = (
        generate(OUT / f"catalogue_{args.n}_pool{args.pool}.csv", args.n, pool=args.pool)
        if args.files != "unique" else None
    )
    if args.profile:
        profile(unique or repeated)
        return
    if args.stages:
        stages(unique, repeated, args.rounds)
        return
    if not args.api_only:
        batch_figures(args, unique, repeated)
    for kind, path in (("unique labels", unique), (f"drawn from {args.pool:,} labels", repeated)):
        if path is None:
            continue
        api, base = api_rows_per_s(path, args.rounds), naive_rows_per_s(path, args.rounds)
        print(f"kcheck.check_rows, {kind}: {api:,.0f} rows/s, {api / base:.2f}x the naive pass in this process "
              f"({base:,.0f} rows/s; CPU, best of {args.rounds})")


def batch_figures(args: argparse.Namespace, unique: Path | None, repeated: Path | None) -> None:
    """kcheck batch beside the naive pass on each file run, then µs per row (of unique labels)."""
    from kcheck.stream import default_jobs

    n = rows_in(unique or repeated)
    jobs = default_jobs()
    names = ["naive", "jsonl:1", "jsonl:0", "csv:1", "csv:0"]
    targets = {"unique": {"jsonl:0": 1.5, "csv:0": 1.5}, "repeated": {"jsonl:0": 5.0, "csv:0": 5.0}}
    print(f"{n:,} rows a catalogue; {args.rounds} interleaved rounds; default --jobs here: {jobs} "
          f"(load average {os.getloadavg()[0]:.1f})")
    for kind, path in (("unique", unique), ("repeated", repeated)):
        if path is None:
            continue
        what = "unique labels" if kind == "unique" else f"drawn from {args.pool:,} labels, Zipf weights"
        print(f"\n({'a' if kind == 'unique' else 'b'}) {path.relative_to(ROOT)}: {what}")
        runs = rounds(names, path, args.rounds)
        naive_walls = [wall for wall, _ in runs["naive"]]
        for name in names:
            walls = [wall for wall, _ in runs[name]]
            ratios = [base / wall for base, wall in zip(naive_walls, walls, strict=True)]
            label = "naive pass (bench/naive.py)" if name == "naive" else (
                f"kcheck batch --format {name.split(':')[0]} --jobs {name.split(':')[1]}")
            target = targets[kind].get(name)
            verdict = f"  target >= {target}x: {'met' if statistics.median(ratios) >= target else 'NOT met'}" \
                if target else ""
            print(f"  {label:<40} {n / statistics.median(walls):>8,.0f} rows/s  "
                  f"{statistics.median(ratios):>5.2f}x naive ({min(ratios):.2f}-{max(ratios):.2f}){verdict}")
    if unique is None:
        return
    naive_us, kcheck_us, grammar = per_row_cpu(unique, n, args.rounds)
    rest = kcheck_us - grammar
    print(f"\nper row, unique labels, CPU, start-up off: naive {naive_us:.1f} µs; kcheck batch --jobs 1 jsonl "
          f"{kcheck_us:.1f} µs = grammar {grammar:.1f} µs + the rest {rest:.1f} µs")
    print(f"  grammar / naive {grammar / naive_us:.2f}x; the rest (check, render, I/O) / naive "
          f"{rest / naive_us:.2f}x (target <= 0.33x: {'met' if rest / naive_us <= 0.33 else 'NOT met'})")
    if args.rss_n:
        from kcheck.render import names as format_names

        print(f"jsonl bytes per row       {jsonl_bytes_per_row(unique):>12,.0f} B")
        big = generate(OUT / f"catalogue_{args.rss_n}.csv", args.rss_n)
        formats = format_names("batch") if args.formats == "all" else tuple(args.formats.split(","))
        for output_format in formats:
            mb, worker_mb, seconds = peak_rss_mb(big, output_format)
            flat = "flat: <= 150 MB" if max(mb, worker_mb) <= 150 else "ABOVE 150 MB"
            print(f"peak RSS, {args.rss_n:,} rows, --format {output_format:<6} {mb:>7.1f} MB in the kcheck process, "
                  f"largest worker {worker_mb:.1f} MB, {seconds:.0f} s ({flat})")


if __name__ == "__main__":
    main()
