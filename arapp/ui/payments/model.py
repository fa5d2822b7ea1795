# SPDX-License-Identifier: MIT
"""The payment table: ids a chunk at a time, rows a page at a time (see
:mod:`arapp.ui.paged_model`), filtered and sorted in SQL by
:mod:`arapp.services.payment_list`."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from functools import cache
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from arapp.formatting import format_date, format_money
from arapp.services import payment_list
from arapp.services.context import AppContext
from arapp.services.payment_list import PaymentFilter, PaymentRow, PaymentSort
from arapp.ui.paged_model import PagedTableModel
from arapp.ui.payments.labels import CREDIT_COLOR, REVERSED_COLOR, method_text, status_text

PaymentIdRole = Qt.ItemDataRole.UserRole + 1
"""Role returning the payment's database id (an ``int``)."""
PaymentRowRole = Qt.ItemDataRole.UserRole + 2
"""Role returning the whole :class:`~arapp.services.payment_list.PaymentRow`."""

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    DATE = 0
    CODE = 1
    CUSTOMER = 2
    METHOD = 3
    REFERENCE = 4
    AMOUNT = 5
    ALLOCATED = 6
    UNAPPLIED = 7
    STATUS = 8


HEADERS: dict[Column, str] = {
    Column.DATE: "Date",
    Column.CODE: "Code",
    Column.CUSTOMER: "Customer",
    Column.METHOD: "Method",
    Column.REFERENCE: "Reference",
    Column.AMOUNT: "Amount",
    Column.ALLOCATED: "On invoices",
    Column.UNAPPLIED: "Credit left",
    Column.STATUS: "Status",
}

SORT_KEYS: dict[Column, PaymentSort] = {
    Column.DATE: PaymentSort.DATE,
    Column.CODE: PaymentSort.CODE,
    Column.CUSTOMER: PaymentSort.CUSTOMER,
    Column.METHOD: PaymentSort.METHOD,
    Column.REFERENCE: PaymentSort.REFERENCE,
    Column.AMOUNT: PaymentSort.AMOUNT,
    Column.ALLOCATED: PaymentSort.ALLOCATED,
    Column.UNAPPLIED: PaymentSort.UNAPPLIED,
    Column.STATUS: PaymentSort.STATUS,
}

AMOUNT_COLUMNS = frozenset({Column.AMOUNT, Column.ALLOCATED, Column.UNAPPLIED})
_ROW_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
        PaymentRowRole,
    }
)


class PaymentTableModel(PagedTableModel[PaymentRow]):
    """Payments for a :class:`PaymentFilter` and a sort column.

    Attributes:
        filter: What is shown.
    """

    columns = Column
    headers = HEADERS
    amount_columns = AMOUNT_COLUMNS

    def __init__(self, ctx: AppContext, locale: str = "en_US", parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = locale
        self.filter = PaymentFilter()
        self.sort_column = Column.DATE
        self.descending = True

    def query_ids(self, limit: int, offset: int) -> list[int]:
        return payment_list.payment_ids(
            self.ctx,
            self.filter,
            SORT_KEYS[self.sort_column],
            self.descending,
            limit=limit,
            offset=offset,
        )

    def query_rows(self, ids: list[int]) -> dict[int, PaymentRow]:
        return payment_list.payment_rows(self.ctx, ids)

    def set_filter(self, f: PaymentFilter) -> None:
        """Show another selection of payments: a reset, then the first chunk of ids."""
        self.filter = f
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the column's key (ties by id, so the order is stable)."""
        self.sort_column = Column(column)
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # -- Qt model interface -------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == PaymentIdRole:
            return self.record_id(index.row())
        column = Column(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role not in _ROW_ROLES:
            return None
        row = self.row_at(index.row())
        if row is None:  # vanished since the ids were read; the next refresh removes it
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == PaymentRowRole:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == "reversed":
                return REVERSED_COLOR
            return CREDIT_COLOR if column is Column.UNAPPLIED and row.unapplied > 0 else None
        if role == Qt.ItemDataRole.FontRole:
            return _struck_font() if row.status == "reversed" and column in AMOUNT_COLUMNS else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _date(self, d: date) -> str:
        return format_date(d, self.locale)

    def _display(self, row: PaymentRow, column: Column) -> str:
        match column:
            case Column.DATE:
                return self._date(row.date)
            case Column.CODE:
                return row.customer_code
            case Column.CUSTOMER:
                return row.customer_name
            case Column.METHOD:
                return method_text(row.method)
            case Column.REFERENCE:
                return row.reference
            case Column.AMOUNT:
                return format_money(row.amount, row.currency, self.locale)
            case Column.ALLOCATED:
                if row.allocated == 0:
                    return ""
                return format_money(row.allocated, row.currency, self.locale)
            case Column.UNAPPLIED:
                if row.unapplied == 0:
                    return ""
                return format_money(row.unapplied, row.currency, self.locale)
            case Column.STATUS:
                return status_text(row.status)

    def _tooltip(self, row: PaymentRow, column: Column) -> str | None:
        if column in (Column.CUSTOMER, Column.CODE):
            return f"{row.customer_name} ({row.customer_code})"
        if column is Column.STATUS and row.status == "reversed":
            return f"Reversed: {row.reversal_reason}"
        if column is Column.REFERENCE and row.reference:
            return row.reference
        return None


@cache
def _struck_font() -> QFont:
    font = QFont()  # made on first use: a QFont needs the QApplication
    font.setStrikeOut(True)
    return font
