# SPDX-License-Identifier: MIT
"""The Collections tab of the customer pane: promises and disputes recorded, listed and resolved
there, and the customer's reminder options (policy, pause, never) saved."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from PySide6.QtWidgets import QDialog, QInputDialog

from arapp.services.reminders.holds import HoldRecord
from arapp.services.reminders.overview import HoldLine, hold_state
from arapp.services.reminders.policy import customer_reminders
from arapp.services.reminders.run import plan_run
from arapp.ui.customers.collections_panel import NO_HOLDS, CollectionsPanel
from arapp.ui.reminders.holds import HoldDialog
from tests.helpers.books import TODAY, customer, overdue_invoice


def _panel(qtbot, main_window, customer_id: int) -> CollectionsPanel:  # type: ignore[no-untyped-def]
    tab = main_window.customers
    main_window.tabs.setCurrentWidget(tab)  # the window opens on Insight
    qtbot.waitUntil(lambda: tab.select_customer(customer_id))
    pane = tab.detail
    pane.tabs.setCurrentWidget(pane.collections)
    return pane.collections


def _due_invoices(ctx) -> set[int]:  # type: ignore[no-untyped-def]
    return {r.invoice_id for r in plan_run(ctx)}


def test_promise_recorded_listed_holds_the_reminder_then_resolved(
    qtbot, ctx, main_window, answer_modal, shots
) -> None:  # type: ignore[no-untyped-def]
    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    invoice = overdue_invoice(ctx, acme, days_late=10)
    assert _due_invoices(ctx) == {invoice}
    panel = _panel(qtbot, main_window, acme)
    assert panel.hold_texts() == [NO_HOLDS]
    assert not panel.resolve_button.isEnabled()
    promised = TODAY + timedelta(days=5)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, HoldDialog) and dialog.kind == "promise"
        dialog.until.setDate(promised)
        qtbot.keyClicks(dialog.note, "Pays on Friday")
        dialog.save()

    answer_modal(fill)
    panel.record_hold("promise")
    assert invoice not in _due_invoices(ctx)
    texts = panel.hold_texts()
    assert len(texts) == 1
    assert texts[0].startswith("Promise to pay  ·  open  ·  ")
    assert panel.lines[0].hold.invoice_id == invoice and "Pays on Friday" in texts[0]
    assert "recorded" in panel.message.text()
    pane = main_window.customers.detail
    assert pane.tabs.tabText(3) == "Collections (1)"
    pane.resize(420, 720)
    pane.grab().save(str(shots / "customer-collections-panel.png"))

    panel.holds.setCurrentRow(0)
    assert panel.resolve_button.isEnabled()

    def resolve(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Customer withdrew it")
        dialog.accept()

    answer_modal(resolve)
    panel.resolve()
    assert panel.hold_texts()[0].startswith("Promise to pay  ·  resolved  ·  ")
    assert invoice in _due_invoices(ctx)  # its reminders resume
    assert not panel.resolve_button.isEnabled()
    assert pane.tabs.tabText(3) == "Collections (0)"


def test_pause_until_a_day_and_never_remind_are_stored(qtbot, ctx, main_window) -> None:  # type: ignore[no-untyped-def]
    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    invoice = overdue_invoice(ctx, acme, days_late=10)
    panel = _panel(qtbot, main_window, acme)
    assert not panel.save_button.isEnabled() and not panel.pause_until.isEnabled()
    until = TODAY + timedelta(days=14)
    panel.pause.setChecked(True)
    assert panel.pause_until.isEnabled()
    panel.pause_until.setDate(until)
    panel.save_button.click()
    assert not panel.options_error.isVisible()
    stored = customer_reminders(ctx, acme)
    assert stored.paused_until == until and not stored.excluded and stored.policy_id is None
    assert invoice not in _due_invoices(ctx)
    assert not panel.save_button.isEnabled()

    panel.pause.setChecked(False)
    panel.excluded.setChecked(True)
    panel.save_button.click()
    stored = customer_reminders(ctx, acme)
    assert stored.paused_until is None and stored.excluded
    qtbot.wait(50)  # the bridge's refill keeps what was saved
    assert panel.excluded.isChecked() and not panel.pause.isChecked()


def test_a_refused_save_shows_why_under_the_options(qtbot, ctx, main_window, shots) -> None:  # type: ignore[no-untyped-def]
    acme = customer(ctx, "Acme Ltd")
    panel = _panel(qtbot, main_window, acme)
    panel.policy.addItem("Gone meanwhile", 999_999)  # deleted by someone else since shown
    panel.policy.setCurrentIndex(panel.policy.count() - 1)
    panel.save_button.click()
    assert panel.options_error.isVisible() and "does not exist" in panel.options_error.text()
    assert customer_reminders(ctx, acme).policy_id is None
    panel.grab().save(str(shots / "customer-collections-error.png"))


def test_hold_states() -> None:
    def line(kind: str, until=None, resolved=None, owed=True) -> HoldLine:  # type: ignore[no-untyped-def]
        hold = HoldRecord(1, 1, "INV-1", kind, TODAY, until, resolved, "")
        return HoldLine(hold, 1, "Acme", Decimal("10.00"), "EUR", owed)

    yesterday, tomorrow = TODAY - timedelta(days=1), TODAY + timedelta(days=1)
    assert hold_state(line("promise", tomorrow), TODAY) == "open"
    assert hold_state(line("promise", TODAY), TODAY) == "open"
    assert hold_state(line("promise", yesterday), TODAY) == "broken"
    assert hold_state(line("promise", yesterday, owed=False), TODAY) == "kept"
    assert hold_state(line("promise", tomorrow, resolved=TODAY), TODAY) == "resolved"
    assert hold_state(line("dispute"), TODAY) == "open"
    assert hold_state(line("dispute", resolved=TODAY), TODAY) == "resolved"


def test_screenshot_in_the_window(qtbot, ctx, main_window, answer_modal, shots) -> None:  # type: ignore[no-untyped-def]
    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    overdue_invoice(ctx, acme, days_late=10)
    panel = _panel(qtbot, main_window, acme)
    answer_modal(lambda d: (qtbot.keyClicks(d.note, "Says the goods were damaged"), d.save()))
    panel.record_hold("dispute")
    main_window.grab().save(str(shots / "customer-collections-window.png"))


def test_a_partly_kept_promise_shows_its_figures(qtbot, ctx, main_window, shots) -> None:  # type: ignore[no-untyped-def]
    from arapp.services.payments import PaymentInput, record_payment
    from arapp.services.reminders.holds import record_promise

    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    first = overdue_invoice(ctx, acme, days_late=20, amount="400")
    second = overdue_invoice(ctx, acme, days_late=10, amount="350")
    record_promise(ctx, (first, second), TODAY + timedelta(days=2), "€500 by Wednesday", "500")
    record_payment(ctx, PaymentInput(acme, TODAY, "300", allocations=((second, "300"),)))
    ctx.today = lambda: TODAY + timedelta(days=3)  # the day has passed
    panel = _panel(qtbot, main_window, acme)
    [text] = panel.hold_texts()
    assert text.splitlines()[0] == (
        "Promise to pay  ·  partly kept  ·  INV-2026-00001, INV-2026-00002"
    )
    assert "Partly kept: €300.00 of €500.00" in text.splitlines()
    assert main_window.customers.detail.tabs.tabText(3) == "Collections (1)"
    panel.grab().save(str(shots / "customer-collections-partly-kept.png"))
