# SPDX-License-Identifier: MIT
"""Payment plans with real widgets on real SQLite books: agree one from the customer detail pane,
see a wrong sum refused with everything typed kept, cancel one with a reason, and list them all
with the broken ones first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from arapp.services.plans import PlanInput, create_plan, get_plan, list_plans
from arapp.ui.customers.plan_dialog import PlanDialog
from arapp.ui.plans import PaymentPlansDialog
from tests.helpers.books import TODAY, issued_invoice
from tests.helpers.qt import company_display

D = Decimal


@pytest.fixture
def acme(ctx, add_customer) -> int:  # type: ignore[no-untyped-def]
    """Acme <b>& owes 100.00 on one invoice issued 2026-10-01 (net 30)."""
    customer = add_customer("Acme <b>&", terms="net 30").id
    issue(ctx, customer, date(2026, 10, 1), "100.00")
    return customer


def issue(ctx, customer: int, day: date, amount: str) -> int:  # type: ignore[no-untyped-def]
    return issued_invoice(ctx, customer, day, amount, description="Work")


def schedule(dialog: PlanDialog) -> list[tuple[date, str]]:
    return [(dialog._date_at(r), t) for r, t in enumerate(dialog.amount_texts())]


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def show_plans_of(main_window, qtbot, customer: int):  # type: ignore[no-untyped-def]
    tab = main_window.customers
    main_window.tabs.setCurrentWidget(tab)  # the window opens on Insight
    qtbot.waitUntil(lambda: tab.select_customer(customer), timeout=2_000)
    tab.detail.tabs.setCurrentIndex(2)
    return tab.detail


def test_agree_a_plan_from_the_detail_pane(ctx, acme, main_window, qtbot, answer_modal):
    detail = show_plans_of(main_window, qtbot, acme)
    assert detail.tabs.tabText(2) == "Plans (0)"
    assert detail.plans.empty_label.isVisible()

    def agree(dialog: QDialog) -> None:
        assert isinstance(dialog, PlanDialog)
        assert dialog.invoices.rowCount() == 1
        assert dialog.invoices.item(0, 0).checkState() == Qt.CheckState.Checked
        assert [dialog.invoices.item(0, c).text() for c in range(3)] == [
            "INV-2026-00001",
            "Oct 31, 2026",
            "100.00",
        ]
        dialog.count_spin.setValue(3)
        dialog.first_edit.setDate(QDate(2026, 12, 1))
        dialog.frequency_box.setCurrentIndex(dialog.frequency_box.findData("monthly"))
        assert schedule(dialog) == [
            (date(2026, 12, 1), "33.34"),
            (date(2027, 1, 1), "33.33"),
            (date(2027, 2, 1), "33.33"),
        ]
        assert dialog.sum_label.text() == "Instalments 100.00 of 100.00 EUR open"
        dialog.note_edit.setPlainText("Agreed by phone with <b>Ann</b>")
        click(qtbot, dialog.ok_button)

    answer_modal(agree)
    click(qtbot, detail.new_plan_button)
    [plan] = list_plans(ctx, acme)
    assert [(i.due_date, i.amount) for i in plan.instalments] == [
        (date(2026, 12, 1), D("33.34")),
        (date(2027, 1, 1), D("33.33")),
        (date(2027, 2, 1), D("33.33")),
    ]
    assert (plan.status, plan.total, plan.note) == (
        "active",
        D("100.00"),
        "Agreed by phone with <b>Ann</b>",
    )
    assert detail.tabs.tabText(2) == "Plans (1)"
    cells = [detail.plans.table.item(0, c).text() for c in range(3)]
    assert cells == ["Active", "Dec 1, 2026  ·  €33.34", "€100.00"]


def test_a_wrong_sum_is_shown_and_refused_keeping_what_was_typed(ctx, acme, qtbot):
    dialog = PlanDialog(ctx, company_display(ctx), acme)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.first_edit.setDate(QDate(2026, 12, 1))
    dialog.note_edit.setPlainText("Half now, half later")
    dialog.schedule.item(1, 1).setText("30.00")
    assert dialog.edited
    assert dialog.sum_label.text() == (
        "The instalments add up to 96.67, but 100.00 EUR is open: 3.33 short. "
        "Change an amount, or click Suggest schedule."
    )
    assert "color" in dialog.sum_label.styleSheet()
    dialog.count_spin.setValue(4)  # edited by hand: the schedule is left alone
    assert len(dialog.amount_texts()) == 3

    click(qtbot, dialog.ok_button)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.record is None
    error = dialog.form.error_for("instalments")
    assert error.isVisible()
    assert error.text() == "The instalments add up to 96.67; the open balance is 100.00 EUR."
    assert list_plans(ctx, acme) == []
    assert dialog.amount_texts() == ["33.34", "30.00", "33.33"]
    assert dialog.note_edit.toPlainText() == "Half now, half later"

    dialog.schedule.item(1, 1).setText("lots")
    assert not error.isVisible()  # the message was about the amounts before
    assert dialog.sum_label.text() == "Row 2: “lots” is no amount."
    click(qtbot, dialog.ok_button)
    assert error.text() == "Instalment 2: “lots” is no amount."

    dialog.schedule.setCurrentCell(1, 1)
    click(qtbot, dialog.remove_button)
    click(qtbot, dialog.add_button)  # one period after the last, for what is missing
    assert schedule(dialog)[-1] == (date(2027, 3, 1), "33.33")
    assert dialog.sum_label.text() == "Instalments 100.00 of 100.00 EUR open"
    click(qtbot, dialog.suggest_button)  # count is 4 now
    assert dialog.amount_texts() == ["25.00", "25.00", "25.00", "25.00"]
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.record is not None and len(dialog.record.instalments) == 4


def test_no_invoice_ticked_is_said_next_to_the_invoices(ctx, acme, qtbot):
    dialog = PlanDialog(ctx, company_display(ctx), acme)
    qtbot.addWidget(dialog)
    dialog.invoices.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.form.error_for("invoices").text() == "Tick the invoices the plan covers."
    click(qtbot, dialog.ok_button)
    assert dialog.record is None and list_plans(ctx, acme) == []


def test_cancel_a_plan_with_a_reason_from_the_detail_pane(
    ctx, acme, main_window, qtbot, answer_modal
):
    plan = create_plan(ctx, PlanInput(acme, (), ((date(2026, 12, 1), D("100.00")),)))
    detail = show_plans_of(main_window, qtbot, acme)
    assert detail.plans.cancel_button.isEnabled()
    asked: list[str] = []

    def give_reason(reason: str):  # type: ignore[no-untyped-def]
        def answer(box: QDialog) -> None:
            assert isinstance(box, QInputDialog)
            asked.append(box.labelText())
            if not reason:
                answer_modal(give_reason("Customer went bankrupt"))  # asked again
            box.setTextValue(reason)
            box.accept()

        return answer

    answer_modal(give_reason(""))
    click(qtbot, detail.plans.cancel_button)
    assert asked[0].startswith("Cancel the payment plan of Acme <b>& (€100.00 left)?")
    assert asked[1].startswith("Say why the plan is cancelled.\n\nCancel the payment plan")
    done = get_plan(ctx, plan.id)
    assert (done.status, done.cancel_reason) == ("cancelled", "Customer went bankrupt")
    assert detail.plans.table.item(0, 0).text() == "Cancelled"
    assert not detail.plans.cancel_button.isEnabled()
    assert "Cancelled: Customer went bankrupt" in detail.plans.about.text()


def test_all_plans_with_the_broken_ones_first(ctx, acme, add_customer, qtbot):
    other = add_customer("Bolt Ltd").id
    issue(ctx, other, date(2026, 10, 1), "50.00")
    create_plan(ctx, PlanInput(acme, (), ((date(2026, 12, 1), D("100.00")),)))
    create_plan(ctx, PlanInput(other, (), ((date(2027, 2, 1), D("50.00")),)))
    ctx.today = lambda: date(2026, 12, 15)  # Acme's instalment is missed by now
    try:
        dialog = PaymentPlansDialog(ctx, company_display(ctx))
        qtbot.addWidget(dialog)
        table = dialog.panel.table
        rows = [[table.item(r, c).text() for c in (0, 3, 5)] for r in range(table.rowCount())]
        assert rows == [["Acme <b>&", "Broken", "€100.00"], ["Bolt Ltd", "Active", "€50.00"]]
        assert table.item(0, 4).text() == "Dec 1, 2026  ·  €100.00  (missed)"
        assert dialog.count_label.text() == "2 plans: 1 broken, 1 active"
        states = dialog.panel.instalments
        assert [states.item(0, c).text() for c in range(5)] == [
            "1", "Dec 1, 2026", "€100.00", "€0.00", "Missed"
        ]  # fmt: skip
    finally:
        ctx.today = lambda: TODAY


def test_payment_plan_from_the_customers_tab_and_tools(ctx, acme, main_window, qtbot, answer_modal):
    tab = main_window.customers
    qtbot.waitUntil(lambda: tab.select_customer(acme), timeout=2_000)
    assert tab.plan_action.isEnabled()
    assert tab.plan_action in tab.view.actions()  # the table's context menu
    opened: list[QDialog] = []

    def look(dialog: QDialog) -> None:
        opened.append(dialog)
        dialog.reject()

    answer_modal(look)
    tab.plan_action.trigger()
    assert isinstance(opened[0], PlanDialog) and opened[0].customer.id == acme
    answer_modal(look)
    main_window.plans_action.trigger()
    assert isinstance(opened[1], PaymentPlansDialog)
