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
from arapp.domain.texts import Words, bucket_label
from arapp.formatting import format_date, format_money
from arapp.pdf.blocks import section_label
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
#: The word (:mod:`arapp.domain.texts`) each kind of item is called by.
_KIND = {
    DocumentKind.INVOICE: "invoice_title",
    DocumentKind.CREDIT_NOTE: "credit_note_title",
    "payment": "payment",
}

#: The columns, headed by words of :mod:`arapp.domain.texts` (:func:`_headed`).
_OPEN_COLUMNS = (
    ReportColumn("document", 2.4),
    ReportColumn("date", 1.3),
    ReportColumn("due_date", 1.3),
    ReportColumn("amount", 1.4, numeric=True),
    ReportColumn("open", 1.4, numeric=True),
    ReportColumn("days_overdue", 1.4, numeric=True),
)
_ACTIVITY_COLUMNS = (
    ReportColumn("date", 1.45),
    ReportColumn("document_ref", 1.7),
    ReportColumn("description", 2.4),
    ReportColumn("charges", 1.3, numeric=True),
    ReportColumn("credits", 1.3, numeric=True),
    ReportColumn("balance", 1.4, numeric=True),
)


def _headed(columns: tuple[ReportColumn, ...], w: Words) -> tuple[ReportColumn, ...]:
    return tuple(replace(c, header=w(c.header)) for c in columns)


def statement_title(doc: StatementDocument) -> str:
    """``"Statement ACME 2026-11-23"``: the PDF's title."""
    title = f"{doc.words('statement')} {doc.customer.code} {doc.statement_date.isoformat()}"
    return title.replace("  ", " ")


def _day(doc: StatementDocument, value: date | None) -> str:
    return "" if value is None else format_date(value, doc.locale)


def _money(doc: StatementDocument, value: Decimal) -> str:
    return format_money(value, doc.currency, doc.locale)


def _customer(customer: Party, width: float, st: Styles, w: Words) -> list[Flowable]:
    lines = [(customer.name, st.party_name)]
    if customer.contact_person.strip():
        lines.append((w("attn", name=customer.contact_person), st.body))
    lines.append((customer.address, st.body))
    if customer.tax_id.strip():
        lines.append((w("tax_id", tax_id=customer.tax_id), st.body))
    return [
        section_label(w("statement_for").upper(), st),
        Spacer(1, 1 * mm),
        *text_lines(lines, width),
    ]


