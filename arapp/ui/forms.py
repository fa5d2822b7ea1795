# SPDX-License-Identifier: MIT
"""Form rows that show the services' messages next to the field they are about.

A service reports every wrong field at once (:class:`~arapp.services.errors.InputErrors`);
:class:`ErrorForm` puts each message in red under its field and keeps what the person typed.
Messages about fields the form does not show go to a banner at the top.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from arapp.services.errors import InputErrors

ERROR_STYLE = "color: #b00020;"


def plain_label(text: str = "", *, wrap: bool = False, selectable: bool = False) -> QLabel:
    """A label that never interprets its text as HTML (names such as ``<b>&"'`` show as typed)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def error_label(name: str) -> QLabel:
    label = plain_label(wrap=True)
    label.setObjectName(f"error_{name}")
    label.setStyleSheet(ERROR_STYLE)
    label.setVisible(False)
    return label


class ErrorForm:
    """A :class:`QFormLayout` whose rows each carry a hidden error label.

    Attributes:
        layout: The form layout to put in a dialog.
        banner: Label for messages that belong to no row (hidden when empty).
    """

    def __init__(self) -> None:
        self.layout = QFormLayout()
        self.layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.layout.setHorizontalSpacing(12)
        self.layout.setVerticalSpacing(8)
        self.banner = error_label("form")
        self._errors: dict[str, QLabel] = {}

    def add_row(self, text: str, name: str, widget: QWidget) -> QLabel:
        """Add ``widget`` under the caption ``text`` for the service field ``name``."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = error_label(name)
        column.addWidget(error)
        caption = QLabel(text)
        caption.setBuddy(widget)
        self.layout.addRow(caption, box)
        self._errors[name] = error
        return error

    def error_for(self, name: str) -> QLabel:
        return self._errors[name]

    def clear_errors(self) -> None:
        for label in (*self._errors.values(), self.banner):
            label.clear()
            label.setVisible(False)

    def show_errors(self, errors: InputErrors) -> None:
        """Show every message: under its field, or in the banner if the form has no such field."""
        self.clear_errors()
        loose: list[str] = []
        for error in errors.errors:
            label = self._errors.get(error.field)
            if label is None:
                loose.append(error.message)
                continue
            text = label.text()
            label.setText(f"{text}\n{error.message}" if text else error.message)
            label.setVisible(True)
        if loose:
            self.show_banner("\n".join(loose))

    def show_banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setVisible(True)

    def first_wrong_field(self) -> str | None:
        return next((name for name, label in self._errors.items() if label.text()), None)
