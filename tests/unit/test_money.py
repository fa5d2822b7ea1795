# SPDX-License-Identifier: MIT
"""Tests for arapp.domain.money: the rounding rule and allocate."""

import decimal
import pickle
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from arapp.domain.errors import DomainError, ValidationError
from arapp.domain.money import (
    ROUNDING,
    allocate,
    check_decimal,
    minor_units,
    normalize_currency,
    quantize,
    strict_context,
    to_decimal,
)

FAST = settings(max_examples=60, deadline=None)
CURRENCIES = st.sampled_from(["EUR", "USD", "JPY", "KWD", "CLF"])
AMOUNTS = st.decimals(
    min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
)


def D(text: str) -> Decimal:
    return Decimal(text)


# --- errors -------------------------------------------------------------------------------


def test_validation_error_carries_field_and_message() -> None:
    error = ValidationError("email", "“foo” is not a valid e-mail address")
    assert isinstance(error, DomainError)
    assert error.field == "email"
    assert error.message == str(error) == "“foo” is not a valid e-mail address"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.field, copy.message) == (error.field, error.message)


# --- currencies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("currency", "expected"),
    [
        ("EUR", 2),
        ("USD", 2),
        ("CHF", 2),
        ("XYZ", 2),
        ("JPY", 0),
        ("KRW", 0),
        ("VND", 0),
        ("CLP", 0),
        ("ISK", 0),
        ("XOF", 0),
        ("XAF", 0),
        ("UGX", 0),
        ("PYG", 0),
        ("RWF", 0),
        ("BHD", 3),
        ("KWD", 3),
        ("OMR", 3),
        ("JOD", 3),
        ("TND", 3),
        ("LYD", 3),
        ("IQD", 3),
        ("CLF", 4),
        ("UYW", 4),
    ],
)
def test_minor_units(currency: str, expected: int) -> None:
    assert minor_units(currency) == expected


@pytest.mark.parametrize(
    "code", ["", "eur", "EU", "EURO", "E1R", " EUR", "EUR\n", "ÉUR", None, 978]
)
def test_minor_units_rejects_malformed_codes(code: object) -> None:
    with pytest.raises(ValidationError) as info:
        minor_units(code)  # type: ignore[arg-type]
    assert info.value.field == "currency"


def test_normalize_currency() -> None:
    assert normalize_currency(" eur ") == "EUR"
    with pytest.raises(ValidationError):
        normalize_currency("euro")


# --- to_decimal / check_decimal -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12.30", D("12.30")), ("  -7 ", D("-7")), (5, D(5)), (D("1.005"), D("1.005"))],
)
def test_to_decimal_accepts(value: object, expected: Decimal) -> None:
    result = to_decimal(value)  # type: ignore[arg-type]
    assert isinstance(result, Decimal)
    assert result == expected


@pytest.mark.parametrize("value", [1.5, 0.0, True, False, None, [1], Fraction(1, 2)])
def test_to_decimal_rejects_non_numbers_with_type_error(value: object) -> None:
    with pytest.raises(TypeError):
        to_decimal(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["", "abc", "1,5", "NaN", "inf", "-Infinity", D("NaN"), D("Inf")])
def test_to_decimal_rejects_junk_and_non_finite(value: object) -> None:
    with pytest.raises(ValidationError, match="is not a number") as info:
        to_decimal(value)  # type: ignore[arg-type]
    assert info.value.field == "amount"


def test_check_decimal_refuses_text_and_float() -> None:
    assert check_decimal(3) == D(3)
    for bad in ("3", 3.0, True):
        with pytest.raises(TypeError):
            check_decimal(bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as info:
        check_decimal(D("NaN"), "quantity")
    assert info.value.field == "quantity"


# --- quantize: the one rounding rule ---------------------------------------------------------


def test_rounding_constant_is_half_away_from_zero() -> None:
    assert ROUNDING == decimal.ROUND_HALF_UP


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("0.125", "EUR", "0.13"),
        ("-0.125", "EUR", "-0.13"),
        ("0.124999", "EUR", "0.12"),
        ("2.675", "EUR", "2.68"),
        ("1.005", "USD", "1.01"),
        ("0.5", "JPY", "1"),
        ("-0.5", "JPY", "-1"),
        ("1.4999", "JPY", "1"),
        ("1.0005", "KWD", "1.001"),
        ("1.00005", "CLF", "1.0001"),
        ("7", "EUR", "7.00"),
        ("1E+3", "EUR", "1000.00"),
    ],
)
def test_quantize_half_away_from_zero(amount: str, currency: str, expected: str) -> None:
    result = quantize(D(amount), currency)
    assert str(result) == expected


def test_quantize_never_returns_negative_zero() -> None:
    assert str(quantize(D("-0.004"), "EUR")) == "0.00"
    assert str(quantize(D("-0"), "JPY")) == "0"
    assert not quantize(D("-0.001"), "EUR").is_signed()


