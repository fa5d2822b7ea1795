# SPDX-License-Identifier: MIT
"""unit_totals (integers, the import's bulk path) gives exactly what compute_totals gives."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from arapp.domain.errors import ValidationError
from arapp.domain.money import minor_units
from arapp.domain.totals import InvoiceTotals, LineInput, TaxRate, compute_totals
from arapp.domain.unit_totals import UnitTotals, unit_totals

RATES = [
    None,
    TaxRate("VAT", Decimal(23)),
    TaxRate("VAT 23", Decimal("23.00")),  # same percent, another rate
    TaxRate("Reduced", Decimal("7.7")),
    TaxRate("Odd", Decimal("13.3333")),
    TaxRate("Zero", Decimal(0)),
    TaxRate("Full", Decimal(100)),
    TaxRate("VAT incl", Decimal(19), inclusive=True),
    TaxRate("GST incl", Decimal("8.875"), inclusive=True),
    TaxRate("All incl", Decimal(100), inclusive=True),
]
CURRENCIES = ["EUR", "JPY", "KWD", "CLF"]


def decimals(places: int, lo: int, hi: int) -> st.SearchStrategy[Decimal]:
    """Decimals with up to ``places`` decimals, written with any number of trailing zeros."""
    return st.builds(
        lambda v, shown: Decimal(v).scaleb(-places).quantize(Decimal(1).scaleb(-shown)),
        st.integers(lo, hi),
        st.integers(places, places + 3),
    )


percents = st.one_of(
    st.just(Decimal(0)), st.just(Decimal(100)), decimals(4, 0, 100 * 10**4), decimals(0, 0, 100)
)
lines = st.lists(
    st.tuples(
        st.one_of(decimals(6, -(10**9), 10**12), decimals(0, -50, 50)),
        st.one_of(decimals(4, -(10**10), 10**12), decimals(2, 0, 10**5)),
        st.one_of(st.just(Decimal(0)), percents),
        st.sampled_from(RATES),
    ),
    min_size=0,
    max_size=8,
)


def in_units(totals: InvoiceTotals) -> UnitTotals:
    exponent = minor_units(totals.currency)

    def units(amount: Decimal) -> int:
        assert amount.as_tuple().exponent == -exponent  # rounded to the minor unit, exactly
        return int(amount.scaleb(exponent))

    return UnitTotals(
        tuple(units(line.amount) for line in totals.lines),
        units(totals.subtotal),
        units(totals.invoice_discount),
        units(totals.tax_total),
        units(totals.total),
    )


def reference(rows, currency: str, percent: Decimal) -> UnitTotals:  # type: ignore[no-untyped-def]
    return in_units(compute_totals([LineInput(*row) for row in rows], currency, percent))


@settings(max_examples=600, deadline=None)
@given(
    rows=lines,
    currency=st.sampled_from(CURRENCIES),
    percent=st.one_of(st.just(Decimal(0)), percents),
)
@example(rows=[(Decimal("0.5"), Decimal(1), Decimal(0), None)], currency="JPY", percent=Decimal(0))
@example(  # lines that cancel out: nothing to share the invoice discount over
    rows=[
        (Decimal(1), Decimal("10.00"), Decimal(0), RATES[1]),
        (Decimal(-1), Decimal("10.00"), Decimal(0), RATES[7]),
    ],
    currency="EUR",
    percent=Decimal(10),
)
def test_same_numbers_as_compute_totals(rows, currency: str, percent: Decimal) -> None:  # type: ignore[no-untyped-def]
    assert unit_totals(rows, currency, percent) == reference(rows, currency, percent)


@settings(max_examples=300, deadline=None)
@given(
    q=decimals(6, 1, 10**7),
    p=decimals(4, 0, 10**9),
    rate=st.sampled_from(RATES),
    currency=st.sampled_from(CURRENCIES),
)
def test_one_line_invoices_as_imported(q: Decimal, p: Decimal, rate, currency: str) -> None:  # type: ignore[no-untyped-def]
    rows = [(q, p, Decimal(0), rate)]
    assert unit_totals(rows, currency) == reference(rows, currency, Decimal(0))


def test_a_known_invoice() -> None:
    vat = TaxRate("VAT", Decimal(23))
    rows = [
        (Decimal(3), Decimal("19.99"), Decimal(0), vat),
        (Decimal("2.5"), Decimal(48), Decimal(0), vat),
    ]
    # 59.97 + 120.00 = 179.97; 23 % of it is 41.3931 -> 41.39
    assert unit_totals(rows, "PLN") == UnitTotals((5997, 12000), 17997, 0, 4139, 22136)


@pytest.mark.parametrize(
    ("rows", "percent"),
    [
        ([(Decimal(1), Decimal("1E+40"), Decimal(0), None)], Decimal(0)),  # too large to round
        ([(Decimal("1E+20"), Decimal("1E+20"), Decimal(0), None)], Decimal(0)),
        ([(Decimal(1), Decimal("NaN"), Decimal(0), None)], Decimal(0)),
        ([(Decimal(1), Decimal("Infinity"), Decimal(0), None)], Decimal(0)),
        ([(Decimal(1), Decimal(1), Decimal(101), None)], Decimal(0)),
        ([(Decimal(1), Decimal(1), Decimal(-1), None)], Decimal(0)),
        ([(Decimal(1), Decimal(1), Decimal(0), None)], Decimal(-5)),
        ([(Decimal(1), Decimal(1), Decimal(0), None)], Decimal("NaN")),
        ([(1.5, Decimal(1), Decimal(0), None)], Decimal(0)),
        ([(Decimal(1), Decimal(1), 0.0, None)], Decimal(0)),
        ([(True, Decimal(1), Decimal(0), None)], Decimal(0)),
        ([(Decimal(1), Decimal(1), Decimal(0), "VAT")], Decimal(0)),
        ([(Decimal(1), Decimal(1), Decimal(0), None)], 0.0),
        ([(Decimal(1), Decimal(1), Decimal(0), None)], True),
    ],
)
def test_refuses_what_compute_totals_refuses(rows, percent) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises((ValidationError, TypeError, ArithmeticError)) as expected:
        compute_totals([LineInput(*row) for row in rows], "EUR", percent)
    with pytest.raises(expected.type):
        unit_totals(rows, "EUR", percent)
    with pytest.raises(ValidationError):
        unit_totals([], "euro")


@pytest.mark.parametrize(
    "rows",
    [
        [(1, 2, 0, None)],  # ints, as compute_totals takes them
        [(Decimal(3), Decimal("9.99"), Decimal("33.333333333333333333333333"), None)],
        [(Decimal(1), Decimal("1E+31"), Decimal(0), None)],  # within compute_totals' limits
        [
            (Decimal(1), Decimal("6E+30"), Decimal(100), None),
            (Decimal(-1), Decimal("6E+30"), Decimal(100), None),
        ],
        [(Decimal("1." + "0" * 60), Decimal("2." + "0" * 60), Decimal(0), None)],
    ],
)
def test_unusual_inputs_still_agree(rows) -> None:  # type: ignore[no-untyped-def]
    assert unit_totals(rows, "EUR") == reference(rows, "EUR", Decimal(0))


def test_long_coefficients_fail_like_compute_totals() -> None:
    long = Decimal("1." + "0" * 59 + "1")  # 61 digits: the exact product needs 121
    rows = [(long, long, Decimal(0), None)]
    with pytest.raises(ArithmeticError) as expected:
        compute_totals([LineInput(*row) for row in rows], "EUR")
    with pytest.raises(expected.type):
        unit_totals(rows, "EUR")
