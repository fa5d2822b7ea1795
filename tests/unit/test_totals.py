# SPDX-License-Identifier: MIT
"""Tests for arapp.domain.totals: line amounts, invoice discount and tax per rate."""

import decimal
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arapp.domain.errors import ValidationError
from arapp.domain.money import minor_units, quantize
from arapp.domain.totals import (
    InvoiceTotals,
    LineInput,
    LineTotal,
    TaxLine,
    TaxRate,
    compute_totals,
)

FAST = settings(max_examples=60, deadline=None)
VAT19 = TaxRate("VAT", Decimal(19))
VAT7 = TaxRate("VAT reduced", Decimal(7))
VAT19_INCL = TaxRate("VAT", Decimal(19), inclusive=True)


def D(text: str) -> Decimal:
    return Decimal(text)


def line(qty: str, price: str, discount: str = "0", tax: TaxRate | None = None) -> LineInput:
    return LineInput(D(qty), D(price), D(discount), tax)


def assert_invariants(totals: InvoiceTotals) -> None:
    zero = Decimal(0)
    assert totals.net_total + totals.tax_total == totals.total
    assert sum((t.gross for t in totals.taxes), zero) == totals.total
    assert sum((t.net for t in totals.taxes), zero) == totals.net_total
    assert sum((t.tax for t in totals.taxes), zero) == totals.tax_total
    assert sum((lt.amount for lt in totals.lines), zero) == totals.subtotal
    shares = sum((lt.invoice_discount_share for lt in totals.lines), zero)
    assert shares == totals.invoice_discount
    bases = sum(
        (t.gross if t.rate is not None and t.rate.inclusive else t.net for t in totals.taxes),
        zero,
    )
    assert bases == totals.subtotal - totals.invoice_discount
    for tax_line in totals.taxes:
        assert tax_line.net + tax_line.tax == tax_line.gross
    for lt in totals.lines:
        assert lt.gross_before_discount - lt.line_discount == lt.amount


def test_single_exclusive_line() -> None:
    totals = compute_totals([line("3", "19.99", tax=VAT19)], "EUR")
    assert totals.lines == (LineTotal(D("59.97"), D("0.00"), D("59.97"), D("0.00")),)
    assert totals.subtotal == D("59.97")
    assert totals.taxes == (TaxLine(VAT19, D("59.97"), D("11.39"), D("71.36")),)
    assert (totals.net_total, totals.tax_total, totals.total) == (
        D("59.97"),
        D("11.39"),
        D("71.36"),
    )
    assert str(totals.total) == "71.36"


def test_tax_is_computed_once_per_rate_not_per_line() -> None:
    # Per line 0.10 x 7 % = 0.007 -> 0.01 each, 0.03 in all; per rate 0.30 x 7 % = 0.021.
    totals = compute_totals([line("1", "0.10", tax=VAT7)] * 3, "EUR")
    assert totals.tax_total == D("0.02")
    assert totals.total == D("0.32")


def test_line_discount_is_rounded_from_the_rounded_line() -> None:
    totals = compute_totals([line("3", "3.33", "15")], "EUR")
    # 9.99 x 15 % = 1.4985 -> 1.50
    assert totals.lines[0] == LineTotal(D("9.99"), D("1.50"), D("8.49"))
    assert totals.taxes == (TaxLine(None, D("8.49"), D("0.00"), D("8.49")),)
    assert totals.total == D("8.49")


def test_inclusive_tax() -> None:
    totals = compute_totals([line("1", "119.00", tax=VAT19_INCL)], "EUR")
    assert totals.taxes == (TaxLine(VAT19_INCL, D("100.00"), D("19.00"), D("119.00")),)
    totals = compute_totals([line("1", "10.00", tax=VAT19_INCL)], "EUR")
    # 10 x 19 / 119 = 1.5966... -> 1.60
    assert totals.taxes == (TaxLine(VAT19_INCL, D("8.40"), D("1.60"), D("10.00")),)
    assert totals.total == totals.subtotal == D("10.00")


