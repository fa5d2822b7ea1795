# SPDX-License-Identifier: MIT
"""The statement keeps how to pay on page 1, and its open items start there, under the address.

Statements of 1, 12, 30 and 80 open items are rendered and read back page by page: the payment
block (bank details, reference, QR caption) is on page 1 and nowhere else, the first item row
is on page 1, every later page repeats the table's header, and the page count is what the rows
need (no page left blank, none holding the payment block alone).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from arapp.domain.aging import AgingRow
from arapp.pdf.blocks import QR_CAPTION
from arapp.pdf.document import Party, PaymentDetails
from arapp.pdf.statement import render_statement
from arapp.pdf.statement_document import StatementActivity, StatementDocument, StatementItem
from arapp.services import customers as cust
from arapp.services.context import AppContext
from arapp.services.statements import statement_pdf
from tests.helpers.books import issued_invoice, with_bank
from tests.helpers.pdf import SPACES

D = Decimal
TODAY = date(2026, 11, 23)
PAY = PaymentDetails(
    "Allied Irish Banks", "IE29AIBK93115212345678", "AIBKIE2D", "", "https://pay.example/t", "C-7"
)


def _statement(count: int, currency: str = "EUR") -> StatementDocument:
    items = []
    for i in range(count):
        day = date(2026, 5, 1) + timedelta(days=i * 2)
        amount = D(100 + i) + D("0.25")
        overdue = (TODAY - day).days - 30
        items.append(
            StatementItem("invoice", f"INV-{i + 1:05d}", day, day + timedelta(30), amount, amount,
                          overdue)
        )  # fmt: skip
    total = sum((item.open for item in items), D(0))
    opening = total - sum((i.open for i in items[:20]), D(0))
    balance, activity = opening, []
    for item in items[:20]:
        balance += item.open
        activity.append(StatementActivity(item.issue_date, item.number, "Invoice", item.open,
                                          balance))  # fmt: skip
    return StatementDocument(
        seller=Party("Test Shop", "1 Shop Street\nDublin"),
        customer=Party("Anna", "1 Main St\nCork", code="C-7"),
        statement_date=TODAY, period_start=date(2026, 8, 25), period_end=TODAY,
        currency=currency, locale="en_IE", open_items=tuple(items), open_total=total,
        opening_balance=opening,
        activity=tuple(activity), closing_balance=total,
        aging=AgingRow((D(0), D(0), D(0), D(0), total), total), payment=PAY,
    )  # fmt: skip


def _pages(pdf: bytes) -> list[str]:
    return [SPACES.sub(" ", p.extract_text()) for p in PdfReader(BytesIO(pdf)).pages]


@pytest.mark.parametrize(("count", "most_pages"), [(1, 1), (12, 2), (30, 3), (80, 4)])
def test_how_to_pay_and_the_first_items_are_on_page_one(count: int, most_pages: int) -> None:
    pages = _pages(render_statement(_statement(count)))
    first = pages[0]
    assert "PAYMENT" in first and "IBAN IE29 AIBK 9311 5212 3456 78" in first
    assert "Reference C-7" in first and QR_CAPTION in first
    assert "Please pay €" in first
    assert "Invoice INV-00001 1 May 2026" in first  # the table starts under the address block
    if count >= 12:
        assert "Invoice INV-00012" in first  # page 1 is not left blank below the address
    assert all("PAYMENT" not in page and "IBAN" not in page for page in pages[1:])
    assert 1 <= len(pages) <= most_pages
    for page in pages[1:]:  # a continued table repeats its header; no page is a lone block
        assert "Document Date Due date" in page or "Date Reference Description" in page
    assert f"Invoice INV-{count:05d}" in " ".join(pages) and "Closing balance" in pages[-1]


def test_without_a_qr_code_the_box_holds_the_bank_details() -> None:
    first = _pages(render_statement(_statement(3, currency="USD")))[0]
    assert "PAYMENT" in first and "Allied Irish Banks" in first and QR_CAPTION not in first


def test_a_statement_from_the_books_pays_on_page_one(ctx: AppContext) -> None:
    with_bank(ctx)
    busy = cust.create_customer(ctx, cust.CustomerInput(name="Busy", code="BUSY")).id
    for i in range(30):
        issued_invoice(ctx, busy, date(2026, 8, 1) + timedelta(days=i), f"{10 + i}.00")
    pages = _pages(statement_pdf(ctx, busy, date(2026, 7, 1), TODAY))
    assert "IBAN IE29 AIBK 9311 5212 3456 78" in pages[0] and QR_CAPTION in pages[0]
    assert "Invoice INV-2026-00001" in pages[0]
    assert all("IBAN" not in page for page in pages[1:]) and len(pages) <= 3
