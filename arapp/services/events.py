# SPDX-License-Identifier: MIT
"""Plain events from the services to whoever listens (the Qt bridge, the CLI, tests).

Services emit after their transaction has committed, so a listener that reads the database sees
the change. Listeners are plain callables; the UI turns them into queued Qt signals at its edge.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """Something changed in the books.

    Attributes:
        name: What happened, such as ``"customer_created"`` or ``"customer_updated"``.
        entity: The kind of record, such as ``"customer"``.
        ids: The ids of the records that changed.
    """

    name: str
    entity: str
    ids: tuple[int, ...] = ()


Listener = Callable[[Event], None]


class EventBus:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` for every event; returns a function that unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def emit(self, name: str, entity: str, *ids: int) -> None:
        event = Event(name, entity, tuple(ids))
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken listener must not undo a committed change
                log.exception("listener failed for %s", event)
