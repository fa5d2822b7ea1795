# SPDX-License-Identifier: MIT
"""The blocks of an invoice below its header: line table, totals, payment, notes.

Every piece of user text goes through :func:`arapp.pdf.text.markup` before it becomes a
Paragraph; table cells that fit on one line are plain strings, which ReportLab prints
without interpreting any markup (and which are much faster to lay out).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from arapp.domain.payment_qr import format_iban
from arapp.domain.texts import ENGLISH_WORDS, Words
from arapp.formatting import format_amount, format_money
from arapp.pdf.cells import Cell, Columns, Command, Label, fit, pieces, text_commands
from arapp.pdf.document import InvoiceDocument, PaymentDetails
from arapp.pdf.links import link_pairs
from arapp.pdf.qr import QR_SIZE, QrCode, epc_payload, qr_payload
from arapp.pdf.styles import ACCENT, RULE, SHADE, ZEBRA, Styles
from arapp.pdf.text import format_percent, format_price, format_quantity, markup

__all__ = [
    "Amounts",
    "amount_payment_block",
    "details_table",
    "label_width_of",
    "line_table",
    "notes_block",
    "payment_block",
    "section_label",
    "totals_block",
    "totals_table",
]

#: The QR code's caption in English (each document prints its own language's).
QR_CAPTION = ENGLISH_WORDS("qr_caption")
_PAD = 4  # points of cell padding left and right
_TOTALS_WIDTH = 92 * mm
_QR_COLUMN = QR_SIZE + 4 * mm
#: Width of the grey labels of :func:`details_table`.
LABEL_WIDTH = 30 * mm


class Amounts:
    """Formats the amounts of one document: its currency, locale and credit-note sign.

    A credit note is printed as a positive credit: if its total was passed negative, all
    of its amounts are printed negated.
    """

    def __init__(self, doc: InvoiceDocument) -> None:
        self.currency = doc.currency
        self.locale = doc.locale
        self.flip = doc.is_credit_note and doc.total < 0

    def signed(self, value: Decimal) -> Decimal:
        """``value`` as printed (negated on a flipped credit note)."""
        return -value if self.flip else value

    def money(self, value: Decimal) -> str:
        """``value`` with the currency symbol, e.g. ``€1,230.00`` or ``1.230,00 €``."""
        return format_money(self.signed(value), self.currency, self.locale)


def section_label(text: str, st: Styles) -> Flowable:
    """A small grey heading such as "BILL TO" (``text`` is trusted, not user input)."""
    return Label(text, st.label)


# (header, width in mm or 0 for the rest, right-aligned)
_COLUMNS = {
    "description": ("description", 0, False),
    "quantity": ("quantity", 13, True),
    "unit": ("unit", 12, False),
    "unit_price": ("unit_price", 22, True),
    "discount": ("discount_percent", 14, True),
    "tax": ("tax", 20, False),
    "amount": ("amount", 25, True),
}


def line_table(doc: InvoiceDocument, amounts: Amounts, width: float, st: Styles) -> Table:
    """The line table; its header row repeats on every page it runs over.

    The unit, discount and tax columns are left out when no line uses them.
    """
    lines = doc.lines
    keys = ["description", "quantity"]
    if any(line.unit.strip() for line in lines):
        keys.append("unit")
    keys.append("unit_price")
    if any(line.discount_percent for line in lines):
        keys.append("discount")
    if any(line.tax_label.strip() for line in lines):
        keys.append("tax")
    keys.append("amount")
    headers = [doc.words(_COLUMNS[k][0]) for k in keys]
    # a column is as wide as its heading needs (long words: "Einzelpreis", "Prijs per eenheid")
    widths = [max(_COLUMNS[k][1] * mm, stringWidth(h, st.bold, 8) + 2 * _PAD)
              for k, h in zip(keys, headers, strict=True)]  # fmt: skip
    widths[0] = width - sum(widths[1:])
    right = [i for i, k in enumerate(keys) if _COLUMNS[k][2]]

    rows: list[list[Cell]] = [list(headers)]
    backgrounds: list[Command] = []  # every other invoice line, with all its rows
    shade = False
    locale, currency = doc.locale, doc.currency
    for line in lines:
        quantity, price = line.quantity, line.unit_price
        if amounts.flip:  # a credit: "2 x 10.00 = 20.00", never "-2 x 10.00 = 20.00"
            quantity, price = abs(quantity), abs(price)
        values = {
            "quantity": format_quantity(quantity, locale),
            "unit_price": format_price(price, currency, locale),
            "discount": format_percent(line.discount_percent, locale),
            "amount": format_amount(amounts.signed(line.amount), currency, locale),
        }
        texts = {"description": line.description, "unit": line.unit, "tax": line.tax_label}
        row: list[Cell] = []
        for key, col_width in zip(keys, widths, strict=True):
            if key in texts:
                row.append(fit(texts[key], st.cell, col_width - 2 * _PAD))
            else:
                row.append(values[key])
        first = len(rows)
        more = pieces(line.description, st.cell, widths[0] - 2 * _PAD)
        if len(more) > 1:  # a long description runs on in rows of its own, over pages if need be
            row[0] = fit(more[0], st.cell, widths[0] - 2 * _PAD)
            rows.append(row)
            rows += [[fit(p, st.cell, widths[0] - 2 * _PAD), *[""] * (len(keys) - 1)]
                     for p in more[1:]]  # fmt: skip
        else:
            rows.append(row)
        if shade:
            backgrounds.append(("BACKGROUND", (0, first), (-1, len(rows) - 1), ZEBRA))
        shade = not shade

    style: list[Command] = [
        ("FONT", (0, 0), (-1, -1), st.regular, st.cell.fontSize, st.cell.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), st.cell.textColor),
        ("FONT", (0, 0), (-1, 0), st.bold, 8, 10),
        ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
        ("LINEBELOW", (0, 0), (-1, 0), 1, ACCENT),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
    ]
    style += backgrounds
    style += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i in right]
    return Table(rows, colWidths=widths, repeatRows=1, style=TableStyle(style))


def totals_table(doc: InvoiceDocument, amounts: Amounts, st: Styles) -> Table:
    """Subtotal, discount, taxes, total, payments and the amount due, right-aligned."""
    value_width = 34 * mm
    label_width = _TOTALS_WIDTH - value_width - 2 * _PAD
    rows: list[list[Cell]] = []
    style: list[Command] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]

    def add(label: str, value: str, kind: str = "") -> int:
        label_style, value_style = {
            "": (st.total_label, st.total_value),
            "strong": (st.strong_label, st.strong_value),
            "due": (st.due_label, st.due_value),
        }[kind]
        row = len(rows)
        rows.append([fit(label, label_style, label_width), fit(value, value_style, value_width)])
        style.extend(text_commands((0, row), (0, row), label_style))
        style.extend(text_commands((1, row), (1, row), value_style))
        return row

    w = doc.words
    add(w("subtotal"), amounts.money(doc.subtotal))
    if doc.invoice_discount:
        add(w("discount"), amounts.money(-doc.invoice_discount))
    for tax in doc.taxes:
        label = tax.label or w("no_tax")
        add(w("tax_on", tax=label, net=amounts.money(tax.net)), amounts.money(tax.tax))
    if not doc.taxes and doc.tax_total:
        add(w("tax"), amounts.money(doc.tax_total))
    total_label = w("total_credit") if doc.is_credit_note else w("total")
    total = add(total_label, amounts.money(doc.total), "strong")
    style += [
        ("LINEABOVE", (0, total), (-1, total), 0.75, RULE),
        ("TOPPADDING", (0, total), (-1, total), 5),
    ]
    if not doc.is_credit_note and not doc.is_void:
        if doc.amount_paid:
            add(w("amount_paid"), amounts.money(-doc.amount_paid))
        due = add(w("amount_due"), amounts.money(doc.amount_due), "due")
        style += [
            ("BACKGROUND", (0, due), (-1, due), SHADE),
            ("TOPPADDING", (0, due), (-1, due), 6),
            ("BOTTOMPADDING", (0, due), (-1, due), 7),
            ("LINEABOVE", (0, due), (-1, due), 1, ACCENT),
        ]
    return Table(
        rows,
        colWidths=[_TOTALS_WIDTH - value_width, value_width],
        style=TableStyle(style),
        hAlign="RIGHT",
    )


def label_width_of(labels: Sequence[str], st: Styles) -> float:
    """The width of :func:`details_table`'s grey labels: :data:`LABEL_WIDTH`, or more when a
    label needs it ("Verwendungszweck")."""
    font, size = st.muted.fontName, st.muted.fontSize
    return max([LABEL_WIDTH, *(stringWidth(label, font, size) + 3 * mm for label in labels)])


def details_table(pairs: Sequence[tuple[str, Cell]], width: float, st: Styles) -> Table:
    """Grey labels and their values in two columns ("IBAN  IE29 ..."), ``width`` wide; a value
    that is text is fitted to its cell, a paragraph (a link) is taken as it is."""
    label_width = label_width_of([lb for lb, _ in pairs], st)
    rows = [
        [label, fit(value, st.body, width - label_width - 4) if isinstance(value, str) else value]
        for label, value in pairs
    ]
    return Table(
        rows,
        colWidths=[label_width, width - label_width],
        hAlign="LEFT",
        style=TableStyle(
            [
                *text_commands((0, 0), (0, -1), st.muted),
                *text_commands((1, 0), (1, -1), st.body),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        ),
    )


def payment_block(doc: InvoiceDocument, width: float, st: Styles) -> list[Flowable]:
    """Payment terms, bank details and (for EUR with an IBAN) the payment QR code."""
    text: list[Flowable] = []
    terms = [markup(t) for t in (doc.terms_text, doc.late_fee_text) if t.strip()]
    if terms:
        text.append(Paragraph("<br/>".join(terms), st.body))
    pay = doc.payment
    instructions = not doc.is_credit_note and not doc.is_void and doc.amount_due > 0
    payload = qr_payload(doc) if instructions else None
    text_width = width - (_QR_COLUMN if payload else 0)
    w = doc.words
    if instructions:
        pairs = [
            (w("bank"), pay.bank_name),
            ("IBAN", format_iban(pay.iban) if pay.iban.strip() else ""),
            ("BIC", pay.bic.strip().upper()),
            (w("account_no"), pay.account_number),
            (w("reference"), pay.reference or doc.number or ""),
        ]
        rows: list[tuple[str, Cell]] = [(lb, v) for lb, v in pairs if v.strip()]
        room = text_width - label_width_of([*(lb for lb, _ in rows), w("pay_online")], st) - 4
        rows += link_pairs(pay.payment_link_url, (), st.body, room, w)
        if rows:
            if text:
                text.append(Spacer(1, 3 * mm))
            text.append(details_table(rows, text_width, st))
    if not text:
        return []
    heading = w("payment" if not doc.is_credit_note else "terms").upper()
    if payload is None:
        return [KeepTogether([section_label(heading, st), Spacer(1, 1.5 * mm), *text])]
    qr = [QrCode(payload), Paragraph(markup(w("qr_caption")), st.caption)]
    left = [section_label(heading, st), Spacer(1, 1.5 * mm), *text]
    return [KeepTogether([Columns(left, qr, text_width, right_align="CENTER")])]


def amount_payment_block(
    seller_name: str,
    pay: PaymentDetails,
    amount: Decimal,
    currency: str,
    locale: str,
    width: float,
    st: Styles,
    w: Words = ENGLISH_WORDS,
) -> list[Flowable]:
    """The PAYMENT block: ``amount`` due, the bank details and the reference, kept on one page.

    With an EPC payment QR code when the amount is in euros and there is an IBAN (statements
    and reminder letters).  Nothing when nothing is due.
    """
    if amount <= 0:
        return []
    reference = " ".join(pay.reference.split())
    payload = epc_payload(seller_name, pay, currency, amount, reference)
    text_width = width - (QR_SIZE + 4 * mm if payload else 0)
    pairs = [
        (w("amount_due"), format_money(amount, currency, locale)),
        (w("bank"), pay.bank_name),
        ("IBAN", format_iban(pay.iban) if pay.iban.strip() else ""),
        ("BIC", pay.bic.strip().upper()),
        (w("account_no"), pay.account_number),
        (w("reference"), reference),
    ]
    rows: list[tuple[str, Cell]] = [(lb, v) for lb, v in pairs if v.strip()]
    room = text_width - label_width_of([*(lb for lb, _ in rows), w("pay_online")], st) - 4
    rows += link_pairs(pay.payment_link_url, (), st.body, room, w)
    left: list[Flowable] = [
        section_label(w("payment").upper(), st),
        Spacer(1, 1.5 * mm),
        Paragraph(markup(w("pay_quoting")), st.body),
        Spacer(1, 2 * mm),
        details_table(rows, text_width, st),
    ]
    if payload is None:
        return [KeepTogether(left)]
    qr = [QrCode(payload), Paragraph(markup(w("qr_caption")), st.caption)]
    return [KeepTogether([Columns(left, qr, text_width, right_align="CENTER")])]


def _notes(doc: InvoiceDocument, st: Styles) -> list[Flowable]:
    return [
        section_label(doc.words("notes").upper(), st),
        Spacer(1, 1.5 * mm),
        Paragraph(markup(doc.notes), st.body),
    ]


def notes_block(doc: InvoiceDocument, st: Styles) -> list[Flowable]:
    """The free-text notes on their own, if any."""
    if not doc.notes.strip():
        return []
    return [KeepTogether(_notes(doc, st))]


def totals_block(
    doc: InvoiceDocument, amounts: Amounts, width: float, st: Styles
) -> tuple[Flowable, bool]:
    """The totals, with the notes to their left if they are no taller than the totals.

    Returns the block and whether it holds the notes (else :func:`notes_block` follows).
    """
    totals = totals_table(doc, amounts, st)
    if not doc.notes.strip():
        return totals, False
    notes = _notes(doc, st)
    notes_width = width - _TOTALS_WIDTH - 8 * mm
    _, totals_height = totals.wrap(_TOTALS_WIDTH, 10_000)
    if sum(f.wrap(notes_width, 10_000)[1] for f in notes) > totals_height:
        return totals, False
    return KeepTogether([Columns(notes, [totals], notes_width, gap=8 * mm)]), True
