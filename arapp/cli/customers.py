# SPDX-License-Identifier: MIT
"""``arapp customer``: list, add, show, edit, hold, release, archive, restore, note, promise,
promises."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date

from arapp.cli.output import print_fields, print_table, write_csv
from arapp.domain.customer import CustomerStatus
from arapp.domain.invoice import DocumentKind
from arapp.domain.languages import LANGUAGES, language_label
from arapp.domain.parties import Delivery, EInvoiceFormat
from arapp.domain.segments import Segment
from arapp.i18n import N_, _, ngettext, pgettext
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
    "address": N_("the whole address as one text (\\n between lines), read into its parts"),
    "street": N_("street lines (\\n between lines)"),
    "country": N_("ISO 3166 code such as IE, DE, FR"),
    "region": N_("state, province or county (optional)"),
    "vat_id": N_("the VAT id (same as --tax-id)"),
    "buyer_reference": N_("the reference on each invoice (XRechnung: the Leitweg-ID)"),
    "electronic_address": N_("where e-invoices reach the customer"),
    "electronic_address_scheme": N_("its EAS code: EM (e-mail), 0088 (GLN), 0204 (Leitweg-ID)..."),
    "invoice_email": N_("where invoices go (empty: the e-mail)"),
    "invoice_cc": N_("who gets a copy of each invoice"),
    "language": N_('the language of its e-mails: {languages} ("" for the company\'s)'),
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
                help=_help(option),
            )


def _help(option: str) -> str | None:
    text = _HELP.get(option)
    return None if text is None else _(text).format(languages=", ".join(LANGUAGES))


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    customer = sub.add_parser("customer", parents=[common], help=_("customers"))
    actions = customer.add_subparsers(dest="customer_command", metavar="ACTION", required=True)

    ls = actions.add_parser("list", parents=[common], help=_("list customers"))
    ls.add_argument("--search", default="", help=_("words to look for in name, code, e-mail"))
    ls.add_argument(
        "--status", choices=[s.value for s in StatusFilter], default=StatusFilter.CURRENT.value
    )
    ls.add_argument("--sort", choices=[s.value for s in SortKey], default=SortKey.NAME.value)
    ls.add_argument("--desc", action="store_true", help=_("sort descending"))
    ls.add_argument("--format", choices=["table", "csv"], default="table")
    ls.add_argument(
        "--segment",
        choices=[s.value for s in Segment],
        help=_("only customers of this payment-behaviour segment (as last worked out)"),
    )
    ls.set_defaults(func=_list)

    segments = actions.add_parser(
        "segments",
        parents=[common],
        help=_("work every customer's payment-behaviour segment out now and count them"),
    )
    segments.add_argument(
        "--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD", help=_("default: today")
    )
    segments.set_defaults(func=_segments)

    add = actions.add_parser("add", parents=[common], help=_("add a customer"))
    _add_field_options(add, name_required=True)
    add.set_defaults(func=_add)

    show = actions.add_parser("show", parents=[common], help=_("one customer in full"))
    show.add_argument("code")
    show.set_defaults(func=_show)

    edit = actions.add_parser("edit", parents=[common], help=_("change a customer's fields"))
    edit.add_argument("code")
    _add_field_options(edit, name_required=False)
    edit.set_defaults(func=_edit)

    for action, status, text, done in (
        ("hold", CustomerStatus.CREDIT_HOLD, _("put on credit hold"),
         N_("{code} is now on credit hold.")),
        ("release", CustomerStatus.ACTIVE, _("release from credit hold"),
         N_("{code} is active again.")),
        ("archive", CustomerStatus.ARCHIVED, _("archive (hide from daily lists)"),
         N_("{code} is archived.")),
        ("restore", CustomerStatus.ACTIVE, _("bring back from the archive"),
         N_("{code} is active again.")),
    ):  # fmt: skip
        p = actions.add_parser(action, parents=[common], help=text)
        p.add_argument("code")
        p.add_argument("--reason", default="")
        p.set_defaults(func=_set_status, status=status, done=done)

    note = actions.add_parser("note", parents=[common], help=_("add to the contact log"))
    note.add_argument("code")
    note.add_argument("text")
    note.add_argument("--kind", choices=svc.LOG_KINDS, default="note")
    note.add_argument(
        "--follow-up", type=date.fromisoformat, metavar="YYYY-MM-DD",
        help=_("the day it comes back on the Today page and in `arapp followups`"),
    )  # fmt: skip
    note.set_defaults(func=_note)

    promise = actions.add_parser(
        "promise", parents=[common],
        help=_("record a promise to pay (reminders and late fees wait through its day)"),
    )  # fmt: skip
    promise.add_argument("code")
    promise.add_argument(
        "--by", required=True, type=date.fromisoformat, metavar="YYYY-MM-DD",
        help=_("the day the customer promised to pay by"),
    )  # fmt: skip
    promise.add_argument("--amount", help=_("the sum promised (default: all owed on the invoices)"))
    promise.add_argument(
        "--invoice", action="append", metavar="NUMBER",
        help=_("an invoice it covers; repeat for several (default: all open invoices)"),
    )  # fmt: skip
    promise.add_argument("--note", default="", help=_("what was said"))
    promise.set_defaults(func=_promise)
    promises = actions.add_parser(
        "promises", parents=[common], help=_("promises to pay and disputes, and how they stand")
    )
    promises.add_argument("code")
    promises.add_argument("--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD")
    promises.set_defaults(func=_promises)

    follow = sub.add_parser(
        "followups", parents=[common], help=_("calls and notes whose follow-up day has come")
    )
    follow.add_argument("--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD")
    follow_actions = follow.add_subparsers(dest="followups_command", metavar="ACTION")
    done = follow_actions.add_parser("done", parents=[common], help=_("mark a follow-up done"))
    done.add_argument("id", type=int, help=_("the number shown by `arapp followups`"))
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
        shown = [_("code"), _("name"), _("email"), _("terms"), _("currency"), _("balance"),
                 _("overdue"), _("status"), _("segment")]  # fmt: skip
        print_table(shown, rows, right=(5, 6))
    return 0


def _segments(args: argparse.Namespace) -> int:
    from arapp.services.segments import refresh_segments

    done = refresh_segments(_ctx(args), args.as_of)
    print(
        ngettext(
            "Segments worked out as of {day} for {count} customer ({changed} changed).",
            "Segments worked out as of {day} for {count} customers ({changed} changed).",
            done.customers,
        ).format(day=done.as_of.isoformat(), count=done.customers, changed=done.changed)
    )
    print_table(
        [_("Segment"), _("Customers")],
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
    print(_("Added {code}: {name}").format(code=record.code, name=record.name))
    return 0


def _show(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    c = svc.customer_by_code(ctx, args.code)
    detail = svc.get_customer(ctx, c.id)
    row = customer_rows(ctx, [c.id])[c.id]
    limit = _("none") if c.credit_limit is None else f"{c.credit_limit} {c.currency}"
    fields = [
        (_("code"), c.code),
        (_("name"), c.name),
        (_("status"), c.status.label),
        (_("contact"), c.contact_person),
        (_("email"), c.email),
        (_("phone"), c.phone),
        (_("address"), c.billing_address.replace("\n", ", ")),
        (_("country"), c.country),
        (_("region"), c.region),
        (_("vat id"), c.tax_id),
        (_("registration"), c.registration_id),
        (_("e-address"), _e_address(c)),
        (_("buyer ref"), c.buyer_reference),
        (_("invoices to"), c.invoice_email or c.email),
        (_("invoices cc"), c.invoice_cc),
        (_("delivery"), Delivery(c.delivery).label),
        (_("e-invoice"), EInvoiceFormat(c.einvoice_format).label),
        (_("language"), _language(ctx, c.language)),
        (_("terms"), c.terms),
        (_("credit limit"), limit),
        (_("balance"), f"{row.balance} {c.currency}"),
        (_("overdue"), f"{row.overdue} {c.currency}"),
        (_("notes"), c.notes),
    ]
    for contact in detail.contacts:
        name = (
            _("{name} (primary)").format(name=contact.name) if contact.is_primary else contact.name
        )
        fields.append((_("contact"), f"{name} {contact.role} {contact.email} {contact.phone}"))
    print_fields(fields)
    for entry in detail.log:
        print(f"{entry.at:%Y-%m-%d %H:%M} {log_kind(entry.kind)}: {entry.summary}")
    return 0


def _language(ctx: AppContext, code: str) -> str:
    """``Deutsch (de)``, or ``the company's: English (en)``."""
    if code:
        return language_label(code)
    return _("the company's: {language}").format(language=language_label(company_language_of(ctx)))


