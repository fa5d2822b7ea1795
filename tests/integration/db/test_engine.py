# SPDX-License-Identifier: MIT
"""SQLite is opened safely, and two writers wait for each other instead of failing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import event, text

from arapp.db.engine import Database, DatabaseBusy
from arapp.db.models import NumberSequence, get_for_update


def test_sqlite_is_opened_for_safety(db: Database) -> None:
    with db.write() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.busy_timeout_ms


def test_write_transactions_take_the_lock_at_their_start(db: Database) -> None:
    """Read-modify-write from many threads at once loses no update and never fails."""
    with db.write() as s:
        s.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        s.execute(text("INSERT INTO counter VALUES (0)"))

    def bump() -> None:
        for _ in range(20):
            with db.write() as s:
                n = s.execute(text("SELECT n FROM counter")).scalar_one()
                time.sleep(0.001)
                s.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with db.read() as s:
        assert s.execute(text("SELECT n FROM counter")).scalar_one() == 80


def test_second_process_waits_for_the_first(db: Database, db_url: str, tmp_path: Path) -> None:
    with db.write() as s:
        s.execute(text("CREATE TABLE note (body TEXT)"))
    holder = textwrap.dedent(
        f"""
        import sys, time
        from sqlalchemy import text
        from arapp.db.engine import Database
        db = Database({db_url!r})
        with db.write() as s:
            s.execute(text("INSERT INTO note VALUES ('first')"))
            print("locked", flush=True)
            time.sleep(1.0)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    started = time.monotonic()
    with db.write() as s:
        s.execute(text("INSERT INTO note VALUES ('second')"))
    waited = time.monotonic() - started
    assert proc.wait(timeout=30) == 0
    proc.stdout.close()
    assert waited > 0.3
    with db.read() as s:
        assert s.execute(text("SELECT body FROM note ORDER BY rowid")).scalars().all() == [
            "first",
            "second",
        ]


def test_a_lock_held_too_long_gives_a_clear_message(db_url: str, db: Database) -> None:
    impatient = Database(db_url, busy_timeout_ms=200)
    with db.write() as s:
        s.execute(text("CREATE TABLE x (n INTEGER)"))
    with db.write() as s:
        s.execute(text("INSERT INTO x VALUES (1)"))
        with (
            pytest.raises(DatabaseBusy, match=r"busy.*Nothing was changed"),
            impatient.write() as s2,
        ):
            s2.execute(text("INSERT INTO x VALUES (2)"))
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM x")).scalar() == 1
    impatient.dispose()


def test_a_row_locked_for_update_on_sqlite_is_the_one_the_session_holds(db: Database) -> None:
    """SQLite has no row locks (the write transaction holds the database): no second read."""
    statements: list[str] = []
    with db.write() as s:
        held = NumberSequence(key="INV-2026", next_value=7)
        s.add(held)
        s.flush()
        event.listen(s.connection(), "before_cursor_execute", lambda *a: statements.append(a[2]))
        assert get_for_update(s, NumberSequence, "INV-2026") is held
        assert statements == []
        assert get_for_update(s, NumberSequence, "CN-2026") is None
        assert len(statements) == 1  # a row the session does not hold is read


def test_postgresql_books_give_every_partial_index_its_condition() -> None:
    """The models name no ``postgresql_where`` (it would import the PostgreSQL dialect at every
    start); opening PostgreSQL books attaches it, the same condition as SQLite's."""
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex

    from arapp.db.models import Base

    pg = Database("postgresql+psycopg://nobody@localhost:1/none")  # connects only when used
    partial = [
        index
        for table in Base.metadata.sorted_tables
        for index in table.indexes
        if index.dialect_options["sqlite"]["where"] is not None
    ]
    assert len(partial) == 13  # with 0016's late allocations and 0017's open invoice lists
    for index in partial:
        on_sqlite = str(CreateIndex(index).compile(dialect=sqlite.dialect()))
        on_postgresql = str(CreateIndex(index).compile(dialect=postgresql.dialect()))
        assert " WHERE " in on_postgresql
        assert on_postgresql.split(" WHERE ")[1] == on_sqlite.split(" WHERE ")[1]
    pg.dispose()
