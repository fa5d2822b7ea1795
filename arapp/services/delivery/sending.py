# SPDX-License-Identifier: MIT
"""Sending document deliveries exactly once, a batch at a time, through the send loop both
outboxes share (:mod:`arapp.services.outbox_loop`: made ready ahead, claimed in one transaction
that commits ``sending`` before SMTP is spoken, sent over one connection, outcomes recorded
together, back-off, "unknown" after a broken hand-over or a process that died between SMTP and
the commit, never resent by itself).

The documents' own parts are here: a delivery's e-mail, its attachments made by its mode
(:mod:`.attachments`; a document that cannot be made fails its own delivery with the reason,
not the run), and what a delivery sent adds to the record of its batch, in the same
transaction: the invoice marked sent on that day and a contact-log entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from arapp.db.models import ContactLogEntry, Customer, DocumentDelivery, Invoice
from arapp.mail.message import OutgoingMail, header_problem, split_addresses
from arapp.services import outbox_claims
from arapp.services.context import AppContext
from arapp.services.delivery.attachments import Document, Files, attachments
from arapp.services.delivery.handover import document_label, mark_invoice_sent
from arapp.services.events import Change, Entity
from arapp.services.outbox_claims import STALE_AFTER, Events
from arapp.services.outbox_loop import BATCH, Made, Outbox, SendReport, Transport, send_batches
from arapp.services.reminders.mailer import Sender, sender

D = DocumentDelivery
#: What a send did (delivery ids by outcome): the send loop's report.
DeliveryReport = SendReport


def recover_stale(ctx: AppContext, now: datetime, stale_after: timedelta = STALE_AFTER) -> int:
    """Deliveries left ``sending`` by a process that died become ``unknown``."""
    return outbox_claims.recover_stale(ctx, D, now, stale_after)


def _made(
    ctx: AppContext, who: Sender, needed: Sequence[int], ahead: Sequence[int]
) -> dict[int, Made]:
    """The e-mails of the deliveries ``needed`` and ``ahead`` (one read; the attachments of
    those ahead made meanwhile where they can be)."""
    with ctx.db.read() as session:
        rows = session.execute(
            select(D.id, D.kind, D.invoice_id, D.customer_id, D.period_start, D.period_end,
                   D.mode, D.recipient, D.cc, D.subject, D.body, D.message_id,
                   Invoice.number, Customer.code)
            .outerjoin(Invoice, Invoice.id == D.invoice_id)
            .join(Customer, Customer.id == D.customer_id)
            .where(D.id.in_([*needed, *ahead]))
        ).all()  # fmt: skip
    docs = [
        Document(r.id, r.kind, r.invoice_id, r.number or r.code, r.customer_id,
                 (r.period_start, r.period_end) if r.period_start and r.period_end else None)
        for r in rows
    ]  # fmt: skip
    files = attachments(ctx, docs, {r.id: r.mode for r in rows}, set(ahead))
    made: dict[int, Made] = {}
    for r in rows:
        mail = OutgoingMail(
            r.message_id, who.address, split_addresses(r.recipient), r.subject, r.body,
            who.reply_to, (who.address,) if who.bcc_self else (), (), split_addresses(r.cc),
        )  # fmt: skip
        made[r.id] = partial(_mail, mail, files.get(r.id, _nothing))
    return made


def _nothing() -> Files:
    return "Nothing to attach."


def _mail(mail: OutgoingMail, files: Callable[[], Files]) -> OutgoingMail | str:
    """``mail`` with its attachments, or why it cannot go."""
    made = files()
    if isinstance(made, str):
        return f"{made} Nothing was sent; fix it, then send again."
    mail = OutgoingMail(
        mail.message_id, mail.sender, mail.recipients, mail.subject, mail.body, mail.reply_to,
        mail.bcc, made, mail.cc,
    )  # fmt: skip
    if bad := header_problem(mail):
        return f"The e-mail cannot be written: {bad} Nothing was sent."
    return mail


def _contact_summary(row: DocumentDelivery, number: str | None, kind: str | None) -> str:
    to = row.recipient + (f" (cc {row.cc})" if row.cc else "")
    again = f" (copy {row.copy + 1})" if row.copy else ""
    return f"{document_label(row, number, kind, books=True)} e-mailed to {to}{again}"


def _sent(ctx: AppContext, session: Session, sent: Sequence[tuple[int, datetime]]) -> Events:
    """What deliveries ``sent`` (id, when) add to their batch's record: each invoice marked
    sent that day (once, and only an issued one) with an audit entry, and a contact-log entry
    for each delivery."""
    at_of = dict(sent)
    rows = session.scalars(select(D).where(D.id.in_(list(at_of))).order_by(D.id)).all()
    invoices = {
        i.id: i
        for i in session.scalars(
            select(Invoice)
            .where(Invoice.id.in_([r.invoice_id for r in rows if r.invoice_id is not None]))
            .with_for_update()
        )
    }
    invoices_sent: list[int] = []
    contacts = []
    for row in rows:
        at = at_of[row.id]
        invoice = invoices.get(row.invoice_id) if row.invoice_id is not None else None
        if (marked := mark_invoice_sent(session, ctx, invoice, at, row.id)) is not None:
            invoices_sent.append(marked)
        contacts.append({
            "customer_id": row.customer_id, "at": at, "kind": "email",
            "summary": _contact_summary(
                row, invoice.number if invoice else None, invoice.kind if invoice else None),
        })  # fmt: skip
    session.execute(insert(ContactLogEntry), contacts)
    events: Events = [(Change.CUSTOMER_UPDATED, Entity.CUSTOMER,
                       tuple(sorted({r.customer_id for r in rows})))]  # fmt: skip
    if invoices_sent:
        events.insert(0, (Change.INVOICE_UPDATED, Entity.INVOICE, tuple(invoices_sent)))
    return events


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
    who: list[Sender] = []  # read when something is to be sent

    def make(needed: Sequence[int], ahead: Sequence[int]) -> dict[int, Made]:
        who[:] = who or [sender(ctx)]
        return _made(ctx, who[0], needed, ahead)

    documents = Outbox(D, make, partial(_sent, ctx))
    report, todo = send_batches(
        ctx, transport, documents, ids, now=now, stale_after=stale_after, progress=progress,
        should_stop=should_stop, batch=batch,
    )  # fmt: skip
    if todo:
        ctx.events.emit(Change.OUTBOX_CHANGED, Entity.OUTBOX_MESSAGE)
    return report
