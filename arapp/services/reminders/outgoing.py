# SPDX-License-Identifier: MIT
"""The e-mails of outbox messages, PDFs attached, made before their batch is claimed.

Everything slow or fallible about a message (reading it, rendering its invoices) happens here,
before the send loop (:mod:`~arapp.services.outbox_loop`) claims it: the claimed window then
holds only SMTP, and a message whose invoice cannot be printed is known before anything is
sent, so it fails on its own with the reason instead of stopping the run. Messages are made
ready a window ahead (:class:`~arapp.services.outbox_loop.Ahead`), their PDFs rendered by
worker processes while the batches before them are sent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from arapp.db.models import Invoice, OutboxMessage
from arapp.mail.message import Attachment, OutgoingMail, header_problem, split_addresses
from arapp.services.context import AppContext
from arapp.services.outbox_loop import Made
from arapp.services.pdf_cache import PdfProblem, invoice_pdfs_later
from arapp.services.reminders.mailer import Sender


def outgoing(
    ctx: AppContext, who: Sender, ids: Sequence[int], attach: bool, ahead: Sequence[int] = ()
) -> dict[int, Made]:
    """The e-mails of the messages ``ids`` and ``ahead`` (one read for all), with their
    invoices' PDFs when ``attach``: those of ``ids`` rendered when asked for, those ``ahead``
    meanwhile by worker processes (:func:`~arapp.services.pdf_cache.invoice_pdfs_later`)."""
    wanted = [*ids, *ahead]
    with ctx.db.read() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.id.in_(wanted))
            .options(selectinload(OutboxMessage.items))
        ).all()
        content = {
            r.id: (r.message_id, split_addresses(r.recipient), r.subject, r.body,
                   [i.invoice_id for i in r.items])
            for r in rows
        }  # fmt: skip
        numbers: dict[int, str | None] = {
            invoice_id: number
            for invoice_id, number in session.execute(
                select(Invoice.id, Invoice.number).where(
                    Invoice.id.in_({i for *_, invoices in content.values() for i in invoices})
                )
            )
        }
    pdfs: dict[int, Callable[[], bytes | PdfProblem]] = {}
    if attach:
        later = set(ahead)
        soon = {i for m, (*_, invoices) in content.items() if m not in later for i in invoices}
        rest = {i for m, (*_, invoices) in content.items() if m in later for i in invoices}
        pdfs = invoice_pdfs_later(ctx, sorted(soon), ahead=sorted(rest - soon))
    return {
        outbox_id: partial(_mail, who, numbers, pdfs if attach else {}, *parts)
        for outbox_id, parts in content.items()
    }


def _mail(
    who: Sender,
    numbers: dict[int, str | None],
    pdfs: dict[int, Callable[[], bytes | PdfProblem]],
    message_id: str,
    to: tuple[str, ...],
    subject: str,
    body: str,
    invoices: list[int],
) -> OutgoingMail | str:
    """One message's e-mail, its invoices' PDFs (``pdfs``) attached, or why it cannot go."""
    attachments: list[Attachment] = []
    refused: list[str] = []
    for invoice_id in invoices if pdfs else ():
        name = numbers.get(invoice_id) or f"#{invoice_id}"
        pdf = pdfs[invoice_id]()
        if isinstance(pdf, PdfProblem):
            refused.append(f"The PDF of invoice {name} could not be made: {pdf.reason}")
        else:
            attachments.append(Attachment(f"{numbers.get(invoice_id) or invoice_id}.pdf", pdf))
    mail = who.mail(message_id, to, subject, body, tuple(attachments))
    if not refused and (bad := header_problem(mail)):
        refused.append(f"The e-mail cannot be written: {bad}")
    if refused:
        return " ".join(refused) + " Nothing was sent; fix it, then send again."
    return mail
