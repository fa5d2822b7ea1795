# SPDX-License-Identifier: MIT
"""The window's shared widgets (arapp/ui/widgets) say their own words in the window's language:
the progress dialog's Cancel, the customer picker's hint, the e-address scheme's "None"."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from arapp.i18n import PSEUDO_OPEN
from arapp.ui.widgets.customer_picker import CustomerPicker
from arapp.ui.widgets.progress import work_progress
from arapp.ui.widgets.schemes import scheme_combo
from tests.helpers.untranslated import pseudo_language, untranslated_texts


def test_the_shared_widgets_words_are_translated(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    with pseudo_language():
        picker = CustomerPicker(ctx)
        qtbot.addWidget(picker)
        assert untranslated_texts(picker) == []
        progress = work_progress(parent, "⟦Sending⟧", "⟦Sending 3 invoices⟧", 3, "sendProgress")
        assert isinstance(progress, QProgressDialog)
        cancel = progress.findChild(QPushButton)
        assert cancel is not None and PSEUDO_OPEN in cancel.text()
        silent = work_progress(parent, "⟦Saving⟧", "⟦Saving⟧", 0, "saveProgress", cancel="")
        assert silent.findChild(QPushButton) is None
        combo = scheme_combo("", "your e-mail address")
        assert PSEUDO_OPEN in combo.itemText(0) and "your e-mail address" in combo.itemText(0)
        progress.close()
        silent.close()
