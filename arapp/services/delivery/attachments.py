# SPDX-License-Identifier: MIT
"""The files an e-mailed document carries, one builder per delivery mode.

``email-pdf`` attaches the document's PDF: for an invoice exactly the issued document's reprint
(:func:`~arapp.services.pdf_cache.invoice_pdfs`, from its issued face), for a statement the
statement of its period. ``email-einvoice`` attaches each invoice written in the customer's
e-invoice format (:func:`arapp.services.einvoices.preferred_format`) and checked offline against
the official rules before it may go: a Factur-X PDF, or the XRechnung / Peppol XML. One that lacks
a field the format needs, breaks a fatal rule, or could not be checked is not sent: its delivery
fails with the reason in words (each rule broken, with the field to fix). A statement has no
e-invoice form; it goes as its PDF. A mode without a builder fails with a reason.

Each builder answers with what makes a delivery's files when called: the invoices' PDFs of
deliveries made ready ahead of their batch are meanwhile rendered by worker processes
(:func:`~arapp.services.pdf_cache.invoice_pdfs_later`); the rest is made at once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from arapp.domain.einvoice_check import Verdict
from arapp.mail.message import Attachment
from arapp.services.context import AppContext
from arapp.services.delivery.recipients import EMAIL_EINVOICE, EMAIL_PDF
from arapp.services.errors import ServiceError
from arapp.services.pdf_cache import PdfProblem, invoice_pdfs_later

if TYPE_CHECKING:  # the writers (lxml) load when an e-invoice is made
    from arapp.services.einvoices import EInvoiceResult


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


#: A delivery's attachments, or why they cannot be made (one sentence).
Files = tuple[Attachment, ...] | str
#: A builder gives each delivery of ``docs`` what makes its files when called; ``ahead`` are
#: the deliveries made ready ahead of their batch.
Builder = Callable[
    [AppContext, Sequence[Document], Collection[int]], dict[int, Callable[[], Files]]
]


def _given(files: Files) -> Callable[[], Files]:
    return lambda: files


def _invoice_pdf(number: str, pdf: Callable[[], bytes | PdfProblem]) -> Callable[[], Files]:
    def files() -> Files:
        made = pdf()
        if isinstance(made, PdfProblem):
            return f"The PDF of {number} could not be made: {made.reason}"
        return (Attachment(f"{number}.pdf", made),)

    return files


def pdf_attachments(
    ctx: AppContext, docs: Sequence[Document], ahead: Collection[int] = ()
) -> dict[int, Callable[[], Files]]:
    """The PDF of each document (the invoices' in one read, from the PDF cache; those of the
    deliveries ``ahead`` rendered meanwhile by worker processes)."""
    from arapp.services.statements import statement_file_name, statement_pdf

    soon = {d.invoice_id for d in docs if d.invoice_id is not None and d.delivery_id not in ahead}
    later = {d.invoice_id for d in docs if d.invoice_id is not None} - soon
    pdfs = invoice_pdfs_later(ctx, sorted(soon), ahead=sorted(later))
    made: dict[int, Callable[[], Files]] = {}
    for d in docs:
        if d.invoice_id is not None:
            made[d.delivery_id] = _invoice_pdf(d.number, pdfs[d.invoice_id])
        elif d.period is not None:
            try:
                content = statement_pdf(ctx, d.customer_id, *d.period)
            except Exception as exc:  # the PDF layer raises many types
                made[d.delivery_id] = _given(f"The statement could not be made: {exc}")
                continue
            name = statement_file_name(d.number, d.period[1])
            made[d.delivery_id] = _given((Attachment(name, content),))
    return made


#: Rules named in a failed delivery's reason, at most (the rest are counted).
_SHOWN_RULES = 5


def einvoice_attachments(
    ctx: AppContext,
    docs: Sequence[Document],
    ahead: Collection[int] = (),
    *,
    verb: str = "was not sent",
    taken: dict[int, tuple[str, ...]] | None = None,
) -> dict[int, Callable[[], Files]]:
    """Each invoice's checked e-invoice, or why it cannot go (made at once); statements as
    their PDF. ``verb`` says what became of one that cannot go ("would not be sent" for a dry
    run).

    An invoice issued before its customer's routing fields were set takes them from today's
    record (:func:`~arapp.services.einvoices.einvoice_source`): for a send the audit log
    records, per delivery, which values came from there; with ``taken`` given (a dry run)
    they go there instead and nothing is written."""
    from arapp.einvoice.validation import Validator
    from arapp.services.einvoices import EFormat, make_einvoice, preferred_format

    made = pdf_attachments(ctx, [d for d in docs if d.invoice_id is None])
    invoices = [d for d in docs if d.invoice_id is not None]
    if not invoices:
        return made
    from_customer: dict[int, tuple[str, ...]] = {}
    numbers: dict[int, str] = {}
    with Validator() as validator:
        for d in invoices:
            try:
                fmt = preferred_format(ctx, d.number)
                result = make_einvoice(ctx, d.number, fmt, validator)
            except ServiceError as exc:
                made[d.delivery_id] = _given(
                    f"The e-invoice of {d.number} could not be made: {exc}"
                )
                continue
            if result.from_customer:
                from_customer[d.delivery_id] = result.from_customer
                numbers[d.delivery_id] = d.number
            if result.valid:
                mime = "application/pdf" if fmt is EFormat.FACTURX else "application/xml"
                made[d.delivery_id] = _given((Attachment(result.file_name, result.data, mime),))
            else:
                made[d.delivery_id] = _given(_why_not(d.number, fmt.label, result, verb))
    if taken is not None:
        taken.update(from_customer)
    elif from_customer:
        _record_taken(ctx, from_customer, numbers)
    return made


def _record_taken(
    ctx: AppContext, taken: dict[int, tuple[str, ...]], numbers: dict[int, str]
) -> None:
    """The audit log says, per delivery, which e-invoice values came from today's customer
    record (one transaction)."""
    from arapp.services import audit

    with ctx.db.write() as session:
        for delivery_id, values in sorted(taken.items()):
            audit.record(
                session, ctx, "einvoice_fields_from_customer", "document_delivery", delivery_id,
                reason=f"{numbers[delivery_id]} was issued without them; its e-invoice took "
                       "them from today's customer record.",
                details={"invoice": numbers[delivery_id], "taken": list(values)},
            )  # fmt: skip


def _why_not(number: str, label: str, result: EInvoiceResult, verb: str) -> str:
    """One paragraph: what keeps the e-invoice from going."""
    head = f"The {label} e-invoice of {number} {verb}"
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


BUILDERS: dict[str, Builder] = {EMAIL_PDF: pdf_attachments, EMAIL_EINVOICE: einvoice_attachments}


def attachments(
    ctx: AppContext, docs: Sequence[Document], modes: dict[int, str], ahead: Collection[int] = ()
) -> dict[int, Callable[[], Files]]:
    """What makes each delivery's attachments by its mode (``modes``: by delivery id); those
    ``ahead`` are made ready ahead of their batch."""
    made: dict[int, Callable[[], Files]] = {}
    for mode in sorted(set(modes.values())):
        mine = [d for d in docs if modes[d.delivery_id] == mode]
        builder = BUILDERS.get(mode)
        if builder is None:
            made.update({d.delivery_id: _given(f"Unknown delivery {mode!r}.") for d in mine})
        else:
            made.update(builder(ctx, mine, ahead))
    return made
