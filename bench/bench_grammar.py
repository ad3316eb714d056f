"""Benchmark the label reader (not a timed test): parse_label µs per label and its ratio to the naive pass.

    .venv/bin/python bench/bench_grammar.py [--n 20000] [--repeat 3]

Both run in this process on the same labels (20,000 generated realistic labels plus the dev
set), after one warm-up pass each; each figure is the best of --repeat runs, taken in turn, in
process CPU time (other processes on the machine then disturb it less). It measures the build in
this checkout and says which: compiled with mypyc (after `pip install`), or pure Python
(KCHECK_PURE=1 in the environment).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import build, label  # noqa: E402
from naive import naive  # noqa: E402

from kcheck.data import default_forms  # noqa: E402
from kcheck.errors import UnreadableLabel  # noqa: E402
from kcheck.grammar import parse_label  # noqa: E402


def labels(n: int, seed: int = 20261128) -> list[str]:
    """n generated labels (bench_batch's generator) and the dev set."""
    rng = random.Random(seed)
    out = [label(rng) for _ in range(n)]
    with (ROOT / "tests" / "data" / "devset_labels.tsv").open(encoding="utf-8", newline="") as handle:
        out += [row["text"] for row in csv.DictReader(handle, delimiter="\t")]
    return out


def read_all(texts: list[str]) -> None:
    forms = default_forms()
    for text in texts:
        with contextlib.suppress(UnreadableLabel):
            parse_label(text, forms)


def naive_all(texts: list[str]) -> None:
    for text in texts:
        naive(text)


def interleaved(texts: list[str], repeat: int) -> tuple[float, float]:
    """Best time of each, running them in turn so that load from other processes hits both alike."""
    read, base = [], []
    for _ in range(repeat):
        for run, times in ((read_all, read), (naive_all, base)):
            start = time.process_time()
            run(texts)
            times.append(time.process_time() - start)
    return min(read), min(base)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"kcheck build           {build()}")
    texts = labels(args.n)
    read_all(texts)  # warm-up: data loaded, caches filled
    naive_all(texts)
    t_read, t_naive = interleaved(texts, args.repeat)
    per = 1e6 / len(texts)
    print(f"labels                  {len(texts):>10,}")
    print(f"parse_label             {t_read * per:>10.1f} us/label")
    print(f"naive regex + pint      {t_naive * per:>10.1f} us/label")
    print(f"parse_label / naive     {t_read / t_naive:>10.2f}x   (target <= 1.0x, stretch 0.5x)")


if __name__ == "__main__":
    main()
