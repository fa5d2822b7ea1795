# SPDX-License-Identifier: MIT
"""Backup files of SQLite books: written safely, checked, rotated, and put back.

A backup is written with SQLite's online backup API (consistent while the books are in use) to
``NAME.partial``, which is no backup's name; its own journal is off (an interrupted copy leaves
no hot journal that would roll it back to nothing). It is then made a one-file database
(``journal_mode=DELETE``), checked with ``PRAGMA integrity_check``, flushed to the disk, and only
then renamed to its real name. An interrupted backup so leaves at most a ``.partial`` file, which
the next backup of the same books removes; it is never counted among the copies kept.

The books carry their own backup identity (a random id in their ``setting`` table, made at the
first backup), and the names carry it (:mod:`arapp.domain.backups`): rotation and the restore list
only ever see the backups of these books.

:func:`restore_books` puts a backup back: it refuses books open anywhere else (it must be the
books' only connection to fold their journal in and lock them), checks the backup, keeps a copy
of the books as they are (their WAL journal folded in first), copies the backup in through the
same backup API (so no old ``-wal`` file is ever replayed over it), and checks the result.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from arapp.domain.backups import (
    KEEP_PINNED,
    PARTIAL_SUFFIX,
    PINNED_REASONS,
    BackupName,
    Retention,
    backups_to_keep,
    is_identity,
    parse_backup_name,
    safe_stem,
)
from arapp.files import create_private_file, private_folder

IDENTITY_KEY = "backup.id"
#: A ``.partial`` file older than this is the leftover of an interrupted backup.
STALE_PARTIAL_SECONDS = 3600
#: How long a restore waits for the books to be free (they must be closed everywhere).
LOCK_WAIT_SECONDS = 2.0
#: Pages copied at a time when the copy reports its progress (4 MB of 4 KB pages).
STEP_PAGES = 1024
DEFAULT_RETENTION = Retention()
#: ``progress(copied, total)``, in pages.
Progress = Callable[[int, int], None]


class BackupError(Exception):
    """A backup or restore that could not be done, said for people; nothing was changed."""


@dataclass(frozen=True)
class BackupFile:
    """One backup of the books in the backup folder.

    Attributes:
        path: The file.
        name: What its name says (identity, when, why).
        size: Its size in bytes.
    """

    path: Path
    name: BackupName
    size: int


def books_identity(path: str | os.PathLike[str], *, create: bool = True) -> str | None:
    """The backup identity of the SQLite books ``path``; made (and kept in them) when they have
    none and ``create`` is true, else ``None``."""
    with contextlib.closing(sqlite3.connect(path, timeout=15)) as connection:
        found = _read_identity(connection)
        if found is not None or not create:
            return found
        with connection:
            connection.execute(
                "INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)",
                (IDENTITY_KEY, uuid.uuid4().hex[:12]),
            )
        return _read_identity(connection)


def _read_identity(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute(
            "SELECT value FROM setting WHERE key = ?", (IDENTITY_KEY,)
        ).fetchone()
    except sqlite3.OperationalError:  # no setting table: not (yet) arapp books
        return None
    return str(row[0]) if row and is_identity(str(row[0])) else None


def integrity_problems(connection: sqlite3.Connection, limit: int = 20) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` find (empty: all is well)."""
    found = [str(row[0]) for row in connection.execute(f"PRAGMA integrity_check({int(limit)})")]
    problems = [] if found == ["ok"] else found
    for table, rowid, parent, _key in connection.execute("PRAGMA foreign_key_check"):
        problems.append(f"{table} row {rowid} refers to a {parent} record that is not there")
    return problems


def write_backup(
    source: str | os.PathLike[str],
    folder: Path,
    reason: str,
    *,
    now: datetime | None = None,
    retention: Retention | None = DEFAULT_RETENTION,
    progress: Progress | None = None,
) -> Path:
    """Back up the SQLite books ``source`` into ``folder``, checked, then rotate the backups of
    these books; returns the backup. Raises :class:`BackupError` when it could not be made.
    ``progress(copied, total)`` (pages) is called as the copy goes."""
    identity = books_identity(source)
    if identity is None:
        raise BackupError(f"{source} are not arapp books; there is nothing to back up.")
    with contextlib.closing(sqlite3.connect(source, timeout=15)) as src:
        return write_backup_from(src, source, identity, folder, reason, now, retention, progress)


