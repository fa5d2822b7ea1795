# SPDX-License-Identifier: MIT
"""Invoices on paper: build the printable document from the books and render the PDF.

The PDF face (:mod:`arapp.pdf`) only lays out the plain :class:`InvoiceDocument` built here; the
amounts come from the stored invoice and the tax summary is recomputed from its stored lines by
the same domain rules that computed it when it was written. An issued document prints the
seller, buyer, bank details and fee terms kept when it was issued (:mod:`.issued_faces`), so it
reprints exactly as issued; a draft prints today's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from arapp.db.models import Company, Customer, Invoice
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.payment_link import LinkValues, expand
from arapp.domain.terms import parse_terms
from arapp.domain.texts import ENGLISH_WORDS, Words, describe_terms
from arapp.files import write_atomically
from arapp.i18n import _
from arapp.pdf.document import DocumentLine, InvoiceDocument, Party, PaymentDetails, TaxSummaryLine
from arapp.pdf.invoice import render_invoice
from arapp.services.company import COMPANY_ID
from arapp.services.context import AppContext
from arapp.services.errors import NotFound, ServiceError
from arapp.services.invoices import InvoiceRecord, record_of
from arapp.services.issued_faces import Face, faces_of, live_face
from arapp.services.settings import (
    INTEREST_PERCENT_PER_MONTH,
    LATE_FEE_FLAT,
    PAPER_SIZE,
    read_setting,
)


def tax_label(name: str, percent: Decimal) -> str:
    """``VAT 23%``: the rate's name, with its percent when the name does not say it."""
    if not name:
        return ""
    shown = f"{percent.normalize():f}%"
    return name if shown in name.replace(" ", "") else f"{name} {shown}"


def build_document(ctx: AppContext, invoice_id: int) -> InvoiceDocument:
    with ctx.db.read() as session:
        row = session.get(Invoice, invoice_id)
        if row is None:
            raise NotFound(_("Invoice #{id} does not exist.").format(id=invoice_id))
        customer = session.get(Customer, row.customer_id)
        assert customer is not None
        face = faces_of(session, [invoice_id]).get(invoice_id)
        return _Printing.read(session).document(session, row, customer, face)


def build_documents(
    ctx: AppContext, invoice_ids: Sequence[int]
) -> dict[int, InvoiceDocument | ServiceError]:
    """The documents of many invoices in one read (company, settings and lines read once per
    call, not per invoice); an invoice that cannot be printed maps to its error."""
    found: dict[int, InvoiceDocument | ServiceError] = {}
    with ctx.db.read() as session:
        printing = _Printing.read(session)
        rows = session.scalars(
            select(Invoice)
            .where(Invoice.id.in_(list(invoice_ids)))
            .options(selectinload(Invoice.lines))
        ).all()
        customers = {
            c.id: c
            for c in session.scalars(
                select(Customer).where(Customer.id.in_({r.customer_id for r in rows}))
            )
        }
        faces = faces_of(session, [r.id for r in rows])
        for row in rows:
            try:
                face = faces.get(row.id)
                found[row.id] = printing.document(session, row, customers[row.customer_id], face)
            except ServiceError as exc:
                found[row.id] = exc
    for invoice_id in invoice_ids:
        missing = NotFound(_("Invoice #{id} does not exist.").format(id=invoice_id))
        found.setdefault(invoice_id, missing)
    return found


@dataclass(frozen=True)
class _Printing:
    """What every invoice of the books is printed with (read once for many invoices)."""

    company: Company
    paper: str
    flat: Decimal
    interest: Decimal

    @classmethod
    def read(cls, session: Session) -> _Printing:
        company = session.get(Company, COMPANY_ID)
        if company is None:
            raise ServiceError(
                _("Fill in the company profile first: it is printed on every invoice.")
            )
        return cls(
            company,
            read_setting(session, PAPER_SIZE),
            read_setting(session, LATE_FEE_FLAT),
            read_setting(session, INTEREST_PERCENT_PER_MONTH),
        )

    def document(
        self, session: Session, row: Invoice, customer: Customer, face: Face | None
    ) -> InvoiceDocument:
        """``row`` as printed: from the face kept when it was issued, else (a draft, or a
        document from before faces were kept and not filled) from today's data."""
        record = record_of(row, customer)
        related = (
            session.scalar(select(Invoice.number).where(Invoice.id == row.related_invoice_id))
            if row.related_invoice_id
            else None
        )
        if face is None:
            face = live_face(session, self.company, customer, self.flat, self.interest)
        return document_from(
            record,
            replace(face.seller, logo=self.company.logo),
            face.buyer,
            replace(face.payment, reference=row.number or ""),
            face.locale,
            self.paper,
            related or "",
            face.fee_text(record.currency),
            face.words,
        )


