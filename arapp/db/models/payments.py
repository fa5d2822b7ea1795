# SPDX-License-Identifier: MIT
"""Money in and back out: payments, their allocations, adjustments and refunds.

A payment is never deleted: it is reversed with a reason and its invoices owe again. What counts
in ``invoice.amount_paid`` (active allocations and adjustments) lives here.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arapp.db.models.base import Base, partial_index
from arapp.db.models.invoices import Invoice
from arapp.db.types import Money, UtcDateTime


class Payment(Base):
    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint("status IN ('recorded', 'reversed')", name="status"),
        # Payments with credit left: few, and all that balances, aging and "apply credit" read.
        partial_index(
            "ix_payment_credit", "customer_id", "date", "unapplied", where="unapplied > 0"
        ),
        # The Payments tab's search (reference, amount): see arapp.services.text_search.
        Index(None, "reference"),
        Index(None, "amount"),
        # Aging as of an earlier day: payments reversed after it.
        partial_index("ix_payment_reversed", "reversed_on", where="status = 'reversed'"),
        Index(None, "customer_id", "date"),
        Index(None, "date"),
        # The payment list's sorts, in its whole order (ties by id): see services.keyset.
        Index(None, "method", "id"),
        Index(None, "unapplied", "id"),
        Index(None, "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="recorded")
    reversal_reason: Mapped[str] = mapped_column(Text, default="")
    #: The business day of the reversal (aging as of an earlier day still counts the payment).
    reversed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # `date` is a column
    #: Not yet allocated nor refunded: the customer's credit. Kept in the same transaction as
    #: allocations, reversals and refunds change it, so balances never sum payments on the fly.
    unapplied: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    allocations: Mapped[list[PaymentAllocation]] = relationship(
        back_populates="payment", cascade="all, delete-orphan"
    )


class PaymentAllocation(Base):
    __tablename__ = "payment_allocation"
    # Aging as of an earlier day: payments received by then and allocated after it had credit
    # then. Nearly every allocation is made on its payment's day; this holds the others.
    __table_args__ = (
        partial_index(
            "ix_payment_allocation_late",
            "date",
            "payment_date",
            "payment_id",
            where="date > payment_date",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    date: Mapped[date] = mapped_column(Date)
    #: The payment's own date, kept for the index of :meth:`late`; set on insert from the
    #: payment (:func:`_payment_date`), by the bulk writers from the row they write.
    payment_date: Mapped[dt.date] = mapped_column(Date)

    #: False once the payment was reversed: the row stays, the invoice owes the amount again.
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    payment: Mapped[Payment] = relationship(back_populates="allocations")
    invoice: Mapped[Invoice] = relationship()

    @classmethod
    def late(cls) -> ColumnElement[bool]:
        """Made after its payment's day: the condition of the partial index, as SQL (SQLite
        uses a partial index only for a query that states its condition)."""
        return cls.date > cls.payment_date


@event.listens_for(PaymentAllocation, "before_insert")
def _payment_date(_mapper: object, _connection: object, target: PaymentAllocation) -> None:
    """Every allocation written through the ORM carries its payment's date: the one place that
    sets it, so no service can forget (a payment's date never changes once recorded)."""
    target.payment_date = target.payment.date


class Adjustment(Base):
    """An amount taken off an invoice that is not a payment: early-payment discount, write-off.

    Like a payment it counts in ``invoice.amount_paid``; a reversed one no longer does.
    """

    __tablename__ = "adjustment"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('early_payment_discount', 'small_balance', 'bad_debt')", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(30))
    amount: Mapped[Decimal] = mapped_column(Money)
    date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    reversed: Mapped[bool] = mapped_column(Boolean, default=False)
    reversed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # `date` is a column
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    payment: Mapped[Payment | None] = relationship()


class Refund(Base):
    """Money paid back to a customer out of their unapplied credit."""

    __tablename__ = "refund"
    __table_args__ = (Index(None, "customer_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
