# SPDX-License-Identifier: MIT
"""``arapp db``: schema upgrades, backups, where the data is."""

from __future__ import annotations

import argparse

from arapp.services.backup import back_up_database, schema_state, upgrade_schema


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    db = sub.add_parser("db", parents=[common], help="database upgrade, backup and information")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    actions.add_parser(
        "upgrade", parents=[common], help="back up, then bring the schema up to date"
    ).set_defaults(func=_upgrade)
    actions.add_parser(
        "backup", parents=[common], help="copy the database to the backup folder"
    ).set_defaults(func=_backup)
    actions.add_parser(
        "info", parents=[common], help="where the data, backups and logs are"
    ).set_defaults(func=_info)


def _upgrade(args: argparse.Namespace) -> int:
    from arapp.app import open_books

    books = open_books(getattr(args, "db", None), upgrade=False)
    result = upgrade_schema(books.ctx, books.paths.backup_dir)
    if result.before == result.after:
        print(f"The schema is up to date (revision {result.after}).")
    else:
        print(f"Upgraded the schema from {result.before or 'empty'} to {result.after}.")
    if result.backup is not None:
        print(f"Backup taken first: {result.backup}")
    if result.before != result.after:
        from arapp.services.books import address_notice
        from arapp.services.customer_list import addresses_to_check

        look = addresses_to_check(books.ctx)
        if look:
            print(f"{address_notice(len(look))}:")
            for code, name in look:
                print(f"  {code}  {name}")
            print(
                "Their lines are kept as street lines. Fill in the rest with "
                "arapp customer edit CODE --postcode P --city C --country XX; "
                "arapp customer list --status address_check lists them again."
            )
    return 0


def _backup(args: argparse.Namespace) -> int:
    from arapp.app import open_books

    books = open_books(getattr(args, "db", None))
    target = back_up_database(books.ctx, books.paths.backup_dir)
    if target is None:
        print("This is a server database: back it up with the server's tools (pg_dump).")
        return 1
    print(f"Backup written to {target}")
    return 0


def _info(args: argparse.Namespace) -> int:
    from arapp.app import open_books

    books = open_books(getattr(args, "db", None), upgrade=False)
    schema = schema_state(books.ctx)
    print(f"database:  {books.ctx.db.describe()}")
    print(f"schema:    {schema.current or 'empty'} (newest {schema.newest})")
    print(f"backups:   {books.paths.backup_dir}")
    print(f"logs:      {books.paths.log_dir}")
    return 0
