# SPDX-License-Identifier: MIT
"""File ▸ Import and Export under the pseudo-translation: every text the wizard's pages, the
menus and the export's summary show went through the translation (the file's names and values
are the only words left as they are)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QWidget, QWizard

from arapp.services.context import AppContext
from arapp.ui.transfer import ImportWizard, add_transfer_menus, export_csv
from tests.helpers.untranslated import pseudo_language, untranslated_texts

TIMEOUT_MS = 20_000
COMMIT = QWizard.WizardButton.CommitButton
GOOD = "Kundennr,Firma,Mail\r\nA100,Alpha Bau GmbH,alpha@example.org\r\nB200,Beta Söhne,\r\n"
# One row without a name, one with a currency arapp does not know: two problems.
BAD = "code,name,currency\r\nK1,,EUR\r\nK2,Gamma,EURO\r\n"


def _wizard(qtbot, ctx: AppContext, path: Path) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(ctx, "customers")
    qtbot.addWidget(wizard)
    wizard.show()
    with qtbot.waitSignal(wizard.file_page.loaded, timeout=TIMEOUT_MS):
        wizard.file_page.open_file(path)
    return wizard


def test_every_page_of_the_import_wizard_is_translated(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old-shop.csv"
    path.write_text(GOOD, encoding="utf-8", newline="")
    data = [str(path), path.name, "Kundennr", "Firma", "Mail", "A100", "Alpha Bau GmbH"]
    data += ["alpha@example.org", "old-shop", "UTF-8"]  # an encoding's name
    with pseudo_language():
        wizard = _wizard(qtbot, ctx, path)
        assert wizard.windowTitle().startswith("⟦")
        assert untranslated_texts(wizard, data) == []
        wizard.next()
        assert wizard.currentPage() is wizard.columns_page
        wizard.columns_page.choose("code", "Kundennr")
        wizard.columns_page.choose("name", "Firma")
        wizard.columns_page.save_now()  # "Saved as …"
        assert untranslated_texts(wizard, data) == []
        with qtbot.waitSignal(wizard.check_page.checked, timeout=TIMEOUT_MS):
            wizard.next()
        assert wizard.check_page.status.text().startswith("⟦2 röws àré")
        assert untranslated_texts(wizard, data) == []
        with qtbot.waitSignal(wizard.check_page.finished, timeout=TIMEOUT_MS):
            qtbot.mouseClick(wizard.button(COMMIT), Qt.MouseButton.LeftButton)
        assert wizard.currentPage() is wizard.done_page
        assert untranslated_texts(wizard, data) == []


def test_the_problems_of_a_file_are_told_in_the_language(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8", newline="")
    with pseudo_language():
        wizard = _wizard(qtbot, ctx, path)
        wizard.next()
        with qtbot.waitSignal(wizard.check_page.checked, timeout=TIMEOUT_MS):
            wizard.next()
        page = wizard.check_page
        assert len(page.problems) == 2
        # the problems' own sentences come from the services, as they are for now
        messages = [p.message for p in page.problems]
        data = [path.name, "K1", "K2", "Gamma", "EURO", "code", "name", "currency", "UTF-8"]
        assert untranslated_texts(wizard, data + messages) == []
        model = page.problems_model
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
        assert all(h.startswith("⟦") for h in headers)


def test_the_menus_and_the_export_summary_are_translated(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    path = tmp_path / "customers.csv"
    with pseudo_language():
        menu = QMenu("⟦Fîlé⟧", window)  # the window's own menu: not this part's
        actions = add_transfer_menus(menu, window, ctx)
        assert len(actions) == 6
        assert untranslated_texts(menu) == []
        export = export_csv(window, ctx, "customers", path)
        assert export is not None
        with qtbot.waitSignal(export.finished, timeout=TIMEOUT_MS):
            pass
        assert export.summary is not None
        assert export.summary.windowTitle().startswith("⟦Éxpört")
        # what the file leaves out of the books is the services' sentence, for now
        assert untranslated_texts(export.summary, [str(path)]) == []
        export.summary.close()
