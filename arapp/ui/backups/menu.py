# SPDX-License-Identifier: MIT
"""The backup entries of the menus: File ▸ Back up database… and Restore from backup…, Help ▸
Check books… and About. The main window only places them."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

from arapp import APP_DISPLAY_NAME
from arapp.i18n import _
from arapp.services.backup import SERVER_BOOKS, back_up_database
from arapp.services.context import AppContext
from arapp.ui.prompts import inform
from arapp.ui.worker import run_in_background


class BackupWindow(Protocol):
    """What the menu needs of the main window (a protocol: neither imports the other)."""

    ctx: AppContext

    def statusBar(self) -> QStatusBar: ...

    def restore_backup(self, backup: Path) -> object: ...


class BackupMenu:
    """File ▸ Back up database…, Restore from backup…; Help ▸ Check books…, About.

    Attributes:
        backup_action: File ▸ Back up database….
        restore_action: File ▸ Restore from backup….
        check_action: Help ▸ Check books….
        about_action: Help ▸ About.
    """

    def __init__(self, window: BackupWindow, file_menu: QMenu, help_menu: QMenu) -> None:
        self.window = window
        self.backup_action = file_menu.addAction(_("&Back up database…"))
        self.backup_action.triggered.connect(self.back_up)
        self.restore_action = file_menu.addAction(_("&Restore from backup…"))
        self.restore_action.triggered.connect(self.restore)
        self.check_action = help_menu.addAction(_("&Check books…"))
        self.check_action.triggered.connect(self.check_books)
        self.about_action = help_menu.addAction(_("&About {app}").format(app=APP_DISPLAY_NAME))
        self.about_action.triggered.connect(self.about)

    @property
    def _parent(self) -> QWidget:
        assert isinstance(self.window, QWidget)
        return self.window

    def back_up(self) -> None:
        """Back the books up into their backup folder (on a worker: a big file takes a while)."""
        ctx = self.window.ctx
        self.backup_action.setEnabled(False)
        self.window.statusBar().showMessage(_("Backing up the database…"))
        run_in_background(self._parent, lambda: back_up_database(ctx), self._done, self._failed)

    def _done(self, target: Path | None) -> None:
        self.backup_action.setEnabled(True)
        if target is None:
            database = _("Database: {books}").format(books=self.window.ctx.db.describe())
            text = f"{_(SERVER_BOOKS)}\n\n{database}"
        else:
            text = _("A copy of the database was checked and saved to:\n\n{path}").format(
                path=target
            )
            self.window.statusBar().showMessage(
                _("Backup saved to {path}").format(path=target), 10_000
            )
        inform(self._parent, _("Back up database"), text)

    def _failed(self, exc: Exception) -> None:
        self.backup_action.setEnabled(True)
        self.window.statusBar().clearMessage()
        inform(
            self._parent,
            _("Back up database"),
            _("The backup failed: {reason}").format(reason=exc),
            True,
        )

    def restore(self) -> None:
        """File ▸ Restore from backup…: choose a backup; the window restores it and reopens."""
        ctx = self.window.ctx
        if ctx.db.sqlite_path is None:
            inform(self._parent, _("Restore from backup"), _(SERVER_BOOKS))
            return
        from arapp.ui.backups.restore_dialog import RestoreDialog

        dialog = RestoreDialog(ctx, self._parent)
        if dialog.exec() and dialog.chosen is not None:
            self.window.restore_backup(dialog.chosen)

    def check_books(self) -> None:
        from arapp.ui.backups.check_dialog import CheckBooksDialog

        CheckBooksDialog(self.window.ctx, self._parent).exec()

    def about(self) -> None:
        from arapp.ui.backups.about import AboutDialog

        AboutDialog(self.window.ctx, self._parent).exec()
