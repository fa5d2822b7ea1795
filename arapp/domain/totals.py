# SPDX-License-Identifier: MIT
"""Invoice totals: line amounts, discounts and taxes.

The rules (all rounding is :func:`arapp.domain.money.quantize`, half away from zero to
the currency's minor unit):

1. **Line amount.**  ``gross_before_discount = quantize(quantity x unit_price)``;
   ``line_discount = quantize(gross_before_discount x discount_percent / 100)``;
   ``amount = gross_before_discount - line_discount``.  Each line is rounded once, at
   these two points, and never again.  Amounts are in the line's *entry basis*: gross if
   the line's tax rate is inclusive, net otherwise.
2. **Subtotal** is the sum of the line amounts (after line discounts, in entry basis).
3. **Invoice discount.**  ``invoice_discount = quantize(subtotal x percent / 100)`` is
   distributed over the lines with :func:`~arapp.domain.money.allocate`, proportionally
   to the line amounts, so the shares add up exactly to the invoice discount and every
   tax rate's base is exact.
4. **Tax per rate.**  Lines are grouped by tax rate (lines without a rate form a "no tax"
   group).  The base of a group is the sum of its discounted line amounts.  Tax is
   computed **once per rate** on that base:

   * exclusive rate: ``net = base``, ``tax = quantize(base x p / 100)``,
     ``gross = net + tax``;
   * inclusive rate: ``gross = base``, ``tax = quantize(gross x p / (100 + p))``,
     ``net = gross - tax``;
   * no tax: ``net = gross = base``, ``tax = 0``.

5. **Totals.**  ``net_total``, ``tax_total`` and ``total`` are the sums of the groups'
   ``net``, ``tax`` and ``gross``.  Hence, exactly: ``net_total + tax_total == total``,
   the groups' grosses add up to ``total`` and their nets to ``net_total``.

Negative quantities (returns) and negative unit prices are allowed.  Discount percents
must be between 0 and 100.  One invoice has one currency.  Tax lines are ordered by rate
percent, then name; the "no tax" group comes first.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from arapp.domain.errors import ValidationError
from arapp.domain.money import MONEY_CONTEXT, allocate, check_decimal, quantize
from arapp.i18n import N_, _

__all__ = ["InvoiceTotals", "LineInput", "LineTotal", "TaxLine", "TaxRate", "compute_totals"]

_HUNDRED = Decimal(100)

# Products and percentages of amounts are exact in Decimal at this precision (two 34-digit
# factors need at most 68 digits; dividing by 100 only moves the point), and Inexact is trapped,
# so they equal the Fraction results exactly while costing a tenth of the time. Only a division
# by (100 + p) for inclusive prices is not exact in Decimal and stays a Fraction.
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


def _times(a: Decimal, b: Decimal) -> Decimal:
    return _EXACT.multiply(a, b)


def _percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return _EXACT.divide(_EXACT.multiply(amount, percent), _HUNDRED)


def _percent(value: Decimal | int, field: str, message: str) -> Decimal:
    """``value`` checked to be a percent; ``message`` (marked with ``N_``) says it is not."""
    percent = check_decimal(value, field)
    if not 0 <= percent <= _HUNDRED:
        raise ValidationError(field, _(message))
    return percent


@dataclass(frozen=True)
class TaxRate:
    """A tax rate such as "VAT 19 %".

    Attributes:
        name: Display name, e.g. ``"VAT"``; stripped, must not be empty.
        percent: The rate in percent, between 0 and 100.
        inclusive: True if entered prices already include this tax (gross prices).
    """

    name: str
    percent: Decimal
    inclusive: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"tax rate name must be str, not {type(self.name).__name__}")
        name = " ".join(self.name.split())
        if not name:
            raise ValidationError("name", _("A tax rate needs a name"))
        if not isinstance(self.inclusive, bool):
            raise TypeError("inclusive must be a bool")
        object.__setattr__(self, "name", name)
        object.__setattr__(
            self,
            "percent",
            _percent(self.percent, "percent", N_("A tax rate must be between 0 and 100 percent")),
        )

    def __str__(self) -> str:
        return f"{self.name} {format(self.percent.normalize(), 'f')}%"


@dataclass(frozen=True)
class LineInput:
    """What the user entered for one invoice line.

    Attributes:
        quantity: Quantity; may be fractional or negative (returns).
        unit_price: Price per unit, net or gross depending on ``tax.inclusive``.
        discount_percent: Line discount in percent, 0 to 100.
        tax: The tax rate of the line, or ``None`` for no tax.
    """

    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal = Decimal(0)
    tax: TaxRate | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "quantity", check_decimal(self.quantity, "quantity"))
        object.__setattr__(self, "unit_price", check_decimal(self.unit_price, "unit_price"))
        discount = _percent(
            self.discount_percent,
            "discount_percent",
            N_("A line discount must be between 0 and 100 percent"),
        )
        object.__setattr__(self, "discount_percent", discount)
        if self.tax is not None and not isinstance(self.tax, TaxRate):
            raise TypeError(f"tax must be a TaxRate or None, not {type(self.tax).__name__}")


@dataclass(frozen=True)
class LineTotal:
    """Computed amounts of one invoice line, in the line's entry basis.

    Attributes:
        gross_before_discount: ``quantize(quantity x unit_price)``.
        line_discount: The rounded line discount.
        amount: ``gross_before_discount - line_discount``.
        invoice_discount_share: This line's share of the invoice discount.
    """

    gross_before_discount: Decimal
    line_discount: Decimal
    amount: Decimal
    invoice_discount_share: Decimal = Decimal(0)

    @property
    def discounted_amount(self) -> Decimal:
        """The line amount after its share of the invoice discount."""
        with decimal.localcontext(MONEY_CONTEXT):
            return self.amount - self.invoice_discount_share


@dataclass(frozen=True)
class TaxLine:
    """Totals of all lines sharing one tax rate.

    Attributes:
        rate: The tax rate, or ``None`` for the lines without tax.
        net: Net amount of the group.
        tax: Tax of the group, computed once on the group's base.
        gross: ``net + tax``.
    """

    rate: TaxRate | None
    net: Decimal
    tax: Decimal
    gross: Decimal


@dataclass(frozen=True)
class InvoiceTotals:
    """All totals of an invoice, as computed by :func:`compute_totals`.

    Attributes:
        currency: ISO 4217 code of all amounts.
        lines: One :class:`LineTotal` per input line, in input order.
        subtotal: Sum of the line amounts after line discounts (entry basis).
        invoice_discount: The invoice-level discount amount.
        taxes: One :class:`TaxLine` per tax rate ("no tax" first, then by percent and
            name).
        net_total: Sum of the taxes' ``net``.
        tax_total: Sum of the taxes' ``tax``.
        total: Amount payable: ``net_total + tax_total``.
    """

    currency: str
    lines: tuple[LineTotal, ...]
    subtotal: Decimal
    invoice_discount: Decimal
    taxes: tuple[TaxLine, ...]
    net_total: Decimal
    tax_total: Decimal
    total: Decimal


def _tax_order(rate: TaxRate | None) -> tuple[Decimal, int, str, bool]:
    if rate is None:
        return (Decimal(0), 0, "", False)
    return (rate.percent, 1, rate.name, rate.inclusive)


def _tax_line(rate: TaxRate | None, base: Decimal, currency: str) -> TaxLine:
    zero = quantize(0, currency)
    if rate is None:
        return TaxLine(None, base, zero, base)
    if rate.inclusive:
        percent = Fraction(rate.percent)
        tax = quantize(Fraction(base) * percent / (100 + percent), currency)
        return TaxLine(rate, base - tax, tax, base)
    tax = quantize(_percent_of(base, rate.percent), currency)
    return TaxLine(rate, base, tax, base + tax)


def compute_totals(
    lines: Sequence[LineInput],
    currency: str,
    invoice_discount_percent: Decimal = Decimal(0),
) -> InvoiceTotals:
    """Compute line amounts, discounts, taxes and totals (rules in the module docstring).

    Raises:
        ValidationError: for an invalid currency or an invoice discount outside 0..100.
        TypeError: if a line is not a :class:`LineInput` or the percent is a float.
    """
    zero = quantize(0, currency)
    percent = _percent(
        invoice_discount_percent,
        "invoice_discount_percent",
        N_("The discount must be between 0 and 100 percent"),
    )
    for line in lines:
        if not isinstance(line, LineInput):
            raise TypeError(f"expected LineInput, not {type(line).__name__}")

    with decimal.localcontext(MONEY_CONTEXT):
        grosses = [quantize(_times(line.quantity, line.unit_price), currency) for line in lines]
        line_discounts = [
            quantize(_percent_of(gross, line.discount_percent), currency)
            if line.discount_percent
            else zero
            for gross, line in zip(grosses, lines, strict=True)
        ]
        amounts = [g - d for g, d in zip(grosses, line_discounts, strict=True)]
        subtotal = sum(amounts, zero)
        invoice_discount = quantize(_percent_of(subtotal, percent), currency)
        shares = (
            allocate(invoice_discount, amounts, currency)
            if invoice_discount
            else [zero] * len(amounts)
        )

        bases: dict[TaxRate | None, Decimal] = {}
        for line, amount, share in zip(lines, amounts, shares, strict=True):
            bases[line.tax] = bases.get(line.tax, zero) + (amount - share)
        taxes = tuple(
            _tax_line(rate, bases[rate], currency) for rate in sorted(bases, key=_tax_order)
        )
        net_total = sum((t.net for t in taxes), zero)
        tax_total = sum((t.tax for t in taxes), zero)
        total = sum((t.gross for t in taxes), zero)

    return InvoiceTotals(
        currency=currency,
        lines=tuple(
            LineTotal(g, d, a, s)
            for g, d, a, s in zip(grosses, line_discounts, amounts, shares, strict=True)
        ),
        subtotal=subtotal,
        invoice_discount=invoice_discount,
        taxes=taxes,
        net_total=net_total,
        tax_total=tax_total,
        total=total,
    )
