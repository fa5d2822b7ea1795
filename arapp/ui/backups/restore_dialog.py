# SPDX-License-Identifier: MIT
"""File ▸ Restore from backup…: the backups of these books, newest first, with when and why each
was taken, its size and how many customers and invoices it holds (read from the backup itself).

Check runs the books check on the chosen backup (read-only, on a worker). Restore… asks first,
then the window does it (:meth:`arapp.ui.books.BooksMenu.restore`): it keeps a copy of the books
as they are, puts the backup in their place, checks the result and reopens the books. Another
file (an older backup, one from a USB stick) can be chosen with Other file….
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from arapp.i18n import N_, _, ngettext
from arapp.services.backup import BackupSummary, backup_folder, list_backups, summarise
from arapp.services.books_check import check_books_file
from arapp.services.context import AppContext
from arapp.ui.dialog_parts import push_button, small_table, text_item
from arapp.ui.forms import plain_label
from arapp.ui.prompts import confirm
from arapp.ui.widgets.screen import fit_to_screen
from arapp.ui.worker import run_in_background

# Translated where shown.
HEADERS = (N_("Taken"), N_("Why"), N_("Size"), N_("Customers"), N_("Invoices"))
REASONS = {
    "opening": N_("Books opened"),
    "closing": N_("Books closed"),
    "manual": N_("Backed up by hand"),
    "before-upgrade": N_("Before an upgrade"),
    "before-restore": N_("Before a restore"),
    "chosen": N_("File chosen"),
}
FILE_FILTER = N_("arapp books (*.sqlite3);;All files (*)")


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return _("{size} KB").format(size=f"{max(size // 1024, 1):,}")
    return _("{size} MB").format(size=f"{size / (1024 * 1024):,.1f}")


def _count(value: int | None) -> str:
    return _("unreadable") if value is None else f"{value:,}"


def _contents(backup: BackupSummary) -> str:
    """``2 customers, 5 invoices``: what the backup holds, as far as it could be read."""
    if backup.customers is None:
        customers = _("customers unreadable")
    else:
        customers = ngettext("{count} customer", "{count} customers", backup.customers).format(
            count=_count(backup.customers)
        )
    if backup.invoices is None:
        invoices = _("invoices unreadable")
    else:
        invoices = ngettext("{count} invoice", "{count} invoices", backup.invoices).format(
            count=_count(backup.invoices)
        )
    return _("{customers}, {invoices}").format(customers=customers, invoices=invoices)


class RestoreDialog(QDialog):
    """The backups to restore from.

    Attributes:
        table: One row per backup.
        status: What the list, a check or a choice says.
        backups: The rows' backups, in order.
        chosen: The backup to restore once the dialog is accepted.
        checked: The last check's result by backup (empty list: sound).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Restore from backup"))
        self.backups: list[BackupSummary] = []
        self.chosen: Path | None = None
        self.checked: dict[Path, list[str]] = {}
        self.folder = backup_folder(ctx)
        intro = plain_label(
            _(
                "Backups of these books in {folder}, newest first. Restoring keeps a copy of "
                "the books as they are now, puts the backup in their place, checks it and "
                "reopens the books."
            ).format(folder=self.folder),
            wrap=True,
        )
        self.table = small_table([_(header) for header in HEADERS], "backups")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.check())
        self.status = plain_label(_("Reading the backups…"), wrap=True, selectable=True)
        self.status.setObjectName("restoreStatus")
        self.check_button = push_button(_("&Check"), self.check)
        self.restore_button = push_button(_("&Restore…"), self.restore)
        self.other_button = push_button(_("&Other file…"), self.choose_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.check_button, self.restore_button, self.other_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self._selection_changed()
        fit_to_screen(self, 760, 460)
        self.reload()

    def reload(self) -> None:
        ctx, folder = self.ctx, self.folder
        run_in_background(self, lambda: list_backups(ctx, folder), self._show, self._failed)

    def _show(self, backups: list[BackupSummary]) -> None:
        self.backups = list(backups)
        self.table.setRowCount(0)
        for backup in self.backups:
            self._add_row(backup)
        if self.backups:
            self.table.selectRow(0)
            count = len(self.backups)
            self.status.setText(
                ngettext(
                    "{count} backup. Choose one, then Check or Restore….",
                    "{count} backups. Choose one, then Check or Restore….",
                    count,
                ).format(count=count)
            )
        else:
            self.status.setText(
                _(
                    "There are no backups of these books in {folder} yet. Other file… "
                    "restores a backup kept elsewhere."
                ).format(folder=self.folder)
            )

    def _add_row(self, backup: BackupSummary, at: int | None = None) -> None:
        row = self.table.rowCount() if at is None else at
        self.table.insertRow(row)
        cells = (
            text_item(backup.taken.strftime("%Y-%m-%d %H:%M")),
            text_item(_(REASONS[backup.reason]) if backup.reason in REASONS else backup.reason),
            text_item(size_text(backup.size), right=True),
            text_item(_count(backup.customers), right=True),
            text_item(_count(backup.invoices), right=True),
        )
        for column, item in enumerate(cells):
            item.setToolTip(str(backup.path))
            self.table.setItem(row, column, item)

    def _failed(self, exc: Exception) -> None:
        self.status.setText(_("The backups could not be listed: {reason}").format(reason=exc))

    def selected(self) -> BackupSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.backups):
            return None
        return self.backups[rows[0].row()]

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.check_button.setEnabled(chosen)
        self.restore_button.setEnabled(chosen)

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Restore from a backup file"), str(self.folder), _(FILE_FILTER)
        )
        if name:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> None:
        """Put ``path`` first in the list, chosen (Other file…)."""
        from datetime import datetime

        taken = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        summary = summarise(path, taken, "chosen", path.stat().st_size)
        self.backups.insert(0, summary)
        self._add_row(summary, 0)
        self.table.selectRow(0)

    def check(self) -> None:
        """Check the chosen backup (read-only, on a worker)."""
        backup = self.selected()
        if backup is None:
            return
        self.status.setText(
            _("Checking the backup of {taken}…").format(taken=f"{backup.taken:%Y-%m-%d %H:%M}")
        )
        self.check_button.setEnabled(False)
        path = backup.path
        run_in_background(
            self,
            lambda: _check(path),
            lambda problems: self._checked(backup, problems),
            lambda exc: self._checked(backup, [str(exc)]),
        )

    def _checked(self, backup: BackupSummary, problems: list[str]) -> None:
        self.checked[backup.path] = problems
        self._selection_changed()
        when = f"{backup.taken:%Y-%m-%d %H:%M}"
        if not problems:
            self.status.setText(
                _("The backup of {taken} is sound: nothing wrong found.").format(taken=when)
            )
            return
        shown = "\n".join(f"• {p}" for p in problems[:5])
        if len(problems) > 5:
            shown += "\n" + ngettext(
                "… and {count} more.", "… and {count} more.", len(problems) - 5
            ).format(count=len(problems) - 5)
        self.status.setText(
            _("The backup of {taken} has problems:").format(taken=when) + "\n" + shown
        )

    def restore(self) -> None:
        """Ask, then accept the dialog with :attr:`chosen` set (the window restores)."""
        backup = self.selected()
        if backup is None:
            return
        problems = self.checked.get(backup.path)
        text = _(
            "Put the backup of {taken} ({contents}) in place of the books?\n\nA copy of the "
            "books as they are now is kept in {folder} first, and the books reopen once the "
            "backup is in place."
        ).format(
            taken=f"{backup.taken:%Y-%m-%d %H:%M}", contents=_contents(backup), folder=self.folder
        )
        if problems or not confirm(self, _("Restore from backup"), text, _("Restore")):
            if problems:
                self.status.setText(_("This backup has problems: choose another one."))
            return
        self.chosen = backup.path
        self.accept()


def _check(path: Path) -> list[str]:
    from arapp.services.backup import check_backup_file
    from arapp.services.errors import ServiceError

    try:
        check_backup_file(path)
    except ServiceError as exc:
        return [str(exc)]
    return [finding.text for finding in check_books_file(path)]
