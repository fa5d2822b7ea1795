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

from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.ui.choices import COMMON_CURRENCIES, COMMON_LOCALES, editable_combo
from arapp.ui.settings.groups import FormGroups, note_label
from arapp.ui.settings.logo import LogoChooser
from arapp.ui.settings.payment_link import CAPTION, PLACEHOLDER_TEXT, LinkPreview
from arapp.ui.widgets.schemes import scheme_combo

# Group title, then (field, caption, placeholder) in form order.
GROUPS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "Business",
        (
            ("name", "Trading &name", "As customers know you"),
            ("legal_name", "&Legal name", "If different, such as … Ltd"),
            ("street", "&Address", ""),
            ("postcode", "Postco&de", ""),
            ("city", "Cit&y", ""),
            ("region", "State / re&gion", "State, province, county (if used)"),
            ("country", "Country", "Two letters: IE, DE, FR…"),
            ("email", "&E-mail", "accounts@example.com"),
            ("phone", "P&hone", ""),
            ("website", "&Website", "example.com"),
            ("contact_name", "Contact &person", "Who customers deal with"),
        ),
    ),
    (
        "Tax and e-invoices",
        (
            ("tax_id", "&Tax / VAT id", "Such as IE1234567T"),
            ("registration_id", "Registration no.", "Company number"),
            ("electronic_address", "E-in&voice address", "Where e-invoices reach you"),
            ("electronic_address_scheme", "Sche&me", ""),
        ),
    ),
    (
        "Money",
        (
            ("currency", "&Currency", ""),
            ("locale", "L&ocale", ""),
        ),
    ),
    (
        "Payment details",
        (
            ("bank_name", "&Bank", ""),
            ("iban", "&IBAN", "For transfers and the QR code"),
            ("bic", "BIC / SWI&FT", ""),
            ("account_number", "Account n&umber", "Domestic, if no IBAN"),
            ("payment_link_url", CAPTION, PLACEHOLDER_TEXT),
        ),
    ),
)

NOTE = "Printed on every invoice. Changes here are kept when you click Save."
LEFT_GROUPS = ("Business", "Tax and e-invoices")
RIGHT_GROUPS = ("Money", "Payment details", "Logo")


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
        note: str = NOTE,
        extra: tuple[str, Sequence[tuple[str, str, QWidget]]] | None = None,
    ) -> None:
        """``only`` the fields named (all by default), with other ``captions`` for some; the
        group ``extra`` (title, then caption, field and widget per row) goes under both columns."""
        super().__init__()
        self.initial = profile
        self.inputs: dict[str, QLineEdit | QPlainTextEdit | QComboBox] = {}
        self.groups = FormGroups("company")
        captions = captions or {}
        for title, rows in GROUPS:
            for name, caption, placeholder in rows:
                if only is not None and name not in only:
                    continue
                widget = self._input(name, getattr(profile, name), placeholder)
                widget.setObjectName(name)
                self.inputs[name] = widget
                self.groups.add_row(title, captions.get(name, caption), name, widget)
        self.link_preview: LinkPreview | None = None
        link = self.inputs.get("payment_link_url")
        if isinstance(link, QLineEdit):
            self.link_preview = LinkPreview(link, lambda: self._text("currency"))
            self.groups.group("Payment details").layout.addRow("", self.link_preview.label)
            currency = self.inputs.get("currency")
            if isinstance(currency, QComboBox):
                currency.currentTextChanged.connect(self.link_preview.refresh)
        self.logo = LogoChooser(profile.logo)
        self.logo.setObjectName("logo")
        self.groups.add_row("Logo", "Picture", "logo", self.logo)
        if extra is not None:
            for caption, name, widget in extra[1]:
                widget.setObjectName(name)
                self.groups.add_row(extra[0], caption, name, widget)
        boxes = self.groups.boxes
        right_groups = [title for title in RIGHT_GROUPS if title in boxes]

        self.groups.align_labels(*(t for t in LEFT_GROUPS if t in boxes))
        self.groups.align_labels(*right_groups)
        for name in ("currency", "locale"):
            if name in self.inputs:
                self.inputs[name].setMaximumWidth(200)
        if "electronic_address" in self.inputs:  # the address and its scheme go together
            self.inputs["electronic_address"].setToolTip(
                "Where e-invoices reach you, in the scheme below (for example your GLN, or "
                "your Peppol id); empty: your e-mail address"
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
        grid.addWidget(note_label(note), 0, 0, 1, 2)
        grid.addWidget(self.groups.banner, 1, 0, 1, 2)
        left = QVBoxLayout()
        left.setSpacing(12)
        for title in LEFT_GROUPS:
            if title in boxes:
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
            edit.setPlaceholderText(placeholder or "Street and number; more lines if needed")
            return edit
        if name in ("currency", "locale"):
            items = COMMON_CURRENCIES if name == "currency" else COMMON_LOCALES
            return editable_combo(items, value)
        if name == "electronic_address_scheme":
            return scheme_combo(value, "your e-mail address")
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
