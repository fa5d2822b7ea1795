# SPDX-License-Identifier: MIT
"""Exact decimal columns.

SQLite has no decimal type and SQLAlchemy's ``Numeric`` goes through float there, so amounts are
stored as 64-bit integers of a fixed number of decimal places (``FixedDecimal(4)`` keeps
``12.3456`` as ``123456``). Every ISO 4217 currency has at most four minor digits, so one scale
serves all of them, ``SUM()`` in SQL stays exact on SQLite and PostgreSQL alike, and the largest
amount is about 922 trillion. A value with more places than the column keeps is refused, never
rounded silently: rounding belongs to :mod:`arapp.domain.money`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Context, Decimal, DecimalException, Inexact, InvalidOperation, Rounded

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
#: Shifts a Decimal's point exactly or signals: whatever the caller's decimal context (a
#: stored amount is an exact count, never rounded).
_EXACT = Context(prec=40, traps=[Inexact, Rounded, InvalidOperation])

#: Decimal places every amount (and unit price) is stored with: ``12.3456`` is kept as ``123456``.
MONEY_SCALE = 4
#: Decimal places of a stored quantity.
QUANTITY_SCALE = 6
#: Decimal places of a stored percentage (discounts, tax rates).
PERCENT_SCALE = 4


class FixedDecimal(TypeDecorator[Decimal]):
    """A ``Decimal`` stored as an integer count of ``10**-scale``."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, scale: int = 4) -> None:
        super().__init__()
        self.scale = scale

    def process_bind_param(self, value: Decimal | None, dialect: object) -> int | None:
        if value is None:
            return None
        return stored_int(value, self.scale)

    def process_result_value(self, value: int | Decimal | None, dialect: object) -> Decimal | None:
        if value is None:
            return None
        # SUM() over BIGINT comes back as Decimal on PostgreSQL and int on SQLite.
        return Decimal(value).scaleb(-self.scale)

    @property
    def python_type(self) -> type:
        return Decimal


def stored_int(value: Decimal | int, scale: int) -> int:
    """The integer ``FixedDecimal(scale)`` stores for ``value`` (for writers that hand the
    driver stored values themselves, see :mod:`arapp.services.transfer.bulk`).

    Raises:
        TypeError: unless ``value`` is a Decimal or an int.
        ValueError: for more than ``scale`` decimal places, or beyond a 64-bit integer.
    """
    if type(value) is Decimal and value.is_finite():
        try:  # the common case, without the fractions: shifting the point is exact here
            scaled = value.scaleb(scale, _EXACT)
        except DecimalException:
            pass  # more digits than _EXACT holds: the exact way below decides
        else:
            number = int(scaled)
            if number != scaled:
                raise ValueError(f"{value} has more than {scale} decimal places")
            return check_int64(number, value)
    if not isinstance(value, Decimal | int) or isinstance(value, bool):
        raise TypeError(f"expected Decimal, got {type(value).__name__}: {value!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{value} has more than {scale} decimal places")
    numerator, denominator = value.as_integer_ratio()  # exact, whatever the decimal context
    number, rest = divmod(numerator * 10**scale, denominator)
    if rest:
        raise ValueError(f"{value} has more than {scale} decimal places")
    return check_int64(number, value)


def int_storer(scale: int) -> Callable[[Decimal | None], int | None]:
    """:func:`stored_int` for one ``scale`` (``None`` stays ``None``), as one quick function:
    the bulk writers call it for every amount of an import (three calls a value were a tenth
    of a payments import)."""

    def stored(value: Decimal | None) -> int | None:
        if type(value) is Decimal:
            try:
                scaled = value.scaleb(scale, _EXACT)
                number = int(scaled)
            except (DecimalException, OverflowError, ValueError):
                return stored_int(value, scale)  # not finite, or too many digits: it decides
            if number == scaled and _INT64_MIN <= number <= _INT64_MAX:
                return number
        return None if value is None else stored_int(value, scale)  # says what is wrong

    return stored


def check_int64(number: int, shown: object) -> int:
    """``number`` if a BIGINT column holds it, else ValueError (``shown`` is the amount)."""
    if not _INT64_MIN <= number <= _INT64_MAX:
        raise ValueError(f"{shown} is too large to store")
    return number


def to_units(amount: Decimal) -> int:
    """The integer a money column stores for ``amount`` (its count of ``10**-MONEY_SCALE``),
    for SQL that works on the stored integers.

    Raises:
        ValueError: for more than ``MONEY_SCALE`` places, or beyond a 64-bit integer.
    """
    return stored_int(amount, MONEY_SCALE)


def from_units(units: int) -> Decimal:
    """The amount a money column's stored integer (or a sum of them) stands for; exact."""
    return Decimal(units).scaleb(-MONEY_SCALE)


Money = FixedDecimal(MONEY_SCALE)
Quantity = FixedDecimal(QUANTITY_SCALE)
Percent = FixedDecimal(PERCENT_SCALE)


class UtcDateTime(TypeDecorator[datetime]):
    """A point in time, always handed back timezone-aware in UTC.

    SQLite keeps no time zone, so the value is stored there as naive UTC; PostgreSQL keeps
    ``timestamptz``. Naive datetimes are refused: their meaning depends on the machine.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give a timezone-aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    @property
    def python_type(self) -> type:
        return datetime
