# SPDX-License-Identifier: MIT
"""Printing tables and CSV for the command line."""

from __future__ import annotations

import csv
import sys
import unicodedata
from collections.abc import Sequence
from typing import TextIO

from arapp.services.transfer.csvfile import neutralise


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[int] = (),
    out: TextIO | None = None,
) -> None:
    out = out or sys.stdout
    cells = [[" ".join(str(c).split()) for c in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        parts = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - _width(value))
            parts.append(pad + value if i in right else value + pad)
        return "  ".join(parts).rstrip()

    out.write(line(headers) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(line(row) + "\n")


def write_csv(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int] = (),
    out: TextIO | None = None,
) -> None:
    """CSV with text cells neutralised against formulas (the exports' rule); the ``numeric``
    columns are left as they are, so a credit of ``-15.00`` stays a number."""
    writer = csv.writer(out or sys.stdout, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([str(c) if i in numeric else neutralise(str(c)) for i, c in enumerate(row)])
