# SPDX-License-Identifier: MIT
"""One send loop for both outboxes (reminders, and e-mailed invoices, credit notes and
statements): what they share lives here, what each one's messages are stays in its package.

Messages are made ready ahead of their batches (read, attachments made: :class:`Ahead`), then a
batch is *claimed* in one transaction that commits ``sending`` before SMTP is spoken
(:mod:`~arapp.services.outbox_claims`), so two processes never send the same message; a message
whose e-mail cannot be made (an invoice that cannot be printed) fails there, alone, with the
reason. The batch goes over the one connection, and its outcomes are committed together after:
``sent`` (with what the outbox adds, same transaction), ``retry`` with back-off for temporary
failures, ``failed`` for permanent ones, ``unknown`` when the connection broke after the message
was handed over; messages not tried (the person stopped, the account became unusable) are given
back as they were. Claims and outcomes carry the moment they happened. A message still
``sending`` after ``stale_after`` belonged to a process that died between SMTP and the commit:
it becomes ``unknown``, never resent until a person decides.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import Any, Protocol

from sqlalchemy import ColumnElement, or_, select

from arapp.mail.message import OutgoingMail
from arapp.mail.smtp import MailError, PermanentFailure, TemporaryFailure, UnknownOutcome
from arapp.services.context import AppContext
from arapp.services.outbox_claims import (
    STALE_AFTER,
    Done,
    OnSent,
    Table,
    claim_batch,
    record_batch,
    recover_stale,
)

#: Messages claimed, sent and recorded together. Two commits serve this many messages instead
#: of three each; the price is the crash window: a process that dies mid-batch leaves up to this
#: many claimed, and after STALE_AFTER they are all "unknown" for a person to decide (never
#: resent on their own), even those it had not tried yet. Measured on a loaded 2-core machine
#: (a local server took ~15 ms a message), claiming and recording cost ~3.5 ms a message at 20
#: and ~1.8 ms at 50: 20 keeps a crash's list of "unknown" short for little speed. A batch also
#: ends after STALE_AFTER / 2, so a slow server cannot make another process take a batch in
#: progress for stale; the rest of it is given back and claimed again.
BATCH = 20
#: Messages made ready in one go (one read of the messages, their documents and what every
#: invoice is printed with), as a read costs ~25 ms whatever its size while a claim stays small
#: (its size is the crash window). When fewer than half this many are ready beyond the batch
#: being sent, the next window is made, its PDFs rendered in worker processes
#: (:mod:`~arapp.services.render_pool`) while this one sends. Made ready is not claimed: a
#: message cancelled or sent by another process meanwhile is not claimed, and its attachment
#: shows the books as they were at most about 1.5 windows of messages earlier (a few seconds).
AHEAD = 100


class Transport(Protocol):
    """What sends: :class:`arapp.mail.smtp.SmtpTransport`, or a test double."""

    def send(self, mail: OutgoingMail) -> None: ...

    def close(self) -> None: ...


#: A message made ready: called, it gives its e-mail or why it cannot go (one paragraph),
#: waiting for its attachments if they are still being made.
Made = Callable[[], OutgoingMail | str]
#: Makes messages ready: ``make(needed, ahead)`` for the messages ``needed`` by the next batch
#: and those ``ahead`` of it (whose attachments may be made in the background); one read.
Make = Callable[[Sequence[int], Sequence[int]], dict[int, Made]]


@dataclass(frozen=True)
class Ready:
    """A batch made ready to send.

    Attributes:
        mails: The e-mail of each message that can go, by id.
        problems: Why each other message cannot go, by id.
    """

    mails: dict[int, OutgoingMail]
    problems: dict[int, str]


def ready(made: Mapping[int, Made]) -> Ready:
    """The messages ``made``, their attachments waited for."""
    mails: dict[int, OutgoingMail] = {}
    problems: dict[int, str] = {}
    for message_id, make in made.items():
        mail = make()
        if isinstance(mail, str):
            problems[message_id] = mail
        else:
            mails[message_id] = mail
    return Ready(mails, problems)


class Ahead:
    """Messages made ready ahead of their batches: :meth:`take` gives a batch's, making the
    next :data:`AHEAD` ready (in one read) when some are missing, and the window after them
    when fewer than half a window waits beyond the batch."""

    def __init__(self, make: Make, size: int = AHEAD) -> None:
        self._make, self._size = make, max(size, 1)
        self._made: dict[int, Made] = {}

    def take(self, ids: Sequence[int], following: Iterable[int]) -> Ready:
        """The batch ``ids`` made ready; ``following`` are the messages after it, in order."""
        following = list(islice(following, 2 * self._size))
        missing = [i for i in ids if i not in self._made]
        if missing:
            more = [i for i in following if i not in self._made]
            self._made.update(self._make(missing, more[: max(self._size - len(missing), 0)]))
        waiting = sum(1 for i in following if i in self._made)
        if waiting < self._size // 2:
            window = [i for i in following if i not in self._made][: self._size]
            if window:
                self._made.update(self._make((), window))
        return ready({i: self._made.pop(i) for i in ids if i in self._made})


def hand_over(transport: Transport, mail: OutgoingMail) -> tuple[str, str, bool]:
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


@dataclass(frozen=True)
class SendReport:
    """What a send run did (message ids by outcome).

    Attributes:
        sent: Sent and confirmed.
        retry: Deferred; tried again later.
        failed: Refused for good (or its e-mail could not be made); a person must act.
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


