# SPDX-License-Identifier: MIT
"""Every text of the Payments tab and its dialogs goes through the translation: built under
the pseudo-translation, nothing shown is left in plain English but data from the books.

(The filter bar's periods and "Any customer" are the shared bar's, arapp/ui/filter_bar.py: a
part of its own, marked there.)
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from arapp.i18n import PSEUDO_OPEN
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.reversals import reverse_payment
from arapp.ui import filter_bar
from arapp.ui.payments import PaymentsTab, RecordPaymentDialog
from arapp.ui.payments.allocation_model import AllocationColumn
from arapp.ui.payments.credit_dialogs import ApplyCreditDialog, RefundDialog
from arapp.ui.payments.model import Column
from tests.helpers.books import TODAY
from tests.helpers.qt import company_display
from tests.helpers.ui_payments import issue
from tests.helpers.untranslated import pseudo_language, untranslated_texts

SHARED = {*filter_bar.PERIODS, "Any customer"}  # the shared filter bar marks its own
DATA = ["Acme Ltd", "ACME", "EUR", "CHQ 123", "Wrong customer"]


def ours(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(where, text) for where, text in found if text not in SHARED]


def pseudo(text: object) -> bool:
    return isinstance(text, str) and PSEUDO_OPEN in text


@pytest.fixture
def books(ctx, add_customer):  # type: ignore[no-untyped-def]
    """Acme Ltd owes two invoices, paid part of one, overpaid (credit left) and had a payment
    reversed."""
    acme = add_customer("Acme Ltd", code="ACME", terms="2/10 net 30")
    first = issue(ctx, acme.id, TODAY - timedelta(days=40), "100.00")
    issue(ctx, acme.id, TODAY - timedelta(days=2), "80.00")
    paid = record_payment(
        ctx, PaymentInput(acme.id, TODAY, "150", "cheque", "CHQ 123", ((first, Decimal(100)),))
    )
    wrong = record_payment(ctx, PaymentInput(acme.id, TODAY, "5", "cash", "", ()))
    reverse_payment(ctx, wrong.id, "Wrong customer")
    return {"acme": acme, "payment": paid}


def test_the_payments_tab_its_pages_menus_and_cells_are_translated(
    qtbot, ctx, books, display_source
):  # type: ignore[no-untyped-def]
    with pseudo_language():
        tab = PaymentsTab(ctx, display_source)
        qtbot.addWidget(tab)
        tab.show()
        qtbot.waitUntil(lambda: pseudo(tab.totals_label.text()), timeout=10_000)
        for page in range(tab.pages.count()):
            tab.pages.setCurrentIndex(page)
        qtbot.waitUntil(lambda: pseudo(tab.credits.total_label.text()), timeout=10_000)
        qtbot.waitUntil(lambda: tab.credits.model.rowCount() == 1, timeout=10_000)
        assert ours(untranslated_texts(tab, data=DATA)) == []
        assert ours(untranslated_texts(tab.view.column_menu())) == []
        assert ours(untranslated_texts(tab.credits.view.column_menu())) == []
        cells = [
            tab.model.index(row, column).data()
            for row in range(tab.model.rowCount())
            for column in (Column.METHOD, Column.STATUS)
        ]
        assert len(cells) == 4 and all(pseudo(c) for c in cells), cells
        tips = [
            tab.model.index(row, Column.STATUS).data(Qt.ItemDataRole.ToolTipRole)
            for row in range(tab.model.rowCount())
        ]
        tip = next(tip for tip in tips if tip)  # the reversed payment's: why
        assert pseudo(tip) and "Wrong customer" in tip
        tab.filters.method_filter.setCurrentIndex(1)
        tab.filters.with_credit.setChecked(True)
        assert pseudo(tab.filters.describe())


def test_the_record_payment_dialog_is_translated(qtbot, ctx, books):  # type: ignore[no-untyped-def]
    with pseudo_language():
        empty = RecordPaymentDialog(ctx, company_display(ctx))
        qtbot.addWidget(empty)
        assert ours(untranslated_texts(empty, data=DATA)) == []
        dialog = RecordPaymentDialog(ctx, company_display(ctx), books["acme"].id)
        qtbot.addWidget(dialog)
        dialog.amount.setText("30")
        assert ours(untranslated_texts(dialog, data=DATA)) == []
        for label in (dialog.credit_note, dialog.allocation.summary_label, dialog.allocation.hint):
            assert pseudo(label.text()), label.text()
        model = dialog.allocation.model
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in AllocationColumn]
        assert all(pseudo(h) for h in headers), headers
        dialog.save_button.click()  # 30 on the invoices: recorded, the dialog closes
        assert dialog.record is not None


def test_the_credit_dialogs_are_translated(qtbot, ctx, books):  # type: ignore[no-untyped-def]
    with pseudo_language():
        apply = ApplyCreditDialog(ctx, company_display(ctx), books["payment"].id)
        qtbot.addWidget(apply)
        assert ours(untranslated_texts(apply, data=DATA)) == []
        apply.allocation.clear()
        apply.save()
        assert pseudo(apply.error.text())
        refund = RefundDialog(ctx, company_display(ctx), books["acme"].id)
        qtbot.addWidget(refund)
        assert ours(untranslated_texts(refund, data=DATA)) == []
