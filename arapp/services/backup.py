# SPDX-License-Identifier: MIT
"""Backups and schema upgrades, as the faces ask for them.

File ▸ Back up database… and ``arapp db backup|upgrade|info`` go through here, so neither the
window nor the command line reaches into :mod:`arapp.db`: the copy itself (SQLite's online backup
API) and the migrations stay in :mod:`arapp.db.migrate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from arapp.db import migrate
from arapp.services.context import AppContext


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


def back_up_database(ctx: AppContext, backup_dir: Path) -> Path | None:
    """Copy the books to ``backup_dir``; ``None`` for a server database (the server backs it up)."""
    return migrate.backup_database(ctx.db, backup_dir)


def schema_state(ctx: AppContext) -> SchemaState:
    return SchemaState(current=migrate.current_revision(ctx.db), newest=migrate.head_revision())


def upgrade_schema(ctx: AppContext, backup_dir: Path) -> UpgradeResult:
    """Bring the schema up to date, after a backup if the database holds data."""
    before = migrate.current_revision(ctx.db)
    backup = migrate.upgrade(ctx.db, backup_dir)
    return UpgradeResult(before=before, after=migrate.current_revision(ctx.db), backup=backup)
