# SPDX-License-Identifier: MIT
"""``arapp letters``: reminder letters for customers without an e-mail address.

``arapp letters print -o letters.pdf`` writes the letters waiting to be printed into one PDF;
with ``--mark-printed`` they are recorded as sent once the file is written (only those in the
file, even if a reminder run queues more meanwhile).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from arapp.cli.output import print_table
from arapp.files import write_atomically
from arapp.i18n import _, ngettext
from arapp.services.context import AppContext
from arapp.services.reminders import letters as service


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    letters = sub.add_parser("letters", parents=[common], help=_("reminder letters to print"))
    actions = letters.add_subparsers(dest="letters_command", metavar="ACTION", required=True)
    show = actions.add_parser("list", parents=[common], help=_("letters waiting to be printed"))
    show.set_defaults(func=_list)
    out = actions.add_parser("print", parents=[common], help=_("write the letters into one PDF"))
    out.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE.pdf", help=_("the PDF to write")
    )
    out.add_argument(
        "--mark-printed",
        action="store_true",
        help=_("record them as sent once the file is written"),
    )
    out.add_argument("ids", type=int, nargs="*", metavar="ID", help=_("only these (default: all)"))
    out.set_defaults(func=_print)


def _ctx(args: argparse.Namespace) -> AppContext:
    from arapp.app import open_books

    return open_books(getattr(args, "db", None)).ctx


def _list(args: argparse.Namespace) -> int:
    rows = service.pending_letters(_ctx(args))
    if not rows:
        print(_("No letters to print."))
        return 0
    print_table(
        [_("Id"), _("Queued"), _("Subject")],
        [[str(r.id), r.as_of.isoformat(), r.subject] for r in rows],
        right=(0,),
    )
    return 0


def _print(args: argparse.Namespace) -> int:
    ctx = _ctx(args)
    ids = args.ids or [r.id for r in service.pending_letters(ctx)]
    if not ids:
        print(_("No letters to print."))
        return 0
    write_atomically(args.output, service.print_letters(ctx, ids))
    n = len(ids)
    print(
        ngettext("Wrote {count} letter to {file}", "Wrote {count} letters to {file}", n).format(
            count=n, file=args.output
        )
    )
    if args.mark_printed:
        service.mark_letters_printed(ctx, ids)
        print(_("Marked {count} as printed.").format(count=n))
    return 0
