# SPDX-License-Identifier: MIT
"""How amounts and dates read on screen: the company's locale and currency, in one value.

Every tab and dialog shows money and dates in the company's locale. :class:`Display` is built
from the company profile in one place (:meth:`Display.of`, with the defaults for books that
have no company yet), handed to the widgets that format, and built again when the company
changes (the ``company`` event the profile dialog's save sends).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from arapp.formatting import DEFAULT_LOCALE, format_amount, format_date, format_money
from arapp.services.company import CompanyProfile, get_company
from arapp.services.context import AppContext

DEFAULT_CURRENCY = "EUR"


@dataclass(frozen=True)
class Display:
    """The company's way of writing amounts and dates.

    Attributes:
        locale: Babel locale of amounts and dates (``de_CH``).
        currency: The company's currency: the default of new customers and invoices.
    """

    locale: str = DEFAULT_LOCALE
    currency: str = DEFAULT_CURRENCY

    @classmethod
    def of(cls, company: CompanyProfile | None) -> Display:
        """The display of ``company``; the defaults while the books have no company."""
        if company is None:
            return cls()
        return cls(locale=company.locale, currency=company.currency)

    def money(self, amount: Decimal, currency: str | None = None) -> str:
        """``€1,234.50``: an amount with its currency sign."""
        return format_money(amount, currency or self.currency, self.locale)

    def amount(self, amount: Decimal, currency: str | None = None) -> str:
        """``1,234.50``: an amount in a column whose heading names the currency."""
        return format_amount(amount, currency or self.currency, self.locale)

    def date(self, day: date) -> str:
        return format_date(day, self.locale)


def current_display(ctx: AppContext) -> Display:
    """The display of the company in the books now (read once per window or dialog)."""
    return Display.of(get_company(ctx))
