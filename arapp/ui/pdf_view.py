# SPDX-License-Identifier: MIT
"""The invoice PDF on screen: preview, zoom, print, save, or open it in the system's viewer.

:class:`PdfPreviewDialog` renders the PDF with the service (``invoice_pdf``) on a worker thread,
showing "Preparing the PDF…" meanwhile, and then shows exactly those bytes in a ``QPdfView``.
Printing draws the same pages on the printer; "Save as…" writes the PDF with
``save_invoice_pdf`` (atomically, off the GUI thread).
"""

from __future__ import annotations

import logging
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPoint,
    QRect,
    QSizeF,
    QStandardPaths,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QDesktopServices,
    QKeySequence,
    QPageSize,
    QPainter,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from arapp.i18n import _, ngettext
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.invoice_documents import invoice_pdf, pdf_file_name, save_invoice_pdf
from arapp.services.invoices import InvoiceRecord, get_invoice
from arapp.ui.forms import plain_label
from arapp.ui.prompts import inform
from arapp.ui.widgets.screen import fit_to_screen
from arapp.ui.worker import run_in_background

# Zoom steps offered by the +/- buttons (1.0 is the page at the screen's real size).
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
# Pages are rendered for the printer at most at this resolution and scaled up by the printer:
# an A4 page at a PDF printer's 1,200 dpi would be a 560 MB image; 300 dpi is 35 MB and sharp.
MAX_PRINT_DPI = 300
# Gap between pages in the multi-page view, in pixels.
PAGE_SPACING = 12

log = logging.getLogger(__name__)

_run_folder: tempfile.TemporaryDirectory[str] | None = None
# Previews opened without a parent window, kept until Qt destroys them (nothing else holds them).
_parentless: dict[int, PdfPreviewDialog] = {}


def run_temp_folder() -> Path:
    """A temporary folder for this run of the app, removed when it ends."""
    global _run_folder
    if _run_folder is None:
        _run_folder = tempfile.TemporaryDirectory(prefix="arapp-", ignore_cleanup_errors=True)
    return Path(_run_folder.name)


def weak_callback(method: Callable[..., Any]) -> Callable[..., None]:
    """``method`` as a callback that does not keep its object alive.

    A background operation holds its callbacks until Qt deletes it later; if they were the last
    reference to a parentless dialog, that deletion would delete the dialog, and with it the
    operation a second time (a crash). A result for a dialog already gone is dropped.
    """
    ref = weakref.WeakMethod(method)

    def call(*args: Any) -> None:
        bound = ref()
        if bound is not None:
            bound(*args)

    return call


def _render(ctx: AppContext, invoice_id: int) -> tuple[InvoiceRecord, bytes]:
    """On the worker thread: read the invoice and render its PDF (no widgets here)."""
    return get_invoice(ctx, invoice_id), invoice_pdf(ctx, invoice_id)


