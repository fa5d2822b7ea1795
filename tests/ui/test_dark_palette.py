# SPDX-License-Identifier: MIT
"""Under a dark system palette the coloured rows stay readable: a credit-hold customer's row
(a light tint behind the palette's white text was unreadable) and the red of overdue amounts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QTableView

from arapp.domain.customer import CustomerStatus
from arapp.services.customers import set_status
from arapp.ui.customers.model import Column, CustomerTableModel
from arapp.ui.payments import RecordPaymentDialog
from arapp.ui.widgets.colours import (
    HOLD_COLOR,
    MIN_CONTRAST,
    OVERDUE_COLOR,
    VOID_COLOR,
    contrast_ratio,
    in_list,
    on_window,
    readable,
)
from tests.helpers.qt import company_display
from tests.helpers.ui_payments import issue

BACKGROUND, FOREGROUND = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
    }.items():
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[QPalette]:
    before = QGuiApplication.palette()
    QApplication.setPalette(dark_palette())
    try:
        yield QGuiApplication.palette()
    finally:
        QApplication.setPalette(before)


def cell_colours(
    model: CustomerTableModel, row: int, column: Column, palette: QPalette
) -> tuple[QColor, QColor]:
    index = model.index(row, column)
    background = index.data(BACKGROUND) or palette.color(QPalette.ColorRole.Base)
    foreground = index.data(FOREGROUND) or palette.color(QPalette.ColorRole.Text)
    return QColor(foreground), QColor(background)


def test_a_credit_hold_row_reads_under_a_dark_palette(ctx, add_customer, dark, qtbot):
    held = add_customer("Acme", credit_limit="100")
    add_customer("Blue Door")
    set_status(ctx, held.id, CustomerStatus.CREDIT_HOLD, "late")
    model = CustomerTableModel(ctx, "en_US")
    model.search("")
    row = [model.index(r, Column.NAME).data() for r in range(model.rowCount())].index("Acme")
    assert model.index(row, Column.STATUS).data(BACKGROUND) is not None  # still marked
    for column in Column:
        foreground, background = cell_colours(model, row, column, dark)
        ratio = contrast_ratio(foreground, background)
        assert ratio >= MIN_CONTRAST, (column.name, foreground.name(), background.name(), ratio)


def test_overdue_red_is_lightened_on_a_dark_base_and_kept_on_a_light_one(dark):
    base = dark.color(QPalette.ColorRole.Base)
    assert contrast_ratio(OVERDUE_COLOR, base) < MIN_CONTRAST  # the reason for readable()
    assert contrast_ratio(readable(OVERDUE_COLOR), base) >= MIN_CONTRAST
    assert readable(OVERDUE_COLOR, QColor("white")) == OVERDUE_COLOR
    assert round(contrast_ratio(QColor("black"), QColor("white")), 1) == 21.0


def test_the_record_payment_dialog_under_a_dark_palette(ctx, add_customer, dark, qtbot, shots):
    held = add_customer("Acme", credit_limit="100")
    set_status(ctx, held.id, CustomerStatus.CREDIT_HOLD, "late")
    invoice = issue(ctx, held.id, date(2026, 10, 1), "250.00")
    dialog = RecordPaymentDialog(ctx, company_display(ctx), invoice_id=invoice)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount.setText("100")
    model = dialog.allocation.model
    for column in range(model.columnCount()):  # the overdue due date was dark red on dark
        cell = model.index(0, column)
        foreground = cell.data(FOREGROUND) or dark.color(QPalette.ColorRole.Text)
        background = cell.data(BACKGROUND) or dark.color(QPalette.ColorRole.Base)
        assert contrast_ratio(QColor(foreground), QColor(background)) >= MIN_CONTRAST, column
    dialog.grab().save(str(shots / "record-payment-dark.png"))
    customers = CustomerTableModel(ctx, "en_US")
    customers.search("")
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(customers)
    view.resize(1000, 200)
    view.show()
    view.grab().save(str(shots / "customers-dark.png"))


def test_window_and_list_colours_follow_a_dark_palette(dark):
    window = dark.color(QPalette.ColorRole.Window)
    for colour in (OVERDUE_COLOR, HOLD_COLOR, VOID_COLOR):
        assert contrast_ratio(on_window(colour), window) >= MIN_CONTRAST
        assert contrast_ratio(in_list(colour), dark.color(QPalette.ColorRole.Base)) >= 4.5
    QApplication.setPalette(QPalette(QColor("#efefef")))  # a light one: the colours as chosen
    assert on_window(OVERDUE_COLOR) == OVERDUE_COLOR and in_list(VOID_COLOR) == VOID_COLOR
