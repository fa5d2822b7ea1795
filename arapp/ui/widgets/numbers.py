# SPDX-License-Identifier: MIT
"""Numbers typed in cells and fields, in the company's locale (``19.99`` or ``19,99``)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import get_decimal_symbol

from arapp.domain.money import minor_units
from arapp.formatting import parse_amount


def number_text(value: Decimal, locale: str, currency: str | None = None) -> str:
    """``value`` as a person types it in ``locale`` (no grouping, no needless zeros).

    With ``currency`` the value shows at least the currency's decimals (``12.50``, not ``12.5``).
    """
    shown = value.normalize()
    if currency is not None:
        places = minor_units(currency)
        if shown.as_tuple().exponent > -places:  # type: ignore[operator]
            shown = value.quantize(Decimal(1).scaleb(-places))
    return format(shown, "f").replace(".", get_decimal_symbol(locale))


def parse_number(text: str, locale: str) -> Decimal:
    """A number typed in the company's locale (``19.99`` in English, ``19,99`` in German).

    Raises ``ValidationError`` with a message for people (see
    :func:`arapp.formatting.parse_amount`).
    """
    return parse_amount(text, locale)
