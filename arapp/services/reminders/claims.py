# SPDX-License-Identifier: MIT
"""What a reminder sent adds to the record of its batch: an entry in its customer's contact log,
in the same transaction (claiming and recording are the send loop's:
:mod:`arapp.services.outbox_claims`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from arapp.db.models import ContactLogEntry, Invoice, OutboxItem, OutboxMessage
from arapp.services.outbox_claims import UNKNOWN, Events

__all__ = ["UNKNOWN", "logged"]


def logged(session: Session, sent: Sequence[tuple[int, datetime]]) -> Events:
    """Log each reminder ``sent`` (id, when) to its customer's contact log."""
    ids = [i for i, _ in sent]
    rows = {
        r.id: r
        for r in session.execute(
            select(OutboxMessage.id, OutboxMessage.customer_id, OutboxMessage.recipient,
                   OutboxMessage.subject)
            .where(OutboxMessage.id.in_(ids))
        )
    }  # fmt: skip
    numbers: dict[int, list[str]] = {}
    for outbox_id, number in session.execute(
        select(OutboxItem.outbox_id, Invoice.number)
        .outerjoin(Invoice, Invoice.id == OutboxItem.invoice_id)
        .where(OutboxItem.outbox_id.in_(ids))
        .order_by(OutboxItem.outbox_id, OutboxItem.id)
    ):
        numbers.setdefault(outbox_id, []).append(number or "")
    session.execute(
        insert(ContactLogEntry),
        [
            {"customer_id": rows[i].customer_id, "at": at, "kind": "email",
             "summary": f"Reminder e-mailed to {rows[i].recipient}: {rows[i].subject} "
             f"(invoices {', '.join(numbers.get(i, []))})"}
            for i, at in sent
        ],
    )  # fmt: skip
    return []
