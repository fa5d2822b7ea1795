# SPDX-License-Identifier: MIT
"""What the Insight tab and the monthly receivables report show: the figures, plain values.

The services (:mod:`arapp.services.insight`) gather them; the tab and the PDF
(:mod:`arapp.pdf.monthly_report`) lay them out, both from here, so the two say the same:

* **Tiles** (:data:`TILES`): the KPIs as of a day beside the same figures a period before,
  each with its change and whether a rise is good news.
* **Months** (:class:`MonthFigures`): per calendar month, what was invoiced and collected in
  it, the aging buckets and the KPIs of its last day (the current month: as of the day).
* **Days late** (:class:`LatePoint`): a customer's invoices, paid ones by how many days after
  their due date they were paid, open overdue ones by how late they are so far.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from arapp.domain.aging import AgingBucket, AgingRow
from arapp.domain.kpis import KpiFacts, KpiFigures, overdue_share

__all__ = [
    "TILES",
    "InsightFirst",
    "InsightMonths",
    "InsightOwed",
    "KpiDay",
    "LatePoint",
    "MonthFigures",
    "Tile",
    "TileUnit",
    "month_label",
]


@dataclass(frozen=True)
class KpiDay:
    """The KPIs of one day.

    Attributes:
        as_of: The day.
        facts: What they are computed from.
        figures: The KPIs.
    """

    as_of: date
    facts: KpiFacts
    figures: KpiFigures


@dataclass(frozen=True)
class InsightOwed:
    """The very first figures: what is owed as of a day, by the aging report's total row
    (the tiles' "Owed to you", "Overdue" and "Share overdue", before the other KPIs).

    Attributes:
        as_of: The day.
        currency: The currency of the amounts (the company's).
        aging: The aging report's total row as of ``as_of``.
    """

    as_of: date
    currency: str
    aging: AgingRow

    def tile_values(self) -> dict[str, Decimal | None]:
        """The figures of the tiles it has (by :attr:`Tile.key`), as the KPIs give them."""
        total, current = self.aging.total, self.aging[AgingBucket.CURRENT]
        return {
            "owed": total,
            "overdue": total - current,
            "overdue_share": overdue_share(total, current),
        }


@dataclass(frozen=True)
class InsightFirst:
    """The first figures: the KPIs as of a day and a period before it.

    Attributes:
        as_of: The day.
        period_days: The period (P).
        currency: The currency of the amounts (the company's).
        now: The KPIs as of ``as_of``.
        before: The KPIs as of ``as_of`` less P days (``None`` until read: the tab shows the
            day's figures first).
    """

    as_of: date
    period_days: int
    currency: str
    now: KpiDay
    before: KpiDay | None


@dataclass(frozen=True)
class MonthFigures:
    """One month of the charts.

    Attributes:
        first: Its first day.
        last: Its last day counted (the day asked for in its own month).
        invoiced: Invoices and fee documents issued in it (not drafts, not voided by the day
            asked for), tax included.
        collected: Payments received in it (not reversed by the day asked for).
        aging: The aging buckets (by due date) as of ``last``.
        kpis: The KPIs as of ``last``.
    """

    first: date
    last: date
    invoiced: Decimal
    collected: Decimal
    aging: AgingRow
    kpis: KpiDay


@dataclass(frozen=True)
class InsightMonths:
    """The monthly charts' figures, oldest month first.

    Attributes:
        as_of: The day asked for (the last month ends there).
        period_days: The KPIs' period.
        currency: The currency of the amounts.
        months: The months.
    """

    as_of: date
    period_days: int
    currency: str
    months: tuple[MonthFigures, ...]


@dataclass(frozen=True)
class LatePoint:
    """One invoice of a customer's history of days late.

    Attributes:
        invoice_id: The invoice.
        number: Its number.
        due_date: Its due date.
        days: Paid: days from the due date to the day it was paid off (below zero: early).
            Open: days past its due date so far.
        paid: Whether it is paid off (else it is open and overdue).
    """

    invoice_id: int
    number: str
    due_date: date
    days: int
    paid: bool


class TileUnit(Enum):
    MONEY = "money"
    DAYS = "days"
    PERCENT = "percent"


@dataclass(frozen=True)
class Tile:
    """One KPI tile.

    Attributes:
        key: A stable name (tests, object names).
        label: What it is called for a shop owner.
        unit: Money, days or percent.
        rise_is_good: Whether a higher figure is better news.
        value: The figure of a day's KPIs, ``None`` when it has none.
        empty: What an empty figure means.
    """

    key: str
    label: str
    unit: TileUnit
    rise_is_good: bool
    value: Callable[[KpiDay], Decimal | None]
    empty: str


def _overdue(day: KpiDay) -> Decimal:
    return day.facts.ending_ar - day.facts.current_ar


TILES: tuple[Tile, ...] = (
    Tile("owed", "Owed to you", TileUnit.MONEY, False, lambda d: d.facts.ending_ar, ""),
    Tile("overdue", "Overdue", TileUnit.MONEY, False, _overdue, ""),
    Tile("dso", "Days sales outstanding", TileUnit.DAYS, False,
         lambda d: d.figures.dso, "no sales"),
    Tile("cei", "Collection effectiveness", TileUnit.PERCENT, True,
         lambda d: d.figures.cei_percent, "nothing due"),
    Tile("overdue_share", "Share overdue", TileUnit.PERCENT, False,
         lambda d: d.figures.overdue_percent, "nothing owed"),
    Tile("days_late", "Average days paid late", TileUnit.DAYS, False,
         lambda d: d.figures.average_days_late, "none paid"),
)  # fmt: skip


def month_label(first: date) -> str:
    """``Nov 2026``: a month on an axis (English month abbreviations, like the app's text)."""
    return f"{_MONTHS[first.month - 1]} {first.year}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
