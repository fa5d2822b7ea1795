# SPDX-License-Identifier: MIT
"""The aging report as CSV, Excel workbook and PDF.

All three take an :class:`~arapp.services.aging.AgingReport` already computed, so the screen,
the command line and the files show the same figures.  Text that a spreadsheet could run as a
formula (a customer called ``=HYPERLINK(...)``) is written as text: with a leading apostrophe
in CSV (:func:`arapp.services.transfer.csvfile.neutralise`), as a string cell in XLSX.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from decimal import Decimal

from arapp.domain.aging import AgingBucket
from arapp.domain.languages import company_language
from arapp.domain.money import quantize
from arapp.domain.texts import bucket_label
from arapp.formatting import format_date
from arapp.pdf.report import ReportColumn, ReportDocument, render_report
from arapp.services.aging import AgeBy, AgingReport
from arapp.services.company import get_company
from arapp.services.context import AppContext
from arapp.services.document_words import read_words
from arapp.services.settings import PAPER_SIZE, get_setting
from arapp.services.transfer.csvfile import neutralise

CSV_HEADER = ("customer_code", "customer", "current", "1-30", "31-60", "61-90", "90+", "total")
"""The columns of the CSV and the workbook: the buckets of :class:`AgingBucket`, in order."""
TOTAL = "TOTAL"
_AMOUNT_FORMAT = "#,##0.00;-#,##0.00"


def _plain(value: Decimal, currency: str) -> str:
    """``1234.50``: the currency's decimals, never in exponent notation nor grouped."""
    return format(quantize(value, currency), "f")


#: What a worksheet cell cannot hold (openpyxl's IllegalCharacterError): C0 controls other than
#: tab and line breaks. A name that carries one (an import, a bank) is exported with U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _rows(report: AgingReport) -> Iterator[tuple[str, str, tuple[Decimal, ...]]]:
    """``(code, name, buckets and total)`` per customer, then the total row."""
    for line in report.lines:
        yield line.code, line.name, (*line.row.buckets, line.row.total)
    yield TOTAL, "", (*report.total.buckets, report.total.total)


def aging_csv(report: AgingReport) -> bytes:
    """UTF-8 CSV: one row per customer, then ``TOTAL``; amounts plain like ``1234.50``."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for code, name, amounts in _rows(report):
        writer.writerow(
            [neutralise(code), neutralise(name), *(_plain(a, report.currency) for a in amounts)]
        )
    return out.getvalue().encode("utf-8")


def aging_xlsx(report: AgingReport) -> bytes:
    """An Excel workbook: bold header (frozen) and total, amounts as numbers with 2 decimals.

    Text cells are always strings: a name starting with ``=`` is never stored as a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"Aging {report.as_of.isoformat()}"
    bold = Font(bold=True)
    sheet.append(CSV_HEADER)
    for column, cell in enumerate(sheet[1], start=1):
        cell.font = bold
        if column > 2:
            cell.alignment = Alignment(horizontal="right")
    for code, name, amounts in _rows(report):
        row = sheet.max_row + 1
        for column, text in enumerate((code, name), start=1):
            cell = sheet.cell(row=row, column=column)
            cell.value = _CONTROL.sub("\ufffd", text)  # a worksheet cannot hold them
            cell.data_type = "s"  # never a formula, whatever the text starts with
        for column, amount in enumerate(amounts, start=3):
            cell = sheet.cell(row=row, column=column, value=quantize(amount, report.currency))
            cell.number_format = _AMOUNT_FORMAT
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    longest = max((len(line.name) for line in report.lines), default=10)
    widths = [16, min(max(longest, 10), 50) + 2, *([14] * (len(CSV_HEADER) - 2))]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    footer = sheet.oddFooter
    assert footer is not None  # every new sheet has one
    footer.right.text = "Page &P of &N"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def aging_pdf(ctx: AppContext, report: AgingReport) -> bytes:
    """The report as a landscape table, with the company's name and the paper size setting."""
    company = get_company(ctx)
    locale = company.locale if company else "en_US"
    with ctx.db.read() as session:  # the owner's report: in the company's language
        w = read_words(session, company_language(locale))
    basis = w("by_due_date") if report.by is AgeBy.DUE else w("by_invoice_date")
    columns = (
        ReportColumn(w("code"), 1.1),
        ReportColumn(w("customer"), 4.5),
        *(ReportColumn(bucket_label(b, w), 1.2, numeric=True) for b in AgingBucket),
        ReportColumn(w("total"), 1.4, numeric=True),
    )
    rows: tuple[tuple[str | Decimal | None, ...], ...] = tuple(
        (line.code, line.name, *line.row.buckets, line.row.total) for line in report.lines
    )
    return render_report(
        ReportDocument(
            title=w("aging_report"),
            subtitle=w(
                "aging_subtitle",
                date=format_date(report.as_of, locale),
                basis=basis,
                currency=report.currency,
                count=len(report.lines),
            ),
            columns=columns,
            rows=rows,
            total=(w("total"), "", *report.total.buckets, report.total.total),
            currency=report.currency,
            locale=locale,
            author=company.name if company else "",
            paper_size=get_setting(ctx, PAPER_SIZE),
            landscape=True,
            words=w,
        )
    )
