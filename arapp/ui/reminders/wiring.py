# SPDX-License-Identifier: MIT
"""Puts reminders into the main window: the Collections menu (Run reminders…, Outbox…), the
Today page of the Collections tab, and the daily run with its status-bar note.

The Today page (and its imports) is made when first asked for, which the window does when it
makes the Collections tab; the dialogs are imported when they open.

The window hands over what the reminders need (itself as a ``QMainWindow``, the books, the event
bridge, where the Today page goes, its settings), so this module need not know the window's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from arapp.services.context import AppContext
from arapp.ui.bridge import EventBridge
from arapp.ui.display import DisplaySource
from arapp.ui.reminders.daily import DailyReminders

if TYPE_CHECKING:
    from arapp.ui.reminders.today import TodayPage


class Reminders:
    """The window's reminder commands.

    Attributes:
        today: The Today page (made, and handed to ``set_today_page``, when first asked for).
        daily: The daily run.
        run_action: Collections ▸ Run reminders….
        outbox_action: Collections ▸ Outbox….
        menu: The Collections menu.
    """

    def __init__(
        self,
        window: QMainWindow,
        ctx: AppContext,
        bridge: EventBridge,
        display: DisplaySource,
        set_today_page: Callable[[QWidget], None],
        window_settings: Callable[[], QSettings],
    ) -> None:
        self.window = window
        self.ctx = ctx
        self.display = display
        self.bridge = bridge
        self._set_today_page = set_today_page
        self._today: TodayPage | None = None
        help_action = window.menuBar().actions()[-1]  # the Help menu stays last
        menu = QMenu("&Collections", window)
        window.menuBar().insertMenu(help_action, menu)
        self.menu = menu
        self.run_action = menu.addAction("&Run reminders…")
        self.run_action.triggered.connect(self.run)
        self.outbox_action = menu.addAction("&Outbox…")
        self.outbox_action.triggered.connect(self.outbox)
        self.daily = DailyReminders(ctx, window.statusBar(), window_settings, parent=window)
        self.daily.run_requested.connect(self.run)

    @property
    def today(self) -> TodayPage:
        if self._today is None:
            from arapp.ui.reminders.today import TodayPage

            self._today = TodayPage(self.ctx, self.display, self.bridge)
            self._today.run_requested.connect(self.run)
            self._today.outbox_requested.connect(self.outbox)
            self._set_today_page(self._today)
        return self._today

    def run(self) -> None:
        """Collections ▸ Run reminders…."""
        from arapp.ui.reminders.run_dialog import ReminderRunDialog

        self.daily.ran_by_hand()
        ReminderRunDialog(self.ctx, self.display.current, self.window).exec()

    def outbox(self) -> None:
        """Collections ▸ Outbox…, on the documents' page when only documents wait."""
        from arapp.services.delivery.outbox import deliveries_waiting
        from arapp.services.reminders.outbox import outbox_waiting
        from arapp.ui.reminders.outbox import OutboxDialog

        documents = not outbox_waiting(self.ctx).total and deliveries_waiting(self.ctx).total > 0
        OutboxDialog(self.ctx, self.display.current, self.window, documents).exec()
