# SPDX-License-Identifier: MIT
"""The customer form: create or edit one customer.

Save calls :func:`~arapp.services.customers.create_customer` or
:func:`~arapp.services.customers.update_customer`. When the service refuses, every message is
shown under its field and the dialog stays open with what was typed.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.domain.parties import Delivery, EInvoiceFormat
from arapp.formatting import format_amount, parse_amount
from arapp.services.context import AppContext
from arapp.services.customers import (
    CustomerInput,
    CustomerRecord,
    create_customer,
    suggested_code,
    update_customer,
)
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.settings import INVOICE_DEFAULT_TERMS, get_setting
from arapp.ui.choices import COMMON_CURRENCIES, COMMON_TERMS, editable_combo
from arapp.ui.customers.language import language_combo
from arapp.ui.display import Display
from arapp.ui.form_groups import FormGroups
from arapp.ui.widgets.schemes import scheme_combo

FIELD_ORDER = (
    "code", "name", "contact_person", "email", "phone", "street", "postcode", "city", "region",
    "country", "tax_id", "registration_id", "currency", "terms", "credit_limit", "notes",
    "invoice_email", "invoice_cc", "delivery", "einvoice_format", "buyer_reference",
    "electronic_address", "electronic_address_scheme", "language",
)  # fmt: skip
#: The plain one-line fields of the address and the e-invoice, with their placeholder.
_LINES = {
    "postcode": "",
    "city": "",
    "region": "State, province, county (if used)",
    "country": "Two letters: IE, DE, FR…",
    "registration_id": "Company number, if asked for",
    "invoice_email": "Empty: the e-mail above",
    "invoice_cc": "Such as the accounts contact",
    "buyer_reference": "XRechnung: the Leitweg-ID",
    "electronic_address": "Where e-invoices reach them",
}


class CustomerDialog(QDialog):
    """Create (``customer=None``) or edit a customer.

    Attributes:
        record: The saved customer once the dialog was accepted.
        form: The rows and their error labels (``form.error_for("email")``).
    """

    def __init__(
        self,
        ctx: AppContext,
        display: Display,
        customer: CustomerRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer = customer
        self.record: CustomerRecord | None = None
        self.locale = display.locale
        self.setWindowTitle("New customer" if customer is None else f"Edit {customer.name}")
        data = customer.as_input() if customer else CustomerInput(name="")
        default_currency = display.currency

        self.code = QLineEdit(data.code)
        self.code.setMaxLength(20)
        if customer is None:
            self.code.setPlaceholderText("Leave empty to make one from the name")
        self.name = QLineEdit(data.name)
        self.name.setPlaceholderText("Company or person, as printed on invoices")
        if customer is None:
            self.name.textChanged.connect(self._suggest_code)
        self.contact_person = QLineEdit(data.contact_person)
        self.email = QLineEdit(data.email)
        self.email.setPlaceholderText("name@example.com, another@example.com")
        self.phone = QLineEdit(data.phone)
        self.street = QPlainTextEdit(data.street)
        self.street.setTabChangesFocus(True)
        self.street.setFixedHeight(52)
        self.street.setPlaceholderText("Street and number; more lines if needed")
        self.lines: dict[str, QLineEdit] = {}
        for field, hint in _LINES.items():
            line = QLineEdit(getattr(data, field))
            line.setPlaceholderText(hint)
            self.lines[field] = line
        self.scheme = scheme_combo(
            data.electronic_address_scheme, "their e-mail address", compact=True
        )
        self.delivery = QComboBox()
        for way in Delivery:
            self.delivery.addItem(way.label, way.value)
        self.delivery.setCurrentIndex(max(0, self.delivery.findData(data.delivery or "email-pdf")))
        self.einvoice_format = QComboBox()
        for kind in EInvoiceFormat:
            self.einvoice_format.addItem(kind.label, kind.value)
        self.einvoice_format.setCurrentIndex(
            max(0, self.einvoice_format.findData(data.einvoice_format or "facturx"))
        )
        self.language = language_combo(data.language, self.locale)
        self.tax_id = QLineEdit(data.tax_id)
        self.currency = editable_combo(COMMON_CURRENCIES, data.currency or default_currency)
        terms = data.terms or (get_setting(ctx, INVOICE_DEFAULT_TERMS) if not customer else "")
        self.terms = editable_combo(COMMON_TERMS, terms)
        limit = data.credit_limit
        self.credit_limit = QLineEdit(self._limit_text(limit, data.currency or default_currency))
        self.credit_limit.setPlaceholderText("No limit")
        self.notes = QPlainTextEdit(data.notes)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(52)

        columns = self._build_groups()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(self.form.banner)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(900)
        self.name.setFocus()

    def _build_groups(self) -> QHBoxLayout:
        """The three groups in two columns: the customer on the left; terms and invoicing on
        the right."""
        self.form = FormGroups("customer")
        line = self.lines
        groups = (
            (
                "Customer",
                (
                    ("&Code", "code", self.code),
                    ("&Name", "name", self.name),
                    ("Contact &person", "contact_person", self.contact_person),
                    ("&E-mail", "email", self.email),
                    ("P&hone", "phone", self.phone),
                    ("&Address", "street", self.street),
                    ("Postco&de", "postcode", line["postcode"]),
                    ("Cit&y", "city", line["city"]),
                    ("State / region", "region", line["region"]),
                    ("Country", "country", line["country"]),
                    ("&Tax / VAT id", "tax_id", self.tax_id),
                    ("Re&gistration no.", "registration_id", line["registration_id"]),
                ),
            ),
            (
                "Terms",
                (
                    ("C&urrency", "currency", self.currency),
                    ("Payment te&rms", "terms", self.terms),
                    ("Credit &limit", "credit_limit", self.credit_limit),
                    ("N&otes", "notes", self.notes),
                ),
            ),
            (
                "Invoicing",
                (
                    ("&Invoices to", "invoice_email", line["invoice_email"]),
                    ("Copy to", "invoice_cc", line["invoice_cc"]),
                    ("Deli&very", "delivery", self.delivery),
                    ("E-invoice &format", "einvoice_format", self.einvoice_format),
                    ("&Buyer reference", "buyer_reference", line["buyer_reference"]),
                    ("E-invoice addre&ss", "electronic_address", line["electronic_address"]),
                    ("Sche&me", "electronic_address_scheme", self.scheme),
                    ("Language", "language", self.language),
                ),
            ),
        )
        for title, rows in groups:
            for caption, field, widget in rows:
                widget.setObjectName(field)
                self.form.add_row(title, caption, field, widget)
        self.form.align_labels("Terms", "Invoicing")
        right = QVBoxLayout()
        right.addWidget(self.form.boxes["Terms"])
        right.addWidget(self.form.boxes["Invoicing"])
        right.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.form.boxes["Customer"])
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        return columns

    def _limit_text(self, limit: str | Decimal | None, currency: str) -> str:
        if limit is None or isinstance(limit, str):
            return limit or ""
        try:
            return format_amount(limit, currency, self.locale)
        except ValidationError:
            return str(limit)

    def _limit_value(self) -> str | Decimal:
        """The limit typed in the user's notation ("1.500,00" in German) as a Decimal.

        Text that does not parse goes to the service as typed, which names what is wrong.
        """
        text = self.credit_limit.text().strip()
        if not text:
            return ""
        try:
            return parse_amount(text, self.locale)
        except ValidationError:
            return text

    def input(self) -> CustomerInput:
        """What the form holds, as the service takes it."""
        return CustomerInput(
            name=self.name.text(),
            code=self.code.text(),
            contact_person=self.contact_person.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            tax_id=self.tax_id.text(),
            street=self.street.toPlainText(),
            delivery=str(self.delivery.currentData()),
            einvoice_format=str(self.einvoice_format.currentData()),
            language=str(self.language.currentData()),
            electronic_address_scheme=str(self.scheme.currentData() or ""),
            **{field: line.text() for field, line in self.lines.items()},
            currency=_combo_text(self.currency),
            terms=_combo_text(self.terms),
            credit_limit=self._limit_value(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        data = self.input()
        try:
            if self.customer is None:
                self.record = create_customer(self.ctx, data)
            else:
                self.record = update_customer(self.ctx, self.customer.id, data)
        except InputErrors as exc:
            self._show(exc)
            return
        except ServiceError as exc:
            self.form.clear_errors()
            self.form.show_banner(str(exc))
            return
        self.accept()

    def _suggest_code(self, name: str) -> None:
        suggestion = suggested_code(self.ctx, name)
        self.code.setPlaceholderText(
            f"{suggestion} (made from the name if left empty)"
            if suggestion
            else "Leave empty to make one from the name"
        )

    def _show(self, exc: InputErrors) -> None:
        self.form.show_errors(exc)
        first = self.form.first_wrong_field()
        widget = self.findChild(QWidget, first) if first else None
        if widget is not None:
            widget.setFocus()


def _combo_text(combo: QComboBox) -> str:
    return combo.currentText().strip()
