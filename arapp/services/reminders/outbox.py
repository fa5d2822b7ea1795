# SPDX-License-Identifier: MIT
"""The reminder outbox: sending it exactly once, a batch at a time, through the send loop both
outboxes share (:mod:`arapp.services.outbox_loop`: made ready ahead, claimed, sent over one
connection, recorded, back-off, "unknown" after a broken hand-over or a process that died), and
what a person does with its messages (list, mark sent, send again, cancel). The reminders'
own parts: their e-mails (:mod:`.outgoing`) and the contact-log entry of one sent
(:mod:`.claims`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select

from arapp.db.chunks import chunked
from arapp.db.models import OutboxItem, OutboxMessage
from arapp.services import outbox_claims
from arapp.services.context import AppContext
from arapp.services.errors import NotFound, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.outbox_claims import BACKOFF, STALE_AFTER
from arapp.services.outbox_loop import BATCH, Made, Outbox, SendReport, Transport, send_batches
from arapp.services.reminders import outgoing
from arapp.services.reminders.claims import logged
from arapp.services.reminders.mailer import MailProblem, Sender, sender
from arapp.services.settings import REMINDERS_ATTACH_PDF, get_setting

log = logging.getLogger(__name__)

STATES = ("queued", "sending", "sent", "retry", "failed", "unknown", "cancelled", "flagged")
#: The state of a customer marked for the collections agency: nothing was sent. Rows written
#: before this state existed say ``sent``; their channel ``flag`` tells them apart, and
#: :class:`OutboxRecord` and every count here read them as flagged.
FLAGGED = "flagged"


@dataclass(frozen=True)
class OutboxRecord:
    """A message in the outbox.

    Attributes:
        id: Database id.
        customer_id: Customer.
        channel: ``email``, ``letter`` or ``flag``.
        state: One of :data:`STATES`; always :data:`FLAGGED` for channel ``flag``.
        recipient: Address(es).
        subject: Subject.
        invoice_ids: The invoices it reminds of.
        levels: Their levels, in the same order.
        attempts: Sending attempts so far.
        next_attempt_at: When a retry is due.
        last_error: What went wrong last.
        as_of: The day of the run that queued it.
        message_id: The Message-ID header.
    """

    id: int
    customer_id: int
    channel: str
    state: str
    recipient: str
    subject: str
    invoice_ids: tuple[int, ...]
    levels: tuple[int, ...]
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    as_of: date
    message_id: str


def shown_state(channel: str, state: str) -> str:
    """The state to show and count: a collections flag is :data:`FLAGGED`, never ``sent``
    (also the rows written before that state existed)."""
    return FLAGGED if channel == "flag" and state != "cancelled" else state


def _record(row: OutboxMessage) -> OutboxRecord:
    return OutboxRecord(
        row.id, row.customer_id, row.channel, shown_state(row.channel, row.state),
        row.recipient, row.subject,
        tuple(i.invoice_id for i in row.items), tuple(i.level for i in row.items), row.attempts,
        row.next_attempt_at, row.last_error, row.as_of, row.message_id,
    )  # fmt: skip


def recover_stale(ctx: AppContext, now: datetime, stale_after: timedelta = STALE_AFTER) -> int:
    """Messages left ``sending`` by a process that died become ``unknown``; returns how many."""
    return outbox_claims.recover_stale(ctx, OutboxMessage, now, stale_after)


def send_outbox(
    ctx: AppContext,
    transport: Transport,
    *,
    now: datetime | None = None,
    stale_after: timedelta = STALE_AFTER,
    ids: Sequence[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    batch: int = BATCH,
) -> SendReport:
    """Send the queued e-mails (all, or ``ids``) and retries that are due, each at most once,
    through the shared loop (:func:`~arapp.services.outbox_loop.send_batches`, which says how);
    closes ``transport``. ``should_stop`` is asked before each message: the rest stay queued.
    """
    attach = get_setting(ctx, REMINDERS_ATTACH_PDF)
    who: list[Sender] = []  # read when something is to be sent (none set: then an error)

    def make(needed: Sequence[int], ahead: Sequence[int]) -> dict[int, Made]:
        who[:] = who or [sender(ctx)]
        return outgoing.outgoing(ctx, who[0], needed, attach, ahead)

    reminders = Outbox(OutboxMessage, make, logged, (OutboxMessage.channel == "email",))
    report, todo = send_batches(
        ctx, transport, reminders, ids, now=now, stale_after=stale_after, progress=progress,
        should_stop=should_stop, batch=batch,
    )  # fmt: skip
    if todo:
        ctx.events.emit(Change.OUTBOX_CHANGED, Entity.OUTBOX_MESSAGE, *todo)
    return report


def _in_states(states: Sequence[str]) -> ColumnElement[bool]:
    """Messages whose shown state (:func:`shown_state`) is one of ``states``."""
    stored = [s for s in states if s != FLAGGED]
    others = and_(OutboxMessage.channel != "flag", OutboxMessage.state.in_(stored))
    if "cancelled" in stored:
        others = or_(others, OutboxMessage.state == "cancelled")
    if FLAGGED not in states:
        return others
    return or_(others, and_(OutboxMessage.channel == "flag", OutboxMessage.state != "cancelled"))


def list_outbox(ctx: AppContext, states: Sequence[str] | None = None) -> list[OutboxRecord]:
    """The messages (all, or those whose shown state is one of ``states``), oldest first."""
    with ctx.db.read() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if states:
            query = query.where(_in_states(states))
        return [_record(r) for r in session.scalars(query)]


@dataclass(frozen=True)
class OutboxWaiting:
    """What waits in the outbox, by what it waits for.

    Attributes:
        queued: E-mails not tried yet: they go with the next send (or once an account is set).
        retrying: E-mails a temporary failure put off; tried again by themselves later.
        sending: E-mails being sent right now.
        unknown: E-mails whose fate is unknown: a person must decide.
        failed: E-mails the server refused: a person must act.
        letters: Letters waiting to be printed and marked sent.
    """

    queued: int = 0
    retrying: int = 0
    sending: int = 0
    unknown: int = 0
    failed: int = 0
    letters: int = 0

    @property
    def total(self) -> int:
        """Every message that waits for something."""
        return (
            self.queued + self.retrying + self.sending + self.unknown + self.failed + self.letters
        )


_WAITING_FIELD = {"queued": "queued", "retry": "retrying", "sending": "sending",
                  "unknown": "unknown", "failed": "failed"}  # fmt: skip


def outbox_waiting(ctx: AppContext) -> OutboxWaiting:
    """How many messages wait in the outbox, by state (one grouped count; sent, cancelled and
    flagged ones are done and not read)."""
    counts: dict[str, int] = {}
    with ctx.db.read() as session:
        rows = session.execute(
            select(OutboxMessage.channel, OutboxMessage.state, func.count())
            .where(OutboxMessage.state.in_(list(_WAITING_FIELD)))
            .group_by(OutboxMessage.channel, OutboxMessage.state)
        )
        for channel, state, n in rows:
            if channel == "email":
                counts[_WAITING_FIELD[state]] = counts.get(_WAITING_FIELD[state], 0) + n
            elif channel == "letter":
                counts["letters"] = counts.get("letters", 0) + n
    return OutboxWaiting(**counts)


def _act(ctx: AppContext, ids: Sequence[int], allowed: tuple[str, ...],
         change: Callable[[OutboxMessage], None]) -> list[OutboxRecord]:  # fmt: skip
    with ctx.db.write() as session:
        rows = []
        for outbox_id in ids:
            row = session.get(OutboxMessage, outbox_id, with_for_update=True)
            if row is None:
                raise NotFound(f"Outbox message #{outbox_id} does not exist.")
            if row.state not in allowed:
                raise ServiceError(
                    f"Outbox message #{outbox_id} is {row.state}; this needs one that is "
                    f"{' or '.join(allowed)}."
                )
            change(row)
            rows.append(_record(row))
    ctx.events.emit(Change.OUTBOX_CHANGED, Entity.OUTBOX_MESSAGE, *ids)
    return rows


def mark_sent(ctx: AppContext, ids: Sequence[int]) -> list[OutboxRecord]:
    """A person confirmed these were sent (e.g. found in the sent folder)."""
    now = ctx.now()

    def change(row: OutboxMessage) -> None:
        row.state, row.sent_at, row.next_attempt_at = "sent", now, None
        row.last_error = ""

    return _act(ctx, ids, ("unknown", "failed", "retry", "queued"), change)


def send_again(ctx: AppContext, ids: Sequence[int]) -> list[OutboxRecord]:
    """A person decided these go out (again): queued for the next send."""

    def change(row: OutboxMessage) -> None:
        row.state, row.next_attempt_at = "queued", None

    return _act(ctx, ids, ("unknown", "failed", "retry"), change)


def cancel(ctx: AppContext, ids: Sequence[int]) -> list[OutboxRecord]:
    """Do not send these; their levels count as done (they are not queued again)."""

    def change(row: OutboxMessage) -> None:
        row.state, row.next_attempt_at = "cancelled", None

    return _act(ctx, ids, ("queued", "retry", "failed", "unknown"), change)


def channels_of(ctx: AppContext, ids: Sequence[int]) -> dict[int, str]:
    """The channel (``email``, ``letter``, ``flag``) of each message ``ids``."""
    found: dict[int, str] = {}
    with ctx.db.read() as session:
        for chunk in chunked(list(ids)):
            rows = session.execute(
                select(OutboxMessage.id, OutboxMessage.channel).where(OutboxMessage.id.in_(chunk))
            )
            found.update((outbox_id, channel) for outbox_id, channel in rows)
    return found


def items_of(ctx: AppContext, outbox_id: int) -> list[tuple[int, int]]:
    with ctx.db.read() as session:
        return [
            (a, b)
            for a, b in session.execute(
                select(OutboxItem.invoice_id, OutboxItem.level).where(
                    OutboxItem.outbox_id == outbox_id
                )
            )
        ]


__all__ = ["BACKOFF", "MailProblem", "SendReport", "Transport", "send_outbox"]
