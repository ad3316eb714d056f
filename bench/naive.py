"""The naive baseline every reader bench compares with: a regex for number + unit, then pint.

One module-level registry; for each label, every match of the pattern; in a try per match (pint
raises on "IU" or "capsules"), a Quantity of the number without commas, converted to micrograms
when it is a mass.
"""

from __future__ import annotations

import re

import pint

UREG = pint.UnitRegistry()
PATTERN = re.compile(r"(\d[\d,]*\.?\d*)\s*([A-Za-zµμ]+)")


def naive(label: str) -> int:
    """Read one label the naive way; the number of masses converted."""
    converted = 0
    for match in PATTERN.finditer(label):
        try:
            q = UREG.Quantity(float(match.group(1).replace(",", "")), match.group(2))
            if q.check("[mass]"):
                q.to("microgram")
                converted += 1
        except Exception:
            continue
    return converted


def main(path: str) -> None:
    """The naive pass over the label column of a CSV file, as a fresh process (start-up included)."""
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        column = next(reader).index("label")
        for row in reader:
            naive(row[column] if len(row) > column else "")


if __name__ == "__main__":
    import sys

    main(sys.argv[1])
