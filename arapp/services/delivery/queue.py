# SPDX-License-Identifier: MIT
"""Putting documents into the delivery outbox, once per document and recipient set.

The unique ``(document_key, recipient_key, copy)`` of :class:`DocumentDelivery` is the rule:
asked again for the same people, the document is not queued again; the caller is told when it
went (or that its fate is unknown). "Send again" queues the next copy, a delivery of its own.
A delivery that failed or was cancelled (nothing went out) is queued afresh; one that waits
(queued, retrying) is simply sent with the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import DocumentDelivery
from arapp.mail.message import new_message_id
from arapp.services.context import AppContext
from arapp.services.delivery.documents import Planned
from arapp.services.settings import SMTP_FROM, read_setting

#: States a person must act on or that are done: a plain send does not queue these again.
DONE = ("sent", "unknown", "sending")


@dataclass(frozen=True)
class Queued:
    """What queueing one planned document did.

    Attributes:
        planned: The document.
        delivery_id: Its delivery (new, or the one waiting); ``None`` when nothing is to send.
        earlier: ``sent``, ``unknown`` or ``sending`` when an earlier delivery to the same
            people stops this one (nothing queued), else empty.
        earlier_at: When that earlier delivery was sent (or claimed).
    """

    planned: Planned
    delivery_id: int | None
    earlier: str = ""
    earlier_at: datetime | None = None


def queue_documents(
    ctx: AppContext, planned: Sequence[Planned], again: bool = False
) -> list[Queued]:
    """Queue each of ``planned`` that can go, in one transaction: the earlier deliveries of all
    of them read at once and the new ones inserted together, in a savepoint; should another
    computer have queued one of them a moment ago (the unique key refuses the batch), each is
    queued on its own instead (:func:`_queue_one`), so it is found, not queued twice."""
    now = ctx.now()
    with ctx.db.write() as session:
        sender = read_setting(session, SMTP_FROM)
        earlier: dict[tuple[str, str], list[DocumentDelivery]] = {}
        keys = sorted({p.document_key for p in planned if not p.problem})
        for chunk in chunked(keys):
            for row in session.scalars(
                select(DocumentDelivery)
                .where(DocumentDelivery.document_key.in_(chunk))
                .order_by(DocumentDelivery.copy.desc())
            ):
                earlier.setdefault((row.document_key, row.recipient_key), []).append(row)
        out: list[Queued | None] = []
        fresh: dict[tuple[str, str], DocumentDelivery] = {}
        for p in planned:
            key = (p.document_key, p.recipients.key)
            if p.problem:
                out.append(Queued(p, None))
            elif key in fresh:
                out.append(None)  # the same document twice: the row being added
            elif (found := _found(p, earlier.get(key, []), again)) is not None:
                out.append(found)
            else:
                rows = earlier.get(key, [])
                fresh[key] = _row(p, (rows[0].copy + 1) if rows else 0, sender, now)
                out.append(None)
        session.flush()  # failed ones queued afresh stay so, whatever becomes of the savepoint
        try:
            with session.begin_nested():
                session.add_all(fresh.values())
        except IntegrityError:  # another process queued one meanwhile: one at a time
            return [
                q or _queue_one(session, p, again, sender, now)
                for p, q in zip(planned, out, strict=True)
            ]
        return [
            q or Queued(p, fresh[(p.document_key, p.recipients.key)].id)
            for p, q in zip(planned, out, strict=True)
        ]


def _found(p: Planned, earlier: Sequence[DocumentDelivery], again: bool) -> Queued | None:
    """What earlier deliveries of ``p`` to the same people make of it: sent (or unknown, or
    being sent) stops a plain send; one waiting is sent; one failed or cancelled is queued
    afresh. ``None`` when a new delivery is to be queued."""
    if not earlier or again:
        return None
    done = next((d for d in earlier if d.state in DONE), None)
    if done is not None:
        return Queued(p, None, done.state, done.sent_at or done.claimed_at)
    latest = earlier[0]
    if latest.state in ("failed", "cancelled"):
        latest.state, latest.next_attempt_at = "queued", None
        latest.subject, latest.body = p.subject, p.body
    return Queued(p, latest.id)


def _row(p: Planned, copy: int, sender: str, now: datetime) -> DocumentDelivery:
    return DocumentDelivery(
        kind=p.kind, document_key=p.document_key, recipient_key=p.recipients.key, copy=copy,
        invoice_id=p.invoice_id, customer_id=p.customer_id,
        period_start=p.period[0] if p.period else None,
        period_end=p.period[1] if p.period else None,
        mode=p.recipients.mode, recipient=", ".join(p.recipients.to),
        cc=", ".join(p.recipients.cc), message_id=new_message_id(sender),
        state="queued", subject=p.subject, body=p.body, attempts=0, last_error="",
        created_at=now,
    )  # fmt: skip


def _queue_one(session: Session, p: Planned, again: bool, sender: str, now: datetime) -> Queued:
    """Queue ``p`` on its own (a savepoint for the insert, read again when another process
    took the same copy number meanwhile)."""
    for _ in range(3):
        earlier = session.scalars(
            select(DocumentDelivery)
            .where(
                DocumentDelivery.document_key == p.document_key,
                DocumentDelivery.recipient_key == p.recipients.key,
            )
            .order_by(DocumentDelivery.copy.desc())
        ).all()
        found = _found(p, earlier, again)
        if found is not None:
            return found
        row = _row(p, (earlier[0].copy + 1) if earlier else 0, sender, now)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            continue  # queued by another process just now: read it again
        return Queued(p, row.id)
    return Queued(p, None, "sending", None)


def delivery_count(ctx: AppContext) -> int:
    with ctx.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(DocumentDelivery)) or 0)


def waiting_deliveries(ctx: AppContext) -> int:
    """How many document e-mails wait to go (queued, or a retry)."""
    with ctx.db.read() as session:
        query = select(func.count()).where(DocumentDelivery.state.in_(("queued", "retry")))
        return int(session.scalar(query) or 0)


def delivery_problems(ctx: AppContext, ids: Sequence[int]) -> list[tuple[str, str, str]]:
    """(subject, recipient, what went wrong) of the deliveries ``ids``, in id order."""
    with ctx.db.read() as session:
        rows = session.execute(
            select(
                DocumentDelivery.subject, DocumentDelivery.recipient, DocumentDelivery.last_error
            )
            .where(DocumentDelivery.id.in_(list(ids)))
            .order_by(DocumentDelivery.id)
        ).all()
    return [(r.subject, r.recipient, r.last_error) for r in rows]
