# SPDX-License-Identifier: MIT
"""Screenshots of the window and the biggest dialogs on a 1366 x 768 laptop, made offscreen.

    QT_QPA_PLATFORM=offscreen python -m tests.helpers.laptop_screenshots OUTPUT_FOLDER

``ARAPP_LANGUAGE=de`` (or ``fr``) takes them in that language, as the window would start in it.

The screen's free area the windows size themselves from is set to 1366 x 728 (a 40 px taskbar).
Saves ``laptop-main.png`` (the demo, with the start notices, on the Insight tab),
``laptop-main-820-*.png`` (the narrowest sensible window, each tab; ``-1-lower``: the Insight tab
scrolled to its end), ``laptop-settings-*.png``,
``laptop-new-books.png`` (File ▸ New books…, with a wrong IBAN and pattern) and
``laptop-pdf-preview.png``: look at them for
anything cut off.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QApplication

from arapp.paths import use_home
from arapp.services.customer_list import customer_ids
from arapp.ui.widgets import screen
from arapp.ui.worker import wait_for_all
from tests.helpers.screenshots import _insight_below, make_books


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    screen.available_area = lambda _widget: QRect(QPoint(0, 0), screen.SMALLEST_SCREEN)
    app = QApplication.instance() or QApplication(["arapp"])
    from arapp.ui.language import start_language

    start_language(app)  # ARAPP_LANGUAGE, else the person's or the system's, as at start

    def settled() -> None:  # the Insight tab's feeds come one after the other
        for _ in range(8):
            app.processEvents()
            wait_for_all(10_000)
        app.processEvents()

    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        use_home(Path(tmp) / "home")
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        ctx = make_books(Path(tmp))
        from arapp.ui import create_main_window

        window = create_main_window(ctx)  # the demo: it says so itself
        window.notices.add("2 recurring invoices were billed.")
        window.show()
        settled()
        settled()  # the Insight tab's feeds, one after the other
        window.grab().save(str(out / "laptop-main.png"))
        window.resize(820, window.height())
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            settled()
            window.grab().save(str(out / f"laptop-main-820-{index + 1}.png"))
            if index == 0:  # the Insight tab's risks and forecast, below its charts
                _insight_below(window, settled, out, "laptop-main-820-1-lower.png")

        from arapp.ui.settings import SettingsDialog

        settings = SettingsDialog(ctx, window)
        settings.show()
        for index in range(settings.tabs.count()):
            settings.tabs.setCurrentIndex(index)
            settled()
            settings.grab().save(str(out / f"laptop-settings-{index + 1}.png"))
        settings.hide()

        from arapp.ui.books.new_dialog import NewBooksDialog

        new_books = NewBooksDialog(window)
        new_books.show()
        new_books.form.inputs["name"].setText("Corner Shop & Café")  # type: ignore[union-attr]
        new_books.form.inputs["iban"].setText("IE00 1234")  # type: ignore[union-attr]
        new_books.number_pattern.setText("INV-{year}")
        new_books.create()
        settled()
        new_books.grab().save(str(out / "laptop-new-books.png"))
        new_books.reject()

        from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
        from arapp.services.lifecycle import issue_invoice
        from arapp.ui.pdf_view import PdfPreviewDialog

        draft = InvoiceDraft(customer_ids(ctx)[0], ctx.today(), (LineDraft("Shelves", "2", "9"),))
        invoice = issue_invoice(ctx, save_draft(ctx, draft).id)
        preview = PdfPreviewDialog(ctx, invoice.id, window)
        preview.show()
        settled()
        preview.grab().save(str(out / "laptop-pdf-preview.png"))
        preview.close()
        window.close()
        ctx.db.dispose()
        use_home(None)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
