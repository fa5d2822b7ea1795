# SPDX-License-Identifier: MIT
"""Settings ▸ Invoices: every company setting declared in ``SPECS``, each with a fitting input.

Values are checked with each setting's own parser before anything is stored, and stored with
``set_setting`` when the dialog's Save is clicked; only settings that changed are written, so the
others keep following their defaults. A setting added to ``SPECS`` later shows up under "Other"
with a plain text input until it gets a better one here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from arapp.domain.errors import ValidationError
from arapp.domain.numbering import NumberPattern
from arapp.formatting import parse_amount
from arapp.i18n import N_, _
from arapp.paths import app_paths
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.services.settings import SPECS, get_setting, set_setting
from arapp.ui.choices import COMMON_TERMS, editable_combo
from arapp.ui.dialog_parts import push_button
from arapp.ui.forms import plain_label
from arapp.ui.settings.groups import HINT_STYLE, FormGroups, exact_amount_text, note_label

PAPER_SIZES = ((N_("A4"), "a4"), (N_("US Letter"), "letter"))
PATTERN_KEYS = ("invoice.number_pattern", "invoice.credit_note_pattern")
# Where each setting goes, with its caption; settings not listed go to "Other". Titles and
# captions are translated where shown.
LAYOUT: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        N_("Numbering"),
        (
            ("invoice.number_pattern", N_("&Invoice numbers")),
            ("invoice.credit_note_pattern", N_("C&redit note numbers")),
        ),
    ),
    (
        N_("On the invoice"),
        (
            ("invoice.paper_size", N_("Paper si&ze")),
            ("invoice.default_terms", N_("Default &terms")),
            ("invoice.footer", N_("&Footer")),
        ),
    ),
    (
        N_("Payments"),
        (
            ("fees.late_fee_flat", N_("&Late fee")),
            ("fees.interest_percent_per_month", N_("I&nterest")),
            ("fees.grace_days", N_("&Grace period")),
            ("payments.small_balance_limit", N_("&Write off up to")),
        ),
    ),
    (
        N_("Alerts"),
        (
            ("alerts.digest", N_("Daily &digest")),
            ("alerts.digest_to", N_("Owner's e-&mail")),
        ),
    ),
    (N_("Backups"), (("backup.folder", N_("Back&up folder")),)),
)
# Shown under an input whose caption cannot say it all.
HINTS = {
    "payments.small_balance_limit": N_("Small remainders that may be written off"),
    "fees.interest_percent_per_month": N_("Stated on invoices; charged in Tools ▸ Late fees…"),
    "fees.grace_days": N_("Days after the due date before fees start"),
    "alerts.digest_to": N_("Goes when the scheduler runs: arapp alerts digest"),
    "backup.folder": N_(
        "A USB stick or a synced folder keeps the copies off this computer; "
        "empty for arapp's own folder"
    ),
}
# Units shown after number inputs ("" for the company's currency).
UNITS = {
    "fees.late_fee_flat": "",
    "fees.interest_percent_per_month": N_("% per month"),
    "fees.grace_days": N_("days"),
    "payments.small_balance_limit": "",
}
# The text of a yes/no setting's check box (else the setting's description, from the services).
CHECK_TEXT = {
    "alerts.digest": N_("E-mail the owner the day's alerts, once a day (arapp alerts digest)"),
}
LEFT_GROUPS = (N_("Numbering"), N_("On the invoice"))
OTHER = N_("Other")
MAIL_PREFIXES = ("smtp.", "reminders.", "mail.")  # mail.*: document e-mail texts (arapp config)
NOTE = N_(
    "Used for new invoices and every PDF. Changes here are kept when you click Save; invoices "
    "already issued keep their numbers."
)


@dataclass
class SettingInput:
    """One setting's input: the widget in the form, how to read it as text, its first text."""

    editor: QWidget
    focus: QWidget
    read: Callable[[], str]
    initial: str = ""


