# SPDX-License-Identifier: MIT
"""The aging report on 1,000,000 invoices and 1,000,000 payments.

    python benchmarks/aging.py [--invoices 1000000] [--customers 20000] [--db FILE]

Generates a throw-away SQLite file in a child process (rows written straight through the driver:
the point is the report, not the generator; ``--db FILE`` keeps it and reuses it next time), then
prints the best of three times of the aging report as of today (grouped queries on the partial
covering indexes; goal under 0.5 s), as of an earlier day (rebuilt from dated allocations) and by
invoice date, and the peak memory of the process that ran the reports (goal under 500 MB).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.services.aging import aging_report
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext

TODAY = date(2026, 11, 23)
SCALE = 10_000  # amounts are stored as counts of 1/10,000


def generate(db: Database, customers: int, invoices: int) -> None:
    rng = random.Random(5)
    stamp = "2026-11-23 00:00:00.000000"
    with db.engine.begin() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.executemany(
            "INSERT INTO customer (code, name, search_text, contact_person, email, phone,"
            " billing_address, tax_id, currency, payment_terms, status, notes, created_at,"
            " updated_at) VALUES (?, ?, ?, '', '', '', '', '', 'EUR', 'net 30', 'active', '',"
            " ?, ?)",
            [
                (f"C{i:06}", f"Customer {i}", f"customer {i}", stamp, stamp)
                for i in range(customers)
            ],
        )
        inv, pay, alloc = [], [], []
        for n in range(1, invoices + 1):
            issued = TODAY - timedelta(days=rng.randint(0, 720))
            due = issued + timedelta(days=30)
            total = rng.randint(100, 500_000) * 100
            customer = rng.randint(1, customers)
            roll = rng.random()
            if issued > TODAY - timedelta(days=120) and roll < 0.3:
                paid, status, paid_date = 0, "sent", None
            elif issued > TODAY - timedelta(days=120) and roll < 0.4:
                paid, status, paid_date = total // 200 * 100, "partially_paid", None
            else:
                paid, status, paid_date = total, "paid", issued + timedelta(days=rng.randint(5, 60))
            inv.append(
                (f"INV-{n:07}", customer, status, issued.isoformat(), due.isoformat(), total,
                 total, paid, paid_date.isoformat() if paid_date else None, stamp)
            )  # fmt: skip
            if paid:
                day = min(paid_date or TODAY, TODAY).isoformat()
                pay.append((customer, day, paid, stamp))
                alloc.append((len(pay), n, paid, day))
        raw.executemany(
            "INSERT INTO invoice (kind, number, customer_id, status, issue_date, due_date,"
            " currency, payment_terms, discount_percent, subtotal, discount_total, tax_total,"
            " total, amount_paid, paid_date, notes, footer, void_reason, created_at) VALUES"
            " ('invoice', ?, ?, ?, ?, ?, 'EUR', 'net 30', 0, ?, 0, 0, ?, ?, ?, '', '', '', ?)",
            inv,
        )
        # top up to as many payments as invoices: the rest are unapplied credits
        while len(pay) < invoices:
            pay.append((rng.randint(1, customers), TODAY.isoformat(), 500_000, stamp))
        raw.executemany(
            "INSERT INTO payment (customer_id, date, amount, currency, method, reference, status,"
            " reversal_reason, unapplied, created_at) VALUES (?, ?, ?, 'EUR', 'bank_transfer',"
            " '', 'recorded', '', 0, ?)",
            pay,
        )
        raw.execute("UPDATE payment SET unapplied = amount WHERE id > ?", (len(alloc),))
        raw.executemany(
            "INSERT INTO payment_allocation (payment_id, invoice_id, amount, date, active)"
            " VALUES (?, ?, ?, ?, 1)",
            alloc,
        )
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def timed(label: str, run) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        report = run()
        best = min(best, time.perf_counter() - began)
    print(f"{label}: {best:.3f} s for {len(report.lines):,} customers, total {report.total.total}")
    return best


def _generate(path: Path, customers: int, invoices: int) -> None:
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db, None)
    save_company(AppContext(db, today=lambda: TODAY), CompanyProfile(name="Bench", currency="EUR"))
    generate(db, customers, invoices)
    db.dispose()


def _report(path: Path) -> None:
    db = Database(f"sqlite:///{path}")
    ctx = AppContext(db, today=lambda: TODAY)
    today = timed("aging as of today", lambda: aging_report(ctx))
    print(f"  goal 0.5 s: ratio {today / 0.5:.2f} (below 1 is good)")
    timed("aging as of 6 months ago", lambda: aging_report(ctx, TODAY - timedelta(days=183)))
    timed("aging by invoice date", lambda: aging_report(ctx, by="invoice"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the reports {peak:.0f} MB (goal under 500 MB)")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--db", type=Path, help="keep the generated file here (and reuse it)")
    args = parser.parse_args()
    print(f"machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "aging.sqlite3"
        if not path.exists():
            began = time.perf_counter()
            child = multiprocessing.Process(
                target=_generate, args=(path, args.customers, args.invoices)
            )
            child.start()
            child.join()
            if child.exitcode:
                raise SystemExit(f"generating the data failed ({child.exitcode})")
            print(f"generated {args.invoices:,} invoices and payments in "
                  f"{time.perf_counter() - began:.1f} s")  # fmt: skip
        else:
            migrate.upgrade(Database(f"sqlite:///{path}"), None)
            print(f"reusing {path}")
        _report(path)


if __name__ == "__main__":
    main()
