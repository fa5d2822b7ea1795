# SPDX-License-Identifier: MIT
"""``arapp payment``, ``arapp ledger``, ``arapp fees`` and ``arapp plan``."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from arapp.cli.output import print_table
from arapp.domain.fees import InstalmentStatus
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import quantize
from arapp.i18n import _, pgettext
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
    pay = sub.add_parser("payment", parents=[common], help=_("record or reverse payments"))
    pacts = pay.add_subparsers(dest="payment_command", metavar="ACTION", required=True)
    rec = pacts.add_parser("record", parents=[common], help=_("record a payment received"))
    rec.add_argument("customer", metavar="CUSTOMER_CODE")
    rec.add_argument("amount")
    rec.add_argument("--date", **_DAY, help=_("when it arrived (today)"))
    rec.add_argument("--method", choices=METHODS, default="bank_transfer")
    rec.add_argument("--reference", default="")
    rec.add_argument(
        "--invoice",
        action="append",
        metavar="NUMBER[=AMOUNT]",
        help=_(
            "pay this invoice (its balance, or AMOUNT); repeat for several. "
            "Without it: oldest due first"
        ),
    )
    rec.set_defaults(func=_record)
    rev = pacts.add_parser(
        "reverse", parents=[common], help=_("reverse a payment (bounced cheque)")
    )
    rev.add_argument("payment_id", type=int)
    rev.add_argument("--reason", required=True)
    rev.set_defaults(func=_reverse)
    ref = pacts.add_parser("refund", parents=[common], help=_("pay back a customer's credit"))
    ref.add_argument("customer", metavar="CUSTOMER_CODE")
    ref.add_argument("amount")
    ref.add_argument("--date", **_DAY, help=_("when it was paid back (today)"))
    ref.add_argument("--method", choices=METHODS, default="bank_transfer")
    ref.add_argument("--reference", default="")
    ref.set_defaults(func=_refund)
    off = pacts.add_parser("write-off", parents=[common], help=_("write off what an invoice owes"))
    off.add_argument("number", metavar="NUMBER")
    off.add_argument("--amount", help=_("this much of it (default: all that is open)"))
    off.add_argument("--reason", required=True)
    off.add_argument(
        "--kind",
        choices=[k.replace("_", "-") for k in WRITE_OFF_KINDS],
        default="small-balance",
        help=_("small-balance (up to Settings' limit, the default) or bad-debt"),
    )
    off.set_defaults(func=_write_off)
    use = pacts.add_parser(
        "apply-credit", parents=[common], help=_("put a customer's credit on invoices")
    )
    use.add_argument("customer", metavar="CUSTOMER_CODE")
    use.add_argument(
        "--invoice",
        action="append",
        metavar="NUMBER[=AMOUNT]",
        help=_(
            "on this invoice (what settles it, or AMOUNT); repeat for several. "
            "Without it: oldest due first"
        ),
    )
    use.set_defaults(func=_apply_credit)

    ledger = sub.add_parser("ledger", parents=[common], help=_("a customer's ledger"))
    ledger.add_argument("customer", metavar="CUSTOMER_CODE")
    ledger.set_defaults(func=_ledger)

    fees = sub.add_parser("fees", parents=[common], help=_("late fees (see Settings: fees.*)"))
    facts = fees.add_subparsers(dest="fees_command", metavar="ACTION", required=True)
    frun = facts.add_parser("run", parents=[common], help=_("charge the late fees now due"))
    frun.add_argument(
        "--as-of",
        **_DAY,
        help=_("count fees up to this day (today); fee documents are dated today"),
    )
    frun.add_argument("--dry-run", action="store_true", help=_("list them, charge nothing"))
    frun.set_defaults(func=_fees_run)

    plan = sub.add_parser("plan", parents=[common], help=_("payment plans"))
    plans = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    new = plans.add_parser("create", parents=[common], help=_("split open invoices in instalments"))
    new.add_argument("customer", metavar="CUSTOMER_CODE")
    new.add_argument("--instalments", type=int, required=True)
    new.add_argument("--first", **_DAY, required=True, help=_("first due date"))
    new.add_argument("--every", choices=["weekly", "fortnightly", "monthly"], default="monthly")
    new.add_argument("--invoice", action="append", metavar="NUMBER", help=_("only these invoices"))
    new.add_argument("--note", default="")
    new.set_defaults(func=_plan_create)
    show = plans.add_parser("list", parents=[common], help=_("plans and their instalments"))
    show.add_argument("--customer", metavar="CODE")
    show.set_defaults(func=_plan_list)
    stop = plans.add_parser("cancel", parents=[common], help=_("cancel a plan with a reason"))
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
    print(
        _("Payment {id}: {amount} {currency} from {customer}.").format(
            id=done.id, amount=done.amount, currency=done.currency, customer=customer.code
        )
    )
    _print_applied(done.applied, done.currency)
    if done.unapplied:
        print("  " + _("left as credit: {amount}").format(amount=done.unapplied))
    return 0


def _chosen(
    ctx: AppContext, customer: CustomerRecord, texts: list[str]
) -> list[tuple[int, str | None, Decimal]]:
    """``NUMBER[=AMOUNT]`` as (invoice id, amount typed or None, balance), the customer's own."""
    chosen = []
    for text in texts:
        number, _sep, amount = text.partition("=")
        invoice = invoice_by_number(ctx, number.strip(), DocumentKind.INVOICE)
        if invoice.customer_id != customer.id:
            raise ServiceError(
                _("{invoice} is not {customer}'s invoice.").format(
                    invoice=invoice.number, customer=customer.code
                )
            )
        chosen.append((invoice.id, amount.strip() or None, invoice.balance))
    return chosen


