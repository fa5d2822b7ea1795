# SPDX-License-Identifier: MIT
"""Screenshots of the window and the customer form, made offscreen from real books.

    QT_QPA_PLATFORM=offscreen python -m tests.helpers.screenshots OUTPUT_FOLDER

Makes demo books in a temporary folder (plus awkward names that must show literally), then saves
``insight-tab.png`` (and ``insight-tab-lower.png`` scrolled to its end, ``insight-tab-1920.png``
and ``insight-tab-1920-lower.png`` at 1920 x 1080), ``main-window.png`` (the Customers tab),
``invoices-tab.png``, ``payments-tab.png``, ``collections-aging.png``, ``collections-today.png``,
``record-payment.png`` and ``customer-dialog-errors.png`` to the output folder (the README shows
``resources/screenshots/main-window.png``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.domain.customer import CustomerStatus
from arapp.paths import use_home
from arapp.services.context import AppContext
from arapp.services.customer_list import customer_ids, customer_rows
from arapp.services.customers import (
    ContactRecord,
    CustomerInput,
    add_log_entry,
    create_customer,
    save_contact,
    set_status,
)
from arapp.services.demo import create_demo_company
from arapp.ui.worker import wait_for_all

AWKWARD = ("<b>&\"'", '=HYPERLINK("http://x","y")')


def make_books(folder: Path) -> AppContext:
    db = Database(f"sqlite:///{(folder / 'books.sqlite3').as_posix()}")
    migrate.upgrade(db, None)
    day = date(2026, 11, 23)  # and its morning: the log shows nothing after the books' today
    morning = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    ctx = AppContext(db, today=lambda: day, actor="screenshots", now=lambda: morning)
    create_demo_company(ctx)
    for name in AWKWARD:
        create_customer(ctx, CustomerInput(name=name, email="odd@example.com"))
    return ctx


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["arapp"])
    with tempfile.TemporaryDirectory() as tmp:
        use_home(Path(tmp) / "home")
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        ctx = make_books(Path(tmp))
        on_first_screen = customer_rows(ctx, customer_ids(ctx)[:20]).values()
        owing = max(on_first_screen, key=lambda r: (r.overdue, r.balance))
        hold = next(r for r in on_first_screen if r.balance > 0 and r.overdue == 0)
        set_status(ctx, hold.id, CustomerStatus.CREDIT_HOLD, "three invoices past 60 days")
        save_contact(
            ctx,
            owing.id,
            ContactRecord(
                0, "Siobhán Byrne", "Accounts payable", "ap@example.ie", "+353 1 555 0199", True
            ),
        )
        add_log_entry(
            ctx,
            owing.id,
            "Called about the October invoices; promised to pay "
            "half on Friday and the rest by month end.",
            "promise",
        )

        from arapp.ui import create_main_window

        def settled() -> None:
            """The window once its lists, counts and totals have arrived from their workers."""
            for _ in range(2):  # a result may start the next read (a count after a chunk)
                app.processEvents()
                wait_for_all(10_000)
            app.processEvents()

        window = create_main_window(ctx)
        window.show()
        window.resize(1366, 768)  # a laptop's screen, whatever the offscreen screen says
        for _ in range(4):  # the Insight tab's feeds, one after the other
            settled()
        window.grab().save(str(out / "insight-tab.png"))
        _insight_below(window, settled, out, "insight-tab-lower.png")
        window.resize(1920, 1080)  # a desktop's screen
        settled()
        window.grab().save(str(out / "insight-tab-1920.png"))
        _insight_below(window, settled, out, "insight-tab-1920-lower.png")
        window.resize(1366, 768)
        window.tabs.setCurrentWidget(window.customers)
        window.customers.select_customer(owing.id)
        settled()
        window.grab().save(str(out / "main-window.png"))
        window.tabs.setCurrentWidget(window.invoices)
        settled()
        window.grab().save(str(out / "invoices-tab.png"))
        window.tabs.setCurrentWidget(window.payments)
        settled()
        window.grab().save(str(out / "payments-tab.png"))
        window.tabs.setCurrentWidget(window.collections)
        aging = window.collections.aging
        window.collections.pages.setCurrentWidget(aging)
        wait_for_all(10_000)
        app.processEvents()
        aging.select_customer(owing.id)
        aging.drill_down()
        wait_for_all(10_000)
        app.processEvents()
        window.grab().save(str(out / "collections-aging.png"))
        window.collections.pages.setCurrentIndex(0)  # Today
        app.processEvents()
        wait_for_all(10_000)
        app.processEvents()
        window.grab().save(str(out / "collections-today.png"))
        window.tabs.setCurrentWidget(window.customers)

        from arapp.ui.payments import RecordPaymentDialog

        payment = RecordPaymentDialog(
            ctx, window.display.current, customer_id=owing.id, parent=window
        )
        payment.show()
        payment.amount.setText(f"{owing.balance + 25:f}")  # a little more: some stays as credit
        app.processEvents()
        payment.grab().save(str(out / "record-payment.png"))
        payment.close()

        from arapp.ui.customers.dialog import CustomerDialog

        dialog = CustomerDialog(ctx, window.display.current, parent=window)
        dialog.code.setText(next(r.code for r in on_first_screen if r.name not in AWKWARD))
        dialog.name.setText("Harbour Fish Ltd")
        dialog.email.setText("accounts@harbour")
        dialog.credit_limit.setText("-500")
        dialog.show()
        dialog.save()
        app.processEvents()
        dialog.adjustSize()
        app.processEvents()
        dialog.grab().save(str(out / "customer-dialog-errors.png"))
        dialog.close()
        window.close()
        ctx.db.dispose()
        use_home(None)


def _insight_below(window: Any, settled: Any, out: Path, name: str) -> None:
    """The Insight tab scrolled to its end (the risks and the forecast), saved as ``name``."""
    from PySide6.QtWidgets import QScrollArea

    scroll = window.insight.findChild(QScrollArea)
    bar = scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    settled()
    window.grab().save(str(out / name))
    bar.setValue(0)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
