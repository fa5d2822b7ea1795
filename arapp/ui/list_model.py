# SPDX-License-Identifier: MIT
"""What the list tabs' tables share (invoices, payments, customers): one of the services' lists,
paged by :class:`~arapp.ui.paged_model.PagedTableModel`, with a filter and a sort column handed
to the services, and ``data`` dispatched by role to a few methods per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from enum import IntEnum
from functools import cache
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from arapp.formatting import format_date
from arapp.services.context import AppContext
from arapp.ui.paged_model import AnyIndex, IdRole, PagedTableModel, Row, RowRole
from arapp.ui.widgets.colours import is_dark, readable, text_on

Filter = TypeVar("Filter")

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
        count_of: The service's ``(ctx, filter)`` counting the rows (run on a worker); with
            it, ``ids_of`` also takes ``after`` (an id to seek past, see
            :mod:`arapp.services.keyset`) and the list is :attr:`countable`.
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
    count_of: Callable[[AppContext, Filter], int]
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

    def query_seek(self, limit: int, offset: int, after: int | None, reverse: bool) -> list[int]:
        sort_key = self.sort_keys[self.sort_column]
        descending = self.descending != reverse
        return self.ids_of(
            self.ctx, self.filter, sort_key, descending, limit=limit, offset=offset, after=after
        )

    def query_count(self) -> Callable[[], int]:
        count_of, ctx, f = type(self).count_of, self.ctx, self.filter
        return lambda: count_of(ctx, f)

    def ids_reader(self, limit: int) -> Callable[[], list[int]] | None:
        ids_of = getattr(type(self), "ids_of", None)
        if ids_of is None:  # the subclass reads its ids itself (query_ids): here
            return None
        ctx, f, sort_key = self.ctx, self.filter, self.sort_keys[self.sort_column]
        descending = self.descending
        return lambda: ids_of(ctx, f, sort_key, descending, limit=limit, offset=0)

    def refresh_reader(self, limit: int) -> Callable[[], list[int]] | None:
        return self.ids_reader(limit)  # the same first ids, read again

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
            return self._readable_foreground(row, column)
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

    def _readable_foreground(self, row: Row, column: Any) -> QColor | None:
        """:meth:`foreground` made readable on the cell's background (or the palette's base),
        so a colour chosen for a light palette still reads under a dark one; under a tinted
        background the palette's text is checked too."""
        color = self.foreground(row, column)
        background = self.background(row, column) if _BACKGROUND in self.row_roles else None
        if color is None:
            return None if background is None else text_on(background)
        if background is None and not is_dark():
            return color  # chosen for a light base (greyed text is meant to be faint)
        return readable(QColor(color), background)

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
