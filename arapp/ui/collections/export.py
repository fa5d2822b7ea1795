# SPDX-License-Identifier: MIT
"""The aging page's Export CSV…, Export Excel… and Print / PDF… buttons.

The files are made by :mod:`arapp.services.aging_export` (``aging_csv(report)``,
``aging_xlsx(report)``, ``aging_pdf(ctx, report)``, each returning bytes) from the report on
screen, on a worker, and written atomically (a half-written file never replaces a good one).
Should an exporter be missing, the button says so plainly instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from arapp.files import write_atomically
from arapp.services import aging_export
from arapp.services.aging import AgeBy, AgingReport
from arapp.services.context import AppContext
from arapp.ui.prompts import inform
from arapp.ui.transfer.common import documents_folder
from arapp.ui.worker import run_in_background


@dataclass(frozen=True)
class ExportKind:
    """One export button.

    Attributes:
        key: ``csv``, ``xlsx`` or ``pdf``.
        button: The button's text.
        function: The name of the function in :mod:`arapp.services.aging_export`.
        takes_ctx: Whether it is called ``(ctx, report)`` rather than ``(report)``.
        file_filter: The save dialog's filter.
    """

    key: str
    button: str
    function: str
    takes_ctx: bool
    file_filter: str


KINDS = (
    ExportKind("csv", "Export CSV…", "aging_csv", False, "CSV files (*.csv);;All files (*)"),
    ExportKind(
        "xlsx", "Export Excel…", "aging_xlsx", False, "Excel workbooks (*.xlsx);;All files (*)"
    ),
    ExportKind("pdf", "Print / PDF…", "aging_pdf", True, "PDF files (*.pdf);;All files (*)"),
)


def find_exporter(kind: ExportKind) -> Callable[..., bytes] | str:
    """The service function making ``kind``'s file, or why it cannot be had."""
    found = getattr(aging_export, kind.function, None)
    return found if callable(found) else f"{aging_export.__name__} has no {kind.function}()"


def file_name(report: AgingReport, kind: ExportKind) -> str:
    """``Aging EUR 2026-11-23 by due date.csv``."""
    basis = "due date" if report.by is AgeBy.DUE else "invoice date"
    name = f"Aging {report.currency} {report.as_of.isoformat()} by {basis}.{kind.key}"
    return re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", name)


def write_report(
    ctx: AppContext, report: AgingReport, kind: ExportKind, make: Callable[..., bytes], path: Path
) -> Path:
    """On the worker: make the file's bytes and write them atomically."""
    return write_atomically(path, make(ctx, report) if kind.takes_ctx else make(report))


class AgingExports(QObject):
    """The three export buttons of the aging page.

    The page hands over itself (the parent of the dialogs), the books and a way to read the
    report on screen, so this module need not know the page's.

    Attributes:
        buttons: The buttons, in toolbar order.
        ask_path: ``(kind, suggested name) -> Path | None``; a save dialog (tests replace it).
        last_path: The last file written, if any.
    """

    def __init__(
        self, page: QWidget, ctx: AppContext, report: Callable[[], AgingReport | None]
    ) -> None:
        super().__init__(page)
        self.page = page
        self.ctx = ctx
        self.report = report
        self.last_path: Path | None = None
        self.ask_path: Callable[[ExportKind, str], Path | None] = self._ask_path
        self.buttons: list[QPushButton] = []
        for kind in KINDS:
            button = QPushButton(kind.button)
            button.setObjectName(f"agingExport_{kind.key}")
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, k=kind: self.export(k))
            self.buttons.append(button)

    def update_enabled(self) -> None:
        for button in self.buttons:
            button.setEnabled(self.report() is not None)

    def _ask_path(self, kind: ExportKind, name: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self.page, kind.button.rstrip("…"), str(documents_folder() / name), kind.file_filter
        )
        return Path(chosen) if chosen else None

    def export(self, kind: ExportKind) -> None:
        """Ask where, then make and write the file of the report on screen on a worker."""
        report = self.report()
        if report is None:
            return
        make = find_exporter(kind)
        if isinstance(make, str):
            what = kind.button.rstrip("…")
            self._tell(kind, f"{what} is not available in this version yet: {make}.", True)
            return
        path = self.ask_path(kind, file_name(report, kind))
        if path is None:
            return
        ctx = self.ctx
        for button in self.buttons:
            button.setEnabled(False)
        run_in_background(
            self,
            lambda: write_report(ctx, report, kind, make, path),
            lambda written: self._written(kind, written),
            lambda exc: self._failed(kind, path, exc),
        )

    def _written(self, kind: ExportKind, path: Path) -> None:
        self.update_enabled()
        self.last_path = path
        box = self._tell(kind, f"The aging report was saved to:\n\n{path}")
        if kind.key == "pdf":  # print from the system's viewer
            opener = box.addButton("Open to print", QMessageBox.ButtonRole.ActionRole)
            opener.clicked.connect(lambda: self._open(path))

    def _failed(self, kind: ExportKind, path: Path, exc: Exception) -> None:
        self.update_enabled()
        self._tell(kind, f"The aging report could not be saved to {path}.\n\n{exc}", True)

    def _open(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._tell(KINDS[2], f"No PDF viewer could be started. The file is:\n\n{path}", True)

    def _tell(self, kind: ExportKind, text: str, warning: bool = False) -> Any:
        return inform(self.page, kind.button.rstrip("…"), text, warning)
