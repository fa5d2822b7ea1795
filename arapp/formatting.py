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
import functools
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.numbers import (
    NumberFormatError,
    NumberPattern,
    format_decimal,
    get_currency_symbol,
    get_decimal_quantum,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    parse_decimal,
)

from arapp.domain.errors import ValidationError
from arapp.domain.languages import company_language
from arapp.domain.money import check_decimal, minor_units, quantize

__all__ = [
    "DEFAULT_LOCALE",
    "format_amount",
    "format_date",
    "format_figure",
    "format_money",
    "parse_amount",
]

DEFAULT_LOCALE = "en_US"

# Babel quantizes with the ambient context; amounts are already rounded, but make the
# context explicit so a caller's precision or traps cannot interfere.
_FORMAT_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_UP)

_SPACES = (" ", "\u00a0", "\u202f", "\u2009")
_SPACES_RE = re.compile("[" + "".join(_SPACES) + "]")
_APOSTROPHES = ("'", "\u2019")  # Swiss grouping: ' since CLDR 48 (Babel 2.19), ’ before
_MINUS_SIGNS = ("\u2212", "\u2012", "\u2013", "\ufe63", "\uff0d")


def _with_digits(pattern: NumberPattern, digits: int) -> NumberPattern:
    fixed = copy.copy(pattern)
    fixed.frac_prec = (digits, digits)
    return fixed


def _pattern(
    currency: str, locale: Locale | str, kind: Literal["currency", "decimal"]
) -> tuple[Locale, NumberPattern]:
    loc = Locale.parse(locale)
    base = loc.currency_formats["standard"] if kind == "currency" else loc.decimal_formats[None]
    return loc, _with_digits(base, minor_units(currency))


def _babel_render(
    value: Decimal, currency: str, locale: Locale | str, kind: Literal["currency", "decimal"]
) -> str:
    """The reference: Babel's own ``NumberPattern.apply`` (``value`` already quantized)."""
    loc, pattern = _pattern(currency, locale, kind)
    with decimal.localcontext(_FORMAT_CONTEXT):
        return pattern.apply(value, loc, currency=currency, currency_digits=False)


@dataclass(frozen=True)
class _Layout:
    """What Babel's ``NumberPattern.apply`` works out anew on every call, worked out once."""

    prefixes: tuple[str, str]  # positive, negative; currency symbol already filled in
    suffixes: tuple[str, str]
    group: str
    decimal: str
    grouping: tuple[int, int]
    min_int: int
    digits: int
    quantum: Decimal


def _affix(text: str, currency: str, loc: Locale) -> str:
    text = text.replace("¤¤", currency.upper())
    return text.replace("¤", get_currency_symbol(currency, loc))


@functools.lru_cache(maxsize=512)
def _layout(
    currency: str, locale: Locale | str, kind: Literal["currency", "decimal"]
) -> _Layout | None:
    """The layout of ``(currency, locale, kind)``, or None for the patterns Babel renders in a
    way this shortcut does not copy (currency names, quoting, scientific, significant digits,
    percent); those go through :func:`_babel_render`."""
    loc, pattern = _pattern(currency, locale, kind)
    affixes = "".join(pattern.prefix + pattern.suffix)
    if pattern.exp_prec or "@" in pattern.pattern or pattern.scale or "¤¤¤" in affixes:
        return None
    if pattern.number_pattern == "":
        return None
    prefixes = tuple(_affix(a, currency, loc) for a in pattern.prefix)
    suffixes = tuple(_affix(a, currency, loc) for a in pattern.suffix)
    group, point = get_group_symbol(loc), get_decimal_symbol(loc)
    if any("'" in t or "¤" in t for t in (*prefixes, *suffixes)) or "¤" in group + point:
        return None
    digits = pattern.frac_prec[1]
    return _Layout(
        (prefixes[0], prefixes[1]), (suffixes[0], suffixes[1]), group, point,
        pattern.grouping, pattern.int_prec[0], digits, get_decimal_quantum(digits),
    )  # fmt: skip


def _grouped(digits: str, group: str, grouping: tuple[int, int]) -> str:
    """``digits`` in groups from the right: ``grouping[0]`` first, then ``grouping[1]`` each
    (``1,234,567``; ``12,34,567`` in India), as Babel's ``_format_int`` groups them."""
    size, parts = grouping[0], []
    while len(digits) > size:
        parts.append(digits[-size:])
        digits, size = digits[:-size], grouping[1]
    parts.append(digits)
    return group.join(reversed(parts))


