# SPDX-License-Identifier: MIT
"""Credit an issued invoice: all of it, chosen lines (and quantities), or an amount.

The dialog only gathers what to credit and why; :func:`~arapp.services.lifecycle.credit_invoice`
writes and issues the credit note, applies it to the invoice and refuses to credit more than
was invoiced. The total shown before issuing comes from
:func:`~arapp.services.invoices.preview_totals`.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.formatting import format_money
from arapp.i18n import _
from arapp.services.catalog import list_tax_rates
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.invoices import InvoiceRecord, LineDraft, preview_totals
from arapp.services.lifecycle import CreditResult, credit_invoice
from arapp.ui.display import Display
from arapp.ui.forms import error_label, plain_label
from arapp.ui.widgets.numbers import number_text, parse_number

WHOLE, LINES, AMOUNT = 0, 1, 2


class CreditNoteDialog(QDialog):
    """Choose what to credit on ``record`` and why.

    Attributes:
        result_note: What the service did, once the credit note is issued.
        mode: :data:`WHOLE`, :data:`LINES` or :data:`AMOUNT`.
    """

    def __init__(
        self,
        ctx: AppContext,
        display: Display,
        record: InvoiceRecord,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.record = record
        self.locale = display.locale
        self.rates = {r.id: r for r in list_tax_rates(ctx, include_inactive=True)}
        self.result_note: CreditResult | None = None
        self.setWindowTitle(_("Credit note for {number}").format(number=record.number))

        money = self._money
        intro = plain_label(
            _(
                "{number} to {customer}: total {total}, still owed {balance}. The credit note "
                "is applied to what is owed; any rest stays as open credit for the customer."
            ).format(
                number=record.number,
                customer=record.customer_name,
                total=money(record.total),
                balance=money(record.balance),
            ),
            wrap=True,
        )
        self.whole = QRadioButton(
            _("The whole invoice ({total})").format(total=money(record.total))
        )
        self.chosen = QRadioButton(_("Chosen lines (change the quantities to credit part of one)"))
        self.by_amount = QRadioButton(_("An amount"))
        self.modes = QButtonGroup(self)
        for n, button in enumerate((self.whole, self.chosen, self.by_amount)):
            self.modes.addButton(button, n)
        self.whole.setChecked(True)

        self._build_table()
        self._build_amount()

        self.reason = QLineEdit()
        self.reason.setObjectName("creditReason")
        self.reason.setPlaceholderText(_("Why? Kept with the credit note and printed on it"))
        self.preview = plain_label()
        self.preview.setObjectName("creditPreview")
        font = self.preview.font()
        font.setBold(True)
        self.preview.setFont(font)
        self.error = error_label("credit")

        buttons = QDialogButtonBox()
        self.issue_button = buttons.addButton(
            _("Issue credit note"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.issue)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addWidget(self.whole)
        layout.addWidget(self.chosen)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.by_amount)
        layout.addWidget(self.amount_box)
        reason_form = QFormLayout()
        reason_form.addRow(_("&Reason"), self.reason)
        layout.addLayout(reason_form)
        layout.addWidget(self.preview)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

        self.modes.idToggled.connect(lambda _id, _on: self._update())
        self.table.itemChanged.connect(lambda _item: self._update())
        self.amount.textEdited.connect(lambda _t: self._update())
        self.amount_tax.currentIndexChanged.connect(lambda _i: self._update())
        self._update()
        self.resize(640, 520)
        self.reason.setFocus()

    def _build_table(self) -> None:
        """The invoice's lines, each to tick and give the quantity to credit."""
        record, money = self.record, self._money
        self.table = QTableWidget(len(record.lines), 4)
        self.table.setObjectName("creditLines")
        self.table.setHorizontalHeaderLabels(
            [_("Description"), _("Qty to credit"), _("Unit price"), _("Tax")]
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 100), (2, 100), (3, 110)):
            header.resizeSection(column, width)
        for row, line in enumerate(record.lines):
            description = QTableWidgetItem(line.description.replace("\n", " "))
            description.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            description.setCheckState(Qt.CheckState.Unchecked)
            quantity = QTableWidgetItem(number_text(line.quantity, self.locale))
            quantity.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            price = QTableWidgetItem(money(line.unit_price))
            tax = QTableWidgetItem(line.tax_name or _("No tax"))
            for item in (price, tax):
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            price.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, item in enumerate((description, quantity, price, tax)):
                self.table.setItem(row, column, item)

    def _build_amount(self) -> None:
        """An amount: the amount before tax, its tax rate and the line's text."""
        record = self.record
        self.amount = QLineEdit()
        self.amount.setObjectName("creditAmount")
        self.amount.setPlaceholderText(_("before tax"))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.amount_tax = QComboBox()
        self.amount_tax.addItem(_("No tax"), None)
        for rate in self.rates.values():
            if rate.active:
                self.amount_tax.addItem(rate.name, rate.id)
        first_rate = next((ln.tax_rate_id for ln in record.lines if ln.tax_rate_id), None)
        self.amount_tax.setCurrentIndex(max(self.amount_tax.findData(first_rate), 0))
        self.amount_text = QLineEdit(f"Credit for invoice {record.number}")
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.amount_tax)
        self.amount_box = QWidget()
        amount_form = QFormLayout(self.amount_box)
        amount_form.setContentsMargins(24, 0, 0, 0)
        amount_form.addRow(_("Amount"), amount_row)
        amount_form.addRow(_("Line text"), self.amount_text)

    def _money(self, amount: Decimal) -> str:
        return format_money(amount, self.record.currency, self.locale)

    @property
    def mode(self) -> int:
        return self.modes.checkedId()

    def check_line(self, row: int, quantity: str | None = None) -> None:
        """Tick line ``row`` (and set the quantity to credit) in the chosen-lines mode."""
        self.chosen.setChecked(True)
        self.table.item(row, 0).setCheckState(Qt.CheckState.Checked)
        if quantity is not None:
            self.table.item(row, 1).setText(quantity)

    def lines(self) -> list[LineDraft] | None:
        """The lines to credit (``None`` for the whole invoice); raises ``InputErrors``."""
        if self.mode == WHOLE:
            return None
        if self.mode == AMOUNT:
            try:
                amount = parse_number(self.amount.text(), self.locale)
            except ValidationError as exc:
                raise InputErrors([ValidationError("amount", str(exc))]) from exc
            description = self.amount_text.text().strip() or f"Credit for {self.record.number}"
            return [
                LineDraft(
                    description, Decimal(1), amount, Decimal(0), self.amount_tax.currentData()
                )
            ]
        drafts = []
        for row, line in enumerate(self.record.lines):
            if self.table.item(row, 0).checkState() != Qt.CheckState.Checked:
                continue
            text = self.table.item(row, 1).text()
            try:
                quantity = parse_number(text, self.locale)
            except ValidationError as exc:
                message = _("Line {line}: {problem}").format(line=row + 1, problem=exc)
                raise InputErrors([ValidationError("quantity", message)]) from exc
            drafts.append(
                LineDraft(
                    line.description,
                    quantity,
                    line.unit_price,
                    line.discount_percent,
                    line.tax_rate_id,
                    line.unit,
                )
            )
        if not drafts:
            raise InputErrors([ValidationError("lines", _("Tick the lines to credit."))])
        return drafts

    def _update(self) -> None:
        self.table.setEnabled(self.mode == LINES)
        self.amount_box.setEnabled(self.mode == AMOUNT)
        try:
            lines = self.lines()
            if lines is None:
                total = self.record.total
            else:
                total = preview_totals(lines, self.rates, self.record.currency, "0").total
        except InputErrors as exc:
            self.preview.setText("")
            shown = self.mode == LINES or self.amount.text().strip()
            self.error.setText(str(exc) if shown else "")
            self.error.setVisible(bool(shown))
            return
        self.error.setVisible(False)
        self.preview.setText(_("Credit note total: {total}").format(total=self._money(total)))

    def issue(self) -> None:
        try:
            lines = self.lines()
            self.result_note = credit_invoice(self.ctx, self.record.id, self.reason.text(), lines)
        except ServiceError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        self.accept()
