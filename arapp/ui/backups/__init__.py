# SPDX-License-Identifier: MIT
"""Backups that run themselves: one when the books open (at most one a day, on a worker, so the
window never waits) and one when they close after changes (the window waits for it, with a short
progress dialog). A backup that fails is never silent: a notice above the tabs says so, with a
button to try again; one that succeeds says where it went in the status bar.

"Changes" are the events the services announce after each commit (:mod:`arapp.ui.bridge`): any
of them since the books opened (or since the last backup) calls for the closing backup. Books on
a database server are the server's to back up (:data:`arapp.services.backup.SERVER_BOOKS`);
nothing runs for them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QStatusBar, QWidget

from arapp.domain.backups import Reason
from arapp.i18n import N_, _
from arapp.services.backup import back_up_database, back_up_on_opening
from arapp.services.context import AppContext
from arapp.services.events import Event
from arapp.ui.bridge import EventBridge
from arapp.ui.notices import NoticeBanner
from arapp.ui.worker import run_in_background, unwaited_pool

FAILED = N_(
    "The automatic backup of these books failed: {reason} The books themselves are not "
    "affected. The backup folder is set in Tools ▸ Settings…, on the Invoices page."
)


class AutoBackups(QObject):
    """The automatic backups of one window's books.

    Attributes:
        changed: Whether the books changed since they opened or were last backed up.
        armed: Whether the automatic backups run: :meth:`start` arms them when the app opens
            the books for someone (not a window made only to be looked at, as in a test).
        skip_closing: Set when the books are replaced (a restore): no backup on closing.
        last: The last backup taken automatically, if any.
        running: Whether a backup is under way on a worker.
    """

    def __init__(
        self,
        window: QWidget,
        ctx: AppContext,
        bridge: EventBridge,
        notices: NoticeBanner,
        status_bar: Callable[[], QStatusBar],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.notices = notices
        self.status_bar = status_bar
        self.changed = False
        self.armed = False
        self.skip_closing = False
        self.last: Path | None = None
        self.running = False
        self.enabled = ctx.db.sqlite_path is not None
        bridge.changed.connect(self._on_event)

    def _on_event(self, _event: Event) -> None:
        self.changed = True

    def start(self) -> None:
        """Arm the automatic backups and take the backup of the day (see :meth:`on_opening`)."""
        self.armed = True
        self.on_opening()

    def on_opening(self) -> None:
        """The backup of the day, on a worker (nothing when one was taken today)."""
        if not self.enabled or not self.armed:
            return
        ctx = self.ctx
        self.running, self.changed = True, False  # what changes from now on is not in it
        run_in_background(
            self,
            lambda: back_up_on_opening(ctx),
            self._done,
            lambda exc: self._failed(exc),
            unwaited_pool(),  # nobody waits for it; it never takes a CPU a list needs
        )

    def _done(self, target: Path | None) -> None:
        self.running = False
        if target is not None:
            self.last = target
            self.status_bar().showMessage(_("Backup saved to {path}").format(path=target), 15_000)

    def _failed(self, exc: Exception) -> None:
        self.running, self.changed = False, True  # still to be backed up
        reason = str(exc).rstrip(".") + "."
        self.notices.add(_(FAILED).format(reason=reason), (_("Back up a&gain"), self.retry))

    def retry(self) -> None:
        """Try the failed backup again (a manual one: the person asked for it)."""
        ctx = self.ctx
        self.running, self.changed = True, False
        run_in_background(
            self,
            lambda: back_up_database(ctx, reason=Reason.MANUAL),
            self._done,
            lambda exc: self._failed(exc),
        )

    def on_closing(self) -> None:
        """The backup after changes, before the books close; the window waits for it with a
        short progress dialog. A failure is said in a message that outlives the window."""
        if not self.enabled or not self.armed or self.skip_closing or not self.changed:
            return
        progress = QProgressDialog(_("Backing up the books before closing…"), "", 0, 0, self.window)
        progress.setCancelButton(None)  # type: ignore[arg-type]  # no cancel: it takes seconds
        progress.setWindowTitle(_("Backing up"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()
        loop = QEventLoop()
        failure: list[Exception] = []
        ctx = self.ctx
        op = run_in_background(
            self,
            lambda: back_up_database(ctx, reason=Reason.CLOSING),
            self._done,
            failure.append,
        )
        op.done.connect(loop.quit)
        if not op.finished:
            loop.exec()
        progress.close()
        self.changed = False
        if failure:
            from arapp.ui.prompts import inform

            reason = str(failure[0]).rstrip(".") + "."
            inform(None, _("Backup on closing"), _(FAILED).format(reason=reason), True)
