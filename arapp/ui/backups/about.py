# SPDX-License-Identifier: MIT
"""Help ▸ About: the version, where the books and their backups are, and the licences of what is
bundled (read from this computer: :mod:`arapp.licences`). arapp makes no network call of its
own, and says so; there is no update check."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from arapp import APP_DISPLAY_NAME, __version__
from arapp.i18n import N_, _
from arapp.licences import bundled_packages, rules_notices
from arapp.paths import app_paths
from arapp.services.backup import SERVER_BOOKS, backup_folder
from arapp.services.context import AppContext
from arapp.ui.forms import plain_label
from arapp.ui.widgets.screen import fit_to_screen

NO_NETWORK = N_(
    "arapp works offline: it makes no network call of its own (no update check, no usage "
    "report). It only connects when you ask it to: sending e-mail through your mail server, "
    "or books on a database server."
)


def about_text(ctx: AppContext) -> str:
    """Everything Help ▸ About says, as plain text."""
    backups = str(backup_folder(ctx)) if ctx.db.sqlite_path else _(SERVER_BOOKS)
    lines = [
        f"{APP_DISPLAY_NAME} {__version__}",
        _("Invoicing and collections for small shops, offline on your own computer."),
        "",
        _("Books: {books}").format(books=ctx.db.describe()),
        _("Backups: {folder}").format(folder=backups),
        _("Logs: {folder}").format(folder=app_paths().log_dir),
        "",
        _(NO_NETWORK),
        "",
        _("Bundled software and its licences:"),
    ]
    packages = bundled_packages()
    lines += [f"  {p.name} {p.version}: {p.licence}" for p in packages]
    if not packages:  # a build that left the packages' metadata out
        lines.append("  " + _("(this build carries no package metadata to list them from)"))
    for name, text in rules_notices():
        lines += ["", _("E-invoice rules, {name}:").format(name=name), text.strip()]
    return "\n".join(lines)


class AboutDialog(QDialog):
    """Help ▸ About.

    Attributes:
        text: The whole text (read-only, selectable).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About {app}").format(app=APP_DISPLAY_NAME))
        self.text = QPlainTextEdit(about_text(ctx))
        self.text.setObjectName("aboutText")
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"{APP_DISPLAY_NAME} {__version__}"))
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 720, 520)
