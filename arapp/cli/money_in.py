# SPDX-License-Identifier: MIT
"""``arapp payment``, ``arapp ledger``, ``arapp fees`` and ``arapp plan``."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from arapp.cli.output import print_table
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import quantize
from arapp.services.context import AppContext
from arapp.services.credit import apply_customer_credit, customer_credit, refund_credit
from arapp.services.customers import CustomerRecord, customer_by_code
from arapp.services.errors import ServiceError
from arapp.services.fees import charge_late_fees, pending_fees, review_fees
from arapp.services.invoices import get_invoice, invoice_by_number
from arapp.services.ledger import customer_ledger
from arapp.services.payment_allocation import open_invoices_for_allocation
from arapp.services.payments import METHODS, Applied, PaymentInput, record_payment
from arapp.services.plans import (
    PlanInput,
    PlanRecord,
    cancel_plan,
    create_plan,
    list_plans,
    suggest_instalments,
)
from arapp.services.reversals import reverse_payment
from arapp.services.write_offs import WRITE_OFF_KINDS, write_off

_DAY = {"type": date.fromisoformat, "metavar": "YYYY-MM-DD"}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    pay = sub.add_parser("payment", parents=[common], help="record or reverse payments")
    pacts = pay.add_subparsers(dest="payment_command", metavar="ACTION", required=True)
    rec = pacts.add_parser("record", parents=[common], help="record a payment received")
    rec.add_argument("customer", metavar="CUSTOMER_CODE")
    rec.add_argument("amount")
    rec.add_argument("--date", **_DAY, help="when it arrived (today)")
    rec.add_argument("--method", choices=METHODS, default="bank_transfer")
    rec.add_argument("--reference", default="")
    rec.add_argument(
        "--invoice",
        action="append",
        metavar="NUMBER[=AMOUNT]",
        help="pay this invoice (its balance, or AMOUNT); repeat for several. "
        "Without it: oldest due first",
    )
    rec.set_defaults(func=_record)
    rev = pacts.add_parser("reverse", parents=[common], help="reverse a payment (bounced cheque)")
    rev.add_argument("payment_id", type=int)
    rev.add_argument("--reason", required=True)
    rev.set_defaults(func=_reverse)
    ref = pacts.add_parser("refund", parents=[common], help="pay back a customer's credit")
    ref.add_argument("customer", metavar="CUSTOMER_CODE")
    ref.add_argument("amount")
    ref.add_argument("--date", **_DAY, help="when it was paid back (today)")
    ref.add_argument("--method", choices=METHODS, default="bank_transfer")
    ref.add_argument("--reference", default="")
    ref.set_defaults(func=_refund)
    off = pacts.add_parser("write-off", parents=[common], help="write off what an invoice owes")
    off.add_argument("number", metavar="NUMBER")
    off.add_argument("--amount", help="this much of it (default: all that is open)")
    off.add_argument("--reason", required=True)
    off.add_argument(
        "--kind",
        choices=[k.replace("_", "-") for k in WRITE_OFF_KINDS],
        default="small-balance",
        help="small-balance (up to Settings' limit, the default) or bad-debt",
    )
    off.set_defaults(func=_write_off)
    use = pacts.add_parser(
        "apply-credit", parents=[common], help="put a customer's credit on invoices"
    )
    use.add_argument("customer", metavar="CUSTOMER_CODE")
    use.add_argument(
        "--invoice",
        action="append",
        metavar="NUMBER[=AMOUNT]",
        help="on this invoice (what settles it, or AMOUNT); repeat for several. "
        "Without it: oldest due first",
    )
    use.set_defaults(func=_apply_credit)

    ledger = sub.add_parser("ledger", parents=[common], help="a customer's ledger")
    ledger.add_argument("customer", metavar="CUSTOMER_CODE")
    ledger.set_defaults(func=_ledger)

    fees = sub.add_parser("fees", parents=[common], help="late fees (see Settings: fees.*)")
    facts = fees.add_subparsers(dest="fees_command", metavar="ACTION", required=True)
    frun = facts.add_parser("run", parents=[common], help="charge the late fees now due")
    frun.add_argument(
        "--as-of", **_DAY, help="count fees up to this day (today); fee documents are dated today"
    )
    frun.add_argument("--dry-run", action="store_true", help="list them, charge nothing")
    frun.set_defaults(func=_fees_run)

    plan = sub.add_parser("plan", parents=[common], help="payment plans")
    plans = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    new = plans.add_parser("create", parents=[common], help="split open invoices in instalments")
    new.add_argument("customer", metavar="CUSTOMER_CODE")
    new.add_argument("--instalments", type=int, required=True)
    new.add_argument("--first", **_DAY, required=True, help="first due date")
    new.add_argument("--every", choices=["weekly", "fortnightly", "monthly"], default="monthly")
    new.add_argument("--invoice", action="append", metavar="NUMBER", help="only these invoices")
    new.add_argument("--note", default="")
    new.set_defaults(func=_plan_create)
    show = plans.add_parser("list", parents=[common], help="plans and their instalments")
    show.add_argument("--customer", metavar="CODE")
    show.set_defaults(func=_plan_list)
    stop = plans.add_parser("cancel", parents=[common], help="cancel a plan with a reason")
    stop.add_argument("plan_id", type=int)
    stop.add_argument("--reason", required=True)
    stop.set_defaults(func=_plan_cancel)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _record(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    day = args.date or ctx.today()
    allocations = None
    if args.invoice:
        # no amount: what settles it after the discount of the payment's date, as the window
        settles = {
            i.id: i.settles_with for i in open_invoices_for_allocation(ctx, customer.id, day)
        }
        allocations = tuple(
            (invoice_id, amount if amount is not None else settles.get(invoice_id, balance))
            for invoice_id, amount, balance in _chosen(ctx, customer, args.invoice)
        )
    done = record_payment(
        ctx,
        PaymentInput(customer.id, day, args.amount, args.method, args.reference, allocations),
    )
    print(f"Payment {done.id}: {done.amount} {done.currency} from {customer.code}.")
    _print_applied(done.applied, done.currency)
    if done.unapplied:
        print(f"  left as credit: {done.unapplied}")
    return 0


def _chosen(
    ctx: AppContext, customer: CustomerRecord, texts: list[str]
) -> list[tuple[int, str | None, Decimal]]:
    """``NUMBER[=AMOUNT]`` as (invoice id, amount typed or None, balance), the customer's own."""
    chosen = []
    for text in texts:
        number, _, amount = text.partition("=")
        invoice = invoice_by_number(ctx, number.strip(), DocumentKind.INVOICE)
        if invoice.customer_id != customer.id:
            raise ServiceError(f"{invoice.number} is not {customer.code}'s invoice.")
        chosen.append((invoice.id, amount.strip() or None, invoice.balance))
    return chosen


