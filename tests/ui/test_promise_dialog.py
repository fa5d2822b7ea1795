# SPDX-License-Identifier: MIT
"""The promise dialog with real widgets on real SQLite books: a sum, and the invoices it covers
(one, several or all open); the sum follows the ticks until the person types their own."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPainter

from arapp.services.reminders.overview import customer_holds
from arapp.services.reminders.run import plan_run
from arapp.ui.reminders.holds import HoldDialog
from tests.helpers.books import TODAY, customer, overdue_invoice
from tests.helpers.qt import company_display


def _owing(ctx):  # type: ignore[no-untyped-def]
    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    ids = [overdue_invoice(ctx, acme, days, amount) for days, amount in
           ((40, "400"), (20, "350"), (5, "120"))]  # fmt: skip
    return acme, ids


def _tick(dialog: HoldDialog, row: int, on: bool) -> None:
    state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
    dialog.invoices.item(row).setCheckState(state)


def test_a_promise_of_500_on_two_of_three_invoices(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    acme, (first, second, third) = _owing(ctx)
    dialog = HoldDialog(ctx, company_display(ctx), acme, "promise")
    qtbot.addWidget(dialog)
    assert dialog.invoices.count() == 3 and dialog.all_invoices.isChecked()
    assert dialog.ticked_ids() == [first, second, third]
    assert dialog.amount.text() == "870.00"  # what all open invoices owe

    _tick(dialog, 2, False)
    assert not dialog.all_invoices.isChecked()
    assert dialog.amount.text() == "750.00"  # follows the ticks
    assert dialog.owed.text() == "EUR  ·  €750.00 owed on the ticked invoices"

    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "500")
    _tick(dialog, 1, False)
    _tick(dialog, 1, True)
    assert dialog.amount.text() == "500"  # typed: the ticks leave it alone
    dialog.until.setDate(TODAY + timedelta(days=4))
    dialog.note.setPlainText("Pays €500 on Friday")  # keyClicks types ASCII only
    dialog.save()

    assert dialog.record is not None and dialog.result() == dialog.DialogCode.Accepted
    assert dialog.record.invoice_ids == (first, second)
    assert dialog.record.amount == Decimal("500.00")
    assert {r.invoice_id for r in plan_run(ctx)} == {third}  # the two promised ones wait
    [line] = customer_holds(ctx, acme)
    assert line.hold.note == "Pays €500 on Friday"


def test_all_open_invoices_and_one_chosen(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    acme, (first, second, third) = _owing(ctx)
    dialog = HoldDialog(ctx, company_display(ctx), acme, "promise", invoice_id=second)
    qtbot.addWidget(dialog)
    assert dialog.ticked_ids() == [second] and dialog.amount.text() == "350.00"
    dialog.all_invoices.setChecked(True)
    assert dialog.ticked_ids() == [first, second, third] and dialog.amount.text() == "870.00"
    dialog.all_invoices.setChecked(False)
    assert dialog.ticked_ids() == [] and dialog.amount.text() == "0.00"
    dialog.save()
    assert dialog.record is None
    assert dialog.form.error_for("invoices").text() == "Tick the invoices it covers."
    _tick(dialog, 0, True)
    dialog.amount.setText("four hundred")
    dialog.save()
    assert dialog.record is None
    assert "not a number" in dialog.form.error_for("amount").text()
    dialog.amount.setText("400.01")
    dialog.save()
    assert dialog.form.error_for("amount").text() == "That is more than the 400.00 EUR owed."
    dialog.amount.setText("400")
    dialog.save()
    assert dialog.record is not None and dialog.record.invoice_ids == (first,)


def test_screenshot_over_the_window_at_1366x768(qtbot, ctx, shots) -> None:  # type: ignore[no-untyped-def]
    from arapp.ui import create_main_window

    acme, _ids = _owing(ctx)
    main_window = create_main_window(ctx)  # after the books are filled: the list shows Acme
    qtbot.addWidget(main_window)
    main_window.resize(1366, 768)
    main_window.show()
    qtbot.waitUntil(lambda: main_window.customers.select_customer(acme))
    dialog = HoldDialog(ctx, company_display(ctx), acme, "promise", main_window)
    qtbot.addWidget(dialog)
    _tick(dialog, 2, False)
    dialog.note.setPlainText("Pays €500 on Friday, the rest with the next order")
    dialog.amount.setText("500.00")
    dialog.show()
    qtbot.waitExposed(dialog)
    picture = main_window.grab()
    assert (picture.width(), picture.height()) == (1366, 768)
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))
    shot = dialog.grab()
    painter.drawPixmap(QPoint((1366 - shot.width()) // 2, (768 - shot.height()) // 2), shot)
    painter.end()
    assert shot.width() <= 1366 and shot.height() <= 768
    picture.save(str(shots / "promise-dialog.png"))
