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
    assert text.startswith(f"Invoice {number} of Acme Ltd, who reads English (en)\n")
    assert "\nTo: ap@example.org\nSubject: Invoice " + number + " from Test Shop\n" in text
    assert text.endswith(f"Hello Acme Ltd, {number} is €80.00.")
    page.preview_number.setText("INV-NOPE")
    page.preview_button.click()
    assert page.preview_text.toPlainText().startswith("No preview:")


def test_a_language_gets_its_own_invoice_text_from_a_copy_of_the_english_one(  # type: ignore[no-untyped-def]
    qtbot, ctx: AppContext, shots: Path
) -> None:

    from arapp.services.customers import CustomerInput, create_customer
    from arapp.services.invoices import get_invoice
    from tests.helpers.books import TODAY, issued_invoice

    english = create_customer(ctx, CustomerInput(name="Acme Ltd", email="ap@acme.example"))
    german = create_customer(
        ctx, CustomerInput(name="Bäckerei Süß", email="buch@suess.example", language="de")
    )
    issued_invoice(ctx, english.id, TODAY, "10")
    number = get_invoice(ctx, issued_invoice(ctx, german.id, TODAY, "1234.5")).number
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.hide())
    activate(dialog)
    page = dialog.mail_tab.documents_page
    dialog.tabs.setCurrentWidget(page)
    page.language_choice.setCurrentIndex(page.language_choice.findData("de"))
    subject, _r = page.inputs["mail.invoice_subject.de"]
    body, _r = page.inputs["mail.invoice_body.de"]
    assert page.document_texts.currentWidget().isAncestorOf(body)
    assert "Deutsch has no invoice e-mail of its own" in page.language_state.text()
    assert page.language_choice.currentText() == "Deutsch: uses arapp's text"
    assert "get arapp's Deutsch text" in page.language_state.text()
    assert isinstance(body, QPlainTextEdit) and body.toPlainText() == ""
    assert body.placeholderText().startswith("Guten Tag $contact")  # what they get meanwhile
    page.copy_button.click()
    assert body.toPlainText().startswith("Dear $contact")
    body.setPlainText("Guten Tag $contact,\nanbei Rechnung $number über $total.")
    subject.setText("Rechnung $number")  # type: ignore[attr-defined]
    assert "Deutsch has its own invoice e-mail." in page.language_state.text()
    assert page.language_choice.currentText() == "Deutsch: its own text"
    page.preview_button.click()  # no number: the newest invoice of a customer reading German
    text = page.preview_text.toPlainText()
    page.resize(1366, 768)
    dialog.resize(1366, 768)
    dialog.grab().save(str(shots / "settings-mail-language.png"))
    assert text.startswith(f"Invoice {number} of Bäckerei Süß, who reads Deutsch (de)\n")
    assert f"Subject: Rechnung {number}\n" in text
    assert f"Guten Tag Bäckerei Süß,\nanbei Rechnung {number} über 1.234,50" in text  # German
    assert dialog.save()
    assert get_setting(ctx, "mail.invoice_subject.de") == "Rechnung $number"
    assert get_setting(ctx, "mail.invoice_subject").startswith("Invoice $number")
    # a language nobody reads yet says so, and a wrong placeholder shows its language
    page.language_choice.setCurrentIndex(page.language_choice.findData("nl"))
    page.preview_button.click()
    assert page.preview_text.toPlainText().startswith(
        "No preview: No customer who reads Nederlands has an issued invoice yet"
    )
    page.document_choice.setCurrentIndex(0)
    subject.setText("Rechnung $nummer")  # type: ignore[attr-defined]
    page.language_choice.setCurrentIndex(0)
    assert not dialog.save()
    assert page.language() == "de"
