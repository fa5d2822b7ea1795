# SPDX-License-Identifier: MIT
"""What the Tax rates and Products tabs share: a small read-only table of records, and a tab with
a table and Add / Edit / Deactivate buttons.

Catalogs are short (tens to a few thousand rows), so the model holds the records the service
returned and is reset when they are read again after a save; big tables elsewhere page instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from arapp.i18n import _
from arapp.services.errors import ServiceError
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.settings.groups import note_label

INACTIVE_COLOR = QColor("#8a8a8a")

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ColumnSpec(Generic[R]):
    """One column: header (marked with ``N_``, translated where shown), the text of a record in
    it, and whether it is a number."""

    header: str
    text: Callable[[R], str]
    width: int
    numeric: bool = False


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Rows of frozen records (each with ``id`` and ``active``); inactive ones shown grey."""

    def __init__(self, columns: Sequence[ColumnSpec[R]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.records: list[R] = []

    def set_records(self, records: list[R]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record(self, row: int) -> R:
        return self.records[row]

    def row_of(self, record_id: int) -> int | None:
        return next((n for n, r in enumerate(self.records) if r.id == record_id), None)  # type: ignore[attr-defined]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not record.active:  # type: ignore[attr-defined]
            return INACTIVE_COLOR
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(column.header)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


class RecordListTab(QWidget, Generic[R]):
    """A note, a table of records and Add… / Edit… / Deactivate buttons.

    Subclasses read the records (:meth:`fetch`), open the edit dialog (:meth:`edit_record`,
    returning the saved record or ``None``) and save the active flag (:meth:`set_active`).

    Attributes:
        model: The table model.
        table: The view.
        error: A red line for messages about the list itself.
    """

    def __init__(
        self,
        note: str,
        columns: Sequence[ColumnSpec[R]],
        add_text: str,
        top: QWidget | None = None,
    ) -> None:
        """``note`` and ``add_text`` (the Add button's, "&Add rate…") come translated."""
        super().__init__()
        self.model: RecordTableModel[R] = RecordTableModel(columns, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        # Room between a right-aligned number and the text of the next column.
        self.table.setStyleSheet("QTableView::item { padding: 0 10px 0 4px; }")
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        # Fixed row height: the view never measures rows, whatever the size of the catalog.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Set widths, never resize-to-contents: that would measure every row.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for number, column in enumerate(columns):
            header.resizeSection(number, column.width)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(_("&Edit…"))
        self.edit_button.clicked.connect(self.edit)
        self.toggle_button = QPushButton(_("&Deactivate"))
        self.toggle_button.clicked.connect(self.toggle_active)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.note = note_label(note)
        self.error = plain_label(wrap=True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(self.note)
        if top is not None:
            layout.addWidget(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    # -- for subclasses -------------------------------------------------------------------------

    def fetch(self) -> list[R]:
        raise NotImplementedError

    def edit_record(self, record: R | None) -> R | None:
        raise NotImplementedError

    def set_active(self, record: R, active: bool) -> R:
        raise NotImplementedError

    # -- behaviour ------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        if select_id is None and (current := self.current()) is not None:
            select_id = current.id  # type: ignore[attr-defined]
        self.model.set_records(self.fetch())
        row = self.model.row_of(select_id) if select_id is not None else None
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def current(self) -> R | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        record = self.current()
        self.edit_button.setEnabled(record is not None)
        self.toggle_button.setEnabled(record is not None)
        active = record is None or record.active  # type: ignore[attr-defined]
        self.toggle_button.setText(_("&Deactivate") if active else _("&Reactivate"))

    def add(self) -> None:
        saved = self.edit_record(None)
        if saved is not None:
            self.reload(saved.id)  # type: ignore[attr-defined]

    def edit(self) -> None:
        record = self.current()
        if record is None:
            return
        saved = self.edit_record(record)
        if saved is not None:
            self.reload(saved.id)  # type: ignore[attr-defined]

    def toggle_active(self) -> None:
        record = self.current()
        if record is None:
            return
        self.error.setVisible(False)
        try:
            saved = self.set_active(record, not record.active)  # type: ignore[attr-defined]
        except ServiceError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        self.reload(saved.id)  # type: ignore[attr-defined]
