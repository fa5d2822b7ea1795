# SPDX-License-Identifier: MIT
"""Help ▸ Check books…: the books check (:mod:`arapp.services.books_check`) on a worker, its
findings in plain words, and, when something is wrong, the newest backup that passes the same
checks (read-only) to restore from."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from arapp.i18n import _, ngettext
from arapp.services.backup import SERVER_BOOKS
from arapp.services.books_check import Finding, GoodBackup, check_books, last_good_backup
from arapp.services.context import AppContext
from arapp.ui.forms import plain_label
from arapp.ui.widgets.screen import fit_to_screen
from arapp.ui.worker import run_in_background


@dataclass(frozen=True)
class CheckResult:
    """What the check found, and the backup to go back to (``None`` when all is well).

    Attributes:
        findings: What is wrong.
        good: The newest sound backup, when something is wrong and the books are a file.
    """

    findings: list[Finding]
    good: GoodBackup | None


def run_check(ctx: AppContext) -> CheckResult:
    findings = check_books(ctx)
    good = last_good_backup(ctx) if findings and ctx.db.sqlite_path else None
    return CheckResult(findings, good)


def describe(result: CheckResult, where: str, server: bool) -> str:
    """The check's report, as the dialog shows it."""
    if not result.findings:
        return _("The books are sound: nothing wrong was found in {books}.").format(books=where)
    lines = [_("Something is wrong in {books}:").format(books=where), ""]
    lines += [f"• {finding.text}" for finding in result.findings]
    lines.append("")
    good = result.good
    if server:
        lines.append(_(SERVER_BOOKS))
    elif good is not None and good.path is not None:
        lines.append(
            _(
                "The newest sound backup is {path}. File ▸ Restore from backup… puts it back "
                "(a copy of the books as they are now is kept first)."
            ).format(path=good.path)
        )
    elif good is not None and good.checked:
        lines.append(
            ngettext(
                "The one backup of these books is not sound either.",
                "None of the {count} backups of these books is sound either.",
                good.checked,
            ).format(count=good.checked)
        )
    else:
        lines.append(_("There is no backup of these books to go back to."))
    return "\n".join(lines)


class CheckBooksDialog(QDialog):
    """The books check's report.

    Attributes:
        report: The report's text (read-only).
        result: The check's result once it is in.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Check books"))
        self.result: CheckResult | None = None
        self.report = QPlainTextEdit()
        self.report.setObjectName("checkReport")
        self.report.setReadOnly(True)
        self.report.setPlainText(
            _(
                "Checking the file, every invoice's and payment's amounts, the numbering and "
                "every customer's balance…"
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                _("Books: {books}").format(books=ctx.db.describe()), wrap=True, selectable=True
            )
        )
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 720, 420)
        where, server = ctx.db.describe(), ctx.db.sqlite_path is None
        run_in_background(
            self,
            lambda: run_check(ctx),
            lambda result: self._show(result, describe(result, where, server)),
            lambda exc: self.report.setPlainText(
                _("The check could not run: {reason}").format(reason=exc)
            ),
        )

    def _show(self, result: CheckResult, text: str) -> None:
        self.result = result
        self.report.setPlainText(text)
