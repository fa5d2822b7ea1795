# SPDX-License-Identifier: MIT
"""``arapp invoice``, ``arapp recurring``, ``arapp tax`` and ``arapp product``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from arapp.cli import invoice_einvoice
from arapp.cli.output import print_table, write_csv
from arapp.cli.send import add_invoice_send, send_after_billing
from arapp.domain.invoice import DocumentKind, InvoiceStatus
from arapp.i18n import N_, _, ngettext, pgettext
from arapp.services import catalog
from arapp.services.context import AppContext
from arapp.services.customers import customer_by_code
from arapp.services.errors import ServiceError
from arapp.services.invoice_documents import save_invoice_pdf
from arapp.services.invoice_list import (
    InvoiceFilter,
    InvoiceSort,
    InvoiceStatusFilter,
    invoice_ids,
    invoice_rows,
)
from arapp.services.invoices import InvoiceDraft, LineDraft, invoice_by_number, save_draft
from arapp.services.issue_dates import DateOutOfOrder
from arapp.services.lifecycle import (
    NeedsConfirmation,
    credit_invoice,
    issue_invoice,
    issue_new_invoice,
    mark_sent,
    void_invoice,
)
from arapp.services.recurring import (
    RecurringInput,
    list_templates,
    run_recurring,
    save_template,
    set_active,
)

LINE_HELP = N_('a line as "description;quantity;unit price[;tax rate name[;discount %]]"')


def _line_arg_help() -> str:
    """:data:`LINE_HELP` for argparse, which reads help text as a %-format."""
    return _(LINE_HELP).replace("%", "%%")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    invoice = sub.add_parser("invoice", parents=[common], help=_("invoices and credit notes"))
    acts = invoice.add_subparsers(dest="invoice_command", metavar="ACTION", required=True)

    ls = acts.add_parser("list", parents=[common], help=_("list invoices"))
    ls.add_argument("--status", choices=[s.value for s in InvoiceStatusFilter], default="all")
    ls.add_argument("--customer", metavar="CODE", help=_("only this customer's invoices"))
    ls.add_argument("--search", default="", help=_("words in the number or customer"))
    ls.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="YYYY-MM-DD")
    ls.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="YYYY-MM-DD")
    ls.add_argument("--sort", choices=[s.value for s in InvoiceSort], default="issue_date")
    ls.add_argument("--asc", action="store_true", help=_("oldest first"))
    ls.add_argument("--format", choices=["table", "csv"], default="table")
    ls.set_defaults(func=_list)

    pdf = acts.add_parser("pdf", parents=[common], help=_("write an invoice as PDF"))
    pdf.add_argument("number")
    pdf.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    pdf.set_defaults(func=_pdf)
    invoice_einvoice.register(acts, common)

    new = acts.add_parser("new", parents=[common], help=_("write a draft (and issue it)"))
    new.add_argument("--customer", metavar="CODE", required=True)
    new.add_argument("--line", action="append", required=True, help=_line_arg_help())
    new.add_argument("--date", type=date.fromisoformat, help=_("invoice date (today)"))
    new.add_argument("--discount", default="0", help=_("invoice discount in percent"))
    new.add_argument("--notes", default="")
    new.add_argument("--issue", action="store_true", help=_("issue it at once"))
    new.add_argument("--yes", action="store_true", help=_("issue despite credit hold or limit"))
    new.set_defaults(func=_new)

    issue = acts.add_parser("issue", parents=[common], help=_("issue a draft by its id"))
    issue.add_argument("draft_id", type=int)
    issue.add_argument("--yes", action="store_true", help=_("issue despite credit hold or limit"))
    issue.add_argument(
        "--date", type=date.fromisoformat, metavar="YYYY-MM-DD", help=_("date it on this day")
    )
    issue.set_defaults(func=_issue)

    sent = acts.add_parser("sent", parents=[common], help=_("record that invoices were sent"))
    sent.add_argument("numbers", nargs="+")
    sent.set_defaults(func=_sent)

    add_invoice_send(acts, common)
    void = acts.add_parser("void", parents=[common], help=_("void an invoice (keeps its number)"))
    void.add_argument("number")
    void.add_argument("--reason", required=True)
    void.set_defaults(func=_void)

    credit = acts.add_parser("credit", parents=[common], help=_("issue a credit note"))
    credit.add_argument("number")
    credit.add_argument("--reason", required=True)
    credit.add_argument(
        "--line", action="append", help=_("credit only this: {line}").format(line=_line_arg_help())
    )
    credit.set_defaults(func=_credit)

    recurring = sub.add_parser("recurring", parents=[common], help=_("recurring invoices"))
    racts = recurring.add_subparsers(dest="recurring_command", metavar="ACTION", required=True)
    rrun = racts.add_parser("run", parents=[common], help=_("bill every period now due"))
    rrun.add_argument(
        "--as-of",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help=_("bill the periods due up to this day (today); invoices are dated today"),
    )
    rrun.set_defaults(func=_recurring_run)
    racts.add_parser("list", parents=[common], help=_("the recurring invoices")).set_defaults(
        func=_recurring_list
    )
    radd = racts.add_parser("add", parents=[common], help=_("bill a customer on a schedule"))
    radd.add_argument("--customer", metavar="CODE", required=True)
    radd.add_argument("--name", required=True, help=_('such as "Monthly maintenance"'))
    radd.add_argument(
        "--every", choices=["weekly", "monthly", "quarterly", "yearly"], required=True
    )
    radd.add_argument("--interval", type=int, default=1, help=_("every N weeks/months/... (1)"))
    radd.add_argument("--start", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")
    radd.add_argument("--day", type=int, help=_("day of the month (29-31: the month's last day)"))
    radd.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD")
    radd.add_argument("--count", type=int, help=_("at most this many invoices"))
    radd.add_argument("--line", action="append", required=True, help=_line_arg_help())
    radd.add_argument("--draft", action="store_true", help=_("make drafts to check, not issue"))
    radd.add_argument("--email", action="store_true",
                      help=_("e-mail each invoice to the customer when it is billed"))  # fmt: skip
    radd.set_defaults(func=_recurring_add)
    pause = racts.add_parser("pause", parents=[common], help=_("stop or restart a schedule"))
    pause.add_argument("template_id", type=int)
    pause.add_argument("--resume", action="store_true")
    pause.set_defaults(func=_recurring_pause)

    tax = sub.add_parser("tax", parents=[common], help=_("tax rates"))
    tacts = tax.add_subparsers(dest="tax_command", metavar="ACTION", required=True)
    tacts.add_parser("list", parents=[common], help=_("tax rates")).set_defaults(func=_tax_list)
    tadd = tacts.add_parser("add", parents=[common], help=_("add a tax rate"))
    tadd.add_argument("name")
    tadd.add_argument("percent")
    tadd.add_argument("--inclusive", action="store_true", help=_("prices include this tax"))
    tadd.set_defaults(func=_tax_add)

    product = sub.add_parser("product", parents=[common], help=_("the product catalog"))
    pacts = product.add_subparsers(dest="product_command", metavar="ACTION", required=True)
    pacts.add_parser("list", parents=[common], help=_("products")).set_defaults(func=_product_list)
    padd = pacts.add_parser("add", parents=[common], help=_("add a product"))
    padd.add_argument("name")
    padd.add_argument("price")
    padd.add_argument("--unit", default="")
    padd.add_argument("--tax", metavar="RATE NAME", help=_("default tax rate"))
    padd.add_argument("--description", default="")
    padd.set_defaults(func=_product_add)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _tax_id(ctx: AppContext, name: str | None) -> int | None:
    if not name:
        return None
    for rate in catalog.list_tax_rates(ctx, include_inactive=True):
        if rate.name.casefold() == name.strip().casefold():
            return rate.id
    names = ", ".join(r.name for r in catalog.list_tax_rates(ctx)) or _("none yet")
    raise ServiceError(
        _("There is no tax rate called {name} (there are: {names}).").format(
            name=repr(name), names=names
        )
    )


def _lines(ctx: AppContext, texts: list[str]) -> tuple[LineDraft, ...]:
    lines = []
    for text in texts:
        parts = [p.strip() for p in text.split(";")]
        if len(parts) < 3:
            raise ServiceError(
                _("{text}: write {line}.").format(text=repr(text), line=_(LINE_HELP))
            )
        description, quantity, price = parts[:3]
        tax = _tax_id(ctx, parts[3] if len(parts) > 3 else None)
        discount = parts[4] if len(parts) > 4 else "0"
        lines.append(LineDraft(description, quantity, price, discount, tax))
    return tuple(lines)


def _list(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer).id if args.customer else None
    f = InvoiceFilter(
        args.search, InvoiceStatusFilter(args.status), customer, args.date_from, args.date_to
    )
    ids = invoice_ids(ctx, f, InvoiceSort(args.sort), descending=not args.asc)
    csv = args.format == "csv"
    headers = [
        "number",
        "customer",
        "issue_date",
        "due_date",
        "currency",
        "total",
        "balance",
        "status",
    ]
    rows: list[list[str]] = []
    for start in range(0, len(ids), 500):
        page = ids[start : start + 500]
        found = invoice_rows(ctx, page)
        for i in page:
            r = found[i]
            status = "overdue" if r.overdue else r.status
            draft = f"(draft {r.id})" if csv else _("(draft {id})").format(id=r.id)
            rows.append(
                [
                    r.number or draft,
                    r.customer_name,
                    r.issue_date.isoformat(),
                    r.due_date.isoformat(),
                    r.currency,
                    str(r.total),
                    str(r.balance),
                    status if csv else invoice_status(status),
                ]
            )
    if csv:
        write_csv(headers, rows, numeric=(5, 6))
    else:
        shown = [_("number"), _("customer"), _("issue date"), _("due date"), _("currency"),
                 _("total"), _("balance"), _("status")]  # fmt: skip
        print_table(shown, rows, right=(5, 6))
    return 0


def _pdf(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    record = invoice_by_number(ctx, args.number)
    path = save_invoice_pdf(ctx, record.id, args.output)
    print(_("Wrote {file}").format(file=path))
    return 0


def _issue_now(ctx: AppContext, draft_id: int, confirmed: bool, on: date | None = None) -> str:
    try:
        record = issue_invoice(ctx, draft_id, confirmed=confirmed, on=on)
    except NeedsConfirmation as exc:
        raise ServiceError(_("{error} Add --yes to issue anyway.").format(error=exc)) from exc
    except DateOutOfOrder as exc:
        raise ServiceError(
            _("{error} Add --date {day} to issue it dated today.").format(
                error=exc, day=exc.today.isoformat()
            )
        ) from exc
    return record.number or ""


def _new(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    data = InvoiceDraft(
        customer.id,
        args.date or ctx.today(),
        _lines(ctx, args.line),
        discount_percent=args.discount,
        notes=args.notes,
    )
    if args.issue:  # one transaction: a refusal or a kill leaves no stray draft
        try:
            record = issue_new_invoice(ctx, data, confirmed=args.yes)
        except NeedsConfirmation as exc:
            raise ServiceError(_("{error} Add --yes to issue anyway.").format(error=exc)) from exc
        except DateOutOfOrder as exc:
            raise ServiceError(
                _("{error} Leave out --date to issue it dated today.").format(error=exc)
            ) from exc
        print(
            _("Issued {number} to {customer}: {total} {currency}").format(
                number=record.number,
                customer=customer.name,
                total=record.total,
                currency=record.currency,
            )
        )
    else:
        draft = save_draft(ctx, data)
        print(
            _("Draft {id} for {customer}: {total} {currency}").format(
                id=draft.id, customer=customer.name, total=draft.total, currency=draft.currency
            )
        )
    return 0


def _issue(args: argparse.Namespace) -> int:
    number = _issue_now(_ctx(args), args.draft_id, args.yes, args.date)
    print(_("Issued {number}").format(number=number))
    return 0


def _sent(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    ids = [invoice_by_number(ctx, n, DocumentKind.INVOICE).id for n in args.numbers]
    print(_("Marked {invoices} as sent.").format(invoices=mark_sent(ctx, ids)))
    return 0


def _void(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    record = void_invoice(
        ctx, invoice_by_number(ctx, args.number, DocumentKind.INVOICE).id, args.reason
    )
    print(_("{number} is void.").format(number=record.number))
    return 0


def _credit(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    invoice = invoice_by_number(ctx, args.number, DocumentKind.INVOICE)
    lines = list(_lines(ctx, args.line)) if args.line else None
    result = credit_invoice(ctx, invoice.id, args.reason, lines)
    note = result.credit_note
    print(
        _(
            "Issued {credit_note} for {total} {currency} against {invoice}; "
            "{applied} applied to its balance."
        ).format(
            credit_note=note.number,
            total=note.total,
            currency=note.currency,
            invoice=invoice.number,
            applied=result.applied,
        )
    )
    return 0


def _recurring_run(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    run = run_recurring(ctx, args.as_of)
    if not run.created and not run.skipped:
        print(_("Nothing is due."))
    for invoice_id, number in zip(run.created, run.numbers, strict=True):
        if number:
            print(_("Billed {number}").format(number=number))
        else:
            print(_("Billed draft {id}").format(id=invoice_id))
    for skipped in run.skipped:
        n = len(skipped.periods)
        due = ngettext(
            "{template}: {count} period due", "{template}: {count} periods due", n
        ).format(template=skipped.template_name, count=n)
        print(f"{skipped.text} ({due})")
    return send_after_billing(ctx, run.to_send)


def _recurring_add(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    template_id = save_template(
        ctx,
        RecurringInput(
            customer_id=customer.id,
            name=args.name,
            frequency=args.every,
            start_date=args.start,
            lines=_lines(ctx, args.line),
            interval=args.interval,
            day_of_month=args.day,
            end_date=args.until,
            max_count=args.count,
            auto_issue=not args.draft,
            send_by_email=args.email and not args.draft,
        ),
    )
    print(
        _("Recurring invoice {id} for {customer}: {name}.").format(
            id=template_id, customer=customer.name, name=args.name
        )
    )
    return 0


def _recurring_pause(args: argparse.Namespace) -> int:
    set_active(_ctx(args), args.template_id, args.resume)
    if args.resume:
        print(_("Recurring invoice {id} is active.").format(id=args.template_id))
    else:
        print(_("Recurring invoice {id} is paused.").format(id=args.template_id))
    return 0


def _recurring_list(args: argparse.Namespace) -> int:
    rows = [
        [
            str(t.id),
            t.name,
            t.customer_name,
            _schedule(t.frequency, t.interval),
            t.start_date.isoformat(),
            t.next_period.isoformat() if t.next_period else "-",
            pgettext("schedule", "active") if t.active else pgettext("schedule", "paused"),
        ]
        for t in list_templates(_ctx(args))
    ]
    headers = [_("id"), _("name"), _("customer"), _("schedule"), _("start"), _("next"),
               _("state")]  # fmt: skip
    print_table(headers, rows)
    return 0


def _tax_list(args: argparse.Namespace) -> int:
    rows = [
        [
            r.name,
            f"{r.percent:f}%",
            _("inclusive") if r.inclusive else _("exclusive"),
            pgettext("tax rate", "active") if r.active else pgettext("tax rate", "inactive"),
        ]
        for r in catalog.list_tax_rates(_ctx(args), include_inactive=True)
    ]
    print_table([_("name"), _("percent"), _("prices"), _("state")], rows)
    return 0


def _tax_add(args: argparse.Namespace) -> int:
    rate = catalog.save_tax_rate(
        _ctx(args), catalog.TaxRateRecord(0, args.name, args.percent, args.inclusive)
    )
    print(
        _("Added tax rate {name} ({percent}%).").format(name=rate.name, percent=f"{rate.percent:f}")
    )
    return 0


def _product_list(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    names = {r.id: r.name for r in catalog.list_tax_rates(ctx, include_inactive=True)}
    rows = [
        [p.name, p.unit, str(p.unit_price), names.get(p.tax_rate_id or 0, "")]
        for p in catalog.list_products(ctx)
    ]
    print_table([_("name"), _("unit"), _("price"), _("tax")], rows, right=(2,))
    return 0


def _product_add(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    product = catalog.save_product(
        ctx,
        catalog.ProductRecord(
            0, args.name, args.description, args.unit, args.price, _tax_id(ctx, args.tax)
        ),
    )
    print(_("Added {product} at {price}.").format(product=product.name, price=product.unit_price))
    return 0


def _schedule(frequency: str, interval: int) -> str:
    """``monthly``, or ``monthly, every 2``."""
    words = {
        "weekly": pgettext("schedule", "weekly"),
        "monthly": pgettext("schedule", "monthly"),
        "quarterly": pgettext("schedule", "quarterly"),
        "yearly": pgettext("schedule", "yearly"),
    }
    word = words.get(frequency, frequency)
    if interval > 1:
        return _("{frequency}, every {interval}").format(frequency=word, interval=interval)
    return word


def invoice_status(status: str) -> str:
    """A stored invoice status (or ``overdue``) as the person reads it in a table."""
    words = {
        InvoiceStatus.DRAFT: pgettext("invoice status", "draft"),
        InvoiceStatus.ISSUED: pgettext("invoice status", "issued"),
        InvoiceStatus.SENT: pgettext("invoice status", "sent"),
        InvoiceStatus.PARTIALLY_PAID: pgettext("invoice status", "partially_paid"),
        InvoiceStatus.PAID: pgettext("invoice status", "paid"),
        InvoiceStatus.VOID: pgettext("invoice status", "void"),
        "overdue": pgettext("invoice status", "overdue"),
    }
    return words.get(status, status)
