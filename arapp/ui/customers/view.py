# SPDX-License-Identifier: MIT
"""The customer table view: set up to stay fast with 100,000 rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget

from arapp.ui.big_table import BigTableView
from arapp.ui.customers.model import HEADERS, Column, CustomerTableModel

COLUMN_WIDTHS = {
    Column.CODE: 96,
    Column.NAME: 176,  # leaves the detail pane room for its five tabs at 1200 px
    Column.CONTACT: 150,
    Column.EMAIL: 150,
    Column.PHONE: 120,
    Column.TERMS: 90,
    Column.CREDIT_LIMIT: 100,
    Column.BALANCE: 92,
    Column.OVERDUE: 92,
    Column.STATUS: 100,
    Column.SEGMENT: 100,
}
# Shown from the header's context menu; the detail pane always has them.
HIDDEN_BY_DEFAULT = (Column.CONTACT, Column.PHONE, Column.TERMS, Column.CREDIT_LIMIT)


class CustomerTableView(BigTableView):
    """Rows selected whole, one at a time; Enter, F2 or a double click asks to open the row.

    Attributes:
        open_requested: ``Signal()``, the person wants to edit the current customer.
    """

    def __init__(self, model: CustomerTableModel, parent: QWidget | None = None) -> None:
        super().__init__(
            model,
            HEADERS,
            COLUMN_WIDTHS,
            always_shown=Column.NAME,
            sort=(Column.NAME, Qt.SortOrder.AscendingOrder),
            selection=QAbstractItemView.SelectionMode.SingleSelection,
            parent=parent,
        )
        self.setObjectName("customerTable")
        self.horizontalHeader().setStretchLastSection(True)
        for column in HIDDEN_BY_DEFAULT:
            self.horizontalHeader().setSectionHidden(column, True)
