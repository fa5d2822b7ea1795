# SPDX-License-Identifier: MIT
"""The payment link's hint and live preview under its field (Settings ▸ Company and the
company profile dialog): what the placeholders stand for, and the link a sample invoice
would print, or why the pattern would be refused, as it is typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit

from arapp.domain.errors import ValidationError
from arapp.domain.payment_link import SAMPLE, sample_link
from arapp.i18n import N_, _
from arapp.ui.forms import plain_label
from arapp.ui.settings.groups import HINT_STYLE

CAPTION = N_("Payment lin&k")
PLACEHOLDER_TEXT = N_("https://pay.example/{number}?amount={amount}")
HINT = N_(
    "Each invoice fills in {number}, {amount} (as 1234.50), {currency}, {customer} and "
    "{reference}. A plain address without them works too."
)
_BREAK = "\u200b"  # lets a long address wrap after / ? & = without changing what is read


class LinkPreview:
    """Grey lines under the field: what the placeholders stand for, then the link of a sample
    invoice while the pattern is typed (or why it would be refused).

    Attributes:
        label: The lines to put under the field.
    """

    def __init__(self, edit: QLineEdit, currency: Callable[[], str]) -> None:
        self.edit = edit
        self.currency = currency
        self.label = plain_label(wrap=True)  # not for copying: it holds invisible break hints
        self.label.setObjectName("payment_link_preview")
        self.label.setStyleSheet(HINT_STYLE)
        edit.textChanged.connect(self.refresh)
        self.refresh()

    def text(self) -> str:
        """What the preview says (after the hint), without the break hints."""
        return self.label.text().split("\n", 1)[1].replace(_BREAK, "")

    def refresh(self) -> None:
        self.label.setText(f"{_(HINT)}\n{self._preview()}")

    def _preview(self) -> str:
        try:
            link = sample_link(self.edit.text(), self.currency().strip().upper())
        except ValidationError as exc:
            return exc.message
        if not link:
            return _("No payment link: invoices print none.")
        for ch in "/?&=":
            link = link.replace(ch, ch + _BREAK)
        return _("Invoice {number} would link to {link}").format(number=SAMPLE.number, link=link)
