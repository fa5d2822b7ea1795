# SPDX-License-Identifier: MIT
"""Window sizes that fit the screen a window opens on.

A size chosen on a big monitor (a 900 px tall preview, a 1200 x 760 main window) puts the
buttons of a dialog below the edge of a 1366 x 768 laptop screen. Windows and dialogs therefore
ask for their first size through :func:`fit_to_screen`, which keeps them inside the screen's
free area (without the taskbar) and leaves room for the title bar the window manager adds.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

#: Room for the window manager's title bar and borders, which ``resize`` does not include.
FRAME_ALLOWANCE = QSize(16, 40)
#: The free area of the smallest screen arapp is made for: 1366 x 768 less a 40 px taskbar.
SMALLEST_SCREEN = QSize(1366, 728)


def available_area(widget: QWidget) -> QRect:
    """The free area of the screen ``widget`` is on (of the primary screen before it shows)."""
    screen = widget.screen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fitted(wanted: QSize, area: QRect) -> QSize:
    """``wanted``, made smaller where it would not fit in ``area`` with its frame."""
    return wanted.boundedTo(area.size() - FRAME_ALLOWANCE)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` x ``height``, or less where the screen is smaller (never
    below its minimum size)."""
    size = fitted(QSize(width, height), available_area(widget))
    widget.resize(size.expandedTo(widget.minimumSizeHint()))
