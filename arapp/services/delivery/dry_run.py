# SPDX-License-Identifier: MIT
"""What e-mailing invoices would do, without sending or recording anything.

Beyond what :func:`~arapp.services.delivery.send.send_invoices` says in a dry run (refused, already
sent, would be sent), each invoice of a customer who takes e-invoices gets its e-invoice built and
checked against the offline rules by the very builder a real send uses
(:func:`~arapp.services.delivery.attachments.einvoice_attachments`): one that would fail says so,
with each reason in words. Nothing is queued, written or sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import select

from arapp.db.models import Invoice
from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.delivery.attachments import Document, einvoice_attachments
from arapp.services.delivery.documents import plan_invoices
from arapp.services.delivery.outcome import DocumentOutcome
from arapp.services.delivery.recipients import EMAIL_EINVOICE
from arapp.services.delivery.send import send_invoices


def dry_run_invoices(
    ctx: AppContext, invoice_ids: Sequence[int], *, to: str = "", again: bool = False
) -> list[DocumentOutcome]:
    """What sending ``invoice_ids`` would do, one outcome each, in order: ``would_fail`` for an
    e-invoice that would not pass the checks a real send makes."""
    outcomes = send_invoices(ctx, invoice_ids, to=to, again=again, dry_run=True)
    planned = plan_invoices(ctx, invoice_ids, to)
    checked = [
        i
        for i, (o, p) in enumerate(zip(outcomes, planned, strict=True))
        if o.result == "would_send" and p.recipients.mode == EMAIL_EINVOICE
    ]
    if not checked:
        return outcomes
    with ctx.db.read() as session:
        numbers = {
            invoice_id: number
            for invoice_id, number in session.execute(
                select(Invoice.id, Invoice.number).where(
                    Invoice.id.in_([planned[i].invoice_id for i in checked])
                )
            )
        }
    docs = [
        Document(i, "invoice", invoice_id, numbers.get(invoice_id) or "", planned[i].customer_id,
                 None)
        for i in checked
        if (invoice_id := planned[i].invoice_id) is not None
    ]  # fmt: skip
    taken: dict[int, tuple[str, ...]] = {}
    made = einvoice_attachments(ctx, docs, verb="would not be sent", taken=taken)
    out = list(outcomes)
    for i in checked:
        result = made[i]() if i in made else _("Nothing to attach.")
        if isinstance(result, str):
            out[i] = replace(out[i], result="would_fail", reason=result)
        else:
            names = ", ".join(a.filename for a in result)
            reason = (
                _(
                    "the e-invoice {names} passes the checks (issued without {values}: taken "
                    "from today's customer record)"
                ).format(names=names, values=" and ".join(taken[i]))
                if i in taken
                else _("the e-invoice {names} passes the checks").format(names=names)
            )
            out[i] = replace(out[i], reason=reason)
    return out
