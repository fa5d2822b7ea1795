# SPDX-License-Identifier: MIT
"""Reminder history for tests: a reminder that went out on an earlier day, written straight
into the outbox (as a send on that day would have left it), and a clock that moves."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from arapp.db.models import Invoice, OutboxItem, OutboxMessage
from arapp.services.context import AppContext


def went_out(
    ctx: AppContext, invoice_id: int, level: int, day: date, channel: str = "email"
) -> int:
    """Record that ``level`` of ``invoice_id`` went out on ``day`` (an e-mail, or a printed
    letter); returns the outbox message's id."""
    at = datetime.combine(day, time(9), UTC)
    with ctx.db.write() as session:
        invoice = session.get(Invoice, invoice_id)
        assert invoice is not None
        message = OutboxMessage(
            message_id=f"<history-{invoice_id}-{level}@example.org>",
            customer_id=invoice.customer_id, channel=channel, state="sent", as_of=day,
            subject=f"Level {level}", body="",
            created_at=at, sent_at=at, items=[OutboxItem(invoice_id=invoice_id, level=level)],
        )  # fmt: skip
        session.add(message)
        session.flush()
        return message.id


def set_day(ctx: AppContext, day: date) -> None:
    """Move ``ctx``'s clock to ``day``, 09:00 UTC (today and now agree)."""
    ctx.today = lambda: day
    ctx.now = lambda: datetime.combine(day, time(9), UTC)
