# SPDX-License-Identifier: MIT
"""The event bus speaks only the declared names and entities."""

from __future__ import annotations

import pytest

from arapp.services.events import Change, Entity, Event, EventBus


def test_listeners_get_the_declared_members_with_their_text():
    bus = EventBus()
    seen: list[Event] = []
    bus.subscribe(seen.append)
    bus.emit(Change.INVOICE_ISSUED, Entity.INVOICE, 3, 4)
    assert seen == [Event(Change.INVOICE_ISSUED, Entity.INVOICE, (3, 4))]
    assert seen[0].name is Change.INVOICE_ISSUED and seen[0].entity is Entity.INVOICE
    assert (seen[0].name, seen[0].entity) == ("invoice_issued", "invoice")


@pytest.mark.parametrize(
    ("name", "entity"), [("invoice_isued", "invoice"), ("invoice_issued", "bill")]
)
def test_an_undeclared_name_or_entity_is_refused(name, entity):
    bus = EventBus()
    seen: list[Event] = []
    bus.subscribe(seen.append)
    with pytest.raises(ValueError):
        bus.emit(name, entity, 1)
    assert seen == []
