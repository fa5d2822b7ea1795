# SPDX-License-Identifier: MIT
"""The display context: the company's locale and currency, with the defaults in one place,
built once for the window and again when the company changes; the pages follow it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from arapp.formatting import format_date, format_money
from arapp.services.company import CompanyProfile, get_company, save_company
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity
from arapp.ui.bank.models import LineColumn
from arapp.ui.bridge import EventBridge
from arapp.ui.display import Display, DisplaySource
from tests.helpers.bank import Line, csv_file, load
from tests.helpers.books import customer, overdue_invoice


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


def test_the_bank_and_today_pages_follow_a_company_locale_change(ctx, main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    big = customer(ctx, "Großhandel Nord", "b@x.example")
    overdue_invoice(ctx, big, days_late=5, amount="2000")
    load(ctx, csv_file, Line("2026-11-19", "1234.50", "Carl Öz", "INV-2026-00001"))
    bank, today = main_window.payments.bank_page, main_window.reminders.today
    main_window.tabs.setCurrentWidget(main_window.collections)
    main_window.collections.pages.setCurrentWidget(today)
    qtbot.waitUntil(lambda: today.data is not None and not today.loading, timeout=5_000)
    qtbot.waitUntil(lambda: bank.model.rowCount() == 1)
    bank.select_row(0)

    def shown() -> tuple[str, str, str, str]:
        line = bank.model.row_at(0)
        assert line is not None
        return (
            today.overdue.table.item(0, 1).text(),
            bank.model.index(0, LineColumn.AMOUNT).data(),
            bank.model.index(0, LineColumn.DATE).data(),
            bank.panel.line_label.text(),
        )

    def written(locale: str) -> tuple[str, str, str]:
        return (
            format_money(Decimal("2000"), "EUR", locale),
            format_money(Decimal("1234.50"), "EUR", locale),
            format_date(date(2026, 11, 19), locale),
        )

    overdue, amount, day = written("en_US")
    assert shown()[:3] == (overdue, amount, day) and day in shown()[3]
    company = get_company(ctx)
    assert company is not None
    save_company(ctx, replace(company, locale="de_DE"))
    overdue, amount, day = written("de_DE")
    assert overdue.startswith("2.000,00") and day == "19.11.2026"
    qtbot.waitUntil(lambda: main_window.display.current.locale == "de_DE")
    qtbot.waitUntil(lambda: shown()[0] == overdue, timeout=5_000)
    assert shown()[1:3] == (amount, day)
    qtbot.waitUntil(lambda: day in shown()[3], timeout=5_000)
