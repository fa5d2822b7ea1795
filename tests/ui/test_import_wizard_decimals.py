# SPDX-License-Identifier: MIT
"""The import wizard's decimal mark: found in the file (1.234,50 from a European Excel), shown
next to the separator, changeable, remembered with the mapping and brought back by it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from arapp.services.context import AppContext
from arapp.services.customer_list import customer_ids
from arapp.services.customers import get_customer
from arapp.services.transfer.mappings import load_mapping
from arapp.ui.transfer import ImportWizard

TIMEOUT_MS = 10_000
COMMIT = QWizard.WizardButton.CommitButton
EUROPEAN = (
    "\ufeffcode;name;credit_limit\r\n"
    "A100;Alpha Bau GmbH;1.234,50\r\n"
    "B200;Beta, Söhne & Co;12,5\r\n"
    "C300;Gamma SARL;\r\n"
)


def new_wizard(qtbot, ctx: AppContext) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(ctx, "customers")
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def open_file(qtbot, wizard: ImportWizard, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(wizard.file_page.loaded, timeout=TIMEOUT_MS):
        wizard.file_page.open_file(path)


def choose_decimal(wizard: ImportWizard, mark: str) -> None:
    box = wizard.file_page.decimal_box
    index = box.findData(mark)
    box.setCurrentIndex(index)
    box.activated.emit(index)


def check(qtbot, wizard: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    wizard.next()
    assert wizard.currentPage() is wizard.columns_page
    with qtbot.waitSignal(wizard.check_page.checked, timeout=TIMEOUT_MS):
        wizard.next()


def limits(ctx: AppContext) -> dict[str, Decimal | None]:
    found = {}
    for customer_id in customer_ids(ctx):
        record = get_customer(ctx, customer_id).customer
        found[record.code] = record.credit_limit
    return found


def test_decimal_commas_are_found_shown_imported_exactly_and_remembered(qtbot, ctx, tmp_path):
    path = tmp_path / "kunden.csv"
    path.write_text(EUROPEAN, encoding="utf-8")
    wizard = new_wizard(qtbot, ctx)
    page = wizard.file_page
    open_file(qtbot, wizard, path)
    assert page.delimiter_box.currentData() == ";"
    assert page.decimal_box.currentText() == "Automatic"
    assert page.decimal_note.text() == "found in the file: 1.234,50"
    assert wizard.decimal is None
    page.grab().save(str(tmp_path / "file-page.png"))

    choose_decimal(wizard, ".")  # wrong for this file: the check says which lines
    assert page.decimal_note.text() == "as you chose" and wizard.decimal == "."
    check(qtbot, wizard)
    assert wizard.check is not None
    assert [(p.line, p.column) for p in wizard.check.report.problems] == [
        (2, "credit_limit"),
        (3, "credit_limit"),
    ]
    wizard.back()
    wizard.back()
    choose_decimal(wizard, "")
    assert wizard.decimal is None and page.decimal_note.text() == "found in the file: 1.234,50"
    wizard.next()
    wizard.columns_page.name_edit.setText("Excel DE")
    wizard.columns_page.remember_check.setChecked(True)
    with qtbot.waitSignal(wizard.check_page.checked, timeout=TIMEOUT_MS):
        wizard.next()
    assert wizard.check is not None and wizard.check.report.ok
    with qtbot.waitSignal(wizard.check_page.finished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(wizard.button(COMMIT), Qt.MouseButton.LeftButton)
    assert limits(ctx) == {"A100": Decimal("1234.50"), "B200": Decimal("12.50"), "C300": None}
    assert load_mapping(ctx, "customers", "Excel DE")["decimal"] == ","

    more = tmp_path / "mehr.csv"
    more.write_text("code;name;credit_limit\r\nD400;Delta AG;1.000\r\n", encoding="utf-8")
    again = new_wizard(qtbot, ctx)
    open_file(qtbot, again, more)
    assert again.file_page.decimal_box.currentText() == "1.234,50"
    assert again.file_page.decimal_note.text() == "as saved with the mapping “Excel DE”"
    assert again.decimal == ","


def test_numbers_written_both_ways_are_pointed_out(qtbot, ctx, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("code;name;credit_limit\nA1;Alpha;12,50\nB2;Beta;3.75\n", encoding="utf-8")
    wizard = new_wizard(qtbot, ctx)
    open_file(qtbot, wizard, path)
    note = wizard.file_page.decimal_note.text()
    assert note == "the numbers in the file are written both ways: choose one"
    check(qtbot, wizard)
    assert wizard.check is not None
    assert (3, "credit_limit") in [(p.line, p.column) for p in wizard.check.report.problems]


def test_a_file_without_deciding_numbers_says_what_is_assumed(qtbot, ctx, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("code;name;credit_limit\nA1;Alpha;1.000\n", encoding="utf-8")
    wizard = new_wizard(qtbot, ctx)
    open_file(qtbot, wizard, path)
    assert wizard.file_page.decimal_note.text() == "no number says: read as 1.234,50"
