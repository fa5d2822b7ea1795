# SPDX-License-Identifier: MIT
"""Puts reminders into the main window: the Collections menu (Run reminders…, Outbox…), the
Today page of the Collections tab, and the daily run with its status-bar note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from arapp.ui.reminders.daily import DailyReminders
from arapp.ui.reminders.outbox import OutboxDialog
from arapp.ui.reminders.run_dialog import ReminderRunDialog
from arapp.ui.reminders.today import TodayPage

if TYPE_CHECKING:
    from arapp.ui.main_window import MainWindow


class Reminders:
    """The window's reminder commands.

    Attributes:
        today: The Today page.
        daily: The daily run.
        run_action: Collections ▸ Run reminders….
        outbox_action: Collections ▸ Outbox….
        menu: The Collections menu.
    """

    def __init__(self, window: MainWindow) -> None:
        from arapp.ui.main_window import window_settings

        self.window = window
        ctx = window.ctx
        self.today = TodayPage(ctx, window.bridge)
        window.collections.set_today_page(self.today)
        help_action = window.menuBar().actions()[-1]  # the Help menu stays last
        menu = QMenu("C&ollections", window)
        window.menuBar().insertMenu(help_action, menu)
        self.menu = menu
        self.run_action = menu.addAction("&Run reminders…")
        self.run_action.triggered.connect(self.run)
        self.outbox_action = menu.addAction("Reminder &outbox…")
        self.outbox_action.triggered.connect(self.outbox)
        self.today.run_requested.connect(self.run)
        self.today.outbox_requested.connect(self.outbox)
        self.daily = DailyReminders(ctx, window.statusBar(), window_settings, parent=window)
        self.daily.run_requested.connect(self.run)

    def run(self) -> None:
        """Collections ▸ Run reminders…."""
        self.daily.ran_by_hand()
        ReminderRunDialog(self.window.ctx, self.window).exec()

    def outbox(self) -> None:
        OutboxDialog(self.window.ctx, self.window).exec()
