# SPDX-License-Identifier: MIT
"""Backups, restores and schema upgrades, as the faces ask for them.

File ▸ Back up database…, File ▸ Restore from backup…, the automatic backups (when the books open,
at most one a day, and when they close after changes) and ``arapp db backup|restore|upgrade|info``
go through here, so neither the window nor the command line reaches into :mod:`arapp.db`: the
copy itself (SQLite's online backup API, written under a temporary name, checked, then renamed),
the rotation and the restore stay in :mod:`arapp.db.backups`.

Books on a database server (PostgreSQL) are backed up by the server (``pg_dump``): every function
here says so (``None``, or a :class:`ServiceError`) rather than doing nothing quietly.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from arapp.db import backups as files
from arapp.db import migrate
from arapp.domain.backups import Reason
from arapp.i18n import N_, _
from arapp.paths import app_paths
from arapp.services.context import AppContext
from arapp.services.errors import ServiceError

#: Shown to the person: pass it through ``_()`` where it is shown.
SERVER_BOOKS = N_(
    "These books live on a database server: back them up with the server's tools "
    "(for PostgreSQL: pg_dump). arapp takes no copies of them."
)


@dataclass(frozen=True)
class SchemaState:
    """Where a database's schema stands.

    Attributes:
        current: The revision the database is at; ``None`` for an empty database.
        newest: The newest revision this version of arapp knows.
    """

    current: str | None
    newest: str


@dataclass(frozen=True)
class UpgradeResult:
    """What :func:`upgrade_schema` did.

    Attributes:
        before: The revision before; ``None`` for an empty database.
        after: The revision now.
        backup: The copy taken before upgrading, if one was taken.
    """

    before: str | None
    after: str | None
    backup: Path | None


@dataclass(frozen=True)
class BackupSummary:
    """One backup of the books, for the restore list.

    Attributes:
        path: The file.
        taken: When it was taken (local time).
        reason: Why: opening, closing, manual, before-upgrade, before-restore.
        size: Bytes.
        customers: How many customers it holds (``None``: it could not be read).
        invoices: How many invoices and credit notes it holds (``None``: as above).
    """

    path: Path
    taken: datetime
    reason: str
    size: int
    customers: int | None
    invoices: int | None


@dataclass(frozen=True)
class RestoreResult:
    """What :func:`restore_backup` did.

    Attributes:
        restored: The backup put back.
        kept: The copy of the books as they were just before.
    """

    restored: Path
    kept: Path


def backup_folder(ctx: AppContext) -> Path:
    """Where these books' backups go: the folder chosen in Settings, else arapp's own."""
    from arapp.services.settings import BACKUP_FOLDER, get_setting

    chosen = get_setting(ctx, BACKUP_FOLDER)
    return Path(chosen) if chosen else app_paths().backup_dir


def back_up_database(
    ctx: AppContext, backup_dir: Path | None = None, reason: str = Reason.MANUAL
) -> Path | None:
    """Back the books up (checked, then rotated); ``None`` for a server database (the server
    backs it up). ``ServiceError`` says why a backup could not be made."""
    source = ctx.db.sqlite_path
    if source is None:
        return None
    folder = backup_dir or backup_folder(ctx)
    if folder.exists() and not folder.is_dir():
        raise ServiceError(
            _("The backup folder {folder} is a file, not a folder.").format(folder=folder)
        )
    if folder != app_paths().backup_dir and not folder.parent.is_dir():
        raise ServiceError(
            _(
                "The backup folder {folder} is not there (a USB stick not plugged in, a drive "
                "not connected?)."
            ).format(folder=folder)
        )
    try:
        return files.write_backup(source, folder, reason)
    except files.BackupError as exc:
        raise ServiceError(str(exc)) from exc
    except (OSError, sqlite3.Error) as exc:
        raise ServiceError(
            _("No backup could be written to {folder}: {reason}.").format(
                folder=folder, reason=_reason(exc)
            )
        ) from exc


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def backup_due_on_opening(ctx: AppContext, backup_dir: Path | None = None) -> bool:
    """Whether opening the books calls for a backup: none of them was taken today."""
    source = ctx.db.sqlite_path
    if source is None:
        return False
    identity = files.books_identity(source, create=False)
    if identity is None:
        return True
    newest = files.backups_of(backup_dir or backup_folder(ctx), identity)
    today = datetime.now().astimezone().date()
    return not newest or newest[0].name.taken.astimezone().date() != today


def back_up_on_opening(ctx: AppContext, backup_dir: Path | None = None) -> Path | None:
    """The backup of the day, when the books open (``None``: one was taken today already, or
    the books are on a server)."""
    if not backup_due_on_opening(ctx, backup_dir):
        return None
    return back_up_database(ctx, backup_dir, Reason.OPENING)


def list_backups(ctx: AppContext, backup_dir: Path | None = None) -> list[BackupSummary]:
    """The backups of these books, newest first, each with what it holds (read-only)."""
    source = ctx.db.sqlite_path
    if source is None:
        raise ServiceError(_(SERVER_BOOKS))
    identity = files.books_identity(source, create=False)
    if identity is None:
        return []
    return [
        summarise(found.path, found.name.taken.astimezone(), found.name.reason, found.size)
        for found in files.backups_of(backup_dir or backup_folder(ctx), identity)
    ]


def summarise(path: Path, taken: datetime, reason: str, size: int) -> BackupSummary:
    customers = invoices = None
    with contextlib.suppress(sqlite3.Error, OSError):
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            customers = int(connection.execute("SELECT count(*) FROM customer").fetchone()[0])
            invoices = int(connection.execute("SELECT count(*) FROM invoice").fetchone()[0])
    return BackupSummary(path, taken, reason, size, customers, invoices)


def check_backup_file(path: Path) -> None:
    """Refuse (``ServiceError``, saying why) a file that is not sound arapp books of a schema
    this arapp knows; read-only."""
    from arapp.services.books import check_books_file

    check_books_file(path)
    try:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            problems = files.integrity_problems(connection)
    except sqlite3.Error as exc:
        raise ServiceError(
            _("{file} could not be read: {reason}.").format(file=path.name, reason=exc)
        ) from exc
    if problems:
        raise ServiceError(
            _("{file} is damaged: {problem}. Choose another backup.").format(
                file=path.name, problem=problems[0]
            )
        )


def restore_backup(books: Path, backup: Path, backup_dir: Path | None = None) -> RestoreResult:
    """Put ``backup`` in place of the SQLite books ``books`` (closed everywhere): the backup is
    checked first, a copy of the books as they are is kept in the backup folder, and the
    result is checked (on failure the books are put back as they were). Books of an older
    schema are upgraded the next time they open."""
    backup = Path(backup).expanduser()
    books = Path(books).expanduser()
    if not books.exists():
        raise ServiceError(
            _("{books} is not there (moved or deleted?); nothing was restored.").format(books=books)
        )
    if backup.resolve() == books.resolve():
        raise ServiceError(_("That is the books file itself; choose a backup."))
    check_backup_file(backup)
    identity = files.books_identity(books, create=False)
    folder = backup_dir or app_paths().backup_dir
    if backup_dir is None:
        from arapp.services.books import chosen_backup_folder

        with contextlib.suppress(sqlite3.Error):
            folder = chosen_backup_folder(books) or folder
    try:
        kept = files.restore_books(books, backup, folder, identity)
    except files.BackupError as exc:
        raise ServiceError(str(exc)) from exc
    except (OSError, sqlite3.Error) as exc:
        raise ServiceError(
            _("The backup could not be restored: {reason}.").format(reason=_reason(exc))
        ) from exc
    return RestoreResult(backup, kept)


def schema_state(ctx: AppContext) -> SchemaState:
    return SchemaState(current=migrate.current_revision(ctx.db), newest=migrate.head_revision())


def upgrade_schema(ctx: AppContext, backup_dir: Path) -> UpgradeResult:
    """Bring the schema up to date, after a backup if the database holds data."""
    from arapp.services.books import upgrade_backup_folder

    before = migrate.current_revision(ctx.db)
    backup = migrate.upgrade(ctx.db, upgrade_backup_folder(ctx.db, backup_dir))
    return UpgradeResult(before=before, after=migrate.current_revision(ctx.db), backup=backup)
