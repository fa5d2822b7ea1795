# SPDX-License-Identifier: MIT
"""How amounts and dates read on screen: the company's locale and currency, in one value.

Every tab and dialog shows money and dates in the company's locale. :class:`Display` is built
from the company profile in one place (:meth:`Display.of`, with the defaults for books that
have no company yet). The window makes one :class:`DisplaySource` when it is assembled and
hands it to its tabs; the source builds the display from the company once and again when the
company changes (the ``company`` event the profile dialog's save sends, or books replaced).
Tabs read :attr:`DisplaySource.current` when they are built and on that event; the dialogs a
tab opens take the current :class:`Display` value. No widget reads the company itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QObject

from arapp.formatting import DEFAULT_LOCALE, format_amount, format_date, format_money
from arapp.services.company import CompanyProfile, get_company
from arapp.services.context import AppContext
from arapp.services.events import Change, Entity, Event
from arapp.ui.bridge import EventBridge

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


def refreshes_display(event: Event) -> bool:
    """Whether ``event`` may change the display: the company changed, or the books were replaced."""
    return event.entity is Entity.COMPANY or event.name is Change.BOOKS_REPLACED


class DisplaySource(QObject):
    """The company's display for one window: built from the company once, and again when it changes.

    Made where the window is assembled, before the tabs, so that on a company event its slot
    runs first (Qt calls the slots of a signal in the order they were connected) and a tab that
    reads :attr:`current` in its own slot reads the new display.

    Attributes:
        current: The display now.
        company: The company it was built from (``None`` while the books have none): the
            window's title reads it instead of reading the company again.
    """

    def __init__(
        self, ctx: AppContext, bridge: EventBridge | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current = Display()
        self.company: CompanyProfile | None = None
        self.refresh()
        if bridge is not None:
            bridge.changed.connect(self._on_event)

    def refresh(self) -> None:
        """Build :attr:`current` from the company as it is now (the one place that reads it)."""
        self.company = get_company(self.ctx)
        self.current = Display.of(self.company)

    def _on_event(self, event: Event) -> None:
        if refreshes_display(event):
            self.refresh()
