# SPDX-License-Identifier: MIT
"""Collections ▸ Statements for all customers…: the period, the count, the folder, the PDFs
written on a worker with a summary naming failed customers by code."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QWidget

from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.services.payments import PaymentInput, record_payment
from arapp.ui import batch_export
from arapp.ui.collections.statements_dialog import StatementsDialog, save_all_statements
from tests.helpers.books import issued_invoice as invoice

TIMEOUT_MS = 30_000
NAME = "<b>&\"' Anna"
FORMULA = '=HYPERLINK("http://evil.example","x")'
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def pdf_text(path: Path) -> str:
    return SPACES.sub(" ", " ".join(p.extract_text() for p in PdfReader(path).pages))


@pytest.fixture
def owing(ctx: AppContext) -> dict[str, int]:
    """ANNA owes 100.00 (since 5 Oct), FORM 50.00 (since 20 Nov); PAID owes nothing."""
    ids = {
        code: create_customer(ctx, CustomerInput(name=name, code=code)).id
        for code, name in (("ANNA", NAME), ("FORM", FORMULA), ("PAID", "Paid Up"))
    }
    invoice(ctx, ids["ANNA"], date(2026, 10, 5), "100.00")  # in date order: numbers follow dates
    paid = invoice(ctx, ids["PAID"], date(2026, 10, 7), "30.00")
    record_payment(
        ctx, PaymentInput(ids["PAID"], date(2026, 10, 9), "30.00", "cash", "", ((paid, "30"),))
    )
    invoice(ctx, ids["FORM"], date(2026, 11, 20), "50.00")
    return ids


@pytest.fixture
def window(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_dialog_counts_customers_with_a_balance_on_the_last_day(
    qtbot, ctx: AppContext, owing: dict[str, int]
) -> None:
    dialog = StatementsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.period() == (date(2026, 8, 25), date(2026, 11, 23))  # the last 90 days
    assert not dialog.save_button.isEnabled()  # counted on a worker thread first
    assert dialog.who.text() == "Counting the customers with a balance…"

    def says(text: str) -> None:
        qtbot.waitUntil(lambda: dialog.counted)
        assert dialog.who.text() == text

    says("Every customer with a balance on 23 Nov 2026: 2 statements.")
    assert dialog.customer_ids == [owing["ANNA"], owing["FORM"]]
    assert dialog.save_button.isEnabled()
    dialog.end.setDate(QDate(2026, 10, 31))  # FORM was invoiced later
    says("Every customer with a balance on 31 Oct 2026: 1 statement.")
    assert dialog.customer_ids == [owing["ANNA"]]
    dialog.end.setDate(QDate(2026, 10, 1))
    says("No customer has a balance on 1 Oct 2026.")
    assert not dialog.save_button.isEnabled()
    dialog.end.setDate(QDate(2026, 11, 23))
    qtbot.waitUntil(lambda: dialog.counted)
    dialog.start.setDate(QDate(2026, 11, 24))
    assert dialog.who.text() == "The period starts after it ends."
    assert not dialog.save_button.isEnabled()
    dialog.resize(dialog.sizeHint())
    dialog.show()
    qtbot.waitExposed(dialog)


def test_the_collections_menu_writes_every_statement(
    qtbot, main_window, answer_modal, ctx, owing, tmp_path, monkeypatch
) -> None:
    folder = tmp_path / "month end"
    asked: list[QWidget] = []
    monkeypatch.setattr(
        batch_export, "choose_folder", lambda parent: asked.append(parent) or folder
    )
    menus = {a.text(): a.menu() for a in main_window.menuBar().actions()}
    assert main_window.statements_action in menus["&Collections"].actions()

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, StatementsDialog)
        dialog.start.setDate(QDate(2026, 10, 1))
        qtbot.waitUntil(dialog.save_button.isEnabled)  # once the customers are counted
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer_modal(answer)
    main_window.statements_action.trigger()
    batch = main_window.statements_batch
    assert batch is not None and asked == [main_window]
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=TIMEOUT_MS)
    assert batch.result is not None and not batch.result.failed
    assert batch.summary.windowTitle() == "Saving statements"
    assert batch.summary.text() == f"Saved 2 PDFs in:\n{folder}"
    assert sorted(p.name for p in folder.iterdir()) == [
        "Statement ANNA 2026-11-23.pdf",
        "Statement FORM 2026-11-23.pdf",
    ]
    anna = pdf_text(folder / "Statement ANNA 2026-11-23.pdf")
    assert NAME in anna and "Amount due €100.00" in anna
    assert "Period Oct 1, 2026 – Nov 23, 2026" in anna
    form = pdf_text(folder / "Statement FORM 2026-11-23.pdf")
    assert FORMULA in form and "Amount due €50.00" in form
    batch.summary.close()


def test_cancelling_the_dialog_writes_nothing(
    qtbot, main_window, answer_modal, owing, monkeypatch
) -> None:
    monkeypatch.setattr(batch_export, "choose_folder", lambda parent: pytest.fail("asked"))
    answer_modal(lambda dialog: dialog.reject())
    main_window.statements_action.trigger()
    assert main_window.statements_batch is None


def test_failed_customers_are_named_by_code(
    qtbot, window, answer_modal, ctx, owing, tmp_path
) -> None:
    # Something in the way of FORM's file (a folder where its temporary file goes).
    (tmp_path / "Statement FORM 2026-11-23.pdf.part").mkdir()

    def accept(dialog: QDialog) -> None:
        qtbot.waitUntil(lambda: dialog.counted)
        dialog.accept()

    answer_modal(accept)
    batch = save_all_statements(window, ctx, tmp_path)
    assert batch is not None
    qtbot.waitUntil(lambda: batch.summary is not None, timeout=TIMEOUT_MS)
    assert batch.summary.text().splitlines() == [
        "Saved 1 of 2 PDFs in:",
        str(tmp_path),
        "",
        "1 statement could not be saved:",
        "• FORM: Cannot write Statement FORM 2026-11-23.pdf: Is a directory",
    ]
    batch.summary.close()
