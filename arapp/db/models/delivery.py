# SPDX-License-Identifier: MIT
"""Documents e-mailed to customers: invoices, credit notes, fee documents and statements.

A sibling of the reminder outbox (:class:`~arapp.db.models.OutboxMessage`) with the same state
machine and guarantees, kept apart because a reminder's row is keyed by invoice and level while
a document's is keyed by the document and the set of people it goes to.
"""

from __future__ import annotations

from datetime import date, datetime

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
from sqlalchemy.orm import Mapped, mapped_column

from arapp.db.models.base import Base
from arapp.db.types import UtcDateTime


class DocumentDelivery(Base):
    """One document on its way to one set of recipients.

    States as in the reminder outbox: ``queued`` → ``sending`` (claimed, committed before SMTP
    is spoken) → ``sent``; or ``retry`` (temporary failure, again at ``next_attempt_at``),
    ``failed`` (refused for good, shown for action), ``unknown`` (the hand-over broke, or the
    process died while sending: never resent without a person deciding), ``cancelled``.

    The unique ``(document_key, recipient_key, copy)`` makes a document go once to the same
    people, also after a crash or from two computers: a new copy ("send again") is a new row
    with the next ``copy``.
    """

    __tablename__ = "document_delivery"
    __table_args__ = (
        CheckConstraint(
            "state IN ('queued', 'sending', 'sent', 'retry', 'failed', 'unknown', 'cancelled')",
            name="state",
        ),
        CheckConstraint("kind IN ('invoice', 'statement')", name="kind"),
        UniqueConstraint("document_key", "recipient_key", "copy"),
        Index(None, "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``invoice`` (also credit notes and fee documents) or ``statement``.
    kind: Mapped[str] = mapped_column(String(20))
    #: ``invoice:<id>`` or ``statement:<customer id>:<first day>:<last day>``.
    document_key: Mapped[str] = mapped_column(String(100))
    #: SHA-256 of the sorted, lower-cased To and Cc addresses.
    recipient_key: Mapped[str] = mapped_column(String(64))
    #: 0 for the first delivery, 1, 2 ... for each copy a person asked to send again.
    copy: Mapped[int] = mapped_column(Integer, default=0)
    invoice_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoice.id"), nullable=True, index=True
    )
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    period_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: How it goes: ``email-pdf`` or ``email-einvoice`` (which attachments are made).
    mode: Mapped[str] = mapped_column(String(20), default="email-pdf")
    recipient: Mapped[str] = mapped_column(String(1000))
    cc: Mapped[str] = mapped_column(String(1000), default="")
    #: The RFC 5322 Message-ID header, fixed when queued (a retry carries the same one).
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    state: Mapped[str] = mapped_column(String(20), default="queued")
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    #: Who marked it sent after its fate was unknown (they saw it leave); empty when the mail
    #: server's acceptance recorded it (migration 0026).
    confirmed_by: Mapped[str] = mapped_column(String(200), default="")