@dataclass(frozen=True)
class Outbox:
    """One outbox as the loop sees it.

    Attributes:
        table: Its table (``OutboxMessage`` or ``DocumentDelivery``).
        make: Makes its messages ready (their e-mails, attachments on their way).
        on_sent: What it writes about messages sent, in the record's transaction.
        where: What else picks its messages to send (reminders: e-mails, not letters).
    """

    table: Table
    make: Make
    on_sent: OnSent
    where: tuple[ColumnElement[bool], ...] = ()


def due(
    ctx: AppContext, outbox: Outbox, now: datetime, ids: Sequence[int] | None = None
) -> list[int]:
    """The messages of ``outbox`` (all, or of ``ids``) waiting to go: queued, or a retry that is
    due; oldest first."""
    t = outbox.table
    query = select(t.id).where(
        t.state.in_(("queued", "retry")),
        or_(t.next_attempt_at.is_(None), t.next_attempt_at <= now),
        *outbox.where,
    )
    if ids is not None:
        query = query.where(t.id.in_(list(ids)))
    with ctx.db.read() as session:
        return list(session.scalars(query.order_by(t.id)))


def send_batches(
    ctx: AppContext,
    transport: Transport,
    outbox: Outbox,
    ids: Sequence[int] | None = None,
    *,
    now: datetime | None = None,
    stale_after: timedelta = STALE_AFTER,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    batch: int = BATCH,
) -> tuple[SendReport, list[int]]:
    """Send the waiting messages of ``outbox`` (all, or ``ids``) and retries that are due, each
    at most once; returns the report and the messages that were due. Closes ``transport``.

    ``batch`` messages at a time are made ready, claimed in one transaction, sent over the one
    connection, and their outcomes recorded in one transaction. Claims and outcomes are stamped
    by the clock (``ctx.now``) when they happen; ``now`` pins the clock. ``should_stop`` is
    asked before each message: the rest stay queued.
    """
    clock: Callable[[], datetime] = ctx.now if now is None else lambda: now
    outcome: dict[str, list[int]] = {"sent": [], "retry": [], "failed": [], "unknown": []}
    stopped, cancelled, count = "", False, 0
    try:
        recover_stale(ctx, outbox.table, clock(), stale_after)
        todo = due(ctx, outbox, clock(), ids)
        waiting = deque(todo)
        ahead = Ahead(outbox.make)
        while waiting and not stopped and not cancelled:
            chunk = [waiting.popleft() for _ in range(min(max(batch, 1), len(waiting)))]
            made = ahead.take(chunk, waiting)  # attachments made before the claim
            claim = claim_batch(ctx, outbox.table, chunk, list(made.mails), made.problems, clock())
            outcome["failed"].extend(claim.failed)
            count += len(claim.failed)
            done: list[Done] = []
            current: int | None = None
            try:
                for message_id in claim.ids:
                    if should_stop is not None and should_stop():
                        cancelled = True
                        break
                    if done and clock() - claim.stamp > stale_after / 2:
                        break  # record this batch before another process could take it for stale
                    current = message_id
                    state, error, unusable = hand_over(transport, made.mails[message_id])
                    done.append(Done(message_id, state, clock(), error))
                    current = None
                    count += 1
                    if progress is not None:
                        progress(count, len(todo))
                    if unusable:
                        stopped = error
                        break
            finally:  # also on an unexpected error: what is known is recorded, the rest given back
                states = record_batch(ctx, outbox.table, claim, done, current, outbox.on_sent)
            for d, state in zip(done, states, strict=True):
                if state:  # else another process has it now
                    outcome[state].append(d.outbox_id)
            waiting.extendleft(reversed(claim.ids[len(done) :]))  # given back: claimed again
    finally:
        transport.close()
    return SendReport.of(outcome, stopped, cancelled), todo


__all__: list[Any] = [
    "AHEAD", "BATCH", "Ahead", "Made", "Outbox", "Ready", "SendReport", "Transport",
    "hand_over", "ready", "send_batches",
]  # fmt: skip
