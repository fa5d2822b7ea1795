# SPDX-License-Identifier: MIT
"""Settings ▸ Document words: the owner changes a printed word per language, it is stored on
Save and printed; a word that lost its $name is refused with the word named; arapp's own word
comes back with "Use arapp's word"; the page fits a laptop screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize

from arapp.domain.texts import WORDS
from arapp.services.context import AppContext
from arapp.services.document_words import words_in
from arapp.services.settings import get_setting
from arapp.ui.settings import SettingsDialog
from tests.helpers.qt import activate


def _row(name: str) -> int:
    return list(WORDS["en"]).index(name)


def test_a_word_is_changed_per_language_and_kept(
    qtbot, ctx: AppContext, shots: Path, messages
) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.hide())
    dialog.resize(QSize(1366, 768) - QSize(120, 120))
    activate(dialog)
    page = dialog.words_tab
    dialog.tabs.setCurrentWidget(page)
    page.language_choice.setCurrentIndex(page.language_choice.findData("de"))
    assert page.table.item(_row("invoice_title"), 1).text() == "Rechnung"
    dialog.grab().save(str(shots / "settings-document-words.png"))
    page.table.item(_row("invoice_title"), 1).setText("Faktura")
    assert page.is_dirty()
    assert dialog.save()
    assert get_setting(ctx, "words.invoice_title.de") == "Faktura"
    assert words_in(ctx, "de")["invoice_title"] == "Faktura"
    assert words_in(ctx, "en")["invoice_title"] == "Invoice"  # the other languages keep theirs

    page.language_choice.setCurrentIndex(page.language_choice.findData("fr"))
    page.table.item(_row("page"), 1).setText("Page $page")  # a word may leave a $name out
    page.table.item(_row("credit_note_for"), 1).setText("Avoir sur $numero")
    assert not dialog.save()
    assert dialog.tabs.currentWidget() is page
    assert page.language == "fr" and page.table.currentRow() == _row("credit_note_for")
    assert '"Credit note for invoice $number" in Français' in messages.last.text
    assert "Unknown placeholder $numero" in messages.last.text
    assert words_in(ctx, "fr")["credit_note_for"] == "Avoir sur la facture $number"

    page.table.item(_row("credit_note_for"), 1).setText("Avoir sur $number")
    assert dialog.save()
    assert words_in(ctx, "fr")["page"] == "Page $page"

    page.language_choice.setCurrentIndex(page.language_choice.findData("de"))
    page.table.selectRow(_row("invoice_title"))
    page.reset_button.click()
    assert page.table.item(_row("invoice_title"), 1).text() == "Rechnung"
    assert dialog.save()
    assert words_in(ctx, "de")["invoice_title"] == "Rechnung"


def test_the_search_shows_only_the_words_that_match(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.hide())
    page = dialog.words_tab
    page.language_choice.setCurrentIndex(page.language_choice.findData("nl"))
    page.search.setText("factuur")
    shown = [r for r in range(page.table.rowCount()) if not page.table.isRowHidden(r)]
    assert _row("invoice_title") in shown and _row("bank") not in shown
