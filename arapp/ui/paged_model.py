# SPDX-License-Identifier: MIT
"""A big read-only table that holds ids, reads them a chunk at a time and rows a page at a time.

:class:`PagedTableModel` asks its subclass for the first :data:`CHUNK_SIZE` ids of the current
filter and sort (``query_ids``), and for the next chunk only when the view scrolls to the end
(Qt's ``canFetchMore``/``fetchMore``). Rows are read in pages of :data:`PAGE_SIZE` into a small
cache keyed by id (``query_rows``). Sorting and filtering happen in SQL, in the services.

After a change (:meth:`PagedTableModel.refresh`) the loaded ids are read again and the difference
is applied as row removals and insertions; rows that stayed get one ``dataChanged``. Views keep
their selection through that; only a large upheaval resets the model. A subclass may instead
have rows that only moved follow as a layout change (``layout_moves``), and read every id at
once (``chunked = False``).

:class:`ListTableModel` adds what the Invoices and Payments tables share on top: a filter and a
sort column handed to the services, and ``data`` dispatched by role to a few methods per cell.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import IntEnum
from functools import cache
from itertools import pairwise
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from arapp.formatting import format_date
from arapp.services.context import AppContext
from arapp.ui.big_table import ColumnTableModel
from arapp.ui.row_changes import longest_increasing, runs

CHUNK_SIZE = 2_000  # ids read per query; the next chunk when the view scrolls to the end
PAGE_SIZE = 100  # rows read per query when they come on screen
MAX_CACHED_ROWS = 1_200  # rows kept in memory, whatever the size of the books
MAX_STEPS = 400  # more row insertions/removals than this at once: a reset is cheaper

AnyIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
Filter = TypeVar("Filter")

IdRole = Qt.ItemDataRole.UserRole + 1
"""Role returning the record's database id (an ``int``)."""
RowRole = Qt.ItemDataRole.UserRole + 2
"""Role returning the whole row the services read for the record."""


