# SPDX-License-Identifier: MIT
"""Rows measured on the big books through the services: the invoice list, aging, search.

Each measures what the screen asks the services for today: the Invoices tab's first chunk of
ids per sort and its chunks by offset down to the last row (Ctrl+End), the aging report, and
the Customers tab's ids and first page for every keystroke of a name typed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from arapp.db.engine import Database
from arapp.domain.invoice import OPEN_STATUSES, in_order
from arapp.services.aging import aging_report
from arapp.services.context import AppContext
from arapp.services.customer_list import customer_ids, customer_rows
from arapp.services.invoice_list import InvoiceSort, invoice_ids
from benchmarks.books import TODAY
from benchmarks.common import Row, at_most, best_of, compared, percentile, show, times_of

#: Ids the Invoices tab reads per query (arapp.ui.paged_model.CHUNK_SIZE; not imported: Qt).
CHUNK = 2_000
#: Rows of the Customers tab's first page (arapp.ui.customers.model.PAGE_SIZE).
PAGE = 200
SORTS = (InvoiceSort.DUE_DATE, InvoiceSort.NUMBER, InvoiceSort.CUSTOMER, InvoiceSort.TOTAL,
         InvoiceSort.BALANCE, InvoiceSort.STATUS)  # fmt: skip
#: Names typed into the search box, one keystroke at a time.
TYPED = ("müller", "łukasz", "orsted", "nunez", "françois", "gmbh")


def context(path: Path) -> AppContext:
    return AppContext(Database(f"sqlite:///{path}"), today=lambda: TODAY)


def lists(path: Path, runs: int, end_within: float) -> list[Row]:
    """The invoice list: every sort's first chunk, and jumping to the last invoice by reading
    chunks by offset as the list does today (given up after ``end_within`` seconds, the rest
    estimated from the chunks read: a lower bound, since each offset costs more)."""
    ctx = context(path)
    spent = {
        sort: best_of(runs, lambda s=sort: invoice_ids(ctx, sort=s, limit=CHUNK)) for sort in SORTS
    }
    slowest = max(spent, key=spent.__getitem__)
    with ctx.db.read() as session:
        count = session.execute(text("SELECT count(*) FROM invoice")).scalar_one()
    began, offset, chunks, done = time.perf_counter(), 0, 0, False
    while time.perf_counter() - began < end_within:
        got = invoice_ids(ctx, limit=CHUNK, offset=offset)
        offset, chunks = offset + len(got), chunks + 1
        if len(got) < CHUNK:
            done = True
            break
    took = time.perf_counter() - began
    needed = -(-count // CHUNK)
    end = took if done else took * needed / chunks
    ctx.db.dispose()
    return [
        at_most(f"invoice list: sort by any column (slowest: {slowest.value.replace('_', ' ')})",
                spent[slowest] * 1000, "ms", 100),
        at_most("invoice list: jump to the last invoice (Ctrl+End)" +
                ("" if done else f", estimated from {chunks} of {needed} chunks"),
                end * 1000, "ms", 100),
    ]  # fmt: skip


def _plain_group_by(ctx: AppContext) -> Callable[[], object]:
    statuses = ", ".join(f"'{s}'" for s in in_order(OPEN_STATUSES))
    sql = text(
        "SELECT customer_id, SUM(total - amount_paid) FROM invoice"
        f" WHERE status IN ({statuses}) GROUP BY customer_id"
    )

    def run() -> object:
        with ctx.db.read() as session:
            return session.execute(sql).all()

    return run


def aging(path: Path, smaller: Path, runs: int) -> list[Row]:
    """Aging as of today against a plain SQL GROUP BY of the open balances, and against
    itself on books with a tenth of the invoices (linear would be 10x)."""
    ctx, small = context(path), context(smaller)
    plain = best_of(runs, _plain_group_by(ctx))
    report = aging_report(ctx)
    today = best_of(runs, lambda: aging_report(ctx))
    tenth = best_of(runs, lambda: aging_report(small))
    with small.db.read() as session:
        invoices = session.execute(
            text("SELECT count(*) FROM invoice WHERE kind = 'invoice'")
        ).scalar_one()
    ctx.db.dispose()
    small.db.dispose()
    return [
        compared(f"aging as of today, {len(report.lines):,} customers with a balance", today,
                 "s", plain, "plain SQL GROUP BY", 2, limit=0.5),
        compared("aging cost from a tenth of the invoices to all", today, "s", tenth,
                 f"{invoices:,} invoices", 10),
    ]  # fmt: skip


def search(path: Path, runs: int) -> list[Row]:
    """The Customers tab typing each of :data:`TYPED`: ids and the first page per keystroke."""
    ctx = context(path)

    def keystroke(typed: str) -> Callable[[], object]:
        return lambda: customer_rows(ctx, customer_ids(ctx, typed)[:PAGE])

    spent = []
    for _ in range(max(1, runs)):
        for name in TYPED:
            spent += times_of(keystroke(name[:n]) for n in range(1, len(name) + 1))
    ctx.db.dispose()
    ms = [s * 1000 for s in spent]
    p50, p95 = percentile(ms, 50), percentile(ms, 95)
    keys = f"{len(ms)} keystrokes"
    slowest = f"{keys}, max {show(max(ms), 'ms')}"
    return [
        at_most("customer search as you type: p50", p50, "ms", 30, keys),
        at_most("customer search as you type: p95", p95, "ms", 60, slowest),
    ]
