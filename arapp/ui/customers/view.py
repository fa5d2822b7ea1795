# SPDX-License-Identifier: MIT
"""The customer table view: set up to stay fast with 100,000 rows."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from arapp.ui.customers.model import HEADERS, Column, CustomerTableModel

COLUMN_WIDTHS = {
    Column.CODE: 104,
    Column.NAME: 214,
    Column.CONTACT: 150,
    Column.EMAIL: 168,
    Column.PHONE: 120,
    Column.TERMS: 90,
    Column.CREDIT_LIMIT: 100,
    Column.BALANCE: 96,
    Column.OVERDUE: 96,
    Column.STATUS: 100,
}
# Shown from the header's context menu; the detail pane always has them.
HIDDEN_BY_DEFAULT = (Column.CONTACT, Column.PHONE, Column.TERMS, Column.CREDIT_LIMIT)


class CustomerTableView(QTableView):
    """Rows selected whole, one at a time; Enter, F2 or a double click asks to open the row.

    Attributes:
        open_requested: ``Signal()``, the person wants to edit the current customer.
    """

    open_requested = Signal()

    def __init__(self, model: CustomerTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerTable")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setCornerButtonEnabled(False)
        rows = self.verticalHeader()
        rows.setVisible(False)
        # Every row the same height: the view never asks the model to measure rows it won't show.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
        # Set widths, never resizeColumnsToContents: that would fetch and measure every row.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        for column in HIDDEN_BY_DEFAULT:
            header.setSectionHidden(column, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_requested.emit)

    def column_menu(self) -> QMenu:
        """Checkable entries that show or hide each column but Name."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        for column in Column:
            if column is Column.NAME:
                continue
            action = menu.addAction(HEADERS[column])
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        return menu

    def _column_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.horizontalHeader().mapToGlobal(pos))
