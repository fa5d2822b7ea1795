# SPDX-License-Identifier: MIT
"""The invoice table: ids fetched a chunk at a time, rows a page at a time.

:class:`InvoiceTableModel` asks :func:`~arapp.services.invoice_list.invoice_ids` for the first
:data:`CHUNK_SIZE` ids of the current filter and sort, and for the next chunk only when the view
scrolls to the end (Qt's ``canFetchMore``/``fetchMore``), so a million invoices open at once.
Rows are read in pages of :data:`PAGE_SIZE` into a small cache keyed by id (so inserting a row
does not throw the cache away). Sorting and filtering happen in SQL.

After a change (:meth:`InvoiceTableModel.refresh`) the ids loaded so far are read again and the
difference is applied as row removals and insertions; rows that stayed get one ``dataChanged``.
Views keep their selection through that; only a large upheaval resets the model.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from datetime import date
from enum import IntEnum
from functools import cache
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from arapp.formatting import format_date, format_money
from arapp.services import invoice_list
from arapp.services.context import AppContext
from arapp.services.invoice_list import InvoiceFilter, InvoiceRow, InvoiceSort
from arapp.ui.big_table import ColumnTableModel
from arapp.ui.invoices.labels import (
    DRAFT_COLOR,
    OVERDUE_COLOR,
    VOID_COLOR,
    document_title,
    signed,
    status_text,
)
from arapp.ui.row_changes import longest_increasing, runs

CHUNK_SIZE = 2_000  # ids read per query; the next chunk when the view scrolls to the end
PAGE_SIZE = 100  # rows read per query when they come on screen
MAX_CACHED_ROWS = 1_200  # rows kept in memory, whatever the size of the books
MAX_STEPS = 400  # more row insertions/removals than this at once: a reset is cheaper

InvoiceIdRole = Qt.ItemDataRole.UserRole + 1
"""Role returning the invoice's database id (an ``int``)."""
InvoiceRowRole = Qt.ItemDataRole.UserRole + 2
"""Role returning the whole :class:`~arapp.services.invoice_list.InvoiceRow`."""

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NUMBER = 0
    CUSTOMER = 1
    DATE = 2
    DUE = 3
    TOTAL = 4
    BALANCE = 5
    STATUS = 6


HEADERS: dict[Column, str] = {
    Column.NUMBER: "Number",
    Column.CUSTOMER: "Customer",
    Column.DATE: "Date",
    Column.DUE: "Due",
    Column.TOTAL: "Total",
    Column.BALANCE: "Balance",
    Column.STATUS: "Status",
}

SORT_KEYS: dict[Column, InvoiceSort] = {
    Column.NUMBER: InvoiceSort.NUMBER,
    Column.CUSTOMER: InvoiceSort.CUSTOMER,
    Column.DATE: InvoiceSort.ISSUE_DATE,
    Column.DUE: InvoiceSort.DUE_DATE,
    Column.TOTAL: InvoiceSort.TOTAL,
    Column.BALANCE: InvoiceSort.BALANCE,
    Column.STATUS: InvoiceSort.STATUS,
}

AMOUNT_COLUMNS = frozenset({Column.TOTAL, Column.BALANCE})
_ROW_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
        InvoiceRowRole,
    }
)


