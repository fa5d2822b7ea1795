# SPDX-License-Identifier: MIT
"""Record a promise to pay or a dispute on one of a customer's open invoices.

Both hold the invoice's reminders (a promise through its day, a dispute until resolved); the
services write them to the contact log in the same transaction. Used from the collections Today
page and the customer pane.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from arapp.formatting import format_date, format_money
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.reminders.holds import HoldRecord, open_dispute, record_promise
from arapp.services.reminders.overview import open_invoices
from arapp.ui.forms import ErrorForm
from arapp.ui.reminders.common import company_locale, hint_label


class HoldDialog(QDialog):
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
        customer_id: int,
        kind: str,
        parent: QWidget | None = None,
        invoice_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.record: HoldRecord | None = None
        locale = company_locale(ctx)
        promise = kind == "promise"
        self.setWindowTitle("Record a promise to pay" if promise else "Open a dispute")
        self.invoice = QComboBox()
        self.invoice.setObjectName("invoice_id")
        for inv in open_invoices(ctx, customer_id):
            text = (
                f"{inv.number} · due {format_date(inv.due_date, locale)} · "
                f"{format_money(inv.amount_due, inv.currency, locale)}"
            )
            self.invoice.addItem(text, inv.id)
        if invoice_id is not None:
            self.invoice.setCurrentIndex(max(self.invoice.findData(invoice_id), 0))
        self.until = QDateEdit()
        self.until.setObjectName("until")
        self.until.setCalendarPopup(True)
        start = ctx.today() + timedelta(days=7)
        self.until.setDate(QDate(start.year, start.month, start.day))
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.note.setPlaceholderText(
            "What the customer promised" if promise else "What the customer disputes"
        )
        self.form = ErrorForm()
        self.form.add_row("&Invoice", "invoice_id", self.invoice)
        if promise:
            self.form.add_row("&Pays by", "until", self.until)
        self.form.add_row("&Note", "note", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(
            hint_label(
                "Reminders of the invoice wait through the promised day."
                if promise
                else "Reminders of the invoice wait until the dispute is resolved."
            )
        )
        layout.addWidget(self.form.banner)
        layout.addLayout(self.form.layout)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        if self.invoice.count() == 0:
            self.form.show_banner("This customer has no open invoices.")

    def save(self) -> None:
        invoice_id = self.invoice.currentData()
        if invoice_id is None:
            self.form.show_banner("This customer has no open invoices.")
            return
        note = self.note.toPlainText()
        try:
            if self.kind == "promise":
                until = self.until.date().toPython()
                self.record = record_promise(self.ctx, int(invoice_id), until, note)
            else:
                self.record = open_dispute(self.ctx, int(invoice_id), note)
        except InputErrors as exc:
            self.form.show_errors(exc)
            return
        except ServiceError as exc:
            self.form.show_banner(str(exc))
            return
        self.accept()
