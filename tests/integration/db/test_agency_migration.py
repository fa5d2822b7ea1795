# SPDX-License-Identifier: MIT
"""Migration 0020 (agency hand-over): agency flags written as "sent" become "flagged", customers get
the day they were handed to the agency, and the downgrade gives back what was there."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from arapp.db import migrate
from arapp.db.engine import Database
from tests.helpers.postgres import PG_URL, SKIP_REASON

CUSTOMER = (
    "INSERT INTO customer (code, name, search_text, contact_person, email, phone,"
    " billing_address, tax_id, currency, payment_terms, status, notes, created_at, updated_at)"
    " VALUES ('C1', 'Anna', 'anna c1', '', '', '', '', '', 'EUR', 'net 30', 'active', '',"
    " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
)
MESSAGE = (
    "INSERT INTO outbox_message (message_id, customer_id, channel, state, as_of, recipient,"
    " subject, body, attempts, last_error, created_at, sent_at) VALUES (:mid,"
    " (SELECT max(id) FROM customer), :channel, 'sent', '2026-11-01', '', 's', 'b', 0, '',"
    " '2026-11-01 09:00:00', '2026-11-01 09:00:00')"
)


def _downgrade(db: Database, revision: str) -> None:
    config = migrate._config()
    with db.engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _states(db: Database) -> dict[str, str]:
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT channel, state FROM outbox_message"))
        return {channel: state for channel, state in rows}


def test_flags_become_flagged_and_the_downgrade_gives_them_back(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate.upgrade(db, None, revision="0019")
    with db.engine.begin() as conn:
        conn.execute(text(CUSTOMER))
        for channel in ("email", "flag"):
            conn.execute(text(MESSAGE), {"mid": f"<{channel}@x>", "channel": channel})
    migrate.upgrade(db, None)
    assert _states(db) == {"email": "sent", "flag": "flagged"}
    assert "agency_since" in {c["name"] for c in inspect(db.engine).get_columns("customer")}
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE customer SET agency_since = '2026-11-20'"))
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text("UPDATE outbox_message SET state = 'posted'"))

    _downgrade(db, "0019")
    assert _states(db) == {"email": "sent", "flag": "sent"}
    assert "agency_since" not in {c["name"] for c in inspect(db.engine).get_columns("customer")}
    with db.engine.connect() as conn:
        triggers = set(
            conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
        )
    assert "customer_search_insert" in triggers  # the customer table was not rebuilt
    migrate.upgrade(db, None)
    assert _states(db) == {"email": "sent", "flag": "flagged"}
    db.dispose()


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)
def test_the_downgrade_and_upgrade_on_postgres(pg: Database) -> None:
    def columns() -> set[str]:
        return {c["name"] for c in inspect(pg.engine).get_columns("customer")}

    assert "agency_since" in columns()
    _downgrade(pg, "0019")
    assert "agency_since" not in columns()
    migrate.upgrade(pg, None)
    assert "agency_since" in columns()
    with pytest.raises(IntegrityError), pg.engine.begin() as conn:
        conn.execute(text(CUSTOMER))
        conn.execute(text(MESSAGE), {"mid": "<x@x>", "channel": "flag"})
        conn.execute(text("UPDATE outbox_message SET state = 'posted'"))
    with pg.engine.begin() as conn:
        conn.execute(text(CUSTOMER))
        conn.execute(text(MESSAGE.replace("'sent', '2026", "'flagged', '2026")),
                     {"mid": "<y@x>", "channel": "flag"})  # fmt: skip
