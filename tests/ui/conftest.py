# SPDX-License-Identifier: MIT
"""UI test harness: offscreen Qt, window state in a temporary folder, and Qt warnings that fail
the test that caused them. The books (``db``, ``ctx``) come from tests/conftest.py."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer, QtMsgType
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from arapp.paths import use_home
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, CustomerRecord, create_customer
from arapp.ui.display import DisplaySource
from tests.helpers.messageboxes import MessageRecorder
from tests.helpers.qt import activate

# Messages the offscreen platform prints for things it cannot do; they say nothing about us.
HARMLESS_QT_MESSAGES = (
    "This plugin does not support",
    "propagateSizeHints",
    "QFont::fromString",
)


@pytest.fixture(autouse=True)
def ui_home(tmp_path: Path) -> Iterator[Path]:
    """No test touches the real home: app folders and QSettings both under ``tmp_path``."""
    home = tmp_path / "home"
    use_home(home)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qt"))
    yield home
    use_home(None)


@pytest.fixture(autouse=True)
def fail_on_qt_warnings(qtlog) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """A Qt warning or critical message during a test fails it (pytest-qt records them)."""
    yield
    bad = [
        record.message
        for record in qtlog.records
        if record.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
        and not any(text in record.message for text in HARMLESS_QT_MESSAGES)
    ]
    if bad:
        pytest.fail("Qt warned:\n" + "\n".join(bad), pytrace=False)


@pytest.fixture(autouse=True)
def lists_read_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A list's reload waits up to 50 ms before it goes on a worker ("Loading…"); on a busy
    test machine a small list may take that long, and a test would see the old rows. Tests
    wait up to a minute (5 s was once not enough on a loaded CI machine); the ones about slow
    reloads set the budget back."""
    from arapp.ui import paged_model

    monkeypatch.setattr(paged_model, "RELOAD_BUDGET", 60.0)


@pytest.fixture(autouse=True)
def no_background_work_left(qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Let the test's workers finish before its widgets go.

    Asking for ``qtbot`` sets it up before this fixture, so it is torn down after: the wait runs
    while the windows still stand. Closing them first let a worker hand its result to an object
    being deleted on the GUI thread at that moment ("pure virtual method called", seen once in
    test_customers_tab while the Aging page was still reading).
    """
    yield
    from arapp.ui.worker import wait_for_all

    # Work nobody waits for (arapp.ui.worker.unwaited_pool) that has not started is dropped:
    # left queued, it piled up from test to test on a loaded machine and ran as Python ended.
    wait_for_all(30_000, drop_unwaited=True)


@pytest.fixture
def add_customer(ctx: AppContext) -> Callable[..., CustomerRecord]:
    def add(name: str, **fields: str) -> CustomerRecord:
        return create_customer(ctx, CustomerInput(name=name, **fields))

    return add


@pytest.fixture
def display_source(ctx: AppContext) -> DisplaySource:
    """The display source a tab or page gets from the window (without the bridge: a test that
    needs the company event to reach the widgets uses ``main_window``)."""
    return DisplaySource(ctx)


@pytest.fixture
def main_window(qtbot, ctx: AppContext):  # type: ignore[no-untyped-def]
    from arapp.ui import create_main_window

    window = create_main_window(ctx)
    qtbot.addWidget(window)
    activate(window)
    return window


@pytest.fixture
def messages(qapp: QApplication) -> Iterator[MessageRecorder]:
    """The message boxes and dialogs shown during the test (``messages.last.text``…)."""
    recorder = MessageRecorder(qapp)
    yield recorder
    recorder.uninstall()


@pytest.fixture
def answer_modal() -> Callable[[Callable[[QDialog], None]], None]:
    """``answer_modal(fn)``: when the next modal dialog opens, ``fn(dialog)`` answers it.

    Call it before the code that opens the dialog (which blocks in ``exec()`` until answered).
    """
    return _answer_modal


def _answer_modal(answer: Callable[[QDialog], None], timeout_ms: int = 3_000) -> None:
    waited = {"ms": 0}

    def poll() -> None:
        widget: QWidget | None = QApplication.activeModalWidget()
        if isinstance(widget, QDialog) and widget.isVisible():
            try:
                activate(widget)
                answer(widget)
            finally:
                if widget.isVisible():  # never leave a test hanging in exec()
                    widget.reject()
                    raise AssertionError(f"{widget!r} was left open")
            return
        waited["ms"] += 20
        if waited["ms"] > timeout_ms:
            raise AssertionError("no modal dialog opened")
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
