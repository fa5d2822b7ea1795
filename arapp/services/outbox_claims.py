# SPDX-License-Identifier: MIT
"""Claiming a batch of an outbox's messages and recording what became of it, one transaction
each: the same for reminders (``outbox_message``) and e-mailed documents
(``document_delivery``), whose tables share the columns these read and write.

The claim commits ``sending`` (with the moment it happened) before SMTP is spoken, so no other
process takes these messages; the record commits every outcome of the batch, and gives back the
messages it did not try, as they were. Only rows still carrying this claim's stamp are recorded:
a message another process took for stale meanwhile is not overwritten by guesswork. What an
outbox adds when a message was sent (a contact-log entry, the invoice marked sent) is written by
its own ``on_sent``, in the record's transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session

from arapp.db.models import AlertDigest, DocumentDelivery, OutboxMessage
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity

log = logging.getLogger(__name__)

UNKNOWN = (
    "The program stopped while sending this message; it may or may not have been sent. Check "
    "with the customer or your sent folder, then mark it sent or send it again."
)
#: Waits after the 1st, 2nd ... temporary failure; after the last the message is "failed".
BACKOFF = (
    timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=8),
    timedelta(hours=24),
)  # fmt: skip
#: A message ``sending`` for longer belonged to a process that died: it becomes "unknown".
STALE_AFTER = timedelta(minutes=15)

#: The outbox tables (all have the columns read and written here); the owner's alerts digest
#: (``alert_digest``) goes through the same loop.
Table = type[OutboxMessage] | type[DocumentDelivery] | type[AlertDigest]
#: Events to emit once the record is committed: ``(change, entity, ids)``.
Events = list[tuple[Change, Entity, tuple[int, ...]]]
#: What an outbox writes, in the record's transaction, about its messages sent (id, when).
OnSent = Callable[[Session, Sequence[tuple[int, datetime]]], Events]


def recover_stale(ctx: AppContext, table: Table, now: datetime, stale_after: timedelta) -> int:
    """Messages left ``sending`` by a process that died become ``unknown``; returns how many."""
    with ctx.db.write() as session:
        result = session.execute(
            update(table)
            .where(table.state == "sending", table.claimed_at <= now - stale_after)
            .values(state="unknown", last_error=UNKNOWN)
        )
        return int(cast(CursorResult[Any], result).rowcount or 0)


@dataclass(frozen=True)
class Claim:
    """A batch this process claimed.

    Attributes:
        stamp: When it was claimed (the ``claimed_at`` written; also tells this claim apart).
        ids: The messages now ``sending`` for this process, in order.
        before: Each one's state, attempts and ``claimed_at`` before, to give back one not sent.
        failed: Messages of the batch failed at once, as their e-mail cannot be made.
    """

    stamp: datetime
    ids: tuple[int, ...]
    before: dict[int, tuple[str, int, datetime | None]]
    failed: tuple[int, ...]


def claim_batch(
    ctx: AppContext,
    table: Table,
    ids: Sequence[int],
    ready: Sequence[int],
    problems: Mapping[int, str],
    now: datetime,
) -> Claim:
    """Claim the messages of ``ids`` still waiting, in one transaction: those ``ready`` become
    ``sending``, those with a problem ``failed`` with the reason."""
    with ctx.db.write() as session:
        before = {
            r.id: (r.state, r.attempts, r.claimed_at)
            for r in session.execute(
                select(table.id, table.state, table.attempts, table.claimed_at)
                .where(
                    table.id.in_(list(ids)),
                    table.state.in_(("queued", "retry")),
                    or_(table.next_attempt_at.is_(None), table.next_attempt_at <= now),
                )
                .with_for_update(skip_locked=True)  # PostgreSQL; SQLite's BEGIN IMMEDIATE
            )
        }
        usable = set(ready)
        claimed = tuple(i for i in ids if i in before and i in usable)
        failed = tuple(i for i in ids if i in before and i in problems)
        if claimed:
            session.execute(
                update(table)
                .where(table.id.in_(claimed))
                .values(state="sending", claimed_at=now, attempts=table.attempts + 1)
            )
        for message_id in failed:
            session.execute(
                update(table)
                .where(table.id == message_id)
                .values(state="failed", claimed_at=now, next_attempt_at=None,
                        last_error=problems[message_id])
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
class _Row:
    """A message of a batch being recorded, as plain values that :func:`_finish` changes and
    :func:`record_batch` then writes with one ``UPDATE`` for the batch."""

    id: int
    state: str
    attempts: int
    claimed_at: datetime | None
    next_attempt_at: datetime | None
    sent_at: datetime | None
    last_error: str


_WRITTEN = ("state", "attempts", "claimed_at", "next_attempt_at", "sent_at", "last_error")


def _finish(row: _Row, done: Done) -> None:
    """The outcome ``done`` on its row: a temporary failure waits its back-off (and fails for
    good after the last one), a sent message carries when it went."""
    state, row.last_error = done.state, done.error
    if state == "retry":
        if row.attempts > len(BACKOFF):
            state, row.last_error = "failed", f"Gave up after {row.attempts} attempts: {done.error}"
        else:
            row.next_attempt_at = done.at + BACKOFF[row.attempts - 1]
    row.state = state
    if state == "sent":
        row.sent_at, row.next_attempt_at = done.at, None


def record_batch(
    ctx: AppContext,
    table: Table,
    claim: Claim,
    done: Sequence[Done],
    keep: int | None,
    on_sent: OnSent,
) -> list[str]:
    """Record the outcomes ``done`` of a batch and give back its messages not tried (except
    ``keep``, whose fate is unknown), in one transaction with what ``on_sent`` writes about the
    messages sent; returns the state each outcome left ("" for a message that changed hands),
    and emits ``on_sent``'s events after the commit. The rows are read once and written with
    one ``UPDATE`` for the batch (executemany), not as ORM objects.

    Only rows still carrying this claim are touched: one another process took for stale (it
    made them ``unknown``) gets the outcome this process knows, and is otherwise left alone.
    """
    if not claim.ids:
        return []
    states: list[str] = []
    events: Events = []
    t = table
    with ctx.db.write() as session:
        rows = {
            r.id: _Row(**r._asdict())
            for r in session.execute(
                select(t.id, t.state, t.attempts, t.claimed_at, t.next_attempt_at, t.sent_at,
                       t.last_error)
                .where(t.id.in_(claim.ids))
                .with_for_update()
            )
            if r.claimed_at == claim.stamp and r.state in ("sending", "unknown")
        }  # fmt: skip
        sent: list[tuple[int, datetime]] = []
        for d in done:
            row = rows.get(d.outbox_id)
            if row is None:
                log.warning("%s %d changed hands; left as is", t.__tablename__, d.outbox_id)
                states.append("")
                continue
            _finish(row, d)
            states.append(row.state)
            if row.state == "sent":
                sent.append((row.id, d.at))
        tried = {d.outbox_id for d in done}
        for message_id in claim.ids:
            row = rows.get(message_id)
            if message_id in tried or row is None or row.state != "sending":
                continue
            if message_id == keep:
                row.state, row.last_error = "unknown", UNKNOWN
                continue
            row.state, row.attempts, row.claimed_at = claim.before[message_id]
        if rows:  # every row of the claim is written: unchanged values are written as they were
            session.execute(
                update(table),
                [{"id": r.id, **{k: getattr(r, k) for k in _WRITTEN}} for r in rows.values()],
            )
        if sent:
            events = on_sent(session, sent)
    for change, entity, ids in events:
        ctx.events.emit(change, entity, *ids)
    return states
