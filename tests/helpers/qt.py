# SPDX-License-Identifier: MIT
"""Qt helpers for UI tests (the fixtures are in tests/ui/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
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


def stub_window_start(
    monkeypatch: pytest.MonkeyPatch, record: Callable[[AppContext, list[str]], object]
) -> None:
    """For tests of what a start (:func:`arapp.app.run_window`) hands the window: the books
    open on this thread (no event loop runs, so nothing deleted later is deleted meanwhile),
    ``record(ctx, notices)`` is called instead of :func:`arapp.ui.run_gui`, and the window's
    frame is closed instead of run."""
    import arapp.ui

    def run_gui(
        ctx: AppContext,
        _argv: list[str],
        notices: Sequence[str] = (),
        window: QWidget | None = None,
    ) -> int:
        record(ctx, list(notices))
        if window is not None:
            window.close()
            window.deleteLater()
        return 0

    monkeypatch.setattr(arapp.ui, "run_gui", run_gui)
    monkeypatch.setattr(arapp.ui, "open_in_background", lambda _window, operation: operation())
