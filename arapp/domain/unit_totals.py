# SPDX-License-Identifier: MIT
"""Invoice totals in whole minor units, computed with integers: the bulk path of imports.

:func:`unit_totals` applies exactly the rules of :mod:`arapp.domain.totals` (rounding half away
from zero at the same points, tax once per rate, the invoice discount shared by
:func:`~arapp.domain.money.allocate`) and gives exactly the numbers
:func:`~arapp.domain.totals.compute_totals` gives, as counts of cents (of the currency's minor
unit), without building a :class:`~arapp.domain.totals.LineInput`, a ``Fraction`` or a
rounded ``Decimal`` per line. ``tests/unit/test_unit_totals.py`` compares the two over random
invoices.

Whatever is not plain (a float or an int where a Decimal belongs, a percent out of range or with
more than 20 digits, amounts near the 34-digit limit) is handed to ``compute_totals`` itself, so
its results, limits and errors stay the only ones.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from arapp.domain.money import allocate, minor_units
from arapp.domain.totals import InvoiceTotals, LineInput, TaxRate, compute_totals

__all__ = ["UnitTotals", "unit_totals"]

#: compute_totals' exact products: the same context, so the same products and the same errors.
_EXACT = decimal.Context(
    prec=100,
    rounding=decimal.ROUND_HALF_UP,
    traps=[
        decimal.Inexact,
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
        decimal.FloatOperation,
    ],
)
#: Amounts are Decimals of at most 34 digits; with every line's amount summed below this, no
#: sum, tax or total can come near that (see _unit_totals).
_SAFE = 10**33
_PERCENT_DIGITS = 20


class UnitTotals(NamedTuple):
    """An invoice's totals in whole minor units of its currency (cents for EUR).

    Attributes:
        lines: Each line's ``amount`` (after its line discount), in input order.
        subtotal: :attr:`~arapp.domain.totals.InvoiceTotals.subtotal`.
        invoice_discount: :attr:`~arapp.domain.totals.InvoiceTotals.invoice_discount`.
        tax_total: :attr:`~arapp.domain.totals.InvoiceTotals.tax_total`.
        total: :attr:`~arapp.domain.totals.InvoiceTotals.total`.
    """

    lines: tuple[int, ...]
    subtotal: int
    invoice_discount: int
    tax_total: int
    total: int


class _Unusual(Exception):
    """An input left to compute_totals."""


Line = tuple[Decimal, Decimal, Decimal, TaxRate | None]


def unit_totals(
    lines: Sequence[Line], currency: str, invoice_discount_percent: Decimal = Decimal(0)
) -> UnitTotals:
    """:func:`~arapp.domain.totals.compute_totals` in whole minor units.

    Args:
        lines: ``(quantity, unit price, discount percent, tax rate or None)`` per line.
        currency: ISO 4217 code.
        invoice_discount_percent: The invoice discount, 0 to 100.

    Raises:
        ValidationError, TypeError: whatever ``compute_totals`` raises for the same input.
    """
    try:
        return _unit_totals(lines, currency, invoice_discount_percent)
    except (_Unusual, decimal.DecimalException, TypeError):
        pass
    totals = compute_totals(
        [LineInput(*line) for line in lines], currency, invoice_discount_percent
    )
    return _in_units(totals)


def _in_units(totals: InvoiceTotals) -> UnitTotals:
    exponent = minor_units(totals.currency)

    def units(amount: Decimal) -> int:
        return int(amount.scaleb(exponent, _EXACT))

    return UnitTotals(
        tuple(units(line.amount) for line in totals.lines),
        units(totals.subtotal),
        units(totals.invoice_discount),
        units(totals.tax_total),
        units(totals.total),
    )


def _half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` (denominator > 0) rounded half away from zero to a whole
    number: :func:`~arapp.domain.money.quantize`'s rule on minor units."""
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((denominator - 2 * numerator) // (2 * denominator))


def _percent(value: object) -> tuple[int, int]:
    """A checked percent (Decimal, 0 to 100) as an exact ratio; remembered, percents repeat."""
    if type(value) is not Decimal or not value.is_finite():
        raise _Unusual
    ratio = _PERCENTS.get(value)
    if ratio is None:
        # At most 20 digits keeps amount x percent inside compute_totals' 100-digit products.
        if not 0 <= value <= 100 or len(value.as_tuple().digits) > _PERCENT_DIGITS:
            raise _Unusual
        ratio = value.as_integer_ratio()
        if len(_PERCENTS) < 10_000:
            _PERCENTS[value] = ratio
    return ratio


#: Percents already checked: tax rates and discounts repeat over thousands of invoices.
_PERCENTS: dict[Decimal, tuple[int, int]] = {}


def _gross(quantity: object, price: object, scale: int) -> int:
    """``quantize(quantity x price)`` in units, the product taken as compute_totals takes it."""
    if type(quantity) is not Decimal or type(price) is not Decimal:
        raise _Unusual
    product = _EXACT.multiply(quantity, price)
    if not product.is_finite():
        raise _Unusual
    numerator, denominator = product.as_integer_ratio()
    return _half_up(numerator * scale, denominator)


def _less_discount(gross: int, discount: object) -> int:
    if type(discount) is not Decimal:
        raise _Unusual
    if not discount:
        return gross
    dn, dd = _percent(discount)
    return gross - _half_up(gross * dn, 100 * dd)


def _tax(rate: object, base: int) -> tuple[int, int]:
    """(tax, gross) of one tax group's base (see compute_totals' _tax_line)."""
    if rate is None:
        return 0, base
    if type(rate) is not TaxRate:
        raise _Unusual
    rn, rd = _percent(rate.percent)
    if rate.inclusive:  # tax = base x p / (100 + p); the base is the gross
        return _half_up(base * rn, 100 * rd + rn), base
    tax = _half_up(base * rn, 100 * rd)
    return tax, base + tax


def _unit_totals(
    lines: Sequence[Line], currency: str, invoice_discount_percent: object
) -> UnitTotals:
    scale = 10 ** minor_units(currency)
    if type(invoice_discount_percent) is Decimal:
        if not invoice_discount_percent.is_finite():
            raise _Unusual
    elif type(invoice_discount_percent) is not int or invoice_discount_percent != 0:
        raise _Unusual
    if len(lines) == 1 and not invoice_discount_percent:  # most invoices: one line
        quantity, price, discount, rate = lines[0]
        gross = _gross(quantity, price, scale)
        if abs(gross) >= _SAFE:
            raise _Unusual
        amount = _less_discount(gross, discount)
        tax, total = _tax(rate, amount)
        return UnitTotals((amount,), amount, 0, tax, total)
    amounts = []
    size = 0
    for quantity, price, discount, _rate in lines:
        gross = _gross(quantity, price, scale)
        amounts.append(_less_discount(gross, discount))
        size += abs(gross)
    # size bounds every amount, sum, base and tax (a tax is at most its base; a group's gross at
    # most twice it): below 10**33 units nothing reaches the 34 digits at which compute_totals'
    # quantize and exact sums raise, so it would not raise either.
    if size >= _SAFE:
        raise _Unusual
    subtotal = sum(amounts)
    invoice_discount = 0
    if invoice_discount_percent:
        pn, pd = _percent(invoice_discount_percent)
        invoice_discount = _half_up(subtotal * pn, 100 * pd)
    bases: dict[TaxRate | None, int] = {}
    if invoice_discount:
        # Rare in bulk: the shared rule itself, on amounts scaled to units (same proportions).
        exponent = minor_units(currency)
        shares = allocate(
            Decimal(invoice_discount).scaleb(-exponent, _EXACT),
            [Decimal(a) for a in amounts],
            currency,
        )
        for line, amount, share in zip(lines, amounts, shares, strict=True):
            units = int(share.scaleb(exponent, _EXACT))
            size += abs(units)  # shares of mixed-sign lines can outgrow the discount
            bases[line[3]] = bases.get(line[3], 0) + amount - units
        if size >= _SAFE:
            raise _Unusual
    else:
        for line, amount in zip(lines, amounts, strict=True):
            bases[line[3]] = bases.get(line[3], 0) + amount
    tax_total = total = 0
    for rate, base in bases.items():
        tax, gross = _tax(rate, base)
        tax_total += tax
        total += gross
    return UnitTotals(tuple(amounts), subtotal, invoice_discount, tax_total, total)
