# SPDX-License-Identifier: MIT
"""Which column of a bank's CSV is which: one box per field, how numbers and dates are written,
and "Remember as <bank>".

The file's columns and a first guess come from :func:`~arapp.services.bank.csvpreview.
preview_csv`; saved mappings from :mod:`arapp.services.transfer.mappings` (kind ``bank_csv``).
The form only gathers a mapping dict; :class:`~arapp.services.bank.csvformat.CsvMapping` checks
it when the statement is read.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from arapp.i18n import N_, _
from arapp.services.bank.csvpreview import DATE_FORMATS, CsvPreview, preview_csv
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError
from arapp.services.transfer.mappings import load_mapping, mapping_names
from arapp.ui.forms import plain_label

KIND = "bank_csv"
# The texts below are shown through _() (the language is chosen after import).
NOT_IN_FILE = N_("— not in the file —")
NEW_MAPPING = N_("New mapping (from the column names)")
FIELDS: tuple[tuple[str, str], ...] = (
    ("date", N_("Booking &date *")),
    ("amount", N_("&Amount")),
    ("credit", N_("or money &in")),
    ("debit", N_("and money &out")),
    ("currency", N_("C&urrency")),
    ("counterparty", N_("&Counterparty")),
    ("counterparty_account", N_("Counterparty acc&ount")),
    ("reference", N_("&Reference")),
    ("bank_ref", N_("&Bank's line id")),
)
ENCODINGS = ("utf-8", "cp1252", "latin-1", "iso-8859-15", "utf-16")
# Translators: "Find it": arapp finds the CSV file's delimiter itself; "Tab": the tab character.
DELIMITERS = (("auto", N_("Find it")), (";", ";"), (",", ","), ("tab", N_("Tab")), ("|", "|"))
SAMPLE_CHARS = 24
SAMPLE_STYLE = "color: palette(placeholder-text);"


class MappingForm(QWidget):
    """The mapping of one bank CSV.

    Attributes:
        changed: ``Signal()``, a choice changed (emitted once per pause).
        combos: Our field to its box (item data: the file's column name, "" for none).
        saved_box: "Saved mapping": a new one first, then the remembered ones.
        remember_check, remember_name: Remember the mapping under this name after importing.
        preview: What the file looks like with the current encoding and delimiter.
    """

    changed = Signal()

    def __init__(self, ctx: AppContext, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.data = ctx, data
        self.preview: CsvPreview = preview_csv(data)
        self._quiet = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # one check per pause, not per key stroke
        self._timer.timeout.connect(self.changed.emit)

        self.saved_box = QComboBox()
        self.saved_box.setObjectName("savedBankMapping")
        self.saved_box.addItem(_(NEW_MAPPING), "")
        for name in mapping_names(ctx, KIND):
            self.saved_box.addItem(name, name)
        self.saved_box.activated.connect(lambda _n: self._saved_chosen())
        top = QHBoxLayout()
        saved_label = QLabel(_("&Saved mapping:"))
        saved_label.setBuddy(self.saved_box)
        top.addWidget(saved_label)
        top.addWidget(self.saved_box, 1)

        columns = QGroupBox(_("Columns of the file"))
        grid = QGridLayout(columns)
        grid.setHorizontalSpacing(10)
        self.combos: dict[str, QComboBox] = {}
        self.samples: dict[str, QLabel] = {}
        for row, (key, text) in enumerate(FIELDS):
            combo = QComboBox()
            combo.setObjectName(f"bankColumn_{key}")
            combo.setMinimumWidth(190)
            combo.currentIndexChanged.connect(lambda _n, k=key: self._column_changed(k))
            sample = plain_label()
            sample.setStyleSheet(SAMPLE_STYLE)
            sample.setMinimumWidth(120)
            caption = QLabel(_(text))
            caption.setBuddy(combo)
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(combo, row, 1)
            grid.addWidget(sample, row, 2)
            self.combos[key], self.samples[key] = combo, sample
        grid.setColumnStretch(2, 1)

        options = QGroupBox(_("How the file is written"))
        form = QFormLayout(options)
        self.decimal_comma = QCheckBox(_("Decimal &comma (1.234,56)"))
        self.decimal_comma.setObjectName("decimalComma")
        self.date_format = QComboBox()
        self.date_format.setObjectName("dateFormat")
        self.date_format.setEditable(True)
        self.date_format.addItems(DATE_FORMATS)
        self.date_format.setToolTip(_("%d day, %m month, %Y year (4 digits), %y year (2 digits)"))
        self.encoding = QComboBox()
        self.encoding.setObjectName("encoding")
        self.encoding.addItems(ENCODINGS)
        self.delimiter = QComboBox()
        self.delimiter.setObjectName("delimiter")
        for code, text in DELIMITERS:
            self.delimiter.addItem(_(text) if text[0].isalpha() else text, code)
        self.account = QLineEdit()
        self.account.setObjectName("bankAccount")
        self.account.setPlaceholderText(_("the mapping's name"))
        self.account.setToolTip(_("Our account these lines are booked on (the file does not say)"))
        form.addRow(self.decimal_comma)
        form.addRow(_("Date &format"), self.date_format)
        form.addRow(_("&Encoding"), self.encoding)
        form.addRow(_("Deli&miter"), self.delimiter)
        form.addRow(_("Accou&nt"), self.account)
        self.remember_check = QCheckBox(_("Remember as"))
        self.remember_check.setObjectName("rememberMapping")
        self.remember_name = QLineEdit()
        self.remember_name.setObjectName("rememberName")
        self.remember_name.setPlaceholderText(_("bank name, e.g. Sparkasse"))
        self.remember_name.setMaxLength(100)
        self.remember_name.textEdited.connect(lambda t: self.remember_check.setChecked(bool(t)))
        form.addRow(self.remember_check, self.remember_name)

        for signal in (
            self.decimal_comma.toggled,
            self.date_format.currentTextChanged,
            self.account.textChanged,
            self.remember_name.textChanged,
        ):
            signal.connect(lambda *_: self._changed())
        self.encoding.activated.connect(lambda _n: self._reread())
        self.delimiter.activated.connect(lambda _n: self._reread())

        body = QHBoxLayout()
        body.addWidget(columns, 3)
        body.addWidget(options, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(body)
        self.encoding.setCurrentText(self.preview.encoding)
        self._fill_columns()
        self.set_mapping(self.preview.guess)

    # -- the file's columns -------------------------------------------------------------------

    def _fill_columns(self) -> None:
        self._quiet = True
        for combo in self.combos.values():
            chosen = combo.currentData() or ""
            combo.clear()
            combo.addItem(_(NOT_IN_FILE), "")
            for name in self.preview.columns:
                combo.addItem(name, name)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        self._quiet = False
        for key in self.combos:
            self._show_sample(key)

    def _reread(self) -> None:
        """Encoding or delimiter changed: read the header again, keep choices by name."""
        self.preview = preview_csv(self.data, self.encoding.currentText(), self.option_delimiter)
        self._fill_columns()
        self._changed()

    @property
    def option_delimiter(self) -> str:
        return str(self.delimiter.currentData())

    def _show_sample(self, key: str) -> None:
        name = self.combos[key].currentData() or ""
        text = " ".join(self.preview.samples.get(name, "").split())
        if len(text) > SAMPLE_CHARS:
            text = text[: SAMPLE_CHARS - 1] + "…"
        self.samples[key].setText(_("e.g. {sample}").format(sample=text) if text else "")

    def _column_changed(self, key: str) -> None:
        if not self._quiet:
            self._show_sample(key)
            self._changed()

    def _changed(self) -> None:
        if not self._quiet:
            self._timer.start()

    # -- the mapping --------------------------------------------------------------------------

    def _saved_chosen(self) -> None:
        name = self.saved_box.currentData()
        if not name:
            self.set_mapping(self.preview.guess)
            return
        try:
            saved = load_mapping(self.ctx, KIND, name)
        except ServiceError:
            return
        self.set_mapping(saved)
        if not saved.get("account"):
            self.account.setText(name)

    def choose_saved(self, name: str) -> None:
        """Choose the saved mapping ``name`` as a person would."""
        self.saved_box.setCurrentIndex(self.saved_box.findData(name))
        self._saved_chosen()

    def set_mapping(self, mapping: dict[str, Any]) -> None:
        """Show ``mapping`` (saved or guessed); columns it names that the file lacks are added
        to the boxes, so the check says they are missing."""
        self._quiet = True
        for key, combo in self.combos.items():
            value = mapping.get(key) or ""
            name = value[0] if isinstance(value, list) and value else str(value or "")
            if name and combo.findData(name) < 0:
                combo.addItem(name, name)
            combo.setCurrentIndex(max(0, combo.findData(name)))
        self.decimal_comma.setChecked(mapping.get("decimal") == ",")
        self.date_format.setCurrentText(str(mapping.get("date_format", "%Y-%m-%d")))
        encoding = str(mapping.get("encoding", self.preview.encoding))
        if self.encoding.findText(encoding) >= 0:
            self.encoding.setCurrentText(encoding)
        delimiter = self.delimiter.findData(mapping.get("delimiter", "auto"))
        self.delimiter.setCurrentIndex(max(0, delimiter))
        self.account.setText(str(mapping.get("account", "")))
        self._quiet = False
        for key in self.combos:
            self._show_sample(key)
        self._changed()

    def mapping(self) -> dict[str, Any]:
        """The mapping as the service reads it (see :mod:`arapp.services.bank.csvformat`)."""
        out: dict[str, Any] = {
            key: combo.currentData() for key, combo in self.combos.items() if combo.currentData()
        }
        out["decimal"] = "," if self.decimal_comma.isChecked() else "."
        out["date_format"] = self.date_format.currentText().strip()
        out["encoding"] = self.encoding.currentText()
        out["delimiter"] = self.option_delimiter
        account = self.account.text().strip() or self.mapping_name()
        if account:
            out["account"] = account
        return out

    def mapping_name(self) -> str:
        """The name to remember (or the saved mapping chosen), or ""."""
        if self.remember_check.isChecked() and self.remember_name.text().strip():
            return self.remember_name.text().strip()
        return str(self.saved_box.currentData() or "")
