# SPDX-License-Identifier: MIT
"""Invoices and credit notes, their lines, credit applied, holds, and recurring templates.

An issued invoice is never edited nor deleted: it is voided or credited (see the lifecycle
services), and each such step is written to ``audit_log`` in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BindParameter,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TextClause,
    UniqueConstraint,
    bindparam,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arapp.db.models.base import Base, partial_index, sql_in
from arapp.db.types import Money, Percent, Quantity, UtcDateTime
from arapp.domain.invoice import OPEN_STATUSES, DocumentKind, InvoiceStatus, in_order

#: Invoice states whose balance is still owed (see the partial index on ``invoice``), in the
#: order the index's SQL names them.
OPEN_INVOICE_STATUSES = in_order(OPEN_STATUSES)

#: The condition of the open-invoice partial indexes, as their SQL says it.
OPEN_INVOICES_SQL = sql_in("status", OPEN_INVOICE_STATUSES)

#: The open invoice list's indexes (``ix_invoice_open_<name>``): the sort's key and the id.
_OPEN_LIST_ORDERS: list[tuple[str, tuple[str | TextClause, ...]]] = [
    ("number", ("number", "id", "kind", "due_date")),
    ("issue_date", ("issue_date", "id", "kind", "due_date")),
    ("due_date", ("due_date", "id", "kind")),
    ("total", ("total", "id", "kind", "due_date")),
    ("balance", (text("(total - amount_paid)"), "id", "kind", "due_date")),
    ("status", ("status", "id", "kind", "due_date")),
]


def open_invoice() -> ColumnElement[bool]:
    """Invoices still owed, as SQL that SQLite can match to the partial indexes on them
    (``ix_invoice_open`` and the list's ``ix_invoice_open_<sort>``).

    The statuses are rendered as literals: with bound parameters SQLite cannot prove the partial
    index applies and reads every invoice ever written (measured: 3.3 s against 0.14 s for a
    million invoices).
    """
    statuses: BindParameter[str] = bindparam(
        "open_statuses", OPEN_INVOICE_STATUSES, expanding=True, literal_execute=True
    )
    return Invoice.__table__.c.status.in_(statuses)  # the column: no mapper configured for it


class Invoice(Base):
    """An invoice or credit note. Once issued it is never edited: see the lifecycle services."""

    __tablename__ = "invoice"
    __table_args__ = (
        UniqueConstraint("kind", "number"),
        # A period of a recurring template is billed once, even after a crash or a second run.
        Index(None, "recurring_template_id", "recurring_period", unique=True),
        CheckConstraint(sql_in("kind", DocumentKind), name="kind"),
        CheckConstraint(sql_in("status", InvoiceStatus), name="status"),
        Index(None, "customer_id", "issue_date"),
        Index(None, "issue_date"),
        # The invoice list's sorts, in its whole order (ties by id): see services.keyset.
        Index(None, "number", "id"),
        Index(None, "due_date", "id"),
        Index(None, "total", "id"),
        # The balance, as the list computes it: an expression index (SQLite cannot reflect
        # it, so the migration test compares its SQL instead; see pyproject's filterwarnings).
        Index("ix_invoice_balance_id", text("(total - amount_paid)"), "id"),
        Index(None, "status", "id"),
        Index(None, "customer_id", "id"),
        # Open items only: aging, balances and reminders read these and never the paid history.
        # It covers those queries (no table look-ups); see open_invoice() for how to use it.
        partial_index(
            "ix_invoice_open",
            "customer_id",
            "due_date",
            "issue_date",
            "kind",
            "total",
            "amount_paid",
            "status",
            where=OPEN_INVOICES_SQL,
        ),
        # The invoice list's Open and Overdue filters, in each sort's order (ties by id), with
        # what they test (kind, due date); the list repeats their condition (open_invoice()).
        *(
            partial_index(f"ix_invoice_open_{name}", *columns, where=OPEN_INVOICES_SQL)
            for name, columns in _OPEN_LIST_ORDERS
        ),
        # Aging as of an earlier day: invoices paid or voided after it (few for a recent day);
        # the paid ones' index also covers the forecast's payer habits (migration 0028).
        partial_index(
            "ix_invoice_paid",
            *("paid_date", "issue_date", "due_date", "customer_id", "kind", "status"),
            where=f"status = '{InvoiceStatus.PAID}'",
        ),
        partial_index(
            "ix_invoice_voided", "voided_on", "issue_date", where=f"status = '{InvoiceStatus.VOID}'"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=DocumentKind.INVOICE)
    number: Mapped[str | None] = mapped_column(String(50), nullable=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    status: Mapped[str] = mapped_column(String(20), default=InvoiceStatus.DRAFT)
    issue_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    payment_terms: Mapped[str] = mapped_column(String(50))
    discount_percent: Mapped[Decimal] = mapped_column(Percent, default=Decimal(0))
    subtotal: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    discount_total: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    tax_total: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    total: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    #: Payments, credits and write-offs applied so far, kept in the same transaction as they are.
    amount_paid: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    paid_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    related_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    footer: Mapped[str] = mapped_column(Text, default="")
    void_reason: Mapped[str] = mapped_column(Text, default="")
    #: The business day the invoice was voided (aging as of an earlier day still counts it).
    voided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: Set on invoices made from a recurring template: which template and which period.
    recurring_template_id: Mapped[int | None] = mapped_column(
        ForeignKey("recurring_template.id"), nullable=True
    )
    recurring_period: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    issued_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", order_by="InvoiceLine.position", cascade="all, delete-orphan"
    )


class InvoiceLine(Base):
    __tablename__ = "invoice_line"
    __table_args__ = (Index(None, "invoice_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"))
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal] = mapped_column(Quantity)
    unit: Mapped[str] = mapped_column(String(20), default="")
    unit_price: Mapped[Decimal] = mapped_column(Money)
    discount_percent: Mapped[Decimal] = mapped_column(Percent, default=Decimal(0))
    #: The rate chosen (for editing drafts); the name, percent and kind below are what was billed.
    tax_rate_id: Mapped[int | None] = mapped_column(ForeignKey("tax_rate.id"), nullable=True)
    tax_name: Mapped[str] = mapped_column(String(100), default="")
    tax_percent: Mapped[Decimal] = mapped_column(Percent, default=Decimal(0))
    tax_inclusive: Mapped[bool] = mapped_column(Boolean, default=False)
    amount: Mapped[Decimal] = mapped_column(Money)

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class IssuedFace(Base):
    """What an issued document showed that lives outside it: seller, buyer, bank details,
    locale and the late-fee settings, as JSON (see :mod:`arapp.services.issued_faces`).

    Many documents share one face (one row per distinct content, found by its ``digest``), so
    keeping them costs a row per customer and company change, not per invoice.
    """

    __tablename__ = "issued_face"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[str] = mapped_column(Text)


class InvoiceFace(Base):
    """The face an issued invoice or credit note is reprinted with (drafts have none)."""

    __tablename__ = "invoice_face"

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), primary_key=True)
    face_id: Mapped[int] = mapped_column(ForeignKey("issued_face.id"), index=True)


class CreditAllocation(Base):
    """Part of a credit note applied to an invoice (reducing what is owed on it)."""

    __tablename__ = "credit_allocation"

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_note_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    date: Mapped[date] = mapped_column(Date)


class InvoiceHold(Base):
    """A dispute (holds until resolved) or a promise to pay (holds until its day).

    A dispute is about ``invoice_id``. A promise names an ``amount`` and covers the invoices in
    ``promise_invoice`` (``invoice_id`` is the first of them).
    """

    __tablename__ = "invoice_hold"
    __table_args__ = (
        CheckConstraint("kind IN ('dispute', 'promise')", name="kind"),
        Index(None, "invoice_id", "resolved_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"))
    kind: Mapped[str] = mapped_column(String(20))
    opened_on: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date, nullable=True)
    resolved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: The promised sum, in the covered invoices' currency (promises only).
    amount: Mapped[Decimal | None] = mapped_column(Money, nullable=True)

    covered: Mapped[list[PromiseInvoice]] = relationship(cascade="all, delete-orphan")


class PromiseInvoice(Base):
    """An invoice a promise to pay covers, with what was paid on it when the promise was made
    (what came in since counts towards the promise)."""

    __tablename__ = "promise_invoice"

    hold_id: Mapped[int] = mapped_column(ForeignKey("invoice_hold.id"), primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), primary_key=True, index=True)
    paid_before: Mapped[Decimal] = mapped_column(Money)


class RecurringTemplate(Base):
    """An invoice that repeats on a schedule (an RFC 5545 rule through ``dateutil.rrule``)."""

    __tablename__ = "recurring_template"
    __table_args__ = (
        CheckConstraint(
            "frequency IN ('weekly', 'monthly', 'quarterly', 'yearly')", name="frequency"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    frequency: Mapped[str] = mapped_column(String(20))
    interval: Mapped[int] = mapped_column(Integer, default=1)
    day_of_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    max_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    auto_issue: Mapped[bool] = mapped_column(Boolean, default=True)
    #: E-mail each invoice to the customer once it is billed and issued (migration 0024).
    send_by_email: Mapped[bool] = mapped_column(Boolean, default=False)
    discount_percent: Mapped[Decimal] = mapped_column(Percent, default=Decimal(0))
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    lines: Mapped[list[RecurringLine]] = relationship(
        order_by="RecurringLine.position", cascade="all, delete-orphan"
    )


class RecurringLine(Base):
    __tablename__ = "recurring_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("recurring_template.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal] = mapped_column(Quantity)
    unit: Mapped[str] = mapped_column(String(20), default="")
    unit_price: Mapped[Decimal] = mapped_column(Money)
    discount_percent: Mapped[Decimal] = mapped_column(Percent, default=Decimal(0))
    tax_rate_id: Mapped[int | None] = mapped_column(ForeignKey("tax_rate.id"), nullable=True)