class PagedTableModel(ColumnTableModel, Generic[Row]):
    """Subclasses implement :meth:`query_ids`, :meth:`query_rows` and ``data``.

    Attributes:
        fetch_count: How many times rows were read from the database (for tests).
        rows_fetched: How many rows were read in total (for tests).
        id_queries: How many times ids were read (for tests).

    Class attributes:
        chunked: False when :meth:`query_ids` returns every id at once (``limit`` is then
            only a hint and there is never more to fetch).
        page_size: Rows read per query when they come on screen.
        max_cached_rows: Rows kept in memory.
        layout_moves: True to keep the persistent indexes (and so the views' selection) of
            rows that only moved: a reorder is a layout change, and a difference that both
            adds and removes rows (moved ones included) a reset; False, every difference is
            removals and insertions.
    """

    chunked = True
    page_size = PAGE_SIZE
    max_cached_rows = MAX_CACHED_ROWS
    layout_moves = False

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.fetch_count = 0
        self.rows_fetched = 0
        self.id_queries = 0
        self._ids: list[int] = []
        self._more = False
        self._row_of: dict[int, int] | None = None
        self._cache: OrderedDict[int, Row] = OrderedDict()
        self._stale: set[int] = set()

    # -- what subclasses provide --------------------------------------------------------------

    def query_ids(self, limit: int, offset: int) -> list[int]:
        """Ids of the current filter and sort, ``limit`` of them from ``offset``."""
        raise NotImplementedError

    def query_rows(self, ids: list[int]) -> dict[int, Row]:
        """The rows of ``ids``, keyed by id (vanished ones left out)."""
        raise NotImplementedError

    # -- ids ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the first chunk of ids again from scratch (a new filter or sort): a reset."""
        self.beginResetModel()
        self._cache.clear()
        self._stale.clear()
        self._set_ids(self._query(CHUNK_SIZE))
        self.endResetModel()

    def _query(self, limit: int, offset: int = 0) -> list[int]:
        self.id_queries += 1
        ids = self.query_ids(limit, offset)
        if offset == 0:
            self._more = self.chunked and len(ids) == limit
        return ids

    def _set_ids(self, ids: list[int]) -> None:
        self._ids = ids
        self._row_of = None

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
        """Records ``changed`` (or appeared, or went): read the loaded ids again and apply the
        difference as removals and insertions, so views keep their selection.

        ``all_rows``: something else changed (a customer's name, a refund); every row is read
        again when next shown.
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
        if self.layout_moves and old_pos.keys() == set(new_ids):
            self._reorder(new_ids)
            return
        # Rows whose order is unchanged stay; every other row is removed or inserted.
        common = [old_pos[i] for i in new_ids if i in old_pos]
        if all(a < b for a, b in pairwise(common)):  # nothing moved: all of them (the usual)
            keep = {old_ids[p] for p in common}
        else:
            keep = {old_ids[p] for p in longest_increasing(common)}
        removed = [n for n, i in enumerate(old_ids) if i not in keep]
        added = [n for n, i in enumerate(new_ids) if i not in keep]
        mixed = self.layout_moves and bool(removed) and bool(added)
        if mixed or len(runs(removed)) + len(runs(added)) > MAX_STEPS:
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

    def _reorder(self, new_ids: list[int]) -> None:
        """The same rows in another order: a layout change; persistent indexes follow."""
        self.layoutAboutToBeChanged.emit()
        held = self.persistentIndexList()
        ids = [self._ids[index.row()] for index in held]
        self._set_ids(new_ids)
        row_of = self._index_of()
        self.changePersistentIndexList(
            held,
            [self.index(row_of[i], index.column()) for i, index in zip(ids, held, strict=True)],
        )
        self.layoutChanged.emit()

    # -- rows ---------------------------------------------------------------------------------

    def record_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int | None:
        return self._index_of().get(record_id)

    def _index_of(self) -> dict[int, int]:
        if self._row_of is None:
            self._row_of = {rid: n for n, rid in enumerate(self._ids)}
        return self._row_of

    def loaded_ids(self) -> list[int]:
        return list(self._ids)

    def row_at(self, row: int) -> Row | None:
        """The record on ``row``, from the cache or read with its page."""
        rid = self.record_id(row)
        if rid is None:
            return None
        found = self._cache.get(rid)
        if found is not None and rid not in self._stale:
            self._cache.move_to_end(rid)
            return found
        start = row - row % self.page_size
        page = [
            i
            for i in self._ids[start : start + self.page_size]
            if i not in self._cache or i in self._stale
        ]
        self._read(page)
        return self._cache.get(rid)

    def _read(self, ids: list[int]) -> None:
        self.fetch_count += 1
        rows = self.query_rows(ids)
        self.rows_fetched += len(rows)
        self._stale.difference_update(ids)
        for rid in ids:
            self._cache.pop(rid, None)
        self._cache.update(rows)
        while len(self._cache) > self.max_cached_rows:
            self._cache.popitem(last=False)

    def cached_rows(self) -> int:
        return len(self._cache)

    def rows(self, rows: Iterable[int]) -> list[Row]:
        """The records on ``rows`` (a selection), read in one query where not cached."""
        wanted = [r for r in sorted(set(rows)) if self.record_id(r) is not None]
        missing = [
            self._ids[r]
            for r in wanted
            if self._ids[r] not in self._cache or self._ids[r] in self._stale
        ]
        if missing:
            self._read(missing)
        return [self._cache[self._ids[r]] for r in wanted if self._ids[r] in self._cache]


# The roles read once: an attribute of Qt's enums costs more than the rest of a cached cell.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FONT = Qt.ItemDataRole.FontRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ROW_ROLES = frozenset({_DISPLAY, _FOREGROUND, _FONT, _TOOLTIP, RowRole})


class ListTableModel(PagedTableModel[Row], Generic[Row, Filter]):
    """One of the services' lists, paged: a filter and a sort column, both applied in SQL.

    Subclasses set ``columns``, ``headers``, ``amount_columns`` and the class attributes below,
    implement :meth:`display`, and override :meth:`foreground`, :meth:`font` and
    :meth:`tooltip` where cells need them.

    Class attributes:
        filter_type: The service's filter; its default shows everything.
        ids_of: The service's ``(ctx, filter, sort, descending, *, limit, offset)`` giving ids
            (set it as a ``staticmethod``, as :attr:`rows_of`).
        rows_of: The service's ``(ctx, ids)`` giving rows by id.
        sort_keys: The service's sort key of each column.
        default_sort: The column sorted by at first.
        default_descending: Whether that first sort is descending (by default it is).
        row_roles: The roles whose data needs the row (add ``BackgroundRole`` with
            :meth:`background`).

    Attributes:
        filter: What is shown.
        sort_column: The column sorted by (ties by id, so the order is stable).
        descending: Whether the sort is newest/largest first.
    """

    filter_type: Callable[[], Filter]
    ids_of: Callable[..., list[int]]
    rows_of: Callable[[AppContext, list[int]], dict[int, Row]]
    sort_keys: Mapping[IntEnum, Any]
    default_sort: IntEnum
    default_descending = True
    row_roles = _ROW_ROLES

    def __init__(self, ctx: AppContext, locale: str = "en_US", parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = locale
        self.filter = self.filter_type()
        self.sort_column = self.default_sort
        self.descending = self.default_descending

    def query_ids(self, limit: int, offset: int) -> list[int]:
        sort_key = self.sort_keys[self.sort_column]
        return self.ids_of(
            self.ctx, self.filter, sort_key, self.descending, limit=limit, offset=offset
        )

    def query_rows(self, ids: list[int]) -> dict[int, Row]:
        return self.rows_of(self.ctx, ids)

    def set_filter(self, f: Filter) -> None:
        """Show another selection: a reset, then the first chunk of ids."""
        self.filter = f
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the column's key (ties by id, so the order is stable)."""
        self.sort_column = self.columns(column)
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # -- Qt model interface -------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == IdRole:
            return self.record_id(index.row())
        column = self.columns(index.column())
        if role == _ALIGNMENT:
            return self.alignment(column)
        if role not in self.row_roles:
            return None
        row = self.row_at(index.row())
        if row is None:  # vanished since the ids were read; the next refresh removes it
            return None
        if role == _DISPLAY:
            return self.display(row, column)
        if role == RowRole:
            return row
        if role == _FOREGROUND:
            return self.foreground(row, column)
        if role == _FONT:
            return self.font(row, column)
        if role == _TOOLTIP:
            return self.tooltip(row, column)
        if role == _BACKGROUND:
            return self.background(row, column)
        return None

    def display(self, row: Row, column: Any) -> str:
        """The text of ``column`` for ``row``."""
        raise NotImplementedError

    def foreground(self, row: Row, column: Any) -> Any:
        """A colour for the cell, or ``None`` for the palette's."""
        return None

    def font(self, row: Row, column: Any) -> QFont | None:
        """A font for the cell, or ``None`` for the view's."""
        return None

    def tooltip(self, row: Row, column: Any) -> str | None:
        return None

    def background(self, row: Row, column: Any) -> Any:
        """A background for the cell (with ``BackgroundRole`` in :attr:`row_roles`), or
        ``None`` for the view's."""
        return None

    def date_text(self, d: date) -> str:
        return format_date(d, self.locale)


@cache
def struck_font() -> QFont:
    """A struck-out font (void invoices, reversed payments)."""
    font = QFont()  # made on first use: a QFont needs the QApplication
    font.setStrikeOut(True)
    return font
