# SPDX-License-Identifier: MIT
"""Opening a database: engine set-up, sessions and clear errors.

SQLite is opened for safety over speed: foreign keys on, WAL journal (readers never block the
writer), ``synchronous=FULL`` (a committed payment survives a power cut), a busy timeout, and write
transactions that begin with ``BEGIN IMMEDIATE``, so the write lock is taken at the start and two
open windows wait for each other instead of failing half-way with "database is locked". Read-only
work uses plain deferred transactions. The same code runs on PostgreSQL through a URL.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from arapp.db.errors import DatabaseBusy, DatabaseError
from arapp.files import create_private_file

BUSY_TIMEOUT_MS = 15_000


def _explain(exc: OperationalError, timeout_ms: int) -> DatabaseError:
    message = str(exc.orig) if exc.orig is not None else str(exc)
    if "locked" in message or "busy" in message:
        return DatabaseBusy(
            "The database is busy: another arapp window or program has held it for more than "
            f"{timeout_ms / 1000:g} seconds. Nothing was changed; try again in a moment."
        )
    return DatabaseError(f"The database could not be used: {message}")


class Database:
    """One open database: an engine and the two kinds of session on it.

    Attributes:
        url: The SQLAlchemy URL, without password when printed.
        engine: The SQLAlchemy engine.
    """

    def __init__(
        self, url: str, *, echo: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self.busy_timeout_ms = busy_timeout_ms
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": busy_timeout_ms / 1000}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            _configure_sqlite(self.engine, busy_timeout_ms)
        elif self.engine.dialect.name == "postgresql":
            from arapp.db.models.base import attach_postgresql_conditions

            attach_postgresql_conditions()  # its dialect is loaded now; see partial_index
        write_engine = self.engine.execution_options(arapp_write=True)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(write_engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @property
    def sqlite_path(self) -> str | None:
        if self.is_sqlite and self.url.database and self.url.database != ":memory:":
            return self.url.database
        return None

    def describe(self) -> str:
        """Where the data is, for a status bar or log line (never shows a password)."""
        return self.sqlite_path or self.url.render_as_string(hide_password=True)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; whatever it did is rolled back at the end."""
        session = self._read()
        try:
            yield session
        except OperationalError as exc:
            raise _explain(exc, self.busy_timeout_ms) from exc
        finally:
            session.rollback()
            session.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        session = self._write()
        try:
            with session.begin():
                yield session
        except OperationalError as exc:
            raise _explain(exc, self.busy_timeout_ms) from exc
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "do_connect")
    def _before_connect(*_args: Any) -> None:
        # SQLite would create a missing file with the umask's mode (0644: every account on the
        # machine could read the books); made first, 0600, SQLite keeps its mode and gives it to
        # the -wal and -shm files too. A missing folder stays SQLite's error to report.
        path = engine.url.database
        if path not in (None, "", ":memory:") and not engine.url.query:
            with contextlib.suppress(FileNotFoundError):
                create_private_file(path)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to the "begin" hook below (pysqlite's own is wrong for us).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get("arapp_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
