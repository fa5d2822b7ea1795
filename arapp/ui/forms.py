# SPDX-License-Identifier: MIT
"""Form rows that show the services' messages next to the field they are about.

A service reports every wrong field at once (:class:`~arapp.services.errors.InputErrors`);
:class:`ErrorForm` puts each message in red under its field and keeps what the person typed.
Messages about fields the form does not show go to a banner at the top.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from arapp.services.errors import InputErrors, ServiceError

T = TypeVar("T")

ERROR_STYLE = "color: #b00020;"


class WrappedLabel(QLabel):
    """A word-wrapped label whose size is the height its lines need at its present width.

    A plain wrapped QLabel leaves its height to the layouts' height-for-width pass, which a
    form inside a group inside a grid gets wrong: a three-line message was given two lines'
    height and cut off. This one answers plainly, and asks its parents for room again when its
    text or width changes.
    """

    def hasHeightForWidth(self) -> bool:
        return False

    def _lines_height(self, hint: QSize) -> QSize:
        if self.wordWrap() and self.text() and self.width() > 0:
            hint.setHeight(max(hint.height(), super().heightForWidth(self.width())))
        return hint

    def sizeHint(self) -> QSize:
        return self._lines_height(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._lines_height(super().minimumSizeHint())

    def setText(self, text: str) -> None:
        super().setText(text)
        self._ask_for_room()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._ask_for_room()  # text set while hidden asked no one

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._ask_for_room()  # the lines' height follows the width

    def _ask_for_room(self) -> None:
        """Tell every layout up to the window that this label's height changed: a group box
        keeps its old size hint in its parent's layout until it is told."""
        widget: QWidget | None = self
        while widget is not None and not widget.isWindow():
            widget.updateGeometry()
            widget = widget.parentWidget()


def plain_label(text: str = "", *, wrap: bool = False, selectable: bool = False) -> QLabel:
    """A label that never interprets its text as HTML (names such as ``<b>&"'`` show as typed);
    wrapped, a :class:`WrappedLabel`."""
    label = WrappedLabel() if wrap else QLabel()
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


class FormDialog(QDialog):
    """A dialog around an :class:`ErrorForm`: optional notes, the banner, the rows, then Save
    and Cancel (Ctrl+Return saves too). Saving goes through :meth:`saved`, which keeps the
    dialog open with what was typed and the service's messages when the service refuses.

    Subclasses build their widgets, call :meth:`add_rows` and :meth:`finish`, and implement
    ``save``.

    Attributes:
        form: The rows and their error labels.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = ErrorForm()

    def add_rows(self, rows: Iterable[tuple[str, str, QWidget]]) -> None:
        """Add ``(caption, field, widget)`` rows; each widget is named after its field."""
        for caption, field, widget in rows:
            widget.setObjectName(field)
            self.form.add_row(caption, field, widget)

    def finish(
        self, min_width: int, above: Iterable[QWidget] = (), below: Iterable[QWidget] = ()
    ) -> QDialogButtonBox:
        """Lay the dialog out: ``above``, the banner, the rows, ``below``, the buttons."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.setSpacing(10)
        for widget in above:
            layout.addWidget(widget)
        layout.addWidget(self.form.banner)
        layout.addLayout(self.form.layout)
        for widget in below:
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.setMinimumWidth(min_width)
        return buttons

    def save(self) -> None:  # pragma: no cover - subclasses
        raise NotImplementedError

    def saved(self, call: Callable[[], T]) -> T | None:
        """Run the service ``call``; accept the dialog with its result, or show why it was
        refused (under the fields, or in the banner) and return ``None``."""
        try:
            result = call()
        except InputErrors as exc:
            self.form.show_errors(exc)
            return None
        except ServiceError as exc:
            self.form.clear_errors()
            self.form.show_banner(str(exc))
            return None
        self.accept()
        return result
