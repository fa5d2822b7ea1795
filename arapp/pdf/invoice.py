# SPDX-License-Identifier: MIT
"""Invoices and credit notes as PDF, laid out with ReportLab platypus.

    pdf_bytes = render_invoice(document)
    write_invoice(document, path)

Page one starts with the seller (logo, name, address) on the left and the title, number
and dates on the right, then the customer.  The line table follows and runs over as many
pages as it needs, repeating its header row; the totals, payment terms, bank details
with an EPC payment QR code (euro invoices with an IBAN), and notes come after it.  Every
page carries the footer text and "Page x of y"; following pages also get a one-line
running header.  Drafts are watermarked "DRAFT", void documents "VOID" with the reason.

Amounts and dates are formatted by :mod:`arapp.formatting` for ``document.locale``; the
words on the page are ``document.words`` (the document's language).
"""

from __future__ import annotations

import os
from dataclasses import replace
from io import BytesIO

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from arapp.domain.texts import ENGLISH_WORDS, Words
from arapp.files import write_atomically
from arapp.formatting import format_date
from arapp.pdf.blocks import (
    Amounts,
    line_table,
    notes_block,
    payment_block,
    section_label,
    totals_block,
)
from arapp.pdf.cells import Cell, Columns, Command, Label, fit, line, text_commands, text_lines
from arapp.pdf.document import InvoiceDocument, Party
from arapp.pdf.logo import Logo
from arapp.pdf.page import PageDecor, numbered_canvas
from arapp.pdf.styles import SHADE, VOID_RED, Styles, styles
from arapp.pdf.text import markup

__all__ = ["document_title", "render_invoice", "seller_block", "write_invoice"]

_PAGE_SIZES = {"a4": A4, "letter": LETTER}
_MARGIN = 18 * mm
_TOP = 15 * mm
_RUNNING_HEADER = 10 * mm


def document_title(doc: InvoiceDocument) -> str:
    """``"Invoice INV-2026-00001"``, ``"Credit note CN-7"``, ``"Draft invoice"``."""
    w = doc.words
    if doc.is_draft:
        return w("draft_credit_note" if doc.is_credit_note else "draft_invoice")
    return f"{_kind_title(doc)} {doc.number}"


def _kind_title(doc: InvoiceDocument) -> str:
    """``Invoice`` or ``Credit note``, in the document's language."""
    return doc.words("credit_note_title" if doc.is_credit_note else "invoice_title")


def _join(parts: list[str], separator: str = " · ") -> str:
    return separator.join(markup(p) for p in parts if p.strip())


def _party(party: Party, contact: list[str], width: float, st: Styles, w: Words) -> list[Flowable]:
    """Name, address, tax id and contact details of the seller or the buyer."""
    body = [(party.address, st.body)]
    if party.tax_id.strip():
        body.append((w("tax_id", tax_id=party.tax_id), st.body))
    cell = text_lines([(party.name, st.party_name), *body], width)
    contact_lines = text_lines([(c, st.small) for c in contact], width)
    if contact_lines:
        cell += [Spacer(1, 1 * mm), *contact_lines]
    return cell


def _contact(*parts: str) -> str:
    return " · ".join(" ".join(p.split()) for p in parts if p.strip())


def seller_block(
    seller: Party, width: float, st: Styles, w: Words = ENGLISH_WORDS
) -> list[Flowable]:
    """The seller's logo, name, address, tax id and contact details, ``width`` wide."""
    logo = Logo.from_bytes(seller.logo)
    cell: list[Flowable] = [] if logo is None else [logo, Spacer(1, 3 * mm)]
    contact = [_contact(seller.email, seller.phone), _contact(seller.website)]
    return cell + _party(seller, contact, width, st, w)


def _buyer(buyer: Party, width: float, st: Styles, w: Words) -> list[Flowable]:
    cell: list[Flowable] = [section_label(w("bill_to").upper(), st), Spacer(1, 1 * mm)]
    if buyer.contact_person.strip():
        buyer = replace(buyer, address=f"{w('attn', name=buyer.contact_person)}\n{buyer.address}")
    return cell + _party(buyer, [_contact(buyer.email, buyer.phone)], width, st, w)


def _title(doc: InvoiceDocument, width: float, st: Styles) -> list[Flowable]:
    w = doc.words
    title = document_title(doc) if doc.is_draft else _kind_title(doc)
    right = st.body_right
    cell: list[Flowable] = [Label(title, st.title)]
    if doc.is_draft:
        cell.append(Label(w("not_issued"), st.muted_right))
    else:
        cell.append(line(doc.number or "", st.subtitle, width))
    if doc.is_credit_note and doc.related_number.strip():
        cell.append(Paragraph(markup(w("credit_note_for", number=doc.related_number)), right))
    return cell


