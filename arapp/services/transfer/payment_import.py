# SPDX-License-Identifier: MIT
"""The all-or-nothing import of payments, in batches: any number of rows in the same memory.

The file is read a batch of :data:`BATCH` rows at a time and never held whole, inside ONE write
transaction. Each batch is checked (every problem collected with its line: the first
:data:`~.checks.MAX_PROBLEMS`, and how many more) and, while the file has shown no problem yet,
allocated by :mod:`~arapp.services.transfer.payment_writer` on the invoices it touches (read
for the batch: by number, and the open ones of the customers who pay without one) and written
with driver-level bulk inserts. What a batch writes, the next reads back in the same
transaction, so the payments are allocated exactly as the payment service allocates them one by
one (the tests compare the two to the cent). Once a problem is found the rest is only checked,
to report every problem, and the transaction rolls back: a file with a bad row imports nothing.
So does a failure anywhere, or ``stop`` answering ``True`` (asked every
:data:`~.csvfile.STOP_EVERY` rows). ``dry_run`` checks in a read transaction.

Customers and invoice numbers are looked up per batch, not loaded whole: books of a million
invoices cost the memory of a batch.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from sqlalchemy import Connection, Table

from arapp.db.chunks import chunked
from arapp.db.models import Invoice, Payment, PaymentAllocation
from arapp.domain.money import minor_units, quantize
from arapp.services import audit
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity
from arapp.services.payments import METHODS
from arapp.services.transfer.bulk import (
    STREAM_CACHE,
    gc_paused,
    indexes_rebuilt,
    roomy_cache,
    select_in,
)
from arapp.services.transfer.checks import ImportReport, Rows, not_a_date, read_number, report
from arapp.services.transfer.csvfile import (
    COLUMNS,
    Problem,
    Source,
    Stop,
    count_lines,
    detect_delimiter,
    read_cells,
)
from arapp.services.transfer.numbers import decimal_for
from arapp.services.transfer.payment_writer import (
    INVOICE_CHANGES,
    BatchWriter,
    InvoiceRow,
    NewPayment,
    RowFailed,
    invoices_by_number,
)

#: Rows checked, or allocated and written, at a time.
BATCH = 5_000

#: Customers an import keeps in memory at most (see :func:`_known`): some 5 MB.
CUSTOMERS_KEPT = 20_000

Progress = Callable[[int], None]
"""Told the number of rows written so far after each batch of the writing."""

_DATE, _CODE, _AMOUNT, _METHOD, _REFERENCE, _NUMBER = range(len(COLUMNS["payments"]))


@dataclass(frozen=True)
class _Known:
    """What the books say about the codes and numbers of one batch.

    Attributes:
        customers: Customer code to (id, currency).
        invoices: Invoice number to the invoice as the writer reads it (id, number, customer
            id...: :data:`~.payment_writer.InvoiceRow`).
    """

    customers: dict[str, tuple[int, str]]
    invoices: dict[str, InvoiceRow]


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
        problems += marks  # the file's own problems first, as they were found
        check = Rows()
        run = _Run(ctx, mark, check, problems, progress)
        try:
            with ctx.db.read() if dry_run else ctx.db.write() as session:
                connection = session.connection()
                if dry_run:
                    run.check(connection, cells)
                else:
                    adding = count_lines(data)  # about the rows: whether to rebuild the indexes
                    run.write(connection, cells, adding)  # raises when the file has problems
                    audit.record(
                        session,
                        ctx,
                        "payments_imported",
                        "payment",
                        None,
                        details={"rows": run.good},
                    )
        except RowFailed as failed:
            return report("payments", run.rows, 0, [failed.problem], False)
        except _Refused:
            pass  # the transaction rolled back: nothing was written
        found = problems + check.listed()
        if found or dry_run:
            return report("payments", run.rows, run.good, found, dry_run)
    ctx.events.emit(Change.BOOKS_REPLACED, Entity.PAYMENT)
    return report("payments", run.rows, run.good, [], False)


class _Refused(Exception):
    """The file has problems: what was written so far rolls back."""


class _Run:
    """One reading of a file: every batch checked, and written while no problem was found.

    Attributes:
        rows: Rows read so far.
        good: Payments read so far that can be written.
    """

    def __init__(
        self,
        ctx: AppContext,
        mark: str,
        check: Rows,
        problems: list[Problem],
        progress: Progress | None,
    ) -> None:
        self.ctx, self.mark, self.found, self.problems = ctx, mark, check, problems
        self.progress = progress
        self.today = ctx.today()
        self.rows = self.good = 0
        #: Customer code to (id, currency), as read for earlier batches (see :func:`_known`).
        self.customers: dict[str, tuple[int, str]] = {}

    def check(self, connection: Connection, cells: Iterable[tuple[int, tuple[str, ...]]]) -> None:
        """Check every row; write nothing."""
        for batch in chunked(cells, BATCH):
            self.rows += len(batch)
            known = _known(connection, batch, self.customers)
            self.good += len(_checked(known, batch, self.mark, self.today, self.found))

    def write(
        self, connection: Connection, cells: Iterable[tuple[int, tuple[str, ...]]], adding: int
    ) -> None:
        """Check every row, and allocate and write each batch while the file has no problem
        yet; raises :class:`_Refused` when it has one (the caller's transaction rolls back).
        ``adding`` is about how many rows the file has."""
        writer = BatchWriter(connection, self.ctx.now())
        payments, parts, invoices = (
            cast(Table, m.__table__) for m in (Payment, PaymentAllocation, Invoice)
        )
        with (
            roomy_cache(connection, STREAM_CACHE),
            indexes_rebuilt(connection, payments, adding),
            indexes_rebuilt(connection, parts, adding),
            indexes_rebuilt(connection, invoices, adding, updating=INVOICE_CHANGES),
        ):
            written = 0
            for batch in chunked(cells, BATCH):
                self.rows += len(batch)
                known = _known(connection, batch, self.customers, lock=True)
                good = _checked(known, batch, self.mark, self.today, self.found)
                self.good += len(good)
                if self.problems or self.found.problems:
                    continue  # checked to the end, to report every problem; written no more
                writer.write(good, known.invoices.values())
                written += len(good)
                if self.progress is not None:
                    self.progress(written)
            if self.problems or self.found.problems:
                raise _Refused  # before the indexes are made again: they roll back too
            writer.flush()  # the invoices' new balances, before their indexes are made again


def _known(
    connection: Connection,
    batch: Sequence[tuple[int, tuple[str, ...]]],
    customers: dict[str, tuple[int, str]],
    lock: bool = False,
) -> _Known:
    """The customers and invoices the rows of ``batch`` name (the invoices locked with
    ``lock``, see :func:`~.payment_writer.invoices_by_number`). ``customers`` keeps those
    read for earlier batches (an import changes no customer): only the others are read, and
    it starts again empty past :data:`CUSTOMERS_KEPT`."""
    codes = {values[_CODE].strip().upper() for _line, values in batch}
    numbers = {values[_NUMBER].strip() for _line, values in batch} - {""}
    unread = codes.difference(customers)
    if len(customers) + len(unread) > CUSTOMERS_KEPT:
        customers.clear()
        unread = codes
    customers.update(
        (code, (cid, cur))
        for code, cid, cur in select_in(
            connection, "SELECT code, id, currency FROM customer WHERE code IN ({})", sorted(unread)
        )
    )
    return _Known(customers, invoices_by_number(connection, numbers, lock))


def _checked(
    known: _Known,
    batch: Sequence[tuple[int, tuple[str, ...]]],
    mark: str,
    today: date,
    check: Rows,
) -> list[NewPayment]:
    """The good payments of ``batch``, whose customers and invoices are ``known``; the problems
    of the others go to ``check``."""
    good: list[NewPayment] = []
    # the names the loop runs for every row, looked up once
    customer_of, invoice_of = known.customers.get, known.invoices.get
    add, keep = check.add, good.append
    for line, values in batch:
        code = values[_CODE].strip().upper()
        customer = customer_of(code)
        if customer is None:
            add(line, "customer_code", f"There is no customer with code {code or '(empty)'}.")
        day = _day(values[_DATE])
        if day is None:
            add(line, "date", not_a_date(values[_DATE]))
        elif day > today:
            add(line, "date", "A payment cannot be dated in the future.")
        amount, wrong = _amount(values[_AMOUNT], mark, customer[1] if customer else None)
        if wrong is not None:
            add(line, "amount", wrong)
        method = _method(values[_METHOD])
        if method not in METHODS:
            add(line, "method", f"“{method}” is not one of: {', '.join(METHODS)}.")
        invoice_id = None
        number = values[_NUMBER].strip()
        if number:
            found = invoice_of(number)
            if found is None:
                add(line, "invoice_number", f"There is no invoice {number}.")
            elif customer is not None and found[2] != customer[0]:
                add(line, "invoice_number", f"Invoice {number} is not {code}'s.")
            else:
                invoice_id = found[0]
        if customer is not None and day is not None and amount is not None:
            # made by the tuple itself: a named tuple's own __new__ is a Python call a row
            keep(_new_payment(NewPayment, (
                line, customer[0], customer[1], day, amount, method, values[_REFERENCE].strip(),
                invoice_id,
            )))  # fmt: skip
    return good


#: Makes a :class:`~.payment_writer.NewPayment` from a tuple of its fields, in their order.
_new_payment = tuple.__new__


@functools.lru_cache(maxsize=8192)  # amounts repeat (12.50, 100.00...): each checked once
def _amount(text: str, mark: str, currency: str | None) -> tuple[Decimal | None, str | None]:
    """The amount ``text`` says and what is wrong with it (None: nothing), as a payment in
    ``currency`` (None: the customer is unknown, only the number is checked)."""
    amount = read_number(text, None, mark)
    if isinstance(amount, str):
        return None, amount
    if currency is None:
        return amount, None
    if amount <= 0:
        return amount, "A payment is more than zero."
    if _too_precise(amount, currency):
        return amount, f"More than {minor_units(currency)} decimals."
    return amount, None


@functools.lru_cache(maxsize=4096)  # dates repeat: each read once (in bounded memory)
def _day(text: str) -> date | None:
    """The date ``text`` says, or None (as :meth:`~.checks.Rows.day` reads it)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


@functools.lru_cache(maxsize=256)
def _method(text: str) -> str:
    """The payment method ``text`` names, as the payment service spells them."""
    return (text or "other").strip().lower().replace(" ", "_")


def _too_precise(amount: Decimal, currency: str) -> bool:
    """Whether ``amount`` has more decimals than ``currency`` has (its rounding differs)."""
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent <= minor_units(currency):
        return False  # no more digits than the currency has: the rounding keeps it
    return amount != quantize(amount, currency)


__all__ = ["BATCH", "Problem", "Progress", "import_payments"]
