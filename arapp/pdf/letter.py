# SPDX-License-Identifier: MIT
"""Payment reminders as printed letters: one PDF holding a batch of letters.

    pdf_bytes = render_letters([letter, ...])

Every letter starts on a new page.  At the top right is the seller (logo, name, address,
contact, from :func:`arapp.pdf.invoice.seller_block`) with the date and customer number
below it; at the left is the address field of a DIN 5008 (form B) windowed envelope: the
seller's return address on one small line, then the customer's name and billing address.
Below the window come the subject in bold, the reminder text as written (user text, never
read as markup), the invoices concerned with what is still open, and the payment details
with a QR code.  A long letter runs over more pages, each with the footer and "Page x of y"
counted per letter.

Each invoice is listed once: where the text lists the letter's invoices (a paragraph of
``- INV-1, ...`` lines, as the reminder templates' ``$invoice_list`` writes them) the table
takes that paragraph's place; a text without such a list gets the table after it.  The
payment block is on every letter that asks for money, in every currency: the QR code is the
EPC "GiroCode" for the euro amount when there is an IBAN, else the payment link the invoices
share (none when each invoice has its own link: they are listed instead).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from arapp.domain.payment_qr import format_iban
from arapp.domain.texts import Words
from arapp.formatting import format_date, format_money
from arapp.pdf.blocks import details_table, label_width_of, section_label
from arapp.pdf.cells import Cell, Columns, fit, line, text_commands, text_lines
from arapp.pdf.invoice import seller_block
from arapp.pdf.letter_document import LetterInvoice, ReminderLetter
from arapp.pdf.links import link_pairs
from arapp.pdf.page import PageGroup
from arapp.pdf.qr import QR_SIZE, QrCode, epc_payload
from arapp.pdf.report import PAGE_TOP, ReportColumn, Value, data_table, render_pages
from arapp.pdf.styles import RULE, Styles, styles
from arapp.pdf.text import markup

__all__ = ["letters_title", "render_letters"]

_PAGE_SIZES = {"a4": A4, "letter": LETTER}
_MARGIN = 20 * mm  # the left edge of the envelope window (DIN 5008)
_WINDOW_TOP = 45 * mm  # below the paper's top edge (DIN 5008 form B)
_WINDOW_WIDTH = 85 * mm
_WINDOW_HEIGHT = 45 * mm
_RETURN_ZONE = 17.7 * mm  # return address and postal notes; the recipient comes below
_RIGHT_COLUMN = 90 * mm  # from the margin: the seller and the date start here
_GAP = 6 * mm
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")

#: The columns of the invoice table, headed by words of :mod:`arapp.domain.texts`.
_COLUMNS = (
    ReportColumn("invoice_title", 2.4),
    ReportColumn("due_date", 1.5),
    ReportColumn("status", 1.7, numeric=True),
    ReportColumn("open_amount", 1.6, numeric=True),
)


@functools.cache
def _own_styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    """The return-address line above the recipient and the bold subject."""
    st = styles()
    sender = ParagraphStyle("return_address", parent=st.small, fontSize=6.5, leading=8)
    subject = ParagraphStyle("subject", parent=st.body, fontName=st.bold, fontSize=11, leading=14)
    return sender, subject


def letters_title(letters: Sequence[ReminderLetter]) -> str:
    """``"Payment reminder ACME"``, or ``"Payment reminders (12)"`` for a batch."""
    w = letters[0].words
    if len(letters) == 1:
        who = letters[0].recipient.code.strip() or letters[0].recipient.name
        return " ".join(f"{w('payment_reminder')} {who}".split())
    return w("payment_reminders", count=len(letters))


class _Window(Flowable):
    """The envelope's address field, placed from the top of the page's content.

    It is ``offset`` below the content's top (so the field's top is 45 mm below the paper's
    edge when this is the first thing on the page), 85 mm wide and at least 45 mm high: the
    return address sits at the bottom of the first 17.7 mm, the recipient below.  Nothing
    else is printed in it, so nothing else shows through the window.
    """

    def __init__(self, offset: float, sender: Flowable, recipient: list[Flowable]) -> None:
        super().__init__()
        self.offset = offset
        self.parts = [sender, *recipient]
        self._heights: list[float] = []

    def wrap(self, _avail_width: float, avail_height: float) -> tuple[float, float]:
        self._heights = [f.wrap(_WINDOW_WIDTH, avail_height)[1] for f in self.parts]
        needed = _RETURN_ZONE + sum(self._heights[1:]) + 2 * mm
        self.height = self.offset + max(_WINDOW_HEIGHT, needed)
        return _WINDOW_WIDTH, self.height

    def draw(self) -> None:
        zone = self.height - self.offset - _RETURN_ZONE  # where the recipient starts
        sender, *recipient = self.parts
        sender.drawOn(self.canv, 0, zone + 1.5 * mm)
        self.canv.saveState()
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.4)
        self.canv.line(0, zone + 1 * mm, _WINDOW_WIDTH, zone + 1 * mm)
        self.canv.restoreState()
        top = zone - 1.5 * mm
        for flowable, height in zip(recipient, self._heights[1:], strict=True):
            top -= height
            flowable.drawOn(self.canv, 0, top)


def _window(letter: ReminderLetter, st: Styles) -> _Window:
    sender_style, _ = _own_styles()
    seller = letter.seller
    address = ", ".join(" ".join(p.split()) for p in seller.address.splitlines() if p.strip())
    sender = line(" · ".join(p for p in (" ".join(seller.name.split()), address) if p),
                  sender_style, _WINDOW_WIDTH)  # fmt: skip
    who = letter.recipient
    lines = [(who.name, st.party_name)]
    if who.contact_person.strip():
        lines.append((letter.words("attn", name=who.contact_person), st.body))
    lines.append((who.address, st.body))
    return _Window(_WINDOW_TOP - PAGE_TOP, sender, text_lines(lines, _WINDOW_WIDTH))


def _details(letter: ReminderLetter, width: float, st: Styles) -> Table:
    w = letter.words
    rows: list[list[Cell]] = [[w("date"), format_date(letter.letter_date, letter.locale)]]
    if letter.recipient.code.strip():
        rows.append([w("customer_no"), fit(letter.recipient.code, st.body_right, width * 0.6)])
    table = Table(
        rows,
        colWidths=[width * 0.4, width * 0.6],
        style=TableStyle(
            [
                *text_commands((0, 0), (0, -1), st.total_label),
                *text_commands((1, 0), (1, -1), st.body_right),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        ),
    )
    table.hAlign = "RIGHT"
    return table


def _header(letter: ReminderLetter, width: float, st: Styles) -> Flowable:
    right_width = width - _RIGHT_COLUMN
    right = [*seller_block(letter.seller, right_width, st, letter.words), Spacer(1, 5 * mm)]
    right.append(_details(letter, right_width, st))
    return Columns([_window(letter, st)], right, _RIGHT_COLUMN)


def _paragraphs(letter: ReminderLetter) -> list[str]:
    text = letter.body.replace("\r\n", "\n").replace("\r", "\n").strip()
    return [p for p in _PARAGRAPHS.split(text) if p.strip()]


def _is_listing(paragraph: str, letter: ReminderLetter) -> bool:
    """A paragraph that lists exactly the letter's invoices, one ``- NUMBER...`` line each."""
    numbers = {i.number for i in letter.invoices}
    listed = []
    for text in paragraph.splitlines():
        words = text.strip().removeprefix("- ").split(maxsplit=1)
        if not text.strip().startswith("- ") or not words:
            return False
        listed.append(words[0].rstrip(",:;"))
    return bool(listed) and len(listed) == len(numbers) and set(listed) == numbers


