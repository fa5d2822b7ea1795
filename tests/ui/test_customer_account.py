# SPDX-License-Identifier: MIT
"""The Account tab of the customer pane: the ledger with its running balance, voids and
reversals on their days, credit shown as such, and the statement saved as a real PDF."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt

from arapp.services.lifecycle import void_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reversals import reverse_payment
from arapp.ui.customers.account_panel import AccountPanel, LedgerColumn
from arapp.ui.widgets.colours import CREDIT_COLOR
from tests.helpers.books import TODAY, customer, overdue_invoice


def _panel(qtbot, main_window, customer_id: int) -> AccountPanel:  # type: ignore[no-untyped-def]
    tab = main_window.customers
    qtbot.waitUntil(lambda: tab.select_customer(customer_id))
    pane = tab.detail
    pane.tabs.setCurrentWidget(pane.account)
    return pane.account


def _rows(panel: AccountPanel) -> list[tuple[str, ...]]:
    model = panel.model
    return [
        tuple(model.index(r, c).data() for c in (LedgerColumn.WHAT, LedgerColumn.AMOUNT,
                                                   LedgerColumn.BALANCE))
        for r in range(model.rowCount())
    ]  # fmt: skip


def test_ledger_shows_every_movement_with_its_balance(qtbot, ctx, main_window, shots) -> None:  # type: ignore[no-untyped-def]
    bo = customer(ctx, "<b>&\"' Bo", "bo@example.org")
    kept = overdue_invoice(ctx, bo, days_late=20, amount="60.00")
    twice = overdue_invoice(ctx, bo, days_late=10, amount="40.00")
    bounced = record_payment(
        ctx, PaymentInput(bo, TODAY, "25.00", "cheque", "CHQ-1", ((kept, "25"),))
    )
    void_invoice(ctx, twice, "sent twice")
    reverse_payment(ctx, bounced.id, "bounced")
    record_payment(ctx, PaymentInput(bo, TODAY, "100.00", "bank_transfer", "TRX-7"))
    panel = _panel(qtbot, main_window, bo)
    rows = _rows(panel)
    assert rows == [
        ("Invoice · INV-2026-00001", "60.00", "60.00"),
        ("Invoice · INV-2026-00002", "40.00", "100.00"),
        ("Payment (cheque) · CHQ-1", "-25.00", "75.00"),  # same day: money, then undoing
        ("Payment (bank transfer) · TRX-7", "-100.00", "-25.00"),
        ("Invoice voided: sent twice · INV-2026-00002", "-40.00", "-65.00"),
        ("Payment reversed: bounced · CHQ-1", "25.00", "-40.00"),
    ]
    last = panel.model.index(len(rows) - 1, LedgerColumn.BALANCE)
    assert last.data(Qt.ItemDataRole.ForegroundRole) == CREDIT_COLOR
    assert panel.summary.text() == "6 entries · is in credit by €40.00"
    main_window.resize(1280, 800)
    main_window.grab().save(str(shots / "customer-account-window.png"))


def test_statement_saved_from_the_account_tab(qtbot, ctx, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    acme = customer(ctx, "Acme Ltd", "ap@acme.example")
    overdue_invoice(ctx, acme, days_late=10, amount="120.00")
    panel = _panel(qtbot, main_window, acme)
    target = tmp_path / "statement.pdf"
    panel.save_statement(str(target))
    assert panel.message.text() == f"Statement saved to {target}."
    text = PdfReader(BytesIO(target.read_bytes())).pages[0].extract_text()
    assert "Acme Ltd" in text and "120.00" in text
    panel.save_statement(str(tmp_path / "missing" / "statement.pdf"))
    assert panel.message.text().startswith("The statement was not saved:")
    assert Decimal("120.00") == panel.model.entries[-1].balance
