# SPDX-License-Identifier: MIT
"""Sending the outbox exactly once, a batch at a time.

A batch of messages is made ready first (read, PDFs rendered: :mod:`.outgoing`), then *claimed*
in one transaction that commits ``sending`` before SMTP is spoken (:mod:`.claims`), so two
processes never send the same message; a message whose invoice cannot be printed fails there,
alone, with the reason. The batch goes over the one connection, and its outcomes are committed
together after: ``sent`` (and a contact-log entry, same transaction), ``retry`` with back-off
for temporary failures, ``failed`` for permanent ones, ``unknown`` when the connection broke
after the message was handed over; messages not tried (the person stopped, the account became
unusable) are given back as they were. Claims and outcomes carry the moment they happened.
A message still ``sending`` after ``stale_after`` belonged to a process that died between SMTP
and the commit: it becomes ``unknown``, shown and never resent until a person says "mark sent"
or "send again".
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import ColumnElement, CursorResult, Result, and_, func, or_, select, update
from sqlalchemy.orm import Session

from arapp.db.chunks import chunked
from arapp.db.models import OutboxItem, OutboxMessage
from arapp.mail.message import OutgoingMail
from arapp.mail.smtp import MailError, PermanentFailure, TemporaryFailure, UnknownOutcome
from arapp.services.context import AppContext
from arapp.services.errors import NotFound, ServiceError
from arapp.services.events import Change, Entity
from arapp.services.reminders.claims import (
    UNKNOWN,
    Done,
    batch_row,
    claim_batch,
    record_batch,
)
from arapp.services.reminders.mailer import MailProblem, sender
from arapp.services.reminders.outgoing import Ahead
from arapp.services.settings import REMINDERS_ATTACH_PDF, get_setting

log = logging.getLogger(__name__)

#: Waits after the 1st, 2nd ... temporary failure; after the last the message is "failed".
BACKOFF = (
    timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=8),
    timedelta(hours=24),
)  # fmt: skip
STALE_AFTER = timedelta(minutes=15)
STATES = ("queued", "sending", "sent", "retry", "failed", "unknown", "cancelled", "flagged")
#: The state of a customer marked for the collections agency: nothing was sent. Rows written
#: before this state existed say ``sent``; their channel ``flag`` tells them apart, and
#: :class:`OutboxRecord` and every count here read them as flagged.
FLAGGED = "flagged"
#: Messages claimed, sent and recorded together. Two commits serve this many messages instead
#: of three each; the price is the crash window: a process that dies mid-batch leaves up to this
#: many claimed, and after STALE_AFTER they are all "unknown" for a person to decide (never
#: resent on their own), even those it had not tried yet. Measured on a loaded 2-core machine
#: (a local server took ~15 ms a message), claiming and recording cost ~3.5 ms a message at 20
#: and ~1.8 ms at 50: 20 keeps a crash's list of "unknown" short for little speed. A batch also
#: ends after STALE_AFTER / 2, so a slow server cannot make another process take a batch in
#: progress for stale; the rest of it is given back and claimed again. Making messages ready (the
#: reads and the PDFs) claims nothing, so it goes :data:`~.outgoing.AHEAD` at a time, and a
#: batch's outcomes are written with one UPDATE and one INSERT: its fixed cost is two commits.
BATCH = 20


class Transport(Protocol):
    """What sends: :class:`arapp.mail.smtp.SmtpTransport`, or a test double."""

    def send(self, mail: OutgoingMail) -> None: ...

    def close(self) -> None: ...


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


@dataclass(frozen=True)
class SendReport:
    """What a send run did (outbox ids by outcome).

    Attributes:
        sent: Sent and confirmed.
        retry: Deferred; tried again later.
        failed: Refused for good; a person must act.
        unknown: Fate unknown; a person must decide.
        stopped: Why the run stopped early (account unusable), or empty.
        cancelled: The caller's ``should_stop`` stopped it; the rest stay queued.
    """

    sent: tuple[int, ...] = ()
    retry: tuple[int, ...] = ()
    failed: tuple[int, ...] = ()
    unknown: tuple[int, ...] = ()
    stopped: str = ""
    cancelled: bool = False

    @classmethod
    def of(
        cls, outcome: Mapping[str, Sequence[int]], stopped: str = "", cancelled: bool = False
    ) -> SendReport:
        """The report of ids listed by outcome (``"sent"``, ``"retry"``, ...)."""
        sent, retry, failed, unknown = (
            tuple(outcome[k]) for k in ("sent", "retry", "failed", "unknown")
        )
        return cls(sent, retry, failed, unknown, stopped, cancelled)


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
    with ctx.db.write() as session:
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.state == "sending", OutboxMessage.claimed_at <= now - stale_after)
            .values(state="unknown", last_error=UNKNOWN)
        )
        return _rowcount(result)


def _rowcount(result: Result[Any]) -> int:
    """The rows an UPDATE matched (its result is a ``CursorResult``; ``Session.execute`` does not
    say so in its type)."""
    return int(cast(CursorResult[Any], result).rowcount or 0)


def _finish(session: Session, outbox_id: int, state: str, now: datetime, error: str = "") -> None:
    """Record the outcome of a claimed message in the batch's transaction (which also logs a
    sent one to the contact log); ``now`` is when this message was handed over."""
    row = batch_row(session, outbox_id)
    row.last_error = error
    if state == "retry":
        if row.attempts > len(BACKOFF):
            state, row.last_error = "failed", f"Gave up after {row.attempts} attempts: {error}"
        else:
            row.next_attempt_at = now + BACKOFF[row.attempts - 1]
    row.state = state
    if state == "sent":
        row.sent_at, row.next_attempt_at = now, None


def _hand_over(transport: Transport, mail: OutgoingMail) -> tuple[str, str, bool]:
    """Send one message: its state, the error, and whether the account is unusable."""
    try:
        transport.send(mail)
    except TemporaryFailure as exc:
        return "retry", str(exc), False
    except PermanentFailure as exc:
        return "failed", str(exc), False
    except UnknownOutcome as exc:
        return "unknown", str(exc), False
    except MailError as exc:  # the account is unusable: give it back, stop the run
        return "retry", str(exc), True
    return "sent", "", False


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
    """Send the queued e-mails (all, or ``ids``) and retries that are due, each at most once.

    ``batch`` messages at a time are made ready (PDFs rendered), claimed in one transaction,
    sent over the one connection, and their outcomes recorded in one transaction. Claims and
    outcomes are stamped by the clock (``ctx.now``) when they happen; ``now`` pins the clock.
    ``should_stop`` is asked before each message: the rest stay queued.
    """
    clock: Callable[[], datetime] = ctx.now if now is None else lambda: now
    recover_stale(ctx, clock(), stale_after)
    with ctx.db.read() as session:
        query = select(OutboxMessage.id).where(
            OutboxMessage.channel == "email",
            OutboxMessage.state.in_(("queued", "retry")),
            or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= clock()),
        )
        if ids is not None:
            query = query.where(OutboxMessage.id.in_(list(ids)))
        todo = list(session.scalars(query.order_by(OutboxMessage.id)))
    if not todo:
        return SendReport()
    attach = get_setting(ctx, REMINDERS_ATTACH_PDF)
    outcome: dict[str, list[int]] = {"sent": [], "retry": [], "failed": [], "unknown": []}
    stopped, cancelled, count = "", False, 0
    waiting = deque(todo)
    try:
        ahead = Ahead(ctx, sender(ctx), attach)
        while waiting and not stopped and not cancelled:
            chunk = [waiting.popleft() for _ in range(min(max(batch, 1), len(waiting)))]
            ready = ahead.take(chunk, waiting)  # PDFs rendered before the claim
            claim = claim_batch(ctx, ready, chunk, clock())
            outcome["failed"].extend(claim.failed)
            count += len(claim.failed)
            done: list[Done] = []
            current: int | None = None
            try:
                for outbox_id in claim.ids:
                    if should_stop is not None and should_stop():
                        cancelled = True
                        break
                    if done and clock() - claim.stamp > stale_after / 2:
                        break  # record this batch before another process could take it for stale
                    current = outbox_id
                    state, error, unusable = _hand_over(transport, ready.mails[outbox_id])
                    done.append(Done(outbox_id, state, clock(), error))
                    current = None
                    count += 1
                    if progress is not None:
                        progress(count, len(todo))
                    if unusable:
                        stopped = error
                        break
            finally:  # also on an unexpected error: what is known is recorded, the rest given back
                states = record_batch(ctx, claim, done, current, _finish)
            for d, state in zip(done, states, strict=True):
                if state:  # else another process has it now
                    outcome[state].append(d.outbox_id)
            waiting.extendleft(reversed(claim.ids[len(done) :]))  # given back: claimed again
    finally:
        transport.close()
    report = SendReport.of(outcome, stopped, cancelled)
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


__all__ = ["MailProblem", "SendReport", "send_outbox"]
