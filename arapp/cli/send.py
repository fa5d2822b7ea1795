# SPDX-License-Identifier: MIT
"""``arapp invoice send`` and ``arapp statement send``: documents e-mailed through the outbox.

One line per document says what happened. Exit codes: 0 when every document was sent, was
already sent to the same people, or (``--dry-run``) would be sent; 1 when one was refused
(a draft, no address), failed, has an unknown fate, or waits (no usable mail account, a
temporary failure), or (``--dry-run``) its e-invoice would not pass the checks a real send
makes: the line says which and why.
"""

from __future__ import annotations

import argparse
from datetime import date

from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.delivery.outcome import DocumentOutcome
from arapp.services.delivery.send import send_invoices, send_statement
from arapp.services.delivery.telling import describe

_OK = ("sent", "already_sent", "would_send")


def add_invoice_send(acts: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    send = acts.add_parser(
        "send", parents=[common], help=_("e-mail invoices or credit notes (PDF attached)")
    )
    send.add_argument("numbers", nargs="+", metavar="NUMBER")
    send.add_argument("--to", default="", metavar="ADDRESS",
                      help=_("send to this address (comma separated for several) instead of "
                             "the customer's"))  # fmt: skip
    send.add_argument("--dry-run", action="store_true",
                      help=_("say what would be sent, building and checking e-invoices as a "
                             "real send would; send and record nothing"))  # fmt: skip
    send.add_argument("--again", action="store_true",
                      help=_("send a new copy to people who already got it"))  # fmt: skip
    send.set_defaults(func=_invoice_send)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _report(outcomes: list[DocumentOutcome]) -> int:
    for outcome in outcomes:
        print(describe(outcome, _("--again sends a new copy")))
    return 0 if all(o.result in _OK for o in outcomes) else 1


def _invoice_send(args: argparse.Namespace) -> int:
    from arapp.services.invoices import invoice_by_number

    ctx = _ctx(args)
    ids = [invoice_by_number(ctx, n).id for n in args.numbers]
    if args.dry_run:
        from arapp.services.delivery.dry_run import dry_run_invoices

        return _report(dry_run_invoices(ctx, ids, to=args.to, again=args.again))
    outcomes = send_invoices(ctx, ids, to=args.to, again=args.again, dry_run=False)
    return _report(outcomes)


def statement_send(args: argparse.Namespace, code: str, start: date | None,
                   end: date | None) -> int:  # fmt: skip
    from arapp.services.customers import customer_by_code
    from arapp.services.statements import default_period

    ctx = _ctx(args)
    customer = customer_by_code(ctx, code)
    first, last = default_period(ctx, start, end)
    outcome = send_statement(ctx, customer.id, first, last, again=args.again, dry_run=args.dry_run)
    return _report([outcome])


def send_after_billing(ctx: AppContext, invoice_ids: tuple[int, ...]) -> int:
    """E-mail the invoices a recurring run billed for templates set to send them; the exit
    code as for ``invoice send`` (0 when there were none)."""
    if not invoice_ids:
        return 0
    return _report(send_invoices(ctx, invoice_ids))
