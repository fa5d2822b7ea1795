# SPDX-License-Identifier: MIT
"""The bank statement page: import through the dialog, proposals, confirm, ignore, by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from arapp.services.bank.statements import StatementImport
from arapp.services.bank.transactions import count_transactions, list_transactions
from arapp.services.context import AppContext
from arapp.services.invoices import get_invoice
from arapp.services.payment_list import PaymentFilter, payment_ids
from arapp.services.transfer.mappings import mapping_names
from arapp.ui.bank import BankPage
from arapp.ui.bank.import_dialog import ImportStatementDialog, import_summary
from arapp.ui.bank.models import CandidateColumn
from tests.helpers.qt import activate
from tests.helpers.ui_payments import applied, issue, pick_customer, type_apply

DATA = Path(__file__).parent.parent / "data" / "bank"


@pytest.fixture
def books(ctx: AppContext, add_customer):  # type: ignore[no-untyped-def]
    """Zoë owes INV-2026-00001 (119.00); Müller owes 00002 (200.00); Ünal owes 00003 (90.00)."""
    zoe = add_customer("Zoë Dupont")
    mueller = add_customer("Müller GmbH")
    unal = add_customer("Ünal Çelik")
    invoices = [
        issue(ctx, zoe.id, date(2026, 11, 1), "119.00"),
        issue(ctx, mueller.id, date(2026, 11, 2), "200.00"),
        issue(ctx, unal.id, date(2026, 11, 3), "90.00"),
    ]
    return {"zoe": zoe, "mueller": mueller, "unal": unal, "invoices": invoices}


@pytest.fixture
def page(qtbot, ctx: AppContext, display_source) -> BankPage:  # type: ignore[no-untyped-def]
    widget = BankPage(ctx, display_source)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    activate(widget)
    return widget


def shot(widget, path: Path) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    widget.grab().save(str(path))


def wait_op(qtbot, holder, attr: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: getattr(holder, attr) is not None, timeout=5_000)
    qtbot.waitUntil(lambda: getattr(holder, attr).finished, timeout=5_000)


def import_via_dialog(qtbot, page: BankPage, name: str) -> ImportStatementDialog:  # type: ignore[no-untyped-def]
    dialog = page.import_file(DATA / name)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=5_000)
    return dialog


def finish_import(qtbot, page: BankPage, dialog: ImportStatementDialog) -> None:  # type: ignore[no-untyped-def]
    assert dialog.import_button.isEnabled(), dialog.summary.text()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=5_000)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def wait_proposal(qtbot, page: BankPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.panel.proposal is not None, timeout=5_000)


def select(page: BankPage, counterparty: str) -> None:
    for row in range(page.model.rowCount()):
        line = page.model.row_at(row)
        if line is not None and line.counterparty == counterparty:
            page.select_row(row)
            return
    raise AssertionError(f"no line of {counterparty}")


def test_import_camt_twice_adds_nothing_the_second_time(qtbot, page, books, ctx, shots) -> None:  # type: ignore[no-untyped-def]
    dialog = import_via_dialog(qtbot, page, "camt053_v02.xml")
    assert dialog.mapping_form is None
    assert "camt.053" in dialog.findChild(QLabel, "importFile").text()
    assert dialog.check is not None and dialog.check.lines_new > 0
    assert "already imported" in dialog.summary.text()
    shot(dialog, shots / "import-camt.png")
    finish_import(qtbot, page, dialog)
    read = dialog.result.lines_read
    assert page.last_import is not None and page.last_import.lines_new == read
    total = count_transactions(ctx)
    assert page.model.rowCount() == count_transactions(ctx, "new") > 0

    again = import_via_dialog(qtbot, page, "camt053_v02.xml")
    assert again.summary.text() == f"{read} lines read: 0 new, {read} already imported."
    finish_import(qtbot, page, again)
    assert f"0 new, {read} already imported" in page.status_label.text()
    assert count_transactions(ctx) == total


def test_reference_naming_an_invoice_proposes_its_customer_then_confirm_pays_it(
    qtbot, page, books, ctx, shots
) -> None:  # type: ignore[no-untyped-def]
    finish_import(qtbot, page, import_via_dialog(qtbot, page, "camt053_v02.xml"))
    select(page, "Zoë Dupont")
    wait_proposal(qtbot, page)
    candidates = page.panel.candidates
    best = candidates.candidates[0]
    assert best.customer_id == books["zoe"].id and best.confidence >= 90
    assert page.panel.candidate_view.current_row() == 0
    assert candidates.index(0, CandidateColumn.CONFIDENCE).data() == f"{best.confidence}%"
    assert "INV-2026-00001" in page.panel.reason_label.text()
    assert applied(page.panel.allocation)[0] == "119.00"
    shot(page, shots / "bank-page.png")

    before = page.model.rowCount()
    page.panel.confirm_button.click()
    assert get_invoice(ctx, books["invoices"][0]).status == "paid"
    assert len(payment_ids(ctx, PaymentFilter())) == 1
    assert page.model.rowCount() == before - 1
    chosen = page.selected_line()
    assert chosen is not None and chosen.counterparty != "Zoë Dupont"  # the next line
    assert "Recorded payment" in page.status_label.text()


def test_ignore_moves_the_line_and_reopen_brings_it_back(qtbot, page, books, ctx) -> None:  # type: ignore[no-untyped-def]
    finish_import(qtbot, page, import_via_dialog(qtbot, page, "camt053_v02.xml"))
    select(page, "Ünal Çelik")
    line = page.selected_line()
    assert line is not None
    page.panel.ignore_button.click()
    assert page.model.row_of(line.id) is None
    assert [x.id for x in list_transactions(ctx, "ignored") if x.id == line.id] == [line.id]
    page.set_status("ignored")
    assert page.select_line(line.id)
    assert page.panel.reopen_button.isEnabled() and not page.panel.confirm_button.isEnabled()
    page.panel.reopen_button.click()
    assert page.model.row_of(line.id) is None
    page.set_status("new")
    assert page.model.row_of(line.id) is not None


def test_another_customer_by_hand_with_allocations(qtbot, page, books, ctx) -> None:  # type: ignore[no-untyped-def]
    finish_import(qtbot, page, import_via_dialog(qtbot, page, "camt053_v02.xml"))
    select(page, "Ünal Çelik")  # 100.00, names INV-2026-00004 which does not exist
    line = page.selected_line()
    assert line is not None and line.amount == Decimal("100.00")
    wait_proposal(qtbot, page)
    activate(page)  # the import dialog had been the active window
    pick_customer(qtbot, page.panel.picker, "Ünal")
    assert page.panel.customer_id == books["unal"].id
    assert applied(page.panel.allocation) == ["90.00"]  # oldest first, 10.00 left as credit
    type_apply(qtbot, page.panel.allocation, 0, "50")
    page.panel.confirm_button.click()
    invoice = get_invoice(ctx, books["invoices"][2])
    assert invoice.amount_paid == Decimal("50.00") and invoice.status == "partially_paid"
    assert page.model.row_of(line.id) is None


def test_csv_with_a_mapping_step_remembered(qtbot, page, books, ctx, shots) -> None:  # type: ignore[no-untyped-def]
    dialog = import_via_dialog(qtbot, page, "sparkasse_de.csv")
    form = dialog.mapping_form
    assert form is not None
    assert form.combos["date"].currentData() == "Buchungstag"
    assert form.combos["amount"].currentData() == "Betrag"
    assert form.decimal_comma.isChecked() and form.encoding.currentText() == "cp1252"
    qtbot.waitUntil(lambda: dialog.check is not None and dialog.check.ok, timeout=5_000)
    shot(dialog, shots / "import-csv-mapping.png")

    form.decimal_comma.setChecked(False)  # 1.200,00 no longer reads: a problem with its line
    qtbot.waitUntil(lambda: dialog.problems.isVisible(), timeout=5_000)
    assert not dialog.import_button.isEnabled()
    assert dialog.problems.item(0).text().startswith("Line ")
    shot(dialog, shots / "import-csv-problems.png")
    form.decimal_comma.setChecked(True)
    qtbot.waitUntil(lambda: dialog.check is not None and dialog.check.ok, timeout=5_000)
    assert dialog.summary.text() == "6 lines read: 6 new, 0 already imported."
    form.remember_name.setText("Sparkasse")
    form.remember_check.setChecked(True)
    qtbot.waitUntil(lambda: dialog.check is not None and dialog.check.ok, timeout=5_000)
    finish_import(qtbot, page, dialog)
    assert mapping_names(ctx, "bank_csv") == ["Sparkasse"]
    assert count_transactions(ctx, "new") == 3  # money out is stored as ignored

    again = import_via_dialog(qtbot, page, "sparkasse_de.csv")
    assert again.mapping_form is not None
    again.mapping_form.choose_saved("Sparkasse")
    qtbot.waitUntil(lambda: "0 new, 6 already" in again.summary.text(), timeout=5_000)
    again.reject()


def test_auto_match_records_clear_cases(qtbot, page, books, ctx) -> None:  # type: ignore[no-untyped-def]
    finish_import(qtbot, page, import_via_dialog(qtbot, page, "camt053_v02.xml"))
    page.auto_button.click()
    wait_op(qtbot, page, "auto_op")
    assert page.last_auto is not None
    recorded = sum(1 for a in page.last_auto if a.payment is not None)
    assert recorded >= 1
    assert page.status_label.text().startswith(f"Auto-match recorded {recorded} payment")
    assert get_invoice(ctx, books["invoices"][0]).status == "paid"


def test_the_summary_says_how_many_new_lines_may_be_imported_already() -> None:
    checked = StatementImport("csv", ("DE44",), 4, 3, 1, (), dry_run=True, possible_duplicates=1)
    assert import_summary(checked) == (
        "4 lines read: 3 new, 1 already imported. 1 of the new has the day, amount and text "
        "of a line imported before and may be the same money: matching asks."
    )
    done = StatementImport("csv", ("DE44",), 4, 3, 1, (), possible_duplicates=2)
    assert import_summary(done).startswith("3 new, 1 already imported. 2 of the new have ")
    assert import_summary(StatementImport("csv", (), 2, 2, 0, ())) == ("2 new, 0 already imported.")
