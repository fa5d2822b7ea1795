# SPDX-License-Identifier: MIT
"""Money: decimal amounts, currencies and THE rounding rule of arapp.

The rounding rule
=================

arapp has exactly one rounding rule, implemented by :func:`quantize`:

    Amounts are rounded **half away from zero** ("commercial rounding",
    :data:`decimal.ROUND_HALF_UP`) to the currency's **minor unit** (its ISO 4217
    exponent: 2 decimals for EUR/USD, 0 for JPY, 3 for KWD, ...).

    ``0.125 EUR -> 0.13``, ``-0.125 EUR -> -0.13``, ``0.5 JPY -> 1``.

Rounding happens **only at defined points** and never anywhere else:

* the **line net**: ``quantity x unit price`` of an invoice line and the line discount,
* the **tax per rate**: tax is computed once per tax rate on the sum of that rate's
  line amounts (see :mod:`arapp.domain.totals`),
* **allocation**: splitting an amount into parts (:func:`allocate`), where the
  largest-remainder method guarantees that the parts add up exactly.

Everything in between is exact: products and ratios are computed with
:class:`fractions.Fraction`, and sums of already-rounded amounts run in
:data:`MONEY_CONTEXT`, which traps :class:`decimal.Inexact` so that a sum can never be
rounded silently.  Results never depend on the caller's ambient decimal context, and
negative zero is normalised to zero.

Money is :class:`decimal.Decimal`, never ``float``: every function here rejects floats
(and bools) with :class:`TypeError`.
"""

from __future__ import annotations

import decimal
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction

from arapp.domain.errors import ValidationError
from arapp.i18n import N_, _

__all__ = [
    "LARGEST",
    "MONEY_CONTEXT",
    "ROUNDING",
    "allocate",
    "check_decimal",
    "check_size",
    "minor_units",
    "normalize_currency",
    "parse_amount",
    "quantize",
    "strict_context",
    "to_decimal",
]

ROUNDING = decimal.ROUND_HALF_UP
"""Half away from zero. The only rounding mode used for money anywhere in arapp."""

_PRECISION = 34

MONEY_CONTEXT = decimal.Context(
    prec=_PRECISION,
    rounding=ROUNDING,
    traps=[
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
        decimal.FloatOperation,
        decimal.Inexact,
    ],
)
"""Context for arithmetic on already-rounded amounts: any inexact result raises."""

