# SPDX-License-Identifier: MIT
"""The display context: the company's locale and currency, with the defaults in one place."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.ui.display import Display, current_display


def test_books_without_a_company_read_in_english_euros() -> None:
    assert Display.of(None) == Display(locale="en_US", currency="EUR")


def test_the_display_follows_the_company(ctx: AppContext) -> None:
    assert current_display(ctx) == Display(locale="en_US", currency="EUR")
    save_company(ctx, CompanyProfile(name="Test Shop", currency="CHF", locale="de_CH"))
    display = current_display(ctx)
    assert display == Display(locale="de_CH", currency="CHF")
    assert display.money(Decimal("12.5")).startswith("CHF")
    assert display.amount(Decimal("12.5"), "EUR") == "12.50"
    assert display.date(date(2026, 11, 23)) == "23.11.2026"
