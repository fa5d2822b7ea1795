# SPDX-License-Identifier: MIT
"""The table view every big list uses (customers, invoices): set up to stay fast.

Rows are read only when painted (see the paged models), so nothing here may make the view
measure or read every row: fixed row heights and set column widths, never
``resizeColumnsToContents``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum

from PySide6.QtCore import QAbstractItemModel, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget


class BigTableView(QTableView):
    """Whole-row selection; Enter or a double click asks to open the current row; the
    header's context menu shows or hides columns.

    Attributes:
        open_requested: ``Signal()``, the person wants to open the current row.
    """

    open_requested = Signal()

    def __init__(
        self,
        model: QAbstractItemModel,
        headers: Mapping[IntEnum, str],
        widths: Mapping[IntEnum, int],
        *,
        always_shown: IntEnum,
        sort: tuple[IntEnum, Qt.SortOrder],
        selection: QAbstractItemView.SelectionMode,
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
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_requested.emit)

    def column_menu(self) -> QMenu:
        """Checkable entries that show or hide each column but the one always shown."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        for column, title in self._headers.items():
            if column == self._always_shown:
                continue
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        return menu

    def _column_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.horizontalHeader().mapToGlobal(pos))
