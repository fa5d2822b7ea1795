# SPDX-License-Identifier: MIT
"""The wizard page that matches the file's columns to arapp's.

One combo box per column arapp reads, holding the file's column names; a "Saved mapping" box
fills them all from a remembered mapping or from the guess by column names, and "Delete…" forgets
the remembered mapping chosen there. The services say which columns are required and guess,
remember and delete the mappings; this page only shows them.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from arapp.i18n import N_, _
from arapp.services.errors import InputErrors, NotFound
from arapp.services.transfer.columns import DELIMITER_NAMES, is_required, missing_required
from arapp.services.transfer.csvfile import COLUMNS
from arapp.services.transfer.files import CsvFile, mapping_to_save
from arapp.services.transfer.mappings import delete_mapping, save_mapping
from arapp.ui.forms import ERROR_STYLE, plain_label
from arapp.ui.transfer.common import caption, one_line
from arapp.ui.transfer.state import ImportState

NOT_IN_FILE = N_("— not in the file —")
GUESS = N_("Guess from the column names")
#: The delimiters, as a sentence names them ("files separated by semicolons").
DELIMITER_WORDS = {",": N_("commas"), ";": N_("semicolons"), "tab": N_("tabs")}
SAMPLE_STYLE = "color: palette(placeholder-text);"
# Sample values are cut to this many characters next to their combo box.
SAMPLE_CHARS = 40


class ColumnsPage(QWizardPage):
    """Match our columns to the file's.

    Attributes:
        combos: Our column to its combo box (item data: the file's column name, "" for none).
        saved_box: "Saved mapping": the guess first, then the remembered mappings.
        delete_button: Delete the remembered mapping chosen in ``saved_box`` (after asking).
        remember_check: Remember the mapping after a good import.
        name_edit: The name to remember it under.
    """

    def __init__(self, wizard: ImportState) -> None:
        super().__init__()
        self.owner = wizard
        self._file: CsvFile | None = None
        self._saved: dict[str, dict[str, str]] = {}
        self._delimiters: dict[str, str] = {}
        kind = wizard.kind
        self.setTitle(_("Match the columns"))
        self.setSubTitle(
            _(
                "For each column arapp reads, choose the column of your file that holds it. "
                "Columns marked * are needed; the others may stay out."
            )
        )
        self.saved_box = QComboBox()
        self.saved_box.setObjectName("savedMapping")
        self.saved_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.saved_box.setMinimumWidth(260)
        self.saved_box.activated.connect(self._saved_chosen)
        saved_label = QLabel(_("&Saved mapping:"))
        saved_label.setBuddy(self.saved_box)
        self.delete_button = QPushButton(_("&Delete…"))
        self.delete_button.setObjectName("deleteMapping")
        self.delete_button.setToolTip(_("Forget this saved mapping (what was imported stays)"))
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_saved)
        top = QHBoxLayout()
        top.addWidget(saved_label)
        top.addWidget(self.saved_box)
        top.addWidget(self.delete_button)
        top.addStretch(1)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(2, 1)
        header_ours = plain_label(_("arapp column"))
        header_theirs = plain_label(_("Column in your file"))
        header_sample = plain_label(_("First row"))
        for n, label in enumerate((header_ours, header_theirs, header_sample)):
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            grid.addWidget(label, 0, n)
        self.combos: dict[str, QComboBox] = {}
        self.samples: dict[str, QLabel] = {}
        for row, column in enumerate(COLUMNS[kind], start=1):
            star = " *" if is_required(kind, column) else ""
            label = QLabel(f"{caption(column)}{star}")
            label.setToolTip(_("“{column}” in arapp's own CSV files").format(column=column))
            combo = QComboBox()
            combo.setObjectName(f"map_{column}")
            combo.setMinimumWidth(240)
            combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            combo.currentIndexChanged.connect(self._changed)
            label.setBuddy(combo)
            sample = plain_label()
            sample.setObjectName(f"sample_{column}")
            sample.setStyleSheet(SAMPLE_STYLE)
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(sample, row, 2)
            self.combos[column], self.samples[column] = combo, sample
        grid.setRowStretch(len(COLUMNS[kind]) + 1, 1)  # the rows stay at the top
        rows = QWidget()
        rows.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(rows)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.note = plain_label(wrap=True)
        self.note.setObjectName("mappingNote")
        self.remember_check = QCheckBox(_("&Remember this mapping as:"))
        self.remember_check.setObjectName("rememberMapping")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("mappingName")
        self.name_edit.setMaxLength(100)
        self.name_edit.textEdited.connect(lambda text: self.remember_check.setChecked(bool(text)))
        self.save_button = QPushButton(_("Save &now"))
        self.save_button.setObjectName("saveMapping")
        self.save_button.clicked.connect(self.save_now)
        self.save_note = plain_label(wrap=True)
        self.save_note.setObjectName("saveMappingNote")
        remember = QHBoxLayout()
        remember.addWidget(self.remember_check)
        remember.addWidget(self.name_edit, 1)
        remember.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)
        layout.addLayout(remember)
        layout.addWidget(self.save_note)

    # -- QWizardPage --------------------------------------------------------------------------

    def initializePage(self) -> None:
        """Fill the boxes for a newly read file; coming back to the same file keeps them."""
        file, choices = self.owner.file, self.owner.choices
        if file is None or choices is None or file is self._file:
            return
        self._file = file
        self._saved = dict(choices.saved)
        self._delimiters = dict(choices.delimiters)
        names = [n for n in dict.fromkeys(file.header) if n]
        for combo in self.combos.values():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_(NOT_IN_FILE), "")
            for name in names:
                combo.addItem(one_line(name), name)
            combo.blockSignals(False)
        self.saved_box.clear()
        self.saved_box.addItem(_(GUESS), None)
        for name in self._saved:
            self.saved_box.addItem(name, name)
        self.save_note.clear()
        if choices.preferred is not None:
            self.saved_box.setCurrentIndex(self.saved_box.findData(choices.preferred))
            self.name_edit.setText(choices.preferred)
            self.remember_check.setChecked(True)
        else:
            self.saved_box.setCurrentIndex(0)
            self.name_edit.setText(file.path.stem)
            self.remember_check.setChecked(False)
        self._saved_chosen()

    def isComplete(self) -> bool:
        return self._file is not None and not missing_required(self.owner.kind, self.chosen())

    def validatePage(self) -> bool:
        self.owner.chosen = self.chosen()
        remember = self.remember_check.isChecked() and self.name_edit.text().strip()
        self.owner.remember_as = self.name_edit.text().strip() if remember else ""
        return True

    # -- the boxes ----------------------------------------------------------------------------

    def chosen(self) -> dict[str, str]:
        """Our column to the file's column, for each box that names one."""
        return {c: box.currentData() for c, box in self.combos.items() if box.currentData()}

    def choose(self, column: str, file_column: str) -> None:
        """Set our ``column`` to the file's ``file_column`` ("" for none)."""
        box = self.combos[column]
        box.setCurrentIndex(max(0, box.findData(file_column)))

    def _saved_chosen(self) -> None:
        choices = self.owner.choices
        name = self.saved_box.currentData()
        self.delete_button.setEnabled(name is not None)
        if name is None:
            mapping = choices.guess if choices else {}
        else:
            mapping = self._saved.get(name, {})
            self.name_edit.setText(name)
        for column, box in self.combos.items():
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(mapping.get(column, ""))))
            box.blockSignals(False)
        self._changed()

    def _changed(self) -> None:
        file = self._file
        chosen = self.chosen()
        for column, label in self.samples.items():
            value = file.sample.get(chosen[column], "") if file and column in chosen else ""
            text = one_line(value)
            label.setText(text if len(text) <= SAMPLE_CHARS else text[: SAMPLE_CHARS - 1] + "…")
            label.setToolTip(value)
        missing = missing_required(self.owner.kind, chosen)
        used: dict[str, list[str]] = {}
        for column, name in chosen.items():
            used.setdefault(name, []).append(caption(column))
        twice = [
            _("“{name}” is used for {columns}").format(name=n, columns=", ".join(c))
            for n, c in used.items()
            if len(c) > 1
        ]
        if missing:
            self.note.setStyleSheet(ERROR_STYLE)
            need = ", ".join(caption(c) for c in missing)
            text = _("Choose the column of your file for: {columns}.").format(columns=need)
        elif twice:
            self.note.setStyleSheet("")
            text = _("Check: {uses}.").format(uses="; ".join(twice))
        else:
            self.note.setStyleSheet("")
            text = _("Every needed column is matched.")
        hint = self._delimiter_hint()
        self.note.setText(f"{text} {hint}" if hint else text)
        self.completeChanged.emit()

    def _delimiter_hint(self) -> str:
        """A sentence when the saved mapping chosen was saved for another delimiter."""
        name, file = self.saved_box.currentData(), self._file
        saved = self._delimiters.get(name, "") if name is not None else ""
        if file is None or not saved or saved == file.delimiter:
            return ""
        return _(
            "“{name}” was saved for files separated by {saved}; this one is read as separated "
            "by {read} (Back to change it)."
        ).format(name=name, saved=_delimiter_word(saved), read=_delimiter_word(file.delimiter))

    def save_now(self) -> None:
        """Remember the mapping now, under the name typed (replacing one of that name)."""
        name = self.name_edit.text().strip()
        chosen = self.chosen()
        delimiter = self._file.delimiter if self._file else ","
        decimal = self.owner.decimal or (self._file.decimal if self._file else "")
        encoding = self._file.encoding if self._file else ""
        kept = mapping_to_save(self.owner.kind, chosen, delimiter, decimal, encoding)
        try:
            save_mapping(self.owner.ctx, self.owner.kind, name, kept)
        except InputErrors as exc:
            self.save_note.setStyleSheet(ERROR_STYLE)
            self.save_note.setText(str(exc))
            return
        self._saved[name] = chosen
        self._delimiters[name] = delimiter
        if self.saved_box.findData(name) < 0:
            self.saved_box.addItem(name, name)
        self.saved_box.setCurrentIndex(self.saved_box.findData(name))
        self.delete_button.setEnabled(True)
        self.save_note.setStyleSheet("")
        self.save_note.setText(_("Saved as “{name}”.").format(name=name))
        self._changed()

    def delete_saved(self) -> None:
        """Ask, then forget the saved mapping chosen; the columns stay as they are matched."""
        name = self.saved_box.currentData()
        if name is None:
            return
        answer = QMessageBox.question(
            self,
            _("Delete saved mapping"),
            _(
                "Delete the saved mapping “{name}”?\n\nWhat was imported with it stays as it "
                "is; the columns on this page stay as they are matched."
            ).format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_mapping(self.owner.ctx, self.owner.kind, name)
        except NotFound:
            pass  # deleted meanwhile (another window): gone either way
        except InputErrors as exc:
            self.save_note.setStyleSheet(ERROR_STYLE)
            self.save_note.setText(str(exc))
            return
        self._saved.pop(name, None)
        self._delimiters.pop(name, None)
        self.saved_box.removeItem(self.saved_box.findData(name))
        self.saved_box.setCurrentIndex(0)  # the guess, without filling the boxes with it
        self.delete_button.setEnabled(False)
        if self.name_edit.text().strip() == name:
            self.remember_check.setChecked(False)  # not saved again by the import unasked
        self.save_note.setStyleSheet("")
        self.save_note.setText(_("Deleted the saved mapping “{name}”.").format(name=name))
        self._changed()


def _delimiter_word(option: str) -> str:
    """``commas`` for ``,``; a mark arapp has no word for, as it is."""
    word = DELIMITER_WORDS.get(option)
    return _(word) if word else DELIMITER_NAMES.get(option, option)
