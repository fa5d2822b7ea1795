# SPDX-License-Identifier: MIT
"""Small modal questions whose text is always plain (a customer called ``<b>`` stays ``<b>``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QMessageBox, QWidget


def confirm(parent: QWidget | None, title: str, text: str, yes: str) -> bool:
    """Ask a yes/no question; ``yes`` is the text of the button that agrees."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def ask_reason(
    parent: QWidget | None, title: str, text: str, ok: str, cancel: str = ""
) -> str | None:
    """Confirm an action and ask why (for the audit log); ``None`` when cancelled.

    ``cancel`` names the button that backs out, when "Cancel" would be ambiguous (cancelling
    a plan, say).
    """
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setLabelText(text)
    dialog.setOkButtonText(ok)
    if cancel:
        dialog.setCancelButtonText(cancel)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    for label in dialog.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
    dialog.setMinimumWidth(440)
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    return dialog.textValue().strip()


def inform(parent: QWidget | None, title: str, text: str, warning: bool = False) -> QMessageBox:
    """Show a message without blocking (``open()``); returns the box."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
