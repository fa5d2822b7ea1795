# SPDX-License-Identifier: MIT
"""Tools ▸ Company profile…: who issues the invoices, in which currency and locale."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import NamedTuple

from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from arapp.i18n import N_, _
from arapp.services.company import CompanyProfile, get_company, save_company
from arapp.services.context import AppContext
from arapp.ui.choices import COMMON_CURRENCIES, COMMON_LOCALES, editable_combo
from arapp.ui.forms import FormDialog
from arapp.ui.settings.payment_link import CAPTION, PLACEHOLDER_TEXT, LinkPreview


class _Field(NamedTuple):
    name: str


_CAPTIONS = {
    "name": N_("Trading &name"),
    "legal_name": N_("&Legal name"),
    "street": N_("&Address"),
    "postcode": N_("Postco&de"),
    "city": N_("Cit&y"),
    "country": N_("Country"),
    "email": N_("&E-mail"),
    "phone": N_("&Phone"),
    "website": N_("&Website"),
    "tax_id": N_("&Tax / VAT id"),
    "currency": N_("&Currency"),
    "locale": N_("L&ocale"),
    "bank_name": N_("&Bank"),
    "iban": N_("&IBAN"),
    "bic": N_("BIC / SWI&FT"),
    "account_number": N_("Account n&umber"),
    "payment_link_url": CAPTION,
}
#: Everything typed as text, in the order of the captions; the logo is a picture, chosen in
#: Settings (and so are the e-invoice fields).
_NAMES = {f.name for f in fields(CompanyProfile)}
_TEXT_FIELDS = tuple(_Field(name) for name in _CAPTIONS if name in _NAMES)


class CompanyDialog(FormDialog):
    """Edits the :class:`CompanyProfile` and saves it with ``save_company``.

    Attributes:
        profile: The saved profile after :meth:`accept`.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Company profile"), parent)
        self.ctx = ctx
        self.profile: CompanyProfile | None = None
        current = get_company(ctx) or CompanyProfile(name="")
        self.current = current
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        for field in _TEXT_FIELDS:
            value = getattr(current, field.name)
            if field.name == "street":
                widget: QWidget = QPlainTextEdit(value)
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(52)
            elif field.name in ("currency", "locale"):
                items = COMMON_CURRENCIES if field.name == "currency" else COMMON_LOCALES
                widget = editable_combo(items, value)
            else:
                widget = QLineEdit(value)
            self.inputs[field.name] = widget  # type: ignore[assignment]
        self.add_rows((_(_CAPTIONS[f.name]), f.name, self.inputs[f.name]) for f in _TEXT_FIELDS)
        link = self.inputs["payment_link_url"]
        assert isinstance(link, QLineEdit)
        link.setPlaceholderText(PLACEHOLDER_TEXT)  # an address: not translated
        link.setCursorPosition(0)
        self.link_preview = LinkPreview(link, lambda: self._text("currency"))
        self.form.layout.addRow("", self.link_preview.label)
        currency: QWidget = self.inputs["currency"]
        if isinstance(currency, QComboBox):
            currency.currentTextChanged.connect(self.link_preview.refresh)
        self.finish(520)
        self.resize(self.sizeHint())  # the wrapped preview lines need their height

    def _text(self, name: str) -> str:
        widget = self.inputs[name]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QLineEdit):
            return widget.text()
        return widget.currentText()

    def save(self) -> None:
        values = {f.name: self._text(f.name).strip() for f in _TEXT_FIELDS}
        values["currency"] = values["currency"].upper()
        values["street"] = self._text("street").strip()
        # the logo is chosen in Settings; keep whatever is there
        self.profile = self.saved(lambda: save_company(self.ctx, replace(self.current, **values)))
