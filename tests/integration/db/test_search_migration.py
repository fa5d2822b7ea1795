# SPDX-License-Identifier: MIT
"""Migration 0015: the customer search index is filled from existing customers, kept in step by
triggers at the newest schema, and taken away again by the downgrade."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from arapp.db import migrate
from arapp.db.engine import Database
from arapp.db.models import SEARCH_INDEX_OBJECTS
from arapp.services import customers as svc
from arapp.services.company import CompanyProfile, save_company
from arapp.services.context import AppContext
from arapp.services.customer_list import StatusFilter, count_customers, customer_ids
from tests.helpers.books import TODAY
from tests.helpers.postgres import PG_URL, SKIP_REASON

TRIGGERS = {"customer_search_insert", "customer_search_update", "customer_search_delete"}


def _objects(db: Database, kind: str) -> set[str]:
    with db.engine.connect() as conn:
        query = text("SELECT name FROM sqlite_master WHERE type = :kind")
        return set(conn.execute(query, {"kind": kind}).scalars())


def _downgrade(db: Database, revision: str) -> None:
    config = migrate._config()
    with db.engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_existing_customers_are_indexed_and_the_downgrade_removes_the_index(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate.upgrade(db, None, revision="0014")
    with db.engine.begin() as conn:
        for i, (name, folded) in enumerate([("Müller", "muller"), ("Zoë", "zoe")]):
            conn.execute(
                text(
                    "INSERT INTO customer (code, name, search_text, contact_person, email, phone,"
                    " billing_address, tax_id, currency, payment_terms, status, notes,"
                    " created_at, updated_at) VALUES (:code, :name, :folded, '', '', '', '', '',"
                    " 'EUR', 'net 30', 'active', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                ),
                {"code": f"C{i}", "name": name, "folded": f"{folded} c{i}"},
            )
    migrate.upgrade(db, None)
    assert _objects(db, "trigger") >= TRIGGERS
    ctx = AppContext(db, today=lambda: TODAY, actor="tester")
    assert count_customers(ctx, StatusFilter.ALL, "mull") == 1
    assert customer_ids(ctx, "ZOË") == customer_ids(ctx, "zoe c1") == [2]

    _downgrade(db, "0014")
    assert not TRIGGERS & _objects(db, "trigger")
    assert not SEARCH_INDEX_OBJECTS & _objects(db, "table")
    assert "ix_customer_search_text" not in _objects(db, "index")
    migrate.upgrade(db, None)
    assert count_customers(ctx, StatusFilter.ALL, "mull") == 1
    db.dispose()


def test_the_search_index_and_its_triggers_exist_at_head(db: Database) -> None:
    """A later migration that rebuilds the customer table in batch mode drops the triggers:
    it must make them again, or the search would stop seeing new and renamed customers."""
    assert _objects(db, "trigger") >= TRIGGERS
    assert "customer_search" in _objects(db, "table")
    assert "ix_customer_search_text" in _objects(db, "index")


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)
def test_trigram_index_on_postgres_and_its_downgrade(pg: Database) -> None:
    query = text("SELECT indexname FROM pg_indexes WHERE tablename = 'customer'")

    def indexes() -> set[str]:
        with pg.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    assert {"ix_customer_search_trgm", "ix_customer_search_text"} <= indexes()
    _downgrade(pg, "0014")
    assert not {"ix_customer_search_trgm", "ix_customer_search_text"} & indexes()
    migrate.upgrade(pg, None)
    assert {"ix_customer_search_trgm", "ix_customer_search_text"} <= indexes()


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)
def test_without_pg_trgm_the_upgrade_works_and_the_search_scans(pg: Database) -> None:
    """A server where the extension cannot be made: no trigram index, the same results."""
    _downgrade(pg, "0014")
    with pg.engine.begin() as conn:
        conn.execute(text("DROP EXTENSION IF EXISTS pg_trgm"))
        database = conn.execute(text("SELECT current_database()")).scalar()
        conn.execute(text(f'REVOKE CREATE ON DATABASE "{database}" FROM CURRENT_USER'))
    try:
        migrate.upgrade(pg, None)
    finally:
        with pg.engine.begin() as conn:
            conn.execute(text(f'GRANT CREATE ON DATABASE "{database}" TO CURRENT_USER'))
    with pg.engine.connect() as conn:
        query = text("SELECT indexname FROM pg_indexes WHERE tablename = 'customer'")
        indexes = set(conn.execute(query).scalars())
    assert "ix_customer_search_trgm" not in indexes
    assert "ix_customer_search_text" in indexes
    assert migrate.current_revision(pg) == migrate.head_revision()
    ctx = AppContext(pg, today=lambda: TODAY, actor="tester")
    save_company(ctx, CompanyProfile(name="Server Shop", currency="EUR"))
    found = svc.create_customer(ctx, svc.CustomerInput(name="Müller Zürich")).id
    assert customer_ids(ctx, "ÜLL zur") == [found]
    assert count_customers(ctx, text="mu") == 1
