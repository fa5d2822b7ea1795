# SPDX-License-Identifier: MIT
"""The cash-in forecast as of a day D: expected receipts per week for the next N weeks from
the invoices open on D and each payer's habits, with a P10-P90 range, beside the forecast
that every open invoice is paid on its due date, and the forecast's own back-test.

The rules are :mod:`arapp.domain.forecast` and :mod:`arapp.domain.forecast_model`; the facts
(:mod:`arapp.services.forecast_facts`) are read as of D, so nothing dated after D (payments,
invoices, disputes, reversals) changes the forecast of D.

**Adding up.** The open invoices on D (the aging report's open amounts of invoices and fee
documents, in the company's currency; its credit notes and unapplied payments are not
receipts) = the weeks' expected receipts + what is expected after the last week + what is not
expected (disputes, the agency), to the cent. The due-date column + what falls due after the
last week = the open invoices, too.

**The back-test** reruns both forecasts as of :data:`arapp.domain.forecast.BACKTEST_ORIGINS`
earlier days (D - 7N, D - 7N - 7, ...: all N weeks of each had passed by D), each with the
facts of its own day only, and compares each week with what came in on the invoices open on
that day (payments allocated to them, received by D and not reversed by D): the mean absolute
error per week of each.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from sqlalchemy.orm import Session

from arapp.db.types import MONEY_SCALE
from arapp.domain.errors import ValidationError
from arapp.domain.forecast import (
    DEFAULT_WEEKS,
    LONGEST_WEEKS,
    BacktestError,
    ForecastWeek,
    backtest_days,
    mean_absolute_error,
    split_units,
    week_starts,
)
from arapp.domain.forecast_model import Habits, ModelResult, OpenItems, forecast
from arapp.domain.money import minor_units, quantize
from arapp.services.aging import issued_after
from arapp.services.company import company_currency
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors
from arapp.services.forecast_facts import (
    OpenRow,
    agency_customers,
    disputed,
    foreign_customers,
    habits,
    open_invoices,
    receipts,
)

__all__ = ["CashForecast", "cash_forecast"]


@dataclass(frozen=True)
class CashForecast:
    """The forecast of one day.

    Attributes:
        as_of: D.
        currency: The company's currency (the amounts').
        weeks: The weeks, first to last.
        open_total: What is open of the invoices on D.
        open_count: How many invoices are open on D.
        later: Expected after the last week (or, for invoices later than anything their
            payers ever paid, not within any horizon).
        disputed: Open on invoices in a dispute on D (not expected).
        disputed_count: How many.
        agency: Open on invoices of customers with the collections agency (not expected).
        agency_count: How many.
        due_later: Falling due after the last week (the due-date forecast's "later").
        backtest: The back-test; ``None`` when the books have no invoice open on any of its days.
    """

    as_of: date
    currency: str
    weeks: tuple[ForecastWeek, ...]
    open_total: Decimal
    open_count: int
    later: Decimal
    disputed: Decimal
    disputed_count: int
    agency: Decimal
    agency_count: int
    due_later: Decimal
    backtest: BacktestError | None


@dataclass(frozen=True)
class _Run:
    """Both forecasts of one day, in stored units (not rounded)."""

    rows: list[OpenRow]
    left_out: list[OpenRow]
    left_why: list[str]
    model: ModelResult
    due: list[int]
    due_later: int


def _run(
    session: Session,
    as_of: date,
    weeks: int,
    current: bool,
    currency: str,
    others: set[int],
    read: Future[Habits] | None = None,
) -> _Run:
    """Both forecasts of ``as_of``; ``read``: its habits, being read on another thread."""
    rows = open_invoices(session, as_of, current, others)
    disputes, agency = disputed(session, as_of), agency_customers(session, as_of)
    kept: list[OpenRow] = []
    left_out: list[OpenRow] = []
    why: list[str] = []
    for row in rows:
        reason = "agency" if row[1] in agency else "dispute" if row[0] in disputes else ""
        if reason:
            left_out.append(row)
            why.append(reason)
        else:
            kept.append(row)
    items = OpenItems(
        [cid for _, cid, _, _ in kept],
        [age for *_, age in kept],
        [units for _, _, units, _ in kept],
    )
    known = read.result() if read is not None else habits(session, as_of, currency, others)
    model = forecast(known, items, weeks)
    due = [0] * weeks
    due_later = 0
    for _, _, units, age in rows:
        week = max(0, -age // 7)
        if week < weeks:
            due[week] += units
        else:
            due_later += units
    return _Run(rows, left_out, why, model, due, due_later)


def cash_forecast(
    ctx: AppContext, as_of: date | None = None, weeks: int = DEFAULT_WEEKS, backtest: bool = True
) -> CashForecast:
    """The forecast as of ``as_of`` (default today) for ``weeks`` weeks, with its back-test
    (unless ``backtest`` is false: then ``backtest`` of the result is ``None``)."""
    if isinstance(weeks, bool) or not 1 <= weeks <= LONGEST_WEEKS:
        raise InputErrors(
            [ValidationError("weeks", f"The forecast covers 1 to {LONGEST_WEEKS} weeks.")]
        )
    day = as_of or ctx.today()
    with ctx.db.read() as session:
        currency = company_currency(session)
        current = day >= ctx.today() and not issued_after(session, day)
        others = foreign_customers(session, currency)
    # The habits are read on a thread beside the open invoices, each in its own session: both
    # spend most of their time in the database, which lets the other run meanwhile.
    with ThreadPoolExecutor(1, thread_name_prefix="forecast-habits") as pool:
        read = pool.submit(_habits, ctx, day, currency, others)
        with ctx.db.read() as session:
            run = _run(session, day, weeks, current, currency, others, read)
    with ctx.db.read() as session:
        tested = _backtest(session, day, weeks, currency, others) if backtest else None
    return _result(day, weeks, currency, run, tested)


def _habits(ctx: AppContext, as_of: date, currency: str, others: set[int]) -> Habits:
    with ctx.db.read() as session:
        return habits(session, as_of, currency, others)


def _money(units: int, currency: str) -> Decimal:
    return quantize(Fraction(units, 10**MONEY_SCALE), currency)


def _result(
    as_of: date, weeks: int, currency: str, run: _Run, backtest: BacktestError | None
) -> CashForecast:
    step = 10 ** max(0, MONEY_SCALE - minor_units(currency))
    total = sum(units for _, _, units, _ in run.rows)
    disputed_units = sum(r[2] for r, w in zip(run.left_out, run.left_why, strict=True)
                         if w == "dispute")  # fmt: skip
    agency_units = sum(r[2] for r in run.left_out) - disputed_units
    expected_units = total - disputed_units - agency_units
    *expected, later = split_units([*run.model.expected, run.model.later], expected_units, step)
    rows = tuple(
        ForecastWeek(
            start,
            _money(expected[k], currency),
            _money(round(run.model.low[k]), currency),
            _money(round(run.model.high[k]), currency),
            _money(run.due[k], currency),
        )
        for k, start in enumerate(week_starts(as_of, weeks))
    )
    return CashForecast(
        as_of=as_of,
        currency=currency,
        weeks=rows,
        open_total=_money(total, currency),
        open_count=len(run.rows),
        later=_money(later, currency),
        disputed=_money(disputed_units, currency),
        disputed_count=run.left_why.count("dispute"),
        agency=_money(agency_units, currency),
        agency_count=run.left_why.count("agency"),
        due_later=_money(run.due_later, currency),
        backtest=backtest,
    )


def _weekly(received: Sequence[tuple[date, int]], origin: date, weeks: int, out: list[int]) -> None:
    for day, units in received:
        week = (day - origin).days // 7
        if day > origin and week < weeks:
            out[week] += units


def _backtest(
    session: Session, as_of: date, weeks: int, currency: str, others: set[int]
) -> BacktestError | None:
    origins = backtest_days(as_of, weeks)
    came_in = receipts(
        session, origins[0], origins[-1] + timedelta(days=7 * weeks - 1), seen_on=as_of
    )
    habit: list[int] = []
    due: list[int] = []
    actual: list[int] = []
    any_open = False
    for origin in origins:
        run = _run(session, origin, weeks, False, currency, others)
        any_open = any_open or bool(run.rows)
        got = [0] * weeks
        for iid, *_ in run.rows:
            _weekly(came_in.get(iid, ()), origin, weeks, got)
        habit += [round(x) for x in run.model.expected]
        due += run.due
        actual += got
    if not any_open:
        return None
    mean = Fraction(sum(actual), len(actual))
    return BacktestError(
        origins=tuple(origins),
        weeks=len(actual),
        actual_mean=quantize(mean / 10**MONEY_SCALE, currency),
        habit_mae=_money(round(mean_absolute_error(habit, actual)), currency),
        due_date_mae=_money(round(mean_absolute_error(due, actual)), currency),
    )
