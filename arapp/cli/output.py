# SPDX-License-Identifier: MIT
"""Printing tables and CSV for the command line."""

from __future__ import annotations

import csv
import sys
import unicodedata
from collections.abc import Sequence
from typing import TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (``=HYPERLINK(...)``)."""
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


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
    headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO | None = None
) -> None:
    writer = csv.writer(out or sys.stdout, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_safe(str(c)) for c in row])
