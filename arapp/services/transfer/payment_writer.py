# SPDX-License-Identifier: MIT
"""Allocating and writing a batch of checked payments, as the payment service would one by one.

The payment service (:func:`arapp.services.payments.allocate_payment`) allocates a payment on
the invoices it loads through the ORM, one payment after the other. Here the same rules run on
plain values for a whole batch: the invoices the batch touches are read at once (those paid by
number, and the open ones of the customers who pay without a number, oldest due first as the
service orders them), each payment in file order takes its share through
:func:`arapp.domain.allocation.oldest_first` or the invoice it names, with the early-payment
discount of :func:`~arapp.domain.allocation.discount_earned` and the status of
:func:`arapp.domain.invoice.settle`, and the payments, allocations, discounts and new balances
go to the driver in bulk (:mod:`arapp.services.transfer.bulk`). The next batch reads the
invoices again, as this one left them, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Connection, Table, select

from arapp.db.chunks import chunked
from arapp.db.models import Adjustment, Invoice, Payment, PaymentAllocation, open_invoice
from arapp.domain import allocation as rules
from arapp.domain.invoice import OPEN_STATUSES, DocumentKind, InvoiceStatus, settle
from arapp.domain.terms import PaymentTerms, parse_terms
from arapp.services.transfer.bulk import driver_form, insert_rows, reserve_ids, update_rows
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
_ALLOCATION_COLUMNS = ("payment_id", "invoice_id", "amount", "date")
_ADJUSTMENT_COLUMNS = ("invoice_id", "payment_id", "amount", "date", "reason")
_INVOICE_CHANGES = ("amount_paid", "status", "paid_date")


@dataclass(frozen=True, slots=True)
class NewPayment:
    """A checked payment of an import file.

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

    def __init__(self, row: Any) -> None:
        self.id: int = row.id
        self.number: str = row.number or ""
        self.total: Decimal = row.total
        self.paid: Decimal = row.amount_paid
        self.status = InvoiceStatus(row.status)
        self.paid_date: date | None = row.paid_date
        self.sent: bool = row.sent_at is not None
        self.terms: str = row.payment_terms
        self.issue: date = row.issue_date
        self.currency: str = row.currency
        self.changed = False


class RowFailed(Exception):
    """A row that cannot be written after all: the transaction rolls back.

    Attributes:
        problem: What is wrong, with its line.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


_COLUMNS = (
    Invoice.id,
    Invoice.number,
    Invoice.customer_id,
    Invoice.total,
    Invoice.amount_paid,
    Invoice.status,
    Invoice.paid_date,
    Invoice.sent_at,
    Invoice.payment_terms,
    Invoice.issue_date,
    Invoice.currency,
)


class BatchWriter:
    """Allocates and writes batches of payments inside the caller's write transaction."""

    def __init__(self, connection: Connection, now: datetime) -> None:
        self.connection = connection
        self.tables = {
            model: cast(Table, model.__table__)
            for model in (Payment, PaymentAllocation, Adjustment, Invoice)
        }
        self.money = driver_form(connection, Payment.__table__.c.amount)
        day = driver_form(connection, Payment.__table__.c.date)
        self.day = _Memo(day)
        self.terms: _Memo = _Memo(parse_terms)
        self.payment_constants = {"status": "recorded", "reversal_reason": "", "created_at": now}
        self.allocation_constants = {"active": True}
        self.adjustment_constants = {
            "kind": "early_payment_discount",
            "reversed": False,
            "created_at": now,
        }

    def write(self, payments: Sequence[NewPayment]) -> None:
        """Allocate ``payments`` in their order and write them with what they change."""
        held, open_of = self._invoices(payments)
        connection, money, day = self.connection, self.money, self.day
        ids = reserve_ids(connection, self.tables[Payment], len(payments))
        heads: list[tuple[Any, ...]] = []
        parts: list[tuple[Any, ...]] = []
        discounts: list[tuple[Any, ...]] = []
        for payment_id, p in zip(ids, payments, strict=True):
            plan: list[tuple[_Held, Decimal]]
            if p.invoice_id is None:
                candidates = open_of.get(p.customer_id, ())
                balances = [
                    rules.OpenBalance(inv.id, inv.total - inv.paid, self._offered(inv, p.day))
                    for inv in candidates
                    if inv.total > inv.paid
                ]
                plan = [
                    (held[a.invoice_id], a.amount) for a in rules.oldest_first(p.amount, balances)
                ]
            else:
                inv = held[p.invoice_id]
                open_ = inv.total - inv.paid
                plan = (
                    [(inv, min(p.amount, open_))]
                    if inv.status in OPEN_STATUSES and open_ > 0
                    else []
                )
            unapplied = p.amount
            for inv, amount in plan:
                balance = inv.total - inv.paid
                discount = rules.discount_earned(self._offered(inv, p.day), balance, amount)
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
                parts.append((payment_id, inv.id, money(amount), day[on]))
                inv.paid += amount
                unapplied -= amount
                if discount:
                    reason = str(self.terms[inv.terms])
                    discounts.append((inv.id, payment_id, money(discount), day[on], reason))
                    inv.paid += discount
                inv.status, inv.paid_date = settle(
                    inv.status, inv.total, inv.paid, sent=inv.sent, paid_date=inv.paid_date, day=on
                )
                inv.changed = True
            heads.append(
                (
                    payment_id,
                    p.customer_id,
                    day[p.day],
                    money(p.amount),
                    p.currency,
                    p.method,
                    p.reference,
                    money(unapplied),
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
        changes = (
            (
                money(inv.paid),
                inv.status.value,
                None if inv.paid_date is None else day[inv.paid_date],
                inv.id,
            )
            for inv in held.values()
            if inv.changed
        )
        update_rows(connection, tables[Invoice], _INVOICE_CHANGES, changes)

    def _offered(self, inv: _Held, on: date) -> Decimal:
        """The early-payment discount ``inv``'s terms give for a payment on ``on``."""
        terms: PaymentTerms = self.terms[inv.terms]
        return rules.discount_offered(terms, inv.issue, inv.total, inv.currency, on)

    def _invoices(
        self, payments: Sequence[NewPayment]
    ) -> tuple[dict[int, _Held], dict[int, list[_Held]]]:
        """The invoices ``payments`` touch, by id, and the open ones of each customer who pays
        without a number, oldest due first (the payment service's order)."""
        connection = self.connection
        held: dict[int, _Held] = {}
        named = sorted({p.invoice_id for p in payments if p.invoice_id is not None})
        for chunk in chunked(named):
            query = select(*_COLUMNS).where(Invoice.id.in_(chunk)).with_for_update()
            for row in connection.execute(query):
                held[row.id] = _Held(row)
        payers = sorted({p.customer_id for p in payments if p.invoice_id is None})
        open_of: dict[int, list[_Held]] = {}
        for chunk in chunked(payers):
            query = (
                select(*_COLUMNS)
                .where(
                    Invoice.customer_id.in_(chunk),
                    Invoice.kind == DocumentKind.INVOICE,
                    open_invoice(),
                )
                .order_by(Invoice.customer_id, Invoice.due_date, Invoice.issue_date, Invoice.id)
                .with_for_update()
            )
            for row in connection.execute(query):
                inv = held.setdefault(row.id, _Held(row))
                open_of.setdefault(row.customer_id, []).append(inv)
        return held, open_of


class _Memo(dict[Any, Any]):
    """A function's result per argument (dates and terms repeat in an import)."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.function(key)
        return value
