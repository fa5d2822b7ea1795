# SPDX-License-Identifier: MIT
"""Backups that are safe to rely on (issue 16, item 4): a restore after a crash never mixes the
backup with the books' old WAL journal; an interrupted backup leaves nothing under a backup's
name; rotation only touches the backups of its own books; restore refuses open books."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from arapp.db import backups as files
from arapp.services.backup import back_up_database, restore_backup
from arapp.services.errors import ServiceError
from tests.helpers.books import copy_books, customer
from tests.helpers.cli import run

ROOT = Path(__file__).resolve().parents[3]


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120
    )


def _names(path: Path) -> list[str]:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as connection:
        return [r[0] for r in connection.execute("SELECT name FROM customer ORDER BY id")]


def _integrity(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [r[0] for r in connection.execute("PRAGMA integrity_check")]


# A process that adds customers and dies without closing the books (a crash, a power cut):
# what it committed is in books.sqlite3-wal only.
CRASH = """
import os, sys
from arapp.db.engine import Database
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
ctx = AppContext(Database("sqlite:///" + sys.argv[1]))
for n in range(int(sys.argv[2])):
    create_customer(ctx, CustomerInput(name=f"After {n}", terms="net 30"))
os._exit(0)
"""


def test_restore_after_a_crash_never_replays_the_old_wal(ctx, tmp_path: Path) -> None:
    books = Path(ctx.db.sqlite_path)
    customer(ctx, "Before")
    backup = back_up_database(ctx, tmp_path / "backups")
    assert backup is not None
    ctx.db.dispose()
    crashed = _python(CRASH, str(books), "300")
    assert crashed.returncode == 0, crashed.stderr
    assert books.with_name(books.name + "-wal").exists()  # what a crash leaves

    result = restore_backup(books, backup, tmp_path / "backups")

    assert _integrity(books) == ["ok"]
    assert _names(books) == ["Before"]  # nothing of the later work mixed in
    assert not books.with_name(books.name + "-wal").exists()
    kept = _names(result.kept)  # the books as they were, their journal folded in
    assert kept[0] == "Before" and len(kept) == 301
    assert run("db", "check", db=books).returncode == 0


# A backup killed part-way through its copy (SIGKILL: nothing runs after it).
KILLED = """
import os, signal, sys
from pathlib import Path
from arapp.db.backups import write_backup
def die(copied, total):
    os.kill(os.getpid(), signal.SIGKILL)
write_backup(sys.argv[1], Path(sys.argv[2]), "manual", progress=die)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_killed_backup_leaves_no_file_under_a_backups_name(ctx, tmp_path: Path) -> None:
    books, folder = Path(ctx.db.sqlite_path), tmp_path / "backups"
    for n in range(400):  # more than one step of the copy
        customer(ctx, f"Customer {n} " + "x" * 150)
    killed = _python(KILLED, str(books), str(folder))
    assert killed.returncode == -9
    left = sorted(p.name for p in folder.iterdir())
    assert left and all(name.endswith(".partial") for name in left), left
    identity = files.books_identity(books)
    assert identity is not None and files.backups_of(folder, identity) == []
    old = time.time() - files.STALE_PARTIAL_SECONDS - 60
    for path in folder.iterdir():
        os.utime(path, (old, old))
    backup = back_up_database(ctx, folder)  # the next backup clears what the killed one left
    assert [p.name for p in folder.iterdir()] == [backup.name]


def test_rotation_keeps_to_the_books_of_its_own_identity(tmp_path: Path, migrated_books) -> None:
    """Two books called arapp.sqlite3 in two folders, and books.sqlite3 beside books-2025."""
    shared = tmp_path / "backups"
    paths = [
        tmp_path / "shop" / "arapp.sqlite3",
        tmp_path / "club" / "arapp.sqlite3",
        tmp_path / "b" / "books.sqlite3",
        tmp_path / "b" / "books-2025.sqlite3",
    ]
    for path in paths:
        path.parent.mkdir(exist_ok=True)
        copy_books(migrated_books, path).dispose()
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for day in range(40):  # each backed up daily for 40 days, the rotation run each time
        for path in paths:
            files.write_backup(path, shared, "opening", now=start + timedelta(days=day))
    for path in paths:
        identity = files.books_identity(path)
        assert identity is not None
        taken = [b.name.taken for b in files.backups_of(shared, identity)]
        assert len(taken) == len(files.backups_to_keep([t.astimezone() for t in taken]))
        assert 7 <= len(taken) <= 7 + 4 + 12
        assert max(taken) == start + timedelta(days=39)
    assert len({files.books_identity(p) for p in paths}) == 4
    assert not list(shared.glob("*.partial"))


