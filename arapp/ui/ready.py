# SPDX-License-Identifier: MIT
"""Telling a benchmark when the window is ready for work: opt-in, through ``ARAPP_READY_FILE``.

With ``ARAPP_READY_FILE`` set, :func:`watch_until_ready` watches the event loop from the moment
the window is made, looking every :data:`TICK_MS`, and writes these moments (seconds since the
epoch) to that file as JSON, then quits:

* ``shown_at``: the window is visible (at start, its frame: menus, tabs, the first tab's page
  saying the books are opening);
* ``usable_at``: the window is visible and answers: from then until ``ready_at`` the event loop
  never went :data:`STALL_MS` without a turn (a longer stall moves ``usable_at`` to its end), so
  a click, a key or a switch of tabs is answered within that time all along;
* ``books_at``: the books are in the window (its tabs and menus made; the first tab showing its
  figures or "Calculating…");
* ``ready_at``: the books are in and no background operation that anyone waits for is left (for
  a short while in a row, since a result may start the next read): the first tab's figures are
  shown. Work nobody waits for (the Insight tab's later figures, the opening backup) is not
  counted;
* ``longest_stall_ms``: the longest the event loop went without a turn before ``ready_at``;
* the resident memory at ``ready_at`` and once it settled (a second later), and its peak.

``benchmarks/app_start.py`` and ``benchmarks/bundle_start.py`` read it. Without the variable
nothing happens.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from arapp.ui.worker import BackgroundOp

ENV_READY_FILE = "ARAPP_READY_FILE"
#: How often the watch looks, and how long nothing must be running to call it ready.
TICK_MS, QUIET_MS = 5, 60
#: How long memory may settle after ready before it is read.
SETTLE_MS = 1_000
#: The longest the event loop may go without a turn for the window to count as answering
#: (a tenth of a second: what people perceive as at once).
STALL_MS = 100


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux; elsewhere its peak)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_mb()
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if os.uname().sysname == "Darwin" else peak / 2**10


def busy() -> bool:
    """Is any background operation still on its way (but work nobody waits for: the Insight
    tab's later figures, the opening backup; see :func:`arapp.ui.worker.unwaited_pool`)?"""
    if QThreadPool.globalInstance().activeThreadCount():
        return True
    app = QApplication.instance()
    owners: list[QObject] = [*QApplication.topLevelWidgets(), *([app] if app else [])]
    return any(
        not op.finished and not op.unwaited
        for owner in owners
        for op in owner.findChildren(BackgroundOp)
    )


class ReadyWatch(QObject):
    """Watches ``window`` until it is ready, then writes ``path`` and calls ``done``."""

    def __init__(self, window: QWidget, path: Path, done: Callable[[], None]) -> None:
        super().__init__(window)
        self.window, self.path, self.done = window, path, done
        self.figures: dict[str, float] = {}
        self.quiet_since: float | None = None
        self.last_tick = time.time()
        self.longest_stall = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        now = time.time()
        stall, self.last_tick = now - self.last_tick, now
        if not self.window.isVisible():
            return
        self.figures.setdefault("shown_at", now)
        if "usable_at" in self.figures and self.quiet_since is None:
            self.longest_stall = max(self.longest_stall, stall)
        stalled = stall * 1000 > STALL_MS and self.quiet_since is None  # not after ready
        if "usable_at" not in self.figures or stalled:
            self.figures["usable_at"] = now
        if not getattr(self.window, "opened", True):  # the books are still opening
            self.quiet_since = None
            return
        self.figures.setdefault("books_at", now)
        if busy():
            self.quiet_since = None
            return
        if self.quiet_since is None:
            self.quiet_since = now
        if (now - self.quiet_since) * 1000 < QUIET_MS:
            return
        self.timer.stop()
        self.figures.update(
            ready_at=self.quiet_since,
            ready_rss_mb=rss_mb(),
            longest_stall_ms=self.longest_stall * 1000,
        )
        QTimer.singleShot(SETTLE_MS, self._settled)

    def _settled(self) -> None:
        gc.collect()
        self.figures.update(settled_rss_mb=rss_mb(), peak_mb=peak_mb())
        self.path.write_text(json.dumps(self.figures), encoding="utf-8")
        self.done()


def watch_until_ready(window: QWidget, done: Callable[[], None]) -> ReadyWatch | None:
    """With ``ARAPP_READY_FILE`` set: watch ``window`` and call ``done`` once it is written."""
    path = os.environ.get(ENV_READY_FILE)
    return ReadyWatch(window, Path(path), done) if path else None
