"""Benchmark scan's evidence checks (KC601-KC607) beside the whole scan of the same documents.

Both in this process, process CPU time, best of `--rounds`: (a) `check_document` on every shipped
scan document (tests/examples/scan/documents and the rule examples), already scanned, and (b) the
baseline, `scan_text` on the same documents (reading, context, kinds, per-claim checks and (a)).
Prints the share a / b: what the document-level checks add to a scan.
Run: python bench/bench_evidence.py [--rounds 5] [--copies 4]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_batch import best_cpu  # noqa: E402
from bench_scan import arguments, document_texts  # noqa: E402

from kcheck.data import default_registry, evidence_for  # noqa: E402
from kcheck.scan.document import scan_text  # noqa: E402
from kcheck.scan.evidence import check_document  # noqa: E402


def main() -> None:
    args = arguments(__doc__)
    registry = default_registry()
    evidence = evidence_for(registry)
    texts = document_texts(args.copies, rule_examples=True)
    scanned = [scan_text("doc.md", text, registry) for text in texts]
    findings = sum(len(check_document(d, evidence)) for d in scanned)

    def check_all() -> None:
        for document in scanned:
            check_document(document, evidence)

    def scan_all() -> None:
        for text in texts:
            scan_text("doc.md", text, registry)

    check_s, scan_s = best_cpu(check_all, args.rounds), best_cpu(scan_all, args.rounds)
    size, claims = sum(len(t) for t in texts), sum(len(d.claims) for d in scanned)
    print(f"{len(texts)} documents, {size:,} characters, {claims:,} claims, {findings} KC6xx findings")
    print(f"check_document: {check_s * 1000:.0f} ms; scan_text (which includes it): {scan_s * 1000:.0f} ms")
    print(f"evidence checks / whole scan: {check_s / scan_s:.1%} (CPU, best of {args.rounds})")


if __name__ == "__main__":
    main()
