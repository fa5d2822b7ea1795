# SPDX-License-Identifier: MIT
"""``arapp db``: schema upgrades, backups, restores, the books check, where the data is."""

from __future__ import annotations

import argparse
from pathlib import Path

from arapp.i18n import _, ngettext
from arapp.services.backup import back_up_database, schema_state, upgrade_schema


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    db = sub.add_parser("db", parents=[common], help=_("database upgrade, backup and information"))
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    actions.add_parser(
        "upgrade", parents=[common], help=_("back up, then bring the schema up to date")
    ).set_defaults(func=_upgrade)
    actions.add_parser(
        "backup", parents=[common], help=_("copy the database to the backup folder")
    ).set_defaults(func=_backup)
    restore = actions.add_parser(
        "restore",
        parents=[common],
        help=_("put a backup in place of the books (they must be closed), after keeping a copy"),
    )
    restore.add_argument("file", metavar="FILE", help=_("the backup to restore"))
    restore.set_defaults(func=_restore)
    actions.add_parser(
        "check",
        parents=[common],
        help=_("check the file and the money figures; exit 1 when something is wrong"),
    ).set_defaults(func=_check)
    actions.add_parser(
        "info", parents=[common], help=_("where the data, backups and logs are")
    ).set_defaults(func=_info)


def _upgrade(args: argparse.Namespace) -> int:
    from arapp.app import open_books

    books = open_books(getattr(args, "db", None), upgrade=False)
    result = upgrade_schema(books.ctx, books.paths.backup_dir)
    if result.before == result.after:
        print(_("The schema is up to date (revision {revision}).").format(revision=result.after))
    else:
        print(
            _("Upgraded the schema from {before} to {after}.").format(
                before=result.before or _("empty"), after=result.after
            )
        )
    if result.backup is not None:
        print(_("Backup taken first: {file}").format(file=result.backup))
    if result.before != result.after:
        from arapp.services.books import address_notice
        from arapp.services.customer_list import addresses_to_check

        look = addresses_to_check(books.ctx)
        if look:
            print(f"{address_notice(len(look))}:")
            for code, name in look:
                print(f"  {code}  {name}")
            print(
                _(
                    "Their lines are kept as street lines. Fill in the rest with "
                    "arapp customer edit CODE --postcode P --city C --country XX; "
                    "arapp customer list --status address_check lists them again."
                )
            )
    return 0


def _backup(args: argparse.Namespace) -> int:
    from arapp.app import open_books
    from arapp.services.backup import SERVER_BOOKS

    books = open_books(getattr(args, "db", None))
    target = back_up_database(books.ctx)
    if target is None:
        print(_(SERVER_BOOKS))
        return 1
    print(_("Backup written to {file}").format(file=target))
    return 0


def _restore(args: argparse.Namespace) -> int:
    """Restore without opening the books through SQLAlchemy: they must be closed everywhere,
    this process included."""
    from arapp.app import BooksGone
    from arapp.paths import app_paths, chosen_by_person, database_url, last_books
    from arapp.services.backup import SERVER_BOOKS, restore_backup
    from arapp.services.errors import ServiceError

    named = getattr(args, "db", None)
    if not chosen_by_person(named):
        last = last_books()
        if last is not None and not last.exists():
            raise BooksGone(last)
    url = database_url(named)
    if not url.startswith("sqlite:///"):
        raise ServiceError(_(SERVER_BOOKS))
    books = Path(url.removeprefix("sqlite:///"))
    app_paths().ensure()
    result = restore_backup(books, Path(args.file))
    print(
        _("Restored {backup} into {books} (checked).").format(backup=result.restored, books=books)
    )
    print(_("The books as they were just before are kept in {file}").format(file=result.kept))
    return 0


def _check(args: argparse.Namespace) -> int:
    from arapp.app import open_books
    from arapp.services.books_check import check_books, last_good_backup

    books = open_books(getattr(args, "db", None), upgrade=False)
    findings = check_books(books.ctx)
    if not findings:
        print(
            _("The books are sound: nothing wrong found in {books}.").format(
                books=books.ctx.db.describe()
            )
        )
        return 0
    print(_("Something is wrong in {books}:").format(books=books.ctx.db.describe()))
    for finding in findings:
        print(f"  - {finding.text}")
    if books.ctx.db.sqlite_path:
        good = last_good_backup(books.ctx)
        if good.path is not None:
            print(
                _("The newest sound backup is {file}; arapp db restore FILE puts it back.").format(
                    file=good.path
                )
            )
        elif good.checked:
            print(
                ngettext(
                    "The one backup of these books is not sound either.",
                    "None of the {count} backups of these books is sound either.",
                    good.checked,
                ).format(count=good.checked)
            )
        else:
            print(_("There is no backup of these books to go back to."))
    return 1


def _info(args: argparse.Namespace) -> int:
    from arapp.app import open_books
    from arapp.cli.output import field_printer

    books = open_books(getattr(args, "db", None), upgrade=False)
    schema = schema_state(books.ctx)
    labels = (_("database"), _("schema"), _("backups"), _("logs"))
    show = field_printer(labels, gap=2)
    show(labels[0], books.ctx.db.describe())
    current = schema.current or _("empty")
    show(labels[1], _("{current} (newest {newest})").format(current=current, newest=schema.newest))
    if books.ctx.db.sqlite_path:
        from arapp.services.backup import backup_folder

        show(labels[2], str(backup_folder(books.ctx)))
    else:
        show(labels[2], _("the database server's (pg_dump)"))
    show(labels[3], str(books.paths.log_dir))
    return 0
