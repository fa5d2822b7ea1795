# SPDX-License-Identifier: MIT
"""Table models of the aging page: the customers' lines, the totals row and the drill-down.

A report has one line per customer with a balance (up to 100,000), so the models keep the whole
report the worker read (its lines are made when first shown) and sort it themselves, on the
values (``Decimal`` amounts, dates, days), never on the text shown. Amounts are shown without a
currency symbol (the whole report is in one currency) with the currency's decimals; credits
show their minus sign and the credit colour; a non-zero 90+ amount is tinted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import IntEnum
from functools import cache
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from arapp.domain.aging import AgingBucket, AgingRow
from arapp.domain.invoice import DocumentKind
from arapp.formatting import format_amount, format_date
from arapp.services.aging import AgingItem, AgingLine, AgingLines, AgingReport
from arapp.services.reminders.wording import when
from arapp.ui.big_table import ColumnTableModel
from arapp.ui.widgets.colours import CREDIT_COLOR

AnyIndex = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

ValueRole = Qt.ItemDataRole.UserRole + 1
"""Role returning a cell's value as sorted: ``Decimal`` amounts, ``date``, ``int`` days, text."""
CustomerIdRole = Qt.ItemDataRole.UserRole + 2
"""Role returning the line's customer id (an ``int``)."""

LATE_TINT = QColor("#f9dcd6")  # behind non-zero 90+ amounts: what needs chasing first


class AgingColumn(IntEnum):
    CODE = 0
    CUSTOMER = 1
    CURRENT = 2
    DAYS_1_30 = 3
    DAYS_31_60 = 4
    DAYS_61_90 = 5
    DAYS_90_PLUS = 6
    TOTAL = 7


BUCKET_OF: dict[AgingColumn, AgingBucket] = {
    AgingColumn.CURRENT: AgingBucket.CURRENT,
    AgingColumn.DAYS_1_30: AgingBucket.DAYS_1_30,
    AgingColumn.DAYS_31_60: AgingBucket.DAYS_31_60,
    AgingColumn.DAYS_61_90: AgingBucket.DAYS_61_90,
    AgingColumn.DAYS_90_PLUS: AgingBucket.DAYS_90_PLUS,
}
AGING_HEADERS: dict[AgingColumn, str] = {
    AgingColumn.CODE: "Code",
    AgingColumn.CUSTOMER: "Customer",
    **{column: bucket.label for column, bucket in BUCKET_OF.items()},
    AgingColumn.TOTAL: "Total",
}
AGING_AMOUNTS = frozenset({*BUCKET_OF, AgingColumn.TOTAL})


class ItemColumn(IntEnum):
    KIND = 0
    REFERENCE = 1
    DATE = 2
    DUE = 3
    TOTAL = 4
    OPEN = 5
    DAYS = 6
    BUCKET = 7


ITEM_HEADERS: dict[ItemColumn, str] = {
    ItemColumn.KIND: "Kind",
    ItemColumn.REFERENCE: "Number / Reference",
    ItemColumn.DATE: "Date",
    ItemColumn.DUE: "Due",
    ItemColumn.TOTAL: "Total",
    ItemColumn.OPEN: "Open",
    ItemColumn.DAYS: "Days",
    ItemColumn.BUCKET: "Bucket",
}
KIND_LABELS = {
    DocumentKind.INVOICE: "Invoice",
    DocumentKind.CREDIT_NOTE: "Credit note",
    "payment": "Payment credit",
}


def row_amount(row: AgingRow, column: AgingColumn) -> Decimal:
    """The amount of ``row`` shown in an amount ``column``."""
    return row.total if column is AgingColumn.TOTAL else row[BUCKET_OF[column]]


