# SPDX-License-Identifier: MIT
"""The payment table view: set up to stay fast with a million rows (see BigTableView)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget

from arapp.ui.big_table import BigTableView
from arapp.ui.payments.model import HEADERS, Column, PaymentTableModel
from arapp.ui.widgets.texts import translated

COLUMN_WIDTHS = {
    Column.DATE: 110,
    Column.CODE: 90,
    Column.CUSTOMER: 220,
    Column.METHOD: 140,
    Column.REFERENCE: 150,
    Column.AMOUNT: 115,
    Column.ALLOCATED: 115,
    Column.UNAPPLIED: 110,
    Column.STATUS: 95,
}


class PaymentTableView(BigTableView):
    """Whole rows, one at a time (every payment action is about one payment); the customer
    column takes the spare width, the amounts keep theirs; right clicks ask for the actions'
    menu (``menu_requested``)."""

    def __init__(self, model: PaymentTableModel, parent: QWidget | None = None) -> None:
        super().__init__(
            model,
            translated(HEADERS),
            COLUMN_WIDTHS,
            always_shown=Column.AMOUNT,
            sort=(Column.DATE, Qt.SortOrder.DescendingOrder),
            selection=QAbstractItemView.SelectionMode.SingleSelection,
            stretch=Column.CUSTOMER,
            context_menu=True,
            parent=parent,
        )
        self.setObjectName("paymentTable")