class InvoiceTableModel(ColumnTableModel):
    """Invoices and credit notes for an :class:`InvoiceFilter` and a sort column.

    Attributes:
        filter: What is shown.
        fetch_count: How many times rows were read from the database (for tests).
        rows_fetched: How many rows were read in total (for tests).
        id_queries: How many times ids were read (for tests).
    """

    columns = Column
    headers = HEADERS
    amount_columns = AMOUNT_COLUMNS

    def __init__(self, ctx: AppContext, locale: str = "en_US", parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = locale
        self.filter = InvoiceFilter()
        self.sort_column = Column.DATE
        self.descending = True
        self.fetch_count = 0
        self.rows_fetched = 0
        self.id_queries = 0
        self._ids: list[int] = []
        self._more = False
        self._row_of: dict[int, int] | None = None
        self._cache: OrderedDict[int, InvoiceRow] = OrderedDict()
        self._stale: set[int] = set()

    # -- queries ------------------------------------------------------------------------------

    def set_filter(self, f: InvoiceFilter) -> None:
        """Show another selection of invoices: a reset, then the first chunk of ids."""
        self.filter = f
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._cache.clear()
        self._stale.clear()
        self._set_ids(self._query(CHUNK_SIZE))
        self.endResetModel()

    def _query(self, limit: int, offset: int = 0) -> list[int]:
        self.id_queries += 1
        ids = invoice_list.invoice_ids(
            self.ctx,
            self.filter,
            SORT_KEYS[self.sort_column],
            self.descending,
            limit=limit,
            offset=offset,
        )
        if offset == 0:
            self._more = len(ids) == limit
        return ids

    def _set_ids(self, ids: list[int]) -> None:
        self._ids = ids
        self._row_of = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the column's key (ties by id, so the order is stable)."""
        self.sort_column = Column(column)
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        """The view reached the end of what is loaded: read the next chunk of ids."""
        if parent.isValid() or not self._more:
            return
        chunk = self._query(CHUNK_SIZE, len(self._ids))
        self._more = len(chunk) == CHUNK_SIZE
        known = self._index_of()
        fresh = [i for i in chunk if i not in known]  # a row inserted meanwhile shifts offsets
        if fresh:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._ids.extend(fresh)
            self._row_of = None
            self.endInsertRows()

    def refresh(self, changed: Iterable[int] = (), *, all_rows: bool = False) -> None:
        """Invoices ``changed`` (or appeared, or went): read the loaded ids again and apply the
        difference as removals and insertions, so views keep their selection.

        ``all_rows``: something else changed (a customer's name, a payment); every row is
        read again when next shown.
        """
        changed = set(changed)
        self._stale.update(changed)
        # As many ids as are loaded, plus room for the changed ones that may now join.
        new_ids = self._query(max(len(self._ids) + len(changed), CHUNK_SIZE))
        if all_rows:
            self._stale.update(self._cache)
            changed.update(self._cache)
        if new_ids != self._ids:
            self._apply(new_ids)
        rows = sorted(r for r in (self.row_of(i) for i in changed) if r is not None)
        if rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], last))

    def _apply(self, new_ids: list[int]) -> None:
        old_ids = self._ids
        old_pos = self._index_of()
        # Rows whose order is unchanged stay; every other row is removed or inserted.
        common = [old_pos[i] for i in new_ids if i in old_pos]
        keep = {old_ids[p] for p in longest_increasing(common)}
        removed = [n for n, i in enumerate(old_ids) if i not in keep]
        added = [n for n, i in enumerate(new_ids) if i not in keep]
        if len(runs(removed)) + len(runs(added)) > MAX_STEPS:
            self.beginResetModel()
            self._set_ids(new_ids)
            self.endResetModel()
            return
        for first, last in reversed(runs(removed)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._ids[first : last + 1]
            self._row_of = None
            self.endRemoveRows()
        for first, last in runs(added):
            self.beginInsertRows(QModelIndex(), first, last)
            self._ids[first:first] = new_ids[first : last + 1]
            self._row_of = None
            self.endInsertRows()

    # -- rows ---------------------------------------------------------------------------------

    def invoice_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, invoice_id: int) -> int | None:
        return self._index_of().get(invoice_id)

    def _index_of(self) -> dict[int, int]:
        if self._row_of is None:
            self._row_of = {iid: n for n, iid in enumerate(self._ids)}
        return self._row_of

    def loaded_ids(self) -> list[int]:
        return list(self._ids)

    def row_at(self, row: int) -> InvoiceRow | None:
        """The invoice on ``row``, from the cache or read with its page."""
        iid = self.invoice_id(row)
        if iid is None:
            return None
        found = self._cache.get(iid)
        if found is not None and iid not in self._stale:
            self._cache.move_to_end(iid)
            return found
        start = row - row % PAGE_SIZE
        page = [
            i
            for i in self._ids[start : start + PAGE_SIZE]
            if i not in self._cache or i in self._stale
        ]
        self._read(page)
        return self._cache.get(iid)

    def _needs_read(self, invoice_id: int) -> bool:
        return invoice_id not in self._cache or invoice_id in self._stale

    def _read(self, ids: list[int]) -> None:
        self.fetch_count += 1
        rows = invoice_list.invoice_rows(self.ctx, ids)
        self.rows_fetched += len(rows)
        self._stale.difference_update(ids)
        for iid in ids:
            self._cache.pop(iid, None)
        self._cache.update(rows)
        while len(self._cache) > MAX_CACHED_ROWS:
            self._cache.popitem(last=False)

    def cached_rows(self) -> int:
        return len(self._cache)

    def rows(self, rows: Iterable[int]) -> list[InvoiceRow]:
        """The invoices on ``rows`` (a selection), read in one query where not cached."""
        wanted = [r for r in sorted(set(rows)) if self.invoice_id(r) is not None]
        missing = [
            self._ids[r]
            for r in wanted
            if self._ids[r] not in self._cache or self._ids[r] in self._stale
        ]
        if missing:
            self._read(missing)
        return [self._cache[self._ids[r]] for r in wanted if self._ids[r] in self._cache]

    # -- Qt model interface -------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == InvoiceIdRole:
            return self.invoice_id(index.row())
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
        if role == InvoiceRowRole:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            return _foreground(row, column)
        if role == Qt.ItemDataRole.FontRole:
            return _struck_font() if row.status == "void" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _date(self, d: date) -> str:
        return format_date(d, self.locale)

    def _display(self, row: InvoiceRow, column: Column) -> str:
        match column:
            case Column.NUMBER:
                return row.number or "Draft"
            case Column.CUSTOMER:
                return row.customer_name
            case Column.DATE:
                return self._date(row.issue_date)
            case Column.DUE:
                return "" if row.kind == "credit_note" else self._date(row.due_date)
            case Column.TOTAL:
                return format_money(signed(row.total, row.kind), row.currency, self.locale)
            case Column.BALANCE:
                if row.balance == 0:
                    return ""
                return format_money(signed(row.balance, row.kind), row.currency, self.locale)
            case Column.STATUS:
                return status_text(row.status, row.kind, row.days_overdue, row.balance)

    def _tooltip(self, row: InvoiceRow, column: Column) -> str | None:
        if column is Column.CUSTOMER:
            return f"{row.customer_name} ({row.customer_code})"
        if column is Column.NUMBER:
            return document_title(row.kind, row.number)
        if column is Column.STATUS and row.overdue:
            return f"Due {self._date(row.due_date)}"
        return None


@cache
def _struck_font() -> QFont:
    font = QFont()  # made on first use: a QFont needs the QApplication
    font.setStrikeOut(True)
    return font


def _foreground(row: InvoiceRow, column: Column) -> Any:
    if row.status == "void":
        return VOID_COLOR
    if row.overdue and column in (Column.STATUS, Column.DUE):
        return OVERDUE_COLOR
    if row.status == "draft" and column in (Column.NUMBER, Column.STATUS):
        return DRAFT_COLOR
    return None
