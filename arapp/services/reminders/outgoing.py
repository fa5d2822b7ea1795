# SPDX-License-Identifier: MIT
"""The e-mails of a batch of outbox messages, PDFs attached, made before the batch is claimed.

Everything slow or fallible about a message (reading it, rendering its invoices) happens here,
before :mod:`~arapp.services.reminders.outbox` claims it: the claimed window then holds only
SMTP, and a message whose invoice cannot be printed is known before anything is sent, so it
fails on its own with the reason instead of stopping the run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from arapp.db.models import Invoice, OutboxMessage
from arapp.mail.message import Attachment, OutgoingMail, header_problem, split_addresses
from arapp.services.context import AppContext
from arapp.services.pdf_cache import PdfProblem, invoice_pdfs
from arapp.services.reminders.mailer import Sender


@dataclass(frozen=True)
class Outgoing:
    """A batch made ready to send.

    Attributes:
        mails: The e-mail of each message that can go, by outbox id.
        problems: Why each other message cannot go (an invoice that cannot be printed, a line
            break in a header), by outbox id.
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
        mail = who.mail(message_id, to, subject, body, tuple(attachments))
        if not refused and (bad := header_problem(mail)):
            refused.append(f"The e-mail cannot be written: {bad}")
        if refused:
            problems[outbox_id] = " ".join(refused) + " Nothing was sent; fix it, then send again."
        else:
            mails[outbox_id] = mail
    return Outgoing(mails, problems)


#: Messages made ready in one go (one read of the messages, their invoices and what every invoice
#: is printed with): several claimed batches' worth, as a read costs ~25 ms whatever its size,
#: while a claim stays small (its size is the crash window). Made ready is not claimed: a message
#: cancelled or sent by another process meanwhile is not claimed, and its PDF shows the books as
#: they were at most these many messages earlier (a few seconds).
AHEAD = 100


class Ahead:
    """E-mails made ready ahead of their batches: :meth:`take` gives a batch's, making the next
    :data:`AHEAD` ready when some are missing."""

    def __init__(self, ctx: AppContext, who: Sender, attach: bool, size: int = AHEAD) -> None:
        self._ctx, self._who, self._attach, self._size = ctx, who, attach, size
        self._mails: dict[int, OutgoingMail] = {}
        self._problems: dict[int, str] = {}

    def take(self, ids: Sequence[int], following: Iterable[int]) -> Outgoing:
        """The batch ``ids`` made ready; ``following`` are the messages after it, in order."""
        missing = [i for i in ids if i not in self._mails and i not in self._problems]
        if missing:
            kept = self._mails.keys() | self._problems.keys()
            more = [i for i in islice(following, self._size) if i not in kept]
            wanted = [*missing, *more][: max(self._size, len(missing))]
            made = outgoing(self._ctx, self._who, wanted, self._attach)
            self._mails.update(made.mails)
            self._problems.update(made.problems)
        return Outgoing(
            {i: self._mails.pop(i) for i in ids if i in self._mails},
            {i: self._problems.pop(i) for i in ids if i in self._problems},
        )
