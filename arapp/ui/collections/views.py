# SPDX-License-Identifier: MIT
"""The views of the aging page: the customers' table, its totals row and the drill-down table.

A report holds a few thousand lines at most and is read whole, so these views may sort on the
model (it sorts its rows in memory, on values); rows still keep one fixed height.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QTableView, QWidget

from arapp.ui.big_table import BigTableView
from arapp.ui.collections.models import (
    AGING_HEADERS,
    ITEM_HEADERS,
    AgingColumn,
    AgingItemsModel,
    AgingTableModel,
    AgingTotalsModel,
    ItemColumn,
)

AGING_WIDTHS = {
    AgingColumn.CODE: 90,
    AgingColumn.CUSTOMER: 260,
    **{column: 112 for column in AgingColumn if column >= AgingColumn.CURRENT},
}
ITEM_WIDTHS = {
    ItemColumn.KIND: 120,
    ItemColumn.REFERENCE: 170,
    ItemColumn.DATE: 110,
    ItemColumn.DUE: 110,
    ItemColumn.TOTAL: 112,
    ItemColumn.OPEN: 112,
    ItemColumn.DAYS: 110,  # "due in 11 days" for what is not due yet
    ItemColumn.BUCKET: 80,
}


class AgingTableView(BigTableView):
    """The customers' lines; the name takes the spare width, amounts keep theirs."""

    def __init__(self, model: AgingTableModel, parent: QWidget | None = None) -> None:
        super().__init__(
            model,
            AGING_HEADERS,
            AGING_WIDTHS,
            always_shown=AgingColumn.CUSTOMER,
            sort=(AgingColumn.CUSTOMER, Qt.SortOrder.AscendingOrder),
            selection=QAbstractItemView.SelectionMode.SingleSelection,
            stretch=AgingColumn.CUSTOMER,
            parent=parent,
        )
        self.setObjectName("agingTable")
        # Hiding a column would leave the totals row out of step; the sizes may still change.
        self.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setSortingEnabled(True)


class TotalsRowView(QTableView):
    """One bold row fixed under ``table``, its columns following the table's widths."""

    def __init__(
        self, model: AgingTotalsModel, table: QTableView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agingTotals")
        self.setModel(model)
        self._table = table
        self.horizontalHeader().setVisible(False)
        self.verticalHeader().setVisible(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QTableView#agingTotals { border-top: 1px solid palette(mid); }")
        height = table.verticalHeader().defaultSectionSize()
        self.verticalHeader().setDefaultSectionSize(height)
        self.setFixedHeight(height + 2)
        own, theirs = self.horizontalHeader(), table.horizontalHeader()
        own.setMinimumSectionSize(0)
        theirs.sectionResized.connect(lambda column, _old, new: own.resizeSection(column, new))
        theirs.sectionMoved.connect(lambda _l, old, new: own.moveSection(old, new))
        table.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)
        self.follow_table()

    def follow_table(self) -> None:
        """Take the table's column widths (after a reset or a resize)."""
        own, theirs = self.horizontalHeader(), self._table.horizontalHeader()
        for column in range(theirs.count()):
            own.resizeSection(column, theirs.sectionSize(column))
        # The table's vertical scroll bar takes width the totals row has not: pad on the right.
        bar = self._table.verticalScrollBar()
        pad = bar.width() if bar.isVisible() else 0
        self.setViewportMargins(0, 0, pad, 0)


class AgingItemsView(BigTableView):
    """One customer's open items; Enter or a double click opens an invoice or credit note."""

    def __init__(self, model: AgingItemsModel, parent: QWidget | None = None) -> None:
        super().__init__(
            model,
            ITEM_HEADERS,
            ITEM_WIDTHS,
            always_shown=ItemColumn.OPEN,
            sort=(ItemColumn.DAYS, Qt.SortOrder.DescendingOrder),
            selection=QAbstractItemView.SelectionMode.SingleSelection,
            stretch=ItemColumn.REFERENCE,
            parent=parent,
        )
        self.setObjectName("agingItems")
        self.setSortingEnabled(True)
