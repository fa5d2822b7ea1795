# SPDX-License-Identifier: MIT
"""EN 16931 amounts from an invoice's totals: VAT categories, units, and the sums EN 16931
checks (BR-CO-10, -13, BR-S-08 ...) hold for any invoice, net or gross prices, any discounts."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from arapp.domain.en16931 import VatCategory
from arapp.domain.en16931_amounts import SourceLine, en_amounts, unit_code, vat_category
from arapp.domain.totals import LineInput, TaxRate, compute_totals


@pytest.mark.parametrize(
    ("name", "percent", "category", "reason"),
    [
        ("VAT 19%", "19", VatCategory.STANDARD, ""),
        ("Zero rate", "0", VatCategory.ZERO, ""),
        ("Exempt under §4 UStG", "0", VatCategory.EXEMPT, "Exempt under §4 UStG"),
        ("Reverse charge", "0", VatCategory.REVERSE_CHARGE, "Reverse charge"),
        (
            "Steuerschuldnerschaft §13b",
            "0",
            VatCategory.REVERSE_CHARGE,
            "Steuerschuldnerschaft §13b",
        ),
        ("Intra-community supply", "0", VatCategory.INTRA_COMMUNITY, "Intra-community supply"),
        ("Export", "0", VatCategory.EXPORT, "Export"),
    ],
)
def test_the_category_of_a_rate_follows_its_percent_and_name(
    name: str, percent: str, category: VatCategory, reason: str
) -> None:
    assert vat_category(TaxRate(name, Decimal(percent))) == (category, reason)


def test_a_line_without_a_rate_is_exempt_with_a_reason() -> None:
    category, reason = vat_category(None)
    assert category is VatCategory.EXEMPT and reason


@pytest.mark.parametrize(
    ("unit", "code"),
    [("h", "HUR"), ("Hours", "HUR"), ("kg", "KGM"), ("pcs", "C62"), ("", "C62"), ("m²", "MTK")],
)
def test_units_become_rec_20_codes(unit: str, code: str) -> None:
    assert unit_code(unit) == code


RATES = [
    TaxRate("VAT 19%", Decimal(19)),
    TaxRate("VAT 7%", Decimal(7)),
    TaxRate("VAT 19% incl.", Decimal(19), inclusive=True),
    TaxRate("VAT 7% incl.", Decimal(7), inclusive=True),
    TaxRate("Zero rate", Decimal(0)),
    TaxRate("Exempt", Decimal(0)),
    None,
]


@pytest.mark.parametrize("seed", range(200))
def test_the_sums_en_16931_checks_hold_and_equal_the_invoice_s(seed: int) -> None:
    rnd = random.Random(seed)
    source = [
        SourceLine(
            f"Item {n}",
            rnd.choice(["h", "kg", ""]),
            LineInput(
                Decimal(rnd.randint(-3, 400)) / rnd.choice([1, 4, 100]),
                Decimal(rnd.randint(-999, 99999)) / 100,
                Decimal(rnd.choice(["0", "0", "5", "12.5"])) if rnd.random() < 0.5 else Decimal(0),
                rnd.choice(RATES),
            ),
        )
        for n in range(rnd.randint(1, 8))
    ]
    percent = Decimal(rnd.choice(["0", "0", "3", "10", "33"]))
    try:
        totals = compute_totals([s.input for s in source], "EUR", percent)
        amounts = en_amounts(source, totals, percent)
    except ValueError:  # allocate() of mixed-sign lines summing to zero: not an invoice
        pytest.skip("lines sum to zero")
    assert amounts.line_total - amounts.allowance_total == totals.net_total  # BT-109
    assert sum((v.taxable for v in amounts.vat), Decimal(0)) == totals.net_total
    assert sum((v.tax for v in amounts.vat), Decimal(0)) == totals.tax_total  # BT-110
    keys = [(v.category, v.rate) for v in amounts.vat]
    assert len(keys) == len(set(keys))  # one breakdown per category and rate
    for vat in amounts.vat:
        lines = sum(
            (
                ln.net_amount
                for ln in amounts.lines
                if (ln.category, ln.rate) == (vat.category, vat.rate)
            ),
            Decimal(0),
        )
        allowances = sum(
            (
                a.amount
                for a in amounts.allowances
                if (a.category, a.rate) == (vat.category, vat.rate)
            ),
            Decimal(0),
        )
        assert lines - allowances == vat.taxable  # BR-S-08, BR-Z-08, BR-E-08 ...
        assert abs(vat.tax - vat.taxable * vat.rate / 100) <= 1  # BR-CO-17's tolerance
    assert all(line.net_price >= 0 for line in amounts.lines)  # BR-27
    for line in amounts.lines:  # the quantity carries the sign of the line
        assert line.quantity * line.net_amount >= 0 or not line.net_price
