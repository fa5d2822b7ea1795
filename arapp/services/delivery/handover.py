# SPDX-License-Identifier: MIT
"""What a document's hand-over records, whether the send loop saw it leave
(:mod:`~arapp.services.delivery.sending`) or a person did
(:func:`~arapp.services.delivery.outbox.mark_deliveries_sent`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from arapp.db.models import DocumentDelivery, Invoice
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.i18n import N_, _
from arapp.services.context import AppContext


def document_label(
    row: DocumentDelivery, number: str | None, kind: str | None, *, books: bool = False
) -> str:
    """What a delivery carries, in words ("Invoice INV-7", "Statement 2026-10-01 to ..."): in
    the person's language, or in English with ``books`` (for the contact log and audit log)."""
    words = (lambda text: text) if books else _
    if row.kind == "statement" and row.period_start and row.period_end:
        return words(N_("Statement {start} to {end}")).format(
            start=row.period_start.isoformat(), end=row.period_end.isoformat()
        )
    if not number:
        return (
            words(N_("Credit note")) if kind == DocumentKind.CREDIT_NOTE else words(N_("Invoice"))
        )
    text = (
        N_("Credit note {number}") if kind == DocumentKind.CREDIT_NOTE else N_("Invoice {number}")
    )
    return words(text).format(number=number)


def mark_invoice_sent(
    session: Session,
    ctx: AppContext,
    invoice: Invoice | None,
    at: datetime,
    delivery_id: int,
    confirmed_by_person: bool = False,
) -> int | None:
    """The first hand-over of an issued invoice (never a void or a draft one): it counts as
    sent from ``at``, its status follows, and the audit log says which delivery took it.
    The invoice's id when it was marked; None when there was nothing to mark.
    ``confirmed_by_person``: a person saw it leave (the hand-over's fate was unknown)."""
    from arapp.services.invoices import audit_invoice
    from arapp.services.lifecycle import settle_status

    if (
        invoice is None
        or invoice.sent_at is not None
        or invoice.status in (InvoiceStatus.VOID, InvoiceStatus.DRAFT)
    ):
        return None
    invoice.sent_at = at
    settle_status(invoice, at.date())
    if confirmed_by_person:
        audit_invoice(session, ctx, "invoice_sent", invoice, delivery=delivery_id,
                      confirmed_by_person=True)  # fmt: skip
    else:
        audit_invoice(session, ctx, "invoice_sent", invoice, delivery=delivery_id)
    return invoice.id
