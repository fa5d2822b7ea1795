# SPDX-License-Identifier: MIT
"""Rows measured on what comes in: the payments import (delivery is :mod:`benchmarks.reminders`).

A payments CSV for customers and invoices of the books, imported into a copy
of them in a child process at two sizes, giving rows per second and how the peak memory grows.
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from arapp.db.engine import Database
from arapp.db.models import Customer, Invoice
from arapp.services.context import AppContext
from arapp.services.transfer.imports import import_payments
from benchmarks.books import TODAY
from benchmarks.common import Row, at_least, copy_of, in_child, show


def context(path: Path) -> AppContext:
    return AppContext(Database(f"sqlite:///{path}"), today=lambda: TODAY)


def payments_csv(path: Path, rows: int, seed: int = 3) -> bytes:
    """``rows`` payments of the books' customers, half of them naming an open invoice."""
    rng = random.Random(seed)
    ctx = context(path)
    with ctx.db.read() as session:
        codes = list(session.scalars(select(Customer.code).limit(50_000)))
        numbers = list(
            session.execute(
                select(Invoice.number, Customer.code)
                .join(Customer, Customer.id == Invoice.customer_id)
                .where(Invoice.kind == "invoice", Invoice.status == "sent")
                .limit(rows)
            )
        )
    ctx.db.dispose()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("date", "customer_code", "amount", "method", "reference", "invoice_number"))
    for n in range(rows):
        if n % 2 and numbers:
            number, code = numbers[n % len(numbers)]
        else:
            number, code = "", rng.choice(codes)
        euros = rng.randint(1, 3) if number else rng.randint(1, 999)  # within what is owed
        writer.writerow((TODAY.isoformat(), code, f"{euros}.{n % 100:02}",
                         "bank_transfer", f"Überweisung {n}", number))  # fmt: skip
    return out.getvalue().encode()


def _import(path: str, data: bytes) -> tuple[float, int, str]:
    ctx = context(Path(path))
    began = time.perf_counter()
    report = import_payments(ctx, data)
    return time.perf_counter() - began, report.created, "; ".join(map(str, report.problems[:3]))


def imports(path: Path, folder: Path, rows: int) -> list[Row]:
    """The payments import of ``rows`` and of 4x ``rows`` rows, each on a fresh copy of the
    books in a child process: rows per second of the bigger, and how its peak memory grew."""
    figures = {}
    for count in (rows, 4 * rows):
        data = payments_csv(path, count)
        with tempfile.TemporaryDirectory(dir=folder) as scratch:
            books = copy_of(path, Path(scratch))
            (seconds, created, problems), peak = in_child(_import, str(books), data)
        if problems or created != count:
            raise RuntimeError(f"the payments import refused the file: {problems}")
        figures[count] = (count / seconds, peak)
    small, big = figures[rows][1], figures[4 * rows][1]
    return [
        at_least(f"CSV import of payments ({4 * rows:,} rows)", figures[4 * rows][0], "rows/s",
                 20_000),
        Row(f"CSV import of payments: peak memory at {4 * rows:,} rows", big, "MB",
            "flat: <= 1.1x the peak at a quarter of the rows", big <= 1.1 * small,
            f"{rows:,} rows {show(small, 'MB')}", big / small),
    ]  # fmt: skip
