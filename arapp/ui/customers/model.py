# SPDX-License-Identifier: MIT
"""The customer table: only ids in memory, the rows on screen fetched a page at a time.

:class:`CustomerTableModel` keeps the ordered list of ids that
:func:`~arapp.services.customer_list.customer_ids` returns for the current search, status filter
and sort, and fetches rows in pages of :data:`PAGE_SIZE` ids into a small LRU cache of
:data:`MAX_PAGES` pages. Sorting and filtering happen in SQL; nothing here sorts display text.
An edit marks its rows stale and emits one ``dataChanged``; rows that join, leave or move are
inserted, removed or moved without a reset, so the selection survives.
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from enum import IntEnum
from functools import cache
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from arapp.domain.customer import CustomerStatus
from arapp.formatting import format_money
from arapp.services import customer_list
from arapp.services.context import AppContext
from arapp.services.customer_list import CustomerRow, SortKey, StatusFilter
from arapp.ui.big_table import ColumnTableModel
from arapp.ui.row_changes import runs

PAGE_SIZE = 200
MAX_PAGES = 6  # at most 1,200 rows in memory, whatever the size of the books

CustomerIdRole = Qt.ItemDataRole.UserRole + 1
"""Role returning the customer's database id (an ``int``)."""

OVERDUE_COLOR = QColor("#9b1c1c")
HOLD_COLOR = QColor("#9a4a00")
HOLD_BACKGROUND = QColor("#fff4e0")
ARCHIVED_COLOR = QColor("#8a8a8a")

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    CODE = 0
    NAME = 1
    CONTACT = 2
    EMAIL = 3
    PHONE = 4
    TERMS = 5
    CREDIT_LIMIT = 6
    BALANCE = 7
    OVERDUE = 8
    STATUS = 9


HEADERS: dict[Column, str] = {
    Column.CODE: "Code",
    Column.NAME: "Name",
    Column.CONTACT: "Contact",
    Column.EMAIL: "E-mail",
    Column.PHONE: "Phone",
    Column.TERMS: "Terms",
    Column.CREDIT_LIMIT: "Credit limit",
    Column.BALANCE: "Balance",
    Column.OVERDUE: "Overdue",
    Column.STATUS: "Status",
}

SORT_KEYS: dict[Column, SortKey] = {
    Column.CODE: SortKey.CODE,
    Column.NAME: SortKey.NAME,
    Column.CONTACT: SortKey.CONTACT,
    Column.EMAIL: SortKey.EMAIL,
    Column.PHONE: SortKey.PHONE,
    Column.TERMS: SortKey.TERMS,
    Column.CREDIT_LIMIT: SortKey.CREDIT_LIMIT,
    Column.BALANCE: SortKey.BALANCE,
    Column.OVERDUE: SortKey.OVERDUE,
    Column.STATUS: SortKey.STATUS,
}

AMOUNT_COLUMNS = frozenset({Column.CREDIT_LIMIT, Column.BALANCE, Column.OVERDUE})


