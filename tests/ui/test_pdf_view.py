# SPDX-License-Identifier: MIT
"""The invoice preview: a real issued invoice rendered off the GUI thread, shown, printed, saved
and handed to the system's viewer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter

from arapp.services.catalog import TaxRateRecord, list_tax_rates, save_tax_rate
from arapp.services.context import AppContext
from arapp.services.invoices import InvoiceDraft, InvoiceRecord, LineDraft, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.ui.pdf_view import PdfPreviewDialog, show_invoice_pdf

LOAD_TIMEOUT_MS = 15_000


def issue(ctx: AppContext, customer_id: int, lines: int = 3) -> InvoiceRecord:
    """A real issued invoice with ``lines`` taxed lines."""
    rates = [r for r in list_tax_rates(ctx) if r.name == "VAT 20%"]
    vat = rates[0] if rates else save_tax_rate(ctx, TaxRateRecord(0, "VAT 20%", Decimal(20)))
    draft = InvoiceDraft(
        customer_id,
        date(2026, 11, 20),
        tuple(
            LineDraft(f"Shelf bracket, size {n}", "2", "12.50", tax_rate_id=vat.id, unit="pcs")
            for n in range(1, lines + 1)
        ),
    )
    return issue_invoice(ctx, save_draft(ctx, draft).id)


@pytest.fixture
def invoice(ctx, add_customer) -> InvoiceRecord:
    return issue(ctx, add_customer('Zoë "<b>" & Sons').id)


@pytest.fixture
def preview(qtbot, ctx, invoice) -> PdfPreviewDialog:
    dialog = PdfPreviewDialog(ctx, invoice.id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=LOAD_TIMEOUT_MS):
        dialog.show()
    return dialog


def test_preview_shows_the_issued_invoice_and_its_page_count(preview, invoice):
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert preview.page_count() >= 1
    assert preview.view.document() is preview.document
    assert preview.stack.currentWidget() is preview.view
    assert preview.status.text() in ("1 page", f"Page 1 of {preview.page_count()}")
    assert invoice.number in preview.windowTitle()
    assert preview.print_button.isEnabled()


def test_waiting_text_shows_until_the_pdf_arrives(qtbot, ctx, invoice):
    dialog = PdfPreviewDialog(ctx, invoice.id)
    qtbot.addWidget(dialog)
    assert dialog.stack.currentWidget() is dialog.waiting
    assert dialog.waiting.text() == "Preparing the PDF…"
    assert not dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=LOAD_TIMEOUT_MS):
        pass


def test_zoom_buttons_leave_and_return_to_fit_width(preview):
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert preview.fit_button.isChecked()
    fitted = preview.zoom_label.text()
    assert fitted.endswith(" %")
    preview.zoom_in()
    bigger = preview.view.zoomFactor()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert not preview.fit_button.isChecked()
    assert preview.zoom_label.text() == f"{round(bigger * 100)} %"
    preview.zoom_out()
    assert preview.view.zoomFactor() < bigger
    preview.fit()
    assert preview.zoom_label.text() == fitted
    assert preview.fit_button.isChecked()


def test_save_to_writes_the_invoice_pdf(preview, invoice, tmp_path):
    target = tmp_path / preview.suggested_name()
    assert target.name == f"{invoice.number} Zoë __b__ & Sons.pdf"
    assert preview.save_to(target) == target
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert invoice.number in text


def test_print_to_a_pdf_printer_prints_every_page(preview, tmp_path):
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    assert preview.print_to(printer) == preview.page_count()
    assert out.stat().st_size > 1_000
    assert len(PdfReader(out).pages) == preview.page_count()


def test_a_long_invoice_scrolls_over_several_pages(qtbot, ctx, add_customer, tmp_path):
    long_invoice = issue(ctx, add_customer("Many Lines Ltd").id, lines=80)
    dialog = PdfPreviewDialog(ctx, long_invoice.id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=LOAD_TIMEOUT_MS):
        dialog.show()
    pages = dialog.page_count()
    assert pages >= 2
    assert dialog.status.text() == f"Page 1 of {pages}"
    out = tmp_path / "long.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    dialog.print_to(printer)
    assert len(PdfReader(out).pages) == pages


class FileUrlCatcher(QObject):
    """Takes ``file:`` URLs instead of the desktop (Qt's own hook for URL schemes)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_in_viewer_writes_a_temporary_file_and_opens_it(preview):
    catcher = FileUrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        path = preview.open_externally()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(url.toLocalFile()) for url in catcher.urls] == [path]
    assert path.name == preview.suggested_name()
    assert path.read_bytes() == preview.pdf_data
    assert path.read_bytes().startswith(b"%PDF")


def test_a_missing_invoice_is_a_message_not_a_traceback(qtbot, ctx, messages):
    dialog = show_invoice_pdf(None, ctx, 999)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.load_failed, timeout=LOAD_TIMEOUT_MS) as blocker:
        pass
    assert blocker.args == ["Invoice #999 does not exist."]
    assert messages.last is not None and messages.last.warning
    assert "Invoice #999 does not exist." in messages.last.text
    assert "Traceback" not in messages.last.text
    assert dialog.status.text() == "No PDF"
    assert not dialog.print_button.isEnabled()
