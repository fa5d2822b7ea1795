# SPDX-License-Identifier: MIT
"""A customer's open invoices with an editable "Apply" column, as a small table model.

The Apply cells hold the text as typed (numbers in the company's locale); :meth:`applies`
reads them. What is applied is summed and checked by
:func:`~arapp.services.payment_allocation.summarize_allocation`; the model only shows the
messages (:meth:`set_problems`) on the cells they are about.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from arapp.domain.errors import ValidationError
from arapp.formatting import format_date, format_money
from arapp.i18n import N_, _, pgettext
from arapp.services.payment_allocation import OpenInvoice
from arapp.ui.big_table import LEFT, RIGHT
from arapp.ui.widgets.colours import OVERDUE_COLOR, dark_safe, error_background
from arapp.ui.widgets.numbers import number_text, parse_number

AnyIndex = QModelIndex | QPersistentModelIndex
EARNED_COLOR = QColor("#1e6b34")
NOT_EARNED_COLOR = QColor("#8a8a8a")


class AllocationColumn(IntEnum):
    NUMBER = 0
    ISSUED = 1
    DUE = 2
    TOTAL = 3
    OPEN = 4
    DISCOUNT = 5
    APPLY = 6


ALLOCATION_HEADERS: dict[AllocationColumn, str] = {  # shown through header_text()
    AllocationColumn.NUMBER: N_("Invoice"),
    AllocationColumn.ISSUED: N_("Issued"),
    AllocationColumn.DUE: N_("Due"),
    AllocationColumn.TOTAL: N_("Total"),
    AllocationColumn.OPEN: "Open",  # the amount still owed: see header_text()
    AllocationColumn.DISCOUNT: N_("Discount"),
    AllocationColumn.APPLY: N_("Apply"),
}


def header_text(column: AllocationColumn) -> str:
    """A column's header in the window's language."""
    if column is AllocationColumn.OPEN:
        return pgettext("amount still owed", "Open")
    return _(ALLOCATION_HEADERS[column])


_AMOUNTS = frozenset(
    {
        AllocationColumn.TOTAL,
        AllocationColumn.OPEN,
        AllocationColumn.DISCOUNT,
        AllocationColumn.APPLY,
    }
)


class AllocationModel(QAbstractTableModel):
    """The invoices a payment can go to and what is typed for each.

    Attributes:
        edited: ``Signal()``, the person typed into an Apply cell.
        invoices: The open invoices shown, oldest due first.
    """

    edited = Signal()

    def __init__(self, locale: str, currency: str = "EUR", parent: Any = None) -> None:
        super().__init__(parent)
        self.locale = locale
        self.currency = currency
        self.invoices: list[OpenInvoice] = []
        self.today: date | None = None  # due dates before it read as overdue
        self._texts: dict[int, str] = {}
        self._problems: dict[int, str] = {}

    # -- contents -----------------------------------------------------------------------------

    def set_invoices(self, invoices: list[OpenInvoice], currency: str) -> None:
        """Show ``invoices``; what was typed for those still shown is kept."""
        self.beginResetModel()
        self.invoices = list(invoices)
        self.currency = currency
        ids = {i.id for i in invoices}
        self._texts = {k: v for k, v in self._texts.items() if k in ids}
        self._problems = {}
        self.endResetModel()

    def set_applies(self, amounts: Mapping[int, Decimal]) -> None:
        """Replace every Apply cell: ``amounts`` by invoice id, the others empty."""
        self._texts = {
            iid: number_text(value, self.locale, self.currency) for iid, value in amounts.items()
        }
        self._all_changed()

    def text_of(self, invoice_id: int) -> str:
        return self._texts.get(invoice_id, "")

    def applies(self) -> tuple[dict[int, Decimal], dict[int, str]]:
        """What is typed, read in the locale: amounts by invoice id, and the cells that do not
        read as a number (their message by invoice id). Empty cells apply nothing."""
        amounts: dict[int, Decimal] = {}
        wrong: dict[int, str] = {}
        for invoice in self.invoices:
            text = self._texts.get(invoice.id, "").strip()
            if not text:
                continue
            try:
                amounts[invoice.id] = parse_number(text, self.locale)
            except ValidationError as exc:
                wrong[invoice.id] = f"{invoice.number}: {exc.message}"
        return amounts, wrong

    def set_problems(self, problems: Mapping[int, str]) -> None:
        """Mark the Apply cells that are wrong (message in the tooltip)."""
        if dict(problems) != self._problems:
            self._problems = dict(problems)
            self._all_changed()

    def row_of(self, invoice_id: int) -> int | None:
        return next((n for n, i in enumerate(self.invoices) if i.id == invoice_id), None)

    def _all_changed(self) -> None:
        if self.invoices:
            last = self.index(len(self.invoices) - 1, len(AllocationColumn) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # -- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.invoices)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AllocationColumn)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == AllocationColumn.APPLY:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(AllocationColumn):
            return None
        column = AllocationColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return header_text(column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in _AMOUNTS else LEFT
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.invoices):
            return None
        invoice = self.invoices[index.row()]
        column = AllocationColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(invoice, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in _AMOUNTS else LEFT
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(invoice, column)
        if role == Qt.ItemDataRole.ForegroundRole:  # readable under a dark palette too
            return dark_safe(self._foreground(invoice, column), self._background(invoice, column))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(invoice, column)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or index.column() != AllocationColumn.APPLY
            or not isinstance(value, str)
        ):
            return False
        invoice = self.invoices[index.row()]
        if value.strip() == self._texts.get(invoice.id, ""):
            return False
        self._texts[invoice.id] = value.strip()
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def _money(self, amount: Decimal) -> str:
        return format_money(amount, self.currency, self.locale)

    def _display(self, invoice: OpenInvoice, column: AllocationColumn) -> str:
        match column:
            case AllocationColumn.NUMBER:
                return invoice.number
            case AllocationColumn.ISSUED:
                return format_date(invoice.issue_date, self.locale)
            case AllocationColumn.DUE:
                return format_date(invoice.due_date, self.locale)
            case AllocationColumn.TOTAL:
                return self._money(invoice.total)
            case AllocationColumn.OPEN:
                return self._money(invoice.balance)
            case AllocationColumn.DISCOUNT:
                return self._money(invoice.discount) if invoice.discount else ""
            case AllocationColumn.APPLY:
                return self._texts.get(invoice.id, "")

    def _earned(self, invoice: OpenInvoice) -> bool:
        text = self._texts.get(invoice.id, "").strip()
        try:
            paying = parse_number(text, self.locale) if text else None
        except ValidationError:
            return False
        return paying is not None and invoice.discount_when_paying(paying) > 0

    def _background(self, invoice: OpenInvoice, column: AllocationColumn) -> QColor | None:
        if column is AllocationColumn.APPLY and invoice.id in self._problems:
            return error_background()
        return None

    def _foreground(self, invoice: OpenInvoice, column: AllocationColumn) -> Any:
        if column is AllocationColumn.DISCOUNT and invoice.discount:
            return EARNED_COLOR if self._earned(invoice) else NOT_EARNED_COLOR
        if column is AllocationColumn.DUE and self.today and invoice.due_date < self.today:
            return OVERDUE_COLOR
        return None

    def _tooltip(self, invoice: OpenInvoice, column: AllocationColumn) -> str | None:
        if column is AllocationColumn.APPLY and invoice.id in self._problems:
            return self._problems[invoice.id]
        if column is AllocationColumn.DISCOUNT and invoice.discount:
            discount = self._money(invoice.discount)
            settles = self._money(invoice.settles_with)
            if self._earned(invoice):
                state = pgettext("early-payment discount", "granted")
            else:
                state = pgettext("early-payment discount", "not granted yet")
            if invoice.discount_until:
                until = format_date(invoice.discount_until, self.locale)
                text = _(
                    "Early-payment discount: {discount} off when {amount} pays the rest by "
                    "{date} ({state})."
                )
                return text.format(discount=discount, amount=settles, date=until, state=state)
            text = _(
                "Early-payment discount: {discount} off when {amount} pays the rest ({state})."
            )
            return text.format(discount=discount, amount=settles, state=state)
        return None