def test_quantize_accepts_int_and_exact_fraction() -> None:
    assert str(quantize(3, "EUR")) == "3.00"
    assert str(quantize(Fraction(1, 8), "EUR")) == "0.13"
    assert str(quantize(Fraction(-1, 8), "EUR")) == "-0.13"
    assert str(quantize(Fraction(1, 3), "KWD")) == "0.333"


def test_quantize_ignores_the_ambient_context() -> None:
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        assert str(quantize(D("123456.785"), "EUR")) == "123456.79"


def test_quantize_rejects_float_and_bad_values() -> None:
    with pytest.raises(TypeError):
        quantize(0.1, "EUR")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        quantize("0.1", "EUR")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        quantize(D("NaN"), "EUR")
    with pytest.raises(ValidationError, match="too large"):
        quantize(D("1E+40"), "EUR")


@FAST
@given(amount=AMOUNTS, currency=CURRENCIES)
def test_quantize_is_idempotent_and_close(amount: Decimal, currency: str) -> None:
    once = quantize(amount, currency)
    assert quantize(once, currency) == once
    assert once.as_tuple().exponent == -minor_units(currency)
    assert abs(once - amount) <= Decimal(1).scaleb(-minor_units(currency)) / 2
    assert quantize(-amount, currency) == -once


# --- strict context -------------------------------------------------------------------------


def test_strict_context_traps_float_operations() -> None:
    with strict_context(), pytest.raises(decimal.FloatOperation):
        Decimal(0.1)  # noqa: RUF032 - the point of the test
    with strict_context():
        assert to_decimal("0.10") + to_decimal("0.20") == to_decimal("0.3")


# --- allocate ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "weights", "currency", "expected"),
    [
        ("100", ["1", "1", "1"], "EUR", ["33.34", "33.33", "33.33"]),
        ("-100", ["1", "1", "1"], "EUR", ["-33.34", "-33.33", "-33.33"]),
        ("0.05", ["1", "1", "1"], "EUR", ["0.02", "0.02", "0.01"]),
        ("10", ["70", "20", "10"], "EUR", ["7.00", "2.00", "1.00"]),
        ("1", ["1", "2"], "JPY", ["0", "1"]),
        ("0.01", ["0", "0"], "EUR", ["0.01", "0.00"]),
        ("0", ["3", "-3"], "EUR", ["0.00", "0.00"]),
        ("0.004", ["1", "1"], "EUR", ["0.00", "0.00"]),
        ("5.00", ["100", "-50"], "EUR", ["10.00", "-5.00"]),
        ("1", ["1", "1", "1"], "KWD", ["0.334", "0.333", "0.333"]),
        ("-7", ["-2", "-5"], "EUR", ["-2.00", "-5.00"]),
    ],
)
def test_allocate_cases(total: str, weights: list[str], currency: str, expected: list[str]) -> None:
    result = allocate(D(total), [D(w) for w in weights], currency)
    assert [str(r) for r in result] == expected


def test_allocate_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="at least one"):
        allocate(D(1), [], "EUR")
    with pytest.raises(ValueError, match="sum to zero"):
        allocate(D(1), [D(1), D(-1)], "EUR")
    with pytest.raises(TypeError):
        allocate(D(1), [0.5, 0.5], "EUR")  # type: ignore[list-item]
    with pytest.raises(TypeError):
        allocate(1.0, [D(1)], "EUR")  # type: ignore[arg-type]


WEIGHTS = st.lists(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=12,
)


@FAST
@given(total=AMOUNTS, weights=WEIGHTS, currency=CURRENCIES)
def test_allocate_never_loses_or_invents_a_cent(
    total: Decimal, weights: list[Decimal], currency: str
) -> None:
    with strict_context():
        parts = allocate(total, weights, currency)
    assert len(parts) == len(weights)
    assert sum(parts, Decimal(0)) == quantize(total, currency)
    unit = Fraction(1, 10 ** minor_units(currency))
    weight_sum = sum(weights, Decimal(0))
    for part, weight in zip(parts, weights, strict=True):
        assert part.as_tuple().exponent == -minor_units(currency)
        if weight_sum:
            exact = Fraction(quantize(total, currency)) * Fraction(weight) / Fraction(weight_sum)
            assert abs(Fraction(part) - exact) < unit


@FAST
@given(total=AMOUNTS, weights=WEIGHTS, currency=CURRENCIES)
def test_allocate_is_sign_symmetric(total: Decimal, weights: list[Decimal], currency: str) -> None:
    assert allocate(-total, weights, currency) == [-p for p in allocate(total, weights, currency)]


@FAST
@given(
    total=AMOUNTS,
    weights=st.lists(st.integers(min_value=-1000, max_value=1000), min_size=1, max_size=8),
)
def test_allocate_mixed_sign_weights_still_sum_exactly(total: Decimal, weights: list[int]) -> None:
    assume(sum(weights) != 0 or not any(weights))
    parts = allocate(total, weights, "EUR")
    assert sum(parts, Decimal(0)) == quantize(total, "EUR")
