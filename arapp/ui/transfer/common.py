# SPDX-License-Identifier: MIT
"""What the import wizard's pages and the export share: captions, a read-only text table,
a busy bar and a file question."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QProgressBar,
    QTableView,
    QWidget,
)

AnyIndex = QModelIndex | QPersistentModelIndex

# kind: (menu caption, one record, many records)
KINDS = {
    "customers": ("Customers", "customer", "customers"),
    "invoices": ("Invoices", "invoice", "invoices"),
    "payments": ("Payments", "payment", "payments"),
}

# Our CSV columns as people read them (the file format itself keeps the short names).
COLUMN_CAPTIONS = {
    "code": "Code",
    "name": "Name",
    "email": "E-mail",
    "phone": "Phone",
    "address": "Address",
    "terms": "Payment terms",
    "credit_limit": "Credit limit",
    "currency": "Currency",
    "number": "Invoice number",
    "customer_code": "Customer code",
    "issue_date": "Invoice date",
    "due_date": "Due date",
    "description": "Description",
    "quantity": "Quantity",
    "unit_price": "Unit price",
    "tax_rate": "Tax rate (%)",
    "date": "Date",
    "amount": "Amount",
    "method": "Method",
    "reference": "Reference",
    "invoice_number": "Invoice number",
}

# Cells longer than this are cut in the tables (the tooltip has the whole text).
MAX_CELL_CHARS = 200
# Preview columns start no wider than this; the person can widen them.
MAX_COLUMN_WIDTH = 260


def caption(column: str) -> str:
    """Our column ``column`` as people read it ("customer_code" is "Customer code")."""
    return COLUMN_CAPTIONS.get(column, column)


def plural(count: int, one: str, many: str) -> str:
    """The count with its word: 1 row, 1,234 rows."""
    return f"{count:,} {one if count == 1 else many}"


def one_line(text: str) -> str:
    """A cell's text on one line: line breaks shown as ⏎, long text cut with …."""
    flat = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", " ⏎ ")
    return flat if len(flat) <= MAX_CELL_CHARS else flat[: MAX_CELL_CHARS - 1] + "…"


class TextTableModel(QAbstractTableModel):
    """Rows of plain text for a read-only table; cells are read when painted.

    Attributes:
        right_aligned: Columns shown right-aligned (line numbers).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers: tuple[str, ...] = ()
        self._rows: Sequence[Sequence[str]] = ()
        self.right_aligned: set[int] = set()

    def set_rows(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        right_aligned: set[int] | None = None,
    ) -> None:
        self.beginResetModel()
        self._headers = tuple(headers)
        self._rows = rows
        self.right_aligned = set(right_aligned or ())
        self.endResetModel()

    def rows(self) -> Sequence[Sequence[str]]:
        return self._rows

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(text)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if one_line(text) != text else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.right_aligned:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def text_table(object_name: str) -> tuple[QTableView, TextTableModel]:
    """A read-only table view over a new :class:`TextTableModel`."""
    view = QTableView()
    view.setObjectName(object_name)
    model = TextTableModel(view)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setCornerButtonEnabled(False)
    rows = view.verticalHeader()
    rows.setVisible(False)
    # Fixed row heights: a list of 100,000 problems is never measured row by row.
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)
    return view, model


def busy_bar(object_name: str) -> QProgressBar:
    """An indeterminate progress bar, hidden until work starts."""
    bar = QProgressBar()
    bar.setObjectName(object_name)
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(12)
    bar.setVisible(False)
    return bar


def documents_folder() -> Path:
    """Where file questions start."""
    documents = QStandardPaths.StandardLocation.DocumentsLocation
    return Path(QStandardPaths.writableLocation(documents))


def ask_save_path(parent: QWidget, title: str, name: str) -> Path | None:
    """Ask where to save a CSV file suggested as ``name``; ``None`` when cancelled."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(documents_folder() / name), "CSV files (*.csv);;All files (*)"
    )
    return Path(chosen) if chosen else None
