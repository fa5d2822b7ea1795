# SPDX-License-Identifier: MIT
"""Running slow work off the GUI thread.

:func:`run_in_background` runs ``operation`` on a worker thread and calls ``on_success(result)``
or ``on_failure(exception)`` back on the GUI thread. The contract:

* **Never touch widgets (or any QObject living on the GUI thread) inside the operation.** It runs
  on another thread; read what it needs before it starts (pass values in a closure) and show what
  it returns in ``on_success``.
* The operation calls services, which open their own sessions and emit events when they commit;
  the :class:`~arapp.ui.bridge.EventBridge` brings those events to the GUI thread, so views
  refresh only what changed without the caller doing anything.
* Exactly one of the callbacks runs, once, on the GUI thread, unless ``parent`` was destroyed
  in the meantime, in which case the result is dropped.

Work nobody is waiting for (the Insight tab's figures after its first tiles, the automatic
backup when books open) goes to :func:`unwaited_pool`: one thread of low priority, so it never
takes the CPUs a list or a dialog needs, and the window counts as ready without it. Linux
gives every ordinary thread the same priority whatever Qt asks, so there the thread's nice
value is raised instead (by :data:`UNWAITED_NICENESS`; the threads it starts inherit it).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThread,
    QThreadPool,
    Signal,
    Slot,
)

log = logging.getLogger(__name__)


def _log_failure(exc: Exception) -> None:
    log.error("background operation failed", exc_info=exc)


class BackgroundOp(QObject):
    """One operation on its way; lives on the GUI thread until its result is delivered.

    Attributes:
        done: ``Signal()`` emitted on the GUI thread after the callback ran.
    """

    done = Signal()

    def __init__(
        self,
        parent: QObject,
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        super().__init__(parent)  # the parent keeps this object alive until delivery
        self._on_success = on_success
        self._on_failure = on_failure
        self.finished = False
        self.unwaited = False  # on the unwaited pool: nobody is waiting for it

    def _deliver(self, result: object, error: object) -> None:
        self.finished = True
        try:
            if isinstance(error, Exception):
                self._on_failure(error)
            else:
                self._on_success(result)
        finally:
            self.done.emit()
            self.deleteLater()
            # Drop the callbacks now: if they held the last reference to the parent, releasing
            # them during the delayed delete would delete the parent, and so this op, twice.
            self._on_success = self._on_failure = _log_failure


class _Courier(QObject):
    """Brings results from the workers to the GUI thread: one per application, a child of it.

    The worker threads never touch a :class:`BackgroundOp`: an op belongs to its parent, which
    the GUI thread may be deleting at the very moment a worker finishes (a window closed
    mid-operation), and a worker that emits on an object under deletion crashes the process.
    They emit on the courier instead, which lives as long as the application; on the GUI thread
    it hands the result to the op if the op still exists, and drops it otherwise.
    """

    arrived = Signal(object, object, object)  # the op, the result, the error

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName(_COURIER)
        self.arrived.connect(self._hand_over, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object, object)
    def _hand_over(self, op: BackgroundOp, result: object, error: object) -> None:
        if shiboken6.isValid(op):
            op._deliver(result, error)
        else:
            log.debug("background result dropped: its window is gone")

    @staticmethod
    def of_application() -> _Courier:
        """The application's courier (made on first use, on the GUI thread)."""
        app = QCoreApplication.instance()
        assert app is not None, "background work needs the application"
        found = app.findChild(_Courier, _COURIER)
        return found if found is not None else _Courier(app)


_COURIER = "arappBackgroundCourier"
#: How long Python's end waits for the unwaited job that is running (the queued ones are dropped).
EXIT_WAIT_MS = 30_000


#: The nice value of the unwaited pool's thread on Linux, where Qt's thread priorities other
#: than idle change nothing for ordinary threads: the window's thread and the work someone waits
#: for get the processors first (a thread started from it, such as a computation's helper,
#: inherits it).
UNWAITED_NICE = 10
_thread_state = threading.local()


def _lower_priority() -> None:
    """Lower this thread's share of the processors (Linux, once per thread)."""
    if sys.platform != "linux" or getattr(_thread_state, "nice", False):
        return
    _thread_state.nice = True
    me = threading.get_native_id()
    with contextlib.suppress(OSError):  # raising one's own nice needs no privilege
        os.setpriority(os.PRIO_PROCESS, me, max(os.getpriority(os.PRIO_PROCESS, me), UNWAITED_NICE))


class _Job(QRunnable):
    def __init__(
        self, operation: Callable[[], Any], op: BackgroundOp, courier: _Courier, low: bool
    ) -> None:
        super().__init__()
        self._operation = operation
        self._op = op  # only handed back to the GUI thread: never used on the worker
        self._courier = courier
        self._low = low

    def run(self) -> None:  # on the worker thread
        if self._low:
            _lower_priority()
        try:
            result, error = self._operation(), None
        except Exception as exc:  # handed to on_failure on the GUI thread
            result, error = None, exc
        self._courier.arrived.emit(self._op, result, error)


def run_in_background(
    parent: QObject,
    operation: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[Exception], None] | None = None,
    pool: QThreadPool | None = None,
) -> BackgroundOp:
    """Run ``operation()`` on a worker thread; call back on the GUI thread (see module doc).

    ``on_failure`` defaults to logging the exception. Call from the GUI thread.
    """
    op = BackgroundOp(parent, on_success, on_failure or _log_failure)
    op.unwaited = pool is not None and pool is _unwaited
    job = _Job(operation, op, _Courier.of_application(), low=op.unwaited)
    (pool or QThreadPool.globalInstance()).start(job)
    return op


_unwaited: QThreadPool | None = None


def unwaited_pool() -> QThreadPool:
    """The pool for work nobody is waiting for: one thread, of low priority (see module doc)."""
    global _unwaited
    if _unwaited is None:
        _unwaited = QThreadPool()
        _unwaited.setMaxThreadCount(1)
        _unwaited.setThreadPriority(QThread.Priority.LowPriority)
        # As Python ends, the pool's destructor would run every job still queued, one after
        # the other, against books being closed: what nobody waits for is dropped instead.
        atexit.register(_drop_unwaited, _unwaited)
    return _unwaited


def _drop_unwaited(pool: QThreadPool) -> None:
    pool.clear()
    pool.waitForDone(EXIT_WAIT_MS)


def wait_for_all(msecs: int, drop_unwaited: bool = False) -> None:
    """Wait for every worker, the unwaited ones too (before books are closed or restored, at
    the end of the program, in tests); ``drop_unwaited``: what has not started never will."""
    QThreadPool.globalInstance().waitForDone(msecs)
    if _unwaited is not None:
        if drop_unwaited:
            _unwaited.clear()
        _unwaited.waitForDone(msecs)
