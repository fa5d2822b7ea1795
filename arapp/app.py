# SPDX-License-Identifier: MIT
"""Wires the layers together; the only module that knows all of them.

:func:`open_books` opens (or creates) the database named by ``--db``/``ARAPP_DB`` or the default
file, upgrades its schema after a backup, and returns the :class:`AppContext` the faces use.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.files import PRIVATE_FILE_MODE
from arapp.paths import AppPaths, app_paths, database_url
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
    """Open the books, migrating the schema (after a backup) unless ``upgrade`` is false."""
    paths = app_paths().ensure()
    setup_logging(paths)
    database = Database(database_url(db))
    created = migrate.current_revision(database) is None
    backup = migrate.upgrade(database, paths.backup_dir) if upgrade else None
    if backup is not None:
        log.info("schema upgraded; backup before upgrade at %s", backup)
    return OpenedBooks(AppContext(database), paths, backup, created)


def run_window(db: str | None = None, *, demo_if_new: bool = True) -> int:
    """Open the books and the main window; books without a company get the demo company."""
    import sys

    from arapp.services.company import has_company

    books = open_books(db)
    notices: list[str] = []  # each its own line in the window's banner, until closed
    if books.backup is not None:
        notices.append(f"Database upgraded; the copy from before is at {books.backup}")
    if demo_if_new and not has_company(books.ctx):
        from arapp.services.demo import create_demo_company  # only books without a company

        summary = create_demo_company(books.ctx)
        log.info("%s", summary.describe())
        notices.append(
            "This is a demo company to try things out. "
            "Start your own books with: arapp --db FILE init --name NAME"
        )
    from arapp.services.recurring_due import has_active_templates

    if has_active_templates(books.ctx):  # else the billing's modules are not needed at start
        from arapp.services.recurring import run_recurring

        billed = run_recurring(books.ctx)
        if billed.created:
            notices.insert(0, f"{len(billed.created)} recurring invoice(s) were billed.")
        for skipped in billed.skipped:
            notices.insert(0, f"{skipped.text}; not billed.")
    from arapp.ui import run_gui

    return run_gui(books.ctx, sys.argv[:1], notices=notices)
