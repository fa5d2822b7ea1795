# SPDX-License-Identifier: MIT
"""``arapp customer``: list, add, show, edit, hold, release, archive, restore, note, promise,
promises."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date

from arapp.cli.output import print_table, write_csv
from arapp.domain.customer import CustomerStatus
from arapp.domain.invoice import DocumentKind
from arapp.domain.languages import LANGUAGES, language_label
from arapp.domain.parties import Delivery, EInvoiceFormat
from arapp.domain.segments import Segment
from arapp.services import customers as svc
from arapp.services.context import AppContext
from arapp.services.customer_list import SortKey, StatusFilter, customer_ids, customer_rows
from arapp.services.errors import ServiceError
from arapp.services.followups import complete_follow_up, follow_ups_due
from arapp.services.invoices import invoice_by_number
from arapp.services.languages import company_language_of
from arapp.services.reminders.holds import record_promise
from arapp.services.reminders.overview import customer_holds, hold_state, open_invoices

_FIELDS = {
    "name": "name",
    "code": "code",
    "contact": "contact_person",
    "email": "email",
    "phone": "phone",
    "address": "billing_address",
    "tax_id": "tax_id",
    "currency": "currency",
    "terms": "terms",
    "credit_limit": "credit_limit",
    "notes": "notes",
    "street": "street",
    "postcode": "postcode",
    "city": "city",
    "country": "country",
    "region": "region",
    "vat_id": "tax_id",
    "registration_id": "registration_id",
    "buyer_reference": "buyer_reference",
    "electronic_address": "electronic_address",
    "electronic_address_scheme": "electronic_address_scheme",
    "delivery": "delivery",
    "einvoice_format": "einvoice_format",
    "invoice_email": "invoice_email",
    "invoice_cc": "invoice_cc",
    "language": "language",
}
_HELP = {
    "address": "the whole address as one text (\\n between lines), read into its parts",
    "street": "street lines (\\n between lines)",
    "country": "ISO 3166 code such as IE, DE, FR",
    "region": "state, province or county (optional)",
    "vat_id": "the VAT id (same as --tax-id)",
    "buyer_reference": "the reference on each invoice (XRechnung: the Leitweg-ID)",
    "electronic_address": "where e-invoices reach the customer",
    "electronic_address_scheme": "its EAS code: EM (e-mail), 0088 (GLN), 0204 (Leitweg-ID)...",
    "invoice_email": "where invoices go (empty: the e-mail)",
    "invoice_cc": "who gets a copy of each invoice",
    "language": "the language of its e-mails: " + ", ".join(LANGUAGES) + ' ("" for the company\'s)',
}
_CHOICES = {
    "delivery": [d.value for d in Delivery],
    "einvoice_format": [f.value for f in EInvoiceFormat],
}


def _add_field_options(parser: argparse.ArgumentParser, name_required: bool) -> None:
    parser.add_argument("--name", required=name_required)
    for option in _FIELDS:
        if option != "name":
            parser.add_argument(
                f"--{option.replace('_', '-')}",
                dest=option,
                choices=_CHOICES.get(option),
                help=_HELP.get(option),
            )


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    customer = sub.add_parser("customer", parents=[common], help="customers")
    actions = customer.add_subparsers(dest="customer_command", metavar="ACTION", required=True)

    ls = actions.add_parser("list", parents=[common], help="list customers")
    ls.add_argument("--search", default="", help="words to look for in name, code, e-mail")
    ls.add_argument(
        "--status", choices=[s.value for s in StatusFilter], default=StatusFilter.CURRENT.value
    )
    ls.add_argument("--sort", choices=[s.value for s in SortKey], default=SortKey.NAME.value)
    ls.add_argument("--desc", action="store_true", help="sort descending")
    ls.add_argument("--format", choices=["table", "csv"], default="table")
    ls.add_argument(
        "--segment",
        choices=[s.value for s in Segment],
        help="only customers of this payment-behaviour segment (as last worked out)",
    )
    ls.set_defaults(func=_list)

    segments = actions.add_parser(
        "segments",
        parents=[common],
        help="work every customer's payment-behaviour segment out now and count them",
    )
    segments.add_argument(
        "--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD", help="default: today"
    )
    segments.set_defaults(func=_segments)

    add = actions.add_parser("add", parents=[common], help="add a customer")
    _add_field_options(add, name_required=True)
    add.set_defaults(func=_add)

    show = actions.add_parser("show", parents=[common], help="one customer in full")
    show.add_argument("code")
    show.set_defaults(func=_show)

    edit = actions.add_parser("edit", parents=[common], help="change a customer's fields")
    edit.add_argument("code")
    _add_field_options(edit, name_required=False)
    edit.set_defaults(func=_edit)

    for action, status, text, done in (
        ("hold", CustomerStatus.CREDIT_HOLD, "put on credit hold", "is now on credit hold"),
        ("release", CustomerStatus.ACTIVE, "release from credit hold", "is active again"),
        ("archive", CustomerStatus.ARCHIVED, "archive (hide from daily lists)", "is archived"),
        ("restore", CustomerStatus.ACTIVE, "bring back from the archive", "is active again"),
    ):
        p = actions.add_parser(action, parents=[common], help=text)
        p.add_argument("code")
        p.add_argument("--reason", default="")
        p.set_defaults(func=_set_status, status=status, done=done)

    note = actions.add_parser("note", parents=[common], help="add to the contact log")
    note.add_argument("code")
    note.add_argument("text")
    note.add_argument("--kind", choices=svc.LOG_KINDS, default="note")
    note.add_argument(
        "--follow-up", type=date.fromisoformat, metavar="YYYY-MM-DD",
        help="the day it comes back on the Today page and in `arapp followups`",
    )  # fmt: skip
    note.set_defaults(func=_note)

    promise = actions.add_parser(
        "promise", parents=[common],
        help="record a promise to pay (reminders and late fees wait through its day)",
    )  # fmt: skip
    promise.add_argument("code")
    promise.add_argument(
        "--by", required=True, type=date.fromisoformat, metavar="YYYY-MM-DD",
        help="the day the customer promised to pay by",
    )  # fmt: skip
    promise.add_argument("--amount", help="the sum promised (default: all owed on the invoices)")
    promise.add_argument(
        "--invoice", action="append", metavar="NUMBER",
        help="an invoice it covers; repeat for several (default: all open invoices)",
    )  # fmt: skip
    promise.add_argument("--note", default="", help="what was said")
    promise.set_defaults(func=_promise)
    promises = actions.add_parser(
        "promises", parents=[common], help="promises to pay and disputes, and how they stand"
    )
    promises.add_argument("code")
    promises.add_argument("--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD")
    promises.set_defaults(func=_promises)

    follow = sub.add_parser(
        "followups", parents=[common], help="calls and notes whose follow-up day has come"
    )
    follow.add_argument("--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD")
    follow_actions = follow.add_subparsers(dest="followups_command", metavar="ACTION")
    done = follow_actions.add_parser("done", parents=[common], help="mark a follow-up done")
    done.add_argument("id", type=int, help="the number shown by `arapp followups`")
    done.set_defaults(func=_follow_up_done)
    follow.set_defaults(func=_follow_ups)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _list(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    segment = None if args.segment is None else Segment(args.segment)
    ids = customer_ids(
        ctx, args.search, StatusFilter(args.status), SortKey(args.sort), args.desc,
        segment=segment,
    )  # fmt: skip
    headers = [
        "code", "name", "email", "terms", "currency", "balance", "overdue", "status", "segment",
    ]  # fmt: skip
    rows: list[list[str]] = []
    for start in range(0, len(ids), 500):
        page = ids[start : start + 500]
        found = customer_rows(ctx, page)
        for cid in page:
            r = found[cid]
            rows.append(
                [
                    r.code,
                    r.name,
                    r.email,
                    r.terms,
                    r.currency,
                    str(r.balance),
                    str(r.overdue),
                    r.status.value if args.format == "csv" else r.status.label,
                    "" if r.segment is None else r.segment.value,
                ]
            )
    if args.format == "csv":
        write_csv(headers, rows, numeric=(5, 6))
    else:
        print_table(headers, rows, right=(5, 6))
    return 0


def _segments(args: argparse.Namespace) -> int:
    from arapp.services.segments import refresh_segments

    done = refresh_segments(_ctx(args), args.as_of)
    print(f"Segments worked out as of {done.as_of.isoformat()} for {done.customers} customers "
          f"({done.changed} changed).")  # fmt: skip
    print_table(
        ["Segment", "Customers"],
        [[segment.value, str(count)] for segment, count in done.counts.items()],
        right=(1,),
    )
    return 0


def _input_from(args: argparse.Namespace, base: svc.CustomerInput) -> svc.CustomerInput:
    changes = {
        field: getattr(args, option)
        for option, field in _FIELDS.items()
        if getattr(args, option, None) is not None
    }
    for field in ("billing_address", "street"):
        if field in changes:
            changes[field] = changes[field].replace("\\n", "\n")
    return replace(base, **changes)


def _add(args: argparse.Namespace) -> int:
    record = svc.create_customer(_ctx(args), _input_from(args, svc.CustomerInput(name="")))
    print(f"Added {record.code}: {record.name}")
    return 0


def _show(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    c = svc.customer_by_code(ctx, args.code)
    detail = svc.get_customer(ctx, c.id)
    row = customer_rows(ctx, [c.id])[c.id]
    limit = "none" if c.credit_limit is None else f"{c.credit_limit} {c.currency}"
    for label, value in (
        ("code", c.code),
        ("name", c.name),
        ("status", c.status.label),
        ("contact", c.contact_person),
        ("email", c.email),
        ("phone", c.phone),
        ("address", c.billing_address.replace("\n", ", ")),
        ("country", c.country),
        ("region", c.region),
        ("vat id", c.tax_id),
        ("registration", c.registration_id),
        ("e-address", _e_address(c)),
        ("buyer ref", c.buyer_reference),
        ("invoices to", c.invoice_email or c.email),
        ("invoices cc", c.invoice_cc),
        ("delivery", Delivery(c.delivery).label),
        ("e-invoice", EInvoiceFormat(c.einvoice_format).label),
        ("language", _language(ctx, c.language)),
        ("terms", c.terms),
        ("credit limit", limit),
        ("balance", f"{row.balance} {c.currency}"),
        ("overdue", f"{row.overdue} {c.currency}"),
        ("notes", c.notes),
    ):
        print(f"{label + ':':<14}{value}")
    for contact in detail.contacts:
        star = " (primary)" if contact.is_primary else ""
        print(f"contact:      {contact.name}{star} {contact.role} {contact.email} {contact.phone}")
    for entry in detail.log:
        print(f"{entry.at:%Y-%m-%d %H:%M} {entry.kind}: {entry.summary}")
    return 0


def _language(ctx: AppContext, code: str) -> str:
    """``Deutsch (de)``, or ``the company's: English (en)``."""
    if code:
        return language_label(code)
    return f"the company's: {language_label(company_language_of(ctx))}"


