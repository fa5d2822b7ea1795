# SPDX-License-Identifier: MIT
"""Collections ▸ Today ▸ Alerts: the early warnings with their reasons, read on a worker; a
row opens its facts (the invoice, else the customer), Dismiss and Snooze hide it (the snooze
until its day), and the page at 1366x768 with alerts."""

from __future__ import annotations

from datetime import date

from arapp.domain.alerts import AlertKind
from arapp.ui.display import DisplaySource
from arapp.ui.reminders.today import TodayPage
from tests.helpers.alert_books import alert_books
from tests.helpers.books import on_day


def _page(qtbot, ctx) -> TodayPage:  # type: ignore[no-untyped-def]
    page = TodayPage(ctx, DisplaySource(ctx))
    qtbot.addWidget(page)
    page.resize(1366, 700)  # the tab's room in a 1366x768 window with a taskbar
    page.show()
    qtbot.waitUntil(lambda: page.alerts.data is not None and not page.alerts.loading)
    qtbot.waitUntil(lambda: page.data is not None and not page.loading)
    return page


def _select(page: TodayPage, kind: AlertKind) -> int:
    assert page.alerts.data is not None
    row = next(n for n, a in enumerate(page.alerts.data.alerts) if a.kind is kind)
    page.alerts.table.selectRow(row)
    return row


def _reasons(page: TodayPage) -> list[str]:
    table = page.alerts.table
    return [table.item(r, 2).text() for r in range(table.rowCount())]


def test_alerts_show_their_reasons_and_open_their_facts(qtbot, ctx, shots):  # type: ignore[no-untyped-def]
    books = alert_books(ctx)
    page = _page(qtbot, ctx)
    page.grab().save(str(shots / "today-alerts-1366x768.png"))
    table = page.alerts.table
    assert table.isVisible() and table.rowCount() == 7
    assert table.item(0, 0).text() == "Long overdue" and table.item(0, 1).text() == "Olga"
    assert "Olga has 100.00 EUR more than 60 days past due." in _reasons(page)
    assert page.alerts.dismiss_button.isEnabled()
    # the large invoice opens the invoice; the long overdue account opens the customer
    _select(page, AlertKind.LARGE_DUE_RISKY)
    with qtbot.waitSignal(page.alerts.invoice_requested) as opened:
        page.alerts.facts_button.click()
    assert opened.args == [books.l4]
    row = _select(page, AlertKind.OVERDUE)
    with qtbot.waitSignal(page.alerts.customer_requested) as shown:
        table.doubleClicked.emit(table.model().index(row, 0))
    assert shown.args == [books.olga]


def test_dismiss_and_snooze_hide_an_alert(qtbot, ctx):  # type: ignore[no-untyped-def]
    alert_books(ctx)
    page = _page(qtbot, ctx)
    _select(page, AlertKind.OVERDUE)
    page.alerts.dismiss_button.click()
    assert page.message.text() == "Dismissed: Olga has 100.00 EUR more than 60 days past due."
    qtbot.waitUntil(lambda: page.alerts.table.rowCount() == 6 and not page.alerts.loading)
    assert not any("Olga" in reason for reason in _reasons(page))
    _select(page, AlertKind.CREDIT_LIMIT)
    page.alerts.week_button.click()
    assert page.message.text().startswith("Snoozed until Nov 30, 2026: Cora owes 900.00 EUR")
    qtbot.waitUntil(lambda: page.alerts.table.rowCount() == 5 and not page.alerts.loading)
    assert page.alerts.empty.text() == "2 dismissed or snoozed not shown."
    # a week on, the snooze has ended (the dismissal has not)
    later = _page(qtbot, on_day(ctx, date(2026, 11, 30)))
    assert any(r.startswith("Cora owes") for r in _reasons(later))
    assert not any(r.startswith("Olga has 100.00 EUR more than 60") for r in _reasons(later))


def test_no_alerts_say_nothing_here(qtbot, ctx):  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    assert not page.alerts.table.isVisible()
    assert page.alerts.empty.text() == "Nothing here."
    assert not page.alerts.dismiss_button.isVisible()


def test_the_window_opens_an_alerts_customer_and_invoice(qtbot, ctx, answer_modal):  # type: ignore[no-untyped-def]
    from arapp.ui import create_main_window
    from tests.helpers.qt import activate

    books = alert_books(ctx)
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    activate(window)
    window.tabs.setCurrentWidget(window.collections)
    alerts = window.reminders.today.alerts
    qtbot.waitUntil(lambda: alerts.data is not None and not alerts.loading, timeout=30_000)
    _select(window.reminders.today, AlertKind.OVERDUE)
    alerts.facts_button.click()
    assert window.tabs.currentWidget() is window.customers
    qtbot.waitUntil(lambda: window.customers.selected_id() == books.olga, timeout=30_000)
    seen: list[str] = []

    def look(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.append(dialog.windowTitle())
        dialog.reject()

    _select(window.reminders.today, AlertKind.LARGE_DUE_RISKY)
    answer_modal(look)
    alerts.facts_button.click()
    assert seen and "INV-2026-00013" in seen[0]


def test_alerts_are_read_on_a_worker_and_the_other_sections_do_not_wait(  # type: ignore[no-untyped-def]
    qtbot, ctx, monkeypatch
):
    import threading

    from arapp.ui.reminders import alerts as alerts_module

    alert_books(ctx)
    release, gui = threading.Event(), threading.current_thread()
    threads: list[threading.Thread] = []
    real = alerts_module.alerts

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(alerts_module, "alerts", slow)
    page = TodayPage(ctx, DisplaySource(ctx))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.loading)  # not held up
    assert page.alerts.loading and page.alerts.empty.text() == "Loading…"
    assert not page.alerts.table.isVisible()
    release.set()
    qtbot.waitUntil(lambda: page.alerts.data is not None and not page.alerts.loading)
    assert threads and gui not in threads
    assert page.alerts.table.rowCount() == 7
