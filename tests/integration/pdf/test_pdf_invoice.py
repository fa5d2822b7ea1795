# SPDX-License-Identifier: MIT
"""Invoices rendered to real PDFs, read back with pypdf and rasterised with pdftoppm."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from arapp.domain.money import strict_context
from arapp.formatting import format_money
from arapp.pdf import (
    DocumentLine,
    InvoiceDocument,
    Party,
    PaymentDetails,
    TaxSummaryLine,
    document_title,
    render_invoice,
    write_invoice,
)
from arapp.pdf.blocks import QR_CAPTION
from arapp.pdf.sample import sample_invoice

PDFTOPPM = shutil.which("pdftoppm")
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def flat(text: str) -> str:
    """Text with every run of whitespace (no-break spaces included) as one space."""
    return SPACES.sub(" ", text).strip()


def render(doc: InvoiceDocument) -> bytes:
    with strict_context():  # no float may sneak into Decimal arithmetic while rendering
        return render_invoice(doc)


def pages_text(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


def money(amount: str, locale: str = "en_IE") -> str:
    return flat(format_money(Decimal(amount), "EUR", locale))


def rasterise(pdf: bytes, folder: Path) -> list[Path]:
    """Every page as a PNG at 50 dpi, as a user's viewer would show it."""
    if PDFTOPPM is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed; cannot rasterise the PDF")
    source = folder / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run([PDFTOPPM, "-r", "50", "-png", source, folder / "page"], check=True)
    return sorted(folder.glob("page*.png"))


@pytest.fixture(scope="module")
def typical() -> InvoiceDocument:
    return sample_invoice()


@pytest.fixture(scope="module")
def typical_pdf(typical: InvoiceDocument) -> bytes:
    return render(typical)


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render(sample_invoice(lines=200))


def test_typical_invoice_reads_back(typical: InvoiceDocument, typical_pdf: bytes) -> None:
    (text,) = pages_text(typical_pdf)
    assert "Invoice" in text
    assert "INV-2026-00001" in text
    assert "Zoë Łukasiewicz" in text
    assert "Corner Coffee Supplies Ltd" in text
    for line in typical.lines:
        assert flat(line.description) in text
    assert "Issue date 23 Nov 2026" in text
    assert "Due date 23 Dec 2026" in text
    assert f"VAT 13.5% on {money('199.80')} {money('26.97')}" in text
    assert f"VAT 23% on {money('529.10')} {money('121.69')}" in text
    assert f"Subtotal {money('728.90')}" in text
    assert f"Total {money('877.56')}" in text
    assert f"Amount paid {money('-500.00')}" in text
    assert f"Amount due {money('377.56')}" in text
    assert "Discount " not in text  # no invoice discount on this one
    assert "IBAN IE29 AIBK 9311 5212 3456 78" in text
    assert "Reference INV-2026-00001" in text
    assert "Pay online https://pay.cornercoffee.ie/INV-2026-00001" in text
    assert typical.terms_text in text
    assert typical.late_fee_text in text
    assert "Thank you for your business!" in text
    assert typical.footer in text
    assert "Page 1 of 1" in text
    assert "€877.56" in text and "877.56" not in text.replace("€877.56", "")


def test_german_locale_formats_amounts_and_dates() -> None:
    (text,) = pages_text(render(sample_invoice(locale="de_DE")))
    assert "Issue date 23.11.2026" in text
    assert f"Total {money('877.56', 'de_DE')}" in text
    assert "877,56 €" in text
    assert "Qty Unit Unit price" in text
    assert "12 bag 18,50 10 VAT 13.5% 199,80" in text
    assert "2,5 h 65,00" in text


def test_line_amounts_and_columns(typical_pdf: bytes) -> None:
    (text,) = pages_text(typical_pdf)
    assert "Description Qty Unit Unit price Disc. % Tax Amount" in text
    assert "Coffee beans, house blend, 1 kg 12 bag 18.50 10 VAT 13.5% 199.80" in text
    assert "Barista training 2.5 h 65.00 VAT 23% 162.50" in text


