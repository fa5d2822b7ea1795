# SPDX-License-Identifier: MIT
"""Locale-aware display and parsing of amounts and dates (Babel).

This is the only place that turns money into text for people and back.  Amounts are
rounded with :func:`arapp.domain.money.quantize` first and always shown with the
currency's ISO 4217 number of decimals (:func:`arapp.domain.money.minor_units`), not
CLDR's; nothing here ever goes through ``float``.
"""

from __future__ import annotations

import copy
import decimal
import re
from datetime import date
from decimal import Decimal
from typing import Literal

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import (
    NumberFormatError,
    NumberPattern,
    get_group_symbol,
    get_minus_sign_symbol,
    parse_decimal,
)

from arapp.domain.errors import ValidationError
from arapp.domain.money import check_decimal, minor_units, quantize

__all__ = ["DEFAULT_LOCALE", "format_amount", "format_date", "format_money", "parse_amount"]

DEFAULT_LOCALE = "en_US"

# Babel quantizes with the ambient context; amounts are already rounded, but make the
# context explicit so a caller's precision or traps cannot interfere.
_FORMAT_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_UP)

_SPACES = (" ", "\u00a0", "\u202f", "\u2009")
_SPACES_RE = re.compile("[" + "".join(_SPACES) + "]")
_MINUS_SIGNS = ("\u2212", "\u2012", "\u2013", "\ufe63", "\uff0d")


def _with_digits(pattern: NumberPattern, digits: int) -> NumberPattern:
    fixed = copy.copy(pattern)
    fixed.frac_prec = (digits, digits)
    return fixed


def _render(
    amount: Decimal, currency: str, locale: Locale | str, kind: Literal["currency", "decimal"]
) -> str:
    value = quantize(check_decimal(amount), currency)
    loc = Locale.parse(locale)
    base = loc.currency_formats["standard"] if kind == "currency" else loc.decimal_formats[None]
    pattern = _with_digits(base, minor_units(currency))
    with decimal.localcontext(_FORMAT_CONTEXT):
        return pattern.apply(value, loc, currency=currency, currency_digits=False)


def _typed_group_separators(text: str, group: str) -> str:
    """Accept what people type for the locale's group separator (space, apostrophe)."""
    if group in _SPACES and group not in text:
        return _SPACES_RE.sub(group, text)
    if group == "\u2019" and group not in text:
        return text.replace("'", group)
    return text


def format_money(amount: Decimal, currency: str, locale: Locale | str = DEFAULT_LOCALE) -> str:
    """Format an amount with its currency symbol, e.g. ``"$1,234.50"``, ``"1.234,50 €"``.

    Raises:
        TypeError: for floats.
        ValidationError: for an invalid currency code.
    """
    return _render(amount, currency, locale, "currency")


def format_amount(amount: Decimal, currency: str, locale: Locale | str = DEFAULT_LOCALE) -> str:
    """Format an amount without symbol but with the currency's decimals: ``"1,234.50"``."""
    return _render(amount, currency, locale, "decimal")


def format_date(
    d: date,
    locale: Locale | str = DEFAULT_LOCALE,
    format: Literal["short", "medium", "long", "full"] | str = "medium",
) -> str:
    """Format a date for ``locale``, e.g. ``"Mar 14, 2024"`` (medium, en_US)."""
    if not isinstance(d, date):
        raise TypeError(f"expected a date, not {type(d).__name__}")
    return _babel_format_date(d, format=format, locale=locale)


def parse_amount(text: str, locale: Locale | str = DEFAULT_LOCALE) -> Decimal:
    """Parse an amount typed in ``locale``'s notation, e.g. ``"1.234,50"`` in ``de_DE``.

    Group separators must be placed correctly (so ``"30.00"`` in German is an error rather
    than 3000).  A leading ``-``, the locale's minus sign or accounting parentheses
    ``"(12.00)"`` make the amount negative.  The result is not rounded.

    Raises:
        ValidationError: ``field="amount"`` for blank or unparseable text.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    shown = text.strip()
    if not shown:
        raise ValidationError("amount", "Enter an amount")
    loc = Locale.parse(locale)
    junk = ValidationError("amount", f"“{shown}” is not a number")
    cleaned = shown
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1].strip()
    for minus in (*_MINUS_SIGNS, get_minus_sign_symbol(loc)):
        cleaned = cleaned.replace(minus, "-")
    if cleaned[:1] in ("-", "+"):
        if negative:
            raise junk
        negative = cleaned[0] == "-"
        cleaned = cleaned[1:].lstrip()
    if not cleaned or (not cleaned[0].isdigit() and cleaned[0] not in ".,"):
        raise junk
    if any(c.isalpha() or c in "+-" for c in cleaned):
        raise junk
    cleaned = _typed_group_separators(cleaned, get_group_symbol(loc))
    try:
        with decimal.localcontext(_FORMAT_CONTEXT):
            value = parse_decimal(cleaned, loc, strict=True)
    except NumberFormatError as error:
        suggestions = getattr(error, "suggestions", None)
        if suggestions:
            hint = " or ".join(f"“{s}”" for s in suggestions)
            raise ValidationError(
                "amount", f"“{shown}” is not a valid amount; did you mean {hint}?"
            ) from None
        raise junk from None
    if not value.is_finite():
        raise junk
    if value.is_zero():
        return value.copy_abs()
    return value.copy_negate() if negative else value
