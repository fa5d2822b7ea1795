# SPDX-License-Identifier: MIT
"""What a person did with an early warning (dismissed it, or snoozed it until a day), and the
daily digest of them e-mailed to the owner.

An alert itself is never stored: it is computed from the books as of a day
(:mod:`arapp.services.alerts`). Only its state is, under the alert's stable key (see
:mod:`arapp.domain.alerts`), so a dismissal or a snooze sticks to the same situation and a new
crossing (a new key) comes up again.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from arapp.db.models.base import Base
from arapp.db.types import UtcDateTime


class AlertState(Base):
    """A dismissed or snoozed alert (migration 0027)."""

    __tablename__ = "alert_state"

    #: ``kind:customer:thing:threshold`` (arapp.domain.alerts.alert_key).
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    #: When it was dismissed (for good), and by whom; empty when it is not.
    dismissed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    dismissed_by: Mapped[str] = mapped_column(String(100), default="")
    #: Hidden before this day; shown again from it. Empty when not snoozed.
    snoozed_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    snoozed_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AlertDigest(Base):
    """The daily e-mail to the owner listing the day's alerts (migration 0027), on its way
    through the send loop both outboxes share (:mod:`arapp.services.outbox_loop`): the same
    states, claims, back-off and "unknown" as a reminder's. One per day at most (``day`` is
    unique), so a scheduler running twice queues it once.
    """

    __tablename__ = "alert_digest"
    __table_args__ = (
        CheckConstraint(
            "state IN ('queued', 'sending', 'sent', 'retry', 'failed', 'unknown', 'cancelled')",
            name="state",
        ),
        Index(None, "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The day whose alerts it lists.
    day: Mapped[date] = mapped_column(Date, unique=True)
    recipient: Mapped[str] = mapped_column(String(500))
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
