# SPDX-License-Identifier: MIT
"""The once-a-day reminder run of an open window.

A :class:`QTimer` looks every hour whether today's run has happened (the day of the last run is
kept with the window state in QSettings: it is this computer's doing, and a second run on another
computer queues nothing twice). When it is due, :func:`daily_run` queues and sends what is due if
the ``reminders.auto`` setting allows it; otherwise the status bar says how many reminders are
due, and clicking the note opens the run dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QStatusBar

from arapp.services.context import AppContext
from arapp.ui.worker import run_in_background

if TYPE_CHECKING:  # the sending service (and its PDF stack) is imported at the first check
    from arapp.services.reminders.sending import DailyRun

CHECK_EVERY_MS = 60 * 60 * 1000
LAST_RUN_KEY = "reminders/last_daily_run"


class DailyReminders(QObject):
    """Checks hourly; runs or announces the day's reminders once.

    Attributes:
        timer: The hourly check.
        note: A flat button in the status bar: "N reminders are due" (hidden when none).
        run_requested: ``Signal()``: the person clicked the note; open the run dialog.
        last: What the last daily run found, if it ran.
    """

    run_requested = Signal()

    def __init__(
        self,
        ctx: AppContext,
        status_bar: QStatusBar,
        settings: Callable[[], QSettings],
        now: Callable[[], datetime] = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings
        self.now = now
        self.last: DailyRun | None = None
        self._running = False
        self.note = QPushButton()
        self.note.setObjectName("remindersDueNote")
        self.note.setFlat(True)
        self.note.setVisible(False)
        self.note.clicked.connect(self.run_requested)
        status_bar.addPermanentWidget(self.note)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def last_run(self) -> date | None:
        text = self.settings().value(LAST_RUN_KEY, "")
        try:
            return date.fromisoformat(str(text)) if text else None
        except ValueError:
            return None

    def check(self) -> None:
        """Run the day's reminders if that has not happened yet today and the time has come."""
        from arapp.services.reminders.sending import daily_run, daily_run_due

        now = self.now()
        if self._running or not daily_run_due(self.ctx, now, self.last_run()):
            return
        self._running = True
        settings = self.settings()
        settings.setValue(LAST_RUN_KEY, now.date().isoformat())
        settings.sync()
        ctx, today = self.ctx, now.date()
        run_in_background(self, lambda: daily_run(ctx, today), self._done, self._failed)

    def _done(self, run: DailyRun) -> None:
        self._running = False
        self.last = run
        if run.no_account:
            self.show_note(
                f"{run.due} reminder{'s are' if run.due != 1 else ' is'} due, not sent: "
                f"{run.no_account}"
            )
        elif run.outcome is not None:
            r = run.outcome.report
            text = f"Reminders sent today: {len(r.sent)}"
            if run.outcome.waiting:
                text += f", {run.outcome.waiting} queued, not sent"
            if r.failed or r.unknown or r.retry or r.stopped:
                text += f" — {len(r.failed) + len(r.unknown) + len(r.retry)} need a look"
            self.show_note(text)
        elif run.due:
            self.show_note(f"{run.due} reminder{'s are' if run.due != 1 else ' is'} due")
        else:
            self.note.setVisible(False)

    def _failed(self, exc: Exception) -> None:
        self._running = False
        self.show_note(f"Reminders could not be sent: {exc}")

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setToolTip("Open Collections ▸ Run reminders…")
        self.note.setVisible(True)

    def ran_by_hand(self) -> None:
        """The person ran the reminders themselves: the note has done its job."""
        self.note.setVisible(False)