class SortedRowsModel(ColumnTableModel, Generic[T]):
    """Read-only rows kept whole and sorted on their values (``value``), ties kept in order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: Sequence[T] = []
        self._ids: list[int] = []
        self.locale = "en_US"
        self.currency = "EUR"
        self.sort_column: int | None = None
        self.sort_order = Qt.SortOrder.AscendingOrder

    def value(self, row: T, column: int) -> Any:  # pragma: no cover - subclasses
        raise NotImplementedError

    def _id(self, row: T) -> int:  # pragma: no cover - subclasses
        raise NotImplementedError

    def set_rows(self, rows: Sequence[T], currency: str, locale: str) -> None:
        """Show ``rows`` (in the sort order chosen, if any); unsorted, ``rows`` is kept as it
        is, so a lazy sequence makes only the rows shown (the aging report's lines)."""
        self.beginResetModel()
        self.currency, self.locale = currency, locale
        self._rows = self._sorted(rows)
        self._ids = self._ids_of(self._rows)
        self.endResetModel()

    def _ids_of(self, rows: Sequence[T]) -> list[int]:
        return [self._id(r) for r in rows]

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def all_rows(self) -> list[T]:
        return list(self._rows)

    def _sorted(self, rows: Sequence[T]) -> Sequence[T]:
        if self.sort_column is None:
            return rows
        key: Callable[[T], Any] = lambda r: self.value(r, self.sort_column)  # noqa: E731
        return sorted(rows, key=key, reverse=self.sort_order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort on the column's values; selections follow their rows."""
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        old_ids = list(self._ids)
        self._rows = self._sorted(self._rows)
        self._ids = self._ids_of(self._rows)
        where = {rid: n for n, rid in enumerate(self._ids)}
        after = [self.index(where[old_ids[i.row()]], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def money(self, amount: Decimal, blank_zero: bool = False) -> str:
        if blank_zero and not amount:
            return ""
        return format_amount(amount, self.currency, self.locale)


class AgingTableModel(SortedRowsModel[AgingLine]):
    """One row per customer: code, name, the five buckets and the total."""

    columns = AgingColumn
    headers = AGING_HEADERS
    amount_columns = AGING_AMOUNTS

    def _id(self, row: AgingLine) -> int:
        return row.customer_id

    def _ids_of(self, rows: Sequence[AgingLine]) -> list[int]:
        # the report's own ids: no line object is made for a row nobody looks at
        return rows.customer_ids if isinstance(rows, AgingLines) else super()._ids_of(rows)

    def _sorted(self, rows: Sequence[AgingLine]) -> Sequence[AgingLine]:
        by_name = self.sort_column == AgingColumn.CUSTOMER
        if (
            by_name
            and self.sort_order == Qt.SortOrder.AscendingOrder
            and isinstance(rows, AgingLines)
        ):
            return rows  # the report's own order: the same key, and codes are unique
        return super()._sorted(rows)

    def value(self, row: AgingLine, column: int) -> Any:
        match AgingColumn(column):
            case AgingColumn.CODE:
                return row.code.casefold(), row.name.casefold()
            case AgingColumn.CUSTOMER:
                return row.name.casefold(), row.code
            case amount_column:
                return row_amount(row.row, amount_column)

    def set_report(self, report: AgingReport, locale: str) -> None:
        self.set_rows(report.lines, report.currency, locale)

    def row_of(self, customer_id: int) -> int | None:
        return next((n for n, cid in enumerate(self._ids) if cid == customer_id), None)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.row_at(index.row()) if index.isValid() else None
        if line is None:
            return None
        column = AgingColumn(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role == ValueRole:
            return self.value(line, column)
        if role == CustomerIdRole:
            return line.customer_id
        if column is AgingColumn.CODE or column is AgingColumn.CUSTOMER:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return line.code if column is AgingColumn.CODE else line.name
            return None
        return _amount_data(self, row_amount(line.row, column), column, role)


class AgingTotalsModel(SortedRowsModel[AgingRow]):
    """The one bold row under the table: the report's total per bucket."""

    columns = AgingColumn
    headers = AGING_HEADERS
    amount_columns = AGING_AMOUNTS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.customers = 0

    def _id(self, row: AgingRow) -> int:
        return 0

    def value(self, row: AgingRow, column: int) -> Any:
        return row_amount(row, AgingColumn(column)) if column in AGING_AMOUNTS else ""

    def set_report(self, report: AgingReport, locale: str) -> None:
        self.customers = len(report.lines)
        self.set_rows([report.total], report.currency, locale)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        return  # one row

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        total = self.row_at(index.row()) if index.isValid() else None
        if total is None:
            return None
        column = AgingColumn(index.column())
        if role == Qt.ItemDataRole.FontRole:
            return _bold_font()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role == ValueRole:
            return self.value(total, column)
        if column is AgingColumn.CODE:
            return "Total" if role == Qt.ItemDataRole.DisplayRole else None
        if column is AgingColumn.CUSTOMER:
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            return f"{self.customers:,} customer{'' if self.customers == 1 else 's'}"
        return _amount_data(self, row_amount(total, column), column, role, blank_zero=False)


class AgingItemsModel(SortedRowsModel[AgingItem]):
    """The drill-down: one customer's open items (invoices, credit notes, payment credit)."""

    columns = ItemColumn
    headers = ITEM_HEADERS
    amount_columns = frozenset({ItemColumn.TOTAL, ItemColumn.OPEN, ItemColumn.DAYS})

    def _id(self, row: AgingItem) -> int:
        return hash((row.kind, row.id))

    def value(self, row: AgingItem, column: int) -> Any:
        match ItemColumn(column):
            case ItemColumn.KIND:
                return KIND_LABELS.get(row.kind, row.kind)
            case ItemColumn.REFERENCE:
                return row.reference.casefold()
            case ItemColumn.DATE:
                return row.issue_date
            case ItemColumn.DUE:
                return row.due_date
            case ItemColumn.TOTAL:
                return row.total
            case ItemColumn.OPEN:
                return row.open
            case ItemColumn.DAYS:
                return row.days
            case ItemColumn.BUCKET:
                return int(row.bucket)

    def open_sum(self) -> Decimal:
        """What the items add up to (the customer's aging line total)."""
        return sum((item.open for item in self._rows), Decimal(0))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.row_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        column = ItemColumn(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role == ValueRole:
            return self.value(item, column)
        if column is ItemColumn.OPEN:
            late = item.bucket is AgingBucket.DAYS_90_PLUS
            return _amount_data(self, item.open, column, role, blank_zero=False, late=late)
        if role == Qt.ItemDataRole.ToolTipRole and item.kind == "payment":
            return "Part of a payment not yet applied to an invoice"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        match column:
            case ItemColumn.KIND:
                return KIND_LABELS.get(item.kind, item.kind)
            case ItemColumn.REFERENCE:
                return item.reference
            case ItemColumn.DATE:
                return format_date(item.issue_date, self.locale)
            case ItemColumn.DUE:
                return "" if item.kind == "payment" else format_date(item.due_date, self.locale)
            case ItemColumn.TOTAL:
                return self.money(item.total)
            case ItemColumn.DAYS:  # not yet due: "due in 11 days", not "-11"
                return f"{item.days:,}" if item.days > 0 else f"due {when(item.days)}"
            case ItemColumn.BUCKET:
                return item.bucket.label


def _amount_data(
    model: SortedRowsModel[Any],
    amount: Decimal,
    column: IntEnum,
    role: int,
    *,
    blank_zero: bool = True,
    late: bool | None = None,
) -> Any:
    """Display, colour and tint of an amount cell."""
    if role == Qt.ItemDataRole.DisplayRole:
        keep_zero = not blank_zero or column is AgingColumn.TOTAL
        return model.money(amount, blank_zero=not keep_zero)
    if role == Qt.ItemDataRole.ForegroundRole:
        return CREDIT_COLOR if amount < 0 else None
    if role == Qt.ItemDataRole.BackgroundRole:
        if late is None:
            late = column is AgingColumn.DAYS_90_PLUS
        return LATE_TINT if late and amount else None
    if role == Qt.ItemDataRole.ToolTipRole and amount < 0:
        return "Credit: the customer holds this much (credit notes or unapplied payments)"
    return None


@cache
def _bold_font() -> QFont:
    font = QFont()  # made on first use: a QFont needs the QApplication
    font.setBold(True)
    return font
