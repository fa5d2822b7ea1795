# SPDX-License-Identifier: MIT
"""Books as files: starting new ones, telling whether a file is arapp books, and the demo's mark.

File ▸ New books… and ``arapp init`` start books with :func:`create_books`: everything typed is
checked first, then a new SQLite file is made (never over an existing one), migrated, and given
the company and its number pattern; a failure on the way removes the file again, so there are
either complete new books or nothing. File ▸ Open books… asks :func:`check_books_file` before
anything opens the file, as opening an SQLite file for writing would change it (or make it).

:func:`open_database` is how every face opens books (the schema upgraded after a backup), and
:func:`opening_notices` what the window says on opening them (the upgrade, recurring invoices
billed).

The demo company is recognised by the audit entry its creation writes (``demo_created``, in the
same transaction as the rest of the demo), so the mark is in the books themselves and comes with
them wherever the file goes.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.db.models import AuditEntry
from arapp.domain.errors import ValidationError
from arapp.files import create_private_file, private_folder
from arapp.i18n import _, ngettext
from arapp.paths import remember_books, sqlite_url
from arapp.services.company import COMPANY_ID, CompanyProfile, check_company, save_company
from arapp.services.context import AppContext
from arapp.services.errors import InputErrors, ServiceError
from arapp.services.settings import INVOICE_NUMBER_PATTERN, set_setting

log = logging.getLogger(__name__)

#: The audit action the demo company's creation writes (arapp.services.demo).
DEMO_MARK = "demo_created"
BOOKS_SUFFIX = ".sqlite3"
_SQLITE_HEADER = b"SQLite format 3\x00"
# Read through the table, as the window's start reads it before any ORM query (see company.py).
_AUDIT = AuditEntry.__table__


@dataclass(frozen=True)
class OpenedDatabase:
    """Books just opened.

    Attributes:
        ctx: What the services need.
        backup: The copy taken before a schema upgrade, if one was needed.
        created: True when the database had no schema before (a new file or empty server DB).
    """

    ctx: AppContext
    backup: Path | None
    created: bool


def open_database(url: str, backup_dir: Path | None, *, upgrade: bool = True) -> OpenedDatabase:
    """Open the books at ``url``, upgrading the schema (after a backup into ``backup_dir``)
    unless ``upgrade`` is false. Books written by a newer arapp are refused
    (``DatabaseError``)."""
    database = Database(url)
    try:
        created = migrate.current_revision(database) is None
        backup = None
        if upgrade:
            backup = migrate.upgrade(database, upgrade_backup_folder(database, backup_dir))
    except BaseException:
        database.dispose()
        raise
    if backup is not None:
        log.info("schema upgraded; backup before upgrade at %s", backup)
    return OpenedDatabase(AppContext(database), backup, created)


def upgrade_backup_folder(db: Database, default: Path | None) -> Path | None:
    """Where the backup before a schema upgrade goes: the folder chosen for these books (read
    with plain SQL: their schema is the old one) when it is there, else ``default``; ``None``
    when no backup is wanted."""
    if default is None or db.sqlite_path is None:
        return default
    chosen = None
    with contextlib.suppress(sqlite3.Error, OSError):
        chosen = chosen_backup_folder(Path(db.sqlite_path))
    if chosen is not None and chosen.expanduser().parent.is_dir():
        return chosen.expanduser()
    return default


def chosen_backup_folder(books: Path) -> Path | None:
    """The backup folder chosen in the books' settings, read without opening them for writing."""
    uri = f"{books.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
        row = connection.execute("SELECT value FROM setting WHERE key = 'backup.folder'").fetchone()
    return Path(row[0]) if row and row[0] else None


def open_books_file(path: Path, backup_dir: Path) -> OpenedDatabase:
    """Open the SQLite books ``path`` chosen in the window (Open books…, Recent books, New
    books…) and remember them, so they open at the next start. A file that is not arapp books,
    or was written by a newer arapp, is refused (``ServiceError``) before anything opens it."""
    check_books_file(path)
    opened = open_database(sqlite_url(Path(path).expanduser()), backup_dir)
    remember_books(path)
    return opened


def opening_notices(opened: OpenedDatabase) -> list[str]:
    """What opening the books must tell the person (each a notice until closed): the upgrade
    and its backup, and the recurring invoices billed now (due ones are billed on opening)."""
    notices: list[str] = []
    if opened.backup is not None:
        notices.append(
            _("Database upgraded; the copy from before is at {path}").format(path=opened.backup)
        )
        from arapp.services.customer_list import addresses_to_check

        look = address_notice(len(addresses_to_check(opened.ctx)))
        if look:
            notices.append(
                _("{notice}: in Customers, choose the filter “Address to check”.").format(
                    notice=look
                )
            )
    from arapp.services.recurring_due import has_active_templates

    if has_active_templates(opened.ctx):  # else the billing's modules are not needed at start
        from arapp.services.recurring import run_recurring

        billed = run_recurring(opened.ctx)
        if billed.created:
            count = len(billed.created)
            notices.insert(
                0,
                ngettext(
                    "{count} recurring invoice was billed.",
                    "{count} recurring invoices were billed.",
                    count,
                ).format(count=count),
            )
        if billed.to_send:  # not sent while the books open: the person sends them
            waiting = len(billed.to_send)
            notices.insert(
                1,
                ngettext(
                    "{count} of them is to be e-mailed: select it on the Invoices tab and "
                    "choose Send….",
                    "{count} of them are to be e-mailed: select them on the Invoices tab and "
                    "choose Send….",
                    waiting,
                ).format(count=waiting),
            )
        for skipped in billed.skipped:
            notices.insert(0, _("{skipped}; not billed.").format(skipped=skipped.text))
    return notices


