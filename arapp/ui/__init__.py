# SPDX-License-Identifier: MIT
"""The desktop face of arapp (Qt).

:func:`run_gui` is what ``arapp gui`` calls; :func:`create_main_window` builds the window for
tests and screenshots. The window only assembles; each tab is its own package.

The start (:func:`arapp.app.run_window`) shows the window's frame first (:func:`first_frame`:
menus, tabs, "Opening the books…"), before the database layer is even imported, opens the books
on a worker (:func:`open_in_background`) and then puts them in that same window (:func:`run_gui`
with ``window``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # Qt is imported only when a window is made, not by ``arapp --help``
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from arapp.services.context import AppContext
    from arapp.ui.main_window import MainWindow

T = TypeVar("T")


def create_main_window(ctx: AppContext) -> MainWindow:
    """Build (but do not show) the main window; a ``QApplication`` must exist."""
    from arapp.ui.main_window import MainWindow

    return MainWindow(ctx)


def app_icon() -> QIcon:
    """arapp's icon (resources/icons; the installers' icon sets are made from the same SVG)."""
    from PySide6.QtGui import QIcon

    from arapp.assets import asset

    return QIcon(str(asset("icons/arapp-256.png")))


def _application(argv: list[str]) -> QApplication:
    from PySide6.QtWidgets import QApplication

    from arapp import APP_AUTHOR, APP_DISPLAY_NAME, APP_NAME, __version__

    app = QApplication.instance() or QApplication(list(argv) or [APP_NAME])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    from arapp.ui.language import start_language

    start_language(app)  # the person's language, before the first text is made
    return app


def first_frame(argv: list[str]) -> MainWindow:
    """Create the application and show the window's frame (no books yet: its pages say the
    books are opening); see :meth:`MainWindow.attach`."""
    from arapp.ui.main_window import MainWindow

    app = _application(argv)
    window = MainWindow(None)
    window.show()
    from arapp.ui.ready import watch_until_ready  # benchmarks only: ARAPP_READY_FILE

    watch_until_ready(window, app.quit)
    return window


def open_in_background(window: MainWindow, operation: Callable[[], T]) -> T:
    """Run ``operation`` (opening the books) on a worker while ``window`` keeps answering;
    its result, or its error raised here after the window is closed."""
    from PySide6.QtCore import QEventLoop

    from arapp.ui.worker import run_in_background

    loop = QEventLoop()
    outcome: list[object] = []

    def arrived(result: object) -> None:
        outcome.append(result)
        loop.quit()

    run_in_background(window, operation, arrived, arrived)
    if not outcome:
        loop.exec()
    (result,) = outcome
    if isinstance(result, Exception):
        window.close()
        window.deleteLater()
        raise result
    return result  # type: ignore[return-value]  # what operation returned


def run_gui(
    ctx: AppContext,
    argv: list[str],
    notices: Sequence[str] = (),
    window: MainWindow | None = None,
) -> int:
    """Create the application, ask for the company on first start, show the window, run.

    ``argv`` is what ``QApplication`` gets (program name first, then Qt options); ``notices``
    go in the banner at the top of the window, each until the person closes it. ``window`` is
    the frame :func:`first_frame` showed, which gets the books; without it a window is made.
    """
    from arapp.i18n import _
    from arapp.services.company import has_company

    app = _application(argv)
    if window is not None and not window.isVisible():  # closed while the books opened
        window.deleteLater()
        ctx.db.dispose()
        return 0
    if not has_company(ctx):
        from arapp.ui.company_dialog import CompanyDialog  # only books without a company

        dialog = CompanyDialog(ctx)
        dialog.setWindowTitle(_("Welcome: who issues your invoices?"))
        if not dialog.exec():
            if window is not None:
                window.close()
                window.deleteLater()
            return 1
    if window is None:
        window = create_main_window(ctx)
        window.show()
        from arapp.ui.ready import watch_until_ready  # benchmarks only: ARAPP_READY_FILE

        watch_until_ready(window, app.quit)
    else:
        window.attach(ctx)
    for notice in notices:
        window.notices.add(notice)
    window.auto_backups.start()  # the backup of the day, on a worker
    window.start_segments()  # the customers' segments, when of an earlier day, on a worker
    code = app.exec()
    from arapp.ui.worker import wait_for_all

    wait_for_all(60_000, drop_unwaited=True)  # no thread may read the books as Python ends
    return code


__all__ = ["create_main_window", "first_frame", "open_in_background", "run_gui"]
