# SPDX-License-Identifier: MIT
"""``arapp report aging``, ``arapp report kpis``, ``arapp report risk``, ``arapp statement``,
``arapp statements``, ``arapp agency`` and ``arapp take-back``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from arapp.cli.output import print_table
from arapp.domain.aging import AgingBucket
from arapp.files import write_atomically
from arapp.i18n import _, ngettext, pgettext
from arapp.services.aging import AgeBy, aging_report
from arapp.services.aging_export import aging_csv, aging_pdf, aging_xlsx
from arapp.services.context import AppContext
from arapp.services.customers import customer_by_code
from arapp.services.errors import ServiceError

_DAY = {"type": date.fromisoformat, "metavar": "YYYY-MM-DD"}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser(
        "report", parents=[common], help=_("reports (aging, KPIs, forecast, collecting, risk)")
    )
    kinds = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    aging = kinds.add_parser("aging", parents=[common], help=_("who owes what, for how long"))
    aging.add_argument("--as-of", **_DAY, help=_("the day (today)"))
    aging.add_argument("--by", choices=[b.value for b in AgeBy], default="due")
    aging.add_argument("--currency", default="", help=_("ISO code (the company's)"))
    aging.add_argument("--format", choices=["table", "csv", "xlsx", "pdf"], default="table")
    aging.add_argument("-o", "--output", type=Path, metavar="FILE", help=_("write to FILE"))
    aging.set_defaults(func=_aging)
    kpis = kinds.add_parser(
        "kpis",
        parents=[common],
        help=_("collection KPIs: DSO, countback DSO, CEI, overdue share, days to pay"),
        description=_(
            "Collection KPIs as of a day over the period before it, for the whole "
            "company (in its currency) or one customer. --trend: the last day of each of the "
            "last 24 months."
        ),
    )
    kpis.add_argument("--as-of", **_DAY, help=_("the day (today)"))
    kpis.add_argument("--period-days", type=int, default=90, metavar="P",
                      help=_("the period's length in days (90)"))  # fmt: skip
    kpis.add_argument("--customer", default="", metavar="CODE", help=_("one customer (all)"))
    kpis.add_argument("--format", choices=["table", "csv"], default="table")
    kpis.add_argument("--trend", action="store_true", help=_("each month of the last 24 months"))
    kpis.set_defaults(func=_kpis)
    forecast = kinds.add_parser(
        "forecast",
        parents=[common],
        help=_("cash-in forecast: expected receipts per week, from each payer's habits"),
        description=_(
            "Expected receipts per week for the next N weeks from the invoices open "
            "on the day, from each customer's habits, with a P10-P90 range, beside the "
            "forecast that every invoice is paid on its due date, and a back-test."
        ),
    )
    forecast.add_argument("--as-of", **_DAY, help=_("the day (today)"))
    forecast.add_argument("--weeks", type=int, default=8, metavar="N", help=_("weeks ahead (8)"))
    forecast.add_argument("--format", choices=["table", "csv"], default="table")
    forecast.set_defaults(func=_forecast)
    collecting = kinds.add_parser(
        "collecting",
        parents=[common],
        help=_("what works in collecting: reminders paid within 7 and 14 days, disputes"),
        description=_(
            "For each reminder level and channel (e-mail, letter), the share of "
            "reminded invoices paid within 7 and 14 days after the reminder and the median "
            "days to payment; the dispute reasons and how long the disputes stayed open."
        ),
    )
    collecting.add_argument("--as-of", **_DAY, help=_("the day (today)"))
    collecting.add_argument("--period-days", type=int, default=90, metavar="P",
                            help=_("the period's length in days (90)"))  # fmt: skip
    collecting.add_argument("--format", choices=["table", "csv"], default="table")
    collecting.set_defaults(func=_collecting)
    risk = kinds.add_parser(
        "risk",
        parents=[common],
        help=_("late-payment risk per customer, with its reasons and the model's back-test"),
        description=_(
            "The chance (0-100) that each customer's next invoice is paid more than "
            "7 days after its due date, learned from the books as they stood on the day, with "
            "the top three reasons and the customer's segment; the table ends with how well "
            "the score did on the last six months."
        ),
    )
    risk.add_argument("--as-of", **_DAY, help=_("the day (today)"))
    risk.add_argument("--format", choices=["table", "csv"], default="table")
    risk.add_argument("--backtest", action="store_true",
                      help=_("only the back-test, in words and figures"))  # fmt: skip
    risk.set_defaults(func=_risk)
    monthly = kinds.add_parser(
        "monthly",
        parents=[common],
        help=_("the monthly receivables report (PDF): KPIs, aging and charts"),
        description=_(
            "The Insight tab's figures and charts as of a month's last day (the "
            "current month: today), as PDF."
        ),
    )
    monthly.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    monthly.add_argument("--month", metavar="YYYY-MM", help=_("the month (this one)"))
    monthly.set_defaults(func=_monthly)

    statement = sub.add_parser(
        "statement",
        parents=[common],
        help=_("a customer statement (PDF)"),
        description=_(
            "Write a customer's statement as PDF (arapp statement CODE -o FILE.pdf), "
            "or e-mail it to the customer (arapp statement send CODE)."
        ),
    )
    statement.add_argument("customer", metavar="CUSTOMER_CODE|send")
    statement.add_argument("code", nargs="?", metavar="CODE", help=_("with send: the customer"))
    statement.add_argument("-o", "--output", type=Path, metavar="FILE.pdf")
    statement.add_argument("--from", dest="start", **_DAY, help=_("first day (90 days ago)"))
    statement.add_argument("--to", dest="end", **_DAY, help=_("last day (today)"))
    statement.add_argument("--dry-run", action="store_true", help=_("with send: send nothing"))
    statement.add_argument(
        "--again",
        action="store_true",
        help=_("with send: a new copy for people who already got it"),
    )
    statement.set_defaults(func=_statement)

    statements = sub.add_parser(
        "statements",
        parents=[common],
        help=_("the statements of every customer with a balance, into a folder (PDFs)"),
    )
    statements.add_argument("-o", "--output", type=Path, required=True, metavar="FOLDER")
    statements.add_argument("--from", dest="start", **_DAY, help=_("first day (90 days ago)"))
    statements.add_argument("--to", dest="end", **_DAY, help=_("last day (today)"))
    statements.add_argument("--currency", default="", help=_("only customers billed in it (all)"))
    statements.set_defaults(func=_statements)

    agency = sub.add_parser(
        "agency", parents=[common], help=_("hand a customer to a collections agency (zip)")
    )
    agency.add_argument("customer", metavar="CUSTOMER_CODE")
    agency.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.zip")
    agency.set_defaults(func=_agency)

    back = sub.add_parser(
        "take-back",
        parents=[common],
        help=_("take a customer back from the collections agency (reminders and fees resume)"),
    )
    back.add_argument("customer", metavar="CUSTOMER_CODE")
    back.add_argument("--reason", default="", help=_("why, for the contact log"))
    back.set_defaults(func=_take_back)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _monthly(args: argparse.Namespace) -> int:
    from arapp.services.monthly_report import report_day, save_monthly_report

    ctx = _ctx(args)
    day = report_day(ctx, args.month)  # a bad month is refused before anything is read
    target = save_monthly_report(ctx, args.output, day)
    print(
        _("Monthly receivables report as of {day} written to {file}").format(
            day=day.isoformat(), file=target
        )
    )
    return 0


def _write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` in one step (a half-written file never replaces a good one)."""
    try:
        write_atomically(target, data)
    except OSError as exc:
        raise ServiceError(
            _("Cannot write {file}: {error}").format(file=target, error=exc.strerror or exc)
        ) from exc


