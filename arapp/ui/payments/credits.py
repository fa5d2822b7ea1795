# SPDX-License-Identifier: MIT
"""The Payments tab's "Unapplied credits" page: the customers holding credit.

Few customers hold credit at a time (the service reads only payments with some left, through a
partial index), so the page keeps the whole list and reads it again when a payment changes. On
big books that is still tens of thousands of rows: the page reads them on a worker, and only once
it is shown (a read asked for while it is hidden waits for the next showing); until the first
rows arrive it says it is counting instead of claiming that nobody holds credit.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from arapp.formatting import format_date, format_money
from arapp.i18n import N_, _, ngettext
from arapp.services.context import AppContext
from arapp.services.payment_list import CreditRow, credit_rows
from arapp.ui.big_table import BigTableView, ColumnTableModel
from arapp.ui.forms import plain_label
from arapp.ui.widgets.texts import translated
from arapp.ui.worker import run_in_background

AnyIndex = QModelIndex | QPersistentModelIndex
COUNTING = N_("Counting the customers who hold credit…")


class CreditColumn(IntEnum):
    CODE = 0
    CUSTOMER = 1
    CREDIT = 2
    PAYMENTS = 3
    SINCE = 4


CREDIT_HEADERS: dict[CreditColumn, str] = {  # shown through _() (see arapp.ui.widgets.texts)
    CreditColumn.CODE: N_("Code"),
    CreditColumn.CUSTOMER: N_("Customer"),
    CreditColumn.CREDIT: N_("Credit"),
    CreditColumn.PAYMENTS: N_("Payments"),
    CreditColumn.SINCE: N_("Oldest payment"),
}
CREDIT_WIDTHS = {
    CreditColumn.CODE: 90,
    CreditColumn.CUSTOMER: 300,
    CreditColumn.CREDIT: 120,
    CreditColumn.PAYMENTS: 90,
    CreditColumn.SINCE: 130,
}


class CreditTableModel(ColumnTableModel):
    """One row per customer and currency with credit, by name."""

    columns = CreditColumn
    headers = CREDIT_HEADERS
    amount_columns = frozenset({CreditColumn.CREDIT, CreditColumn.PAYMENTS})

    def __init__(self, locale: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = translated(CREDIT_HEADERS)
        self.locale = locale
        self._ids: list[int] = []
        self._rows: list[CreditRow] = []

    def set_rows(self, rows: list[CreditRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._ids = [r.customer_id for r in rows]
        self.endResetModel()

    def row_at(self, row: int) -> CreditRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, customer_id: int) -> int | None:
        return next((n for n, cid in enumerate(self._ids) if cid == customer_id), None)

    def all_rows(self) -> list[CreditRow]:
        return list(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = CreditColumn(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        match column:
            case CreditColumn.CODE:
                return row.code
            case CreditColumn.CUSTOMER:
                return row.name
            case CreditColumn.CREDIT:
                return format_money(row.credit, row.currency, self.locale)
            case CreditColumn.PAYMENTS:
                return f"{row.payments:,}"
            case CreditColumn.SINCE:
                return format_date(row.since, self.locale)


class CreditsPage(QWidget):
    """Search box, the customers with credit, and what they hold in all.

    Attributes:
        model: The rows.
        view: The table.
        buttons: A layout for the tab to put its action buttons in.
        total_label: "2 customers hold €55.00 of credit" (:data:`COUNTING` before the first
            rows arrive).
        loaded: Whether rows were read since the page was made.
        stale: Whether a read is owed at the next showing.
    """

    def __init__(self, ctx: AppContext, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search_box = QLineEdit()
        self.search_box.setObjectName("creditSearch")
        self.search_box.setPlaceholderText(_("Search customer…"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(lambda _t: self.reload())
        self.model = CreditTableModel(locale, self)
        self.view = BigTableView(
            self.model,
            self.model.headers,
            CREDIT_WIDTHS,
            always_shown=CreditColumn.CUSTOMER,
            sort=(CreditColumn.CUSTOMER, Qt.SortOrder.AscendingOrder),
            selection=QAbstractItemView.SelectionMode.SingleSelection,
            stretch=CreditColumn.CUSTOMER,  # the name takes the spare width; amounts keep theirs
        )
        self.view.setObjectName("creditTable")
        self.total_label = plain_label(_(COUNTING), selectable=True)
        self.total_label.setObjectName("creditTotal")
        self.loaded = False
        self.stale = True
        self._generation = 0
        intro = plain_label(
            _(
                "Customers who paid more than their invoices, or before them. Apply a payment's "
                "credit from the Payments page (Apply credit…), or pay it back (Refund credit…)."
            ),
            wrap=True,
        )
        intro.setEnabled(False)  # a quieter colour
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        self.buttons.addWidget(self.search_box, 1)
        self.buttons.addSpacing(14)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addLayout(self.buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.total_label)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.reload()

    def reload(self) -> None:
        """Read the customers with credit again on a worker (a newer read wins), keeping the
        one selected; while the page is hidden, only remember that a read is owed."""
        self.stale = True
        if not self.isVisible():
            return
        self.stale = False
        self._generation += 1
        generation, ctx, text = self._generation, self.ctx, self.search_box.text()
        run_in_background(
            self,
            lambda: credit_rows(ctx, text),
            lambda rows: self._show_rows(generation, rows),
            lambda exc: self._show_failure(generation, exc),
        )

    def _show_rows(self, generation: int, rows: list[CreditRow]) -> None:
        if generation != self._generation:
            return  # the search changed meanwhile; a newer read is on its way
        selected = self.selected_row()
        self.model.set_rows(rows)
        self.loaded = True
        if selected is not None:
            self.select_customer(selected.customer_id)
        self.total_label.setText(self._total_text())

    def _show_failure(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            self.stale = True  # read again at the next showing
            self.total_label.setText(
                _("The customers with credit could not be read: {problem}").format(problem=exc)
            )

    def _total_text(self) -> str:
        rows = self.model.all_rows()
        if not rows:
            return _("No customer holds credit.")
        sums: dict[str, Decimal] = defaultdict(Decimal)
        for r in rows:
            sums[r.currency] += r.credit
        money = ", ".join(format_money(sums[c], c, self.model.locale) for c in sorted(sums))
        people = len({r.customer_id for r in rows})
        return ngettext(
            "{count} customer holds {amount} of credit",
            "{count} customers hold {amount} of credit",
            people,
        ).format(count=f"{people:,}", amount=money)

    def selected_row(self) -> CreditRow | None:
        row = self.view.current_row()
        return self.model.row_at(row) if row is not None else None

    def select_customer(self, customer_id: int) -> bool:
        row = self.model.row_of(customer_id)
        if row is None:
            return False
        flags = QItemSelectionModel.SelectionFlag
        index = self.model.index(row, CreditColumn.CUSTOMER)
        self.view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        return True
