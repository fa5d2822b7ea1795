# SPDX-License-Identifier: MIT
"""Settings ▸ Products: the catalog with a search box, and the form for one product.

Each product is saved when its form is confirmed. Products are deactivated, not deleted, so
invoices that used them stay as they were.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.formatting import parse_amount
from arapp.i18n import N_, _
from arapp.services.catalog import (
    ProductRecord,
    TaxRateRecord,
    list_products,
    list_tax_rates,
    save_product,
)
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.ui.choices import editable_combo
from arapp.ui.forms import FormDialog
from arapp.ui.settings.groups import exact_amount_text
from arapp.ui.settings.records import ColumnSpec, RecordListTab, yes_no

COMMON_UNITS = ("pcs", "h", "day", "kg", "g", "m", "m²", "l", "box", "set", "month")
# Typing in the search box waits for a pause this long before asking the database.
SEARCH_DELAY_MS = 200

NOTE = N_(
    "Each product is saved as soon as you confirm its form. Products are never deleted; "
    "deactivate one to stop offering it on new invoices."
)


class ProductColumn(IntEnum):
    NAME = 0
    UNIT = 1
    UNIT_PRICE = 2
    TAX = 3
    ACTIVE = 4


class ProductDialog(FormDialog):
    """Add (``product=None``) or change one product; stays open with what was typed on errors.

    Attributes:
        record: The saved product after the dialog was accepted.
        form: Rows and their error labels (``name``, ``unit_price``, ``tax_rate_id`` …).
    """

    def __init__(
        self,
        ctx: AppContext,
        product: ProductRecord | None,
        currency: str,
        locale: str,
        parent: QWidget | None = None,
    ) -> None:
        title = _("New product") if product is None else _("Edit {name}").format(name=product.name)
        super().__init__(title, parent)
        self.ctx = ctx
        self.product = product
        self.locale = locale
        self.record: ProductRecord | None = None
        self.name = QLineEdit(product.name if product else "")
        self.name.setPlaceholderText(_("Short name, unique, such as Paint 5 l white"))
        self.description = QPlainTextEdit(product.description if product else "")
        self.description.setPlaceholderText(_("Text put on the invoice line"))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(64)
        self.unit = editable_combo(COMMON_UNITS, product.unit if product else "pcs")
        self.unit_price = QLineEdit(
            exact_amount_text(product.unit_price, currency, locale) if product else ""
        )
        self.unit_price.setPlaceholderText(
            _("Price per unit, in {currency}").format(currency=currency)
        )
        self.tax_rate = QComboBox()
        self.tax_rate.addItem(_("No tax"), None)
        rates = list_tax_rates(ctx, include_inactive=True)
        current = product.tax_rate_id if product else None
        for rate in rates:
            if rate.active or rate.id == current:
                self.tax_rate.addItem(_rate_label(rate), rate.id)
        if product is None and len(rates) > 0:
            self.tax_rate.setCurrentIndex(1)  # new products usually take the main rate
        else:
            self.tax_rate.setCurrentIndex(max(self.tax_rate.findData(current), 0))
        self.active = QCheckBox(_("Offered in the invoice editor"))
        self.active.setChecked(product.active if product else True)
        self.add_rows(
            (
                (_("&Name"), "name", self.name),
                (_("&Description"), "description", self.description),
                (_("&Unit"), "unit", self.unit),
                (_("Unit &price"), "unit_price", self.unit_price),
                (_("Default &tax"), "tax_rate_id", self.tax_rate),
                ("", "active", self.active),
            )
        )
        self.finish(500)

    def save(self) -> None:
        try:
            price = parse_amount(self.unit_price.text(), self.locale)
        except ValidationError as exc:
            self.form.show_errors(InputErrors([ValidationError("unit_price", exc.message)]))
            return
        product = ProductRecord(
            self.product.id if self.product else 0,
            self.name.text(),
            self.description.toPlainText(),
            self.unit.currentText(),
            price,
            self.tax_rate.currentData(),
            self.active.isChecked(),
        )
        self.record = self.saved(lambda: save_product(self.ctx, product))


def _rate_label(rate: TaxRateRecord) -> str:
    return rate.name if rate.active else _("{name} (inactive)").format(name=rate.name)


class ProductsTab(RecordListTab[ProductRecord]):
    """The catalog: search by name, show inactive products too, Add…, Edit…, Deactivate."""

    def __init__(self, ctx: AppContext, currency: str, locale: str) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("productSearch")
        self.search.setPlaceholderText(_("Search products by name"))
        self.search.setClearButtonEnabled(True)
        self.show_inactive = QCheckBox(_("Show &inactive"))
        self.show_inactive.setChecked(True)
        top = QWidget()
        row = QHBoxLayout(top)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        row.addWidget(self.show_inactive)
        self.ctx = ctx
        self.currency = currency
        self.locale = locale
        self._tax_names: dict[int, str] = {}
        columns = (
            ColumnSpec[ProductRecord](N_("Name"), lambda p: p.name, 240),
            ColumnSpec[ProductRecord](N_("Unit"), lambda p: p.unit, 70),
            ColumnSpec[ProductRecord](
                _("Unit price ({currency})").format(currency=currency),
                lambda p: exact_amount_text(p.unit_price, self.currency, self.locale),
                130,
                numeric=True,
            ),
            ColumnSpec[ProductRecord](N_("Default tax"), self._tax_name, 130),
            ColumnSpec[ProductRecord](N_("Active"), lambda p: yes_no(p.active), 70),
        )
        super().__init__(_(NOTE), columns, _("&Add product…"), top)
        self.table.setObjectName("productTable")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.reload)
        self.show_inactive.toggled.connect(lambda _on: self.reload())
        self.reload()

    def _tax_name(self, product: ProductRecord) -> str:
        if product.tax_rate_id is None:
            return _("No tax")
        return self._tax_names.get(product.tax_rate_id, "")

    def fetch(self) -> list[ProductRecord]:
        self._search_timer.stop()
        rates = list_tax_rates(self.ctx, include_inactive=True)
        self._tax_names = {r.id: r.name for r in rates}
        return list_products(
            self.ctx, self.search.text(), include_inactive=self.show_inactive.isChecked()
        )

    def edit_record(self, record: ProductRecord | None) -> ProductRecord | None:
        dialog = ProductDialog(self.ctx, record, self.currency, self.locale, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if dialog.record is not None and self.search.text().strip():
            self.search.clear()  # so the saved product is in the list and selected
        return dialog.record

    def set_active(self, record: ProductRecord, active: bool) -> ProductRecord:
        return save_product(
            self.ctx,
            ProductRecord(
                record.id,
                record.name,
                record.description,
                record.unit,
                record.unit_price,
                record.tax_rate_id,
                active,
            ),
        )