def _aging(args: argparse.Namespace) -> int:
    if args.format in ("xlsx", "pdf") and args.output is None:
        raise ServiceError(_("--format {format} needs -o FILE.").format(format=args.format))
    ctx = _ctx(args)
    report = aging_report(ctx, args.as_of, args.by, args.currency)
    if args.format == "table":
        buckets = [
            pgettext("aging", "Current") if b is AgingBucket.CURRENT else b.label
            for b in AgingBucket
        ]
        headers = [_("Code"), _("Customer"), *buckets, _("Total")]
        rows = [
            [line.code, line.name, *map(str, line.row.buckets), str(line.row.total)]
            for line in report.lines
        ]
        rows.append([_("TOTAL"), "", *map(str, report.total.buckets), str(report.total.total)])
        out = sys.stdout
        if args.output is not None:
            with args.output.open("w", encoding="utf-8") as file:
                print_table(headers, rows, right=range(2, 8), out=file)
            return 0
        by_invoice = report.by.value == "invoice"
        title = (
            _("Aging as of {day} by invoice date, {currency}")
            if by_invoice
            else _("Aging as of {day} by due date, {currency}")
        )
        print(title.format(day=report.as_of.isoformat(), currency=report.currency), file=out)
        print_table(headers, rows, right=range(2, 8), out=out)
        return 0
    data = {"csv": aging_csv, "xlsx": aging_xlsx}.get(args.format)
    content = data(report) if data else aging_pdf(ctx, report)
    if args.output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        _write(args.output, content)
        count = len(report.lines)
        print(
            ngettext(
                "Wrote {file} ({count} customer).", "Wrote {file} ({count} customers).", count
            ).format(file=args.output, count=count)
        )
    return 0