def _details(doc: StatementDocument, st: Styles) -> list[Flowable]:
    label_width, value_width, w = 30 * mm, 48 * mm, doc.words
    period = f"{_day(doc, doc.period_start)} – {_day(doc, doc.period_end)}"
    rows: list[list[Cell]] = [
        [w("statement_date"), _day(doc, doc.statement_date)],
        [w("period"), fit(period, st.body_right, value_width)],
    ]
    if doc.customer.code.strip():
        rows.append([w("customer_no"), fit(doc.customer.code, st.body_right, value_width)])
    last = len(rows)
    due_label = w("amount_due") if doc.open_total >= 0 else w("in_your_favour")
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
    w = doc.words
    title = [Label(w("statement"), st.title), Label(w("of_account"), st.muted_right)]
    return [
        Columns(seller_block(doc.seller, left - 4 * mm, st, w), title, left),
        Spacer(1, 6 * mm),
        Columns(_customer(doc.customer, left - 4 * mm, st, w), _details(doc, st), left),
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
    pay, amount, w = doc.payment, doc.amount_due, doc.words
    reference = " ".join(pay.reference.split())
    bank = [
        (w("bank"), pay.bank_name),
        ("IBAN", format_iban(pay.iban) if pay.iban.strip() else ""),
        ("BIC", pay.bic.strip().upper()),
        (w("account_no"), pay.account_number),
    ]
    rows: list[tuple[str, Cell]] = [
        (label, value) for label, value in [*bank, (w("reference"), reference)] if value.strip()
    ]
    each = [(i.number, i.payment_link) for i in doc.open_items]
    linked = bool(pay.payment_link_url.strip() or any(link for _, link in each))
    if amount <= 0 or not (rows or linked):
        return []
    payload = epc_payload(doc.seller.name, pay, doc.currency, amount, reference)
    qr_width = QR_SIZE + 2 * _BOX_PAD + 2 * mm if payload else 0
    text_width = width - qr_width - 2 * _BOX_PAD  # inside the column's own padding
    online = [w("pay_online")] if linked else []
    label_width = _label_width([*online, *(lb for lb, _ in rows)], st)
    rows += link_pairs(pay.payment_link_url, each, st.body, text_width - label_width - 4, w)
    shown = f"<b>{markup(_money(doc, amount))}</b>"
    ask = markup(w("pay_amount_quoting" if reference else "pay_amount", amount="@@AMOUNT@@"))
    ask = ask.replace("@@AMOUNT@@", shown)
    text: list[Flowable] = [
        section_label(w("payment").upper(), st),
        Spacer(1, 1.5 * mm),
        Paragraph(ask, st.body),
        Spacer(1, 2 * mm),
        _pairs(rows, label_width, text_width, st),  # one column: as tall as the QR code beside it
    ]
    cells: list[list[Flowable]] = [text]
    widths = [width - qr_width]
    if payload is not None:
        cells.append([QrCode(payload), Paragraph(markup(w("qr_caption")), st.caption)])
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
    w = doc.words
    heading = _heading(w("open_items_on", date=_day(doc, doc.statement_date)).upper(), st)
    if not doc.open_items:
        return [*heading, Paragraph(markup(w("nothing_open")), st.body)]
    rows = [
        (
            f"{w(_KIND[item.kind]) if item.kind in _KIND else item.kind} {item.number}".strip(),
            _day(doc, item.issue_date),
            _day(doc, item.due_date),
            item.original,
            item.open,
            str(item.days_overdue) if item.days_overdue and item.days_overdue > 0 else "",
        )
        for item in doc.open_items
    ]
    total = (w("total_open"), "", "", None, doc.open_total, "")
    table = data_table(
        _headed(_OPEN_COLUMNS, w),
        rows,
        width,
        st,
        currency=doc.currency,
        locale=doc.locale,
        total=total,
    )
    return [*heading, table]


def _activity(doc: StatementDocument, width: float, st: Styles) -> list[Flowable]:
    period = f"{_day(doc, doc.period_start)} – {_day(doc, doc.period_end)}"
    w = doc.words
    heading = _heading(w("activity", period=period).upper(), st)
    rows: list[tuple[str | Decimal | None, ...]] = [
        (_day(doc, doc.period_start), "", w("opening_balance"), None, None, doc.opening_balance)
    ]
    for entry in doc.activity:
        charge = entry.amount if entry.amount > 0 else None
        credit = -entry.amount if entry.amount < 0 else None
        rows.append(
            (_day(doc, entry.date), entry.reference, entry.description, charge, credit,
             entry.balance)
        )  # fmt: skip
    if not doc.activity:
        rows.append(("", "", w("no_activity"), None, None, None))
    total = (_day(doc, doc.period_end), "", w("closing_balance"), None, None, doc.closing_balance)
    table = data_table(
        _headed(_ACTIVITY_COLUMNS, w),
        rows,
        width,
        st,
        currency=doc.currency,
        locale=doc.locale,
        total=total,
    )
    return [*heading, table]


def _aging(doc: StatementDocument, width: float, st: Styles) -> list[Flowable]:
    w = doc.words
    columns = tuple(ReportColumn(bucket_label(b, w), 1, numeric=True) for b in AgingBucket)
    columns += (ReportColumn(w("total"), 1.2, numeric=True),)
    values = (*doc.aging.buckets, doc.aging.total)
    table = data_table(columns, [values], width, st, currency=doc.currency, locale=doc.locale)
    return [KeepTogether([*_heading(w("aging_days").upper(), st), table])]


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
    w = doc.words
    running = " · ".join(
        markup(p) for p in (doc.seller.name, w("statement"), customer.name) if p.strip()
    )
    return render_pages(
        _story(doc, width, st),
        page_size=size,
        title=statement_title(doc),
        author=doc.seller.name,
        subject=w("document_for", title=w("statement"), customer=customer.name),
        footer=doc.footer,
        running_header=running,
        margin=_MARGIN,
        page_label=w("page"),
    )
