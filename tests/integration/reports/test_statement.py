# SPDX-License-Identifier: MIT
"""Customer statements built from hand-computed books, rendered and read back."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from arapp.pdf.blocks import QR_CAPTION
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.invoices import LineDraft
from arapp.services.lifecycle import credit_invoice, void_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reversals import reverse_payment
from arapp.services.settings import set_setting
from arapp.services.statements import build_statement, statement_pdf
from tests.helpers.books import MARKUP_NAME, with_bank
from tests.helpers.books import issued_invoice as invoice
from tests.helpers.cli import run
from tests.helpers.pdf import PDFTOPPM, SPACES

D = Decimal
NAME = MARKUP_NAME


def _text(pdf: bytes) -> list[str]:
    return [SPACES.sub(" ", page.extract_text()).strip() for page in PdfReader(BytesIO(pdf)).pages]


@pytest.fixture
def books(ctx: AppContext) -> tuple[AppContext, int]:
    """Anna's account (today is 23 Nov 2026; net 30 terms):

    1 Jul   INV-1 100.00 (due 31 Jul)            balance 100.00  <- before the period
    15 Sep  INV-2 200.00 (due 15 Oct)                    300.00
    1 Oct   payment 50.00 on INV-2                       250.00
    24 Oct  INV-3  80.00 (due 23 Nov)                    330.00
    23 Nov  credit note 30.00 on INV-1                   300.00
    Open: INV-1 70.00 (115 days), INV-2 150.00 (39), INV-3 80.00 (due today).
    """
    with_bank(ctx)
    anna = cust.create_customer(
        ctx, cust.CustomerInput(name=NAME, code="ANNA", billing_address="1 Main St\nCork")
    ).id
    inv1 = invoice(ctx, anna, date(2026, 7, 1), "100.00")
    inv2 = invoice(ctx, anna, date(2026, 9, 15), "200.00")
    record_payment(
        ctx,
        PaymentInput(anna, date(2026, 10, 1), "50.00", "bank_transfer", "TRX-9", ((inv2, "50"),)),
    )
    invoice(ctx, anna, date(2026, 10, 24), "80.00")
    credit_invoice(ctx, inv1, "damaged", [LineDraft("Refund", "1", "30.00")])
    return ctx, anna


def test_statement_figures(books: tuple[AppContext, int]) -> None:
    ctx, anna = books
    doc = build_statement(ctx, anna, date(2026, 8, 25), date(2026, 11, 23))
    assert doc.opening_balance == D("100.00") and doc.closing_balance == D("300.00")
    assert [(a.date, a.description, a.amount, a.balance) for a in doc.activity] == [
        (date(2026, 9, 15), "Invoice", D("200.00"), D("300.00")),
        (date(2026, 10, 1), "Payment (bank transfer)", D("-50.00"), D("250.00")),
        (date(2026, 10, 24), "Invoice", D("80.00"), D("330.00")),
        (date(2026, 11, 23), "Credit note", D("-30.00"), D("300.00")),
    ]
    assert [(i.number, i.open, i.days_overdue) for i in doc.open_items] == [
        ("INV-2026-00001", D("70.00"), 115),
        ("INV-2026-00002", D("150.00"), 39),
        ("INV-2026-00003", D("80.00"), 0),
    ]
    assert doc.open_total == D("300.00") == doc.amount_due
    assert doc.aging.buckets == (D("80.00"), D(0), D("150.00"), D(0), D("70.00"))
    assert doc.payment.reference == "Customer ANNA" and doc.paper_size == "a4"


def test_earlier_period_and_refused_period(books: tuple[AppContext, int]) -> None:
    ctx, anna = books
    doc = build_statement(ctx, anna, date(2026, 9, 1), date(2026, 9, 30))
    assert (doc.opening_balance, doc.closing_balance) == (D("100.00"), D("300.00"))
    assert doc.open_total == D("300.00") and len(doc.activity) == 1
    assert doc.aging.buckets == (D("200.00"), D(0), D(0), D("100.00"), D(0))  # 61 days
    with pytest.raises(ServiceError):
        build_statement(ctx, anna, date(2026, 10, 1), date(2026, 9, 1))


def test_statement_before_a_void_and_a_reversal_shows_what_was_owed_then(ctx: AppContext) -> None:
    with_bank(ctx)
    bo = cust.create_customer(ctx, cust.CustomerInput(name="Bo", code="BO")).id
    sent_twice = invoice(ctx, bo, date(2026, 9, 1), "40.00")
    kept = invoice(ctx, bo, date(2026, 9, 2), "60.00")
    bounced = record_payment(
        ctx, PaymentInput(bo, date(2026, 9, 20), "25.00", "cheque", "CHQ-1", ((kept, "25"),))
    )
    void_invoice(ctx, sent_twice, "sent twice")  # today, 23 Nov
    reverse_payment(ctx, bounced.id, "bounced")  # today
    september = build_statement(ctx, bo, date(2026, 9, 1), date(2026, 9, 30))
    assert september.closing_balance == D("75.00") == september.open_total  # 40 + 60 - 25
    assert [a.amount for a in september.activity] == [D("40.00"), D("60.00"), D("-25.00")]
    november = build_statement(ctx, bo, date(2026, 11, 1), date(2026, 11, 23))
    assert november.opening_balance == D("75.00")
    assert [(a.description, a.amount, a.balance) for a in november.activity] == [
        ("Invoice voided: sent twice", D("-40.00"), D("35.00")),
        ("Payment reversed: bounced", D("25.00"), D("60.00")),
    ]
    assert november.closing_balance == D("60.00") == november.open_total


def test_statement_pdf_reads_back(books: tuple[AppContext, int], tmp_path: Path) -> None:
    ctx, anna = books
    pdf = statement_pdf(ctx, anna)  # the last 90 days up to today
    text = " ".join(_text(pdf))
    assert NAME in text  # printed literally, never read as markup
    assert "Statement" in text and "Test Shop" in text and "1 Main St Cork" in text
    assert "Period Aug 25, 2026 – Nov 23, 2026" in text
    assert "Amount due €300.00" in text
    assert "Invoice INV-2026-00001 Jul 1, 2026 Jul 31, 2026 100.00 70.00 115" in text
    assert "Invoice INV-2026-00003 Oct 24, 2026 Nov 23, 2026 80.00 80.00" in text
    assert "Total open 300.00" in text
    assert "Aug 25, 2026 Opening balance 100.00" in text
    assert "Oct 1, 2026 TRX-9 Payment (bank transfer) 50.00 250.00" in text
    assert "Nov 23, 2026 Closing balance 300.00" in text
    assert "Current 1-30 31-60 61-90 90+ Total 80.00 0.00 150.00 0.00 70.00 300.00" in text
    assert "IBAN IE29 AIBK 9311 5212 3456 78" in text and "Reference Customer ANNA" in text
    assert "Pay online https://pay.example/test" in text
    assert QR_CAPTION in text  # euros and an IBAN: the invoice's payment QR code
    assert "Thank you for your business." in text and "Page 1 of" in text
    reader = PdfReader(BytesIO(pdf))
    assert reader.metadata is not None and reader.metadata.title == "Statement ANNA 2026-11-23"
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.01)  # A4
    if PDFTOPPM is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    (tmp_path / "s.pdf").write_bytes(pdf)
    subprocess.run(
        [PDFTOPPM, "-r", "60", "-png", "-f", "1", "-l", "1", tmp_path / "s.pdf", tmp_path / "p"],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    with Image.open(png) as image:
        darkest, lightest = image.convert("L").getextrema()
    assert darkest < 80 and lightest > 240


def test_customer_in_credit_gets_no_payment_request(ctx: AppContext) -> None:
    with_bank(ctx)
    dora = cust.create_customer(ctx, cust.CustomerInput(name="Dora", code="DORA")).id
    record_payment(ctx, PaymentInput(dora, date(2026, 11, 1), "500.00"))
    doc = build_statement(ctx, dora, date(2026, 10, 1), date(2026, 11, 23))
    assert doc.open_total == D("-500.00") and doc.amount_due == 0
    text = " ".join(_text(statement_pdf(ctx, dora)))
    assert "In your favour €500.00" in text and QR_CAPTION not in text
    assert "PAYMENT" not in text


def test_long_statement_on_letter_paper(ctx: AppContext) -> None:
    set_setting(ctx, "invoice.paper_size", "letter")
    busy = cust.create_customer(ctx, cust.CustomerInput(name="Busy Bee", code="BUSY")).id
    for i in sorted(range(120), key=lambda i: i % 100):  # in date order: numbers follow dates
        invoice(ctx, busy, date(2026, 8, 1) + timedelta(days=i % 100), f"{10 + i}.00")
    pdf = statement_pdf(ctx, busy, date(2026, 7, 1), date(2026, 11, 23))
    pages = _text(pdf)
    assert len(pages) >= 4
    assert "Page 2 of" in pages[1] and f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert all("Busy Bee" in page for page in pages[1:])  # the running header
    total = sum(10 + i for i in range(120))
    assert f"Total open {total:,}.00" in " ".join(pages)
    assert f"Closing balance {total:,}.00" in " ".join(pages)
    reader = PdfReader(BytesIO(pdf))
    assert reader.pages[0].mediabox.width == 612  # Letter


def test_statement_command(books: tuple[AppContext, int], db_url: str, tmp_path: Path) -> None:
    db = Path(db_url.removeprefix("sqlite:///"))
    out = tmp_path / "anna.pdf"
    done = run(
        "statement", "anna", "-o", str(out), "--from", "2026-09-01", "--to", "2026-09-30", db=db
    )
    assert done.returncode == 0, done.stderr
    text = " ".join(_text(out.read_bytes()))
    assert "Period Sep 1, 2026 – Sep 30, 2026" in text and NAME in text
    bad = run("statement", "NOBODY", "-o", str(out), db=db)
    assert bad.returncode == 1 and "no customer with code NOBODY" in bad.stderr
