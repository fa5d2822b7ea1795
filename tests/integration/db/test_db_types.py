# SPDX-License-Identifier: MIT
"""Amounts and times go into the database and come back exactly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy import text as text_sql
from sqlalchemy.exc import StatementError

from arapp.db.engine import Database
from arapp.db.types import (
    MONEY_SCALE,
    FixedDecimal,
    Money,
    UtcDateTime,
    from_units,
    stored_int,
    to_units,
)

AWKWARD = [
    "0",
    "0.0001",
    "-0.0001",
    "0.1",
    "0.2",
    "0.3",
    "1.005",
    "12.3450",
    "-999.9999",
    "100000000000.0001",
    "922337203685477.5807",
    "-922337203685477.5808",
    "1E+3",
    "123456789",
]


@pytest.fixture
def table(tmp_path):  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path / 'types.sqlite3'}")
    meta = MetaData()
    t = Table(
        "t",
        meta,
        Column("id", Integer, primary_key=True),
        Column("amount", FixedDecimal(4)),
        Column("at", UtcDateTime),
    )
    meta.create_all(db.engine)
    yield db, t
    db.dispose()


@pytest.mark.parametrize("text", AWKWARD)
def test_amount_round_trips_exactly(table, text: str) -> None:  # type: ignore[no-untyped-def]
    db, t = table
    with db.write() as s:
        s.execute(insert(t).values(amount=Decimal(text)))
    with db.read() as s:
        value = s.scalar(select(t.c.amount))
    assert isinstance(value, Decimal)
    assert value == Decimal(text)


def test_sum_in_sql_is_exact(table) -> None:  # type: ignore[no-untyped-def]
    db, t = table
    with db.write() as s:
        s.execute(insert(t), [{"amount": Decimal("0.1")}] * 1000 + [{"amount": Decimal("0.0003")}])
    from sqlalchemy import func, type_coerce

    with db.read() as s:
        total = s.scalar(select(type_coerce(func.sum(t.c.amount), FixedDecimal(4))))
    assert total == Decimal("100.0003")


@pytest.mark.parametrize(
    ("value", "error"),
    [(Decimal("0.00001"), ValueError), (Decimal("1E+20"), ValueError), ("1.5", TypeError)],
)
def test_refuses_what_it_cannot_store_exactly(table, value, error) -> None:  # type: ignore[no-untyped-def]
    db, t = table
    with pytest.raises(StatementError) as info, db.write() as s:
        s.execute(insert(t).values(amount=value))
    assert isinstance(info.value.orig, error)


@pytest.mark.parametrize(
    "value",
    [
        Decimal("1.000000000000000000000000000001"),  # more places than a 28-digit context keeps
        Decimal("NaN"),
        Decimal("-Infinity"),
        Decimal("1E-5"),
    ],
)
def test_refuses_more_places_whatever_the_context(value: Decimal) -> None:
    with pytest.raises(ValueError, match="more than 4 decimal places"):
        stored_int(value, 4)


def _stored_exactly(value: Decimal, scale: int) -> int | None:
    """stored_int's rule through the exact fraction: None where it refuses the value."""
    numerator, denominator = value.as_integer_ratio()
    number, rest = divmod(numerator * 10**scale, denominator)
    return None if rest or not -(2**63) <= number < 2**63 else number


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False),
        st.decimals(allow_nan=False, allow_infinity=False, places=4),
        st.from_regex(r"-?[0-9]{1,45}(\.[0-9]{0,45})?(E[+-]?[0-9]{1,2})?", fullmatch=True).map(
            Decimal
        ),
    )
)
def test_stored_int_shifts_the_point_exactly(value: Decimal) -> None:
    """The quick way of stored_int (the point shifted in an exact context) gives what the
    exact fraction gives, or refuses what it refuses, for any number of digits."""
    expected = _stored_exactly(value, 4)
    if expected is None:
        with pytest.raises(ValueError):
            stored_int(value, 4)
    else:
        assert stored_int(value, 4) == expected


@pytest.mark.parametrize("text", AWKWARD)
def test_stored_int_is_what_the_column_stores(table, text: str) -> None:  # type: ignore[no-untyped-def]
    db, t = table
    with db.write() as s:
        s.execute(insert(t).values(amount=Decimal(text)))
        stored = s.execute(text_sql("SELECT amount FROM t")).scalar_one()
    assert (
        stored
        == stored_int(Decimal(text), 4)
        == FixedDecimal(4).process_bind_param(Decimal(text), None)
    )
    assert stored_int(7, 4) == 70000


@pytest.mark.parametrize("text", AWKWARD)
def test_money_units_are_the_stored_integers_and_back(text: str) -> None:
    amount = Decimal(text)
    assert Money.scale == MONEY_SCALE == 4
    assert to_units(amount) == stored_int(amount, MONEY_SCALE)
    assert from_units(to_units(amount)) == amount
    assert from_units(to_units(amount)) == Money.process_result_value(to_units(amount), None)
    assert to_units(Decimal("12.3456")) == 123456 and from_units(123456) == Decimal("12.3456")


def test_money_units_refuse_a_fifth_place() -> None:
    with pytest.raises(ValueError, match="more than 4 decimal places"):
        to_units(Decimal("0.00001"))


def test_float_is_refused(table) -> None:  # type: ignore[no-untyped-def]
    db, t = table
    with pytest.raises(StatementError) as info, db.write() as s:
        s.execute(insert(t).values(amount=float("0.1")))
    assert isinstance(info.value.orig, TypeError)


def test_times_come_back_aware_in_utc(table) -> None:  # type: ignore[no-untyped-def]
    db, t = table
    local = datetime(2026, 3, 29, 2, 30, tzinfo=timezone(timedelta(hours=2)))
    with db.write() as s:
        s.execute(insert(t).values(at=local))
    with db.read() as s:
        value = s.scalar(select(t.c.at))
    assert value == local
    assert value.tzinfo is UTC
    with pytest.raises(StatementError), db.write() as s:
        s.execute(insert(t).values(at=datetime(2026, 1, 1)))  # noqa: DTZ001
