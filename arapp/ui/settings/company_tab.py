# SPDX-License-Identifier: MIT
"""Settings ▸ Company: who issues the invoices, in which currency and locale, where customers
pay, and the logo. Saved with the dialog's Save button, through ``save_company``.

The form itself, :class:`CompanyForm`, is also the short set-up of File ▸ New books… (with some
of its fields and a group of its own), so both ask for the company the same way."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from arapp.i18n import N_, _
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.ui.choices import COMMON_CURRENCIES, COMMON_LOCALES, editable_combo
from arapp.ui.settings.groups import FormGroups, note_label
from arapp.ui.settings.logo import LogoChooser
from arapp.ui.settings.payment_link import CAPTION, PLACEHOLDER_TEXT, LinkPreview
from arapp.ui.widgets.schemes import scheme_combo

# Group title, then (field, caption, placeholder) in form order (translated where shown).
GROUPS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        N_("Business"),
        (
            ("name", N_("Trading &name"), N_("As customers know you")),
            ("legal_name", N_("&Legal name"), N_("If different, such as … Ltd")),
            ("street", N_("&Address"), ""),
            ("postcode", N_("Postco&de"), ""),
            ("city", N_("Cit&y"), ""),
            ("region", N_("State / re&gion"), N_("State, province, county (if used)")),
            ("country", N_("Country"), N_("Two letters: IE, DE, FR…")),
            ("email", N_("&E-mail"), N_("accounts@example.com")),
            ("phone", N_("P&hone"), ""),
            ("website", N_("&Website"), N_("example.com")),
            ("contact_name", N_("Contact &person"), N_("Who customers deal with")),
        ),
    ),
    (
        N_("Tax and e-invoices"),
        (
            ("tax_id", N_("&Tax / VAT id"), N_("Such as IE1234567T")),
            ("registration_id", N_("Registration no."), N_("Company number")),
            ("electronic_address", N_("E-in&voice address"), N_("Where e-invoices reach you")),
            ("electronic_address_scheme", N_("Sche&me"), ""),
        ),
    ),
    (
        N_("Money"),
        (
            ("currency", N_("&Currency"), ""),
            ("locale", N_("L&ocale"), ""),
        ),
    ),
    (
        N_("Payment details"),
        (
            ("bank_name", N_("&Bank"), ""),
            ("iban", N_("&IBAN"), N_("For transfers and the QR code")),
            ("bic", N_("BIC / SWI&FT"), ""),
            ("account_number", N_("Account n&umber"), N_("Domestic, if no IBAN")),
            ("payment_link_url", CAPTION, PLACEHOLDER_TEXT),
        ),
    ),
)

NOTE = N_("Printed on every invoice. Changes here are kept when you click Save.")
LEFT_GROUPS = (N_("Business"), N_("Tax and e-invoices"))
RIGHT_GROUPS = (N_("Money"), N_("Payment details"), N_("Logo"))


class CompanyForm(QWidget):
    """The company profile form in two columns (the fields' widgets, groups and logo chooser).

    Attributes:
        inputs: The input of each :class:`CompanyProfile` field shown, by field name.
        groups: The group forms; ``groups.error_for("currency")`` is a field's error label.
        logo: The logo chooser.
    """

    def __init__(
        self,
        profile: CompanyProfile,
        *,
        only: Collection[str] | None = None,
        captions: Mapping[str, str] | None = None,
        note: str | None = None,
        extra: tuple[str, Sequence[tuple[str, str, QWidget]]] | None = None,
    ) -> None:
        """``only`` the fields named (all by default), with other ``captions`` for some; the
        group ``extra`` (title, then caption, field and widget per row) goes under both columns;
        ``captions``, ``note`` and ``extra`` are translated by the caller (``NOTE`` here)."""
        super().__init__()
        self.initial = profile
        self.inputs: dict[str, QLineEdit | QPlainTextEdit | QComboBox] = {}
        self.groups = FormGroups("company")
        captions = captions or {}
        for title, rows in GROUPS:
            for name, caption, placeholder in rows:
                if only is not None and name not in only:
                    continue
                shown = _(placeholder) if placeholder else ""
                widget = self._input(name, getattr(profile, name), shown)
                widget.setObjectName(name)
                self.inputs[name] = widget
                self.groups.add_row(_(title), captions.get(name) or _(caption), name, widget)
        self.link_preview: LinkPreview | None = None
        link = self.inputs.get("payment_link_url")
        if isinstance(link, QLineEdit):
            self.link_preview = LinkPreview(link, lambda: self._text("currency"))
            self.groups.group(_("Payment details")).layout.addRow("", self.link_preview.label)
            currency = self.inputs.get("currency")
            if isinstance(currency, QComboBox):
                currency.currentTextChanged.connect(self.link_preview.refresh)
        self.logo = LogoChooser(profile.logo)
        self.logo.setObjectName("logo")
        self.groups.add_row(_("Logo"), _("Picture"), "logo", self.logo)
        if extra is not None:
            for caption, name, widget in extra[1]:
                widget.setObjectName(name)
                self.groups.add_row(extra[0], caption, name, widget)
        boxes = self.groups.boxes
        right_groups = [_(title) for title in RIGHT_GROUPS if _(title) in boxes]

        left_groups = [_(title) for title in LEFT_GROUPS if _(title) in boxes]
        self.groups.align_labels(*left_groups)
        self.groups.align_labels(*right_groups)
        for name in ("currency", "locale"):
            if name in self.inputs:
                self.inputs[name].setMaximumWidth(200)
        if "electronic_address" in self.inputs:  # the address and its scheme go together
            self.inputs["electronic_address"].setToolTip(
                _(
                    "Where e-invoices reach you, in the scheme below (for example your GLN, or "
                    "your Peppol id); empty: your e-mail address"
                )
            )
        right = QVBoxLayout()
        right.setSpacing(12)
        for title in right_groups:
            right.addWidget(boxes[title])
        right.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(14, 14, 14, 12)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        grid.addWidget(note_label(_(NOTE) if note is None else note), 0, 0, 1, 2)
        grid.addWidget(self.groups.banner, 1, 0, 1, 2)
        left = QVBoxLayout()
        left.setSpacing(12)
        for title in left_groups:
            left.addWidget(boxes[title])
        left.addStretch(1)
        grid.addLayout(left, 2, 0)
        grid.addLayout(right, 2, 1)
        if extra is not None:
            grid.addWidget(boxes[extra[0]], 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(4, 1)

    @staticmethod
    def _input(name: str, value: str, placeholder: str) -> QLineEdit | QPlainTextEdit | QComboBox:
        if name in ("address", "street"):
            edit = QPlainTextEdit(value)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(76 if name == "address" else 46)  # two lines show
            edit.setPlaceholderText(placeholder or _("Street and number; more lines if needed"))
            return edit
        if name in ("currency", "locale"):
            items = COMMON_CURRENCIES if name == "currency" else COMMON_LOCALES
            return editable_combo(items, value)
        if name == "electronic_address_scheme":
            return scheme_combo(value, _("your e-mail address"))
        line = QLineEdit(value)
        line.setPlaceholderText(placeholder)
        line.setCursorPosition(0)  # a long address shows its start
        return line

    def _text(self, name: str) -> str:
        widget = self.inputs[name]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        if isinstance(widget, QLineEdit):
            return widget.text().strip()
        if not widget.isEditable():  # a list of codes with their names
            return str(widget.currentData() or "")
        return widget.currentText().strip()

    def profile(self) -> CompanyProfile:
        """What the form holds, as the service takes it."""
        values = {name: self._text(name) for name in self.inputs}
        if "currency" in values:
            values["currency"] = values["currency"].upper()
        # replace(): a field this form does not know yet keeps its stored value.
        return replace(self.initial, **values, logo=self.logo.data)


class CompanyTab(CompanyForm):
    """Settings ▸ Company: every field of the profile, saved through ``save_company``."""

    def __init__(self, ctx: AppContext, profile: CompanyProfile) -> None:
        super().__init__(profile)
        self.ctx = ctx

    def is_dirty(self) -> bool:
        return self.profile() != self.initial

    def save(self) -> CompanyProfile:
        """Save the profile if it changed; raises ``InputErrors`` with every wrong field."""
        if self.is_dirty():
            self.initial = save_company(self.ctx, self.profile())
        return self.initial
