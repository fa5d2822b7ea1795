# SPDX-License-Identifier: MIT
"""Add or change one person at a customer."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from arapp.services.context import AppContext
from arapp.services.customers import ContactRecord, save_contact
from arapp.ui.forms import FormDialog


class ContactDialog(FormDialog):
    """Edits a :class:`ContactRecord` (``id == 0`` for a new one) and saves it.

    Attributes:
        record: The saved contact once accepted.
    """

    def __init__(
        self,
        ctx: AppContext,
        customer_id: int,
        contact: ContactRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        contact = contact or ContactRecord(0, "", "", "", "", False)
        super().__init__("New contact" if not contact.id else "Edit contact", parent)
        self.ctx = ctx
        self.customer_id = customer_id
        self.contact = contact
        self.record: ContactRecord | None = None
        self.name = QLineEdit(self.contact.name)
        self.role = QLineEdit(self.contact.role)
        self.role.setPlaceholderText("e.g. Accounts payable")
        self.email = QLineEdit(self.contact.email)
        self.phone = QLineEdit(self.contact.phone)
        self.primary = QCheckBox("Gets invoices and reminders first")
        self.primary.setChecked(self.contact.is_primary)
        self.add_rows(
            (
                ("&Name", "name", self.name),
                ("&Role", "role", self.role),
                ("&E-mail", "email", self.email),
                ("&Phone", "phone", self.phone),
                ("Pri&mary", "is_primary", self.primary),
            )
        )
        self.finish(420)

    def save(self) -> None:
        contact = ContactRecord(
            self.contact.id,
            self.name.text(),
            self.role.text(),
            self.email.text(),
            self.phone.text(),
            self.primary.isChecked(),
        )
        self.record = self.saved(lambda: save_contact(self.ctx, self.customer_id, contact))
