# SPDX-License-Identifier: MIT
"""The command line: ``arapp`` with no command opens the window; commands script the books.

Every command opens the books the same way as the window (``--db URL`` or ``ARAPP_DB``, else the
default file), upgrades the schema after a backup, and prints errors as one clear sentence with a
non-zero exit code: 1 for a refused action or bad input, 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys

from arapp import __version__
from arapp.cli import (
    bank,
    customers,
    database,
    invoices,
    letters,
    money_in,
    reminders,
    reports,
    settings,
    transfer,
)
from arapp.domain.errors import DomainError
from arapp.services.errors import DatabaseError, InputErrors, ServiceError


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="SQLite file or database URL (default: ARAPP_DB, else the file in the data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="arapp",
        description="Invoicing and collections for small shops. "
        "Without a command, opens the window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"arapp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", parents=[common], help="open the window (the default)")
    gui.add_argument(
        "--no-demo", action="store_true", help="start with empty books instead of the demo company"
    )
    gui.set_defaults(func=_run_gui)

    demo = sub.add_parser(
        "demo", parents=[common], help="fill empty books with a realistic demo company"
    )
    demo.add_argument("--customers", type=int, default=60, help="how many customers (60)")
    demo.add_argument("--months", type=int, default=18, help="months of history (18)")
    demo.add_argument("--seed", type=int, default=7, help="random seed, for the same demo twice")
    demo.set_defaults(func=_run_demo)

    init = sub.add_parser("init", parents=[common], help="start your own, empty books")
    init.add_argument("--name", required=True, help="company name")
    init.add_argument("--currency", default="EUR", help="ISO currency code (EUR)")
    init.add_argument("--locale", default="en_US", help="locale for amounts and dates (en_US)")
    init.set_defaults(func=_run_init)

    database.register(sub, common)
    customers.register(sub, common)
    invoices.register(sub, common)
    transfer.register(sub, common)
    money_in.register(sub, common)
    bank.register(sub, common)
    reports.register(sub, common)
    settings.register(sub, common)
    reminders.register(sub, common)
    letters.register(sub, common)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    from arapp.app import run_window

    return run_window(getattr(args, "db", None), demo_if_new=not args.no_demo)


def _run_demo(args: argparse.Namespace) -> int:
    from arapp.app import open_books
    from arapp.services.demo import create_demo_company

    books = open_books(getattr(args, "db", None))
    summary = create_demo_company(
        books.ctx, customers=args.customers, months=args.months, seed=args.seed
    )
    print(summary.describe())
    return 0


def _run_init(args: argparse.Namespace) -> int:
    from arapp.app import open_books
    from arapp.services.company import CompanyProfile, get_company, save_company

    books = open_books(getattr(args, "db", None))
    if get_company(books.ctx) is not None:
        raise ServiceError(
            f"These books already belong to a company ({books.ctx.db.describe()}). "
            "Use --db to start books in another file."
        )
    save_company(
        books.ctx,
        CompanyProfile(name=args.name, currency=args.currency.upper(), locale=args.locale),
    )
    print(f"Started the books of {args.name} in {books.ctx.db.describe()}")
    return 0


def main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "gui"])
    try:
        return int(args.func(args) or 0)
    except InputErrors as exc:
        for error in exc.errors:
            print(f"arapp: {error.field}: {error.message}", file=sys.stderr)
        return 1
    except (ServiceError, DomainError, DatabaseError) as exc:
        print(f"arapp: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("arapp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (``| head``) left early: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
