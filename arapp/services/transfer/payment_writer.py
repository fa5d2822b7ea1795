# SPDX-License-Identifier: MIT
"""Allocating and writing a batch of checked payments, as the payment service would one by one.

The payment service (:func:`arapp.services.payments.allocate_payment`) allocates a payment on
the invoices it loads through the ORM, one payment after the other. Here the same rules run on
plain values for a whole batch: the invoices the batch touches are read at once (those paid by
number; of the customers who pay without a number, the ids of their open invoices, oldest due
first as the service orders them, and the rows of the first :data:`AHEAD` of each, the others
read as a payment reaches them), each payment in file order takes its share through
:func:`arapp.domain.allocation.oldest_first` or the invoice it names, with the early-payment
discount of :func:`~arapp.domain.allocation.discount_earned` and the status of
:func:`arapp.domain.invoice.settle`, and the payments, allocations, discounts and new balances
go to the driver in bulk (:mod:`arapp.services.transfer.bulk`). The next batch reads the
invoices again, as this one left them, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Table

from arapp.db.models import Adjustment, Invoice, Payment, PaymentAllocation
from arapp.db.models.base import sql_in
from arapp.db.models.invoices import OPEN_INVOICE_STATUSES
from arapp.domain import allocation as rules
from arapp.domain.invoice import OPEN_STATUSES, DocumentKind, InvoiceStatus, settle
from arapp.domain.terms import PaymentTerms, parse_terms
from arapp.services.transfer.bulk import (
    Memo,
    driver_form,
    insert_rows,
    reserve_ids,
    result_form,
    select_in,
    update_rows,
)
from arapp.services.transfer.csvfile import Problem

_PAYMENT_COLUMNS = (
    "id",
    "customer_id",
    "date",
    "amount",
    "currency",
    "method",
    "reference",
    "unapplied",
)
_ALLOCATION_COLUMNS = ("payment_id", "invoice_id", "amount", "date", "payment_date")
_ADJUSTMENT_COLUMNS = ("invoice_id", "payment_id", "amount", "date", "reason")
#: The columns of an invoice a payment changes.
INVOICE_CHANGES = ("amount_paid", "status", "paid_date")


class NewPayment(NamedTuple):
    """A checked payment of an import file (a named tuple, not a frozen dataclass: made for
    every row, it is made three times quicker).

    Attributes:
        line: Its line in the file.
        customer_id: Who paid.
        currency: The customer's currency.
        day: When.
        amount: How much.
        method: One of :data:`arapp.services.payments.METHODS`.
        reference: Its reference.
        invoice_id: The invoice it names, or None to allocate oldest due first.
    """

    line: int
    customer_id: int
    currency: str
    day: date
    amount: Decimal
    method: str
    reference: str
    invoice_id: int | None


class _Held:
    """An invoice as a batch sees and changes it."""

    __slots__ = (
        "changed",
        "currency",
        "id",
        "issue",
        "number",
        "paid",
        "paid_date",
        "sent",
        "status",
        "terms",
        "total",
    )

    def __init__(self, row: tuple[Any, ...], read: _Read) -> None:
        (invoice_id, number, _customer, total, paid, status, paid_date, sent, terms, issue, cur) = (
            row
        )
        self.id: int = invoice_id
        self.number: str = number or ""
        self.total: Decimal = read.money(total)
        self.paid: Decimal = read.paid[paid]
        self.status = _STATUS[status]
        self.paid_date: date | None = read.day[paid_date] if paid_date is not None else None
        self.sent: bool = bool(sent)
        self.terms: str = terms
        self.issue: date = read.day[issue]
        self.currency: str = cur
        self.changed = False


#: The stored value of each invoice status (quicker than the enum's ``value``).
_STORED = {status: status.value for status in InvoiceStatus}
#: No discount (offered or earned).
_NONE = Decimal(0)
#: An invoice status by its stored value (a dict is quicker than the enum's own lookup).
_STATUS = {status.value: status for status in InvoiceStatus}


class _Read:
    """What the driver's values of an invoice are (a memo for the dates, which repeat)."""

    def __init__(self, connection: Connection) -> None:
        self.money = result_form(connection, Invoice.__table__.c.total)
        self.paid = Memo(self.money, limit=AMOUNTS)  # most invoices have 0 paid, or round sums
        self.day = Memo(result_form(connection, Invoice.__table__.c.issue_date))


