# SPDX-License-Identifier: MIT
"""Where a payment goes: the customer's open invoices with an Apply column, "Oldest first" and
"Clear", and a live summary "Applied X · Discount Y · Left as credit Z".

Used by the record-payment and apply-credit dialogs. The invoices, the oldest-first plan, the
discounts and the checks all come from :mod:`arapp.services.payment_allocation`; the panel
reads what is typed and shows what the service says.

Until the person types into an Apply cell (or presses Clear) the panel follows the amount:
each new amount is spread oldest due first, as the service would do on its own, or, for a
payment opened from one invoice (:meth:`AllocationPanel.follow_invoice`), put on that invoice
alone, so a partial payment of it needs no more than typing the amount received.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.formatting import format_money
from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.services.payment_allocation import (
    AllocationSummary,
    OpenInvoice,
    oldest_first,
    open_invoices_for_allocation,
    summarize_allocation,
)
from arapp.ui.forms import error_label, plain_label
from arapp.ui.payments.allocation_model import AllocationColumn, AllocationModel

AnyIndex = QModelIndex | QPersistentModelIndex
WIDTHS = {
    AllocationColumn.NUMBER: 130,
    AllocationColumn.ISSUED: 100,
    AllocationColumn.DUE: 100,
    AllocationColumn.TOTAL: 105,
    AllocationColumn.OPEN: 105,
    AllocationColumn.DISCOUNT: 90,
    AllocationColumn.APPLY: 110,
}


class AllocationTable(QTableView):
    """The invoices; the current cell stays in the Apply column, so Up/Down walk the invoices
    and typing a number fills in what is applied. Tab leaves the table."""

    def __init__(self, model: AllocationModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("allocationTable")
        self.setModel(model)
        self.setTabKeyNavigation(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(AllocationColumn.NUMBER, QHeaderView.ResizeMode.Stretch)

    def currentChanged(self, current: AnyIndex, previous: AnyIndex) -> None:
        super().currentChanged(current, previous)  # commits an editor left on ``previous``
        if current.isValid() and current.column() != AllocationColumn.APPLY:
            self.setCurrentIndex(current.siblingAtColumn(AllocationColumn.APPLY))

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if not self.currentIndex().isValid() and self.model().rowCount():
            self.setCurrentIndex(self.model().index(0, AllocationColumn.APPLY))

    def edit_row(self, row: int) -> None:
        """Start typing into the Apply cell of ``row``."""
        index = self.model().index(row, AllocationColumn.APPLY)
        if self.state() == QAbstractItemView.State.EditingState:
            self.setCurrentIndex(QModelIndex())  # commits and closes the editor open now
        self.setCurrentIndex(index)
        self.edit(index)


class AllocationPanel(QWidget):
    """The open invoices of one customer and what a payment applies to each.

    Attributes:
        changed: ``Signal()``, the summary changed.
        following: Each new amount is spread oldest first (until a hand edit or Clear).
        pinned: The invoice a followed amount goes to alone (``None``: all, oldest first).
        amount: The payment's amount, if one reads.
        invoices: What :func:`open_invoices_for_allocation` returned.
    """

    changed = Signal()

    def __init__(self, ctx: AppContext, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = locale
        self.currency = "EUR"
        self.customer_id: int | None = None
        self.on = ctx.today()
        self.amount: Decimal | None = None
        self.following = True
        self.pinned: int | None = None
        self.invoices: list[OpenInvoice] = []
        self._summary = summarize_allocation(None, [], {}, self.currency)
        self._wrong: dict[int, str] = {}

        self.model = AllocationModel(locale, parent=self)
        self.model.today = ctx.today()
        self.view = AllocationTable(self.model)
        self.view.setMinimumHeight(150)
        self.oldest_button = QPushButton(_("&Oldest first"))
        self.oldest_button.setObjectName("oldestFirst")
        self.oldest_button.setToolTip(_("Spread the amount over the invoices, oldest due first"))
        self.clear_button = QPushButton(_("C&lear"))
        self.clear_button.setObjectName("clearApplied")
        self.clear_button.setToolTip(_("Apply nothing: the whole amount stays as credit"))
        for button in (self.oldest_button, self.clear_button):
            button.setAutoDefault(False)
        self.oldest_button.clicked.connect(self.apply_oldest_first)
        self.clear_button.clicked.connect(self.clear)
        self.hint = plain_label(wrap=True)
        self.hint.setObjectName("allocationHint")
        self.hint.setEnabled(False)  # a quieter colour
        self.summary_label = plain_label(selectable=True)
        self.summary_label.setObjectName("allocationSummary")
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        self.problems_label = error_label("allocation")

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.oldest_button)
        buttons.addWidget(self.clear_button)
        buttons.addSpacing(10)
        buttons.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.problems_label)
        self.model.edited.connect(self._edited)
        self._update()

    # -- what is shown ------------------------------------------------------------------------

    def load(self, customer_id: int | None, currency: str, on: date | None = None) -> None:
        """Show ``customer_id``'s open invoices (none for ``None``) with the discounts of ``on``."""
        changed_customer = customer_id != self.customer_id
        self.customer_id, self.currency = customer_id, currency
        self.on = on or self.on
        self.invoices = []
        if customer_id is not None:
            self.invoices = open_invoices_for_allocation(self.ctx, customer_id, self.on)
        if changed_customer:
            self.model.set_invoices([], currency)  # nothing typed for another customer stays
            self.following, self.pinned = True, None
        self.model.set_invoices(self.invoices, currency)
        self._replan()

    def set_date(self, on: date) -> None:
        """The payment date changed: the discounts earned may change with it."""
        if on != self.on:
            self.on = on
            if self.customer_id is not None:
                self.load(self.customer_id, self.currency, on)

    def set_amount(self, amount: Decimal | None, *, replan: bool = True) -> None:
        """The payment's amount (``None``: none reads). ``replan=False`` keeps what is applied
        (an amount being corrected does not wipe the plan made for the last good one)."""
        self.amount = amount
        if replan:
            self._replan()
        else:
            self._update()

    def apply_oldest_first(self) -> None:
        """Spread the amount oldest due first, and keep doing so as the amount changes."""
        self.following, self.pinned = True, None
        self._replan()

    def follow_invoice(self, invoice_id: int) -> None:
        """Put each new amount on this invoice alone (up to what pays it off, less its
        discount; the rest stays as credit), until a hand edit, Clear or Oldest first."""
        self.following, self.pinned = True, invoice_id
        self._replan()

    def clear(self) -> None:
        self.following = False
        self.model.set_applies({})
        self._update()

    def apply_to(self, invoice_id: int, amount: Decimal) -> None:
        """Apply ``amount`` to one invoice only (a payment opened from that invoice)."""
        self.following = False
        self.model.set_applies({invoice_id: amount})
        self._update()

    def apply_amounts(self, amounts: Mapping[int, Decimal]) -> None:
        """Apply these amounts by invoice id (a bank match's proposal), the others nothing."""
        self.following = False
        self.model.set_applies(amounts)
        self._update()

    def invoice(self, invoice_id: int) -> OpenInvoice | None:
        return next((i for i in self.invoices if i.id == invoice_id), None)

    def _replan(self) -> None:
        if self.following:
            pinned = self.invoice(self.pinned) if self.pinned is not None else None
            targets = [pinned] if pinned is not None else self.invoices
            plan = oldest_first(self.amount, targets) if self.amount else {}
            self.model.set_applies(plan)
        self._update()

    def _edited(self) -> None:
        self.following = False
        self._update()

    # -- the summary --------------------------------------------------------------------------

    def summary(self) -> AllocationSummary:
        return self._summary

    def _money(self, amount: Decimal) -> str:
        return format_money(amount, self.currency, self.locale)

    def _update(self) -> None:
        amounts, self._wrong = self.model.applies()
        self._summary = summary = summarize_allocation(
            self.amount, self.invoices, amounts, self.currency
        )
        cells = {iid: text for iid, text in summary.problems if iid is not None}
        self.model.set_problems({**cells, **self._wrong})
        parts = [_("Applied {amount}").format(amount=self._money(summary.applied))]
        parts.append(_("Discount {amount}").format(amount=self._money(summary.discount)))
        if summary.credit is None:
            parts.append(_("type the amount received"))
        elif summary.credit >= 0:
            parts.append(_("Left as credit {amount}").format(amount=self._money(summary.credit)))
        else:
            more = self._money(-summary.credit)
            parts.append(_("{amount} more than received").format(amount=more))
        self.summary_label.setText(" · ".join(parts))
        messages = [*self._wrong.values(), *(text for _iid, text in summary.problems)]
        self.problems_label.setText("\n".join(messages))
        self.problems_label.setVisible(bool(messages))
        self.hint.setText(self._hint())
        has_invoices = bool(self.invoices)
        self.oldest_button.setEnabled(has_invoices)
        self.clear_button.setEnabled(has_invoices)
        self.changed.emit()

    def _hint(self) -> str:
        if self.customer_id is None:
            return _("Choose the customer to see their open invoices.")
        if not self.invoices:
            return _("No open invoices: the whole amount stays as the customer's credit.")
        pinned = self.invoice(self.pinned) if self.pinned is not None else None
        if self.following and pinned is not None:
            return _("Goes to {number} as the amount changes; type in Apply to choose.").format(
                number=pinned.number
            )
        if self.following:
            return _("Spread oldest due first as the amount changes; type in Apply to choose.")
        return _("Applied by hand.")

    def allocations(self) -> tuple[tuple[int, Decimal], ...]:
        """``(invoice id, amount)`` for the service, in the table's order.

        Raises:
            InputErrors: ``field="allocations"`` with every problem, when something is wrong.
        """
        messages = [*self._wrong.values(), *(text for _iid, text in self._summary.problems)]
        if messages:
            raise InputErrors([ValidationError("allocations", m) for m in messages])
        amounts, _wrong = self.model.applies()
        return tuple((i.id, amounts[i.id]) for i in self.invoices if i.id in amounts)

    def first_wrong_row(self) -> int | None:
        wrong = {*self._wrong, *(iid for iid, _ in self._summary.problems if iid is not None)}
        return next((n for n, i in enumerate(self.invoices) if i.id in wrong), None)
