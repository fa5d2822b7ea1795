# SPDX-License-Identifier: MIT
"""Backups and books in the person's language (issue 17, item 2): the backup and books entries
of the menus, Restore from backup, Check books, About and New books speak through arapp.i18n
(the pseudo-translation finds any text that does not)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QMenu

from arapp import APP_DISPLAY_NAME, __version__
from arapp.i18n import PSEUDO_OPEN
from arapp.paths import remember_books
from arapp.services.backup import back_up_database
from arapp.services.context import AppContext
from arapp.ui.backups.about import AboutDialog, about_text
from arapp.ui.backups.check_dialog import CheckBooksDialog
from arapp.ui.backups.menu import BackupMenu
from arapp.ui.backups.restore_dialog import RestoreDialog
from arapp.ui.books import BooksMenu
from arapp.ui.books.new_dialog import NewBooksDialog
from tests.helpers.untranslated import pseudo_language, untranslated_texts


class _Window(QMainWindow):
    """Just what the menus need of the main window."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx

    def restore_backup(self, backup: Path) -> None:  # pragma: no cover - not chosen here
        raise AssertionError(backup)


def test_the_backup_and_books_menus_speak_through_the_translations(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:
    gone = tmp_path / "elsewhere" / "old books.sqlite3"
    remember_books(gone)  # a Recent books entry whose file is gone
    data = [gone.name, str(gone.parent), APP_DISPLAY_NAME]
    with pseudo_language():
        window = _Window(ctx)
        qtbot.addWidget(window)
        file_menu, help_menu = QMenu("File", window), QMenu("Help", window)
        books = BooksMenu(window, file_menu)
        BackupMenu(window, file_menu, help_menu)
        books.fill_recent()
        entry = books.recent_actions()[0].text()
        assert entry.startswith(PSEUDO_OPEN) and gone.name in entry  # "- not found"
        assert untranslated_texts(file_menu, data=data) == []
        assert untranslated_texts(help_menu, data=data) == []


def test_restore_check_and_about_speak_through_the_translations(qtbot, ctx: AppContext) -> None:
    back_up_database(ctx)
    books = ctx.db.describe()
    with pseudo_language():
        restore = RestoreDialog(ctx)
        qtbot.addWidget(restore)
        qtbot.waitUntil(lambda: restore.table.rowCount() == 1, timeout=10_000)
        assert untranslated_texts(restore, data=[str(restore.folder)]) == []
        for column in (1, 2):  # why it was taken, its size
            assert restore.table.item(0, column).text().startswith(PSEUDO_OPEN)
        restore.check()
        qtbot.waitUntil(lambda: bool(restore.checked), timeout=20_000)
        assert restore.status.text().startswith(PSEUDO_OPEN)

        check = CheckBooksDialog(ctx)
        qtbot.addWidget(check)
        assert untranslated_texts(check, data=[books]) == []
        qtbot.waitUntil(lambda: check.result is not None, timeout=20_000)
        assert check.report.toPlainText().startswith(PSEUDO_OPEN)

        about = AboutDialog(ctx)
        qtbot.addWidget(about)
        version = f"{APP_DISPLAY_NAME} {__version__}"
        assert untranslated_texts(about, data=[version, APP_DISPLAY_NAME]) == []
        lines = about_text(ctx).splitlines()
        assert lines[1].startswith(PSEUDO_OPEN) and lines[3].startswith(PSEUDO_OPEN)


def test_the_new_books_dialog_speaks_through_the_translations(qtbot, tmp_path: Path) -> None:
    from arapp.domain.eas import scheme_choices

    with pseudo_language():
        dialog = NewBooksDialog(folder=tmp_path)
        qtbot.addWidget(dialog)
        data = [label for _code, label in scheme_choices()]
        assert untranslated_texts(dialog, data=data) == []
        assert dialog.example.text().startswith(PSEUDO_OPEN)


def test_a_failed_automatic_backup_and_a_restore_question_are_translated(
    qtbot, ctx: AppContext, tmp_path: Path, answer_modal
) -> None:
    from PySide6.QtWidgets import QMessageBox, QPushButton

    from arapp.services.settings import BACKUP_FOLDER, set_setting
    from arapp.ui import create_main_window

    back_up_database(ctx)
    asked: list[str] = []

    def read_and_refuse(box: QMessageBox) -> None:
        asked.extend([box.windowTitle(), box.text()])
        box.reject()

    with pseudo_language():
        restore = RestoreDialog(ctx)
        qtbot.addWidget(restore)
        qtbot.waitUntil(lambda: restore.table.rowCount() == 1, timeout=10_000)
        answer_modal(read_and_refuse)
        restore.restore()
        assert asked and all(text.startswith(PSEUDO_OPEN) for text in asked), asked
        assert restore.chosen is None  # refused: nothing is restored

        blocked = tmp_path / "a-file-not-a-folder"
        blocked.write_text("")
        set_setting(ctx, BACKUP_FOLDER, str(blocked))
        window = create_main_window(ctx)
        qtbot.addWidget(window)
        window.auto_backups.start()
        qtbot.waitUntil(lambda: window.notices.texts() != [], timeout=10_000)
        (text,) = window.notices.texts()
        assert text.startswith(PSEUDO_OPEN) and str(blocked) in text
        again = [b.text() for b in window.notices.findChildren(QPushButton)]
        assert any(t.startswith(PSEUDO_OPEN) and "&" in t for t in again), again
