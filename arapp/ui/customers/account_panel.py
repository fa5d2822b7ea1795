# SPDX-License-Identifier: MIT
"""The customer pane's Account tab: the ledger with its running balance, and the statement.

Every invoice, credit note, payment, discount, write-off, refund, void and reversal of the
customer on its day (:func:`arapp.services.ledger.customer_ledger`), oldest first and scrolled to
the newest; amounts that lower what the customer owes show in the credit colour. "Statement…"
saves the statement PDF of the last 90 days; "E-mail statement…" sends it to the customer.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from arapp.formatting import format_amount, format_date, format_money
from arapp.services.context import AppContext
from arapp.ui.big_table import ColumnTableModel
from arapp.ui.forms import plain_label
from arapp.ui.send_documents import SendBatch, send_statement_in_window
from arapp.ui.statement_save import save_statement
from arapp.ui.widgets.colours import CREDIT_COLOR

if TYPE_CHECKING:  # the ledger service (payments, invoices…) loads with the first customer shown
    from arapp.services.ledger import LedgerEntry

AnyIndex = QModelIndex | QPersistentModelIndex


class LedgerColumn(IntEnum):
    DATE = 0
    WHAT = 1
    AMOUNT = 2
    BALANCE = 3


HEADERS = {
    LedgerColumn.DATE: "Date",
    LedgerColumn.WHAT: "What",
    LedgerColumn.AMOUNT: "Amount",
    LedgerColumn.BALANCE: "Balance",
}


class LedgerModel(ColumnTableModel):
    """The ledger entries of one customer (a few hundred at most: kept whole)."""

    columns = LedgerColumn
    headers = HEADERS
    amount_columns = frozenset({LedgerColumn.AMOUNT, LedgerColumn.BALANCE})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[LedgerEntry] = []
        self._ids = []
        self.currency = "EUR"
        self.locale = "en_US"

    def set_entries(self, entries: list[LedgerEntry], currency: str, locale: str) -> None:
        self.beginResetModel()
        self.entries, self.currency, self.locale = entries, currency, locale
        self._ids = list(range(len(entries)))
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry, column = self.entries[index.row()], LedgerColumn(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        amount = entry.amount if column is LedgerColumn.AMOUNT else entry.balance
        if role == Qt.ItemDataRole.ForegroundRole and column in self.amount_columns:
            return CREDIT_COLOR if amount < 0 else None
        if role == Qt.ItemDataRole.ToolTipRole and column is LedgerColumn.WHAT:
            return _what(entry)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        match column:
            case LedgerColumn.DATE:
                return format_date(entry.date, self.locale)
            case LedgerColumn.WHAT:
                return _what(entry)
            case _:
                return format_amount(amount, self.currency, self.locale)


def _what(entry: LedgerEntry) -> str:
    """The entry's description, then its document number or payment reference."""
    return f"{entry.description} · {entry.reference}" if entry.reference else entry.description


class AccountPanel(QWidget):
    """The ledger of the customer given to :meth:`show_customer`, and Statement….

    Attributes:
        table: The ledger.
        model: Its rows.
        summary: The closing balance in words.
        statement_button: Saves the statement of the last 90 days.
    """

    def __init__(
        self, ctx: AppContext, locale: str = "en_US", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = locale
        self.customer_id: int | None = None
        self.code = ""
        self.model = LedgerModel(self)
        self.table = QTableView()
        self.table.setObjectName("ledgerTable")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LedgerColumn.WHAT, QHeaderView.ResizeMode.Stretch)
        self.summary = plain_label()
        self.summary.setObjectName("ledgerSummary")
        self.statement_button = QPushButton("&Statement…")
        self.statement_button.setToolTip("Save the statement of the last 90 days as a PDF")
        self.statement_button.clicked.connect(lambda: self.save_statement())
        self.email_button = QPushButton("E-&mail statement…")
        self.email_button.setObjectName("emailStatement")
        self.email_button.setToolTip(
            "E-mail the statement of the last 90 days to the customer, with the PDF attached"
        )
        self.email_button.clicked.connect(lambda: self.email_statement())
        self.send_batch: SendBatch | None = None
        self.message = plain_label(wrap=True)
        self.message.setObjectName("ledgerMessage")
        self.message.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.statement_button)
        row.addWidget(self.email_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(6)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addLayout(row)

    def show_customer(self, customer_id: int, code: str, currency: str) -> None:
        from arapp.services.ledger import customer_ledger

        if customer_id != self.customer_id:
            self.message.setVisible(False)
        self.customer_id, self.code = customer_id, code
        entries = customer_ledger(self.ctx, customer_id)
        self.model.set_entries(entries, currency, self.locale)
        balance = entries[-1].balance if entries else 0
        if not entries:
            self.summary.setText("Nothing billed or paid yet.")
        else:
            owes = "owes" if balance >= 0 else "is in credit by"
            amount = format_money(abs(balance), currency, self.locale)
            self.summary.setText(f"{len(entries):,} entries · {owes} {amount}")
        self.table.scrollToBottom()

    def save_statement(self, path: str = "") -> None:
        """Save the statement PDF of the last 90 days (asks where unless ``path`` is given)."""
        if self.customer_id is not None:
            said = save_statement(self, self.ctx, self.customer_id, self.code, path)
            if said is not None:
                self._say(*said)

    def email_statement(self, ask: bool = True) -> None:
        """E-mail the statement of the last 90 days (once to the same people; the summary
        offers "Send again…")."""
        if self.customer_id is not None:
            self.send_batch = send_statement_in_window(self, self.ctx, self.customer_id, ask=ask)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setVisible(True)
