"""Cold start of `kcheck label "45mcg MK-7"` and `kcheck --help/--version`, as ratios to baselines.

Each command runs in a fresh interpreter, interleaved with its baseline so that machine noise
hits both alike; the ratio of medians is what the issue tracks (targets: label <= 1.3x
`python -c "import pint"`, --help/--version <= 1.5x `python -c "import click"`).

kcheck caches the parsed data and pint's unit factors (~/.cache/kcheck); the warm-up run before
each case fills that cache, as any earlier run would. The "cache off" case is the first run after
an install or a data edit: it parses the YAML and imports pint.

    python bench/bench_coldstart.py [--runs 15]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

KCHECK = [sys.executable, "-m", "kcheck"]
PINT = [sys.executable, "-c", "import pint"]
CLICK = [sys.executable, "-c", "import click"]
NO_CACHE = {"KCHECK_CACHE_DIR": ""}  # kcheck's data and unit-factor cache off: the first run after an install
# (name, command, extra environment, baseline, baseline name, target ratio)
CASES = [
    ("kcheck label \"45mcg MK-7\"", [*KCHECK, "label", "45mcg MK-7"], {}, PINT, "python -c 'import pint'", 1.3),
    ("kcheck label --format json", [*KCHECK, "label", "45mcg MK-7", "--format", "json"], {}, PINT,
     "python -c 'import pint'", 1.3),
    ("kcheck label, cache off", [*KCHECK, "label", "45mcg MK-7"], NO_CACHE, PINT, "python -c 'import pint'", 1.3),
    ("kcheck --help", [*KCHECK, "--help"], {}, CLICK, "python -c 'import click'", 1.5),
    ("kcheck --version", [*KCHECK, "--version"], {}, CLICK, "python -c 'import click'", 1.5),
]


def seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    """Wall time of one fresh process, output discarded (as when piped)."""
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - start


def main() -> int:
    """Print one line per case: medians, ratio, target and whether it is met."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    # An installed kcheck has bytecode (pip compiles it); a checkout under PYTHONDONTWRITEBYTECODE
    # would otherwise recompile every module on every run and measure the compiler, not kcheck.
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "kcheck"), quiet=1)
    failures = 0
    for name, command, extra_env, baseline, baseline_name, target in CASES:
        env = {**os.environ, **extra_env}
        seconds(command), seconds(baseline)  # warm the file cache (and kcheck's), not the interpreter
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(seconds(command, env))
            theirs.append(seconds(baseline))
        ratio = statistics.median(ours) / statistics.median(theirs)
        met = ratio <= target
        failures += not met
        print(f"{name:32} {statistics.median(ours) * 1000:7.1f} ms  vs {baseline_name:26} "
              f"{statistics.median(theirs) * 1000:7.1f} ms  ratio {ratio:4.2f}x  (target <= {target}x: "
              f"{'met' if met else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