class PdfPreviewDialog(QDialog):
    """Shows one invoice's PDF, with Print…, Save as…, Open in viewer and Close.

    Attributes:
        loaded: ``Signal()`` emitted once the PDF is on screen.
        load_failed: ``Signal(str)`` emitted with the message when it could not be made.
        document: The ``QPdfDocument`` shown (empty until loaded).
        record: The invoice, once loaded.
        pdf_data: The PDF bytes shown, once loaded.
        status: The label with the page count (or what is happening).
    """

    loaded = Signal()
    load_failed = Signal(str)

    def __init__(self, ctx: AppContext, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.invoice_id = invoice_id
        self.record: InvoiceRecord | None = None
        self.pdf_data = b""
        self.setWindowTitle(_("Invoice preview"))
        # The document reads lazily from the buffer: both live as long as the dialog, the
        # buffer as the document's child so it goes only after the document closed it.
        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self.document)

        self.view = QPdfView()
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(PAGE_SPACING)
        self.view.pageNavigator().currentPageChanged.connect(self._update_status)
        self.waiting = plain_label(_("Preparing the PDF…"))
        self.waiting.setObjectName("pdfWaiting")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.waiting)
        self.stack.addWidget(self.view)

        self.zoom_out_button = self._tool("−", _("Zoom out (Ctrl+-)"), self.zoom_out)
        self.zoom_in_button = self._tool("+", _("Zoom in (Ctrl++)"), self.zoom_in)
        self.fit_button = self._tool(
            _("Fit width"), _("Fit the page to the window width"), self.fit
        )
        self.fit_button.setCheckable(True)
        self.zoom_label = plain_label()
        self.zoom_label.setObjectName("zoomLevel")
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 %"))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = plain_label(_("Preparing the PDF…"))
        self.status.setObjectName("pageCount")
        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)
        bar = QHBoxLayout()
        bar.setSpacing(4)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button):
            bar.addWidget(widget)
        bar.addSpacing(8)
        bar.addWidget(self.fit_button)
        bar.addStretch(1)
        bar.addWidget(self.status)

        self.buttons = QDialogButtonBox()
        self.print_button = self._button(_("&Print…"), self.print_dialog)
        self.save_button = self._button(_("&Save as…"), self.save_as)
        self.open_button = self._button(_("&Open in viewer"), self.open_in_viewer)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        close.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 820, 900)  # Print, Save and Close stay on a laptop's screen
        self._set_ready(False)
        self._update_zoom_label()
        run_in_background(
            self,
            lambda: _render(ctx, invoice_id),
            weak_callback(self._show_pdf),
            weak_callback(self._show_failure),
        )

    def _tool(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setMinimumWidth(30)
        button.clicked.connect(slot)
        return button

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- loading --------------------------------------------------------------------------------

    def _set_ready(self, ready: bool) -> None:
        for widget in (
            self.print_button,
            self.save_button,
            self.open_button,
            self.zoom_in_button,
            self.zoom_out_button,
            self.fit_button,
        ):
            widget.setEnabled(ready)

    def _show_pdf(self, result: tuple[InvoiceRecord, bytes]) -> None:
        self.record, self.pdf_data = result
        label = self.record.number or _("Draft {id}").format(id=self.record.id)
        self.setWindowTitle(f"{label} — {self.record.customer_name}")
        self._buffer.setData(QByteArray(self.pdf_data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            self._show_failure(
                RuntimeError(
                    _("The PDF could not be read ({error}).").format(error=self.document.error())
                )
            )
            return
        self.stack.setCurrentWidget(self.view)
        self._set_ready(True)
        self.fit()
        self._update_status()
        self.loaded.emit()

    def _show_failure(self, exc: Exception) -> None:
        if not isinstance(exc, ServiceError):  # a bug, not a refusal: keep the details
            log.error("invoice PDF for #%s failed", self.invoice_id, exc_info=exc)
        message = _("The invoice PDF could not be made.\n\n{error}").format(error=exc)
        self.waiting.setText(message)
        self.status.setText(_("No PDF"))
        self.stack.setCurrentWidget(self.waiting)
        self._set_ready(False)
        inform(self, _("Invoice preview"), message, warning=True)
        self.load_failed.emit(str(exc))

    def page_count(self) -> int:
        return self.document.pageCount()

    def _update_status(self) -> None:
        pages = self.page_count()
        if pages == 1:
            self.status.setText(_("1 page"))
        else:
            current = self.view.pageNavigator().currentPage() + 1
            self.status.setText(
                ngettext("Page {page} of {count}", "Page {page} of {count}", pages).format(
                    page=current, count=pages
                )
            )

    # -- zoom -----------------------------------------------------------------------------------

    def _effective_zoom(self) -> float:
        """The zoom in force; in fit-width mode worked out from the page and viewport widths."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or self.page_count() < 1:
            return self.view.zoomFactor()
        page_px = self.document.pagePointSize(0).width() * self.logicalDpiX() / 72
        margins = self.view.documentMargins()
        usable = self.view.viewport().width() - margins.left() - margins.right()
        return max(usable, 1) / max(page_px, 1)

    def _set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self.fit_button.setChecked(False)
        self._update_zoom_label()

    def zoom_in(self) -> None:
        now = self._effective_zoom()
        self._set_zoom(next((z for z in ZOOM_STEPS if z > now * 1.01), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        now = self._effective_zoom()
        self._set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < now * 0.99), ZOOM_STEPS[0]))

    def fit(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.fit_button.setChecked(True)
        self._update_zoom_label()

    def _update_zoom_label(self) -> None:
        self.zoom_label.setText(f"{round(self._effective_zoom() * 100)} %")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_zoom_label()  # fit width: the zoom follows the window

    # -- commands -------------------------------------------------------------------------------

    def print_dialog(self) -> None:
        """Print… : ask for the printer (set to the invoice's paper size), then print."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        points = self.document.pagePointSize(0)
        printer.setPageSize(
            QPageSize(points, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
        )
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print invoice"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except OSError as exc:
            inform(self, _("Print invoice"), str(exc), warning=True)

    def print_to(self, printer: QPrinter) -> int:
        """Print every page on ``printer`` (any output format); returns the pages printed.

        Each page is scaled to fill the paper, keeping its proportions, because the PDF already
        carries its own margins. Runs on the GUI thread: QPdfDocument is not shared with
        workers, and an invoice is a few pages.
        """
        pages = self.page_count()
        if pages < 1:
            raise OSError(_("There is no PDF to print yet."))
        printer.setFullPage(True)
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError(_("The printer could not be started."))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            paper = printer.pageLayout().fullRectPixels(printer.resolution())
            for page in range(pages):
                if page and not printer.newPage():
                    raise OSError(_("The printer refused a new page."))
                size = self.document.pagePointSize(page)
                target = QSizeF(size).scaled(
                    paper.size().toSizeF(), Qt.AspectRatioMode.KeepAspectRatio
                )
                image = self.document.render(page, (size * dpi / 72).toSize())
                left = (paper.width() - target.width()) / 2
                rect = QRect(QPoint(round(left), 0), target.toSize())
                painter.drawImage(rect, image)
        finally:
            painter.end()
            QApplication.restoreOverrideCursor()
        return pages

    def suggested_name(self) -> str:
        if self.record:
            return pdf_file_name(self.record)
        return _("Invoice {id}.pdf").format(id=self.invoice_id)

    def save_to(self, path: Path) -> Path:
        """Write the invoice PDF to ``path`` with the service (on the calling thread)."""
        return save_invoice_pdf(self.ctx, self.invoice_id, Path(path))

    def save_as(self) -> None:
        """Save as… : ask where, then write the file on a worker thread."""
        documents = QStandardPaths.StandardLocation.DocumentsLocation
        start = Path(QStandardPaths.writableLocation(documents)) / self.suggested_name()
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save invoice PDF"), str(start), _("PDF files (*.pdf)")
        )
        if not name:
            return
        target = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        ctx, invoice_id = self.ctx, self.invoice_id
        self.save_button.setEnabled(False)
        run_in_background(
            self,
            lambda: save_invoice_pdf(ctx, invoice_id, target),
            weak_callback(self._saved),
            weak_callback(self._save_failed),
        )

    def _saved(self, path: Path) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(_("Saved to {path}").format(path=path))

    def _save_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        text = _("The PDF could not be saved.\n\n{error}").format(error=exc)
        inform(self, _("Save invoice PDF"), text, warning=True)

    def open_externally(self) -> Path:
        """Write the PDF shown to a temporary file and ask the system to open it; returns it.

        Each call uses a new sub-folder of this run's temporary folder, so the file keeps its
        readable name and a viewer still holding the previous one open is no obstacle.
        """
        folder = Path(tempfile.mkdtemp(dir=run_temp_folder()))
        path = folder / self.suggested_name()
        path.write_bytes(self.pdf_data)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            raise OSError(
                _("No PDF viewer could be started. The file is:\n\n{path}").format(path=path)
            )
        return path

    def open_in_viewer(self) -> None:
        try:
            self.open_externally()
        except OSError as exc:
            inform(self, _("Open in viewer"), str(exc), warning=True)


def show_invoice_pdf(parent: QWidget | None, ctx: AppContext, invoice_id: int) -> PdfPreviewDialog:
    """Open the preview of one invoice (not modal: the window stays usable); returns it.

    The dialog deletes itself when closed.
    """
    dialog = PdfPreviewDialog(ctx, invoice_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:
        key = id(dialog)
        _parentless[key] = dialog
        dialog.destroyed.connect(lambda _obj=None, key=key: _parentless.pop(key, None))
    dialog.show()
    return dialog
