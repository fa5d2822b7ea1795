# SPDX-License-Identifier: MIT
"""The invoice table view: set up to stay fast with a million rows."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

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


class InvoiceTableView(QTableView):
    """Whole rows, several at a time; Enter or a double click asks to open the current row.

    Attributes:
        open_requested: ``Signal()``, the person wants to open the current invoice.
        menu_requested: ``Signal(QPoint)``, a context menu at this global position.
    """

    open_requested = Signal()
    menu_requested = Signal(QPoint)

    def __init__(self, model: InvoiceTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoiceTable")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
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
        header.setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)
        # Set widths, never resizeColumnsToContents: that would fetch and measure every row.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        # The customer column takes the spare width; the amounts keep theirs.
        header.setSectionResizeMode(Column.CUSTOMER, QHeaderView.ResizeMode.Stretch)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(
            lambda pos: self.menu_requested.emit(self.viewport().mapToGlobal(pos))
        )
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_requested.emit)

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.selectionModel().selectedRows())

    def column_menu(self) -> QMenu:
        """Checkable entries that show or hide each column but Number."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        for column in Column:
            if column is Column.NUMBER:
                continue
            action = menu.addAction(HEADERS[column])
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        return menu

    def _column_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.horizontalHeader().mapToGlobal(pos))
