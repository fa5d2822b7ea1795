# SPDX-License-Identifier: MIT
"""Notices at the top of the main window that stay until the person closes them.

What the person must read at start (this is a demo company; the database was upgraded and
where the copy from before is; recurring invoices were billed) used to be a status-bar message
that vanished after 15 seconds, and two of them at once were painted over each other. Each
notice is now a line of its own in :class:`NoticeBanner`, with its own close button; the banner
hides itself when the last one is closed. A notice may carry a button that does what it
suggests (the demo's "Start my own books…").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from arapp.i18n import _


class NoticeBanner(QFrame):
    """Notices, one under the other, each with a close button.

    Attributes:
        closed: ``Signal(str)`` emitted with a notice's text when the person closes it.
    """

    closed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(self.palette().ColorRole.ToolTipBase)
        self.setForegroundRole(self.palette().ColorRole.ToolTipText)
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(10, 6, 6, 6)
        self._rows.setSpacing(4)
        self._notices: dict[str, QWidget] = {}
        self.setVisible(False)

    def add(self, text: str, button: tuple[str, Callable[[], object]] | None = None) -> None:
        """Show ``text`` (once: the same notice twice is one line), with a ``button`` (its
        caption and what it does) after the text if one is given."""
        text = text.strip()
        if not text or text in self._notices:
            return
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        label = QLabel(text)
        label.setObjectName("noticeText")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setObjectName("noticeClose")
        close.setText("×")
        close.setToolTip(_("Close this notice"))
        close.setAutoRaise(True)
        close.clicked.connect(lambda: self.remove(text))
        line.addWidget(label, 1)
        if button is not None:
            caption, slot = button
            act = QPushButton(caption)
            act.setObjectName("noticeButton")
            act.clicked.connect(lambda _on=False: slot())
            line.addWidget(act, 0, Qt.AlignmentFlag.AlignVCenter)
        line.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._rows.addWidget(row)
        self._notices[text] = row
        self.setVisible(True)

    def remove(self, text: str) -> None:
        row = self._notices.pop(text, None)
        if row is None:
            return
        row.hide()
        row.deleteLater()
        self.setVisible(bool(self._notices))
        self.closed.emit(text)

    def texts(self) -> list[str]:
        """The notices shown, oldest first."""
        return list(self._notices)
