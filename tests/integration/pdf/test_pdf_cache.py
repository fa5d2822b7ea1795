# SPDX-License-Identifier: MIT
"""Invoice PDFs for many invoices at once: the same as one by one, rendered once per content
(the same bytes again), rendered anew after anything printed changes, and an invoice that
cannot be printed answered with its reason while the others are made."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO

from PIL import Image
from pypdf import PdfReader
from sqlalchemy import update

from arapp.db.models import Invoice
from arapp.pdf.document import InvoiceDocument
from arapp.pdf.invoice import render_invoice
from arapp.services.company import get_company, save_company
from arapp.services.context import AppContext
from arapp.services.invoice_documents import build_document, build_documents
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.pdf_cache import PdfCache, PdfProblem, document_key, invoice_pdfs
from tests.helpers.books import customer, issued_invoice


class Counting:
    """The real renderer, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, doc: InvoiceDocument) -> bytes:
        self.calls += 1
        return render_invoice(doc)


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)


def test_many_documents_are_the_documents_one_by_one(ctx: AppContext) -> None:
    zoe = customer(ctx, "Zoë Café")
    ids = [issued_invoice(ctx, zoe, date(2026, 10, d), f"{d}0.50") for d in (1, 2, 3)]
    many = build_documents(ctx, [*ids, 999_999])
    assert [many[i] for i in ids] == [build_document(ctx, i) for i in ids]
    assert "does not exist" in str(many[999_999])


def test_rendered_once_per_content_and_anew_after_a_change(ctx: AppContext) -> None:
    zoe = customer(ctx, "Zoë Café")
    first, second = (issued_invoice(ctx, zoe, date(2026, 10, 1), a) for a in ("100", "40"))
    render = Counting()
    cache = PdfCache(render=render)
    pdfs = invoice_pdfs(ctx, [first, second], cache)
    assert render.calls == 2
    again = invoice_pdfs(ctx, [first, second], cache)
    assert again == pdfs and render.calls == 2  # a reprint is the same bytes
    record_payment(ctx, PaymentInput(zoe, date(2026, 10, 5), "30", allocations=((first, "30"),)))
    paid = invoice_pdfs(ctx, [first, second], cache)
    assert render.calls == 3 and paid[second] == pdfs[second]
    assert paid[first] != pdfs[first] and "30.00" in _text(paid[first])


def test_the_key_covers_the_logo(ctx: AppContext) -> None:
    invoice_id = issued_invoice(ctx, customer(ctx, "Zoë Café"), date(2026, 10, 1), "100")
    doc = build_document(ctx, invoice_id)
    red, blue = (BytesIO(), BytesIO())
    Image.new("RGB", (4, 4), "red").save(red, "PNG")
    Image.new("RGB", (4, 4), "blue").save(blue, "PNG")
    with_red = replace(doc, seller=replace(doc.seller, logo=red.getvalue()))
    with_blue = replace(doc, seller=replace(doc.seller, logo=blue.getvalue()))
    assert repr(with_red) == repr(with_blue)  # the repr leaves the logo out; the key does not
    assert len({document_key(doc), document_key(with_red), document_key(with_blue)}) == 3
    render = Counting()
    cache = PdfCache(render=render)
    invoice_pdfs(ctx, [invoice_id], cache)
    company = get_company(ctx)
    assert company is not None
    save_company(ctx, replace(company, logo=red.getvalue()))
    invoice_pdfs(ctx, [invoice_id], cache)
    assert render.calls == 2  # a new logo is a new document


def test_an_invoice_that_cannot_be_printed_says_why_and_the_others_are_made(
    ctx: AppContext,
) -> None:
    zoe = customer(ctx, "Zoë Café")
    good, bad = (issued_invoice(ctx, zoe, date(2026, 10, 1), a) for a in ("100", "40"))
    with ctx.db.write() as session:  # the books altered behind the program's back
        session.execute(update(Invoice).where(Invoice.id == bad).values(total=Invoice.total + 1))
    pdfs = invoice_pdfs(ctx, [good, bad], PdfCache())
    assert isinstance(pdfs[good], bytes) and "Zoë Café" in _text(pdfs[good])
    problem = pdfs[bad]
    assert isinstance(problem, PdfProblem) and problem.invoice_id == bad
    assert "stored total differs from its lines" in problem.reason


def test_the_cache_keeps_no_more_than_its_limit(ctx: AppContext) -> None:
    zoe = customer(ctx, "Zoë Café")
    ids = [issued_invoice(ctx, zoe, date(2026, 10, 1), a) for a in ("1", "2", "3")]
    render = Counting()
    one = len(render_invoice(build_document(ctx, ids[0])))
    cache = PdfCache(limit=int(one * 2.5), render=render)
    invoice_pdfs(ctx, ids, cache)
    invoice_pdfs(ctx, ids[1:], cache)  # the two most recent are kept
    assert render.calls == 3
    invoice_pdfs(ctx, ids[:1], cache)  # the oldest went
    assert render.calls == 4
