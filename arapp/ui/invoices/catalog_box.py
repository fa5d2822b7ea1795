# SPDX-License-Identifier: MIT
"""Add a line from the catalog: type part of a product's name, pick it, and the line is filled
with its description, unit, price and tax rate (all still editable)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from arapp.formatting import format_money
from arapp.i18n import _
from arapp.services.catalog import ProductRecord, list_products
from arapp.services.context import AppContext
from arapp.ui.invoices.lines import LineState
from arapp.ui.widgets.numbers import number_text

ProductRole = Qt.ItemDataRole.UserRole + 1
"""Role of a suggestion returning its :class:`ProductRecord`."""


class CatalogBox(QLineEdit):
    """A search box over the active products.

    Attributes:
        chosen: ``Signal(object)``, a :class:`LineState` filled from the product picked.
        products: The products offered (read once: a shop's catalog is short).
    """

    chosen = Signal(object)

    def __init__(
        self, ctx: AppContext, locale: str, currency: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("catalogBox")
        self.setPlaceholderText(_("Add from catalog: type a product…"))
        self.setClearButtonEnabled(True)
        self.locale = locale
        self.currency = currency
        self._picked_now = False
        self.products = list_products(ctx)
        self.items = QStandardItemModel(self)
        for product in self.products:
            price = format_money(product.unit_price, currency, locale)
            unit = f" / {product.unit}" if product.unit else ""
            item = QStandardItem(f"{product.name}  —  {price}{unit}")
            item.setData(product, ProductRole)
            item.setEditable(False)
            self.items.appendRow(item)
        self.suggestions = QCompleter(self.items, self)
        self.suggestions.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.suggestions.setFilterMode(Qt.MatchFlag.MatchContains)
        self.suggestions.setMaxVisibleItems(12)
        self.setCompleter(self.suggestions)
        self.suggestions.activated[QModelIndex].connect(self._picked)
        self.returnPressed.connect(self._enter)
        if not self.products:
            self.setPlaceholderText(_("No products in the catalog yet (Settings)"))
            self.setEnabled(False)

    def line_for(self, product: ProductRecord) -> LineState:
        return LineState(
            description=product.description or product.name,
            quantity="1",
            unit=product.unit,
            unit_price=number_text(product.unit_price, self.locale, self.currency),
            tax_rate_id=product.tax_rate_id,
        )

    def _enter(self) -> None:
        """Enter takes the first product that matches what is typed."""
        if self._picked_now or self.suggestions.popup().isVisible():
            return  # the completer takes the Enter that picks from its popup
        if self.text().strip() and self.suggestions.completionCount():
            self._picked(self.suggestions.completionModel().index(0, 0))

    def _picked(self, index: QModelIndex) -> None:
        product = index.data(ProductRole)
        if isinstance(product, ProductRecord):
            self._picked_now = True
            QTimer.singleShot(0, self._picked_done)
            self.chosen.emit(self.line_for(product))

    def _picked_done(self) -> None:
        self._picked_now = False
        self.clear()  # after the completer has put its text in
