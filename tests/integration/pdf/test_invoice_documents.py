# SPDX-License-Identifier: MIT
"""Invoices from the books to PDF: what is printed comes from the stored invoice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from arapp.services import customers as cust
from arapp.services.catalog import TaxRateRecord, save_tax_rate
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.invoice_documents import (
    build_document,
    invoice_pdf,
    pdf_file_name,
    save_pdfs,
    tax_label,
)
from arapp.services.invoices import InvoiceDraft, LineDraft, get_invoice, save_draft
from arapp.services.lifecycle import credit_invoice, issue_invoice


def test_tax_labels() -> None:
    assert tax_label("VAT 23%", Decimal("23")) == "VAT 23%"
    assert tax_label("VAT", Decimal("13.5000")) == "VAT 13.5%"
    assert tax_label("", Decimal(0)) == ""


def _issued(ctx: AppContext, name: str = "Đorđe Petrović") -> int:
    save_company(
        ctx, CompanyProfile(name="Test Shop", currency="EUR", iban="IE29AIBK93115212345678")
    )
    customer = cust.create_customer(ctx, cust.CustomerInput(name=name)).id
    vat = save_tax_rate(ctx, TaxRateRecord(0, "VAT", Decimal("23"))).id
    lines = (LineDraft("Bolts", "100", "0.35", "0", vat), LineDraft("Advice", "1", "50"))
    draft = save_draft(ctx, InvoiceDraft(customer, date(2026, 11, 2), lines))
    return issue_invoice(ctx, draft.id).id


def test_document_mirrors_the_stored_invoice(ctx: AppContext) -> None:
    invoice_id = _issued(ctx)
    doc = build_document(ctx, invoice_id)
    record = get_invoice(ctx, invoice_id)
    assert (doc.number, doc.total, doc.amount_due) == (record.number, record.total, record.total)
    assert [t.label for t in doc.taxes] == ["No tax", "VAT 23%"]
    assert doc.payment.iban == "IE29AIBK93115212345678" and doc.payment.reference == record.number
    assert "30 days" in doc.terms_text
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(invoice_pdf(ctx, invoice_id))).pages)
    assert "Đorđe Petrović" in text and "VAT 23%" in text and record.number in text


def test_credit_note_document(ctx: AppContext) -> None:
    invoice_id = _issued(ctx)
    note = credit_invoice(ctx, invoice_id, "Returned", [LineDraft("Bolts back", "10", "0.35")])
    doc = build_document(ctx, note.credit_note.id)
    assert doc.kind == "credit_note" and doc.related_number == "INV-2026-00001"
    assert doc.amount_due == 0 and doc.payment.iban == ""


def test_batch_save_reports_progress_and_stops_when_cancelled(
    ctx: AppContext, tmp_path: Path
) -> None:
    first = _issued(ctx, "<b>&\"'/:*?")
    ids = [first] + [
        issue_invoice(
            ctx,
            save_draft(
                ctx,
                InvoiceDraft(
                    get_invoice(ctx, first).customer_id,
                    date(2026, 11, 3),
                    (LineDraft("x", "1", "1"),),
                ),
            ).id,
        ).id
        for _ in range(4)
    ]
    seen: list[tuple[int, int]] = []
    result = save_pdfs(ctx, ids, tmp_path / "out", progress=lambda d, t: seen.append((d, t)))
    assert len(result.written) == 5 and not result.cancelled and seen[-1] == (5, 5)
    assert result.written[0].name == pdf_file_name(get_invoice(ctx, first))
    assert "/" not in result.written[0].name[:-4] and result.written[0].exists()
    done: list[int] = []
    stopped = save_pdfs(
        ctx,
        ids,
        tmp_path / "again",
        progress=lambda d, t: done.append(d),
        cancelled=lambda: len(done) >= 2,
    )
    assert stopped.cancelled and len(stopped.written) == 2
    assert len(list((tmp_path / "again").glob("*.pdf"))) == 2