def _render(
    amount: Decimal, currency: str, locale: Locale | str, kind: Literal["currency", "decimal"]
) -> str:
    value = quantize(check_decimal(amount), currency)
    layout = _layout(currency, locale, kind)
    if layout is None:
        return _babel_render(value, currency, locale, kind)
    # The steps of NumberPattern.apply/_quantize_value/_format_int/_format_frac, same order.
    with decimal.localcontext(_FORMAT_CONTEXT):
        negative = int(value.is_signed())
        rounded = abs(value).normalize().quantize(layout.quantum)
    whole, _, fraction = f"{rounded:f}".partition(".")
    if len(whole) < layout.min_int:
        whole = "0" * (layout.min_int - len(whole)) + whole
    number = _grouped(whole, layout.group, layout.grouping)
    if layout.digits:
        number += layout.decimal + fraction.ljust(layout.digits, "0")
    return layout.prefixes[negative] + number + layout.suffixes[negative]


def _typed_group_separators(text: str, group: str) -> str:
    """Accept what people type for the locale's group separator (space, apostrophe)."""
    if group in _SPACES and group not in text:
        return _SPACES_RE.sub(group, text)
    if group in _APOSTROPHES and group not in text:
        for apostrophe in _APOSTROPHES:
            text = text.replace(apostrophe, group)
    return text


def _apostrophe_groups_checked(text: str, shown: str, loc: Locale) -> str:
    """``text`` without its ``'`` group separators, once they are where the locale puts them.

    Babel's strict parse compares the text with Babel's own rendering, and since CLDR 48 wrote
    the Swiss group separator as ``'`` Babel drops it there (with the quotes of literal pattern
    text); so the placement is checked here, the same way, and Babel gets plain digits.
    """
    point = get_decimal_symbol(loc)
    whole, separator, fraction = text.partition(point)
    if "'" not in whole:
        return text
    primary, secondary = loc.decimal_formats[None].grouping
    parts = whole.split("'")
    placed = (
        all(part.isdigit() for part in parts)
        and len(parts[-1]) == primary
        and all(len(part) == secondary for part in parts[1:-1])
        and 1 <= len(parts[0]) <= (secondary if len(parts) > 2 else primary)
    )
    if placed:
        return "".join(parts) + separator + fraction
    digits = "".join(parts)
    if not digits.isdigit():
        raise ValidationError("amount", f"“{shown}” is not a number")
    proper = _grouped(digits, "'", (primary, secondary)) + separator + fraction
    raise ValidationError("amount", f"“{shown}” is not a valid amount; did you mean “{proper}”?")


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
    return _format_date(d, locale, format)


@functools.lru_cache(maxsize=4096)  # a reminder run shows the same few dozen days again and again
def _format_date(d: date, locale: Locale | str, format: str) -> str:
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
    group = get_group_symbol(loc)
    cleaned = _typed_group_separators(cleaned, group)
    if group == "'":
        cleaned = _apostrophe_groups_checked(cleaned, shown, loc)
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


def country_name(code: str, locale: Locale | str = DEFAULT_LOCALE) -> str:
    """The name of the country ``code`` (ISO 3166 alpha-2) in ``locale``'s language, or the code
    itself when Babel does not know it."""
    try:
        return str(Locale.parse(locale).territories.get(code.upper(), code))
    except (ValueError, TypeError):
        return code


@functools.lru_cache(maxsize=256)
def customer_locale(language: str, company_locale: str, company_country: str = "") -> str:
    """The locale of a customer's messages: the company's when the customer has no language of
    their own or the company's; else the customer's language with the company's country
    (``de`` and ``CH`` give ``de_CH``), or the language alone where Babel has no such pair
    (``de`` and ``US`` give ``de``). The one home of this rule."""
    if not language or language == company_language(company_locale):
        return company_locale
    country = company_country.strip().upper()
    if not country:
        try:
            country = Locale.parse(company_locale).territory or ""
        except (ValueError, TypeError, UnknownLocaleError):
            country = ""
    for candidate in (f"{language}_{country}", language):
        try:
            return str(Locale.parse(candidate))
        except (ValueError, TypeError, UnknownLocaleError):
            continue
    return company_locale


def format_figure(
    value: Decimal, unit: str, currency: str, locale: Locale | str = DEFAULT_LOCALE
) -> str:
    """A KPI for people: ``unit`` ``"money"`` (``"$1,234.50"``), ``"days"`` (``"41.5 days"``)
    or ``"percent"`` (``"56.2 %"``); days and percents with one decimal."""
    if unit == "money":
        return format_money(value, currency, locale)
    with decimal.localcontext(_FORMAT_CONTEXT):
        shown = format_decimal(value, format="#,##0.0", locale=locale)
    return f"{shown} days" if unit == "days" else f"{shown} %"