class CustomerTableModel(ColumnTableModel):
    """Table of customers for a search text, a status filter and a sort column.

    Attributes:
        fetch_count: How many times rows were fetched from the database (for tests).
        rows_fetched: How many rows were fetched in total (for tests).
    """

    columns = Column
    headers = HEADERS
    amount_columns = AMOUNT_COLUMNS

    def __init__(self, ctx: AppContext, locale: str = "en_US", parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = locale
        self.text = ""
        self.status = StatusFilter.CURRENT
        self.sort_column = Column.NAME
        self.descending = False
        self.fetch_count = 0
        self.rows_fetched = 0
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._pages: OrderedDict[int, dict[int, CustomerRow]] = OrderedDict()
        self._stale: set[int] = set()

    # -- queries ------------------------------------------------------------------------------

    def search(self, text: str, status: StatusFilter | None = None) -> None:
        """Run a new query (filters changed): a full reset."""
        self.text = text
        if status is not None:
            self.status = status
        self.beginResetModel()
        self._set_ids(self._query_ids())
        self.endResetModel()

    def _query_ids(self) -> list[int]:
        return customer_list.customer_ids(
            self.ctx, self.text, self.status, SORT_KEYS[self.sort_column], self.descending
        )

    def _set_ids(self, ids: list[int]) -> None:
        self._ids = ids
        self._row_of = None
        self._pages.clear()
        self._stale.clear()

    def refresh_ids(self, changed: set[int] | frozenset[int] = frozenset()) -> None:
        """Customers ``changed``: re-query the ids and update rows without a reset when we can.

        Rows that stay where they were get one ``dataChanged``; rows that appear, disappear or
        move are inserted, removed or moved so views keep their selection.
        """
        new_ids = self._query_ids()
        old_ids = self._ids
        if new_ids != old_ids:
            self._apply_new_ids(old_ids, new_ids)
        self._stale.update(changed)
        rows = sorted(r for r in (self.row_of(i) for i in changed) if r is not None)
        if rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], last))

    def _apply_new_ids(self, old_ids: list[int], new_ids: list[int]) -> None:
        old_set, new_set = set(old_ids), set(new_ids)
        removed, added = old_set - new_set, new_set - old_set
        if not added and [i for i in old_ids if i not in removed] == new_ids:
            for first, last in reversed(runs([n for n, i in enumerate(old_ids) if i in removed])):
                self.beginRemoveRows(QModelIndex(), first, last)
                del self._ids[first : last + 1]
                self._row_of = None
                self._pages.clear()
                self.endRemoveRows()
        elif not removed and [i for i in new_ids if i not in added] == old_ids:
            for first, last in runs([n for n, i in enumerate(new_ids) if i in added]):
                self.beginInsertRows(QModelIndex(), first, last)
                self._ids[first:first] = new_ids[first : last + 1]
                self._row_of = None
                self._pages.clear()
                self.endInsertRows()
        elif not removed and not added:
            self.layoutAboutToBeChanged.emit()
            moved_from = self.persistentIndexList()
            ids = [self._ids[i.row()] for i in moved_from]
            self._set_ids(new_ids)
            row_of = self._index_of()
            self.changePersistentIndexList(
                moved_from,
                [self.index(row_of[i], p.column()) for i, p in zip(ids, moved_from, strict=True)],
            )
            self.layoutChanged.emit()
        else:  # rows both joined and left: rare (another window); start afresh
            self.beginResetModel()
            self._set_ids(new_ids)
            self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the column's key (ties by id, so the order is stable)."""
        self.sort_column = Column(column)
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.search(self.text)

    # -- rows ---------------------------------------------------------------------------------

    def customer_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, customer_id: int) -> int | None:
        return self._index_of().get(customer_id)

    def _index_of(self) -> dict[int, int]:
        if self._row_of is None:
            self._row_of = {cid: n for n, cid in enumerate(self._ids)}
        return self._row_of

    def row_at(self, row: int) -> CustomerRow | None:
        """The customer on ``row``, from the cache or fetched with its page."""
        cid = self.customer_id(row)
        if cid is None:
            return None
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE])
            self._pages[number] = page
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
            if self._stale & page.keys() or cid not in page:
                stale = [i for i in self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
                         if i in self._stale or i not in page]  # fmt: skip
                page.update(self._fetch(stale))
                self._stale.difference_update(stale)
        return page.get(cid)

    def _fetch(self, ids: list[int]) -> dict[int, CustomerRow]:
        self.fetch_count += 1
        rows = customer_list.customer_rows(self.ctx, ids)
        self.rows_fetched += len(rows)
        self._stale.difference_update(ids)
        return rows

    def refresh_amounts(self) -> None:
        """Invoices or payments changed: balances and overdue amounts of any customer may have.

        The services name the invoices, not their customers, so every cached row is re-read
        when next shown (one page query each) and the order is re-checked for amount sorts.
        """
        cached = {cid for page in self._pages.values() for cid in page}
        self.refresh_ids(cached)

    def cached_rows(self) -> int:
        return sum(len(page) for page in self._pages.values())

    # -- Qt model interface -------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == CustomerIdRole:
            return self.customer_id(index.row())
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
        if role == Qt.ItemDataRole.ForegroundRole:
            return _foreground(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return HOLD_BACKGROUND if row.status is CustomerStatus.CREDIT_HOLD else None
        if role == Qt.ItemDataRole.FontRole:
            hold = column is Column.STATUS and row.status is CustomerStatus.CREDIT_HOLD
            return _bold_font() if hold else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _money(self, amount: Decimal | None, currency: str) -> str:
        if amount is None or amount == 0:
            return ""
        return format_money(amount, currency, self.locale)

    def _display(self, row: CustomerRow, column: Column) -> str:
        match column:
            case Column.CODE:
                return row.code
            case Column.NAME:
                return row.name
            case Column.CONTACT:
                return row.contact_person
            case Column.EMAIL:
                return row.email
            case Column.PHONE:
                return row.phone
            case Column.TERMS:
                return row.terms
            case Column.CREDIT_LIMIT:
                if row.credit_limit is None:
                    return ""
                return format_money(row.credit_limit, row.currency, self.locale)
            case Column.BALANCE:
                return self._money(row.balance, row.currency)
            case Column.OVERDUE:
                return self._money(row.overdue, row.currency)
            case Column.STATUS:
                return row.status.label

    def _tooltip(self, row: CustomerRow, column: Column) -> str | None:
        if column is Column.BALANCE and row.over_limit and row.credit_limit is not None:
            limit = format_money(row.credit_limit, row.currency, self.locale)
            return f"Over the credit limit of {limit}"
        if column is Column.NAME:
            return row.name
        if column is Column.STATUS and row.status is CustomerStatus.CREDIT_HOLD:
            return "On credit hold: new invoices need a release first"
        return None


_ROW_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
    }
)


@cache
def _bold_font() -> QFont:
    font = QFont()  # made on first use: a QFont needs the QApplication
    font.setBold(True)
    return font


def _foreground(row: CustomerRow, column: Column) -> QColor | None:
    if row.status is CustomerStatus.ARCHIVED:
        return ARCHIVED_COLOR
    if column is Column.OVERDUE and row.overdue > 0:
        return OVERDUE_COLOR
    if column is Column.BALANCE and row.over_limit:
        return OVERDUE_COLOR
    if column is Column.STATUS and row.status is CustomerStatus.CREDIT_HOLD:
        return HOLD_COLOR
    return None
