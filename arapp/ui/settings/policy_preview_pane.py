# SPDX-License-Identifier: MIT
"""The preview beside the policy editor: a level's words as one chosen customer would read them.

The customer is picked by name or code (at first the first customer who owes an open invoice);
:func:`~arapp.services.reminders.policy_preview.preview_level` renders the level with the
reminder run's own rendering for that customer's open invoices. Asking is quick (an indexed
read of one customer's open invoices), so it happens on the GUI thread after a pause in typing.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

from arapp.domain.reminders import ReminderLevel
from arapp.i18n import N_, _
from arapp.services.context import AppContext
from arapp.services.reminders.policy_preview import preview_level, sample_customer
from arapp.ui.forms import plain_label
from arapp.ui.widgets.customer_picker import CustomerPicker

CHOOSE = N_("Choose a customer to see the level's words as they would read them.")


class PreviewPane(QWidget):
    """The chosen customer, and the subject and text of a level for them.

    Attributes:
        customer_changed: ``Signal()``: another customer was chosen (show the level again).
        picker: The customer the preview is for.
        subject: The level's subject for that customer.
        body: Its text for that customer.
    """

    customer_changed = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.picker = CustomerPicker(ctx, _("Type a customer's name or code…"))
        self.picker.setObjectName("previewCustomer")
        self.picker.customer_changed.connect(lambda _c: self.customer_changed.emit())
        self.subject = plain_label(wrap=True, selectable=True)
        self.subject.setObjectName("previewSubject")
        self.subject.setStyleSheet("font-weight: bold;")
        self.body = QPlainTextEdit()
        self.body.setObjectName("previewBody")
        self.body.setReadOnly(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 0, 0, 0)
        column.addWidget(plain_label(_("Preview of the selected level for")))
        column.addWidget(self.picker)
        column.addWidget(self.subject)
        column.addWidget(self.body, 1)
        customer = sample_customer(ctx)
        if customer is not None:
            self.picker.set_customer(customer)

    def show_level(self, level: ReminderLevel | None, language: str | None = None) -> None:
        """Render ``level`` for the chosen customer (``None``: no level is selected), in the
        customer's language, or in ``language`` when given (the words being edited)."""
        customer = self.picker.customer
        if level is None or customer is None:
            self._show("", _(CHOOSE) if customer is None else _("Select a level to see its words."))
            return
        shown = preview_level(self.ctx, level, customer.id, language=language)
        if shown.problem:
            self._show("", _("Cannot show this level: {reason}").format(reason=shown.problem))
        elif not shown.invoices:
            self._show(
                "",
                _("{customer} owes nothing now: choose another customer.").format(
                    customer=shown.customer
                ),
            )
        else:
            self._show(shown.subject, shown.body)

    def _show(self, subject: str, body: str) -> None:
        self.subject.setText(subject)
        self.subject.setVisible(bool(subject))
        self.body.setPlainText(body)
