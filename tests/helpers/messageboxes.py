# SPDX-License-Identifier: MIT
"""What the window showed: a recorder of message boxes and dialogs for UI tests.

Production classes keep no ``last_message``/``last_dialog`` attributes for tests to read: the
recorder watches the whole application for dialogs being shown (an event filter on the
``QApplication``), so it sees every box whichever helper opened it. A box's title and text are
copied when it appears, as a box closed by its user deletes itself.

Use it through the ``messages`` fixture of ``tests/ui/conftest.py``::

    main_window.about()
    assert "arapp" in messages.last.text
"""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox


@dataclass(frozen=True)
class ShownMessage:
    """One message box, as it looked when it was shown.

    Attributes:
        title: The window title.
        text: The message.
        warning: True for a warning or critical box.
        text_format: How the text is read (plain text keeps ``<b>`` as typed).
        box: The box itself (it may have been deleted since: see :meth:`close`).
    """

    title: str
    text: str
    warning: bool
    text_format: Qt.TextFormat
    box: QMessageBox

    def close(self) -> None:
        """Close the box if it is still there."""
        if shiboken6.isValid(self.box) and self.box.isVisible():
            self.box.close()


class MessageRecorder(QObject):
    """Records every :class:`QMessageBox` and other :class:`QDialog` shown while installed.

    Attributes:
        messages: The message boxes, in the order they were shown.
        dialogs: The other dialogs (editors, views, previews, questions), in order.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.messages: list[ShownMessage] = []
        self.dialogs: list[QDialog] = []
        self._app = app
        app.installEventFilter(self)

    @property
    def last(self) -> ShownMessage | None:
        """The last message box shown, if any."""
        return self.messages[-1] if self.messages else None

    def last_dialog(self, kind: type[QDialog] = QDialog) -> QDialog | None:
        """The last dialog of ``kind`` shown, if any."""
        return next((d for d in reversed(self.dialogs) if isinstance(d, kind)), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            if isinstance(watched, QMessageBox):
                self.messages.append(
                    ShownMessage(
                        title=watched.windowTitle(),
                        text=watched.text(),
                        warning=watched.icon()
                        in (QMessageBox.Icon.Warning, QMessageBox.Icon.Critical),
                        text_format=watched.textFormat(),
                        box=watched,
                    )
                )
            elif not self.dialogs or self.dialogs[-1] is not watched:
                self.dialogs.append(watched)
        return False

    def uninstall(self) -> None:
        """Stop recording and close the boxes still open."""
        self._app.removeEventFilter(self)
        for message in self.messages:
            message.close()
