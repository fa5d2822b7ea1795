# SPDX-License-Identifier: MIT
"""The totals of an invoice: subtotal, discount, one line per tax rate, total.

Shows an :class:`~arapp.domain.totals.InvoiceTotals` computed by the services (``preview_totals``
while editing, ``InvoiceRecord.totals()`` for a stored invoice); it computes nothing itself.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QWidget

from arapp.domain.totals import InvoiceTotals, TaxRate
from arapp.formatting import format_money
from arapp.i18n import _
from arapp.ui.forms import plain_label


def tax_caption(rate: TaxRate | None) -> str:
    """``VAT 23%`` (the percent added when the name lacks it), ``No tax``."""
    if rate is None:
        return _("No tax")
    percent = f"{format(rate.percent.normalize(), 'f')}%"
    name = rate.name if percent in rate.name.replace(" %", "%") else f"{rate.name} {percent}"
    # Translators: a tax rate whose amount is included in the prices ("VAT 20% incl.").
    return _("{tax} incl.").format(tax=name) if rate.inclusive else name


class TotalsPanel(QFrame):
    """Right-aligned rows of captions and amounts; the total in bold.

    Attributes:
        rows: ``(caption, amount)`` pairs as shown (for tests and screen readers).
    """

    def __init__(self, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("totalsPanel")
        self.locale = locale
        self.rows: list[tuple[str, str]] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(12, 8, 4, 8)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(0, 1)
        self._labels: list[QWidget] = []
        self.setMinimumWidth(320)

    def clear(self, message: str = "") -> None:
        for label in self._labels:
            self.grid.removeWidget(label)
            label.deleteLater()
        self._labels = []
        self.rows = []
        if message:
            self.add_row(message, "", dim=True)

    def show_totals(self, totals: InvoiceTotals, discount_percent: Decimal = Decimal(0)) -> None:
        self.clear()

        def money(amount: Decimal) -> str:
            return format_money(amount, totals.currency, self.locale)

        self.add_row(_("Subtotal"), money(totals.subtotal))
        if totals.invoice_discount:
            percent = format(discount_percent.normalize(), "f")
            self.add_row(
                _("Discount {percent}%").format(percent=percent), money(-totals.invoice_discount)
            )
        for line in totals.taxes:
            if line.rate is None and not totals.tax_total and len(totals.taxes) == 1:
                continue  # nothing taxed at all: no "No tax" line to puzzle over
            # Translators: "VAT 20% on €100.00": a tax and the amount it is charged on.
            caption = _("{tax} on {amount}").format(
                tax=tax_caption(line.rate), amount=money(line.net)
            )
            self.add_row(caption, money(line.tax))
        self.add_row(_("Total"), money(totals.total), bold=True, rule=True)

    def add_row(
        self, caption: str, amount: str, bold: bool = False, rule: bool = False, dim: bool = False
    ) -> None:
        row = self.grid.rowCount()
        if rule:
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            self.grid.addWidget(line, row, 0, 1, 2)
            self._labels.append(line)
            row += 1
        left = plain_label(caption)
        right = plain_label(amount)
        left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        right.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        right.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (left, right):
            if bold:
                font = label.font()
                font.setBold(True)
                font.setPointSizeF(font.pointSizeF() * 1.15)
                label.setFont(font)
            label.setEnabled(not dim)
        self.grid.addWidget(left, row, 0)
        self.grid.addWidget(right, row, 1)
        self._labels += [left, right]
        self.rows.append((caption, amount))
