# SPDX-License-Identifier: MIT
"""Qt helpers for UI tests (the fixtures are in tests/ui/conftest.py)."""

from __future__ import annotations

from PySide6.QtCore import QDeadlineTimer, QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from arapp.services.context import AppContext
from arapp.ui.display import Display, DisplaySource


def activate(widget: QWidget, timeout_ms: int = 2_000) -> None:
    """Show ``widget`` and make it the active window (offscreen does not do it by itself), so
    that window shortcuts such as Ctrl+F and Ctrl+Return reach it."""
    widget.show()
    handle = widget.windowHandle()
    assert handle is not None
    handle.requestActivate()
    deadline = QDeadlineTimer(timeout_ms)
    while not widget.isActiveWindow():
        assert not deadline.hasExpired(), f"{widget!r} never became active"
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def company_display(ctx: AppContext) -> Display:
    """The display a dialog opened now takes: the company's as it is now (what the window's
    :class:`DisplaySource` holds once the company event has reached it)."""
    return DisplaySource(ctx).current
