# SPDX-License-Identifier: MIT
"""The invoice table view: set up to stay fast with a million rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget

from arapp.ui.big_table import BigTableView
from arapp.ui.invoices.model import HEADERS, Column, InvoiceTableModel
from arapp.ui.widgets.texts import translated

COLUMN_WIDTHS = {
    Column.NUMBER: 130,
    Column.CUSTOMER: 250,
    Column.DATE: 110,
    Column.DUE: 110,
    Column.TOTAL: 115,
    Column.BALANCE: 115,
    Column.STATUS: 140,
}


class InvoiceTableView(BigTableView):
    """Whole rows, several at a time; Enter or a double click asks to open the current row;
    the customer column takes the spare width, the amounts keep theirs; right clicks ask for
    the actions' menu (``menu_requested``)."""

    def __init__(self, model: InvoiceTableModel, parent: QWidget | None = None) -> None:
        super().__init__(
            model,
            translated(HEADERS),
            COLUMN_WIDTHS,
            always_shown=Column.NUMBER,
            sort=(Column.DATE, Qt.SortOrder.DescendingOrder),
            selection=QAbstractItemView.SelectionMode.ExtendedSelection,
            stretch=Column.CUSTOMER,
            context_menu=True,
            parent=parent,
        )
        self.setObjectName("invoiceTable")
