# SPDX-License-Identifier: MIT
"""The import wizard's first page: choose the CSV file and say how it is written.

The file is read on a worker thread (:func:`~arapp.ui.worker.run_in_background`); a counter
drops results that arrive after the person chose another file. The page shows the delimiter the
file was read with (detected, or saved with the mapping that fits) and lets the person choose
another; likewise the decimal mark of its numbers (Automatic: detected by the check from the
columns as matched), and the text encoding: UTF-8 unless the mapping that fits brought another,
or the person chose Windows (cp1252) for a file Excel saved on Windows, which UTF-8 refuses.
The encoding is not guessed: read wrongly, names would be stored garbled.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from arapp.i18n import N_, _, ngettext
from arapp.services.transfer.columns import NotTextOfEncoding, delimiter_warning, is_required
from arapp.services.transfer.csvfile import COLUMNS
from arapp.services.transfer.files import CsvFile, MappingChoices, open_csv
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.transfer.common import KINDS, busy_bar, caption, count_text, documents_folder
from arapp.ui.transfer.state import ImportState
from arapp.ui.worker import run_in_background

#: The delimiter box: what people read, and the option it stands for.
DELIMITER_ITEMS = ((N_("Commas  ( , )"), ","), (N_("Semicolons  ( ; )"), ";"), (N_("Tabs"), "tab"))
#: The decimal mark box: what people read, and the mark ("" for Automatic).
DECIMAL_ITEMS = ((N_("Automatic"), ""), ("1,234.50", "."), ("1.234,50", ","))
#: The encoding box: what people read, and the option it stands for (a mapping saved with
#: another option of :data:`arapp.domain.csvtext.ENCODINGS` adds it, under its own name).
ENCODING_ITEMS = (("UTF-8", "utf-8"), (N_("Windows (cp1252)"), "cp1252"))

SUBTITLE = N_(
    "A CSV file (UTF-8 or Windows text; columns separated by commas, semicolons or tabs) whose "
    "first line names the columns. The names need not be arapp's: you match them on the next "
    "page, and nothing is imported before you have seen the check."
)
DECIMAL_TIP = N_(
    "How the file writes numbers: 1,234.50 (decimal point) or 1.234,50 (decimal comma). "
    "Automatic reads it from the numbers of the first rows."
)
ENCODING_TIP = N_(
    "How the file's text is stored. UTF-8 is what “CSV UTF-8” and most programs write; Excel "
    "on Windows saves a plain “CSV” as Windows (cp1252)."
)


class FilePage(QWizardPage):
    """Choose the CSV file; it is read, and its header shown, on a worker thread.

    Attributes:
        loaded: ``Signal()``: reading ended (well or not).
    """

    loaded = Signal()

    def __init__(self, wizard: ImportState) -> None:
        super().__init__()
        self.owner = wizard
        self._token = 0
        self._warning = ""
        kind = wizard.kind
        self.setTitle(_(KINDS[kind].choose_file))
        self.setSubTitle(_(SUBTITLE))
        self._path: Path | None = None
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText(_("Choose a file, or type its path and press Enter"))
        self.path_edit.returnPressed.connect(self._path_typed)
        self.choose_button = QPushButton(_("C&hoose…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.delimiter_box = QComboBox()
        self.delimiter_box.setObjectName("importDelimiter")
        for text, option in DELIMITER_ITEMS:
            self.delimiter_box.addItem(_(text), option)
        self.delimiter_box.setEnabled(False)
        self.delimiter_box.activated.connect(self._delimiter_chosen)
        delimiter_label = QLabel(_("Columns separated &by:"))
        delimiter_label.setBuddy(self.delimiter_box)
        self.delimiter_note = plain_label()
        self.delimiter_note.setObjectName("importDelimiterNote")
        self.delimiter_note.setStyleSheet("color: palette(placeholder-text);")
        self.decimal_box = QComboBox()
        self.decimal_box.setObjectName("importDecimal")
        for text, mark in DECIMAL_ITEMS:
            self.decimal_box.addItem(_(text) if not mark else text, mark)
        self.decimal_box.setToolTip(_(DECIMAL_TIP))
        self.decimal_box.activated.connect(self._decimal_chosen)
        decimal_label = QLabel(_("&Decimal mark:"))
        decimal_label.setBuddy(self.decimal_box)
        self.decimal_note = plain_label()
        self.decimal_note.setObjectName("importDecimalNote")
        self.decimal_note.setStyleSheet("color: palette(placeholder-text);")
        self._decimal_chosen_by_person = False
        self.encoding_box = QComboBox()
        self.encoding_box.setObjectName("importEncoding")
        for text, option in ENCODING_ITEMS:
            self.encoding_box.addItem(_(text) if option != "utf-8" else text, option)
        self.encoding_box.setToolTip(_(ENCODING_TIP))
        self.encoding_box.setEnabled(False)
        self.encoding_box.activated.connect(self._encoding_chosen)
        encoding_label = QLabel(_("Text &encoding:"))
        encoding_label.setBuddy(self.encoding_box)
        self.encoding_note = plain_label()
        self.encoding_note.setObjectName("importEncodingNote")
        self.encoding_note.setStyleSheet("color: palette(placeholder-text);")
        self._delimiter: str | None = None  # as chosen for this file; None: not chosen
        self._encoding: str | None = None
        self.busy = busy_bar("importReading")
        self.status = plain_label(wrap=True, selectable=True)
        self.status.setObjectName("importFileStatus")
        needed = ", ".join(_column_text(kind, c) for c in COLUMNS[kind])
        self.expected = plain_label(
            _("arapp reads these columns (* = every file needs it): {columns}.").format(
                columns=needed
            ),
            wrap=True,
        )
        self.expected.setObjectName("importExpected")
        self.expected.setStyleSheet("color: palette(placeholder-text);")

        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        separated = QGridLayout()
        separated.setHorizontalSpacing(8)
        separated.addWidget(delimiter_label, 0, 0)
        separated.addWidget(self.delimiter_box, 0, 1)
        separated.addWidget(self.delimiter_note, 0, 2)
        separated.addWidget(decimal_label, 1, 0)
        separated.addWidget(self.decimal_box, 1, 1)
        separated.addWidget(self.decimal_note, 1, 2)
        separated.addWidget(encoding_label, 2, 0)
        separated.addWidget(self.encoding_box, 2, 1)
        separated.addWidget(self.encoding_note, 2, 2)
        separated.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(row)
        layout.addLayout(separated)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.expected)

    def isComplete(self) -> bool:
        return self.owner.file is not None and not self._warning

    def choose_file(self) -> None:
        start = str(Path(self.path_edit.text()).parent) if self.path_edit.text() else ""
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _(KINDS[self.owner.kind].import_title),
            start or str(documents_folder()),
            _("CSV files (*.csv *.txt);;All files (*)"),
        )
        if name:
            self.open_file(Path(name))

    def _path_typed(self) -> None:
        if self.path_edit.text().strip():
            self.open_file(Path(self.path_edit.text().strip()))

    def open_file(
        self, path: Path, delimiter: str | None = None, encoding: str | None = None
    ) -> None:
        """Read ``path`` in the background; the page is complete once it was read well.

        ``delimiter`` is a delimiter option (``,``, ``;``, ``tab``) and ``encoding`` an encoding
        option (``utf-8``, ``cp1252``); ``None`` lets the file and the saved mappings decide.
        Choosing one keeps the other chosen for the same file; another file starts afresh (an
        encoding kept for it would misread a UTF-8 file without a word).
        """
        self._token += 1
        token, ctx, kind = self._token, self.owner.ctx, self.owner.kind
        self._path = path
        self._delimiter, self._encoding = delimiter, encoding
        self.owner.file = self.owner.choices = None
        self._warning = ""
        self.path_edit.setText(str(path))
        self.status.setStyleSheet("")
        self.status.setText(_("Reading {file}…").format(file=path.name))
        self.busy.setVisible(True)
        self.completeChanged.emit()

        def read() -> tuple[CsvFile, MappingChoices]:  # on the worker: no widgets here
            return open_csv(ctx, kind, path, delimiter, encoding)

        run_in_background(
            self,
            read,
            lambda result: self._read(token, result),
            lambda exc: self._failed(token, exc),
        )

    def _read(self, token: int, result: tuple[CsvFile, MappingChoices]) -> None:
        if token != self._token:
            return
        file, choices = result
        self.busy.setVisible(False)
        self._show_delimiter(file, choices)
        self._show_decimal(file, choices)
        self._show_encoding(file, choices)
        self._warning = delimiter_warning(file.header, file.delimiter)
        if self._warning:
            self._show_error(self._warning)
        else:
            self.owner.file, self.owner.choices = file, choices
            names = ", ".join(name or _("(no name)") for name in file.header)
            count = len(file.header)
            self.status.setText(
                ngettext(
                    "{file}: {count} column: {names}", "{file}: {count} columns: {names}", count
                ).format(file=file.path.name, count=count_text(count), names=names)
            )
        self.completeChanged.emit()
        self.loaded.emit()

    def _delimiter_chosen(self) -> None:
        if self._path is not None:
            self.open_file(self._path, self.delimiter_box.currentData(), self._encoding)

    def _encoding_chosen(self) -> None:
        if self._path is not None:
            self.open_file(self._path, self._delimiter, self.encoding_box.currentData())

    def _show_encoding(self, file: CsvFile, choices: MappingChoices) -> None:
        self.encoding_box.setEnabled(True)
        self.encoding_note.setStyleSheet("color: palette(placeholder-text);")
        if self.encoding_box.findData(file.encoding) < 0:  # saved with the mapping
            self.encoding_box.addItem(file.encoding, file.encoding)
        self.encoding_box.setCurrentIndex(self.encoding_box.findData(file.encoding))
        if file.encoding_source == "mapping":
            self.encoding_note.setText(_saved_with(choices.preferred))
        elif file.encoding_source == "chosen":
            self.encoding_note.setText(_("as you chose"))
        else:
            self.encoding_note.clear()

    def _show_delimiter(self, file: CsvFile, choices: MappingChoices) -> None:
        self.delimiter_box.setEnabled(True)
        self.delimiter_box.setCurrentIndex(max(0, self.delimiter_box.findData(file.delimiter)))
        if file.delimiter_source == "mapping":
            note = _saved_with(choices.preferred)
        elif file.delimiter_source == "chosen":
            note = _("as you chose")
        else:
            note = _("found in the file")
        self.delimiter_note.setText(note)

    def _show_decimal(self, file: CsvFile, choices: MappingChoices) -> None:
        """The mark the file's numbers are read with; a person's choice stays for the next
        file, until they choose Automatic again."""
        if not self._decimal_chosen_by_person:
            saved = file.decimal if file.decimal_source == "mapping" else ""
            self.decimal_box.setCurrentIndex(max(0, self.decimal_box.findData(saved)))
        self.owner.decimal = self.decimal_box.currentData() or None
        self.decimal_note.setStyleSheet("color: palette(placeholder-text);")
        shown = dict((mark, text) for text, mark in DECIMAL_ITEMS)
        if self.owner.decimal is not None:
            if self._decimal_chosen_by_person:
                note = _("as you chose")
            else:
                note = _saved_with(choices.preferred)
        elif file.decimal_source == "detected":
            note = _("found in the file: {mark}").format(mark=shown[file.decimal])
        elif file.decimal_source == "contradicting":
            note = _("the numbers in the file are written both ways: choose one")
            self.decimal_note.setStyleSheet(ERROR_STYLE)
        else:
            note = _("no number says: read as {mark}").format(mark=shown[file.decimal])
        self.decimal_note.setText(note)

    def _decimal_chosen(self) -> None:
        self._decimal_chosen_by_person = bool(self.decimal_box.currentData())
        if self.owner.file is not None and self.owner.choices is not None:
            self._show_decimal(self.owner.file, self.owner.choices)
        else:
            self.owner.decimal = self.decimal_box.currentData() or None

    def _failed(self, token: int, exc: Exception) -> None:
        if token != self._token:
            return
        self.busy.setVisible(False)
        self.delimiter_box.setEnabled(True)
        self.delimiter_note.clear()
        self.encoding_box.setEnabled(True)
        self.encoding_note.clear()
        if isinstance(exc, NotTextOfEncoding):  # the box shows the encoding that failed
            self.encoding_box.setCurrentIndex(
                max(0, self.encoding_box.findData(self._encoding or "utf-8"))
            )
            self.encoding_note.setStyleSheet(ERROR_STYLE)
            self.encoding_note.setText(
                _("saved by Excel on Windows? Choose Windows (cp1252)")
                if self._encoding in (None, "utf-8")
                else _("the file is not text of this encoding: choose another")
            )
        self._show_error(str(exc))
        self.completeChanged.emit()
        self.loaded.emit()

    def _show_error(self, text: str) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(text)


def _saved_with(name: str | None) -> str:
    return _("as saved with the mapping “{name}”").format(name=name)


def _column_text(kind: str, column: str) -> str:
    """The caption, our own name when it differs, * when needed: Payment terms (terms)."""
    text = caption(column)
    if text.casefold() != column.casefold():
        text += f" ({column})"
    return text + (" *" if is_required(kind, column) else "")