def _print_applied(applied: Iterable[Applied], currency: str) -> None:
    for one in applied:
        amount = quantize(one.amount, currency)
        if one.discount:
            print(
                "  "
                + _("{invoice}: {amount} (discount {discount})").format(
                    invoice=one.number, amount=amount, discount=quantize(one.discount, currency)
                )
            )
        else:
            print(f"  {one.number}: {amount}")


def _refund(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    day = args.date or ctx.today()
    paid = refund_credit(ctx, customer.id, args.amount, day, args.method, args.reference)
    left = quantize(customer_credit(ctx, customer.id), customer.currency)
    print(
        _(
            "Refunded {amount} {currency} to {customer} on {day} ({method}); "
            "credit left: {left} {currency}."
        ).format(
            amount=paid,
            currency=customer.currency,
            customer=customer.code,
            day=day.isoformat(),
            method=args.method,
            left=left,
        )
    )
    return 0


def _write_off(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    invoice = invoice_by_number(ctx, args.number, DocumentKind.INVOICE)
    kind = args.kind.replace("-", "_")
    value = write_off(ctx, invoice.id, kind, args.reason, args.amount)
    left = quantize(get_invoice(ctx, invoice.id).balance, invoice.currency)
    as_what = {
        "small_balance": pgettext("write-off", "small balance"),
        "bad_debt": pgettext("write-off", "bad debt"),
    }.get(kind, kind.replace("_", " "))
    print(
        _(
            "Wrote off {amount} {currency} of {invoice} as {kind}; {left} {currency} left open."
        ).format(
            amount=value, currency=invoice.currency, invoice=invoice.number, kind=as_what, left=left
        )
    )
    return 0


def _apply_credit(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    chosen = None
    if args.invoice:
        chosen = tuple((i, amount) for i, amount, _balance in _chosen(ctx, customer, args.invoice))
    applied = apply_customer_credit(ctx, customer.id, chosen)
    total = quantize(sum((a.amount for a in applied), Decimal(0)), customer.currency)
    print(
        _("Applied {amount} {currency} of {customer}'s credit:").format(
            amount=total, currency=customer.currency, customer=customer.code
        )
    )
    _print_applied(applied, customer.currency)
    left = quantize(customer_credit(ctx, customer.id), customer.currency)
    print(
        "  " + _("credit left: {amount} {currency}").format(amount=left, currency=customer.currency)
    )
    return 0


def _reverse(args: argparse.Namespace) -> int:
    done = reverse_payment(_ctx(args), args.payment_id, args.reason)
    print(
        _("Payment {id} ({amount} {currency}) is reversed.").format(
            id=done.id, amount=done.amount, currency=done.currency
        )
    )
    return 0


def _ledger(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    rows = [
        [e.date.isoformat(), e.reference, e.description, str(e.amount), str(e.balance)]
        for e in customer_ledger(ctx, customer.id)
    ]
    headers = [_("date"), _("reference"), _("what"), _("amount"), _("balance")]
    print_table(headers, rows, right=(3, 4))
    return 0


def _fees_run(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    left_out = review_fees(ctx, args.as_of).left_out
    charges = (pending_fees if args.dry_run else charge_late_fees)(ctx, args.as_of)
    for item in left_out:
        print(
            _("Left out: {invoice} ({customer}) is {reason}.").format(
                invoice=item.number, customer=item.customer_name, reason=item.reason
            )
        )
    if not charges:
        print(_("No late fees are due."))
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
            c.fee_number or _("(dry run)"),
        ]
        for c in charges
    ]
    headers = [_("invoice"), _("customer"), _("periods"), _("flat"), _("interest"), _("total"),
               _("cur"), _("fee")]  # fmt: skip
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
        print(_("No payment plans."))
    _print_plans(plans)
    return 0


def _plan_cancel(args: argparse.Namespace) -> int:
    plan = cancel_plan(_ctx(args), args.plan_id, args.reason)
    print(
        _("Plan {id} of {customer} is cancelled.").format(id=plan.id, customer=plan.customer_name)
    )
    return 0


def _print_plans(plans: list[PlanRecord]) -> None:
    for plan in plans:
        print(
            _(
                "Plan {id}: {customer}, {total} {currency} agreed {day} ({status}); "
                "paid {paid}, left {left}; invoices {invoices}"
            ).format(
                id=plan.id,
                customer=plan.customer_name,
                total=plan.total,
                currency=plan.currency,
                day=plan.agreed_on,
                status=plan_status(plan.status),
                paid=plan.paid,
                left=plan.left,
                invoices=", ".join(plan.invoice_numbers),
            )
        )
        rows = [
            [str(i.position), i.due_date.isoformat(), str(i.amount), str(i.paid),
             plan_status(i.status)]
            for i in plan.instalments
        ]  # fmt: skip
        headers = ["#", _("due"), _("amount"), _("paid"), _("status")]
        print_table(headers, rows, right=(0, 2, 3))


def plan_status(status: str) -> str:
    """A plan's or an instalment's stored status as the person reads it."""
    words = {
        "active": pgettext("payment plan", "active"),
        "completed": pgettext("payment plan", "completed"),
        "broken": pgettext("payment plan", "broken"),
        "cancelled": pgettext("payment plan", "cancelled"),
        InstalmentStatus.PAID: pgettext("instalment", "paid"),
        InstalmentStatus.PARTIALLY_PAID: pgettext("instalment", "partially_paid"),
        InstalmentStatus.DUE: pgettext("instalment", "due"),
        InstalmentStatus.MISSED: pgettext("instalment", "missed"),
    }
    return words.get(status, status)
