# SPDX-License-Identifier: MIT
"""Honest panels for the tabs that are not built yet (no fake data)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from arapp.i18n import N_, _
from arapp.ui.forms import plain_label

COLLECTIONS_TEXT = N_(
    "Collections are coming in a later version: the aging report, payments and allocations, "
    "statements and polite reminders. Nothing here is faked."
)


class PlaceholderTab(QWidget):
    """A centred card saying plainly what the tab will hold."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame()
        card.setObjectName("placeholderCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setFixedWidth(560)  # a fixed width lets the wrapped text take the height it needs
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(10)
        heading = plain_label(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        body = plain_label(text, wrap=True)
        body.setObjectName("placeholderText")
        inner.addWidget(heading)
        inner.addWidget(body)

        row = QHBoxLayout()  # stretches, not an alignment flag: the card keeps its wrapped height
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.text_label: QLabel = body


def collections_tab() -> PlaceholderTab:
    return PlaceholderTab(_("Collections"), _(COLLECTIONS_TEXT))
