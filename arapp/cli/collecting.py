# SPDX-License-Identifier: MIT
"""``arapp report collecting``: what works in collecting (reminders by level and channel,
disputes by reason).

CSV: header :data:`HEADER`, one row per level and channel (``section`` ``reminder``), then one
per dispute reason (``section`` ``dispute``); the columns that do not apply to a section are
empty, and so is a figure with nothing to count. Shares in percent and days with one decimal.
"""

from __future__ import annotations

import argparse
from decimal import Decimal

from arapp.cli.output import print_table, write_csv
from arapp.domain.collecting import DisputeRow, ReminderRow
from arapp.i18n import _, ngettext, pgettext
from arapp.services.collecting import CollectingReport, collecting_report
from arapp.services.context import AppContext

HEADER = [
    "section", "level", "channel", "reason", "count",
    "watched_7_days", "paid_within_7_days_percent",
    "watched_14_days", "paid_within_14_days_percent",
    "paid", "median_days_to_payment",
    "resolved", "still_open", "median_days_open", "mean_days_open",
]  # fmt: skip


def _num(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _reminder_csv(row: ReminderRow) -> list[str]:
    return [
        "reminder", str(row.level), row.channel, "", str(row.count),
        str(row.watched_7), _num(row.within_7_percent),
        str(row.watched_14), _num(row.within_14_percent),
        str(row.paid), _num(row.median_days), "", "", "", "",
    ]  # fmt: skip


def _dispute_csv(row: DisputeRow) -> list[str]:
    return [
        "dispute", "", "", row.reason, str(row.count), "", "", "", "", "", "",
        str(row.resolved), str(row.still_open), _num(row.median_days_open),
        _num(row.mean_days_open),
    ]  # fmt: skip


def collecting_command(args: argparse.Namespace, ctx: AppContext) -> int:
    report = collecting_report(ctx, args.as_of, args.period_days)
    if args.format == "csv":
        rows = [_reminder_csv(r) for r in report.reminders]
        rows += [_dispute_csv(r) for r in report.disputes]
        numbers = [
            i for i, name in enumerate(HEADER) if name not in ("section", "channel", "reason")
        ]
        write_csv(HEADER, rows, numeric=numbers)
        return 0
    _print(report)
    return 0


def _share(percent: Decimal | None, of: int) -> str:
    if percent is None:
        return _("none yet")
    return _("{percent} % of {count}").format(percent=f"{percent:.1f}", count=f"{of:,}")


def _channel(channel: str) -> str:
    words = {"email": pgettext("channel", "e-mail"), "letter": pgettext("channel", "letter")}
    return words.get(channel, channel)


def _days(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _print(report: CollectingReport) -> None:
    print(
        _("What works in collecting as of {day}, over the {days} days before it").format(
            day=report.as_of.isoformat(), days=report.period_days
        )
    )
    print()
    if not report.reminders:
        print(_("No reminders went out in the period."))
    else:
        rows = [
            [str(r.level), _channel(r.channel), f"{r.count:,}",
             _share(r.within_7_percent, r.watched_7), _share(r.within_14_percent, r.watched_14),
             _median(r.median_days, r.paid)]
            for r in report.reminders
        ]  # fmt: skip
        headers = [_("Level"), _("Channel"), _("Sent"), _("Paid within 7 days"),
                   _("Within 14 days"), _("Median days to payment")]  # fmt: skip
        print_table(headers, rows, right=range(2, 6))
        print(
            _(
                "Shares count the reminders sent at least 7 (14) days ago; the median counts "
                "the invoices paid so far."
            )
        )
    if report.already_paid:
        print(
            ngettext(
                "{count} reminder went out after the invoice was paid off (left out).",
                "{count} reminders went out after the invoice was paid off (left out).",
                report.already_paid,
            ).format(count=f"{report.already_paid:,}")
        )
    print()
    if not report.disputes:
        print(_("No disputes were opened in the period."))
        return
    rows = [
        [r.reason, f"{r.count:,}", f"{r.resolved:,}", f"{r.still_open:,}",
         _days(r.median_days_open), _days(r.mean_days_open)]
        for r in report.disputes
    ]  # fmt: skip
    print_table([_("Dispute reason"), _("Opened"), _("Resolved"), _("Still open"),
                 _("Median days open"), _("Mean days open")], rows, right=range(1, 6))  # fmt: skip
    print(_("Days open count the resolved disputes; those still open are counted apart."))


def _median(days: Decimal | None, paid: int) -> str:
    if not paid:
        return _("none paid yet")
    return _("{days} ({count} paid)").format(days=_days(days), count=f"{paid:,}")


__all__ = ["HEADER", "collecting_command"]
