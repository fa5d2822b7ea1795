# SPDX-License-Identifier: MIT
"""File ▸ Import and Export in the window: match other column names, check with a preview, import
all or nothing, remember the mapping; awkward text comes through exactly."""

from __future__ import annotations

import csv
import io
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from arapp.services.context import AppContext
from arapp.services.customer_list import customer_ids
from arapp.services.customers import CustomerInput, create_customer, get_customer
from arapp.services.invoices import InvoiceDraft, LineDraft
from arapp.services.lifecycle import issue_new_invoice, void_invoice
from arapp.services.transfer.csvfile import Problem
from arapp.services.transfer.exports import export_customers
from arapp.services.transfer.files import ImportOutcome
from arapp.services.transfer.imports import ImportReport
from arapp.services.transfer.mappings import load_mapping, mapping_names, save_mapping
from arapp.ui.transfer import ImportWizard, check_page, export_csv
from arapp.ui.transfer.columns_page import GUESS

TIMEOUT_MS = 20_000
COMMIT = QWizard.WizardButton.CommitButton
NEXT = QWizard.WizardButton.NextButton

# "Debitor-Handle" and "Ort" are no names arapp guesses: the person picks them.
OTHER_NAMES = (
    "Debitor-Handle,Firma,Mail,Ort\r\n"
    "A100,Alpha Bau GmbH,alpha@example.org,Berlin\r\n"
    "B200,Beta & Söhne,,München\r\n"
    "C300,Gamma SARL,gamma@example.fr,Lyon\r\n"
)
AWKWARD = (
    "\ufeffKundennr,Name,Adresse,Währung\r\n"
    'EVIL,"=HYPERLINK(""http://x"",""y"")",,EUR\r\n'
    'TAG,"<b>&""\'",,EUR\r\n'
    'ZOE,Zoë Łukasiewicz,"ul. Długa 5\n00-001 Warszawa",PLN\r\n'
    "JP,山田商店,東京都千代田区,JPY\r\n"
    "AR,شركة النور,,EUR\r\n"
    "GR,Ελληνική Εταιρεία,,EUR\r\n"
)


@pytest.fixture
def other_file(tmp_path: Path) -> Path:
    path = tmp_path / "old-shop.csv"
    path.write_text(OTHER_NAMES, encoding="utf-8", newline="")
    return path


