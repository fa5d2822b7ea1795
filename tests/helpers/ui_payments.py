# SPDX-License-Identifier: MIT
"""Small helpers shared by the Payments tab and record-payment dialog tests."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from arapp.services.context import AppContext
from arapp.ui.payments.allocation import AllocationPanel
from arapp.ui.payments.allocation_model import AllocationColumn
from arapp.ui.widgets.customer_picker import CustomerPicker
from tests.helpers.books import issued_invoice
from tests.helpers.qt import activate


def issue(ctx: AppContext, customer_id: int, day: date, amount: str) -> int:
    """An issued invoice of one untaxed line (past any credit limit); returns its id."""
    return issued_invoice(ctx, customer_id, day, amount, confirmed=True)


def applied(panel: AllocationPanel) -> list[str]:
    """The Apply column as shown, in the table's order."""
    model = panel.model
    return [model.index(r, AllocationColumn.APPLY).data() for r in range(model.rowCount())]


def type_apply(qtbot, panel: AllocationPanel, row: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` into the Apply cell of ``row`` as a person would, and press Enter."""
    panel.view.edit_row(row)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt commits and closes the editor on Return through a queued call: let it run.
    qtbot.waitUntil(lambda: panel.view.state() != QAbstractItemView.State.EditingState)


def pick_customer(qtbot, picker: CustomerPicker, typed: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the picker and take the first suggestion with Enter, as a person would."""
    picker.setFocus()
    qtbot.keyClicks(picker, typed)
    qtbot.waitUntil(lambda: picker.popup().isVisible(), timeout=2_000)
    qtbot.keyClick(picker.popup(), Qt.Key.Key_Return)
    # Offscreen, the hidden popup may stay the active window: give the dialog its focus back.
    activate(picker.window())
