# SPDX-License-Identifier: MIT
"""Views of the bank screen: the lines table, the candidates table and its confidence bar."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from arapp.ui.bank.models import (
    LINE_HEADERS,
    BankLineModel,
    CandidateColumn,
    CandidateModel,
    ConfidenceRole,
    LineColumn,
)
from arapp.ui.big_table import BigTableView
from arapp.ui.widgets.texts import translated

AnyIndex = QModelIndex | QPersistentModelIndex
LINE_WIDTHS = {
    LineColumn.DATE: 95,
    LineColumn.AMOUNT: 105,
    LineColumn.COUNTERPARTY: 170,
    LineColumn.REFERENCE: 200,
    LineColumn.STATUS: 110,  # room for "À rapprocher", "Zuzuordnen"
}
HIGH, MIDDLE, LOW = QColor("#2e7d32"), QColor("#f9a825"), QColor("#c62828")


def confidence_color(confidence: int) -> QColor:
    """Green from 80, amber from 50, red below."""
    return HIGH if confidence >= 80 else MIDDLE if confidence >= 50 else LOW


class BankLineView(BigTableView):
    """Whole rows, one at a time: every action is about one line."""

    def __init__(self, model: BankLineModel, parent: QWidget | None = None) -> None:
        super().__init__(
            model,
            translated(LINE_HEADERS),
            LINE_WIDTHS,
            always_shown=LineColumn.AMOUNT,
            sort=(LineColumn.DATE, Qt.SortOrder.DescendingOrder),
            selection=QAbstractItemView.SelectionMode.SingleSelection,
            # The reference takes the spare width: it is what names the invoices.
            stretch=LineColumn.REFERENCE,
            parent=parent,
        )
        self.setObjectName("bankLines")
        self.horizontalHeader().setSortIndicatorShown(False)  # always newest first


class ConfidenceDelegate(QStyledItemDelegate):
    """Draws a candidate's confidence as a coloured bar with the percentage on it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        value = index.data(ConfidenceRole)
        if not isinstance(value, int):
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter)
        rect: QRect = option.rect.adjusted(4, 5, -4, -5)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e6e6e6"))
        painter.drawRoundedRect(rect, 3, 3)
        filled = QRect(rect)
        filled.setWidth(max(2, rect.width() * value // 100))
        painter.setBrush(confidence_color(value))
        painter.drawRoundedRect(filled, 3, 3)
        painter.setPen(QColor("#000000") if value < 60 else QColor("#ffffff"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{value}%")
        painter.restore()


class CandidateView(QTableView):
    """The candidates; the current row is the one Confirm records."""

    def __init__(self, model: CandidateModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bankCandidates")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().setVisible(False)
        # A handful of rows: a fixed height that shows three without a scroll bar.
        row = self.fontMetrics().height() + 12
        self.verticalHeader().setDefaultSectionSize(row)
        self.setFixedHeight(row * 3 + self.horizontalHeader().sizeHint().height() + 4)
        self.setItemDelegateForColumn(CandidateColumn.CONFIDENCE, ConfidenceDelegate(self))
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in (
            (CandidateColumn.CUSTOMER, 180),
            (CandidateColumn.CONFIDENCE, 84),
            (CandidateColumn.CREDIT, 90),
        ):
            header.resizeSection(column, width)
        header.setSectionResizeMode(CandidateColumn.PAYS, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)

    def current_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None
