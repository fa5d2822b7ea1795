# SPDX-License-Identifier: MIT
"""The monthly receivables report (PDF): the Insight figures of a month's last day.

A past month is reported as of its last day; the current month as of today (only what was
known on that day either way). The report ends with the outlook of that day: the cash-in
forecast and the customers most likely to pay late. ``arapp report monthly`` and the Insight
tab's "Monthly report…" button both come here.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from pathlib import Path

from arapp.domain.errors import ValidationError
from arapp.files import write_atomically
from arapp.pdf.monthly_outlook import Outlook, RiskEntry
from arapp.pdf.monthly_report import MonthlyReport, render_monthly_report
from arapp.services.company import get_company
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.insight import insight_first, insight_months
from arapp.services.kpis import DEFAULT_PERIOD_DAYS
from arapp.services.settings import PAPER_SIZE, get_setting

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def report_day(ctx: AppContext, month: str | date | None = None) -> date:
    """The day the report of ``month`` (``YYYY-MM``, a day in it, or None: this month) is as
    of: its last day, or today in the current month. A month after this one is refused."""
    today = ctx.today()
    if month is None:
        return today
    if isinstance(month, date):
        year, number = month.year, month.month
    else:
        found = _MONTH.fullmatch(month.strip())
        if found is None or not 1 <= int(found.group(2)) <= 12:
            raise InputErrors([ValidationError("month", f"“{month}” is not a month: use YYYY-MM.")])
        year, number = int(found.group(1)), int(found.group(2))
    if (year, number) > (today.year, today.month):
        raise InputErrors([ValidationError("month", f"{year:04d}-{number:02d} has not begun yet.")])
    if (year, number) == (today.year, today.month):
        return today
    return date(year, number, calendar.monthrange(year, number)[1])


def monthly_report_pdf(
    ctx: AppContext, month: str | date | None = None, period_days: int = DEFAULT_PERIOD_DAYS
) -> bytes:
    """The report of ``month`` (see :func:`report_day`) as the bytes of a PDF file."""
    day = report_day(ctx, month)
    company = get_company(ctx)
    return render_monthly_report(
        MonthlyReport(
            company=company.name if company else "",
            first=insight_first(ctx, day, period_days),
            months=insight_months(ctx, day, period_days),
            locale=company.locale if company else "en_US",
            paper_size=get_setting(ctx, PAPER_SIZE),
            outlook=outlook(ctx, day),
        )
    )


def outlook(ctx: AppContext, day: date) -> Outlook:
    """The cash-in forecast (without its back-test) and the top risks as of ``day``."""
    from arapp.services.forecast import cash_forecast
    from arapp.services.insight_risk import backtest_sentence, top_risks

    forecast = cash_forecast(ctx, day, backtest=False)
    risks = top_risks(ctx, day)
    return Outlook(
        weeks=forecast.weeks if forecast.open_count else (),
        later=forecast.later,
        disputed=forecast.disputed,
        agency=forecast.agency,
        risks=tuple(
            RiskEntry(r.name, r.code, r.owed, r.score, r.segment.value, r.reasons)
            for r in risks.top
        ),
        backtest=backtest_sentence(risks),
    )


def save_monthly_report(
    ctx: AppContext,
    target: Path,
    month: str | date | None = None,
    period_days: int = DEFAULT_PERIOD_DAYS,
) -> Path:
    """Write the report of ``month`` to ``target`` in one step (a half-written file never
    replaces a good one); returns ``target``."""
    data = monthly_report_pdf(ctx, month, period_days)
    try:
        write_atomically(target, data)
    except OSError as exc:
        raise ServiceError(f"Cannot write {target}: {exc.strerror or exc}") from exc
    return target


__all__ = ["monthly_report_pdf", "report_day", "save_monthly_report"]
