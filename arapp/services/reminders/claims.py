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

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload

from arapp.db.models import ContactLogEntry, Invoice, OutboxMessage
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


def record_batch(
    ctx: AppContext,
    claim: Claim,
    done: Sequence[Done],
    keep: int | None,
    finish: Callable[[Session, int, str, datetime, str], None],
) -> list[str]:
    """Record the outcomes ``done`` of a batch (``finish`` records one; a sent one is logged to
    the contact log here) and give back its messages not tried (except ``keep``, whose fate is
    unknown), in one transaction; returns the state each outcome left.

    Only rows still carrying this claim are touched: one another process took for stale (it
    made them ``unknown``) gets the outcome this process knows, and is otherwise left alone.
    """
    if not claim.ids:
        return []
    states = []
    with ctx.db.write() as session:
        rows = {
            r.id: r
            for r in session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.id.in_(claim.ids))
                .options(selectinload(OutboxMessage.items))
                .with_for_update()
            )
            if r.claimed_at == claim.stamp and r.state in ("sending", "unknown")
        }
        numbers = dict(
            session.execute(
                select(Invoice.id, Invoice.number).where(
                    Invoice.id.in_({i.invoice_id for r in rows.values() for i in r.items})
                )
            ).all()
        )
        for d in done:
            row = rows.get(d.outbox_id)
            if row is None:
                log.warning("outbox message %d changed hands meanwhile; left as is", d.outbox_id)
                states.append("")
                continue
            finish(session, d.outbox_id, d.state, d.at, d.error)
            states.append(row.state)
            if row.state == "sent":
                session.add(
                    ContactLogEntry(
                        customer_id=row.customer_id, at=d.at, kind="email",
                        summary=f"Reminder e-mailed to {row.recipient}: {row.subject} (invoices "
                        f"{', '.join(numbers.get(i.invoice_id) or '' for i in row.items)})",
                    )
                )  # fmt: skip
        tried = {d.outbox_id for d in done}
        for outbox_id in claim.ids:
            row = rows.get(outbox_id)
            if outbox_id in tried or row is None or row.state != "sending":
                continue
            if outbox_id == keep:
                row.state, row.last_error = "unknown", UNKNOWN
                continue
            row.state, row.attempts, row.claimed_at = claim.before[outbox_id]
    return states
