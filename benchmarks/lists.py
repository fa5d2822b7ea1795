# SPDX-License-Identifier: MIT
"""How fast the customer and invoice lists filter, sort and page with many records.

    python benchmarks/lists.py [--customers 100000] [--invoices 1000000]

Generates a throw-away SQLite file, then prints the time of each step the Customers tab performs
(ids for a filter and sort, one page of rows). Goal: every step well under 0.2 s, so typing in
the search box feels instant.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.db.models import Customer, Invoice
from arapp.services.context import AppContext
from arapp.services.customer_list import SortKey, customer_ids, customer_rows
from arapp.services.customers import search_key
from arapp.services.invoice_list import (
    InvoiceFilter,
    InvoiceSort,
    InvoiceStatusFilter,
    invoice_ids,
    invoice_rows,
    invoice_totals,
)

OVERDUE = InvoiceStatusFilter.OVERDUE

TODAY = date(2026, 11, 23)


def generate(db: Database, customers: int, invoices: int) -> None:
    rng = random.Random(1)
    now = datetime.now(UTC)
    rows = []
    for i in range(customers):
        name = f"{rng.choice(['Zoë', 'Ünal', 'Anna', 'Bob', 'Đorđe', 'Li'])} Customer {i}"
        code = f"C{i:06}"
        email = f"c{i}@example.org"
        rows.append(
            dict(
                code=code,
                name=name,
                search_text=search_key(code, name, email, ""),
                email=email,
                currency="EUR",
                payment_terms="net 30",
                status="active",
                created_at=now,
                updated_at=now,
            )
        )
    with db.write() as s:
        s.execute(insert(Customer), rows)
    batch = []
    with db.write() as s:
        for n in range(invoices):
            issued = TODAY - timedelta(days=rng.randint(0, 720))
            open_ = issued > TODAY - timedelta(days=90) and rng.random() < 0.5
            total = Decimal(rng.randint(100, 500_000)) / 100
            batch.append(
                dict(
                    kind="invoice",
                    number=f"INV-{n:07}",
                    customer_id=rng.randint(1, customers),
                    status="sent" if open_ else "paid",
                    issue_date=issued,
                    due_date=issued + timedelta(days=30),
                    currency="EUR",
                    payment_terms="net 30",
                    total=total,
                    amount_paid=Decimal(0) if open_ else total,
                    created_at=now,
                )
            )
            if len(batch) == 50_000:
                s.execute(insert(Invoice), batch)
                batch.clear()
        if batch:
            s.execute(insert(Invoice), batch)


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    print(f"{label:<48} {time.perf_counter() - started:7.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        migrate.upgrade(db, None)
        timed(
            f"generate {args.customers:,} customers, {args.invoices:,} invoices",
            lambda: generate(db, args.customers, args.invoices),
        )
        ctx = AppContext(db, today=lambda: TODAY)
        ids = timed("all ids sorted by name", lambda: customer_ids(ctx))
        timed("ids matching 'zoe' (accent-folded)", lambda: customer_ids(ctx, "zoe"))
        timed("ids matching 'customer 9999'", lambda: customer_ids(ctx, "customer 9999"))
        timed("all ids sorted by balance", lambda: customer_ids(ctx, sort=SortKey.BALANCE))
        timed(
            "all ids sorted by overdue, descending",
            lambda: customer_ids(ctx, sort=SortKey.OVERDUE, descending=True),
        )
        timed("one page of 200 rows with balances", lambda: customer_rows(ctx, ids[:200]))
        timed("last page of 200 rows with balances", lambda: customer_rows(ctx, ids[-200:]))
        first = timed(
            "invoices: first 2,000 ids, newest first", lambda: invoice_ids(ctx, limit=2000)
        )
        timed(
            "invoices: 2,000 ids half-way down",
            lambda: invoice_ids(ctx, limit=2000, offset=args.invoices // 2),
        )
        timed(
            "invoices: first 2,000 by customer name",
            lambda: invoice_ids(ctx, sort=InvoiceSort.CUSTOMER, limit=2000),
        )
        timed("invoices: all overdue ids", lambda: invoice_ids(ctx, InvoiceFilter(status=OVERDUE)))
        timed(
            "invoices: first 2,000 matching 'zoe'",
            lambda: invoice_ids(ctx, InvoiceFilter(text="zoe"), limit=2000),
        )
        timed(
            "invoices: number containing '00099'",
            lambda: invoice_ids(ctx, InvoiceFilter(text="00099"), limit=2000),
        )
        timed("invoices: one page of 200 rows", lambda: invoice_rows(ctx, first[:200]))
        timed("invoices: totals of everything", lambda: invoice_totals(ctx))
        timed("invoices: every id at once (not what the tab does)", lambda: invoice_ids(ctx))
        db.dispose()


if __name__ == "__main__":
    main()
