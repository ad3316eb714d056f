"""Benchmark `kcheck scan`'s reading: the shipped scan documents, whole, beside the label reader alone.

Both in this process, process CPU time, best of `--rounds`: (a) `scan_text` on every document of
tests/examples/scan/documents (sentences, context, kinds and the engine's checks per claim), and
(b) the baseline, `parse_label` on each sentence of those documents that holds a digit (what
reading the same text sentence by sentence with the label reader costs). Prints the ratio a / b.
Run: python bench/bench_scan.py [--rounds 5] [--copies 4]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_batch import best_cpu  # noqa: E402

from kcheck.data import default_registry  # noqa: E402
from kcheck.errors import UnreadableLabel  # noqa: E402
from kcheck.label import parse_label  # noqa: E402
from kcheck.scan.document import scan_text  # noqa: E402

SCAN = ROOT / "tests" / "examples" / "scan"


def arguments(description: str) -> argparse.Namespace:
    """--rounds and --copies, as both scan benches take them."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--copies", type=int, default=4, help="each document this many times over (longer texts)")
    return parser.parse_args()


def document_texts(copies: int, *, rule_examples: bool = False) -> list[str]:
    """The shipped scan documents (and the rule examples' documents if asked), each `copies` times over."""
    paths = sorted(SCAN.glob("documents/*.md")) + (sorted(SCAN.glob("rules/*/document.md")) if rule_examples else [])
    return [p.read_text(encoding="utf-8") * copies for p in paths if p.name != "LICENSES.md"]


def main() -> None:
    args = arguments(__doc__)
    registry = default_registry()
    texts = document_texts(args.copies)
    scanned = [scan_text("doc.md", text, registry) for text in texts]
    sentences = [s.text for d in scanned for s in d.sentences if any(c.isdigit() for c in s.text)]
    claims = sum(len(d.claims) for d in scanned)

    def scan_all() -> None:
        for text in texts:
            scan_text("doc.md", text, registry)

    def read_all() -> None:
        for sentence in sentences:
            with contextlib.suppress(UnreadableLabel):
                parse_label(sentence, registry.forms)

    scan_s, read_s = best_cpu(scan_all, args.rounds), best_cpu(read_all, args.rounds)
    size = sum(len(t) for t in texts)
    print(f"{len(texts)} documents, {size:,} characters, {len(sentences):,} sentences with a digit, {claims:,} claims")
    print(f"scan_text: {scan_s * 1000:.0f} ms ({size / scan_s / 1000:.0f} k characters/s, CPU, best of {args.rounds})")
    print(f"parse_label on each sentence: {read_s * 1000:.0f} ms; scan / reader {scan_s / read_s:.2f}x")


if __name__ == "__main__":
    main()
