# SPDX-License-Identifier: MIT
"""``arapp invoice einvoice NUMBER --format F -o FILE``: an issued invoice as an e-invoice.

The document is written, checked offline against the official rules, and saved only when it
is valid. Exit code: 0 written; 1 invalid (each broken rule is listed with the field to fix),
a field the format needs is missing, or the invoice cannot be an e-invoice (a void one, an
unknown number); 3 a check could not run, so the document is not known to be valid and was
not written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from arapp.cli.einvoice import describe
from arapp.domain.einvoice_check import Verdict
from arapp.einvoice.formats import EFormat
from arapp.einvoice.validation import Validator
from arapp.i18n import _
from arapp.services.context import AppContext
from arapp.services.einvoices import make_einvoice, preferred_format, save_einvoice


def register(acts: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = acts.add_parser(
        "einvoice",
        parents=[common],
        help=_("write an issued invoice or credit note as a checked e-invoice"),
        description=_(
            "Write an issued invoice or credit note as Factur-X (PDF with the XML "
            "inside), XRechnung (CII or UBL XML) or Peppol BIS Billing 3.0 (UBL XML). It is "
            "checked offline against the official rules first and written only when valid. "
            "Exit code: 0 written, 1 invalid or refused, 3 a check could not run."
        ),
    )
    parser.add_argument("number", help=_("the invoice or credit note number"))
    parser.add_argument(
        "--format",
        dest="einvoice_format",
        choices=[f.value for f in EFormat],
        help=_("facturx writes the PDF, the others XML (default: the customer's format)"),
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help=_("the file to write")
    )
    parser.add_argument(
        "--buyer-reference",
        default="",
        metavar="REF",
        help=_("the buyer reference / Leitweg-ID (BT-10), in place of the customer's"),
    )
    parser.set_defaults(func=_einvoice)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _einvoice(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    if args.einvoice_format:
        fmt = EFormat(args.einvoice_format)
    else:
        fmt = preferred_format(ctx, args.number)
    with Validator() as validator:
        result = make_einvoice(
            ctx, args.number, fmt, validator, buyer_reference=args.buyer_reference
        )
    if result.missing:
        print(
            _("{number} cannot be a valid {format} yet; it needs:").format(
                number=result.number, format=fmt.label
            )
        )
        for field in result.missing:
            print(f"  - {field}")
        print(_("Nothing was written."))
        return 1
    assert result.check is not None
    verdict = result.check.verdict
    if verdict is not Verdict.VALID:
        print(describe(result.check))
        print(_("Nothing was written."))
        return 3 if verdict is Verdict.INCOMPLETE else 1
    path = save_einvoice(result, args.output)
    taken = [
        _("{number} was issued without the {value}: taken from today's customer record.").format(
            number=result.number, value=value
        )
        for value in result.from_customer
    ]
    notes = "".join(
        "\n  " + _("Note: {note}").format(note=note) for note in (*taken, *result.check.notes)
    )
    wrote = _("Wrote {file} ({format}, {number}): valid.").format(
        file=path, format=fmt.label, number=result.number
    )
    print(wrote + notes)
    return 0