class RowFailed(Exception):
    """A row that cannot be written after all: the transaction rolls back.

    Attributes:
        problem: What is wrong, with its line.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


#: The columns of an invoice a batch reads, in the order :class:`_Held` takes them.
_COLUMNS = (
    "id, number, customer_id, total, amount_paid, status, paid_date, "
    "sent_at IS NOT NULL, payment_terms, issue_date, currency"
)
InvoiceRow = tuple[Any, ...]
"""An invoice as a batch reads it: the columns of ``_COLUMNS`` (id, number, customer id...)."""


def invoices_by_number(
    connection: Connection, numbers: Iterable[str], lock: bool = False
) -> dict[str, InvoiceRow]:
    """The invoices (not credit notes) numbered ``numbers``, by number, as
    :meth:`BatchWriter.write` takes them: the check of a batch and its writing read them
    once. ``lock`` locks them on PostgreSQL, as the payment service does."""
    sql = (
        f"SELECT {_COLUMNS} FROM invoice "
        f"WHERE kind = '{DocumentKind.INVOICE.value}' AND number IN ({{}})"
    )
    if lock and connection.dialect.name == "postgresql":
        sql += " FOR UPDATE"
    return {row[1]: row for row in select_in(connection, sql, sorted(numbers))}


#: Open invoices of a customer read at a time, oldest due first, for the payments without
#: a number (most reach one, and the rule looks at the next).
AHEAD = 2
#: Stored forms of amounts a writer remembers at most.
AMOUNTS = 10_000
#: New balances of invoices a writer keeps before it writes them (some 10 MB at most,
#: whatever the rows of the file).
PENDING = 50_000


class BatchWriter:
    """Allocates and writes batches of payments inside the caller's write transaction.

    The new balance, status and paid date of each invoice a batch changes are kept
    (:attr:`pending`) and written by :meth:`flush`, all at once in the order of the table,
    after the last batch or when more than :data:`PENDING` are kept: 80,000 payments change
    55,000 invoices 80,000 times, batch after batch all over the table, and a write of each
    once, in order, costs a third of that. Every invoice a batch reads is read as the pending
    values say (a payment changes nothing else of an invoice, and never reopens one, so the
    open invoices the database lists are still all that can be open).

    Attributes:
        pending: Invoice id to its new ``(amount_paid, status, paid_date)`` in the driver's
            form, not written yet.
    """

    def __init__(self, connection: Connection, now: datetime) -> None:
        self.connection = connection
        self.pending: dict[int, tuple[Any, ...]] = {}
        self.tables = {
            model: cast(Table, model.__table__)
            for model in (Payment, PaymentAllocation, Adjustment, Invoice)
        }
        self.money = driver_form(connection, Payment.__table__.c.amount)
        # amounts paid repeat (12.50, 100.00...): each stored form worked out once
        self.amounts = Memo(self.money, limit=AMOUNTS)
        day = driver_form(connection, Payment.__table__.c.date)
        self.day = Memo(day)
        self.read = _Read(connection)
        # The payment service's order, and the open invoices' partial index (ix_invoice_open).
        # While a big import has that index dropped (indexes_rebuilt), SQLite would rather
        # read every invoice through the (kind, number) key than the customers' index, once
        # per batch (100,000 rows a batch); "+kind" keeps it off that key.
        kind = "+kind" if connection.dialect.name == "sqlite" else "kind"
        # Only the ids, in order: the rows of those a payment reaches are read after
        # (:meth:`_read_ahead`), mostly the first one or two of a customer's.
        self.open_sql = (
            f"SELECT id, customer_id FROM invoice WHERE {kind} = '{DocumentKind.INVOICE.value}' "
            f"AND {sql_in('status', OPEN_INVOICE_STATUSES)} AND customer_id IN ({{}}) "
            "ORDER BY customer_id, due_date, issue_date, id"
        )
        if connection.dialect.name == "postgresql":  # as the payment service locks them
            self.open_sql += " FOR UPDATE"
        self.rows_sql = f"SELECT {_COLUMNS} FROM invoice WHERE id IN ({{}})"
        self.terms: Memo = Memo(parse_terms)
        #: Terms text to whether the terms give an early-payment discount at all (most don't:
        #: the payments on their invoices skip working out what would be offered).
        self.offers: Memo = Memo(lambda text: self.terms[text].has_discount)
        self.payment_constants = {"status": "recorded", "reversal_reason": "", "created_at": now}
        self.allocation_constants = {"active": True}
        self.adjustment_constants = {
            "kind": "early_payment_discount",
            "reversed": False,
            "created_at": now,
        }

    def write(self, payments: Sequence[NewPayment], named: Iterable[InvoiceRow]) -> None:
        """Allocate ``payments`` in their order and write them with what they change.
        ``named`` holds (at least) the invoices they name, as :func:`invoices_by_number`
        read them for the batch."""
        held, open_of = self._invoices(payments, named)
        connection, money, day = self.connection, self.amounts, self.day
        ids = reserve_ids(connection, self.tables[Payment], len(payments))
        heads: list[tuple[Any, ...]] = []
        parts: list[tuple[Any, ...]] = []
        discounts: list[tuple[Any, ...]] = []
        # the names the loop runs 80,000 times, looked up once
        offered_on, earned, oldest_first = self._offered, rules.discount_earned, rules.oldest_first
        add_head, add_part, offers = heads.append, parts.append, self.offers
        for payment_id, p in zip(ids, payments, strict=True):
            paid_on = day[p.day]
            plan: Iterable[tuple[_Held, Decimal]]
            if p.invoice_id is None:
                balances = self._balances(held, open_of.get(p.customer_id, ()), p.day)
                plan = [(held[a.invoice_id], a.amount) for a in oldest_first(p.amount, balances)]
            else:
                inv = held[p.invoice_id]
                open_ = inv.total - inv.paid
                plan = (
                    ((inv, min(p.amount, open_)),)
                    if open_ > 0 and inv.status in OPEN_STATUSES
                    else ()
                )
            unapplied = p.amount
            for inv, amount in plan:
                balance = inv.total - inv.paid
                discount = _NONE
                if offers[inv.terms]:
                    offered = offered_on(inv, p.day)
                    discount = earned(offered, balance, amount) if offered else _NONE
                if amount + discount > balance:  # as the payment service refuses it
                    raise RowFailed(
                        Problem(
                            p.line,
                            "invoice_number",
                            f"{inv.number} has {balance} {inv.currency} open; "
                            f"{amount} is more than that.",
                        )
                    )
                on = max(p.day, inv.issue)  # never before the invoice existed
                add_part((payment_id, inv.id, money[amount], day[on], paid_on))
                inv.paid += amount
                unapplied -= amount
                if discount:
                    reason = str(self.terms[inv.terms])
                    discounts.append((inv.id, payment_id, money[discount], day[on], reason))
                    inv.paid += discount
                inv.status, inv.paid_date = settle(
                    inv.status, inv.total, inv.paid, sent=inv.sent, paid_date=inv.paid_date, day=on
                )
                inv.changed = True
            add_head(
                (
                    payment_id,
                    p.customer_id,
                    paid_on,
                    money[p.amount],
                    p.currency,
                    p.method,
                    p.reference,
                    money[unapplied],
                )
            )
        tables = self.tables
        insert_rows(connection, tables[Payment], _PAYMENT_COLUMNS, heads, self.payment_constants)
        insert_rows(
            connection,
            tables[PaymentAllocation],
            _ALLOCATION_COLUMNS,
            parts,
            self.allocation_constants,
        )
        insert_rows(
            connection,
            tables[Adjustment],
            _ADJUSTMENT_COLUMNS,
            discounts,
            self.adjustment_constants,
        )
        pending = self.pending
        for inv in held.values():
            if inv.changed:
                paid_date = None if inv.paid_date is None else day[inv.paid_date]
                pending[inv.id] = (money[inv.paid], _STORED[inv.status], paid_date)
        if len(pending) > PENDING:
            self.flush()

    def flush(self) -> None:
        """Write the pending changes of the invoices, in the order of the table."""
        changes = ((*values, invoice_id) for invoice_id, values in sorted(self.pending.items()))
        update_rows(self.connection, self.tables[Invoice], INVOICE_CHANGES, changes)
        self.pending = {}

    def _hold(self, row: InvoiceRow) -> _Held:
        """``row`` of an invoice as the batch sees it: with its pending changes."""
        later = self.pending.get(row[0])
        if later is not None:  # amount_paid, status, paid_date: the 5th to 7th of _COLUMNS
            row = (*row[:4], *later, *row[7:])
        return _Held(row, self.read)

    def _balances(
        self, held: dict[int, _Held], ids: Sequence[int], on: date
    ) -> Iterator[rules.OpenBalance]:
        """The open invoices ``ids`` as the allocation rule sees them, held as they are
        reached (the rule stops reading once the money runs out)."""
        offers = self.offers
        for at, invoice_id in enumerate(ids):
            inv = held.get(invoice_id)
            if inv is None:  # past those read ahead: the next few at once
                self._read_ahead(held, ids[at : at + AHEAD])
                inv = held[invoice_id]
            if inv.total > inv.paid:  # one paid off meanwhile takes nothing, as in the service
                offered = self._offered(inv, on) if offers[inv.terms] else _NONE
                yield rules.OpenBalance(inv.id, inv.total - inv.paid, offered)

    def _read_ahead(self, held: dict[int, _Held], ids: Iterable[int]) -> None:
        """Read and hold the invoices ``ids`` not held yet."""
        unread = [invoice_id for invoice_id in ids if invoice_id not in held]
        for row in select_in(self.connection, self.rows_sql, unread):
            held[row[0]] = self._hold(row)

    def _offered(self, inv: _Held, on: date) -> Decimal:
        """The early-payment discount ``inv``'s terms give for a payment on ``on``."""
        terms: PaymentTerms = self.terms[inv.terms]
        if not terms.has_discount:  # most terms: no discount, whatever the day
            return _NONE
        return rules.discount_offered(terms, inv.issue, inv.total, inv.currency, on)

    def _invoices(
        self, payments: Sequence[NewPayment], named: Iterable[InvoiceRow]
    ) -> tuple[dict[int, _Held], dict[int, list[int]]]:
        """The invoices ``payments`` name (of the rows ``named``), by id, with the first
        :data:`AHEAD` open ones of each customer who pays without a number; and the ids of
        all those open ones, by customer, oldest due first (the payment service's order):
        :meth:`_balances` reads the others it reaches."""
        connection = self.connection
        wanted = {p.invoice_id for p in payments if p.invoice_id is not None}
        held = {row[0]: self._hold(row) for row in named if row[0] in wanted}
        payers = sorted({p.customer_id for p in payments if p.invoice_id is None})
        open_of: dict[int, list[int]] = {}
        for invoice_id, customer_id in select_in(connection, self.open_sql, payers):
            open_of.setdefault(customer_id, []).append(invoice_id)
        first = [invoice_id for ids in open_of.values() for invoice_id in ids[:AHEAD]]
        self._read_ahead(held, sorted(first))
        return held, open_of
