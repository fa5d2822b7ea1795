# SPDX-License-Identifier: MIT
"""Big, realistic books for every benchmark: one generator.

    python -m benchmarks.books [--customers 100000] [--invoices 1000000] [--payments N]
                               [--db FILE] [--seed N] [--analyze]

Customers with accented European names and addresses (:mod:`benchmarks.people`); invoices of
one to six lines at two VAT rates and none, some with line and invoice discounts; credit notes
(some leaving open credit); full, split and partial payments with their allocations, payments
that bounced and were reversed, overpayments and payments on account (unapplied credit); a few
voided invoices. Numbers are gapless per series and year, in date order, and the number
sequences continue after them.

Speed: the rows go straight to the driver (``executemany``, secondary indexes made after the
rows) in a child process. Truth: they are the rows the services would write. Totals come from
the domain's :func:`~arapp.domain.unit_totals.unit_totals` (exactly ``compute_totals``),
statuses from :func:`~arapp.domain.invoice.settle`, ``search_text`` from the app's folding,
the company, tax rates and numbering from the services themselves; ``tests/integration/
test_bench_books.py`` reads small books back through the services. Not written: the audit log
(a benchmark reads none of it) and ``ANALYZE`` statistics (the app makes none; ``--analyze``
adds them, as the first big books had).

The same seed and sizes give the same books. ``--db FILE`` keeps the file; an existing file is
reused (and migrated), not generated again.
"""

from __future__ import annotations

import argparse
import heapq
import random
import sqlite3
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from arapp.db import migrate
from arapp.db.chunks import chunked
from arapp.db.engine import Database
from arapp.domain.numbering import NumberPattern
from arapp.domain.terms import parse_terms
from arapp.domain.totals import TaxRate
from arapp.services.catalog import TaxRateRecord, save_tax_rate
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.settings import (
    CREDIT_NOTE_PATTERN,
    INVOICE_FOOTER,
    INVOICE_NUMBER_PATTERN,
    read_setting,
)
from benchmarks.people import CUSTOMER_COLUMNS, customer_rows
from benchmarks.sales import Sales

#: The books' "today": every document is dated on or before it.
TODAY = date(2026, 11, 23)
SEED = 20_261_123
#: Invoices spread evenly over this many days up to TODAY.
DAYS = 730
#: Where benchmarks keep generated books (git-ignored).
BENCH_DIR = Path(__file__).resolve().parents[1] / ".bench"


@dataclass(frozen=True)
class Generated:
    """What :func:`generate` wrote; amounts in stored units (1/10,000 of a euro).

    Attributes:
        path: The SQLite file.
        customers: Customers written.
        invoices: Invoices written (credit notes not counted).
        credit_notes: Credit notes written.
        voided: Invoices voided.
        lines: Invoice and credit note lines written.
        payments: Payments written (reversed ones included).
        reversed: Payments reversed.
        open_units: What open invoices still owe, summed.
        balances: Per customer id, what the ledger must close at (open invoices minus open
            credit notes minus unapplied payments); customers at zero are left out.
        seconds: Time the generation took.
    """

    path: Path
    customers: int
    invoices: int
    credit_notes: int
    voided: int
    lines: int
    payments: int
    reversed: int
    open_units: int
    balances: dict[int, int] = field(repr=False)
    seconds: float


def generate(
    path: Path,
    customers: int = 100_000,
    invoices: int = 1_000_000,
    payments: int | None = None,
    *,
    seed: int = SEED,
    analyze: bool = False,
) -> Generated:
    """Write new books to ``path`` (which must not exist) in a child process.

    ``payments``: at least this many payments (payments on account top up what the invoices'
    payments make); ``None`` for what the invoices make (about one per invoice).
    """
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(1) as child:
        return child.submit(
            _generate, path, customers, invoices, payments or 0, seed, analyze
        ).result()


def books(path: Path | None, customers: int, invoices: int, payments: int | None = None) -> Path:
    """The books at ``path`` (default: one file per size under ``.bench/``), generated first
    when missing, migrated to the current schema when there."""
    path = path or BENCH_DIR / f"books-{customers}-{invoices}.sqlite"
    if path.exists():
        db = Database(f"sqlite:///{path}")
        migrate.upgrade(db, None)
        db.dispose()
    else:
        made = generate(path, customers, invoices, payments)
        print(f"generated {made.customers:,} customers, {made.invoices:,} invoices "
              f"({made.lines:,} lines), {made.payments:,} payments "
              f"in {made.seconds:.0f} s")  # fmt: skip
    return path