def _details(doc: InvoiceDocument, amounts: Amounts, st: Styles) -> list[Flowable]:
    label_width, value_width, w = 32 * mm, 40 * mm, doc.words
    rows: list[list[Cell]] = [[w("issue_date"), format_date(doc.issue_date, doc.locale)]]
    if not doc.is_credit_note:
        rows.append([w("due_date"), format_date(doc.due_date, doc.locale)])
    if doc.buyer.code.strip():
        rows.append([w("customer_no"), fit(doc.buyer.code, st.body_right, value_width)])
    style: list[Command] = [
        *text_commands((0, 0), (0, -1), st.total_label),
        *text_commands((1, 0), (1, -1), st.body_right),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if not doc.is_credit_note and not doc.is_void and doc.amount_due > 0:
        last = len(rows)
        rows.append([w("amount_due"), amounts.money(doc.amount_due)])
        style += [
            *text_commands((0, last), (0, last), st.due_label),
            *text_commands((1, last), (1, last), st.due_value),
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


def _void_banner(doc: InvoiceDocument, width: float, st: Styles) -> list[Flowable]:
    w = doc.words
    mark = w("void_mark")
    text = markup(w("void_credit_note" if doc.is_credit_note else "void_invoice"))
    if text.startswith(mark):
        text = f"<b>{mark}</b>{text[len(mark) :]}"
    if doc.void_reason.strip():
        text += "<br/>" + markup(w("void_reason", reason=doc.void_reason))
    banner = Table(
        [[Paragraph(text, st.banner)]],
        colWidths=[width],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.regular, 9),  # not the default Helvetica
                ("BOX", (0, 0), (-1, -1), 1, VOID_RED),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        ),
    )
    return [banner, Spacer(1, 6 * mm)]


def _header(doc: InvoiceDocument, amounts: Amounts, width: float, st: Styles) -> list[Flowable]:
    left = width * 0.55
    right = width - left
    return [
        Columns(
            seller_block(doc.seller, left - 4 * mm, st, doc.words), _title(doc, right, st), left
        ),
        Spacer(1, 6 * mm),
        Columns(_buyer(doc.buyer, left - 4 * mm, st, doc.words), _details(doc, amounts, st), left),
    ]


def _story(doc: InvoiceDocument, width: float, st: Styles) -> list[Flowable]:
    amounts = Amounts(doc)
    story: list[Flowable] = [NextPageTemplate("later"), *_header(doc, amounts, width, st)]
    story.append(Spacer(1, 7 * mm))
    if doc.is_void:
        story += _void_banner(doc, width, st)
    story += [line_table(doc, amounts, width, st), Spacer(1, 4 * mm)]
    totals, with_notes = totals_block(doc, amounts, width, st)
    story.append(totals)
    notes = [] if with_notes else notes_block(doc, st)
    for block in (payment_block(doc, width, st), notes):
        if block:
            story += [Spacer(1, 6 * mm), *block]
    return story


def render_invoice(doc: InvoiceDocument) -> bytes:
    """The invoice or credit note ``doc`` as the bytes of a PDF file."""
    st = styles()
    page_width, page_height = _PAGE_SIZES[doc.paper_size]
    width = page_width - 2 * _MARGIN
    title = document_title(doc)
    w = doc.words
    watermark = w("void_mark") if doc.is_void else w("draft_mark") if doc.is_draft else ""
    decor = PageDecor(
        width=page_width,
        height=page_height,
        margin=_MARGIN,
        top=_TOP,
        footer_markup=markup(doc.footer),
        running_header=_join([doc.seller.name, title, doc.buyer.name]),
        watermark=watermark,
    )
    bottom = decor.footer_height + 3 * mm
    first = Frame(_MARGIN, bottom, width, page_height - _TOP - bottom, 0, 0, 0, 0, id="first")
    later_height = page_height - _TOP - _RUNNING_HEADER - bottom
    later = Frame(_MARGIN, bottom, width, later_height, 0, 0, 0, 0, id="later")
    buffer = BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=(page_width, page_height),
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_TOP,
        bottomMargin=bottom,
        title=title,
        author=" ".join(doc.seller.name.split()),
        subject=w("document_for", title=title, customer=" ".join(doc.buyer.name.split())),
        creator="arapp",
        initialFontName=st.regular,  # not Helvetica, should anything draw without a font
    )
    template.addPageTemplates(
        [
            PageTemplate("first", [first], onPage=decor.first_page, onPageEnd=decor.page_end),
            PageTemplate("later", [later], onPage=decor.later_page, onPageEnd=decor.page_end),
        ]
    )
    canvas = numbered_canvas(page_width - _MARGIN, w("page"))
    template.build(_story(doc, width, st), canvasmaker=canvas)
    return buffer.getvalue()


def write_invoice(doc: InvoiceDocument, path: str | os.PathLike[str]) -> None:
    """Render ``doc`` and write the PDF to ``path`` (replacing the file in one step)."""
    write_atomically(path, render_invoice(doc))
