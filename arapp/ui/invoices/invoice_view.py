# SPDX-License-Identifier: MIT
"""An issued invoice or credit note, read-only: what was billed, its state and its history,
with the things one still does to it (PDF, mark sent, credit note, void, duplicate)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.invoice import DRAFT_OR_VOID, DocumentKind, InvoiceStatus
from arapp.formatting import format_date, format_money
from arapp.i18n import N_, _
from arapp.services.catalog import list_tax_rates
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.invoice_list import InvoiceFilter, InvoiceStatusFilter, invoice_ids
from arapp.services.invoices import InvoiceRecord, duplicate_invoice, get_invoice
from arapp.services.lifecycle import mark_sent
from arapp.ui.display import Display
from arapp.ui.forms import plain_label
from arapp.ui.invoices.actions import void_with_reason
from arapp.ui.invoices.credit_dialog import CreditNoteDialog
from arapp.ui.invoices.labels import document_title, status_text
from arapp.ui.invoices.line_view import LinesView
from arapp.ui.invoices.lines import LinesModel, state_of
from arapp.ui.invoices.recurring import RecurringDialog
from arapp.ui.invoices.totals_panel import TotalsPanel
from arapp.ui.payments.record_dialog import RecordPaymentDialog
from arapp.ui.pdf_view import show_invoice_pdf
from arapp.ui.prompts import inform
from arapp.ui.send_documents import SendBatch, send_invoices_in_window
from arapp.ui.widgets.colours import OVERDUE_COLOR, VOID_COLOR, on_window

MAX_LINES_HEIGHT = 320  # the lines table grows with its lines up to this, then scrolls

_FACTS = (
    ("customer", N_("Customer")),
    ("issue_date", N_("Date")),
    ("due_date", N_("Due")),
    ("terms", N_("Terms")),
    # Translators: when the invoice was issued (a caption before a date and time).
    ("issued_at", N_("Issued")),
    # Translators: when the invoice was sent (a caption before a date and time).
    ("sent_at", N_("Sent")),
    ("related", N_("Related")),
    ("void_reason", N_("Void because")),
)


def related_documents(ctx: AppContext, record: InvoiceRecord) -> str:
    """The invoice a credit note corrects, or the credit notes of an invoice (by number)."""
    if record.kind == DocumentKind.CREDIT_NOTE and record.related_invoice_id:
        try:
            number = get_invoice(ctx, record.related_invoice_id).number
            return _("Credits invoice {number}").format(number=number)
        except ServiceError:
            return ""
    # No service lists an invoice's credit notes yet: look through the customer's (few) ones.
    notes = InvoiceFilter(status=InvoiceStatusFilter.CREDIT_NOTES, customer_id=record.customer_id)
    numbers = [
        note.number or _("draft")
        for note in (get_invoice(ctx, i) for i in invoice_ids(ctx, notes, limit=200))
        if note.related_invoice_id == record.id
    ]
    if not numbers:
        return ""
    return _("Credit notes: {numbers}").format(numbers=", ".join(numbers))


class InvoiceViewDialog(QDialog):
    """Shows one invoice as stored.

    Attributes:
        record: The invoice shown.
        duplicate_id: The draft made by Duplicate (the dialog closes to let it be edited).
    """

    def __init__(
        self, ctx: AppContext, display: Display, invoice_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.display = display
        self.locale = display.locale
        self.duplicate_id: int | None = None
        self.record = get_invoice(ctx, invoice_id)

        self.title = plain_label(selectable=True)
        self.title.setObjectName("viewTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.status = plain_label()
        self.status.setObjectName("viewStatus")
        facts = QFormLayout()
        facts.setHorizontalSpacing(14)
        facts.setVerticalSpacing(4)
        self.facts: dict[str, QLabel] = {}
        self._captions: dict[str, QLabel] = {}
        for key, caption in _FACTS:
            value = plain_label(wrap=True, selectable=True)
            value.setObjectName(f"fact_{key}")
            label = plain_label(_(caption))
            label.setEnabled(False)
            facts.addRow(label, value)
            self.facts[key], self._captions[key] = value, label
        self.lines = LinesModel(list_tax_rates(ctx, True), self.locale, "EUR", True, self)
        self.lines_view = LinesView(self.lines)
        self.lines_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do there but read
        self.totals = TotalsPanel(self.locale)
        self.notes = plain_label(wrap=True, selectable=True)
        self.notes.setObjectName("viewNotes")
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.pdf_button = self._button(_("&PDF preview"), self.preview_pdf)
        self.sent_button = self._button(_("Mark &sent"), self.mark_sent)
        self.send_button = self._button(_("Send by e-&mail…"), self.send)
        self.send_button.setObjectName("viewSend")
        self.send_batch: SendBatch | None = None
        self.credit_button = self._button(_("&Credit note…"), self.credit)
        self.void_button = self._button(_("&Void…"), self.void)
        self.duplicate_button = self._button(_("D&uplicate"), self.duplicate)
        self.recurring_button = self._button(_("Make &recurring…"), self.make_recurring)
        self.payment_button = self._button(_("Record pa&yment…"), self.record_payment)
        self.payment_button.setObjectName("viewRecordPayment")
        close = self._button(_("Close"), self.accept)

        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addSpacing(12)
        head.addWidget(self.status)
        head.addStretch(1)
        bottom = QHBoxLayout()
        bottom.setSpacing(24)
        bottom.addWidget(self.notes, 3)
        bottom.addWidget(self.totals, 2, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        for button in (
            self.payment_button,
            self.pdf_button,
            self.sent_button,
            self.send_button,
            self.credit_button,
            self.void_button,
            self.duplicate_button,
            self.recurring_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addLayout(facts)
        layout.addWidget(self.lines_view)
        layout.addLayout(bottom)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.fill(self.record)
        self.resize(900, min(self.sizeHint().height() + 20, 720))
        close.setFocus()

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- showing ------------------------------------------------------------------------------

    def _money(self, amount: Decimal) -> str:
        return format_money(amount, self.record.currency, self.locale)

    def _when(self, at: datetime | None) -> str:
        if at is None:
            return ""
        local = at.astimezone()
        return f"{format_date(local.date(), self.locale)} {local:%H:%M}"

    def fill(self, record: InvoiceRecord) -> None:
        self.record = record
        today = self.ctx.today()
        self.setWindowTitle(document_title(record.kind, record.number))
        self.title.setText(document_title(record.kind, record.number))
        days = (today - record.due_date).days if record.is_overdue(today) else 0
        self.status.setText(status_text(record.status, record.kind, days, record.balance))
        color = (
            VOID_COLOR if record.status == InvoiceStatus.VOID else OVERDUE_COLOR if days else None
        )
        self.status.setStyleSheet(
            f"font-weight: bold; color: {on_window(color).name()};"
            if color
            else "font-weight: bold;"
        )
        values = {
            "customer": f"{record.customer_name} ({record.customer_code})",
            "issue_date": format_date(record.issue_date, self.locale),
            "due_date": ""
            if record.kind == DocumentKind.CREDIT_NOTE
            else format_date(record.due_date, self.locale),
            "terms": "" if record.kind == DocumentKind.CREDIT_NOTE else record.terms,
            "issued_at": self._when(record.issued_at),
            "sent_at": self._when(record.sent_at) or (_("Not yet") if record.number else ""),
            "related": related_documents(self.ctx, record),
            "void_reason": record.void_reason,
        }
        for key, label in self.facts.items():
            label.setText(values[key])
            label.setVisible(bool(values[key]))
            self._captions[key].setVisible(bool(values[key]))
        self.lines.currency = record.currency
        self.lines.set_lines([state_of(ln, self.locale, record.currency) for ln in record.lines])
        self.lines.set_amounts([ln.amount for ln in record.lines], record.currency)
        self.totals.show_totals(record.totals(), record.discount_percent)
        if record.amount_paid and record.status != InvoiceStatus.VOID:
            credit_note = record.kind == DocumentKind.CREDIT_NOTE
            paid = _("Applied") if credit_note else _("Paid or credited")
            left = _("Open credit") if credit_note else _("Balance due")
            self.totals.add_row(paid, self._money(-record.amount_paid))
            self.totals.add_row(left, self._money(record.balance), bold=True)
        self.notes.setText("\n\n".join(t for t in (record.notes, record.footer) if t))
        self._fit_lines()
        self._update_buttons()

    def _fit_lines(self) -> None:
        """The lines table as tall as its lines, scrolling beyond :data:`MAX_LINES_HEIGHT`."""
        view = self.lines_view
        view.resizeRowsToContents()
        rows = sum(view.rowHeight(r) for r in range(self.lines.rowCount()))
        height = view.horizontalHeader().height() + rows + 2 * view.frameWidth() + 2
        view.setFixedHeight(min(height, MAX_LINES_HEIGHT))

    def _update_buttons(self) -> None:
        r = self.record
        issued = r.status not in DRAFT_OR_VOID
        self.pdf_button.setEnabled(True)
        self.sent_button.setEnabled(issued and r.sent_at is None)
        self.send_button.setEnabled(issued)
        self.credit_button.setEnabled(r.kind == DocumentKind.INVOICE and issued)
        self.void_button.setEnabled(
            r.status in (InvoiceStatus.ISSUED, InvoiceStatus.SENT) and not r.amount_paid
        )
        self.duplicate_button.setEnabled(r.kind == DocumentKind.INVOICE)
        self.payment_button.setEnabled(r.kind == DocumentKind.INVOICE and issued and r.balance > 0)
        self.recurring_button.setEnabled(
            r.kind == DocumentKind.INVOICE and issued and bool(r.lines)
        )

    def reload(self) -> None:
        self.fill(get_invoice(self.ctx, self.record.id))

    # -- actions ------------------------------------------------------------------------------

    def _failed(self, title: str, exc: ServiceError) -> None:
        inform(self, title, str(exc), warning=True)

    def preview_pdf(self) -> None:
        self.pdf_dialog = show_invoice_pdf(self, self.ctx, self.record.id)

    def mark_sent(self) -> None:
        try:
            mark_sent(self.ctx, [self.record.id])
        except ServiceError as exc:
            self._failed(_("Mark sent"), exc)
        self.reload()

    def send(self) -> None:
        """E-mail it (once to the same people; the summary offers "Send again…")."""
        self.send_batch = send_invoices_in_window(self, self.ctx, [self.record.id])
        if self.send_batch is not None:
            self.send_batch.finished.connect(lambda _outcome: self.reload())

    def void(self) -> None:
        try:
            done = void_with_reason(self, self.ctx, self.record.id, self.record.number or "")
        except ServiceError as exc:
            self._failed(_("Void invoice"), exc)
            return
        if done is not None:
            self.fill(done)

    def credit(self) -> None:
        dialog = CreditNoteDialog(self.ctx, self.display, self.record, self)
        if dialog.exec() and dialog.result_note is not None:
            self.reload()

    def duplicate(self) -> None:
        try:
            self.duplicate_id = duplicate_invoice(self.ctx, self.record.id).id
        except ServiceError as exc:
            self._failed(_("Duplicate"), exc)
            return
        self.accept()

    def record_payment(self) -> None:
        """Record money received for this invoice (the amount to pay it off, applied to it;
        typing less records a part payment of it)."""
        self.payment_dialog = RecordPaymentDialog(
            self.ctx, self.display, invoice_id=self.record.id, parent=self
        )
        if self.payment_dialog.exec() and self.payment_dialog.record is not None:
            self.reload()

    def make_recurring(self) -> None:
        """Bill this invoice's customer and lines again on a schedule."""
        self.recurring_dialog = RecurringDialog(self.ctx, self.display, self.record.id, self)
        if self.recurring_dialog.exec() and self.recurring_dialog.template_id is not None:
            inform(
                self,
                _("Make recurring"),
                _("Saved. See Tools ▸ Recurring invoices… to pause it or bill what is due."),
            )
