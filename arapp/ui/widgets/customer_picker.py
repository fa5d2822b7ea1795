# SPDX-License-Identifier: MIT
"""Pick a customer by typing part of their name, code or e-mail.

The matches come from :func:`~arapp.services.customers.find_customers` (which folds case and
accents in SQL and returns at most :data:`MAX_MATCHES`; an indexed, limited query, quick enough
for the GUI thread after a pause in typing), shown as "Name (CODE)" in a popup. Up/Down and
Enter, or a click, choose one; Enter alone takes the first match.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.customers import CustomerRecord, find_customers

MAX_MATCHES = 20
TYPE_DELAY_MS = 120  # one query per pause in typing, not per key stroke
RecordRole = Qt.ItemDataRole.UserRole + 1
"""Role of a suggestion returning its :class:`CustomerRecord`."""


def customer_label(customer: CustomerRecord) -> str:
    return f"{customer.name} ({customer.code})"


class CustomerPicker(QLineEdit):
    """A line edit with customer suggestions.

    Attributes:
        customer_changed: ``Signal(object)``: the chosen :class:`CustomerRecord`, or ``None``
            once the text no longer names one.
        customer: The chosen customer, if any.
        matches: The suggestions last shown.
    """

    customer_changed = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        placeholder: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``placeholder``: the hint in the empty box (``None``: "Type a name or code…", in
        the window's language)."""
        super().__init__(parent)
        self.ctx = ctx
        self.customer: CustomerRecord | None = None
        self.setObjectName("customerPicker")
        self.setPlaceholderText(_("Type a name or code…") if placeholder is None else placeholder)
        self.setClearButtonEnabled(True)
        self.matches = QStandardItemModel(self)
        self.suggestions = QCompleter(self.matches, self)
        # The service filters (accents, several words); the popup shows what it returns as is.
        self.suggestions.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.suggestions.setMaxVisibleItems(10)
        self.suggestions.setWidget(self)  # not setCompleter(): we set the text ourselves
        self.suggestions.activated[QModelIndex].connect(self._chosen)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPE_DELAY_MS)
        self._timer.timeout.connect(self.look_up)
        self.textEdited.connect(self._typed)
        self.returnPressed.connect(self._enter)

    def popup(self) -> QWidget:
        return self.suggestions.popup()

    def _typed(self, text: str) -> None:
        if self.customer is not None and text != customer_label(self.customer):
            self.customer = None
            self.customer_changed.emit(None)
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self.matches.clear()
            self.popup().hide()

    def look_up(self) -> list[CustomerRecord]:
        """Read the matches for the text typed and show them; returns them."""
        self._timer.stop()
        found = find_customers(self.ctx, self.text(), MAX_MATCHES) if self.text().strip() else []
        self.matches.clear()
        for record in found:
            item = QStandardItem(customer_label(record))
            item.setData(record, RecordRole)
            item.setEditable(False)
            self.matches.appendRow(item)
        if found and self.hasFocus():
            self.suggestions.complete()
            first = self.suggestions.completionModel().index(0, 0)
            self.suggestions.popup().setCurrentIndex(first)
        else:
            self.popup().hide()
        return found

    def _enter(self) -> None:
        """Enter without choosing from the popup: take the first match, if any."""
        if self.customer is not None or not self.text().strip() or self.popup().isVisible():
            return  # with the popup open, the completer takes the highlighted match
        if self._timer.isActive() or not self.matches.rowCount():
            self.look_up()
        first = self.matches.item(0)
        if first is not None:
            self._chosen(first.index())

    def _chosen(self, index: QModelIndex) -> None:
        record = index.data(RecordRole)
        if isinstance(record, CustomerRecord):
            self.set_customer(record)
            self.customer_changed.emit(record)

    def set_customer(self, record: CustomerRecord | None) -> None:
        """Show ``record`` as chosen (without emitting :attr:`customer_changed`)."""
        self._timer.stop()
        self.popup().hide()
        self.customer = record
        self.setText(customer_label(record) if record is not None else "")
        self.setCursorPosition(0)
