# SPDX-License-Identifier: MIT
"""SQLAlchemy models: the schema of one company's books.

Amounts are :class:`~arapp.db.types.FixedDecimal` (exact, never float). Money-changing rows are
never deleted: invoices are voided or credited, payments reversed, and each such step is written to
``audit_log`` in the same transaction. Every schema change is an Alembic migration in
``arapp/db/migrations/versions``; ``tests/integration/test_migrations.py`` checks that these
models and the migrations agree.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BindParameter,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    func,
    text,
    type_coerce,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from arapp.db.types import Money, Percent, Quantity, UtcDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Invoice states whose balance is still owed (see the partial index on ``invoice``).
OPEN_INVOICE_STATUSES = ("issued", "sent", "partially_paid")


def open_invoice() -> ColumnElement[bool]:
    """Invoices still owed, as SQL that SQLite can match to the partial index ``ix_invoice_open``.

    The statuses are rendered as literals: with bound parameters SQLite cannot prove the partial
    index applies and reads every invoice ever written (measured: 3.3 s against 0.14 s for a
    million invoices).
    """
    statuses: BindParameter[str] = bindparam(
        "open_statuses", OPEN_INVOICE_STATUSES, expanding=True, literal_execute=True
    )
    return Invoice.status.in_(statuses)


def money_sum(expression: Any) -> ColumnElement[Decimal]:
    """``SUM()`` of amounts, handed back as an exact ``Decimal`` (``None`` over no rows)."""
    return type_coerce(func.sum(type_coerce(expression, Money)), Money)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Company(Base):
    """The one company these books belong to (row id 1)."""

    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    legal_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    tax_id: Mapped[str] = mapped_column(String(50), default="")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    locale: Mapped[str] = mapped_column(String(20), default="en_US")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    bank_name: Mapped[str] = mapped_column(String(200), default="")
    iban: Mapped[str] = mapped_column(String(50), default="")
    bic: Mapped[str] = mapped_column(String(20), default="")
    account_number: Mapped[str] = mapped_column(String(50), default="")
    payment_link_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Setting(Base):
    """A company setting (declared in :mod:`arapp.services.settings`), stored as text."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Customer(Base):
    __tablename__ = "customer"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'credit_hold', 'archived')", name="status"),
        CheckConstraint("credit_limit IS NULL OR credit_limit >= 0", name="credit_limit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    #: Case- and accent-folded name, code and e-mail for search (SQLite's LIKE folds ASCII only).
    search_text: Mapped[str] = mapped_column(Text, default="")
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    billing_address: Mapped[str] = mapped_column(Text, default="")
    tax_id: Mapped[str] = mapped_column(String(50), default="")
    currency: Mapped[str] = mapped_column(String(3))
    payment_terms: Mapped[str] = mapped_column(String(50))
    credit_limit: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="customer", order_by="Contact.id", cascade="all, delete-orphan"
    )


class Contact(Base):
    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)

    customer: Mapped[Customer] = relationship(back_populates="contacts")