def write_backup_from(
    src: sqlite3.Connection,
    source: str | os.PathLike[str],
    identity: str,
    folder: Path,
    reason: str,
    now: datetime | None = None,
    retention: Retention | None = DEFAULT_RETENTION,
    progress: Progress | None = None,
) -> Path:
    """:func:`write_backup` through the open connection ``src`` to the books ``source``
    (``retention`` ``None``: no rotation now)."""
    private_folder(folder)
    remove_stale_partials(folder, identity)
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    name = BackupName(safe_stem(Path(source).stem), identity, moment, reason)
    while (folder / name.file_name).exists() or _partial(folder / name.file_name).exists():
        name = BackupName(name.stem, identity, moment, reason, name.serial + 1)
    target = folder / name.file_name
    partial = _partial(target)
    try:
        copy_checked(src, partial, progress)
        _flush(partial)
        partial.replace(target)
        _flush(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    if retention is not None:
        prune(folder, identity, retention, keep=target)
    return target


def copy_checked(
    source: sqlite3.Connection, target: Path, progress: Progress | None = None
) -> None:
    """Copy ``source`` into the new file ``target`` (one file, no journal) and check it."""
    create_private_file(target)  # a copy of the books: the owner's only, like them
    with contextlib.closing(sqlite3.connect(target, isolation_level=None)) as dst:
        dst.execute("PRAGMA journal_mode = OFF")  # nothing to roll back in a new file
        if progress is None:
            source.backup(dst)
        else:
            source.backup(
                dst,
                pages=STEP_PAGES,
                progress=lambda _s, left, total: progress(total - left, total),
            )
    with contextlib.closing(sqlite3.connect(target, isolation_level=None)) as copy:
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        problems = integrity_problems(copy)
    if problems:
        raise BackupError(f"The copy failed its check: {problems[0]}. The books were not changed.")


def _partial(target: Path) -> Path:
    return target.with_name(target.name + PARTIAL_SUFFIX)


def _flush(path: Path) -> None:
    """Make ``path`` (a file, or a folder's entries on POSIX) reach the disk."""
    folder = path.is_dir()
    if folder and os.name != "posix":
        return  # Windows cannot open a folder to flush it (nor needs to for a rename)
    fd = os.open(path, os.O_RDONLY if folder else os.O_RDWR)  # Windows flushes writable ones
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_partials(folder: Path, identity: str) -> list[Path]:
    """Remove what interrupted backups of the books ``identity`` left; returns what went."""
    gone = []
    for path in folder.glob(f"*-{identity}-*{PARTIAL_SUFFIX}*"):
        if time.time() - path.stat().st_mtime > STALE_PARTIAL_SECONDS:
            with contextlib.suppress(OSError):
                path.unlink()
                gone.append(path)
    return gone


def backups_of(folder: Path, identity: str) -> list[BackupFile]:
    """The backups of the books ``identity`` in ``folder``, newest first."""
    found = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            name = parse_backup_name(path.name)
            if name is not None and name.identity == identity and path.is_file():
                found.append(BackupFile(path, name, path.stat().st_size))
    return sorted(found, key=lambda f: (f.name.taken, f.name.serial), reverse=True)


def prune(
    folder: Path, identity: str, retention: Retention = DEFAULT_RETENTION, keep: Path | None = None
) -> list[Path]:
    """Remove the backups of ``identity`` the rotation does not keep (days in local time);
    the newest few taken before an upgrade or a restore stay. Returns what was removed."""
    backups = backups_of(folder, identity)
    local = {b.path: b.name.taken.astimezone() for b in backups}
    kept_moments = backups_to_keep(local.values(), retention)
    kept = {b.path for b in backups if local[b.path] in kept_moments}
    for reason in PINNED_REASONS:
        kept.update([b.path for b in backups if b.name.reason == reason][:KEEP_PINNED])
    if keep is not None:
        kept.add(keep)
    removed = []
    for backup in backups:
        if backup.path not in kept:
            with contextlib.suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
    return removed


@contextlib.contextmanager
def only_connection(books: str | os.PathLike[str]) -> Iterator[sqlite3.Connection]:
    """An exclusive connection to the books, their WAL journal folded in; refuses
    (:class:`BackupError`) books open in another window or program."""
    connection = sqlite3.connect(books, timeout=LOCK_WAIT_SECONDS, isolation_level=None)
    try:
        try:
            # Leaving WAL needs the books' only connection; it folds the journal in (after a
            # crash, the -wal file holds committed work of these books) and removes it.
            mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            connection.execute("PRAGMA locking_mode = EXCLUSIVE")
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise BackupError(
                    f"{books} are open in another arapp window or program; close it first. "
                    "Nothing was changed."
                ) from exc
            raise BackupError(f"{books} could not be opened: {exc}. Nothing was changed.") from exc
        if str(mode).lower() != "delete":
            raise BackupError(f"{books} are in use elsewhere; close it first. Nothing was changed.")
        yield connection
    finally:
        connection.close()


def restore_books(
    books: str | os.PathLike[str], backup: Path, folder: Path, identity: str | None
) -> Path:
    """Put the checked backup ``backup`` in place of the books ``books``, after keeping a copy
    of them in ``folder`` (returned). The books must be closed everywhere."""
    with only_connection(books) as connection:
        kept = identity or _read_identity(connection) or uuid.uuid4().hex[:12]
        copy = write_backup_from(connection, books, kept, folder, "before-restore", None)
        with contextlib.closing(_read_only(backup)) as source:
            source.backup(connection)
        problems = integrity_problems(connection)
        if problems:
            with contextlib.closing(_read_only(copy)) as before:
                before.backup(connection)
            raise BackupError(
                f"The restored books failed their check ({problems[0]}); the books were put "
                f"back as they were. The backup may be damaged: {backup}"
            )
    with contextlib.suppress(OSError):
        prune(folder, kept, keep=copy)
    return copy


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
