# SPDX-License-Identifier: MIT
"""The tabs' shared plumbing: the table's context menu lists the tab's actions with its
separators, and the buttons carry the actions' names and shortcuts."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QPushButton


def _menu_entries(tab) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def read() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(10, read)
            return
        seen.extend("—" if a.isSeparator() else a.text() for a in menu.actions())
        menu.close()

    QTimer.singleShot(10, read)
    tab._context_menu(QPoint(100, 100))
    return seen


def test_the_context_menus_list_the_actions_with_separators(main_window):  # type: ignore[no-untyped-def]
    assert _menu_entries(main_window.invoices) == [
        "&Open invoice",
        "&Issue",
        "Mark &sent",
        "Send by &e-mail…",
        "&Void…",
        "&Credit note…",
        "&Duplicate",
        "Record &payment…",
        "&PDF preview",
        "—",
        "Save PDFs of selection…",
        "—",
        "Delete draft…",
    ]
    assert _menu_entries(main_window.payments) == [
        "Re&verse payment…",
        "—",
        "&Apply credit…",
        "Re&fund credit…",
        "—",
        "Show &customer",
        "Show &invoices paid",
    ]


def test_the_buttons_follow_their_actions(main_window):  # type: ignore[no-untyped-def]
    tab = main_window.invoices
    pdf = tab.findChild(QPushButton, "button_PDF")
    assert pdf.text() == "PDF" and pdf.toolTip() == "PDF preview (Ctrl+P)"
    assert not pdf.isEnabled()
    tab.pdf_action.setEnabled(True)
    assert pdf.isEnabled()
    record = main_window.payments.findChild(QPushButton, "recordButton")
    assert record.text() == "Record payment…" and record.toolTip() == "Record payment… (Ctrl+R)"