def _body(letter: ReminderLetter, width: float, st: Styles) -> list[Flowable]:
    """The reminder text (paragraphs at blank lines, line breaks kept, everything escaped),
    with the invoice table in the place of its listing of the invoices, else after it."""
    story: list[Flowable] = []
    table = _invoices(letter, width, st)
    for paragraph in _paragraphs(letter):
        if table and _is_listing(paragraph, letter):
            story += [*table, Spacer(1, 4 * mm)]
            table = []
        else:
            story += [Paragraph(markup(paragraph), st.body), Spacer(1, 3 * mm)]
    return story + table


def _overdue(days: int, w: Words) -> str:
    if days > 0:
        return w("one_day_overdue") if days == 1 else w("days_overdue_count", count=days)
    if days == 0:
        return w("due_today")
    return w("due_in_one_day") if days == -1 else w("due_in_days", count=-days)


def _row(letter: ReminderLetter, item: LetterInvoice, one_currency: bool) -> tuple[Value, ...]:
    amount = item.open if one_currency else format_money(item.open, item.currency, letter.locale)
    return (
        item.number,
        format_date(item.due_date, letter.locale),
        _overdue(item.days_overdue, letter.words),
        amount,
    )


def _invoices(letter: ReminderLetter, width: float, st: Styles) -> list[Flowable]:
    if not letter.invoices:
        return []
    currency = letter.currency
    rows = [_row(letter, item, currency is not None) for item in letter.invoices]
    w = letter.words
    total = (w("total_open"), "", "", letter.open_total) if currency and len(rows) > 1 else None
    table = data_table(
        tuple(replace(c, header=w(c.header)) for c in _COLUMNS),
        rows,
        width,
        st,
        currency=currency or "XXX",
        locale=letter.locale,
        total=total,
    )
    return [Spacer(1, 1 * mm), table]