class ContactLogEntry(Base):
    """A note, call, letter, e-mail, dispute or promise to pay, in the customer's history."""

    __tablename__ = "contact_log"
    __table_args__ = (
        Index(None, "customer_id", "at"),
        # Follow-ups still to do: the Today page reads these and never the whole history.
        Index(
            "ix_contact_log_open_follow_up",
            "follow_up",
            "customer_id",
            sqlite_where=text("follow_up IS NOT NULL AND follow_up_done_on IS NULL"),
            postgresql_where=text("follow_up IS NOT NULL AND follow_up_done_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    kind: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    follow_up: Mapped[date | None] = mapped_column(Date, nullable=True)
    follow_up_done_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class TaxRate(Base):
    __tablename__ = "tax_rate"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    percent: Mapped[Decimal] = mapped_column(Percent)
    inclusive: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Invoice(Base):
    """An invoice or credit note. Once issued it is never edited: see the lifecycle services."""

    __tablename__ = "invoice"
    __table_args__ = (
        UniqueConstraint("kind", "number"),
        # A period of a recurring template is billed once, even after a crash or a second run.
        Index(None, "recurring_template_id", "recurring_period", unique=True),
        CheckConstraint("kind IN ('invoice', 'credit_note')", name="kind"),
        CheckConstraint(
            "status IN ('draft', 'issued', 'sent', 'partially_paid', 'paid', 'void')",
            name="status",
        ),
        Index(None, "customer_id", "issue_date"),
        Index(None, "issue_date"),
        # Open items only: aging, balances and reminders read these and never the paid history.
        # It covers those queries (no table look-ups); see open_invoice() for how to use it.
        Index(
            "ix_invoice_open",
            "customer_id",
            "due_date",
            "issue_date",
            "kind",
            "total",
            "amount_paid",
            "status",
            sqlite_where=text("status IN ('issued', 'sent', 'partially_paid')"),
            postgresql_where=text("status IN ('issued', 'sent', 'partially_paid')"),
        ),
        # Aging as of an earlier day: invoices paid or voided after it (few for a recent day).
        Index(
            "ix_invoice_paid",
            "paid_date",
            "issue_date",
            sqlite_where=text("status = 'paid'"),
            postgresql_where=text("status = 'paid'"),
        ),
        Index(
            "ix_invoice_voided",
            "voided_on",
            "issue_date",
            sqlite_where=text("status = 'void'"),
            postgresql_where=text("status = 'void'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="invoice")
    number: Mapped[str | None] = mapped_column(String(50), nullable=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft")
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


class Payment(Base):
    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint("status IN ('recorded', 'reversed')", name="status"),
        # Payments with credit left: few, and all that balances, aging and "apply credit" read.
        Index(
            "ix_payment_credit",
            "customer_id",
            "date",
            "unapplied",
            sqlite_where=text("unapplied > 0"),
            postgresql_where=text("unapplied > 0"),
        ),
        # The Payments tab's search (reference, amount): see arapp.services.text_search.
        Index(None, "reference"),
        Index(None, "amount"),
        # Aging as of an earlier day: payments reversed after it.
        Index(
            "ix_payment_reversed",
            "reversed_on",
            sqlite_where=text("status = 'reversed'"),
            postgresql_where=text("status = 'reversed'"),
        ),
        Index(None, "customer_id", "date"),
        Index(None, "date"),
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
    # Aging as of an earlier day: allocations made after it (the credit a payment had then).
    __table_args__ = (Index(None, "date", "payment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    date: Mapped[date] = mapped_column(Date)

    #: False once the payment was reversed: the row stays, the invoice owes the amount again.
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    payment: Mapped[Payment] = relationship(back_populates="allocations")
    invoice: Mapped[Invoice] = relationship()


class AuditEntry(Base):
    """One money-changing action, written in the transaction that made it."""

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    amount: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="")


class Product(Base):
    """A product or service in the catalog, to fill invoice lines quickly."""

    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    unit_price: Mapped[Decimal] = mapped_column(Money)
    tax_rate_id: Mapped[int | None] = mapped_column(ForeignKey("tax_rate.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class NumberSequence(Base):
    """The next number of a gapless document sequence, such as ``invoice:2026``.

    It is read and advanced in the same transaction that issues the document, under the write
    lock (SQLite) or a row lock (PostgreSQL), so numbers are never shared and never skipped.
    """

    __tablename__ = "number_sequence"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    next_value: Mapped[int] = mapped_column(Integer)


class CreditAllocation(Base):
    """Part of a credit note applied to an invoice (reducing what is owed on it)."""

    __tablename__ = "credit_allocation"

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_note_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    date: Mapped[date] = mapped_column(Date)


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


class LateFeeCharge(Base):
    """One period of late fees charged on one overdue invoice.

    The unique (invoice, period) key is what makes a fee run safe to repeat: a period is charged
    once, also after a crash or when two computers run fees at the same time. Period 1 is the
    first month after the grace period, period 2 the next month, and so on.
    """

    __tablename__ = "late_fee_charge"
    __table_args__ = (UniqueConstraint("invoice_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"))
    period: Mapped[int] = mapped_column(Integer)
    #: The fee document (an issued invoice) the customer sees.
    fee_invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    #: The open balance the interest was computed on.
    base: Mapped[Decimal] = mapped_column(Money)
    flat: Mapped[Decimal] = mapped_column(Money)
    interest: Mapped[Decimal] = mapped_column(Money)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PaymentPlan(Base):
    """An agreement to pay open invoices in instalments.

    Which instalments are paid is derived from what was paid on the plan's invoices since the
    plan was made (never stored twice), so it cannot drift from the payments.
    """

    __tablename__ = "payment_plan"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'cancelled')", name="status"),
        Index(None, "customer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    currency: Mapped[str] = mapped_column(String(3))
    #: The open balance the plan splits (the sum of the instalments).
    total: Mapped[Decimal] = mapped_column(Money)
    agreed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")
    note: Mapped[str] = mapped_column(Text, default="")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    invoices: Mapped[list[PaymentPlanInvoice]] = relationship(cascade="all, delete-orphan")
    instalments: Mapped[list[PaymentPlanInstalment]] = relationship(
        order_by="PaymentPlanInstalment.position", cascade="all, delete-orphan"
    )


class PaymentPlanInvoice(Base):
    """An invoice in a payment plan, with what was already paid on it when the plan was made."""

    __tablename__ = "payment_plan_invoice"

    plan_id: Mapped[int] = mapped_column(ForeignKey("payment_plan.id"), primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), primary_key=True, index=True)
    paid_before: Mapped[Decimal] = mapped_column(Money)


class PaymentPlanInstalment(Base):
    __tablename__ = "payment_plan_instalment"
    __table_args__ = (UniqueConstraint("plan_id", "position"), Index(None, "due_date"))

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("payment_plan.id"))
    position: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)


class BankStatement(Base):
    """One imported bank statement file (CSV, OFX/QFX or camt.053)."""

    __tablename__ = "bank_statement"
    __table_args__ = (CheckConstraint("format IN ('csv', 'ofx', 'camt053')", name="format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(100))
    format: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(500), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    statement_ref: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BankTransaction(Base):
    """One booked line of a bank statement.

    ``(account, fingerprint)`` is unique: the bank's own id for the line when the format has one
    (OFX FITID, camt.053 AcctSvcrRef), else a hash of its fields and its place among identical
    lines, so importing the same statement twice adds nothing. Matching looks up the payer
    accounts seen before on matched lines through the covering index on
    ``(counterparty_account, status, payment_id)``.
    """

    __tablename__ = "bank_transaction"
    __table_args__ = (
        UniqueConstraint("account", "fingerprint"),
        CheckConstraint("status IN ('new', 'matched', 'ignored')", name="status"),
        Index(None, "status", "booking_date"),
        Index(None, "counterparty_account", "status", "payment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("bank_statement.id"), index=True)
    account: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(200))
    booking_date: Mapped[date] = mapped_column(Date)
    #: Positive for money in, negative for money out.
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    counterparty: Mapped[str] = mapped_column(String(200), default="")
    counterparty_account: Mapped[str] = mapped_column(String(100), default="")
    reference: Mapped[str] = mapped_column(Text, default="")
    bank_ref: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="new")
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ImportMapping(Base):
    """A remembered column mapping: for a kind of import and a name (a bank, a spreadsheet).

    ``mapping`` is JSON text: our field name to the column name in the user's file, plus any
    format options (date format, decimal comma) the importer understands.
    """

    __tablename__ = "import_mapping"
    __table_args__ = (UniqueConstraint("kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(100))
    mapping: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ReminderPolicy(Base):
    """A named ladder of reminder levels (see :mod:`arapp.domain.reminders`)."""

    __tablename__ = "reminder_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    levels: Mapped[list[ReminderLevelRow]] = relationship(
        order_by="ReminderLevelRow.level", cascade="all, delete-orphan"
    )


class ReminderLevelRow(Base):
    """One level of a reminder policy: offset from the due date, templates, action."""

    __tablename__ = "reminder_level"
    __table_args__ = (
        UniqueConstraint("policy_id", "level"),
        CheckConstraint("action IN ('email', 'flag')", name="action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("reminder_policy.id"))
    level: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    offset_days: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20), default="email")
    late_fee: Mapped[bool] = mapped_column(Boolean, default=False)
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class CustomerReminderSetting(Base):
    """How one customer is reminded: another policy, paused until a day, or not at all."""

    __tablename__ = "customer_reminder"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), primary_key=True)
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("reminder_policy.id"), nullable=True)
    paused_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)


class InvoiceHold(Base):
    """A dispute (holds until resolved) or a promise to pay (holds until its day) on an invoice."""

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


class OutboxMessage(Base):
    """One reminder on its way: e-mail, printed letter, or a collections flag.

    States: ``queued`` → ``sending`` (claimed, committed before SMTP is spoken) → ``sent``; or
    ``retry`` (temporary failure, again at ``next_attempt_at``), ``failed`` (permanent, shown for
    action), ``unknown`` (the connection broke after the message was handed over, or the process
    died while sending: shown, never resent without a person deciding), ``cancelled``.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(
            "state IN ('queued', 'sending', 'sent', 'retry', 'failed', 'unknown', 'cancelled')",
            name="state",
        ),
        CheckConstraint("channel IN ('email', 'letter', 'flag')", name="channel"),
        Index(None, "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The RFC 5322 Message-ID header, fixed when queued (a resend carries the same one).
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default="queued")
    as_of: Mapped[date] = mapped_column(Date)
    recipient: Mapped[str] = mapped_column(String(500), default="")
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    items: Mapped[list[OutboxItem]] = relationship(
        order_by="OutboxItem.id", cascade="all, delete-orphan"
    )


class OutboxItem(Base):
    """One invoice at one level in an outbox message.

    The unique ``(invoice, level)`` key makes a second reminder of the same level impossible,
    also after a crash or with two processes queueing at the same time.
    """

    __tablename__ = "outbox_item"
    __table_args__ = (UniqueConstraint("invoice_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"))
    level: Mapped[int] = mapped_column(Integer)
