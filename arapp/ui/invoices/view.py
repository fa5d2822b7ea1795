# SPDX-License-Identifier: MIT
"""The invoice table view: set up to stay fast with a million rows."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from arapp.ui.big_table import BigTableView
from arapp.ui.invoices.model import HEADERS, Column, InvoiceTableModel

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
    """Whole rows, several at a time; Enter or a double click asks to open the current row.

    Attributes:
        open_requested: ``Signal()``, the person wants to open the current invoice.
        menu_requested: ``Signal(QPoint)``, a context menu at this global position.
    """

    menu_requested = Signal(QPoint)

    def __init__(self, model: InvoiceTableModel, parent: QWidget | None = None) -> None:
        super().__init__(
            model,
            HEADERS,
            COLUMN_WIDTHS,
            always_shown=Column.NUMBER,
            sort=(Column.DATE, Qt.SortOrder.DescendingOrder),
            selection=QAbstractItemView.SelectionMode.ExtendedSelection,
            parent=parent,
        )
        self.setObjectName("invoiceTable")
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        # The customer column takes the spare width; the amounts keep theirs.
        header.setSectionResizeMode(Column.CUSTOMER, QHeaderView.ResizeMode.Stretch)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(
            lambda pos: self.menu_requested.emit(self.viewport().mapToGlobal(pos))
        )

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.selectionModel().selectedRows())
