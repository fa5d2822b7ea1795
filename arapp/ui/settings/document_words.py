# SPDX-License-Identifier: MIT
"""Settings ▸ Document words: every word printed on invoices, credit notes, fee documents,
statements, reminder letters and the aging report, one language at a time.

Each row is one word: arapp's English word (what it is), and the word this language's
documents print, which the owner may change ("Rechnung" to "Faktura"). ``$names`` in a word are
filled in when printing and must stay. A word changed back to arapp's own (or emptied: "Use
arapp's word") is no longer the owner's. Nothing is stored until the dialog's Save; an invoice
already issued keeps the words it was issued with.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.domain.languages import ENGLISH, LANGUAGES
from arapp.domain.texts import WORDS
from arapp.i18n import N_, _
from arapp.services.context import AppContext
from arapp.services.document_words import set_words, words_in
from arapp.services.languages import company_language_of
from arapp.services.settings import word_setting
from arapp.ui.settings.groups import note_label

WORDS_NOTE = N_(
    "The words printed on invoices, credit notes, statements, reminder letters and the aging "
    "report, in each language (a customer's documents are in their language, the aging report "
    "in the company's). Change any of them; $words are filled in and must stay. Issued "
    "invoices keep the words they were issued with; changes are kept when you click Save."
)


class DocumentWordsPage(QWidget):
    """The document words of one language at a time, editable.

    Attributes:
        language_choice: The language shown.
        search: Shows only the rows whose words contain the text typed.
        table: One row per word: arapp's English word, and this language's (editable).
        reset_button: "Use arapp's word" for the selected rows.
        edits: Per language, the words changed and not saved yet (name: text).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.edits: dict[str, dict[str, str]] = {}
        self._names = list(WORDS[ENGLISH])
        self._loading = False
        self.language_choice = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_choice.addItem(f"{name} ({code})", code)
        self.language_choice.setCurrentIndex(list(LANGUAGES).index(company_language_of(ctx)))
        self.language_choice.setAccessibleName(_("Language"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Find a word…"))
        self.search.setClearButtonEnabled(True)
        self.reset_button = QPushButton(_("Use arapp's word"))
        self.reset_button.setToolTip(_("Give the selected rows arapp's own word in this language"))
        self.table = QTableWidget(len(self._names), 2)
        self.table.setHorizontalHeaderLabels([_("arapp's English word"), _("Printed as")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        label = QLabel(_("&Language:"))
        label.setBuddy(self.language_choice)
        top.addWidget(label)
        top.addWidget(self.language_choice)
        top.addSpacing(12)
        top.addWidget(self.search, 1)
        top.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note_label(_(WORDS_NOTE)))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self.language_choice.currentIndexChanged.connect(self._show)
        self.search.textChanged.connect(self._filter)
        self.reset_button.clicked.connect(self._reset_selected)
        self.table.itemChanged.connect(self._edited)
        self._show()

    @property
    def language(self) -> str:
        return str(self.language_choice.currentData())

    def _show(self) -> None:
        """Fill the table with the current language's words (with the edits not saved)."""
        shown = {**words_in(self.ctx, self.language), **self.edits.get(self.language, {})}
        self._loading = True
        for row, name in enumerate(self._names):
            english = QTableWidgetItem(WORDS[ENGLISH][name])
            english.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            english.setToolTip(name)
            self.table.setItem(row, 0, english)
            self.table.setItem(row, 1, QTableWidgetItem(shown[name]))
        self._loading = False
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        wanted = text.strip().casefold()
        for row in range(self.table.rowCount()):
            words = " ".join(self.table.item(row, c).text() for c in (0, 1)).casefold()
            self.table.setRowHidden(row, bool(wanted) and wanted not in words)

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() != 1:
            return
        self.edits.setdefault(self.language, {})[self._names[item.row()]] = item.text()

    def _reset_selected(self) -> None:
        builtin = WORDS.get(self.language, WORDS[ENGLISH])
        for row in sorted({index.row() for index in self.table.selectedIndexes()}):
            name = self._names[row]
            self.table.item(row, 1).setText(builtin.get(name, WORDS[ENGLISH][name]))

    def is_dirty(self) -> bool:
        return any(self.edits.values())

    def check(self) -> ValidationError | None:
        """The first word that cannot be kept (a placeholder lost or unknown), else None; the
        table then shows its language and row."""
        for language, changed in self.edits.items():
            for name, text in changed.items():
                try:
                    if text.strip():
                        word_setting(name, language).parse(text)
                except ValidationError as exc:
                    self.language_choice.setCurrentIndex(list(LANGUAGES).index(language))
                    self.table.setCurrentCell(self._names.index(name), 1)
                    message = _('"{word}" in {language}: {problem}').format(
                        word=WORDS[ENGLISH][name], language=LANGUAGES[language], problem=exc.message
                    )
                    return ValidationError(name, message)
        return None

    def save(self) -> None:
        """Store the changed words (a word equal to arapp's own is arapp's again)."""
        for language, changed in self.edits.items():
            builtin = WORDS.get(language, WORDS[ENGLISH])
            kept = {name: "" if text.strip() == builtin.get(name) else text
                    for name, text in changed.items()}  # fmt: skip
            if kept:
                set_words(self.ctx, language, kept)
        self.edits.clear()
