# SPDX-License-Identifier: MIT
"""The attachment of a customer who takes e-invoices (``email-einvoice``).

Each invoice or credit note is written in the customer's e-invoice format
(:func:`arapp.services.einvoices.preferred_format`) and checked offline against the official
rules before it may go: a Factur-X PDF (the invoice PDF as PDF/A-3 with its XML inside) or the
XRechnung / Peppol XML. A document that lacks a field the format needs, breaks a fatal rule, or
could not be checked is not sent: its delivery fails with the reason in words (each rule broken,
with the field to fix), and the person mends the record and sends it again. A statement has no
e-invoice form; it goes as its PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from arapp.domain.einvoice_check import Verdict
from arapp.mail.message import Attachment
from arapp.services.context import AppContext
from arapp.services.delivery.attachments import Document, pdf_attachments
from arapp.services.errors import ServiceError

if TYPE_CHECKING:  # the writers (lxml) load when an e-invoice is made
    from arapp.services.einvoices import EInvoiceResult

#: Rules named in a failed delivery's reason, at most (the rest are counted).
_SHOWN_RULES = 5


def einvoice_attachments(
    ctx: AppContext, docs: Sequence[Document]
) -> dict[int, tuple[Attachment, ...] | str]:
    """Each invoice's checked e-invoice, or why it cannot go; statements as their PDF."""
    from arapp.einvoice.validation import Validator
    from arapp.services.einvoices import EFormat, make_einvoice, preferred_format

    made = pdf_attachments(ctx, [d for d in docs if d.invoice_id is None])
    invoices = [d for d in docs if d.invoice_id is not None]
    if not invoices:
        return made
    with Validator() as validator:
        for d in invoices:
            try:
                fmt = preferred_format(ctx, d.number)
                result = make_einvoice(ctx, d.number, fmt, validator)
            except ServiceError as exc:
                made[d.delivery_id] = f"The e-invoice of {d.number} could not be made: {exc}"
                continue
            if result.valid:
                mime = "application/pdf" if fmt is EFormat.FACTURX else "application/xml"
                made[d.delivery_id] = (Attachment(result.file_name, result.data, mime),)
            else:
                made[d.delivery_id] = _why_not(d.number, fmt.label, result)
    return made


def _why_not(number: str, label: str, result: EInvoiceResult) -> str:
    """One paragraph: what keeps the e-invoice from going."""
    head = f"The {label} e-invoice of {number} was not sent"
    if result.missing:
        return f"{head}: it needs {'; '.join(result.missing)}."
    assert result.check is not None
    if result.check.verdict is not Verdict.INVALID:
        return f"{head}: it could not be checked against the rules, so it is not known to be valid."
    fatal = result.check.fatal
    shown = [
        f"{f.rule} ({f.field})" if f.field else f"{f.rule}: {f.text}" for f in fatal[:_SHOWN_RULES]
    ]
    more = f" and {len(fatal) - _SHOWN_RULES} more" if len(fatal) > _SHOWN_RULES else ""
    return f"{head}: it breaks {', '.join(shown)}{more}."


__all__ = ["einvoice_attachments"]
