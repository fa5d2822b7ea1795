# SPDX-License-Identifier: MIT
"""The invoice editor with real widgets on real SQLite books: typing a customer and lines,
live totals per tax rate, saving, issuing (and the credit-hold question), and wrong input."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from arapp.domain.customer import CustomerStatus
from arapp.formatting import format_money
from arapp.services.catalog import ProductRecord, TaxRateRecord, save_product, save_tax_rate
from arapp.services.company import CompanyProfile, save_company
from arapp.services.customers import set_status
from arapp.services.invoices import InvoiceDraft, LineDraft, get_invoice, save_draft
from arapp.services.lifecycle import issue_invoice
from arapp.ui.invoices.editor import InvoiceEditor
from arapp.ui.invoices.lines import LineColumn, LineState
from arapp.ui.invoices.model import Column
from arapp.ui.widgets.colours import ERROR_BACKGROUND
from tests.helpers.books import TODAY
from tests.helpers.qt import activate, company_display

EXPECTED_TOTALS = [
    ("Subtotal", "€85.00"),
    ("VAT 13.5% on €60.00", "€8.10"),  # 1.5 h x 40.00 = 60.00; 13.5% of it
    ("VAT 23% on €25.00", "€5.75"),  # 2 x 12.50 = 25.00; 23% of it
    ("Total", "€98.85"),
]


@pytest.fixture
def rates(ctx):  # type: ignore[no-untyped-def]
    vat = save_tax_rate(ctx, TaxRateRecord(0, "VAT 23%", Decimal("23")))
    reduced = save_tax_rate(ctx, TaxRateRecord(0, "VAT 13.5%", Decimal("13.5")))
    return vat, reduced


@pytest.fixture
def open_editor(ctx):  # type: ignore[no-untyped-def]
    """``open_editor(invoice_id=None)``: a shown, active editor, closed without questions.

    Not given to ``qtbot.addWidget``: pytest-qt would close it before this fixture could say
    there is nothing to keep, and a changed editor asks "Discard changes?" when closed.
    """
    opened: list[InvoiceEditor] = []

    def make(invoice_id: int | None = None) -> InvoiceEditor:
        dialog = InvoiceEditor(ctx, company_display(ctx), invoice_id)
        activate(dialog)
        opened.append(dialog)
        return dialog

    yield make
    for dialog in opened:
        dialog.dirty = False
        dialog.close()
        dialog.deleteLater()


@pytest.fixture
def editor(rates, open_editor):  # type: ignore[no-untyped-def]
    return open_editor()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key to whatever has the focus now (cell editors come and go as Tab moves on)."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)


def pick_customer(qtbot, editor: InvoiceEditor, typed: str) -> None:  # type: ignore[no-untyped-def]
    picker = editor.header.picker
    picker.setFocus()
    qtbot.keyClicks(picker, typed)
    qtbot.waitUntil(lambda: picker.popup().isVisible(), timeout=2_000)
    qtbot.keyClick(picker.popup(), Qt.Key.Key_Return)


def type_lines(qtbot, editor: InvoiceEditor, lines: list[tuple[str, ...]]) -> None:  # type: ignore[no-untyped-def]
    """Type lines from the first blank one: description, qty, unit, price, discount, then the
    number of Down presses in the tax combo; Tab between cells, as a person would."""
    view = editor.lines_view
    view.setFocus()
    view.setCurrentIndex(editor.lines.index(len(editor.lines.lines) - 1, 0))
    for *cells, downs in lines:
        for text in cells:
            type_text(qtbot, text)
            press(qtbot, Qt.Key.Key_Tab)
        for _ in range(int(downs)):
            press(qtbot, Qt.Key.Key_Down)
        press(qtbot, Qt.Key.Key_Tab)


def test_new_invoice_typed_from_the_tab(main_window, add_customer, rates, answer_modal, qtbot):
    acme = add_customer("Acme Supplies", terms="net 14")
    add_customer("Blue Door Bakery")
    tab = main_window.invoices
    main_window.tabs.setCurrentWidget(tab)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, InvoiceEditor)
        assert dialog.footer.toPlainText() == "Thank you for your business."  # from Settings
        pick_customer(qtbot, dialog, "acme")
        assert dialog.header.customer is not None and dialog.header.customer.id == acme.id
        assert dialog.header.picker.text() == f"Acme Supplies ({acme.code})"
        assert "Terms: net 14" in dialog.header.info.text()
        assert dialog.header.due() == TODAY + timedelta(days=14)  # filled from the terms
        type_lines(
            qtbot,
            dialog,
            [
                ("Shelf bracket", "2", "pcs", "12.50", "", "0"),
                ("Fitting", "1.5", "h", "40", "", "1"),
            ],
        )
        qtbot.waitUntil(lambda: dialog.totals.rows == EXPECTED_TOTALS, timeout=2_000)
        seen["amounts"] = [dialog.lines.index(r, LineColumn.AMOUNT).data() for r in range(3)]
        seen["taxes"] = [dialog.lines.index(r, LineColumn.TAX).data() for r in range(2)]
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    answer_modal(fill)
    qtbot.keyClick(main_window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert seen["amounts"] == ["€25.00", "€60.00", ""]  # the blank line has no amount
    assert seen["taxes"] == ["VAT 23%", "VAT 13.5%"]
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    qtbot.waitUntil(lambda: tab.selected_ids() != [])
    row = tab.model.index(0, 0).row()
    assert [tab.model.index(row, c).data() for c in Column] == [
        "Draft",
        "Acme Supplies",
        "Nov 23, 2026",
        "Dec 7, 2026",
        "€98.85",
        "",
        "Draft",
    ]
    record = get_invoice(main_window.ctx, tab.selected_ids()[0])
    assert [ln.description for ln in record.lines] == ["Shelf bracket", "Fitting"]
    assert record.total == Decimal("98.85") and record.due_date == TODAY + timedelta(days=14)

    tab.issue_action.trigger()
    qtbot.waitUntil(lambda: tab.model.index(0, Column.NUMBER).data() == "INV-2026-00001")
    assert tab.model.index(0, Column.STATUS).data() == "Issued"
    assert tab.model.index(0, Column.BALANCE).data() == "€98.85"


def test_save_and_issue_asks_when_the_customer_is_on_credit_hold(
    ctx, editor, add_customer, answer_modal, qtbot
):
    held = add_customer("Late Payer", credit_limit="50")
    set_status(ctx, held.id, CustomerStatus.CREDIT_HOLD, "three invoices past 60 days")
    pick_customer(qtbot, editor, "late")
    assert editor.header.warning.isVisible()
    assert "on credit hold" in editor.header.warning.text()
    type_lines(qtbot, editor, [("Pallet of bricks", "1", "", "100", "", "0")])
    questions: list[str] = []

    def answer(yes: bool):  # type: ignore[no-untyped-def]
        def click(box: QDialog) -> None:
            assert isinstance(box, QMessageBox) and box.windowTitle() == "Issue anyway?"
            questions.append(box.text())
            wanted = [b for b in box.buttons() if (b.text() == "Issue anyway") == yes]
            wanted[0].click()

        return click

    answer_modal(answer(False))
    qtbot.mouseClick(editor.issue_button, Qt.MouseButton.LeftButton)
    assert "Late Payer is on credit hold." in questions[0]
    assert "over the credit limit of €50.00" in questions[0]
    assert editor.isVisible() and editor.record is not None
    assert get_invoice(ctx, editor.record.id).status == "draft"  # saved, not issued
    assert editor.banner.text() == "Saved as a draft; not issued."

    answer_modal(answer(True))
    qtbot.mouseClick(editor.issue_button, Qt.MouseButton.LeftButton)
    assert editor.result() == QDialog.DialogCode.Accepted
    assert editor.issued is not None and editor.issued.number == "INV-2026-00001"
    assert get_invoice(ctx, editor.record.id).status == "issued"


def test_wrong_cells_turn_red_with_the_services_message(ctx, editor, add_customer, qtbot):
    add_customer("Acme")
    pick_customer(qtbot, editor, "acme")
    type_lines(qtbot, editor, [("Bolts", "two", "", "1.50", "120", "0")])
    qtbot.waitUntil(lambda: editor.lines_error.isVisible(), timeout=2_000)
    quantity = editor.lines.index(0, LineColumn.QUANTITY)
    discount = editor.lines.index(0, LineColumn.DISCOUNT)
    assert quantity.data(Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    assert discount.data(Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    assert "Line 1, quantity: “two” is not a number" in editor.lines_error.text()
    assert "Line 1: discount must be between 0 and 100%." in editor.lines_error.text()
    assert editor.totals.rows == [("Totals show once every line reads right.", "")]

    editor.save()  # refused: nothing written, the dialog stays
    assert editor.isVisible() and editor.record is None

    editor.lines.setData(quantity, "2")
    editor.lines.setData(discount, "10")
    qtbot.waitUntil(lambda: not editor.lines_error.isVisible(), timeout=2_000)
    assert quantity.data(Qt.ItemDataRole.BackgroundRole) is None
    # 2 x 1.50 = 3.00, less 10% = 2.70, plus VAT 23% (a new line's first rate) 0.62
    assert editor.totals.rows[-1] == ("Total", "€3.32")


def test_save_without_customer_or_description_says_what_is_missing(editor, qtbot):
    editor.lines.add_line(LineState(quantity="1", unit_price="5"))
    editor.save()
    assert editor.isVisible()
    assert editor.header.customer_error.isVisible()
    assert editor.header.customer_error.text() == "Choose a customer."
    editor.header.picker.setText("")
    assert editor.record is None


def test_amounts_follow_the_company_locale(ctx, rates, add_customer, open_editor, qtbot):
    save_company(ctx, CompanyProfile(name="Test Shop", currency="EUR", locale="de_DE"))
    add_customer("Acme")
    dialog = open_editor()
    pick_customer(qtbot, dialog, "acme")
    type_lines(qtbot, dialog, [("Schrauben", "1,5", "", "19,99", "", "0")])
    # 1.5 x 19.99 = 29.985 -> 29.99; VAT 23% 6.8977 -> 6.90; total 36.89, written the German way
    total = format_money(Decimal("36.89"), "EUR", "de_DE")
    assert total.startswith("36,89")
    qtbot.waitUntil(lambda: dialog.totals.rows[-1:] == [("Total", total)], timeout=2_000)
    price = dialog.lines.index(0, LineColumn.UNIT_PRICE)
    dialog.lines.setData(price, "19.99")  # an English point in German: a clear question
    qtbot.waitUntil(lambda: dialog.lines_error.isVisible(), timeout=2_000)
    assert "did you mean" in dialog.lines_error.text()


def test_plain_point_prices_work_in_english(ctx, editor, add_customer, qtbot):
    add_customer("Acme")
    pick_customer(qtbot, editor, "acme")
    type_lines(
        qtbot,
        editor,
        [("Paint", "1", "", "19.99", "", "0"), ("Ladder", "1", "", "1,234.50", "", "0")],
    )
    qtbot.waitUntil(lambda: editor.totals.rows[0] == ("Subtotal", "€1,254.49"), timeout=2_000)


def test_a_product_from_the_catalog_fills_a_line(ctx, rates, open_editor, qtbot):
    vat, _ = rates
    save_product(
        ctx, ProductRecord(0, "Bolt M8", "Hex bolt M8 x 40, zinc", "pcs", Decimal("0.35"), vat.id)
    )
    dialog = open_editor()  # the catalog is read when the editor opens
    dialog.tools.catalog.setFocus()
    qtbot.keyClicks(dialog.tools.catalog, "m8")
    popup = dialog.tools.catalog.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2_000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.lines.real_lines()) == 1)
    line = dialog.lines.lines[0]
    assert (line.description, line.unit, line.unit_price, line.tax_rate_id) == (
        "Hex bolt M8 x 40, zinc",
        "pcs",
        "0.35",
        vat.id,
    )
    qtbot.waitUntil(lambda: dialog.tools.catalog.text() == "")


def test_lines_can_be_moved_and_removed(editor, qtbot):
    for text in ("first", "second", "third"):
        editor.lines.add_line(LineState(text, "1", "", "1"))
    editor.lines_view.setCurrentIndex(editor.lines.index(2, 0))
    editor.tools.move_line(-1)
    assert [ln.description for ln in editor.lines.real_lines()] == ["first", "third", "second"]
    assert editor.lines_view.currentIndex().row() == 1
    editor.tools.remove_line()
    assert [ln.description for ln in editor.lines.real_lines()] == ["first", "second"]
    assert editor.lines.lines[-1].is_blank()  # the blank line stays last


def test_cancel_asks_before_dropping_changes(editor, answer_modal, qtbot):
    assert not editor.dirty
    editor.notes.setPlainText("Deliver to the back door")
    assert editor.dirty

    answer_modal(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible()  # kept

    def discard(box: QDialog) -> None:
        next(b for b in box.buttons() if b.text() == "Discard changes").click()

    answer_modal(discard)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert editor.result() == QDialog.DialogCode.Rejected


def test_editing_a_draft_keeps_its_lines_and_a_hand_set_due_date(
    ctx, rates, add_customer, open_editor
):
    vat, reduced = rates
    acme = add_customer("Acme", terms="net 30")
    draft = save_draft(
        ctx,
        InvoiceDraft(
            acme.id,
            TODAY,
            (
                LineDraft("Paint\nwhite, 2.5 l", "2", "31.99", "5", vat.id, "tin"),
                LineDraft("Brushes", "3", "4.2", tax_rate_id=reduced.id),
            ),
            due_date=TODAY + timedelta(days=10),
            discount_percent="2.5",
        ),
    )
    dialog = open_editor(draft.id)
    assert dialog.header.customer is not None and dialog.header.customer.id == acme.id
    assert dialog.header.due_edited and dialog.header.due() == TODAY + timedelta(days=10)
    assert dialog.discount.text() == "2.5"
    first, second = dialog.lines.real_lines()
    assert (first.description, first.quantity, first.unit_price, first.discount) == (
        "Paint\nwhite, 2.5 l",
        "2",
        "31.99",
        "5",
    )
    assert (second.unit_price, second.tax_rate_id) == ("4.20", reduced.id)
    assert not dialog.dirty
    dialog.header.refill_due_date()  # "From terms"
    assert dialog.header.due() == TODAY + timedelta(days=30) and not dialog.header.due_edited
    dialog.save()
    assert get_invoice(ctx, draft.id).due_date == TODAY + timedelta(days=30)


def test_save_and_issue_offers_today_when_the_drafts_date_is_before_the_last_invoice(
    ctx, open_editor, add_customer, answer_modal, qtbot, shots
):
    acme = add_customer("Acme")
    lines = (LineDraft("Bolts", "1", "10.00"),)
    issue_invoice(ctx, save_draft(ctx, InvoiceDraft(acme.id, TODAY, lines)).id)
    early = save_draft(ctx, InvoiceDraft(acme.id, TODAY - timedelta(days=5), lines)).id
    editor = open_editor(early)
    questions: list[str] = []

    def answer(yes: bool):  # type: ignore[no-untyped-def]
        def click(box: QDialog) -> None:
            assert isinstance(box, QMessageBox) and box.windowTitle() == "Issue dated today?"
            questions.append(box.text())
            box.grab().save(str(shots / "issue-dated-today.png"))
            wanted = [b for b in box.buttons() if (b.text() == "Issue dated today") == yes]
            wanted[0].click()

        return click

    answer_modal(answer(False))
    qtbot.mouseClick(editor.issue_button, Qt.MouseButton.LeftButton)
    assert questions == [
        "An invoice cannot be dated Nov 18, 2026: the last one in this numbering is dated "
        "Nov 23, 2026, and numbers follow dates. Date it Nov 23, 2026 or later.\n\n"
        "Issue this invoice dated today instead? Its due date moves with it, by its terms."
    ]
    assert get_invoice(ctx, early).status == "draft"
    assert editor.banner.text() == "Saved as a draft; not issued."

    answer_modal(answer(True))
    qtbot.mouseClick(editor.issue_button, Qt.MouseButton.LeftButton)
    assert editor.result() == QDialog.DialogCode.Accepted
    assert editor.issued is not None and editor.issued.number == "INV-2026-00002"
    assert (editor.issued.issue_date, editor.issued.due_date) == (TODAY, TODAY + timedelta(days=30))
