# SPDX-License-Identifier: MIT
"""The payment link on paper: each invoice prints the company's pattern filled in with its own
number and amount, clickable (the annotation holds the whole address), short to read, and an
issued invoice keeps the pattern it was issued with."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from arapp.domain.payment_link import LinkValues, expand
from arapp.pdf.invoice import render_invoice
from arapp.pdf.links import MAX_LISTED, link_text
from arapp.pdf.sample import sample_invoice
from arapp.pdf.styles import styles
from arapp.services.company import get_company, save_company
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.invoice_documents import build_document, invoice_pdf
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reminders.letters import build_letters, print_letters
from arapp.services.reminders.run import plan_run, queue
from arapp.services.statements import statement_pdf
from tests.helpers.books import MARKUP_NAME
from tests.helpers.pdf import SPACES

PATTERN = "https://pay.example/{number}?amount={amount}&currency={currency}&c={customer}"


def links(pdf: bytes) -> list[str]:
    """The address of every link annotation, page by page."""
    found = []
    for page in PdfReader(BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                found.append(str(action["/URI"]))
    return found


def text(pdf: bytes) -> str:
    return SPACES.sub(" ", " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))


def set_link(ctx: AppContext, pattern: str) -> None:
    company = get_company(ctx)
    assert company is not None
    save_company(ctx, replace(company, payment_link_url=pattern))


def invoice(ctx: AppContext, code: str = "C-7", amount: str = "1234.5") -> int:
    """A draft of ``amount`` for a new customer ``code`` (a name full of markup)."""
    customer = create_customer(ctx, CustomerInput(name=MARKUP_NAME, code=code)).id
    draft = save_draft(
        ctx, InvoiceDraft(customer, date(2026, 11, 2), (LineDraft("Bolts", "1", amount),))
    )
    return draft.id


def test_the_invoice_links_to_its_own_payment_page(ctx: AppContext) -> None:
    set_link(ctx, PATTERN)
    issued = issue_invoice(ctx, invoice(ctx))
    pdf = invoice_pdf(ctx, issued.id)
    expected = f"https://pay.example/{issued.number}?amount=1234.50&currency=EUR&c=C-7"
    assert links(pdf) == [expected]
    assert f"Pay online {expected} " in text(pdf)  # it fits: printed whole


def test_a_long_link_shows_short_text_and_keeps_the_whole_address(ctx: AppContext) -> None:
    long = (
        "https://checkout.payments-provider.example/harbour-lane-trading/invoices/{number}"
        "?amount={amount}&currency={currency}&customer={customer}&lang=en"
    )
    set_link(ctx, long)
    issued = issue_invoice(ctx, invoice(ctx))
    pdf = invoice_pdf(ctx, issued.id)
    assert links(pdf) == [
        "https://checkout.payments-provider.example/harbour-lane-trading/invoices/"
        f"{issued.number}?amount=1234.50&currency=EUR&customer=C-7&lang=en"
    ]
    shown = "checkout.payments-provider.example/harbour-lane-trading/invoices/" + issued.number
    assert f"Pay online {shown} " in text(pdf)


def test_markup_in_a_link_can_neither_close_the_address_nor_open_a_tag() -> None:
    # an address stored before patterns were checked, or a number filled in (encoded)
    number = expand("https://pay.example/{number}", LinkValues("<b>&\"'", Decimal(1), "EUR"))
    for url in ('https://pay.example/p?a=1&b="x"&c=\'<b>y</b>', number):
        doc = sample_invoice(number="INV-1")
        doc = replace(doc, payment=replace(doc.payment, payment_link_url=url))
        pdf = render_invoice(doc)
        assert links(pdf) == [url]
    assert number == "https://pay.example/%3Cb%3E%26%22%27"


def test_an_address_that_is_no_web_link_is_plain_text() -> None:
    doc = sample_invoice(number="INV-1")
    for url in ("javascript:alert(1)", "pay.example/INV-1"):
        pdf = render_invoice(replace(doc, payment=replace(doc.payment, payment_link_url=url)))
        assert links(pdf) == [] and f"Pay online {url}" in text(pdf)


def test_a_plain_address_is_printed_whole_and_clickable(ctx: AppContext) -> None:
    set_link(ctx, "https://pay.example/shop")
    pdf = invoice_pdf(ctx, issue_invoice(ctx, invoice(ctx)).id)
    assert links(pdf) == ["https://pay.example/shop"]
    assert "Pay online https://pay.example/shop " in text(pdf)


def test_the_link_asks_for_what_is_still_due(ctx: AppContext) -> None:
    set_link(ctx, PATTERN)
    issued = issue_invoice(ctx, invoice(ctx))
    doc = build_document(ctx, issued.id)
    paid = PaymentInput(issued.customer_id, date(2026, 11, 3), "234.50")
    record_payment(ctx, paid)
    assert doc.payment.payment_link_url.endswith("amount=1234.50&currency=EUR&c=C-7")
    after = build_document(ctx, issued.id).payment.payment_link_url
    assert after.endswith("amount=1000.00&currency=EUR&c=C-7")


def test_a_draft_has_no_link_until_it_has_a_number(ctx: AppContext) -> None:
    set_link(ctx, PATTERN)
    draft = invoice(ctx)
    pdf = invoice_pdf(ctx, draft)
    assert links(pdf) == [] and "Pay online" not in text(pdf)


def test_an_issued_invoice_keeps_the_pattern_it_was_issued_with(ctx: AppContext) -> None:
    set_link(ctx, "https://old.example/pay/{number}")
    issued = issue_invoice(ctx, invoice(ctx))
    first = invoice_pdf(ctx, issued.id)
    set_link(ctx, "https://new.example/{customer}")
    assert links(invoice_pdf(ctx, issued.id)) == links(first)
    assert links(first) == [f"https://old.example/pay/{issued.number}"]
    assert text(invoice_pdf(ctx, issued.id)) == text(first)
    later = issue_invoice(ctx, invoice(ctx, code="C-8"))
    assert links(invoice_pdf(ctx, later.id)) == ["https://new.example/C-8"]


def test_a_credit_note_has_no_link(ctx: AppContext) -> None:
    from arapp.services.lifecycle import credit_invoice

    set_link(ctx, PATTERN)
    issued = issue_invoice(ctx, invoice(ctx))
    note = credit_invoice(ctx, issued.id, "Returned", [LineDraft("Bolts back", "1", "10")])
    assert links(invoice_pdf(ctx, note.credit_note.id)) == []


def account(ctx: AppContext, invoices: int, email: str = "") -> int:
    """A customer with ``invoices`` open invoices of 100, 101, ... due long ago (net 30)."""
    anna = create_customer(
        ctx, CustomerInput(name="Anna", code="ANNA", email=email, billing_address="1 Main St")
    ).id
    for n in range(invoices):
        draft = save_draft(
            ctx,
            InvoiceDraft(anna, date(2026, 9, 1 + n), (LineDraft("Goods", "1", str(100 + n)),)),
        )
        issue_invoice(ctx, draft.id)
    return anna


def test_a_statement_gives_each_open_invoice_its_link(ctx: AppContext) -> None:
    set_link(ctx, "https://pay.example/{number}?amount={amount}")
    anna = account(ctx, 2)
    pdf = statement_pdf(ctx, anna)
    first, second = (f"https://pay.example/INV-2026-0000{n}?amount={a}" for n, a in
                     ((1, "100.00"), (2, "101.00")))  # fmt: skip
    assert links(pdf) == [first, second]
    assert f"Pay online {first} {second} " in text(pdf)  # each names its invoice
    set_link(ctx, "https://pay.example/?amount={amount}")
    pdf = statement_pdf(ctx, anna)
    first, second = "https://pay.example/?amount=100.00", "https://pay.example/?amount=101.00"
    assert links(pdf) == [first, second]
    assert f"Pay online INV-2026-00001: {first} INV-2026-00002: {second} " in text(pdf)


def test_a_statement_gives_a_link_the_invoices_share_once(ctx: AppContext) -> None:
    set_link(ctx, "https://pay.example/account/{customer}")
    anna = account(ctx, 2)
    assert links(statement_pdf(ctx, anna)) == ["https://pay.example/account/ANNA"]


def test_a_letter_gives_each_invoice_its_link_and_no_link_qr_code(ctx: AppContext) -> None:
    set_link(ctx, "https://pay.example/{number}?amount={amount}&currency={currency}")
    account(ctx, MAX_LISTED + 2)
    queue(ctx, plan_run(ctx, date(2026, 11, 23)), date(2026, 11, 23))
    (letter,) = build_letters(ctx)
    assert letter.payment.payment_link_url == ""  # each invoice has its own
    pdf = print_letters(ctx)
    expected = [
        f"https://pay.example/INV-2026-{n + 1:05d}?amount={100 + n}.00&currency=EUR"
        for n in range(MAX_LISTED)
    ]
    assert links(pdf) == expected
    assert "and 2 more invoices: each has its link on the invoice" in text(pdf)
    assert "Scan to pay online" not in text(pdf)


def test_a_letter_with_a_plain_link_gives_it_once_with_its_qr_code(ctx: AppContext) -> None:
    set_link(ctx, "https://pay.example/shop")
    account(ctx, 2)
    queue(ctx, plan_run(ctx, date(2026, 11, 23)), date(2026, 11, 23))
    pdf = print_letters(ctx)
    assert links(pdf) == ["https://pay.example/shop"]
    assert "Scan to pay online" in text(pdf)


def test_the_text_shown_gets_shorter_step_by_step_to_fit() -> None:
    body = styles().body
    url = "https://pay.example/a-rather-long-shop-name/invoices/INV-1?amount=5.00&currency=EUR"
    wide = stringWidth(url, body.fontName, body.fontSize) + 1
    assert link_text(url, body, wide) == url
    assert link_text(url, body, wide - 20) == url.removeprefix("https://")
    page = "pay.example/a-rather-long-shop-name/invoices/INV-1"
    assert link_text(url, body, stringWidth(page, body.fontName, body.fontSize) + 1) == page
    assert link_text(url, body, 120) == "pay.example/…/INV-1"
    cut = link_text(url, body, 80)
    assert "…" in cut and stringWidth(cut, body.fontName, body.fontSize) <= 80
