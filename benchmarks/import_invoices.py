# SPDX-License-Identifier: MIT
"""Import invoices from CSV and print rows per second (goal: above 20,000 rows per second).

    python benchmarks/import_invoices.py [--invoices 100000] [--existing 0]

Writes a CSV of one-line invoices for 1,000 customers into a throw-away folder, then times the
all-or-nothing import: checking every row, then writing everything in one transaction. It also
prints the peak memory of the process and the load of the machine (other work on it slows the
figure down). ``--existing`` first imports that many other invoices: with more invoices in the
books than the file brings, SQLite keeps the indexes and updates them row by row (slower).

Measured on the 2-core development VM, 100,000 rows, quiet machine: about 5,000 rows per second
before the bulk path (ORM types, compute_totals, one id query per 5,000), 25,000 to 28,000 after.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.transfer.imports import import_customers, import_invoices


def _machine() -> str:
    """Peak memory and the machine's load, where the system says (not on Windows)."""
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return (
            f"; peak memory {peak:.0f} MB; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
    except (ImportError, OSError):
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--existing", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(3)
    customers = ["code,name,email,phone,address,terms,credit_limit,currency"] + [
        f"C{i:04},Customer {i},,,,net 30,,EUR" for i in range(1000)
    ]
    rows = [
        "number,customer_code,issue_date,due_date,currency,description,quantity,unit_price,tax_rate"
    ]
    start = date(2025, 1, 1)
    for n in range(args.invoices):
        day = start + timedelta(days=rng.randint(0, 690))
        rows.append(
            f"INV-{n:07},C{rng.randint(0, 999):04},{day},,EUR,Goods and services,"
            f"{rng.randint(1, 20)},{rng.randint(100, 99999) / 100:.2f},23"
        )
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        migrate.upgrade(db, None)
        ctx = AppContext(db, today=lambda: date(2026, 11, 23))
        save_company(ctx, CompanyProfile(name="Bench", currency="EUR"))
        assert import_customers(ctx, "\n".join(customers).encode()).ok
        if args.existing:
            older = [rows[0]] + [
                f"OLD-{n:07},C{n % 1000:04},2024-06-01,,EUR,Older,1,10.00,23"
                for n in range(args.existing)
            ]
            assert import_invoices(ctx, "\n".join(older).encode()).ok
        data = "\n".join(rows).encode()
        began = time.perf_counter()
        report = import_invoices(ctx, data)
        took = time.perf_counter() - began
        assert report.ok, report.problems[:3]
        print(
            f"imported {report.rows:,} rows ({len(data) / 1e6:.1f} MB) in {took:.2f} s: "
            f"{report.rows / took:,.0f} rows per second (goal 20,000; ratio "
            f"{report.rows / took / 20_000:.2f}){_machine()}"
        )
        db.dispose()


if __name__ == "__main__":
    main()
