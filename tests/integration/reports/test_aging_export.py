# SPDX-License-Identifier: MIT
"""The aging report as CSV, XLSX and PDF, on hand-computed books, and from the command line."""

from __future__ import annotations

import re
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from arapp.services import customers as cust
from arapp.services.aging import aging_report
from arapp.services.aging_export import aging_csv, aging_pdf, aging_xlsx
from arapp.services.context import AppContext
from arapp.services.payments import PaymentInput, record_payment
from tests.helpers.books import issued_invoice as invoice
from tests.helpers.cli import run
from tests.helpers.pdf import PDFTOPPM

EVIL = '=HYPERLINK("http://x","y")'
SPACES = re.compile(r"[\s\u00a0\u202f]+")
EXPECTED_CSV = (
    "customer_code,customer,current,1-30,31-60,61-90,90+,total\r\n"
    "D,'-Dora,0.00,-500.00,0.00,0.00,0.00,-500.00\r\n"
    'EVIL,"\'=HYPERLINK(""http://x"",""y"")",0.00,25.00,0.00,0.00,0.00,25.00\r\n'
    "A,Anna,1234.50,0.00,0.00,0.00,100.00,1334.50\r\n"
    "TOTAL,,1234.50,-475.00,0.00,0.00,100.00,859.50\r\n"
)


@pytest.fixture
def books(ctx: AppContext) -> AppContext:
    """Today is 23 Nov 2026; net 30.

    Anna: 100.00 due 31 Jul (90+), 1,234.50 due 23 Nov (current).
    EVIL: 25.00 due 9 Nov (1-30).  -Dora: 500.00 paid on account on 1 Nov (credit, 1-30).
    """
    a = cust.create_customer(ctx, cust.CustomerInput(name="Anna", code="A")).id
    evil = cust.create_customer(ctx, cust.CustomerInput(name=EVIL, code="EVIL")).id
    invoice(ctx, a, date(2026, 7, 1), "100.00")  # oldest first: numbers follow dates
    invoice(ctx, evil, date(2026, 10, 10), "25.00")
    invoice(ctx, a, date(2026, 10, 24), "1234.50")
    d = cust.create_customer(ctx, cust.CustomerInput(name="-Dora", code="D")).id
    record_payment(ctx, PaymentInput(d, date(2026, 11, 1), "500.00"))
    return ctx


def test_csv_exact(books: AppContext) -> None:
    assert aging_csv(aging_report(books)).decode("utf-8") == EXPECTED_CSV


def test_xlsx_reads_back_as_numbers_and_text(books: AppContext) -> None:
    sheet = load_workbook(BytesIO(aging_xlsx(aging_report(books)))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("customer_code", "customer", "current", "1-30", "31-60", "61-90", "90+",
                       "total")  # fmt: skip
    assert [r[:2] for r in rows[1:]] == [("D", "-Dora"), ("EVIL", EVIL), ("A", "Anna"),
                                         ("TOTAL", None)]  # fmt: skip
    evil = sheet["B3"]
    assert evil.data_type == "s" and evil.value == EVIL  # text, not a formula
    amounts = [[Decimal(str(v)) for v in r[2:]] for r in rows[1:]]
    assert amounts[2] == [Decimal("1234.5"), 0, 0, 0, 100, Decimal("1334.5")]
    assert amounts[3] == [Decimal("1234.5"), -475, 0, 0, 100, Decimal("859.5")]
    assert sheet["C4"].data_type == "n" and sheet["C4"].number_format == "#,##0.00;-#,##0.00"
    assert sheet["A1"].font.bold and sheet["H5"].font.bold and not sheet["H4"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= len(EVIL)
    # The raw sheet holds no formula element at all.
    with zipfile.ZipFile(BytesIO(aging_xlsx(aging_report(books)))) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml


def test_pdf_reads_back(books: AppContext, tmp_path: Path) -> None:
    pdf = aging_pdf(books, aging_report(books))
    reader = PdfReader(BytesIO(pdf))
    (page,) = reader.pages
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = SPACES.sub(" ", page.extract_text())
    assert "Aging report" in text and "As of Nov 23, 2026 · aged by due date · EUR" in text
    assert "Code Customer Current 1-30 31-60 61-90 90+ Total" in text
    assert f"EVIL {EVIL} 0.00 25.00 0.00 0.00 0.00 25.00" in text
    assert "A Anna 1,234.50 0.00 0.00 0.00 100.00 1,334.50" in text
    assert "Total 1,234.50 -475.00 0.00 0.00 100.00 859.50" in text
    assert "Page 1 of 1" in text
    if PDFTOPPM is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    (tmp_path / "a.pdf").write_bytes(pdf)
    subprocess.run([PDFTOPPM, "-r", "60", "-png", tmp_path / "a.pdf", tmp_path / "p"], check=True)
    (png,) = tmp_path.glob("p*.png")
    with Image.open(png) as image:
        assert image.width > image.height
        darkest, lightest = image.convert("L").getextrema()
    assert darkest < 80 and lightest > 240


def test_long_pdf_repeats_its_header(ctx: AppContext) -> None:
    for i in range(70):
        c = cust.create_customer(ctx, cust.CustomerInput(name=f"Customer {i:03}", code=f"C{i}"))
        invoice(ctx, c.id, date(2026, 10, 1), "10.00")
    pages = [
        SPACES.sub(" ", p.extract_text())
        for p in PdfReader(BytesIO(aging_pdf(ctx, aging_report(ctx)))).pages
    ]
    assert len(pages) >= 2 and "Page 2 of" in pages[1]
    assert all("Code Customer Current 1-30" in page for page in pages)
    assert "Total 0.00 700.00 0.00 0.00 0.00 700.00" in pages[-1]


def test_report_command(books: AppContext, db_url: str, tmp_path: Path) -> None:
    db = Path(db_url.removeprefix("sqlite:///"))
    as_of = ("--as-of", "2026-11-23")
    table = run("report", "aging", *as_of, db=db)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[1].split() == ["Code", "Customer", "Current", "1-30", "31-60", "61-90", "90+",
                                "Total"]  # fmt: skip
    assert lines[-1].split() == ["TOTAL", "1234.50", "-475.00", "0.00", "0.00", "100.00",
                                 "859.50"]  # fmt: skip
    csv_out = run("report", "aging", *as_of, "--format", "csv", db=db)
    assert csv_out.stdout == EXPECTED_CSV.replace("\r\n", "\n")  # text mode reads \r\n as \n
    target = tmp_path / "aging.csv"
    run("report", "aging", *as_of, "--format", "csv", "-o", str(target), db=db)
    assert target.read_bytes().decode("utf-8") == EXPECTED_CSV
    for fmt in ("xlsx", "pdf"):
        out = tmp_path / f"aging.{fmt}"
        done = run("report", "aging", *as_of, "--format", fmt, "-o", str(out), db=db)
        assert done.returncode == 0 and out.stat().st_size > 1000, done.stderr
        missing = run("report", "aging", "--format", fmt, db=db)
        assert missing.returncode == 1 and "-o" in missing.stderr
    by_invoice = run("report", "aging", *as_of, "--by", "invoice", "--format", "csv", db=db)
    assert "A,Anna,0.00,1234.50,0.00,0.00,100.00,1334.50" in by_invoice.stdout
    usd = run("report", "aging", *as_of, "--currency", "USD", "--format", "csv", db=db)
    assert usd.stdout.splitlines()[1:] == ["TOTAL,,0.00,0.00,0.00,0.00,0.00,0.00"]
