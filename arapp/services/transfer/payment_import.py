# SPDX-License-Identifier: MIT
"""The all-or-nothing import of payments, in batches: any number of rows in the same memory.

The file is read twice, a batch of :data:`BATCH` rows at a time, and never held whole. The
first reading checks every row and collects the problems (the first
:data:`~.checks.MAX_PROBLEMS` of them, and how many more); a file with any problem imports
nothing. The second reading writes, inside ONE transaction: each batch is allocated by
:mod:`~arapp.services.transfer.payment_writer` on the invoices it touches, read for the batch
(by number, and the open ones of the customers who pay without one), and written with
driver-level bulk inserts. What each batch writes is read back by the next in the same
transaction, so the payments are allocated exactly as the payment service allocates them one by
one (the tests compare the two to the cent). A failure anywhere, or ``stop`` answering
``True``, rolls the transaction back: nothing is written.

Customers and invoice numbers are looked up per batch, not loaded whole: books of a million
invoices cost the memory of a batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from arapp.db.chunks import chunked
from arapp.db.models import Customer, Invoice
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import minor_units, quantize
from arapp.services import audit
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity
from arapp.services.payments import METHODS
from arapp.services.transfer.bulk import gc_paused, roomy_cache
from arapp.services.transfer.checks import ImportReport, Rows, report
from arapp.services.transfer.csvfile import (
    COLUMNS,
    Problem,
    Source,
    Stop,
    detect_delimiter,
    read_cells,
)
from arapp.services.transfer.numbers import decimal_for
from arapp.services.transfer.payment_writer import BatchWriter, NewPayment, RowFailed

#: Rows checked, or allocated and written, at a time.
BATCH = 5_000

Progress = Callable[[int], None]
"""Told the number of rows written so far after each batch of the writing."""

_DATE, _CODE, _AMOUNT, _METHOD, _REFERENCE, _NUMBER = range(len(COLUMNS["payments"]))


@dataclass(frozen=True)
class _Known:
    """What the books say about the codes and numbers of one batch.

    Attributes:
        customers: Customer code to (id, currency).
        invoices: Invoice number to (id, customer id).
    """

    customers: dict[str, tuple[int, str]]
    invoices: dict[str, tuple[int, int]]


def import_payments(
    ctx: AppContext,
    data: Source,
    dry_run: bool = False,
    column_map: dict[str, str] | None = None,
    delimiter: str | None = None,
    stop: Stop | None = None,
    decimal: str | None = None,
    encoding: str = "utf-8",
    progress: Progress | None = None,
) -> ImportReport:
    """Import (or with ``dry_run`` check) payments; the options are those of
    :mod:`arapp.services.transfer.imports`, ``progress`` is :data:`Progress`."""
    with gc_paused():
        if delimiter is None:
            delimiter = detect_delimiter(data, encoding)
        mark, marks = decimal_for(data, "payments", column_map, delimiter, decimal, encoding)
        cells, problems = read_cells(data, "payments", column_map, delimiter, stop, encoding)
        check = Rows()
        rows = good = 0
        today = ctx.today()
        with ctx.db.read() as session:
            connection = session.connection()
            for batch in chunked(cells, BATCH):
                rows += len(batch)
                good += len(_checked(connection, batch, mark, today, check))
        problems += marks + check.listed()  # the file's own problems first, as they were found
        if problems or dry_run:
            return report("payments", rows, good, problems, dry_run)
        try:
            _write(ctx, data, column_map, delimiter, stop, mark, encoding, progress)
        except RowFailed as failed:
            return report("payments", rows, 0, [failed.problem], False)
    ctx.events.emit(Change.BOOKS_REPLACED, Entity.PAYMENT)
    return report("payments", rows, good, [], False)


def _write(
    ctx: AppContext,
    data: Source,
    column_map: dict[str, str] | None,
    delimiter: str,
    stop: Stop | None,
    mark: str,
    encoding: str,
    progress: Progress | None,
) -> None:
    """The second reading: allocate and write every batch in one transaction."""
    cells, problems = read_cells(data, "payments", column_map, delimiter, stop, encoding)
    today = ctx.today()
    written = 0
    with ctx.db.write() as session:
        connection = session.connection()
        writer = BatchWriter(connection, ctx.now())
        with roomy_cache(connection):
            for batch in chunked(cells, BATCH):
                check = Rows()
                payments = _checked(connection, batch, mark, today, check)
                found = problems + check.listed()
                if found:  # the file changed since it was checked
                    raise RowFailed(found[0])
                writer.write(payments)
                written += len(payments)
                if progress is not None:
                    progress(written)
        audit.record(session, ctx, "payments_imported", "payment", None, details={"rows": written})


def _known(connection: Connection, batch: Sequence[tuple[int, tuple[str, ...]]]) -> _Known:
    """The customers and invoices the rows of ``batch`` name."""
    codes = {values[_CODE].strip().upper() for _line, values in batch}
    numbers = {values[_NUMBER].strip() for _line, values in batch} - {""}
    customers: dict[str, tuple[int, str]] = {}
    for chunk in chunked(sorted(codes)):
        who = select(Customer.code, Customer.id, Customer.currency).where(Customer.code.in_(chunk))
        customers.update((code, (cid, cur)) for code, cid, cur in connection.execute(who))
    invoices: dict[str, tuple[int, int]] = {}
    for chunk in chunked(sorted(numbers)):
        which = select(Invoice.number, Invoice.id, Invoice.customer_id).where(
            Invoice.kind == DocumentKind.INVOICE, Invoice.number.in_(chunk)
        )
        invoices.update((str(n), (i, c)) for n, i, c in connection.execute(which))
    return _Known(customers, invoices)


def _checked(
    connection: Connection,
    batch: Sequence[tuple[int, tuple[str, ...]]],
    mark: str,
    today: date,
    check: Rows,
) -> list[NewPayment]:
    """The good payments of ``batch``; the problems of the others go to ``check``."""
    known = _known(connection, batch)
    good: list[NewPayment] = []
    for line, values in batch:
        code = values[_CODE].strip().upper()
        customer = known.customers.get(code)
        if customer is None:
            check.add(line, "customer_code", f"There is no customer with code {code or '(empty)'}.")
        day = check.day(line, "date", values[_DATE])
        if day is not None and day > today:
            check.add(line, "date", "A payment cannot be dated in the future.")
        amount = check.decimal(line, "amount", values[_AMOUNT], mark=mark)
        if amount is not None and customer is not None:
            if amount <= 0:
                check.add(line, "amount", "A payment is more than zero.")
            elif amount != quantize(amount, customer[1]):
                check.add(line, "amount", f"More than {minor_units(customer[1])} decimals.")
        method = (values[_METHOD] or "other").strip().lower().replace(" ", "_")
        if method not in METHODS:
            check.add(line, "method", f"“{method}” is not one of: {', '.join(METHODS)}.")
        invoice_id = None
        number = values[_NUMBER].strip()
        if number:
            found = known.invoices.get(number)
            if found is None:
                check.add(line, "invoice_number", f"There is no invoice {number}.")
            elif customer is not None and found[1] != customer[0]:
                check.add(line, "invoice_number", f"Invoice {number} is not {code}'s.")
            else:
                invoice_id = found[0]
        if customer is not None and day is not None and amount is not None:
            reference = values[_REFERENCE].strip()
            good.append(
                NewPayment(
                    line, customer[0], customer[1], day, amount, method, reference, invoice_id
                )
            )
    return good


__all__ = ["BATCH", "Problem", "Progress", "import_payments"]