def test_unused_columns_are_left_out(typical: InvoiceDocument) -> None:
    lines = tuple(replace(line, discount_percent=Decimal(0), unit="") for line in typical.lines)
    (text,) = pages_text(render(replace(typical, lines=lines)))
    assert "Description Qty Unit price Tax Amount" in text


def test_invoice_discount_and_precise_unit_price(typical: InvoiceDocument) -> None:
    line = DocumentLine(
        "Screws", Decimal("1000"), "pcs", Decimal("0.125"), Decimal(0), "", Decimal("125.00")
    )
    doc = replace(typical, lines=(line,), invoice_discount=Decimal("12.50"))
    (text,) = pages_text(render(doc))
    assert "Screws 1,000 pcs 0.125 125.00" in text
    assert f"Discount {money('-12.50')}" in text


def test_unicode_names_extract_exactly(typical: InvoiceDocument) -> None:
    doc = replace(
        typical,
        buyer=Party(name="Zoë Łukasiewicz", contact_person="Ünal Çelik", address="Ulica 1"),
        lines=(replace(typical.lines[1], description="Consulting by Đorđe Petrović"),),
    )
    (text,) = pages_text(render(doc))
    for name in ("Zoë Łukasiewicz", "Ünal Çelik", "Đorđe Petrović"):
        assert name in text


def test_user_text_is_printed_literally_never_as_markup(typical: InvoiceDocument) -> None:
    evil = "<b>&\"'"
    link = '<a href="http://evil.example">Pay here</a>'
    doc = replace(
        typical,
        seller=replace(typical.seller, name=f"{evil} Shop", address="<img src=x>\n" + link),
        buyer=Party(name=f"{evil} Customer", address=f"{link}\nline 2"),
        lines=(replace(typical.lines[0], description=f"{evil} {link} " + "long text " * 20),),
        notes=f"{link} {evil}",
        footer=f"{evil} <font color=red>footer</font>",
        payment=replace(typical.payment, payment_link_url=link, bank_name=evil),
        terms_text=f"{evil} terms",
        void_reason=evil,
        status="void",
    )
    pdf = render(doc)
    text = " ".join(pages_text(pdf))
    assert f"{evil} Shop" in text
    assert f"{evil} Customer" in text
    assert "<img src=x>" in text
    assert f"{link} {evil}" in text
    assert f"{evil} <font color=red>footer</font>" in text
    assert f"Reason: {evil}" in text
    assert text.count(link) >= 4
    reader = PdfReader(BytesIO(pdf))
    for page in reader.pages:
        assert "/Annots" not in page, "user text must not create links"
        assert len(page.images) == 1  # the logo only: <img> in user text inserts nothing


def test_long_invoice_runs_over_pages(long_pdf: bytes) -> None:
    texts = pages_text(long_pdf)
    count = len(texts)
    assert count >= 4
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {count}" in text
        assert text.count("Description Qty Unit Unit price Disc. % Tax Amount") == 1
        total_here = re.search(r"\bTotal\b", text) is not None
        assert total_here == (number == count), f"'Total' on page {number} of {count}"
    joined = " ".join(texts)
    positions = [joined.index(f"{n:03}. ") for n in range(1, 201)]
    assert positions == sorted(positions), "every line, in order"
    assert "Corner Coffee Supplies Ltd · Invoice INV-2026-00001 · Zoë Łukasiewicz" in texts[1]


def test_pages_rasterise(long_pdf: bytes, typical_pdf: bytes, tmp_path: Path) -> None:
    for name, pdf in (("typical", typical_pdf), ("long", long_pdf)):
        folder = tmp_path / name
        folder.mkdir()
        images = rasterise(pdf, folder)
        assert len(images) == len(PdfReader(BytesIO(pdf)).pages)
        for path in images:
            with Image.open(path) as image:
                assert image.size == (414, 585)  # A4 at 50 dpi, rounded up
                darkest, lightest = image.convert("L").getextrema()
                assert darkest < 80 and lightest == 255  # ink on white paper