def test_invoice_discount_is_distributed_over_rates() -> None:
    lines = [line("1", "10.00", tax=VAT19), line("1", "20.00", tax=VAT7)]
    totals = compute_totals(lines, "EUR", D(10))
    assert totals.subtotal == D("30.00")
    assert totals.invoice_discount == D("3.00")
    assert [lt.invoice_discount_share for lt in totals.lines] == [D("1.00"), D("2.00")]
    assert [lt.discounted_amount for lt in totals.lines] == [D("9.00"), D("18.00")]
    assert totals.taxes == (
        TaxLine(VAT7, D("18.00"), D("1.26"), D("19.26")),
        TaxLine(VAT19, D("9.00"), D("1.71"), D("10.71")),
    )
    assert totals.total == D("29.97")
    assert_invariants(totals)


def test_invoice_discount_largest_remainder() -> None:
    totals = compute_totals([line("1", "1.00")] * 3, "EUR", D("33.33"))
    assert totals.invoice_discount == D("1.00")  # 0.9999 -> 1.00
    assert [lt.invoice_discount_share for lt in totals.lines] == [D("0.34"), D("0.33"), D("0.33")]
    assert totals.total == D("2.00")


def test_returns_and_negative_prices() -> None:
    totals = compute_totals([line("-2", "10.00", tax=VAT19)], "EUR")
    assert totals.taxes == (TaxLine(VAT19, D("-20.00"), D("-3.80"), D("-23.80")),)
    totals = compute_totals(
        [line("1", "100.00", tax=VAT19), line("1", "-50.00", tax=VAT19)], "EUR", D(10)
    )
    assert [lt.invoice_discount_share for lt in totals.lines] == [D("10.00"), D("-5.00")]
    assert totals.net_total == D("45.00")
    assert totals.total == D("53.55")
    assert_invariants(totals)


def test_lines_cancelling_out_with_invoice_discount() -> None:
    totals = compute_totals([line("1", "100"), line("-1", "100")], "EUR", D(10))
    assert totals.subtotal == totals.invoice_discount == totals.total == D("0.00")


def test_zero_decimal_currency() -> None:
    totals = compute_totals([line("3", "333", tax=TaxRate("CT", D(10)))], "JPY")
    assert str(totals.subtotal) == "999"
    assert str(totals.tax_total) == "100"  # 99.9 -> 100
    assert str(totals.total) == "1099"


def test_empty_invoice() -> None:
    totals = compute_totals([], "EUR")
    assert totals == InvoiceTotals("EUR", (), D(0), D(0), (), D(0), D(0), D(0))
    assert str(totals.total) == "0.00"


def test_tax_lines_are_ordered() -> None:
    zero_rated = TaxRate("Zero", D(0))
    exempt_b = TaxRate("B", D(7))
    lines = [
        line("1", "1", tax=VAT19),
        line("1", "1", tax=exempt_b),
        line("1", "1", tax=VAT7),
        line("1", "1", tax=zero_rated),
        line("1", "1"),
        line("1", "1", tax=VAT19),
    ]
    totals = compute_totals(lines, "EUR")
    assert [t.rate for t in totals.taxes] == [None, zero_rated, exempt_b, VAT7, VAT19]
    assert totals.taxes[-1].net == D("2.00")


def test_equal_rates_are_grouped() -> None:
    lines = [line("1", "1", tax=TaxRate("VAT", D("19.0"))), line("1", "1", tax=VAT19)]
    assert len(compute_totals(lines, "EUR").taxes) == 1


@pytest.mark.parametrize("percent", ["-1", "100.01", "250"])
def test_percent_ranges(percent: str) -> None:
    with pytest.raises(ValidationError) as info:
        line("1", "1", percent)
    assert info.value.field == "discount_percent"
    with pytest.raises(ValidationError) as info:
        compute_totals([], "EUR", D(percent))
    assert info.value.field == "invoice_discount_percent"
    with pytest.raises(ValidationError) as info:
        TaxRate("VAT", D(percent))
    assert info.value.field == "percent"


