# SPDX-License-Identifier: MIT
"""Printed documents: invoices and credit notes as PDF (ReportLab).

The services turn the books into an :class:`~arapp.pdf.document.InvoiceDocument` (plain
frozen values, no database objects); :func:`~arapp.pdf.invoice.render_invoice` lays it out::

    from arapp.pdf import render_invoice, write_invoice
    pdf_bytes = render_invoice(document)

Modules:
    document: ``InvoiceDocument`` and its parts, the input of the renderer.
    invoice: ``render_invoice``, ``write_invoice``, ``document_title``.
    statement_document, statement: ``StatementDocument`` and ``render_statement`` (customer
        statements: open items, the period's activity, aging, payment details).
    letter_document, letter: ``ReminderLetter`` and ``render_letters`` (payment reminders as
        letters for windowed envelopes, many in one PDF).
    report: ``ReportDocument`` and ``render_report`` (table reports such as the aging report).
    blocks: the line table, totals, payment and notes blocks.
    qr: the EPC payment QR code (payload in :mod:`arapp.domain.payment_qr`).
    page: footer, "Page x of y", running header and watermark of every page.
    cells, text: escaping user text and cheap table cells.
    fonts, styles, logo: DejaVu Sans, colours and paragraph styles, the seller's logo.
    sample: a specimen invoice for previews, tests and benchmarks.
    facturx, pdfa: ``make_facturx`` and ``facturx_invoice``: the invoice PDF as a Factur-X
        PDF/A-3b carrying its CII XML (XMP metadata, sRGB output intent).

This package may use :mod:`arapp.domain`, :mod:`arapp.formatting` and :mod:`arapp.assets`,
never the database, services, mail or UI layers.
"""

from arapp.pdf.document import (
    DocumentLine,
    InvoiceDocument,
    Party,
    PaymentDetails,
    TaxSummaryLine,
)
from arapp.pdf.invoice import document_title, render_invoice, write_invoice

__all__ = [
    "DocumentLine",
    "InvoiceDocument",
    "Party",
    "PaymentDetails",
    "TaxSummaryLine",
    "document_title",
    "render_invoice",
    "write_invoice",
]