def test_payment_qr_only_for_euro_invoices_with_iban(typical: InvoiceDocument) -> None:
    with_qr = render(typical)
    assert QR_CAPTION in pages_text(with_qr)[0]
    assert "BCD" not in pages_text(with_qr)[0]  # the payload is a picture, not text
    cases = {
        "dollars": replace(typical, currency="USD"),
        "no IBAN": replace(typical, payment=replace(typical.payment, iban="")),
        "paid": replace(typical, amount_paid=typical.total, amount_due=Decimal("0.00")),
        "void": replace(typical, status="void"),
        "bad IBAN": replace(
            typical, payment=replace(typical.payment, iban="IE00AIBK93115212345678")
        ),
    }
    for case, doc in cases.items():
        pdf = render(doc)
        assert QR_CAPTION not in flat(" ".join(pages_text(pdf))), case
        assert len(pdf) < len(with_qr), case


def test_letter_and_a4_paper(typical: InvoiceDocument) -> None:
    for paper, size in (("a4", (595.28, 841.89)), ("letter", (612.0, 792.0))):
        page = PdfReader(BytesIO(render(replace(typical, paper_size=paper)))).pages[0]
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == size


def test_metadata(typical_pdf: bytes) -> None:
    meta = PdfReader(BytesIO(typical_pdf)).metadata
    assert meta.title == "Invoice INV-2026-00001"
    assert meta.author == "Corner Coffee Supplies Ltd"
    assert meta.creator == "arapp"


def test_draft_is_watermarked() -> None:
    draft = sample_invoice(number=None)
    pdf = render(draft)
    (text,) = pages_text(pdf)
    assert document_title(draft) == "Draft invoice"
    assert "Draft invoice" in text and "Not issued yet" in text
    assert "DRAFT" in text
    assert "Reference" not in text  # no number to quote yet
    assert PdfReader(BytesIO(pdf)).metadata.title == "Draft invoice"


def test_void_invoice_shows_reason_and_watermark(typical: InvoiceDocument) -> None:
    doc = replace(typical, status="void", void_reason="Issued to the wrong customer")
    (text,) = pages_text(render(doc))
    assert "VOID – this invoice has been cancelled and must not be paid." in text
    assert "Reason: Issued to the wrong customer" in text
    assert re.search(r"\bVOID\b.*\bVOID\b", text)  # banner and watermark
    assert "Amount due" not in text and "IBAN" not in text


def test_credit_note_prints_a_positive_credit(typical: InvoiceDocument) -> None:
    booked_negative = replace(
        typical,
        kind="credit_note",
        number="CN-2026-00003",
        related_number="INV-2026-00001",
        status="issued",
        lines=(replace(typical.lines[3], quantity=Decimal("-2.5"), amount=Decimal("-162.50")),),
        subtotal=Decimal("-162.50"),
        taxes=(TaxSummaryLine("VAT 23%", Decimal("-162.50"), Decimal("-37.38")),),
        tax_total=Decimal("-37.38"),
        total=Decimal("-199.88"),
        amount_paid=Decimal(0),
        amount_due=Decimal("-199.88"),
    )
    assert document_title(booked_negative) == "Credit note CN-2026-00003"
    for doc in (booked_negative, replace(booked_negative, total=Decimal("199.88"))):
        (text,) = pages_text(render(doc))
        assert "Credit note CN-2026-00003" in text
        assert "Credit note for invoice INV-2026-00001" in text
        assert f"Total credit {money('199.88')}" in text
        assert "Due date" not in text and "Amount due" not in text and QR_CAPTION not in text
    (text,) = pages_text(render(booked_negative))
    assert "Barista training 2.5 h 65.00 VAT 23% 162.50" in text
    assert f"VAT 23% on {money('162.50')} {money('37.38')}" in text
    assert "-" not in text.split("Total credit")[1].split("Page")[0]


def test_logo_is_embedded_once_and_bad_logo_is_skipped(
    typical: InvoiceDocument, caplog: pytest.LogCaptureFixture
) -> None:
    with_logo = PdfReader(BytesIO(render(typical))).pages[0]
    assert len(with_logo.images) == 1
    without = replace(typical, seller=replace(typical.seller, logo=None))
    assert len(PdfReader(BytesIO(render(without))).pages[0].images) == 0
    broken = replace(typical, seller=replace(typical.seller, logo=b"not an image"))
    with caplog.at_level(logging.WARNING, logger="arapp.pdf.logo"):
        pdf = render(broken)
    assert len(PdfReader(BytesIO(pdf)).pages[0].images) == 0
    assert "logo" in caplog.text


