# SPDX-License-Identifier: MIT
"""Settings ▸ Document e-mails: the subject and text of the e-mail that carries an invoice, a
credit note or a statement, one document at a time, with a preview on a real document.

The inputs are handed to the E-mail tab (:class:`~arapp.ui.settings.mail_tab.MailTab`), which
checks and stores them with the other mail settings.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.document_mail import DOCUMENT_PLACEHOLDERS
from arapp.domain.errors import ValidationError
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.settings import SPECS, get_setting
from arapp.ui.settings.groups import note_label

DOCUMENTS_NOTE = (
    "The e-mail that carries an invoice, a credit note or a statement (the PDF is attached). "
    "$words are filled in for each document; changes are kept when you click Save."
)


def placeholder_help() -> str:
    return "You can use: " + ", ".join(
        f"${name} ({what})" for name, what in DOCUMENT_PLACEHOLDERS.items()
    )


def _kind_of(ctx: AppContext, number: str) -> str:
    """``invoice`` or ``credit_note`` for the document numbered ``number``."""
    from arapp.services.invoices import invoice_by_number

    return str(invoice_by_number(ctx, number).kind)


def document_field(key: str) -> str:
    """``Invoice text`` for ``mail.invoice_body``; empty for other settings."""
    if not key.startswith("mail."):
        return ""
    kind, _, part = key.removeprefix("mail.").rpartition("_")
    return f"{kind.replace('_', ' ').capitalize()} {'text' if part == 'body' else part}"


class DocumentMailPage(QWidget):
    """The texts of document e-mails.

    Attributes:
        inputs: ``key -> (widget, read)`` for each ``mail.*`` setting.
        document_choice: Which document's texts are shown.
        preview_number: The number of the document to preview with.
        preview_text: The e-mail as it would go.
    """

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.inputs: dict[str, tuple[QWidget, Callable[[], str]]] = {}
        self.document_choice = QComboBox()
        self.document_choice.setObjectName("mailDocument")
        self.document_texts = QStackedWidget()
        kinds = dict.fromkeys(
            k.removeprefix("mail.").rpartition("_")[0] for k in SPECS if k.startswith("mail.")
        )
        for kind in kinds:
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            for part, caption in (("subject", "Subject"), ("body", "Text")):
                key = f"mail.{kind}_{part}"
                widget, read = self._template_input(key)
                self.inputs[key] = (widget, read)
                form.addRow(caption, widget)
            self.document_choice.addItem(kind.replace("_", " ").capitalize(), kind)
            self.document_texts.addWidget(page)
        self.document_choice.currentIndexChanged.connect(self.document_texts.setCurrentIndex)
        self.setObjectName("documentMailPage")
        form = QFormLayout()
        form.addRow("Docume&nt", self.document_choice)
        layout = QVBoxLayout(self)
        layout.addWidget(note_label(DOCUMENTS_NOTE))
        layout.addLayout(form)
        layout.addWidget(self.document_texts)
        layout.addWidget(note_label(placeholder_help()))
        self.preview_number = QLineEdit()
        self.preview_number.setObjectName("mailPreviewNumber")
        self.preview_number.setPlaceholderText(
            "Preview with an invoice or credit note: its number, such as INV-2026-00001"
        )
        self.preview_button = QPushButton("&Preview")
        self.preview_button.clicked.connect(self.preview_document_mail)
        row = QHBoxLayout()
        row.addWidget(self.preview_number, 1)
        row.addWidget(self.preview_button)
        self.preview_text = QPlainTextEdit()
        self.preview_text.setObjectName("mailPreview")
        self.preview_text.setReadOnly(True)
        self.preview_text.setFixedHeight(self.preview_text.fontMetrics().lineSpacing() * 8 + 12)
        layout.addLayout(row)
        layout.addWidget(self.preview_text)
        layout.addStretch(1)

    def preview_document_mail(self) -> None:
        """The e-mail of the document numbered in the box, with the texts as typed (the
        invoice's or the credit note's: the document says which)."""
        from arapp.services.delivery.documents import preview_invoice_mail

        number = self.preview_number.text().strip()
        if not number:
            self.preview_text.setPlainText("Type the number of an issued invoice or credit note.")
            return
        read = {k: r for k, (_w, r) in self.inputs.items()}
        try:
            kind = _kind_of(self.ctx, number)
            to, subject, body = preview_invoice_mail(
                self.ctx, number, read[f"mail.{kind}_subject"](), read[f"mail.{kind}_body"]()
            )
        except (ServiceError, ValidationError) as exc:
            self.preview_text.setPlainText(f"No preview: {exc}")
            return
        self.preview_text.setPlainText(f"To: {to}\nSubject: {subject}\n\n{body}")

    def _template_input(self, key: str) -> tuple[QWidget, Callable[[], str]]:
        """A subject on one line, a text on several ($placeholders as in the description)."""
        value = str(get_setting(self.ctx, key))
        widget: QLineEdit | QPlainTextEdit
        if key.endswith("_subject"):
            widget = QLineEdit(value)
            read: Callable[[], str] = lambda w=widget: w.text().strip()  # noqa: E731
        else:
            widget = QPlainTextEdit(value)
            widget.setFixedHeight(widget.fontMetrics().lineSpacing() * 12 + 12)
            read = lambda w=widget: w.toPlainText().strip()  # noqa: E731
        widget.setObjectName(key)
        widget.setToolTip(SPECS[key].description)
        return widget, read
