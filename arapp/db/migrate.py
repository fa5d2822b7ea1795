# SPDX-License-Identifier: MIT
"""Schema migrations (Alembic, shipped inside the package) and backups.

:func:`upgrade` brings a database to the newest schema. For an SQLite file that already holds data
it first takes a consistent copy with SQLite's online backup API into the backup folder, so a
failed or regretted upgrade can always be undone by putting the copy back.

Alembic is imported only when a migration runs: importing it costs seconds, and books that are
already up to date (every start but the first after an update) need only their revision, read
with one query, and the newest revision, read from the migration files' ``revision`` and
``down_revision`` lines.
"""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from arapp.db.backups import write_backup
from arapp.db.engine import Database, DatabaseError
from arapp.domain.backups import Reason

if TYPE_CHECKING:
    from alembic.config import Config

VERSION_TABLE = "alembic_version"  # Alembic's default, which env.py keeps


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("arapp.db") / "migrations"))
    return config


def known_revisions() -> set[str]:
    """Every revision this version of arapp can upgrade from (books at another one were written
    by a newer arapp)."""
    return _revisions()[0]


def _revisions() -> tuple[set[str], set[str]]:
    """The revisions of the migration files, and those some other revision revises."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in (resources.files("arapp.db") / "migrations" / "versions").iterdir():
        if script.name.endswith(".py"):
            found = _revision_lines(script.read_text(encoding="utf-8"))
            revisions.add(str(found["revision"]))
            down = found.get("down_revision")
            revised.update(down if isinstance(down, tuple | list) else [down] if down else [])
    return revisions, revised


def head_revision() -> str:
    """The newest revision: the one no other revision revises."""
    revisions, revised = _revisions()
    heads = revisions - revised
    if len(heads) != 1:
        return alembic_head_revision()  # several heads, or none: Alembic says what is wrong
    return heads.pop()


def _revision_lines(source: str) -> dict[str, Any]:
    """The module-level ``revision = "…"`` and ``down_revision = …`` of a migration.

    Only those lines are parsed (parsing all the migrations took 40-90 ms of every start); a
    value written over several lines is read by parsing the whole file.
    """
    lines = [line for line in source.splitlines() if line.startswith(_REVISION_LINES)]
    try:
        return _assignments("\n".join(lines))
    except SyntaxError:
        return _assignments(source)


_REVISION_LINES = ("revision", "down_revision")


def _assignments(source: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for node in ast.parse(source).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        value = getattr(node, "value", None)
        names = ("revision", "down_revision")
        if isinstance(target, ast.Name) and target.id in names and value is not None:
            found[target.id] = ast.literal_eval(value)
    return found


def alembic_head_revision() -> str:
    """The newest revision as Alembic reads it (imports every migration)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    """The schema revision, or None for empty books; the first read of books being opened, so
    books that cannot be read at all (not a database, unreachable) fail here in one sentence."""
    try:
        connection = db.engine.connect()
    except DBAPIError as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        raise DatabaseError(f"{db.describe()} could not be opened as books: {reason}") from exc
    with connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        found = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars()
        versions = list(found)
    if len(versions) > 1:
        raise DatabaseError(f"{db.describe()} is at several revisions at once: {versions}")
    return versions[0] if versions else None


def newer_books_message(where: str, revision: str) -> str:
    return (
        f"{where} was saved by a newer version of arapp (schema {revision}; this version "
        f"knows up to {head_revision()}). Update arapp to open these books; nothing was changed."
    )


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()


def upgrade(db: Database, backup_dir: Path | None, revision: str = "head") -> Path | None:
    """Migrate to ``revision``; returns the backup taken first, if any.

    Books written by a newer arapp (a revision this one does not know) are refused before
    anything is touched: they cannot be upgraded, and going on would leave a backup behind and
    fail in Alembic's words."""
    backup = None
    current = current_revision(db)
    if current == (head_revision() if revision == "head" else revision):
        return None
    if current is not None and current not in known_revisions():
        raise DatabaseError(newer_books_message(db.describe(), current))
    if backup_dir is not None and current is not None:
        backup = backup_database(db, backup_dir, reason=Reason.BEFORE_UPGRADE)
    from alembic import command

    config = _config()
    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection if db.is_sqlite else None
        if raw is not None:
            # Rebuilding a table (Alembic's batch mode on SQLite) drops it while other tables
            # still refer to it; the references are checked once the new table is in place.
            # The pragma only works outside a transaction, hence on the raw connection.
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if raw is not None:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise DatabaseError(
                            f"The upgrade would break {len(broken)} references between records "
                            f"(first: {tuple(broken[0])}); nothing was changed."
                        )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")
    return backup


def backup_database(db: Database, backup_dir: Path, reason: str = "manual") -> Path | None:
    """Back up SQLite books into ``backup_dir`` (consistent even while in use; checked; see
    :mod:`arapp.db.backups`).

    Returns the copy's path, or ``None`` for a server database, which its server backs up
    (``pg_dump``).
    """
    source = db.sqlite_path
    if source is None or not Path(source).exists():
        return None
    return write_backup(source, backup_dir, reason)
