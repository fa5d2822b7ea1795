# SPDX-License-Identifier: MIT
"""E-mailing invoices, credit notes, fee documents and statements: the use cases.

:func:`send_invoices` and :func:`send_statement` plan the documents (:mod:`.documents`), queue
them once per document and recipient set (:mod:`.queue`), and send what waits (:mod:`.sending`),
then say per document what happened (:class:`DocumentOutcome`): never "sent" unless the server
accepted it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from arapp.db.models import DocumentDelivery
from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.delivery.documents import Planned, plan_invoices, plan_statement
from arapp.services.delivery.outcome import DocumentOutcome
from arapp.services.delivery.queue import queue_documents
from arapp.services.delivery.sending import DeliveryReport, send_deliveries
from arapp.services.reminders.mailer import account_problem, open_transport
from arapp.services.reminders.outbox import Transport


def _outcomes(
    ctx: AppContext,
    planned: Sequence[Planned],
    **how: Any,
) -> list[DocumentOutcome]:
    """The outcome of each of ``planned``, in order, carrying its invoice."""
    found = _tell(ctx, planned, **how)
    return [replace(o, invoice_id=p.invoice_id) for o, p in zip(found, planned, strict=True)]


def _tell(
    ctx: AppContext,
    planned: Sequence[Planned],
    *,
    again: bool,
    dry_run: bool,
    transport: Transport | None,
    progress: Callable[[int, int], None] | None,
    should_stop: Callable[[], bool] | None,
) -> list[DocumentOutcome]:
    if dry_run:
        return _dry_run(ctx, planned, again)
    queued = queue_documents(ctx, planned, again)
    ids = [q.delivery_id for q in queued if q.delivery_id is not None]
    if not ids and transport is not None:
        transport.close()
    report, no_account = DeliveryReport(), ""
    if ids:
        problem = account_problem(ctx) if transport is None else None
        if problem is not None:
            no_account = str(problem)
        else:
            real = transport or open_transport(ctx)
            report = send_deliveries(ctx, real, ids, progress=progress, should_stop=should_stop)
    rows: dict[int, DocumentDelivery] = {}
    with ctx.db.read() as session:
        for r in session.scalars(select(DocumentDelivery).where(DocumentDelivery.id.in_(ids))):
            session.expunge(r)
            rows[r.id] = r
    out = []
    for q in queued:
        p, shown = q.planned, q.planned.recipients.shown
        if q.delivery_id is None:
            if p.problem:
                out.append(DocumentOutcome(p.label, "refused", shown, p.problem))
            elif q.earlier == "sent":
                out.append(DocumentOutcome(p.label, "already_sent", shown, at=q.earlier_at))
            elif q.earlier == "unknown":
                out.append(DocumentOutcome(
                    p.label, "unknown", shown,
                    _("An earlier sending to the same people may or may not have gone out; "
                      "check, then send again if it did not."), q.earlier_at))  # fmt: skip
            else:
                busy = _("Another process is sending it right now.")
                out.append(DocumentOutcome(p.label, "waiting", shown, busy))
            continue
        row = rows[q.delivery_id]
        state = row.state
        if no_account:
            said, reason = "queued", no_account
        elif state == "sent" and q.delivery_id in report.sent:
            said, reason = "sent", ""
        elif state in ("retry", "failed", "unknown"):
            said, reason = state, row.last_error
        elif state == "sent":  # sent by another process meanwhile
            said, reason = "already_sent", ""
        else:
            said = "waiting"
            reason = report.stopped or (_("You stopped the sending.") if report.cancelled else "")
        out.append(DocumentOutcome(p.label, said, shown, reason, row.sent_at, row.id))
    return out


def _dry_run(ctx: AppContext, planned: Sequence[Planned], again: bool) -> list[DocumentOutcome]:
    """What sending would do, read only: refused, already sent (unless ``again``), or sent."""
    sent: dict[tuple[str, str], datetime | None] = {}
    with ctx.db.read() as session:
        keys = [p.document_key for p in planned if not p.problem]
        for key, who, at in session.execute(
            select(DocumentDelivery.document_key, DocumentDelivery.recipient_key,
                   DocumentDelivery.sent_at)
            .where(DocumentDelivery.document_key.in_(keys), DocumentDelivery.state == "sent")
        ):  # fmt: skip
            sent[(key, who)] = at
    out = []
    for p in planned:
        shown = p.recipients.shown
        if p.problem:
            out.append(DocumentOutcome(p.label, "refused", shown, p.problem))
        elif not again and (p.document_key, p.recipients.key) in sent:
            at = sent[(p.document_key, p.recipients.key)]
            out.append(DocumentOutcome(p.label, "already_sent", shown, at=at))
        else:
            out.append(DocumentOutcome(p.label, "would_send", shown))
    return out


def send_invoices(
    ctx: AppContext,
    invoice_ids: Sequence[int],
    *,
    to: str = "",
    again: bool = False,
    dry_run: bool = False,
    transport: Transport | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[DocumentOutcome]:
    """E-mail the invoices and credit notes ``invoice_ids`` (``to`` replaces the customers'
    addresses), each once to the same people unless ``again``; one outcome each, in order."""
    planned = plan_invoices(ctx, invoice_ids, to)
    return _outcomes(ctx, planned, again=again, dry_run=dry_run, transport=transport,
                     progress=progress, should_stop=should_stop)  # fmt: skip


def send_statement(
    ctx: AppContext,
    customer_id: int,
    start: date,
    end: date,
    *,
    to: str = "",
    again: bool = False,
    dry_run: bool = False,
    transport: Transport | None = None,
) -> DocumentOutcome:
    """E-mail the customer's statement of ``start`` to ``end`` (once to the same people for the
    same period, unless ``again``)."""
    planned = plan_statement(ctx, customer_id, start, end, to)
    (outcome,) = _outcomes(ctx, [planned], again=again, dry_run=dry_run, transport=transport,
                           progress=None, should_stop=None)  # fmt: skip
    return outcome


def send_statements(
    ctx: AppContext,
    customer_ids: Sequence[int],
    start: date,
    end: date,
    *,
    again: bool = False,
    transport: Transport | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[DocumentOutcome]:
    """E-mail the statements of ``customer_ids`` for ``start`` to ``end`` (the month-end run):
    each once to the same people for the same days, unless ``again``; one outcome each."""
    planned = [plan_statement(ctx, c, start, end) for c in customer_ids]
    return _outcomes(ctx, planned, again=again, dry_run=False, transport=transport,
                     progress=progress, should_stop=should_stop)  # fmt: skip


__all__ = ["DocumentOutcome", "send_invoices", "send_statement", "send_statements"]
