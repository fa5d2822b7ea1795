# SPDX-License-Identifier: MIT
"""Plain events from the services to whoever listens (the Qt bridge, the CLI, tests).

Services emit after their transaction has committed, so a listener that reads the database sees
the change. Listeners are plain callables; the UI turns them into queued Qt signals at its edge.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

log = logging.getLogger(__name__)


class Change(StrEnum):
    """What happened: every event name a service emits, declared here once."""

    CUSTOMER_CREATED = "customer_created"
    CUSTOMER_UPDATED = "customer_updated"
    INVOICE_SAVED = "invoice_saved"
    INVOICE_ISSUED = "invoice_issued"
    INVOICE_UPDATED = "invoice_updated"
    INVOICE_DELETED = "invoice_deleted"
    PAYMENT_RECORDED = "payment_recorded"
    PAYMENT_UPDATED = "payment_updated"
    PLAN_CHANGED = "plan_changed"
    RECURRING_CHANGED = "recurring_changed"
    CATALOG_CHANGED = "catalog_changed"
    BANK_CHANGED = "bank_changed"
    OUTBOX_CHANGED = "outbox_changed"
    REMINDER_POLICY_CHANGED = "reminder_policy_changed"
    #: The kept payment-behaviour segments were worked out again (entity segment, no ids).
    SEGMENTS_REFRESHED = "segments_refreshed"
    SETTINGS_CHANGED = "settings_changed"
    COMPANY_CHANGED = "company_changed"
    #: The books were replaced or bulk-loaded (demo, imports): start afresh.
    BOOKS_REPLACED = "books_replaced"


class Entity(StrEnum):
    """The kind of record an event is about."""

    CUSTOMER = "customer"
    INVOICE = "invoice"
    PAYMENT = "payment"
    PAYMENT_PLAN = "payment_plan"
    RECURRING_TEMPLATE = "recurring_template"
    TAX_RATE = "tax_rate"
    PRODUCT = "product"
    BANK_STATEMENT = "bank_statement"
    BANK_TRANSACTION = "bank_transaction"
    OUTBOX_MESSAGE = "outbox_message"
    REMINDER_POLICY = "reminder_policy"
    SETTING = "setting"
    COMPANY = "company"
    #: The customers' kept payment-behaviour segments (all of them at once: no ids).
    SEGMENT = "segment"


@dataclass(frozen=True)
class Event:
    """Something changed in the books.

    Attributes:
        name: What happened, such as ``Change.CUSTOMER_CREATED``.
        entity: The kind of record, such as ``Entity.CUSTOMER``.
        ids: The ids of the records that changed.
    """

    name: Change
    entity: Entity
    ids: tuple[int, ...] = ()


Listener = Callable[[Event], None]


class EventBus:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` for every event; returns a function that unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def emit(self, name: Change, entity: Entity, *ids: int) -> None:
        # Change() and Entity() refuse a name that is not declared, from untyped callers too.
        event = Event(Change(name), Entity(entity), tuple(ids))
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken listener must not undo a committed change
                log.exception("listener failed for %s", event)
