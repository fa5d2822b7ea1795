# SPDX-License-Identifier: MIT
"""An issued invoice reprints exactly as issued, whatever changes in the customer, the company
or the fee settings afterwards; a draft prints today's data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from arapp.db.models import Invoice
from arapp.services import customers as cust
from arapp.services.company import get_company, save_company
from arapp.services.context import AppContext
from arapp.services.fees import charge_late_fees
from arapp.services.invoice_documents import build_document, build_documents, invoice_pdf
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import credit_invoice, issue_invoice
from arapp.services.pdf_cache import PdfCache, invoice_pdfs
from arapp.services.recurring import RecurringInput, run_recurring, save_template
from arapp.services.settings import INTEREST_PERCENT_PER_MONTH, LATE_FEE_FLAT, set_setting
from arapp.services.transfer.imports import import_customers, import_invoices
from tests.helpers.postgres import PG_URL, SKIP_REASON


def _text(pdf: bytes | object) -> str:
    assert isinstance(pdf, bytes)
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)


def _books(ctx: AppContext) -> tuple[int, int]:
    """A shop with an address and a bank, and a customer with an address; returns the
    customer's id and an issued invoice's."""
    company = get_company(ctx)
    assert company is not None
    save_company(
        ctx,
        replace(
            company,
            name="Old Shop Ltd",
            address="1 Old Street\nDublin",
            tax_id="IE1234567T",
            bank_name="Old Bank",
            iban="IE29AIBK93115212345678",
            payment_link_url="https://pay.example/old",
        ),
    )
    customer = cust.create_customer(
        ctx,
        cust.CustomerInput(
            name="Zoë Old Name", billing_address="7 Former Road\nCork", tax_id="IE7654321X"
        ),
    ).id
    draft = save_draft(
        ctx, InvoiceDraft(customer, date(2026, 9, 1), (LineDraft("Bolts", "100", "0.35"),))
    )
    return customer, issue_invoice(ctx, draft.id).id


def _change_everything(ctx: AppContext, customer: int) -> None:
    typed = cust.get_customer(ctx, customer).customer.as_input()
    new = replace(typed, name="Zoë New Name", billing_address="9 Later Lane\nGalway")
    cust.update_customer(ctx, customer, new)
    company = get_company(ctx)
    assert company is not None
    save_company(
        ctx,
        replace(
            company,
            name="New Shop Ltd",
            address="2 New Street\nLimerick",
            bank_name="New Bank",
            iban="DE89370400440532013000",
            payment_link_url="https://pay.example/new",
        ),
    )
    set_setting(ctx, LATE_FEE_FLAT, "15")
    set_setting(ctx, INTEREST_PERCENT_PER_MONTH, "1.5")


def test_an_issued_invoice_reprints_exactly_as_issued(ctx: AppContext) -> None:
    customer, invoice_id = _books(ctx)
    note = credit_invoice(ctx, invoice_id, "Returned", [LineDraft("Bolts back", "10", "0.35")])
    note_id = note.credit_note.id
    first, first_note = _text(invoice_pdf(ctx, invoice_id)), _text(invoice_pdf(ctx, note_id))
    assert "Zoë Old Name" in first and "Former Road" in first and "Old Shop Ltd" in first
    assert "Old Bank" in first and "late fee" not in first
    assert "Zoë Old Name" in first_note and "Old Shop Ltd" in first_note

    _change_everything(ctx, customer)

    assert _text(invoice_pdf(ctx, invoice_id)) == first
    assert _text(invoice_pdf(ctx, note_id)) == first_note
    # the e-mail and reminder attachments (services.pdf_cache) print the same way
    attached = invoice_pdfs(ctx, [invoice_id, note_id], PdfCache())
    assert _text(attached[invoice_id]) == first and _text(attached[note_id]) == first_note
    many = build_documents(ctx, [invoice_id, note_id])
    assert many[invoice_id] == build_document(ctx, invoice_id)


def test_a_draft_prints_todays_data(ctx: AppContext) -> None:
    customer, _ = _books(ctx)
    draft = save_draft(
        ctx, InvoiceDraft(customer, date(2026, 11, 1), (LineDraft("Nuts", "3", "2"),))
    ).id
    before = _text(invoice_pdf(ctx, draft))
    assert "Zoë Old Name" in before and "Old Shop Ltd" in before
    _change_everything(ctx, customer)
    after = _text(invoice_pdf(ctx, draft))
    assert "Zoë New Name" in after and "Later Lane" in after and "New Shop Ltd" in after
    assert "New Bank" in after and "late fee" in after and "Zoë Old Name" not in after
    issued = issue_invoice(ctx, draft).id
    assert _text(invoice_pdf(ctx, issued)).replace("INV-2026-00002", "") != before
    doc = build_document(ctx, issued)
    assert doc.buyer.name == "Zoë New Name" and doc.payment.bank_name == "New Bank"


def test_a_fee_document_keeps_the_terms_it_was_issued_with(ctx: AppContext) -> None:
    customer, invoice_id = _books(ctx)
    set_setting(ctx, LATE_FEE_FLAT, "10")
    charged = charge_late_fees(ctx)
    assert [c.invoice_id for c in charged] == [invoice_id]
    fee = charged[0].fee_invoice_id
    assert fee is not None
    first = _text(invoice_pdf(ctx, fee))
    assert "late fee of" in first and "Zoë Old Name" in first
    _change_everything(ctx, customer)
    assert _text(invoice_pdf(ctx, fee)) == first


def test_imported_invoices_keep_their_face_too(ctx: AppContext) -> None:
    customers = "code,name,email,phone,address,terms,credit_limit,currency\nC1,Anna,,,Road 1,,,\n"
    invoices = (
        "number,customer_code,issue_date,due_date,currency,description,quantity,unit_price,"
        "tax_rate\nOLD-1,C1,2026-10-01,,,Bolts,1,10,\n"
    )
    assert import_customers(ctx, customers.encode()).ok
    assert import_invoices(ctx, invoices.encode()).ok
    with ctx.db.read() as session:
        invoice_id = session.scalars(select(Invoice.id).where(Invoice.number == "OLD-1")).one()
    first = _text(invoice_pdf(ctx, invoice_id))
    assert "Anna" in first and "Road 1" in first
    _change_everything(ctx, 1)
    assert _text(invoice_pdf(ctx, invoice_id)) == first


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)
def test_reprint_on_postgres(pg_ctx: AppContext) -> None:
    customer, invoice_id = _books(pg_ctx)
    first = build_document(pg_ctx, invoice_id)
    _change_everything(pg_ctx, customer)
    assert build_document(pg_ctx, invoice_id) == first
    second = save_draft(
        pg_ctx, InvoiceDraft(customer, date(2026, 11, 1), (LineDraft("Nuts", "3", "2"),))
    )
    assert build_document(pg_ctx, issue_invoice(pg_ctx, second.id).id).buyer.name == "Zoë New Name"


def test_recurring_invoices_issued_by_a_run_keep_their_face(ctx: AppContext) -> None:
    customer, _ = _books(ctx)
    save_template(
        ctx,
        RecurringInput(
            customer_id=customer,
            name="Maintenance",
            frequency="monthly",
            start_date=date(2026, 10, 1),
            lines=(LineDraft("Monthly maintenance", "1", "120.00"),),
        ),
    )
    run = run_recurring(ctx)
    assert run.created and all(run.numbers)
    first = [_text(invoice_pdf(ctx, i)) for i in run.created]
    assert all("Zoë Old Name" in t for t in first)
    _change_everything(ctx, customer)
    assert [_text(invoice_pdf(ctx, i)) for i in run.created] == first
