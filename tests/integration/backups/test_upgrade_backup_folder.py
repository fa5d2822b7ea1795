# SPDX-License-Identifier: MIT
"""The backup taken before a schema upgrade goes where the books' backups go: the folder chosen
for them (Settings ▸ Backups), not arapp's own, when that folder is there."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from arapp import paths
from arapp.db import migrate
from arapp.db.engine import Database
from arapp.paths import app_paths
from arapp.services.backup import upgrade_schema
from arapp.services.books import open_database
from arapp.services.context import AppContext

OLD = "0027"


def _old_books(path: Path, chosen: Path | None) -> str:
    url = paths.sqlite_url(path)
    old = Database(url)
    migrate.upgrade(old, None, revision=OLD)
    if chosen is not None:
        with old.engine.begin() as conn:
            conn.execute(
                text("INSERT INTO setting (key, value) VALUES ('backup.folder', :folder)"),
                {"folder": str(chosen)},
            )
    old.dispose()
    return url


def test_the_upgrade_backup_goes_to_the_chosen_folder(tmp_path: Path) -> None:
    chosen = tmp_path / "usb" / "arapp-backups"
    chosen.parent.mkdir()
    opened = open_database(_old_books(tmp_path / "shop.sqlite3", chosen), app_paths().backup_dir)
    try:
        assert opened.backup is not None and opened.backup.parent == chosen
        assert not list(app_paths().backup_dir.glob("*.sqlite3"))
    finally:
        opened.ctx.db.dispose()


def test_a_chosen_folder_that_is_not_there_falls_back_to_arapps_own(tmp_path: Path) -> None:
    gone = tmp_path / "unplugged-drive" / "backups"
    url = _old_books(tmp_path / "shop.sqlite3", gone)
    database = Database(url)
    try:
        result = upgrade_schema(AppContext(database), app_paths().backup_dir)
        assert result.backup is not None and result.backup.parent == app_paths().backup_dir
        assert not gone.parent.exists()
    finally:
        database.dispose()


def test_books_without_a_chosen_folder_use_arapps_own(tmp_path: Path) -> None:
    opened = open_database(_old_books(tmp_path / "shop.sqlite3", None), app_paths().backup_dir)
    try:
        assert opened.backup is not None and opened.backup.parent == app_paths().backup_dir
    finally:
        opened.ctx.db.dispose()
