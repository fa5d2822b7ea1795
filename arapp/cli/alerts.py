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
from arapp.i18n import _, ngettext
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
        help=_("early warnings: late payers, credit limits, 60/90 days, broken promises"),
        description=_(
            "The early warnings as of a day (for the scheduler), without those "
            "dismissed or snoozed. arapp alerts dismiss KEY hides one for good; arapp alerts "
            "snooze KEY --until DAY hides it until that day."
        ),
    )
    command.add_argument(
        "action",
        nargs="?",
        choices=["list", "dismiss", "snooze", "digest"],
        default="list",
        help=_("list (default), dismiss, snooze, digest (e-mail the owner)"),
    )
    command.add_argument("key", nargs="?", default="", help=_("with dismiss and snooze: the key"))
    command.add_argument("--as-of", **_DAY, help=_("the day (today)"))
    command.add_argument("--until", **_DAY, help=_("with snooze: shown again from this day"))
    command.add_argument("--format", choices=["table", "csv"], default="table")
    command.add_argument("--all", action="store_true", help=_("dismissed and snoozed ones too"))
    command.add_argument("--no-send", action="store_true", help=_("with digest: queue only"))
    command.set_defaults(func=_alerts)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _alerts(args: argparse.Namespace) -> int:
    from arapp.services.errors import ServiceError

    if args.action in ("dismiss", "snooze") and not args.key:
        raise ServiceError(
            _("Give the alert's key: arapp alerts {action} KEY").format(action=args.action)
        )
    if args.action == "snooze" and args.until is None:
        raise ServiceError(_("Give the day it shows again: arapp alerts snooze KEY --until DAY"))
    ctx = _ctx(args)
    if args.action == "digest":
        return _digest(ctx, args)
    if args.action == "dismiss":
        dismiss_alert(ctx, args.key)
        print(_("Dismissed {key}: it will not show again.").format(key=args.key))
        return 0
    if args.action == "snooze":
        snooze_alert(ctx, args.key, args.until)
        print(_("Snoozed {key} until {day}.").format(key=args.key, day=args.until.isoformat()))
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
    count, day = len(found.alerts), found.as_of.isoformat()
    if found.hidden:
        # Translators: {hidden} is "2 dismissed or snoozed".
        hidden = ngettext(
            "{count} dismissed or snoozed", "{count} dismissed or snoozed", found.hidden
        ).format(count=found.hidden)
        text = ngettext(
            "{count} alert as of {day} ({hidden} not shown).",
            "{count} alerts as of {day} ({hidden} not shown).",
            count,
        )
        print(text.format(count=count, day=day, hidden=hidden))
    else:
        text = ngettext("{count} alert as of {day}.", "{count} alerts as of {day}.", count)
        print(text.format(count=count, day=day))
    if found.alerts:
        print_table(
            [_("Kind"), _("Customer"), _("Reason"), _("Key")],
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
        print(
            _("arapp: not sent, still queued: {problem}").format(problem=problem), file=sys.stderr
        )
        return 1
    report = send_digests(ctx, open_transport(ctx))
    for what, ids in (("sent", report.sent), ("retry", report.retry),
                      ("failed", report.failed), ("unknown", report.unknown)):  # fmt: skip
        if ids:
            print(_digests(what, len(ids)))
    return 0 if len(report.sent) == len(waiting) else 1


def _digests(what: str, n: int) -> str:
    if what == "sent":
        text = ngettext("Sent: {count} digest of alerts.", "Sent: {count} digests of alerts.", n)
    elif what == "retry":
        text = ngettext(
            "To retry later: {count} digest of alerts.",
            "To retry later: {count} digests of alerts.",
            n,
        )
    elif what == "failed":
        text = ngettext(
            "Failed: {count} digest of alerts.", "Failed: {count} digests of alerts.", n
        )
    else:
        text = ngettext(
            "Fate unknown: {count} digest of alerts.", "Fate unknown: {count} digests of alerts.", n
        )
    return text.format(count=n)


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


__all__ = ["CSV_HEADER", "register"]