def _e_address(c: svc.CustomerRecord) -> str:
    if not c.electronic_address:
        return ""
    return f"{c.electronic_address} ({c.electronic_address_scheme})"


def _edit(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    current = svc.customer_by_code(ctx, args.code)
    record = svc.update_customer(ctx, current.id, _input_from(args, current.as_input()))
    print(_("Saved {code}: {name}").format(code=record.code, name=record.name))
    return 0


def _set_status(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    current = svc.customer_by_code(ctx, args.code)
    record = svc.set_status(ctx, current.id, args.status, args.reason)
    print(_(args.done).format(code=record.code))
    return 0


def _note(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    current = svc.customer_by_code(ctx, args.code)
    svc.add_log_entry(ctx, current.id, args.text, kind=args.kind, follow_up=args.follow_up)
    if args.follow_up:
        print(
            _("Noted for {code}; follow up on {day}.").format(
                code=current.code, day=args.follow_up.isoformat()
            )
        )
    else:
        print(_("Noted for {code}.").format(code=current.code))
    return 0


def _promise(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    current = svc.customer_by_code(ctx, args.code)
    if args.invoice:
        chosen = [invoice_by_number(ctx, n, DocumentKind.INVOICE) for n in args.invoice]
        strangers = [i.number or "" for i in chosen if i.customer_id != current.id]
        if strangers:
            raise ServiceError(
                ngettext("{numbers} is not {code}'s.", "{numbers} are not {code}'s.",
                         len(strangers)).format(numbers=", ".join(strangers), code=current.code)
            )  # fmt: skip
        ids = [i.id for i in chosen]
    else:
        ids = [i.id for i in open_invoices(ctx, current.id)]
    if not ids:
        raise ServiceError(
            _("{code} owes nothing: there is nothing to promise.").format(code=current.code)
        )
    made = record_promise(ctx, ids, args.by, args.note, amount=args.amount)
    print(
        ngettext(
            "Promise recorded: {amount} {currency} on {invoices} by {day}; its reminders and "
            "late fees wait through that day.",
            "Promise recorded: {amount} {currency} on {invoices} by {day}; their reminders and "
            "late fees wait through that day.",
            len(made.invoice_ids),
        ).format(
            amount=made.amount,
            currency=made.currency,
            invoices=made.invoice_number,
            day=args.by.isoformat(),
        )
    )
    return 0


def _promises(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    as_of = args.as_of or ctx.today()
    current = svc.customer_by_code(ctx, args.code)
    lines = customer_holds(ctx, current.id)
    if not lines:
        print(_("No promises to pay or disputes."))
        return 0
    rows = []
    for line in lines:
        h, state = line.hold, hold_state(line, as_of)
        promised = "" if h.amount is None else f"{h.amount} {line.currency}"
        came = f"{line.paid} {line.currency}" if h.kind == "promise" else ""
        if state == "partly kept" and h.amount is not None:
            shown = _("partly kept: {paid} of {amount} {currency}").format(
                paid=line.paid, amount=h.amount, currency=line.currency
            )
        else:
            shown = hold_state_words(state)
        by = h.until.isoformat() if h.until else ""
        rows.append(
            [str(h.id), log_kind(h.kind), h.invoice_number, by, promised, came, shown, h.note]
        )
    headers = [_("id"), _("kind"), _("invoices"), _("by"), _("promised"), _("came in"),
               _("state"), _("note")]  # fmt: skip
    print_table(headers, rows, right=(0, 4, 5))
    return 0


def _follow_ups(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    due = follow_ups_due(ctx, args.as_of)
    if not due:
        print(_("Nothing to follow up."))
        return 0
    rows = [
        (str(f.entry_id), f.due.isoformat(), str(f.days_late), f.code, f.name, log_kind(f.kind),
         " ".join(f.summary.split()))
        for f in due
    ]  # fmt: skip
    headers = (_("id"), _("due"), _("days late"), _("code"), _("customer"), _("kind"), _("note"))
    print_table(headers, rows, right=(0, 2))
    return 0


def _follow_up_done(args: argparse.Namespace) -> int:
    day = complete_follow_up(_ctx(args), args.id)
    print(_("Follow-up #{id} done on {day}.").format(id=args.id, day=day))
    return 0


def log_kind(kind: str) -> str:
    """A contact-log entry's kind as the person reads it (the books keep the English word)."""
    words = {
        "note": pgettext("contact log", "note"),
        "call": pgettext("contact log", "call"),
        "email": pgettext("contact log", "email"),
        "letter": pgettext("contact log", "letter"),
        "meeting": pgettext("contact log", "meeting"),
        "dispute": pgettext("contact log", "dispute"),
        "promise": pgettext("contact log", "promise"),
    }
    return words.get(kind, kind)


def hold_state_words(state: str) -> str:
    """How a promise or dispute stands (:func:`hold_state`), as the person reads it."""
    words = {
        "resolved": pgettext("promise or dispute", "resolved"),
        "open": pgettext("promise or dispute", "open"),
        "kept": pgettext("promise", "kept"),
        "partly kept": pgettext("promise", "partly kept"),
        "broken": pgettext("promise", "broken"),
    }
    return words.get(state, state)
