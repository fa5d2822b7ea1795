# SPDX-License-Identifier: MIT
"""What the Payments tab's actions do: record, reverse, apply credit, refund, show related.

Each command asks what it must (a reason, the amounts) and calls one service; a
:class:`~arapp.services.errors.ServiceError`'s message is shown in a box, never a traceback.
The tables follow through the services' events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arapp.formatting import format_date, format_money
from arapp.services.errors import ServiceError
from arapp.services.payments import PaymentRecord, get_payment, reverse_payment
from arapp.ui.payments.credit_dialogs import ApplyCreditDialog, RefundDialog
from arapp.ui.payments.record_dialog import RecordPaymentDialog
from arapp.ui.prompts import ask_reason, inform

if TYPE_CHECKING:
    from arapp.ui.payments.tab import PaymentsTab


class PaymentCommands:
    """The tab's commands."""

    def __init__(self, tab: PaymentsTab) -> None:
        self.tab = tab
        self.ctx = tab.ctx

    def _failed(self, title: str, message: str) -> None:
        inform(self.tab, title, message, warning=True)

    def record_payment(
        self, customer_id: int | None = None, invoice_id: int | None = None
    ) -> PaymentRecord | None:
        """Open the record-payment dialog (pre-filled for a customer or an invoice)."""
        dialog = RecordPaymentDialog(self.ctx, customer_id, invoice_id, parent=self.tab)
        if not dialog.exec() or dialog.record is None:
            return None
        self.tab.select_soon(dialog.record.id)
        return dialog.record

    def reverse_selected(self) -> None:
        row = self.tab.selected_row()
        if row is None or row.status != "recorded":
            return
        money = format_money(row.amount, row.currency, self.tab.locale)
        reason = ask_reason(
            self.tab,
            "Reverse payment",
            f"Reverse the payment of {money} from {row.customer_name} received "
            f"{format_date(row.date, self.tab.locale)}?\n\nThe invoices it paid owe the amount "
            "again, and any early-payment discount granted with it is taken back. The payment "
            "stays in the books, marked reversed. Why (kept with the payment)?",
            "Reverse",
        )
        if reason is None:
            return
        try:
            reverse_payment(self.ctx, row.id, reason)
        except ServiceError as exc:
            self._failed("Reverse payment", str(exc))

    def apply_selected(self) -> None:
        row = self.tab.selected_row()
        if row is None or row.status != "recorded" or row.unapplied <= 0:
            return
        try:
            dialog = ApplyCreditDialog(self.ctx, row.id, self.tab)
        except ServiceError as exc:
            self._failed("Apply credit", str(exc))
            return
        dialog.exec()

    def refund_for(self, customer_id: int) -> None:
        try:
            dialog = RefundDialog(self.ctx, customer_id, self.tab)
        except ServiceError as exc:
            self._failed("Refund credit", str(exc))
            return
        dialog.exec()

    def show_invoices_selected(self) -> None:
        """Show the invoices the selected payment is on, in the Invoices tab."""
        row = self.tab.selected_row()
        if row is None:
            return
        try:
            record = get_payment(self.ctx, row.id)
        except ServiceError as exc:
            self._failed("Invoices paid", str(exc))
            return
        ids = [a.invoice_id for a in record.applied]
        if not ids:
            self._failed("Invoices paid", "This payment is on no invoice (any of it is credit).")
            return
        self.tab.invoices_requested.emit(row.customer_id, ids)
