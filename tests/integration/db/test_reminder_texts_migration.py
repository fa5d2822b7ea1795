# SPDX-License-Identifier: MIT
"""Migration 0017 (reminder texts): the "Standard" policy's texts the owner left as seeded become
the new default texts; an edited subject or body stays as the owner wrote it, also through the
downgrade, which puts the old texts back where the new ones are unchanged."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.domain.reminders import DEFAULT_LEVELS
from tests.helpers.postgres import PG_URL, SKIP_REASON

MIGRATION = importlib.import_module("arapp.db.migrations.versions.0017_reminder_texts")
SEEDED = importlib.import_module("arapp.db.migrations.versions.0008_reminders")
EDITED = "Dear $contact, please pay $invoice_number. Thanks, $company"


def _texts(db: Database) -> dict[int, tuple[str, str]]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT level, subject, body FROM reminder_level JOIN reminder_policy"
                " ON reminder_policy.id = reminder_level.policy_id"
                " WHERE reminder_policy.name = 'Standard' ORDER BY level"
            )
        )
        return {level: (subject, body) for level, subject, body in rows}


def _downgrade(db: Database, revision: str) -> None:
    config = migrate._config()
    with db.engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_the_migration_holds_the_old_seed_and_the_current_defaults() -> None:
    assert [(lv, s, b) for lv, *_, s, b in SEEDED.STANDARD_LEVELS] == MIGRATION.OLD_TEXTS
    assert [(lv.level, lv.subject, lv.body) for lv in DEFAULT_LEVELS] == MIGRATION.NEW_TEXTS


def test_unchanged_texts_are_rewritten_and_edited_ones_kept_both_ways(tmp_path: Path) -> None:
    _rewrites_unchanged_texts(Database(f"sqlite:///{tmp_path / 'old.sqlite3'}"))


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)
def test_unchanged_texts_are_rewritten_and_edited_ones_kept_on_postgres() -> None:
    db = Database(PG_URL)
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    _rewrites_unchanged_texts(db)


def _rewrites_unchanged_texts(db: Database) -> None:
    migrate.upgrade(db, None, revision="0016")
    old = _texts(db)
    assert old == {lv: (s, b) for lv, s, b in MIGRATION.OLD_TEXTS}
    with db.engine.begin() as conn:  # the owner rewrote level 2's body and level 3's subject
        conn.execute(text("UPDATE reminder_level SET body = :b WHERE level = 2"), {"b": EDITED})
        conn.execute(text("UPDATE reminder_level SET subject = 'Overdue' WHERE level = 3"))
    migrate.upgrade(db, None)
    new = {lv: (s, b) for lv, s, b in MIGRATION.NEW_TEXTS}
    after = _texts(db)
    assert after[1] == new[1] and after[4] == new[4] and after[5] == new[5]
    assert after[2] == (new[2][0], EDITED)
    assert after[3] == ("Overdue", new[3][1])
    _downgrade(db, "0016")
    back = _texts(db)
    assert back[1] == old[1] and back[4] == old[4] and back[5] == old[5]
    assert back[2] == (old[2][0], EDITED)
    assert back[3] == ("Overdue", old[3][1])
    db.dispose()
