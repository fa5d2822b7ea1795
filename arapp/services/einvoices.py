# SPDX-License-Identifier: MIT
"""E-invoices of issued invoices and credit notes: built, written, checked, and only then saved.

:func:`einvoice_of` builds the EN 16931 document of an issued invoice from its own rows (lines,
taxes, discounts and totals, as the PDF shows them) and the face kept when it was issued
(seller, buyer and bank as they were). :func:`make_einvoice` writes it in a format and checks
it with the offline rules (:mod:`arapp.einvoice.validation`); :func:`save_einvoice` writes the
file only when the check says it is valid. Drafts and voided documents are refused.

Amounts: the lines, allowances and VAT breakdown come from
:func:`~arapp.domain.en16931_amounts.en_amounts` on the invoice's recomputed totals (which
must equal the stored ones, as for printing); the paid amount (BT-113) is what is paid or
credited on an invoice so far, so the amount due (BT-115) is its balance, as on the PDF. A
credit note's amount due is its whole amount (nothing is "paid" on a credit note).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import select

from arapp.db.models import Company, Customer, Invoice
from arapp.domain.einvoice_check import CheckResult, Verdict
from arapp.domain.en16931 import (
    EarlyPayment,
    EInvoice,
    Payment,
    Totals,
    TypeCode,
    VatCategory,
)
from arapp.domain.en16931_amounts import SourceLine, en_amounts
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.money import quantize
from arapp.domain.terms import parse_terms
from arapp.domain.totals import LineInput
from arapp.einvoice.formats import EFormat, Missing, missing_items, write
from arapp.einvoice.validation import Validator
from arapp.files import write_atomically
from arapp.i18n import _
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.einvoice_parties import (
    buyer_of,
    buyer_reference_of,
    seller_of,
    with_current_routing,
)
from arapp.services.errors import NotFound, ServiceError
from arapp.services.invoices import InvoiceRecord, record_of
from arapp.services.issued_faces import Face, faces_of, live_face
from arapp.services.settings import INTEREST_PERCENT_PER_MONTH, LATE_FEE_FLAT, read_setting


@dataclass(frozen=True)
class EInvoiceResult:
    """An e-invoice written and checked.

    Attributes:
        number: The invoice or credit note number.
        format: The format written.
        xml: The XML (for ``facturx``, the XML embedded in the PDF).
        data: What is saved: the XML, or for ``facturx`` the PDF (empty when fields were
            missing).
        missing: Fields the format needs that are not set, in words with where to set them;
            when any is, no rule was run and ``check`` is ``None``.
        check: What the offline check found, or ``None`` when fields were missing.
        from_customer: The routing fields taken from today's customer record because the
            invoice was issued without them, in words (see :class:`Source`).
    """

    number: str
    format: EFormat
    xml: bytes
    data: bytes = b""
    missing: tuple[str, ...] = ()
    check: CheckResult | None = None
    from_customer: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.missing and self.check is not None and self.check.verdict is Verdict.VALID

    @property
    def file_name(self) -> str:
        """A safe file name for the attachment: ``INV-2026-00042.xml`` (``.pdf`` for
        Factur-X)."""
        safe = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", self.number).strip(" .") or "invoice"
        return f"{safe}.{'pdf' if self.format is EFormat.FACTURX else 'xml'}"


def preferred_format(ctx: AppContext, number: str) -> EFormat:
    """The e-invoice format the customer of ``number`` takes (Factur-X unless set)."""
    with ctx.db.read() as session:
        customer = session.scalars(
            select(Customer)
            .join(Invoice, Invoice.customer_id == Customer.id)
            .where(Invoice.number == number.strip())
            .order_by(Invoice.id)
        ).first()
        if customer is None:
            raise NotFound(
                _("There is no invoice or credit note numbered {number}.").format(
                    number=number.strip()
                )
            )
        chosen = customer.einvoice_format
    try:
        return EFormat(chosen)
    except ValueError:
        return EFormat.FACTURX


@dataclass(frozen=True)
class Source:
    """The EN 16931 document of an issued invoice, and where its parties came from.

    Attributes:
        doc: The document.
        issued_face: Whether its seller and buyer are those kept when it was issued (else
            today's: it was issued before faces were kept).
        from_customer: The routing fields the kept face lacked and today's customer record
            gave, in words (``buyer reference (BT-10) 04011000-12345-06``).
    """

    doc: EInvoice
    issued_face: bool
    from_customer: tuple[str, ...] = ()


def einvoice_of(ctx: AppContext, number: str, *, buyer_reference: str = "") -> EInvoice:
    """The EN 16931 document of the issued invoice or credit note ``number`` (see
    :func:`einvoice_source`)."""
    return einvoice_source(ctx, number, buyer_reference=buyer_reference).doc


def einvoice_source(ctx: AppContext, number: str, *, buyer_reference: str = "") -> Source:
    """The EN 16931 document of the issued invoice or credit note ``number``, from the face
    kept when it was issued; the routing fields that face lacks (buyer reference, the buyer's
    electronic address: not printed) come from today's customer record
    (:func:`~arapp.services.einvoice_parties.with_current_routing`).

    ``buyer_reference`` (BT-10) replaces the one kept for the customer when given.
    """
    with ctx.db.read() as session:
        row = session.scalars(
            select(Invoice).where(Invoice.number == number.strip()).order_by(Invoice.id)
        ).first()
        if row is None:
            raise NotFound(
                _("There is no invoice or credit note numbered {number}.").format(
                    number=number.strip()
                )
            )
        if row.status == InvoiceStatus.VOID:
            raise ServiceError(
                _("{number} is void; a voided document is not sent.").format(number=row.number)
            )
        if row.status == InvoiceStatus.DRAFT:  # pragma: no cover - drafts have no number
            raise ServiceError(_("A draft has no e-invoice; issue it first."))
        customer = session.get_one(Customer, row.customer_id)
        record = record_of(row, customer)
        face = faces_of(session, [row.id]).get(row.id)
        taken: tuple[str, ...] = ()
        issued_face = face is not None
        if face is None:  # issued before faces were kept and not filled: today's data
            company = session.get(Company, COMPANY_ID)
            if company is None:
                raise ServiceError(_("Fill in the company profile first."))
            face = live_face(
                session,
                company,
                customer,
                read_setting(session, LATE_FEE_FLAT),
                read_setting(session, INTEREST_PERCENT_PER_MONTH),
            )
        else:
            buyer, taken = with_current_routing(face.buyer, customer)
            face = replace(face, buyer=buyer)
        if buyer_reference.strip():
            taken = tuple(t for t in taken if "(BT-10)" not in t)
        related = session.get(Invoice, row.related_invoice_id) if row.related_invoice_id else None
        preceding = (related.number or "", related.issue_date) if related else ("", None)
    doc = build_einvoice(record, face, preceding, buyer_reference=buyer_reference)
    return Source(doc, issued_face, taken)


def build_einvoice(
    record: InvoiceRecord,
    face: Face,
    preceding: tuple[str, date | None] = ("", None),
    *,
    buyer_reference: str = "",
) -> EInvoice:
    """The EN 16931 document of ``record`` shown with ``face`` (see the module docstring);
    ``preceding`` is the number and date of the invoice a credit note corrects."""
    if record.status in (InvoiceStatus.DRAFT, InvoiceStatus.VOID) or not record.number:
        raise ServiceError(_("Only issued invoices and credit notes become e-invoices."))
    totals = record.totals()
    if totals.total != record.total:
        raise ServiceError(
            _("{number}: stored total differs from its lines; not written.").format(
                number=record.number
            )
        )
    source = [
        SourceLine(
            line.description,
            line.unit,
            LineInput(line.quantity, line.unit_price, line.discount_percent, line.tax()),
        )
        for line in record.lines
    ]
    amounts = en_amounts(source, totals, record.discount_percent)
    credit = record.kind == DocumentKind.CREDIT_NOTE
    prepaid = quantize(0 if credit else record.amount_paid, record.currency)
    seller, buyer = seller_of(face.seller, face.locale), buyer_of(face.buyer, face.locale)
    terms = parse_terms(record.terms)
    early = (
        EarlyPayment(terms.discount_percent, terms.discount_days, record.total)
        if terms.has_discount and not credit
        else None
    )
    intra = any(v.category is VatCategory.INTRA_COMMUNITY for v in amounts.vat)
    notes = [record.notes.strip()]
    if not credit:
        notes.append(face.fee_text(record.currency))
    iban = face.payment.iban.replace(" ", "").upper()
    if credit:
        payment = Payment("1", record.number)
        terms_text = (
            f"Credited against invoice {preceding[0]}; any remainder stays as credit "
            "on your account."
            if preceding[0]
            else "Credit on your account."
        )
    else:
        sepa = iban[:2].isalpha() and bool(iban)
        payment = Payment(
            "58" if sepa else "30" if iban else "1",
            record.number,
            iban=iban,
            bic=face.payment.bic.replace(" ", "").upper(),
        )
        terms_text = terms.describe()
    return EInvoice(
        number=record.number,
        type_code=TypeCode.CREDIT_NOTE if credit else TypeCode.INVOICE,
        issue_date=record.issue_date,
        currency=record.currency,
        seller=seller,
        buyer=buyer,
        lines=amounts.lines,
        vat=amounts.vat,
        totals=Totals(
            line_total=amounts.line_total,
            allowances=amounts.allowance_total,
            tax_basis=totals.net_total,
            tax=totals.tax_total,
            grand_total=totals.total,
            prepaid=prepaid,
            due=totals.total - prepaid,
        ),
        allowances=amounts.allowances,
        due_date=record.due_date,
        buyer_reference=buyer_reference.strip() or buyer_reference_of(face.buyer),
        terms=terms_text,
        early_payment=early,
        payment=payment,
        notes=tuple(note for note in notes if note),
        preceding_number=preceding[0],
        preceding_date=preceding[1],
        delivery_date=record.issue_date if intra else None,
        delivery_address=buyer.address if intra else None,
    )


def make_einvoice(
    ctx: AppContext,
    number: str,
    fmt: EFormat,
    validator: Validator,
    *,
    buyer_reference: str = "",
    pdf: bool = True,
) -> EInvoiceResult:
    """Write ``number`` as ``fmt`` and check it; fields the format needs and the document
    lacks are reported first, without running the rules. A Factur-X PDF is checked as a
    whole (its embedded XML against the EN 16931 rules and the Factur-X profile); with
    ``pdf=False`` only its XML is made and checked."""
    source = einvoice_source(ctx, number, buyer_reference=buyer_reference)
    doc, taken = source.doc, source.from_customer
    xml = write(doc, fmt)
    items = missing_items(doc, fmt)
    if items:
        missing = tuple(_missing_text(m, doc, source.issued_face) for m in items)
        return EInvoiceResult(doc.number, fmt, xml, missing=missing, from_customer=taken)
    data = facturx_pdf(ctx, doc, xml) if fmt is EFormat.FACTURX and pdf else xml
    check = validator.check_bytes(data, f"{doc.number} ({fmt.label})")
    return EInvoiceResult(doc.number, fmt, xml, data, (), check, taken)


def _missing_text(item: Missing, doc: EInvoice, issued_face: bool) -> str:
    """A missing field in words. A routing field is set on the record (the next try takes
    it); any other field of an issued document is part of what was issued: setting it now
    does not change the document, a credit note and a new invoice do."""
    if item.routing or not issued_face:
        return str(item)
    if doc.is_credit_note:
        text = _(
            "{what}: {number} was issued without it, and an issued credit note does not "
            "change. Set it {where}, then void {number} if nothing uses it yet, and issue a new "
            "credit note"
        )
    else:
        text = _(
            "{what}: {number} was issued without it, and an issued invoice does not change. "
            "Set it {where}, then correct {number} with a credit note and issue a new invoice"
        )
    return text.format(what=item.what, number=doc.number, where=item.where)


def facturx_pdf(ctx: AppContext, doc: EInvoice, xml: bytes) -> bytes:
    """The document's PDF as Factur-X (PDF/A-3b) with ``xml`` embedded as ``factur-x.xml``."""
    from arapp.pdf.facturx import make_facturx  # pypdf: loaded only when a PDF is made
    from arapp.services.invoice_documents import invoice_pdf

    with ctx.db.read() as session:
        found = session.scalar(select(Invoice.id).where(Invoice.number == doc.number))
        company = session.get(Company, COMPANY_ID)
        author, locale = (company.name, company.locale) if company is not None else ("", "en")
    if found is None:
        raise NotFound(
            _("There is no invoice or credit note numbered {number}.").format(number=doc.number)
        )
    noun = "Credit note" if doc.type_code is TypeCode.CREDIT_NOTE else "Invoice"
    return make_facturx(
        invoice_pdf(ctx, found),
        xml,
        level="EN 16931",
        title=f"{noun} {doc.number}",
        author=author,
        lang=locale.split("_")[0] or "en",
    )


def save_einvoice(result: EInvoiceResult, target: Path) -> Path:
    """Write ``result`` to ``target`` (atomically), only when it is valid; for ``facturx``
    the PDF with the XML inside."""
    if not result.valid:
        raise ServiceError(
            _("{number}: the e-invoice is not valid; nothing was written.").format(
                number=result.number
            )
        )
    return write_atomically(target, result.data)
