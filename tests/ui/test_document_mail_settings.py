# SPDX-License-Identifier: MIT
"""The texts of document e-mails are edited on Settings ▸ E-mail: a changed invoice text is
stored, a wrong placeholder is refused with the field named, and the tab fits a laptop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPlainTextEdit

from arapp.services.context import AppContext
from arapp.services.settings import get_setting
from arapp.ui.settings import SettingsDialog
from tests.helpers.qt import activate


def test_the_invoice_text_is_edited_and_stored(
    qtbot, ctx: AppContext, shots: Path, messages
) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.hide())
    activate(dialog)
    dialog.tabs.setCurrentWidget(dialog.mail_tab.documents_page)
    body, _read = dialog.mail_tab.inputs["mail.invoice_body"]
    assert isinstance(body, QPlainTextEdit) and "$number" in body.toPlainText()
    dialog.grab().save(str(shots / "settings-mail-templates.png"))
    body.setPlainText("Hello $contact,\nhere is $number.\n\nThanks,\n$company")
    assert dialog.save()
    assert get_setting(ctx, "mail.invoice_body") == (
        "Hello $contact,\nhere is $number.\n\nThanks,\n$company"
    )
    body.setPlainText("Pay $nonsense now")
    assert not dialog.save()
    assert dialog.tabs.currentWidget() is dialog.mail_tab.documents_page
    assert "Invoice text: Unknown placeholder $nonsense" in messages.last.text
    assert get_setting(ctx, "mail.invoice_body").startswith("Hello")


def test_the_preview_shows_the_real_invoice_with_the_texts_as_typed(  # type: ignore[no-untyped-def]
    qtbot, ctx: AppContext, shots: Path
) -> None:
    from tests.helpers.books import TODAY, customer, issued_invoice

    invoice_id = issued_invoice(ctx, customer(ctx, "Acme Ltd", "ap@example.org"), TODAY, "80")
    from arapp.services.invoices import get_invoice

    number = get_invoice(ctx, invoice_id).number
    assert number
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.hide())
    activate(dialog)
    page = dialog.mail_tab.documents_page
    dialog.tabs.setCurrentWidget(page)
    body, _read = page.inputs["mail.invoice_body"]
    assert isinstance(body, QPlainTextEdit)
    body.setPlainText("Hello $customer, $number is $total.")
    page.preview_number.setText(number)
    page.preview_button.click()
    text = page.preview_text.toPlainText()
    dialog.grab().save(str(shots / "settings-mail-preview.png"))
    assert text.startswith("To: ap@example.org\nSubject: Invoice " + number + " from Test Shop")
    assert text.endswith(f"Hello Acme Ltd, {number} is €80.00.")
    page.preview_number.setText("INV-NOPE")
    page.preview_button.click()
    assert page.preview_text.toPlainText().startswith("No preview:")
