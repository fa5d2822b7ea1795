# SPDX-License-Identifier: MIT
"""Settings ▸ Tax rates: the list, and the small form that adds or changes one rate.

Rates are never deleted: issued invoices keep the rate they were billed with, and a rate that is
no longer used is deactivated (it stays on old invoices and is no longer offered for new lines).
Each change is saved when its form is confirmed.
"""

from __future__ import annotations

from decimal import Decimal
from enum import IntEnum

from PySide6.QtWidgets import QCheckBox, QDialog, QLineEdit, QWidget

from arapp.domain.errors import ValidationError
from arapp.formatting import parse_amount
from arapp.i18n import N_, _
from arapp.services.catalog import TaxRateRecord, list_tax_rates, save_tax_rate
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.ui.forms import FormDialog
from arapp.ui.settings.groups import note_label
from arapp.ui.settings.records import ColumnSpec, RecordListTab, yes_no


class TaxColumn(IntEnum):
    NAME = 0
    PERCENT = 1
    INCLUSIVE = 2
    ACTIVE = 3


def percent_text(percent: Decimal) -> str:
    return f"{percent.normalize():f} %"


COLUMNS: tuple[ColumnSpec[TaxRateRecord], ...] = (
    ColumnSpec(N_("Name"), lambda r: r.name, 220),
    ColumnSpec(N_("Percent"), lambda r: percent_text(r.percent), 90, numeric=True),
    ColumnSpec(N_("Prices include tax"), lambda r: yes_no(r.inclusive), 140),
    ColumnSpec(N_("Active"), lambda r: yes_no(r.active), 80),
)

NOTE = N_(
    "Each rate is saved as soon as you confirm its form. Rates are never deleted: issued "
    "invoices keep the rate they were billed with. Deactivate a rate to stop offering it."
)


class TaxRateDialog(FormDialog):
    """Add (``rate=None``) or change one tax rate; stays open with what was typed on errors.

    Attributes:
        record: The saved rate after the dialog was accepted.
        form: Rows and their error labels (``name``, ``percent``).
    """

    def __init__(
        self,
        ctx: AppContext,
        rate: TaxRateRecord | None = None,
        locale: str = "en_US",
        parent: QWidget | None = None,
    ) -> None:
        title = _("New tax rate") if rate is None else _("Edit {name}").format(name=rate.name)
        super().__init__(title, parent)
        self.ctx = ctx
        self.rate = rate
        self.locale = locale
        self.record: TaxRateRecord | None = None
        self.name = QLineEdit(rate.name if rate else "")
        self.name.setPlaceholderText(_("As printed on invoices, such as VAT 20%"))
        self.percent = QLineEdit(f"{rate.percent.normalize():f}" if rate else "")
        self.percent.setPlaceholderText("20")
        self.inclusive = QCheckBox(_("Prices entered with this rate already include the tax"))
        self.inclusive.setChecked(bool(rate and rate.inclusive))
        self.active = QCheckBox(_("Offered for new invoice lines"))
        self.active.setChecked(rate.active if rate else True)
        self.add_rows(
            (
                (_("&Name"), "name", self.name),
                (_("&Percent"), "percent", self.percent),
                ("", "inclusive", self.inclusive),
                ("", "active", self.active),
            )
        )
        kept = _("Invoices already issued keep the rate they were billed with.")
        self.finish(460, below=[note_label(kept)] if rate is not None else [])

    def _percent(self) -> Decimal | str:
        """The percent typed in the company's notation; text that does not parse goes to the
        service as typed, which names what is wrong."""
        text = self.percent.text().strip().removesuffix("%").strip()
        try:
            return parse_amount(text, self.locale)
        except ValidationError:
            return text

    def save(self) -> None:
        percent = self._percent()
        if isinstance(percent, str):
            message = (
                _("“{text}” is not a percent.").format(text=percent)
                if percent
                else _("Enter the percent.")
            )
            errors = [ValidationError("percent", message)]
            if not self.name.text().strip():
                errors.insert(0, ValidationError("name", _("A tax rate needs a name.")))
            self.form.show_errors(InputErrors(errors))
            return
        rate = TaxRateRecord(
            self.rate.id if self.rate else 0,
            self.name.text(),
            percent,
            self.inclusive.isChecked(),
            self.active.isChecked(),
        )
        self.record = self.saved(lambda: save_tax_rate(self.ctx, rate))


class TaxRatesTab(RecordListTab[TaxRateRecord]):
    """Every tax rate, active or not, with Add…, Edit… and Deactivate / Reactivate."""

    def __init__(self, ctx: AppContext, locale: str) -> None:
        super().__init__(_(NOTE), COLUMNS, _("&Add rate…"))
        self.ctx = ctx
        self.locale = locale
        self.table.setObjectName("taxRateTable")
        self.reload()

    def fetch(self) -> list[TaxRateRecord]:
        return list_tax_rates(self.ctx, include_inactive=True)

    def edit_record(self, record: TaxRateRecord | None) -> TaxRateRecord | None:
        dialog = TaxRateDialog(self.ctx, record, self.locale, self)
        return dialog.record if dialog.exec() == QDialog.DialogCode.Accepted else None

    def set_active(self, record: TaxRateRecord, active: bool) -> TaxRateRecord:
        return save_tax_rate(
            self.ctx,
            TaxRateRecord(record.id, record.name, record.percent, record.inclusive, active),
        )
