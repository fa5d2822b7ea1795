# SPDX-License-Identifier: MIT
"""``arapp bank``: import statements, list their lines, match them to customers' payments."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from arapp.cli.output import print_table, write_csv
from arapp.domain.invoice import DocumentKind
from arapp.domain.money import quantize
from arapp.services.bank.confirm import auto_match, confirm_match
from arapp.services.bank.csvformat import FIELDS, OPTIONS, CsvMapping
from arapp.services.bank.matching import Candidate, propose_matches
from arapp.services.bank.statements import import_statement
from arapp.services.bank.transactions import (
    STATUSES,
    BankLine,
    ignore_transaction,
    list_transactions,
    reopen_transaction,
)
from arapp.services.context import AppContext
from arapp.services.customers import customer_by_code
from arapp.services.errors import ServiceError
from arapp.services.invoices import invoice_by_number
from arapp.services.transfer.mappings import (
    delete_mapping,
    load_mapping,
    mapping_names,
    save_mapping,
)

KIND = "bank_csv"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    bank = sub.add_parser("bank", parents=[common], help="bank statements and matching")
    acts = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)

    load = acts.add_parser(
        "import", parents=[common], help="import a statement (CSV, OFX/QFX, camt.053)"
    )
    load.add_argument("file", type=Path)
    load.add_argument("--mapping", metavar="NAME", help="saved CSV mapping (arapp bank mapping)")
    load.add_argument("--account", metavar="ID", help="the account, when the file does not say")
    load.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    load.set_defaults(func=_import)

    ls = acts.add_parser("list", parents=[common], help="list statement lines")
    ls.add_argument("--status", choices=STATUSES)
    ls.add_argument("--search", default="", help="words in the payer, reference or ids")
    ls.add_argument("--limit", type=int, default=100)
    ls.add_argument("--format", choices=["table", "csv"], default="table")
    ls.set_defaults(func=_list)

    match = acts.add_parser("match", parents=[common], help="propose who paid the new lines")
    match.add_argument(
        "--auto",
        type=int,
        metavar="MIN_CONFIDENCE",
        help="record the proposals at least this sure (1-100) as payments",
    )
    match.add_argument("--all", action="store_true", help="show every candidate, not the best")
    match.set_defaults(func=_match)

    confirm = acts.add_parser("confirm", parents=[common], help="record a line as a payment")
    confirm.add_argument("line_id", type=int)
    confirm.add_argument("customer", metavar="CUSTOMER_CODE")
    confirm.add_argument(
        "--invoice",
        action="append",
        metavar="NUMBER[=AMOUNT]",
        help="pay this invoice; repeat for several. Without it: as proposed, else oldest due",
    )
    confirm.set_defaults(func=_confirm)
    for name, what, fn in (
        ("ignore", "set a line aside (not a customer's payment)", _ignore),
        ("reopen", "put an ignored line back among those to match", _reopen),
    ):
        act = acts.add_parser(name, parents=[common], help=what)
        act.add_argument("line_id", type=int)
        act.set_defaults(func=fn)

    mapping = acts.add_parser("mapping", parents=[common], help="saved CSV column mappings")
    macts = mapping.add_subparsers(dest="mapping_command", metavar="ACTION", required=True)
    save = macts.add_parser(
        "save", parents=[common], help="save how a bank's CSV columns map onto ours"
    )
    save.add_argument("name", help="the bank, as you will call it in --mapping")
    save.add_argument("--from-json", type=Path, metavar="FILE", help="start from a JSON file")
    for field in FIELDS:
        save.add_argument(
            f"--{field.replace('_', '-')}",
            metavar="COLUMN",
            action="append" if field == "reference" else "store",
            help="repeat to join several columns" if field == "reference" else None,
        )
    for option in OPTIONS:
        save.add_argument(
            f"--{option.replace('_', '-')}", type=int if option == "skip_lines" else str
        )
    save.set_defaults(func=_mapping_save)
    macts.add_parser("list", parents=[common], help="list saved mappings").set_defaults(
        func=_mapping_list
    )
    show = macts.add_parser("show", parents=[common], help="print a mapping as JSON")
    show.add_argument("name")
    show.set_defaults(func=_mapping_show)
    delete = macts.add_parser(
        "delete", parents=[common], help="forget a saved mapping (imported lines stay)"
    )
    delete.add_argument("name")
    delete.set_defaults(func=_mapping_delete)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _money(amount: Decimal, currency: str) -> str:
    return f"{quantize(amount, currency)} {currency}"


def _import(args: argparse.Namespace) -> int:
    try:
        args.file.open("rb").close()  # the file is read as a stream by the import
    except OSError as exc:
        print(f"arapp: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    report = import_statement(
        _ctx(args), args.file, args.file.name, args.mapping, args.account, args.dry_run
    )
    if not report.ok:
        for problem in report.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        print(f"arapp: nothing was imported: {len(report.problems)} problem(s).", file=sys.stderr)
        return 1
    verb = "would add" if report.dry_run else "added"
    print(
        f"{report.lines_read} line(s) read ({report.format}, account "
        f"{', '.join(report.accounts)}): {verb} {report.lines_new}, "
        f"{report.lines_known} already imported."
    )
    if report.possible_duplicates:
        print(
            f"{report.possible_duplicates} of the new line(s) may be the same money as a line "
            "imported before: `arapp bank match` shows which, to confirm or ignore."
        )
    return 0


def _list(args: argparse.Namespace) -> int:
    lines = list_transactions(_ctx(args), args.status, args.search, args.limit)
    headers = ["Line", "Date", "Amount", "Currency", "Payer", "Account", "Reference", "Status"]
    rows = [
        [
            str(line.id),
            line.booking_date.isoformat(),
            str(quantize(line.amount, line.currency)),
            line.currency,
            line.counterparty,
            line.counterparty_account,
            line.reference,
            line.status + (f" (payment {line.payment_id})" if line.payment_id else ""),
        ]
        for line in lines
    ]
    if args.format == "csv":
        write_csv(headers, rows, numeric=(0, 2))
    else:
        print_table(headers, rows, right=(0, 2))
    return 0


def _pays(candidate: Candidate, currency: str) -> str:
    parts = [f"{a.number} {quantize(a.amount, currency)}" for a in candidate.allocations]
    if candidate.credit:
        parts.append(f"credit {quantize(candidate.credit, currency)}")
    return ", ".join(parts)


def _line_cells(line: BankLine) -> list[str]:
    return [
        str(line.id),
        line.booking_date.isoformat(),
        _money(line.amount, line.currency),
        line.counterparty,
    ]


def _match(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    if args.auto is not None:
        done = auto_match(ctx, args.auto)
        for outcome in done:
            if outcome.payment is not None:
                print(
                    f"Line {outcome.transaction_id}: payment {outcome.payment.id} "
                    f"({outcome.confidence}%)."
                )
            else:
                print(f"Line {outcome.transaction_id}: left for you: {outcome.note}.")
        matched = sum(1 for d in done if d.payment is not None)
        left = len(propose_matches(ctx))
        print(f"{matched} line(s) recorded as payments; {left} new line(s) left to match.")
        return 0
    rows = []
    for proposal in propose_matches(ctx, limit=3 if args.all else 1):
        if not proposal.candidates:
            rows.append([*_line_cells(proposal.line), "", "no suggestion", "", ""])
        twin = f"may be line {proposal.duplicate_of} again (another statement); "
        for rank, candidate in enumerate(proposal.candidates):
            cells = _line_cells(proposal.line) if rank == 0 else ["", "", "", ""]
            rows.append(
                [
                    *cells,
                    str(candidate.confidence),
                    f"{candidate.customer_code} {candidate.customer_name}",
                    _pays(candidate, proposal.line.currency),
                    (twin if rank == 0 and proposal.duplicate_of else "") + candidate.reason,
                ]
            )
    if not rows:
        print("No new incoming lines to match.")
        return 0
    headers = ["Line", "Date", "Amount", "Payer", "Sure %", "Customer", "Pays", "Why"]
    print_table(headers, rows, right=(0, 2, 4))
    return 0


def _confirm(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    customer = customer_by_code(ctx, args.customer)
    allocations: tuple[tuple[int, Decimal | str], ...] | None = None
    if args.invoice:
        pairs: list[tuple[int, Decimal | str]] = []
        for text in args.invoice:
            number, _, amount = text.partition("=")
            invoice = invoice_by_number(ctx, number.strip(), DocumentKind.INVOICE)
            if invoice.customer_id != customer.id:
                raise ServiceError(f"{invoice.number} is not {customer.code}'s invoice.")
            pairs.append((invoice.id, amount.strip() or invoice.balance))
        allocations = tuple(pairs)
    else:
        for proposal in propose_matches(ctx, [args.line_id], limit=10):
            for candidate in proposal.candidates:
                if candidate.customer_id == customer.id:
                    allocations = candidate.allocation_pairs
    done = confirm_match(ctx, args.line_id, customer.id, allocations)
    print(f"Line {args.line_id} is payment {done.id}: {_money(done.amount, done.currency)}.")
    for applied in done.applied:
        discount = f" (discount {quantize(applied.discount, done.currency)})"
        print(f"  {applied.number}: {quantize(applied.amount, done.currency)}", end="")
        print(discount if applied.discount else "")
    if done.unapplied:
        print(f"  left as credit: {quantize(done.unapplied, done.currency)}")
    return 0


def _ignore(args: argparse.Namespace) -> int:
    line = ignore_transaction(_ctx(args), args.line_id)
    print(f"Line {line.id} is set aside.")
    return 0


def _reopen(args: argparse.Namespace) -> int:
    line = reopen_transaction(_ctx(args), args.line_id)
    print(f"Line {line.id} is back among the lines to match.")
    return 0


def _mapping_save(args: argparse.Namespace) -> int:
    mapping: dict[str, Any] = {}
    if args.from_json is not None:
        try:
            loaded = json.loads(args.from_json.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ServiceError(f"Cannot read {args.from_json} as JSON: {exc}") from exc
        if not isinstance(loaded, dict):
            raise ServiceError(f"{args.from_json} holds no JSON object.")
        mapping.update(loaded)
    for key in (*FIELDS, *OPTIONS):
        value = getattr(args, key)
        if value is not None:
            mapping[key] = value
    CsvMapping.from_dict(mapping, args.name)  # every mistake, before anything is saved
    ctx = _ctx(args)
    save_mapping(ctx, KIND, args.name, mapping)
    print(f"Saved the bank CSV mapping “{args.name.strip()}”.")
    return 0


def _mapping_list(args: argparse.Namespace) -> int:
    for name in mapping_names(_ctx(args), KIND):
        print(name)
    return 0


def _mapping_show(args: argparse.Namespace) -> int:
    mapping = load_mapping(_ctx(args), KIND, args.name)
    print(json.dumps(mapping, ensure_ascii=False, indent=2, sort_keys=True))
    return 0


def _mapping_delete(args: argparse.Namespace) -> int:
    delete_mapping(_ctx(args), KIND, args.name)
    print(f"Deleted the bank CSV mapping “{args.name.strip()}”.")
    return 0