def test_restore_refuses_books_open_elsewhere(ctx, tmp_path: Path) -> None:
    books = Path(ctx.db.sqlite_path)
    customer(ctx, "Kept")
    backup = back_up_database(ctx, tmp_path / "backups")
    customer(ctx, "Later")
    with ctx.db.read() as session:  # another window with the books open
        session.connection().exec_driver_sql("SELECT 1")
        with pytest.raises(ServiceError, match="open in another arapp window or program"):
            restore_backup(books, backup, tmp_path / "backups")
    ctx.db.dispose()
    assert _names(books) == ["Kept", "Later"]
    assert [p for p in (tmp_path / "backups").iterdir() if "before-restore" in p.name] == []


def test_restore_refuses_a_damaged_or_foreign_file(ctx, tmp_path: Path) -> None:
    books = Path(ctx.db.sqlite_path)
    backup = back_up_database(ctx, tmp_path / "backups")
    ctx.db.dispose()
    data = bytearray(backup.read_bytes())
    data[100:] = b"\x00" * (len(data) - 100)
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(bytes(data))
    text = tmp_path / "notes.sqlite3"
    text.write_text("not books")
    for bad in (broken, text):
        with pytest.raises(ServiceError):
            restore_backup(books, bad, tmp_path / "backups")
    assert _integrity(books) == ["ok"]


# A process writing customers as fast as it can while backups are taken.
WRITER = """
import sys
from arapp.db.engine import Database
from arapp.services.context import AppContext
from arapp.services.customers import CustomerInput, create_customer
ctx = AppContext(Database("sqlite:///" + sys.argv[1]))
for n in range(int(sys.argv[2])):
    create_customer(ctx, CustomerInput(name=f"Writer {n}", terms="net 30"))
ctx.db.dispose()
"""


def test_restore_of_a_backup_made_while_another_process_writes(ctx, tmp_path: Path) -> None:
    books, folder = Path(ctx.db.sqlite_path), tmp_path / "backups"
    customer(ctx, "First")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(books), "400"], env=env, stderr=subprocess.PIPE
    )
    taken = []
    try:
        while writer.poll() is None and len(taken) < 30:
            taken.append(files.write_backup(books, folder, "manual", retention=None))
    finally:
        _out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert taken
    ctx.db.dispose()
    for number, backup in enumerate(taken):
        target = tmp_path / f"restored-{number}.sqlite3"
        copy_books(books, target).dispose()
        restore_backup(target, backup, tmp_path / f"kept-{number}")
        assert _integrity(target) == ["ok"]
        with sqlite3.connect(target) as connection:  # each backup is one moment of the books
            customers = connection.execute("SELECT count(*) FROM customer").fetchone()[0]
            logged = connection.execute(
                "SELECT count(*) FROM audit_log WHERE action = 'customer_created'"
            ).fetchone()[0]
        assert customers == logged >= 1


def test_db_restore_from_the_command_line(ctx, tmp_path: Path) -> None:
    books = Path(ctx.db.sqlite_path)
    customer(ctx, "Kept")
    backup = back_up_database(ctx)
    customer(ctx, "Later")
    with ctx.db.read() as session:  # the books open in a window
        session.connection().exec_driver_sql("SELECT 1")
        refused = run("db", "restore", str(backup), db=books)
    assert refused.returncode == 1 and "close it first" in refused.stderr
    ctx.db.dispose()
    restored = run("db", "restore", str(backup), db=books)
    assert restored.returncode == 0, restored.stderr
    assert f"Restored {backup} into {books}" in restored.stdout
    assert "kept in" in restored.stdout
    assert _names(books) == ["Kept"]
    missing = run("db", "restore", str(tmp_path / "nothing.sqlite3"), db=books)
    assert missing.returncode == 1 and "not there" in missing.stderr


def test_a_chosen_folder_that_is_not_there_is_said(ctx, tmp_path: Path) -> None:
    from arapp.services.settings import BACKUP_FOLDER, set_setting

    set_setting(ctx, BACKUP_FOLDER, str(tmp_path / "unplugged" / "arapp"))
    with pytest.raises(ServiceError, match="is not there \\(a USB stick not plugged in"):
        back_up_database(ctx)
    assert not (tmp_path / "unplugged").exists()
