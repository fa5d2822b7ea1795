# SPDX-License-Identifier: MIT
"""The desktop face of arapp (Qt).

:func:`run_gui` is what ``arapp gui`` calls; :func:`create_main_window` builds the window for
tests and screenshots. The window only assembles; each tab is its own package.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from arapp.services.context import AppContext

if TYPE_CHECKING:  # Qt is imported only when a window is made, not by ``arapp --help``
    from PySide6.QtGui import QIcon

    from arapp.ui.main_window import MainWindow


def create_main_window(ctx: AppContext) -> MainWindow:
    """Build (but do not show) the main window; a ``QApplication`` must exist."""
    from arapp.ui.main_window import MainWindow

    return MainWindow(ctx)


def app_icon() -> QIcon:
    """arapp's icon (resources/icons; the installers' icon sets are made from the same SVG)."""
    from PySide6.QtGui import QIcon

    from arapp.assets import asset

    return QIcon(str(asset("icons/arapp-256.png")))


def run_gui(ctx: AppContext, argv: list[str], notices: Sequence[str] = ()) -> int:
    """Create the application, ask for the company on first start, show the window, run.

    ``argv`` is what ``QApplication`` gets (program name first, then Qt options); ``notices``
    go in the banner at the top of the window, each until the person closes it.
    """
    from PySide6.QtWidgets import QApplication

    from arapp import APP_AUTHOR, APP_DISPLAY_NAME, APP_NAME, __version__
    from arapp.services.company import has_company

    app = QApplication.instance() or QApplication(list(argv) or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    from arapp.i18n import _
    from arapp.ui.language import start_language

    start_language(app)
    if not has_company(ctx):
        from arapp.ui.company_dialog import CompanyDialog  # only books without a company

        dialog = CompanyDialog(ctx)
        dialog.setWindowTitle(_("Welcome: who issues your invoices?"))
        if not dialog.exec():
            return 1
    window = create_main_window(ctx)
    for notice in notices:
        window.notices.add(notice)
    window.show()
    window.auto_backups.start()  # the backup of the day, on a worker
    window.segments.start()  # the customers' segments, when of an earlier day, on a worker
    from arapp.ui.ready import watch_until_ready  # benchmarks only: ARAPP_READY_FILE

    watch_until_ready(window, app.quit)
    code = app.exec()
    from arapp.ui.worker import wait_for_all

    wait_for_all(60_000, drop_unwaited=True)  # no thread may read the books as Python ends
    return code


__all__ = ["create_main_window", "run_gui"]
