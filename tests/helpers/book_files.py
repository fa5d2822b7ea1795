# SPDX-License-Identifier: MIT
"""Books files for the tests of New books…, Open books… and ``arapp init``: a small demo, books
written by a newer arapp, files that are not books at all."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from arapp.services.context import AppContext
from arapp.services.demo import create_demo_company
from tests.helpers.books import TODAY, copy_books


def small_demo(template: Path, path: Path) -> Path:
    """The demo company (three customers, one month) in the new file ``path``."""
    db = copy_books(template, path)
    create_demo_company(AppContext(db, today=lambda: TODAY, actor="tester"), customers=3, months=1)
    db.dispose()
    return path


def newer_books(template: Path, path: Path, revision: str = "9999") -> Path:
    """Books at a schema revision this arapp does not know (saved by a newer version)."""
    copy_books(template, path).dispose()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()
    return path


def other_database(path: Path) -> Path:
    """An SQLite database of some other program."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE recipe (name TEXT)")
        connection.execute("INSERT INTO recipe VALUES ('soda bread')")
    connection.close()
    return path


def fingerprint(path: Path) -> str:
    """The file's content and modification time: the same means the file was left alone."""
    return f"{hashlib.sha256(path.read_bytes()).hexdigest()}:{path.stat().st_mtime_ns}"
