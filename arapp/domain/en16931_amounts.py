# SPDX-License-Identifier: MIT
"""An invoice's lines, discounts and taxes as EN 16931 lines, allowances and VAT breakdown.

The amounts are not computed again: they are read from the invoice's own totals
(:func:`arapp.domain.totals.compute_totals`), so the e-invoice and the PDF agree to the cent:

* a line with a net (exclusive) rate: quantity, the unit price as the item net price, the line
  discount as a line allowance (BT-136) and the line amount after it as the line net amount
  (BT-131);
* the invoice discount of the net rates: one document level allowance (BG-20) per VAT category
  and rate, the sum of its lines' shares (the shares :func:`~arapp.domain.money.allocate` gave
  them);
* a line with a gross (inclusive) rate: EN 16931 knows only net amounts, so the rate's net
  (its gross less the tax computed once on it) is shared over its lines in proportion to their
  amounts after every discount (the discounts are inside the net amounts, not allowances);
* the VAT breakdown: one entry per VAT category and rate (EN 16931 allows one only; rates that
  differ in name or in being gross are added up), its taxable amount the rates' net and its tax
  the tax the invoice computed (BR-CO-17 allows the cent of the gross-price rounding).

The VAT category of a rate follows from its percent and name (:func:`vat_category`); the unit of
a line from its text (:func:`unit_code`).
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from arapp.domain.en16931 import Allowance, Line, VatBreakdown, VatCategory
from arapp.domain.money import MONEY_CONTEXT, allocate, quantize
from arapp.domain.totals import InvoiceTotals, LineInput, TaxRate

__all__ = ["DISCOUNT_REASON", "EnAmounts", "SourceLine", "en_amounts", "unit_code", "vat_category"]

#: The reason written on line and document allowances (BT-139, BT-97).
DISCOUNT_REASON = "Discount"

#: What a line without a tax rate says about it (BT-120): arapp does not know why.
NO_TAX_REASON = "Exempt from VAT"

#: Words in a 0 % rate's name and the category they make (first match wins), lower case.
_CATEGORY_WORDS: tuple[tuple[tuple[str, ...], VatCategory], ...] = (
    (("reverse", "13b", "umkehr", "autoliquidation"), VatCategory.REVERSE_CHARGE),
    (("intra", "innergemeinschaft", "ic supply"), VatCategory.INTRA_COMMUNITY),
    (("export", "ausfuhr"), VatCategory.EXPORT),
    (("exempt", "befreit", "steuerfrei", "exonér", "exoner"), VatCategory.EXEMPT),
    (("not subject", "outside", "nicht steuerbar"), VatCategory.NOT_SUBJECT),
)

#: What EN 16931 needs as the exemption reason when the rate's name says too little.
_REASONS = {
    VatCategory.REVERSE_CHARGE: "Reverse charge",
    VatCategory.INTRA_COMMUNITY: "Intra-community supply",
    VatCategory.EXPORT: "Export outside the EU",
}

#: Units people type -> UN/ECE Recommendation 20 codes; anything else counts pieces (C62).
_UNITS = {
    "h": "HUR",
    "hr": "HUR",
    "hrs": "HUR",
    "hour": "HUR",
    "hours": "HUR",
    "std": "HUR",
    "stunde": "HUR",
    "stunden": "HUR",
    "min": "MIN",
    "minute": "MIN",
    "minutes": "MIN",
    "d": "DAY",
    "day": "DAY",
    "days": "DAY",
    "tag": "DAY",
    "tage": "DAY",
    "week": "WEE",
    "weeks": "WEE",
    "wk": "WEE",
    "month": "MON",
    "months": "MON",
    "mo": "MON",
    "monat": "MON",
    "year": "ANN",
    "years": "ANN",
    "yr": "ANN",
    "kg": "KGM",
    "g": "GRM",
    "t": "TNE",
    "m": "MTR",
    "km": "KMT",
    "m2": "MTK",
    "m²": "MTK",
    "m3": "MTQ",
    "m³": "MTQ",
    "l": "LTR",
    "litre": "LTR",
    "liter": "LTR",
    "kwh": "KWH",
    "set": "SET",
    "lump sum": "LS",
    "pauschal": "LS",
}


def unit_code(unit: str) -> str:
    """The UN/ECE Recommendation 20 code of ``unit`` ("h" -> ``HUR``); pieces (``C62``) for
    an empty or unknown unit."""
    return _UNITS.get(" ".join(unit.lower().split()).rstrip("."), "C62")


def vat_category(rate: TaxRate | None) -> tuple[VatCategory, str]:
    """The VAT category of ``rate`` and the exemption reason EN 16931 needs with it.

    A rate above 0 % is standard (S). A 0 % rate is what its name says (reverse charge,
    intra-community, export, exempt, not subject: its name is then the reason) or else
    zero-rated (Z). A line without a rate is exempt (E) with :data:`NO_TAX_REASON`.
    """
    if rate is None:
        return VatCategory.EXEMPT, NO_TAX_REASON
    if rate.percent > 0:
        return VatCategory.STANDARD, ""
    name = rate.name.lower()
    for words, category in _CATEGORY_WORDS:
        if any(word in name for word in words):
            return category, rate.name if len(rate.name) > 3 else _REASONS.get(category, rate.name)
    return VatCategory.ZERO, ""


@dataclass(frozen=True)
class SourceLine:
    """An invoice line as stored: what is billed and its words.

    Attributes:
        description: What was sold (the item name).
        unit: The unit as typed ("h", "pcs").
        input: Quantity, price, discount and tax rate.
    """

    description: str
    unit: str
    input: LineInput


@dataclass(frozen=True)
class EnAmounts:
    """The EN 16931 amounts of one invoice (see the module docstring).

    Attributes:
        lines: Invoice lines (BG-25).
        allowances: Document level allowances (BG-20).
        vat: VAT breakdown (BG-23).
        line_total: Sum of the lines' net amounts (BT-106).
        allowance_total: Sum of the allowances (BT-107).
    """

    lines: tuple[Line, ...]
    allowances: tuple[Allowance, ...]
    vat: tuple[VatBreakdown, ...]
    line_total: Decimal
    allowance_total: Decimal


def en_amounts(
    source: Sequence[SourceLine], totals: InvoiceTotals, invoice_discount_percent: Decimal
) -> EnAmounts:
    """Lines, allowances and VAT breakdown of an invoice whose totals are ``totals`` (computed
    from ``source`` with ``invoice_discount_percent``)."""
    currency = totals.currency
    zero = quantize(0, currency)
    inclusive_nets: dict[TaxRate, list[Decimal]] = {}
    for tax_line in totals.taxes:
        rate = tax_line.rate
        if rate is not None and rate.inclusive:
            members = [
                lt.discounted_amount
                for sl, lt in zip(source, totals.lines, strict=True)
                if sl.input.tax == rate
            ]
            inclusive_nets[rate] = _share(tax_line.net, members, currency)
    lines = []
    shares: dict[TaxRate | None, Decimal] = {}
    with decimal.localcontext(MONEY_CONTEXT):
        for n, (sl, lt) in enumerate(zip(source, totals.lines, strict=True), start=1):
            rate = sl.input.tax
            category, _reason = vat_category(rate)
            percent = rate.percent if rate is not None else Decimal(0)
            quantity, price = sl.input.quantity, sl.input.unit_price
            if rate is not None and rate.inclusive:
                net = inclusive_nets[rate].pop(0)
                price = _price(net, quantity, currency)
                allowance = zero
                quantity = abs(quantity) if net >= 0 else -abs(quantity)
            else:
                net, allowance = lt.amount, lt.line_discount
                shares[rate] = shares.get(rate, zero) + lt.invoice_discount_share
            if price < 0:  # EN 16931: an item price is never negative; the quantity is
                price, quantity = -price, -quantity
            lines.append(
                Line(
                    id=str(n),
                    name=sl.description.strip() or "-",
                    quantity=quantity,
                    unit_code=unit_code(sl.unit),
                    net_price=price,
                    net_amount=net,
                    category=category,
                    rate=percent,
                    allowance=allowance,
                    allowance_reason=DISCOUNT_REASON if allowance else "",
                )
            )
        allowances = _merged_allowances(shares, invoice_discount_percent, zero)
        vat = _merged_breakdown(totals, zero)
        line_total = sum((line.net_amount for line in lines), zero)
        allowance_total = sum((a.amount for a in allowances), zero)
    return EnAmounts(tuple(lines), allowances, vat, line_total, allowance_total)


def _key(rate: TaxRate | None) -> tuple[VatCategory, Decimal]:
    """EN 16931 keeps one breakdown per category and rate (one only for each 0 % category):
    rates that differ only in name or in being gross are one entry."""
    return vat_category(rate)[0], rate.percent if rate is not None else Decimal(0)


def _merged_allowances(
    shares: dict[TaxRate | None, Decimal], percent: Decimal, zero: Decimal
) -> tuple[Allowance, ...]:
    merged: dict[tuple[VatCategory, Decimal], Decimal] = {}
    for rate, amount in shares.items():
        merged[_key(rate)] = merged.get(_key(rate), zero) + amount
    reason = _discount_reason(percent)
    return tuple(
        Allowance(amount, category, value, reason)
        for (category, value), amount in merged.items()
        if amount
    )


def _merged_breakdown(totals: InvoiceTotals, zero: Decimal) -> tuple[VatBreakdown, ...]:
    merged: dict[tuple[VatCategory, Decimal], tuple[Decimal, Decimal, list[str]]] = {}
    for t in totals.taxes:
        key = _key(t.rate)
        net, tax, reasons = merged.get(key, (zero, zero, []))
        reason = vat_category(t.rate)[1]
        if reason and reason not in reasons:
            reasons.append(reason)
        merged[key] = (net + t.net, tax + t.tax, reasons)
    return tuple(
        VatBreakdown(category, rate, net, tax, "; ".join(reasons))
        for (category, rate), (net, tax, reasons) in merged.items()
    )


def _discount_reason(percent: Decimal) -> str:
    return f"{DISCOUNT_REASON} {format(percent.normalize(), 'f')}%" if percent else DISCOUNT_REASON


def _share(net: Decimal, weights: list[Decimal], currency: str) -> list[Decimal]:
    if not any(weights):
        return [quantize(0, currency)] * (len(weights) - 1) + [net]
    return allocate(net, weights, currency)


def _price(net: Decimal, quantity: Decimal, currency: str) -> Decimal:
    """The item net price of a line whose net amount is ``net``, rounded to the currency."""
    if not quantity:
        return quantize(0, currency)
    return abs(quantize(Fraction(net) / Fraction(quantity), currency))
