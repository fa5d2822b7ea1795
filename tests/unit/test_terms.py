# SPDX-License-Identifier: MIT
"""Tests for arapp.domain.terms: parsing, canonical text, due and discount dates."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arapp.domain.errors import ValidationError
from arapp.domain.terms import (
    DEFAULT_TERMS,
    MAX_DAYS,
    PaymentTerms,
    TermsKind,
    parse_terms,
)

FAST = settings(max_examples=80, deadline=None)
NET, EOM, RECEIPT = TermsKind.NET, TermsKind.END_OF_MONTH, TermsKind.DUE_ON_RECEIPT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("due on receipt", PaymentTerms(RECEIPT)),
        ("Due upon receipt", PaymentTerms(RECEIPT)),
        ("receipt", PaymentTerms(RECEIPT)),
        ("RECEIPT", PaymentTerms(RECEIPT)),
        ("net 30", PaymentTerms(NET, 30)),
        ("Net30", PaymentTerms(NET, 30)),
        ("  net   30  ", PaymentTerms(NET, 30)),
        ("n30", PaymentTerms(NET, 30)),
        ("n/30", PaymentTerms(NET, 30)),
        ("Net-45", PaymentTerms(NET, 45)),
        ("net 30 days", PaymentTerms(NET, 30)),
        ("30 days", PaymentTerms(NET, 30)),
        ("1 day", PaymentTerms(NET, 1)),
        ("net 0", PaymentTerms(NET, 0)),
        ("eom", PaymentTerms(EOM, 0)),
        ("EOM 10", PaymentTerms(EOM, 10)),
        ("eom+10", PaymentTerms(EOM, 10)),
        ("eom + 10", PaymentTerms(EOM, 10)),
        ("end of month + 10", PaymentTerms(EOM, 10)),
        ("End of the month", PaymentTerms(EOM, 0)),
        ("2/10 net 30", PaymentTerms(NET, 30, Decimal(2), 10)),
        ("2/10, n/30", PaymentTerms(NET, 30, Decimal(2), 10)),
        ("2.5/10 net 30", PaymentTerms(NET, 30, Decimal("2.5"), 10)),
        ("2,5 % / 10 net 30", PaymentTerms(NET, 30, Decimal("2.5"), 10)),
        ("1/15 eom 30", PaymentTerms(EOM, 30, Decimal(1), 15)),
        ("2/30 net 30", PaymentTerms(NET, 30, Decimal(2), 30)),
    ],
)
def test_parse_terms(text: str, expected: PaymentTerms) -> None:
    assert parse_terms(text) == expected


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Due upon receipt", "due on receipt"),
        ("NET30", "net 30"),
        ("30 days", "net 30"),
        ("eom", "eom"),
        ("end of month+10", "eom + 10"),
        ("2.50/10 N30", "2.5/10 net 30"),
        ("1/15 EOM 30", "1/15 eom + 30"),
    ],
)
def test_canonical_text(text: str, canonical: str) -> None:
    terms = parse_terms(text)
    assert terms.text == str(terms) == canonical
    assert parse_terms(canonical) == terms


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter payment terms"),
        ("   ", "Enter payment terms"),
        ("soon", "not recognized"),
        ("net", "not recognized"),
        ("net thirty", "not recognized"),
        ("30", "not recognized"),
        ("net 99999999999", "not recognized"),
        ("net -30", "cannot be negative"),
        ("-5 days", "cannot be negative"),
        ("eom -10", "cannot be negative"),
        ("2/-1 net 30", "cannot be negative"),
        ("net 1000", "cannot exceed 999"),
        ("2/40 net 30", "cannot be longer than the payment period"),
        ("100/10 net 30", "less than 100"),
        ("150/10 net 30", "less than 100"),
        ("0/10 net 30", "more than 0"),
        ("-2/10 net 30", "more than 0"),
        ("2/10 due on receipt", "cannot have an early-payment discount"),
    ],
)
def test_parse_terms_errors(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        parse_terms(text)
    assert info.value.field == "terms"


def test_parse_terms_refuses_non_text() -> None:
    with pytest.raises(TypeError):
        parse_terms(30)  # type: ignore[arg-type]


def test_constructor_validates() -> None:
    with pytest.raises(ValidationError):
        PaymentTerms(RECEIPT, 5)
    with pytest.raises(ValidationError, match="without a discount percent"):
        PaymentTerms(NET, 30, Decimal(0), 10)
    with pytest.raises(TypeError):
        PaymentTerms(NET, 30, 2.0, 10)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        PaymentTerms(NET, 30.0)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        PaymentTerms("weekly")  # type: ignore[arg-type]
    assert PaymentTerms("net", 30) == PaymentTerms(NET, 30)  # type: ignore[arg-type]
    assert PaymentTerms(NET, 30, 2, 10).discount_percent == Decimal(2)


def test_default_terms() -> None:
    assert PaymentTerms(NET, 30) == DEFAULT_TERMS
    assert str(DEFAULT_TERMS) == "net 30"


@pytest.mark.parametrize(
    ("text", "issue", "due"),
    [
        ("due on receipt", date(2024, 3, 14), date(2024, 3, 14)),
        ("net 30", date(2024, 1, 31), date(2024, 3, 1)),  # leap year
        ("net 30", date(2023, 1, 31), date(2023, 3, 2)),
        ("net 0", date(2024, 3, 14), date(2024, 3, 14)),
        ("eom", date(2023, 2, 10), date(2023, 2, 28)),
        ("eom", date(2024, 2, 10), date(2024, 2, 29)),
        ("eom", date(2024, 1, 31), date(2024, 1, 31)),
        ("eom + 10", date(2024, 3, 14), date(2024, 4, 10)),
        ("eom + 10", date(2024, 12, 1), date(2025, 1, 10)),
        ("eom + 30", date(2024, 1, 15), date(2024, 3, 1)),
    ],
)
def test_due_date(text: str, issue: date, due: date) -> None:
    assert parse_terms(text).due_date(issue) == due


def test_due_date_refuses_datetime() -> None:
    with pytest.raises(TypeError):
        DEFAULT_TERMS.due_date(datetime(2024, 1, 1))  # noqa: DTZ001


def test_due_date_out_of_range() -> None:
    with pytest.raises(ValidationError, match="out of range"):
        DEFAULT_TERMS.due_date(date(9999, 12, 15))


def test_discount_dates_and_applicability() -> None:
    terms = parse_terms("2/10 net 30")
    issue = date(2024, 1, 1)
    assert terms.has_discount
    assert terms.discount_date(issue) == date(2024, 1, 11)
    assert terms.discount_applies(issue, date(2023, 12, 30))  # paid in advance
    assert terms.discount_applies(issue, date(2024, 1, 11))  # last day still qualifies
    assert not terms.discount_applies(issue, date(2024, 1, 12))
    plain = parse_terms("net 30")
    assert not plain.has_discount
    assert plain.discount_date(issue) is None
    assert not plain.discount_applies(issue, issue)


def test_discount_window_never_extends_past_due_date() -> None:
    terms = parse_terms("1/40 eom")  # 40 days from issue, but due at end of month
    assert terms.discount_date(date(2024, 3, 14)) == date(2024, 3, 31)


@pytest.mark.parametrize(
    ("text", "total", "currency", "expected"),
    [
        ("2/10 net 30", "1234.56", "EUR", "24.69"),
        ("2.5/10 net 30", "100.20", "EUR", "2.51"),  # 2.505 rounds half away from zero
        ("2.5/10 net 30", "-100.20", "EUR", "-2.51"),
        ("1/15 eom 30", "12345", "JPY", "123"),
        ("net 30", "100.00", "EUR", "0.00"),
    ],
)
def test_discount_amount(text: str, total: str, currency: str, expected: str) -> None:
    assert str(parse_terms(text).discount_amount(Decimal(total), currency)) == expected


def test_discount_amount_refuses_float() -> None:
    with pytest.raises(TypeError):
        parse_terms("2/10 net 30").discount_amount(100.0, "EUR")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("due on receipt", "Payment due on receipt."),
        ("net 0", "Payment due on receipt."),
        ("net 1", "Payment due within 1 day."),
        ("net 30", "Payment due within 30 days."),
        (
            "2/10 net 30",
            "Payment due within 30 days. 2% discount if paid within 10 days.",
        ),
        (
            "2.5/0 net 14",
            "Payment due within 14 days. 2.5% discount if paid on the invoice date.",
        ),
        ("eom", "Payment due by the end of the month of the invoice date."),
        (
            "1/15 eom 30",
            "Payment due 30 days after the end of the month of the invoice date."
            " 1% discount if paid within 15 days.",
        ),
    ],
)
def test_describe(text: str, sentence: str) -> None:
    assert parse_terms(text).describe() == sentence


@st.composite
def payment_terms(draw: st.DrawFn) -> PaymentTerms:
    kind = draw(st.sampled_from(TermsKind))
    if kind is RECEIPT:
        return PaymentTerms(RECEIPT)
    days = draw(st.integers(min_value=0, max_value=MAX_DAYS))
    if not draw(st.booleans()):
        return PaymentTerms(kind, days)
    percent = draw(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99.99"), places=2))
    upper = days if kind is NET else MAX_DAYS
    discount_days = draw(st.integers(min_value=0, max_value=upper))
    return PaymentTerms(kind, days, percent, discount_days)


@FAST
@given(terms=payment_terms())
def test_text_round_trip(terms: PaymentTerms) -> None:
    parsed = parse_terms(terms.text)
    assert parsed == terms
    assert parsed.text == terms.text
    assert parse_terms(terms.text.upper().replace(" ", "  ")) == terms


@FAST
@given(
    terms=payment_terms(), issue=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
)
def test_due_and_discount_dates_are_ordered(terms: PaymentTerms, issue: date) -> None:
    due = terms.due_date(issue)
    assert due >= issue
    last_discount_day = terms.discount_date(issue)
    if last_discount_day is not None:
        assert issue <= last_discount_day <= due
        assert terms.discount_applies(issue, last_discount_day)
