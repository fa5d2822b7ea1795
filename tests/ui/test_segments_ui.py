# SPDX-License-Identifier: MIT
"""Segments in the window (issue 15 item 4): worked out in the background when the books open,
a column and a filter of the customer list, and the customer pane's words, on books of known
payers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from arapp.domain.segments import Segment
from arapp.services.context import AppContext
from arapp.services.customer_list import customer_ids, customer_rows
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.segments import kept_segments, segments_as_of, work_out_segments
from arapp.ui.customers.model import Column, CustomerIdRole
from tests.helpers.books import TODAY
from tests.helpers.payer_books import payer_books_at
from tests.helpers.qt import activate


@pytest.fixture
def payers(migrated_books: Path, tmp_path: Path) -> AppContext:
    ctx, _kinds = payer_books_at(
        migrated_books, tmp_path / "p.sqlite3", seed=5, customers_per_kind=6
    )
    return ctx


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("ARAPP_SHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def test_the_segment_filter_lists_exactly_the_customers_of_a_segment(qtbot, payers) -> None:  # type: ignore[no-untyped-def]
    from arapp.ui import create_main_window

    ctx = payers
    assert segments_as_of(ctx) is None  # never worked out: the window does it on opening
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.tabs.setCurrentWidget(window.customers)
    activate(window)
    window.segments.start()  # as the program does once the window shows
    qtbot.waitUntil(lambda: window.segments.last is not None, timeout=30_000)
    assert segments_as_of(ctx) == TODAY
    with ctx.db.read() as session:
        truth = work_out_segments(session, TODAY)
    tab = window.customers
    for segment in (Segment.AT_RISK, Segment.PROMPT):
        wanted = {cid for cid, (seg, _why) in truth.items() if seg is segment}
        assert wanted and wanted == set(customer_ids(ctx, segment=segment))
        tab.set_segment_filter(segment)
        model = tab.model

        def shown(model=model) -> set[int]:  # type: ignore[no-untyped-def]
            rows = range(model.rowCount())
            return {model.index(r, Column.NAME).data(CustomerIdRole) for r in rows}

        qtbot.waitUntil(lambda wanted=wanted, shown=shown: shown() == wanted, timeout=5_000)
        cells = {model.index(r, Column.SEGMENT).data() for r in range(model.rowCount())}
        assert cells == {segment.value[0].upper() + segment.value[1:]}
        assert tab.shown_label.text() == f"{len(wanted)} customers shown · segments as of today"
    tab.view.setCurrentIndex(tab.model.index(0, Column.NAME))
    qtbot.waitUntil(lambda: tab.detail.customer_id is not None)
    fact = tab.detail.facts["segment"].text()
    assert fact.startswith("Prompt: ") and "of the last" in fact
    tip = tab.model.index(0, Column.SEGMENT).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == fact
    qtbot.wait(300)
    _shot(window, "customers-segment-filter")
    tab.set_segment_filter(None)
    qtbot.waitUntil(lambda: tab.model.rowCount() == len(truth))
    assert tab.shown_label.text() == f"{len(truth)} customers shown"

    # A new customer, then a payment of all an old debt: worked out again a moment later.
    fresh = create_customer(ctx, CustomerInput(name="Zed Fresh", code="ZED")).id
    qtbot.waitUntil(lambda: fresh in kept_segments(ctx, [fresh]), timeout=20_000)
    assert kept_segments(ctx, [fresh])[fresh].segment is Segment.NEW
    kept = kept_segments(ctx, list(truth))
    debtor = next(c for c, k in kept.items() if k.reason.startswith("an invoice is unpaid"))
    owed = customer_rows(ctx, [debtor])[debtor].balance
    record_payment(ctx, PaymentInput(debtor, TODAY, owed))
    paid_up = lambda: not kept_segments(ctx, [debtor])[debtor].reason.startswith("an invoice")  # noqa: E731
    qtbot.waitUntil(paid_up, timeout=20_000)


def test_the_policy_editor_gives_a_policy_to_segments_used_by_the_run(qtbot, payers) -> None:  # type: ignore[no-untyped-def]
    from arapp.services.reminders.policy import list_policies
    from arapp.services.reminders.run import plan_run
    from arapp.ui.settings import SettingsDialog

    ctx = payers
    settings = SettingsDialog(ctx)
    qtbot.addWidget(settings, before_close_func=lambda d: d.hide())
    settings.resize(1366, 768)
    settings.tabs.setCurrentWidget(settings.policies_tab)
    activate(settings)
    tab = settings.policies_tab
    assert tab.add_policy("Firm")
    assert tab.segments.chosen() == ()  # a copy, for no segment yet
    for segment in (Segment.AT_RISK, Segment.SLOW):
        qtbot.mouseClick(tab.segments.boxes[segment], Qt.MouseButton.LeftButton)
    assert tab.is_dirty()
    assert tab.save() and tab.status.text() == "Saved."
    firm = next(r for r in list_policies(ctx) if r.policy.name == "Firm")
    assert firm.segments == (Segment.SLOW, Segment.AT_RISK)
    qtbot.wait(200)
    _shot(settings, "policy-editor-segments")

    with ctx.db.read() as session:
        truth = work_out_segments(session, TODAY)
    picked = {d.customer_id: d.policy_id for d in plan_run(ctx, TODAY)}
    standard = next(r.id for r in list_policies(ctx) if r.is_default)
    assert firm.id in picked.values() and standard in picked.values()
    for cid, policy_id in picked.items():
        wanted = firm.id if truth[cid][0] in (Segment.AT_RISK, Segment.SLOW) else standard
        assert policy_id == wanted

    tab.policy.setCurrentIndex(tab.policy.findData(standard))
    tab.policy.activated.emit(tab.policy.currentIndex())
    assert tab.segments.chosen() == ()
    qtbot.mouseClick(tab.segments.boxes[Segment.AT_RISK], Qt.MouseButton.LeftButton)
    tab.refresh()
    assert 'Customers "at risk" already get the policy "Firm"' in tab.checks.text()
    assert not tab.save() and tab.status.text().startswith("Not saved")
    assert next(r for r in list_policies(ctx) if r.is_default).segments == ()


def test_the_today_page_shows_the_overdue_customers_and_alerts_of_a_segment(qtbot, payers) -> None:  # type: ignore[no-untyped-def]
    from arapp.services.alerts import alerts
    from arapp.services.segments import refresh_segments
    from arapp.services.worklist import overdue_customers
    from arapp.ui.display import DisplaySource
    from arapp.ui.reminders.today import OVERDUE_LIMIT, TodayPage

    ctx = payers
    refresh_segments(ctx)
    kept = {cid: seg for cid, (seg, _why) in work_out_segments_of(ctx).items()}
    page = TodayPage(ctx, DisplaySource(ctx))
    qtbot.addWidget(page)
    page.resize(1366, 700)  # the tab's room in a 1366x768 window
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.loading and not page.alerts.loading)
    every = page.overdue.table.rowCount()
    assert page.segments_note.text() == "Segments as of today"
    overdue = overdue_customers(ctx, TODAY)
    segment = next(s for s in Segment if 0 < sum(kept[c.customer_id] is s for c in overdue) < every)
    ones = [c for c in overdue if kept[c.customer_id] is segment]
    page.segment_filter.setCurrentIndex(page.segment_filter.findData(segment))
    qtbot.waitUntil(lambda: page.data is not None and page.data.segment is segment)
    qtbot.waitUntil(lambda: not page.loading and not page.alerts.loading)
    table = page.overdue.table
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert names == [c.name for c in ones[:OVERDUE_LIMIT]]
    wanted = [a for a in alerts(ctx, TODAY).alerts if kept[a.customer_id] is segment]
    assert page.alerts.data is not None and list(page.alerts.data.alerts) == wanted
    qtbot.wait(200)
    _shot(page, "today-segment-filter")


def work_out_segments_of(ctx: AppContext) -> dict[int, tuple[Segment, str]]:
    with ctx.db.read() as session:
        return work_out_segments(session, TODAY)


def test_the_invoice_list_filters_by_the_customers_segment(qtbot, payers) -> None:  # type: ignore[no-untyped-def]
    from arapp.services.invoice_list import InvoiceFilter, InvoiceStatusFilter, invoice_ids
    from arapp.services.segments import refresh_segments
    from arapp.ui import create_main_window
    from arapp.ui.invoices.model import Column as InvoiceColumn

    ctx = payers
    refresh_segments(ctx)
    window = create_main_window(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.tabs.setCurrentWidget(window.invoices)
    activate(window)
    tab = window.invoices
    tab.filters.set_status(InvoiceStatusFilter.OVERDUE)
    bar = tab.filters.segment_filter
    bar.setCurrentIndex(bar.findData(Segment.AT_RISK))
    wanted = invoice_ids(
        ctx, InvoiceFilter(status=InvoiceStatusFilter.OVERDUE, segment=Segment.AT_RISK)
    )
    assert wanted

    def shown() -> list[int]:
        model = tab.model
        return [
            model.index(r, InvoiceColumn.NUMBER).data(CustomerIdRole)
            for r in range(model.rowCount())
        ]

    qtbot.waitUntil(lambda: sorted(shown()) == sorted(wanted), timeout=5_000)
    qtbot.wait(200)
    _shot(window, "invoices-segment-filter")
    bar.setCurrentIndex(bar.findData(Segment.PROMPT))
    prompt = invoice_ids(
        ctx, InvoiceFilter(status=InvoiceStatusFilter.OVERDUE, segment=Segment.PROMPT)
    )
    qtbot.waitUntil(lambda: sorted(shown()) == sorted(prompt), timeout=5_000)
    if not prompt:
        assert "of customers “prompt”" in tab.filters.describe()
