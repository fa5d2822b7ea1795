# SPDX-License-Identifier: MIT
"""The display context: the company's locale and currency, with the defaults in one place,
built once for the window and again when the company changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity
from arapp.ui.bridge import EventBridge
from arapp.ui.display import Display, DisplaySource


def test_books_without_a_company_read_in_english_euros() -> None:
    assert Display.of(None) == Display(locale="en_US", currency="EUR")


def test_the_display_follows_the_company(ctx: AppContext) -> None:
    assert DisplaySource(ctx).current == Display(locale="en_US", currency="EUR")
    save_company(ctx, CompanyProfile(name="Test Shop", currency="CHF", locale="de_CH"))
    display = DisplaySource(ctx).current
    assert display == Display(locale="de_CH", currency="CHF")
    assert display.money(Decimal("12.5")).startswith("CHF")
    assert display.amount(Decimal("12.5"), "EUR") == "12.50"
    assert display.date(date(2026, 11, 23)) == "23.11.2026"


def test_the_source_is_built_once_and_again_on_the_company_event(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    bridge = EventBridge(ctx.events)
    source = DisplaySource(ctx, bridge)
    first = source.current
    save_company(ctx, CompanyProfile(name="Test Shop", currency="CHF", locale="de_CH"))
    assert source.current is first  # nothing is read until the event reaches the GUI thread
    qtbot.waitUntil(lambda: source.current == Display(locale="de_CH", currency="CHF"))
    bridge.close()


def test_other_events_do_not_read_the_company_again(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    bridge = EventBridge(ctx.events)
    source = DisplaySource(ctx, bridge)
    first = source.current
    seen = []
    bridge.changed.connect(seen.append)
    save_company(ctx, CompanyProfile(name="Test Shop", currency="CHF", locale="de_CH"))
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, 1)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert source.current == Display(locale="de_CH", currency="CHF")
    source.current = first  # stale on purpose: only a company event reads the company again
    ctx.events.emit(Change.CUSTOMER_UPDATED, Entity.CUSTOMER, 1)
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert source.current is first
    bridge.close()
