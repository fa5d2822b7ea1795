# SPDX-License-Identifier: MIT
"""A specimen invoice with made-up data: for template previews, tests and benchmarks.

:func:`sample_invoice` builds a realistic :class:`~arapp.pdf.document.InvoiceDocument`
(totals computed by :func:`arapp.domain.totals.compute_totals`), and
:func:`sample_logo_png` a small PNG logo generated in code, so nothing needs a file.
"""

from __future__ import annotations

import decimal
import functools
import struct
import zlib
from datetime import date
from decimal import Decimal

from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.domain.money import MONEY_CONTEXT
from arapp.domain.terms import parse_terms
from arapp.domain.totals import LineInput, TaxRate, compute_totals
from arapp.pdf.document import DocumentLine, InvoiceDocument, Party, PaymentDetails, TaxSummaryLine

__all__ = ["SAMPLE_IBAN", "sample_invoice", "sample_logo_png"]

SAMPLE_IBAN = "IE29AIBK93115212345678"
_VAT = TaxRate("VAT", Decimal(23))
_VAT_REDUCED = TaxRate("VAT", Decimal("13.5"))
_LONG = (
    "Espresso machine service: descaling, replacement of the group head seals and "
    "calibration of the grinder, including a two-hour visit on site and a written "
    "maintenance report for your records"
)
# description, quantity, unit, unit price, discount %, tax
_LINES = (
    ("Espresso machine service", "1", "job", "180.00", "0", _VAT),
    ("Coffee beans, house blend, 1 kg", "12", "bag", "18.50", "10", _VAT_REDUCED),
    ("Paper cups 12 oz (box of 500)", "4", "box", "42.90", "0", _VAT),
    ("Barista training", "2.5", "h", "65.00", "0", _VAT),
    ("Delivery", "1", "", "15.00", "0", _VAT),
)


def _png(width: int, height: int, pixels: bytes) -> bytes:
    """A PNG file of 8-bit RGBA ``pixels`` (rows top to bottom, no filter bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    stride = width * 4
    raw = b"".join(b"\x00" + pixels[y * stride : (y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


@functools.cache
def sample_logo_png() -> bytes:
    """A 240 x 96 pixel logo on a transparent background: a blue disc and orange bars."""
    width, height = 240, 96
    blue, orange, clear = b"\x1d\x4e\x89\xff", b"\xf0\x8a\x24\xff", b"\x00\x00\x00\x00"
    rows = []
    for y in range(height):
        row = []
        for x in range(width):
            in_disc = (x - 48) ** 2 + (y - 48) ** 2 <= 42**2
            in_bar = 104 <= x < 232 and any(top <= y < top + 14 for top in (18, 41, 64))
            short = x < 104 + (232 - 104) * (3 - (y - 18) // 23) // 3
            row.append(blue if in_disc else orange if in_bar and short else clear)
        rows.append(b"".join(row))
    return _png(width, height, b"".join(rows))


def _document_lines(count: int) -> tuple[list[LineInput], list[tuple[str, str, TaxRate]]]:
    inputs, texts = [], []
    for i in range(count):
        description, qty, unit, price, discount, tax = _LINES[i % len(_LINES)]
        if i % 25 == 0:
            description = _LONG
        if count > len(_LINES):
            description = f"{i + 1:03}. {description}"
        inputs.append(LineInput(Decimal(qty), Decimal(price), Decimal(discount), tax))
        texts.append((description, unit, tax))
    return inputs, texts


def sample_invoice(
    *,
    lines: int = 5,
    locale: str = "en_IE",
    number: str | None = "INV-2026-00001",
    paid: Decimal = Decimal("500.00"),
    logo: bool = True,
    currency: str = "EUR",
) -> InvoiceDocument:
    """A typical invoice of a small Irish coffee supplier to a customer in Berlin.

    ``number=None`` gives a draft.  Use :func:`dataclasses.replace` for anything else.
    """
    issue = date(2026, 11, 23)
    terms = parse_terms("2/10 net 30")
    inputs, texts = _document_lines(lines)
    totals = compute_totals(inputs, currency)
    seller = Party(
        name="Corner Coffee Supplies Ltd",
        address="12 Main Street\nDublin 2, D02 XY45\nIreland",
        email="accounts@cornercoffee.ie",
        phone="+353 1 555 0100",
        website="www.cornercoffee.ie",
        tax_id="IE1234567T",
        logo=sample_logo_png() if logo else None,
    )
    buyer = Party(
        name="Zoë Łukasiewicz",
        address="Café Łukasiewicz\nFriedrichstraße 12\n10117 Berlin\nGermany",
        email="zoe@example.de",
        tax_id="DE123456789",
        code="C000042",
    )
    with_lines = tuple(
        DocumentLine(
            description=text,
            quantity=line.quantity,
            unit=unit,
            unit_price=line.unit_price,
            discount_percent=line.discount_percent,
            tax_label=str(tax),
            amount=result.amount,
        )
        for line, (text, unit, tax), result in zip(inputs, texts, totals.lines, strict=True)
    )
    taxes = tuple(TaxSummaryLine(str(t.rate), t.net, t.tax) for t in totals.taxes if t.rate)
    with_paid = min(paid, totals.total)
    with decimal.localcontext(MONEY_CONTEXT):
        due = totals.total - with_paid
    return InvoiceDocument(
        kind=DocumentKind.INVOICE,
        number=number,
        status=(
            InvoiceStatus.DRAFT
            if number is None
            else InvoiceStatus.PARTIALLY_PAID
            if with_paid
            else InvoiceStatus.SENT
        ),
        issue_date=issue,
        due_date=terms.due_date(issue),
        currency=currency,
        locale=locale,
        seller=seller,
        buyer=buyer,
        lines=with_lines,
        subtotal=totals.subtotal,
        invoice_discount=totals.invoice_discount,
        taxes=taxes,
        tax_total=totals.tax_total,
        total=totals.total,
        amount_paid=with_paid,
        amount_due=due,
        terms_text=terms.describe(),
        late_fee_text="Overdue balances are charged 1.5% interest per month.",
        payment=PaymentDetails(
            bank_name="Allied Irish Banks",
            iban=SAMPLE_IBAN,
            bic="AIBKIE2D",
            payment_link_url=f"https://pay.cornercoffee.ie/{number or 'draft'}",
        ),
        notes="Thank you for your business! Questions about this invoice? "
        "Call us or reply to the e-mail it came with.",
        footer="Corner Coffee Supplies Ltd · Registered in Ireland, company no. 654321 · "
        "Directors: A. Byrne, M. Walsh",
    )
