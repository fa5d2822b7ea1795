# SPDX-License-Identifier: MIT
"""Sending document deliveries exactly once, a batch at a time (the reminder outbox's way).

A batch is made ready first (read, attachments made), then *claimed* in one transaction that
commits ``sending`` before SMTP is spoken, so two processes never send the same delivery. After
the hand-over the outcomes are committed together: ``sent`` (with, in the same transaction, the
invoice marked sent on that day and a contact-log entry), ``retry`` with back-off, ``failed``,
``unknown`` when the connection broke after the message was handed over. A delivery still
``sending`` after ``stale_after`` belonged to a process that died between SMTP and the commit:
it becomes ``unknown`` and is never resent by itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, or_, select, update

from arapp.db.models import ContactLogEntry, Customer, DocumentDelivery, Invoice
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.mail.message import OutgoingMail, header_problem, split_addresses
from arapp.services.context import AppContext
from arapp.services.delivery.attachments import Document, attachments
from arapp.services.events import Change, Entity
from arapp.services.invoices import audit_invoice
from arapp.services.lifecycle import settle_status
from arapp.services.reminders.claims import UNKNOWN
from arapp.services.reminders.mailer import Sender, sender
from arapp.services.reminders.outbox import BACKOFF, STALE_AFTER, Transport, _hand_over

#: Deliveries claimed, sent and recorded together (the crash window; see the reminders').
BATCH = 20
D = DocumentDelivery


@dataclass(frozen=True)
class DeliveryReport:
    """What a send did (delivery ids by outcome).

    Attributes:
        sent: Accepted by the server.
        retry: Put off by a temporary failure; tried again later.
        failed: Refused for good (or its attachments could not be made).
        unknown: Fate unknown: a person must decide.
        stopped: Why the run stopped early (the account is unusable), or empty.
        cancelled: The person stopped it; the rest stay queued.
    """

    sent: tuple[int, ...] = ()
    retry: tuple[int, ...] = ()
    failed: tuple[int, ...] = ()
    unknown: tuple[int, ...] = ()
    stopped: str = ""
    cancelled: bool = False


def recover_stale(ctx: AppContext, now: datetime, stale_after: timedelta = STALE_AFTER) -> int:
    """Deliveries left ``sending`` by a process that died become ``unknown``."""
    with ctx.db.write() as session:
        result = session.execute(
            update(D)
            .where(D.state == "sending", D.claimed_at <= now - stale_after)
            .values(state="unknown", last_error=UNKNOWN)
        )
        return int(getattr(result, "rowcount", 0) or 0)


def _ready(
    ctx: AppContext, who: Sender, ids: Sequence[int]
) -> tuple[dict[int, OutgoingMail], dict[int, str]]:
    """The e-mails of ``ids`` (attachments made), and why each other one cannot go."""
    with ctx.db.read() as session:
        rows = session.execute(
            select(D.id, D.kind, D.invoice_id, D.customer_id, D.period_start, D.period_end,
                   D.mode, D.recipient, D.cc, D.subject, D.body, D.message_id,
                   Invoice.number, Customer.code)
            .outerjoin(Invoice, Invoice.id == D.invoice_id)
            .join(Customer, Customer.id == D.customer_id)
            .where(D.id.in_(list(ids)))
        ).all()  # fmt: skip
    docs = [
        Document(r.id, r.kind, r.invoice_id, r.number or r.code, r.customer_id,
                 (r.period_start, r.period_end) if r.period_start and r.period_end else None)
        for r in rows
    ]  # fmt: skip
    files = attachments(ctx, docs, {r.id: r.mode for r in rows})
    mails: dict[int, OutgoingMail] = {}
    problems: dict[int, str] = {}
    for r in rows:
        made = files.get(r.id, "Nothing to attach.")
        if isinstance(made, str):
            problems[r.id] = f"{made} Nothing was sent; fix it, then send again."
            continue
        mail = OutgoingMail(
            r.message_id, who.address, split_addresses(r.recipient), r.subject, r.body,
            who.reply_to, (who.address,) if who.bcc_self else (), made, split_addresses(r.cc),
        )  # fmt: skip
        if bad := header_problem(mail):
            problems[r.id] = f"The e-mail cannot be written: {bad} Nothing was sent."
        else:
            mails[r.id] = mail
    return mails, problems


def _claim(
    ctx: AppContext, ids: Sequence[int], problems: dict[int, str], now: datetime
) -> tuple[tuple[int, ...], dict[int, tuple[str, int, datetime | None]], tuple[int, ...]]:
    """Claim the deliveries of ``ids`` still waiting: ``sending`` (committed), or ``failed``
    when their e-mail cannot be made. Returns the claimed, their state before, the failed."""
    with ctx.db.write() as session:
        before = {
            r.id: (r.state, r.attempts, r.claimed_at)
            for r in session.execute(
                select(D.id, D.state, D.attempts, D.claimed_at)
                .where(D.id.in_(list(ids)), D.state.in_(("queued", "retry")),
                       or_(D.next_attempt_at.is_(None), D.next_attempt_at <= now))
                .with_for_update(skip_locked=True)
            )
        }  # fmt: skip
        failed = tuple(i for i in ids if i in before and i in problems)
        claimed = tuple(i for i in ids if i in before and i not in problems)
        if claimed:
            session.execute(
                update(D)
                .where(D.id.in_(claimed))
                .values(state="sending", claimed_at=now, attempts=D.attempts + 1)
            )
        for i in failed:
            session.execute(
                update(D).where(D.id == i).values(
                    state="failed", claimed_at=now, next_attempt_at=None, last_error=problems[i])
            )  # fmt: skip
    return claimed, {i: before[i] for i in claimed}, failed


def _contact_summary(row: DocumentDelivery, number: str | None, kind: str | None) -> str:
    to = row.recipient + (f" (cc {row.cc})" if row.cc else "")
    if row.kind == "statement" and row.period_start and row.period_end:
        what = f"Statement {row.period_start.isoformat()} to {row.period_end.isoformat()}"
    else:
        what = f"{'Credit note' if kind == DocumentKind.CREDIT_NOTE else 'Invoice'} {number}"
    again = f" (copy {row.copy + 1})" if row.copy else ""
    return f"{what} e-mailed to {to}{again}"


def _record(
    ctx: AppContext,
    stamp: datetime,
    claimed: Sequence[int],
    before: dict[int, tuple[str, int, datetime | None]],
    done: Sequence[tuple[int, str, datetime, str]],
    keep: int | None,
) -> dict[int, str]:
    """Record the outcomes ``done`` of a claimed batch (a sent one marks its invoice sent that
    day and is logged to the contact log, in this transaction), give back the deliveries not
    tried, except ``keep`` whose fate is unknown. Only rows still carrying this claim are
    touched. Returns the state each outcome left."""
    states: dict[int, str] = {}
    invoices_sent: list[int] = []
    with ctx.db.write() as session:
        rows = {
            r.id: r
            for r in session.scalars(select(D).where(D.id.in_(list(claimed))).with_for_update())
            if r.claimed_at == stamp and r.state in ("sending", "unknown")
        }
        invoice_ids = [r.invoice_id for r in rows.values() if r.invoice_id is not None]
        invoices = {
            i.id: i
            for i in session.scalars(
                select(Invoice).where(Invoice.id.in_(invoice_ids)).with_for_update()
            )
        }
        contacts = []
        for delivery_id, state, at, error in done:
            row = rows.get(delivery_id)
            if row is None:
                continue  # another process took it for stale meanwhile: left as it is
            row.last_error = error
            if state == "retry":
                if row.attempts > len(BACKOFF):
                    state, row.last_error = (
                        "failed",
                        f"Gave up after {row.attempts} attempts: {error}",
                    )
                else:
                    row.next_attempt_at = at + BACKOFF[row.attempts - 1]
            row.state = state
            states[delivery_id] = state
            if state != "sent":
                continue
            row.sent_at, row.next_attempt_at = at, None
            invoice = invoices.get(row.invoice_id) if row.invoice_id is not None else None
            if (
                invoice is not None
                and invoice.sent_at is None
                and invoice.status not in (InvoiceStatus.VOID, InvoiceStatus.DRAFT)
            ):
                invoice.sent_at = at
                settle_status(invoice, at.date())
                audit_invoice(session, ctx, "invoice_sent", invoice, delivery=row.id)
                invoices_sent.append(invoice.id)
            contacts.append({
                "customer_id": row.customer_id, "at": at, "kind": "email",
                "summary": _contact_summary(
                    row, invoice.number if invoice else None, invoice.kind if invoice else None),
            })  # fmt: skip
        tried = {d[0] for d in done}
        for delivery_id, row in rows.items():
            if delivery_id in tried or row.state != "sending":
                continue
            if delivery_id == keep:
                row.state, row.last_error = "unknown", UNKNOWN
            else:
                row.state, row.attempts, row.claimed_at = before[delivery_id]
        if contacts:
            session.execute(insert(ContactLogEntry), contacts)
    if invoices_sent:
        ctx.events.emit(Change.INVOICE_UPDATED, Entity.INVOICE, *invoices_sent)
    if contacts:  # their contact logs have a new entry
        logged = {row.customer_id for row in rows.values() if row.state == "sent"}
        ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, *sorted(logged))
    return states


def send_deliveries(
    ctx: AppContext,
    transport: Transport,
    ids: Sequence[int] | None = None,
    *,
    now: datetime | None = None,
    stale_after: timedelta = STALE_AFTER,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    batch: int = BATCH,
) -> DeliveryReport:
    """Send the waiting deliveries (all, or ``ids``) and retries that are due, each at most
    once; ``should_stop`` is asked before each one (the rest stay queued). Closes
    ``transport``."""
    clock: Callable[[], datetime] = ctx.now if now is None else lambda: now
    outcome: dict[str, list[int]] = {"sent": [], "retry": [], "failed": [], "unknown": []}
    stopped, cancelled = "", False
    try:
        recover_stale(ctx, clock(), stale_after)
        with ctx.db.read() as session:
            query = select(D.id).where(
                D.state.in_(("queued", "retry")),
                or_(D.next_attempt_at.is_(None), D.next_attempt_at <= clock()),
            )
            if ids is not None:
                query = query.where(D.id.in_(list(ids)))
            todo = list(session.scalars(query.order_by(D.id)))
        if not todo:
            return DeliveryReport()
        who = sender(ctx)
        count = 0
        for start in range(0, len(todo), max(batch, 1)):
            if stopped or cancelled:
                break
            chunk = todo[start : start + max(batch, 1)]
            mails, problems = _ready(ctx, who, chunk)
            stamp = clock()
            claimed, before, failed = _claim(ctx, chunk, problems, stamp)
            outcome["failed"].extend(failed)
            count += len(failed)
            done: list[tuple[int, str, datetime, str]] = []
            current: int | None = None
            try:
                for delivery_id in claimed:
                    if should_stop is not None and should_stop():
                        cancelled = True
                        break
                    current = delivery_id
                    state, error, unusable = _hand_over(transport, mails[delivery_id])
                    done.append((delivery_id, state, clock(), error))
                    current = None
                    count += 1
                    if progress is not None:
                        progress(count, len(todo))
                    if unusable:
                        stopped = error
                        break
            finally:  # also on an unexpected error: what is known is recorded
                states = _record(ctx, stamp, claimed, before, done, current)
            for delivery_id, state in states.items():
                outcome[state].append(delivery_id)
    finally:
        transport.close()
    ctx.events.emit(Change.OUTBOX_CHANGED, Entity.OUTBOX_MESSAGE)
    return DeliveryReport(
        tuple(outcome["sent"]), tuple(outcome["retry"]), tuple(outcome["failed"]),
        tuple(outcome["unknown"]), stopped, cancelled,
    )  # fmt: skip
