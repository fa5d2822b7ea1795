# SPDX-License-Identifier: MIT
"""Backups in the window (issue 16, items 5 and 6): File ▸ Restore from backup… lists, checks and
restores; the automatic backups on opening (once a day) and on closing after changes; a failed
backup said in a notice; Help ▸ Check books… names what is wrong and the newest sound backup."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from arapp.db import backups as files
from arapp.paths import app_paths
from arapp.services.backup import back_up_database
from arapp.services.customer_list import StatusFilter, count_customers
from arapp.services.settings import BACKUP_FOLDER, set_setting
from arapp.ui import create_main_window
from arapp.ui.backups.check_dialog import CheckBooksDialog
from arapp.ui.backups.restore_dialog import RestoreDialog
from arapp.ui.main_window import MainWindow
from tests.helpers.books import TODAY, customer, issued_invoice
from tests.helpers.qt import activate


def _new_window(old: MainWindow) -> MainWindow:
    windows = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MainWindow) and w is not old and w.isVisible()
    ]
    assert len(windows) == 1, windows
    return windows[0]


def _press(text: str):  # type: ignore[no-untyped-def]
    def answer(box: QMessageBox) -> None:
        (button,) = [b for b in box.findChildren(QPushButton) if b.text() == text]
        button.click()

    return answer


def _two_backups(ctx) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """A backup of yesterday with one customer, and one of today with two and an invoice."""
    books, folder = Path(ctx.db.sqlite_path), app_paths().backup_dir
    first = customer(ctx, "Before")
    yesterday = datetime.now(UTC) - timedelta(days=1)
    older = files.write_backup(books, folder, "opening", now=yesterday)
    customer(ctx, "After")
    issued_invoice(ctx, first, TODAY, "100")
    newer = back_up_database(ctx)
    assert newer is not None
    return older, newer


def test_restore_dialog_lists_checks_and_restores(main_window, qtbot, answer_modal, shots):
    ctx = main_window.ctx
    older, newer = _two_backups(ctx)
    customer(ctx, "Later still")
    dialog = RestoreDialog(ctx, main_window)
    qtbot.addWidget(dialog)
    dialog.resize(900, 460)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    cells = [
        [dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
        for r in range(2)
    ]
    assert [row[1:] for row in cells] == [
        ["Backed up by hand", row_size(newer), "2", "1"],
        ["Books opened", row_size(older), "1", "0"],
    ]
    assert cells[1][0] == (datetime.now(UTC) - timedelta(days=1)).astimezone().strftime(
        "%Y-%m-%d %H:%M"
    )
    dialog.table.selectRow(1)
    dialog.check_button.click()
    qtbot.waitUntil(lambda: "is sound" in dialog.status.text(), timeout=20_000)
    dialog.grab().save(str(shots / "restore-dialog.png"))

    answer_modal(_press("Restore"))
    dialog.restore()
    assert dialog.chosen == older and dialog.result() == dialog.DialogCode.Accepted
    window = main_window.restore_backup(older)
    assert window is not None
    qtbot.addWidget(window)
    assert _new_window(main_window) is window
    assert count_customers(window.ctx, StatusFilter.ALL) == 1  # the backup's one customer
    notice = window.notices.texts()[0]
    assert f"The backup {older.name} was restored and checked" in notice
    kept = [p for p in app_paths().backup_dir.iterdir() if "before-restore" in p.name]
    assert len(kept) == 1 and str(kept[0]) in notice
    with sqlite3.connect(kept[0]) as copy:  # the books as they were, "Later still" included
        assert copy.execute("SELECT count(*) FROM customer").fetchone() == (3,)
    copy.close()
    window.close()
    window.ctx.db.dispose()


def row_size(path: Path) -> str:
    from arapp.ui.backups.restore_dialog import size_text

    return size_text(path.stat().st_size)


def test_a_damaged_backup_fails_its_check_and_is_not_restored(ctx, qtbot):
    older, _newer = _two_backups(ctx)
    data = bytearray(older.read_bytes())
    data[4096 * 2 :] = b"\xee" * (len(data) - 4096 * 2)
    older.write_bytes(bytes(data))
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    dialog.table.selectRow(1)
    dialog.check_button.click()
    qtbot.waitUntil(lambda: "has problems" in dialog.status.text(), timeout=20_000)
    dialog.restore()  # refused without asking
    assert dialog.chosen is None
    assert "choose another one" in dialog.status.text()


def test_backups_run_themselves_on_opening_and_on_closing_after_changes(ctx, qtbot):
    folder = app_paths().backup_dir
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    activate(window)
    window.auto_backups.start()
    qtbot.waitUntil(lambda: not window.auto_backups.running, timeout=10_000)
    (opening,) = folder.iterdir()
    assert opening.name.endswith("-opening.sqlite3")
    assert str(opening) in window.statusBar().currentMessage()

    again = create_main_window(ctx)  # the books opened again the same day: no second copy
    qtbot.addWidget(again)
    again.auto_backups.start()
    qtbot.waitUntil(lambda: not again.auto_backups.running, timeout=10_000)
    assert list(folder.iterdir()) == [opening]
    again.close()  # nothing changed: no backup on closing
    assert list(folder.iterdir()) == [opening]

    customer(ctx, "New today")
    qtbot.waitUntil(lambda: window.auto_backups.changed, timeout=5_000)
    window.close()
    closing = [p for p in folder.iterdir() if p.name.endswith("-closing.sqlite3")]
    assert len(closing) == 1
    with sqlite3.connect(closing[0]) as copy:
        assert copy.execute("SELECT name FROM customer").fetchall() == [("New today",)]
    copy.close()


def test_a_failed_backup_is_said_in_a_notice(ctx, qtbot, tmp_path):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    set_setting(ctx, BACKUP_FOLDER, str(blocked))
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    window.auto_backups.start()
    qtbot.waitUntil(lambda: window.notices.texts() != [], timeout=10_000)
    (text,) = window.notices.texts()
    assert text.startswith(
        f"The automatic backup of these books failed: The backup folder {blocked} is a file, "
        "not a folder. The books themselves are not affected."
    )
    buttons = [b.text() for b in window.notices.findChildren(QPushButton)]
    assert "Back up a&gain" in buttons


def test_check_books_names_what_is_wrong_and_the_newest_sound_backup(ctx, qtbot, shots):
    _older, newer = _two_backups(ctx)
    ctx.db.dispose()
    with sqlite3.connect(ctx.db.sqlite_path) as books:
        books.execute("UPDATE invoice SET amount_paid = 10000")
    books.close()
    dialog = CheckBooksDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    text = dialog.report.toPlainText()
    assert text.startswith("Something is wrong in")
    assert "shows 1.00 EUR paid, but its payments, credit and discounts add up to 0.00 EUR" in text
    assert f"The newest sound backup is {newer}" in text
    dialog.grab().save(str(shots / "check-books.png"))


def test_the_backup_folder_is_chosen_in_settings(ctx, qtbot, tmp_path):
    from arapp.services.backup import backup_folder
    from arapp.ui.settings import SettingsDialog

    stick = tmp_path / "usb stick"
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    field = dialog.invoices_tab.inputs["backup.folder"].focus
    assert field.placeholderText() == str(app_paths().backup_dir)  # empty: arapp's own
    field.setText("relative/folder")
    assert not dialog.save()
    assert "whole path" in dialog.invoices_tab.groups.error_for("backup.folder").text()
    field.setText(str(stick))
    assert dialog.save()
    assert backup_folder(ctx) == stick
    made = back_up_database(ctx)
    assert made is not None and made.parent == stick
