"""Every reading of a fixed set of label strings, so that a speed change can be shown to change none.

    python bench/readings.py inputs > /tmp/inputs.txt          # the strings, one Python literal a line
    python bench/readings.py dump /tmp/inputs.txt > /tmp/a.txt  # then, at another commit or build:
    python bench/readings.py dump /tmp/inputs.txt > /tmp/b.txt && cmp /tmp/a.txt /tmp/b.txt

The inputs are generated labels (bench_batch's generator, five seeds), the dev sets' texts, every
string literal holding a digit in tests/test_*.py, and six rounds of damage to them (cut, doubled,
a separator or unit inserted, case changed, a stretch deleted). Writing them once keeps the set the
same at both ends of a comparison even when the tests change. The dump holds, per string, the repr
of parse_label's Label (every field) or of its error; for some strings also the decimal-comma
readings, directions_per_day and the token stream.
"""

from __future__ import annotations

import argparse
import ast
import csv
import random
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import label  # noqa: E402

DAMAGE = [",", "/", " , ", " / ", "-", " and ", "(", ")", " per ", " x ", ".", " 2 ", "mg", " IU", "1,5"]


def inputs() -> list[str]:
    """The strings: generated, dev sets, test literals, then damaged copies of some of them."""
    strings = []
    for seed in (1, 2, 3, 4, 5):
        rng = random.Random(seed)
        strings += [label(rng) for _ in range(8000)]
    for path in sorted((ROOT / "tests" / "data").glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            strings += [row["text"] for row in csv.DictReader(handle, delimiter="\t") if row.get("text")]
    literals = set()
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and len(value) < 2000 and any(c.isdigit() for c in value):
                literals.add(value)
    strings += sorted(literals)
    rng = random.Random(99)
    seeds = strings[40000:] + rng.sample(strings[:40000], 5000)
    return strings + [damaged(text, rng) for _ in range(6) for text in seeds]


def damaged(text: str, rng: random.Random) -> str:
    """One random kind of damage a label line suffers in a spreadsheet or a copy."""
    cut = rng.randrange(len(text) + 1)
    roll = rng.random()
    if roll < 0.2:
        return text[:cut]
    if roll < 0.3:
        return text[cut:]
    if roll < 0.4:
        return text + rng.choice([" ", ", ", " / ", "; "]) + text
    if roll < 0.7:
        return text[:cut] + rng.choice(DAMAGE) + text[cut:]
    if roll < 0.8:
        return text.upper() if rng.random() < 0.5 else text.lower()
    if roll < 0.9:
        return text.replace(" ", "", 1) if " " in text else text + " "
    return text[:cut] + text[rng.randrange(cut, len(text) + 1) :]


def reading(read: Callable[[str], object], text: str) -> str:
    """repr of what `read` gives, or of the error it raises."""
    try:
        return repr(read(text))
    except Exception as error:  # every error is part of the reading being compared
        return f"EXC {type(error).__name__}: {error.args!r} {getattr(error, 'span', None)!r}"


def dump(texts: list[str]) -> None:
    from kcheck.data import default_forms
    from kcheck.label import directions_per_day, parse_label, stream_of

    forms = default_forms()
    out = sys.stdout
    for index, text in enumerate(texts):
        out.write(f"{index}\t{text!r}\n  L {reading(lambda t: parse_label(t, forms), text)}\n")
        if index % 5 == 0:
            out.write(f"  C {reading(lambda t: parse_label(t, forms, decimal_comma=True), text)}\n")
            out.write(f"  F {reading(lambda t: parse_label(t, forms, decimal_comma=False), text)}\n")
        if index % 3 == 0:
            out.write(f"  D {reading(lambda t: directions_per_day(t, forms), text)}\n")
            out.write(f"  T {reading(lambda t: [tuple(x) for x in stream_of(t, forms).tokens], text)}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("inputs", "dump"))
    parser.add_argument("file", nargs="?", help="dump: the file `inputs` wrote")
    args = parser.parse_args()
    if args.mode == "inputs":
        sys.stdout.writelines(f"{text!r}\n" for text in inputs())
        return
    if args.file is None:
        parser.error("dump needs the file that `inputs` wrote")
    lines = Path(args.file).read_text(encoding="utf-8").splitlines()
    dump([ast.literal_eval(line) for line in lines])


if __name__ == "__main__":
    main()
