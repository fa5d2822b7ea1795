# SPDX-License-Identifier: MIT
"""What the import wizard's pages and the export share: captions, a read-only text table,
a busy bar and a file question."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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

from arapp.i18n import N_, _, ngettext

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Kind:
    """What the window says about one kind of record (each a whole sentence, marked with
    ``N_`` and translated where shown: the kinds differ in gender and case in other languages).
    """

    menu: str
    import_title: str
    export_title: str
    exporting: str
    choose_file: str
    imported: str
    export_failed: str


KINDS = {
    "customers": Kind(
        N_("&Customers…"),
        N_("Import customers"),
        N_("Export customers"),
        N_("Exporting customers…"),
        N_("Choose the file of customers"),
        N_("Customers imported"),
        N_("The customers could not be saved to {path}.\n\n{error}"),
    ),
    "invoices": Kind(
        N_("&Invoices…"),
        N_("Import invoices"),
        N_("Export invoices"),
        N_("Exporting invoices…"),
        N_("Choose the file of invoices"),
        N_("Invoices imported"),
        N_("The invoices could not be saved to {path}.\n\n{error}"),
    ),
    "payments": Kind(
        N_("&Payments…"),
        N_("Import payments"),
        N_("Export payments"),
        N_("Exporting payments…"),
        N_("Choose the file of payments"),
        N_("Payments imported"),
        N_("The payments could not be saved to {path}.\n\n{error}"),
    ),
}

# Our CSV columns as people read them (the file format itself keeps the short names).
COLUMN_CAPTIONS = {
    "code": N_("Code"),
    "name": N_("Name"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "address": N_("Address"),
    "terms": N_("Payment terms"),
    "credit_limit": N_("Credit limit"),
    "currency": N_("Currency"),
    "number": N_("Invoice number"),
    "customer_code": N_("Customer code"),
    "issue_date": N_("Invoice date"),
    "due_date": N_("Due date"),
    "description": N_("Description"),
    "quantity": N_("Quantity"),
    "unit_price": N_("Unit price"),
    "tax_rate": N_("Tax rate (%)"),
    "date": N_("Date"),
    "amount": N_("Amount"),
    "method": N_("Method"),
    "reference": N_("Reference"),
    "invoice_number": N_("Invoice number"),
    "street": N_("Street"),
    "postcode": N_("Postcode"),
    "city": N_("City"),
    "region": N_("State / region"),
    "country": N_("Country"),
    "vat_id": N_("VAT id"),
    "registration_id": N_("Registration no."),
    "buyer_reference": N_("Buyer reference"),
    "electronic_address": N_("E-invoice address"),
    "electronic_address_scheme": N_("E-invoice address scheme"),
    "delivery": N_("Delivery"),
    "einvoice_format": N_("E-invoice format"),
    "invoice_email": N_("Invoices to"),
    "invoice_cc": N_("Copy to"),
    "language": N_("Language"),
}

# Cells longer than this are cut in the tables (the tooltip has the whole text).
MAX_CELL_CHARS = 200
# Preview columns start no wider than this; the person can widen them.
MAX_COLUMN_WIDTH = 260


def caption(column: str) -> str:
    """Our column ``column`` as people read it ("customer_code" is "Customer code")."""
    text = COLUMN_CAPTIONS.get(column)
    return _(text) if text else column


def count_text(count: int) -> str:
    """A count as the window writes it: 1,234."""
    return f"{count:,}"


def records(kind: str, count: int) -> str:
    """The count with its word: 1 customer, 1,234 invoices."""
    n = count_text(count)
    if kind == "customers":
        return ngettext("{count} customer", "{count} customers", count).format(count=n)
    if kind == "invoices":
        return ngettext("{count} invoice", "{count} invoices", count).format(count=n)
    return ngettext("{count} payment", "{count} payments", count).format(count=n)


def rows_text(count: int) -> str:
    """1 row, 1,234 rows."""
    return ngettext("{count} row", "{count} rows", count).format(count=count_text(count))


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
        parent, title, str(documents_folder() / name), _("CSV files (*.csv);;All files (*)")
    )
    return Path(chosen) if chosen else None
