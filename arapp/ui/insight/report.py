# SPDX-License-Identifier: MIT
"""Insight ▸ Monthly report…: ask where, then write the month's receivables report (PDF) on a
worker; the window says when it is saved, or why not. The report service (and the PDF stack)
is imported when a report is saved."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow

from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.ui.prompts import inform
from arapp.ui.worker import BackgroundOp, run_in_background

log = logging.getLogger(__name__)

TITLE = "Monthly report"


def report_file_name(day: date) -> str:
    """``receivables-2026-11.pdf``."""
    return f"receivables-{day:%Y-%m}.pdf"


def save_monthly_report(
    window: QMainWindow, ctx: AppContext, day: date, path: str = ""
) -> BackgroundOp | None:
    """Ask where (unless ``path`` is given) and write the report of the month of ``day``
    there; ``None`` when the person cancelled."""
    if not path:
        path, _ = QFileDialog.getSaveFileName(
            window, "Save monthly report", report_file_name(day), "PDF (*.pdf)"
        )
        if not path:
            return None
    from arapp.services.monthly_report import save_monthly_report as save

    target = Path(path)
    window.statusBar().showMessage(f"Writing the monthly report to {target}…")

    def done(_: object) -> None:
        window.statusBar().showMessage(f"Monthly report saved to {target}", 10_000)

    def failed(exc: Exception) -> None:
        window.statusBar().clearMessage()
        if isinstance(exc, ServiceError):
            text = f"The report was not saved: {exc}"
        elif isinstance(exc, OSError):
            text = f"The report was not saved: {exc.strerror or exc}: {target}"
        else:
            log.error("the monthly report failed", exc_info=exc)
            text = "The report was not saved: it could not be made (the log file says why)."
        inform(window, TITLE, text, True)

    return run_in_background(window, lambda: save(ctx, target, day), done, failed)
