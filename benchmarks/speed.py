# SPDX-License-Identifier: MIT
"""Every row of issue 11's speed table, each with its baseline measured in the same run.

    python -m benchmarks.speed [--customers 100000] [--invoices 1000000] [--db FILE]
                               [--runs 3] [--only start,lists] [--markdown] [--quick]

Generates the big books once (:mod:`benchmarks.books`, kept under ``.bench/``; ``--db`` names
another file), then measures each section and prints one table: what | baseline | figure |
ratio | goal | pass/fail, with the machine's load before and after (the machine may be shared:
read the ratios). ``--markdown`` prints the table for the README. ``--quick`` is a smoke run on
tiny books: every row, no figure worth reading. Goals are the issue's; a benchmark never fails a
build, it prints.

Each section is one function of the :class:`Bench` returning rows; a richer measurement of a
section replaces its entry in :data:`SECTIONS` (a ``measure`` giving ``(what, figure, goal,
passed)`` tuples fits through :func:`~benchmarks.common.rows_of`).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import (
    aging,
    app_start,
    customer_search,
    forecast,
    imports,
    insight,
    kpis,
    lists,
    reminders,
    risk,
    send_invoices,
)
from benchmarks.books import BENCH_DIR, books
from benchmarks.common import Row, copy_of, machine, rows_of, table


@dataclass(frozen=True)
class Bench:
    """What the sections measure on.

    Attributes:
        big: The big books.
        folder: Where sections keep scratch files and smaller books (``.bench/``).
        customers: Customers of the big books.
        invoices: Invoices of the big books.
        runs: Best of how many runs, where a row times something again.
        quick: A smoke run: small counts everywhere.
    """

    big: Path
    folder: Path
    customers: int
    invoices: int
    runs: int
    quick: bool

    def tenth(self) -> Path:
        """Books with the same customers and a tenth of the invoices (the aging's scaling)."""
        return books(None, self.customers, max(self.invoices // 10, 10))


SECTIONS: dict[str, Callable[[Bench], list[Row]]] = {
    "start": lambda b: app_start.start(b.big, b.folder, b.runs),
    "cli": lambda b: app_start.command_line(b.runs),
    "lists": lambda b: _list_rows(lists.measure(copy_of(b.big, b.folder))),
    "aging": lambda b: rows_of(aging.measure(copy_of(b.big, b.folder), smaller=b.tenth())),
    "search": lambda b: rows_of(customer_search.measure(b.big, rounds=b.runs)),
    "delivery": lambda b: rows_of(reminders.measure(20 if b.quick else 300, b.folder)),
    "invoices": lambda b: rows_of(send_invoices.measure(20 if b.quick else 300, b.folder)),
    "imports": lambda b: rows_of(imports.measure(0.002 if b.quick else 1.0, b.folder)),
    "kpis": lambda b: kpis.measure(b.big, b.runs),
    "insight": lambda b: insight.measure(b.big, b.runs),
    "forecast": lambda b: forecast.measure(b.big, b.runs),
    "risk": lambda b: risk.measure(b.big, b.runs),
}


def _list_rows(measures: list[lists.Measure]) -> list[Row]:
    base = "one page of invoice rows by primary key"
    return [
        Row(m.what, m.seconds * 1000, "ms", f"<= {m.goal * 1000:g} ms", m.passed, base, m.ratio)
        for m in measures
    ]


def measure(bench: Bench, only: list[str]) -> list[Row]:
    """The rows of the sections ``only``; a section that breaks gives a failed row saying why,
    and the others still run."""
    rows = []
    for name in only:
        began = time.perf_counter()
        try:
            rows += SECTIONS[name](bench)
        except Exception as exc:  # one broken section must not hide the other figures
            traceback.print_exc()
            rows.append(Row(f"{name}: not measured", float("nan"), type(exc).__name__, "-", False))
        print(f"  {name}: {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="the big books (generated when missing)")
    parser.add_argument("--runs", type=int, default=3, help="best of how many (3)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="sections, comma-separated")
    parser.add_argument("--markdown", action="store_true", help="print a table for README")
    parser.add_argument("--quick", action="store_true", help="smoke run on tiny books")
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {list(SECTIONS)}")
    if args.quick:
        args.customers, args.invoices, args.runs = 200, 1_000, 1
    before = machine()
    bench = Bench(
        books(args.db, args.customers, args.invoices, args.invoices),
        BENCH_DIR,
        args.customers,
        args.invoices,
        args.runs,
        args.quick,
    )
    rows = measure(bench, only)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"{args.customers:,} customers, {args.invoices:,} invoices; best of {args.runs}; {when}")
    print(f"before: {before}\nafter:  {machine()}\n")
    print(table(rows, markdown=args.markdown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
