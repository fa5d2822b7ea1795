# SPDX-License-Identifier: MIT
"""Saving many PDFs into a folder, with progress and Cancel, without freezing the window.

:func:`export_pdfs` asks for the folder (unless given one) and starts a :class:`BatchExport`: the
service ``save_pdfs`` (or any batch function with its contract, such as the month-end
statements' ``save_statements``) runs on a worker thread; its progress comes back to the GUI
thread through a queued signal that moves the ``QProgressDialog``; Cancel sets a thread-safe
flag that the service reads between files; at the end a summary says what was written, what
failed and why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from arapp.i18n import _, ngettext
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.invoice_documents import BatchResult, save_pdfs
from arapp.services.invoices import get_invoice
from arapp.ui.prompts import inform
from arapp.ui.widgets.progress import work_progress
from arapp.ui.worker import run_in_background

# Failures listed one by one in the summary; the rest are counted.
MAX_LISTED_FAILURES = 8

# A batch: (ids, folder, progress(done, total), cancelled()) -> BatchResult; on the worker.
BatchRun = Callable[[list[int], Path, Callable[[int, int], None], Callable[[], bool]], BatchResult]
# The labels of the failures listed in the summary, by id; on the worker too.
BatchLabels = Callable[[BatchResult], dict[int, str]]


def _n(count: int) -> str:
    return f"{count:,}"


def _not_saved(item: str, count: int) -> str:
    """``2 invoices could not be saved:`` for the items a batch writes."""
    if item == "invoice":
        text = ngettext(
            "{count} invoice could not be saved:", "{count} invoices could not be saved:", count
        )
    elif item == "statement":
        text = ngettext(
            "{count} statement could not be saved:",
            "{count} statements could not be saved:",
            count,
        )
    else:
        text = ngettext(
            "{count} PDF could not be saved:", "{count} PDFs could not be saved:", count
        )
    return text.format(count=_n(count))


def failure_labels(ctx: AppContext, result: BatchResult) -> dict[int, str]:
    """Invoice numbers of the failures listed in the summary (on the worker thread)."""
    labels = {}
    for invoice_id, _reason in result.failed[:MAX_LISTED_FAILURES]:
        try:
            record = get_invoice(ctx, invoice_id)
        except ServiceError:
            continue
        labels[invoice_id] = record.number or _("Draft {id}").format(id=invoice_id)
    return labels


def summary_text(
    result: BatchResult,
    total: int,
    folder: Path,
    labels: dict[int, str] | None = None,
    item: str = "invoice",
) -> str:
    """What the batch did, for people: written, failed with reasons, or stopped.

    ``labels`` names failed items (invoice numbers, customer codes); others show as ``#id``.
    ``item`` is what the batch writes: "invoice" or "statement" (the sentence about those
    that failed names them).
    """
    labels = labels or {}
    written = len(result.written)
    if result.cancelled:
        first = ngettext(
            "Stopped after {written} PDF of {total}, saved in:",
            "Stopped after {written} PDFs of {total}, saved in:",
            written,
        )
    elif not result.failed:
        first = ngettext("Saved {written} PDF in:", "Saved {written} PDFs in:", written)
    else:
        first = ngettext(
            "Saved {written} of {total} PDF in:", "Saved {written} of {total} PDFs in:", total
        )
    lines = [first.format(written=_n(written), total=_n(total)), str(folder)]
    if result.failed:
        lines.append("")
        lines.append(_not_saved(item, len(result.failed)))
        for item_id, reason in result.failed[:MAX_LISTED_FAILURES]:
            lines.append(f"• {labels.get(item_id, f'#{item_id}')}: {reason}")
        more = len(result.failed) - MAX_LISTED_FAILURES
        if more > 0:
            lines.append(
                ngettext("…and {count} more.", "…and {count} more.", more).format(count=_n(more))
            )
    return "\n".join(lines)


class BatchExport(QObject):
    """One batch of PDFs being written; lives on the GUI thread.

    By default the PDFs of invoices (``save_pdfs``, failures named by invoice number); ``run``
    and ``labels`` make it any other batch (``item`` and ``title`` then say what it writes).
    Call :meth:`start` once. :meth:`cancel` may be called from any thread (it only sets a flag),
    so a slot connected to :attr:`progressed` with a direct connection can stop the batch at an
    exact point.

    Attributes:
        progressed: ``Signal(int, int)``: files done, files in all. Emitted on the worker
            thread; the progress window listens through a queued connection.
        finished: ``Signal(object)``: the :class:`BatchResult` when the batch ended, or the
            exception when it could not run at all (for example, the folder cannot be made).
        progress: The progress window (deleted once the batch ended).
        result: The result once finished.
        error: The exception if the batch could not run.
        summary: The message box shown at the end.
    """

    progressed = Signal(int, int)
    finished = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        ctx: AppContext,
        ids: list[int],
        folder: Path,
        *,
        run: BatchRun | None = None,
        labels: BatchLabels | None = None,
        item: str = "invoice",
        title: str = "",
    ) -> None:
        super().__init__(parent)  # the window owns it: it outlives the batch
        self.ctx = ctx
        self.ids = list(ids)
        self.folder = Path(folder)
        title = title or _("Saving PDFs")
        self.item, self.title = item, title
        self._run: BatchRun = run or (
            lambda ids, folder, progress, cancelled: save_pdfs(
                ctx, ids, folder, progress, cancelled
            )
        )
        self._labels: BatchLabels = labels or (lambda result: failure_labels(ctx, result))
        self.result: BatchResult | None = None
        self.error: Exception | None = None
        self.summary: QMessageBox | None = None
        self._stop = threading.Event()
        self._window = parent
        total = len(self.ids)
        # Kept open at the maximum until the summary replaces it.
        self.progress = work_progress(
            parent, title, self._label(0, total), total, "exportProgress", cancel=_("Cancel")
        )
        self.progress.canceled.connect(self._cancel_clicked)
        self.progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def _label(done: int, total: int) -> str:
        if done >= total:
            return ngettext("Saved {count} PDF.", "Saved {count} PDFs.", total).format(
                count=_n(total)
            )
        return ngettext(
            "Saving {current} of {total} PDF…", "Saving {current} of {total} PDFs…", total
        ).format(current=_n(done + 1), total=_n(total))

    def start(self) -> None:
        batch, describe, ids, folder = self._run, self._labels, self.ids, self.folder
        stop = self._stop

        def report(done: int, total: int) -> None:  # on the worker thread: emit, nothing else
            try:
                self.progressed.emit(done, total)
            except RuntimeError:  # the window (and so this object) is gone: stop
                stop.set()

        def operation() -> tuple[BatchResult, dict[int, str]]:
            result = batch(ids, folder, report, stop.is_set)
            return result, describe(result)

        run_in_background(self, operation, self._done, self._failed)

    def cancel(self) -> None:
        """Stop after the file being written (thread-safe)."""
        self._stop.set()

    def cancelled(self) -> bool:
        return self._stop.is_set()

    @Slot()
    def _cancel_clicked(self) -> None:
        self.cancel()

    @Slot(int, int)
    def _show_progress(self, done: int, total: int) -> None:
        if self._stop.is_set() or self.result is not None or self.error is not None:
            return  # cancelled (the window is gone) or a late signal after the end
        # Label first: setValue() of a modal progress window processes events, so a later
        # step may run inside it and must not be overwritten by this one afterwards.
        self.progress.setLabelText(self._label(done, total))
        self.progress.setValue(done)

    def _done(self, outcome: tuple[BatchResult, dict[int, str]]) -> None:
        result, labels = outcome
        self.result = result
        total = len(self.ids)
        if not result.cancelled:
            self.progress.setLabelText(self._label(total, total))
            self.progress.setValue(total)
        self.finished.emit(result)  # before the progress window goes (tests look at it)
        text = summary_text(result, total, self.folder, labels, self.item)
        self._end(text, warning=bool(result.failed))

    def _failed(self, exc: Exception) -> None:
        self.error = exc
        self.finished.emit(exc)
        text = _("The PDFs could not be saved to {folder}.\n\n{error}")
        self._end(text.format(folder=self.folder, error=exc), warning=True)

    def _end(self, text: str, warning: bool) -> None:
        """Replace the progress window by the summary; this object goes once that is read."""
        # Deleted rather than hidden: its timer would show a never-shown window later.
        self.progress.hide()
        self.progress.deleteLater()
        self.summary = inform(self._window, self.title, text, warning=warning)
        if self.result is not None and self.result.written:
            folder = QUrl.fromLocalFile(str(self.folder))
            button = self.summary.addButton(_("Open folder"), QMessageBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda: QDesktopServices.openUrl(folder))
        self.summary.finished.connect(self.deleteLater)


def choose_folder(parent: QWidget) -> Path | None:
    """Ask for the folder to save into; ``None`` when the person cancels."""
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name = QFileDialog.getExistingDirectory(parent, _("Save the PDFs into folder"), start)
    return Path(name) if name else None


def export_pdfs(
    parent: QWidget, ctx: AppContext, invoice_ids: list[int], folder: Path | None = None
) -> BatchExport | None:
    """Save one PDF per invoice into ``folder`` (asked for when ``None``) in the background.

    Returns the running :class:`BatchExport`, or ``None`` when there was nothing to do or the
    person cancelled the folder question.
    """
    if not invoice_ids:
        inform(parent, _("Saving PDFs"), _("Select the invoices to save first."))
        return None
    if folder is None:
        folder = choose_folder(parent)
        if folder is None:
            return None
    batch = BatchExport(parent, ctx, invoice_ids, folder)
    batch.start()
    return batch