def _generate(
    path: Path, customers: int, invoices: int, payments: int, seed: int, analyze: bool
) -> Generated:
    began = time.perf_counter()
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db, None)
    ctx = AppContext(db, today=lambda: TODAY, actor="books")
    save_company(
        ctx,
        CompanyProfile(
            name="Łódź & Ørsted Handel", address="Königstraße 1\n70173 Stuttgart",
            currency="EUR", locale="de_DE", iban="DE89370400440532013000",
        ),
    )  # fmt: skip
    rates = {
        key: save_tax_rate(ctx, TaxRateRecord(0, name, Decimal(percent)))
        for key, name, percent in (("std", "MwSt. 19%", 19), ("red", "MwSt. 7%", 7))
    }
    with db.read() as session:
        patterns = {
            "invoice": NumberPattern(read_setting(session, INVOICE_NUMBER_PATTERN)),
            "credit_note": NumberPattern(read_setting(session, CREDIT_NOTE_PATTERN)),
        }
        footer = read_setting(session, INVOICE_FOOTER)
    db.dispose()
    rng = random.Random(seed)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA synchronous = OFF")
    raw.execute("PRAGMA cache_size = -262144")
    raw.execute("BEGIN")
    indexes = _drop_indexes(raw)
    stamp = f"{TODAY - timedelta(days=DAYS)} 08:00:00.000000"
    terms: list[str] = [""]
    for chunk in chunked(customer_rows(customers, rng, stamp), 20_000):
        terms.extend(str(parse_terms(str(row[10]))) for row in chunk)
        _insert(raw, "customer", CUSTOMER_COLUMNS, chunk)
    sales = Sales(
        rng,
        terms,
        {k: (r.id, TaxRate(r.name, r.percent), r.name, r.percent) for k, r in rates.items()},
        patterns,
        footer,
        lambda table, columns, rows: _insert(raw, table, columns, rows),
        TODAY,
    )
    pending: list[tuple[date, int]] = []  # credit notes to issue, by day
    for n in range(invoices):
        day = TODAY - timedelta(days=DAYS - 1 - n * DAYS // invoices)
        while pending and pending[0][0] <= day:
            credit_day, credited = heapq.heappop(pending)
            sales.credit_note(credited, credit_day)
        credit_on = sales.invoice(day)
        if credit_on is not None:
            heapq.heappush(pending, (credit_on, sales.last_invoice))
    while pending:
        credit_day, credited = heapq.heappop(pending)
        sales.credit_note(credited, credit_day)
    sales.on_account(customers, max(payments - sales.payments, customers // 100))
    sales.finish()
    for _name, sql in indexes:
        raw.execute(sql)
    if analyze:
        raw.execute("ANALYZE")
    raw.execute("COMMIT")
    raw.close()
    return Generated(
        path=path,
        customers=customers,
        invoices=sales.invoices,
        credit_notes=sales.credit_notes,
        voided=sales.voided,
        lines=sales.lines,
        payments=sales.payments,
        reversed=sales.reversed,
        open_units=sales.open_units,
        balances={k: v for k, v in sales.balances.items() if v},
        seconds=time.perf_counter() - began,
    )


def _insert(
    raw: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    marks = ", ".join("?" * len(columns))
    raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _drop_indexes(raw: sqlite3.Connection) -> list[tuple[str, str]]:
    """Secondary indexes of the tables written in bulk, dropped: made again after the rows,
    sorting each key once instead of inserting it at a random place."""
    tables = ("customer", "invoice", "invoice_line", "payment", "payment_allocation",
              "credit_allocation")  # fmt: skip
    marks = ", ".join("?" * len(tables))
    found = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks})",
        tables,
    ).fetchall()
    for name, _sql in found:
        raw.execute(f'DROP INDEX "{name}"')
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--payments", type=int, help="at least this many payments")
    parser.add_argument("--db", type=Path, help="the file (default: one per size in .bench/)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--analyze", action="store_true", help="add ANALYZE statistics")
    args = parser.parse_args()
    path = args.db or BENCH_DIR / f"books-{args.customers}-{args.invoices}.sqlite"
    if path.exists():
        raise SystemExit(f"{path} exists: delete it to generate it again")
    made = generate(
        path, args.customers, args.invoices, args.payments, seed=args.seed, analyze=args.analyze
    )
    print(made)


if __name__ == "__main__":
    main()
