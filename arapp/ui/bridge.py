# SPDX-License-Identifier: MIT
"""The one place where the services' plain events become Qt signals.

Services announce committed changes on ``ctx.events`` from whatever thread ran them. The
:class:`EventBridge` listens there and re-emits each :class:`~arapp.services.events.Event` as the
:attr:`EventBridge.changed` signal through a queued connection, so slots always run on the GUI
thread, after the service call that caused them has returned.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from arapp.services.events import Event, EventBus


class EventBridge(QObject):
    """Re-emits service events as :attr:`changed` on the GUI thread.

    Attributes:
        changed: ``Signal(Event)``, emitted on the thread this object lives in (the GUI thread).
    """

    changed = Signal(object)
    _relay = Signal(object)

    def __init__(self, events: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Queued even when the service ran on the GUI thread: views refresh after the call returns.
        self._relay.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe: Callable[[], None] | None = events.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        # Runs on the service's thread: only emit, touch nothing else.
        self._relay.emit(event)

    @Slot(object)
    def _deliver(self, event: Event) -> None:
        self.changed.emit(event)

    def close(self) -> None:
        """Stop listening to the services (called when the window closes)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
