# SPDX-License-Identifier: MIT
"""Record a promise to pay on a customer's open invoices, or a dispute on one of them.

A promise names a sum ("€500 by Friday") and covers one, several or all open invoices: the sum
starts as what is owed on the ticked invoices and follows the ticks until the person types
their own. Both hold reminders and late fees (a promise through its day, a dispute until
resolved); the services write them to the contact log in the same transaction. Used from the
collections Today page and the customer pane.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.formatting import format_date, format_money
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.services.reminders.holds import HoldRecord, open_dispute, record_promise
from arapp.services.reminders.overview import OpenInvoice, open_invoices
from arapp.ui.display import Display
from arapp.ui.forms import FormDialog, plain_label
from arapp.ui.reminders.common import hint_label
from arapp.ui.widgets.dates import DATE_FORMAT
from arapp.ui.widgets.numbers import number_text, parse_number

InvoiceIdRole = Qt.ItemDataRole.UserRole + 1
"""Role of an item of the promise's invoice list returning the invoice id it stands for."""


class HoldDialog(FormDialog):
    """A promise to pay (``kind="promise"``: invoices, amount, until, note) or a dispute
    (invoice, note).

    Attributes:
        invoice: The customer's open invoices, one to choose (disputes).
        invoices: The customer's open invoices, ticked (promises).
        all_invoices: Ticks or unticks every invoice of ``invoices`` (promises).
        amount: The sum promised (promises); what the ticked invoices owe until typed over.
        until: The promised day (promises only).
        note: What was said.
        record: The hold recorded, once saved.
    """

    def __init__(
        self,
        ctx: AppContext,
        display: Display,
        customer_id: int,
        kind: str,
        parent: QWidget | None = None,
        invoice_id: int | None = None,
    ) -> None:
        promise = kind == "promise"
        super().__init__("Record a promise to pay" if promise else "Open a dispute", parent)
        self.ctx = ctx
        self.kind = kind
        self.locale = display.locale
        self.record: HoldRecord | None = None
        self._typed_amount = False
        self.open = open_invoices(ctx, customer_id)
        self.invoice = QComboBox()
        self.invoices = QListWidget()
        self.all_invoices = QCheckBox("&All open invoices")
        for inv in self.open:
            self.invoice.addItem(self._text(inv), inv.id)
            item = QListWidgetItem(self._text(inv))
            item.setData(InvoiceIdRole, inv.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = invoice_id is None or inv.id == invoice_id
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.invoices.addItem(item)
        if invoice_id is not None:
            self.invoice.setCurrentIndex(max(self.invoice.findData(invoice_id), 0))
        self.invoices.setMaximumHeight(24 * min(max(len(self.open), 2), 6) + 6)
        self.amount = QLineEdit()
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setMaximumWidth(140)
        self.amount.textEdited.connect(self._amount_typed)
        self.owed = plain_label()
        self.owed.setObjectName("owedOnTicked")
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat(DATE_FORMAT)
        start = ctx.today() + timedelta(days=7)
        self.until.setDate(QDate(start.year, start.month, start.day))
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.note.setPlaceholderText(
            "What the customer promised" if promise else "What the customer disputes"
        )
        if promise:
            covers = QWidget()
            column = QVBoxLayout(covers)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(4)
            column.addWidget(self.all_invoices)
            column.addWidget(self.invoices)
            amount_row = QWidget()
            amount_row.setFocusProxy(self.amount)  # the caption's mnemonic lands in the field
            row = QHBoxLayout(amount_row)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(self.amount)
            row.addWidget(self.owed, 1)
            self.add_rows([("&Invoices", "invoices", covers)])
            self.form.add_row("A&mount", "amount", amount_row)
            self.amount.setObjectName("amount")
            self.add_rows([("&Pays by", "until", self.until)])
            self.invoices.itemChanged.connect(lambda _item: self._ticks_changed())
            self.all_invoices.toggled.connect(self._tick_all)
            self._ticks_changed()
        else:
            self.add_rows([("&Invoice", "invoice_id", self.invoice)])
        self.add_rows([("&Note", "note", self.note)])
        hint = hint_label(
            "Reminders and late fees of the chosen invoices wait through the promised day. "
            "What comes in on them counts towards the promise."
            if promise
            else "Reminders and late fees of the invoice wait until the dispute is resolved."
        )
        self.finish(520 if promise else 460, above=[hint])
        if not self.open:
            self.form.show_banner("This customer has no open invoices.")

    def _text(self, inv: OpenInvoice) -> str:
        return (
            f"{inv.number} · due {format_date(inv.due_date, self.locale)} · "
            f"{format_money(inv.amount_due, inv.currency, self.locale)}"
        )

    # -- the invoices and the amount (promises) -----------------------------------------------

    def ticked_ids(self) -> list[int]:
        """The invoices ticked for the promise, oldest due first."""
        return [
            int(self.invoices.item(i).data(InvoiceIdRole))
            for i in range(self.invoices.count())
            if self.invoices.item(i).checkState() == Qt.CheckState.Checked
        ]

    def owed_on_ticked(self) -> Decimal:
        ids = set(self.ticked_ids())
        return sum((inv.amount_due for inv in self.open if inv.id in ids), Decimal(0))

    def _tick_all(self, checked: bool) -> None:
        if checked:
            for i in range(self.invoices.count()):
                self.invoices.item(i).setCheckState(Qt.CheckState.Checked)
        elif len(self.ticked_ids()) == self.invoices.count():
            for i in range(self.invoices.count()):
                self.invoices.item(i).setCheckState(Qt.CheckState.Unchecked)

    def _ticks_changed(self) -> None:
        every = bool(self.open) and len(self.ticked_ids()) == len(self.open)
        self.all_invoices.blockSignals(True)  # a tick shows in the box, it ticks nothing more
        self.all_invoices.setChecked(every)
        self.all_invoices.blockSignals(False)
        if not self.open:
            return
        currency = self.open[0].currency
        owed = format_money(self.owed_on_ticked(), currency, self.locale)
        self.owed.setText(f"{currency}  ·  {owed} owed on the ticked invoices")
        if not self._typed_amount:
            self.amount.setText(number_text(self.owed_on_ticked(), self.locale, currency))

    def _amount_typed(self, text: str) -> None:
        self._typed_amount = bool(text.strip())

    # -- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        note = self.note.toPlainText()
        if not self.open:
            self.form.show_banner("This customer has no open invoices.")
            return
        if self.kind == "promise":
            ids = self.ticked_ids()
            if not ids:
                self.form.show_errors(
                    InputErrors([ValidationError("invoices", "Tick the invoices it covers.")])
                )
                return
            try:
                amount = parse_number(self.amount.text(), self.locale)
            except ValidationError as exc:
                self.form.show_errors(InputErrors([exc]))
                return
            until = self.until.date().toPython()
            self.record = self.saved(
                lambda: record_promise(self.ctx, ids, until, note, amount=amount)
            )
        else:
            invoice_id = int(self.invoice.currentData())
            self.record = self.saved(lambda: open_dispute(self.ctx, invoice_id, note))
