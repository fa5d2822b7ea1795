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
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


def _log_failure(exc: Exception) -> None:
    log.error("background operation failed", exc_info=exc)


class BackgroundOp(QObject):
    """One operation on its way; lives on the GUI thread until its result is delivered.

    Attributes:
        done: ``Signal()`` emitted on the GUI thread after the callback ran.
    """

    done = Signal()
    _finished = Signal(object, object)

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
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
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


class _Job(QRunnable):
    def __init__(self, operation: Callable[[], Any], op: BackgroundOp) -> None:
        super().__init__()
        self._operation = operation
        self._op = op

    def run(self) -> None:  # on the worker thread
        try:
            result, error = self._operation(), None
        except Exception as exc:  # handed to on_failure on the GUI thread
            result, error = None, exc
        try:
            self._op._finished.emit(result, error)
        except RuntimeError:  # the parent (and so the op) was destroyed: nobody to tell
            log.debug("background result dropped: its window is gone")


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
    (pool or QThreadPool.globalInstance()).start(_Job(operation, op))
    return op