def test_full_discount_is_allowed() -> None:
    totals = compute_totals([line("2", "5.00", "100", VAT19)], "EUR", D(100))
    assert totals.total == D("0.00")


def test_inputs_refuse_float() -> None:
    with pytest.raises(TypeError):
        LineInput(1.0, D(1))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        LineInput(D(1), 9.99)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        LineInput(D(1), D(1), 5.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        TaxRate("VAT", 19.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        compute_totals([], "EUR", 10.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        compute_totals([(1, 2)], "EUR")  # type: ignore[list-item]
    with pytest.raises(TypeError):
        LineInput(D(1), D(1), tax="VAT")  # type: ignore[arg-type]


def test_other_validation() -> None:
    with pytest.raises(ValidationError) as info:
        TaxRate("  ", D(19))
    assert info.value.field == "name"
    assert TaxRate("  VAT  ", D(19)).name == "VAT"
    assert str(TaxRate("VAT", D("19.00"))) == "VAT 19%"
    assert LineInput(2, 3).quantity == D(2)
    with pytest.raises(ValidationError):
        compute_totals([line("1", "1")], "euro")
    with pytest.raises(ValidationError):
        LineInput(D("NaN"), D(1))


def test_result_independent_of_ambient_context() -> None:
    lines = [line("3", "19.99", "5", VAT19), line("0.333", "1234.5678", tax=VAT19_INCL)]
    expected = compute_totals(lines, "EUR", D("2.5"))
    with decimal.localcontext() as ctx:
        ctx.prec = 4
        ctx.rounding = decimal.ROUND_FLOOR
        ctx.traps[decimal.FloatOperation] = True
        assert compute_totals(lines, "EUR", D("2.5")) == expected


PERCENTS = st.decimals(min_value=0, max_value=100, places=2)
RATES = st.sampled_from(
    [None, VAT19, VAT7, VAT19_INCL, TaxRate("GST", D("12.5"), inclusive=True), TaxRate("Z", D(0))]
)
LINES = st.builds(
    LineInput,
    quantity=st.decimals(min_value=-50, max_value=1000, places=3),
    unit_price=st.decimals(min_value=-1000, max_value=10**6, places=4),
    discount_percent=st.one_of(st.just(Decimal(0)), PERCENTS),
    tax=RATES,
)


@FAST
@given(
    lines=st.lists(LINES, max_size=8),
    currency=st.sampled_from(["EUR", "JPY", "KWD"]),
    percent=st.one_of(st.just(Decimal(0)), PERCENTS),
)
def test_totals_invariants(lines: list[LineInput], currency: str, percent: Decimal) -> None:
    totals = compute_totals(lines, currency, percent)
    assert_invariants(totals)
    exact = Fraction(totals.subtotal) * Fraction(percent) / 100
    assert totals.invoice_discount == quantize(exact, currency)
    exponent = -minor_units(currency)
    for value in (totals.total, totals.net_total, totals.tax_total, totals.subtotal):
        assert value.as_tuple().exponent == exponent
    for tax_line in totals.taxes:
        if tax_line.rate is None:
            assert tax_line.tax == 0
            continue
        p = Fraction(tax_line.rate.percent)
        exact_tax = (
            Fraction(tax_line.gross) * p / (100 + p)
            if tax_line.rate.inclusive
            else Fraction(tax_line.net) * p / 100
        )
        assert abs(Fraction(tax_line.tax) - exact_tax) <= Fraction(1, 2 * 10**-exponent)


@FAST
@given(lines=st.lists(LINES, min_size=1, max_size=6), percent=PERCENTS)
def test_returns_mirror_sales(lines: list[LineInput], percent: Decimal) -> None:
    returns = [LineInput(-li.quantity, li.unit_price, li.discount_percent, li.tax) for li in lines]
    sale, refund = compute_totals(lines, "EUR", percent), compute_totals(returns, "EUR", percent)
    assert refund.total == -sale.total
    assert refund.tax_total == -sale.tax_total
