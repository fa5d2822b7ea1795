# SPDX-License-Identifier: MIT
"""The fast Decimal products in totals give exactly what exact fractions give."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from arapp.domain.totals import LineInput, TaxRate, compute_totals


def half_up(value: Fraction) -> Decimal:
    units = math.floor(abs(value) * 100 + Fraction(1, 2))
    return Decimal(-units if value < 0 else units).scaleb(-2)


def places(n: int, lo: int, hi: int) -> st.SearchStrategy[Decimal]:
    return st.integers(lo, hi).map(lambda v: Decimal(v).scaleb(-n))


lines = st.lists(
    st.tuples(
        places(6, -(10**9), 10**12),
        places(4, -(10**10), 10**12),
        places(4, 0, 10**6),
        st.sampled_from([Decimal("23"), Decimal("13.5"), Decimal("7.7"), Decimal(0)]),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(lines=lines, invoice_discount=places(4, 0, 10**6))
def test_lines_and_taxes_match_exact_fractions(lines, invoice_discount) -> None:  # type: ignore[no-untyped-def]
    totals = compute_totals(
        [LineInput(q, p, d, TaxRate(f"T{t}", t)) for q, p, d, t in lines], "EUR", invoice_discount
    )
    for (q, p, d, _), line in zip(lines, totals.lines, strict=True):
        gross = half_up(Fraction(q) * Fraction(p))
        assert line.gross_before_discount == gross
        assert line.line_discount == half_up(Fraction(gross) * Fraction(d) / 100)
    assert totals.invoice_discount == half_up(
        Fraction(totals.subtotal) * Fraction(invoice_discount) / 100
    )
    for tax in totals.taxes:
        assert tax.rate is not None
        assert tax.tax == half_up(Fraction(tax.net) * Fraction(tax.rate.percent) / 100)
