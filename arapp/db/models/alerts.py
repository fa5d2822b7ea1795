# SPDX-License-Identifier: MIT
"""What a person did with an early warning: dismissed it, or snoozed it until a day.

An alert itself is never stored: it is computed from the books as of a day
(:mod:`arapp.services.alerts`). Only its state is, under the alert's stable key (see
:mod:`arapp.domain.alerts`), so a dismissal or a snooze sticks to the same situation and a new
crossing (a new key) comes up again.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String
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