def _e_address(c: svc.CustomerRecord) -> str:
    if not c.electronic_address:
        return ""
    return f"{c.electronic_address} ({c.electronic_address_scheme})"


def _edit(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    current = svc.customer_by_code(ctx, args.code)
    record = svc.update_customer(ctx, current.id, _input_from(args, current.as_input()))
    print(f"Saved {record.code}: {record.name}")
    return 0


def _set_status(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    current = svc.customer_by_code(ctx, args.code)
    record = svc.set_status(ctx, current.id, args.status, args.reason)
    print(f"{record.code} {args.done}.")
    return 0


def _note(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    current = svc.customer_by_code(ctx, args.code)
    svc.add_log_entry(ctx, current.id, args.text, kind=args.kind, follow_up=args.follow_up)
    then = f"; follow up on {args.follow_up}" if args.follow_up else ""
    print(f"Noted for {current.code}{then}.")
    return 0


def _promise(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    current = svc.customer_by_code(ctx, args.code)
    if args.invoice:
        chosen = [invoice_by_number(ctx, n, DocumentKind.INVOICE) for n in args.invoice]
        strangers = [i.number or "" for i in chosen if i.customer_id != current.id]
        if strangers:
            raise ServiceError(f"{', '.join(strangers)} is not {current.code}'s.")
        ids = [i.id for i in chosen]
    else:
        ids = [i.id for i in open_invoices(ctx, current.id)]
    if not ids:
        raise ServiceError(f"{current.code} owes nothing: there is nothing to promise.")
    made = record_promise(ctx, ids, args.by, args.note, amount=args.amount)
    their = "its" if len(made.invoice_ids) == 1 else "their"
    print(
        f"Promise recorded: {made.amount} {made.currency} on {made.invoice_number}"
        f" by {args.by.isoformat()}; {their} reminders and late fees wait through that day."
    )
    return 0


def _promises(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    as_of = args.as_of or ctx.today()
    current = svc.customer_by_code(ctx, args.code)
    lines = customer_holds(ctx, current.id)
    if not lines:
        print("No promises to pay or disputes.")
        return 0
    rows = []
    for line in lines:
        h, state = line.hold, hold_state(line, as_of)
        promised = "" if h.amount is None else f"{h.amount} {line.currency}"
        came = f"{line.paid} {line.currency}" if h.kind == "promise" else ""
        if state == "partly kept" and h.amount is not None:
            state = f"partly kept: {line.paid} of {h.amount} {line.currency}"
        by = h.until.isoformat() if h.until else ""
        rows.append([str(h.id), h.kind, h.invoice_number, by, promised, came, state, h.note])
    headers = ["id", "kind", "invoices", "by", "promised", "came in", "state", "note"]
    print_table(headers, rows, right=(0, 4, 5))
    return 0


def _follow_ups(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    due = follow_ups_due(ctx, args.as_of)
    if not due:
        print("Nothing to follow up.")
        return 0
    rows = [
        (str(f.entry_id), f.due.isoformat(), str(f.days_late), f.code, f.name, f.kind,
         " ".join(f.summary.split()))
        for f in due
    ]  # fmt: skip
    print_table(("id", "due", "days late", "code", "customer", "kind", "note"), rows, right=(0, 2))
    return 0


def _follow_up_done(args: argparse.Namespace) -> int:
    day = complete_follow_up(_ctx(args), args.id)
    print(f"Follow-up #{args.id} done on {day}.")
    return 0
