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
    """Queue each of ``planned`` that can go (one transaction; each insert in a savepoint, so a
    document another computer queued a moment ago is found, not queued twice)."""
    out: list[Queued] = []
    now = ctx.now()
    with ctx.db.write() as session:
        sender = read_setting(session, SMTP_FROM)
        for p in planned:
            if p.problem:
                out.append(Queued(p, None))
                continue
            key = p.recipients.key
            for _ in range(3):  # another process may take the same copy number meanwhile
                earlier = session.scalars(
                    select(DocumentDelivery)
                    .where(
                        DocumentDelivery.document_key == p.document_key,
                        DocumentDelivery.recipient_key == key,
                    )
                    .order_by(DocumentDelivery.copy.desc())
                ).all()
                if earlier and not again:
                    done = next((d for d in earlier if d.state in DONE), None)
                    if done is not None:
                        at = done.sent_at or done.claimed_at
                        out.append(Queued(p, None, done.state, at))
                        break
                    latest = earlier[0]
                    if latest.state in ("failed", "cancelled"):
                        latest.state, latest.next_attempt_at = "queued", None
                        latest.subject, latest.body = p.subject, p.body
                    out.append(Queued(p, latest.id))
                    break
                copy = (earlier[0].copy + 1) if earlier else 0
                row = DocumentDelivery(
                    kind=p.kind, document_key=p.document_key, recipient_key=key, copy=copy,
                    invoice_id=p.invoice_id, customer_id=p.customer_id,
                    period_start=p.period[0] if p.period else None,
                    period_end=p.period[1] if p.period else None,
                    mode=p.recipients.mode, recipient=", ".join(p.recipients.to),
                    cc=", ".join(p.recipients.cc), message_id=new_message_id(sender),
                    state="queued", subject=p.subject, body=p.body, attempts=0, last_error="",
                    created_at=now,
                )  # fmt: skip
                try:
                    with session.begin_nested():
                        session.add(row)
                except IntegrityError:
                    continue  # queued by another process just now: read it again
                out.append(Queued(p, row.id))
                break
            else:
                out.append(Queued(p, None, "sending", None))
    return out


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
