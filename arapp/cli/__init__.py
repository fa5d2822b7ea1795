# SPDX-License-Identifier: MIT
"""The command line: ``arapp`` with no command opens the window; commands script the books.

Every command opens the books the same way as the window (``--db URL`` or ``ARAPP_DB``, else the
default file), upgrades the schema after a backup, and prints errors as one clear sentence with a
non-zero exit code: 1 for a refused action or bad input, 2 for wrong usage.

The parser knows every command's name and one-line help from :data:`COMMANDS` alone; a command's
module (and with it the services, SQLAlchemy, the PDF stack) is imported only once argparse has
chosen that command. So ``arapp --help`` and ``--version`` import none of them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

from arapp import __version__
from arapp.i18n import N_, _

#: The commands each module of this package registers, in the order ``--help`` lists them, with
#: the one-line help its ``register`` gives them (a test holds the two equal), translated where
#: it is shown.
COMMANDS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("database", (("db", N_("database upgrade, backup and information")),)),
    (
        "customers",
        (
            ("customer", N_("customers")),
            ("followups", N_("calls and notes whose follow-up day has come")),
        ),
    ),
    (
        "invoices",
        (
            ("invoice", N_("invoices and credit notes")),
            ("recurring", N_("recurring invoices")),
            ("tax", N_("tax rates")),
            ("product", N_("the product catalog")),
        ),
    ),
    (
        "transfer",
        (
            ("import", N_("import a CSV file (all or nothing)")),
            ("export", N_("export to a CSV file")),
        ),
    ),
    (
        "money_in",
        (
            ("payment", N_("record or reverse payments")),
            ("ledger", N_("a customer's ledger")),
            ("fees", N_("late fees (see Settings: fees.*)")),
            ("plan", N_("payment plans")),
        ),
    ),
    ("bank", (("bank", N_("bank statements and matching")),)),
    (
        "reports",
        (
            ("report", N_("reports (aging, KPIs, forecast, collecting, risk)")),
            ("statement", N_("a customer statement (PDF)")),
            (
                "statements",
                N_("the statements of every customer with a balance, into a folder (PDFs)"),
            ),
            ("agency", N_("hand a customer to a collections agency (zip)")),
            (
                "take-back",
                N_("take a customer back from the collections agency (reminders and fees resume)"),
            ),
        ),
    ),
    ("settings", (("config", N_("show and change settings")),)),
    ("company", (("company", N_("the company profile")),)),
    (
        "reminders",
        (
            ("remind", N_("queue and send reminders due")),
            ("outbox", N_("reminders, invoices and statements on their way")),
            ("mail", N_("the e-mail account")),
            ("reminders", N_("reminder policies")),
        ),
    ),
    ("letters", (("letters", N_("reminder letters to print")),)),
    (
        "alerts",
        (
            (
                "alerts",
                N_("early warnings: late payers, credit limits, 60/90 days, broken promises"),
            ),
        ),
    ),
    ("einvoice", (("einvoice", N_("check e-invoices (CII, UBL, Factur-X) offline")),)),
)


def _register_of(module: str) -> Callable[..., None]:
    """The ``register`` of one module of this package, imported now (plain imports, so the
    layer test reads them)."""
    if module == "database":
        from arapp.cli import database as chosen
    elif module == "customers":
        from arapp.cli import customers as chosen
    elif module == "invoices":
        from arapp.cli import invoices as chosen
    elif module == "transfer":
        from arapp.cli import transfer as chosen
    elif module == "money_in":
        from arapp.cli import money_in as chosen
    elif module == "bank":
        from arapp.cli import bank as chosen
    elif module == "reports":
        from arapp.cli import reports as chosen
    elif module == "settings":
        from arapp.cli import settings as chosen
    elif module == "company":
        from arapp.cli import company as chosen
    elif module == "reminders":
        from arapp.cli import reminders as chosen
    elif module == "letters":
        from arapp.cli import letters as chosen
    elif module == "alerts":
        from arapp.cli import alerts as chosen
    elif module == "einvoice":
        from arapp.cli import einvoice as chosen
    else:
        raise KeyError(module)
    return chosen.register


class _LazyCommands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Subcommands that stand as a name and a help line until argparse picks one; then the
    module that owns it replaces its stand-ins with the real parsers (arguments, actions)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owners: dict[str, str] = {}
        self._common: argparse.ArgumentParser | None = None

    def stand_in(self, module: str, common: argparse.ArgumentParser) -> None:
        """List ``module``'s commands by name and help only (no parser is built for them)."""
        self._common = common
        for name, text in dict(COMMANDS)[module]:
            self._owners[name] = module
            self._choices_actions.append(self._ChoicesPseudoAction(name, (), _(text)))
            self._name_parser_map[name] = None  # type: ignore[assignment]  # made when chosen

    def load(self, module: str) -> None:
        names = {name for name, owner in self._owners.items() if owner == module}
        for name in names:
            del self._owners[name]
            del self._name_parser_map[name]
        self._choices_actions = [a for a in self._choices_actions if a.dest not in names]
        assert self._common is not None
        _register_of(module)(self, self._common)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        module = self._owners.get(values[0])
        if module is not None:
            self.load(module)
        super().__call__(parser, namespace, values, option_string)


