# SPDX-License-Identifier: MIT
"""The document outbox as a person sees it: the invoices, credit notes and statements on their
way (or stuck), and what a person may do with one (one transaction each).

- **Retry** a failed one, a retry not yet due, or one whose fate is unknown (the person checked
  that it did not go out): it is queued and goes with the next send.
- **Mark as sent** one whose fate is unknown, when the person saw it leave (in the sent folder,
  or the customer has it). It is recorded as *confirmed by that person*, not as a fresh send: the
  row keeps when it was handed over, names who confirmed it (``confirmed_by``), the audit log and
  the contact log say so, and its invoice counts as sent from that day.
- **Cancel** one that waits (queued, a retry) or failed: nothing is sent.
- **Send waiting now** sends what is queued and every retry at once (the person asked), through
  :func:`~arapp.services.delivery.sending.send_deliveries`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from arapp.db.models import ContactLogEntry, Customer, DocumentDelivery, Invoice
from arapp.i18n import N_, _
from arapp.services import audit
from arapp.services.context import AppContext
from arapp.services.delivery.handover import document_label, mark_invoice_sent
from arapp.services.delivery.outcome import DocumentOutcome
from arapp.services.errors import NotFound, ServiceError
from arapp.services.events import Change, Entity

if TYPE_CHECKING:  # the sending machinery (PDFs, e-invoices) loads when something is sent
    from arapp.services.delivery.sending import DeliveryReport
    from arapp.services.reminders.outbox import Transport

D = DocumentDelivery
#: States that wait for something: the next send, a retry, the sending under way, a person.
OPEN_STATES = ("queued", "retry", "sending", "failed", "unknown")
#: States each action accepts.
RETRY = ("failed", "retry", "unknown")
MARK_SENT = ("unknown",)
CANCEL = ("queued", "retry", "failed")


@dataclass(frozen=True)
class DeliveryRecord:
    """One document e-mail in the outbox.

    Attributes:
        id: The delivery.
        label: ``Invoice INV-1``, ``Credit note CN-1``, ``Statement 2026-01-01 to 2026-01-31``.
        customer_id: The customer.
        customer: The customer's name.
        recipients: To (and cc) as shown.
        state: ``queued``, ``sending``, ``sent``, ``retry``, ``failed``, ``unknown``,
            ``cancelled``.
        attempts: Hand-overs tried so far.
        last_error: What went wrong last, in words (empty when nothing did).
        next_attempt_at: When a retry is due.
        created_at: When it was queued.
        sent_at: When it went (for one marked sent: when it was handed over).
        confirmed_by: Who marked it sent after its fate was unknown, else empty.
        invoice_id: The invoice, for an invoice or credit note.
        copy: 0 for the first sending, 1, 2 ... for a copy sent again.
    """

    id: int
    label: str
    customer_id: int
    customer: str
    recipients: str
    state: str
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    created_at: datetime
    sent_at: datetime | None
    confirmed_by: str = ""
    invoice_id: int | None = None
    copy: int = 0


def _record(
    row: DocumentDelivery, number: str | None, kind: str | None, name: str
) -> DeliveryRecord:
    return DeliveryRecord(
        row.id, document_label(row, number, kind), row.customer_id, name,
        row.recipient + (f" (cc {row.cc})" if row.cc else ""), row.state, row.attempts,
        row.last_error, row.next_attempt_at, row.created_at, row.sent_at,
        row.confirmed_by, row.invoice_id, row.copy,
    )  # fmt: skip


def list_deliveries(
    ctx: AppContext, states: Sequence[str] | None = None, ids: Sequence[int] | None = None
) -> list[DeliveryRecord]:
    """The document e-mails (all, or those in ``states``, or of ``ids``), newest first."""
    query = (
        select(D, Invoice.number, Invoice.kind, Customer.name)
        .outerjoin(Invoice, Invoice.id == D.invoice_id)
        .join(Customer, Customer.id == D.customer_id)
        .order_by(D.id.desc())
    )
    if states:
        query = query.where(D.state.in_(list(states)))
    if ids is not None:
        query = query.where(D.id.in_(list(ids)))
    with ctx.db.read() as session:
        return [_record(*found) for found in session.execute(query)]


@dataclass(frozen=True)
class DeliveriesWaiting:
    """Document e-mails that wait, by what they wait for.

    Attributes:
        queued: Not tried yet: they go with the next send.
        retrying: Put off by a temporary failure; tried again later.
        sending: Being sent right now.
        unknown: Fate unknown: a person must decide.
        failed: Refused, or their attachment could not be made: a person must act.
    """

    queued: int = 0
    retrying: int = 0
    sending: int = 0
    unknown: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.queued + self.retrying + self.sending + self.unknown + self.failed


_FIELD = {"queued": "queued", "retry": "retrying", "sending": "sending", "unknown": "unknown",
          "failed": "failed"}  # fmt: skip


def deliveries_waiting(ctx: AppContext) -> DeliveriesWaiting:
    """How many document e-mails wait, by state (one grouped count)."""
    with ctx.db.read() as session:
        rows = session.execute(
            select(D.state, func.count()).where(D.state.in_(list(_FIELD))).group_by(D.state)
        )
        return DeliveriesWaiting(**{_FIELD[state]: int(n) for state, n in rows})


#: The states a refusal names, in words.
_STATES = {
    "retry": N_("waiting to be tried again"),
    "queued": N_("waiting to be sent"),
    "failed": N_("failed"),
    "unknown": N_("unknown"),
    "sending": N_("sending"),
    "sent": N_("sent"),
    "cancelled": N_("cancelled"),
}
#: What each action does, in a refusal (the ``doing`` of :func:`_act`).
_DOING = {
    "tried again": N_(
        "Document e-mail #{id} is {state}; only one that is {allowed} can be tried again. "
        "Nothing was changed."
    ),
    "cancelled": N_(
        "Document e-mail #{id} is {state}; only one that is {allowed} can be cancelled. "
        "Nothing was changed."
    ),
    "marked as sent": N_(
        "Document e-mail #{id} is {state}; only one that is {allowed} can be marked as sent. "
        "Nothing was changed."
    ),
}


def _refusal(delivery_id: int, state: str, allowed: tuple[str, ...], doing: str) -> str:
    """Why delivery ``delivery_id`` in ``state`` cannot be ``doing`` (only ``allowed`` can)."""

    def shown(s: str) -> str:
        return _(_STATES[s]) if s in _STATES else s

    # Translators: joins the states a document e-mail must be in ("failed or unknown").
    either = _(" or ").join(shown(s) for s in allowed)
    return _(_DOING[doing]).format(id=delivery_id, state=shown(state), allowed=either)


def _act(
    ctx: AppContext,
    ids: Sequence[int],
    allowed: tuple[str, ...],
    change: Callable[[Session, DocumentDelivery], None],
    doing: str,
) -> None:
    with ctx.db.write() as session:
        for delivery_id in ids:
            row = session.get(D, delivery_id, with_for_update=True)
            if row is None:
                raise NotFound(_("Document e-mail #{id} does not exist.").format(id=delivery_id))
            if row.state not in allowed:
                raise ServiceError(_refusal(delivery_id, row.state, allowed, doing))
            change(session, row)
    ctx.events.emit(Change.OUTBOX_CHANGED, Entity.OUTBOX_MESSAGE, *ids)


def retry_deliveries(ctx: AppContext, ids: Sequence[int]) -> None:
    """Queue these again (failed, a retry, or unknown after the person checked it did not go
    out): they go with the next send, with the same Message-ID."""

    def change(_session: Session, row: DocumentDelivery) -> None:
        row.state, row.next_attempt_at = "queued", None

    _act(ctx, ids, RETRY, change, "tried again")


def cancel_deliveries(ctx: AppContext, ids: Sequence[int]) -> None:
    """Do not send these (nothing went out); a plain send of the document queues it afresh."""

    def change(_session: Session, row: DocumentDelivery) -> None:
        row.state, row.next_attempt_at = "cancelled", None

    _act(ctx, ids, CANCEL, change, "cancelled")


def mark_deliveries_sent(ctx: AppContext, ids: Sequence[int]) -> None:
    """The person saw these leave (their fate was unknown): recorded as confirmed by them, on
    the day they were handed over; an invoice not yet sent counts as sent from that day."""
    now = ctx.now()
    updated: set[int] = set()
    customers: set[int] = set()

    def change(session: Session, row: DocumentDelivery) -> None:
        at = row.claimed_at or now
        row.state, row.sent_at, row.next_attempt_at = "sent", at, None
        row.confirmed_by = ctx.actor or "a person"
        invoice = session.get(Invoice, row.invoice_id) if row.invoice_id is not None else None
        audit.record(
            session, ctx, "delivery_marked_sent", "document_delivery", row.id,
            reason="Its fate was unknown; marked as sent by a person who saw it leave.",
            details={"handed_over_at": at, "error_before": row.last_error,
                     "recipient": row.recipient, "cc": row.cc},
        )  # fmt: skip
        row.last_error = ""  # the audit entry keeps what it said before
        marked = mark_invoice_sent(session, ctx, invoice, at, row.id, confirmed_by_person=True)
        if marked is not None:
            updated.add(marked)
        what = document_label(
            row, invoice.number if invoice else None, invoice.kind if invoice else None, books=True
        )
        to = row.recipient + (f" (cc {row.cc})" if row.cc else "")
        session.execute(insert(ContactLogEntry), [{
            "customer_id": row.customer_id, "at": at, "kind": "email",
            "summary": f"{what} e-mailed to {to} (the hand-over broke; marked as sent by "
                       f"{row.confirmed_by} on {now.date().isoformat()}, who saw it leave)",
        }])  # fmt: skip
        customers.add(row.customer_id)

    _act(ctx, ids, MARK_SENT, change, "marked as sent")
    if updated:
        ctx.events.emit(Change.INVOICE_UPDATED, Entity.INVOICE, *sorted(updated))
    if customers:
        ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, *sorted(customers))


def send_waiting_documents(
    ctx: AppContext,
    *,
    transport: Transport | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[DocumentOutcome]:
    """Send every queued document e-mail and every retry now (the person asked: a retry not
    yet due is made due); what became of each, in outbox order. Raises
    :class:`~arapp.services.reminders.mailer.MailProblem` when the account cannot be used
    (nothing is tried, nothing changes)."""
    from arapp.services.delivery.sending import send_deliveries
    from arapp.services.reminders.mailer import account_problem, open_transport

    with ctx.db.read() as session:
        ids = list(session.scalars(
            select(D.id).where(D.state.in_(("queued", "retry"))).order_by(D.id)
        ))  # fmt: skip
    if not ids:
        if transport is not None:
            transport.close()
        return []
    if transport is None:
        problem = account_problem(ctx)
        if problem is not None:
            raise problem
    with ctx.db.write() as session:
        session.execute(
            update(D).where(D.id.in_(ids), D.state == "retry").values(next_attempt_at=None)
        )
    report = send_deliveries(
        ctx, transport or open_transport(ctx), ids, progress=progress, should_stop=should_stop
    )
    return outcomes_of(ctx, ids, report)


def outcomes_of(
    ctx: AppContext, ids: Sequence[int], report: DeliveryReport
) -> list[DocumentOutcome]:
    """What became of the deliveries ``ids`` after a send that reported ``report``: "sent"
    only for what the server accepted in that send."""
    records = {r.id: r for r in list_deliveries(ctx, ids=ids)}
    not_tried = report.stopped or (_("You stopped the sending.") if report.cancelled else "")
    out = []
    for delivery_id in ids:
        r = records.get(delivery_id)
        if r is None:
            continue
        if delivery_id in report.sent:
            result, reason = "sent", ""
        elif r.state in ("retry", "failed", "unknown"):
            result, reason = r.state, r.last_error
        elif r.state == "sent":
            result, reason = "already_sent", ""
        else:
            result, reason = "waiting", not_tried
        out.append(DocumentOutcome(r.label, result, r.recipients, reason, r.sent_at,
                                   r.id, r.invoice_id))  # fmt: skip
    return out
