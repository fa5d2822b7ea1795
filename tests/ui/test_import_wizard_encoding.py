# SPDX-License-Identifier: MIT
"""The import wizard's text encoding: a CSV saved by Excel on Windows (cp1252) is refused as
UTF-8 with the message people know, reads once Windows (cp1252) is chosen, imports its names
exactly, and the mapping remembered with it brings cp1252 back for the next file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from arapp.services.context import AppContext
from arapp.services.customer_list import customer_ids
from arapp.services.customers import get_customer
from arapp.services.transfer.mappings import load_mapping
from arapp.ui.transfer import ImportWizard

TIMEOUT_MS = 20_000
COMMIT = QWizard.WizardButton.CommitButton
#: A plain "CSV" from a German Excel on Windows: semicolons, cp1252, no byte order mark.
EXCEL_WINDOWS = "Kundennummer;Firma;Ort\r\nM1;Müller & Söhne;Köln\r\nZ2;Zoë Café;Zürich\r\n"
REFUSAL = 'This is not UTF-8 text (line 2). Save the file as "CSV UTF-8" and choose it again.'


def new_wizard(qtbot, ctx: AppContext) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(ctx, "customers")
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def open_file(qtbot, wizard: ImportWizard, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(wizard.file_page.loaded, timeout=TIMEOUT_MS):
        wizard.file_page.open_file(path)


def choose(qtbot, box, data: str, loaded) -> None:  # type: ignore[no-untyped-def]
    """Choose the item of ``data`` in ``box`` as a person does, and wait for the file read."""
    index = box.findData(data)
    assert index >= 0
    box.setCurrentIndex(index)
    with qtbot.waitSignal(loaded, timeout=TIMEOUT_MS):
        box.activated.emit(index)


def import_all(qtbot, wizard: ImportWizard, remember_as: str = "") -> None:  # type: ignore[no-untyped-def]
    wizard.next()
    wizard.columns_page.choose("code", "Kundennummer")
    wizard.columns_page.choose("name", "Firma")
    if remember_as:
        wizard.columns_page.name_edit.setText(remember_as)
        wizard.columns_page.remember_check.setChecked(True)
    with qtbot.waitSignal(wizard.check_page.checked, timeout=TIMEOUT_MS):
        wizard.next()
    assert wizard.check is not None and wizard.check.report.ok, wizard.check
    with qtbot.waitSignal(wizard.check_page.finished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(wizard.button(COMMIT), Qt.MouseButton.LeftButton)


def names(ctx: AppContext) -> dict[str, str]:
    found = {}
    for customer_id in customer_ids(ctx):
        record = get_customer(ctx, customer_id).customer
        found[record.code] = record.name
    return found


def test_an_excel_windows_file_reads_once_cp1252_is_chosen_and_is_remembered(
    qtbot, ctx, tmp_path, shots
):
    path = tmp_path / "kunden.csv"
    path.write_bytes(EXCEL_WINDOWS.encode("cp1252"))
    wizard = new_wizard(qtbot, ctx)
    page = wizard.file_page
    assert page.encoding_box.currentText() == "UTF-8" and not page.encoding_box.isEnabled()
    assert page.encoding_box.toolTip()
    open_file(qtbot, wizard, path)
    assert page.status.text() == REFUSAL
    assert page.encoding_box.isEnabled() and page.encoding_box.currentData() == "utf-8"
    assert "Choose Windows (cp1252)" in page.encoding_note.text()
    assert not page.isComplete()
    page.grab().save(str(shots / "import-file-not-utf8.png"))

    choose(qtbot, page.encoding_box, "cp1252", page.loaded)
    assert page.status.text() == "kunden.csv: 3 columns: Kundennummer, Firma, Ort"
    assert page.encoding_box.currentText() == "Windows (cp1252)"
    assert page.encoding_note.text() == "as you chose"
    assert page.delimiter_box.currentData() == ";" and page.isComplete()
    assert wizard.file is not None and wizard.file.encoding == "cp1252"
    page.grab().save(str(shots / "import-file-cp1252.png"))
    # another separator re-reads the file, still as cp1252 (and back again)
    choose(qtbot, page.delimiter_box, ",", page.loaded)
    assert page.encoding_box.currentData() == "cp1252" and not page.isComplete()
    choose(qtbot, page.delimiter_box, ";", page.loaded)
    assert page.isComplete() and wizard.file is not None and wizard.file.encoding == "cp1252"
    assert wizard.file.sample["Firma"] == "Müller & Söhne"

    import_all(qtbot, wizard, remember_as="Excel Windows")
    assert names(ctx) == {"M1": "Müller & Söhne", "Z2": "Zoë Café"}
    saved = load_mapping(ctx, "customers", "Excel Windows")
    assert (saved["encoding"], saved["delimiter"]) == ("cp1252", ";")

    more = tmp_path / "mehr.csv"
    more.write_bytes("Kundennummer;Firma;Ort\r\nA3;Ärzte AG;Graz\r\n".encode("cp1252"))
    again = new_wizard(qtbot, ctx)
    open_file(qtbot, again, more)
    page = again.file_page
    assert page.status.text() == "mehr.csv: 3 columns: Kundennummer, Firma, Ort"
    assert page.encoding_box.currentText() == "Windows (cp1252)"
    assert page.encoding_note.text() == "as saved with the mapping “Excel Windows”"
    assert page.delimiter_note.text() == "found in the file"
    page.grab().save(str(shots / "import-file-cp1252-mapping.png"))
    import_all(qtbot, again)
    assert names(ctx)["A3"] == "Ärzte AG"


def test_choosing_utf8_again_is_refused_again_and_a_new_file_starts_as_utf8(qtbot, ctx, tmp_path):
    path = tmp_path / "kunden.csv"
    path.write_bytes(EXCEL_WINDOWS.encode("cp1252"))
    wizard = new_wizard(qtbot, ctx)
    page = wizard.file_page
    open_file(qtbot, wizard, path)
    choose(qtbot, page.encoding_box, "cp1252", page.loaded)
    assert page.isComplete()
    wizard.next()  # saved now, on the columns page, the mapping keeps the encoding too
    wizard.columns_page.choose("code", "Kundennummer")
    wizard.columns_page.name_edit.setText("Saved now")
    wizard.columns_page.save_now()
    assert load_mapping(ctx, "customers", "Saved now")["encoding"] == "cp1252"
    wizard.back()
    choose(qtbot, page.encoding_box, "utf-8", page.loaded)
    assert page.status.text() == REFUSAL and not page.isComplete()
    assert wizard.file is None

    utf8 = tmp_path / "utf8.csv"
    utf8.write_text(EXCEL_WINDOWS, encoding="utf-8")
    choose(qtbot, page.encoding_box, "cp1252", page.loaded)
    open_file(qtbot, wizard, utf8)  # another file: read as UTF-8, not as chosen before
    assert page.encoding_box.currentData() == "utf-8" and page.encoding_note.text() == ""
    assert wizard.file is not None and wizard.file.sample["Firma"] == "Müller & Söhne"