def _qr(letter: ReminderLetter, amounts: dict[str, Decimal]) -> tuple[str, str] | None:
    """The QR payload and its caption: the EPC code for the euros, else the payment link."""
    pay, w = letter.payment, letter.words
    if "EUR" in amounts:
        payload = epc_payload(letter.seller.name, pay, "EUR", amounts["EUR"], pay.reference)
        if payload is not None:
            return payload, w("qr_caption" if len(amounts) == 1 else "qr_caption_euro")
    link = pay.payment_link_url.strip()
    return (link, w("link_caption")) if link else None


def _payment(letter: ReminderLetter, width: float, st: Styles) -> list[Flowable]:
    """How to pay what the letter asks for, with a QR code when there is one to give."""
    amounts = letter.open_totals
    if not amounts:
        return []
    pay, w = letter.payment, letter.words
    qr = _qr(letter, amounts)
    text_width = width - (QR_SIZE + 4 * mm if qr else 0)
    due = w.join([format_money(v, c, letter.locale) for c, v in amounts.items()])
    pairs = [
        (w("amount_due"), due),
        (w("bank"), pay.bank_name),
        ("IBAN", format_iban(pay.iban) if pay.iban.strip() else ""),
        ("BIC", pay.bic.strip().upper()),
        (w("account_no"), pay.account_number),
        (w("reference"), " ".join(pay.reference.split())),
    ]
    rows: list[tuple[str, Cell]] = [(lb, v) for lb, v in pairs if v.strip()]
    each = [(i.number, i.payment_link) for i in letter.invoices]
    room = text_width - label_width_of([*(lb for lb, _ in rows), w("pay_online")], st) - 4
    rows += link_pairs(pay.payment_link_url, each, st.body, room, w)
    left: list[Flowable] = [
        section_label(w("how_to_pay").upper(), st),
        Spacer(1, 1.5 * mm),
        Paragraph(markup(w("pay_quoting")), st.body),
        Spacer(1, 2 * mm),
        details_table(rows, text_width, st),
    ]
    block: Flowable = KeepTogether(left)
    if qr is not None:
        payload, caption = qr
        code = [QrCode(payload), Paragraph(markup(caption), st.caption)]
        block = KeepTogether([Columns(left, code, text_width, right_align="CENTER")])
    return [Spacer(1, _GAP), block]


def _letter(number: int, letter: ReminderLetter, width: float, st: Styles) -> list[Flowable]:
    """One letter; every one after the first starts on a new page laid out as a first page."""
    _, subject_style = _own_styles()
    start: list[Flowable] = [] if number == 0 else [NextPageTemplate("first"), PageBreak()]
    group = PageGroup(number, letter.words("page"))
    story = [*start, group, NextPageTemplate("later"), _header(letter, width, st)]
    story += [Spacer(1, 9 * mm), Paragraph(markup(letter.subject), subject_style)]
    story += [Spacer(1, 5 * mm), *_body(letter, width, st)]
    story += _payment(letter, width, st)
    return story


def render_letters(letters: Sequence[ReminderLetter]) -> bytes:
    """The ``letters`` as the bytes of one PDF file, each starting on a new page.

    The paper size and footer are the first letter's (they are settings of the books, the
    same for all).  Raises :class:`ValueError` when there is no letter.
    """
    if not letters:
        raise ValueError("no letters to print")
    st = styles()
    first = letters[0]
    size = _PAGE_SIZES[first.paper_size]
    width = size[0] - 2 * _MARGIN
    story = [f for number, letter in enumerate(letters) for f in _letter(number, letter, width, st)]
    seller = " ".join(first.seller.name.split())
    reminder = first.words("payment_reminder")
    running = " · ".join(markup(p) for p in (seller, reminder) if p.strip())
    return render_pages(
        story,
        page_size=size,
        title=letters_title(letters),
        author=seller,
        subject=reminder,
        footer=first.footer,
        running_header=running,
        margin=_MARGIN,
    )
