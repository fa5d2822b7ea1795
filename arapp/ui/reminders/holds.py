# SPDX-License-Identifier: MIT
"""Record a promise to pay or a dispute on one of a customer's open invoices.

Both hold the invoice's reminders (a promise through its day, a dispute until resolved); the
services write them to the contact log in the same transaction. Used from the collections Today
page and the customer pane.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QPlainTextEdit,
    QWidget,
)

from arapp.formatting import format_date, format_money
from arapp.services.context import AppContext
from arapp.services.reminders.holds import HoldRecord, open_dispute, record_promise
from arapp.services.reminders.overview import open_invoices
from arapp.ui.display import Display
from arapp.ui.forms import FormDialog
from arapp.ui.reminders.common import hint_label
from arapp.ui.widgets.dates import DATE_FORMAT


class HoldDialog(FormDialog):
    """A promise to pay (``kind="promise"``: invoice, until, note) or a dispute (invoice, note).

    Attributes:
        invoice: The customer's open invoices.
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
        self.record: HoldRecord | None = None
        locale = display.locale
        self.invoice = QComboBox()
        for inv in open_invoices(ctx, customer_id):
            text = (
                f"{inv.number} · due {format_date(inv.due_date, locale)} · "
                f"{format_money(inv.amount_due, inv.currency, locale)}"
            )
            self.invoice.addItem(text, inv.id)
        if invoice_id is not None:
            self.invoice.setCurrentIndex(max(self.invoice.findData(invoice_id), 0))
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
        rows = [("&Invoice", "invoice_id", self.invoice)]
        if promise:
            rows.append(("&Pays by", "until", self.until))
        self.add_rows([*rows, ("&Note", "note", self.note)])
        hint = hint_label(
            "Reminders of the invoice wait through the promised day."
            if promise
            else "Reminders of the invoice wait until the dispute is resolved."
        )
        self.finish(460, above=[hint])
        if self.invoice.count() == 0:
            self.form.show_banner("This customer has no open invoices.")

    def save(self) -> None:
        invoice_id = self.invoice.currentData()
        if invoice_id is None:
            self.form.show_banner("This customer has no open invoices.")
            return
        note = self.note.toPlainText()
        if self.kind == "promise":
            until = self.until.date().toPython()
            self.record = self.saved(lambda: record_promise(self.ctx, int(invoice_id), until, note))
        else:
            self.record = self.saved(lambda: open_dispute(self.ctx, int(invoice_id), note))