def _parser(*, lazy: bool = False) -> argparse.ArgumentParser:
    """The whole command line; with ``lazy``, each command's module loads once it is chosen."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help=_("SQLite file or database URL (default: ARAPP_DB, else the file in the data folder)"),
    )
    parser = argparse.ArgumentParser(
        prog="arapp",
        description=_(
            "Invoicing and collections for small shops. Without a command, opens the window."
        ),
        parents=[common],
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"arapp {__version__}",
        help=_("show arapp's version number and exit"),
    )
    sub = parser.add_subparsers(action=_LazyCommands, dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", parents=[common], help=_("open the window (the default)"))
    gui.add_argument(
        "--no-demo",
        action="store_true",
        help=_("start with empty books instead of the demo company"),
    )
    gui.set_defaults(func=_run_gui)

    demo = sub.add_parser(
        "demo", parents=[common], help=_("fill empty books with a realistic demo company")
    )
    demo.add_argument("--customers", type=int, default=60, help=_("how many customers (60)"))
    demo.add_argument("--months", type=int, default=18, help=_("months of history (18)"))
    demo.add_argument("--seed", type=int, default=7, help=_("random seed, for the same demo twice"))
    demo.set_defaults(func=_run_demo)

    init = sub.add_parser("init", parents=[common], help=_("start your own, empty books"))
    init.add_argument("--name", required=True, help=_("company name"))
    init.add_argument("--currency", default="EUR", help=_("ISO currency code (EUR)"))
    init.add_argument("--locale", default="en_US", help=_("locale for amounts and dates (en_US)"))
    init.set_defaults(func=_run_init)

    for module, _commands in COMMANDS:
        sub.stand_in(module, common)
        if not lazy:
            sub.load(module)
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
    """Start one's own books: in the file ``--db``/``ARAPP_DB`` names, else in the books in use
    (the default file on a first start). When those hold the demo company (and no file was
    named), the new books get a file of their own in the data folder, named after the company;
    books that belong to a company are never written over."""
    from arapp.app import open_books
    from arapp.paths import chosen_by_person, remember_books
    from arapp.services.books import books_file_for, create_books, is_demo_books
    from arapp.services.company import CompanyProfile, get_company, save_company
    from arapp.services.errors import ServiceError

    named = getattr(args, "db", None)
    profile = CompanyProfile(name=args.name, currency=args.currency.upper(), locale=args.locale)
    books = open_books(named)
    where = books.ctx.db.describe()
    present = get_company(books.ctx)
    if present is None:
        save_company(books.ctx, profile)
        started = books.ctx.db.sqlite_path
    elif not chosen_by_person(named) and books.ctx.db.sqlite_path and is_demo_books(books.ctx):
        books.ctx.db.dispose()
        remember_books(where)  # File ▸ Recent books keeps the demo within reach
        started = str(create_books(books_file_for(args.name, books.paths.data_dir), profile))
        print(_("The demo company stays in {where}.").format(where=where))
    else:
        raise ServiceError(
            _(
                "These books already belong to {company} ({where}). "
                'To start books in another file: arapp --db FILE init --name "NAME"'
            ).format(company=present.name, where=where)
        )
    if started:
        remember_books(started)  # the window and the commands open them from now on
    print(
        _("Started the books of {company} in {where}").format(
            company=args.name, where=started or where
        )
    )
    return 0


def main(argv: list[str]) -> int:
    from arapp.cli.argparse_words import speak
    from arapp.i18n import use_language

    use_language(None)  # the person's language: the setting, else the system's
    speak()  # argparse's own words too ("usage:", its errors), before the parser is made
    parser = _parser(lazy=True)
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "gui"])
    from arapp.cli.output import SafeText

    # Everything printed from here on is for people: no control character from the books
    # reaches the terminal (see arapp.cli.output).
    saved = sys.stdout, sys.stderr
    # (A windowed build has no streams at all: print() then writes nowhere, as before.)
    if sys.stdout is not None:
        sys.stdout = SafeText(sys.stdout)
    if sys.stderr is not None:
        sys.stderr = SafeText(sys.stderr)
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = saved


def _run(args: argparse.Namespace) -> int:
    from arapp.domain.errors import DomainError
    from arapp.services.errors import DatabaseError, InputErrors, ServiceError

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
        print(_("arapp: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (``| head``) left early: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
