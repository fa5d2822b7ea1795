# SPDX-License-Identifier: MIT
"""Safe text for ReportLab and the number formats of the line table.

ReportLab's :class:`~reportlab.platypus.Paragraph` reads an XML-like markup, so user text
(names, addresses, descriptions, notes ...) must never reach it unescaped: a customer
called ``<b>Smith</b>`` or a description with ``<a href="...">`` would otherwise change
the document.  :func:`markup` is the one way user text becomes paragraph markup.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from xml.sax.saxutils import escape

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from arapp.domain.money import minor_units, quantize
from arapp.formatting import format_amount

__all__ = ["clean", "format_percent", "format_price", "format_quantity", "markup"]

_ENTITIES = {'"': "&quot;", "'": "&#39;"}
# C0 control characters other than tab and line feed, DEL and C1 controls: no glyphs.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """``text`` with Windows line ends, tabs and control characters made printable."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL_RE.sub("", text)


def markup(text: str) -> str:
    """Escape user ``text`` for Paragraph markup; line breaks become ``<br/>``.

    ``&``, ``<``, ``>``, ``"`` and ``'`` are escaped first, so nothing in ``text`` can
    open a tag, and the ``<br/>`` tags are added afterwards.
    """
    lines = clean(text).strip("\n").split("\n")
    return "<br/>".join(escape(line, _ENTITIES) for line in lines)


def _plain(value: Decimal) -> Decimal:
    """``value`` without trailing fractional zeros and never in exponent notation."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@functools.lru_cache(maxsize=32)
def _locale(name: str) -> Locale:
    return Locale.parse(name)


@functools.lru_cache(maxsize=64)
def _pattern(digits: int, *, required: bool) -> NumberPattern:
    """``#,##0`` with ``digits`` decimals, all shown (``0``) or only as needed (``#``)."""
    return parse_pattern("#,##0." + ("0" if required else "#") * digits if digits else "#,##0")


def _decimals(value: Decimal) -> int:
    """Digits after the point of a finite ``value`` (negative for ``1E+2``)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, str):  # "n", "N" or "F": not a number, or infinite
        raise ValueError(f"{value} is not a finite number")
    return -exponent


def format_quantity(value: Decimal, locale: str) -> str:
    """A quantity as people write it: ``2``, ``1.5``, ``1,234.25`` (``1.234,25`` in German)."""
    value = _plain(value)
    digits = max(0, _decimals(value))
    return _pattern(digits, required=False).apply(value, _locale(locale))


def format_percent(value: Decimal, locale: str) -> str:
    """A discount percent without the sign, or ``""`` for no discount: ``10``, ``2.5``."""
    return "" if value == 0 else format_quantity(value, locale)


def format_price(value: Decimal, currency: str, locale: str) -> str:
    """A unit price with the currency's decimals, or all of its own if it has more.

    ``0.125`` EUR prints as ``0.125`` (unlike an amount, a price is not rounded).
    """
    if quantize(value, currency) == value:
        return format_amount(value, currency, locale)
    plain = _plain(value)
    digits = _decimals(plain)
    shown = max(digits, minor_units(currency))
    return _pattern(shown, required=True).apply(plain, _locale(locale))
