# SPDX-License-Identifier: MIT
"""How fast the lists sort, jump and page with many records.

    python benchmarks/lists.py --books /work/books/big.sqlite   # a copy of these books
    python benchmarks/lists.py [--customers 100000] [--invoices 1000000]   # generated ones

:func:`measure` times, on books upgraded to the newest schema, what the list tabs do on a
click or a key: the first screenful of each invoice sort in both directions (the issue's goal
100 ms) and of the indexed payment and customer sorts, Ctrl+End (the last chunk, read back from
the end), a jump to the middle, the next chunk by a seek, the same through the invoice table
model itself, and what runs on a worker (the row count, every customer id by name).
Each figure is also given as a ratio to a baseline measured in the same run: one page of 50
rows read by primary key. It prints goal, figure and pass/fail.

The older steps (customer search and sorts, invoice ids in chunks) follow with generated books.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.db.models import Customer, Invoice
from arapp.services.context import AppContext
from arapp.services.customer_list import (
    SortKey,
    customer_ids,
    customer_page,
    customer_position,
    customer_rows,
)
from arapp.services.customers import search_key
from arapp.services.invoice_list import (
    InvoiceFilter,
    InvoiceSort,
    InvoiceStatusFilter,
    invoice_count,
    invoice_ids,
    invoice_rows,
    invoice_totals,
)
from arapp.services.payment_list import PaymentSort, payment_ids

OVERDUE = InvoiceStatusFilter.OVERDUE
GOAL = 0.100  # seconds: the issue's goal for a sort click, Ctrl+End and a jump
PAGE = 50  # rows on a screen
BEST_OF = 3  # a shared machine: the best of three runs of each step


@dataclass(frozen=True)
class Measure:
    """One figure.

    Attributes:
        what: What was timed.
        seconds: The best of :data:`BEST_OF` runs.
        goal: The most it may take, in seconds.
        passed: ``seconds <= goal``.
        ratio: ``seconds`` over the baseline of the same run.
    """

    what: str
    seconds: float
    goal: float
    passed: bool
    ratio: float


def _best(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(BEST_OF):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def measure(path: Path) -> list[Measure]:
    """Time the lists' sorts and jumps on the books at ``path`` (a copy: it is upgraded to the
    newest schema first, which adds the list indexes). Each :class:`Measure` carries its goal
    and its ratio to the baseline of this run (one page of 50 invoice rows by primary key)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from arapp.ui import paged_model
    from arapp.ui.invoices.model import InvoiceTableModel

    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db, None)
    ctx = AppContext(db, today=lambda: TODAY)
    with db.read() as session:
        first = session.scalar(select(func.min(Invoice.id))) or 0
    baseline = _best(lambda: invoice_rows(ctx, list(range(first, first + PAGE))))
    figures: list[tuple[str, float]] = []

    def step(what: str, run: Callable[[], object]) -> None:
        figures.append((what, _best(run)))

    chunk = paged_model.CHUNK_SIZE
    count = invoice_count(ctx)
    for sort in InvoiceSort:
        for descending in (False, True):
            way = "descending" if descending else "ascending"
            step(
                f"invoices: sort by {sort.value}, {way}, first {PAGE}",
                lambda s=sort, d=descending: invoice_ids(ctx, sort=s, descending=d, limit=PAGE),
            )
    for psort in (PaymentSort.DATE, PaymentSort.AMOUNT, PaymentSort.METHOD, PaymentSort.STATUS):
        step(
            f"payments: sort by {psort.value}, first {PAGE}",
            lambda s=psort: payment_ids(ctx, sort=s, limit=PAGE),
        )
    for csort in (SortKey.NAME, SortKey.CODE, SortKey.STATUS):
        step(
            f"customers: sort by {csort.value}, first {PAGE}",
            lambda s=csort: customer_ids(ctx, sort=s, limit=PAGE),
        )
    for shown in (InvoiceStatusFilter.PAID, InvoiceStatusFilter.OPEN, OVERDUE):
        step(
            f"invoices: {shown.value} only, newest first, first {chunk:,}",
            lambda s=shown: invoice_ids(ctx, InvoiceFilter(status=s), limit=chunk),
        )
    top = invoice_ids(ctx, limit=chunk)
    step(
        f"invoices: next {chunk:,} ids by a seek",
        lambda: invoice_ids(ctx, limit=chunk, after=top[-1]),
    )
    step(
        f"invoices: Ctrl+End, last {chunk:,} ids back from the end",
        lambda: invoice_ids(ctx, descending=False, limit=chunk),
    )
    step(
        f"invoices: jump to row {count // 2:,} of {count:,}",
        lambda: invoice_ids(ctx, limit=chunk, offset=count // 2),
    )
    step(
        f"invoices: jump to row {count // 2:,} by due date",
        lambda: invoice_ids(ctx, sort=InvoiceSort.DUE_DATE, limit=chunk, offset=count // 2),
    )

    app = QApplication.instance() or QApplication([])

    def model_jump(row: int) -> float:
        """A fresh, counted model (a new sort) asked for the row the view jumped to."""
        best = float("inf")
        for _ in range(BEST_OF):
            model = InvoiceTableModel(ctx)
            model.set_filter(InvoiceFilter())
            deadline = time.monotonic() + 120
            while model.loading or model.counting or model.rowCount() < count:
                app.processEvents()  # the first chunk and the count, on workers
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the model had {model.rowCount():,} of {count:,} rows")
            started = time.perf_counter()
            assert model.row_at(row) is not None
            best = min(best, time.perf_counter() - started)
            model.deleteLater()
        return best

    figures.append(("invoices tab: Ctrl+End, the last row shown", model_jump(count - 1)))
    figures.append(("invoices tab: jump to the middle row shown", model_jump(count // 2)))
    results = [
        Measure(what, seconds, GOAL, seconds <= GOAL, seconds / baseline)
        for what, seconds in figures
    ]
    opening = _best(lambda: customer_page(ctx, limit=chunk))
    results.append(
        Measure(
            f"customers tab: first {chunk:,} ids by name + count (on a thread)",
            opening,
            GOAL,
            opening <= GOAL,
            opening / baseline,
        )
    )
    everyone = customer_ids(ctx)
    middle = everyone[len(everyone) // 2]
    jump = _best(lambda: customer_position(ctx, middle))
    results.append(
        Measure(
            "customers tab: Show customer, middle row's position",
            jump,
            GOAL,
            jump <= GOAL,
            jump / baseline,
        )
    )
    counting = _best(lambda: invoice_count(ctx))
    results.append(
        Measure(
            f"invoices: count all {count:,} (on a worker)",
            counting,
            1.0,
            counting <= 1.0,
            counting / baseline,
        )
    )
    db.dispose()
    print(f"baseline: one page of {PAGE} invoice rows by primary key {baseline * 1000:.1f} ms")
    return results


def report(results: list[Measure]) -> None:
    print(f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'what':<56} {'goal':>8} {'figure':>9} {'x base':>7}")
    for m in results:
        verdict = "pass" if m.passed else "FAIL"
        print(
            f"{m.what:<56} {m.goal * 1000:6.0f}ms {m.seconds * 1000:7.1f}ms "
            f"{m.ratio:7.2f} {verdict}"
        )


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
    # Numbers follow dates, as the app gives them: each row's number is its date's rank.
    ages = [rng.randint(0, 720) for _ in range(invoices)]
    rank = [0] * invoices
    for place, n in enumerate(sorted(range(invoices), key=lambda n: (-ages[n], n))):
        rank[n] = place
    with db.write() as s:
        for n in range(invoices):
            issued = TODAY - timedelta(days=ages[n])
            open_ = issued > TODAY - timedelta(days=90) and rng.random() < 0.5
            total = Decimal(rng.randint(100, 500_000)) / 100
            batch.append(
                dict(
                    kind="invoice",
                    number=f"INV-{rank[n]:07}",
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
    parser.add_argument("--books", type=Path, help="measure a copy of these books instead")
    args = parser.parse_args()
    if args.books is not None:
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "books.sqlite"
            shutil.copyfile(args.books, copy)
            report(measure(copy))
        return
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
