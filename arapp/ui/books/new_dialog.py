# SPDX-License-Identifier: MIT
"""File ▸ New books…: the short set-up of one's own books.

The company's name, address, VAT id, currency, language and country, bank details and logo (the
fields of Settings ▸ Company, in the same form, checked by the same service), the invoice number
pattern, and the file the books go in: by default a new file in the data folder named after the
company. Nothing is written before Create books; then ``create_books`` checks everything and
makes the file, or says what is wrong under each field and makes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.domain.numbering import NumberPattern
from arapp.i18n import N_, _
from arapp.paths import app_paths
from arapp.services.books import BOOKS_SUFFIX, books_file_for, create_books
from arapp.services.company import CompanyProfile
from arapp.services.errors import DatabaseError, InputErrors, ServiceError
from arapp.services.settings import INVOICE_NUMBER_PATTERN
from arapp.ui.forms import plain_label
from arapp.ui.settings.company_tab import CompanyForm
from arapp.ui.settings.groups import HINT_STYLE
from arapp.ui.widgets.screen import fit_to_screen

#: The company fields the set-up asks for; the others wait in Settings ▸ Company.
FIELDS = (
    "name", "street", "postcode", "city", "country", "tax_id", "currency", "locale", "bank_name",
    "iban", "bic",
)  # fmt: skip
CAPTIONS = {"locale": N_("Lan&guage, country")}
NOTE = N_(
    "Your company as your invoices will show it. Only the name is needed now; everything can "
    "be changed later in Tools ▸ Settings."
)
BOOKS_FILTER = N_("arapp books ({patterns});;All files (*)")


class NewBooksDialog(QDialog):
    """Asks for the new books and makes them (the window then opens them).

    Attributes:
        form: The company form (``form.inputs``, ``form.logo``, ``form.groups``).
        number_pattern: The invoice number pattern.
        file_edit: Where the books go.
        created: The new books' file, after Create books made them.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        folder: Path | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        """``folder`` is where the books go unless another file is chosen (the data folder);
        ``today`` dates the number pattern's example."""
        super().__init__(parent)
        self.setWindowTitle(_("New books"))
        self.folder = folder or app_paths().data_dir
        self.today = today
        self.created: Path | None = None
        self._file_chosen = False
        self.number_pattern = QLineEdit(INVOICE_NUMBER_PATTERN.default)
        self.example = plain_label()
        self.example.setStyleSheet(HINT_STYLE)
        pattern = QWidget()
        column = QVBoxLayout(pattern)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.number_pattern)
        column.addWidget(self.example)
        self.file_edit = QLineEdit()
        self.file_edit.setToolTip(
            _("The file the new books go in; a file that exists is never used")
        )
        self.change_button = QPushButton(_("C&hange…"))
        self.change_button.clicked.connect(self.choose_file)
        where = QWidget()
        row = QHBoxLayout(where)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.change_button)
        self.form = CompanyForm(
            CompanyProfile(name=""),
            only=FIELDS,
            captions={name: _(caption) for name, caption in CAPTIONS.items()},
            note=_(NOTE),
            extra=(
                _("Books"),
                (
                    (_("Invoice n&umbers"), "number_pattern", pattern),
                    (_("Fi&le"), "file", where),
                ),
            ),
        )
        self.form.inputs["locale"].setToolTip(
            _("How amounts and dates are written, such as en_GB or de_DE")
        )
        name = self.form.inputs["name"]
        assert isinstance(name, QLineEdit)
        name.textChanged.connect(self._suggest_file)
        self.file_edit.textEdited.connect(self._file_typed)
        self.number_pattern.textChanged.connect(self._show_example)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = buttons.addButton(
            _("Cr&eate books"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.create)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 10)
        layout.addWidget(self.form, 1)
        layout.addWidget(buttons)
        self._suggest_file("")
        self._show_example(self.number_pattern.text())
        fit_to_screen(self, 900, 560)
        name.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the file ----------------------------------------------------------------------------

    def _suggest_file(self, name: str) -> None:
        """Follow the company's name until a file is chosen or typed."""
        if not self._file_chosen:
            self.file_edit.setText(str(books_file_for(name, self.folder)))

    def _file_typed(self, _text: str) -> None:
        self._file_chosen = True

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Where the new books go"),
            self.file_edit.text(),
            _(BOOKS_FILTER).format(patterns=f"*{BOOKS_SUFFIX}"),
        )
        if chosen:
            self.set_file(Path(chosen))

    def set_file(self, path: Path) -> None:
        """Put the books in ``path`` (what Change… does once a file is picked)."""
        if not path.suffix:
            path = path.with_suffix(BOOKS_SUFFIX)
        self._file_chosen = True
        self.file_edit.setText(str(path))

    def _show_example(self, text: str) -> None:
        try:
            number = NumberPattern(text.strip()).format(self.today(), 42)
            example = _("For example {number}").format(number=number)
        except ValidationError:
            example = ""
        self.example.setText(example)
        self.example.setVisible(bool(example))  # a wrong pattern is reported on Create

    # -- making the books --------------------------------------------------------------------

    def target(self) -> Path:
        """The file typed: a bare name goes in the data folder, with the books' suffix."""
        text = self.file_edit.text().strip()
        if not text:
            return Path()  # "Give the new books a file name."
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        return path if path.suffix else path.with_suffix(BOOKS_SUFFIX)

    def create(self) -> None:
        """Make the books, or show under each field what is wrong (and make nothing)."""
        groups = self.form.groups
        groups.clear_errors()
        try:
            self.created = create_books(
                self.target(), self.form.profile(), self.number_pattern.text()
            )
        except InputErrors as exc:
            groups.show_errors(exc)
            first = groups.first_wrong_field()
            widget = self.findChild(QWidget, first) if first else None
            if widget is not None:
                widget.setFocus()
            return
        except (ServiceError, DatabaseError, OSError) as exc:
            groups.show_banner(_("The books could not be made: {reason}").format(reason=exc))
            return
        self.accept()