def document_from(
    record: InvoiceRecord,
    seller: Party,
    buyer: Party,
    payment: PaymentDetails,
    locale: str,
    paper: str,
    related: str,
    late_fee_text: str,
    words: Words = ENGLISH_WORDS,
) -> InvoiceDocument:
    totals = record.totals()
    if totals.total != record.total:  # the books were altered behind the program's back
        raise ServiceError(
            _("{number}: stored total differs from its lines; not printed.").format(
                number=record.number
            )
        )
    credit = record.kind == DocumentKind.CREDIT_NOTE
    amount_due = (
        Decimal(0)
        if credit
        else record.balance
        if record.status != InvoiceStatus.DRAFT
        else record.total
    )
    if not credit:  # the kept pattern, filled in with this document's values
        values = LinkValues(
            record.number or "", amount_due, record.currency, buyer.code, payment.reference
        )
        payment = replace(payment, payment_link_url=expand(payment.payment_link_url, values))
    return InvoiceDocument(
        kind=record.kind,
        number=record.number,
        status=record.status,
        issue_date=record.issue_date,
        due_date=record.due_date,
        currency=record.currency,
        locale=locale,
        seller=seller,
        buyer=buyer,
        lines=tuple(
            DocumentLine(
                ln.description,
                ln.quantity,
                ln.unit,
                ln.unit_price,
                ln.discount_percent,
                tax_label(ln.tax_name, ln.tax_percent),
                ln.amount,
            )
            for ln in record.lines
        ),
        subtotal=record.subtotal,
        invoice_discount=record.discount_total,
        taxes=tuple(
            TaxSummaryLine(
                tax_label(t.rate.name, t.rate.percent) if t.rate else words("no_tax"), t.net, t.tax
            )
            for t in totals.taxes
            if t.rate is not None or len(totals.taxes) > 1
        ),
        tax_total=record.tax_total,
        total=record.total,
        amount_paid=record.amount_paid if record.status != InvoiceStatus.DRAFT else Decimal(0),
        amount_due=amount_due,
        terms_text="" if credit else describe_terms(parse_terms(record.terms), words),
        late_fee_text="" if credit else late_fee_text,
        payment=payment if not credit else PaymentDetails(),
        notes=record.notes,
        footer=record.footer,
        related_number=related,
        void_reason=record.void_reason,
        paper_size=paper,
        words=words,
    )


def invoice_pdf(ctx: AppContext, invoice_id: int) -> bytes:
    return render_invoice(build_document(ctx, invoice_id))


def pdf_file_name(record: InvoiceRecord) -> str:
    """``INV-2026-00042 Zoe Lukasiewicz.pdf``: safe on every file system."""
    label = record.number or f"Draft {record.id}"
    safe = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", f"{label} {record.customer_name}").strip(" .")
    return f"{safe[:120]}.pdf"


def save_invoice_pdf(ctx: AppContext, invoice_id: int, target: Path) -> Path:
    """Write the PDF atomically (a half-written file never replaces a good one)."""
    return write_atomically(target, invoice_pdf(ctx, invoice_id))


@dataclass(frozen=True)
class BatchResult:
    """What a batch export did.

    Attributes:
        written: Files written, in order.
        failed: ``(invoice id, reason)`` for each invoice that could not be written.
        cancelled: True when the user stopped the batch before the end.
    """

    written: tuple[Path, ...]
    failed: tuple[tuple[int, str], ...]
    cancelled: bool


def save_pdfs(
    ctx: AppContext,
    invoice_ids: list[int],
    folder: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BatchResult:
    """Write one PDF per invoice into ``folder``; reports progress and stops when asked."""
    from arapp.services.invoices import get_invoice

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    failed: list[tuple[int, str]] = []
    for done, invoice_id in enumerate(invoice_ids):
        if cancelled is not None and cancelled():
            return BatchResult(tuple(written), tuple(failed), True)
        try:
            record = get_invoice(ctx, invoice_id)
            written.append(save_invoice_pdf(ctx, invoice_id, folder / pdf_file_name(record)))
        except (ServiceError, OSError) as exc:
            failed.append((invoice_id, str(exc)))
        if progress is not None:
            progress(done + 1, len(invoice_ids))
    return BatchResult(tuple(written), tuple(failed), False)
