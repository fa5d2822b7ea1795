# SPDX-License-Identifier: MIT
"""Collections: reminder policies, per-customer settings, the outbox, and late fees charged.

The unique keys on outbox items and fee charges are what make reminder and fee runs safe to
repeat (after a crash, or from two computers at once).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
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
from arapp.db.models.segments import SEGMENT_VALUES
from arapp.db.types import Money, UtcDateTime


class ReminderPolicy(Base):
    """A named ladder of reminder levels (see :mod:`arapp.domain.reminders`)."""

    __tablename__ = "reminder_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: The ladder of every customer without their own (exactly one policy; the service keeps it).
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)

    levels: Mapped[list[ReminderLevelRow]] = relationship(
        order_by="ReminderLevelRow.level", cascade="all, delete-orphan"
    )
    #: The payment-behaviour segments whose customers get this ladder (migration 0029).
    segments: Mapped[list[ReminderPolicySegment]] = relationship(
        order_by="ReminderPolicySegment.segment", cascade="all, delete-orphan"
    )


class ReminderPolicySegment(Base):
    """A segment whose customers (those without a policy of their own) get this policy
    instead of the default. A segment belongs to one policy at most (the key), so which
    ladder a customer gets is never a matter of order."""

    __tablename__ = "reminder_policy_segment"
    __table_args__ = (CheckConstraint(f"segment IN ({SEGMENT_VALUES})", name="segment"),)

    segment: Mapped[str] = mapped_column(String(20), primary_key=True)
    policy_id: Mapped[int] = mapped_column(
        ForeignKey("reminder_policy.id", ondelete="CASCADE"), index=True
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

    #: The level's subject and body in other languages than English (migration 0025).
    texts: Mapped[list[ReminderLevelText]] = relationship(
        order_by="ReminderLevelText.language", cascade="all, delete-orphan"
    )


class ReminderLevelText(Base):
    """A level's subject and body in one language (``subject`` and ``body`` of the level are
    English, or whatever the owner wrote there before arapp had languages)."""

    __tablename__ = "reminder_level_text"

    level_id: Mapped[int] = mapped_column(
        ForeignKey("reminder_level.id", ondelete="CASCADE"), primary_key=True
    )
    #: ISO 639-1 (arapp.domain.languages), never ``en``.
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class CustomerReminderSetting(Base):
    """How one customer is reminded: another policy, paused until a day, or not at all."""

    __tablename__ = "customer_reminder"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), primary_key=True)
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("reminder_policy.id"), nullable=True)
    paused_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)


class OutboxMessage(Base):
    """One reminder on its way: e-mail, printed letter, or a collections flag.

    States: ``queued`` → ``sending`` (claimed, committed before SMTP is spoken) → ``sent``; or
    ``retry`` (temporary failure, again at ``next_attempt_at``), ``failed`` (permanent, shown for
    action), ``unknown`` (the connection broke after the message was handed over, or the process
    died while sending: shown, never resent without a person deciding), ``cancelled``. An agency
    flag is no message: it is written ``flagged`` and never counts as sent (migration 0017).
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(
            "state IN ('queued', 'sending', 'sent', 'retry', 'failed', 'unknown', 'cancelled',"
            " 'flagged')",
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
