# SPDX-License-Identifier: MIT
"""Customer statements as PDF.

    pdf_bytes = render_statement(document)

Page one starts like an invoice: the seller (logo, name, address) on the left, the title and
the statement's dates on the right, then the customer and the amount due.  Then come the
open items with their total, the activity of the period (opening balance, every movement
with the running balance, closing balance), the aging summary and the payment instructions,
with an EPC payment QR code for the amount due when it is in euros and there is an IBAN (the
invoice's code, :mod:`arapp.pdf.qr`).  The tables run over as many pages as they need,
repeating their header rows; every page carries the footer and "Page x of y".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from arapp.domain.aging import AgingBucket
from arapp.domain.invoice import DocumentKind
from arapp.formatting import format_date, format_money
from arapp.pdf.blocks import amount_payment_block, section_label
from arapp.pdf.cells import Cell, Columns, Command, Label, fit, text_commands, text_lines
from arapp.pdf.document import Party
from arapp.pdf.invoice import seller_block
from arapp.pdf.report import ReportColumn, data_table, render_pages
from arapp.pdf.statement_document import StatementDocument
from arapp.pdf.styles import SHADE, Styles, styles
from arapp.pdf.text import markup

__all__ = ["render_statement", "statement_title"]

_PAGE_SIZES = {"a4": A4, "letter": LETTER}
_MARGIN = 18 * mm
_GAP = 7 * mm
_KIND = {
    DocumentKind.INVOICE: "Invoice",
    DocumentKind.CREDIT_NOTE: "Credit note",
    "payment": "Payment",
}

_OPEN_COLUMNS = (
    ReportColumn("Document", 2.4),
    ReportColumn("Date", 1.3),
    ReportColumn("Due date", 1.3),
    ReportColumn("Amount", 1.4, numeric=True),
    ReportColumn("Open", 1.4, numeric=True),
    ReportColumn("Days overdue", 1.4, numeric=True),
)
_ACTIVITY_COLUMNS = (
    ReportColumn("Date", 1.45),
    ReportColumn("Reference", 1.7),
    ReportColumn("Description", 2.4),
    ReportColumn("Charges", 1.3, numeric=True),
    ReportColumn("Credits", 1.3, numeric=True),
    ReportColumn("Balance", 1.4, numeric=True),
)


def statement_title(doc: StatementDocument) -> str:
    """``"Statement ACME 2026-11-23"``: the PDF's title."""
    return f"Statement {doc.customer.code} {doc.statement_date.isoformat()}".replace("  ", " ")


def _day(doc: StatementDocument, value: date | None) -> str:
    return "" if value is None else format_date(value, doc.locale)


def _money(doc: StatementDocument, value: Decimal) -> str:
    return format_money(value, doc.currency, doc.locale)


def _customer(customer: Party, width: float, st: Styles) -> list[Flowable]:
    lines = [(customer.name, st.party_name)]
    if customer.contact_person.strip():
        lines.append((f"Attn. {customer.contact_person}", st.body))
    lines.append((customer.address, st.body))
    if customer.tax_id.strip():
        lines.append((f"Tax ID: {customer.tax_id}", st.body))
    return [section_label("STATEMENT FOR", st), Spacer(1, 1 * mm), *text_lines(lines, width)]


def _details(doc: StatementDocument, st: Styles) -> list[Flowable]:
    label_width, value_width = 28 * mm, 50 * mm
    period = f"{_day(doc, doc.period_start)} – {_day(doc, doc.period_end)}"
    rows: list[list[Cell]] = [
        ["Statement date", _day(doc, doc.statement_date)],
        ["Period", fit(period, st.body_right, value_width)],
    ]
    if doc.customer.code.strip():
        rows.append(["Customer no.", fit(doc.customer.code, st.body_right, value_width)])
    last = len(rows)
    due_label = "Amount due" if doc.open_total >= 0 else "In your favour"
    rows.append([due_label, _money(doc, abs(doc.open_total))])
    style: list[Command] = [
        *text_commands((0, 0), (0, -1), st.total_label),
        *text_commands((1, 0), (1, -1), st.body_right),
        *text_commands((0, last), (0, last), st.due_label),
        *text_commands((1, last), (1, last), st.due_value),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, last), (-1, last), SHADE),
        ("LEFTPADDING", (0, last), (-1, last), 6),
        ("RIGHTPADDING", (0, last), (-1, last), 6),
        ("TOPPADDING", (0, last), (-1, last), 5),
        ("BOTTOMPADDING", (0, last), (-1, last), 7),
        ("BOTTOMPADDING", (0, last - 1), (-1, last - 1), 6),
    ]
    table = Table(rows, colWidths=[label_width, value_width], style=TableStyle(style))
    table.hAlign = "RIGHT"
    return [table]


