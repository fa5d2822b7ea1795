# SPDX-License-Identifier: MIT
"""The window starts with only the first screen: a tab is made (and its modules imported) the
first time it is shown or a command needs it, and pages nobody opened read nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QDialog

from arapp.ui.collections import CollectionsTab
from arapp.ui.invoices import InvoicesTab
from arapp.ui.invoices.editor import InvoiceEditor
from arapp.ui.payments import PaymentsTab
from arapp.ui.payments.credits import COUNTING
from arapp.ui.reminders.today import TodayPage
from tests.helpers.qt import activate

LATER = ("invoices", "payments", "collections")


def _idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Every worker done and its result delivered."""
    QThreadPool.globalInstance().waitForDone(5_000)
    qtbot.wait(20)


def _file_menu(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    menu = window.menuBar().actions()[0].menu()
    return [
        (a.text().replace("&", ""), a.shortcut().toString())
        for a in menu.actions()
        if not a.isSeparator()
    ][:3]


def test_only_the_first_tab_is_made_at_start(main_window) -> None:  # type: ignore[no-untyped-def]
    # Insight is shown first; the others, Customers too, wait to be shown (menus stand in)
    assert main_window.is_made("insight") and not main_window.is_made("customers")
    assert [main_window.is_made(name) for name in LATER] == [False, False, False]
    tabs = main_window.tabs
    assert tabs.currentWidget() is main_window.insight
    assert not any(isinstance(tabs.widget(i), InvoicesTab | PaymentsTab) for i in range(5))
    # The File menu reads as it will once the tabs exist.
    assert _file_menu(main_window) == [
        ("New customer…", "Ctrl+N"),
        ("New invoice…", "Ctrl+I"),
        ("Record payment…", "Ctrl+R"),
    ]


def test_a_tab_is_made_when_first_shown(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    tabs = main_window.tabs
    tabs.setCurrentIndex(2)
    assert main_window.is_made("invoices")
    assert [main_window.is_made(name) for name in LATER[1:]] == [False, False]
    invoices = main_window.invoices
    assert isinstance(invoices, InvoicesTab)
    assert tabs.widget(2) is invoices and tabs.currentWidget() is invoices
    qtbot.waitUntil(invoices.isVisible)
    assert tabs.tabText(2) == "Invoices"
    tabs.setCurrentIndex(1)
    tabs.setCurrentIndex(2)
    assert main_window.invoices is invoices  # made once
    # The File menu now holds the tab's own action, once.
    assert main_window.menuBar().actions()[0].menu().actions()[1] is invoices.new_action
    assert _file_menu(main_window)[1] == ("New invoice…", "Ctrl+I")


def test_a_shortcut_makes_the_tab_it_needs(main_window, answer_modal, qtbot) -> None:  # type: ignore[no-untyped-def]
    opened: list[QDialog] = []

    def cancel(dialog: QDialog) -> None:
        opened.append(dialog)
        dialog.reject()

    answer_modal(cancel)
    qtbot.keyClick(main_window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1 and isinstance(opened[0], InvoiceEditor)
    assert main_window.is_made("invoices")
    assert main_window.tabs.currentWidget() is main_window.insight  # nothing saved: stays
    activate(main_window)  # the closed dialog took the focus with it
    answer_modal(cancel)  # again, now through the tab's own action (no ambiguous shortcut)
    qtbot.keyClick(main_window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 2 and isinstance(opened[1], InvoiceEditor)


def test_collections_opens_on_today_and_reads_aging_only_when_shown(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    main_window.tabs.setCurrentIndex(4)
    collections = main_window.collections
    assert isinstance(collections, CollectionsTab)
    today = main_window.reminders.today
    assert isinstance(today, TodayPage) and collections.today_page is today
    assert collections.pages.currentWidget() is today
    qtbot.waitUntil(lambda: today.data is not None and not today.loading)
    _idle(qtbot)
    aging = collections.aging
    assert aging.report is None and aging.busy.isVisibleTo(aging)  # not read, and says so
    with qtbot.waitSignal(aging.report_loaded, timeout=5_000):
        collections.pages.setCurrentWidget(aging)
    assert aging.report is not None and not aging.busy.isVisibleTo(aging)


def test_the_credits_page_reads_only_when_shown(main_window, add_customer, qtbot) -> None:  # type: ignore[no-untyped-def]
    main_window.tabs.setCurrentIndex(3)
    credits = main_window.payments.credits
    _idle(qtbot)
    assert not credits.loaded and credits.total_label.text() == COUNTING
    main_window.payments.pages.setCurrentWidget(credits)
    qtbot.waitUntil(lambda: credits.loaded)
    assert credits.total_label.text() == "No customer holds credit."


def test_the_customer_count_arrives_from_a_worker(main_window, add_customer, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: main_window.count_label.text() == "0 customers")
    add_customer("Acme")
    qtbot.waitUntil(lambda: main_window.count_label.text() == "1 customer")


def test_the_window_imports_a_tab_only_when_it_is_made(tmp_path: Path) -> None:
    """In a fresh process: the first screen needs none of the other tabs' modules, nor the PDF
    stack; showing the Invoices tab imports its modules."""
    script = f"""
import json, sys
from PySide6.QtWidgets import QApplication
from arapp.app import open_books
from arapp.ui import create_main_window
app = QApplication([])
window = create_main_window(open_books({str(tmp_path / "books.sqlite3")!r}).ctx)
window.show()
charts = "PySide6.QtCharts" in sys.modules  # the Insight tab's charts wait for its tiles
app.processEvents()
later = ("arapp.ui.invoices.tab", "arapp.ui.payments.tab", "arapp.ui.collections.tab",
         "arapp.ui.reminders.today", "arapp.ui.bank", "arapp.services.ledger", "reportlab")
before = sorted(m for m in later if m in sys.modules)
window.tabs.setCurrentIndex(2)
after = sorted(m for m in later if m in sys.modules)
from PySide6.QtCore import QThreadPool
while window.insight.loading:
    QThreadPool.globalInstance().waitForDone(100)
    app.processEvents()
print(json.dumps([before, after, charts, "PySide6.QtCharts" in sys.modules]))
window.close()
"""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ARAPP_HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    before, after, charts_at_start, charts_later = json.loads(done.stdout.strip().splitlines()[-1])
    assert before == []
    assert "arapp.ui.invoices.tab" in after
    assert (charts_at_start, charts_later) == (False, True)
