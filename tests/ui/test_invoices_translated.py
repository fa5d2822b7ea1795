# SPDX-License-Identifier: MIT
"""Every text of the Invoices tab and its dialogs goes through the translation: built under
the pseudo-translation, nothing shown is left in plain English but data from the books.

(The filter bar's periods and "Any customer" are the shared bar's, arapp/ui/filter_bar.py: a
part of its own, marked there.)
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from arapp.i18n import PSEUDO_OPEN
from arapp.services.catalog import TaxRateRecord, save_tax_rate
from arapp.services.invoice_list import ListTotals
from arapp.services.invoices import InvoiceDraft, LineDraft, save_draft
from arapp.services.lifecycle import credit_invoice, issue_invoice
from arapp.services.payments import PaymentInput, record_payment
from arapp.services.recurring import RecurringInput, save_template
from arapp.ui import filter_bar
from arapp.ui.invoices import InvoiceEditor, InvoicesTab, InvoiceViewDialog
from arapp.ui.invoices.credit_dialog import CreditNoteDialog
from arapp.ui.invoices.lines import LineColumn
from arapp.ui.invoices.model import Column
from arapp.ui.invoices.recurring import RecurringDialog, RecurringListDialog
from arapp.ui.invoices.tab import totals_text
from tests.helpers.books import TODAY
from tests.helpers.qt import company_display
from tests.helpers.untranslated import pseudo_language, untranslated_texts

#: Shown by the shared filter bar (arapp/ui/filter_bar.py), which marks its own texts.
SHARED = {*filter_bar.PERIODS, "Any customer"}
SHARED_CHIP = "Customer: "  # the filter bar's chip, "Customer: Acme Ltd  ✕"
DATA = ["Acme Ltd", "ACME", "VAT 20%", "Consulting", "Hosting", "net 30", "EUR", "Too dear"]


def ours(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (where, text)
        for where, text in found
        if text not in SHARED and not text.startswith(SHARED_CHIP)
    ]


def pseudo(text: object) -> bool:
    return isinstance(text, str) and PSEUDO_OPEN in text


@pytest.fixture
def books(ctx, add_customer):  # type: ignore[no-untyped-def]
    """Acme Ltd: an overdue invoice part paid, a credited one, a paid one and a draft."""
    vat = save_tax_rate(ctx, TaxRateRecord(0, "VAT 20%", Decimal("20")))
    acme = add_customer("Acme Ltd", code="ACME", terms="net 30")

    def invoice(day: date, price: str, issue: bool = True) -> int:
        lines = (LineDraft("Consulting", "2", price, tax_rate_id=vat.id),)
        record = save_draft(ctx, InvoiceDraft(acme.id, day, lines, discount_percent=Decimal(5)))
        return issue_invoice(ctx, record.id, confirmed=True).id if issue else record.id

    overdue = invoice(TODAY - timedelta(days=60), "100")
    credited = invoice(TODAY - timedelta(days=20), "50")
    paid = invoice(TODAY - timedelta(days=10), "30")
    draft = invoice(TODAY, "10", issue=False)
    record_payment(ctx, PaymentInput(acme.id, TODAY, "20", "cash", "", ((overdue, Decimal(20)),)))
    record_payment(
        ctx, PaymentInput(acme.id, TODAY, "68.40", "card", "", ((paid, Decimal("68.40")),))
    )
    credit_invoice(ctx, credited, "Too dear", None)
    return {"acme": acme, "overdue": overdue, "credited": credited, "draft": draft}


def test_the_invoices_tab_its_menus_filters_and_cells_are_translated(
    qtbot, ctx, books, display_source
):  # type: ignore[no-untyped-def]
    with pseudo_language():
        tab = InvoicesTab(ctx, display_source)
        qtbot.addWidget(tab)
        tab.show()
        qtbot.waitUntil(lambda: pseudo(tab.totals_label.text()), timeout=10_000)
        assert ours(untranslated_texts(tab, data=DATA)) == []
        assert ours(untranslated_texts(tab.view.column_menu())) == []
        statuses = [tab.model.index(r, Column.STATUS).data() for r in range(tab.model.rowCount())]
        assert len(statuses) == 5 and all(pseudo(s) for s in statuses), statuses
        tab.filters.set_customer(books["acme"])  # the chip: the customer's name, its tool tip ours
        tab.filters.search_box.setText("nothing like it")
        tab.run_filter()
        qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=10_000)
        qtbot.waitUntil(lambda: pseudo(tab.totals_label.text()), timeout=10_000)
        tab.update_empty()
        assert pseudo(tab.filters.describe())
        assert ours(untranslated_texts(tab, data=DATA)) == []


def test_the_totals_line_counts_in_the_language() -> None:
    totals = ListTotals(count=1, by_currency={"EUR": (Decimal(10), Decimal(5))})
    with pseudo_language():
        text = totals_text(totals, "en_US")
    assert text.startswith("⟦") and "€10.00" in text and "invoice" not in text


def test_the_editor_of_a_new_invoice_and_of_a_draft_is_translated(qtbot, ctx, books):  # type: ignore[no-untyped-def]
    with pseudo_language():
        for editor in (
            InvoiceEditor(ctx, company_display(ctx)),
            InvoiceEditor(ctx, company_display(ctx), books["draft"]),
        ):
            qtbot.addWidget(editor)
            editor.recompute()
            assert ours(untranslated_texts(editor, data=DATA)) == []
            blank = editor.lines.index(editor.lines.rowCount() - 1, LineColumn.DESCRIPTION)
            assert pseudo(blank.data())
        assert editor.totals.rows[0][0].startswith("⟦")
        editor.dirty = False


def test_the_invoice_view_and_the_credit_note_dialog_are_translated(qtbot, ctx, books):  # type: ignore[no-untyped-def]
    with pseudo_language():
        for invoice_id in (books["overdue"], books["credited"]):
            view = InvoiceViewDialog(ctx, company_display(ctx), invoice_id)
            qtbot.addWidget(view)
            numbers = [view.record.number or ""]
            # Dates, the terms, the reason and the footer are the books'; "Not yet" is ours.
            facts = ["issue_date", "due_date", "issued_at", "terms", "void_reason", "customer"]
            facts += ["sent_at"] if view.record.sent_at else []
            numbers += [view.facts[key].text() for key in facts] + [view.notes.text()]
            assert ours(untranslated_texts(view, data=DATA + numbers)) == []
            assert pseudo(view.status.text())
        credit = CreditNoteDialog(ctx, company_display(ctx), view.record)
        qtbot.addWidget(credit)
        assert pseudo(credit.preview.text())  # the whole invoice: its total
        credit.chosen.setChecked(True)  # no line ticked yet: says so
        assert pseudo(credit.error.text())
        assert ours(untranslated_texts(credit, data=DATA + numbers)) == []


def test_the_recurring_dialogs_are_translated(qtbot, ctx, books):  # type: ignore[no-untyped-def]
    save_template(
        ctx,
        RecurringInput(
            books["acme"].id, "Hosting", "monthly", date(2026, 11, 1),
            lines=(LineDraft("Hosting", "1", "25"),),
        ),
    )  # fmt: skip
    with pseudo_language():
        dialog = RecurringDialog(ctx, company_display(ctx), books["overdue"])
        qtbot.addWidget(dialog)
        assert ours(untranslated_texts(dialog, data=DATA)) == []
        assert pseudo(dialog.preview_label.text())
        listing = RecurringListDialog(ctx, company_display(ctx))
        qtbot.addWidget(listing)
        assert ours(untranslated_texts(listing, data=DATA)) == []
        cells = [listing.table.item(0, c).text() for c in (2, 5)]
        assert all(pseudo(c) for c in cells), cells
        qtbot.mouseClick(listing.bill_button, Qt.MouseButton.LeftButton)
        assert pseudo(listing.result_label.text())


def test_the_helper_reads_spin_box_suffixes(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QSpinBox

    box = QSpinBox()
    qtbot.addWidget(box)
    box.setSuffix(" invoices")
    with pseudo_language():
        assert untranslated_texts(box) == [("QSpinBox suffix (QSpinBox)", "invoices")]
