# SPDX-License-Identifier: MIT
"""Exporting customers, invoices or payments to a CSV file without freezing the window.

:func:`export_csv` asks where to save (unless told) and starts a :class:`CsvExport`: the
service :func:`~arapp.services.transfer.files.export_file` runs on a worker thread while a
busy window shows (only if it takes a moment), and a summary says what was written, and what
of the books the file leaves out (credit notes, voids, refunds...).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from arapp.i18n import _, ngettext
from arapp.services.context import AppContext
from arapp.services.transfer.books import left_out
from arapp.services.transfer.files import export_file
from arapp.ui.prompts import inform
from arapp.ui.transfer.common import KINDS, ask_save_path, count_text
from arapp.ui.widgets.progress import work_progress
from arapp.ui.worker import run_in_background


class CsvExport(QObject):
    """One export on its way; lives on the GUI thread.

    Attributes:
        finished: ``Signal(object)``: the number of rows written, or the exception.
        rows: Rows written, once done.
        error: The exception if the export failed.
        summary: The message box shown at the end.
    """

    finished = Signal(object)

    def __init__(self, parent: QWidget, ctx: AppContext, kind: str, path: Path) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.path = ctx, kind, Path(path)
        self.rows: int | None = None
        self.error: Exception | None = None
        self.summary: QMessageBox | None = None
        self._window = parent
        self.title = _(KINDS[kind].export_title)
        # one read and one write: nothing to stop between, so no Cancel
        self.progress = work_progress(
            parent,
            self.title,
            _(KINDS[kind].exporting),
            0,
            "csvExportProgress",
            cancel="",
            width=340,
        )

    def start(self) -> None:
        ctx, kind, path = self.ctx, self.kind, self.path

        def export() -> tuple[int, str]:
            return export_file(ctx, kind, path), left_out(ctx, kind)

        run_in_background(self, export, self._done, self._failed)

    def _done(self, done: tuple[int, str]) -> None:
        rows, note = done  # note: what the file leaves out of the books, if anything
        self.rows = rows
        text = saved_text(self.kind, rows, self.path)
        self._end(f"{text}\n\n{note}" if note else text, False)
        self.finished.emit(rows)

    def _failed(self, exc: Exception) -> None:
        self.error = exc
        failed = _(KINDS[self.kind].export_failed).format(path=self.path, error=exc)
        self._end(failed, True)
        self.finished.emit(exc)

    def _end(self, text: str, warning: bool) -> None:
        # Deleted rather than hidden: its timer would show a never-shown window later.
        self.progress.hide()
        self.progress.deleteLater()
        self.summary = inform(self._window, self.title, text, warning=warning)
        self.summary.finished.connect(self.deleteLater)


def export_csv(
    parent: QWidget, ctx: AppContext, kind: str, path: Path | None = None
) -> CsvExport | None:
    """Export ``kind`` to ``path`` (asked for when ``None``) in the background.

    Returns the running :class:`CsvExport`, or ``None`` when the person cancelled.
    """
    if path is None:
        path = ask_save_path(parent, _(KINDS[kind].export_title), f"{kind}.csv")
        if path is None:
            return None
    export = CsvExport(parent, ctx, kind, path)
    export.start()
    return export


def saved_text(kind: str, rows: int, path: Path) -> str:
    """What an export wrote, and where."""
    n = count_text(rows)
    if kind == "customers":
        text = ngettext(
            "Saved {count} row of customers to:\n{path}",
            "Saved {count} rows of customers to:\n{path}",
            rows,
        )
    elif kind == "invoices":
        text = ngettext(
            "Saved {count} row of invoices to:\n{path}",
            "Saved {count} rows of invoices to:\n{path}",
            rows,
        )
    else:
        text = ngettext(
            "Saved {count} row of payments to:\n{path}",
            "Saved {count} rows of payments to:\n{path}",
            rows,
        )
    return text.format(count=n, path=path)
