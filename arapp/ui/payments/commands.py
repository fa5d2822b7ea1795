# SPDX-License-Identifier: MIT
"""What the Payments tab's actions do: record, reverse, apply credit, refund, show related.

Each command asks what it must (a reason, the amounts) and calls one service; a
:class:`~arapp.services.errors.ServiceError`'s message is shown in a box, never a traceback.
The tables follow through the services' events.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from arapp.formatting import format_date, format_money
from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.payment_list import PaymentRow
from arapp.services.payments import PaymentRecord, get_payment
from arapp.services.reversals import reverse_payment
from arapp.ui.display import DisplaySource
from arapp.ui.payments.credit_dialogs import ApplyCreditDialog, RefundDialog
from arapp.ui.payments.record_dialog import RecordPaymentDialog
from arapp.ui.prompts import ask_reason, inform


class PaymentsView(Protocol):
    """What the commands need of the Payments tab: its selection, its locale, a way out.

    Attributes:
        locale: The company's locale, for the amounts and dates in questions.
        invoices_requested: ``Signal(int, list)``: show these invoices of this customer.
    """

    locale: str
    invoices_requested: SignalInstance

    def selected_row(self) -> PaymentRow | None:
        """The one payment selected, if exactly one is."""

    def select_soon(self, payment_id: int) -> None:
        """Select the payment now, or once its event has put it in the table."""


class PaymentCommands:
    """The tab's commands.

    Attributes:
        view: The table the commands act on.
        parent: The widget the dialogs and message boxes open over (the tab).
        display: The window's display source; each dialog takes its current display.
    """

    def __init__(
        self, view: PaymentsView, parent: QWidget, ctx: AppContext, display: DisplaySource
    ) -> None:
        self.view = view
        self.parent = parent
        self.ctx = ctx
        self.display = display

    def _failed(self, title: str, message: str) -> None:
        inform(self.parent, title, message, warning=True)

    def record_payment(
        self, customer_id: int | None = None, invoice_id: int | None = None
    ) -> PaymentRecord | None:
        """Open the record-payment dialog (pre-filled for a customer or an invoice)."""
        dialog = RecordPaymentDialog(
            self.ctx, self.display.current, customer_id, invoice_id, parent=self.parent
        )
        if not dialog.exec() or dialog.record is None:
            return None
        self.view.select_soon(dialog.record.id)
        return dialog.record

    def reverse_selected(self) -> None:
        row = self.view.selected_row()
        if row is None or row.status != "recorded":
            return
        money = format_money(row.amount, row.currency, self.view.locale)
        reason = ask_reason(
            self.parent,
            _("Reverse payment"),
            _(
                "Reverse the payment of {amount} from {customer} received {date}?\n\nThe "
                "invoices it paid owe the amount again, and any early-payment discount granted "
                "with it is taken back. The payment stays in the books, marked reversed. Why "
                "(kept with the payment)?"
            ).format(
                amount=money,
                customer=row.customer_name,
                date=format_date(row.date, self.view.locale),
            ),
            _("Reverse"),
        )
        if reason is None:
            return
        try:
            reverse_payment(self.ctx, row.id, reason)
        except ServiceError as exc:
            self._failed(_("Reverse payment"), str(exc))

    def apply_selected(self) -> None:
        row = self.view.selected_row()
        if row is None or row.status != "recorded" or row.unapplied <= 0:
            return
        try:
            dialog = ApplyCreditDialog(self.ctx, self.display.current, row.id, self.parent)
        except ServiceError as exc:
            self._failed(_("Apply credit"), str(exc))
            return
        dialog.exec()

    def refund_for(self, customer_id: int) -> None:
        try:
            dialog = RefundDialog(self.ctx, self.display.current, customer_id, self.parent)
        except ServiceError as exc:
            self._failed(_("Refund credit"), str(exc))
            return
        dialog.exec()

    def show_invoices_selected(self) -> None:
        """Show the invoices the selected payment is on, in the Invoices tab."""
        row = self.view.selected_row()
        if row is None:
            return
        try:
            record = get_payment(self.ctx, row.id)
        except ServiceError as exc:
            self._failed(_("Invoices paid"), str(exc))
            return
        ids = [a.invoice_id for a in record.applied]
        if not ids:
            self._failed(
                _("Invoices paid"), _("This payment is on no invoice (any of it is credit).")
            )
            return
        self.view.invoices_requested.emit(row.customer_id, ids)
