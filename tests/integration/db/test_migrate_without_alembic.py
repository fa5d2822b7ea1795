# SPDX-License-Identifier: MIT
"""Books that are up to date open without importing Alembic: the revision comes from one query
and the newest revision from the migration files, and both agree with Alembic's own reading."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.runtime.migration import MigrationContext

from arapp.db import migrate
from arapp.db.engine import Database


def _alembic_current(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_the_newest_revision_is_alembics() -> None:
    assert migrate.head_revision() == migrate.alembic_head_revision()


def test_the_current_revision_is_alembics(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'books.sqlite3'}")
    try:
        assert migrate.current_revision(db) is None == _alembic_current(db)
        migrate.upgrade(db, None, revision="0005")
        assert migrate.current_revision(db) == "0005" == _alembic_current(db)
        migrate.upgrade(db, None)
        assert migrate.current_revision(db) == migrate.head_revision() == _alembic_current(db)
    finally:
        db.dispose()


def test_opening_up_to_date_books_imports_no_alembic(tmp_path: Path) -> None:
    books = tmp_path / "books.sqlite3"
    script = (
        "import sys\n"
        "from arapp.db import migrate\n"
        "from arapp.db.engine import Database\n"
        f"db = Database('sqlite:///{books}')\n"
        "first = 'alembic' in sys.modules\n"
        "migrate.upgrade(db, None)\n"
        "print(first, 'alembic' in sys.modules)\n"
    )
    run = [sys.executable, "-c", script]
    created = subprocess.run(run, capture_output=True, text=True, check=True, timeout=120)
    assert created.stdout.split() == ["False", "True"]  # a new file is migrated by Alembic
    again = subprocess.run(run, capture_output=True, text=True, check=True, timeout=120)
    assert again.stdout.split() == ["False", "False"]


def test_revision_lines_are_read_however_they_are_written() -> None:
    one_line = 'from alembic import op\n\nrevision = "0020"\ndown_revision: str = "0019"\n'
    assert migrate._revision_lines(one_line) == {"revision": "0020", "down_revision": "0019"}
    merge = 'revision = "0021"\ndown_revision = (\n    "0019",\n    "0020",\n)\n'
    merge += "\n\ndef upgrade():\n    pass\n"
    assert migrate._revision_lines(merge) == {"revision": "0021", "down_revision": ("0019", "0020")}
    first = 'revision = "0001"\ndown_revision = None\nrevision_note = "kept"\n'
    assert migrate._revision_lines(first) == {"revision": "0001", "down_revision": None}