def _header(doc: StatementDocument, width: float, st: Styles) -> list[Flowable]:
    left = width * 0.55
    title = [Label("Statement", st.title), Label("of account", st.muted_right)]
    return [
        Columns(seller_block(doc.seller, left - 4 * mm, st), title, left),
        Spacer(1, 6 * mm),
        Columns(_customer(doc.customer, left - 4 * mm, st), _details(doc, st), left),
    ]


def _heading(text: str, st: Styles) -> list[Flowable]:
    """A section heading that stays on the page of what follows it."""
    label, space = section_label(text, st), Spacer(1, 1.5 * mm)
    label.keepWithNext = space.keepWithNext = True
    return [Spacer(1, _GAP), label, space]


def _open_items(doc: StatementDocument, width: float, st: Styles) -> list[Flowable]:
    heading = _heading(f"OPEN ITEMS ON {_day(doc, doc.statement_date).upper()}", st)
    if not doc.open_items:
        return [*heading, Paragraph("Nothing is open: thank you.", st.body)]
    rows = [
        (
            f"{_KIND.get(item.kind, item.kind)} {item.number}".strip(),
            _day(doc, item.issue_date),
            _day(doc, item.due_date),
            item.original,
            item.open,
            str(item.days_overdue) if item.days_overdue and item.days_overdue > 0 else "",
        )
        for item in doc.open_items
    ]
    total = ("Total open", "", "", None, doc.open_total, "")
    table = data_table(
        _OPEN_COLUMNS, rows, width, st, currency=doc.currency, locale=doc.locale, total=total
    )
    return [*heading, table]


def _activity(doc: StatementDocument, width: float, st: Styles) -> list[Flowable]:
    period = f"{_day(doc, doc.period_start)} – {_day(doc, doc.period_end)}"
    heading = _heading(f"ACTIVITY {period.upper()}", st)
    rows: list[tuple[str | Decimal | None, ...]] = [
        (_day(doc, doc.period_start), "", "Opening balance", None, None, doc.opening_balance)
    ]
    for entry in doc.activity:
        charge = entry.amount if entry.amount > 0 else None
        credit = -entry.amount if entry.amount < 0 else None
        rows.append(
            (_day(doc, entry.date), entry.reference, entry.description, charge, credit,
             entry.balance)
        )  # fmt: skip
    if not doc.activity:
        rows.append(("", "", "No activity in the period", None, None, None))
    total = (_day(doc, doc.period_end), "", "Closing balance", None, None, doc.closing_balance)
    table = data_table(
        _ACTIVITY_COLUMNS, rows, width, st, currency=doc.currency, locale=doc.locale, total=total
    )
    return [*heading, table]


def _aging(doc: StatementDocument, width: float, st: Styles) -> list[Flowable]:
    columns = tuple(ReportColumn(b.label, 1, numeric=True) for b in AgingBucket)
    columns += (ReportColumn("Total", 1.2, numeric=True),)
    values = (*doc.aging.buckets, doc.aging.total)
    table = data_table(columns, [values], width, st, currency=doc.currency, locale=doc.locale)
    return [KeepTogether([*_heading("AGING (DAYS PAST DUE)", st), table])]


def _payment(doc: StatementDocument, width: float, st: Styles) -> list[Flowable]:
    block = amount_payment_block(
        doc.seller.name, doc.payment, doc.amount_due, doc.currency, doc.locale, width, st
    )
    return [Spacer(1, _GAP), *block] if block else []


def _story(doc: StatementDocument, width: float, st: Styles) -> list[Flowable]:
    story = _header(doc, width, st)
    story += _open_items(doc, width, st)
    story += _activity(doc, width, st)
    story += _aging(doc, width, st)
    story += _payment(doc, width, st)
    return story


def render_statement(doc: StatementDocument) -> bytes:
    """The statement ``doc`` as the bytes of a PDF file."""
    st = styles()
    size = _PAGE_SIZES[doc.paper_size]
    width = size[0] - 2 * _MARGIN
    customer = replace(doc.customer, logo=None)
    running = " · ".join(
        markup(p) for p in (doc.seller.name, "Statement", customer.name) if p.strip()
    )
    return render_pages(
        _story(doc, width, st),
        page_size=size,
        title=statement_title(doc),
        author=doc.seller.name,
        subject=f"Statement for {customer.name}",
        footer=doc.footer,
        running_header=running,
        margin=_MARGIN,
    )