_ROUNDING_CONTEXT = decimal.Context(
    prec=_PRECISION,
    rounding=ROUNDING,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

# ISO 4217 currencies whose minor unit is not 2 decimals (everything else: 2).
_EXPONENTS: dict[str, int] = {
    **dict.fromkeys(
        ("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG"),
        0,
    ),
    **dict.fromkeys(("RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    **dict.fromkeys(("CLF", "UYW"), 4),
}
_DEFAULT_EXPONENT = 2
_CURRENCY_RE = re.compile(r"[A-Z]{3}")


def minor_units(currency: str) -> int:
    """Return the number of decimals of ``currency`` (its ISO 4217 exponent).

    Any well-formed code (three uppercase ASCII letters) is accepted; codes not in the
    table of exceptions have 2 decimals.

    Raises:
        ValidationError: ``field="currency"`` if ``currency`` is not three uppercase
            letters.
    """
    known = _KNOWN.get(currency) if isinstance(currency, str) else None
    if known is not None:  # the hot path: amounts are rounded a million times in an import
        return known
    if not isinstance(currency, str) or not _CURRENCY_RE.fullmatch(currency):
        raise ValidationError(
            "currency",
            _("“{code}” is not a currency code (three capital letters, e.g. EUR)").format(
                code=currency
            ),
        )
    exponent = _EXPONENTS.get(currency, _DEFAULT_EXPONENT)
    _KNOWN[currency] = exponent
    return exponent


#: Codes already checked, with their exponent (bounded: at most 26**3 entries).
_KNOWN: dict[str, int] = {}


def normalize_currency(text: str) -> str:
    """Strip and upper-case user input such as ``" eur "`` and validate it as a currency code."""
    code = text.strip().upper()
    minor_units(code)
    return code


def _reject_non_number(value: object) -> None:
    if isinstance(value, bool | float):
        raise TypeError(f"money must be Decimal, not {type(value).__name__}: {value!r}")


NOT_A_NUMBER = N_("“{text}” is not a number")


def _check_finite(value: Decimal, shown: object) -> Decimal:
    if not value.is_finite():
        raise ValidationError("amount", _(NOT_A_NUMBER).format(text=shown))
    return value


#: The largest number arapp takes in as an amount, a price, a quantity or a limit: just under
#: a trillion. Amounts are stored as integers of 1/10,000 (``arapp.db.types``), a 64-bit
#: column holds 922 trillion, so this leaves room for a line's quantity times its price and for
#: the sums of hundreds of the largest invoices. Stated in the README.
LARGEST = Decimal("999999999999.99")


def check_size(value: Decimal, field: str = "amount", shown: object = None) -> Decimal:
    """``value`` if it is no larger than :data:`LARGEST` either way, else a
    :class:`ValidationError` for ``field`` saying the limit (``shown``: the text typed)."""
    if value.is_finite() and -LARGEST <= value <= LARGEST:
        return value
    text = value if shown is None else shown
    if not value.is_finite():
        raise ValidationError(field, _(NOT_A_NUMBER).format(text=text))
    raise ValidationError(
        field,
        _("“{text}” is larger than arapp keeps: at most {largest} (just under a trillion)").format(
            text=text, largest=f"{LARGEST:,}"
        ),
    )


def to_decimal(value: str | int | Decimal) -> Decimal:
    """Convert user or storage input to a finite :class:`~decimal.Decimal`.

    Strings are stripped; ints and Decimals are taken as they are.

    Raises:
        TypeError: for ``float``, ``bool`` and any other type.
        ValidationError: ``field="amount"`` for junk text, NaN and infinities, and numbers
            larger than :data:`LARGEST` (``1E+30``, ``99999999999999999999``).
    """
    _reject_non_number(value)
    if isinstance(value, Decimal):
        return check_size(_check_finite(value, value))
    if isinstance(value, int):
        return check_size(Decimal(value))
    if isinstance(value, str):
        text = value.strip()
        try:
            result = Decimal(text)
        except decimal.InvalidOperation:
            raise ValidationError("amount", _(NOT_A_NUMBER).format(text=text)) from None
        return check_size(_check_finite(result, text), shown=text)
    raise TypeError(f"expected str, int or Decimal, not {type(value).__name__}")


def check_decimal(value: Decimal | int, field: str = "amount") -> Decimal:
    """Return ``value`` as a finite Decimal; unlike :func:`to_decimal`, text is refused.

    For dataclass fields and function arguments that are typed ``Decimal``.

    Raises:
        TypeError: unless ``value`` is a Decimal or an int (float and bool included).
        ValidationError: with the given ``field`` for NaN and infinities.
    """
    _reject_non_number(value)
    if isinstance(value, int):
        return Decimal(value)
    if not isinstance(value, Decimal):
        raise TypeError(f"{field} must be Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise ValidationError(field, _(NOT_A_NUMBER).format(text=value))
    return value


def _exact(value: Decimal | int | Fraction) -> Fraction:
    """Return ``value`` as an exact fraction; only Decimal, int and Fraction are allowed."""
    _reject_non_number(value)
    if isinstance(value, Decimal):
        return Fraction(_check_finite(value, value))
    if isinstance(value, int | Fraction):
        return Fraction(value)
    raise TypeError(f"expected Decimal or int, not {type(value).__name__}")


def _from_units(units: int, exponent: int) -> Decimal:
    """``units`` minor units as a Decimal with exactly ``exponent`` decimals (exact)."""
    return Decimal(f"{units}E-{exponent}")


def _round_fraction(value: Fraction, exponent: int) -> Decimal:
    """Round an exact fraction half away from zero to ``exponent`` decimals."""
    scaled = abs(value) * 10**exponent
    units = math.floor(scaled + Fraction(1, 2))
    return _from_units(-units if value < 0 else units, exponent)


def quantize(amount: Decimal | int | Fraction, currency: str) -> Decimal:
    """Round ``amount`` to the minor unit of ``currency``, half away from zero.

    This is THE rounding function of arapp (see the module docstring).  It also accepts an
    exact :class:`~fractions.Fraction`, so ratios can be rounded without an intermediate
    decimal rounding.  The result has exactly :func:`minor_units` decimals and is never
    negative zero.

    Raises:
        TypeError: for ``float``, ``bool`` or other types.
        ValidationError: for an unknown currency, NaN/infinity, or an amount too large to
            represent with 34 significant digits.
    """
    exponent = minor_units(currency)
    if isinstance(amount, Fraction):
        return _round_fraction(amount, exponent)
    _reject_non_number(amount)
    if isinstance(amount, int):
        amount = Decimal(amount)
    if not isinstance(amount, Decimal):
        raise TypeError(f"expected Decimal or int, not {type(amount).__name__}")
    _check_finite(amount, amount)
    try:
        result = amount.quantize(_from_units(1, exponent), context=_ROUNDING_CONTEXT)
    except decimal.InvalidOperation:
        raise ValidationError("amount", _("{amount} is too large").format(amount=amount)) from None
    return result.copy_abs() if result.is_zero() else result


@contextmanager
def strict_context() -> Iterator[decimal.Context]:
    """Context manager: a local decimal context that traps :class:`decimal.FloatOperation`.

    Inside it, ``Decimal(0.1)`` and comparisons between Decimal and float raise, which
    catches accidental floats in tests and debugging sessions.
    """
    with decimal.localcontext() as ctx:
        ctx.traps[decimal.FloatOperation] = True
        yield ctx


def _units(amount: Decimal, exponent: int) -> int:
    """The exact number of minor units of an amount already quantized to ``exponent``."""
    value = Fraction(amount) * Fraction(10) ** exponent
    if value.denominator != 1:  # pragma: no cover - guarded by quantize
        raise ValueError(f"{amount} is not quantized to {exponent} decimals")
    return value.numerator


def allocate(
    total: Decimal | int, weights: Sequence[Decimal | int], currency: str
) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` without losing or inventing a cent.

    Uses the largest-remainder method on whole minor units: every part first gets its
    exact share rounded down to a whole unit, then the remaining units go one each to the
    parts with the largest remainders (ties: earlier part first).  The parts therefore add up
    exactly to ``quantize(total, currency)`` and each differs from its exact share by less
    than one minor unit.  Negative totals are split as the mirror image of positive ones.

    Weights may be negative (e.g. a credit line among normal lines) as long as they do not
    sum to zero; if all weights are zero, the total is split equally.  A zero total always
    yields zeros.

    Raises:
        ValueError: if ``weights`` is empty, or if the weights sum to zero without all
            being zero and the total is not zero.
        TypeError: for float weights or total.
    """
    exponent = minor_units(currency)
    total_units = _units(quantize(total, currency), exponent)
    exact_weights = [_exact(w) for w in weights]
    if not exact_weights:
        raise ValueError("allocate() needs at least one weight")
    if total_units == 0:
        return [_from_units(0, exponent) for _ in exact_weights]
    if all(w == 0 for w in exact_weights):
        exact_weights = [Fraction(1)] * len(exact_weights)
    weight_sum = sum(exact_weights, Fraction(0))
    if weight_sum == 0:
        raise ValueError("cannot allocate a non-zero total over weights that sum to zero")

    sign = -1 if total_units < 0 else 1
    magnitude = abs(total_units)
    shares = [magnitude * w / weight_sum for w in exact_weights]
    parts = [math.floor(s) for s in shares]
    leftover = magnitude - sum(parts)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
    for index in by_remainder[:leftover]:
        parts[index] += 1
    return [_from_units(sign * p, exponent) for p in parts]


_SYMBOLS = re.compile(r"^(?:[A-Z]{3}|[€$£¥])\s*|\s*(?:[A-Z]{3}|[€$£¥])$")
_INVALID = decimal.InvalidOperation  # the argument ``decimal`` hides the module


def parse_amount(text: str, decimal: str = ".", thousands: str = "") -> Decimal | None:
    """``-1.234,56``, ``1 234,56-``, ``(12.50)``, ``€ 12.50`` as an exact Decimal, else None.

    The thousands mark is accepted only in groups of three, so ``1,5`` with a decimal point is
    refused instead of read as 15. Shared by the bank CSV statements and the CSV imports.
    """
    body = _SYMBOLS.sub("", text.replace("\u00a0", " ").strip())
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1].strip()
    if body.endswith("-"):
        negative, body = True, body[:-1].strip()
    if body and body[0] in "+-":
        negative, body = negative or body[0] == "-", body[1:].strip()
    whole, _, fraction = body.partition(decimal)
    if thousands and thousands in whole:
        if not re.fullmatch(rf"\d{{1,3}}({re.escape(thousands)}\d{{3}})+", whole):
            return None
        whole = whole.replace(thousands, "")
    if not re.fullmatch(r"\d+", whole or "0") or (fraction and not fraction.isdigit()):
        return None
    if not whole and not fraction:
        return None
    try:
        value = Decimal(f"{whole or '0'}.{fraction}" if fraction else whole)
    except _INVALID:
        return None
    return -value if negative else value
