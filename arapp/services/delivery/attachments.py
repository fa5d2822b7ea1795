# SPDX-License-Identifier: MIT
"""The files an e-mailed document carries, one builder per delivery mode.

``email-pdf`` attaches the document's PDF: for an invoice exactly the issued document's reprint
(:func:`~arapp.services.pdf_cache.invoice_pdfs`, from its issued face), for a statement the
statement of its period. ``email-einvoice`` attaches the checked e-invoice
(:mod:`arapp.services.delivery.einvoice_attachments`); a mode without a builder fails with a
reason and nothing is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from arapp.mail.message import Attachment
from arapp.services.context import AppContext
from arapp.services.delivery.recipients import EMAIL_EINVOICE, EMAIL_PDF
from arapp.services.pdf_cache import PdfProblem, invoice_pdfs


@dataclass(frozen=True)
class Document:
    """What a builder needs to know of one delivery.

    Attributes:
        delivery_id: The delivery.
        kind: ``invoice`` or ``statement``.
        invoice_id: The invoice, for an invoice.
        number: The invoice's number, or for a statement the customer's code.
        customer_id: The customer.
        period: A statement's first and last day.
    """

    delivery_id: int
    kind: str
    invoice_id: int | None
    number: str
    customer_id: int
    period: tuple[date, date] | None


#: A builder gives each delivery its attachments, or why they cannot be made (one sentence).
Builder = Callable[[AppContext, Sequence[Document]], dict[int, tuple[Attachment, ...] | str]]


def pdf_attachments(
    ctx: AppContext, docs: Sequence[Document]
) -> dict[int, tuple[Attachment, ...] | str]:
    """The PDF of each document (the invoices' in one read, from the PDF cache)."""
    from arapp.services.statements import statement_file_name, statement_pdf

    pdfs = invoice_pdfs(ctx, sorted({d.invoice_id for d in docs if d.invoice_id is not None}))
    made: dict[int, tuple[Attachment, ...] | str] = {}
    for d in docs:
        if d.invoice_id is not None:
            pdf = pdfs[d.invoice_id]
            if isinstance(pdf, PdfProblem):
                made[d.delivery_id] = f"The PDF of {d.number} could not be made: {pdf.reason}"
            else:
                made[d.delivery_id] = (Attachment(f"{d.number}.pdf", pdf),)
        elif d.period is not None:
            try:
                content = statement_pdf(ctx, d.customer_id, *d.period)
            except Exception as exc:  # the PDF layer raises many types
                made[d.delivery_id] = f"The statement could not be made: {exc}"
                continue
            name = statement_file_name(d.number, d.period[1])
            made[d.delivery_id] = (Attachment(name, content),)
    return made


def _einvoices(
    ctx: AppContext, docs: Sequence[Document]
) -> dict[int, tuple[Attachment, ...] | str]:
    from arapp.services.delivery.einvoice_attachments import einvoice_attachments

    return einvoice_attachments(ctx, docs)


BUILDERS: dict[str, Builder] = {EMAIL_PDF: pdf_attachments, EMAIL_EINVOICE: _einvoices}


def register(mode: str, builder: Builder) -> None:
    """Make ``mode``'s attachments with ``builder`` (the e-invoice writers call this)."""
    BUILDERS[mode] = builder


def attachments(
    ctx: AppContext, docs: Sequence[Document], modes: dict[int, str]
) -> dict[int, tuple[Attachment, ...] | str]:
    """Each delivery's attachments by its mode (``modes``: by delivery id)."""
    made: dict[int, tuple[Attachment, ...] | str] = {}
    for mode in sorted(set(modes.values())):
        mine = [d for d in docs if modes[d.delivery_id] == mode]
        builder = BUILDERS.get(mode)
        if builder is None:
            made.update({d.delivery_id: f"Unknown delivery {mode!r}." for d in mine})
        else:
            made.update(builder(ctx, mine))
    return made
