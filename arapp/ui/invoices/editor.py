# SPDX-License-Identifier: MIT
"""The invoice editor: a new draft, or changes to a draft, and issuing it.

Totals are live: every edit (after a pause of :data:`TOTALS_DELAY_MS`) sends the lines to
:func:`~arapp.services.invoices.preview_totals`, which checks them and computes the totals
without touching the database; wrong cells turn red with the service's message. Saving goes
through :func:`~arapp.services.invoices.save_draft`; "Save and issue" then calls
:func:`~arapp.services.lifecycle.issue_invoice`, asking first when the customer is on credit hold
or would go over their credit limit, and offering to issue it dated today when its date is
before the last invoice's (numbers follow dates).
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.domain.invoice import InvoiceStatus
from arapp.i18n import _
from arapp.services.catalog import list_tax_rates
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.invoices import (
    InvoiceDraft,
    InvoiceRecord,
    get_invoice,
    preview_totals,
    save_draft,
)
from arapp.services.settings import INVOICE_FOOTER, get_setting
from arapp.ui.display import Display
from arapp.ui.forms import error_label, plain_label
from arapp.ui.invoices.actions import issue_with_confirmation
from arapp.ui.invoices.editor_header import InvoiceHeader, due_from_terms
from arapp.ui.invoices.line_tools import LineTools
from arapp.ui.invoices.line_view import LinesView
from arapp.ui.invoices.lines import (
    LinesModel,
    cell_errors,
    described,
    line_drafts,
    state_of,
)
from arapp.ui.invoices.totals_panel import TotalsPanel
from arapp.ui.prompts import confirm
from arapp.ui.widgets.numbers import number_text, parse_number
from arapp.ui.widgets.screen import fit_to_screen

TOTALS_DELAY_MS = 100  # recompute after a pause in typing, not on every key stroke


class InvoiceEditor(QDialog):
    """Edit a new or a draft invoice.

    Attributes:
        record: The draft as last saved (``None`` until saved).
        issued: The invoice once issued from here.
        header: Customer and dates.
        lines: The lines model; ``lines_view`` shows it.
        totals: The live totals panel.
    """

    def __init__(
        self,
        ctx: AppContext,
        display: Display,
        invoice_id: int | None = None,
        customer_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.locale = display.locale
        self.company_currency = display.currency
        rates = list_tax_rates(ctx, include_inactive=True)
        self.rates = {r.id: r for r in rates}
        self.invoice_id = invoice_id
        self.record: InvoiceRecord | None = None
        self.issued: InvoiceRecord | None = None
        #: "Issue and send" was pressed: whoever opened the editor e-mails it once issued.
        self.send_after = False
        self.dirty = False
        self._tried_save = False
        self._loading = True

        self.setWindowTitle(_("New invoice") if invoice_id is None else _("Edit draft invoice"))
        self.header = InvoiceHeader(ctx, self.locale)
        self.lines = LinesModel(rates, self.locale, self.company_currency, parent=self)
        self.lines_view = LinesView(self.lines)
        self.lines_error = error_label("lines")
        self.totals = TotalsPanel(self.locale)
        self.banner = error_label("form")
        self.discount = QLineEdit()
        self.discount.setObjectName("invoiceDiscount")
        self.discount.setPlaceholderText("0")
        self.discount.setMaximumWidth(90)
        self.discount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.discount_error = error_label("discount_percent")
        self.notes = _text_box("invoiceNotes", _("Printed above the footer (optional)"), 3)
        self.footer = _text_box("invoiceFooter", _("Printed at the foot of the invoice"), 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.header)
        self.tools = LineTools(ctx, self.lines_view, self.locale, self.company_currency)
        layout.addWidget(self.tools)
        layout.addWidget(self.lines_view, 1)
        hint = plain_label(
            _(
                "Type on a cell to fill it in; Tab moves to the next cell, Enter finishes a "
                "cell, Shift+Enter starts a new line in a description."
            ),
            wrap=True,
        )
        hint.setObjectName("linesHint")
        hint.setEnabled(False)  # quieter than the fields
        layout.addWidget(hint)
        layout.addWidget(self.lines_error)
        layout.addLayout(self._bottom())
        layout.addWidget(self.banner)
        layout.addLayout(self._buttons())
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field must not save and close the dialog

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TOTALS_DELAY_MS)
        self._timer.timeout.connect(self.recompute)
        self.header.changed.connect(self._changed)
        self.header.customer_changed.connect(lambda _c: self._changed())
        self.lines.edited.connect(self._changed)
        self.discount.textEdited.connect(lambda _t: self._changed())
        self.notes.textChanged.connect(self._changed)
        self.footer.textChanged.connect(self._changed)
        for keys in ("Ctrl+S", "Ctrl+Return"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)

        if invoice_id is not None:
            self._load(invoice_id)
        else:
            self.header.set_dates(ctx.today(), ctx.today(), False)
            self.footer.setPlainText(get_setting(ctx, INVOICE_FOOTER))
            if customer_id is not None:
                self.header.set_customer_id(customer_id)
            self.header.refill_due_date()
        self._loading = False
        self.dirty = False
        self.recompute()
        fit_to_screen(self, 1000, 660)
        if self.header.customer is None:
            self.header.picker.setFocus()

    # -- building -----------------------------------------------------------------------------

    def _bottom(self) -> QHBoxLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        discount = QHBoxLayout()
        discount.addWidget(self.discount)
        discount.addWidget(self.discount_error, 1)
        for text, buddy, field in (
            (_("Invoice disc&ount %"), self.discount, discount),
            (_("&Notes"), self.notes, self.notes),
            (_("&Footer"), self.footer, self.footer),
        ):
            caption = QLabel(text)
            caption.setBuddy(buddy)
            form.addRow(caption, field)
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addLayout(form, 3)
        row.addWidget(self.totals, 2, Qt.AlignmentFlag.AlignTop)
        return row

    def _buttons(self) -> QHBoxLayout:
        """Cancel, Save draft, Save and issue: in the order of how final they are."""
        self.cancel_button = QPushButton(_("Cancel"))
        self.save_button = QPushButton(_("&Save draft"))
        self.issue_button = QPushButton(_("Save and &issue"))
        self.issue_send_button = QPushButton(_("Issue and s&end"))
        self.issue_send_button.setToolTip(
            _("Save, issue, then e-mail it to the customer with the PDF attached")
        )
        self.issue_send_button.clicked.connect(self.issue_and_send)
        self.save_button.setToolTip(_("Save as a draft (Ctrl+S); it gets its number when issued"))
        self.issue_button.setToolTip(_("Save, then give the invoice its number (final)"))
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.issue_button.clicked.connect(self.save_and_issue)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (
            self.cancel_button,
            self.save_button,
            self.issue_button,
            self.issue_send_button,
        ):
            row.addWidget(button)
        return row

    def _load(self, invoice_id: int) -> None:
        record = get_invoice(self.ctx, invoice_id)
        self.record = record
        self.setWindowTitle(_("Draft invoice for {customer}").format(customer=record.customer_name))
        self.header.set_customer_id(record.customer_id)
        customer = self.header.customer
        by_terms = due_from_terms(customer, record.issue_date) if customer else None
        self.header.set_dates(record.issue_date, record.due_date, record.due_date != by_terms)
        self.lines.set_lines([state_of(ln, self.locale, record.currency) for ln in record.lines])
        if record.discount_percent:
            self.discount.setText(number_text(record.discount_percent, self.locale))
        self.notes.setPlainText(record.notes)
        self.footer.setPlainText(record.footer)
        if (
            record.status != InvoiceStatus.DRAFT
        ):  # issued meanwhile (another window): look, don't touch
            self.banner.setText(
                _("{number} is issued: it can no longer be changed.").format(number=record.number)
            )
            self.banner.setVisible(True)
            self.save_button.setEnabled(False)
            self.issue_button.setEnabled(False)
            self.issue_send_button.setEnabled(False)

    # -- live totals --------------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self._timer.start()

    def _discount(self) -> Decimal:
        text = self.discount.text().strip()
        if not text:
            return Decimal(0)
        try:
            return parse_number(text, self.locale)
        except ValidationError as exc:
            raise InputErrors([ValidationError("discount_percent", str(exc))]) from exc

    def recompute(self) -> None:
        """Check the lines and show the totals (services only; no database)."""
        self._timer.stop()
        drafts, rows, errors = line_drafts(self.lines.lines, self.locale)
        currency = self.header.currency(self.company_currency)
        if not self._tried_save:  # a line being typed has no description yet: not an error yet
            drafts = [d if d.description.strip() else described(d) for d in drafts]
        totals = None
        try:
            discount = self._discount()
            totals = preview_totals(drafts, self.rates, currency, discount)
        except InputErrors as exc:
            errors.extend(e for e in exc.errors if e.field not in {x.field for x in errors})
        self._show_errors(errors, rows, keep_banner=True)
        if totals is None:
            self.lines.set_amounts([], currency)
            self.totals.clear(_("Totals show once every line reads right."))
            return
        amounts: list[Decimal | None] = [None] * len(self.lines.lines)
        for row, line in zip(rows, totals.lines, strict=True):
            amounts[row] = line.amount
        self.lines.set_amounts(amounts, currency)
        self.totals.show_totals(totals, discount)

    def _show_errors(
        self, errors: list[ValidationError], rows: list[int], keep_banner: bool = False
    ) -> None:
        cells, others = cell_errors(errors, rows)
        line_messages = list(cells.values())
        loose: list[str] = []
        self.header.clear_errors()
        self.discount_error.setVisible(False)
        for error in others:
            if error.field in ("discount_percent", "invoice_discount_percent"):
                self.discount_error.setText(error.message)
                self.discount_error.setVisible(True)
            elif not self.header.show_error(error.field, error.message):
                loose.append(error.message)
        self.lines.set_errors(cells)
        self.lines_error.setText("\n".join(line_messages))
        self.lines_error.setVisible(bool(line_messages))
        if loose or not keep_banner:
            self.banner.setText("\n".join(loose))
            self.banner.setVisible(bool(loose))

    # -- saving -------------------------------------------------------------------------------

    def _draft(self) -> tuple[InvoiceDraft, list[int]] | None:
        self._tried_save = True
        drafts, rows, errors = line_drafts(self.lines.lines, self.locale)
        try:
            discount = self._discount()
        except InputErrors as exc:
            errors.extend(exc.errors)
            discount = Decimal(0)
        if errors:
            self._show_errors(errors, rows)
            return None
        customer = self.header.customer
        draft = InvoiceDraft(
            customer_id=customer.id if customer is not None else 0,
            issue_date=self.header.issue(),
            lines=tuple(drafts),
            due_date=self.header.due() if self.header.due_edited else None,
            discount_percent=discount,
            notes=self.notes.toPlainText(),
            footer=self.footer.toPlainText(),
        )
        return draft, rows

    def save_draft(self) -> bool:
        """Save as a draft; ``False`` (with the reasons shown) when it could not be saved."""
        self.lines_view.commit_open_editor()
        built = self._draft()
        if built is None:
            return False
        draft, rows = built
        try:
            record = save_draft(self.ctx, draft, self.invoice_id)
        except InputErrors as exc:
            self._show_errors(list(exc.errors), rows)
            return False
        except ServiceError as exc:
            self._show_errors([ValidationError("form", str(exc))], rows)
            return False
        self._show_errors([], rows)
        self.invoice_id, self.record, self.dirty = record.id, record, False
        self.setWindowTitle(_("Draft invoice for {customer}").format(customer=record.customer_name))
        return True

    def save(self) -> None:
        if self.save_button.isEnabled() and self.save_draft():
            self.accept()

    def save_and_issue(self) -> None:
        if not self.issue_button.isEnabled() or not self.save_draft():
            return
        assert self.invoice_id is not None
        try:
            issued = issue_with_confirmation(self, self.ctx, self.invoice_id)
        except ServiceError as exc:
            self._show_errors([ValidationError("form", str(exc))], [])
            return
        if issued is None:
            self.banner.setText(_("Saved as a draft; not issued."))
            self.banner.setVisible(True)
            return
        self.issued = issued
        self.accept()

    def issue_and_send(self) -> None:
        """Save and issue; once issued, the opener e-mails it (:attr:`send_after`)."""
        self.send_after = True
        self.save_and_issue()
        if self.issued is None:
            self.send_after = False

    def reject(self) -> None:
        """Cancel, Escape or the window's close button: ask before dropping changes."""
        if self.dirty and not confirm(
            self,
            _("Discard changes?"),
            _("This invoice has changes that are not saved. Close it and lose them?"),
            _("Discard changes"),
        ):
            return
        self.dirty = False
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def _text_box(name: str, placeholder: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box
