# SPDX-License-Identifier: MIT
"""Claiming a batch of outbox messages and recording what became of it, one transaction each.

The claim commits ``sending`` (with the moment it happened) before SMTP is spoken, so no other
process takes these messages; the record commits every outcome of the batch, and gives back the
messages it did not try, as they were. Only rows still carrying this claim's stamp are recorded:
a message another process took for stale meanwhile is not overwritten by guesswork.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from arapp.db.models import ContactLogEntry, Invoice, OutboxItem, OutboxMessage
from arapp.services.context import AppContext
from arapp.services.reminders.outgoing import Outgoing

log = logging.getLogger(__name__)

UNKNOWN = (
    "The program stopped while sending this message; it may or may not have been sent. Check "
    "with the customer or your sent folder, then mark it sent or send it again."
)


@dataclass(frozen=True)
class Claim:
    """A batch this process claimed.

    Attributes:
        stamp: When it was claimed (the ``claimed_at`` written; also tells this claim apart).
        ids: The messages now ``sending`` for this process, in order.
        before: Each one's state, attempts and ``claimed_at`` before, to give back one not sent.
        failed: Messages of the batch failed at once, as their invoice cannot be printed.
    """

    stamp: datetime
    ids: tuple[int, ...]
    before: dict[int, tuple[str, int, datetime | None]]
    failed: tuple[int, ...]


def claim_batch(ctx: AppContext, ready: Outgoing, ids: Sequence[int], now: datetime) -> Claim:
    """Claim the messages of ``ids`` still waiting, in one transaction: those ``ready`` become
    ``sending``, those whose PDF cannot be made ``failed`` with the reason."""
    with ctx.db.write() as session:
        before = {
            r.id: (r.state, r.attempts, r.claimed_at)
            for r in session.execute(
                select(
                    OutboxMessage.id, OutboxMessage.state, OutboxMessage.attempts,
                    OutboxMessage.claimed_at,
                )
                .where(
                    OutboxMessage.id.in_(list(ids)),
                    OutboxMessage.state.in_(("queued", "retry")),
                    or_(OutboxMessage.next_attempt_at.is_(None),
                        OutboxMessage.next_attempt_at <= now),
                )
                .with_for_update(skip_locked=True)  # PostgreSQL; SQLite's BEGIN IMMEDIATE
            )
        }  # fmt: skip
        claimed = tuple(i for i in ids if i in before and i in ready.mails)
        failed = tuple(i for i in ids if i in before and i in ready.problems)
        if claimed:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(claimed))
                .values(state="sending", claimed_at=now, attempts=OutboxMessage.attempts + 1)
            )
        for outbox_id in failed:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == outbox_id)
                .values(state="failed", claimed_at=now, next_attempt_at=None,
                        last_error=ready.problems[outbox_id])
            )  # fmt: skip
    return Claim(now, claimed, {i: before[i] for i in claimed}, failed)


@dataclass(frozen=True)
class Done:
    """What became of one claimed message.

    Attributes:
        outbox_id: The message.
        state: ``sent``, ``retry``, ``failed`` or ``unknown``.
        at: When it was handed over (or refused).
        error: What went wrong, if anything.
    """

    outbox_id: int
    state: str
    at: datetime
    error: str = ""


@dataclass(slots=True)
class BatchRow:
    """An outbox message of a batch being recorded, as plain values that ``finish`` changes and
    :func:`record_batch` then writes with one ``UPDATE`` for the batch (mutable on purpose: it is
    the outcome being made, not a record handed around).

    Attributes:
        id: The message.
        state: Its state.
        attempts: Sending attempts so far.
        claimed_at: When it was claimed.
        next_attempt_at: When a retry is due.
        sent_at: When it was sent.
        last_error: What went wrong last.
        customer_id: Its customer (for the contact log).
        recipient: Its address(es) (for the contact log).
        subject: Its subject (for the contact log).
    """

    id: int
    state: str
    attempts: int
    claimed_at: datetime | None
    next_attempt_at: datetime | None
    sent_at: datetime | None
    last_error: str
    customer_id: int
    recipient: str
    subject: str


_ROWS = "arapp.reminders.batch_rows"
_WRITTEN = ("state", "attempts", "claimed_at", "next_attempt_at", "sent_at", "last_error")


def batch_row(session: Session, outbox_id: int) -> BatchRow:
    """The row of ``outbox_id`` in the batch :func:`record_batch` is recording in ``session``."""
    rows: dict[int, BatchRow] = session.info[_ROWS]
    return rows[outbox_id]


def record_batch(
    ctx: AppContext,
    claim: Claim,
    done: Sequence[Done],
    keep: int | None,
    finish: Callable[[Session, int, str, datetime, str], None],
) -> list[str]:
    """Record the outcomes ``done`` of a batch (``finish`` records one on its
    :func:`batch_row`; a sent one is logged to the contact log here) and give back its messages
    not tried (except ``keep``, whose fate is unknown), in one transaction; returns the state
    each outcome left. The rows are read once and written with one ``UPDATE`` and one
    ``INSERT`` for the batch (executemany), not as ORM objects (~3 ms a message).

    Only rows still carrying this claim are touched: one another process took for stale (it
    made them ``unknown``) gets the outcome this process knows, and is otherwise left alone.
    """
    if not claim.ids:
        return []
    states = []
    t = OutboxMessage
    with ctx.db.write() as session:
        rows = {
            r.id: BatchRow(**r._asdict())
            for r in session.execute(
                select(
                    t.id, t.state, t.attempts, t.claimed_at, t.next_attempt_at, t.sent_at,
                    t.last_error, t.customer_id, t.recipient, t.subject,
                )
                .where(t.id.in_(claim.ids))
                .with_for_update()
            )
            if r.claimed_at == claim.stamp and r.state in ("sending", "unknown")
        }  # fmt: skip
        numbers: dict[int, list[str]] = {}
        for outbox_id, number in session.execute(
            select(OutboxItem.outbox_id, Invoice.number)
            .outerjoin(Invoice, Invoice.id == OutboxItem.invoice_id)
            .where(OutboxItem.outbox_id.in_(list(rows)))
            .order_by(OutboxItem.outbox_id, OutboxItem.id)
        ):
            numbers.setdefault(outbox_id, []).append(number or "")
        session.info[_ROWS] = rows
        contacts = []
        try:
            for d in done:
                row = rows.get(d.outbox_id)
                if row is None:
                    log.warning(
                        "outbox message %d changed hands meanwhile; left as is", d.outbox_id
                    )
                    states.append("")
                    continue
                finish(session, d.outbox_id, d.state, d.at, d.error)
                states.append(row.state)
                if row.state == "sent":
                    contacts.append(
                        {"customer_id": row.customer_id, "at": d.at, "kind": "email",
                         "summary": f"Reminder e-mailed to {row.recipient}: {row.subject} "
                         f"(invoices {', '.join(numbers.get(row.id, []))})"}
                    )  # fmt: skip
        finally:
            del session.info[_ROWS]
        tried = {d.outbox_id for d in done}
        for outbox_id in claim.ids:
            row = rows.get(outbox_id)
            if outbox_id in tried or row is None or row.state != "sending":
                continue
            if outbox_id == keep:
                row.state, row.last_error = "unknown", UNKNOWN
                continue
            row.state, row.attempts, row.claimed_at = claim.before[outbox_id]
        if rows:  # every row of the claim is written: unchanged values are written as they were
            session.execute(
                update(OutboxMessage),
                [{"id": r.id, **{k: getattr(r, k) for k in _WRITTEN}} for r in rows.values()],
            )
        if contacts:
            session.execute(insert(ContactLogEntry), contacts)
    return states
