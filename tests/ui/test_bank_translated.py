# SPDX-License-Identifier: MIT
"""Every text of the bank statement page, its matching panel and the import dialog (with its
CSV mapping) goes through the translation: built under the pseudo-translation, nothing shown
is left in plain English but data from the books and the statement."""

from __future__ import annotations

from datetime import date

import pytest

from arapp.i18n import PSEUDO_OPEN
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
from arapp.ui.bank import BankPage
from arapp.ui.bank.import_dialog import ImportStatementDialog
from arapp.ui.bank.mapping_form import ENCODINGS
from tests.helpers.bank import FEE, W, X, Y, camt_file, csv_file, load
from tests.helpers.ui_payments import issue
from tests.helpers.untranslated import pseudo_language, untranslated_texts

DATA = ["Anna Berg", "ABERG", "Dora Weiß", "statement.csv", "statement.xml", "EUR", "Bank"]


def pseudo(text: object) -> bool:
    return isinstance(text, str) and PSEUDO_OPEN in text


@pytest.fixture
def books(ctx: AppContext) -> None:
    """Anna Berg owes INV-2026-00001 (40.00); a statement with her payment, one nobody's, one
    of Dora's (no invoice) and a bank fee is imported."""
    anna = create_customer(ctx, CustomerInput(name="Anna Berg", code="ABERG"))
    issue(ctx, anna.id, date(2026, 11, 2), "40.00")
    load(ctx, camt_file, Y, X, W, FEE)


def test_the_bank_page_and_its_matching_are_translated(qtbot, ctx, books, display_source):  # type: ignore[no-untyped-def]
    with pseudo_language():
        page = BankPage(ctx, display_source)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: page.panel.proposal is not None, timeout=10_000)
        lines = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
        data = [*DATA, *lines, *(x.text for x in (Y, X, W, FEE))]  # dates and references
        assert untranslated_texts(page, data=data) == []
        assert untranslated_texts(page.view.column_menu()) == []
        assert pseudo(page.panel.reason_label.text())
        assert pseudo(page.status_label.text())
        page.set_status(None)  # every line: the fee going out, said so
        qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=10_000)
        statuses = [page.model.index(r, 4).data() for r in range(page.model.rowCount())]
        assert all(pseudo(s) for s in statuses), statuses
        page.select_row(page.model.rowCount() - 1)
        assert untranslated_texts(page.panel, data=data) == []


def test_the_import_dialog_and_its_mapping_are_translated(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    data, name = csv_file(Y, X)
    with pseudo_language():
        dialog = ImportStatementDialog(ctx, data + b"\nnot;a;line", name)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.check is not None, timeout=10_000)
        # The file's column names, the encodings' and the formats' names are names.
        columns = ["date", "amount", "counterparty", "reference", *ENCODINGS, "CSV"]
        samples = [label.text() for label in dialog.mapping_form.samples.values()]  # type: ignore[union-attr]
        assert untranslated_texts(dialog, data=[*DATA, *columns]) == []
        assert all(pseudo(s) for s in samples if s), samples
        assert pseudo(dialog.summary.text())
        problems = [dialog.problems.item(n).text() for n in range(dialog.problems.count())]
        assert problems and all(pseudo(p) for p in problems), problems
        unreadable = ImportStatementDialog(ctx, b'<?xml version="1.0"?><shop/>', "shop.xml")
        qtbot.addWidget(unreadable)
        assert untranslated_texts(unreadable, data=["shop.xml"]) == []
        assert pseudo(unreadable.problems.item(0).text())
