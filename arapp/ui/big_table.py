# SPDX-License-Identifier: MIT
"""The table view every big list uses (customers, invoices, payments, aging): set up to stay fast.

Rows are read only when painted (see the paged models), so nothing here may make the view
measure or read every row: fixed row heights and set column widths, never
``resizeColumnsToContents``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from arapp.i18n import _


class BigTableView(QTableView):
    """Whole-row selection; Enter or a double click asks to open the current row; the
    header's context menu shows or hides columns.

    ``headers`` are English texts marked with ``N_``; the column menu shows them translated.

    Options: ``stretch``, a column that takes the spare width (the others keep theirs);
    ``context_menu``, right clicks on rows ask for a menu through :attr:`menu_requested`.

    Attributes:
        open_requested: ``Signal()``, the person wants to open the current row.
        menu_requested: ``Signal(QPoint)``, a context menu at this global position (with
            ``context_menu`` only).
    """

    open_requested = Signal()
    menu_requested = Signal(QPoint)

    def __init__(
        self,
        model: QAbstractItemModel,
        headers: Mapping[IntEnum, str],
        widths: Mapping[IntEnum, int],
        *,
        always_shown: IntEnum,
        sort: tuple[IntEnum, Qt.SortOrder],
        selection: QAbstractItemView.SelectionMode,
        stretch: IntEnum | None = None,
        context_menu: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = headers
        self._always_shown = always_shown
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(selection)
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
        header.setSortIndicator(*sort)
        # Set widths, never resizeColumnsToContents: that would fetch and measure every row.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in widths.items():
            header.resizeSection(column, width)
        if stretch is not None:
            header.setStretchLastSection(False)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_requested.emit)
        if context_menu:
            self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            self.customContextMenuRequested.connect(
                lambda pos: self.menu_requested.emit(self.viewport().mapToGlobal(pos))
            )

    def current_row(self) -> int | None:
        """The selected row (of a single selection), or ``None``."""
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def selected_rows(self) -> list[int]:
        """The selected rows, in order."""
        return sorted(index.row() for index in self.selectionModel().selectedRows())

    def column_menu(self) -> QMenu:
        """Checkable entries that show or hide each column but the one always shown."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        for column, title in self._headers.items():
            if column == self._always_shown:
                continue
            action = menu.addAction(_(title))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        return menu

    def _column_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.horizontalHeader().mapToGlobal(pos))


RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
AnyIndex = QModelIndex | QPersistentModelIndex


class ColumnTableModel(QAbstractTableModel):
    """What the big read-only tables share: rows are ``_ids``, columns an ``IntEnum`` with
    ``headers`` (English, marked with ``N_``: translated when shown); amounts are
    right-aligned. Subclasses set the three class attributes and implement ``data``.
    """

    columns: type[IntEnum]
    headers: Mapping[IntEnum, str]
    amount_columns: frozenset[IntEnum] = frozenset()
    _ids: list[int]

    def alignment(self, column: IntEnum) -> Qt.AlignmentFlag:
        return RIGHT if column in self.amount_columns else LEFT

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # Never touches the database: views call this for every painted cell.
        return _READ_ONLY if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.headers[column])  # marked with N_ where the headers are written
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        return None
