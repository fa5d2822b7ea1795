# SPDX-License-Identifier: MIT
"""Imports of big files: rows per second and memory against the row count.

    python benchmarks/imports.py [--scale 1.0] [--keep FOLDER]

Each import runs in a child process of its own, on a copy of generated books, and reports its
time and the peak memory of the process (``VmHWM``). Measured, side by side in one run:

* the invoices import (100,000 rows into books of 10,000 customers): the baseline, the bulk
  path that was already fast;
* payments: 80,000 and 1,000,000 rows against books with the 100,000 invoices they pay (four
  rows in five name their invoice, the fifth is allocated oldest due first);
* customers: 100,000 and 1,000,000 rows into empty books;
* a bank CSV statement: 100,000 and 1,000,000 lines.

Goals (issue 11): payments at least 20,000 rows/s; memory flat in the row count, that is the
peak of the import of 1,000,000 rows within 1.2 times the peak of 100,000 (80,000 for
payments). ``--scale`` shrinks every size (0.1 for a quick look; the goals are for 1.0).
:func:`measure` gives the figures to other scripts (``benchmarks/speed.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 23)
CUSTOMERS, INVOICES = 10_000, 100_000
#: Rows per second the payments import must reach.
PAYMENTS_GOAL = 20_000
#: How much more the peak memory of 1,000,000 rows may be than that of 100,000.
FLAT = 1.2

Figure = tuple[str, str, str, bool]
"""What was measured, the figure, the goal, and whether the figure meets it."""


def _ctx(path: Path):  # type: ignore[no-untyped-def]
    from arapp.db.engine import Database
    from arapp.services.context import AppContext

    return AppContext(Database(f"sqlite:///{path}"), today=lambda: TODAY)


def _peak_mb() -> float:
    """The peak memory of this process so far: ``VmHWM`` (``ru_maxrss`` would count the peak of
    the parent that forked it, on Linux)."""
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith("VmHWM:"):
            return int(row.split()[1]) / 1024
    import resource  # not Linux

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024)


def _child(kind: str, books: Path, data: Path) -> None:
    """Import ``data`` as ``kind`` into ``books`` and print what it took as JSON."""
    from arapp.services.bank.statements import import_statement
    from arapp.services.transfer.imports import IMPORTERS

    ctx = _ctx(books)
    before = _peak_mb()
    began = time.perf_counter()
    if kind == "bank":
        ok = import_statement(ctx, data, data.name).ok  # the path: read as a stream
    else:
        report = IMPORTERS[kind](ctx, data)
        ok = report.ok
        if not ok:
            print(report.problems[:5], file=sys.stderr)
    took = time.perf_counter() - began
    peak = _peak_mb()
    print(json.dumps({"seconds": took, "peak_mb": peak, "before_mb": before, "ok": ok}))


def _run(kind: str, template: Path, data: Path, folder: Path) -> dict[str, float]:
    books = folder / f"{kind}-{data.stem}.sqlite3"
    shutil.copy(template, books)
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(books), str(data)],
        capture_output=True,
        text=True,
        check=False,
    )
    books.unlink()
    if done.returncode != 0:
        raise RuntimeError(f"{kind} import failed: {done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    if not result["ok"]:
        raise RuntimeError(f"{kind} import refused the file: {done.stderr[-2000:]}")
    return result


def _write(path: Path, header: str, rows: object) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header + "\n")
        for row in rows:  # type: ignore[attr-defined]
            out.write(row + "\n")
    return path


def _customer_rows(count: int, prefix: str = "C"):  # type: ignore[no-untyped-def]
    for i in range(count):
        yield f"{prefix}{i:07},Kunde Müller {i},k{i}@example.org,,Straße {i},net 30,,EUR"


def _invoice_rows(rng: random.Random):  # type: ignore[no-untyped-def]
    start = date(2025, 1, 1)
    for n in range(INVOICES):
        day = start + timedelta(days=rng.randint(0, 500))
        price = rng.randint(10000, 99999) / 100
        yield f"INV-{n:07},C{n % CUSTOMERS:07},{day},,EUR,Goods,1,{price:.2f},23"


def _payment_rows(count: int, rng: random.Random):  # type: ignore[no-untyped-def]
    start = date(2026, 6, 1)
    for k in range(count):
        n = rng.randrange(INVOICES)
        day = start + timedelta(days=rng.randint(0, 170))
        number = f"INV-{n:07}" if k % 5 else ""
        amount = rng.randint(100, 4000) / 100
        yield f"{day},C{n % CUSTOMERS:07},{amount:.2f},bank_transfer,R{k},{number}"


def _bank_rows(count: int, rng: random.Random):  # type: ignore[no-untyped-def]
    """Short lines (date, amount, reference): a statement file takes at most 32 MB."""
    start = date(2025, 1, 1)
    for k in range(count):
        day = start + timedelta(days=k * 600 // count)
        yield f"{day},{rng.randint(100, 90000) / 100:.2f},R{k}"


def measure(
    scale: float = 1.0, keep: Path | None = None, shown: Callable[[Figure], None] | None = None
) -> list[Figure]:
    """Measure the imports (sizes times ``scale``) and return ``(what, figure, goal, passed)``
    per line; each import runs in a child process of its own. ``shown`` is told each figure
    as soon as it is measured; an import that fails is a failed figure, not an exception."""
    from arapp.db import migrate
    from arapp.db.engine import Database
    from arapp.services.company import CompanyProfile, save_company
    from arapp.services.transfer.imports import import_customers, import_invoices

    def size(rows: int) -> int:
        return max(100, int(rows * scale))

    folder = Path(tempfile.mkdtemp(prefix="arapp-imports-", dir=keep))
    rng = random.Random(11)
    try:
        empty = folder / "empty.sqlite3"
        db = Database(f"sqlite:///{empty}")
        migrate.upgrade(db, None)
        db.dispose()
        ctx = _ctx(empty)
        save_company(ctx, CompanyProfile(name="Bench", currency="EUR"))
        ctx.db.dispose()  # the last connection: SQLite folds its log into the file we copy
        customers_only = folder / "customers.sqlite3"
        shutil.copy(empty, customers_only)
        header = "code,name,email,phone,address,terms,credit_limit,currency"
        ctx = _ctx(customers_only)
        small = _write(folder / "c10k.csv", header, _customer_rows(CUSTOMERS))
        assert import_customers(ctx, small).ok
        ctx.db.dispose()
        invoices = _write(
            folder / "invoices.csv",
            "number,customer_code,issue_date,due_date,currency,description,quantity,"
            "unit_price,tax_rate",
            _invoice_rows(rng),
        )
        with_invoices = folder / "invoices.sqlite3"
        shutil.copy(customers_only, with_invoices)
        ctx = _ctx(with_invoices)
        assert import_invoices(ctx, invoices).ok
        ctx.db.dispose()

        figures: list[Figure] = []

        def add(figure: Figure) -> None:
            figures.append(figure)
            if shown is not None:
                shown(figure)

        base = _run("invoices", customers_only, invoices, folder)
        base_speed = INVOICES / base["seconds"]
        add(
            (
                "invoices import, 100,000 rows (baseline)",
                f"{base_speed:,.0f} rows/s, peak {base['peak_mb']:.0f} MB",
                "baseline",
                True,
            )
        )
        pay_header = "date,customer_code,amount,method,reference,invoice_number"
        cases = (
            ("payments", with_invoices, pay_header, _payment_rows, 80_000, 1_000_000),
            ("customers", empty, header, lambda n, r: _customer_rows(n, "N"), 100_000, 1_000_000),
            (
                "bank",
                customers_only,
                "date,amount,reference",
                _bank_rows,
                100_000,
                1_000_000,
            ),
        )
        for kind, template, head, rows, low, high in cases:
            peaks = []
            for count in (size(low), size(high)):
                data = _write(folder / f"{kind}-{count}.csv", head, rows(count, rng))
                goal = PAYMENTS_GOAL if kind == "payments" else 0
                try:
                    got = _run(kind, template, data, folder)
                except RuntimeError as exc:
                    add((f"{kind} import, {count:,} rows", f"failed: {exc}", "runs", False))
                    peaks.append(float("inf"))
                    continue
                finally:
                    data.unlink()
                speed = count / got["seconds"]
                peaks.append(got["peak_mb"])
                add(
                    (
                        f"{kind} import, {count:,} rows",
                        f"{speed:,.0f} rows/s ({speed / base_speed:.2f}x invoices), "
                        f"peak {got['peak_mb']:.0f} MB (+{got['peak_mb'] - got['before_mb']:.0f})",
                        f">= {goal:,} rows/s" if goal else "(speed: no goal)",
                        speed >= goal,
                    )
                )
            ratio = peaks[1] / peaks[0]
            add(
                (
                    f"{kind} import, peak memory {size(high):,} vs {size(low):,} rows",
                    f"{ratio:.2f}x",
                    f"<= {FLAT}x",
                    ratio <= FLAT,
                )
            )
        return figures
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--keep", type=Path, help="make the throw-away folder in this one")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, books, data = args.child
        _child(kind, Path(books), Path(data))
        return
    load = os.getloadavg()[0]

    def show(figure: Figure) -> None:
        what, value, goal, passed = figure
        print(f"{what}: {value}; goal {goal}: {'pass' if passed else 'FAIL'}", flush=True)

    measure(args.scale, args.keep, show)
    print(f"load {load:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