def address_notice(count: int) -> str:
    """``12 customers' addresses need a look``, or nothing for none."""
    if not count:
        return ""
    return ngettext(
        "{count} customer's address needs a look (not every part of it could be read)",
        "{count} customers' addresses need a look (not every part of them could be read)",
        count,
    ).format(count=count)


def is_demo_books(ctx: AppContext) -> bool:
    """Whether these books hold the demo company (its creation is in the audit log)."""
    with ctx.db.read() as session:
        found = session.execute(
            select(_AUDIT.c.id)
            .where(
                _AUDIT.c.entity == "company",
                _AUDIT.c.entity_id == COMPANY_ID,
                _AUDIT.c.action == DEMO_MARK,
            )
            .limit(1)
        ).first()
        return found is not None


def books_file_for(name: str, folder: Path) -> Path:
    """A file name in ``folder`` for the books of the company ``name`` that no file has yet:
    ``Corner Shop`` gives ``corner-shop.sqlite3`` (then ``corner-shop-2.sqlite3``…)."""
    stem = re.sub(r"[^\w]+", "-", name.strip().lower(), flags=re.UNICODE).strip("-_")[:40]
    stem = stem or "books"
    candidate = folder / f"{stem}{BOOKS_SUFFIX}"
    count = 1
    while candidate.exists():
        count += 1
        candidate = folder / f"{stem}-{count}{BOOKS_SUFFIX}"
    return candidate


def create_books(path: Path, profile: CompanyProfile, number_pattern: str = "") -> Path:
    """Start new books in the new file ``path`` for the company ``profile``.

    ``number_pattern`` is the invoice number pattern (empty: the default). Everything is checked
    before the file is made: ``InputErrors`` names each wrong field (``file`` for the path,
    ``number_pattern``, and the company's). Returns the file.
    """
    path = Path(path).expanduser()
    errors: list[ValidationError] = []
    try:
        profile = check_company(replace(profile, currency=profile.currency.strip().upper()))
    except InputErrors as exc:
        errors.extend(exc.errors)
    pattern = number_pattern.strip()
    if pattern:
        try:
            INVOICE_NUMBER_PATTERN.parse(pattern)
        except ValidationError as exc:
            errors.append(ValidationError("number_pattern", exc.message))
    problem = _new_file_problem(path)
    if problem:
        errors.append(ValidationError("file", problem))
    if errors:
        raise InputErrors(errors)
    if not path.parent.exists():
        private_folder(path.parent)  # a folder that was not there is the person's alone
    if not create_private_file(path):
        raise InputErrors([ValidationError("file", _exists(path))])
    database = Database(sqlite_url(path))
    try:
        migrate.upgrade(database, None)
        ctx = AppContext(database)
        save_company(ctx, profile)
        if pattern:
            set_setting(ctx, INVOICE_NUMBER_PATTERN, pattern)
    except BaseException:
        database.dispose()
        for leftover in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    database.dispose()
    return path


def _exists(path: Path) -> str:
    return _(
        "There is already a file called {file} there; books are never written over it."
    ).format(file=path.name)


def _new_file_problem(path: Path) -> str:
    if not path.name:
        return _("Give the new books a file name.")
    if path.exists():
        return _exists(path)
    if path.parent.exists() and not path.parent.is_dir():
        return _("{folder} is a file, not a folder.").format(folder=path.parent)
    return ""


def check_books_file(path: Path) -> None:
    """Refuse, with a ``ServiceError`` that says why, a file that is not arapp books or was
    written by a newer arapp. The file is only read (opened read-only), never changed. Older
    books pass: opening them upgrades them after a backup."""
    path = Path(path).expanduser()
    if not path.exists():
        raise ServiceError(_("{path} is not there any more (moved or deleted?).").format(path=path))
    if not path.is_file():
        raise ServiceError(_("{path} is a folder, not books.").format(path=path))
    try:
        with path.open("rb") as file:
            header = file.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise ServiceError(
            _("{path} could not be read: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from exc
    if header != _SQLITE_HEADER:
        raise ServiceError(
            _("{file} is not arapp books: it is not an SQLite database file.").format(
                file=path.name
            )
        )
    try:
        revision = _revision_of(path)
    except sqlite3.Error as exc:
        raise ServiceError(
            _("{file} could not be read as books: {reason}.").format(file=path.name, reason=exc)
        ) from exc
    if revision is None:
        raise ServiceError(
            _("{file} is an SQLite database, but not arapp books (it has no arapp schema).").format(
                file=path.name
            )
        )
    if revision not in migrate.known_revisions():
        raise ServiceError(migrate.newer_books_message(path.name, revision))


def _revision_of(path: Path) -> str | None:
    """The schema revision of the SQLite file ``path``, read without writing to it."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        table = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
            (migrate.VERSION_TABLE,),
        ).fetchone()
        if table is None:
            return None
        row = connection.execute(f"SELECT version_num FROM {migrate.VERSION_TABLE}").fetchone()
        return None if row is None else str(row[0])
    finally:
        connection.close()