def _kpis(args: argparse.Namespace) -> int:
    from arapp.cli.kpis import kpis_command

    return kpis_command(args, _ctx(args))


def _forecast(args: argparse.Namespace) -> int:
    from arapp.cli.forecast import forecast_command

    return forecast_command(args, _ctx(args))


def _collecting(args: argparse.Namespace) -> int:
    from arapp.cli.collecting import collecting_command

    return collecting_command(args, _ctx(args))


def _risk(args: argparse.Namespace) -> int:
    from arapp.cli.risk import risk_command

    return risk_command(args, _ctx(args))


def _statement(args: argparse.Namespace) -> int:
    from arapp.services.statements import statement_pdf

    if args.customer == "send" and args.code:
        from arapp.cli.send import statement_send

        return statement_send(args, args.code, args.start, args.end)
    if args.code or args.output is None:
        raise ServiceError(
            _("Give -o FILE.pdf to write a statement, or use: arapp statement send CODE.")
        )
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    _write(args.output, statement_pdf(ctx, customer.id, args.start, args.end))
    print(
        _("Wrote the statement of {customer} to {file}.").format(
            customer=customer.code, file=args.output
        )
    )
    return 0


def _statements(args: argparse.Namespace) -> int:
    """Every customer with a balance on the last day; exit 1 when any statement failed."""
    from arapp.services.statements import (
        customer_codes,
        customers_with_balance,
        default_period,
        save_statements,
    )

    ctx = _ctx(args)
    start, end = default_period(ctx, args.start, args.end)
    ids = customers_with_balance(ctx, args.currency.strip().upper() or None, as_of=end)
    if not ids:
        print(
            _("No customer has a balance on {day}: no statements written.").format(
                day=end.isoformat()
            )
        )
        return 0
    try:
        result = save_statements(ctx, args.output, ids, start, end)
    except OSError as exc:
        raise ServiceError(
            _("Cannot write into {folder}: {error}").format(
                folder=args.output, error=exc.strerror or exc
            )
        ) from exc
    for path in result.written:
        print(_("Wrote {file}").format(file=path))
    codes = customer_codes(ctx, [customer_id for customer_id, _ in result.failed])
    for customer_id, reason in result.failed:
        who = codes.get(customer_id, f"#{customer_id}")
        print(_("Failed {customer}: {reason}").format(customer=who, reason=reason), file=sys.stderr)
    print(
        ngettext(
            "{written} of {count} statement ({start} to {end}) written to {folder}.",
            "{written} of {count} statements ({start} to {end}) written to {folder}.",
            len(ids),
        ).format(
            written=len(result.written),
            count=len(ids),
            start=start.isoformat(),
            end=end.isoformat(),
            folder=args.output,
        )
    )
    return 1 if result.failed else 0


def _agency(args: argparse.Namespace) -> int:
    from arapp.services.agency import write_agency_package

    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    done = write_agency_package(ctx, customer.id, args.output)
    print(
        ngettext(
            "Wrote {file}: {count} open item, balance {balance} {currency}. Recorded the "
            "hand-over in {customer}'s contact log.",
            "Wrote {file}: {count} open items, balance {balance} {currency}. Recorded the "
            "hand-over in {customer}'s contact log.",
            done.items,
        ).format(
            file=done.path,
            count=done.items,
            balance=done.balance,
            currency=customer.currency,
            customer=customer.code,
        )
    )
    print(
        _("{customer} is now with the agency: no reminders or late fees until taken back.").format(
            customer=customer.code
        )
    )
    return 0


def _take_back(args: argparse.Namespace) -> int:
    from arapp.services.agency import take_back

    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    since = take_back(ctx, customer.id, args.reason)
    print(
        _(
            "{customer} taken back from the agency (handed over on {day}); "
            "reminders and late fees run for it again."
        ).format(customer=customer.code, day=since.isoformat())
    )
    return 0
