# SPDX-License-Identifier: MIT
"""The e-mails of a batch of outbox messages, PDFs attached, made before the batch is claimed.

Everything slow or fallible about a message (reading it, rendering its invoices) happens here,
before :mod:`~arapp.services.reminders.outbox` claims it: the claimed window then holds only
SMTP, and a message whose invoice cannot be printed is known before anything is sent, so it
fails on its own with the reason instead of stopping the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from arapp.db.models import Invoice, OutboxMessage
from arapp.mail.message import Attachment, OutgoingMail, split_addresses
from arapp.services.context import AppContext
from arapp.services.pdf_cache import PdfProblem, invoice_pdfs
from arapp.services.reminders.mailer import Sender


@dataclass(frozen=True)
class Outgoing:
    """A batch made ready to send.

    Attributes:
        mails: The e-mail of each message that can go, by outbox id.
        problems: Why each other message cannot go (an invoice that cannot be printed), by
            outbox id.
    """

    mails: dict[int, OutgoingMail]
    problems: dict[int, str]


def outgoing(ctx: AppContext, who: Sender, ids: Sequence[int], attach: bool) -> Outgoing:
    """The e-mails of the messages ``ids`` (one read for all), with their invoices' PDFs when
    ``attach``."""
    with ctx.db.read() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.id.in_(list(ids)))
            .options(selectinload(OutboxMessage.items))
        ).all()
        content = {
            r.id: (r.message_id, split_addresses(r.recipient), r.subject, r.body,
                   [i.invoice_id for i in r.items])
            for r in rows
        }  # fmt: skip
        invoice_ids = sorted({i for *_, invoices in content.values() for i in invoices})
        numbers: dict[int, str | None] = {
            invoice_id: number
            for invoice_id, number in session.execute(
                select(Invoice.id, Invoice.number).where(Invoice.id.in_(invoice_ids))
            )
        }
    pdfs = invoice_pdfs(ctx, invoice_ids) if attach else {}
    mails: dict[int, OutgoingMail] = {}
    problems: dict[int, str] = {}
    for outbox_id, (message_id, to, subject, body, invoices) in content.items():
        attachments: list[Attachment] = []
        refused: list[str] = []
        for invoice_id in invoices if attach else ():
            name = numbers.get(invoice_id) or f"#{invoice_id}"
            pdf = pdfs[invoice_id]
            if isinstance(pdf, PdfProblem):
                refused.append(f"The PDF of invoice {name} could not be made: {pdf.reason}")
            else:
                attachments.append(Attachment(f"{numbers.get(invoice_id) or invoice_id}.pdf", pdf))
        if refused:
            problems[outbox_id] = " ".join(refused) + " Nothing was sent; fix it, then send again."
        else:
            mails[outbox_id] = who.mail(message_id, to, subject, body, tuple(attachments))
    return Outgoing(mails, problems)