def _with_hint(widget: QWidget, hint: QLabel) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    column.addWidget(hint)
    return box


def _with_unit(widget: QWidget, unit: str) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    widget.setMaximumWidth(140)
    row.addWidget(widget)
    row.addWidget(plain_label(unit))
    row.addStretch(1)
    return box


def _hint(text: str) -> QLabel:
    hint = plain_label(text, wrap=True)
    hint.setStyleSheet(HINT_STYLE)
    return hint


def _caption_of(key: str) -> str:
    """``payments.small_balance_limit`` → ``Small balance limit`` (English: a setting new to
    ``SPECS`` shows so until it gets a place and a caption in ``LAYOUT``)."""
    return key.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def pattern_example(text: str, ctx: AppContext) -> str | None:
    """What a number from ``text`` looks like; ``None`` if it cannot number anything."""
    try:
        example = NumberPattern(text.strip()).format(ctx.today(), 42)
    except ValidationError:
        return None
    return _("For example {number}").format(number=example)


class InvoicesTab(QWidget):
    """Inputs for every setting in ``SPECS`` but the mail and reminder ones (the E-mail tab).

    Attributes:
        inputs: The input of each setting, by key.
        groups: The group forms; ``groups.error_for("invoice.number_pattern")`` is its label.
    """

    def __init__(self, ctx: AppContext, currency: str, locale: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.currency = currency
        self.locale = locale
        self.groups = FormGroups("settings")
        self.inputs: dict[str, SettingInput] = {}
        placed = {key for _title, rows in LAYOUT for key, _caption in rows}
        others = tuple(
            (key, _caption_of(key))
            for key in SPECS
            if key not in placed and not key.startswith(MAIL_PREFIXES)  # the E-mail tab's
        )
        rows_by_group = [*LAYOUT, (OTHER, others)]
        for title, rows in rows_by_group:
            for key, caption in rows:
                if key not in SPECS:
                    continue  # a setting that was dropped from SPECS
                field = self._input(key)
                field.initial = field.read()
                field.focus.setObjectName(key)
                field.focus.setToolTip(SPECS[key].description)
                # Settings' descriptions come from the services, as they are.
                hint = SPECS[key].description if title == OTHER else HINTS.get(key)
                if hint:  # "Other" has no caption of its own: say what it is
                    field.editor = _with_hint(
                        field.editor, _hint(hint if title == OTHER else _(hint))
                    )
                self.inputs[key] = field
                self.groups.add_row(
                    _(title), caption if title == OTHER else _(caption), key, field.editor
                )

        left_groups = [_(title) for title in LEFT_GROUPS]
        self.groups.align_labels(*left_groups)
        self.groups.align_labels(*(t for t in self.groups.boxes if t not in left_groups))
        left = QVBoxLayout()
        right = QVBoxLayout()
        for column in (left, right):
            column.setSpacing(12)
        for title, box in self.groups.boxes.items():
            (left if title in left_groups else right).addWidget(box)
        left.addStretch(1)
        right.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(14, 14, 14, 12)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        grid.addWidget(note_label(_(NOTE)), 0, 0, 1, 2)
        grid.addWidget(self.groups.banner, 1, 0, 1, 2)
        grid.addLayout(left, 2, 0)
        grid.addLayout(right, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

    # -- inputs ---------------------------------------------------------------------------------

    def _input(self, key: str) -> SettingInput:
        value = get_setting(self.ctx, key)
        if key in PATTERN_KEYS:
            return self._pattern_input(str(value))
        if key == "invoice.paper_size":
            combo = QComboBox()
            for label, code in PAPER_SIZES:
                combo.addItem(_(label), code)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.setMaximumWidth(220)
            return SettingInput(combo, combo, lambda: str(combo.currentData()))
        if key == "invoice.default_terms":
            terms = editable_combo(COMMON_TERMS, str(value))
            terms.setMaximumWidth(220)
            return SettingInput(terms, terms, lambda: terms.currentText().strip())
        if key == "invoice.footer":
            footer = QPlainTextEdit(str(value))
            footer.setTabChangesFocus(True)
            footer.setFixedHeight(64)
            return SettingInput(footer, footer, lambda: footer.toPlainText().strip())
        if isinstance(value, bool):
            text = CHECK_TEXT.get(key)
            check = QCheckBox(_(text) if text else SPECS[key].description.rstrip("."))
            check.setChecked(value)
            return SettingInput(check, check, lambda: "yes" if check.isChecked() else "no")
        if isinstance(value, Decimal):
            edit = QLineEdit(exact_amount_text(value, self.currency, self.locale))
            unit = _(UNITS[key]) if UNITS.get(key) else (self.currency if key in UNITS else "")
            return SettingInput(
                _with_unit(edit, unit) if unit else edit, edit, lambda: self._decimal(edit)
            )
        if key == "backup.folder":
            return self._folder_input(str(value))
        edit = QLineEdit(str(value))
        if key in UNITS:  # a whole number with a unit (grace days)
            return SettingInput(_with_unit(edit, _(UNITS[key])), edit, lambda: edit.text().strip())
        return SettingInput(edit, edit, lambda: edit.text().strip())

    def _pattern_input(self, value: str) -> SettingInput:
        edit = QLineEdit(value)
        edit.setPlaceholderText(_("Such as INV-{year}-{seq:05}"))
        hint = _hint("")

        def show_example(text: str) -> None:
            example = pattern_example(text, self.ctx)
            hint.setText(example or "")
            hint.setVisible(example is not None)  # a wrong pattern is reported on Save

        show_example(value)
        edit.textChanged.connect(show_example)
        return SettingInput(_with_hint(edit, hint), edit, lambda: edit.text().strip())

    def _folder_input(self, value: str) -> SettingInput:
        """The backup folder: typed, or chosen with a folder dialog; empty shows the default."""
        edit = QLineEdit(value)
        edit.setPlaceholderText(str(app_paths().backup_dir))
        edit.setToolTip(SPECS["backup.folder"].description)

        def choose() -> None:
            chosen = QFileDialog.getExistingDirectory(
                self, _("Backup folder"), edit.text() or edit.placeholderText()
            )
            if chosen:
                edit.setText(chosen)

        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(edit, 1)
        row.addWidget(push_button(_("C&hoose…"), choose))
        return SettingInput(box, edit, lambda: edit.text().strip())

    def _decimal(self, edit: QLineEdit) -> str:
        """The number typed in the company's notation as plain text; text that does not parse
        goes to the setting's parser as typed, which says what is wrong."""
        text = edit.text().strip()
        try:
            return format(parse_amount(text, self.locale), "f")
        except ValidationError:
            return text

    # -- reading, checking, saving ----------------------------------------------------------------

    def values(self) -> dict[str, str]:
        return {key: field.read() for key, field in self.inputs.items()}

    def changed(self) -> dict[str, str]:
        return {k: text for k, text in self.values().items() if text != self.inputs[k].initial}

    def is_dirty(self) -> bool:
        return bool(self.changed())

    def check(self) -> InputErrors | None:
        """Every wrong value, with its setting as the field; ``None`` when all are right.

        Number patterns are also checked with the numbering rules themselves, so a pattern
        that could never number an invoice is refused here rather than when issuing.
        """
        errors = []
        for key, text in self.changed().items():
            try:
                SPECS[key].parse(text)
                if key in PATTERN_KEYS:
                    NumberPattern(text)
            except ValidationError as exc:
                errors.append(ValidationError(key, exc.message))
        return InputErrors(errors) if errors else None

    def save(self) -> None:
        """Store the settings that changed (call :meth:`check` first)."""
        for key, text in self.changed().items():
            set_setting(self.ctx, key, text)
            self.inputs[key].initial = text
