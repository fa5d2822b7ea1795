# SPDX-License-Identifier: MIT
"""Where arapp keeps its files.

Everything the app writes lives in three folders from :mod:`platformdirs`, following each
platform's conventions (``~/.local/share/arapp`` on Linux, ``~/Library/Application Support/arapp``
on macOS, ``%LOCALAPPDATA%\\arapp\\arapp`` on Windows):

* ``data``: the SQLite database ``arapp.sqlite3``;
* ``backups``: copies taken before every schema migration and on request;
* ``logs``: ``arapp.log``.

The folders are made 0700 and the files in them 0600 on POSIX (see :mod:`arapp.files`).

``ARAPP_HOME`` (or :func:`use_home` from a test fixture) puts all three below one folder, for
portable installs and for tests that must never touch the real home folder. The database itself can
be pointed elsewhere with ``--db URL`` or ``ARAPP_DB`` (see :func:`database_url`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from arapp import APP_AUTHOR, APP_NAME
from arapp.files import private_folder

ENV_HOME = "ARAPP_HOME"
ENV_DB = "ARAPP_DB"
DB_FILE_NAME = "arapp.sqlite3"

_home_override: Path | None = None


@dataclass(frozen=True)
class AppPaths:
    """The folders of one arapp installation.

    Attributes:
        data_dir: Folder of the default SQLite database.
        backup_dir: Folder of database backups.
        log_dir: Folder of log files.
    """

    data_dir: Path
    backup_dir: Path
    log_dir: Path

    @property
    def default_db_file(self) -> Path:
        return self.data_dir / DB_FILE_NAME

    def ensure(self) -> AppPaths:
        for folder in (self.data_dir, self.backup_dir, self.log_dir):
            private_folder(folder)
        return self


def use_home(folder: Path | None) -> None:
    """Put every arapp folder below ``folder`` (``None`` restores the platform folders)."""
    global _home_override
    _home_override = Path(folder) if folder is not None else None


def app_paths() -> AppPaths:
    """The folders in force now: the override, ``ARAPP_HOME``, or the platform's."""
    home = _home_override
    if home is None and os.environ.get(ENV_HOME):
        home = Path(os.environ[ENV_HOME]).expanduser()
    if home is not None:
        return AppPaths(home / "data", home / "backups", home / "logs")
    dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
    data = Path(dirs.user_data_dir)
    return AppPaths(data, data / "backups", Path(dirs.user_log_dir))


def database_url(explicit: str | None = None) -> str:
    """The database to open: ``--db`` first, then ``ARAPP_DB``, then the default file.

    A plain path (``shop.sqlite3``, ``C:\\books\\shop.db``) is taken as an SQLite file; anything
    with ``://`` is an SQLAlchemy URL such as ``postgresql+psycopg://user@host/arapp``.
    """
    value = explicit or os.environ.get(ENV_DB) or ""
    if not value:
        return sqlite_url(app_paths().default_db_file)
    if "://" in value:
        return value
    return sqlite_url(Path(value).expanduser())


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve().as_posix()}"
