# SPDX-License-Identifier: MIT
"""Where arapp keeps its files.

Everything the app writes lives in three folders from :mod:`platformdirs`, following each
platform's conventions (``~/.local/share/arapp`` on Linux, ``~/Library/Application Support/arapp``
on macOS, ``%LOCALAPPDATA%\\arapp\\arapp`` on Windows):

* ``data``: the SQLite database ``arapp.sqlite3``;
* ``backups``: copies taken when the books open and close, before every schema migration and
  restore, and on request (another folder can be chosen per books: the ``backup.folder`` setting);
* ``logs``: ``arapp.log``;
* ``config``: ``recent-books.json``, the books last opened (newest first).

The folders are made 0700 and the files in them 0600 on POSIX (see :mod:`arapp.files`).

``ARAPP_HOME`` (or :func:`use_home` from a test fixture) puts all three below one folder, for
portable installs and for tests that must never touch the real home folder. The database itself can
be pointed elsewhere with ``--db URL`` or ``ARAPP_DB``; without either, the books opened last (in
the window, or started with ``arapp init``) are opened again, else the default file (see
:func:`database_url`). So a person who starts their own books never lands in the demo again unless
they open it.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from arapp import APP_AUTHOR, APP_NAME
from arapp.files import PRIVATE_FILE_MODE, private_folder, write_atomically

ENV_HOME = "ARAPP_HOME"
ENV_DB = "ARAPP_DB"
DB_FILE_NAME = "arapp.sqlite3"
RECENT_FILE_NAME = "recent-books.json"
#: How many books File ▸ Recent books lists.
MAX_RECENT = 5

_home_override: Path | None = None


@dataclass(frozen=True)
class AppPaths:
    """The folders of one arapp installation.

    Attributes:
        data_dir: Folder of the default SQLite database.
        backup_dir: Folder of database backups.
        log_dir: Folder of log files.
        config_dir: Folder of the list of books opened last.
    """

    data_dir: Path
    backup_dir: Path
    log_dir: Path
    config_dir: Path

    @property
    def default_db_file(self) -> Path:
        return self.data_dir / DB_FILE_NAME

    def ensure(self) -> AppPaths:
        for folder in (self.data_dir, self.backup_dir, self.log_dir, self.config_dir):
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
        return AppPaths(home / "data", home / "backups", home / "logs", home / "config")
    dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
    data = Path(dirs.user_data_dir)
    return AppPaths(data, data / "backups", Path(dirs.user_log_dir), Path(dirs.user_config_dir))


def database_url(explicit: str | None = None) -> str:
    """The database to open: ``--db`` first, then ``ARAPP_DB``, then the books opened last
    (:func:`recent_books`), then the default file.

    A plain path (``shop.sqlite3``, ``C:\\books\\shop.db``) is taken as an SQLite file; anything
    with ``://`` is an SQLAlchemy URL such as ``postgresql+psycopg://user@host/arapp``.
    """
    value = explicit or os.environ.get(ENV_DB) or ""
    if not value:
        return sqlite_url(last_books() or app_paths().default_db_file)
    if "://" in value:
        return value
    return sqlite_url(Path(value).expanduser())


def chosen_by_person(explicit: str | None = None) -> bool:
    """Whether ``--db`` or ``ARAPP_DB`` names the books (rather than the remembered ones)."""
    return bool(explicit or os.environ.get(ENV_DB))


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve().as_posix()}"


# -- the books opened last ------------------------------------------------------------------------


def _recent_file() -> Path:
    return app_paths().config_dir / RECENT_FILE_NAME


def recent_books() -> list[Path]:
    """The SQLite books opened last, newest first (at most :data:`MAX_RECENT`; a file may have
    gone since). A list that cannot be read counts as empty: it is only a convenience."""
    try:
        stored = json.loads(_recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = stored.get("recent") if isinstance(stored, dict) else None
    if not isinstance(found, list):
        return []
    return [Path(item) for item in found if isinstance(item, str) and item][:MAX_RECENT]


def last_books() -> Path | None:
    """The books opened last, if any (whether the file is still there or not)."""
    recent = recent_books()
    return recent[0] if recent else None


def remember_books(path: str | os.PathLike[str]) -> None:
    """Put ``path`` first in :func:`recent_books` (it opens at the next start)."""
    chosen = Path(path).expanduser().resolve()
    _write_recent([chosen, *(p for p in recent_books() if p != chosen)])


def forget_books(path: str | os.PathLike[str]) -> None:
    """Take ``path`` off :func:`recent_books` (a file that is gone)."""
    gone = Path(path).expanduser().resolve()
    _write_recent([p for p in recent_books() if p != gone])


def _write_recent(paths: list[Path]) -> None:
    target = _recent_file()
    private_folder(target.parent)
    text = json.dumps({"recent": [str(p) for p in paths[:MAX_RECENT]]}, indent=1)
    write_atomically(target, text.encode("utf-8"))
    with contextlib.suppress(OSError):  # it names the person's books: theirs alone to read
        target.chmod(PRIVATE_FILE_MODE)
