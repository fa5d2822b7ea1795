# SPDX-License-Identifier: MIT
"""Customer statements as PDF.

    pdf_bytes = render_statement(document)

Page one starts like an invoice: the seller (logo, name, address) on the left, the title and
the statement's dates on the right, then the customer and the amount due.  Right under them,
in a framed box, is how to pay: bank details, the reference, and an EPC payment QR code for the
amount due when it is in euros and there is an IBAN (the invoice's code, :mod:`arapp.pdf.qr`).
It sits on page one, never alone on a last page: whoever opens the statement sees at once what
to pay and how.  The open items follow at once on page one, then their aging summary and the
activity of the period (opening balance, every movement with the running balance, closing
balance).  The tables run over as many pages as they need, repeating their header rows; a
heading moves to the next page only when fewer than a few rows would fit under it, never a
whole table.  Every page carries the footer and "Page x of y".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from arapp.domain.aging import AgingBucket
from arapp.domain.invoice import DocumentKind
from arapp.domain.payment_qr import format_iban
from arapp.formatting import format_date, format_money
from arapp.pdf.blocks import QR_CAPTION, section_label
from arapp.pdf.cells import Cell, Columns, Command, Label, fit, text_commands, text_lines
from arapp.pdf.document import Party
from arapp.pdf.invoice import seller_block
from arapp.pdf.links import link_pairs
from arapp.pdf.qr import QR_SIZE, QrCode, epc_payload
from arapp.pdf.report import ReportColumn, data_table, render_pages
from arapp.pdf.statement_document import StatementDocument
from arapp.pdf.styles import RULE, SHADE, ZEBRA, Styles, styles
from arapp.pdf.text import markup

__all__ = ["render_statement", "statement_title"]

_PAGE_SIZES = {"a4": A4, "letter": LETTER}
_MARGIN = 18 * mm
_GAP = 7 * mm
_BOX_PAD = 3.5 * mm
#: Room a table's heading needs below it (its header row and two rows) to start on this page.
_TABLE_START = 24 * mm
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
        *_payment(doc, width, st),
    ]


def _label_width(labels: list[str], st: Styles) -> float:
    """As wide as the longest grey label needs."""
    font, size = st.muted.fontName, st.muted.fontSize
    return max(stringWidth(label, font, size) for label in labels) + 3 * mm


def _pairs(pairs: list[tuple[str, Cell]], label_width: float, width: float, st: Styles) -> Table:
    """Grey labels and their values (text fitted to its cell, a link as it is)."""
    rows = [
        [label, fit(value, st.body, width - label_width - 4) if isinstance(value, str) else value]
        for label, value in pairs
    ]
    style: list[Command] = [
        *text_commands((0, 0), (0, -1), st.muted),
        *text_commands((1, 0), (1, -1), st.body),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    table = Table(rows, colWidths=[label_width, width - label_width], style=TableStyle(style))
    table.hAlign = "LEFT"
    return table


def _payment(doc: StatementDocument, width: float, st: Styles) -> list[Flowable]:
    """How to pay, framed, under the address block (nothing when nothing is due)."""
    pay, amount = doc.payment, doc.amount_due
    reference = " ".join(pay.reference.split())
    bank = [
        ("Bank", pay.bank_name),
        ("IBAN", format_iban(pay.iban) if pay.iban.strip() else ""),
        ("BIC", pay.bic.strip().upper()),
        ("Account no.", pay.account_number),
    ]
    rows: list[tuple[str, Cell]] = [
        (label, value) for label, value in [*bank, ("Reference", reference)] if value.strip()
    ]
    each = [(i.number, i.payment_link) for i in doc.open_items]
    linked = bool(pay.payment_link_url.strip() or any(link for _, link in each))
    if amount <= 0 or not (rows or linked):
        return []
    payload = epc_payload(doc.seller.name, pay, doc.currency, amount, reference)
    qr_width = QR_SIZE + 2 * _BOX_PAD + 2 * mm if payload else 0
    text_width = width - qr_width - 2 * _BOX_PAD  # inside the column's own padding
    label_width = _label_width([*(["Pay online"] if linked else []), *(lb for lb, _ in rows)], st)
    rows += link_pairs(pay.payment_link_url, each, st.body, text_width - label_width - 4)
    ask = f"Please pay <b>{markup(_money(doc, amount))}</b>"
    ask += ", quoting the reference below." if reference else "."
    text: list[Flowable] = [
        section_label("PAYMENT", st),
        Spacer(1, 1.5 * mm),
        Paragraph(ask, st.body),
        Spacer(1, 2 * mm),
        _pairs(rows, label_width, text_width, st),  # one column: as tall as the QR code beside it
    ]
    cells: list[list[Flowable]] = [text]
    widths = [width - qr_width]
    if payload is not None:
        cells.append([QrCode(payload), Paragraph(QR_CAPTION, st.caption)])
        widths.append(qr_width)
    box = Table(
        [cells],
        colWidths=widths,
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.75, RULE),
                ("BACKGROUND", (0, 0), (-1, -1), ZEBRA),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (-1, 0), (-1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), _BOX_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), _BOX_PAD),
                ("TOPPADDING", (0, 0), (-1, -1), _BOX_PAD),
                ("BOTTOMPADDING", (0, 0), (-1, -1), _BOX_PAD),
            ]
        ),
    )
    return [Spacer(1, 6 * mm), KeepTogether([box])]


def _heading(text: str, st: Styles) -> list[Flowable]:
    """A section heading that starts a new page only when its table could not start here.

    (``keepWithNext`` would glue the heading to the *whole* table and move both to the next
    page, leaving this one blank below the address block.)
    """
    return [
        CondPageBreak(_GAP + _TABLE_START),
        Spacer(1, _GAP),
        section_label(text, st),
        Spacer(1, 1.5 * mm),
    ]


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


def _story(doc: StatementDocument, width: float, st: Styles) -> list[Flowable]:
    story = _header(doc, width, st)
    story += _open_items(doc, width, st)
    story += _aging(doc, width, st)  # sums up the open items; never alone on a last page
    story += _activity(doc, width, st)
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