def test_text_is_set_in_embedded_dejavu_subsets(typical_pdf: bytes) -> None:
    page = PdfReader(BytesIO(typical_pdf)).pages[0]
    fonts = {key: font.get_object() for key, font in page["/Resources"]["/Font"].items()}
    dejavu = {key for key, font in fonts.items() if "DejaVuSans" in font["/BaseFont"]}
    assert {str(fonts[key]["/BaseFont"]).split("+")[1] for key in dejavu} == {
        "DejaVuSans",
        "DejaVuSans-Bold",
    }
    for key in dejavu:
        assert "/FontFile2" in fonts[key]["/FontDescriptor"]  # embedded, not assumed installed
    content = page.get_contents().get_data().decode("latin-1")
    used = set(re.findall(r"(/F\S+) [\d.]+ Tf", content))
    assert used and used <= dejavu  # ReportLab's default Helvetica is declared, never used


def test_minimal_document_without_optional_parts() -> None:
    doc = InvoiceDocument(
        kind="invoice",
        number="1",
        status="issued",
        issue_date=sample_invoice().issue_date,
        due_date=sample_invoice().due_date,
        currency="JPY",
        locale="en_US",
        seller=Party("S"),
        buyer=Party("B"),
        lines=(),
        subtotal=Decimal(0),
        invoice_discount=Decimal(0),
        taxes=(),
        tax_total=Decimal(0),
        total=Decimal(0),
        amount_paid=Decimal(0),
        amount_due=Decimal(0),
        payment=PaymentDetails(),
    )
    (text,) = pages_text(render(doc))
    assert "Total ¥0" in text and "Amount due ¥0" in text and "PAYMENT" not in text


@pytest.mark.parametrize(
    ("field", "value"), [("kind", "quote"), ("status", "lost"), ("paper_size", "a5")]
)
def test_document_rejects_unknown_values(typical: InvoiceDocument, field: str, value: str) -> None:
    with pytest.raises(ValueError, match=field):
        replace(typical, **{field: value})


def test_write_invoice(typical: InvoiceDocument, tmp_path: Path) -> None:
    target = tmp_path / "INV-2026-00001.pdf"
    write_invoice(typical, target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_absurdly_long_texts_flow_over_pages_instead_of_failing(typical: InvoiceDocument) -> None:
    doc = replace(
        typical,
        seller=replace(typical.seller, address="Street\n" * 80),
        buyer=replace(typical.buyer, address="Line\n" * 70),
        terms_text="Long terms. " * 400,
        notes="Note " * 2000,
    )
    texts = pages_text(render(doc))
    assert len(texts) > 3
    assert QR_CAPTION in " ".join(texts)
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]


def test_huge_logo_is_embedded_at_print_resolution(typical: InvoiceDocument) -> None:
    buffer = BytesIO()
    Image.new("RGBA", (4000, 1000), (29, 78, 137, 255)).save(buffer, "PNG")
    doc = replace(typical, seller=replace(typical.seller, logo=buffer.getvalue()))
    pdf = render(doc)
    (image,) = PdfReader(BytesIO(pdf)).pages[0].images
    assert image.image.size == (472, 118)  # 40 mm wide at 300 dpi, aspect kept
    assert len(pdf) < 100_000


@pytest.mark.parametrize(
    ("mode", "kind"), [("RGB", "JPEG"), ("P", "PNG"), ("L", "PNG"), ("LA", "PNG"), ("RGBA", "PNG")]
)
def test_logo_formats(typical: InvoiceDocument, mode: str, kind: str) -> None:
    buffer = BytesIO()
    Image.new(mode, (300, 120)).save(buffer, kind)
    doc = replace(typical, seller=replace(typical.seller, logo=buffer.getvalue()))
    assert len(PdfReader(BytesIO(render(doc))).pages[0].images) == 1
