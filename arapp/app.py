# SPDX-License-Identifier: MIT
"""Wires the layers together; the only module that knows all of them.

:func:`open_books` opens (or creates) the database named by ``--db``/``ARAPP_DB``, else the books
opened last, else the default file, upgrades its schema after a backup, and returns the
:class:`AppContext` the faces use (File ▸ Open books… opens books through
:mod:`arapp.services.books` the same way).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arapp.db.errors import DatabaseError
from arapp.files import PRIVATE_FILE_MODE
from arapp.paths import AppPaths, app_paths, chosen_by_person, database_url, last_books

if TYPE_CHECKING:  # the window shows before the database layer (SQLAlchemy) is loaded
    from arapp.services.context import AppContext

log = logging.getLogger("arapp")


@dataclass(frozen=True)
class OpenedBooks:
    """The result of opening the books.

    Attributes:
        ctx: What the services need.
        paths: The folders in use.
        backup: The backup taken before a schema upgrade, if one was needed.
        created: True when the database had no schema before (a new file or empty server DB).
    """

    ctx: AppContext
    paths: AppPaths
    backup: Path | None
    created: bool


class BooksGone(DatabaseError):
    """The books opened last (to be opened again, as neither ``--db`` nor ``ARAPP_DB`` names
    others) are not there any more.

    Attributes:
        path: Where they were.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"The books opened last, {path}, are not there any more (moved or deleted?). "
            "Name them with --db FILE, or open them in the window (File ▸ Open books…)."
        )


class _PrivateLogHandler(logging.handlers.RotatingFileHandler):
    """The log names customers and files: it (and each file rotation starts) is 0600."""

    def _open(self) -> Any:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(paths: AppPaths, verbose: bool = False) -> None:
    root = logging.getLogger("arapp")
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        return
    handler = _PrivateLogHandler(
        paths.log_dir / "arapp.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


def open_books(db: str | None = None, *, upgrade: bool = True) -> OpenedBooks:
    """Open the books, migrating the schema (after a backup) unless ``upgrade`` is false.

    Raises :class:`BooksGone` when the books to open are the ones opened last and their file has
    gone: making new books in their place would hide the loss (the default file is simply made
    again, as on a first start)."""
    paths = app_paths().ensure()
    setup_logging(paths)
    if not chosen_by_person(db):
        last = last_books()
        if last is not None and not last.exists() and last != paths.default_db_file.resolve():
            raise BooksGone(last)
    from arapp.services.books import open_database

    opened = open_database(database_url(db), paths.backup_dir, upgrade=upgrade)
    return OpenedBooks(opened.ctx, paths, opened.backup, opened.created)


def books_for_window(db: str | None, *, demo_if_new: bool) -> tuple[OpenedBooks, list[str]]:
    """Open the books for the window (on a worker: the window is shown meanwhile), with the
    notices the window must show; books without a company get the demo company.

    The books opened (an SQLite file not named by ``--db`` or ``ARAPP_DB``) are remembered, so
    File ▸ Recent books lists them; if the books opened last have gone, the default file opens
    instead, with a notice saying so."""
    from arapp.paths import remember_books
    from arapp.services.books import OpenedDatabase, opening_notices
    from arapp.services.company import has_company

    gone: list[str] = []
    try:
        books = open_books(db)
    except BooksGone as exc:
        books = open_books(str(app_paths().default_db_file))
        gone.append(
            f"The books opened last, {exc.path}, are not there any more (moved or deleted?). "
            "These are the books in the data folder; File ▸ Open books… opens others."
        )
    if demo_if_new and not has_company(books.ctx):
        from arapp.services.demo import create_demo_company  # only books without a company

        summary = create_demo_company(books.ctx)
        log.info("%s", summary.describe())
    opened = OpenedDatabase(books.ctx, books.backup, books.created)
    notices = [*gone, *opening_notices(opened)]  # each its own line in the banner, until closed
    if books.ctx.db.sqlite_path and not chosen_by_person(db):  # --db and ARAPP_DB are for once
        remember_books(books.ctx.db.sqlite_path)
    from arapp.ui.main_window import load_parts  # the window's parts, here rather than on
    # the GUI thread (imports only: no widget is made off the GUI thread)

    load_parts()
    _read_locale(books.ctx)
    return books, notices


def _read_locale(ctx: AppContext) -> None:
    """Read the company's locale data (Babel's, 0.1-0.2 s) by writing a day and an amount
    its way, so the first figures the window shows do not read it on the GUI thread."""
    from decimal import Decimal

    from arapp.formatting import DEFAULT_LOCALE, format_date, format_money
    from arapp.services.company import get_company

    company = get_company(ctx)
    locale = company.locale if company else DEFAULT_LOCALE
    format_date(ctx.today(), locale)
    format_money(Decimal(0), company.currency if company else "EUR", locale)


def run_window(db: str | None = None, *, demo_if_new: bool = True) -> int:
    """Show the window at once (its frame: menus, tabs, "Opening the books…"), open the books
    on a worker meanwhile (:func:`books_for_window`), then put them in the window and run.

    A database that cannot be opened (locked, damaged, newer) closes the window and raises its
    error, which the command line prints as before."""
    import sys

    from arapp import ui

    window = ui.first_frame(sys.argv[:1])
    books, notices = ui.open_in_background(
        window, lambda: books_for_window(db, demo_if_new=demo_if_new)
    )
    return ui.run_gui(books.ctx, sys.argv[:1], notices=notices, window=window)
