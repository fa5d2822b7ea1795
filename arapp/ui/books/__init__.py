# SPDX-License-Identifier: MIT
"""File ▸ New books…, Open books… and Recent books: leaving the demo, and moving between books.

Books are switched by opening a new main window on the new books and closing the old one: every
tab, worker, timer and event subscription of the old books goes with their window, and their
database is closed once the workers still running have finished. The books opened are
remembered (``arapp.paths.remember_books``), so the next start opens them again.

A file that is not arapp books, or was written by a newer arapp, gets a message and nothing
changes; older books are upgraded after a backup, and the window says where the backup is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMenu, QStatusBar, QWidget

from arapp.i18n import N_, _
from arapp.paths import app_paths, recent_books, remember_books
from arapp.services.backup import restore_backup
from arapp.services.books import BOOKS_SUFFIX, OpenedDatabase, open_books_file, opening_notices
from arapp.services.context import AppContext
from arapp.services.errors import DatabaseError, ServiceError
from arapp.ui.backups import AutoBackups
from arapp.ui.notices import NoticeBanner
from arapp.ui.prompts import inform
from arapp.ui.worker import wait_for_all


class BooksWindow(Protocol):
    """What the books menu needs of the main window (which makes the menu: a protocol keeps
    the two modules from importing each other). A window of the same class is made on the new
    books with ``type(window)(ctx)``."""

    ctx: AppContext
    notices: NoticeBanner
    auto_backups: AutoBackups

    def save_state(self) -> None: ...

    def statusBar(self) -> QStatusBar: ...


OPEN_FILTER = N_("arapp books ({patterns});;All files (*)")  # patterns: see choose_books
#: How long the old books wait for their workers before their database is closed.
WORKERS_WAIT_MS = 10_000


class BooksMenu:
    """The books entries of the File menu of one window.

    Attributes:
        new_action: File ▸ New books….
        open_action: File ▸ Open books….
        recent_menu: File ▸ Recent books, filled each time it opens.
    """

    def __init__(self, window: BooksWindow, menu: QMenu) -> None:
        self.window = window
        self.new_action = menu.addAction(_("New boo&ks…"))
        self.new_action.triggered.connect(self.new_books)
        self.open_action = menu.addAction(_("&Open books…"))
        self.open_action.triggered.connect(self.choose_books)
        self.recent_menu = menu.addMenu(_("Recen&t books"))
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self.fill_recent()

    def fill_recent(self) -> None:
        """One entry per book opened lately: the open ones and those gone are shown disabled."""
        self.recent_menu.clear()
        current = self.window.ctx.db.sqlite_path
        here = Path(current).resolve() if current else None
        found = recent_books()
        for number, path in enumerate(found, start=1):
            if path == here:
                text = _("&{number} {name}   ({folder}) - open now")
            elif not path.exists():
                text = _("&{number} {name}   ({folder}) - not found")
            else:
                text = "&{number} {name}   ({folder})"
            text = text.format(number=number, name=path.name, folder=path.parent)
            action = self.recent_menu.addAction(text)
            action.setToolTip(str(path))
            action.setEnabled(path != here and path.exists())
            action.triggered.connect(lambda _checked=False, p=path: self.open_books(p))
        if not found:
            self.recent_menu.addAction(_("No books opened yet")).setEnabled(False)

    def recent_actions(self) -> list[QAction]:
        return list(self.recent_menu.actions())

    # -- commands -----------------------------------------------------------------------------

    def new_books(self) -> QMainWindow | None:
        """File ▸ New books…: the set-up, then the window on the new books."""
        from arapp.ui.books.new_dialog import NewBooksDialog

        dialog = NewBooksDialog(self.window)
        if not dialog.exec() or dialog.created is None:
            return None
        return self.open_books(dialog.created)

    def choose_books(self) -> QMainWindow | None:
        """File ▸ Open books…: pick a file, then :meth:`open_books`."""
        current = self.window.ctx.db.sqlite_path
        folder = Path(current).parent if current else app_paths().data_dir  # or a server's
        chosen, _filter = QFileDialog.getOpenFileName(
            self.window,
            _("Open books"),
            str(folder),
            _(OPEN_FILTER).format(patterns=f"*{BOOKS_SUFFIX} *.db *.sqlite"),
        )
        return self.open_books(Path(chosen)) if chosen else None

    def open_books(self, path: Path) -> QMainWindow | None:
        """Open the books in ``path`` in a new window that takes this one's place; returns it,
        or ``None`` when they could not be opened (a message says why; nothing changed)."""
        current = self.window.ctx.db.sqlite_path
        if current and Path(current).resolve() == Path(path).resolve():
            self.window.statusBar().showMessage(_("These books are open already."), 10_000)
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            books = open_books_file(Path(path), app_paths().ensure().backup_dir)
        except (ServiceError, DatabaseError) as exc:
            QApplication.restoreOverrideCursor()
            inform(self.window, _("Open books"), str(exc), True)
            return None
        try:
            notices = opening_notices(books)
        except (ServiceError, DatabaseError) as exc:  # the books are open all the same
            notices = [_("Recurring invoices were not billed: {reason}").format(reason=exc)]
        finally:
            QApplication.restoreOverrideCursor()
        if current:  # the books left stay one click away (Recent books), behind the new ones
            remember_books(current)
            remember_books(path)
        window = replace_window(self.window, books, notices)
        if window is None and current:
            remember_books(current)  # still the books in use
        return window

    def restore(self, backup: Path) -> QMainWindow | None:
        """Put ``backup`` in place of these books and reopen them in a new window, which says
        what happened (nothing is restored when the books are open elsewhere, or the backup
        fails its check: the books reopen as they were, and the notice says why)."""
        current = self.window.ctx.db.sqlite_path
        assert current is not None, "server books are restored by the server"
        books_path = Path(current)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            wait_for_all(WORKERS_WAIT_MS)  # their last reads
            self.window.ctx.db.dispose()  # this process's connections: the books must be free
            try:
                result = restore_backup(books_path, backup)
                notices = [
                    _(
                        "The backup {name} was restored and checked. The books as they were "
                        "just before are kept in {path}"
                    ).format(name=backup.name, path=result.kept)
                ]
            except ServiceError as exc:
                notices = [_("Nothing was restored: {reason}").format(reason=exc)]
            books = open_books_file(books_path, app_paths().ensure().backup_dir)
        except (ServiceError, DatabaseError) as exc:
            QApplication.restoreOverrideCursor()
            inform(self.window, _("Restore from backup"), str(exc), True)
            return None
        QApplication.restoreOverrideCursor()
        self.window.auto_backups.skip_closing = True  # these books are not the ones left
        return replace_window(self.window, books, notices)


def replace_window(
    old: BooksWindow, books: OpenedDatabase, notices: list[str]
) -> QMainWindow | None:
    """Show a window on ``books`` in place of ``old``, then close ``old`` and its books."""
    from arapp.services.company import has_company

    assert isinstance(old, QMainWindow)
    if not has_company(books.ctx):  # arapp books no company was ever given: ask, as at start
        from arapp.ui.company_dialog import CompanyDialog

        dialog = CompanyDialog(books.ctx, old)
        dialog.setWindowTitle(_("Who issues the invoices of these books?"))
        if not dialog.exec():
            books.ctx.db.dispose()
            return None
    old.save_state()  # the new window takes the old one's size and place from it
    window = type(old)(books.ctx)
    for notice in notices:
        window.notices.add(notice)
    _keep(window)
    window.show()
    old.close()
    old.deleteLater()
    # the old books' last reads (the unwaited pool has nothing of the new books' yet)
    wait_for_all(WORKERS_WAIT_MS, drop_unwaited=True)
    old.ctx.db.dispose()
    window.auto_backups.start()
    window.start_segments()
    return window


class _Windows(QObject):
    """Keeps the windows opened on other books alive (a window without a parent lives as long
    as its Python object); a child of the application, so it lives as long as the app."""

    def __init__(self, app: QObject) -> None:
        super().__init__(app)
        self.setObjectName("arappWindows")
        self.windows: set[QWidget] = set()

    def hold(self, window: QWidget) -> None:
        self.windows.add(window)
        window.destroyed.connect(self._release(window))

    def _release(self, window: QWidget) -> Callable[[], None]:
        return lambda: self.windows.discard(window)


def _keep(window: QWidget) -> None:
    app = QApplication.instance()
    assert app is not None
    keeper = app.findChild(_Windows, "arappWindows") or _Windows(app)
    keeper.hold(window)