def new_wizard(qtbot, ctx: AppContext, kind: str = "customers") -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(ctx, kind)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def open_file(qtbot, wizard: ImportWizard, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(wizard.file_page.loaded, timeout=TIMEOUT_MS):
        wizard.file_page.open_file(path)


def to_check_page(qtbot, wizard: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    assert wizard.currentPage() is wizard.columns_page
    with qtbot.waitSignal(wizard.check_page.checked, timeout=TIMEOUT_MS):
        wizard.next()
    assert wizard.currentPage() is wizard.check_page


def click_import(qtbot, wizard: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(wizard.check_page.finished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(wizard.button(COMMIT), Qt.MouseButton.LeftButton)


def preview(wizard: ImportWizard) -> list[list[str]]:
    model = wizard.check_page.preview_model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def headers(wizard: ImportWizard) -> list[str]:
    model = wizard.check_page.preview_model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def customers(ctx: AppContext) -> dict[str, tuple[str, str, str, str]]:
    found = {}
    for customer_id in customer_ids(ctx):
        record = get_customer(ctx, customer_id).customer
        found[record.code] = (record.name, record.email, record.billing_address, record.currency)
    return found


def test_other_column_names_are_matched_previewed_imported_and_remembered(
    qtbot, main_window, ctx, other_file
):
    actions = main_window.transfer_actions
    assert {name: action.text().replace("&", "") for name, action in actions.items()} == {
        f"{verb}_{kind}": f"{kind.capitalize()}…"
        for verb in ("import", "export")
        for kind in ("customers", "invoices", "payments")
    }
    actions["import_customers"].trigger()
    wizard = main_window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible() and wizard.kind == "customers"
    open_file(qtbot, wizard, other_file)
    assert "4 columns: Debitor-Handle, Firma, Mail, Ort" in wizard.file_page.status.text()
    wizard.next()
    page = wizard.columns_page
    assert page.saved_box.currentText() == GUESS
    assert page.chosen() == {"name": "Firma", "email": "Mail"}  # guessed
    assert not wizard.button(NEXT).isEnabled()  # the code is needed
    assert page.note.text() == "Choose the column of your file for: Code."
    for column, name in (("code", "Debitor-Handle"), ("address", "Ort")):
        combo = page.combos[column]
        combo.setCurrentIndex(combo.findText(name))
    assert page.samples["code"].text() == "A100"
    assert wizard.button(NEXT).isEnabled()
    page.name_edit.clear()
    qtbot.keyClicks(page.name_edit, "Old shop")
    assert page.remember_check.isChecked()

    to_check_page(qtbot, wizard)
    check = wizard.check_page
    assert check.status.text() == "3 rows are ready to import. Click Import to write them."
    assert preview(wizard) == [
        ["2", "A100", "Alpha Bau GmbH", "alpha@example.org", "Berlin"],
        ["3", "B200", "Beta & Söhne", "", "München"],
        ["4", "C300", "Gamma SARL", "gamma@example.fr", "Lyon"],
    ]
    assert not check.problems_box.isVisible()
    assert customers(ctx) == {}  # the check wrote nothing
    assert mapping_names(ctx, "customers") == []  # nor remembered anything yet
    assert wizard.button(COMMIT).isEnabled()

    click_import(qtbot, wizard)
    assert wizard.currentPage() is wizard.done_page
    assert wizard.done_page.summary.text().startswith("Imported 3 customers from old-shop.csv.")
    assert "remembered as “Old shop”" in wizard.done_page.summary.text()
    assert customers(ctx) == {
        "A100": ("Alpha Bau GmbH", "alpha@example.org", "Berlin", "EUR"),
        "B200": ("Beta & Söhne", "", "München", "EUR"),
        "C300": ("Gamma SARL", "gamma@example.fr", "Lyon", "EUR"),
    }
    assert load_mapping(ctx, "customers", "Old shop") == {
        "code": "Debitor-Handle",
        "name": "Firma",
        "email": "Mail",
        "address": "Ort",
        "delimiter": ",",
        "decimal": ".",
    }
    qtbot.waitUntil(lambda: main_window.count_label.text() == "3 customers")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()

    # Next time the same columns come with the remembered mapping already chosen.
    again = new_wizard(qtbot, ctx)
    open_file(qtbot, again, other_file)
    again.next()
    page = again.columns_page
    assert page.saved_box.currentText() == "Old shop"
    assert page.combos["code"].currentText() == "Debitor-Handle"
    assert page.combos["address"].currentText() == "Ort"
    assert page.remember_check.isChecked() and page.name_edit.text() == "Old shop"
    assert again.button(NEXT).isEnabled()
    page.saved_box.setCurrentIndex(0)
    page.saved_box.activated.emit(0)  # back to the guess: the code is not guessed
    assert page.combos["code"].currentData() == "" and not again.button(NEXT).isEnabled()


def test_bad_rows_show_every_problem_and_import_nothing(qtbot, ctx, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "Kundennummer,Firma,E-Mail,Währung\n"
        "A1,Good One,a@example.org,EUR\n"
        "B2,,not-mail,EUR\n"
        "A1,Twice,,XX\n"
        "C3,Short\n",
        encoding="utf-8",
    )
    wizard = new_wizard(qtbot, ctx)
    open_file(qtbot, wizard, path)
    wizard.next()
    to_check_page(qtbot, wizard)
    check = wizard.check_page
    assert check.status.text().startswith("5 problems in 3 rows: nothing can be imported")
    assert check.problems_box.isVisible()
    model = check.problems_model
    shown = [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]
    assert [row[:2] for row in shown] == [
        ("3", "Firma (Name)"),
        ("3", "E-Mail (E-mail)"),
        ("4", "Kundennummer (Code)"),
        ("4", "Währung (Currency)"),
        ("5", ""),
    ]
    assert ("4", "Kundennummer (Code)", "Code A1 is also on line 2.") in shown
    assert ("5", "", "2 cells where the header has 4.") in shown
    assert not wizard.button(COMMIT).isEnabled()
    wizard.next()  # refused: the page cannot be committed
    assert wizard.currentPage() is check
    assert customers(ctx) == {}

    saved = tmp_path / "problems.csv"
    check.save_to(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert rows[0] == ["line", "column", "file_column", "problem"]
    assert len(rows) == 1 + model.rowCount()
    assert ["4", "code", "Kundennummer", "Code A1 is also on line 2."] in rows


def test_awkward_text_imports_exactly_and_shows_literally(qtbot, ctx, tmp_path):
    path = tmp_path / "awkward.csv"
    path.write_bytes(AWKWARD.encode("utf-8"))
    wizard = new_wizard(qtbot, ctx)
    open_file(qtbot, wizard, path)
    wizard.next()
    assert wizard.columns_page.chosen() == {
        "code": "Kundennr",
        "name": "Name",
        "address": "Adresse",
        "currency": "Währung",
    }
    to_check_page(qtbot, wizard)
    rows = preview(wizard)
    assert rows[0][2] == '=HYPERLINK("http://x","y")'
    assert rows[1][2] == "<b>&\"'"
    assert rows[2][3] == "ul. Długa 5 ⏎ 00-001 Warszawa"  # one line in the table
    index = wizard.check_page.preview_model.index(2, 3)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "ul. Długa 5\n00-001 Warszawa"
    assert [r[1] for r in rows] == ["EVIL", "TAG", "ZOE", "JP", "AR", "GR"]
    click_import(qtbot, wizard)
    assert customers(ctx) == {
        "EVIL": ('=HYPERLINK("http://x","y")', "", "", "EUR"),
        "TAG": ("<b>&\"'", "", "", "EUR"),
        "ZOE": ("Zoë Łukasiewicz", "", "ul. Długa 5\n00-001 Warszawa", "PLN"),
        "JP": ("山田商店", "", "東京都千代田区", "JPY"),
        "AR": ("شركة النور", "", "", "EUR"),
        "GR": ("Ελληνική Εταιρεία", "", "", "EUR"),
    }


GERMAN = (
    "\ufeffKundennummer;Firma;Anschrift\r\n"
    'A100;"Alpha; Bau GmbH";"Hauptstr. 1\n10115 Berlin"\r\n'
    'EVIL;"=HYPERLINK(""http://x"";""y"")";\r\n'
    "C300;Gamma, Söhne & Co;Lyon\r\n"
)


def choose_delimiter(qtbot, wizard: ImportWizard, option: str) -> None:  # type: ignore[no-untyped-def]
    box = wizard.file_page.delimiter_box
    index = box.findData(option)
    with qtbot.waitSignal(wizard.file_page.loaded, timeout=TIMEOUT_MS):
        box.setCurrentIndex(index)
        box.activated.emit(index)


def test_a_semicolon_file_is_read_its_delimiter_shown_changeable_and_remembered(
    qtbot, ctx, tmp_path
):
    path = tmp_path / "excel-de.csv"
    path.write_bytes(GERMAN.encode("utf-8"))
    wizard = new_wizard(qtbot, ctx)
    page = wizard.file_page
    assert not page.delimiter_box.isEnabled()  # no file yet
    open_file(qtbot, wizard, path)
    assert page.delimiter_box.isEnabled() and page.delimiter_box.currentData() == ";"
    assert page.delimiter_note.text() == "found in the file"
    assert page.status.text() == "excel-de.csv: 3 columns: Kundennummer, Firma, Anschrift"
    assert wizard.button(NEXT).isEnabled()

    choose_delimiter(qtbot, wizard, ",")  # wrong: one column, and the page says so
    assert page.delimiter_note.text() == "as you chose"
    assert page.status.text() == (
        "The columns of this file seem to be separated by semicolons, not commas: "
        "choose semicolons as the separator."
    )
    assert not page.isComplete() and not wizard.button(NEXT).isEnabled()
    choose_delimiter(qtbot, wizard, ";")
    assert wizard.button(NEXT).isEnabled()

    wizard.next()
    columns = wizard.columns_page
    assert columns.chosen() == {"code": "Kundennummer", "name": "Firma", "address": "Anschrift"}
    assert columns.samples["name"].text() == "Alpha; Bau GmbH"
    columns.name_edit.setText("Excel DE")
    columns.remember_check.setChecked(True)
    to_check_page(qtbot, wizard)
    assert [row[:3] for row in preview(wizard)] == [
        ["2", "A100", "Alpha; Bau GmbH"],
        ["4", "EVIL", '=HYPERLINK("http://x";"y")'],
        ["5", "C300", "Gamma, Söhne & Co"],
    ]
    click_import(qtbot, wizard)
    assert customers(ctx)["EVIL"] == ('=HYPERLINK("http://x";"y")', "", "", "EUR")
    assert customers(ctx)["A100"][2] == "Hauptstr. 1\n10115 Berlin"
    assert load_mapping(ctx, "customers", "Excel DE")["delimiter"] == ";"

    tabs = tmp_path / "tabs.txt"
    tabs.write_text("Kundennummer\tFirma\nB1\tBeta; GmbH, Köln\n", encoding="utf-8")
    again = new_wizard(qtbot, ctx)
    open_file(qtbot, again, tabs)
    assert again.file_page.delimiter_box.currentText() == "Tabs"
    assert again.file_page.status.text() == "tabs.txt: 2 columns: Kundennummer, Firma"


def test_a_file_that_cannot_be_read_says_why(qtbot, ctx, tmp_path):
    wizard = new_wizard(qtbot, ctx)
    not_utf8 = tmp_path / "latin1.csv"
    not_utf8.write_bytes("Kundennummer,Firma\nA1,Müller\n".encode("latin-1"))
    open_file(qtbot, wizard, not_utf8)
    assert "not UTF-8" in wizard.file_page.status.text()
    assert not wizard.file_page.isComplete()


def test_a_check_can_be_cancelled_and_run_again(qtbot, ctx, other_file, monkeypatch):
    # A big file; the first check waits (on its worker) until Cancel is clicked, so the click
    # always lands while the real check runs.
    with other_file.open("a", encoding="utf-8") as out:
        out.writelines(f"X{n},Firm {n},,\r\n" for n in range(20_000))
    real, stops = check_page.check_import, []

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        stop = kwargs["stop"]
        stops.append(stop)
        if len(stops) != 2:  # the second check runs at once
            deadline = time.monotonic() + 10
            while not stop() and time.monotonic() < deadline:
                time.sleep(0.005)
        return real(*args, **kwargs)

    monkeypatch.setattr(check_page, "check_import", held)
    wizard = new_wizard(qtbot, ctx)
    open_file(qtbot, wizard, other_file)
    wizard.next()
    wizard.columns_page.choose("code", "Debitor-Handle")
    wizard.columns_page.name_edit.setText("Big")
    wizard.columns_page.remember_check.setChecked(True)
    page = wizard.check_page
    wizard.next()
    assert page.cancel_button.isVisible() and page.busy.isVisible()
    assert page.status.text() == "Checking old-shop.csv…"
    with qtbot.waitSignal(page.checked, timeout=TIMEOUT_MS):
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
        assert page.status.text() == "Stopping the check…"
        assert not page.cancel_button.isEnabled()
    assert page.status.text() == (
        "The check was cancelled and nothing was written. Check again, or go Back to change "
        "the columns or the file."
    )
    assert not page.busy.isVisible() and not page.cancel_button.isVisible()
    assert page.again_button.isVisible()
    assert wizard.check is None and not wizard.button(COMMIT).isEnabled()
    assert wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert customers(ctx) == {} and mapping_names(ctx, "customers") == []

    with qtbot.waitSignal(page.checked, timeout=TIMEOUT_MS):
        qtbot.mouseClick(page.again_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "20,003 rows are ready to import. Click Import to write them."
    assert not page.again_button.isVisible() and wizard.button(COMMIT).isEnabled()
    assert not stops[1]()

    page.start_check()  # a third check, held; closing the wizard stops it
    qtbot.waitUntil(lambda: len(stops) == 3)
    wizard.reject()
    assert stops[2]() and not wizard.isVisible()
    assert customers(ctx) == {} and mapping_names(ctx, "customers") == []


def test_a_saved_mapping_is_deleted_after_confirming(qtbot, ctx, other_file, answer_modal):
    save_mapping(ctx, "customers", "From Excel", {"code": "Debitor-Handle", "delimiter": ";"})
    kept = {"code": "Debitor-Handle", "name": "Firma", "address": "Ort", "delimiter": ","}
    save_mapping(ctx, "customers", "Old shop", kept)
    wizard = new_wizard(qtbot, ctx)
    open_file(qtbot, wizard, other_file)
    wizard.next()
    page = wizard.columns_page
    page.saved_box.setCurrentIndex(page.saved_box.findText("From Excel"))
    page.saved_box.activated.emit(page.saved_box.currentIndex())
    assert page.note.text().endswith(
        "“From Excel” was saved for files separated by semicolons; this one is read as "
        "separated by commas (Back to change it)."
    )
    page.saved_box.setCurrentIndex(page.saved_box.findText("Old shop"))
    page.saved_box.activated.emit(page.saved_box.currentIndex())
    assert page.note.text() == "Every needed column is matched."
    assert page.saved_box.currentText() == "Old shop" and page.delete_button.isEnabled()
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def click(box: QMessageBox) -> None:
            asked.append(box.text())
            box.button(button).click()

        return click

    answer_modal(answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert asked[0].startswith("Delete the saved mapping “Old shop”?")
    assert mapping_names(ctx, "customers") == ["Old shop", "From Excel"]  # kept

    answer_modal(answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert mapping_names(ctx, "customers") == ["From Excel"]
    assert [page.saved_box.itemText(i) for i in range(page.saved_box.count())] == [
        GUESS,
        "From Excel",
    ]
    assert not page.delete_button.isEnabled()
    assert page.save_note.text() == "Deleted the saved mapping “Old shop”."
    assert page.combos["code"].currentData() == "Debitor-Handle"  # the matching stays
    assert not page.remember_check.isChecked()  # the import does not save it again
    to_check_page(qtbot, wizard)
    click_import(qtbot, wizard)
    assert len(customers(ctx)) == 3 and mapping_names(ctx, "customers") == ["From Excel"]


def test_the_wizard_stays_open_while_importing(qtbot, ctx):
    wizard = new_wizard(qtbot, ctx)
    wizard.set_busy(True)
    wizard.reject()
    assert wizard.isVisible()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
    wizard.set_busy(False)
    wizard.reject()
    assert not wizard.isVisible()


def test_export_saves_the_import_format_in_the_background(qtbot, main_window, ctx, tmp_path):
    path = tmp_path / "out.csv"
    create_customer(ctx, CustomerInput(name="<b>&\"'", code="TAG"))
    export = export_csv(main_window, ctx, "customers", path)
    assert export is not None
    with qtbot.waitSignal(export.finished, timeout=TIMEOUT_MS) as blocker:
        pass
    assert blocker.args == [1]
    assert path.read_bytes() == export_customers(ctx)
    assert export.summary is not None
    assert export.summary.text() == f"Saved 1 row of customers to:\n{path}"
    export.summary.close()


def test_invoice_lines_are_counted_as_invoices_and_back_rechecks(
    qtbot, ctx, add_customer, tmp_path
):
    add_customer("Zoë", code="ZOE")
    path = tmp_path / "rechnungen.csv"
    path.write_text(
        "Rechnungsnummer,Kunde,Rechnungsdatum,Bezeichnung,Menge,Einzelpreis,MwSt %\n"
        'R-1,ZOE,2026-10-01,"Farbe, 5 l",2,30.00,19\n'
        "R-1,ZOE,2026-10-01,Pinsel,1,4.50,19\n"
        "R-2,ZOE,2026-10-03,Beratung,3.5,80,\n",
        encoding="utf-8",
    )
    wizard = new_wizard(qtbot, ctx, "invoices")
    open_file(qtbot, wizard, path)
    wizard.next()
    wizard.columns_page.choose("tax_rate", "")  # leave the tax out first
    to_check_page(qtbot, wizard)
    assert headers(wizard)[-1] == "Unit price"  # the tax rate is not read
    wizard.back()
    wizard.columns_page.choose("tax_rate", "MwSt %")
    to_check_page(qtbot, wizard)
    assert headers(wizard)[-1] == "Tax rate (%)"
    assert [row[-1] for row in preview(wizard)] == ["19", "19", ""]
    assert wizard.check_page.status.text() == (
        "3 rows are ready to import as 2 invoices. Click Import to write them."
    )
    click_import(qtbot, wizard)
    assert wizard.done_page.summary.text().startswith(
        "Imported 2 invoices from rechnungen.csv (3 rows)."
    )


def test_a_refused_import_shows_its_problems_and_a_failure_can_be_retried(
    qtbot, ctx, other_file, monkeypatch
):
    wizard = new_wizard(qtbot, ctx)
    open_file(qtbot, wizard, other_file)
    wizard.next()
    wizard.columns_page.choose("code", "Debitor-Handle")
    to_check_page(qtbot, wizard)

    def fail(*_args: object) -> ImportOutcome:
        raise OSError("disk full")

    monkeypatch.setattr(check_page, "import_file", fail)
    click_import(qtbot, wizard)
    assert wizard.check_page.status.text() == (
        "The import failed and nothing was written: disk full"
    )
    assert wizard.currentPage() is wizard.check_page and wizard.button(COMMIT).isEnabled()

    refused = ImportReport("customers", 3, 0, (Problem(3, "code", "Code B200 is taken."),), False)
    monkeypatch.setattr(check_page, "import_file", lambda *_args: ImportOutcome(refused))
    click_import(qtbot, wizard)
    assert wizard.check_page.status.text().startswith("Nothing was imported: 1 problem")
    model = wizard.check_page.problems_model
    assert [model.index(0, c).data() for c in range(3)] == [
        "3",
        "Debitor-Handle (Code)",
        "Code B200 is taken.",
    ]
    assert not wizard.button(COMMIT).isEnabled()
    assert wizard.currentPage() is wizard.check_page and customers(ctx) == {}


def test_export_says_what_the_file_leaves_out_of_the_books(
    qtbot, main_window, ctx, tmp_path, shots
):
    who = create_customer(ctx, CustomerInput(name="Ann", code="ANN")).id
    draft = InvoiceDraft(who, date(2026, 11, 2), (LineDraft("Goods", "1", "10"),))
    issue_new_invoice(ctx, draft)
    void_invoice(ctx, issue_new_invoice(ctx, draft).id, "typed twice")
    path = tmp_path / "invoices.csv"
    export = export_csv(main_window, ctx, "invoices", path)
    assert export is not None
    with qtbot.waitSignal(export.finished, timeout=TIMEOUT_MS) as blocker:
        pass
    assert blocker.args == [1]
    assert export.summary is not None
    assert export.summary.text() == (
        f"Saved 1 row of invoices to:\n{path}\n\nNot in this file: 1 voided invoice. "
        "To move the whole books, use arapp export all FOLDER."
    )
    export.summary.grab().save(str(shots / "export_left_out.png"))
    export.summary.close()