def _print_applied(applied: Iterable[Applied], currency: str) -> None:
    for one in applied:
        discount = f" (discount {quantize(one.discount, currency)})" if one.discount else ""
        print(f"  {one.number}: {quantize(one.amount, currency)}{discount}")


def _refund(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    day = args.date or ctx.today()
    paid = refund_credit(ctx, customer.id, args.amount, day, args.method, args.reference)
    left = quantize(customer_credit(ctx, customer.id), customer.currency)
    print(
        f"Refunded {paid} {customer.currency} to {customer.code} on {day.isoformat()} "
        f"({args.method}); credit left: {left} {customer.currency}."
    )
    return 0


def _write_off(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    invoice = invoice_by_number(ctx, args.number, DocumentKind.INVOICE)
    kind = args.kind.replace("-", "_")
    value = write_off(ctx, invoice.id, kind, args.reason, args.amount)
    left = quantize(get_invoice(ctx, invoice.id).balance, invoice.currency)
    print(
        f"Wrote off {value} {invoice.currency} of {invoice.number} as {args.kind.replace('-', ' ')}"
        f"; {left} {invoice.currency} left open."
    )
    return 0


def _apply_credit(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    chosen = None
    if args.invoice:
        chosen = tuple((i, amount) for i, amount, _ in _chosen(ctx, customer, args.invoice))
    applied = apply_customer_credit(ctx, customer.id, chosen)
    total = quantize(sum((a.amount for a in applied), Decimal(0)), customer.currency)
    print(f"Applied {total} {customer.currency} of {customer.code}'s credit:")
    _print_applied(applied, customer.currency)
    left = quantize(customer_credit(ctx, customer.id), customer.currency)
    print(f"  credit left: {left} {customer.currency}")
    return 0


def _reverse(args: argparse.Namespace) -> int:
    done = reverse_payment(_ctx(args), args.payment_id, args.reason)
    print(f"Payment {done.id} ({done.amount} {done.currency}) is reversed.")
    return 0


def _ledger(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    rows = [
        [e.date.isoformat(), e.reference, e.description, str(e.amount), str(e.balance)]
        for e in customer_ledger(ctx, customer.id)
    ]
    print_table(["date", "reference", "what", "amount", "balance"], rows, right=(3, 4))
    return 0


def _fees_run(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    left_out = review_fees(ctx, args.as_of).left_out
    charges = (pending_fees if args.dry_run else charge_late_fees)(ctx, args.as_of)
    for item in left_out:
        print(f"Left out: {item.number} ({item.customer_name}) is {item.reason}.")
    if not charges:
        print("No late fees are due.")
        return 0
    rows = [
        [
            c.number,
            c.customer_name,
            ",".join(map(str, c.periods)),
            str(c.flat),
            str(c.interest),
            str(c.total),
            c.currency,
            c.fee_number or "(dry run)",
        ]
        for c in charges
    ]
    headers = ["invoice", "customer", "periods", "flat", "interest", "total", "cur", "fee"]
    print_table(headers, rows, right=(3, 4, 5))
    return 0


def _plan_create(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    ids = tuple(invoice_by_number(ctx, n, DocumentKind.INVOICE).id for n in args.invoice or ())
    schedule = suggest_instalments(ctx, customer.id, ids, args.instalments, args.first, args.every)
    plan = create_plan(ctx, PlanInput(customer.id, ids, tuple(schedule), args.note))
    _print_plans([plan])
    return 0


def _plan_list(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer).id if args.customer else None
    plans = list_plans(ctx, customer)
    if not plans:
        print("No payment plans.")
    _print_plans(plans)
    return 0


def _plan_cancel(args: argparse.Namespace) -> int:
    plan = cancel_plan(_ctx(args), args.plan_id, args.reason)
    print(f"Plan {plan.id} of {plan.customer_name} is cancelled.")
    return 0


def _print_plans(plans: list[PlanRecord]) -> None:
    for plan in plans:
        print(
            f"Plan {plan.id}: {plan.customer_name}, {plan.total} {plan.currency} agreed "
            f"{plan.agreed_on} ({plan.status}); paid {plan.paid}, left {plan.left}; "
            f"invoices {', '.join(plan.invoice_numbers)}"
        )
        rows = [
            [str(i.position), i.due_date.isoformat(), str(i.amount), str(i.paid), i.status]
            for i in plan.instalments
        ]
        print_table(["#", "due", "amount", "paid", "status"], rows, right=(0, 2, 3))
