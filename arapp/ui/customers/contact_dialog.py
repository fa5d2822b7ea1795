# SPDX-License-Identifier: MIT
"""Add or change one person at a customer."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from arapp.services.context import AppContext
from arapp.services.customers import ContactRecord, save_contact
from arapp.services.errors import InputErrors, ServiceError
from arapp.ui.forms import ErrorForm


class ContactDialog(QDialog):
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
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        self.contact = contact or ContactRecord(0, "", "", "", "", False)
        self.record: ContactRecord | None = None
        self.setWindowTitle("New contact" if not self.contact.id else "Edit contact")
        self.name = QLineEdit(self.contact.name)
        self.role = QLineEdit(self.contact.role)
        self.role.setPlaceholderText("e.g. Accounts payable")
        self.email = QLineEdit(self.contact.email)
        self.phone = QLineEdit(self.contact.phone)
        self.primary = QCheckBox("Gets invoices and reminders first")
        self.primary.setChecked(self.contact.is_primary)
        self.form = ErrorForm()
        for caption, field, widget in (
            ("&Name", "name", self.name),
            ("&Role", "role", self.role),
            ("&E-mail", "email", self.email),
            ("&Phone", "phone", self.phone),
            ("Pri&mary", "is_primary", self.primary),
        ):
            widget.setObjectName(field)
            self.form.add_row(caption, field, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(self.form.banner)
        layout.addLayout(self.form.layout)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def save(self) -> None:
        contact = ContactRecord(
            self.contact.id,
            self.name.text(),
            self.role.text(),
            self.email.text(),
            self.phone.text(),
            self.primary.isChecked(),
        )
        try:
            self.record = save_contact(self.ctx, self.customer_id, contact)
        except InputErrors as exc:
            self.form.show_errors(exc)
            return
        except ServiceError as exc:
            self.form.show_banner(str(exc))
            return
        self.accept()
