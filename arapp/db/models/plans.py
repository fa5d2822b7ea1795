# SPDX-License-Identifier: MIT
"""Payment plans: open invoices paid in instalments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arapp.db.models.base import Base
from arapp.db.types import Money, UtcDateTime


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
