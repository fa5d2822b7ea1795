# SPDX-License-Identifier: MIT
"""``arapp alerts``: the early warnings as of a day, for the scheduler; ``arapp alerts
dismiss KEY`` and ``arapp alerts snooze KEY --until DAY``; ``arapp alerts digest``: queue the
day's digest for the owner (once a day, when ``alerts.digest`` is on) and send what waits.

The table lists kind, customer, reason and key; ``--format csv`` writes the header
``key,kind,customer_code,customer,reason,invoice_id,promise_id,plan_id`` (the contract), one row
per alert, empty cells where an alert has no invoice, promise or plan. Listing always exits 0,
alerts or not (it is a report, not a check).
"""

from __future__ import annotations

import argparse
from datetime import date

from arapp.cli.output import print_table, write_csv
from arapp.services.alerts import alerts, dismiss_alert, snooze_alert
from arapp.services.context import AppContext

CSV_HEADER = (
    "key", "kind", "customer_code", "customer", "reason", "invoice_id", "promise_id", "plan_id",
)  # fmt: skip
_DAY = {"type": date.fromisoformat, "metavar": "YYYY-MM-DD"}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    command = sub.add_parser(
        "alerts",
        parents=[common],
        help="early warnings: late payers, credit limits, 60/90 days, broken promises",
        description="The early warnings as of a day (for the scheduler), without those "
        "dismissed or snoozed. arapp alerts dismiss KEY hides one for good; arapp alerts "
        "snooze KEY --until DAY hides it until that day.",
    )
    command.add_argument(
        "action",
        nargs="?",
        choices=["list", "dismiss", "snooze", "digest"],
        default="list",
        help="list (default), dismiss, snooze, digest (e-mail the owner)",
    )
    command.add_argument("key", nargs="?", default="", help="with dismiss and snooze: the key")
    command.add_argument("--as-of", **_DAY, help="the day (today)")
    command.add_argument("--until", **_DAY, help="with snooze: shown again from this day")
    command.add_argument("--format", choices=["table", "csv"], default="table")
    command.add_argument("--all", action="store_true", help="dismissed and snoozed ones too")
    command.add_argument("--no-send", action="store_true", help="with digest: queue only")
    command.set_defaults(func=_alerts)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _alerts(args: argparse.Namespace) -> int:
    from arapp.services.errors import ServiceError

    if args.action in ("dismiss", "snooze") and not args.key:
        raise ServiceError(f"Give the alert's key: arapp alerts {args.action} KEY")
    if args.action == "snooze" and args.until is None:
        raise ServiceError("Give the day it shows again: arapp alerts snooze KEY --until DAY")
    ctx = _ctx(args)
    if args.action == "digest":
        return _digest(ctx, args)
    if args.action == "dismiss":
        dismiss_alert(ctx, args.key)
        print(f"Dismissed {args.key}: it will not show again.")
        return 0
    if args.action == "snooze":
        snooze_alert(ctx, args.key, args.until)
        print(f"Snoozed {args.key} until {args.until.isoformat()}.")
        return 0
    found = alerts(ctx, args.as_of, everything=args.all)
    codes = found.codes
    if args.format == "csv":
        write_csv(
            CSV_HEADER,
            [
                [a.key, a.kind.value, codes.get(a.customer_id, ""), a.customer, a.reason,
                 _cell(a.invoice_id), _cell(a.promise_id), _cell(a.plan_id)]
                for a in found.alerts
            ],
        )  # fmt: skip
        return 0
    hidden = f" ({found.hidden} dismissed or snoozed not shown)" if found.hidden else ""
    count = len(found.alerts)
    print(f"{count} alert{'' if count == 1 else 's'} as of {found.as_of.isoformat()}{hidden}.")
    if found.alerts:
        print_table(
            ["Kind", "Customer", "Reason", "Key"],
            [[a.kind.label, codes.get(a.customer_id, ""), a.reason, a.key] for a in found.alerts],
        )
    return 0


def _digest(ctx: AppContext, args: argparse.Namespace) -> int:
    """Queue the day's digest, then send the digests that wait (unless --no-send)."""
    import sys

    from arapp.services.alert_digest import digests_waiting, queue_digest, send_digests
    from arapp.services.reminders.mailer import account_problem, open_transport

    done = queue_digest(ctx, args.as_of)
    print(done.message)
    waiting = digests_waiting(ctx)
    if args.no_send or not waiting:
        return 0
    problem = account_problem(ctx)
    if problem is not None:
        print(f"arapp: not sent, still queued: {problem}", file=sys.stderr)
        return 1
    report = send_digests(ctx, open_transport(ctx))
    for what, ids in (("Sent", report.sent), ("To retry later", report.retry),
                      ("Failed", report.failed), ("Fate unknown", report.unknown)):  # fmt: skip
        if ids:
            print(f"{what}: {len(ids)} digest{'' if len(ids) == 1 else 's'} of alerts.")
    return 0 if len(report.sent) == len(waiting) else 1


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


__all__ = ["CSV_HEADER", "register"]
